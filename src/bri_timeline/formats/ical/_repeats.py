"""The occurrences of a repeating VEVENT: RRULE and RDATE, less EXDATE (python-dateutil).

Part of :mod:`bri_timeline.formats.ical.read`. What the repeats of one file may cost is
kept by a :class:`RuleBudget` (from the :class:`~bri_timeline.limits.Limits`):

* every occurrence given, or walked through before a window, counts against
  ``max_occurrences``;
* dateutil walks a rule period by period and stops only at COUNT, UNTIL or the
  year 9999, whether or not the periods hold an occurrence; a rule that never
  matches (``FREQ=DAILY;BYMONTH=2;BYMONTHDAY=30``) would walk some 8,000 years.
  Every month walked without an occurrence counts against ``max_empty_months``;
* a BYSETPOS that no period can reach (``FREQ=HOURLY;BYSETPOS=2``: an hour holds
  one start) is refused before the walk, which would take the walk a year a minute.
"""

from __future__ import annotations

import heapq
from collections.abc import Iterator
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from dateutil import rrule
from icalendar import Component

from bri_timeline.formats.ical._properties import Reader, all_of
from bri_timeline.formats.ical._rules import is_floating, read_until, series_moment
from bri_timeline.limits import Limits
from bri_timeline.model._setpos import setpos_problem
from bri_timeline.model._walk import Barren, EmptyMonths, watch
from bri_timeline.model.keys import instant_key
from bri_timeline.model.recurrence import occurrence_id, resolve_gap

__all__ = [
    "RuleBudget",
    "is_finite",
    "moment_key",
    "occurrence_id",
    "period_lengths",
    "rule_starts",
]


class RuleBudget(EmptyMonths):
    """What the repeating events of one file may still cost (see the module docstring)."""

    def __init__(self, limits: Limits) -> None:
        super().__init__(limits)
        self.occurrences = 0

    def occurrence(self, reader: Reader, prop: str = "RRULE") -> None:
        """Count one occurrence given or walked through; refuse the file past the limit."""
        self.found = True
        self.occurrences += 1
        if self.occurrences > self.limits.max_occurrences:
            raise reader.error(
                f"its repeating events give more than {self.limits.max_occurrences} "
                "occurrences (Limits.max_occurrences): import it with a shorter window",
                prop,
            )


def moment_key(value: date | datetime) -> object:
    """A key that matches an occurrence with its RECURRENCE-ID or EXDATE."""
    if isinstance(value, datetime):
        return ("instant", instant_key(value)) if value.tzinfo is not None else ("wall", value)
    return ("day", value)


def rule_starts(
    reader: Reader, component: Component, start: date | datetime, budget: RuleBudget
) -> Iterator[date | datetime]:
    """The starts of a repeating VEVENT (RRULE and RDATE, less EXDATE), in order."""
    streams: list[Iterator[date | datetime]] = []
    floating = is_floating(reader, component)
    for prop in all_of(component, "RRULE"):
        streams.append(_rrule_starts(reader, prop, start, budget, floating=floating))
    extra: list[date | datetime] = [start]
    for prop in all_of(component, "RDATE"):
        for item in getattr(prop, "dts", []):
            value = item.dt[0] if isinstance(item.dt, tuple) else item.dt
            extra.append(series_moment(reader, value, item.params or prop.params, "RDATE", start))
    streams.append(iter(sorted(extra, key=_order)))
    excluded = set()
    for prop in all_of(component, "EXDATE"):
        for item in getattr(prop, "dts", []):
            value = series_moment(reader, item.dt, item.params or prop.params, "EXDATE", start)
            excluded.add(moment_key(value))
            if isinstance(value, date) and not isinstance(value, datetime):
                excluded.add(("date-of", value))
    previous: object = None
    for value in heapq.merge(*streams, key=_order):
        key = moment_key(value)
        if key == previous:
            continue
        previous = key
        day_of = ("date-of", value.date()) if isinstance(value, datetime) else None
        if key not in excluded and day_of not in excluded:
            yield value


