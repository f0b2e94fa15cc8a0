"""The direct reader's value decoders (formats/ical/_decode), with icalendar as the oracle.

Each value type: values are generated, written by icalendar's own ``to_ical``,
and read back by both icalendar and ``_decode``, which must agree (and give the
value back). Then the shipped calendars: every property of every component that
icalendar reads, decoded by us, equals icalendar's value, but for the listed
:data:`DIFFERENCES`.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import icalendar
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st
from icalendar import (
    vBoolean,
    vCategory,
    vDate,
    vDatetime,
    vDuration,
    vFloat,
    vInt,
    vPeriod,
    vRecur,
    vText,
    vUTCOffset,
)
from icalendar.parser import Contentline
from tests._ics_corpus import corpus_files, corpus_name

from bri_timeline import Timeline, to_ics
from bri_timeline.errors import ICalendarError
from bri_timeline.formats.ical import _decode
from bri_timeline.formats.ical._parse import Component, Property, parse
from bri_timeline.limits import Limits
from bri_timeline.strategies import timelines

# icalendar's readers, typed for mypy: they take the raw text (and a zone) and give a value
their_date: Callable[..., Any] = vDate.from_ical
their_date_time: Callable[..., Any] = vDatetime.from_ical
their_duration: Callable[..., Any] = vDuration.from_ical
their_period: Callable[..., Any] = vPeriod.from_ical
their_utc_offset: Callable[..., Any] = vUTCOffset.from_ical

ZONES = ["Europe/Paris", "America/New_York", "Asia/Kolkata", "Australia/Lord_Howe", "UTC"]
seconds = st.datetimes(min_value=datetime(1, 1, 1), max_value=datetime(9999, 12, 31)).map(
    lambda moment: moment.replace(microsecond=0)
)


def raw(value: Any) -> str:
    written = value.to_ical()
    return written.decode() if isinstance(written, bytes) else str(written)


@given(st.text(st.characters(codec="utf-8")))
def test_text_is_read_as_icalendar_reads_it(value: str) -> None:
    # icalendar's own escaper writes a literal backslash-N as "\N", which every reader
    # (icalendar too) takes for a newline: the writer here is the lossy one.
    assume("\\N" not in value)
    written = raw(vText(value))
    ours = _decode.text(written)
    assert ours == Contentline(f"X:{written}").parts()[2]  # type: ignore[no-untyped-call]
    assert ours == value.replace("\r\n", "\n").replace("\r", "\n")


@given(st.lists(st.text(st.characters(codec="utf-8", exclude_characters="\r")), min_size=1))
def test_a_text_list_is_read_as_icalendar_reads_it(values: list[str]) -> None:
    written = raw(vCategory(values))
    assert list(_decode.text_list(written)) == icalendar.parser.split_on_unescaped_comma(written)
    assert list(_decode.text_list(written)) == values


@given(st.dates())
def test_a_date_is_read_as_icalendar_reads_it(value: date) -> None:
    written = raw(vDate(value))
    assert _decode.date_value(written) == their_date(written) == value
    assert _decode.date_or_date_time(written) == value


@given(seconds, st.booleans())
def test_a_date_time_is_read_as_icalendar_reads_it(value: datetime, utc: bool) -> None:
    value = value.replace(tzinfo=UTC) if utc else value
    written = raw(vDatetime(value))
    assert _decode.date_time(written) == their_date_time(written) == value
    assert _decode.date_or_date_time(written) == value


def _two(top: int) -> st.SearchStrategy[str]:
    return st.integers(0, top).map("{:02d}".format)


# Each field's digits, drawn beyond its range too: month 13, day 32, hour 24, second 60.
_DAY_DIGITS = st.tuples(st.integers(0, 9999).map("{:04d}".format), _two(13), _two(32))
_CLOCK_DIGITS = st.tuples(_two(25), _two(61), _two(61))


def _read_alike(
    ours: Callable[[str], Any], theirs: Callable[[str], Any], raw: str, kind: str
) -> Any:
    """Our value of ``raw`` where icalendar reads it (the same), else None: both refuse it."""
    try:
        expected = theirs(raw)
    except ValueError:
        with pytest.raises(_decode.BadValue, match=f"must be a {kind} that exists"):
            ours(raw)
        return None
    found = ours(raw)
    assert found == expected
    return found


@given(_DAY_DIGITS.map("".join))
def test_any_eight_digits_are_the_date_icalendar_reads_or_refused(written: str) -> None:
    _read_alike(_decode.date_value, their_date, written, "DATE")


@given(_DAY_DIGITS.map("".join), _CLOCK_DIGITS.map("".join), st.sampled_from(["", "Z"]))
def test_any_digits_are_the_date_time_icalendar_reads_or_refused(
    day: str, clock: str, utc: str
) -> None:
    written = f"{day}T{clock}{utc}"
    found = _read_alike(_decode.date_time, their_date_time, written, "DATE-TIME")
    if found is not None:
        assert found.utcoffset() == their_date_time(written).utcoffset()
        assert found.tzinfo is (UTC if utc else None)  # icalendar's own UTC is a ZoneInfo


@given(seconds.filter(lambda moment: moment.year > 1900), st.sampled_from(ZONES[:-1]))
def test_a_date_time_with_a_tzid_is_its_wall_time(value: datetime, zone: str) -> None:
    aware = value.replace(tzinfo=ZoneInfo(zone))
    written = raw(vDatetime(aware))
    theirs = their_date_time(written, zone)
    assert _decode.date_time(written) == theirs.replace(tzinfo=None) == value


@given(st.timedeltas(min_value=timedelta(days=-99999), max_value=timedelta(days=99999)))
def test_a_duration_is_read_as_icalendar_reads_it(value: timedelta) -> None:
    value = timedelta(days=value.days, seconds=value.seconds)
    written = raw(vDuration(value))
    assert _decode.duration(written) == their_duration(written) == value


@given(
    seconds.filter(lambda moment: moment.year < 9000),
    st.timedeltas(min_value=timedelta(0), max_value=timedelta(days=999)),
    st.booleans(),
)
def test_a_period_is_read_as_icalendar_reads_it(
    start: datetime, length: timedelta, by_duration: bool
) -> None:
    length = timedelta(days=length.days, seconds=length.seconds)
    end = length if by_duration else start + length
    written = raw(vPeriod((start, end)))
    assert _decode.period(written) == their_period(written) == (start, end)


@given(st.integers(min_value=-86399, max_value=86399))
def test_a_utc_offset_is_read_as_icalendar_reads_it(offset: int) -> None:
    value = timedelta(seconds=offset)
    written = raw(vUTCOffset(value))
    assert _decode.utc_offset(written) == their_utc_offset(written) == value


@given(st.integers(min_value=-(2**31), max_value=2**31 - 1))
def test_an_integer_is_read_as_icalendar_reads_it(value: int) -> None:
    written = raw(vInt(value))
    assert _decode.integer(written) == vInt.from_ical(written) == value


@given(st.floats(allow_nan=False, allow_infinity=False))
def test_a_float_is_read_as_icalendar_reads_it(value: float) -> None:
    written = raw(vFloat(value))
    assert _decode.floating(written) == vFloat.from_ical(written) == value


@given(st.booleans())
def test_a_boolean_is_read_as_icalendar_reads_it(value: bool) -> None:
    written = raw(vBoolean(value))
    assert _decode.boolean(written) is vBoolean.from_ical(written) is value


rules = st.fixed_dictionaries(
    {"FREQ": st.sampled_from(["DAILY", "WEEKLY", "MONTHLY", "YEARLY"])},
    optional={
        "INTERVAL": st.integers(1, 99),
        "COUNT": st.integers(1, 999),
        "UNTIL": seconds.map(lambda moment: moment.replace(tzinfo=UTC)),
        "BYDAY": st.lists(st.sampled_from(["MO", "TU", "-1FR", "2SU"]), min_size=1, max_size=3),
        "BYMONTH": st.lists(st.integers(1, 12), min_size=1, max_size=3),
        "BYMONTHDAY": st.lists(st.integers(-31, 31).filter(bool), min_size=1, max_size=3),
        "BYSETPOS": st.lists(st.integers(-366, 366).filter(bool), min_size=1, max_size=2),
        "WKST": st.sampled_from(["MO", "SU"]),
    },
)


@given(rules)
def test_a_recur_keeps_its_text_and_has_icalendars_parts(rule: dict[str, Any]) -> None:
    written = raw(vRecur(rule))
    ours = _decode.recur(written)
    theirs = vRecur.from_ical(written)
    assert ours.text == written
    assert set(ours.parts) == set(theirs) == set(rule)
    for name, values in ours.parts.items():
        if name == "UNTIL":
            assert [_decode.date_or_date_time(v) for v in values] == theirs[name]
        elif name in ("INTERVAL", "COUNT", "BYMONTH", "BYMONTHDAY", "BYSETPOS"):
            assert [int(v) for v in values] == theirs[name]
        else:
            assert list(values) == [str(v) for v in theirs[name]]


BAD = [
    ("DTSTART", "20241301T000000", "DATE-TIME that exists"),
    ("DTSTART", "2024-11-13", "must be a DATE-TIME"),
    ("DTSTART;VALUE=DATE", "2024111", "must be a DATE"),
    ("DURATION", "P", "must be a DURATION"),
    ("DURATION", "PT", "must be a DURATION"),
    ("TZOFFSETFROM", "+2400", "less than 24 hours"),
    ("TZOFFSETTO", "0100", "must be a UTC-OFFSET"),
    ("SEQUENCE", "1.5", "must be an INTEGER"),
    ("SEQUENCE", "2147483648", "must be an INTEGER from"),
    ("RRULE", "COUNT=3", "with a FREQ"),
    ("RRULE", "FREQ=DAILY;COUNT", "NAME=value parts"),
    ("FREEBUSY", "20240101T000000Z", "must be a PERIOD"),
    ("X;VALUE=BOOLEAN", "yes", "must be a BOOLEAN"),
    ("GEO;VALUE=FLOAT", "1,5", "must be a FLOAT"),
]


@pytest.mark.parametrize(("name", "value", "message"), BAD)
def test_a_bad_value_is_refused_naming_the_file_line_property_and_value(
    name: str, value: str, message: str
) -> None:
    data = f"BEGIN:VEVENT\r\nUID:u\r\n{name}:{value}\r\nEND:VEVENT\r\n".encode()
    (event,) = parse(data, "cal.ics", Limits()).components
    prop = event.properties[1]
    with pytest.raises(ICalendarError, match=message) as raised:
        _decode.decode(prop, "cal.ics")
    assert (raised.value.path, raised.value.line, raised.value.prop) == ("cal.ics", 3, prop.name)
    assert raised.value.value == value


def test_lists_are_split_at_commas() -> None:
    prop = Property("EXDATE", {"VALUE": ("DATE",)}, "20240101,20240102", 1)
    assert _decode.decode(prop, "x") == (date(2024, 1, 1), date(2024, 1, 2))
    prop = Property("CATEGORIES", {}, r"a\,b,c", 1)
    assert _decode.decode(prop, "x") == ("a,b", "c")
    assert _decode.decode(Property("RDATE", {}, "", 1), "x") == ()


# The shipped calendars: our decoded values against icalendar's.

DIFFERENCES = {
    "date with TZID": "icalendar makes a DATE with a TZID a date-time at midnight in that "
    "zone; we keep the date (RFC 5545: a DATE has no zone)",
    "date in a period": "icalendar makes a DATE in a PERIOD (which RFC 5545 does not allow) a "
    "date-time at midnight; we keep the date",
    "TZID": "a DATE-TIME with a TZID is its wall time here; the zone is the mapping's to find",
    "unreadable": "where icalendar keeps a value it cannot read (vBroken, in a VEVENT or an "
    "X- property), we refuse it with an ICalendarError naming the line",
}

COMPARED = {
    "DTSTART",
    "DTEND",
    "DUE",
    "RECURRENCE-ID",
    "DTSTAMP",
    "CREATED",
    "LAST-MODIFIED",
    "DURATION",
    "TZOFFSETFROM",
    "TZOFFSETTO",
    "SUMMARY",
    "LOCATION",
    "DESCRIPTION",
    "SEQUENCE",
    "UID",
    "EXDATE",
    "RDATE",
}


def theirs_of(value: Any) -> Any:
    """icalendar's value as ours gives it: dates and date-times as wall times, lists as tuples."""
    if isinstance(value, icalendar.prop.vDDDLists):
        return tuple(theirs_of(item) for item in value.dts)
    if isinstance(value, icalendar.prop.vDDDTypes):
        return theirs_of(value.dt)
    if isinstance(value, tuple):
        return tuple(theirs_of(item) for item in value)
    if isinstance(value, time) and value.tzinfo is not None and not _is_utc(value):
        return value.replace(tzinfo=None)
    if isinstance(value, vUTCOffset):
        return value.td
    if isinstance(value, datetime) and value.tzinfo is not None and value.utcoffset():
        return value.replace(tzinfo=None)
    if isinstance(value, datetime) and value.tzinfo is not None:
        return value.replace(tzinfo=UTC) if _is_utc(value) else value.replace(tzinfo=None)
    if isinstance(value, vInt):
        return int(value)
    if isinstance(value, str):
        return str(value)
    return value


