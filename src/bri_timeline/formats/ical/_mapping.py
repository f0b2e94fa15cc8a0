r"""The iCalendar mapping, written once: which property carries each attribute of an event.

Over 400 lines: the one table of every attribute and its property, which both writing
engines and the reader share, is clearer whole than split.

The writer (:mod:`bri_timeline.formats.ical.write`, with either engine) and the
reader (:mod:`bri_timeline.formats.ical.read`) never import each other; what both
must agree on lives here:

* :data:`EVENT_PROPERTIES`, the table of the properties that carry each attribute
  of an event, with their value types (:class:`Prop`); the reader looks there for
  what carries what, the writer builds its items with the same :class:`Prop`\ s;
* where each kind of time goes (:func:`placement`: DTSTART, DTEND, ``X-BRI-EDTF``),
  how a point in time is written (:func:`point_item`), and the RRULE;
* :func:`event_items`: an event's properties as ``(name, parameters, value text)``
  items. The direct writer (``_lines``) writes them as content lines, the
  reference engine (``_components``) as icalendar properties: the engines differ
  only in how they write what this module gives them.

How each kind of value is written as text (escaping, stamps, the JSON objects, the
generated part of DESCRIPTION) is :mod:`._values`. See ``docs/ical.md``.

>>> from datetime import date
>>> from bri_timeline.model.event import Event
>>> from bri_timeline.model.times import AllDay, PartialDate
>>> placement(AllDay(date(2024, 11, 13), date(2024, 11, 15)))
Placement(start=datetime.date(2024, 11, 13), end=datetime.date(2024, 11, 16), ...)
>>> placement(PartialDate.of_year(2009)).edtf
'2009'
>>> event_items(Event("e", "E", AllDay(date(2024, 11, 13)), url="https://example.org"))[1]
[('TRANSP', (), 'TRANSPARENT'), ('URL', (), 'https://example.org')]
"""

from __future__ import annotations

from collections.abc import Collection
from datetime import date, datetime, timedelta
from operator import attrgetter, itemgetter
from zoneinfo import ZoneInfo

import attrs

from bri_timeline.errors import FeedError
from bri_timeline.formats.ical._people import people_items
from bri_timeline.formats.ical._values import (
    compose_description,
    decimal_text,
    duration_text,
    encode_inference,
    encode_participant,
    encode_source,
    escape_text,
    fits_uri,
    utc_stamp,
)
from bri_timeline.model.edtf import to_edtf
from bri_timeline.model.event import Event
from bri_timeline.model.floating import FloatingSpan
from bri_timeline.model.keys import OPEN_END, US_PER_DAY
from bri_timeline.model.kinds import EventKind
from bri_timeline.model.times import AllDay, PartialDate, Time, TimeSpan
from bri_timeline.model.vague import Vague

__all__ = [
    "CATEGORIES",
    "DEFAULT_DOMAIN",
    "DESCRIPTION",
    "DTEND",
    "DTSTAMP",
    "DTSTART",
    "DUE",
    "DURATION",
    "EDTF",
    "END_ZONE",
    "EVENT_ID",
    "EVENT_PROPERTIES",
    "GEO",
    "INFERRED",
    "KNOWN",
    "LAST_MODIFIED",
    "LOCATION",
    "PARTICIPANT",
    "RECURRENCE_ID",
    "RRULE",
    "SEQUENCE",
    "SOURCE",
    "STATUS",
    "SUMMARY",
    "UID",
    "URL",
    "URL_TEXT",
    "X_DOCUMENT",
    "X_TZID",
    "X_UNTIL",
    "Item",
    "Params",
    "Placement",
    "Prop",
    "check_uids",
    "event_items",
    "event_uid",
    "exact_in_ical",
    "placement",
    "point_item",
    "zone_of",
]

DEFAULT_DOMAIN = "bri-timeline.invalid"
"""The UID domain when none is given: ``UID = f"{event.id}@{domain}"`` (see :func:`event_uid`)."""


def event_uid(event: Event, domain: str) -> str:
    """The UID of an event's VEVENT: the one it came with, else ``f"{event.id}@{domain}"``.

    >>> from datetime import date
    >>> from bri_timeline.model.times import AllDay
    >>> day = AllDay(date(2024, 11, 14))
    >>> event_uid(Event("apec", "APEC", day), "example.org")
    'apec@example.org'
    >>> event_uid(Event("apec", "APEC", day, uid="7kq9@google.com"), "example.org")
    '7kq9@google.com'
    """
    uid = event.uid
    return f"{event.id}@{domain}" if uid is None else uid


