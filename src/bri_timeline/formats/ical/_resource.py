r"""One event as a CalDAV calendar object resource: a VCALENDAR of one VEVENT and its VTIMEZONEs.

The VEVENT and the VTIMEZONEs are the feed's own (the direct writer's ``_lines`` and
``_timezones``), so an event reads the same in a subscribed feed and in a synced calendar;
a VTIMEZONE covers the whole years its event needs, so that events share it.
The calendar's properties are fewer than a feed's: RFC 4791 (section 4.1) forbids METHOD
in a calendar collection, and a feed's refresh interval and name mean nothing for one
resource. :func:`content_digest` says whether two resources hold the same content,
whoever folded and ordered their lines.

>>> from datetime import UTC, date, datetime
>>> from bri_timeline.model.event import Event
>>> from bri_timeline.model.times import AllDay
>>> event = Event("apec", "APEC", AllDay(date(2024, 11, 13), date(2024, 11, 15)))
>>> body = calendar_object(event, "apec@example.org", datetime(2024, 11, 20, tzinfo=UTC))
>>> print(body.decode().replace("\r\n", "\n"))
BEGIN:VCALENDAR
VERSION:2.0
PRODID:-//bri_timeline//bri-timeline//EN
CALSCALE:GREGORIAN
BEGIN:VEVENT
SUMMARY:APEC
DTSTART;VALUE=DATE:20241113
DTEND;VALUE=DATE:20241116
DTSTAMP:20241120T000000Z
UID:apec@example.org
SEQUENCE:0
TRANSP:TRANSPARENT
END:VEVENT
END:VCALENDAR
<BLANKLINE>
>>> later = calendar_object(event, "apec@example.org", datetime(2025, 1, 1, tzinfo=UTC))
>>> content_digest(body) == content_digest(later)  # DTSTAMP is when, not what
True
"""

from __future__ import annotations

import functools
import hashlib
import re
from datetime import datetime
from zoneinfo import ZoneInfo

from bri_timeline.errors import ICalendarError
from bri_timeline.formats.ical._calendar import PRODID
from bri_timeline.formats.ical._lines import render, zone_uses
from bri_timeline.formats.ical._parse import parse
from bri_timeline.formats.ical._timezones import ZoneRanges, timezone_component
from bri_timeline.formats.ical._values import check_sequence, escape_text, utc_stamp
from bri_timeline.limits import Limits
from bri_timeline.model.event import Event

__all__ = ["calendar_object", "content_digest"]

_HEAD = f"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:{escape_text(PRODID)}\r\nCALSCALE:GREGORIAN\r\n"
_FOOT = b"END:VCALENDAR\r\n"
_FOLD = re.compile(rb"\r?\n[ \t]")
_STAMP = re.compile(r"DTSTAMP[;:]", re.IGNORECASE)


def calendar_object(event: Event, uid: str, stamp: datetime) -> bytes:
    """The resource of one event: its VTIMEZONEs, then its VEVENT, as the feed writes them.

    Args:
        event: The event.
        uid: Its UID.
        stamp: Its DTSTAMP when the event has no ``updated`` of its own.

    Raises:
        FeedError: The event's revision is past what SEQUENCE can hold.
    """
    zones = ZoneRanges()
    for zone, first, last in zone_uses(event):
        # whole years, so that the events of a zone and year share one VTIMEZONE (and cache)
        zones.add(zone, _year_start(first), _year_end(last))
    rendered = render(event, uid)
    parts = [_HEAD.encode("ascii")]
    parts.extend(_timezone(zone, first, last) for zone, first, last in zones.ranges())
    stamp_text = rendered.stamp or utc_stamp(stamp).encode("ascii")
    parts.append(rendered.vevent(stamp_text, check_sequence(event, event.revision)))
    parts.append(_FOOT)
    return b"".join(parts)


def _year_start(instant: datetime) -> datetime:
    return instant.replace(month=1, day=1, hour=0, minute=0, second=0, microsecond=0)


def _year_end(instant: datetime) -> datetime:
    return instant.replace(month=12, day=31, hour=23, minute=59, second=59, microsecond=0)


@functools.lru_cache(maxsize=256)
def _timezone(zone: ZoneInfo, first: datetime, last: datetime) -> bytes:
    """A VTIMEZONE's bytes: the same for every event of a zone in the same years."""
    return bytes(timezone_component(zone, first, last).to_ical())


def content_digest(body: bytes) -> str:
    """A digest of what a resource says: its properties but DTSTAMP, in any order.

    Servers store a resource as they parse it (Radicale writes it back with its own
    folding, order of properties and of parameters, and quoting), so the digest is of
    each property as the direct parser reads it (its component, name, parameters and
    value), and that of what a server returns is that of what was sent to it when no
    one changed it since. A body the parser refuses is digested as its lines.
    """
    try:
        parsed = parse(body, "<resource>", Limits())
    except ICalendarError:
        text = _FOLD.sub(b"", body).decode("utf-8", errors="replace")
        lines = sorted(
            line
            for line in text.replace("\r\n", "\n").split("\n")
            if line and not _STAMP.match(line)
        )
        return hashlib.sha256("\n".join(lines).encode("utf-8")).hexdigest()
    items: list[tuple[str, str, tuple[tuple[str, tuple[str, ...]], ...], str]] = []
    stack = [(component, component.name) for component in parsed.components]
    while stack:
        component, where = stack.pop()
        items += [
            (
                where,
                line.name,
                tuple(sorted((k, tuple(v)) for k, v in line.params.items())),
                line.value,
            )
            for line in component.properties
            if line.name != "DTSTAMP"
        ]
        stack += [(child, f"{where}/{child.name}") for child in component.components]
    return hashlib.sha256(repr(sorted(items)).encode("utf-8")).hexdigest()
