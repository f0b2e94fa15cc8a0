"""RRULE, RDATE and EXDATE both ways: a :class:`~bri_timeline.model.rrule.Recurrence` as written.

Part of :mod:`bri_timeline.formats.ical`: :func:`rule_items` gives the properties
both writers write (the direct one and the icalendar reference engine, through
``_mapping.event_items``); :func:`read_recurrence` reads them back.

* RRULE is the rule's own text (:meth:`~bri_timeline.model.rrule.Recurrence.to_rrule`)
  but for UNTIL, which RFC 5545 wants of DTSTART's kind: a day for an all-day
  event, else a UTC time (a day ``until`` becomes the end of that day on the start's
  clock). Where that is not the model's ``until`` exactly, the ``X-BRI-UNTIL``
  parameter keeps it.
* each RDATE and EXDATE value is a property of its own: a day (``VALUE=DATE``), a
  time with its TZID (or in UTC), or for an RDATE a period (``VALUE=PERIOD``, the
  start with its TZID and the length).
* read back, a day RDATE on a timed series is 00:00 of that day on its clock, and a
  day EXDATE every start of that day, as recurring-ical-events reads them; a rule
  the model cannot hold as one (two RRULEs, COUNT with UNTIL, a time EXDATE on an
  all-day event, a period RDATE on an all-day one) raises
  :class:`Unkept`, and the reader expands the event instead.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache
from typing import Any

import attrs
from icalendar import Component

from bri_timeline.formats.ical._mapping import RRULE, X_UNTIL, Item, Prop, point_item
from bri_timeline.formats.ical._properties import Param, Reader, all_of, read_datetime
from bri_timeline.formats.ical._values import (
    duration_text,
    until_from_text,
    until_text,
    utc_stamp,
    wall_stamp,
)
from bri_timeline.model.event import Event, Recurrence
from bri_timeline.model.floating import FloatingSpan
from bri_timeline.model.keys import instant_key
from bri_timeline.model.recurrence import end_of_day, events_between, resolve_gap
from bri_timeline.model.times import AllDay, Time, TimeSpan

__all__ = [
    "Unkept",
    "is_floating",
    "occurrence_time",
    "read_recurrence",
    "read_until",
    "rule_items",
    "rule_of",
    "series_moment",
]

RDATE = Prop("RDATE", "DATE-TIME")
EXDATE = Prop("EXDATE", "DATE-TIME")


class Unkept(Exception):
    """A VEVENT's repeats that no one Recurrence holds: the reader expands them instead."""


def _rrule_item(event: Event, recurrence: Recurrence) -> Item:
    text = recurrence.to_rrule()
    until = recurrence.until
    if until is None:
        return RRULE.item(text)
    # RFC 5545: UNTIL is a day when DTSTART is one, else a UTC time.
    if isinstance(event.time, AllDay):
        day = until.astimezone(UTC).date() if isinstance(until, datetime) else until
        wire = f"{day.year:04d}{day.month:02d}{day.day:02d}"
        exact = not isinstance(until, datetime)
    elif isinstance(event.time, FloatingSpan):
        # As the file gave it: a wall time, or a UTC one (read on the wall clock); a day
        # is its last second on the wall clock, the day kept in X-BRI-UNTIL.
        last = until if isinstance(until, datetime) else datetime.combine(until, time(23, 59, 59))
        wire = utc_stamp(last) if last.tzinfo is not None else wall_stamp(last)
        exact = isinstance(until, datetime) and not until.microsecond
    else:
        assert isinstance(event.time, TimeSpan)
        last = until if isinstance(until, datetime) else end_of_day(until, event.time.start)
        wire = utc_stamp(last)
        exact = isinstance(until, datetime) and not until.microsecond
    parts = [part if not part.startswith("UNTIL=") else f"UNTIL={wire}" for part in text.split(";")]
    params = () if exact else ((X_UNTIL, until_text(until)),)
    return RRULE.name, params, ";".join(parts)


def _moment_item(prop: Prop, value: date | datetime | TimeSpan) -> Item:
    if not isinstance(value, TimeSpan):
        return point_item(prop, value)
    name, params, start = point_item(prop, value.start)
    length = duration_text(value.end.astimezone(UTC) - value.start.astimezone(UTC))
    return name, (("VALUE", "PERIOD"), *params), f"{start}/{length}"


