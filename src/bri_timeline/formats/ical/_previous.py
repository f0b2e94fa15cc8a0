"""The previous feed: what it published of each UID, and its cancelled events.

Part of :mod:`bri_timeline.formats.ical.write`, for updates in place (see ``docs/ical.md``).
"""

from __future__ import annotations

import re
from collections.abc import Container, Iterable, Iterator
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import attrs
from icalendar import Calendar, Component
from icalendar.parser import Contentline, Contentlines

from bri_timeline.errors import ICalendarError, InvalidValue
from bri_timeline.formats.ical._scan import prepare
from bri_timeline.formats.ical._values import utc_stamp
from bri_timeline.limits import Limits
from bri_timeline.model.edtf import parse_zone
from bri_timeline.model.event import MAX_REVISION

__all__ = [
    "Previous",
    "cancelled_lines",
    "component_lines",
    "content_lines",
    "read_previous",
    "sequence_after",
    "still_cancelled",
]

_SKIPPED = frozenset({"SEQUENCE", "DTSTAMP"})


@attrs.frozen
class Previous:
    """What the previous feed says of one UID: its state and its unfolded lines."""

    sequence: int
    cancelled: bool
    stamp: datetime
    lines: tuple[str, ...]
    zones: tuple[tuple[ZoneInfo, datetime], ...]


def _name(line: str) -> str:
    return re.split(r"[;:]", line, maxsplit=1)[0].upper()


def content_lines(lines: Iterable[str]) -> tuple[str, ...]:
    """The lines that say what an event is: all but SEQUENCE and DTSTAMP, in order."""
    return tuple(line for line in lines if _name(line) not in _SKIPPED)


def component_lines(component: Component) -> tuple[str, ...]:
    """The non-empty content lines of a component, as icalendar writes them."""
    return tuple(str(line) for line in component.content_lines() if line)


def _blocks(previous: str) -> Iterator[tuple[str, ...]]:
    """The unfolded lines of each VEVENT, BEGIN and END included."""
    current: list[str] | None = None
    for line in Contentlines.from_ical(previous):  # type: ignore[no-untyped-call]
        if line.upper() == "BEGIN:VEVENT":
            current = [line]
        elif current is not None:
            current.append(line)
            if line.upper() == "END:VEVENT":
                yield tuple(current)
                current = None


def _zoned_times(component: Component) -> Iterator[tuple[ZoneInfo, datetime]]:
    for name in ("DTSTART", "DTEND"):
        prop = component.get(name)
        tzid = None if prop is None else prop.params.get("TZID")
        try:
            value = getattr(prop, "dt", None)
        except ValueError:
            continue
        if tzid and isinstance(value, datetime):
            try:
                zone = parse_zone(str(tzid))
                yield zone, value.replace(tzinfo=zone).astimezone(UTC)
            except (InvalidValue, OverflowError):
                continue


def read_previous(previous: bytes, path: str) -> dict[str, Previous]:
    """The VEVENTs of the previous feed, by UID (read within the default Limits)."""
    if not isinstance(previous, bytes):
        raise ICalendarError(path, "must be the bytes of a feed", value=type(previous).__name__)
    text = prepare(previous, path, Limits())
    try:
        calendar = Calendar.from_ical(text)
        blocks = list(_blocks(text))
    except (ValueError, TypeError, KeyError, IndexError, AttributeError, OSError) as error:
        raise ICalendarError(path, f"is not an iCalendar file ({error})") from None
    events = calendar.walk("VEVENT")
    if len(events) != len(blocks):
        raise ICalendarError(path, "has VEVENTs that are not at the top of the calendar")
    found: dict[str, Previous] = {}
    for component, lines in zip(events, blocks, strict=True):
        uid = str(component.get("UID", ""))
        try:
            sequence = int(component.get("SEQUENCE", 0))
            stamp = component.decoded("DTSTAMP")
        except (KeyError, ValueError, TypeError):
            raise ICalendarError(path, "needs a DTSTAMP and a whole SEQUENCE", uid=uid) from None
        if not isinstance(stamp, datetime) or stamp.utcoffset() is None:
            raise ICalendarError(path, "must be a UTC time", uid=uid, prop="DTSTAMP", value=stamp)
        cancelled = str(component.get("STATUS", "")).upper() == "CANCELLED"
        zones = tuple(_zoned_times(component))
        found[uid] = Previous(sequence, cancelled, stamp, lines, zones)
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
    earlier: dict[str, Previous], live: Container[str], now: datetime, cancelled_for: timedelta
) -> list[tuple[str, Previous]]:
    """The events of the previous feed that left the data and are still listed, by UID.

    An event stays for ``cancelled_for`` after it was first published as
    cancelled (its DTSTAMP then), measured against ``now``.
    """
    found = []
    for uid in sorted(earlier):
        known = earlier[uid]
        if uid not in live and now - (known.stamp if known.cancelled else now) < cancelled_for:
            found.append((uid, known))
    return found


def cancelled_lines(earlier: Previous, now: datetime) -> Contentlines:
    """A VEVENT of the previous feed, republished as cancelled: its own lines, amended.

    Already cancelled, it is copied as it was, so a rebuild changes nothing.
    """
    stamp, sequence = (
        (earlier.stamp, earlier.sequence) if earlier.cancelled else (now, earlier.sequence + 1)
    )
    replaced = {"SEQUENCE", "DTSTAMP", "STATUS", "LAST-MODIFIED"}
    kept = [line for line in earlier.lines[:-1] if _name(line) not in replaced]
    added = [
        f"DTSTAMP:{utc_stamp(stamp)}",
        f"SEQUENCE:{sequence}",
        "STATUS:CANCELLED",
        f"LAST-MODIFIED:{utc_stamp(stamp)}",
    ]
    lines = [*kept, *added, "END:VEVENT", ""]
    return Contentlines(Contentline(line) for line in lines)  # type: ignore[no-untyped-call]
