"""The repairs of a lenient import (issue 15, point 1): each one noted, each refused when strict.

For every repair a small file in the style of the producer that writes it: a
lenient reading gives one note naming the file, the line, the UID, the property
and the value, and the same occurrences as the reference (icalendar with
recurring-ical-events, over the corpus window); ``strict=True`` raises an
ICalendarError at that very line. Components that are not read are listed, one
note for each name.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st
from tests._ics_corpus import WINDOW, reference

from bri_timeline import (
    AllDay,
    FloatingSpan,
    ICalendarError,
    Timeline,
    TimeSpan,
    from_ics,
    read_ics,
    to_ics,
)
from bri_timeline.formats.ical._timezones import timezone_component
from bri_timeline.notes import ImportNote


def _ics(*lines: str, calendar: bool = True) -> bytes:
    body = list(lines)
    if calendar:
        body = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//test//EN", *body, "END:VCALENDAR"]
    return ("\r\n".join(body) + "\r\n").encode("utf-8")


def _event(*lines: str, uid: str | None = "a1@example.com") -> list[str]:
    head = ["BEGIN:VEVENT"] + ([] if uid is None else [f"UID:{uid}"])
    return [*head, "DTSTAMP:20240101T000000Z", *lines, "END:VEVENT"]


BERLIN = ("DTSTART;TZID=Europe/Berlin:20240304T083000", "DTEND;TZID=Europe/Berlin:20240304T093000")


@attrs.frozen
class Case:
    """A file that needs one repair, and the note it gives."""

    name: str
    data: bytes
    line: int | None
    uid: str | None
    prop: str
    value: str | None
    action: str  # a part of the note's action


CASES = [
    Case(
        "bare VEVENT (icalendar's own test files, some exports of a single event)",
        _ics(*_event(*BERLIN), calendar=False),
        1,
        None,
        "VEVENT",
        None,
        "as if a VCALENDAR were around it",
    ),
    Case(
        "no UID (hand-written and older feeds)",
        _ics(*_event("SUMMARY:Talk", *BERLIN, uid=None)),
        4,
        None,
        "UID",
        None,
        "a hash of its lines",
    ),
    Case(
        "LAST-MODIFIED floating (Thunderbird-era exports)",
        _ics(*_event(*BERLIN, "LAST-MODIFIED:20190303T111937")),
        5,
        "a1@example.com",
        "LAST-MODIFIED",
        "20190303T111937",
        "floating time read as UTC",
    ),
    Case(
        "CREATED with a TZID",
        _ics(*_event(*BERLIN, "CREATED;TZID=Europe/Berlin:20190303T111937")),
        5,
        "a1@example.com",
        "CREATED",
        "20190303T111937",
        "converted to UTC",
    ),
    Case(
        "UID twice, two SEQUENCEs (Google export of an edited event)",
        _ics(*_event(*BERLIN, "SEQUENCE:0"), *_event(*BERLIN[:1], "DURATION:PT2H", "SEQUENCE:1")),
        12,
        "a1@example.com",
        "UID",
        "a1@example.com",
        "this one kept, as the latest",
    ),
    Case(
        "empty RRULE (calendarlabs.com holiday feeds)",
        _ics(*_event("DTSTART;VALUE=DATE:20240101", "RRULE:")),
        5,
        "a1@example.com",
        "RRULE",
        "",
        "no repeat",
    ),
    Case(
        "DTEND before DTSTART",
        _ics(*_event(BERLIN[1].replace("DTEND", "DTSTART"), BERLIN[0].replace("DTSTART", "DTEND"))),
        5,
        "a1@example.com",
        "DTEND",
        None,
        "swapped",
    ),
    Case(
        "DTEND a date-time while DTSTART is a date (an Outlook holiday)",
        _ics(*_event("DTSTART;VALUE=DATE:20230724", "DTEND:20230817T000000Z")),
        5,
        "a1@example.com",
        "DTEND",
        None,
        "midnight",
    ),
    Case(
        "ORGANIZER not a URI (Confluence calendars)",
        _ics(*_event(*BERLIN, "ORGANIZER;CN=Dana:X-CONFLUENCE-USER-KEY=8a4a")),
        5,
        "a1@example.com",
        "ORGANIZER",
        "X-CONFLUENCE-USER-KEY=8a4a",
        "kept as the name",
    ),
    Case(
        "empty CLASS",
        _ics(*_event(*BERLIN, "CLASS:")),
        5,
        "a1@example.com",
        "CLASS",
        "",
        "left out",
    ),
    Case(
        "VALARM without TRIGGER",
        _ics(*_event(*BERLIN, "BEGIN:VALARM", "ACTION:DISPLAY", "END:VALARM")[:-1], "END:VEVENT"),
        5,
        "a1@example.com",
        "VALARM",
        None,
        "alarm left out",
    ),
    Case(
        "two RRULEs (RFC 2445 allowed several)",
        _ics(*_event(*BERLIN, "RRULE:FREQ=WEEKLY;COUNT=3", "RRULE:FREQ=MONTHLY;COUNT=3")),
        5,
        "a1@example.com",
        "RRULE",
        "FREQ=WEEKLY;COUNT=3; FREQ=MONTHLY;COUNT=3",
        "their union",
    ),
]


def _vtimezone(tzid: str) -> list[str]:
    """Central European time as a VTIMEZONE (as Outlook defines it), under another name."""
    at = datetime(2024, 7, 4, tzinfo=UTC)
    text: str = timezone_component(ZoneInfo("Europe/Berlin"), at, at).to_ical().decode()
    return text.replace("TZID:Europe/Berlin", f"TZID:{tzid}").splitlines()


def _zoned(tzid: str) -> list[str]:
    return [f"DTSTART;TZID={tzid}:20240704T100000", f"DTEND;TZID={tzid}:20240704T110000"]


def _uid_line(data: bytes) -> int:
    return data.split(b"\r\n").index(b"UID:a1@example.com") + 1


WINDOWS = _ics(*_vtimezone("W. Europe Standard Time"), *_event(*_zoned("W. Europe Standard Time")))
CUSTOM = _ics(*_vtimezone("Customized Time Zone"), *_event(*_zoned("Customized Time Zone")))
CASES += [
    Case(
        "a Windows TZID (Outlook)",
        WINDOWS,
        _uid_line(WINDOWS),
        "a1@example.com",
        "DTSTART",
        "W. Europe Standard Time",
        "IANA zone 'Europe/Berlin'",
    ),
    Case(
        "a custom TZID (Exchange's Customized Time Zone)",
        CUSTOM,
        _uid_line(CUSTOM),
        "a1@example.com",
        "DTSTART",
        "Customized Time Zone",
        "the instant its VTIMEZONE gives",
    ),
]


CHANGE = "RECURRENCE-ID;TZID=Europe/Berlin:20240305T083000"
CASES.append(
    Case(
        "one occurrence changed twice with one SEQUENCE",
        _ics(
            *_event(*BERLIN, "RRULE:FREQ=DAILY;COUNT=3"),
            *_event(CHANGE, "DTSTART;TZID=Europe/Berlin:20240305T120000", "DURATION:PT1H"),
            *_event(CHANGE, "DTSTART;TZID=Europe/Berlin:20240305T150000", "DURATION:PT1H"),
        ),
        19,
        "a1@example.com",
        "RECURRENCE-ID",
        None,
        "the first kept",
    )
)


def _change_line(data: bytes) -> int:
    return next(n for n, line in enumerate(data.split(b"\r\n"), 1) if b"RECURRENCE-ID" in line)


_WEEKLY = ("DTSTART;VALUE=DATE:20240701", "RRULE:FREQ=WEEKLY;COUNT=4")
EXCLUDED = _ics(
    *_event(*_WEEKLY, "EXDATE;VALUE=DATE:20240708", "SEQUENCE:2"),
    *_event("RECURRENCE-ID;VALUE=DATE:20240708", "DTSTART;VALUE=DATE:20240709", "SEQUENCE:1"),
)
OLDER = _ics(
    *_event("DTSTART;VALUE=DATE:20240701", "RRULE:FREQ=WEEKLY;UNTIL=20240720", "SEQUENCE:2"),
    *_event("RECURRENCE-ID;VALUE=DATE:20240729", "DTSTART;VALUE=DATE:20240729", *_WEEKLY[1:]),
)
REPEATING = _ics(
    *_event(*_WEEKLY, "SEQUENCE:1"),
    *_event("RECURRENCE-ID;VALUE=DATE:20240708", "DTSTART;VALUE=DATE:20240709", *_WEEKLY[1:]),
)
MIDNIGHT = _ics(
    *_event(*_WEEKLY),
    *_event("RECURRENCE-ID;TZID=Europe/London:20240708T000000", "DTSTART;VALUE=DATE:20240709"),
)
CASES += [
    Case(
        "a change of an occurrence the series' EXDATE removes (a deleted change)",
        EXCLUDED,
        _change_line(EXCLUDED),
        "a1@example.com",
        "RECURRENCE-ID",
        "20240708",
        "left out",
    ),
    Case(
        "a change of an older version of the series, with its own RRULE",
        OLDER,
        _change_line(OLDER),
        "a1@example.com",
        "RRULE",
        "FREQ=WEEKLY;COUNT=4",
        "left out",
    ),
    Case(
        "a change with an RRULE of its own (a copy of the series' rule)",
        REPEATING,
        _change_line(REPEATING),
        "a1@example.com",
        "RRULE",
        "FREQ=WEEKLY;COUNT=4",
        "left out",
    ),
    Case(
        "a date-time RECURRENCE-ID on an all-day series (Outlook)",
        MIDNIGHT,
        _change_line(MIDNIGHT),
        "a1@example.com",
        "RECURRENCE-ID",
        "20240708T000000",
        "its day taken",
    ),
]


NEGATIVE_COUNT = _ics(*_event(_WEEKLY[0], "RRULE:FREQ=WEEKLY;UNTIL=20240801;COUNT=-1"))
CASES += [
    Case(
        "COUNT=-1 beside an UNTIL (an export meaning no count)",
        NEGATIVE_COUNT,
        _uid_line(NEGATIVE_COUNT),
        "a1@example.com",
        "RRULE",
        "FREQ=WEEKLY;UNTIL=20240801;COUNT=-1",
        "COUNT left out",
    ),
]


NO_ZONE = _ics(*_event("DTSTART;TZID=CUSTOM_tzid:20140829T080000"))
CASES.append(
    Case(
        "a TZID that no VTIMEZONE defines and that is no IANA name",
        NO_ZONE,
        _uid_line(NO_ZONE),
        "a1@example.com",
        "DTSTART",
        "CUSTOM_tzid",
        "floating",
    )
)


_DAILY = (*BERLIN, "RRULE:FREQ=DAILY;COUNT=4")
FLOATING_RDATE = _ics(*_event(*_DAILY, "RDATE:20240310T120000"))
FLOATING_EXDATE = _ics(*_event(*_DAILY, "EXDATE:20240305T083000"))
FLOATING_PERIOD = _ics(*_event(*BERLIN, "RDATE;VALUE=PERIOD:20240311T080000/PT30M"))


def _line_of(data: bytes, name: str) -> int:
    lines = data.split(b"\r\n")
    return next(n for n, line in enumerate(lines, 1) if line.startswith(name.encode()))


CASES += [
    Case(
        f"a floating {name} on a zoned series (icalendar's issue 1633 file)",
        data,
        _line_of(data, name),
        "a1@example.com",
        name,
        value,
        "read on the clock of DTSTART",
    )
    for name, value, data in (
        ("RDATE", "20240310T120000", FLOATING_RDATE),
        ("EXDATE", "20240305T083000", FLOATING_EXDATE),
        ("RDATE", "20240311T080000", FLOATING_PERIOD),
    )
]


def _fixed_zone(tzid: str, offset: str) -> list[str]:
    """A VTIMEZONE of one fixed offset (``+0530``), under a name that is no IANA one."""
    rule = ["DTSTART:16010101T000000", f"TZOFFSETFROM:{offset}", f"TZOFFSETTO:{offset}"]
    standard = ["BEGIN:STANDARD", *rule, "END:STANDARD"]
    return ["BEGIN:VTIMEZONE", f"TZID:{tzid}", *standard, "END:VTIMEZONE"]


@pytest.mark.parametrize("offsets", [("+0530", "-0300", "+0530"), ("-0300", "+0930", "+0100")])
def test_each_file_reads_a_custom_tzid_by_its_own_vtimezone(offsets: tuple[str, ...]) -> None:
    # icalendar keeps the first definition of a TZID for the whole process; two Outlook
    # exports that both define "Customized Time Zone" differently are each read by their own.
    for offset in offsets:
        data = _ics(*_fixed_zone("bri custom zone", offset), *_event(*_zoned("bri custom zone")))
        (event,) = from_ics(data)
        assert isinstance(event.time, TimeSpan)
        sign = -1 if offset[0] == "-" else 1
        hours, minutes = int(offset[1:3]), int(offset[3:])
        expected = sign * timedelta(hours=hours, minutes=minutes)
        assert event.time.start.utcoffset() == expected, offset
        assert event.time.start.replace(tzinfo=None) == datetime(2024, 7, 4, 10)


def test_a_windows_tzid_keeps_the_iana_zone() -> None:
    (event,) = from_ics(WINDOWS)
    assert isinstance(event.time, TimeSpan)
    assert str(event.time.start.tzinfo) == "Europe/Berlin"
    assert event.time.start == datetime(2024, 7, 4, 8, tzinfo=UTC)


def _window() -> AllDay:
    first, end = WINDOW
    return AllDay(first, date.fromordinal(end.toordinal() - 1))


def _starts(timeline: Timeline) -> set[date | datetime]:
    found: set[date | datetime] = set()
    for event in timeline:
        if isinstance(event.time, TimeSpan):
            found.add(event.time.start.astimezone(UTC))
        elif isinstance(event.time, FloatingSpan):
            found.add(event.time.start)
        else:
            assert isinstance(event.time, AllDay)
            found.add(event.time.first)
    return found


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_a_lenient_reading_repairs_and_notes_it(case: Case, tmp_path: Path) -> None:
    path = tmp_path / "cal.ics"
    path.write_bytes(case.data)
    timeline = read_ics(path)
    notes = [note for note in timeline.info.notes if note.property == case.prop]
    assert len(notes) == 1, timeline.info.notes
    (note,) = notes
    assert (note.file, note.line, note.uid, note.property) == (
        str(path),
        case.line,
        case.uid,
        case.prop,
    )
    if case.value is not None:
        assert note.value == case.value
    assert case.action in note.action
    assert note.skipped == 0


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_a_repaired_file_gives_the_references_occurrences(case: Case, tmp_path: Path) -> None:
    path = tmp_path / "cal.ics"
    path.write_bytes(case.data)
    expected = reference(path)
    assert expected.occurrences is not None, expected.error
    ours = read_ics(path, window=_window())
    assert _starts(ours) == {start for _, start in expected.occurrences}


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_a_strict_reading_refuses_it_at_that_line(case: Case) -> None:
    with pytest.raises(ICalendarError) as caught:
        from_ics(case.data, path="cal.ics", strict=True)
    assert caught.value.line == case.line
    assert caught.value.prop == case.prop


def test_notes_come_in_file_order_and_nothing_else_changes_equality() -> None:
    data = _ics(
        *_event("SUMMARY:b", *BERLIN, "CLASS:", uid=None),
        *_event(*BERLIN, "LAST-MODIFIED:20190303T111937", uid="z@example.com"),
    )
    timeline = from_ics(data)
    lines = [note.line or 0 for note in timeline.info.notes]
    assert lines == sorted(lines)
    assert len(lines) == 3
    # The notes are about the reading, not the timeline: equal to one built without them.
    assert timeline == Timeline(list(timeline), info=attrs.evolve(timeline.info, notes=()))


def test_a_uid_used_twice_by_two_different_events_tells_them_apart() -> None:
    data = _ics(*_event(*BERLIN, "SUMMARY:one"), *_event(*BERLIN, "SUMMARY:two"))
    timeline = from_ics(data)
    assert sorted(event.title for event in timeline) == ["one", "two"]
    kept, other = sorted(timeline, key=lambda event: event.title)
    assert kept.id == "a1@example.com"
    assert other.id.startswith("a1@example.com-")
    assert other.uid is None  # it exports with the UID its id gives, not a second copy of a1
    exported = to_ics(timeline)
    assert exported.count(b"UID:a1@example.com\r\n") == 1
    assert from_ics(exported) == timeline


def test_the_same_event_twice_is_kept_once() -> None:
    data = _ics(*_event(*BERLIN), *_event(*BERLIN))
    timeline = from_ics(data)
    assert len(timeline) == 1
    assert [note.action for note in timeline.info.notes] == ["the same event twice: kept once"]


def test_components_not_read_are_listed_once_for_each_name_and_never_refused() -> None:
    todo = ["BEGIN:VTODO", "UID:t", "DTSTAMP:20240101T000000Z", "SUMMARY:do", "END:VTODO"]
    busy = ["BEGIN:VFREEBUSY", "UID:f", "DTSTAMP:20240101T000000Z", "END:VFREEBUSY"]
    data = _ics(*todo, *_event(*BERLIN), *todo, *busy, "BEGIN:X-THING", "END:X-THING")
    for strict in (False, True):
        timeline = from_ics(data, path="cal.ics", strict=strict)
        assert len(timeline) == 1
        assert [(note.property, note.line, note.skipped) for note in timeline.info.notes] == [
            ("VTODO", 4, 2),
            ("VFREEBUSY", 20, 1),
            ("X-THING", 24, 1),
        ]


def test_a_clean_file_has_no_notes_and_round_trips() -> None:
    timeline = from_ics(_ics(*_event(*BERLIN)))
    assert timeline.info.notes == ()
    assert from_ics(to_ics(timeline)) == timeline


def test_notes_are_checked_when_given() -> None:
    from bri_timeline import InvalidArgument, TimelineInfo

    with pytest.raises(InvalidArgument, match="notes"):
        TimelineInfo(notes=["not a note"])
    note = ImportNote("a.ics", 1, None, "UID", None, "read")
    assert TimelineInfo(notes=[note]).notes == (note,)


@pytest.mark.parametrize("strict", [1, "yes", None])
def test_strict_must_be_a_bool(strict: object) -> None:
    from bri_timeline import InvalidArgument

    with pytest.raises(InvalidArgument, match="strict"):
        from_ics(_ics(*_event(*BERLIN)), strict=strict)  # type: ignore[arg-type]


_SUMMARIES = st.text(st.characters(codec="ascii", categories=["L", "N"]), min_size=1, max_size=20)


@given(st.lists(_SUMMARIES, min_size=1, max_size=5, unique=True))
def test_an_event_without_uid_gets_a_stable_id_distinct_for_each_content(
    summaries: list[str],
) -> None:
    data = _ics(
        *(line for title in summaries for line in _event(f"SUMMARY:{title}", *BERLIN, uid=None))
    )
    first, again = from_ics(data), from_ics(data)
    assert [event.id for event in first] == [event.id for event in again]
    assert len({event.id for event in first}) == len(summaries)
    assert all(event.uid is None for event in first)
    assert len(first.info.notes) == len(summaries)


@given(st.lists(_SUMMARIES, min_size=1, max_size=4, unique=True))
def test_stripping_vcalendar_gives_the_same_events_and_one_note_per_component(
    summaries: list[str],
) -> None:
    events = [
        line for title in summaries for line in _event(f"SUMMARY:{title}", *BERLIN, uid=title)
    ]
    wrapped, bare = from_ics(_ics(*events)), from_ics(_ics(*events, calendar=False))
    assert list(bare) == list(wrapped)
    assert [note.property for note in bare.info.notes] == ["VEVENT"] * len(summaries)
    assert wrapped.info.notes == ()


def test_a_file_with_no_whole_component_is_an_empty_calendar_as_icalendar_reads_it() -> None:
    data = b"BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:x\r\nEND:VEV"  # cut short (icalendar's tests)
    timeline = from_ics(data, path="cut.ics")
    assert len(timeline) == 0
    assert [(note.line, note.property) for note in timeline.info.notes] == [(1, "VCALENDAR")]
    with pytest.raises(ICalendarError, match=r"cut\.ics: has no VCALENDAR"):
        from_ics(data, path="cut.ics", strict=True)