def rule_items(event: Event) -> list[Item]:
    """RRULE, then each RDATE, then each EXDATE of a repeating event (none for another)."""
    recurrence = event.recurrence
    if recurrence is None:
        return []
    items = [_rrule_item(event, recurrence)]
    items.extend(_moment_item(RDATE, value) for value in recurrence.rdates)
    items.extend(_moment_item(EXDATE, value) for value in recurrence.exdates)
    return items


def is_floating(reader: Reader, component: Component) -> bool:
    """Whether a VEVENT's DTSTART is a floating date-time (RFC 5545 3.3.5) read as a wall time.

    So recurring-ical-events reads it where the calendar has no X-WR-TIMEZONE
    (with one, it reads the start in that zone, and its UNTIL as a zoned one's).
    """
    value = getattr(component.get("DTSTART"), "dt", None)
    return isinstance(value, datetime) and value.tzinfo is None and reader.floating_is_wall


def read_until(
    until: date | datetime, start: date | datetime, *, floating: bool
) -> date | datetime:
    """An RRULE's UNTIL against its DTSTART, as recurring-ical-events reads it.

    A date-time for a zoned start is its UTC instant; for a floating start, its
    digits on the start's clock (RFC 5545 wants a floating UNTIL there; a ``Z``
    one is read so too). A day for a timed start (RFC 5545 wants a date-time)
    is 00:00 of that day: in UTC for a zoned start, on the start's clock for a
    floating one. A day for an all-day start is that day.

    >>> from zoneinfo import ZoneInfo
    >>> nine = datetime(2025, 9, 1, 9, tzinfo=ZoneInfo("Europe/Berlin"))
    >>> read_until(date(2025, 9, 20), nine, floating=False).isoformat()
    '2025-09-20T00:00:00+00:00'
    >>> read_until(datetime(2025, 9, 20, 12, tzinfo=UTC), nine, floating=True).isoformat()
    '2025-09-20T10:00:00+00:00'
    >>> read_until(datetime(2025, 9, 20, 12, tzinfo=UTC), nine.replace(tzinfo=None), floating=True)
    datetime.datetime(2025, 9, 20, 12, 0)
    """
    if not isinstance(start, datetime):
        return until
    if not isinstance(until, datetime):
        until = datetime.combine(until, time(), tzinfo=None if floating else UTC)
    if floating or until.tzinfo is None:  # a floating UNTIL: on the start's clock
        until = until.replace(tzinfo=None)
        if start.tzinfo is None:  # a floating series: a wall time, as its starts are
            return until
        until = until.replace(tzinfo=start.tzinfo)
    moment: datetime = until.astimezone(UTC)
    return moment


def _until(
    reader: Reader,
    exact: object,
    until: Any,
    start: date | datetime,
    time_: Time,
    *,
    floating: bool,
) -> date | datetime:
    if exact is not None:  # our X-BRI-UNTIL parameter
        found: date | datetime = reader.guard(
            f"RRULE;{X_UNTIL}", lambda: until_from_text(str(exact)), exact
        )
        return found
    if isinstance(time_, FloatingSpan):
        # As recurring-ical-events reads it: a day is its midnight on the wall clock; a
        # wall time or a UTC one is kept as given (the model reads it on the wall clock).
        return until if isinstance(until, datetime) else datetime.combine(until, time())
    if not isinstance(start, datetime) and isinstance(until, datetime):
        if until.tzinfo is None:  # a floating UNTIL of an all-day series
            until = until.replace(tzinfo=reader.default_zone or UTC)
        moment: datetime = until.astimezone(UTC)
        return moment
    return read_until(until, start, floating=floating)


def _rule(
    reader: Reader, prop: Any, start: date | datetime, time_: Time, *, floating: bool
) -> Recurrence:
    parts = dict(prop)
    if "COUNT" in parts and "UNTIL" in parts:
        raise Unkept
    until = (parts.pop("UNTIL", None) or [None])[0]
    text = prop.__class__(parts).to_ical().decode()
    written = text if until is None else prop.to_ical().decode()
    series = (start, time_)
    return rule_of(
        reader, (text, written), until, series, floating=floating, exact=prop.params.get(X_UNTIL)
    )


