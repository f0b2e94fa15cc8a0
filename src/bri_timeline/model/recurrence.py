"""The occurrences of a repeating event: the one place a rule becomes times.

Over 400 lines: the expansion and the arithmetic that skips to a window share their
reading of the rule; apart, each would repeat it.

An event's :class:`~bri_timeline.model.rrule.Recurrence` repeats its time as RFC
5545 RRULE, RDATE and EXDATE do, with python-dateutil's ``rrule``:

* the event's own start is always the first occurrence; the rule's starts, then
  the ``rdates``, are merged in order, and the ``exdates`` left out;
* a timed event repeats its local wall-clock start in its own zone (9:00 stays
  9:00 across a change of clock), keeps its exact duration, and writes its end
  in the end's zone. A start that falls in a gap of the clock (a skipped hour)
  moves forward by the gap, as RFC 5545 says (and comes in order of its new
  instant; one that lands on another start is that start); in a repeated hour it
  is the first pass. An ``rdates`` TimeSpan is an occurrence of its own length.
* an all-day event repeats its first day and keeps its number of days.
* a floating event (:class:`~bri_timeline.model.floating.FloatingSpan`) repeats on
  the wall clock, with no zone and so no gap: each occurrence is a FloatingSpan of
  its length; its ``rdates`` and ``exdates`` are wall times (naive datetimes), and a
  UTC ``until`` is read on the wall clock, as recurring-ical-events reads it. It has
  no overrides (yet).
* an occurrence the event ``overrides`` (matched by instant, or by day) is the
  override's own time, in order of it: moved into a window, it is found there;
  moved out, it is not. An override is kept even where the rule gives no start.
* days that do not exist are skipped, not moved (the 31st of a month of 30
  days, the 29th of February outside leap years), and ``count`` counts only the
  occurrences that exist.
* ``until`` is the last possible start, inclusive: a datetime is compared with
  the start instant; a day with the start's own calendar day (in the start's
  zone for a timed event, and as the UTC day of a datetime for all-day events).
* before a window, whole periods of the rule are skipped by arithmetic, not
  walked, when the rule has no ``count`` (or a ``count`` and no BY part): the
  first occurrence in a week of 2090 of a daily rule of 2025 costs about what
  the first of all does.
* a walk stays within :class:`~bri_timeline.limits.Limits`: a rule that never
  matches is refused after ``max_empty_months`` months without a start, and a
  walk that gives more than ``max_occurrences`` starts is refused too.

>>> from datetime import date
>>> from bri_timeline.model.event import Event
>>> from bri_timeline.model.rrule import Frequency, Recurrence
>>> from bri_timeline.model.times import AllDay
>>> day = Event("anniversary", "Anniversary", AllDay(date(2024, 2, 29)),
...             recurrence=Recurrence(Frequency.YEARLY, count=2))
>>> [time.first.isoformat() for time in occurrences(day)]
['2024-02-29', '2028-02-29']
>>> fridays = Event("review", "Review", AllDay(date(2025, 1, 31)),
...                 recurrence=Recurrence.from_rrule("FREQ=MONTHLY;BYDAY=-1FR;COUNT=3"))
>>> [time.first.isoformat() for time in occurrences(fridays)]
['2025-01-31', '2025-02-28', '2025-03-28']
"""

from __future__ import annotations

import heapq
from collections.abc import Iterator
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import attrs
from dateutil import rrule

from bri_timeline.errors import InvalidArgument, InvalidEvent
from bri_timeline.limits import Limits, limits_or_default
from bri_timeline.model._walk import walk
from bri_timeline.model.arguments import check_window
from bri_timeline.model.event import Event
from bri_timeline.model.floating import EARLIEST_OFFSET, FloatingSpan
from bri_timeline.model.keys import US_PER_DAY, instant_key
from bri_timeline.model.overrides import Override, occurrence_id
from bri_timeline.model.rrule import Frequency, Recurrence
from bri_timeline.model.times import AllDay, Time, TimeSpan

__all__ = [
    "check_matches",
    "end_of_day",
    "events_between",
    "last_start_bound",
    "occurrence_event",
    "occurrence_id",
    "occurrences",
    "resolve_gap",
]

