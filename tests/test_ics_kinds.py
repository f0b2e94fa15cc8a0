"""VTODO and VJOURNAL: read as events of their kind, written back as they came, or left out.

icalendar is the oracle of what a file's to-dos and journal entries say (DTSTART, DUE),
and recurring-ical-events of the occurrences of a repeating to-do.
"""

from __future__ import annotations

from collections import Counter
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import attrs
import icalendar
import pytest
import recurring_ical_events
from hypothesis import given

from bri_timeline import (
    AllDay,
    Event,
    EventKind,
    EventStatus,
    Extra,
    ICalendarError,
    InvalidArgument,
    Timeline,
    TimeSpan,
    from_ics,
    from_jcal,
    read_ics,
    to_ics,
    to_jcal,
)
from bri_timeline.delivery.cli import main
from bri_timeline.model.kinds import journal_time
from bri_timeline.strategies import events, timelines

BERLIN = ZoneInfo("Europe/Berlin")


def _kinded(timeline: Timeline) -> bool:
    return any(event.kind is not EventKind.EVENT for event in timeline)


@given(timelines(max_size=6).filter(_kinded))
def test_todos_and_journal_entries_round_trip_with_both_engines_and_jcal(
    timeline: Timeline,
) -> None:
    direct = to_ics(timeline)
    assert direct == to_ics(timeline, engine="icalendar")
    assert from_ics(direct) == timeline
    assert from_jcal(to_jcal(timeline)) == timeline


def _instant(value: date | datetime) -> object:
    return value.astimezone(UTC) if isinstance(value, datetime) else value


@given(events().filter(lambda event: event.kind is not EventKind.EVENT))
def test_icalendar_reads_our_todos_and_journal_entries_with_their_dates(event: Event) -> None:
    calendar = icalendar.Calendar.from_ical(to_ics(Timeline([event])))
    component: Any = next(item for item in calendar.walk() if item.name == event.kind.component)
    time = event.time
    assert "DTEND" not in component
    assert "TRANSP" not in component
    if event.kind is EventKind.JOURNAL:
        assert "DUE" not in component
        assert "DURATION" not in component
    if not isinstance(time, TimeSpan | AllDay):
        return  # partial, open and vague times: their EDTF says the rest (test_ics_roundtrip)
    start = component["DTSTART"].dt
    if isinstance(time, AllDay):
        assert start == time.first
        if time.first != time.last and "DUE" in component:
            assert component["DUE"].dt == time.last + timedelta(days=1)
    elif time.start.microsecond == 0 and time.end.microsecond == 0 and not time.start.fold:
        assert _instant(start) == _instant(time.start)
        if not time.is_instant and "DUE" in component:
            assert _instant(component["DUE"].dt) == _instant(time.end)


APPLE_REMINDERS = b"""BEGIN:VCALENDAR\r
VERSION:2.0\r
PRODID:-//Apple Inc.//iOS 17.1//EN\r
CALSCALE:GREGORIAN\r
BEGIN:VTODO\r
CREATED:20241101T120000Z\r
DTSTAMP:20241101T120500Z\r
DUE;VALUE=DATE:20241115\r
LAST-MODIFIED:20241101T120500Z\r
PRIORITY:1\r
SEQUENCE:0\r
STATUS:NEEDS-ACTION\r
SUMMARY:Renew passport\r
UID:6C0E1F0A-0C33-4F7C-9E3B-6F0F9B0C1D2E\r
X-APPLE-SORT-ORDER:123456\r
END:VTODO\r
BEGIN:VTODO\r
COMPLETED:20241103T080000Z\r
CREATED:20241101T120000Z\r
DTSTAMP:20241103T080000Z\r
DTSTART;TZID=Europe/Berlin:20241102T090000\r
DUE;TZID=Europe/Berlin:20241102T100000\r
PERCENT-COMPLETE:100\r
SEQUENCE:1\r
STATUS:COMPLETED\r
SUMMARY:Call the bank\r
UID:0A1B2C3D-4E5F-4061-8273-94A5B6C7D8E9\r
END:VTODO\r
BEGIN:VTODO\r
DTSTAMP:20241101T120000Z\r
SUMMARY:Someday: learn the cello\r
UID:F0E1D2C3-B4A5-4968-8776-655443322110\r
END:VTODO\r
END:VCALENDAR\r
"""