@lru_cache(maxsize=256)
def _recurrence(text: str) -> Recurrence:
    """:meth:`Recurrence.from_rrule`, once for each text: a calendar repeats a few rules."""
    return Recurrence.from_rrule(text)


def rule_of(
    reader: Reader,
    texts: tuple[str, str],
    until: date | datetime | None,
    series: tuple[date | datetime, Time],
    *,
    floating: bool,
    exact: object = None,
) -> Recurrence:
    """An RRULE's Recurrence: its text less UNTIL, and its UNTIL as the value it gave.

    ``texts`` are the rule less UNTIL and the rule as written (for errors); ``series``
    is the DTSTART as written and the event's time; ``exact`` our ``X-BRI-UNTIL``
    parameter, if any. Both engines read a rule here.
    """
    text, written = texts
    rule = reader.guard(RRULE.name, lambda: _recurrence(text), text)
    if until is None:
        return rule
    value = _until(reader, exact, until, *series, floating=floating)
    return reader.guard(RRULE.name, lambda: attrs.evolve(rule, until=value), written)


def series_moment(
    reader: Reader, value: Any, params: Any, name: str, start: date | datetime
) -> date | datetime:
    """An RDATE, EXDATE or period end of the series that begins at ``start``.

    Of a floating series, a wall time (see :func:`_wall`). A floating one (no TZID,
    no Z) of a zoned series, with no default zone, is read on the clock of DTSTART,
    as recurring-ical-events reads it; each such value is noted once (refused when
    strict).
    """
    if isinstance(start, datetime) and start.tzinfo is None:
        return _wall(reader, name, value, params)  # a floating series
    zoned = isinstance(start, datetime)
    found = read_datetime(reader, Param(value, params), name, floating=zoned)
    if not zoned or not isinstance(found, datetime) or found.tzinfo is not None:
        return found
    assert isinstance(start, datetime)
    zone = start.tzinfo
    said = f"floating {name} {reader.uid} {found.isoformat()}"
    if said not in reader.said or reader.strict:
        reader.said.add(said)
        message = f"is floating (no zone), but DTSTART is not: {start.isoformat()}"
        action = "read on the clock of DTSTART, as recurring-ical-events reads it"
        shown = found.strftime("%Y%m%dT%H%M%S")
        reader.repair(message, name, shown, action, reader.line_of(name, shown[:8]))
    return resolve_gap(found.replace(tzinfo=zone))


def _period(
    reader: Reader, name: str, value: tuple[Any, Any], params: Any, start: datetime
) -> TimeSpan:
    """A ``VALUE=PERIOD`` RDATE of a timed series; one of days raises :class:`Unkept`."""
    begin = series_moment(reader, value[0], params, name, start)
    if not isinstance(begin, datetime):
        raise Unkept
    other = value[1]
    if isinstance(other, timedelta):
        end: date | datetime = begin.astimezone(UTC) + other
    else:
        end = series_moment(reader, other, params, name, start)
    if not isinstance(end, datetime):
        raise Unkept
    return reader.guard(name, lambda: TimeSpan(begin, end.astimezone(begin.tzinfo)))


def _moments(reader: Reader, component: Component, name: str, time: Time) -> list[Any]:
    found: list[Any] = []
    start = time.start if isinstance(time, TimeSpan) else None
    for prop in all_of(component, name):
        for item in getattr(prop, "dts", []):
            params = item.params or prop.params
            if isinstance(item.dt, tuple):
                if name != "RDATE" or start is None:
                    raise Unkept
                found.append(_period(reader, name, item.dt, params, start))
                continue
            if isinstance(time, FloatingSpan):
                found.append(_wall(reader, name, item.dt, params))
                continue
            if start is not None:
                value = series_moment(reader, item.dt, params, name, start)
            else:
                value = read_datetime(reader, Param(item.dt, params), name)
            if isinstance(time, TimeSpan) and not isinstance(value, datetime):
                # A day on a timed series, as recurring-ical-events reads it: an RDATE is
                # 00:00 of that day on the series' clock; an EXDATE, every start of that
                # day (see _day_exdates).
                midnight = datetime.combine(value, datetime.min.time(), tzinfo=time.start.tzinfo)
                found.append(resolve_gap(midnight) if name == "RDATE" else value)
                continue
            if isinstance(value, datetime) != isinstance(time, TimeSpan):
                raise Unkept
            found.append(value)
    return found


