"""The four kinds of time: what each accepts and refuses, how it normalizes, its span.

Expected values are worked out by hand (UTC offsets, day counts, period ends),
not recomputed the way the library computes them.
"""

from __future__ import annotations

import datetime as datetime_module
import pickle
import zoneinfo
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import attrs
import pytest
from dateutil import tz as dateutil_tz
from hypothesis import given

from bri_timeline import (
    AllDay,
    EDTFError,
    FloatingSpan,
    InvalidTime,
    OpenEnded,
    PartialDate,
    Precision,
    Time,
    TimelineError,
    TimeSpan,
    from_edtf,
)
from bri_timeline.model.edtf import parse_zone
from bri_timeline.model.keys import OPEN_END, US_PER_DAY, date_key, instant_key, key_to_datetime
from bri_timeline.model.times import first_date
from bri_timeline.strategies import times

LIMA = ZoneInfo("America/Lima")
NEW_YORK = ZoneInfo("America/New_York")
DUBLIN = ZoneInfo("Europe/Dublin")
LORD_HOWE = ZoneInfo("Australia/Lord_Howe")
KIRITIMATI = ZoneInfo("Pacific/Kiritimati")
SHANGHAI = ZoneInfo("Asia/Shanghai")

# The 1970 epoch is day 719163 of the proleptic Gregorian calendar (day 1 is 0001-01-01).
EPOCH_1970 = 719_162 * 86_400 * 10**6


def utc(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=UTC)


# --- the span axis ---------------------------------------------------------------


def test_keys_count_microseconds_from_year_one() -> None:
    assert instant_key(utc(1, 1, 1)) == 0
    assert instant_key(utc(1970, 1, 1)) == EPOCH_1970
    assert instant_key(utc(1970, 1, 1) + timedelta(microseconds=1)) == EPOCH_1970 + 1
    assert date_key(date(1970, 1, 1)) == EPOCH_1970
    assert key_to_datetime(EPOCH_1970 + 3_600_000_000) == utc(1970, 1, 1, 1)


def test_open_end_is_after_every_closed_end() -> None:
    assert instant_key(datetime.max.replace(tzinfo=UTC)) + 1 < OPEN_END
    assert date_key(date.max) + US_PER_DAY < OPEN_END


# --- construction refused: field, rule, value -----------------------------------

