"""Fuzzing the iCalendar importer: each input gives a timeline or an ICalendarError, soon.

Inputs start from real feeds (the exported BRI feed, feeds of generated
timelines, a foreign feed in the style of Google and Outlook exports) and are
mangled (see ``mangling.py``), or take every bad value and parameter of a table
in turn. A timeline that comes back must export, and read back the same: what is
accepted is accepted whole. Small limits keep each case cheap; the limits
themselves are tested in ``test_limits.py``.
"""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st
from tests.mangling import mangled, record

from bri_timeline import (
    AllDay,
    ICalendarError,
    Limits,
    Timeline,
    load_bri,
    loads_ics,
    to_ics,
)
from bri_timeline.strategies import timelines

LIMITS = Limits(max_occurrences=3_000, max_empty_months=400)
WINDOW = AllDay(date(2024, 1, 1), date(2025, 12, 31))

FOREIGN = (
    "BEGIN:VCALENDAR\r\n"
    "VERSION:2.0\r\n"
    "PRODID:-//Google Inc//Google Calendar 70.9054//EN\r\n"
    "X-WR-CALNAME:Team\r\n"
    "X-WR-TIMEZONE:Europe/Berlin\r\n"
    "BEGIN:VTIMEZONE\r\n"
    "TZID:W. Europe Standard Time\r\n"
    "BEGIN:STANDARD\r\n"
    "DTSTART:16010101T030000\r\n"
    "TZOFFSETFROM:+0200\r\n"
    "TZOFFSETTO:+0100\r\n"
    "RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=10\r\n"
    "END:STANDARD\r\n"
    "BEGIN:DAYLIGHT\r\n"
    "DTSTART:16010101T020000\r\n"
    "TZOFFSETFROM:+0100\r\n"
    "TZOFFSETTO:+0200\r\n"
    "RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=3\r\n"
    "END:DAYLIGHT\r\n"
    "END:VTIMEZONE\r\n"
    "BEGIN:VEVENT\r\n"
    "UID:standup@example.com\r\n"
    "SUMMARY:Stand-up\\, daily\r\n"
    "DTSTART;TZID=W. Europe Standard Time:20240108T093000\r\n"
    "DTEND;TZID=W. Europe Standard Time:20240108T094500\r\n"
    "RRULE:FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR;UNTIL=20240331T000000Z\r\n"
    "EXDATE;TZID=W. Europe Standard Time:20240110T093000\r\n"
    "RDATE;VALUE=DATE-TIME:20240406T093000Z\r\n"
    "ATTENDEE;CN=Ana Núñez;ROLE=REQ-PARTICIPANT:mailto:ana@example.com\r\n"
    "LOCATION:Room 4\\; floor 2\r\n"
    "GEO:52.52;13.405\r\n"
    "CATEGORIES:work,daily\r\n"
    "SEQUENCE:3\r\n"
    "LAST-MODIFIED:20240101T120000Z\r\n"
    "DTSTAMP:20240101T120000Z\r\n"
    "BEGIN:VALARM\r\n"
    "ACTION:DISPLAY\r\n"
    "TRIGGER:-PT10M\r\n"
    "DESCRIPTION:Reminder\r\n"
    "END:VALARM\r\n"
    "END:VEVENT\r\n"
    "BEGIN:VEVENT\r\n"
    "UID:standup@example.com\r\n"
    "RECURRENCE-ID;TZID=W. Europe Standard Time:20240109T093000\r\n"
    "SUMMARY:Stand-up (moved)\r\n"
    "DTSTART;TZID=W. Europe Standard Time:20240109T110000\r\n"
    "DURATION:PT15M\r\n"
    "DTSTAMP:20240101T120000Z\r\n"
    "END:VEVENT\r\n"
    "BEGIN:VEVENT\r\n"
    "UID:lunch-1@example.com\r\n"
    "SUMMARY:Lunch \u202eright-to-left\u202c and e\u0301 and 😀\r\n"
    "DESCRIPTION:Line one\\nLine two\\, with \\\\ and \\;\r\n"
    "DTSTART:20240215T120000\r\n"
    "DTEND:20240215T130000\r\n"
    "URL:https://example.com/lunch\r\n"
    "END:VEVENT\r\n"
    "BEGIN:VEVENT\r\n"
    "UID:leap@example.com\r\n"
    "SUMMARY:Leap day\r\n"
    "DTSTART;VALUE=DATE:20240229\r\n"
    "DTEND;VALUE=DATE:20240301\r\n"
    "RRULE:FREQ=YEARLY;COUNT=3\r\n"
    "END:VEVENT\r\n"
    "BEGIN:VEVENT\r\n"
    "UID:gone@example.com\r\n"
    "SUMMARY:Cancelled\r\n"
    "STATUS:CANCELLED\r\n"
    "DTSTART:20240301T100000Z\r\n"
    "END:VEVENT\r\n"
    "END:VCALENDAR\r\n"
).encode()
BRI = to_ics(load_bri())