def _is_utc(value: datetime | time) -> bool:
    return str(value.tzinfo) in ("UTC", "Etc/UTC", "UTC+00:00") or value.tzinfo is UTC


def midnight(value: Any) -> Any:
    """A date in a PERIOD as icalendar gives it: DIFFERENCES["date in a period"]."""
    if isinstance(value, date) and not isinstance(value, datetime):
        return datetime(value.year, value.month, value.day)
    return value


def ours_of(prop: Property) -> Any:
    value = _decode.decode(prop, "x")
    if prop.name in ("EXDATE", "RDATE"):
        if prop.param("TZID") and all(isinstance(v, date) for v in value):
            return tuple(
                v if isinstance(v, datetime) else datetime(v.year, v.month, v.day) for v in value
            )
        return tuple(tuple(map(midnight, v)) if isinstance(v, tuple) else v for v in value)
    if isinstance(value, date) and not isinstance(value, datetime) and prop.param("TZID"):
        return datetime(value.year, value.month, value.day)  # DIFFERENCES["date with TZID"]
    return value


def pairs(ours: Component, theirs: icalendar.Component) -> Iterator[tuple[Property, Any]]:
    for name in COMPARED:
        mine = ours.all(name)
        values = theirs.get(name)
        if not mine or values is None:
            continue
        listed = values if isinstance(values, list) else [values]
        if name in ("EXDATE", "RDATE"):
            mine = [prop for prop in mine if prop.value]
        if len(listed) == len(mine):
            yield from zip(mine, listed, strict=True)
    for inner, their_inner in zip(ours.components, theirs.subcomponents, strict=False):
        yield from pairs(inner, their_inner)


def assert_values_are_icalendars(data: bytes, path: str) -> int:
    """Every compared property's value, ours and icalendar's, equal; how many were compared."""
    compared = 0
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            reference = icalendar.Calendar.from_ical(data, multiple=True)
        except Exception:  # the oracle refuses the file: nothing to compare
            return 0
        ours = parse(data, path, Limits()).components
        for component, theirs in zip(ours, reference, strict=False):
            for prop, value in pairs(component, theirs):
                if isinstance(value, icalendar.prop.vBroken):
                    continue  # DIFFERENCES["unreadable"]
                assert ours_of(prop) == theirs_of(value), (prop, value)
                compared += 1
    return compared


@pytest.mark.parametrize("path", corpus_files(), ids=corpus_name)
def test_each_shipped_value_is_icalendars(path: Path) -> None:
    assert_values_are_icalendars(path.read_bytes(), str(path))


@given(timelines(max_size=6))
def test_the_values_of_generated_feeds_are_icalendars(timeline: Timeline) -> None:
    data = to_ics(timeline)
    compared = assert_values_are_icalendars(data, "feed.ics")
    assert compared >= 4 * len(timeline)  # DTSTART, DTSTAMP, UID, SUMMARY at least