REFUSED: list[tuple[str, Callable[[], object], str, str]] = [
    ("naive start", lambda: TimeSpan(datetime(2024, 11, 8, 9)), "start", "timezone-aware"),
    (
        "naive end",
        lambda: TimeSpan(datetime(2024, 11, 8, 9, tzinfo=LIMA), datetime(2024, 11, 8, 10)),
        "end",
        "timezone-aware",
    ),
    (
        "end before start",
        lambda: TimeSpan(
            datetime(2024, 11, 8, 9, tzinfo=LIMA), datetime(2024, 11, 8, 8, tzinfo=LIMA)
        ),
        "end",
        "must not be before start",
    ),
    (
        # 09:00 in Lima is 14:00Z; 13:59Z is before it although its wall time is later.
        "end before start across zones",
        lambda: TimeSpan(datetime(2024, 11, 8, 9, tzinfo=LIMA), utc(2024, 11, 8, 13, 59)),
        "end",
        "must not be before start",
    ),
    ("start a string", lambda: TimeSpan("2024-11-08T09:00"), "start", "must be a datetime"),  # type: ignore[arg-type]
    ("start a date", lambda: TimeSpan(date(2024, 11, 8)), "start", "must be a datetime"),  # type: ignore[arg-type]
    (
        # New York skipped 02:00-03:00 on 2024-03-10.
        "local time in a DST gap",
        lambda: TimeSpan(datetime(2024, 3, 10, 2, 30, tzinfo=NEW_YORK)),
        "start",
        "does not exist in America/New_York",
    ),
    (
        "DST gap with fold=1",
        lambda: TimeSpan(datetime(2024, 3, 10, 2, 30, fold=1, tzinfo=NEW_YORK)),
        "start",
        "does not exist",
    ),
    (
        # Lord Howe moves its clocks by half an hour: 02:00 -> 02:30 on 2024-10-06.
        "half-hour DST gap",
        lambda: TimeSpan(datetime(2024, 10, 6, 2, 15, tzinfo=LORD_HOWE)),
        "start",
        "does not exist in Australia/Lord_Howe",
    ),
    (
        "end in a DST gap",
        lambda: TimeSpan(
            datetime(2024, 3, 10, 1, tzinfo=NEW_YORK), datetime(2024, 3, 10, 2, 1, tzinfo=NEW_YORK)
        ),
        "end",
        "does not exist",
    ),
    (
        # 0001-01-01 00:00 at +08:05:43 is in the year 0 in UTC.
        "before the start of the datetime range in UTC",
        lambda: TimeSpan(datetime(1, 1, 1, tzinfo=SHANGHAI)),
        "start",
        "too close to the ends",
    ),
    ("all-day from a datetime", lambda: AllDay(utc(2024, 11, 14)), "first", "must be a date"),
    (
        "all-day to a datetime",
        lambda: AllDay(date(2024, 11, 13), utc(2024, 11, 15)),
        "last",
        "must be a date",
    ),
    ("all-day from a string", lambda: AllDay("2024-11-14"), "first", "must be a date"),  # type: ignore[arg-type]
    (
        "all-day last before first",
        lambda: AllDay(date(2024, 11, 15), date(2024, 11, 13)),
        "last",
        "must not be before first 2024-11-15",
    ),
    ("all-day on the last day there is", lambda: AllDay(date.max), "last", "must be before"),
    (
        "precision given as text",
        lambda: PartialDate("year", 2009),  # type: ignore[arg-type]
        "precision",
        "must be a Precision",
    ),
    ("year 0", lambda: PartialDate.of_year(0), "year", "from 1 to 9999"),
    ("year 10000", lambda: PartialDate.of_year(10_000), "year", "from 1 to 9999"),
    ("year as text", lambda: PartialDate.of_year("2009"), "year", "must be an int"),  # type: ignore[arg-type]
    ("year as bool", lambda: PartialDate.of_year(True), "year", "must be an int"),
    ("month 0", lambda: PartialDate.of_month(2024, 0), "month", "from 1 to 12"),
    ("month 13", lambda: PartialDate.of_month(2024, 13), "month", "from 1 to 12"),
    ("month missing", lambda: PartialDate(Precision.MONTH, 2024), "month", "from 1 to 12"),
    (
        "month given for a year",
        lambda: PartialDate(Precision.YEAR, 2024, 11),
        "month",
        "must be None for a year",
    ),
    ("decade not on a 10", lambda: PartialDate.of_decade(2005), "year", "divisible by 10"),
    ("century not on a 100", lambda: PartialDate.of_century(1850), "year", "divisible by 100"),
    (
        "open start a string",
        lambda: OpenEnded("2009"),  # type: ignore[arg-type]
        "start",
        "must be a datetime, a date or a PartialDate",
    ),
    (
        "open start an all-day span",
        lambda: OpenEnded(AllDay(date(2009, 1, 1))),  # type: ignore[arg-type]
        "start",
        "must be a datetime, a date or a PartialDate",
    ),
    ("open start naive", lambda: OpenEnded(datetime(2009, 1, 1)), "start", "timezone-aware"),
    (
        "open start in a DST gap",
        lambda: OpenEnded(datetime(2024, 3, 10, 2, 30, tzinfo=NEW_YORK)),
        "start",
        "does not exist",
    ),
    ("unknown zone", lambda: parse_zone("Mars/Olympus"), "tz", "IANA time zone name"),
    ("empty zone name", lambda: parse_zone(""), "tz", "IANA time zone name"),
    ("zone name with spaces", lambda: parse_zone(" America/Lima"), "tz", "IANA time zone name"),
    ("zone name a path", lambda: parse_zone("../../etc/passwd"), "tz", "IANA time zone name"),
    ("zone not a string", lambda: parse_zone(5), "tz", "IANA time zone name"),
    ("end zone unknown", lambda: parse_zone("Lima", field="end_tz"), "end_tz", "IANA"),
    # A day that does not exist cannot even be a `date`; it comes in as text.
    ("29 February of a common year", lambda: from_edtf("2023-02-29"), "when", "not a real date"),
    ("31 April", lambda: from_edtf("2024-04-31"), "when", "not a real date"),
    ("month 13 as text", lambda: from_edtf("2024-13"), "when", "not a real date"),
]