# Floating times with no X-WR-TIMEZONE (they stay floating): series no one rule holds, a
# changed occurrence, and a zoned series with floating dates under a TZID of its own.
FLOATING = (
    b"BEGIN:VCALENDAR\r\n"
    b"VERSION:2.0\r\n"
    b"PRODID:-//Example//Club//EN\r\n"
    b"BEGIN:VTIMEZONE\r\n"
    b"TZID:Customized Time Zone\r\n"
    b"BEGIN:STANDARD\r\n"
    b"DTSTART:16010101T000000\r\n"
    b"TZOFFSETFROM:+0530\r\n"
    b"TZOFFSETTO:+0530\r\n"
    b"END:STANDARD\r\n"
    b"END:VTIMEZONE\r\n"
    b"BEGIN:VEVENT\r\n"
    b"UID:club\r\n"
    b"SUMMARY:Club\r\n"
    b"DTSTART:20240101T190000\r\n"
    b"DURATION:PT1H\r\n"
    b"RRULE:FREQ=DAILY;COUNT=5\r\n"
    b"RRULE:FREQ=WEEKLY;UNTIL=20240301T190000\r\n"
    b"RDATE;VALUE=PERIOD:20240110T190000/PT1H,20240111T190000/20240111T200000\r\n"
    b"EXDATE:20240103T190000\r\n"
    b"END:VEVENT\r\n"
    b"BEGIN:VEVENT\r\n"
    b"UID:club\r\n"
    b"SUMMARY:Club (moved)\r\n"
    b"RECURRENCE-ID:20240102T190000\r\n"
    b"DTSTART:20240102T210000\r\n"
    b"DURATION:PT2H\r\n"
    b"END:VEVENT\r\n"
    b"BEGIN:VEVENT\r\n"
    b"UID:zoned\r\n"
    b"SUMMARY:Zoned\r\n"
    b"DTSTART;TZID=Customized Time Zone:20240101T190000\r\n"
    b"RRULE:FREQ=DAILY;COUNT=3\r\n"
    b"RDATE:20240110T120000\r\n"
    b"EXDATE:20240102T190000\r\n"
    b"RDATE;VALUE=PERIOD:20240111T080000/PT30M\r\n"
    b"END:VEVENT\r\n"
    b"END:VCALENDAR\r\n"
)

