"""Ticks and words for a linear time axis over span keys (microseconds, UTC).

The axis is the span axis of :mod:`bri_timeline.model.times`: timed values at
their UTC instant, days floating on UTC days. A step is chosen from a fixed
ladder (minutes to millennia) as the smallest that leaves ``min_spacing``
pixels between ticks, and ticks fall on round values of that unit: every fifth
minute, midnight, a Monday, the first of a month, a year divisible by ten.

>>> from datetime import date
>>> from bri_timeline.model.times import date_key
>>> [tick.label for tick in ticks(date_key(date(1800, 1, 1)), date_key(date(2025, 1, 1)), 500)]
['1800', '1850', '1900', '1950', '2000']
>>> range_words(date_key(date(2024, 11, 8)), date_key(date(2024, 11, 16)))
'8–15 Nov 2024'
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta

import attrs

from bri_timeline.model.describe import describe
from bri_timeline.model.keys import US_PER_DAY, date_key, instant_key, key_to_datetime
from bri_timeline.model.times import AllDay, PartialDate, TimeSpan

__all__ = ["MAX_KEY", "Tick", "range_words", "ticks"]

MAX_KEY = date_key(date(9999, 12, 31)) + US_PER_DAY - 1
"""The last key a datetime can name: the axis never reaches past it."""

_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_MINUTE = 60_000_000
_YEAR = 365 * US_PER_DAY


@attrs.frozen
class Tick:
    """A tick: where it is (a span key), its label, and a label that also names the year."""

    key: int
    label: str
    long_label: str


@attrs.frozen
class _Step:
    unit: str
    count: int
    length: int  # roughly, in microseconds, to choose a step


_STEPS = tuple(
    _Step(unit, count, count * length)
    for unit, length, counts in (
        ("minute", _MINUTE, (1, 5, 15, 30)),
        ("hour", 60 * _MINUTE, (1, 3, 6, 12)),
        ("day", US_PER_DAY, (1, 2, 7)),
        ("month", _YEAR // 12, (1, 3, 6)),
        ("year", _YEAR, (1, 2, 5, 10, 20, 50, 100, 200, 500, 1000)),
    )
    for count in counts
)


def _key(value: datetime) -> int:
    return instant_key(value.replace(tzinfo=UTC))


def _naive(key: int) -> datetime:
    return key_to_datetime(key).replace(tzinfo=None)


def _years(start: datetime, count: int) -> Iterator[datetime]:
    year = -(-start.year // count) * count
    if year == start.year and start != datetime(year, 1, 1):
        year += count
    while year <= 9999:
        yield datetime(year, 1, 1)
        year += count


def _months(start: datetime, count: int) -> Iterator[datetime]:
    year, month = start.year, start.month
    if start != datetime(year, month, 1):
        month += 1
    while True:
        if month > 12:
            year, month = year + 1, month - 12
        if year > 9999:
            return
        if (month - 1) % count == 0:
            yield datetime(year, month, 1)
        month += 1


def _days(start: datetime, count: int) -> Iterator[datetime]:
    day = start.date()
    if start != datetime(day.year, day.month, day.day):
        day += timedelta(days=1)
    while True:
        if (day.toordinal() - 1) % count == 0:  # weeks start on Mondays
            yield datetime(day.year, day.month, day.day)
        day += timedelta(days=1)  # OverflowError past 9999-12-31 ends the ticks


def _clock(start: datetime, unit: str, count: int) -> Iterator[datetime]:
    size = timedelta(hours=1) if unit == "hour" else timedelta(minutes=1)
    moment = start.replace(second=0, microsecond=0)
    if unit == "hour":
        moment = moment.replace(minute=0)
    if moment < start:
        moment += size
    while True:
        value = moment.hour if unit == "hour" else moment.minute
        if value % count == 0:
            yield moment
        moment += size  # OverflowError past 9999-12-31 ends the ticks


def _labels(moment: datetime, unit: str) -> tuple[str, str]:
    """The short label of a tick, and a long one that names the year too."""
    month = _MONTHS[moment.month - 1]
    if unit == "year":
        return str(moment.year), str(moment.year)
    if unit == "month":
        long = f"{month} {moment.year}"
        return (long if moment.month == 1 else month), long
    if unit == "day" or (moment.hour, moment.minute) == (0, 0):
        return f"{moment.day} {month}", f"{moment.day} {month} {moment.year}"
    clock = f"{moment.hour:02d}:{moment.minute:02d}"
    return clock, clock


def step_for(lo: int, hi: int, pixels: float, *, min_spacing: float = 70) -> tuple[str, int]:
    """The unit and count of the tick step for keys ``lo`` to ``hi`` drawn over ``pixels``.

    >>> step_for(0, 10 * US_PER_DAY, 500)
    ('day', 2)
    """
    per_pixel = (hi - lo) / pixels
    for step in _STEPS:
        if step.length >= per_pixel * min_spacing:
            return step.unit, step.count
    return "year", 1000


def ticks(lo: int, hi: int, pixels: float, *, min_spacing: float = 70) -> list[Tick]:
    """Ticks between keys ``lo`` and ``hi`` (inclusive) for an axis ``pixels`` wide."""
    lo, hi = max(lo, 0), min(hi, MAX_KEY)
    unit, count = step_for(lo, hi, pixels, min_spacing=min_spacing)
    start = _naive(lo)
    moments: Iterator[datetime]
    if unit == "year":
        moments = _years(start, count)
    elif unit == "month":
        moments = _months(start, count)
    elif unit == "day":
        moments = _days(start, count)
    else:
        moments = _clock(start, unit, count)
    found: list[Tick] = []
    try:
        for moment in moments:
            key = _key(moment)
            if key > hi or len(found) > pixels:
                break
            found.append(Tick(key, *_labels(moment, unit)))
    except OverflowError:
        pass  # the end of the calendar
    return found


def range_words(lo: int, hi: int) -> str:
    """Words for the stretch of keys ``[lo, hi)``, to the precision its length calls for.

    >>> from datetime import date
    >>> range_words(date_key(date(1800, 1, 1)), date_key(date(2024, 11, 16)))
    '1800–2024'
    >>> range_words(date_key(date(2024, 3, 1)), date_key(date(2024, 11, 16)))
    'Mar–Nov 2024'
    """
    hi = max(hi, lo + 1)
    first, last = _naive(lo), _naive(hi - 1)
    length = hi - lo
    if length >= 3 * _YEAR:
        return str(first.year) if first.year == last.year else f"{first.year}–{last.year}"
    if length >= 60 * US_PER_DAY:
        start = PartialDate.of_month(first.year, first.month)
        end = PartialDate.of_month(last.year, last.month)
        if first.year == last.year:
            return f"{_MONTHS[first.month - 1]}–{_MONTHS[last.month - 1]} {last.year}"
        return f"{describe(start)} – {describe(end)}"
    if lo % US_PER_DAY == 0 and hi % US_PER_DAY == 0:
        return describe(AllDay(first.date(), last.date()))
    # To the minute: the stretch is padded anyway, and seconds would only be noise.
    since = _naive(lo - lo % _MINUTE).replace(tzinfo=UTC)
    until = _naive(min(-(-hi // _MINUTE) * _MINUTE, MAX_KEY)).replace(tzinfo=UTC)
    return describe(TimeSpan(since, until))
