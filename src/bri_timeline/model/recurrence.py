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

import calendar
from collections.abc import Iterator
from datetime import UTC, date, datetime, time, timedelta
from typing import Literal
from zoneinfo import ZoneInfo

from dateutil import rrule

from bri_timeline.errors import InvalidArgument, InvalidEvent
from bri_timeline.model.arguments import check_window
from bri_timeline.model.event import Event, Frequency, Recurrence
from bri_timeline.model.keys import US_PER_DAY
from bri_timeline.model.times import AllDay, Time, TimeSpan

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


def _rule(
    time_: TimeSpan | AllDay, recurrence: Recurrence, skip: _Skip | None = None
) -> rrule.rrule:
    """The dateutil rule of the starts; from the ``skip.first``-th candidate on, if given."""
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
    count = recurrence.count
    by: dict[str, int] = {}
    if skip is not None:
        if count is not None:
            count -= skip.existing
        by = _by_parts(recurrence.frequency, start)
        start = skip.start(start)
    return rrule.rrule(
        _FREQUENCIES[recurrence.frequency],
        dtstart=start,
        interval=recurrence.interval,
        count=count,
        until=last,
        **by,  # type: ignore[arg-type]
    )


def _by_parts(frequency: Frequency, start: datetime) -> dict[str, int]:
    # The parts dateutil would take from the first start, which a later start does not have.
    if frequency is Frequency.MONTHLY:
        return {"bymonthday": start.day}
    if frequency is Frequency.YEARLY:
        return {"bymonth": start.month, "bymonthday": start.day}
    return {}


class _Skip:
    """The candidates of a simple rule that lie wholly before a window, counted without a walk.

    A candidate is the k-th step of the rule from its first start (``k * interval``
    days, weeks, months or years), whether or not that day exists. ``first`` is
    the first candidate kept; ``existing`` is how many of the skipped ones exist,
    which is what ``count`` counts (only worked out when ``counted``).
    """

    def __init__(
        self, frequency: Frequency, interval: int, origin: date, target: date, *, counted: bool
    ) -> None:
        self.frequency = frequency
        self.interval = interval
        self.origin = origin
        if frequency in (Frequency.DAILY, Frequency.WEEKLY):
            self.first = (target - origin).days // self._days()
        elif frequency is Frequency.MONTHLY:
            months = (target.year - origin.year) * 12 + target.month - origin.month
            self.first = months // interval
        else:
            self.first = (target.year - origin.year) // interval
        self.existing = self.first
        if counted and origin.day > 28 and frequency in (Frequency.MONTHLY, Frequency.YEARLY):
            self.existing = sum(map(self._exists, range(self.first)))

    def _days(self) -> int:
        return self.interval * (7 if self.frequency is Frequency.WEEKLY else 1)

    def _month(self, k: int) -> tuple[int, int]:
        """The year and month of the k-th candidate of a monthly or yearly rule."""
        if self.frequency is Frequency.YEARLY:
            return self.origin.year + k * self.interval, self.origin.month
        index = self.origin.month - 1 + k * self.interval
        return self.origin.year + index // 12, index % 12 + 1

    def _exists(self, k: int) -> bool:
        year, month = self._month(k)
        return calendar.monthrange(year, month)[1] >= self.origin.day

    def start(self, start: datetime) -> datetime:
        """The rule's new first start: the first kept candidate, or the 1st of its month."""
        if self.frequency in (Frequency.DAILY, Frequency.WEEKLY):
            day = self.origin + timedelta(days=self.first * self._days())
        else:
            year, month = self._month(self.first)
            day = date(year, month, 1)
        return start.replace(year=day.year, month=day.month, day=day.day, fold=0)


def _skip(time_: TimeSpan | AllDay, recurrence: Recurrence, lo: int) -> _Skip | None:
    """What to skip of a rule to reach a window that begins at span key ``lo``, if anything.

    A candidate whose day (on its own clock, which is within a day of UTC) is more
    than the occurrence's length and two days before the window's first UTC day
    cannot reach into the window.
    """
    if isinstance(time_, AllDay):
        origin, days = time_.first, time_.days
    else:
        origin, days = time_.start.date(), -(-(time_._end - time_._start) // US_PER_DAY)
    target_ordinal = lo // US_PER_DAY + 1 - days - 2
    if target_ordinal <= origin.toordinal():
        return None
    target = date.fromordinal(target_ordinal)
    counted = recurrence.count is not None
    skip = _Skip(recurrence.frequency, recurrence.interval, origin, target, counted=counted)
    return skip if skip.first > 0 else None


def _occurrence(time_: TimeSpan | AllDay, start: datetime) -> TimeSpan | AllDay:
    if isinstance(time_, AllDay):
        first = start.date()
        return AllDay(first, first + (time_.last - time_.first))
    begin = resolve_gap(start)
    end_zone = time_.end.tzinfo
    end = (begin.astimezone(UTC) + time_.duration).astimezone(end_zone)
    return TimeSpan(begin, end)


def occurrences(event: Event, window: Time | Event | None = None) -> Iterator[Time]:
    """The times of an event's occurrences, in order; only those overlapping ``window``.

    An event without a recurrence has one occurrence, its own time. The first
    occurrence of a repeating event is its own time.

    Args:
        event: The event.
        window: Keep the occurrences whose span overlaps this time's (or event's) span.

    A repeating event's occurrences before the window are skipped by counting, not
    walked through, so the first occurrence in a window in the year 9000 of a
    daily event of 2024 costs no more than the first of all.

    Raises:
        InvalidArgument: ``event`` is not an event, or ``window`` neither a
            time nor an event (when called, not when iterated).
        InvalidEvent: The event repeats for ever and no window was given.
    """
    if not isinstance(event, Event):
        raise InvalidArgument("event", "must be an Event", event)
    if window is not None:
        check_window("window", window)
    recurrence = event.recurrence
    if recurrence is None:
        if window is None or (event._start < window._end and window._start < event._end):
            return iter((event.time,))
        return iter(())
    if window is None and recurrence.count is None and recurrence.until is None:
        raise InvalidEvent("recurrence", "repeats for ever: give a window", recurrence)
    return _occurrences(event, recurrence, window)


def _occurrences(
    event: Event, recurrence: Recurrence, window: Time | Event | None
) -> Iterator[TimeSpan | AllDay]:
    lo, hi = (None, None) if window is None else (window._start, window._end)
    time_ = event.time
    assert isinstance(time_, TimeSpan | AllDay)
    if lo is not None and (skip := _skip(time_, recurrence, lo)) is not None:
        if recurrence.count is not None and skip.existing >= recurrence.count:
            return
        yield from _occurrences_from(time_, iter(_rule(time_, recurrence, skip)), lo, hi)
        return
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


def _occurrences_from(
    time_: TimeSpan | AllDay, starts: Iterator[datetime], lo: int, hi: int | None
) -> Iterator[TimeSpan | AllDay]:
    # After a skip: the occurrences from the first kept candidate on that overlap [lo, hi).
    for start in starts:
        found = _occurrence(time_, start)
        if hi is not None and found._start >= hi:
            return
        if found._end > lo:
            yield found


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
