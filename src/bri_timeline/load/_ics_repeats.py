"""The occurrences of a repeating VEVENT: RRULE and RDATE, less EXDATE (python-dateutil).

Part of :mod:`bri_timeline.load.ics`.
"""

from __future__ import annotations

import heapq
from collections.abc import Iterator
from datetime import UTC, date, datetime, time
from typing import Any

from dateutil import rrule
from icalendar import Component

from bri_timeline.load._ics_read import Param, Reader, all_of, read_datetime
from bri_timeline.model.recurrence import end_of_day, resolve_gap
from bri_timeline.model.times import AllDay, TimeSpan, instant_key

__all__ = ["is_finite", "moment_key", "occurrence_id", "occurrence_time", "rule_starts"]


def _stamp(value: date | datetime) -> str:
    day = value.astimezone(UTC) if isinstance(value, datetime) else value
    text = f"{day.year:04d}{day.month:02d}{day.day:02d}"
    if isinstance(day, datetime):
        text += f"T{day.hour:02d}{day.minute:02d}{day.second:02d}Z"
    return text


def occurrence_id(base: str, start: date | datetime) -> str:
    """The id of one occurrence: the base id, ``+`` and its start stamp, within 255 characters."""
    suffix = "+" + _stamp(start)
    return base[: 255 - len(suffix)] + suffix


def moment_key(value: date | datetime) -> object:
    """A key that matches an occurrence with its RECURRENCE-ID or EXDATE."""
    if isinstance(value, datetime):
        return ("instant", instant_key(value)) if value.tzinfo is not None else ("wall", value)
    return ("day", value)


def rule_starts(
    reader: Reader, component: Component, start: date | datetime
) -> Iterator[date | datetime]:
    """The starts of a repeating VEVENT (RRULE and RDATE, less EXDATE), in order."""
    streams: list[Iterator[date | datetime]] = []
    for prop in all_of(component, "RRULE"):
        streams.append(_rrule_starts(reader, prop, start))
    extra: list[date | datetime] = [start]
    for prop in all_of(component, "RDATE"):
        for item in getattr(prop, "dts", []):
            value = item.dt[0] if isinstance(item.dt, tuple) else item.dt
            extra.append(read_datetime(reader, Param(value, item.params or prop.params), "RDATE"))
    streams.append(iter(sorted(extra, key=_order)))
    excluded = set()
    for prop in all_of(component, "EXDATE"):
        for item in getattr(prop, "dts", []):
            value = read_datetime(reader, Param(item.dt, item.params or prop.params), "EXDATE")
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


def _order(value: date | datetime) -> tuple[int, int]:
    if isinstance(value, datetime):
        return (
            instant_key(value)
            if value.tzinfo is not None
            else instant_key(value.replace(tzinfo=UTC))
        ), 0
    return instant_key(datetime.combine(value, time(), tzinfo=UTC)), 0


def _rrule_starts(reader: Reader, prop: Any, start: date | datetime) -> Iterator[date | datetime]:
    parts = dict(prop)
    until = (parts.pop("UNTIL", None) or [None])[0]
    text = prop.__class__(parts).to_ical().decode()
    is_day = not isinstance(start, datetime)
    dtstart = start if isinstance(start, datetime) else datetime.combine(start, time())
    rule = reader.guard("RRULE", lambda: rrule.rrulestr(text, dtstart=dtstart), text)
    if not isinstance(rule, rrule.rrule):
        raise reader.error("must be one rule", "RRULE", text)
    if until is not None:
        if is_day:
            day = until.date() if isinstance(until, datetime) else until
            last = datetime.combine(day, time())
        elif not isinstance(until, datetime):
            last = end_of_day(until, dtstart)
        elif until.tzinfo is None:
            last = until.replace(tzinfo=dtstart.tzinfo)
        else:
            last = until
        rule = rule.replace(until=last)
    for value in rule:
        yield value.date() if is_day else resolve_gap(value)


def occurrence_time(when: TimeSpan | AllDay, start: date | datetime) -> TimeSpan | AllDay:
    """The time of the occurrence that starts at ``start``, as long as ``when``."""
    if isinstance(when, AllDay):
        first = start.date() if isinstance(start, datetime) else start
        return AllDay(first, first + (when.last - when.first))
    if not isinstance(start, datetime):
        start = datetime.combine(start, time(), tzinfo=when.start.tzinfo)
    end = (start.astimezone(UTC) + when.duration).astimezone(when.end.tzinfo)
    return TimeSpan(start, end)


def is_finite(component: Component) -> bool:
    """Whether every RRULE of a component ends, by COUNT or UNTIL."""
    return all(rule.get("COUNT") or rule.get("UNTIL") for rule in all_of(component, "RRULE"))
