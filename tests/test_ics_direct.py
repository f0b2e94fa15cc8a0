"""The direct reader (issue 15, point 6) against the icalendar engine, its oracle.

The default ``engine="direct"`` reads the plain VEVENTs of a file straight from its
lines (``formats/ical/_direct.py``) and leaves any other file to
``engine="icalendar"``. For every file, the two must give the same timeline (its
events and its info, notes included) or the same error. The files: generated
plain feeds, which the direct reader must read itself; the same feeds mangled
byte by byte; every real calendar of the corpus; and one file for each thing the
direct reader leaves to icalendar.
"""

from __future__ import annotations

import contextlib
import re
import warnings
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any
from unittest import mock
from zoneinfo import ZoneInfo

import attrs
import pytest
from hypothesis import example, given
from hypothesis import strategies as st
from tests._ics_corpus import corpus_files, corpus_name, window
from tests.test_fuzz_ics import ics_mangled

from bri_timeline import (
    AllDay,
    Attendee,
    Classification,
    Event,
    EventStatus,
    Extra,
    FeedError,
    ICalendarError,
    Inference,
    InvalidArgument,
    Limits,
    Location,
    Organizer,
    Participant,
    Recurrence,
    Source,
    Time,
    Timeline,
    TimelineInfo,
    TimeSpan,
    Transparency,
    Vague,
    from_ics,
    load_bri,
    read_ics,
    to_ics,
)
from bri_timeline.formats.ical import read
from bri_timeline.formats.ical._direct import plain_events
from bri_timeline.formats.ical._mapping import DEFAULT_DOMAIN
from bri_timeline.model.kinds import STATUSES, EventKind
from bri_timeline.model.recurrence import occurrences
from bri_timeline.strategies import (
    alarms,
    all_day_spans,
    attachments,
    attendees,
    aware_datetimes,
    open_ended,
    organizers,
    partial_dates,
    recurrences,
    texts,
    timed_spans,
    timelines,
    vague_times,
)

Outcome = tuple[list[Event], object] | str


