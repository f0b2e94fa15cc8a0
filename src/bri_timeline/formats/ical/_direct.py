r"""The direct reader: plain VEVENTs read from their content lines straight into events.

The mirror of the direct writer (``_lines``) on the way in. :func:`~._parse.parse`
reads the file once (decoding, unfolding, parameters, the limits) and hands each
VEVENT over as it ends; it is mapped into an :class:`~bri_timeline.Event` there and
its lines are let go, so no icalendar object is made and no tree of the events is
kept. The calendar's own properties and its other components (VTIMEZONEs) are few:
they go, as a small calendar of their own, through the icalendar engine, which
gives the timeline's info and checks them.

It reads the *plain* VEVENT, which is what most calendars hold, and our own feed of
dated events: UID, DTSTAMP, SUMMARY, DESCRIPTION, LOCATION, CATEGORIES, STATUS,
TRANSP, SEQUENCE, CREATED, LAST-MODIFIED and DURATION with no parameters, and DTSTART and
DTEND as a ``VALUE=DATE``, a UTC date-time (shown in a zone by our ``X-BRI-TZID``,
with our ``X-BRI-END-TZID``), or a local time with an IANA ``TZID``, and our
``X-BRI-EDTF`` (a vague date, or an instant DTSTART cannot name). An X- property
with no parameters (``X-MICROSOFT-CDO-BUSYSTATUS``; not one of our ``X-BRI-``) is
kept as it came, as an extra. Anything else -- a repeat, an alarm, an attendee, an
IANA property the mapping has no field for, a floating time, a parameter, a UID
given twice, a note of any kind -- makes :func:`plain_events` give up, and the
whole file is read by the icalendar engine, which reads all of RFC 5545 with its
repairs, notes and errors. The times go through the mapping's own
:func:`~._properties.plain_time`, with a strict reader, so that what would need a
repair gives up too. Both engines give the same timeline, notes and errors for
every file (``tests/test_ics_direct.py``).

>>> feed = (b"BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:apec@example.org\r\n"
...         b"DTSTART;VALUE=DATE:20241114\r\nSUMMARY:APEC\\, Lima\r\n"
...         b"END:VEVENT\r\nEND:VCALENDAR\r\n")
>>> read = plain_events(feed, "apec.ics", Limits(), "example.org")
>>> [(event.id, event.title, event.time.first.isoformat()) for event in read.events]
[('apec', 'APEC, Lima', '2024-11-14')]
>>> print(read.shell.decode())
BEGIN:VCALENDAR
END:VCALENDAR
<BLANKLINE>
>>> plain_events(feed.replace(b"SUMMARY", b"COMMENT"), "apec.ics", Limits(), "example.org")
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from typing import NoReturn

import attrs

from bri_timeline.formats.ical._decode import date_time, date_value, duration, text, text_list
from bri_timeline.formats.ical._mapping import EDTF, END_ZONE, X_TZID, Placement
from bri_timeline.formats.ical._parse import Component, Property, parse
from bri_timeline.formats.ical._properties import Reader, exact_time, plain_time, zone_named
from bri_timeline.formats.ical._values import description_tail, split_description
from bri_timeline.formats.ical._vevent import UNTITLED, id_from_uid
from bri_timeline.limits import Limits
from bri_timeline.model.event import Event, Location
from bri_timeline.model.extras import Extra
from bri_timeline.model.recurrence import resolve_gap
from bri_timeline.model.status import EventStatus, Transparency
from bri_timeline.model.text import strip_controls
from bri_timeline.model.times import Time

__all__ = ["PlainRead", "plain_events"]


class _NotPlain(Exception):
    """What the direct reader leaves to the icalendar engine."""


def _give_up() -> NoReturn:
    raise _NotPlain


_PLAIN = frozenset(
    {
        "UID",
        "CATEGORIES",
        "DTSTAMP",
        "DTSTART",
        "DTEND",
        "DURATION",
        "SUMMARY",
        "DESCRIPTION",
        "LOCATION",
        "STATUS",
        "TRANSP",
        "SEQUENCE",
        "CREATED",
        "LAST-MODIFIED",
        END_ZONE.name,
        EDTF.name,
    }
)
"""The properties of a plain VEVENT, each at most once."""

# The only ones with parameters: VALUE=DATE or TZID, and DTSTAMP, which is not read (an
# export writes its own), as the icalendar engine does not read it.
_WITH_PARAMS = frozenset({"DTSTART", "DTEND", "DTSTAMP"})
_DATE = ("DATE",)


def _moment(prop: Property) -> date | datetime:
    """DTSTART or DTEND: a DATE, a UTC date-time, or a local time of an IANA zone."""
    raw, params = prop.value, prop.params
    if not params:
        if len(raw) != 16:  # a floating time (or a date without VALUE=DATE)
            _give_up()
        return date_time(raw)  # BadValue unless it ends in Z
    if len(params) != 1:
        _give_up()
    if (tzid := params.get("TZID")) is not None:
        zone = zone_named(tzid[0]) if len(tzid) == 1 and len(raw) == 15 else None
        if zone is None:
            _give_up()
        # OverflowError where no UTC instant is there (the engine says so)
        return resolve_gap(date_time(raw).replace(tzinfo=zone))
    if params.get("VALUE") == _DATE:
        return date_value(raw)
    if (shown_in := params.get(X_TZID)) is not None:  # ours: a UTC time shown in this zone
        zone = zone_named(shown_in[0]) if len(shown_in) == 1 and len(raw) == 16 else None
        return date_time(raw).astimezone(zone) if zone is not None else _give_up()
    return _give_up()


def _stamp(prop: Property | None) -> datetime | None:
    """CREATED or LAST-MODIFIED: a UTC date-time."""
    if prop is None:
        return None
    if prop.params or not prop.value.endswith("Z"):
        _give_up()
    return date_time(prop.value)


def _extra(prop: Property) -> Extra:
    """An X- property, kept as it came (icalendar reads it raw, and so does the engine)."""
    name = prop.name
    if not name.startswith("X-") or name.startswith("X-BRI-"):
        _give_up()  # an IANA property icalendar types, or one of our own
    return Extra(name, strip_controls(prop.value))


def _text(prop: Property | None) -> str | None:
    return None if prop is None else strip_controls(text(prop.value))


@attrs.frozen
class PlainRead:
    """What the direct reader read: the events, and the calendar less its VEVENTs.

    ``shell`` is an iCalendar file of the calendar's own properties and its other
    components, for the icalendar engine to read (it holds no VEVENT).
    """

    events: list[Event]
    shell: bytes


class _Events:
    """The consumer of :func:`~._parse.parse`: each plain VEVENT into an event as it ends."""

    def __init__(self, path: str, domain: str) -> None:
        self.domain = domain
        self.suffix = "@" + domain
        self.events: list[Event] = []
        self.uids: set[str] = set()
        self.left_uids: set[str] = set()  # of the components left in the shell
        self.reader = Reader(path, b"", None, strict=True)  # a repair is an error: give up

    def __call__(self, component: Component, parent: str | None) -> bool:
        if component.name == "VEVENT" and parent == "VCALENDAR" and not component.components:
            try:
                event, uid = self.event(component)
            except (_NotPlain, ValueError, OverflowError):
                pass  # a ValueError: a value the engine refuses, or reads its own way
            else:
                self.events.append(event)
                self.uids.add(uid)
                return True
        # Kept for the shell: the icalendar engine reads it (and the calendar around it).
        self.left_uids.update(
            text(prop.value) for prop in component.properties if prop.name == "UID"
        )
        return False

    def event(self, component: Component) -> tuple[Event, str]:
        """A plain VEVENT's event and its UID; _NotPlain for any other."""
        properties = component.properties
        found = {prop.name: prop for prop in properties}
        if len(found) != len(properties):
            _give_up()  # a property given twice
        if not _WITH_PARAMS.issuperset([prop.name for prop in properties if prop.params]):
            _give_up()
        extras: tuple[Extra, ...] = ()
        if not found.keys() <= _PLAIN:
            extras = tuple(_extra(found[name]) for name in found.keys() - _PLAIN)
        categories: dict[str, None] = {}
        if (listed := found.get("CATEGORIES")) is not None:
            for part in text_list(listed.value):
                category = strip_controls(part)
                if category.strip():
                    categories.setdefault(category)
        uid_prop = found.get("UID")  # not stripped of controls: the event refuses them
        uid = None if uid_prop is None else text(uid_prop.value)
        if uid is None or not uid.strip() or uid in self.uids:
            _give_up()
        when = self.time(found)
        title = _text(found.get("SUMMARY")) or ""
        description = _text(found.get("DESCRIPTION")) or ""
        place = _text(found.get("LOCATION"))
        # ValueError for a value that is not one of the enum's (the engine reads it, or not);
        # a status that is not a VEVENT's (RFC 5545 3.8.1.11) the event refuses, likewise.
        transp = found.get("TRANSP")
        transparency = Transparency.OPAQUE if transp is None else Transparency(transp.value)
        written_status = _text(found.get("STATUS"))
        status = None if written_status is None else EventStatus(written_status)
        sequence = found.get("SEQUENCE")
        if sequence is not None and not (sequence.value.isascii() and sequence.value.isdigit()):
            _give_up()
        event_id = id_from_uid(uid, self.domain)
        event = Event(
            event_id,
            title if title.strip() else UNTITLED,
            when,
            description=description
            and split_description(description, description_tail(when, (), None, ())),
            location=Location(place) if place is not None and place.strip() else None,
            categories=tuple(categories),
            revision=0 if sequence is None else int(sequence.value),
            updated=_stamp(found.get("LAST-MODIFIED")),
            created=_stamp(found.get("CREATED")),
            uid=None if event_id + self.suffix == uid else uid,
            status=status,
            transparency=transparency,
            extras=extras,
        )
        return event, uid

    def time(self, found: dict[str, Property]) -> Time:
        """The event's time: DTSTART and DTEND (or DURATION), or our X-BRI-EDTF."""
        start = found.get("DTSTART")
        if start is None:
            _give_up()
        end: date | datetime | timedelta | None = None
        if (last := found.get("DTEND")) is not None:
            end = _moment(last) if "DURATION" not in found else _give_up()
        elif (length := found.get("DURATION")) is not None:
            end = duration(length.value)
        end_zone = _text(found.get(END_ZONE.name))  # ours: the zone of an instant's end
        edtf = _text(found.get(EDTF.name))  # ours: the exact time, where DTSTART cannot say it
        written = Placement(_moment(start), end, edtf, end_zone)
        exact = None if edtf is None else exact_time(written, edtf)
        return plain_time(self.reader, written, "DTSTART", "DTEND") if exact is None else exact


