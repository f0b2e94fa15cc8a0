"""The previous feed: what it published of each UID, and its cancelled events.

Part of :mod:`bri_timeline.formats.ical.write`, for updates in place (see ``docs/ical.md``).
The feed is read once, as the importer reads a file (``_scan.parse``, ``_properties``,
``_vevent.read_event``): each VEVENT's state and lines, and the event it holds, which
``_update`` compares with the data through :func:`bri_timeline.changes.diff`.
"""

from __future__ import annotations

from collections.abc import Container, Mapping
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import attrs
from icalendar import Component
from icalendar.parser import Contentline, Contentlines

from bri_timeline.errors import ICalendarError, InvalidArgument
from bri_timeline.formats.ical._kinds import COMPONENTS
from bri_timeline.formats.ical._mapping import (
    DTEND,
    DTSTAMP,
    DTSTART,
    LAST_MODIFIED,
    SEQUENCE,
    STATUS,
    UID,
)
from bri_timeline.formats.ical._overrides import with_overrides
from bri_timeline.formats.ical._properties import (
    X_REMOVED,
    Reader,
    has,
    is_removed,
    named_zones,
    one,
    read_when,
)
from bri_timeline.formats.ical._rules import Unkept, read_recurrence
from bri_timeline.formats.ical._scan import event_blocks, line_name, parse
from bri_timeline.formats.ical._values import utc_stamp
from bri_timeline.formats.ical._vevent import identity, read_event
from bri_timeline.limits import Limits
from bri_timeline.model.arguments import check_file_name
from bri_timeline.model.event import MAX_REVISION, Event

__all__ = [
    "Previous",
    "cancelled_lines",
    "check_previous",
    "read_previous",
    "sequence_after",
    "still_cancelled",
]

_ONCE = (SEQUENCE.name, DTSTAMP.name, DTSTART.name, DTEND.name)
"""What an update reads of each VEVENT besides its UID: each may appear at most once."""


@attrs.frozen
class Previous:
    """What the previous feed says of one UID: its state, its unfolded lines, its event.

    ``event`` is the event the importer reads there, None if the VEVENT is cancelled or
    is not one event of ours (see ``_update``).
    """

    sequence: int
    cancelled: bool
    stamp: datetime
    lines: tuple[str, ...]
    zones: tuple[tuple[ZoneInfo, datetime], ...]
    event: Event | None = None


def check_previous(previous: object, previous_name: object) -> str:
    """The name errors give the previous feed, once both arguments are what they must be.

    Raises:
        InvalidArgument: ``previous`` is neither bytes nor None, or ``previous_name``
            is not a file name.
    """
    if previous is not None and not isinstance(previous, bytes):
        raise InvalidArgument("previous", "must be the bytes of a feed, or None", previous)
    return check_file_name("previous_name", previous_name)


def _event(
    reader: Reader, component: Component, uid: str, domain: str, changed: list[Component]
) -> Event | None:
    """The one event a VEVENT holds, as the importer reads it (its UID kept); else None.

    ``changed`` are the VEVENTs of the same UID with a RECURRENCE-ID: its overrides.
    """
    if is_removed(component):
        return None
    event_id, kept = identity(reader, component, uid, domain)
    if has(component, "RECURRENCE-ID"):
        return None  # a change of an event the feed does not hold

    def read() -> Event | None:
        written, when = read_when(reader, component)
        try:
            rule = read_recurrence(reader, component, written.start, when)
        except Unkept:
            return None  # the importer would expand it into several events
        event = read_event(reader, component, event_id, when, rule, uid=kept)
        if not changed:
            return event
        if rule is None:
            return None  # the importer would expand it
        return with_overrides(reader, event, changed)

    reader.uid = None  # an error here is no error (see _update): do not look for its line
    try:
        return reader.guard(None, read)
    except ICalendarError:
        return None
    finally:
        reader.uid = uid