@pytest.mark.parametrize(
    ("build", "field", "rule"),
    [pytest.param(build, field, rule, id=name) for name, build, field, rule in REFUSED],
)
def test_refused_with_field_rule_and_value(
    build: Callable[[], object], field: str, rule: str
) -> None:
    """Every refusal is an InvalidTime (a ValueError) naming the field, the rule and the value."""
    with pytest.raises(InvalidTime) as caught:
        build()
    error = caught.value
    assert isinstance(error, TimelineError)
    assert isinstance(error, ValueError)
    assert error.field == field
    assert rule in error.rule
    assert str(error) == f"{field}: {error.rule} (got {error.value!r})"


def test_error_value_is_the_refused_value() -> None:
    naive = datetime(2024, 11, 8, 9)
    with pytest.raises(InvalidTime) as caught:
        TimeSpan(naive)
    assert caught.value.value is naive
    with pytest.raises(EDTFError) as zone:
        parse_zone("Mars/Olympus")
    assert zone.value.value == "Mars/Olympus"


def test_errors_survive_pickling_with_their_parts() -> None:
    with pytest.raises(InvalidTime) as caught:
        AllDay(date(2024, 11, 15), date(2024, 11, 13))
    copy = pickle.loads(pickle.dumps(caught.value))
    assert type(copy) is InvalidTime
    assert (copy.field, copy.rule, copy.value) == (
        caught.value.field,
        caught.value.rule,
        caught.value.value,
    )
    assert str(copy) == str(caught.value)


# --- normalization ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        pytest.param(
            datetime(2024, 11, 8, 9, tzinfo=timezone(timedelta(hours=-5))),
            utc(2024, 11, 8, 14),
            id="fixed -05:00",
        ),
        pytest.param(
            datetime(2024, 11, 8, 9, tzinfo=timezone(timedelta(hours=5, minutes=45))),
            utc(2024, 11, 8, 3, 15),
            id="fixed +05:45",
        ),
        pytest.param(
            datetime(2024, 11, 8, 9, tzinfo=timezone(timedelta(0), "GMT")),
            utc(2024, 11, 8, 9),
            id="named fixed zero offset",
        ),
        pytest.param(
            datetime(2024, 11, 8, 9, tzinfo=dateutil_tz.tzutc()),
            utc(2024, 11, 8, 9),
            id="dateutil UTC",
        ),
        pytest.param(
            datetime(2024, 7, 1, 9, tzinfo=dateutil_tz.gettz("America/New_York")),
            utc(2024, 7, 1, 13),
            id="dateutil zone (not IANA-keyed)",
        ),
    ],
)
def test_zones_other_than_iana_become_utc(given: datetime, expected: datetime) -> None:
    span = TimeSpan(given)
    assert span.start.tzinfo is UTC
    assert (span.start.replace(tzinfo=None), span.start.fold) == (expected.replace(tzinfo=None), 0)


def test_iana_zone_is_kept() -> None:
    span = TimeSpan(datetime(2024, 11, 8, 9, tzinfo=LIMA))
    assert span.start.tzinfo is LIMA
    assert span.start.hour == 9
    assert span._start == instant_key(utc(2024, 11, 8, 14))  # Lima is UTC-5, no DST


@pytest.mark.parametrize(
    ("zone", "wall", "first", "second"),
    [
        # New York falls back 02:00 EDT -> 01:00 EST on 2024-11-03.
        pytest.param(
            NEW_YORK,
            datetime(2024, 11, 3, 1, 30),
            utc(2024, 11, 3, 5, 30),
            utc(2024, 11, 3, 6, 30),
            id="New York",
        ),
        # Dublin's winter time is its "negative DST": 02:00 IST -> 01:00 GMT on 2024-10-27.
        pytest.param(
            DUBLIN,
            datetime(2024, 10, 27, 1, 30),
            utc(2024, 10, 27, 0, 30),
            utc(2024, 10, 27, 1, 30),
            id="Dublin",
        ),
        # Lord Howe falls back half an hour: 02:00 +11 -> 01:30 +10:30 on 2024-04-07.
        pytest.param(
            LORD_HOWE,
            datetime(2024, 4, 7, 1, 45),
            utc(2024, 4, 6, 14, 45),
            utc(2024, 4, 6, 15, 15),
            id="Lord Howe",
        ),
    ],
)
def test_fold_names_which_of_a_repeated_hour(
    zone: ZoneInfo, wall: datetime, first: datetime, second: datetime
) -> None:
    early = TimeSpan(wall.replace(tzinfo=zone, fold=0))
    late = TimeSpan(wall.replace(tzinfo=zone, fold=1))
    assert early._start == instant_key(first)
    assert late._start == instant_key(second)
    assert (early.start.fold, late.start.fold) == (0, 1)
    # The stdlib calls these two datetimes equal (same zone: wall time); the times differ.
    assert wall.replace(tzinfo=zone, fold=0) == wall.replace(tzinfo=zone, fold=1)
    assert early != late
    across = TimeSpan(early.start, late.start)
    assert not across.is_instant
    assert across.duration == second - first


