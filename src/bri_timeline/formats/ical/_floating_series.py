"""Floating series: one with a zoned RDATE or EXDATE, and one with changed occurrences.

Part of :mod:`bri_timeline.formats.ical.read`. A floating series (DTSTART with no
zone, no ``tz`` and no ``X-WR-TIMEZONE``) is read as a repeating
:class:`~bri_timeline.FloatingSpan`, its RDATEs and EXDATEs wall times. Where one of
them has a zone (``EXDATE:19960402T010000Z``), recurring-ical-events reads the whole
series in that zone: the start's digits on that zone's clock. So does this reader,
with a note (refused when strict). One with changed occurrences (RECURRENCE-ID) is
expanded on the wall clock (see :func:`floating_changes`).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from icalendar import Component

from bri_timeline.formats.ical._mapping import DTSTART
from bri_timeline.formats.ical._overrides import recurrence_id_error
from bri_timeline.formats.ical._properties import Param, Reader, all_of, read_datetime
from bri_timeline.model.floating import FloatingSpan
from bri_timeline.model.times import Time

__all__ = ["floating_changes", "pinned_by_dates"]


def _zone_of(reader: Reader, component: Component) -> tuple[str, ZoneInfo] | None:
    """The first RDATE or EXDATE zone (an IANA one), with its property's name."""
    for name in ("EXDATE", "RDATE"):
        for prop in all_of(component, name):
            for item in getattr(prop, "dts", []):
                value = item.dt[0] if isinstance(item.dt, tuple) else item.dt
                if not isinstance(value, datetime) or value.tzinfo is None:
                    continue
                zoned = read_datetime(reader, Param(value, item.params or prop.params), name)
                if not isinstance(zoned, datetime):
                    continue
                tz = zoned.tzinfo
                if isinstance(tz, ZoneInfo) and tz.key is not None:
                    return name, tz
                if zoned.utcoffset() == timedelta(0):  # Z, as the direct reader gives it
                    return name, ZoneInfo("UTC")
    return None


def pinned_by_dates(reader: Reader, component: Component, time: Time) -> Time:
    """A floating time read in the zone of its series' first zoned EXDATE or RDATE, if any."""
    if not isinstance(time, FloatingSpan):
        return time
    found = _zone_of(reader, component)
    if found is None:
        return time
    name, tz = found
    reader.repair(
        f"is floating (no zone) while an {name} has the zone {tz.key}",
        DTSTART.name,
        time.start,
        f"the series read in {tz.key}, as recurring-ical-events reads it",
        reader.line_of(DTSTART.name),
    )
    return time.pinned(tz)


def floating_changes(reader: Reader, time: Time, changed: Mapping[object, Component]) -> bool:
    """Whether a series is floating and has changed occurrences: it is then expanded.

    A floating series is read as one event with its Recurrence (RRULE, RDATE and
    EXDATE on the wall clock); one that no Recurrence holds (a VALUE=PERIOD RDATE,
    several RRULEs) is expanded on the wall clock, as a zoned one is, and so is one
    with changed occurrences (RECURRENCE-ID, matched by wall time), which the model
    holds for zoned series only. ``changed`` is keyed as ``_repeats.moment_key`` keys.

    Raises:
        ICalendarError: A change of a floating series has a zoned RECURRENCE-ID, or a
            change of a zoned series a floating one (give ``tz``).
    """
    if not changed:
        return False
    floating = isinstance(time, FloatingSpan)
    for key, component in changed.items():
        if isinstance(key, tuple) and (key[0] == "wall") != floating:
            if floating:
                message = "has a zone, but the DTSTART of its series is floating"
            else:
                message = "is a floating time: give the calendar's zone (X-WR-TIMEZONE or tz)"
            raise recurrence_id_error(reader, message, component)  # at the change's line
    return floating