_FREQUENCIES = {frequency: number for number, frequency in enumerate(reversed(Frequency))}
_STEP = {  # the longest period of each frequency
    Frequency.SECONDLY: timedelta(seconds=1),
    Frequency.MINUTELY: timedelta(minutes=1),
    Frequency.HOURLY: timedelta(hours=1),
    Frequency.DAILY: timedelta(days=1),
    Frequency.WEEKLY: timedelta(days=7),
    Frequency.MONTHLY: timedelta(days=31),
    Frequency.YEARLY: timedelta(days=366),
}
_Repeated = TimeSpan | AllDay | FloatingSpan  # the times that repeat
_EXACT_BOUND = 10_000  # a finite rule of at most this many starts is walked for its last one


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
    if value.fold:
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


def _origin(time_: _Repeated) -> datetime:
    """The first start as dateutil walks it: a wall time in its zone, or a naive midnight."""
    if isinstance(time_, AllDay):
        return datetime.combine(time_.first, time())
    return time_.start


def _last(time_: _Repeated, recurrence: Recurrence) -> datetime | None:
    """The rule's ``until`` as dateutil compares it with the starts."""
    until = recurrence.until
    if until is None:
        return None
    if isinstance(time_, FloatingSpan):
        # A UTC time is read on the wall clock, as recurring-ical-events reads it; a day
        # lasts to its last microsecond.
        if isinstance(until, datetime):
            return until.replace(tzinfo=None)
        return datetime.combine(until + timedelta(days=1), time()) - timedelta(microseconds=1)
    if isinstance(time_, AllDay):
        day = until.astimezone(UTC).date() if isinstance(until, datetime) else until
        return datetime.combine(day, time())
    if isinstance(until, datetime):
        return until
    return end_of_day(until, time_.start)


def _parts(recurrence: Recurrence) -> dict[str, Any]:
    """The BY parts as dateutil's keyword arguments (only those given)."""
    parts: dict[str, Any] = {}
    for name in ("bysecond", "byminute", "byhour", "bymonthday", "byyearday", "byweekno"):
        if values := getattr(recurrence, name):
            parts[name] = values
    if recurrence.bymonth:
        parts["bymonth"] = recurrence.bymonth
    if recurrence.bysetpos:
        parts["bysetpos"] = recurrence.bysetpos
    if recurrence.byday:
        parts["byweekday"] = _weekdays(recurrence)
    return parts


def _weekdays(recurrence: Recurrence) -> tuple[rrule.weekday, ...]:
    """BYDAY for dateutil, which takes the days of a mixed list (``-1FR,MO``) as an intersection.

    RFC 5545 means the union: a plain day beside an ordinal one is written as
    every ordinal of that day in the period (1 to 5 in a month, 1 to 53 in a year).
    """
    days = recurrence.byday
    if all(day.nth is None for day in days) or all(day.nth is not None for day in days):
        return tuple(rrule.weekday(day.index, day.nth) for day in days)
    in_month = recurrence.frequency is Frequency.MONTHLY or bool(recurrence.bymonth)
    ordinals = range(1, 6) if in_month else range(1, 54)
    found = []
    for day in days:
        for nth in ordinals if day.nth is None else (day.nth,):
            found.append(rrule.weekday(day.index, nth))
    return tuple(found)


def _implied(frequency: Frequency, parts: dict[str, Any], start: datetime) -> dict[str, Any]:
    """The parts dateutil takes from the first start, written out, for a later start to keep."""
    parts = dict(parts)
    if not any(name in parts for name in ("byweekno", "byyearday", "bymonthday", "byweekday")):
        if frequency is Frequency.YEARLY:
            parts.setdefault("bymonth", start.month)
            parts["bymonthday"] = start.day
        elif frequency is Frequency.MONTHLY:
            parts["bymonthday"] = start.day
        elif frequency is Frequency.WEEKLY:
            parts["byweekday"] = start.weekday()
    order = _FREQUENCIES[frequency]
    for name, finer, value in (
        ("byhour", rrule.HOURLY, start.hour),
        ("byminute", rrule.MINUTELY, start.minute),
        ("bysecond", rrule.SECONDLY, start.second),
    ):
        if order < finer:
            parts.setdefault(name, value)
    return parts