def test_fold_on_an_unrepeated_time_is_dropped() -> None:
    span = TimeSpan(datetime(2024, 7, 1, 12, fold=1, tzinfo=NEW_YORK))
    assert span.start.fold == 0
    assert span == TimeSpan(datetime(2024, 7, 1, 12, tzinfo=NEW_YORK))


def test_duration_is_elapsed_time_across_a_clock_change() -> None:
    """Midnight to 04:00 on the day New York springs forward is three hours, not four."""
    span = TimeSpan(
        datetime(2024, 3, 10, 0, tzinfo=NEW_YORK), datetime(2024, 3, 10, 4, tzinfo=NEW_YORK)
    )
    assert span.duration == timedelta(hours=3)
    assert span._end - span._start == 3 * 3_600_000_000


def test_instant_occupies_one_microsecond() -> None:
    moment = datetime(2024, 11, 8, 9, tzinfo=LIMA)
    instant = TimeSpan(moment)
    assert instant.end == moment
    assert instant.is_instant
    assert instant.duration == timedelta(0)
    assert (instant._start, instant._end) == (
        instant_key(utc(2024, 11, 8, 14)),
        instant_key(utc(2024, 11, 8, 14)) + 1,
    )
    # The same instant written in another zone is still an instant.
    assert TimeSpan(moment, moment.astimezone(UTC)).is_instant


def test_instant_and_one_microsecond_span_share_a_span() -> None:
    start = utc(2024, 11, 8, 14)
    instant, micro = TimeSpan(start), TimeSpan(start, start + timedelta(microseconds=1))
    assert (instant._start, instant._end) == (micro._start, micro._end)
    assert instant != micro
    assert not micro.is_instant


# --- dates, periods, open ends ---------------------------------------------------


@pytest.mark.parametrize(
    ("first", "last", "end", "days"),
    [
        (date(2024, 11, 14), None, date(2024, 11, 15), 1),
        (date(2024, 11, 13), date(2024, 11, 15), date(2024, 11, 16), 3),
        (date(2024, 2, 28), date(2024, 2, 29), date(2024, 3, 1), 2),
        (date(2023, 12, 31), None, date(2024, 1, 1), 1),
        (date(1, 1, 1), None, date(1, 1, 2), 1),
        (date(9999, 12, 30), None, date(9999, 12, 31), 1),
    ],
)
def test_all_day_end_is_derived(first: date, last: date | None, end: date, days: int) -> None:
    span = AllDay(first) if last is None else AllDay(first, last)
    assert span.last == (first if last is None else last)
    assert span.end == end
    assert span.days == days
    assert span._end - span._start == days * US_PER_DAY
    assert span._start == (first.toordinal() - 1) * US_PER_DAY


@pytest.mark.parametrize(
    ("period", "first_day", "last_day"),
    [
        (PartialDate.of_month(2024, 2), date(2024, 2, 1), date(2024, 2, 29)),
        (PartialDate.of_month(2023, 2), date(2023, 2, 1), date(2023, 2, 28)),
        (PartialDate.of_month(2024, 12), date(2024, 12, 1), date(2024, 12, 31)),
        (PartialDate.of_month(2024, 11), date(2024, 11, 1), date(2024, 11, 30)),
        (PartialDate.of_year(2009), date(2009, 1, 1), date(2009, 12, 31)),
        (PartialDate.of_year(1), date(1, 1, 1), date(1, 12, 31)),
        (PartialDate.of_year(9999), date(9999, 1, 1), date(9999, 12, 31)),
        (PartialDate.of_decade(2000), date(2000, 1, 1), date(2009, 12, 31)),
        (PartialDate.of_decade(10), date(10, 1, 1), date(19, 12, 31)),
        # EDTF 18XX: the years 1800-1899, the usual reading of "the 19th century".
        (PartialDate.of_century(1800), date(1800, 1, 1), date(1899, 12, 31)),
        (PartialDate.of_century(9900), date(9900, 1, 1), date(9999, 12, 31)),
    ],
)
def test_partial_date_covers_its_whole_period(
    period: PartialDate, first_day: date, last_day: date
) -> None:
    assert (period.first_day, period.last_day) == (first_day, last_day)
    assert period._start == (first_day.toordinal() - 1) * US_PER_DAY
    assert period._end == last_day.toordinal() * US_PER_DAY