def read_previous(previous: bytes, path: str, domain: str) -> dict[str, Previous]:
    """The VEVENTs of the previous feed, by UID (read within the default Limits)."""
    text, (calendar,) = parse(previous, path, Limits(), single=True)
    blocks = list(event_blocks(text))
    events = [item for item in calendar.walk() if item.name in COMPONENTS]
    if len(events) != len(blocks):
        raise ICalendarError(path, "has VEVENTs that are not at the top of the calendar")
    found: dict[str, Previous] = {}
    reader = Reader(path, text, None)
    reader.know_zones([calendar])  # a TZID of its own is read by its own VTIMEZONE
    # A series is its VEVENT and those of its overrides (RECURRENCE-ID): one UID, one entry.
    changed: dict[str, list[Component]] = {}
    masters = set()
    for component in events:
        uid = str(component.get(UID.name) or "")
        if has(component, "RECURRENCE-ID") and not is_removed(component):
            changed.setdefault(uid, []).append(component)
        else:
            masters.add(uid)
    for component, lines in zip(events, blocks, strict=True):
        reader.uid = None
        uid = str(one(reader, component, UID.name) or "")
        reader.uid = uid or None
        for name in _ONCE:  # a repeat is an error naming the line, the UID and the property
            one(reader, component, name)
        try:
            sequence = int(component.get(SEQUENCE.name, 0))
            stamp = component.decoded(DTSTAMP.name)
        except (KeyError, ValueError, TypeError):
            raise ICalendarError(path, "needs a DTSTAMP and a whole SEQUENCE", uid=uid) from None
        if not isinstance(stamp, datetime) or stamp.utcoffset() is None:
            raise ICalendarError(
                path, "must be a UTC time", uid=uid, prop=DTSTAMP.name, value=stamp
            )
        series = changed.get(uid, [])
        if uid in masters and any(component is other for other in series):
            continue  # part of its series' entry
        found[uid] = Previous(
            sequence,
            is_removed(component),
            stamp,
            lines,
            named_zones(component),
            _event(reader, component, uid, domain, series),
        )
    return found


def sequence_after(revision: int, published: int, changed: bool) -> int:
    """The SEQUENCE of an event the previous feed published with ``published``.

    One more if its content changed, the same if not; a higher revision wins.

    >>> sequence_after(2, 5, True), sequence_after(2, 5, False), sequence_after(9, 5, True)
    (6, 5, 9)
    """
    # Capped at the highest SEQUENCE there is (iCalendar's INTEGER): there it stays.
    return min(max(revision, published + 1 if changed else published), MAX_REVISION)


def still_cancelled(
    earlier: Mapping[str, Previous], gone: Container[str], now: datetime, cancelled_for: timedelta
) -> list[tuple[str, Previous]]:
    """The events of the previous feed that left the data (``gone``) and are still listed.

    An event stays for ``cancelled_for`` after it was first published as
    cancelled (its DTSTAMP then), measured against ``now``.
    """
    found = []
    for uid in sorted(earlier):
        known = earlier[uid]
        if uid in gone and now - (known.stamp if known.cancelled else now) < cancelled_for:
            found.append((uid, known))
    return found


def cancelled_lines(earlier: Previous, now: datetime) -> Contentlines:
    """A VEVENT of the previous feed, republished as cancelled: its own lines, amended.

    Already cancelled, it is copied as it was, so a rebuild changes nothing.
    """
    stamp, sequence = (
        (earlier.stamp, earlier.sequence) if earlier.cancelled else (now, earlier.sequence + 1)
    )
    replaced = {SEQUENCE.name, DTSTAMP.name, STATUS.name, LAST_MODIFIED.name, X_REMOVED}
    kept = [line for line in earlier.lines[:-1] if line_name(line) not in replaced]
    added = [
        f"{DTSTAMP.name}:{utc_stamp(stamp)}",
        f"{SEQUENCE.name}:{sequence}",
        f"{STATUS.name}:CANCELLED",
        f"{LAST_MODIFIED.name}:{utc_stamp(stamp)}",
        f"{X_REMOVED}:TRUE",
    ]
    lines = [*kept, *added, earlier.lines[-1], ""]
    return Contentlines(Contentline(line) for line in lines)  # type: ignore[no-untyped-call]