_UID_OF = attrgetter("uid")


def check_uids(events: Collection[Event], domain: str) -> None:
    """Refuse two events that would share a UID (a kept one, or one an id gives).

    O(n), in C when no event keeps a UID (the common case).

    Raises:
        FeedError: Two events have the same UID; it names both.
    """
    if not any(map(_UID_OF, events)):
        return
    kept: dict[str, str] = {}
    for event in events:
        if event.uid is not None:
            other = kept.setdefault(event.uid, event.id)
            if other != event.id:
                raise FeedError(f"events {other!r} and {event.id!r}: uid", "must differ", event.uid)
    for event in events:
        uid = f"{event.id}@{domain}"
        if event.uid is None and uid in kept:
            raise FeedError(f"events {kept[uid]!r} and {event.id!r}: uid", "must differ", uid)


X_TZID = "X-BRI-TZID"
"""Parameter on a UTC DTSTART/DTEND: the zone of a time in the second pass of a repeated hour."""
X_UNTIL = "X-BRI-UNTIL"
"""Parameter on RRULE: the model's own ``until`` when RFC 5545 asks for the other kind of value."""
X_DOCUMENT = "X-BRI-DOCUMENT"
"""Calendar property: the document the timeline's events come from (``TimelineInfo.source``)."""

Params = tuple[tuple[str, str], ...]
"""The parameters of a property, as (name, value) pairs."""
Item = tuple[str, Params, str]
"""A property as written: its name, its parameters, and its value text."""

_ESCAPED = frozenset({"TEXT", "JSON"})


@attrs.frozen
class Prop:
    """A property of a VEVENT and the type of its value.

    Attributes:
        name: The property's name.
        type: How its value is written: ``TEXT`` (escaped), ``URI`` (as it is),
            ``JSON`` (a JSON object, written as TEXT), or another RFC 5545 type,
            written by its own rule (``DATE-TIME``, ``RECUR``...).
        many: Whether it appears once for each item of its attribute, rather
            than at most once.
    """

    name: str
    type: str
    many: bool = False

    def item(self, value: str, params: Params = ()) -> Item:
        """This property with a value (escaped, for TEXT and JSON) and parameters."""
        return self.name, params, escape_text(value) if self.type in _ESCAPED else value


UID = Prop("UID", "TEXT")
SUMMARY = Prop("SUMMARY", "TEXT")
DTSTART = Prop("DTSTART", "DATE-TIME")  # or DATE: see point_item
DTEND = Prop("DTEND", "DATE-TIME")
DUE = Prop("DUE", "DATE-TIME")
"""A to-do's end, where an event has DTEND (see ``_kinds``)."""
DURATION = Prop("DURATION", "DURATION")  # instead of DTEND past 9999-12-31
EDTF = Prop("X-BRI-EDTF", "TEXT")
"""The exact time as EDTF, where DTSTART and DTEND cannot state it (partial, open, sub-second)."""
EVENT_ID = Prop("X-BRI-ID", "TEXT")
"""The event's id, beside a UID the event keeps (``Event.uid``), which no longer gives it."""
END_ZONE = Prop("X-BRI-END-TZID", "TEXT")
"""The end's zone of an instant whose end is written in another zone (no DTEND can say it)."""
RRULE = Prop("RRULE", "RECUR")
DESCRIPTION = Prop("DESCRIPTION", "TEXT")  # with the generated tail (_values.description_tail)
LOCATION = Prop("LOCATION", "TEXT")
GEO = Prop("GEO", "FLOAT")  # latitude;longitude
CATEGORIES = Prop("CATEGORIES", "TEXT")  # all of them, comma-separated, in one property
URL = Prop("URL", "URI")
URL_TEXT = Prop("X-BRI-URL", "TEXT")
"""The event's URL as TEXT, when it holds what a URI value cannot carry (see ``fits_uri``)."""
PARTICIPANT = Prop("X-BRI-PARTICIPANT", "JSON", many=True)
"""One participant, as a JSON object with ``name`` and optional ``role``, ``organization``."""
SOURCE = Prop("X-BRI-SOURCE", "JSON")
"""The source, as a JSON object with ``quote`` and optional ``document``, ``locator``, ``url``."""
INFERRED = Prop("X-BRI-INFERRED", "JSON", many=True)
"""One inference note, as a JSON object with ``field`` and ``reason``."""
SEQUENCE = Prop("SEQUENCE", "INTEGER")
LAST_MODIFIED = Prop("LAST-MODIFIED", "DATE-TIME")  # UTC
DTSTAMP = Prop("DTSTAMP", "DATE-TIME")  # UTC: updated, else the feed's stamp
STATUS = Prop("STATUS", "TEXT")  # CANCELLED: an event the data no longer has (see _previous)
RECURRENCE_ID = Prop("RECURRENCE-ID", "DATE-TIME")
"""On an override's VEVENT: the start the rule gives the occurrence it changes (``_overrides``)."""

