"""``bri-timeline show`` of a repeating event: its rule, and each changed occurrence in words.

Each occurrence line names the start the rule gives it and what differs from the
occurrence the rule gives (the oracle: :func:`override_occurrence` with no change),
in the order the event keeps its overrides.
"""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import given
from tests.test_overrides_document import MONDAYS

from bri_timeline import (
    AllDay,
    Event,
    EventStatus,
    Location,
    Recurrence,
    TimeSpan,
    cancel_occurrence,
    describe,
    override_occurrence,
)
from bri_timeline.delivery.cli import main
from bri_timeline.formats.text.write import event_text
from bri_timeline.strategies import events


def occurrence_lines(event: Event) -> list[str]:
    return [line for line in event_text(event).splitlines() if line.startswith("occurrence:")]


def fair() -> Event:
    return Event(
        "fair",
        "Fair",
        AllDay(date(2025, 3, 3)),
        location=Location("Lima"),
        recurrence=Recurrence.from_rrule("FREQ=WEEKLY;COUNT=4"),
    )


@pytest.mark.parametrize(
    ("changes", "said"),
    [
        ({"status": EventStatus.CANCELLED}, "cancelled"),
        ({"title": "Fair, indoors"}, "retitled “Fair, indoors”"),
        ({"time": AllDay(date(2025, 3, 11))}, "moved to 11 Mar 2025"),
        ({"location": None, "description": "Closed"}, "description, location changed"),
        ({"status": EventStatus.TENTATIVE}, "status TENTATIVE"),
        ({}, "unchanged"),
    ],
)
def test_each_change_is_said(changes: dict[str, Any], said: str) -> None:
    event = override_occurrence(fair(), date(2025, 3, 10), **changes)
    assert occurrence_lines(event) == [f"occurrence:  10 Mar 2025: {said}"]


def test_an_event_that_does_not_repeat_shows_no_rule() -> None:
    event = attrs.evolve(fair(), recurrence=None)
    assert "repeats:" not in event_text(event)


@given(events().filter(lambda event: event.recurrence is not None))
def test_one_line_for_each_override_naming_its_original(event: Event) -> None:
    lines = occurrence_lines(event)
    assert len(lines) == len(event.overrides)
    zone = event.time.start.tzinfo if isinstance(event.time, TimeSpan) else None
    for line, override in zip(lines, event.overrides, strict=True):
        original = override.original
        time = (
            TimeSpan(original.astimezone(zone))
            if isinstance(original, datetime)
            else AllDay(original)
        )
        assert line.startswith(f"occurrence:  {describe(time)}: ")
        cancelled = EventStatus.CANCELLED
        if override.event.status is cancelled and event.status is not cancelled:
            assert "cancelled" in line
    assert event.recurrence is not None
    assert f"repeats:     {event.recurrence.to_rrule()}" in event_text(event).splitlines()


def test_cli_show_lists_the_rule_and_the_changed_occurrences(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = tmp_path / "board.toml"
    path.write_text(MONDAYS, encoding="utf-8")
    assert main(["show", "board", "--data", str(path)]) == 0  # the file of test_overrides_document
    out = capsys.readouterr().out.splitlines()
    assert out[5:] == [
        "repeats:     FREQ=MONTHLY;COUNT=6;BYDAY=1MO",
        "except on:   6 Jan 2025 10:00 America/Lima",
        "occurrence:  3 Mar 2025 10:00 America/Lima: moved to 3 Mar 2025 11:00–12:00 America/Lima",
        "occurrence:  7 Apr 2025 10:00 America/Lima: cancelled",
    ]


def test_a_moved_and_cancelled_occurrence_says_both() -> None:
    event = override_occurrence(
        cancel_occurrence(fair(), date(2025, 3, 17)),
        date(2025, 3, 17),
        time=AllDay(date(2025, 3, 18)),
    )
    assert occurrence_lines(event) == ["occurrence:  17 Mar 2025: cancelled, moved to 18 Mar 2025"]