def _aligned(
    frequency: Frequency, interval: int, origin: datetime, target: datetime
) -> tuple[int, datetime]:
    """How many whole steps of the rule lie before ``target``, and where the next one begins.

    A step is ``interval`` periods; it begins on the period's first moment (its
    first second, minute, hour or day; a week's on its WKST day, which the caller
    applies). Both datetimes are wall times, compared as dateutil walks them.
    """
    wall_origin, wall_target = origin.replace(tzinfo=None), target.replace(tzinfo=None)
    if frequency is Frequency.YEARLY:
        k = (wall_target.year - wall_origin.year) // interval
        return k, origin.replace(
            year=origin.year + k * interval, month=1, day=1, hour=0, minute=0, second=0
        )
    if frequency is Frequency.MONTHLY:
        months = (wall_target.year - wall_origin.year) * 12 + wall_target.month - wall_origin.month
        k = months // interval
        index = origin.month - 1 + k * interval
        return k, origin.replace(
            year=origin.year + index // 12, month=index % 12 + 1, day=1, hour=0, minute=0, second=0
        )
    unit = _STEP[frequency]
    if frequency is Frequency.WEEKLY:
        unit = timedelta(days=7)
    kept = {Frequency.HOURLY: 4, Frequency.MINUTELY: 5, Frequency.SECONDLY: 6}.get(frequency, 3)
    base = datetime(*wall_origin.timetuple()[:kept])  # type: ignore[arg-type]
    k = (wall_target - base) // (unit * interval)
    return k, (base + k * interval * unit).replace(tzinfo=origin.tzinfo)


def _skip_to(
    time_: _Repeated, recurrence: Recurrence, lo: int
) -> tuple[datetime, int | None] | None:
    """Where the rule may start again to reach a window from span key ``lo``, and its new count.

    None when nothing can be skipped. A start more than the occurrence's length and
    two days before the window cannot reach into it.
    """
    origin = _origin(time_)
    length = US_PER_DAY * time_.days if isinstance(time_, AllDay) else time_._end - time_._start
    margin = timedelta(microseconds=length) + timedelta(days=2)
    try:
        target = datetime(1, 1, 1) + timedelta(microseconds=lo) - margin
    except OverflowError:
        return None
    if target <= origin.replace(tzinfo=None):
        return None
    frequency, interval = recurrence.frequency, recurrence.interval
    count = recurrence.count
    simple = not _parts(recurrence)
    if count is not None and (
        not simple or (frequency in (Frequency.MONTHLY, Frequency.YEARLY) and origin.day > 28)
    ):
        return None  # which of the skipped candidates exist is not known without a walk
    if frequency is Frequency.WEEKLY:
        week_start = WEEKDAYS_INDEX[recurrence.wkst]
        back = (origin.weekday() - week_start) % 7
        origin_week = (origin - timedelta(days=back)).replace(hour=0, minute=0, second=0)
        k, start = _aligned(Frequency.DAILY, 7 * interval, origin_week, target)
    else:
        k, start = _aligned(frequency, interval, origin, target)
    if k <= 0:
        return None
    if count is not None:
        if k >= count:
            return start, 0
        return start, count - k
    return start, None


WEEKDAYS_INDEX = {"MO": 0, "TU": 1, "WE": 2, "TH": 3, "FR": 4, "SA": 5, "SU": 6}


def _rule(
    time_: _Repeated, recurrence: Recurrence, start: datetime | None, count: int | None
) -> rrule.rrule:
    origin = _origin(time_)
    parts = _parts(recurrence)
    if start is not None:
        parts = _implied(recurrence.frequency, parts, origin)
    return rrule.rrule(
        _FREQUENCIES[recurrence.frequency],  # type: ignore[arg-type]
        dtstart=origin if start is None else start,
        interval=recurrence.interval,
        wkst=WEEKDAYS_INDEX[recurrence.wkst],
        count=count,
        until=_last(time_, recurrence),
        **parts,
    )


def _occurrence(time_: _Repeated, start: datetime) -> _Repeated:
    if isinstance(time_, AllDay):
        first = start.date()
        return AllDay(first, first + (time_.last - time_.first))
    if isinstance(time_, FloatingSpan):
        return FloatingSpan(start, start + time_.duration)
    if start.replace(tzinfo=None) == time_.start.replace(tzinfo=None):
        return time_  # the event's own start: in a repeated hour, the pass it says (fold)
    begin = resolve_gap(start)
    end = (begin.astimezone(UTC) + time_.duration).astimezone(time_.end.tzinfo)
    return TimeSpan(begin, end)


