"""A floating series in iCalendar: written floating, read back alike, read as the reference does.

The laws: both engines write the same bytes; read back, the series is the same event
(its rule, RDATEs, EXDATEs and UNTIL, floating or UTC, as given); the occurrences that
start within a window are those recurring-ical-events gives (naive starts).
"""

from __future__ import annotations

from datetime import datetime, timedelta

import icalendar
import pytest
import recurring_ical_events
from hypothesis import example, given
from hypothesis import strategies as st
from tests.test_floating_series import WALLS, floating_series

from bri_timeline import Event, FloatingSpan, ICalendarError, Timeline, from_ics, to_ics
from bri_timeline.model.recurrence import occurrences
from bri_timeline.model.rrule import Frequency, Recurrence


def _starts_in(event: Event, lo: datetime, hi: datetime) -> list[datetime]:
    found = []
    for time in occurrences(event):
        assert isinstance(time, FloatingSpan)
        if lo <= time.start < hi:
            found.append(time.start)
    return found


_EXCLUDED_START = Event(
    "series",
    "Series",
    FloatingSpan(datetime(2000, 1, 1)),
    recurrence=Recurrence(Frequency.HOURLY, count=1, exdates=(datetime(2000, 1, 1),)),
)


@example(_EXCLUDED_START)  # a wall-time EXDATE was once keyed as an instant
@given(floating_series())
def test_both_engines_write_it_floating_and_it_reads_back_alike(event: Event) -> None:
    data = to_ics(Timeline([event]))
    assert to_ics(Timeline([event]), engine="icalendar") == data
    back = list(from_ics(data))
    assert len(back) == 1
    assert back[0].time == event.time
    assert back[0].recurrence == event.recurrence
    assert list(occurrences(back[0])) == list(occurrences(event))
    assert b"DTSTART:" in data  # no TZID, no Z


@given(floating_series(), WALLS, st.integers(1, 400))
def test_the_occurrences_in_a_window_are_the_references(
    event: Event, lo: datetime, hours: int
) -> None:
    hi = lo + timedelta(hours=hours)
    calendar = icalendar.Calendar.from_ical(to_ics(Timeline([event])))
    theirs = sorted(
        found["DTSTART"].dt
        for found in recurring_ical_events.of(calendar).between(lo, hi)
        if lo <= found["DTSTART"].dt < hi
    )
    assert all(start.tzinfo is None for start in theirs)
    assert _starts_in(event, lo, hi) == theirs


def _calendar(*lines: str) -> bytes:
    body = "\r\n".join(("BEGIN:VEVENT", "UID:club", "SUMMARY:Club", *lines, "END:VEVENT"))
    return f"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:t\r\n{body}\r\nEND:VCALENDAR\r\n".encode()


def test_a_utc_until_is_read_on_the_wall_clock_and_written_back_in_utc() -> None:
    data = _calendar("DTSTART:20240101T190000", "RRULE:FREQ=DAILY;UNTIL=20240103T190000Z")
    (event,) = from_ics(data)
    assert [time.start.day for time in occurrences(event)] == [1, 2, 3]  # type: ignore[union-attr]
    assert b"RRULE:FREQ=DAILY;UNTIL=20240103T190000Z\r\n" in to_ics(Timeline([event]))


def test_a_zoned_exdate_reads_the_series_in_its_zone_as_the_reference_does() -> None:
    data = _calendar(
        "DTSTART:20240101T190000", "RRULE:FREQ=DAILY;COUNT=3", "EXDATE:20240102T190000Z"
    )
    (event,) = from_ics(data)
    assert event.time.start == datetime.fromisoformat("2024-01-01T19:00:00+00:00")  # type: ignore[union-attr]
    assert len(list(occurrences(event))) == 2
    with pytest.raises(ICalendarError, match="EXDATE has the zone UTC") as caught:
        from_ics(data, strict=True)
    assert caught.value.line == data.split(b"\r\n").index(b"DTSTART:20240101T190000") + 1


_WIDE = (datetime(2023, 1, 1), datetime(2026, 1, 1))


