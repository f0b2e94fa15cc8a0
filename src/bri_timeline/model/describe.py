"""Short English words for a time, as people write dates: for tables, labels and pages.

The words are fixed (English month names, no locale), so output is the same on
every machine.

>>> from datetime import date
>>> from bri_timeline.model.times import AllDay, OpenEnded, PartialDate
>>> describe(AllDay(date(2024, 11, 13), date(2024, 11, 15)))
'13–15 Nov 2024'
>>> describe(OpenEnded(PartialDate.of_year(2009)))
'since 2009'
>>> describe(PartialDate.of_century(1800))
'19th century'
"""

from __future__ import annotations

from datetime import date, datetime

from bri_timeline.errors import InvalidArgument
from bri_timeline.model.times import (
    AllDay,
    OpenEnded,
    PartialDate,
    Precision,
    Time,
    check_time,
    zone_name,
)
from bri_timeline.model.vague import Vague
from bri_timeline.model.vague_words import vague_words

__all__ = ["describe", "describe_point"]

_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def _ordinal(number: int) -> str:
    if 10 <= number % 100 <= 20:
        return f"{number}th"
    return f"{number}{ {1: 'st', 2: 'nd', 3: 'rd'}.get(number % 10, 'th') }"


def _day(value: date) -> str:
    return f"{value.day} {_MONTHS[value.month - 1]} {value.year:04d}"


def _clock(value: datetime) -> str:
    text = f"{value.hour:02d}:{value.minute:02d}"
    if value.second or value.microsecond:
        text += f":{value.second:02d}"
    return text


def _zone(value: datetime) -> str:
    # A naive datetime is a floating time's: the same wall time in every zone.
    return "floating" if value.tzinfo is None else zone_name(value)


def describe_point(value: datetime | date | PartialDate) -> str:
    """Words for one point: a datetime (with its zone), a day, or a partial date.

    >>> describe_point(PartialDate.of_decade(2000))
    '2000s'
    """
    if isinstance(value, datetime):
        return f"{_day(value)} {_clock(value)} {_zone(value)}"
    if isinstance(value, date):
        return _day(value)
    if value.precision is Precision.MONTH:
        assert value.month is not None
        return f"{_MONTHS[value.month - 1]} {value.year:04d}"
    if value.precision is Precision.YEAR:
        return f"{value.year:04d}"
    if value.precision is Precision.DECADE:
        return f"{value.year:04d}s"
    return f"{_ordinal(value.year // 100 + 1)} century"


def _days(first: date, last: date) -> str:
    if first == last:
        return _day(first)
    if (first.year, first.month) == (last.year, last.month):
        return f"{first.day}–{_day(last)}"
    if first.year == last.year:
        return f"{first.day} {_MONTHS[first.month - 1]} – {_day(last)}"
    return f"{_day(first)} – {_day(last)}"


def describe(time: Time) -> str:
    """Words for a time, e.g. ``'8 Nov 2024'``, ``'13–15 Nov 2024'``, ``'since 2009'``.

    >>> from zoneinfo import ZoneInfo
    >>> from bri_timeline.model.times import TimeSpan
    >>> lima = ZoneInfo("America/Lima")
    >>> describe(TimeSpan(datetime(2024, 11, 8, 9, tzinfo=lima),
    ...                   datetime(2024, 11, 8, 13, tzinfo=lima)))
    '8 Nov 2024 09:00–13:00 America/Lima'
    >>> from bri_timeline.model.floating import FloatingSpan
    >>> describe(FloatingSpan(datetime(2024, 11, 8, 7)))
    '8 Nov 2024 07:00 floating'
    """
    check_time("time", time, InvalidArgument)
    if isinstance(time, Vague):
        return vague_words(time)
    if isinstance(time, AllDay):
        return _days(time.first, time.last)
    if isinstance(time, PartialDate):
        return describe_point(time)
    if isinstance(time, OpenEnded):
        return f"since {describe_point(time.start)}"
    start, end = time.start, time.end
    if time.is_instant:
        return describe_point(start)
    if start.date() == end.date() and _zone(start) == _zone(end):
        return f"{_day(start)} {_clock(start)}–{_clock(end)} {_zone(start)}"
    return f"{describe_point(start)} – {describe_point(end)}"