THUNDERBIRD = b"""BEGIN:VCALENDAR\r
PRODID:-//Mozilla.org/NONSGML Mozilla Calendar V1.1//EN\r
VERSION:2.0\r
BEGIN:VTODO\r
CREATED:20241105T101010Z\r
LAST-MODIFIED:20241105T101500Z\r
DTSTAMP:20241105T101500Z\r
UID:2c0b4a7e-5e1a-4f0e-b9f4-8d0c1e2f3a4b\r
SUMMARY:Write the weekly report\r
RRULE:FREQ=WEEKLY;COUNT=4\r
DTSTART;TZID=Europe/Berlin:20241111T090000\r
DUE;TZID=Europe/Berlin:20241111T170000\r
PERCENT-COMPLETE:40\r
STATUS:IN-PROCESS\r
X-MOZ-GENERATION:3\r
BEGIN:VALARM\r
ACTION:DISPLAY\r
TRIGGER;VALUE=DURATION:-PT15M\r
DESCRIPTION:Default Mozilla Description\r
END:VALARM\r
END:VTODO\r
BEGIN:VTODO\r
DTSTAMP:20241105T101500Z\r
UID:2c0b4a7e-5e1a-4f0e-b9f4-8d0c1e2f3a4b\r
RECURRENCE-ID;TZID=Europe/Berlin:20241118T090000\r
SUMMARY:Write the weekly report (short week)\r
DTSTART;TZID=Europe/Berlin:20241119T090000\r
DUE;TZID=Europe/Berlin:20241119T120000\r
STATUS:NEEDS-ACTION\r
END:VTODO\r
BEGIN:VTODO\r
DTSTAMP:20241105T101500Z\r
UID:9f8e7d6c-5b4a-4392-8170-6f5e4d3c2b1a\r
SUMMARY:Book the venue\r
DTSTART;VALUE=DATE:20241120\r
DURATION:P3D\r
END:VTODO\r
END:VCALENDAR\r
"""

EVOLUTION = b"""BEGIN:VCALENDAR\r
PRODID:-//Ximian//NONSGML Evolution Calendar//EN\r
VERSION:2.0\r
BEGIN:VJOURNAL\r
UID:20241107T083000Z-1234-1000-1-0@laptop\r
DTSTAMP:20241107T083000Z\r
SUMMARY:Port meeting notes\r
DESCRIPTION:Discussed the berths.\\nNext steps by Friday.\r
DTSTART;VALUE=DATE:20241107\r
CLASS:PUBLIC\r
STATUS:FINAL\r
CREATED:20241107T083012Z\r
LAST-MODIFIED:20241107T083012Z\r
END:VJOURNAL\r
BEGIN:VJOURNAL\r
UID:20241108T090000Z-1234-1000-1-1@laptop\r
DTSTAMP:20241108T090000Z\r
SUMMARY:Call log\r
DTSTART:20241108T090000Z\r
LOCATION:Office\r
END:VJOURNAL\r
BEGIN:VJOURNAL\r
UID:20241109T090000Z-1234-1000-1-2@laptop\r
DTSTAMP:20241109T090000Z\r
SUMMARY:An undated memo\r
END:VJOURNAL\r
BEGIN:VEVENT\r
UID:meeting-1@laptop\r
DTSTAMP:20241107T083000Z\r
SUMMARY:Port meeting\r
DTSTART:20241107T070000Z\r
DTEND:20241107T080000Z\r
END:VEVENT\r
END:VCALENDAR\r
"""


