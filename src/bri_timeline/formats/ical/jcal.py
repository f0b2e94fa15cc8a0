r"""jCal (RFC 7265): the iCalendar feed as JSON, written and read through the same mapping.

jCal is not another model: it is RFC 5545's components and
properties, each property a JSON array ``[name, parameters, type, value...]``:
the parts a content line is written from. So an event's jCal is the items of the
one attribute-to-property mapping (``_mapping.event_items``, with its UID,
DTSTAMP, SEQUENCE and VALARMs as the direct writer ``_lines`` adds them), each
item's value given in JSON by its type (``_jcal_values``); the calendar's own
properties and the VTIMEZONEs, a handful, are the feed's, read back by the direct
reader (``_parse``). Whatever property the mapping gains is in the jCal the next
day, with no line here.

Reading is the inverse: each jCal property becomes its parts again, the value text
as its type writes it, and the content lines they make are read by the one .ics
reader (:func:`~bri_timeline.formats.ical.read.from_ics`), with the same
arguments. Our ``X-BRI-`` properties, which other programs do not know, have the
type ``unknown``: their value is the iCalendar text as written, escapes and all,
as RFC 7265 (section 5) asks. Lossless for everything the .ics carries:
``from_jcal(to_jcal(timeline)) == timeline``, a byte order mark or a backslash in any
text included. A jCal that is not one gives an ICalendarError naming the place in the
JSON (``vcalendar[2][0][1][3]``: the fourth property of the first component), the
property and the value.

>>> import json
>>> from datetime import date
>>> from bri_timeline import AllDay, Event, Timeline
>>> timeline = Timeline([Event("apec", "APEC", AllDay(date(2024, 11, 13), date(2024, 11, 15)))])
>>> jcal = json.loads(to_jcal(timeline))
>>> jcal[0], jcal[2][0][1][:2]
('vcalendar', [['summary', {}, 'text', 'APEC'], ['dtstart', {}, 'date', '2024-11-13']])
>>> from_jcal(to_jcal(timeline)) == timeline
True
>>> from_jcal('["vcalendar", [], [["vevent", [["uid", {}, "text", 7]], []]]]', path="cal.json")
Traceback (most recent call last):
...
bri_timeline.errors.ICalendarError: cal.json: property UID: is not jCal: at vcalendar[2]...[3]: ...
"""

from __future__ import annotations

import json
import os
from collections.abc import Collection
from typing import Any, BinaryIO
from zoneinfo import ZoneInfo

from bri_timeline.errors import ICalendarError, InvalidArgument
from bri_timeline.formats._files import write_utf8
from bri_timeline.formats._where import long_number
from bri_timeline.formats.ical._calendar import (
    FeedOptions,
    calendar_head,
    feed_or_default,
    feed_stamp,
)
from bri_timeline.formats.ical._jcal_values import NAME, NotJCal, item_of, json_property
from bri_timeline.formats.ical._lines import param_text, zone_uses
from bri_timeline.formats.ical._mapping import (
    DEFAULT_DOMAIN,
    DTSTAMP,
    SEQUENCE,
    UID,
    Item,
    check_uids,
    event_items,
    event_uid,
)
from bri_timeline.formats.ical._overrides import override_items
from bri_timeline.formats.ical._parse import Component as Node
from bri_timeline.formats.ical._parse import parse
from bri_timeline.formats.ical._people import ALARM, alarm_blocks
from bri_timeline.formats.ical._reach import carried
from bri_timeline.formats.ical._timezones import ZoneRanges, timezone_component
from bri_timeline.formats.ical._values import check_sequence, utc_stamp
from bri_timeline.formats.ical.read import _given, _read, file_bytes
from bri_timeline.limits import Limits, utf8_size
from bri_timeline.model.arguments import check_file_name
from bri_timeline.model.event import Event
from bri_timeline.model.kinds import EventKind
from bri_timeline.model.times import Time
from bri_timeline.timeline import Timeline, check_timeline

__all__ = ["from_jcal", "read_jcal", "to_jcal", "to_jcal_object", "write_jcal"]

JCal = list[Any]
"""A jCal object: ``[name, properties, components]``, as JSON reads it."""


