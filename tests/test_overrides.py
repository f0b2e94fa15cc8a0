"""Changed and cancelled single occurrences: Event.overrides, override_occurrence, and queries."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import attrs
import pytest
from hypothesis import given

from bri_timeline import (
    AllDay,
    Event,
    EventStatus,
    InvalidArgument,
    InvalidEvent,
    Override,
    Recurrence,
    Timeline,
    TimeSpan,
    cancel_occurrence,
    occurrences,
    override_occurrence,
)
from bri_timeline.strategies import events

LIMA = ZoneInfo("America/Lima")
TEN = datetime(2025, 1, 6, 10, tzinfo=LIMA)
MONTHLY = Event(
    "monthly",
    "Monthly review",
    TimeSpan(TEN, TEN + timedelta(hours=1)),
    recurrence=Recurrence.from_rrule("FREQ=MONTHLY;BYDAY=1MO;COUNT=6"),
)


def _hour(day: date, hour: int) -> TimeSpan:
    start = datetime(day.year, day.month, day.day, hour, tzinfo=LIMA)
    return TimeSpan(start, start + timedelta(hours=1))


def test_a_moved_occurrence_is_found_where_it_went_and_not_where_it_was() -> None:
    february = datetime(2025, 2, 3, 10, tzinfo=LIMA)
    moved = override_occurrence(MONTHLY, february, time=_hour(date(2025, 5, 20), 15))
    timeline = Timeline([moved])
    in_february = AllDay(date(2025, 2, 1), date(2025, 2, 28))
    in_may = AllDay(date(2025, 5, 1), date(2025, 5, 31))
    assert list(timeline.overlapping(in_february)) == []
    found = list(timeline.overlapping(in_may))
    assert [event.id for event in found] == ["monthly+20250505T150000Z", "monthly+20250203T150000Z"]
    assert found[1] == moved.overrides[0].event
    assert found[1].time == _hour(date(2025, 5, 20), 15)
    # The rule's own occurrences are unchanged: six in all, one of them moved.
    assert len(list(occurrences(moved))) == 6


def test_an_occurrence_moved_before_the_series_starts_is_found_there() -> None:
    moved = override_occurrence(MONTHLY, TEN, time=_hour(date(2024, 12, 30), 9))
    timeline = Timeline([moved])
    (found,) = timeline.overlapping(AllDay(date(2024, 12, 30)))
    assert found.id == "monthly+20250106T150000Z"
    assert list(timeline.overlapping(AllDay(date(2025, 1, 6)))) == []


def test_a_cancelled_occurrence_stays_with_its_status() -> None:
    cancelled = cancel_occurrence(MONTHLY, datetime(2025, 3, 3, 15, tzinfo=UTC))
    (override,) = cancelled.overrides
    assert override.event.status is EventStatus.CANCELLED
    assert override.event.time == TimeSpan(
        datetime(2025, 3, 3, 10, tzinfo=LIMA), datetime(2025, 3, 3, 11, tzinfo=LIMA)
    )
    statuses = [e.status for e in Timeline([cancelled]).overlapping(AllDay(date(2025, 3, 3)))]
    assert statuses == [EventStatus.CANCELLED]


def test_changing_an_occurrence_again_starts_from_its_change() -> None:
    march = datetime(2025, 3, 3, 10, tzinfo=LIMA)
    once = override_occurrence(MONTHLY, march, title="Review (late)")
    twice = override_occurrence(once, march, description="Moved to the afternoon")
    (override,) = twice.overrides
    assert (override.event.title, override.event.description) == (
        "Review (late)",
        "Moved to the afternoon",
    )


def test_an_original_is_matched_by_instant_in_any_zone() -> None:
    in_lima = Override(TEN, attrs.evolve(MONTHLY, id="x", recurrence=None))
    in_utc = Override(TEN.astimezone(UTC), attrs.evolve(MONTHLY, id="x", recurrence=None))
    assert in_lima == in_utc
    changed = override_occurrence(MONTHLY, TEN.astimezone(UTC), title="First")
    assert changed.overrides[0].event.id == "monthly+20250106T150000Z"


def test_overrides_are_kept_in_the_order_of_their_originals() -> None:
    march = datetime(2025, 3, 3, 10, tzinfo=LIMA)
    february = datetime(2025, 2, 3, 10, tzinfo=LIMA)
    event = cancel_occurrence(override_occurrence(MONTHLY, march, title="M"), february)
    assert [o.original for o in event.overrides] == [february, march]
    again = Event(
        MONTHLY.id, MONTHLY.title, MONTHLY.time, recurrence=MONTHLY.recurrence,
        overrides=reversed(event.overrides),
    )  # fmt: skip
    assert again == event


def test_an_all_day_series_is_changed_by_day() -> None:
    yearly = Event(
        "day",
        "Day",
        AllDay(date(2024, 11, 14)),
        recurrence=Recurrence.from_rrule("FREQ=YEARLY;COUNT=3"),
    )
    moved = override_occurrence(yearly, date(2025, 11, 14), time=AllDay(date(2025, 11, 17)))
    assert [t.first for t in occurrences(moved)] == [  # type: ignore[union-attr]
        date(2024, 11, 14),
        date(2025, 11, 17),
        date(2026, 11, 14),
    ]
    with pytest.raises(InvalidEvent, match=r"overrides\.original: must be a date"):
        attrs.evolve(
            moved,
            overrides=[Override(datetime(2025, 11, 14, tzinfo=UTC), moved.overrides[0].event)],
        )


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda o: {"overrides": [o], "recurrence": None}, "overrides: only a repeating event"),
        (lambda o: {"overrides": [o, o]}, "overrides.original: must not change one occurrence"),
        (
            lambda o: {"overrides": [attrs.evolve(o, event=attrs.evolve(o.event, id="other"))]},
            "overrides.event.id: must be 'monthly+20250106T150000Z' (got 'other')",
        ),
        (
            lambda o: {"overrides": [attrs.evolve(o, event=attrs.evolve(o.event, uid="x@y"))]},
            "overrides.event.uid: must be the series' uid",
        ),
        (lambda o: {"overrides": [o], "id": "renamed"}, "overrides.event.id: must be"),
        (lambda o: {"overrides": ["no"]}, "overrides: must hold only Override values"),
    ],
)
def test_an_override_that_does_not_fit_its_series_is_refused(change, message) -> None:  # type: ignore[no-untyped-def]
    (override,) = override_occurrence(MONTHLY, TEN, title="First").overrides
    with pytest.raises(InvalidEvent) as caught:
        attrs.evolve(MONTHLY, **change(override))
    assert str(caught.value).startswith(message)


def test_an_override_cannot_repeat_or_be_vague() -> None:
    (override,) = override_occurrence(MONTHLY, TEN, title="First").overrides
    repeating = attrs.evolve(override.event, recurrence=MONTHLY.recurrence)
    with pytest.raises(InvalidEvent, match=r"overrides\.event: is one occurrence"):
        attrs.evolve(MONTHLY, overrides=[Override(TEN, repeating)])
    with pytest.raises(InvalidEvent, match=r"overrides\.original: must be a date or an aware"):
        Override(datetime(2025, 1, 6, 10), override.event)


@pytest.mark.parametrize(
    ("args", "changes", "message"),
    [
        ((MONTHLY, datetime(2025, 1, 7, 10, tzinfo=LIMA)), {}, "argument original: is not a start"),
        ((MONTHLY, datetime(2025, 1, 6, 10)), {}, "argument original: must be a date or an aware"),
        ((MONTHLY, TEN), {"id": "x"}, "argument changes: are the series' own"),
        ((MONTHLY, TEN), {"uid": "x"}, "argument changes: are the series' own"),
        ((MONTHLY, TEN), {"colour": "red"}, "argument changes: names no field of an event"),
        ((attrs.evolve(MONTHLY, recurrence=None), TEN), {}, "argument event: must be a repeating"),
    ],
)
def test_override_occurrence_refuses_what_it_cannot_do(args, changes, message) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(InvalidArgument) as caught:
        override_occurrence(*args, **changes)
    assert str(caught.value).startswith(message)


def test_a_changed_field_is_checked_as_any_event_field() -> None:
    with pytest.raises(InvalidEvent, match="title"):
        override_occurrence(MONTHLY, TEN, title="")


@given(events())
def test_an_override_is_an_occurrence_of_its_series(event: Event) -> None:
    for override in event.overrides:
        assert override.event.recurrence is None
        assert override.event.uid == event.uid
        assert override.event.id.startswith(event.id[:200] + "+") or len(event.id) > 200
        found = list(occurrences(event, override.event))
        assert override.event.time in found
