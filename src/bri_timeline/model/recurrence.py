"""The occurrences of a repeating event (:class:`~bri_timeline.model.event.Recurrence`).

A recurrence repeats the event's time as RFC 5545 RRULE ``FREQ``, ``INTERVAL``,
``COUNT`` and ``UNTIL`` do, with python-dateutil's ``rrule``:

* a timed event repeats its local wall-clock start in its own zone (9:00 stays
  9:00 across a change of clock), keeps its exact duration, and writes its end
  in the end's zone. A start that falls in a gap of the clock (a skipped hour)
  moves forward by the gap, as RFC 5545 says; in a repeated hour it is the
  first pass.
* an all-day event repeats its first day and keeps its number of days.
* days that do not exist are skipped, not moved (the 31st of a month of 30
  days, the 29th of February outside leap years), and ``count`` counts only the
  occurrences that exist.
* ``until`` is the last possible start, inclusive: a datetime is compared with
  the start instant; a day with the start's own calendar day (in the start's
  zone for a timed event, and as the UTC day of a datetime for all-day events).

>>> from datetime import date
>>> from bri_timeline.model.event import Event, Frequency, Recurrence
>>> from bri_timeline.model.times import AllDay
>>> day = Event("anniversary", "Anniversary", AllDay(date(2024, 2, 29)),
...             recurrence=Recurrence(Frequency.YEARLY, count=2))
>>> [time.first.isoformat() for time in occurrences(day)]
['2024-02-29', '2028-02-29']
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime, time, timedelta
from typing import Literal
from zoneinfo import ZoneInfo

from dateutil import rrule

from bri_timeline.errors import InvalidEvent
from bri_timeline.model.event import Event, Frequency, Recurrence
from bri_timeline.model.times import AllDay, OpenEnded, PartialDate, Time, TimeSpan

__all__ = ["end_of_day", "last_start_bound", "occurrences", "resolve_gap"]

_FREQUENCIES: dict[Frequency, Literal[0, 1, 2, 3]] = {
    Frequency.DAILY: rrule.DAILY,
    Frequency.WEEKLY: rrule.WEEKLY,
    Frequency.MONTHLY: rrule.MONTHLY,
    Frequency.YEARLY: rrule.YEARLY,
}
_DAYS_PER_STEP = {
    Frequency.DAILY: 1,
    Frequency.WEEKLY: 7,
    Frequency.MONTHLY: 31,
    Frequency.YEARLY: 366,
}


def resolve_gap(value: datetime) -> datetime:
    """A wall time in its zone, moved forward by the gap if the clocks skipped it (RFC 5545).

    A time in a repeated hour is its first pass.

    >>> from zoneinfo import ZoneInfo
    >>> resolve_gap(datetime(2024, 3, 31, 1, 30, tzinfo=ZoneInfo("Europe/London"))).isoformat()
    '2024-03-31T02:30:00+01:00'
    """
    tz = value.tzinfo
    if not isinstance(tz, ZoneInfo):
        return value
    value = value.replace(fold=0)
    return value.astimezone(UTC).astimezone(tz)


def end_of_day(day: date, like: datetime) -> datetime:
    """The last microsecond (UTC) of ``day`` on the clock of ``like``'s zone.

    It is the latest start a ``until`` day allows a timed event.

    >>> end_of_day(date(2024, 11, 14), datetime(2024, 1, 1, tzinfo=UTC)).isoformat()
    '2024-11-14T23:59:59.999999+00:00'
    """
    after = datetime.combine(day + timedelta(days=1), time(), tzinfo=like.tzinfo)
    return resolve_gap(after).astimezone(UTC) - timedelta(microseconds=1)


def _rule(time_: TimeSpan | AllDay, recurrence: Recurrence) -> rrule.rrule:
    until = recurrence.until
    if isinstance(time_, AllDay):
        start = datetime.combine(time_.first, time())
        if isinstance(until, datetime):
            until = until.astimezone(UTC).date()
        last = None if until is None else datetime.combine(until, time())
    else:
        start = time_.start
        if until is not None and not isinstance(until, datetime):
            last = end_of_day(until, start)
        else:
            last = until
    return rrule.rrule(
        _FREQUENCIES[recurrence.frequency],
        dtstart=start,
        interval=recurrence.interval,
        count=recurrence.count,
        until=last,
    )


def _occurrence(time_: TimeSpan | AllDay, start: datetime) -> TimeSpan | AllDay:
    if isinstance(time_, AllDay):
        first = start.date()
        return AllDay(first, first + (time_.last - time_.first))
    begin = resolve_gap(start)
    end_zone = time_.end.tzinfo
    end = (begin.astimezone(UTC) + time_.duration).astimezone(end_zone)
    return TimeSpan(begin, end)


def occurrences(
    event: Event, window: Time | Event | None = None
) -> Iterator[TimeSpan | AllDay | PartialDate | OpenEnded]:
    """The times of an event's occurrences, in order; only those overlapping ``window``.

    An event without a recurrence has one occurrence, its own time. The first
    occurrence of a repeating event is its own time.

    Args:
        event: The event.
        window: Keep the occurrences whose span overlaps this time's (or event's) span.

    Raises:
        InvalidEvent: The event repeats for ever and no window was given.
    """
    recurrence = event.recurrence
    lo, hi = (None, None) if window is None else (window._start, window._end)
    if recurrence is None:
        if window is None or (event._start < window._end and window._start < event._end):
            yield event.time
        return
    time_ = event.time
    assert isinstance(time_, TimeSpan | AllDay)
    if hi is None and recurrence.count is None and recurrence.until is None:
        raise InvalidEvent("recurrence", "repeats for ever: give a window", recurrence)
    # DTSTART is always the first occurrence (RFC 5545), even with an ``until`` before it.
    starts = iter(_rule(time_, recurrence))
    found: TimeSpan | AllDay = time_
    next(starts, None)
    while True:
        if hi is not None and found._start >= hi:
            return
        if lo is None or found._end > lo:
            yield found
        start = next(starts, None)
        if start is None:
            return
        found = _occurrence(time_, start)


def last_start_bound(event: Event) -> datetime | None:
    """An instant no occurrence of the event starts after (UTC), or None if it repeats for ever.

    Cheap: for a ``count`` it assumes the longest step, so it may lie beyond the
    real last start, never before it.
    """
    recurrence = event.recurrence
    time_ = event.time
    if recurrence is None or not isinstance(time_, TimeSpan | AllDay):
        return None
    if isinstance(time_, AllDay):
        first = datetime.combine(time_.first, time(), tzinfo=UTC)
    else:
        first = time_.start.astimezone(UTC)
    until = recurrence.until
    if isinstance(until, datetime):
        return until
    if until is not None:
        first, days = datetime.combine(until, time(), tzinfo=UTC), 2
    elif recurrence.count is None:
        return None
    else:
        step = _DAYS_PER_STEP[recurrence.frequency]
        days = (recurrence.count - 1) * recurrence.interval * step + 2
    try:
        return first + timedelta(days=days)
    except OverflowError:
        return datetime.max.replace(tzinfo=UTC)