LINES = [
    b"RRULE:FREQ=DAILY;COUNT=5",
    b"RRULE:FREQ=DAILY",
    b"RRULE:FREQ=MONTHLY;BYDAY=-1FR;COUNT=4",
    b"RRULE:FREQ=DAILY;BYMONTH=2;BYMONTHDAY=30;COUNT=2",
    b"RRULE:FREQ=HOURLY;BYSETPOS=3;COUNT=2",
    b"RRULE:FREQ=SECONDLY;COUNT=1000000000",
    b"RRULE:FREQ=YEARLY;COUNT=1000000000",
    b"RDATE;VALUE=DATE:20240301,20240302",
    b"RDATE;VALUE=PERIOD:20240301T000000Z/PT1H",
    b"EXDATE:20240110T083000Z",
    b"RECURRENCE-ID:20240111T083000Z",
    b"DURATION:PT1H",
    b"DURATION:P99999999D",
    b"DTEND;VALUE=DATE:20240101",
    b"DTSTART;VALUE=DATE:00010101",
    b"DTSTART:99991231T235959Z",
    b"DTSTART;TZID=Pacific/Kiritimati:99991231T235959",
    b"DTSTART;TZID=America/Los_Angeles:00010101T000000",
    b"STATUS:CANCELLED",
    b"UID:standup@example.com",
    b"UID:",
    b"SUMMARY:\x00\x01\x1b\x7f",
    b"X-WR-TIMEZONE:localtime",
    b"X-BRI-EDTF:18XX",
    b"X-BRI-EDTF:2009/..",
    b'X-BRI-PARTICIPANT:{"name":"\\u0000"}',
    b"X-BRI-PARTICIPANT:" + b"[" * 5000,
    b'X-BRI-SOURCE:{"quote":"q","quote":"r"}',
    b"X-BRI-END-TZID:America",
    b"BEGIN:VEVENT",
    b"END:VEVENT",
    b"BEGIN:VCALENDAR",
    b"END:VCALENDAR",
    b"BEGIN:VTIMEZONE",
    b"BEGIN:VALARM",
    b"SEQUENCE:" + b"9" * 5000,
]
DATETIMES = [
    b"",
    b"x",
    b"2024",
    b"20241301T000000",
    b"20240230",
    b"00000101",
    b"00010101T000000",
    b"99991231T235959",
    b"99991231T235959Z",
    b"100000101T000000Z",
    b"20240101T250000Z",
    b"20240101T000000+0100",
    b"20240101T000000Z/PT1H",
    b"20240101,20240102",
    b"20240101T000000Z" * 100,
]
VALUES: dict[bytes, list[bytes]] = {
    b"DTSTART": DATETIMES,
    b"DTEND": DATETIMES,
    b"RECURRENCE-ID": DATETIMES,
    b"EXDATE": DATETIMES,
    b"RDATE": DATETIMES,
    b"LAST-MODIFIED": DATETIMES,
    b"DTSTAMP": DATETIMES,
    b"DURATION": [b"P", b"PT", b"P99999999999D", b"-P1D", b"PT-1H", b"P1Y", b"PT0S", b"x"],
    b"RRULE": [
        b"",
        b"FREQ=",
        b"FREQ=NEVER",
        b"FREQ=DAILY;COUNT=-1",
        b"FREQ=DAILY;COUNT=x",
        b"FREQ=DAILY;INTERVAL=0",
        b"FREQ=DAILY;INTERVAL=" + b"9" * 40,
        b"FREQ=YEARLY;BYMONTH=13",
        b"FREQ=DAILY;BYSETPOS=400",
        b"FREQ=MINUTELY;BYHOUR=1;INTERVAL=7;COUNT=3",
        b"FREQ=DAILY;UNTIL=00010101",
        b"FREQ=DAILY;UNTIL=99991231T235959Z",
        b"FREQ=DAILY;COUNT=3;UNTIL=20250101",
        b"FREQ=WEEKLY;BYDAY=XX",
        b"FREQ=YEARLY;BYWEEKNO=54",
        b"FREQ=YEARLY;BYYEARDAY=367",
        b"FREQ=DAILY;BYMONTH=2;BYMONTHDAY=30",
        b"FREQ=DAILY;INTERVAL=7;BYDAY=TU;COUNT=2",
        b"FREQ=SECONDLY;BYSETPOS=2;COUNT=2",
    ],
    b"GEO": [b"91;0", b"nan;nan", b"1", b";", b"1e400;1", b"-90;180.0000000001"],
    b"SEQUENCE": [b"-1", b"x", b"9" * 50, b"9" * 5000, b"1.5"],
    b"UID": [b"", b" ", b"a" * 10000, "ü\u202e😀".encode(), b"\\,\\;"],
    b"SUMMARY": [b"", b"\\", b"\\x\\N\\n", b"a\x00b", b"\x1b[31m", "e\u0301".encode()],
    b"DESCRIPTION": [b"\\", b"x" * 100_000, b"\\n" * 1000, b"\x07bell"],
    b"LOCATION": [b"", b" ", b"\\;\\,\\\\"],
    b"CATEGORIES": [b",,,", b"\\,", b"a,a,a", b"\x00"],
    b"URL": [b"", b"javascript:alert(1)", b"http://a b", b"\x00"],
    b"ATTENDEE": [b"", b"mailto:", b"\x00"],
    b"STATUS": [b"CANCELLED", b"", b"x"],
    b"X-WR-TIMEZONE": [b"localtime", b"America", b"", b"Mars/Olympus", b"a" * 300],
    b"TZID": [b"", b"America", b"localtime", b"Europe/Berlin"],
    b"TZOFFSETFROM": [b"+2500", b"x", b"", b"-0000"],
    b"TZOFFSETTO": [b"+2500", b"x", b"", b"+9999"],
    b"X-BRI-EDTF": [b"x", b"2024-02-30", b"0000", b"9999-12-31T23:59:59/..", b"2024-11-14T00:00"],
    b"X-BRI-PARTICIPANT": [b"[1]", b"{}", b'{"name":""}', b"[" * 3000, b"9" * 5000],
    b"X-BRI-SOURCE": [b"{", b'{"quote":1}', b'{"quote":"q","extra":"x"}'],
    b"X-BRI-INFERRED": [b"null", b'{"field":"f"}'],
    b"TRIGGER": [b"x", b"-P99999999999D"],
}
PARAMETERS = [
    b";TZID=",
    b";TZID=Mars/Olympus",
    b";TZID=America",
    b";TZID=" + b"a" * 300,
    b";VALUE=PERIOD",
    b";VALUE=DATE",
    b";VALUE=DATE-TIME",
    b";VALUE=DURATION",
    b";VALUE=BINARY;ENCODING=BASE64",
    b';X="unterminated',
    b";=x",
    b";;",
    b";X-BRI-TZID=Nowhere",
    b";X-BRI-UNTIL=2024-13-01",
    b";X-BRI-UNTIL=9999-12-31T23:59:59+00:00",
    b";CN=\x00",
    b";RANGE=THISANDFUTURE",
]
SEEDS = [BRI, FOREIGN, FLOATING]