_QUOTED = re.compile("[,;:]")  # a parameter value with one of these is quoted
_UNWRITTEN = re.compile('["^\n]')  # one with these would need RFC 6868: left to icalendar


def _param(name: str, values: tuple[str, ...]) -> str:
    if any(_UNWRITTEN.search(value) for value in values):
        _give_up()
    return f";{name}=" + ",".join(f'"{v}"' if _QUOTED.search(v) else v for v in values)


def _shell(components: tuple[Component, ...]) -> bytes:
    """The calendar less its VEVENTs (each already read), as an iCalendar file."""
    lines: list[str] = []

    def add(component: Component) -> None:
        lines.append(f"BEGIN:{component.name}")
        for prop in component.properties:
            params = "".join(_param(name, values) for name, values in prop.params.items())
            lines.append(f"{prop.name}{params}:{prop.value}")
        for inner in component.components:
            add(inner)
        lines.append(f"END:{component.name}")

    for component in components:
        add(component)
    return "".join(line + "\r\n" for line in lines).encode("utf-8")


def plain_events(data: bytes | str, path: str, limits: Limits, domain: str) -> PlainRead | None:
    """The events of a file whose VEVENTs are all plain, and the rest of it; else None.

    None too for a file the reader would repair or refuse: the icalendar engine then
    reads it, and makes the notes or raises the error.
    """
    events = _Events(path, domain)
    try:
        parsed = parse(data, path, limits, strict=True, consume=events)
        if len(parsed.components) != 1 or parsed.components[0].name != "VCALENDAR":
            return None  # bare components, several calendars, nothing
        if events.uids & events.left_uids:
            return None  # a UID on a plain VEVENT and on another component: read as one
        return PlainRead(events.events, _shell(parsed.components))
    except (_NotPlain, ValueError, OverflowError):  # ValueError: a value the engine refuses
        return None