def test_partial_date_constructors_name_precision() -> None:
    assert PartialDate.of_month(2024, 11) == PartialDate(Precision.MONTH, 2024, 11)
    assert PartialDate.of_year(2009) == PartialDate(Precision.YEAR, 2009)
    assert PartialDate.of_decade(2000) == PartialDate(Precision.DECADE, 2000)
    assert PartialDate.of_century(1800) == PartialDate(Precision.CENTURY, 1800)
    # A year is not its first day, nor a month, nor the all-day span of its days.
    assert PartialDate.of_year(2009) != PartialDate.of_month(2009, 1)
    days: object = AllDay(date(2009, 1, 1), date(2009, 12, 31))
    assert PartialDate.of_year(2009) != days


@pytest.mark.parametrize(
    ("start", "span_start"),
    [
        (PartialDate.of_year(2009), date(2009, 1, 1)),
        (date(2009, 3, 1), date(2009, 3, 1)),
        (datetime(2009, 3, 1, 12, tzinfo=LIMA), None),
    ],
)
def test_open_end_keeps_its_start_and_runs_past_every_closed_end(
    start: datetime | date | PartialDate, span_start: date | None
) -> None:
    time = OpenEnded(start)
    assert time.start == start
    assert type(time.start) is type(start)
    assert time._end == OPEN_END
    if span_start is None:
        assert time._start == instant_key(utc(2009, 3, 1, 17))
    else:
        assert time._start == (span_start.toordinal() - 1) * US_PER_DAY


def test_open_start_datetime_is_normalized_like_a_span() -> None:
    fixed = OpenEnded(datetime(2009, 3, 1, 12, tzinfo=timezone(timedelta(hours=-5))))
    assert isinstance(fixed.start, datetime)
    assert fixed.start == utc(2009, 3, 1, 17)
    assert fixed.start.tzinfo is UTC


def test_date_and_datetime_starts_differ_even_on_one_span() -> None:
    """A day is not its UTC midnight: same span, different times."""
    day, midnight = OpenEnded(date(2009, 3, 1)), OpenEnded(utc(2009, 3, 1))
    assert (day._start, day._end) == (midnight._start, midnight._end)
    assert day != midnight
    timed: object = TimeSpan(utc(2009, 3, 1), utc(2009, 3, 2))
    assert AllDay(date(2009, 3, 1)) != timed


@pytest.mark.parametrize(
    ("time", "day"),
    [
        (TimeSpan(datetime(2024, 11, 8, 23, tzinfo=LIMA)), date(2024, 11, 8)),  # 04:00Z on the 9th
        (
            TimeSpan(datetime(2024, 1, 1, 0, 30, tzinfo=KIRITIMATI)),
            date(2024, 1, 1),
        ),  # 12-31 in UTC
        (AllDay(date(2024, 11, 13), date(2024, 11, 15)), date(2024, 11, 13)),
        (PartialDate.of_century(1800), date(1800, 1, 1)),
        (PartialDate.of_month(2024, 11), date(2024, 11, 1)),
        (OpenEnded(PartialDate.of_year(2009)), date(2009, 1, 1)),
        (OpenEnded(date(2009, 6, 1)), date(2009, 6, 1)),
        (OpenEnded(datetime(2009, 6, 1, 23, tzinfo=LIMA)), date(2009, 6, 1)),
    ],
)
def test_first_date_is_on_the_times_own_calendar(time: Time, day: date) -> None:
    assert first_date(time) == day


# --- values: equality, hashing, repr, immutability -------------------------------


EQUAL: list[tuple[str, Time, Time]] = [
    (
        "one zone, two ZoneInfo objects",
        TimeSpan(datetime(2024, 11, 8, 9, tzinfo=LIMA)),
        TimeSpan(datetime(2024, 11, 8, 9, tzinfo=ZoneInfo.no_cache("America/Lima"))),
    ),
    (
        "fixed offset and UTC",
        TimeSpan(datetime(2024, 11, 8, 9, tzinfo=timezone(timedelta(hours=-5)))),
        TimeSpan(utc(2024, 11, 8, 14)),
    ),
    ("default last", AllDay(date(2024, 11, 14)), AllDay(date(2024, 11, 14), date(2024, 11, 14))),
    (
        "default end",
        TimeSpan(utc(2024, 11, 8, 14)),
        TimeSpan(utc(2024, 11, 8, 14), utc(2024, 11, 8, 14)),
    ),
]