def _expected(component: Any) -> tuple[object, object]:
    """The start and end icalendar reads: DTSTART and DTEND or DUE, DUE alone, DTSTART alone."""
    if "DTSTART" not in component:
        due = component["DUE"].dt
        return _instant(due), _instant(due)
    start = component["DTSTART"].dt
    end = {"VEVENT": "DTEND", "VTODO": "DUE"}.get(component.name)
    if end is not None and end in component:
        return _instant(start), _instant(component[end].dt)
    if end is not None and "DURATION" in component:
        return _instant(start), _instant(start + component["DURATION"].dt)
    return _instant(start), _instant(start)


def _ours(event: Event) -> tuple[object, object]:
    time = event.time
    if isinstance(time, AllDay):
        end = time.first if time.first == time.last else time.last + timedelta(days=1)
        return time.first, end
    assert isinstance(time, TimeSpan)
    return _instant(time.start), _instant(time.end)


@pytest.mark.parametrize("data", [APPLE_REMINDERS, THUNDERBIRD, EVOLUTION])
def test_real_exports_are_read_as_icalendar_reads_them(data: bytes) -> None:
    timeline = from_ics(data)
    by_uid = {event.uid or event.id: event for event in timeline}
    oracle = icalendar.Calendar.from_ical(data)
    dated = 0
    components: list[Any] = oracle.walk()
    for component in components:
        kind = {"VEVENT": "EVENT", "VTODO": "TODO", "VJOURNAL": "JOURNAL"}.get(component.name)
        if kind is None or "RECURRENCE-ID" in component:
            continue
        uid = str(component["UID"])
        if "DTSTART" not in component and "DUE" not in component:
            assert uid not in by_uid  # not dated: left out
            continue
        dated += 1
        event = by_uid[uid]
        assert event.kind is EventKind(kind)
        assert event.title == str(component["SUMMARY"])
        assert _ours(event) == _expected(component)
        status = component.get("STATUS")
        assert (event.status is None) == (status is None)
        assert status is None or event.status is EventStatus(str(status))
    assert dated == len(timeline)


def test_what_the_model_has_no_field_for_stays_as_extras_and_goes_back_out() -> None:
    timeline = from_ics(APPLE_REMINDERS + b"")
    done = timeline.get("0A1B2C3D-4E5F-4061-8273-94A5B6C7D8E9")
    assert {extra.name for extra in done.extras} == {"COMPLETED", "PERCENT-COMPLETE"}
    assert Extra("PERCENT-COMPLETE", "100") in done.extras
    memo = from_ics(EVOLUTION).get("20241108T090000Z-1234-1000-1-1@laptop")
    assert memo.location is None
    assert Extra("LOCATION", "Office") in memo.extras
    feed = to_ics(timeline)
    assert b"PERCENT-COMPLETE:100\r\n" in feed
    assert b"COMPLETED:20241103T080000Z\r\n" in feed
    assert from_ics(feed) == timeline
    assert from_ics(to_ics(from_ics(EVOLUTION))) == from_ics(EVOLUTION)


def test_a_todo_dated_by_due_alone_is_an_instant_or_a_day_at_due() -> None:
    reminder = from_ics(APPLE_REMINDERS).get("6C0E1F0A-0C33-4F7C-9E3B-6F0F9B0C1D2E")
    assert reminder.time == AllDay(date(2024, 11, 15))
    assert reminder.priority == 1


def test_a_repeating_todo_gives_the_occurrences_recurring_ical_events_gives() -> None:
    window = AllDay(date(2024, 11, 1), date(2024, 12, 31))
    ours = from_ics(THUNDERBIRD, window=window)
    oracle = recurring_ical_events.of(
        icalendar.Calendar.from_ical(THUNDERBIRD), components=["VTODO"]
    ).between(date(2024, 11, 1), date(2025, 1, 1))
    assert Counter(_instant(item["DTSTART"].dt) for item in oracle) == Counter(
        _ours(event)[0] for event in ours
    )
    assert len(ours) == 4 + 1  # the weekly one, moved once, and the three-day one
    assert all(event.kind is EventKind.TODO for event in ours)
    series = from_ics(THUNDERBIRD).get("2c0b4a7e-5e1a-4f0e-b9f4-8d0c1e2f3a4b")
    assert series.recurrence is not None
    (override,) = series.overrides
    assert override.event.kind is EventKind.TODO
    assert override.event.title == "Write the weekly report (short week)"
    assert from_ics(to_ics(from_ics(THUNDERBIRD))) == from_ics(THUNDERBIRD)


