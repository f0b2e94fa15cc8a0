"""Floating DTSTART and DTEND (no TZID, no Z): a :class:`~bri_timeline.FloatingSpan`.

Part of :mod:`bri_timeline.formats.ical.read`. A floating time is read as one only when
neither the ``tz`` argument nor the calendar's ``X-WR-TIMEZONE`` names a zone (those pin
it, as before); DTSTART and DTEND must then both float, and a DURATION is added on the
wall clock. It is written back floating (``_mapping.placement``), with ``X-BRI-EDTF``
where DTSTART and DTEND cannot say it (fractions of a second).
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING

from bri_timeline.formats.ical._mapping import DTEND, DTSTART, DURATION, END_ZONE, Placement
from bri_timeline.model.floating import FloatingSpan

if TYPE_CHECKING:
    from bri_timeline.formats.ical._properties import Reader  # which imports this module

__all__ = ["floating_time"]


def _floats(value: object) -> bool:
    return isinstance(value, datetime) and value.tzinfo is None


def floating_time(reader: Reader, written: Placement) -> FloatingSpan | None:
    """The floating time that DTSTART and DTEND state, or None when DTSTART does not float.

    A DATE DTSTART with a floating DTEND is its midnight, and a date DTEND after a
    floating DTSTART too (each a repair, as the reference reads them); a DTEND
    before DTSTART swaps them.
    """
    written_start, end = written.start, written.end
    if not _floats(written_start) and _floats(end):
        if isinstance(written_start, datetime):  # the caller has read one on the other's clock
            raise reader.error("is floating (no zone), but DTSTART is not", DTEND.name, end)
        # A DATE DTSTART: its midnight, as for a zoned DTEND (``_properties.plain_time``).
        action = "DTSTART read as the midnight that begins its day, floating too"
        reader.repair("must be a DATE, as DTSTART is", DTEND.name, end, action)
        written_start = datetime.combine(written_start, time())
    elif not _floats(written_start):
        return None
    assert isinstance(written_start, datetime)
    start = written_start
    if written.end_zone is not None:
        raise reader.error("is given, but DTSTART is floating", END_ZONE.name, written.end_zone)
    if isinstance(end, timedelta):
        length = end
        return reader.guard(DURATION.name, lambda: FloatingSpan(start, start + length))
    if end is None:
        return reader.guard(DTSTART.name, lambda: FloatingSpan(start))
    if isinstance(end, date) and not isinstance(end, datetime):
        action = "read as the midnight that begins that day, floating too"
        reader.repair("must be a date-time (no zone), as DTSTART is", DTEND.name, end, action)
        end = datetime.combine(end, time())
    if not _floats(end):  # a zoned DTEND: the caller read DTSTART in its zone
        raise reader.error("must be floating (no zone), as DTSTART is", DTEND.name, end)
    assert isinstance(end, datetime)
    if end < start:
        message = f"must not be before DTSTART {start.isoformat()}"
        action = "DTSTART and DTEND swapped, as recurring-ical-events reads them"
        reader.repair(message, DTEND.name, end, action)
        start, end = end, start
    return reader.guard(DTEND.name, lambda: FloatingSpan(start, end))
