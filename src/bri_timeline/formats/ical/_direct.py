r"""The direct reader: plain VEVENTs read from their content lines straight into events.

The mirror of the direct writer (``_lines``) on the way in. :func:`~._parse.parse`
reads the file once (decoding, unfolding, parameters, the limits) and hands each
VEVENT over as it ends; a plain one is mapped into an :class:`~bri_timeline.Event`
there and its lines are let go, so no icalendar object is made for it. The rest of
the file -- the calendar's own properties, its VTIMEZONEs, and every component that
is not a plain VEVENT -- is kept, and written back as the *shell*: a calendar of its
own for the icalendar engine, which gives the timeline's info and the other events.

A *plain* VEVENT is what most calendars hold, and our own feed: UID, DTSTAMP,
SUMMARY, DESCRIPTION, LOCATION, CATEGORIES, STATUS, TRANSP, SEQUENCE, CLASS,
PRIORITY, CREATED, LAST-MODIFIED and DURATION with no parameters; ATTACHes that
link a file (with an ``FMTTYPE`` or none); DTSTART and DTEND as a
``VALUE=DATE``, a UTC date-time (shown in a zone by our ``X-BRI-TZID``, with our
``X-BRI-END-TZID``), or a local time with an IANA ``TZID``; our ``X-BRI-EDTF`` (a
vague date, or an instant DTSTART cannot name), ``X-BRI-SOURCE``,
``X-BRI-PARTICIPANT`` and ``X-BRI-INFERRED``; ORGANIZER and ATTENDEEs, read as
the engine's ``_read_people`` reads them (but a parameter value with an RFC 6868
escape, which icalendar may read its own way); VALARMs, likewise; and unless
``repeats`` is off, one RRULE as icalendar writes it back and EXDATEs of DTSTART's
kind, read by :func:`~._rules.rule_of` as the engine reads them. An X- property with no
parameters (``X-MICROSOFT-CDO-BUSYSTATUS``; not one of our ``X-BRI-``) is kept as
it came, as an extra. Anything else -- a change of an occurrence, an RDATE, an
inline attachment, an IANA property the mapping has no field for, a floating time, a
DTSTART or DTEND the clocks skip, a parameter, a malformed value -- leaves the
VEVENT to the shell. The times
go through the mapping's own :func:`~._properties.plain_time`, with a strict
reader, so that what would need a repair is left to the shell too.

:func:`plain_events` gives up on the whole file (None), which the icalendar engine
then reads, where its lines need a repair. A plain VEVENT whose UID another component
has too (a series and a change of one of its occurrences) goes to the shell with it,
so the two are read as one. Both engines give the same timeline, notes and errors
for every file (``tests/test_ics_direct.py``).

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
>>> kept = plain_events(feed.replace(b"SUMMARY", b"COMMENT"), "apec.ics", Limits(), "example.org")
>>> kept.events, kept.shell.count(b"BEGIN:VEVENT")
([], 1)
>>> plain_events(feed.replace(b"END:VEVENT", b"\r\nEND:VEVENT"), "apec.ics", Limits(), "x")
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, datetime, timedelta
from functools import partial
from typing import NamedTuple, NoReturn, TypeVar

import attrs

from bri_timeline.formats.ical._decode import date_time, date_value, duration, text, text_list
from bri_timeline.formats.ical._mapping import (
    EDTF,
    END_ZONE,
    INFERRED,
    PARTICIPANT,
    SOURCE,
    X_TZID,
    Placement,
)
from bri_timeline.formats.ical._parse import Component, Property, parse
from bri_timeline.formats.ical._people import ALARM
from bri_timeline.formats.ical._properties import Reader, exact_time, plain_time, zone_named
from bri_timeline.formats.ical._read_people import alarm_of, attendee_fields, who
from bri_timeline.formats.ical._rules import rule_of
from bri_timeline.formats.ical._values import (
    decode_inference,
    decode_participant,
    decode_source,
    description_tail,
    split_description,
    unescape_text,
)
from bri_timeline.formats.ical._vevent import UNTITLED, id_from_uid
from bri_timeline.limits import Limits
from bri_timeline.model.alarms import Alarm, Attachment
from bri_timeline.model.event import Event, Inference, Location, Participant
from bri_timeline.model.extras import Extra
from bri_timeline.model.people import Attendee, Organizer
from bri_timeline.model.recurrence import check_matches, resolve_gap
from bri_timeline.model.rrule import Recurrence
from bri_timeline.model.status import EventStatus, Transparency
from bri_timeline.model.text import strip_controls
from bri_timeline.model.times import AllDay, Time, TimeSpan

__all__ = ["PlainRead", "plain_events"]

_T = TypeVar("_T")


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
        "RRULE",
        "EXDATE",
        SOURCE.name,
        PARTICIPANT.name,
        INFERRED.name,
        "ATTENDEE",
        "ORGANIZER",
        "ATTACH",
        "CLASS",
        "PRIORITY",
    }
)
"""The properties of a plain VEVENT, each at most once but those of :data:`_MANY`."""

_MANY = frozenset({"EXDATE", PARTICIPANT.name, INFERRED.name, "ATTENDEE", "ATTACH"})

# The only ones with parameters: VALUE=DATE or TZID, and DTSTAMP, which is not read (an
# export writes its own), as the icalendar engine does not read it.
_WITH_PARAMS = frozenset(
    {"DTSTART", "DTEND", "DTSTAMP", "EXDATE", "ATTENDEE", "ORGANIZER", "ATTACH"}
)
_RULE_PART = re.compile(
    "(FREQ|INTERVAL|COUNT|UNTIL|BYSECOND|BYMINUTE|BYHOUR|BYDAY|BYMONTHDAY|BYYEARDAY"
    "|BYWEEKNO|BYMONTH|BYSETPOS|WKST)=([A-Z0-9+-][A-Z0-9,+-]*)"
)
"""A part of an RRULE as icalendar writes it back; any other form is left to it."""
_QUOTED = re.compile("[,;:]")  # a parameter value with one of these is quoted
_UNWRITTEN = re.compile('["^\n]')  # one with these would need RFC 6868: left to icalendar
_DATE = ("DATE",)
_TRANSPARENCY = {kind.value: kind for kind in Transparency}


def _moment(prop: Property) -> date | datetime:
    """DTSTART or DTEND: a DATE, a UTC date-time, or a local time of an IANA zone.

    A local time is its wall time in its zone, as written: one that the clocks skip
    is refused by the event's time (the file is then the engine's, which moves it).
    """
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
        return date_time(raw).replace(tzinfo=zone)
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


def _json(prop: Property, decode: Callable[[str], _T]) -> _T:
    """One of our JSON properties, read as the engine reads an X- property (it comes raw)."""
    if prop.params:
        _give_up()
    return decode(strip_controls(unescape_text(prop.value)))


def _param_text(prop: Property, name: str) -> str | None:
    """A parameter's values as the engine reads them (several joined by commas)."""
    values = prop.params.get(name)
    if values is None:
        return None
    if any(_UNWRITTEN.search(value) for value in values):
        _give_up()  # an RFC 6868 escape (or a quote) icalendar may read its own way
    return strip_controls(",".join(values))