def outcome(data: bytes, **options: object) -> Outcome:
    """The events and info of a reading, or its error's message."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            timeline = from_ics(data, path="cal.ics", **options)  # type: ignore[arg-type]
    except ICalendarError as error:
        return str(error)
    return list(timeline), timeline.info


def assert_engines_agree(data: bytes, **options: object) -> Outcome:
    direct = outcome(data, **options)
    assert direct == outcome(data, engine="icalendar", **options)
    return direct


def read_alike(data: bytes, **options: object) -> tuple[list[Event], TimelineInfo]:
    """The events and info that both engines read from a file they both read."""
    found = assert_engines_agree(data, **options)
    assert not isinstance(found, str), found
    events, info = found
    assert isinstance(info, TimelineInfo)
    return events, info


def given_to_icalendar(data: bytes, **options: object) -> list[bytes | str]:
    """What the icalendar engine is given to read when ``data`` is read by the default engine."""
    given: list[bytes | str] = []
    engine = read._icalendar_events

    def spy(data: bytes | str, path: str, options: Any) -> tuple[list[Event], TimelineInfo]:
        given.append(data)
        return engine(data, path, options)

    with mock.patch.object(read, "_icalendar_events", spy), contextlib.suppress(ICalendarError):
        from_ics(data, **options)  # type: ignore[arg-type]
    return given


_DATED = re.compile(rb"BEGIN:V(?:EVENT|TODO|JOURNAL)")


def is_direct(data: bytes) -> bool:
    """Whether the direct reader reads every dated component of the file itself.

    The icalendar engine then reads only the shell: bytes of their own, with no
    VEVENT, VTODO or VJOURNAL.
    """
    return all(
        item is not data and not _DATED.search(as_bytes(item)) for item in given_to_icalendar(data)
    )


def as_bytes(data: bytes | str) -> bytes:
    return data if isinstance(data, bytes) else data.encode()


_IDS = st.from_regex(r"[a-z][a-z0-9-]{0,8}", fullmatch=True)
_STAMPS = aware_datetimes(min_year=1990, max_year=2030).map(lambda value: value.astimezone(UTC))


_EXTRAS = st.builds(
    Extra,
    st.from_regex(r"X-[A-Z0-9-]{1,12}", fullmatch=True).filter(lambda n: not n.startswith("X-BRI")),
    st.from_regex(r"[ -~]{0,20}", fullmatch=True),
)


def _in_ical(time: Vague) -> bool:
    """Whether a feed can carry it: its widest span lies within the years 1 to 9999."""
    try:
        to_ics(Timeline([Event("v", "v", time)]))
    except FeedError:
        return False
    return True


_VAGUE = vague_times(min_year=1000, max_year=2999).filter(_in_ical)
_NZ = ZoneInfo("Pacific/Chatham")
_STATUSES = list(STATUSES[EventKind.EVENT])


_WORDS = texts(min_size=1).filter(str.strip)
_PARTICIPANTS = st.builds(
    Participant, _WORDS, role=st.none() | _WORDS, organization=st.none() | _WORDS
)
_SOURCES = st.builds(Source, _WORDS, document=st.none() | _WORDS, locator=st.none() | _WORDS)
_INFERENCES = st.builds(Inference, _WORDS, _WORDS)


def _plain_person(person: Organizer | Attendee) -> bool:
    """Whether its parameters are written without RFC 6868 escapes, which icalendar reads."""
    texts = [person.name, getattr(person, "title", None), getattr(person, "organization", None)]
    return not any(text and re.search('["^\n]', text) for text in texts)


def _repeating(draw: st.DrawFn, time: Time) -> Recurrence | None:
    """None, or a rule as an RRULE writes it exactly, with EXDATEs of some of its starts.

    Daily or coarser, and ending within about a year, so that a window expands few.
    """
    if not isinstance(time, TimeSpan | AllDay) or draw(st.booleans()):
        return None
    rule = attrs.evolve(draw(recurrences(all_day=True, endless=False)), until=None, count=None)
    later = timedelta(days=draw(st.integers(1, 400)))
    if draw(st.booleans()):
        rule = attrs.evolve(rule, count=draw(st.integers(1, 20)))
    elif isinstance(time, AllDay):  # UNTIL is a day for an all-day event, a UTC time for another
        rule = attrs.evolve(rule, until=time.first + later)
    else:
        last = time.start.astimezone(UTC) + later
        rule = attrs.evolve(rule, until=last.replace(microsecond=0))
    probe = Event("probe", "probe", time, recurrence=attrs.evolve(rule, count=4, until=None))
    starts: list[date] = []
    for item in occurrences(probe):
        assert isinstance(item, TimeSpan | AllDay)
        starts.append(item.start if isinstance(item, TimeSpan) else item.first)
    skipped = draw(st.lists(st.sampled_from(starts), max_size=2, unique=True))
    return attrs.evolve(rule, exdates=skipped)


@st.composite
def plain_timelines(draw: st.DrawFn) -> Timeline:
    """Timelines of the events the direct reader reads itself (with a window, but repeats)."""
    ids = draw(st.lists(_IDS, max_size=5, unique=True))
    times = [
        draw(all_day_spans() | timed_spans() | partial_dates() | open_ended() | _VAGUE) for _ in ids
    ]
    return Timeline(
        Event(
            event_id,
            draw(texts(min_size=1).filter(str.strip)),
            when,
            recurrence=_repeating(draw, when),
            description=draw(texts()),
            location=draw(st.none() | texts(min_size=1).filter(str.strip).map(Location)),
            categories=draw(st.lists(texts(min_size=1).filter(str.strip), max_size=3, unique=True)),
            revision=draw(st.integers(0, 1000)),
            updated=draw(st.none() | _STAMPS),
            created=draw(st.none() | _STAMPS),
            status=draw(st.none() | st.sampled_from(_STATUSES)),
            transparency=draw(st.sampled_from(list(Transparency))),
            extras=draw(st.lists(_EXTRAS, max_size=2, unique_by=lambda extra: extra.name)),
            participants=draw(st.lists(_PARTICIPANTS, max_size=2)),
            source=draw(st.none() | _SOURCES),
            inferred=draw(st.lists(_INFERENCES, max_size=2)),
            organizer=draw(st.none() | organizers().filter(_plain_person)),
            attendees=draw(st.lists(attendees().filter(_plain_person), max_size=2)),
            alarms=draw(st.lists(alarms(), max_size=2)),
            attachments=draw(st.lists(attachments(), max_size=2)),
            classification=draw(st.none() | st.sampled_from([*Classification, "X-OTHER"])),
            priority=draw(st.integers(0, 9)),
        )
        for event_id, when in zip(ids, times, strict=True)
    )


# A time in a repeated hour, which our feed writes with X-BRI-EDTF (found by a long pass).
@example(Timeline([Event("a", "0", TimeSpan(datetime(2040, 4, 1, 2, 45, fold=1, tzinfo=_NZ)))]))
@given(plain_timelines())
def test_plain_feeds_are_read_directly_as_icalendar_reads_them(timeline: Timeline) -> None:
    feed = to_ics(timeline)
    assert is_direct(feed)
    events, _ = read_alike(feed)
    assert events == list(timeline)


@given(plain_timelines().map(to_ics).flatmap(ics_mangled), st.booleans())
def test_mangled_plain_feeds_read_alike_by_both_engines(data: bytes, windowed: bool) -> None:
    assert_engines_agree(data, window=window() if windowed else None)


@given(plain_timelines(), st.booleans())
def test_strict_reading_and_a_window_read_alike(timeline: Timeline, strict: bool) -> None:
    feed = to_ics(timeline)
    assert_engines_agree(feed, strict=strict, window=window())


@given(plain_timelines(), st.integers(1, 8), st.integers(20, 400), st.integers(200, 4000))
def test_the_limits_are_the_same_for_both_engines(
    timeline: Timeline, components: int, line_bytes: int, size: int
) -> None:
    limits = Limits(max_components=components, max_line_bytes=line_bytes, max_bytes=size)
    assert_engines_agree(to_ics(timeline), limits=limits)


@pytest.mark.parametrize("path", corpus_files(), ids=corpus_name)
def test_each_corpus_file_is_read_alike_by_both_engines(path: Path) -> None:
    data = path.read_bytes()
    assert_engines_agree(data)
    assert_engines_agree(data, window=window())


def _calendar(*lines: str) -> bytes:
    return "".join(f"{line}\r\n" for line in ["BEGIN:VCALENDAR", *lines, "END:VCALENDAR"]).encode()


_GOOGLE_EVENT = [
    "BEGIN:VEVENT",
    "DTSTART;TZID=America/Lima:20241114T093000",
    "DTEND;TZID=America/Lima:20241114T110000",
    "DTSTAMP:20241101T120000Z",
    "UID:7kq9@google.com",
    "CREATED:20241020T081500Z",
    "LAST-MODIFIED:20241021T090000Z",
    "DESCRIPTION:Opening of the port\\, phase one\\nSecond line",
    "LOCATION:Chancay\\, Peru",
    "SEQUENCE:2",
    "STATUS:CONFIRMED",
    "SUMMARY:Chancay port",
    "TRANSP:OPAQUE",
    "CATEGORIES:port,trade",
    "X-MICROSOFT-CDO-BUSYSTATUS:BUSY",
    "X-ALT:a,b\\,c\\nd;e",
    "END:VEVENT",
]
_HEAD = ["VERSION:2.0", "PRODID:-//Google Inc//Google Calendar 70.9054//EN", "X-WR-CALNAME:BRI"]


def test_a_google_style_export_is_read_directly() -> None:
    data = _calendar(*_HEAD, *_GOOGLE_EVENT)
    assert is_direct(data)
    events, info = read_alike(data)
    (event,) = events
    assert event.uid == "7kq9@google.com"
    lima = ZoneInfo("America/Lima")
    assert event.time == TimeSpan(
        datetime(2024, 11, 14, 9, 30, tzinfo=lima), datetime(2024, 11, 14, 11, tzinfo=lima)
    )
    assert event.location == Location("Chancay, Peru")
    assert event.categories == ("port", "trade")
    assert event.description == "Opening of the port, phase one\nSecond line"
    assert (event.revision, event.status, event.transparency) == (
        2,
        EventStatus.CONFIRMED,
        Transparency.OPAQUE,
    )
    assert info.name == "BRI"
    assert event.extras == (
        Extra("X-ALT", "a,b\\,c\\nd;e"),  # as it came, escapes and all
        Extra("X-MICROSOFT-CDO-BUSYSTATUS", "BUSY"),
    )


def test_control_characters_are_dropped_as_the_engine_drops_them_without_leaving_the_file() -> None:
    data = _calendar(*_with("SUMMARY", "SUMMARY:Chancay\x01 port"))
    assert is_direct(data)
    events, _ = read_alike(data)
    assert events[0].title == "Chancay port"


def _with(old: str, *new: str) -> list[str]:
    index = next(i for i, line in enumerate(_GOOGLE_EVENT) if line.startswith(old))
    return [*_GOOGLE_EVENT[:index], *new, *_GOOGLE_EVENT[index + 1 :]]


def _alarmed(*lines: str) -> bytes:
    return _calendar(*_with("TRANSP", "TRANSP:OPAQUE", "BEGIN:VALARM", *lines, "END:VALARM"))


def _rule(*lines: str) -> bytes:
    return _calendar(*_with("SEQUENCE", "SEQUENCE:2", *lines))


_LEFT_TO_ICALENDAR = {
    "an RDATE": _calendar(*_with("SEQUENCE", "SEQUENCE:2", "RDATE:20241120T143000Z")),
    "COUNT with UNTIL": _rule("RRULE:FREQ=DAILY;COUNT=3;UNTIL=20250101T000000Z"),
    "two RRULEs": _rule("RRULE:FREQ=DAILY;COUNT=3", "RRULE:FREQ=WEEKLY;COUNT=2"),
    "a floating UNTIL": _rule("RRULE:FREQ=DAILY;UNTIL=20250101T000000"),
    "an RRULE with a parameter": _rule("RRULE;X-A=b:FREQ=DAILY;COUNT=3"),
    "an RRULE in lower case": _rule("RRULE:freq=daily;count=3"),
    "an RRULE part of its own": _rule("RRULE:FREQ=DAILY;COUNT=3;X-NAME=A"),
    "an RRULE part given twice": _rule("RRULE:FREQ=DAILY;COUNT=3;COUNT=4"),
    "an RRULE that never matches": _rule("RRULE:FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30"),
    "an RRULE the model refuses": _rule("RRULE:FREQ=DAILY;INTERVAL=0"),
    "an EXDATE alone": _calendar(*_with("SEQUENCE", "EXDATE:20241115T143000Z")),
    "a day EXDATE of a timed series": _rule("RRULE:FREQ=DAILY", "EXDATE;VALUE=DATE:20241115"),
    "an EXDATE in a zone of the file": _rule(
        "RRULE:FREQ=DAILY", "EXDATE;TZID=Customized Time Zone:20241115T093000"
    ),
    "an alarm without TRIGGER": _alarmed("ACTION:DISPLAY"),
    "an alarm RELATED to neither end": _alarmed("ACTION:DISPLAY", "TRIGGER;RELATED=ENDE:PT5M"),
    "an alarm with a local TRIGGER": _alarmed(
        "ACTION:DISPLAY", "TRIGGER;VALUE=DATE-TIME:20241113T1200"
    ),
    # icalendar parses every property of a VALARM by its type, and refuses the file for one
    # that is not of it (found by CI's random pass, seed 3817849309).
    "an alarm with a SEQUENCE of 5000 digits": _alarmed(
        "ACTION:DISPLAY", "TRIGGER:-PT5M", "SEQUENCE:" + "9" * 5000
    ),
    "an e-mail alarm with a malformed TRIGGER": _alarmed("ACTION:EMAIL", "TRIGGER:-PXM"),
    "an e-mail alarm with a REPEAT of 5000 digits": _alarmed(
        "ACTION:EMAIL", "TRIGGER:-P1D", "REPEAT:" + "9" * 5000
    ),
    "an alarm with an inline sound": _alarmed(
        "ACTION:AUDIO", "TRIGGER:-PT5M", "ATTACH;ENCODING=BASE64;VALUE=BINARY:!!"
    ),
    "an alarm with a time icalendar refuses": _alarmed(
        "ACTION:DISPLAY", "TRIGGER:-PT5M", "ACKNOWLEDGED:20241399T000000Z"
    ),
    "an X- property with a parameter": _calendar(
        *_with("TRANSP", "X-APPLE-TRAVEL-ADVISORY-BEHAVIOR;X-A=b:AUTOMATIC")
    ),
    "an X- property given twice": _calendar(*_with("TRANSP", "X-A:1", "X-A:2")),
    "an IANA property with no field": _calendar(*_with("TRANSP", "COMMENT:a,b")),
    "one of our X-BRI- properties": _calendar(*_with("TRANSP", "X-BRI-ID:chancay")),
    "an attendee with an RFC 6868 escape": _calendar(
        *_with("TRANSP", "ATTENDEE;CN=Ana ^'la^':mailto:ana@example.org")
    ),
    "an attendee with no URI": _calendar(*_with("TRANSP", "ATTENDEE;CN=Ana:Ana Torres")),
    "an inline attachment": _calendar(
        *_with("TRANSP", "ATTACH;ENCODING=BASE64;VALUE=BINARY:UGVydQ==")
    ),
    "an attachment with no URI": _calendar(*_with("TRANSP", "ATTACH:agenda")),
    "a CLASS that is no token": _calendar(*_with("TRANSP", "CLASS:top secret")),
    "a PRIORITY past 9": _calendar(*_with("TRANSP", "PRIORITY:10")),
    "a PRIORITY with a sign": _calendar(*_with("TRANSP", "PRIORITY:+5")),
    "two organizers": _calendar(
        *_with("TRANSP", "ORGANIZER:mailto:a@example.org", "ORGANIZER:mailto:b@example.org")
    ),
    "a floating time": _calendar(
        *_with("DTSTART", "DTSTART:20241114T093000"), "X-WR-TIMEZONE:America/Lima"
    ),
    "a TZID of the file": _calendar(
        *_with("DTSTART", "DTSTART;TZID=Customized Time Zone:20241114T093000")
    ),
    "a parameter": _calendar(*_with("SUMMARY", "SUMMARY;LANGUAGE=es:Puerto de Chancay")),
    "a repeated property": _calendar(*_with("SUMMARY", "SUMMARY:a", "SUMMARY:b")),
    "no UID": _calendar(*_with("UID")),
    "a UID given twice": _calendar(*_GOOGLE_EVENT, *_GOOGLE_EVENT),
    "DTEND before DTSTART": _calendar(*_with("DTEND", "DTEND;TZID=America/Lima:20241113T110000")),
    "a DATE DTEND after a date-time": _calendar(*_with("DTEND", "DTEND;VALUE=DATE:20241115")),
    "a lower-case TRANSP": _calendar(*_with("TRANSP", "TRANSP:opaque")),
    "LAST-MODIFIED not in UTC": _calendar(*_with("LAST-MODIFIED", "LAST-MODIFIED:20241021T090000")),
    "a to-do": _calendar(
        *_GOOGLE_EVENT, "BEGIN:VTODO", "UID:t", "DUE;VALUE=DATE:20241120", "END:VTODO"
    ),
    "a bare VEVENT": "".join(f"{line}\r\n" for line in _GOOGLE_EVENT).encode(),
    "a blank line": _calendar(*_with("TRANSP", "TRANSP:OPAQUE", "")),
    "an unknown X-WR-TIMEZONE": _calendar("X-WR-TIMEZONE:Mars/Olympus", *_GOOGLE_EVENT),
    "a day that does not exist": _calendar(*_with("CREATED", "CREATED:20241320T081500Z")),
    "a SEQUENCE of 5000 digits": _calendar(*_with("SEQUENCE", "SEQUENCE:" + "9" * 5000)),
    # A wall time the clocks skip: the engine moves it by the gap (RFC 5545 3.3.5).
    "a start the clocks skip": _calendar(
        *_with("DTSTART", "DTSTART;TZID=Europe/Madrid:20240331T023000")
    ),
    "an end the clocks skip": _calendar(
        *_with("DTEND", "DTEND;TZID=America/New_York:20250309T023000")
    ),
}


@pytest.mark.parametrize("data", _LEFT_TO_ICALENDAR.values(), ids=_LEFT_TO_ICALENDAR)
@pytest.mark.parametrize("strict", [False, True])
def test_what_the_direct_reader_leaves_to_icalendar_is_read_alike(
    data: bytes, strict: bool
) -> None:
    assert not is_direct(data)
    assert_engines_agree(data, strict=strict)


def test_the_shell_keeps_the_calendar_and_its_zones() -> None:
    apec = Event(
        "apec", "APEC", TimeSpan(datetime(2024, 11, 14, 9, tzinfo=ZoneInfo("America/Lima")))
    )
    data = to_ics(Timeline([apec], info=TimelineInfo("BRI", description="Belt and Road")))
    read = plain_events(data, "cal.ics", Limits(), DEFAULT_DOMAIN)
    assert read is not None
    assert b"VEVENT" not in read.shell
    assert from_ics(read.shell).info == from_ics(data).info


def test_a_file_is_read_alike_by_read_ics(tmp_path: Path) -> None:
    path = tmp_path / "cal.ics"
    path.write_bytes(_calendar(*_HEAD, *_GOOGLE_EVENT))
    assert read_ics(path) == read_ics(path, engine="icalendar")


@pytest.mark.parametrize("engine", ["ical", "", None, "DIRECT"])
def test_an_unknown_engine_is_refused(engine: object) -> None:
    with pytest.raises(InvalidArgument, match="engine"):
        from_ics(_calendar(*_GOOGLE_EVENT), engine=engine)  # type: ignore[arg-type]


def test_the_day_of_an_all_day_event() -> None:
    data = _calendar("BEGIN:VEVENT", "UID:a", "DTSTART;VALUE=DATE:20241114", "END:VEVENT")
    assert is_direct(data)
    events, _ = read_alike(data)
    assert events[0].time == AllDay(date(2024, 11, 14))


_PLAIN_EVENT = [line.replace("7kq9@google.com", "plain@example.org") for line in _GOOGLE_EVENT]


def _beside_a_plain_event(data: bytes) -> bytes:
    """The file with a plain VEVENT of another UID first in its calendar (or first, if bare)."""
    event = "".join(f"{line}\r\n" for line in _PLAIN_EVENT).encode()
    head = b"BEGIN:VCALENDAR\r\n"
    return head + event + data[len(head) :] if data.startswith(head) else event + data


_WHOLE = {
    "a blank line",  # the lines need a repair, which icalendar makes without a note
    "an attendee with an RFC 6868 escape",  # the shell does not write one back
}
"""The cases read cleanly whose whole file is still left to icalendar."""


@pytest.mark.parametrize("case", _LEFT_TO_ICALENDAR)
@pytest.mark.parametrize("strict", [False, True])
def test_beside_what_is_left_to_icalendar_a_plain_event_is_still_read_directly(
    case: str, strict: bool
) -> None:
    """Only the components that are not plain go to icalendar, as a calendar of their own.

    But where that reading needs a note or an error (whose lines must be the
    file's), or the file is no calendar, or is one of :data:`_WHOLE`: then the
    icalendar engine reads the whole file.
    """
    mixed = _beside_a_plain_event(_LEFT_TO_ICALENDAR[case])
    found = assert_engines_agree(mixed, strict=strict)
    given = given_to_icalendar(mixed, strict=strict)
    if given[-1] is mixed:
        assert isinstance(found, str) or found[1].notes or case in _WHOLE  # type: ignore[attr-defined]
    else:
        (shell,) = given
        assert len(_DATED.findall(as_bytes(shell))) == 1
        assert b"plain@example.org" not in as_bytes(shell)


@given(timelines(max_size=6), st.booleans())
def test_generated_feeds_of_every_field_are_read_alike_by_both_engines(
    timeline: Timeline, windowed: bool
) -> None:
    """Repeats, changed occurrences, people, alarms, kinds: the plain events read directly."""
    events, _ = read_alike(to_ics(timeline), window=window() if windowed else None)
    if not windowed:
        assert events == list(timeline)


@given(timelines(max_size=4).map(to_ics).flatmap(ics_mangled), st.booleans())
def test_mangled_feeds_of_every_field_read_alike_by_both_engines(
    data: bytes, windowed: bool
) -> None:
    assert_engines_agree(data, window=window() if windowed else None)


def test_a_uid_on_a_plain_event_and_on_a_change_of_it_is_read_as_one_series() -> None:
    change = [
        "BEGIN:VEVENT",
        "UID:7kq9@google.com",
        "RECURRENCE-ID;TZID=America/Lima:20241114T093000",
        "DTSTART;TZID=America/Lima:20241115T093000",
        "SUMMARY:Chancay port, a day later",
        "END:VEVENT",
    ]
    data = _calendar(*_GOOGLE_EVENT, *change)
    events, _ = read_alike(data)
    (event,) = events  # the one occurrence, moved by its change
    assert event.id == "7kq9@google.com+20241114T143000Z"
    assert event.time == TimeSpan(datetime(2024, 11, 15, 9, 30, tzinfo=ZoneInfo("America/Lima")))


@pytest.mark.parametrize("change_first", [False, True])
def test_a_series_with_a_change_goes_to_icalendar_with_it_and_the_rest_is_read_directly(
    change_first: bool,
) -> None:
    series = [*_GOOGLE_EVENT[:-1], "RRULE:FREQ=DAILY;COUNT=3", "END:VEVENT"]
    change = [
        "BEGIN:VEVENT",
        "UID:7kq9@google.com",
        "RECURRENCE-ID;TZID=America/Lima:20241115T093000",
        "DTSTART;TZID=America/Lima:20241115T120000",
        "SUMMARY:Chancay port, at noon",
        "END:VEVENT",
    ]
    parts = [change, series] if change_first else [series, change]
    data = _calendar(*_PLAIN_EVENT, *parts[0], *parts[1])
    (shell,) = given_to_icalendar(data)  # not the whole file: the series and its change
    assert shell is not data
    assert _DATED.findall(as_bytes(shell)) == [b"BEGIN:VEVENT"] * 2
    assert b"plain@example.org" not in as_bytes(shell)
    events, _ = read_alike(data)
    assert sorted(event.id for event in events) == ["7kq9@google.com", "plain@example.org"]


_REPEATS = {
    "weekly, until a UTC time": _rule("RRULE:FREQ=WEEKLY;BYDAY=TH,FR;UNTIL=20250101T000000Z"),
    "daily, until a day": _rule("RRULE:FREQ=DAILY;UNTIL=20241120"),
    "monthly, for ever": _rule("RRULE:WKST=SU;BYDAY=-1FR;FREQ=MONTHLY;INTERVAL=2"),
    "EXDATEs in the zone": _rule(
        "RRULE:FREQ=DAILY;COUNT=5",
        "EXDATE;TZID=America/Lima:20241115T093000,20241116T093000",
        "EXDATE;TZID=America/Lima:20241117T093000",
    ),
    "an EXDATE in UTC": _rule("RRULE:FREQ=DAILY;COUNT=5", "EXDATE:20241115T143000Z"),
    "an EXDATE of no start": _rule("RRULE:FREQ=DAILY;COUNT=5", "EXDATE:20241115T150000Z"),
    "an EXDATE the clocks skip, of a start they skip": _calendar(
        "BEGIN:VEVENT",
        "UID:night-shift",
        "DTSTART;TZID=Europe/Madrid:20240329T023000",
        "RRULE:FREQ=DAILY;COUNT=4",
        "EXDATE;TZID=Europe/Madrid:20240331T023000",
        "END:VEVENT",
    ),
    "all-day, yearly": _calendar(
        "BEGIN:VEVENT",
        "UID:national-day",
        "DTSTART;VALUE=DATE:20240728",
        "RRULE:FREQ=YEARLY;UNTIL=20300728",
        "EXDATE;VALUE=DATE:20260728",
        "END:VEVENT",
    ),
}


@pytest.mark.parametrize("data", _REPEATS.values(), ids=_REPEATS)
def test_a_repeating_event_is_read_directly_with_its_rule(data: bytes) -> None:
    assert is_direct(data)
    events, _ = read_alike(data)
    (event,) = events
    assert event.recurrence is not None


def test_an_exdate_the_clocks_skip_is_moved_by_the_gap_as_the_engine_moves_it() -> None:
    # Of one instant either way; the wall time is RFC 5545's (3.3.5), as an export writes it.
    events, _ = read_alike(_REPEATS["an EXDATE the clocks skip, of a start they skip"])
    (event,) = events
    assert event.recurrence is not None
    assert [moment.isoformat() for moment in event.recurrence.exdates] == [
        "2024-03-31T03:30:00+02:00"
    ]


@pytest.mark.parametrize("data", _REPEATS.values(), ids=_REPEATS)
def test_with_a_window_a_repeating_event_is_left_to_icalendar_which_expands_it(
    data: bytes,
) -> None:
    (shell,) = given_to_icalendar(data, window=window())
    assert len(_DATED.findall(as_bytes(shell))) == 1
    events, _ = read_alike(data, window=window())
    assert all(event.recurrence is None for event in events)


def test_the_bundled_feed_is_read_directly() -> None:
    timeline = load_bri()
    feed = to_ics(timeline)
    assert is_direct(feed)
    events, _ = read_alike(feed)
    assert events == list(timeline)


_ALARMS = {
    "a display alarm, and Apple's own properties": [
        "BEGIN:VALARM",
        "ACTION:DISPLAY",
        "DESCRIPTION:Chancay\\, soon",
        "TRIGGER:-PT15M",
        "X-WR-ALARMUID:5B1E",
        "UID:5B1E",
        "X-APPLE-DEFAULT-ALARM:TRUE",
        "END:VALARM",
    ],
    "an audio alarm after the end, repeated": [
        "BEGIN:VALARM",
        "ACTION:AUDIO",
        "TRIGGER;RELATED=END:PT5M",
        "REPEAT:2",
        "DURATION:PT1M",
        "ATTACH;VALUE=URI:Basso",
        "END:VALARM",
    ],
    "an alarm at a time": [
        "BEGIN:VALARM",
        "ACTION:DISPLAY",
        "TRIGGER;VALUE=DATE-TIME:20241113T120000Z",
        "END:VALARM",
    ],
    "an e-mail alarm, left out as the engine leaves it out": [
        "BEGIN:VALARM",
        "ACTION:EMAIL",
        "TRIGGER:-P1D",
        "END:VALARM",
    ],
}


@pytest.mark.parametrize("lines", _ALARMS.values(), ids=_ALARMS)
def test_an_alarm_is_read_directly(lines: list[str]) -> None:
    data = _calendar(*_with("TRANSP", "TRANSP:OPAQUE", *lines))
    assert is_direct(data)
    events, info = read_alike(data)
    assert len(events[0].alarms) == (0 if "ACTION:EMAIL" in lines else 1)
    assert not info.notes