def _wall(reader: Reader, name: str, value: Any, params: Any) -> date | datetime:
    """An RDATE or EXDATE of a floating series, as recurring-ical-events reads it.

    A wall time is kept; a zoned or UTC one is read on the wall clock (its own digits,
    noted); a day stays a day (an RDATE is its midnight, an EXDATE every start of it).
    """
    if not isinstance(value, datetime):
        return datetime.combine(value, time()) if name == "RDATE" else value
    if value.tzinfo is None:
        return value
    zoned = read_datetime(reader, Param(value, params), name)
    assert isinstance(zoned, datetime)
    action = "read on the wall clock (its digits), as recurring-ical-events reads it"
    line = reader.line_of(name, zoned.strftime("%Y%m%d"))
    reader.repair("must be floating (no zone), as DTSTART is", name, zoned, action, line)
    return zoned.replace(tzinfo=None)


def _day_start(when: TimeSpan | FloatingSpan, day: date) -> int:
    """The span key of the first start a day holds on the series' clock."""
    midnight = datetime.combine(day, time())
    if isinstance(when, FloatingSpan):
        return FloatingSpan(midnight)._start
    return instant_key(resolve_gap(midnight.replace(tzinfo=when.start.tzinfo)))


def _day_exdates(rule: Recurrence, when: TimeSpan | FloatingSpan, moments: list[Any]) -> list[Any]:
    """The EXDATEs, each day one on a timed series given as the starts of that day on its clock."""
    days = [value for value in moments if not isinstance(value, datetime)]
    if not days:
        return moments
    probe = Event("probe", "probe", when, recurrence=rule)
    found: list[Any] = [value for value in moments if isinstance(value, datetime)]
    for day in days:
        lo, hi = (_day_start(when, first) for first in (day, day + timedelta(days=1)))
        found.extend(
            item.time.start  # type: ignore[union-attr]
            for item in events_between(probe, lo, hi)
            if lo <= item._start < hi
        )
    return found


def occurrence_time(
    when: TimeSpan | AllDay | FloatingSpan, start: date | datetime, length: timedelta | None = None
) -> TimeSpan | AllDay | FloatingSpan:
    """The time of the occurrence that starts at ``start``, as long as ``when`` (or ``length``)."""
    if isinstance(when, AllDay):
        first = start.date() if isinstance(start, datetime) else start
        return AllDay(first, first + (when.last - when.first))
    if isinstance(when, FloatingSpan):  # a wall time (see _wall)
        assert isinstance(start, datetime)
        return FloatingSpan(start, start + (when.duration if length is None else length))
    if not isinstance(start, datetime):
        start = datetime.combine(start, time(), tzinfo=when.start.tzinfo)
    end = (start.astimezone(UTC) + (when.duration if length is None else length)).astimezone(
        when.end.tzinfo
    )
    return TimeSpan(start, end)


def read_recurrence(
    reader: Reader, component: Component, start: date | datetime, time: Time
) -> Recurrence | None:
    """The VEVENT's RRULE, RDATE and EXDATE as one Recurrence, or None if it has none.

    Raises:
        Unkept: They are more than one Recurrence holds (see the module docstring).
        ICalendarError: A rule or a date is malformed.
    """
    rules = all_of(component, "RRULE")
    rdates = _moments(reader, component, "RDATE", time)
    if not rules and not rdates:
        if all_of(component, "EXDATE"):
            raise Unkept
        return None
    if len(rules) != 1 or not isinstance(time, TimeSpan | AllDay | FloatingSpan):
        raise Unkept
    rule = _rule(reader, rules[0], start, time, floating=is_floating(reader, component))
    exdates = _moments(reader, component, "EXDATE", time)
    rule = reader.guard("RDATE", lambda: attrs.evolve(rule, rdates=rdates))
    for value in rdates:  # its occurrence must end before the year 10000, as the event's does
        if not isinstance(value, TimeSpan):
            reader.guard("RDATE", lambda value=value: occurrence_time(time, value), value)  # type: ignore[misc]
    if isinstance(time, TimeSpan | FloatingSpan):
        exdates = reader.guard("EXDATE", lambda: _day_exdates(rule, time, exdates))
    return reader.guard("EXDATE", lambda: attrs.evolve(rule, exdates=exdates))
