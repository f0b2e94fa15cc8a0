"""Floating DTSTART and DTEND (no TZID, no Z) are read as floating times and written back so.

icalendar is the oracle: it reads what we write as naive datetimes, the same wall times;
both engines write the same bytes; ``tz`` and ``X-WR-TIMEZONE`` still pin them.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st
from icalendar import Calendar
from tests._ics_corpus import reference_of

from bri_timeline import (
    Event,
    FloatingSpan,
    ICalendarError,
    Timeline,
    TimeSpan,
    from_jcal,
    loads_ics,
    to_ics,
    to_jcal,
)
from bri_timeline.strategies import ZONES, floating_spans

_UTC_START = datetime(2024, 11, 8, 9, tzinfo=UTC)
_MIDNIGHT = datetime(2024, 11, 8)
_NINE = datetime(2024, 11, 8, 9)
_EIGHT = datetime(2024, 11, 8, 8)


def _feed(*lines: str, head: str = "") -> bytes:
    rows = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//test//EN", *filter(None, [head])]
    rows += ["BEGIN:VEVENT", "UID:f", "DTSTAMP:20240101T000000Z", "SUMMARY:F", *lines]
    return ("\r\n".join([*rows, "END:VEVENT", "END:VCALENDAR"]) + "\r\n").encode()


@given(floating_spans(whole_seconds=False))
def test_written_floating_read_back_alike_by_icalendar_and_by_us(span: FloatingSpan) -> None:
    timeline = Timeline([Event("f", "F", span)])
    data = to_ics(timeline)
    assert to_ics(timeline, engine="icalendar") == data
    (component,) = Calendar.from_ical(data).walk("VEVENT")
    start: Any = component["DTSTART"]
    end: Any = component.get("DTEND")
    assert "TZID" not in start.params
    assert start.dt == span.start.replace(microsecond=0)
    if span.is_instant:
        assert end is None
    else:
        assert end.dt == span.end.replace(microsecond=0)
    assert loads_ics(data).get("f").time == span
    assert from_jcal(to_jcal(timeline)).get("f").time == span


@given(floating_spans(), st.sampled_from(ZONES))
def test_tz_and_x_wr_timezone_pin_them(span: FloatingSpan, zone: str) -> None:
    data = to_ics(Timeline([Event("f", "F", span)]))
    assert loads_ics(data, tz=zone).get("f").time == span.pinned(zone)
    named = data.replace(b"METHOD:PUBLISH", f"X-WR-TIMEZONE:{zone}".encode())
    assert loads_ics(named).get("f").time == span.pinned(zone)


def test_a_duration_is_added_on_the_wall_clock() -> None:
    data = _feed("DTSTART:20240310T013000", "DURATION:PT2H")
    assert loads_ics(data).get("f").time == FloatingSpan(
        datetime(2024, 3, 10, 1, 30), datetime(2024, 3, 10, 3, 30)
    )
    pinned = loads_ics(data, tz="America/New_York").get("f").time
    assert isinstance(pinned, TimeSpan)
    assert pinned.duration == timedelta(hours=2)


@pytest.mark.parametrize(
    ("lines", "words"),
    [
        (
            [
                "DTSTART:20241108T090000",
                "RRULE:FREQ=WEEKLY",
                "RDATE;VALUE=PERIOD:20241120T090000/PT1H",
            ],
            "RRULE: repeats for ever: import it with a window",
        ),
        (["DTSTART:20241108T090000", "X-BRI-END-TZID:Asia/Tokyo"], "X-BRI-END-TZID: is given"),
    ],
)
def test_what_is_refused_names_the_property(lines: list[str], words: str) -> None:
    with pytest.raises(ICalendarError, match=re.escape(f"event 'f': property {words}")):
        loads_ics(_feed(*lines))


_REPAIRED = [
    (("DTSTART:20241108T090000", "DTEND:20241108T100000Z"), "DTSTART", "is floating", _UTC_START),
    (("DTSTART:20241108T090000Z", "DTEND:20241108T100000"), "DTEND", "is floating", _UTC_START),
    (
        ("DTSTART;VALUE=DATE:20241108", "DTEND:20241108T100000"),
        "DTEND",
        "must be a DATE",
        _MIDNIGHT,
    ),
    (("DTSTART:20241108T090000", "DTEND;VALUE=DATE:20241109"), "DTEND", "must be a date-t", _NINE),
    (("DTSTART:20241108T090000", "DTEND:20241108T080000"), "DTEND", "must not be before", _EIGHT),
    (("DTSTART;VALUE=DATE:20241108", "DURATION:PT10H"), "DURATION", "must be whole", _MIDNIGHT),
]


@pytest.mark.parametrize(("lines", "prop", "words", "start"), _REPAIRED)
def test_a_mixed_or_reversed_floating_time_is_read_as_the_reference_reads_it(
    lines: tuple[str, ...], prop: str, words: str, start: datetime
) -> None:
    data = _feed(*lines)
    timeline = loads_ics(data)
    (note,) = timeline.info.notes
    assert (note.uid, note.property) == ("f", prop)
    assert reference_of(data).occurrences == frozenset({("f", start)})
    when = timeline.get("f").time
    assert isinstance(when, FloatingSpan | TimeSpan)
    assert (when.start.astimezone(UTC) if isinstance(when, TimeSpan) else when.start) == start
    with pytest.raises(ICalendarError, match=re.escape(f"event 'f': property {prop}: {words}")):
        loads_ics(data, strict=True)


def test_a_floating_series_takes_tz_as_before() -> None:
    data = _feed("DTSTART:20241108T090000", "RRULE:FREQ=WEEKLY;COUNT=2")
    event = loads_ics(data, tz="Europe/London").get("f")
    assert isinstance(event.time, TimeSpan)
    assert event.time.start == datetime(2024, 11, 8, 9, tzinfo=ZoneInfo("Europe/London"))


def test_the_edtf_note_keeps_fractions_of_a_second() -> None:
    span = FloatingSpan(datetime(2024, 11, 8, 9, 0, 0, 250_000))
    data = to_ics(Timeline([Event("f", "F", span)]))
    assert b"\r\nDTSTART:20241108T090000\r\n" in data
    assert b"X-BRI-EDTF:2024-11-08T09:00:00.250000" in data
    assert loads_ics(data).get("f").time == span
    # Edited elsewhere, the note no longer agrees and DTSTART wins.
    edited = data.replace(b"DTSTART:20241108T090000", b"DTSTART:20241108T100000")
    assert loads_ics(edited).get("f").time == FloatingSpan(datetime(2024, 11, 8, 10))
    assert date(2024, 11, 8) == span.start.date()