def _extra(time_: _Repeated, value: date | datetime | TimeSpan) -> _Repeated:
    """The occurrence an RDATE gives."""
    if isinstance(value, TimeSpan):
        return value
    if isinstance(value, datetime):
        return _occurrence(
            time_, value.astimezone(time_.start.tzinfo) if isinstance(time_, TimeSpan) else value
        )
    return _occurrence(time_, datetime.combine(value, time()))


def _key(found: _Repeated | Override) -> int:
    return found.event._start if isinstance(found, Override) else found._start


def _excluded(time_: _Repeated, recurrence: Recurrence) -> set[int]:
    if isinstance(time_, FloatingSpan):  # wall times: the keys of the occurrences they name
        return {
            FloatingSpan(v if isinstance(v, datetime) else datetime.combine(v, time()))._start
            for v in recurrence.exdates
        }
    keys = set()
    for value in recurrence.exdates:
        if isinstance(value, datetime):
            keys.add(instant_key(value))
        else:
            keys.add(instant_key(datetime.combine(value, time(), tzinfo=UTC)))
    return keys


def _rule_occurrences(
    time_: _Repeated, recurrence: Recurrence, lo: int | None, limits: Limits
) -> Iterator[_Repeated]:
    skip = None if lo is None else _skip_to(time_, recurrence, lo)
    if skip is not None and skip[1] == 0:
        return
    rule = _rule(time_, recurrence, *(skip or (None, recurrence.count)))
    # A start in a gap of the clock moves forward by the gap, past the starts that follow
    # it in wall time (a rule of minutes: 01:30 in the gap becomes 02:30, after 02:00).
    # Each start is held until no later one can come before it: none comes before the
    # earlier of its wall time's two readings (fold 0 and 1), which for a start outside
    # a gap is its own instant.
    held: list[tuple[int, int, _Repeated]] = []
    for order, start in enumerate(walk(rule, limits, recurrence.to_rrule())):
        found = _occurrence(time_, start)
        floor = found._start
        if isinstance(found, TimeSpan) and found.start.replace(tzinfo=None) != start.replace(
            tzinfo=None
        ):
            floor = min(floor, instant_key(start.replace(fold=1)))
        heapq.heappush(held, (found._start, order, found))
        while held and held[0][0] <= floor:
            yield heapq.heappop(held)[2]
    while held:
        yield heapq.heappop(held)[2]


def occurrences(
    event: Event, window: Time | Event | None = None, *, limits: Limits | None = None
) -> Iterator[Time]:
    """The times of an event's occurrences, in order of start; only those overlapping ``window``.

    An event without a recurrence has one occurrence, its own time. The first
    occurrence of a repeating event is its own time, unless it overrides it; an
    overridden occurrence has the override's time.

    Args:
        event: The event.
        window: Keep the occurrences whose span overlaps this time's (or event's) span.
        limits: What the walk may cost (default :class:`~bri_timeline.limits.Limits`):
            ``max_empty_months`` and ``max_occurrences``.

    Raises:
        InvalidArgument: ``event`` is not an event, ``window`` neither a time nor
            an event, or ``limits`` not a Limits (when called, not when iterated).
        InvalidEvent: The event repeats for ever and no window was given (when
            called); its rule never matches, or gives more than
            ``limits.max_occurrences`` starts before the window ends (when iterated).
    """
    if not isinstance(event, Event):
        raise InvalidArgument("event", "must be an Event", event)
    if window is not None:
        check_window("window", window)
    checked = limits_or_default(limits)
    recurrence = event.recurrence
    if recurrence is None:
        if window is None or (event._start < window._end and window._start < event._end):
            return iter((event.time,))
        return iter(())
    if window is None and not recurrence.ends:
        raise InvalidEvent("recurrence", "repeats for ever: give a window", recurrence.to_rrule())
    lo, hi = (None, None) if window is None else (window._start, window._end)
    found = _occurrences(event, lo, hi, checked)
    return (_time_of(item) for item in found)


def _time_of(found: _Repeated | Override) -> _Repeated:
    if isinstance(found, Override):
        time_ = found.event.time
        assert isinstance(time_, _Repeated)  # as the Event checks its overrides
        return time_
    return found