def _attendee(prop: Property) -> Attendee:
    """An ATTENDEE (InvalidValue where the engine would repair or refuse it)."""
    param = partial(_param_text, prop)
    name, address = who(prop.value, param)
    return Attendee(name, address=address, **attendee_fields(param))


def _attachment(prop: Property) -> Attachment:
    """An ATTACH that links a file, with its FMTTYPE (an inline one is left to the engine)."""
    if not {"FMTTYPE"}.issuperset(prop.params):
        _give_up()  # VALUE=BINARY, which the engine leaves out, or another parameter
    return Attachment(prop.value, media_type=_param_text(prop, "FMTTYPE"))


def _organizer(prop: Property | None) -> Organizer | None:
    if prop is None:
        return None
    name, address = who(prop.value, partial(_param_text, prop))
    return Organizer(name, address=address)


_ALARM_READ = frozenset({"ACTION", "TRIGGER", "REPEAT", "DURATION", "DESCRIPTION"})
"""The properties of a VALARM that the engine reads."""
_ALARM_AS_IS = frozenset({"UID", "SUMMARY", "RELATED-TO"})
"""Others that icalendar keeps as they are (TEXT): it cannot refuse them."""


def _as_is(prop: Property) -> bool:
    """Whether icalendar keeps a VALARM's property that is not read as it is.

    icalendar parses a VALARM's properties by their type, and refuses the whole file
    where one is not of it (a SEQUENCE of 5,000 digits): a VALARM with any property it
    might so refuse (an integer, a time, a parameter that gives another type) is the
    engine's to read.
    """
    if prop.name == "ATTACH":  # a URI, but VALUE=BINARY (base64, which may be malformed)
        linked = prop.params.get("VALUE", ("URI",)) == ("URI",)
        return linked and {"FMTTYPE", "VALUE"}.issuperset(prop.params)
    return not prop.params and (prop.name in _ALARM_AS_IS or prop.name.startswith("X-"))