EVENT_PROPERTIES: dict[str, tuple[Prop, ...]] = {
    "id": (UID, EVENT_ID),
    "title": (SUMMARY,),
    "time": (DTSTART, DTEND, DUE, DURATION, EDTF, END_ZONE),
    "description": (DESCRIPTION,),
    "location": (LOCATION, GEO),
    "categories": (CATEGORIES,),
    "participants": (PARTICIPANT,),
    "source": (SOURCE,),
    "url": (URL, URL_TEXT),
    "inferred": (INFERRED,),
    "recurrence": (RRULE,),
    "revision": (SEQUENCE,),
    "updated": (LAST_MODIFIED,),
    "organizer": (Prop("ORGANIZER", "CAL-ADDRESS"),),
    "attendees": (Prop("ATTENDEE", "CAL-ADDRESS", many=True),),
    "alarms": (),  # VALARM components (see _people)
    "attachments": (Prop("ATTACH", "URI", many=True),),
    "status": (STATUS,),
    "transparency": (Prop("TRANSP", "TEXT"),),
    "classification": (Prop("CLASS", "TEXT"),),
    "priority": (Prop("PRIORITY", "INTEGER"),),
    "color": (Prop("COLOR", "TEXT"),),
    "image": (Prop("IMAGE", "URI"),),
    "conference": (Prop("CONFERENCE", "URI", many=True),),
    "created": (Prop("CREATED", "DATE-TIME"),),
    "uid": (UID,),
    "extras": (),  # any other property, written as it came (see KNOWN)
    "kind": (),  # the component itself: VEVENT, VTODO or VJOURNAL (see _kinds)
    "overrides": (RECURRENCE_ID,),  # a VEVENT each, after the event's (see _overrides)
}
"""Each attribute of an event and the properties that carry it.

``url`` is carried by one or the other: URL, or X-BRI-URL where a URI value
cannot carry it (:func:`~._values.fits_uri`); the reader takes the first it
finds. Besides these, a VEVENT has DTSTAMP (the event's ``updated``, else the
feed's stamp, :func:`~._calendar.feed_stamp`). The people, alarms, links and
status are written and read by :mod:`._people`, with the parameters of each.
"""

KNOWN = frozenset(
    {prop.name for props in EVENT_PROPERTIES.values() for prop in props}
    | {DTSTAMP.name, "RDATE", "EXDATE", "X-BRI-REMOVED"}
)
"""The properties of a VEVENT that the mapping reads and writes itself: any other is an
event's :class:`~bri_timeline.model.extras.Extra`."""


_BY_NAME = itemgetter(0)


def exact_in_ical(value: datetime) -> bool:
    """Whether a DTSTART/DTEND in its own zone names exactly this datetime.

    Not so for fractions of a second, nor for the second pass of a repeated hour
    (RFC 5545 reads a local time there as the first pass).
    """
    if value.microsecond:
        return False
    return not (value.fold and value.replace(fold=0).utcoffset() != value.utcoffset())


def zone_of(value: datetime) -> ZoneInfo | None:
    """The zone whose TZID a datetime is written with, or None when it is written in UTC.

    UTC itself is written with ``Z`` (icalendar drops ``TZID=UTC``), and so is the
    second pass of a repeated hour, which a local time cannot name.
    """
    tz = value.tzinfo
    if not isinstance(tz, ZoneInfo) or tz.key == "UTC":
        return None
    if value.fold and not exact_in_ical(value.replace(microsecond=0)):
        return None
    return tz


