"""The span axis as integers: a key per microsecond, shared by the index, the timeline and SVG.

Every time occupies a half-open span ``[start, end)`` on one axis of
microseconds from 0001-01-01T00:00Z (see :mod:`bri_timeline.model.times`); an
open end is :data:`OPEN_END`, after every closed end. Integer keys compare and
subtract in C, which is what keeps the index and the sweeps fast.

>>> key_to_datetime(instant_key(datetime(2024, 11, 8, 15, tzinfo=UTC)))
datetime.datetime(2024, 11, 8, 15, 0, tzinfo=datetime.timezone.utc)
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from bri_timeline.errors import InvalidTime

__all__ = [
    "DAY_REACH",
    "OPEN_END",
    "OPEN_START",
    "US_PER_DAY",
    "YEAR_REACH",
    "civil_day",
    "civil_key",
    "date_key",
    "days_in_month",
    "instant_key",
    "key_in_calendar",
    "key_to_datetime",
    "year_key",
]

US_PER_DAY = 86_400_000_000
"""Microseconds in a day: the unit of the span axis is one microsecond."""

OPEN_END = 1 << 62
"""The span end of an open-ended time: after every closed end (year 9999 is about 2**58)."""

OPEN_START = -OPEN_END
"""The span start of a time with an open start (``../2009``): before every closed start."""

DAY_REACH = 99_999
"""Days and months are placed for the years ``-DAY_REACH`` to ``DAY_REACH``
(proleptic Gregorian, astronomical numbering: year 0 is 1 BC)."""

YEAR_REACH = 10**12
"""Whole years are placed up to ``YEAR_REACH`` before or after year 0 (deep time,
written ``Y-17E7``); beyond ``DAY_REACH`` a year is the finest unit."""

_DEEP_UNIT = 1_000_000  # the keys a year takes beyond DAY_REACH: 1e12 years fit below OPEN_END

_EPOCH = datetime(1, 1, 1, tzinfo=UTC)
_ONE_US = timedelta(microseconds=1)


def instant_key(value: datetime) -> int:
    """Microseconds from 0001-01-01T00:00Z to an aware datetime.

    >>> instant_key(datetime(1, 1, 2, tzinfo=UTC))
    86400000000
    """
    return (value - _EPOCH) // _ONE_US


def date_key(value: date) -> int:
    """Microseconds from 0001-01-01 to the start of a (floating) day, placed on UTC.

    >>> date_key(date(1, 1, 2))
    86400000000
    """
    return (value.toordinal() - 1) * US_PER_DAY


def key_in_calendar(key: int) -> bool:
    """Whether a key lies within the years 1 to 9999 that ``datetime`` holds.

    >>> key_in_calendar(0), key_in_calendar(-1), key_in_calendar(year_key(10_000))
    (True, False, False)
    """
    return 0 <= key < _CALENDAR_END


def key_to_datetime(key: int) -> datetime:
    """The UTC datetime at a span key; the inverse of :func:`instant_key`.

    >>> key_to_datetime(instant_key(datetime(2024, 11, 8, 15, tzinfo=UTC)))
    datetime.datetime(2024, 11, 8, 15, 0, tzinfo=datetime.timezone.utc)
    """
    if not key_in_calendar(key):
        # A vague time reaches beyond datetime (deep time, an open start): say so
        # rather than let an OverflowError out.
        raise InvalidTime("key", "lies beyond the years 1 to 9999 that a datetime can hold", key)
    return _EPOCH + timedelta(microseconds=key)


def _civil_days(year: int, month: int, day: int) -> int:
    # Days from 0001-01-01 in the proleptic Gregorian calendar, for any year
    # (the count of H. Hinnant's days_from_civil, shifted to our epoch).
    year -= month <= 2
    era = year // 400
    of_era = year - era * 400
    of_year = (153 * (month + (-3 if month > 2 else 9)) + 2) // 5 + day - 1
    of_era_days = of_era * 365 + of_era // 4 - of_era // 100 + of_year
    return era * 146_097 + of_era_days - 306


def days_in_month(year: int, month: int) -> int:
    """Days in a month of any (proleptic Gregorian) year.

    >>> days_in_month(2000, 2), days_in_month(-100, 2), days_in_month(1900, 2)
    (29, 28, 28)
    """
    if month == 2:
        return 29 if year % 4 == 0 and (year % 100 != 0 or year % 400 == 0) else 28
    return 30 if month in (4, 6, 9, 11) else 31


def civil_key(year: int, month: int, day: int) -> int:
    """The key of the start of a (floating) day of any year within :data:`DAY_REACH`.

    The same axis as :func:`date_key`, extended before year 1 and after 9999.

    >>> civil_key(2024, 11, 8) == date_key(date(2024, 11, 8))
    True
    >>> civil_key(0, 12, 31) == -US_PER_DAY
    True
    """
    return _civil_days(year, month, day) * US_PER_DAY


def year_key(year: int) -> int:
    """The key of the start of a year, anywhere within :data:`YEAR_REACH`.

    Beyond :data:`DAY_REACH` every year takes the same short stretch of the axis,
    so years keep their order however deep.

    >>> year_key(2009) == date_key(date(2009, 1, 1))
    True
    >>> year_key(-170_000_000) < year_key(-100_000) < year_key(1) < year_key(10**9)
    True
    """
    if -DAY_REACH <= year <= DAY_REACH + 1:
        return civil_key(year, 1, 1)
    if year > 0:
        return civil_key(DAY_REACH + 1, 1, 1) + (year - DAY_REACH - 1) * _DEEP_UNIT
    return civil_key(-DAY_REACH, 1, 1) - (-DAY_REACH - year) * _DEEP_UNIT


_CALENDAR_END = civil_key(10_000, 1, 1)


def civil_day(key: int) -> tuple[int, int, int]:
    """The (year, month, day) of the day a key falls in; the inverse of :func:`civil_key`.

    Beyond :data:`DAY_REACH`, where a year is the finest unit, the year and 1 January.

    >>> civil_day(civil_key(-44, 3, 15)), civil_day(year_key(-170_000_000) + 5)
    ((-44, 3, 15), (-170000000, 1, 1))
    """
    high, low = year_key(DAY_REACH + 1), year_key(-DAY_REACH)
    if key >= high:
        return DAY_REACH + 1 + (key - high) // _DEEP_UNIT, 1, 1
    if key < low:
        return -DAY_REACH - (low - key - 1) // _DEEP_UNIT - 1, 1, 1
    # H. Hinnant's civil_from_days, on days from 0000-03-01.
    days = key // US_PER_DAY + 306
    era = days // 146_097
    of_era = days - era * 146_097
    year_of_era = (of_era - of_era // 1460 + of_era // 36_524 - of_era // 146_096) // 365
    of_year = of_era - (365 * year_of_era + year_of_era // 4 - year_of_era // 100)
    shifted = (5 * of_year + 2) // 153
    day = of_year - (153 * shifted + 2) // 5 + 1
    month = shifted + 3 if shifted < 10 else shifted - 9
    return year_of_era + era * 400 + (month <= 2), month, day