def test_kinds_leaves_the_others_out() -> None:
    data = EVOLUTION
    everything = from_ics(data)
    assert {event.kind for event in everything} == {EventKind.EVENT, EventKind.JOURNAL}
    only = from_ics(data, kinds=[EventKind.EVENT])
    assert [event.kind for event in only] == [EventKind.EVENT]
    assert len(from_ics(data, kinds=["journal"])) == len(everything) - 1  # type: ignore[list-item]
    assert len(from_ics(THUNDERBIRD, kinds={EventKind.EVENT})) == 0


@pytest.mark.parametrize("kinds", [[], "todo", ["task"], EventKind.TODO])
def test_kinds_that_name_no_kinds_are_refused_before_reading(kinds: object) -> None:
    with pytest.raises(InvalidArgument) as caught:
        from_ics(b"not a calendar", kinds=kinds)  # type: ignore[arg-type]
    assert caught.value.field == "kinds"


def test_read_ics_takes_kinds(tmp_path: Path) -> None:
    path = tmp_path / "memos.ics"
    path.write_bytes(EVOLUTION)
    journal = [EventKind.JOURNAL]
    assert read_ics(path, kinds=journal) == from_ics(EVOLUTION, path=str(path), kinds=journal)


def test_errors_name_due(tmp_path: Path) -> None:
    bad = THUNDERBIRD.replace(b"DUE;TZID=Europe/Berlin:20241111T170000", b"DUE:20241110T170000Z")
    with pytest.raises(ICalendarError) as caught:
        from_ics(bad, strict=True)
    assert caught.value.prop == "DUE"
    # Read leniently, a DUE before DTSTART is swapped with it, as a DTEND would be, and noted.
    (note,) = [note for note in from_ics(bad).info.notes if note.property == "DUE"]
    assert "swapped" in note.action


def test_the_import_command_takes_kinds(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "memos.ics"
    path.write_bytes(EVOLUTION)
    assert main(["import", str(path)]) == 0
    assert "Port meeting notes" in capsys.readouterr().out
    assert main(["import", str(path), "--kinds", "event, todo"]) == 0
    out = capsys.readouterr().out
    assert "Port meeting" in out
    assert "notes" not in out
    assert main(["import", str(path), "--kinds", "memo"]) == 1  # as a wrong --tz
    out, err = capsys.readouterr()
    assert out == ""
    assert err.count("\n") == 1
    assert "--kinds" in err


def test_an_updated_feed_keeps_the_sequence_of_an_unchanged_todo_and_cancels_a_gone_one() -> None:
    start = datetime(2024, 11, 14, 9, tzinfo=BERLIN)
    todo = Event("t", "T", TimeSpan(start, start + timedelta(hours=2)), kind=EventKind.TODO)
    memo = Event("m", "M", AllDay(date(2024, 11, 14)), kind=EventKind.JOURNAL)
    first = to_ics(Timeline([todo, memo]))
    again = to_ics(Timeline([todo, memo]), previous=first)
    assert again.count(b"SEQUENCE:0") == 2
    changed = to_ics(Timeline([attrs.evolve(todo, title="T2")]), previous=first)
    oracle = icalendar.Calendar.from_ical(changed)
    found: dict[str, Any] = {
        item.name: item for item in oracle.walk() if item.name in ("VTODO", "VJOURNAL")
    }
    assert int(found["VTODO"]["SEQUENCE"]) == 1
    assert str(found["VJOURNAL"]["STATUS"]) == "CANCELLED"


def test_journal_time_is_what_the_reader_gives_a_vjournal() -> None:
    for event in from_ics(EVOLUTION):
        if event.kind is EventKind.JOURNAL:
            assert journal_time(event.time)