def to_jcal_object(timeline: Timeline, *, feed: FeedOptions | None = None) -> JCal:
    """The jCal of a timeline's feed, as lists, dicts and strings (see :func:`to_jcal`).

    Args:
        timeline: The timeline.
        feed: The feed's options (default :class:`~bri_timeline.FeedOptions`).

    Raises:
        FeedError: The timeline holds text iCalendar cannot carry.
        InvalidArgument: ``timeline`` is not a Timeline, or ``feed`` not FeedOptions.
    """
    check_timeline(timeline)
    feed = feed_or_default(feed)
    timeline = carried(timeline, feed.on_unrepresentable)
    check_uids(timeline, feed.domain)
    # The calendar's properties and the zones: a handful, read back from their lines.
    header, footer = calendar_head(timeline.info, feed)
    calendar = _tree_json(_only(header + footer))
    zones = ZoneRanges()
    for event in timeline:
        for use in zone_uses(event):
            zones.add(*use)
    children = calendar[2]
    for zone, first, last in zones.ranges():
        children.append(_tree_json(_only(timezone_component(zone, first, last).to_ical())))
    stamp = utc_stamp(feed_stamp(timeline, feed))
    for event in timeline:
        children.extend(_event_json(event, feed.domain, stamp))
    return calendar


def _only(ics: bytes) -> Node:
    (component,) = parse(ics, "<feed>", Limits()).components
    return component


def _tree_json(component: Node) -> JCal:
    """The jCal of a component written through icalendar, as the direct reader reads it."""
    properties = [
        json_property(
            prop.name, tuple((k, ",".join(v)) for k, v in prop.params.items()), prop.value
        )
        for prop in component.properties
    ]
    return [component.name.lower(), properties, [_tree_json(c) for c in component.components]]


def _event_json(event: Event, domain: str, stamp: str) -> list[JCal]:
    """The jCal of an event's VEVENT and its overrides': the items of the mapping, as written."""
    head, tail = event_items(event)
    uid = UID.item(event_uid(event, domain))
    sequence = check_sequence(event, event.revision)
    found = [_vevent_json(event, [*head, *_stamp_items(event, stamp, uid, sequence), *tail])]
    stamp = stamp if event.updated is None else utc_stamp(event.updated)  # the overrides' default
    for items in override_items(event):
        changed = items.override.event
        middle = _stamp_items(changed, stamp, uid, changed.revision)
        middle.insert(2, items.recurrence_id)  # after UID, as icalendar orders it
        found.append(_vevent_json(changed, [*items.head, *middle, *items.tail]))
    return found


def _stamp_items(event: Event, stamp: str, uid: Item, sequence: int) -> list[Item]:
    return [
        DTSTAMP.item(stamp if event.updated is None else utc_stamp(event.updated)),
        uid,
        SEQUENCE.item(str(sequence)),
    ]


def _vevent_json(event: Event, items: list[Item]) -> JCal:
    alarms = [
        [ALARM.lower(), [json_property(*item) for item in block], []]
        for block in alarm_blocks(event)
    ]
    return [event.kind.component.lower(), [json_property(*item) for item in items], alarms]


def to_jcal(timeline: Timeline, *, feed: FeedOptions | None = None) -> str:
    """The jCal of a timeline's feed as JSON text: one line, UTF-8 as it is, a final newline.

    The same timeline always gives the same text (the feed is deterministic).
    Costs about two and a half times :func:`~bri_timeline.to_ics` of the timeline.

    Args:
        timeline: The timeline.
        feed: The feed's options (default :class:`~bri_timeline.FeedOptions`):
            the UID domain, the refresh interval, the colour...

    Raises:
        FeedError: The timeline holds text iCalendar cannot carry.
        InvalidArgument: ``timeline`` is not a Timeline, or ``feed`` not FeedOptions.
    """
    jcal = to_jcal_object(timeline, feed=feed)
    return json.dumps(jcal, ensure_ascii=False, allow_nan=False) + "\n"