@attrs.frozen
class Placement:
    """Where a time goes in a VEVENT.

    Attributes:
        start: The DTSTART value: a day (``VALUE=DATE``), an aware datetime, or a naive
            one (floating).
        end: The DTEND value, a DURATION (a timedelta, when the day after the end
            does not exist), or None for no DTEND.
        edtf: The ``X-BRI-EDTF`` text, for times that DTSTART and DTEND cannot state.
        end_zone: The ``X-BRI-END-TZID`` of an instant whose end is in another zone.
    """

    start: date | datetime
    end: date | datetime | timedelta | None
    edtf: str | None = None
    end_zone: str | None = None


def _zone_id(value: datetime) -> str:
    tz = value.tzinfo
    return tz.key if isinstance(tz, ZoneInfo) else "Z"


def _period(start: date, last: date, edtf: str | None) -> Placement:
    if last == date.max:
        return Placement(start, last - start + timedelta(days=1), edtf)
    return Placement(start, last + timedelta(days=1), edtf)


def placement(time: Time) -> Placement:
    """The rule of where each kind of time goes (see ``docs/ical.md``).

    * a timed span: DTSTART and DTEND, in their zones; an instant has no DTEND.
    * a floating span: DTSTART and DTEND as wall times, with neither TZID nor Z.
    * whole days: ``VALUE=DATE`` with the exclusive DTEND.
    * a partial date: the whole period as days, and its EDTF.
    * an open end: its start as the time it names (a day, a datetime, or the
      period of a partial date), no end, and its EDTF (``2009/..``).

    >>> from bri_timeline.model.times import OpenEnded
    >>> placement(OpenEnded(PartialDate.of_year(2009)))
    Placement(start=datetime.date(2009, 1, 1), end=datetime.date(2010, 1, 1), edtf='2009/..', ...)
    """
    if isinstance(time, TimeSpan):
        exact = exact_in_ical(time.start) and exact_in_ical(time.end)
        edtf = None if exact else to_edtf(time)
        if not time.is_instant:
            return Placement(time.start, time.end, edtf)
        end_zone = _zone_id(time.end)
        return Placement(
            time.start, None, edtf, None if end_zone == _zone_id(time.start) else end_zone
        )
    if isinstance(time, FloatingSpan):  # wall times, neither TZID nor Z
        exact = not (time.start.microsecond or time.end.microsecond)
        end = None if time.is_instant else time.end
        return Placement(time.start, end, None if exact else to_edtf(time))
    if isinstance(time, AllDay):
        return _period(time.first, time.last, None)
    if isinstance(time, PartialDate):
        return _period(time.first_day, time.last_day, to_edtf(time))
    if isinstance(time, Vague):
        return _vague(time)
    start = time.start
    edtf = to_edtf(time)
    if isinstance(start, datetime):
        return Placement(start, None, edtf)
    if isinstance(start, PartialDate):
        return _period(start.first_day, start.last_day, edtf)
    return Placement(start, None, edtf)


def _vague(time: Vague) -> Placement:
    """A vague time: the days of its widest span, cut to what a DATE holds, and its EDTF.

    An open or unknown end has no DTEND (as an open end); an open or unknown start
    begins on 0001-01-01. A span wholly outside the years 1 to 9999 has no place.
    """
    start, end = time._start, time._end
    if not time.in_ical_reach:
        raise FeedError(
            "time",
            "lies beyond the years 1 to 9999 that iCalendar can carry: "
            "leave the event out of the feed or give it a time within them",
            time,
        )
    first = _key_day(max(start, 0))
    if end == OPEN_END:
        return Placement(first, None, time.edtf)
    return _period(first, _key_day(end - 1), time.edtf)