def _trigger(prop: Property) -> tuple[timedelta | datetime, str]:
    """A TRIGGER and the end it is RELATED to: before or after it, or a UTC time.

    BadValue for a local time; a parameter other than those is the engine's to read.
    """
    if prop.params.get("VALUE") == ("DATE-TIME",) and len(prop.params) == 1:
        return date_time(prop.value), "START"
    if {"RELATED"}.issuperset(prop.params):
        return duration(prop.value), _param_text(prop, "RELATED") or "START"
    return _give_up()


def _alarm(component: Component) -> Alarm | None:
    """A VALARM, as the engine's ``_read_people`` reads it: None for an e-mail or a procedure.

    Its other properties are not read, as the engine does not read them; but each
    value is checked as icalendar parses it, an e-mail's too.
    """
    properties = component.properties
    found = {prop.name: prop for prop in properties if prop.name in _ALARM_READ}
    if (
        component.name != ALARM
        or component.components
        or len(found) != len([prop for prop in properties if prop.name in _ALARM_READ])
        or not all(_as_is(prop) for prop in properties if prop.name not in _ALARM_READ)
        or any(prop.params for prop in found.values() if prop.name != "TRIGGER")
    ):
        _give_up()  # another component, a property read twice, or one icalendar may refuse
    trigger, repeat, length, about = (
        found.get(name) for name in ("TRIGGER", "REPEAT", "DURATION", "DESCRIPTION")
    )
    when = None if trigger is None else _trigger(trigger)  # each checked, whatever the action
    count = _digits(repeat)
    lasting = None if length is None else duration(length.value)
    action = found.get("ACTION")
    written = "" if action is None else strip_controls(text(action.value)).upper()
    if written not in {"DISPLAY", "AUDIO"}:
        return None  # docs/people-and-alarms.md says so
    if when is None:
        _give_up()  # no TRIGGER: a repair
    return alarm_of(
        written,
        *when,
        repeat=count,
        duration=lasting,
        description=_text(about),
    )


class _Repeated(NamedTuple):
    """What the properties that may repeat give an event."""

    participants: tuple[Participant, ...] = ()
    attendees: tuple[Attendee, ...] = ()
    inferred: tuple[Inference, ...] = ()
    attachments: tuple[Attachment, ...] = ()


def _repeated(many: list[Property]) -> _Repeated:
    """The participants, attendees, inference notes and attachments, in file order."""
    named = [(prop.name, prop) for prop in many]
    return _Repeated(
        tuple(_json(p, decode_participant) for n, p in named if n == PARTICIPANT.name),
        tuple(_attendee(p) for n, p in named if n == "ATTENDEE"),
        tuple(_json(p, decode_inference) for n, p in named if n == INFERRED.name),
        tuple(_attachment(p) for n, p in named if n == "ATTACH"),
    )


_NONE_REPEATED = _Repeated()


def _digits(prop: Property | None) -> int:
    """SEQUENCE or PRIORITY (0 where there is none): digits, else the engine's to read."""
    if prop is None:
        return 0
    if not (prop.value.isascii() and prop.value.isdigit()):
        _give_up()
    return int(prop.value)  # ValueError past 4,300 digits


def _text(prop: Property | None) -> str | None:
    return None if prop is None else strip_controls(text(prop.value))


@attrs.frozen
class PlainRead:
    """What the direct reader read: the plain VEVENTs' events, and the rest of the file.

    ``shell`` is an iCalendar file of the calendar's own properties and its other
    components (VTIMEZONEs, and the VEVENTs that are not plain), for the icalendar
    engine to read.
    """

    events: list[Event]
    shell: bytes