@pytest.mark.parametrize(
    "lines",
    [
        ("RRULE:FREQ=DAILY;COUNT=3", "RDATE;VALUE=PERIOD:20240110T190000/PT1H"),
        ("RDATE;VALUE=PERIOD:20240110T190000/20240110T213000", "EXDATE:20240101T190000"),
        ("RDATE;VALUE=PERIOD:20240101T190000/PT10H",),  # icalendar's issue_184 file
        ("RRULE:FREQ=DAILY;COUNT=2", "RRULE:FREQ=WEEKLY;COUNT=3", "EXDATE:20240108T190000"),
        # UNTIL on the wall clock, a Z one too (found by mangling a floating calendar)
        ("RRULE:FREQ=WEEKLY;UNTIL=20240301T190000", "RDATE;VALUE=PERIOD:20240110T190000/PT1H"),
        ("RRULE:FREQ=DAILY;COUNT=5", "RRULE:FREQ=WEEKLY;UNTIL=20240301T190000Z"),
    ],
)
def test_a_floating_series_no_one_rule_holds_is_expanded_on_the_wall_clock(
    lines: tuple[str, ...],
) -> None:
    data = _calendar("DTSTART:20240101T190000", "DURATION:PT30M", *lines)
    calendar = icalendar.Calendar.from_ical(data)
    theirs = sorted(
        (found["DTSTART"].dt, found["DTEND"].dt)
        for found in recurring_ical_events.of(calendar).between(*_WIDE)
    )
    window = FloatingSpan(*_WIDE)
    ours = sorted((event.time.start, event.time.end) for event in from_ics(data, window=window))  # type: ignore[union-attr]
    assert ours == theirs
    assert all(start.tzinfo is None for start, _ in theirs)


def _change(original: str, start: str, *extra: str) -> bytes:
    lines = ("BEGIN:VEVENT", "UID:club", "SUMMARY:Changed", original, start, *extra, "END:VEVENT")
    return "\r\n".join(lines).encode() + b"\r\nEND:VCALENDAR"


@pytest.mark.parametrize(
    "changes",
    [
        (_change("RECURRENCE-ID:20240102T190000", "DTSTART:20240102T210000", "DURATION:PT2H"),),
        (
            _change("RECURRENCE-ID:20240103T190000", "DTSTART:20231230T080000"),  # moved earlier
            _change("RECURRENCE-ID:20240104T190000", "DTSTART:20240104T190000", "STATUS:CANCELLED"),
        ),
    ],
)
def test_a_floating_series_with_changed_occurrences_is_expanded_as_the_reference_reads_it(
    changes: tuple[bytes, ...],
) -> None:
    data = _calendar("DTSTART:20240101T190000", "DURATION:PT1H", "RRULE:FREQ=DAILY;COUNT=5")
    for change in changes:
        data = data.replace(b"END:VCALENDAR", change)
    calendar = icalendar.Calendar.from_ical(data)
    theirs = sorted(
        (str(found["SUMMARY"]), found["DTSTART"].dt, found["DTEND"].dt)
        for found in recurring_ical_events.of(calendar).between(*_WIDE)
    )
    window = FloatingSpan(*_WIDE)
    ours = []
    for event in from_ics(data, window=window):
        assert isinstance(event.time, FloatingSpan)
        ours.append((event.title, event.time.start, event.time.end))
    assert sorted(ours) == theirs


@pytest.mark.parametrize(
    ("start", "original", "words"),
    [
        ("DTSTART:20240101T190000", "RECURRENCE-ID:20240102T190000Z", "has a zone, but the"),
        ("DTSTART:20240101T190000Z", "RECURRENCE-ID:20240102T190000", "is a floating time"),
    ],
)
def test_a_change_on_another_clock_than_its_series_is_refused_clearly(
    start: str, original: str, words: str
) -> None:
    data = _calendar(start, "RRULE:FREQ=DAILY;COUNT=3")
    data = data.replace(b"END:VCALENDAR", _change(original, "DTSTART:20240102T200000"))
    with pytest.raises(
        ICalendarError, match=f"event 'club': property RECURRENCE-ID: {words}"
    ) as caught:
        from_ics(data)
    assert caught.value.line == data.split(b"\r\n").index(original.encode()) + 1


@pytest.mark.parametrize(
    "lines",
    [
        (
            "RRULE:FREQ=DAILY;UNTIL=20240105T190000",
            "EXDATE:20240102T190000Z",
            "RDATE;VALUE=PERIOD:20240110T190000/PT1H",
        ),
        (
            "RRULE:FREQ=DAILY;UNTIL=20240105T190000Z",
            "RRULE:FREQ=WEEKLY;COUNT=2",
            "EXDATE;TZID=Europe/Berlin:20240102T190000",
        ),
        ("RDATE;VALUE=PERIOD:20240110T190000Z/PT1H",),
        ("RDATE;VALUE=DATE:20240110", "RDATE:20240111T100000"),
    ],
)
def test_an_expanded_floating_series_with_zoned_dates_gives_the_references_starts(
    lines: tuple[str, ...],
) -> None:
    # A zoned RDATE or EXDATE reads the whole series in its zone (noted), also where the
    # series is expanded; a wall-time one stays on the wall clock.
    data = _calendar("DTSTART:20240101T190000", *lines)
    calendar = icalendar.Calendar.from_ical(data)
    theirs = {found["DTSTART"].dt for found in recurring_ical_events.of(calendar).between(*_WIDE)}
    window = FloatingSpan(*_WIDE)
    ours = {event.time.start for event in from_ics(data, window=window)}  # type: ignore[union-attr]
    assert ours == theirs