def write_jcal(timeline: Timeline, file: BinaryIO, *, feed: FeedOptions | None = None) -> None:
    """Write a timeline's jCal to a binary file, in UTF-8 (see :func:`to_jcal`).

    Raises:
        FeedError: The timeline holds text iCalendar cannot carry.
        InvalidArgument: ``file`` is not a binary file, or another argument is
            not what :func:`to_jcal` says.
    """
    write_utf8(file, lambda: to_jcal(timeline, feed=feed))


def _parse(data: str | bytes, path: str, limits: Limits) -> object:
    """The JSON value in the data, once its size and encoding are checked."""
    size = len(data) if isinstance(data, bytes) else utf8_size(data)
    if (refused := limits.size_error(size)) is not None:
        raise ICalendarError(path, refused, value=size)
    if isinstance(data, bytes):
        try:
            data = data.decode("utf-8-sig")
        except UnicodeDecodeError as error:
            raise ICalendarError(
                path, f"is not UTF-8 (byte {error.start}); jCal is JSON in UTF-8"
            ) from None
    try:
        return json.loads(data)
    except json.JSONDecodeError as error:
        raise ICalendarError(
            path, f"is not JSON ({error.msg})", line=error.lineno, value=None
        ) from None
    except ValueError:
        raise ICalendarError(path, f"is not jCal: it {long_number()}") from None
    except RecursionError:  # "[[[[...": the parser recurses once a level
        raise ICalendarError(path, "is not jCal: arrays nested thousands deep") from None


class _Lines:
    """The content lines a jCal document stands for, with the place in the JSON of each."""

    def __init__(self, path: str, limits: Limits) -> None:
        self.path = path
        self.limits = limits
        self.lines: list[str] = []
        self.places: list[str] = []
        self.props: dict[tuple[str, str], str] = {}
        """The place of each event's first property of each name; ``""`` for the event."""

    def error(
        self,
        where: str,
        rule: str,
        value: object = None,
        *,
        uid: str | None = None,
        prop: str | None = None,
    ) -> ICalendarError:
        at = f"at {where}: " if where else ""
        message = f"is not jCal: {at}{rule}"
        return ICalendarError(self.path, message, uid=uid, prop=prop, value=value)

    def add(self, line: str, where: str) -> None:
        self.lines.append(line)
        self.places.append(where)

    def component(self, node: object, where: str, depth: int, uid: str | None) -> None:
        """Add a component's lines: BEGIN, its properties, its components, END."""
        if not isinstance(node, list) or len(node) != 3:
            raise self.error(where, "must be an array [name, properties, components]", node)
        name, properties, components = node
        if not isinstance(name, str) or not NAME.fullmatch(name):
            raise self.error(f"{where}[0]", "must be a component name such as 'vevent'", name)
        if not isinstance(properties, list):
            raise self.error(f"{where}[1]", "must be an array of properties", properties)
        if not isinstance(components, list):
            raise self.error(f"{where}[2]", "must be an array of components", components)
        if depth > self.limits.max_depth:
            rule = f"components nest deeper than the limit of {self.limits.max_depth}"
            raise self.error(where, rule + " (Limits.max_depth)")
        uid = _uid(properties) or uid
        self.add(f"BEGIN:{name.upper()}", where)
        for number, prop in enumerate(properties):
            self.property(prop, f"{where}[1][{number}]", uid)
        for number, child in enumerate(components):
            self.component(child, f"{where}[2][{number}]", depth + 1, uid)
        self.add(f"END:{name.upper()}", where)
        if uid is not None:
            self.props.setdefault((uid, ""), where)

    def property(self, prop: object, where: str, uid: str | None) -> None:
        try:
            name, params, raw = item_of(prop)
        except NotJCal as error:
            named = prop[0] if isinstance(prop, list) and prop else None
            shown = named.upper() if isinstance(named, str) else None
            raise self.error(
                where + error.at, error.rule, error.value, uid=uid, prop=shown
            ) from None
        if name in ("BEGIN", "END"):
            rule = "must be a property name, not BEGIN or END"
            raise self.error(f"{where}[0]", rule, name, uid=uid, prop=name)
        self.add(f"{name}{param_text(params)}:{raw}", where)
        if uid is not None:
            self.props.setdefault((uid, name), where)

    def where(self, error: ICalendarError) -> str:
        """The place in the JSON of what an error of the .ics reader names."""
        if error.uid is not None:
            prop = (error.prop or "").partition(";")[0]
            found = self.props.get((error.uid, prop)) or self.props.get((error.uid, ""))
            if found is not None:
                return found
        if error.line is not None and 0 < error.line <= len(self.places):
            return self.places[error.line - 1]
        return ""