def outcome(data: bytes, *, case: str, window: bool = False) -> str:
    """Import; a timeline must then export and read back the same. Returns the outcome."""
    try:
        timeline = loads_ics(
            data, path="fuzz.ics", window=WINDOW if window else None, limits=LIMITS
        )
    except ICalendarError as error:
        message = str(error)
        assert message.startswith("fuzz.ics"), message
        return record(case, "clear error")
    assert isinstance(timeline, Timeline)
    assert loads_ics(to_ics(timeline), limits=LIMITS) == timeline
    return record(case, "handled")


def ics_mangled(seed: bytes) -> st.SearchStrategy[bytes]:
    return mangled(
        seed,
        lines=LINES,
        values=VALUES,
        parameters=PARAMETERS,
        nesting=(b"BEGIN:VEVENT\r", b"END:VEVENT\r"),
    )


@given(st.sampled_from(SEEDS).flatmap(ics_mangled), st.booleans())
def test_mangled_feeds_give_a_timeline_or_an_icalendar_error(data: bytes, window: bool) -> None:
    outcome(data, case="ics: mangled BRI and foreign feeds", window=window)


@given(timelines(max_size=4).map(to_ics).flatmap(ics_mangled))
def test_mangled_feeds_of_generated_timelines(data: bytes) -> None:
    outcome(data, case="ics: mangled feeds of generated timelines")


@given(timelines(max_size=4))
def test_valid_generated_feeds_round_trip(timeline: Timeline) -> None:
    assert outcome(to_ics(timeline), case="ics: valid generated feeds") == "handled"


def _replace(feed: bytes, name: bytes, value: bytes) -> bytes:
    lines = feed.split(b"\r\n")
    found = [i for i, line in enumerate(lines) if line.split(b";")[0].split(b":")[0] == name]
    assert found, name
    for index in found:
        lines[index] = lines[index].partition(b":")[0] + b":" + value
    return b"\r\n".join(lines)


def _with(feed: bytes, line: bytes) -> bytes:
    return feed.replace(
        b"UID:lunch-1@example.com\r\n", b"UID:lunch-1@example.com\r\n" + line + b"\r\n"
    )