class _Events:
    """The consumer of :func:`~._parse.parse`: each plain VEVENT into an event as it ends."""

    def __init__(self, path: str, domain: str, limits: Limits, *, repeats: bool) -> None:
        self.domain = domain
        self.limits = limits
        self.repeats = repeats  # read a repeating event (not with a window: it is expanded)
        self.suffix = "@" + domain
        self.events: list[Event] = []
        self.uids: set[str] = set()
        self.left_uids: set[str] = set()  # of the components left in the shell
        self.left_lines: set[int] = set()  # where each VEVENT left in the shell begins
        self.reader = Reader(path, b"", None, strict=True)  # a repair is an error: give up

    def __call__(self, component: Component, parent: str | None) -> bool:
        if component.name == "VEVENT" and parent == "VCALENDAR":
            try:
                event, uid = self.event(component)
            except (_NotPlain, ValueError, OverflowError):
                self.left_lines.add(component.line)  # a ValueError: the engine's to read
            else:
                self.events.append(event)
                self.uids.add(uid)
                return True
        # Kept for the shell: the icalendar engine reads it (and the calendar around it).
        self.left_uids.update(
            text(prop.value) for prop in component.properties if prop.name == "UID"
        )
        return False

    def without(self, uids: set[str]) -> list[Event]:
        """The events read, but those of these UIDs."""
        return [event for event in self.events if (event.uid or event.id + self.suffix) not in uids]

    def event(self, component: Component) -> tuple[Event, str]:
        """A plain VEVENT's event and its UID; _NotPlain for any other."""
        properties = component.properties
        found = {prop.name: prop for prop in properties}
        many: list[Property] = []  # in file order
        if not _MANY.isdisjoint(found):
            many = [prop for prop in properties if prop.name in _MANY]
            if len(found) + len(many) - len({prop.name for prop in many}) != len(properties):
                _give_up()  # a property given twice
        elif len(found) != len(properties):
            _give_up()
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
        written, when = self.time(found)
        exdates = [prop for prop in many if prop.name == "EXDATE"]
        recurrence = self.recurrence(found, exdates, written, when)
        # Ours, JSON: ValueError where one is malformed (the engine refuses it).
        repeated = _repeated(many) if many else _NONE_REPEATED
        people, inferred = repeated.participants, repeated.inferred
        source_prop = found.get(SOURCE.name)
        source = None if source_prop is None else _json(source_prop, decode_source)
        title = _text(found.get("SUMMARY")) or ""
        description = _text(found.get("DESCRIPTION")) or ""
        place = _text(found.get("LOCATION"))
        # A value that is not one of the enum's is left to the engine (it reads it, or not);
        # a status that is not a VEVENT's (RFC 5545 3.8.1.11) the event refuses, likewise.
        transp = found.get("TRANSP")
        transparency = Transparency.OPAQUE
        if transp is not None:
            transparency = _TRANSPARENCY.get(transp.value) or _give_up()
        written_status = _text(found.get("STATUS"))
        status = None if written_status is None else EventStatus(written_status)
        event_id = id_from_uid(uid, self.domain)
        event = Event(
            event_id,
            title if title.strip() else UNTITLED,
            when,
            description=description
            and split_description(description, description_tail(when, people, source, inferred)),
            location=Location(place) if place is not None and place.strip() else None,
            categories=tuple(categories),
            revision=_digits(found.get("SEQUENCE")),
            updated=_stamp(found.get("LAST-MODIFIED")),
            created=_stamp(found.get("CREATED")),
            uid=None if event_id + self.suffix == uid else uid,
            status=status,
            transparency=transparency,
            extras=extras,
            alarms=[alarm for inner in component.components if (alarm := _alarm(inner))]
            if component.components
            else (),
            recurrence=recurrence,
            participants=people,
            source=source,
            inferred=inferred,
            organizer=_organizer(found.get("ORGANIZER")),
            attendees=repeated.attendees,
            attachments=repeated.attachments,
            classification=_text(found.get("CLASS")),  # the event refuses one not a token
            priority=_digits(found.get("PRIORITY")),
        )
        if recurrence is not None:
            check_matches(event, limits=self.limits)  # InvalidEvent: the engine refuses it
        return event, uid

    def recurrence(
        self, found: dict[str, Property], exdates: list[Property], written: Placement, when: Time
    ) -> Recurrence | None:
        """One RRULE (no COUNT with UNTIL) and its EXDATEs, of the kind of DTSTART."""
        prop = found.get("RRULE")
        if prop is None:
            return None if not exdates else _give_up()  # EXDATE alone: expanded
        if not self.repeats or prop.params or not isinstance(when, TimeSpan | AllDay):
            _give_up()
        parts: dict[str, str] = {}
        for part in prop.value.split(";"):
            matched = _RULE_PART.fullmatch(part)
            if matched is None or matched[1] in parts:
                _give_up()
            parts[matched[1]] = matched[2]
        if "FREQ" not in parts or ("COUNT" in parts and "UNTIL" in parts):
            _give_up()
        until: date | datetime | None = None
        if (last := parts.pop("UNTIL", None)) is not None:
            until = date_value(last) if len(last) == 8 else date_time(last)
            if isinstance(until, datetime) and until.tzinfo is None:
                _give_up()  # a floating UNTIL: it may take the calendar's zone
        text = ";".join(f"{name}={value}" for name, value in parts.items())
        series = (written.start, when)
        rule = rule_of(self.reader, (text, prop.value), until, series, floating=False)
        if not exdates:
            return rule
        timed = isinstance(when, TimeSpan)
        skipped = []
        for each in exdates:
            for value in each.value.split(","):
                moment = _moment(Property(each.name, each.params, value, each.line))
                if isinstance(moment, datetime) != timed:
                    _give_up()  # a day of a timed series, a time of an all-day one
                # A time the clocks skip, moved as the series' start would be (OverflowError
                # where no UTC instant is there: the engine says so).
                skipped.append(resolve_gap(moment) if isinstance(moment, datetime) else moment)
        return attrs.evolve(rule, exdates=skipped)

    def time(self, found: dict[str, Property]) -> tuple[Placement, Time]:
        """DTSTART and DTEND as written, and the event's time (or our X-BRI-EDTF's)."""
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
        if exact is None:
            return written, plain_time(self.reader, written, "DTSTART", "DTEND")
        return written, exact