def _uid(properties: list[Any]) -> str | None:
    """The UID of a component, if it gives one as text, as the reader reads it."""
    for prop in properties:
        if isinstance(prop, list) and len(prop) > 3 and prop[0] in ("uid", "UID"):
            return prop[3] if isinstance(prop[3], str) else None
    return None


def _from_object(jcal: object, path: str, given: Any) -> Timeline:
    """Read the jCal as the .ics reader reads the content lines it stands for."""
    written = _Lines(path, given.limits)
    root = jcal[0] if isinstance(jcal, list) and jcal else None
    where = root.lower() if isinstance(root, str) and NAME.fullmatch(root) else ""
    written.component(jcal, where, 1, None)
    try:
        return _read("\r\n".join(written.lines) + "\r\n", path, given)
    except ICalendarError as error:
        # Its line is one of the content lines made from the jCal: name the place in the JSON.
        where = written.where(error)
        message = f"at {where}: {error.message}" if where else error.message
        raise ICalendarError(
            path, message, uid=error.uid, prop=error.prop, value=error.value
        ) from None


def from_jcal(
    data: str | bytes | list[Any],
    *,
    path: str = "<jcal>",
    window: Time | Event | None = None,
    domain: str = DEFAULT_DOMAIN,
    tz: str | ZoneInfo | None = None,
    limits: Limits | None = None,
    kinds: Collection[EventKind] | None = None,
) -> Timeline:
    """Read a timeline from jCal: its JSON text or bytes, or the object JSON reads.

    Each property is read by its jCal type into the parts of a content line, and
    the lines are read as :func:`~bri_timeline.from_ics` reads an .ics file, with
    the same arguments; an error names the place in the JSON
    (``vcalendar[2][0][1][3]``: the fourth property of the first component), the
    property and the value, rather than a line.

    Args:
        data: The jCal: JSON text or bytes (UTF-8), or a list as ``json.loads`` gives.
        path: The name errors give the file.
        window: Expand every repeating event, and keep only what overlaps this time.
        domain: The UID domain of our own feeds (see ``FeedOptions.domain``).
        tz: The zone of floating times, when the calendar names none.
        limits: What reading it may cost (default :class:`~bri_timeline.limits.Limits`).
        kinds: Which kinds to read (VEVENT, VTODO, VJOURNAL); None for all three.

    Raises:
        ICalendarError: The data is not JSON, not jCal, breaks a limit, or an
            event cannot be read.
        InvalidArgument: ``data`` is none of the three, or another argument is
            not what it says above (before the data is read).
    """
    if not isinstance(data, str | bytes | list):
        raise InvalidArgument("data", "must be JSON text, bytes or a list", data)
    name = check_file_name("path", path)
    given = _given(window, domain, tz, limits, kinds, strict=True)  # jCal: no repairs (.ics only)
    jcal = data if isinstance(data, list) else _parse(data, name, given.limits)
    return _from_object(jcal, name, given)


def read_jcal(
    path: str | os.PathLike[str],
    *,
    window: Time | Event | None = None,
    domain: str = DEFAULT_DOMAIN,
    tz: str | ZoneInfo | None = None,
    limits: Limits | None = None,
    kinds: Collection[EventKind] | None = None,
) -> Timeline:
    """Read a timeline from a jCal file (see :func:`from_jcal`).

    Raises:
        ICalendarError: The file cannot be read, is not jCal, breaks a limit,
            or an event cannot be read.
        InvalidArgument: ``path`` is not a file name, or another argument is
            not what :func:`from_jcal` says (before the file is read).
    """
    name = check_file_name("path", path)
    given = _given(window, domain, tz, limits, kinds, strict=True)  # jCal: no repairs (.ics only)
    data = file_bytes(path, name, given.limits)
    return _from_object(_parse(data, name, given.limits), name, given)