def period_lengths(
    reader: Reader, component: Component, start: date | datetime
) -> dict[object, timedelta]:
    """The length of each ``VALUE=PERIOD`` RDATE, by the :func:`moment_key` of its start.

    ``start`` is the series' DTSTART, whose clock a floating period of a zoned series takes.
    """
    found: dict[object, timedelta] = {}
    for prop in all_of(component, "RDATE"):
        for item in getattr(prop, "dts", []):
            if not isinstance(item.dt, tuple):
                continue
            params = item.params or prop.params
            begin = series_moment(reader, item.dt[0], params, "RDATE", start)
            other = item.dt[1]
            if not isinstance(other, timedelta):
                end = series_moment(reader, other, params, "RDATE", start)
                other = _instant(end) - _instant(begin)
            found[moment_key(begin)] = other
    return found


def _instant(value: date | datetime) -> datetime:
    if isinstance(value, datetime):  # a wall time of a floating series: on a clock of its own
        return value.astimezone(UTC) if value.tzinfo is not None else value.replace(tzinfo=UTC)
    return datetime.combine(value, time(), tzinfo=UTC)


def _order(value: date | datetime) -> tuple[int, int]:
    if isinstance(value, datetime):
        return (
            instant_key(value)
            if value.tzinfo is not None
            else instant_key(value.replace(tzinfo=UTC))
        ), 0
    return instant_key(datetime.combine(value, time(), tzinfo=UTC)), 0


def _check_setpos(reader: Reader, parts: dict[str, Any]) -> None:
    frequency = str((parts.get("FREQ") or [""])[0]).upper()
    sizes = {name: len(parts.get(name) or ()) for name in ("BYHOUR", "BYMINUTE", "BYSECOND")}
    positions = [p for p in parts.get("BYSETPOS") or () if isinstance(p, int)]
    if problem := setpos_problem(frequency, sizes, positions):
        raise reader.error(problem, "RRULE", ",".join(map(str, positions)))


def _rrule_starts(
    reader: Reader, prop: Any, start: date | datetime, budget: RuleBudget, *, floating: bool
) -> Iterator[date | datetime]:
    parts = dict(prop)
    _check_setpos(reader, parts)
    until = (parts.pop("UNTIL", None) or [None])[0]
    text = prop.__class__(parts).to_ical().decode()
    is_day = not isinstance(start, datetime)
    dtstart = start if isinstance(start, datetime) else datetime.combine(start, time())
    rule = reader.guard("RRULE", lambda: rrule.rrulestr(text, dtstart=dtstart), text)
    if not isinstance(rule, rrule.rrule):
        raise reader.error("must be one rule", "RRULE", text)
    last: datetime | None = None
    if until is not None:
        if is_day:
            day = until.date() if isinstance(until, datetime) else until
            last = datetime.combine(day, time())
        else:
            found = read_until(until, start, floating=floating)
            assert isinstance(found, datetime)
            last = found
        if "COUNT" not in parts:
            # With COUNT too (RFC 5545 forbids both; some feeds have them), the walk stops
            # at whichever comes first, below: dateutil warns it will refuse the pair.
            rule = rule.replace(until=last)
    watch(rule, budget)
    walk = iter(rule)
    while True:
        try:
            value = next(walk, None)
        except Barren:
            raise reader.error(
                f"its repeat rules go more than {budget.limits.max_empty_months} months without "
                "an occurrence (Limits.max_empty_months); does this rule ever match?",
                "RRULE",
                text,
            ) from None
        if value is None or (last is not None and value > last):
            return
        budget.occurrence(reader)
        if is_day:
            yield value.date()
        elif value.replace(tzinfo=None) == dtstart.replace(tzinfo=None):
            yield start  # DTSTART itself, with its fold (dateutil gives every start fold 0)
        else:
            yield resolve_gap(value)


def is_finite(component: Component) -> bool:
    """Whether every RRULE of a component ends, by COUNT or UNTIL."""
    return all(rule.get("COUNT") or rule.get("UNTIL") for rule in all_of(component, "RRULE"))