def _occurrences(
    event: Event, lo: int | None, hi: int | None, limits: Limits
) -> Iterator[_Repeated | Override]:
    recurrence, time_ = event.recurrence, event.time
    assert recurrence is not None
    assert isinstance(time_, _Repeated)
    streams: list[Iterator[_Repeated | Override]] = [
        iter((time_,)),
        _rule_occurrences(time_, recurrence, lo, limits),
        iter(sorted((_extra(time_, value) for value in recurrence.rdates), key=_key)),
        iter(sorted(event.overrides, key=_key)),
    ]
    excluded = _excluded(time_, recurrence)
    excluded.update(override.key for override in event.overrides)
    previous: int | None = None
    for found in heapq.merge(*streams, key=_key):
        if isinstance(found, Override):
            if hi is not None and found.event._start >= hi:
                return
            if lo is None or found.event._end > lo:
                yield found
            continue
        if hi is not None and found._start >= hi:
            return
        if found._start == previous or found._start in excluded:
            continue
        previous = found._start
        if lo is None or found._end > lo:
            yield found


def occurrence_event(event: Event, time_: _Repeated) -> Event:
    """One occurrence as an event: its own time, the id :func:`occurrence_id` gives, no rule."""
    start = time_.first if isinstance(time_, AllDay) else time_.start
    return attrs.evolve(
        event, id=occurrence_id(event.id, start), time=time_, recurrence=None, overrides=()
    )


def events_between(event: Event, lo: int, hi: int, limits: Limits | None = None) -> Iterator[Event]:
    """A repeating event's occurrences that overlap ``[lo, hi)`` (span keys), in order, as events.

    An overridden occurrence is its override's event.
    """
    for found in _occurrences(event, lo, hi, limits_or_default(limits)):
        yield found.event if isinstance(found, Override) else occurrence_event(event, found)


def check_matches(event: Event, *, limits: Limits | None = None) -> None:
    """Refuse a rule that never gives a start after the event's own, within ``limits``.

    It walks the rule to its second start (or its end), which a rule that matches
    is quick to reach; one that never matches is refused after
    ``limits.max_empty_months`` months without a start.

    Raises:
        InvalidEvent: The rule never matches.
    """
    recurrence = event.recurrence
    if recurrence is None or not isinstance(event.time, _Repeated):
        return
    checked = limits_or_default(limits)
    walked = _rule_occurrences(event.time, recurrence, None, checked)
    for _ in zip(range(2), walked, strict=False):
        pass


def last_start_bound(event: Event) -> datetime | None:
    """An instant no occurrence of the event starts after (UTC), or None if it repeats for ever.

    Cheap: a rule of at most 10,000 starts is walked for its last; a longer one by
    ``count`` is taken to repeat for ever (None), and ``until`` is its own bound.
    ``rdates`` are taken into account.
    """
    recurrence = event.recurrence
    time_ = event.time
    if recurrence is None or not isinstance(time_, _Repeated):
        return None
    extra = [_instant(_extra(time_, value)) for value in recurrence.rdates]
    until = recurrence.until
    if isinstance(until, datetime):
        bound: datetime | None = until.replace(tzinfo=UTC)
        if isinstance(time_, FloatingSpan):  # read on the wall clock, at its latest instant
            bound = until.replace(tzinfo=UTC) - EARLIEST_OFFSET
    elif until is not None:
        bound = datetime.combine(until, time(), tzinfo=UTC) + timedelta(days=2)
    elif recurrence.count is None or recurrence.count > _EXACT_BOUND:
        return None
    else:
        last: _Repeated = time_
        try:
            for found in _occurrences(event, None, None, Limits()):
                last = _time_of(found)
        except InvalidEvent:
            return None
        bound = _instant(last)
    moved = [_instant(_time_of(override)) for override in event.overrides]
    return max([bound, *extra, *moved]) if bound is not None else None


def _instant(found: _Repeated) -> datetime:
    if isinstance(found, AllDay):
        return datetime.combine(found.first, time(), tzinfo=UTC)
    if isinstance(found, FloatingSpan):  # its latest possible instant
        return found.start.replace(tzinfo=UTC) - EARLIEST_OFFSET
    return found.start.astimezone(UTC)
