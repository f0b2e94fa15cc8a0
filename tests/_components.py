"""The components a feed writes events as, as icalendar parses them: VEVENT, VTODO, VJOURNAL.

For the tests that look at every event of a generated timeline, whatever its kind.
"""

from __future__ import annotations

from typing import Any

from icalendar import Calendar

EVENT_COMPONENTS = ("VEVENT", "VTODO", "VJOURNAL")


def event_components(calendar: Calendar | bytes) -> list[Any]:
    """The VEVENTs, VTODOs and VJOURNALs of a calendar (or of the bytes of one), in order."""
    if isinstance(calendar, bytes):
        calendar = Calendar.from_ical(calendar)
    return [item for item in calendar.walk() if item.name in EVENT_COMPONENTS]