def _param(name: str, values: tuple[str, ...]) -> str:
    if any(_UNWRITTEN.search(value) for value in values):
        _give_up()
    return f";{name}=" + ",".join(f'"{v}"' if _QUOTED.search(v) else v for v in values)


def _shell(components: tuple[Component, ...]) -> bytes:
    """The calendar less its plain VEVENTs (each already read), as an iCalendar file."""
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


def _rest_with(
    data: bytes | str, path: str, limits: Limits, shared: set[str], left: set[int]
) -> tuple[Component, ...]:
    """The file's components again, with the VEVENTs left (by line) and those of ``shared``."""

    def leave_out(component: Component, parent: str | None) -> bool:
        if component.name != "VEVENT" or parent != "VCALENDAR" or component.line in left:
            return False
        uid = component.first("UID")
        return uid is None or text(uid.value) not in shared

    return parse(data, path, limits, strict=True, consume=leave_out).components


def plain_events(
    data: bytes | str, path: str, limits: Limits, domain: str, *, repeats: bool = True
) -> PlainRead | None:
    """The events of a file's plain VEVENTs, and the rest of it; else None.

    None for a file whose lines the reader would repair or refuse: the icalendar
    engine then reads it, and makes the notes or raises the error. ``repeats=False``
    leaves a repeating event to the rest. A plain VEVENT whose UID another component
    has too (a series and a change of one of its occurrences) goes with it to the
    rest, so the engine reads them as one: the file is then parsed a second time.
    """
    events = _Events(path, domain, limits, repeats=repeats)
    try:
        parsed = parse(data, path, limits, strict=True, consume=events)
        if len(parsed.components) != 1 or parsed.components[0].name != "VCALENDAR":
            return None  # bare components, several calendars, nothing
        if shared := events.uids & events.left_uids:
            rest = _rest_with(data, path, limits, shared, events.left_lines)
            return PlainRead(events.without(shared), _shell(rest))
        return PlainRead(events.events, _shell(parsed.components))
    except (_NotPlain, ValueError, OverflowError):  # ValueError: a value the engine refuses
        return None