UNEQUAL: list[tuple[str, Time, Time]] = [
    (
        "one instant, two zones",
        TimeSpan(datetime(2024, 11, 8, 9, tzinfo=LIMA)),
        TimeSpan(utc(2024, 11, 8, 14)),
    ),
    (
        "UTC as a ZoneInfo and as datetime.UTC",
        TimeSpan(datetime(2024, 11, 8, 14, tzinfo=ZoneInfo("UTC"))),
        TimeSpan(utc(2024, 11, 8, 14)),
    ),
    (
        "the two 01:30 of a repeated hour",
        TimeSpan(datetime(2024, 11, 3, 1, 30, tzinfo=NEW_YORK)),
        TimeSpan(datetime(2024, 11, 3, 1, 30, fold=1, tzinfo=NEW_YORK)),
    ),
    (
        "end in another zone",
        TimeSpan(utc(2024, 11, 8, 14), utc(2024, 11, 8, 15)),
        TimeSpan(utc(2024, 11, 8, 14), datetime(2024, 11, 8, 10, tzinfo=LIMA)),
    ),
    ("a year and its months", PartialDate.of_year(2009), PartialDate.of_month(2009, 1)),
    (
        "open from a year and from its first day",
        OpenEnded(PartialDate.of_year(2009)),
        OpenEnded(date(2009, 1, 1)),
    ),
]


@pytest.mark.parametrize(("a", "b"), [pytest.param(a, b, id=name) for name, a, b in EQUAL])
def test_equal_times_hash_alike(a: Time, b: Time) -> None:
    assert a == b
    assert hash(a) == hash(b)
    assert len({a, b}) == 1


@pytest.mark.parametrize(("a", "b"), [pytest.param(a, b, id=name) for name, a, b in UNEQUAL])
def test_times_are_equal_by_instant_and_zone(a: Time, b: Time) -> None:
    assert a != b
    assert len({a, b}) == 2


REPR_NAMESPACE = {
    "AllDay": AllDay,
    "FloatingSpan": FloatingSpan,
    "OpenEnded": OpenEnded,
    "PartialDate": PartialDate,
    "Precision": Precision,
    "TimeSpan": TimeSpan,
    "datetime": datetime_module,
    "zoneinfo": zoneinfo,
}


@pytest.mark.parametrize(
    "time",
    [
        TimeSpan(datetime(2024, 11, 3, 1, 30, fold=1, tzinfo=NEW_YORK)),
        TimeSpan(utc(2024, 11, 8, 14), datetime(2024, 11, 8, 10, tzinfo=LIMA)),
        AllDay(date(2024, 11, 13), date(2024, 11, 15)),
        PartialDate.of_century(1800),
        OpenEnded(PartialDate.of_year(2009)),
    ],
)
def test_repr_reads_like_the_call(time: Time) -> None:
    assert eval(repr(time), dict(REPR_NAMESPACE)) == time


def test_repr_names_the_fields() -> None:
    assert repr(AllDay(date(2024, 11, 14))) == (
        "AllDay(first=datetime.date(2024, 11, 14), last=datetime.date(2024, 11, 14))"
    )
    assert repr(PartialDate.of_year(2009)) == (
        "PartialDate(precision=Precision.YEAR, year=2009, month=None)"
    )


@given(times())
def test_repr_evaluates_back_for_every_time(time: Time) -> None:
    copy = eval(repr(time), dict(REPR_NAMESPACE))
    assert copy == time
    assert hash(copy) == hash(time)
    assert (copy._start, copy._end) == (time._start, time._end)


@given(times())
def test_every_span_is_non_empty_and_within_the_axis(time: Time) -> None:
    assert 0 <= time._start < time._end <= OPEN_END


def test_times_are_frozen_and_evolve_revalidates() -> None:
    span = AllDay(date(2024, 11, 13), date(2024, 11, 15))
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        span.first = date(2024, 11, 1)  # type: ignore[misc]
    assert attrs.evolve(span, last=date(2024, 11, 20)).days == 8
    with pytest.raises(InvalidTime):
        attrs.evolve(span, first=date(2024, 11, 16))