@pytest.mark.parametrize(
    ("name", "value"), [(name, value) for name, values in VALUES.items() for value in values]
)
def test_every_bad_value_of_every_property(name: bytes, value: bytes) -> None:
    feed = FOREIGN if name in FOREIGN else _with(FOREIGN, name + b":x")
    if name == b"X-BRI-EDTF":
        feed = _with(FOREIGN, b"X-BRI-EDTF:2024")
    if name.startswith(b"X-BRI-") and name != b"X-BRI-EDTF":
        feed = _with(FOREIGN, name + b":x")
    for window in (False, True):
        outcome(_replace(feed, name, value), case="ics: bad value of a property", window=window)


@pytest.mark.parametrize("parameter", PARAMETERS)
@pytest.mark.parametrize(
    "name", [b"DTSTART", b"DTEND", b"RRULE", b"EXDATE", b"RDATE", b"SUMMARY", b"ATTENDEE"]
)
def test_every_bad_parameter_of_a_property(name: bytes, parameter: bytes) -> None:
    lines = FOREIGN.split(b"\r\n")
    lines = [
        line.replace(name, name + parameter, 1) if line.startswith(name) else line for line in lines
    ]
    outcome(b"\r\n".join(lines), case="ics: bad parameter of a property")


@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-16", "utf-32"])
def test_utf8_with_a_bom_and_utf16_utf32_with_one_are_read(encoding: str) -> None:
    for feed in SEEDS:
        data = feed.decode("utf-8").encode(encoding)
        assert loads_ics(data) == loads_ics(feed)
        record("ics: other encodings", "handled")


@pytest.mark.parametrize("encoding", ["latin-1", "cp1252", "utf-16-le", "utf-16-be"])
def test_other_encodings_are_refused_naming_the_line_and_byte(encoding: str) -> None:
    data = FOREIGN.decode("utf-8").encode(encoding, errors="replace")
    with pytest.raises(ICalendarError, match=r"fuzz\.ics:\d+: is not UTF-8 \(byte \d+\)"):
        loads_ics(data, path="fuzz.ics")
    record("ics: other encodings", "clear error")


@pytest.mark.parametrize("end", [b"\n", b"\r"])
def test_lf_and_cr_line_ends_read_as_crlf(end: bytes) -> None:
    for feed in SEEDS:
        assert loads_ics(feed.replace(b"\r\n", end)) == loads_ics(feed)
        record("ics: LF-only and CR-only lines", "handled")


def test_each_missing_end_line() -> None:
    lines = FOREIGN.split(b"\r\n")
    ends = [i for i, line in enumerate(lines) if line.startswith(b"END:")]
    for index in ends:
        outcome(b"\r\n".join(lines[:index] + lines[index + 1 :]), case="ics: a missing END line")


def test_duplicate_uids_are_refused_when_strict_and_kept_once_with_a_note() -> None:
    block = BRI[BRI.index(b"BEGIN:VEVENT") : BRI.index(b"END:VEVENT") + len(b"END:VEVENT\r\n")]
    data = BRI.replace(block, block * 2)
    with pytest.raises(ICalendarError, match="is the UID of two events"):
        loads_ics(data, strict=True)
    timeline = loads_ics(data)
    assert timeline == loads_ics(BRI)
    assert [note.action for note in timeline.info.notes] == ["the same event twice: kept once"]
    record("ics: duplicate UIDs", "clear error when strict, else kept once with a note")


@pytest.mark.parametrize("depth", [15, 16, 17, 1_000, 100_000])
def test_deep_nesting_is_refused_before_parsing(depth: int) -> None:
    data = (
        b"BEGIN:VCALENDAR\r\n"
        + b"BEGIN:X\r\n" * depth
        + b"END:X\r\n" * depth
        + b"END:VCALENDAR\r\n"
    )
    if depth + 1 <= Limits().max_depth:
        assert len(loads_ics(data)) == 0
        record("ics: deeply nested components", "handled")
        return
    with pytest.raises(
        ICalendarError, match=r"nest deeper than the limit of 16 \(Limits.max_depth\)"
    ):
        loads_ics(data)
    record("ics: deeply nested components", "clear error")