def _key_day(key: int) -> date:
    return date.fromordinal(key // US_PER_DAY + 1)


def _day_text(value: date) -> str:
    return f"{value.year:04d}{value.month:02d}{value.day:02d}"


def point_item(prop: Prop, value: date | datetime) -> Item:
    """DTSTART or DTEND: a day, a UTC time, or a local time with its TZID.

    >>> point_item(DTSTART, datetime(2024, 11, 14, 9, 30, tzinfo=ZoneInfo("America/Lima")))
    ('DTSTART', (('TZID', 'America/Lima'),), '20241114T093000')
    """
    if not isinstance(value, datetime):
        return prop.name, (("VALUE", "DATE"),), _day_text(value)
    zone = zone_of(value)
    tz = value.tzinfo
    if zone is None and tz is not None:
        return prop.name, ((X_TZID, tz.key),) if isinstance(tz, ZoneInfo) else (), utc_stamp(value)
    time = f"{value.hour:02d}{value.minute:02d}{value.second:02d}"
    # A local time with its TZID, or a floating one (naive) with neither TZID nor Z.
    params = () if zone is None else (("TZID", zone.key),)
    return prop.name, params, f"{_day_text(value)}T{time}"


def event_items(event: Event) -> tuple[list[Item], list[Item]]:
    """An event's properties but UID, DTSTAMP and SEQUENCE, in the order a VEVENT lists them.

    RFC 5545 sets no order; this is icalendar's (SUMMARY, DTSTART, DTEND,
    DURATION, DTSTAMP, UID, SEQUENCE, RRULE, RDATE, EXDATE, then the others by name, a repeated
    one in the order given), so that the direct writer writes the items as they
    come and gives the bytes of the reference engine, whose VEVENT icalendar sorts.

    Returns:
        The properties that come before DTSTAMP, and those that come after SEQUENCE.
    """
    try:
        where = placement(event.time)
    except FeedError as error:
        raise FeedError(f"event {event.id!r}: {error.field}", error.rule, error.value) from None
    head = [SUMMARY.item(event.title), point_item(DTSTART, where.start)]
    end: Prop | None = DTEND
    if event.kind is not EventKind.EVENT:  # DUE, or no end (see _kinds)
        from bri_timeline.formats.ical._kinds import end_prop  # it builds on this module

        end = end_prop(event.kind)
    if end is None:
        pass
    elif isinstance(where.end, timedelta):
        head.append(DURATION.item(duration_text(where.end)))
    elif where.end is not None:
        head.append(point_item(end, where.end))
    tail = _other_items(event)
    if where.edtf is not None:
        tail.append(EDTF.item(where.edtf))
    if where.end_zone is not None:
        tail.append(END_ZONE.item(where.end_zone))
    tail.sort(key=_BY_NAME)  # stable: a repeated property keeps its order
    if event.recurrence is not None:
        from bri_timeline.formats.ical._rules import rule_items  # it builds on this module

        tail[0:0] = rule_items(event)
    return head, tail


def _other_items(event: Event) -> list[Item]:
    """The properties of the attributes but the title and the time, in no order."""
    tail = people_items(event)
    if description := compose_description(event):
        tail.append(DESCRIPTION.item(description))
    if (location := event.location) is not None:
        tail.append(LOCATION.item(location.name))
        if location.latitude is not None and location.longitude is not None:
            latitude, longitude = decimal_text(location.latitude), decimal_text(location.longitude)
            tail.append(GEO.item(f"{latitude};{longitude}"))
    if event.categories:
        tail.append((CATEGORIES.name, (), ",".join(map(escape_text, event.categories))))
    if event.participants:
        tail.extend(PARTICIPANT.item(encode_participant(one)) for one in event.participants)
    if event.source is not None:
        tail.append(SOURCE.item(encode_source(event.source)))
    if event.url is not None:
        tail.append((URL if fits_uri(event.url) else URL_TEXT).item(event.url))
    if event.inferred:
        tail.extend(INFERRED.item(encode_inference(note)) for note in event.inferred)
    if event.updated is not None:
        tail.append(LAST_MODIFIED.item(utc_stamp(event.updated)))
    if event.uid is not None:  # the UID no longer gives the id: say it
        tail.append(EVENT_ID.item(event.id))
    tail.extend(_extra_items(event))
    return tail


def _extra_items(event: Event) -> list[Item]:
    """The event's extras, none of which the feed may write itself for its kind."""
    known = KNOWN
    if event.kind is not EventKind.EVENT:
        from bri_timeline.formats.ical._kinds import known_for  # it builds on this module

        known = known_for(event.kind)
    found: list[Item] = []
    for extra in event.extras:
        if extra.name in known:
            raise FeedError(
                f"event {event.id!r}: extras",
                f"must not hold {extra.name}, which the feed writes itself",
                extra.value,
            )
        found.append((extra.name, extra.params, extra.value))
    return found
