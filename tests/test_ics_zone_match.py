"""A TZID that only the file's own VTIMEZONE defines is read as the IANA zone with its clock.

Exports name their zones as they like (``/Europe/CUSTOM``, Exchange's ``Customized
Time Zone``). The model's zones are IANA zones, so such a zone is read as the IANA
zone whose offsets the VTIMEZONE gives from the event on (``_zone_match``), noted,
and refused when strict. The oracle is the reference reader (icalendar with
recurring-ical-events), which expands a series on the VTIMEZONE's own clock: a
weekly series across changes of clock must give the same instants.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from tests._ics_corpus import occurrences, reference_of, window

from bri_timeline import ICalendarError, TimeSpan, from_ics
from bri_timeline.formats.ical._timezones import timezone_component
from bri_timeline.formats.ical._zone_match import matching_zone
from bri_timeline.model.recurrence import resolve_gap
from bri_timeline.strategies import ZONES


def _calendar(zone: ZoneInfo, tzid: str, start: datetime, rule: str) -> bytes:
    """A weekly series in ``zone``, whose VTIMEZONE is called ``tzid``."""
    first, last = start.astimezone(UTC), datetime(2037, 12, 31, tzinfo=UTC)
    vtimezone = timezone_component(zone, first - timedelta(days=400), last).to_ical().decode()
    wall = start.strftime("%Y%m%dT%H%M%S")
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//test//EN",
        vtimezone.replace(f"TZID:{zone.key}", f"TZID:{tzid}").rstrip("\r\n"),
        "BEGIN:VEVENT",
        "UID:weekly@example.com",
        "DTSTAMP:20240101T000000Z",
        f"DTSTART;TZID={tzid}:{wall}",
        "DURATION:PT1H",
        f"RRULE:{rule}",
        "SUMMARY:Weekly",
        "END:VEVENT",
        "END:VCALENDAR",
    ]
    return ("\r\n".join(lines) + "\r\n").encode()


def _starts(data: bytes) -> set[datetime]:
    found = occurrences(from_ics(data, window=window()))
    return {start for _, start in found.instants if isinstance(start, datetime)}


@settings(max_examples=12, deadline=None)
@example("America/St_Johns", datetime(2028, 11, 19, 2, 0))  # found by a random pass of CI
@given(
    st.sampled_from([name for name in ZONES if name != "UTC"]),
    st.datetimes(min_value=datetime(2020, 1, 1), max_value=datetime(2034, 12, 31)),
)
def test_a_custom_tzid_keeps_the_clock_of_its_vtimezone(name: str, wall: datetime) -> None:
    zone = ZoneInfo(name)
    start = wall.replace(second=0, microsecond=0, tzinfo=zone)
    # A TZID of its own for each drawn zone and day: icalendar keeps custom zones by TZID.
    tzid = f"Custom {name} {start:%Y%m%d%H%M}"
    data = _calendar(zone, tzid, start, "FREQ=WEEKLY;COUNT=60")
    expected = reference_of(data).occurrences
    assert expected is not None
    theirs = {instant for _, instant in expected if isinstance(instant, datetime)}
    ours = _starts(data)
    # A wall time a change of clock skips: icalendar's tzinfo of the VTIMEZONE reads it with
    # the offset after the change (St John's, 2029-03-11 02:00: 04:30 UTC, an hour early);
    # RFC 5545 (3.3.5) reads it with the offset before, as zoneinfo's fold 0 does (05:30 UTC),
    # and so does the reference for the IANA TZID. Those days are held to RFC 5545 instead.
    local = {
        datetime.combine(day, start.time(), zone)
        for day in {instant.astimezone(zone).date() for instant in ours | theirs}
    }
    skipped = {t.date(): t for t in local if resolve_gap(t) != t}  # moved by the gap: skipped
    for day, time in skipped.items():
        assert {i for i in ours if i.astimezone(zone).date() == day} == {time.astimezone(UTC)}
    assert {i for i in ours if i.astimezone(zone).date() not in skipped} == {
        i for i in theirs if i.astimezone(zone).date() not in skipped
    }
    timeline = from_ics(data)
    (event,) = timeline
    assert isinstance(event.time, TimeSpan)
    kept = event.time.start.tzinfo
    assert isinstance(kept, ZoneInfo)
    (note,) = [note for note in timeline.info.notes if note.value == tzid]
    assert f"read as {kept.key!r}" in note.action
    with pytest.raises(ICalendarError, match="not an IANA one"):
        from_ics(data, strict=True)


def test_the_zone_of_the_tzid_s_area_is_tried_first() -> None:
    berlin = ZoneInfo("Europe/Berlin")
    start = datetime(2024, 7, 4, 10, tzinfo=berlin)
    data = _calendar(berlin, "/Europe/CUSTOM", start, "FREQ=WEEKLY;COUNT=30")
    (event,) = from_ics(data)
    assert isinstance(event.time, TimeSpan)
    zone = event.time.start.tzinfo
    assert isinstance(zone, ZoneInfo)
    assert zone.key.startswith("Europe/")


def test_a_clock_no_iana_zone_keeps_is_read_at_its_instants() -> None:
    odd = timezone(timedelta(hours=5, minutes=31))
    assert matching_zone(odd, "Odd", date(2024, 7, 4)) is None
    assert matching_zone(timezone(timedelta(hours=-5)), "Fixed", date(2024, 7, 4)) is not None
