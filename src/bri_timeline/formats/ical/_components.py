"""One event as a VEVENT: the mapping of every field (see ``docs/ical.md``).

Part of :mod:`bri_timeline.formats.ical.write`. Values are written as iCalendar wants them
(:class:`Raw`), TEXT with :func:`~bri_timeline.formats.ical._mapping.escape_text`.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from icalendar import Component
from icalendar import Event as VEvent
from icalendar.parser import Parameters

from bri_timeline.errors import FeedError
from bri_timeline.formats.ical._mapping import (
    X_EDTF,
    X_END_TZID,
    X_INFERRED,
    X_PARTICIPANT,
    X_SOURCE,
    X_TZID,
    X_UNTIL,
    X_URL,
    compose_description,
    encode_inference,
    encode_participant,
    encode_source,
    escape_text,
    exact_in_ical,
    placement,
    until_text,
)
from bri_timeline.model.event import Event, Recurrence
from bri_timeline.model.recurrence import end_of_day
from bri_timeline.model.times import AllDay, TimeSpan

__all__ = [
    "CONTROL",
    "MAX_SEQUENCE",
    "Raw",
    "add_raw",
    "check_sequence",
    "decimal_text",
    "event_component",
    "point_value",
    "rrule_value",
    "utc_stamp",
    "zone_of",
]

CONTROL = re.compile(r"[\x00-\x08\x0a-\x1f\x7f]")
"""What a URI value cannot hold (a tab can: it is written as it is)."""

MAX_SEQUENCE = 2**31 - 1
"""The largest SEQUENCE: an RFC 5545 INTEGER."""


class Raw:
    """A property value written as given: already escaped for its value type.

    Its ``to_ical`` gives text, not bytes: icalendar decodes a value's bytes as
    ``utf-8-sig``, which would drop a U+FEFF at the start of a value.
    """

    __slots__ = ("_text", "params")

    def __init__(self, text: str, params: dict[str, str] | None = None) -> None:
        self._text = text
        self.params = Parameters(params or {})

    def to_ical(self) -> str:
        """The value as written."""
        return self._text


def utc_stamp(value: datetime) -> str:
    """The iCalendar UTC date-time text of an aware datetime, e.g. ``20241114T050000Z``."""
    value = value.astimezone(UTC)
    day = f"{value.year:04d}{value.month:02d}{value.day:02d}"
    return f"{day}T{value.hour:02d}{value.minute:02d}{value.second:02d}Z"


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


def check_sequence(event: Event, sequence: int) -> int:
    """The SEQUENCE of an event, if it is one; FeedError if it is too large.

    >>> check_sequence(Event("e", "E", AllDay(date(2024, 1, 1))), 2**31)
    Traceback (most recent call last):
    ...
    bri_timeline.errors.FeedError: revision: must give event 'e' a SEQUENCE of at most ...
    """
    if sequence > MAX_SEQUENCE:
        raise FeedError(
            "revision",
            f"must give event {event.id!r} a SEQUENCE of at most {MAX_SEQUENCE}"
            " (an RFC 5545 INTEGER)",
            sequence,
        )
    return sequence


def point_value(value: date | datetime) -> tuple[str, dict[str, str] | None]:
    """A DTSTART/DTEND value and its parameters: a day, a UTC time, or a local time with its TZID.

    >>> from zoneinfo import ZoneInfo
    >>> point_value(datetime(2024, 11, 14, 9, 30, tzinfo=ZoneInfo("America/Lima")))
    ('20241114T093000', {'TZID': 'America/Lima'})
    """
    if not isinstance(value, datetime):
        return f"{value.year:04d}{value.month:02d}{value.day:02d}", {"VALUE": "DATE"}
    zone = zone_of(value)
    if zone is None:
        tz = value.tzinfo
        return utc_stamp(value), {X_TZID: tz.key} if isinstance(tz, ZoneInfo) else None
    day = f"{value.year:04d}{value.month:02d}{value.day:02d}"
    return f"{day}T{value.hour:02d}{value.minute:02d}{value.second:02d}", {"TZID": zone.key}


def _point(value: date | datetime) -> Raw:
    return Raw(*point_value(value))


def decimal_text(number: float) -> str:
    """A float as GEO's FLOAT wants it: no exponent, and it reads back as the same float.

    >>> decimal_text(1e-7), decimal_text(-77.0)
    ('0.0000001', '-77.0')
    """
    text = format(Decimal(repr(number)), "f")
    return text if "." in text else text + ".0"


def rrule_value(event: Event, recurrence: Recurrence) -> tuple[str, dict[str, str]]:
    """RRULE and its parameters; ``X-BRI-UNTIL`` keeps the model's ``until`` where UNTIL cannot."""
    parts = [f"FREQ={recurrence.frequency.value}"]
    if recurrence.interval != 1:
        parts.append(f"INTERVAL={recurrence.interval}")
    if recurrence.count is not None:
        parts.append(f"COUNT={recurrence.count}")
    params: dict[str, str] = {}
    until = recurrence.until
    if until is not None:
        # RFC 5545: UNTIL is a day when DTSTART is one, else a UTC time.
        if isinstance(event.time, AllDay):
            day = until.astimezone(UTC).date() if isinstance(until, datetime) else until
            parts.append(f"UNTIL={point_value(day)[0]}")
            exact = not isinstance(until, datetime)
        else:
            assert isinstance(event.time, TimeSpan)
            last = until if isinstance(until, datetime) else end_of_day(until, event.time.start)
            parts.append(f"UNTIL={utc_stamp(last)}")
            exact = isinstance(until, datetime) and not until.microsecond
        if not exact:
            params[X_UNTIL] = until_text(until)
    return ";".join(parts), params


def add_raw(
    component: Component, name: str, text: str, params: dict[str, str] | None = None
) -> None:
    """Add a property whose value is already written as iCalendar wants it."""
    component.add(name, Raw(text, params), encode=False)


def _add_time(component: Component, event: Event) -> None:
    where = placement(event.time)
    component.add("DTSTART", _point(where.start), encode=False)
    if isinstance(where.end, timedelta):
        component.add("DURATION", where.end)
    elif where.end is not None:
        component.add("DTEND", _point(where.end), encode=False)
    if where.edtf is not None:
        add_raw(component, X_EDTF, escape_text(where.edtf))
    if where.end_zone is not None:
        add_raw(component, X_END_TZID, escape_text(where.end_zone))
    if event.recurrence is not None:
        component.add("RRULE", Raw(*rrule_value(event, event.recurrence)), encode=False)


def _add_place_and_links(component: Component, event: Event) -> None:
    location = event.location
    if location is not None:
        add_raw(component, "LOCATION", escape_text(location.name))
        if location.latitude is not None and location.longitude is not None:
            add_raw(
                component,
                "GEO",
                f"{decimal_text(location.latitude)};{decimal_text(location.longitude)}",
            )
    if event.categories:
        add_raw(component, "CATEGORIES", ",".join(escape_text(name) for name in event.categories))
    if event.url is not None:
        # A backslash too: readers take "\n" in any value for an escape, and "\N" comes back "\n".
        if CONTROL.search(event.url) or "\\" in event.url:
            add_raw(component, X_URL, escape_text(event.url))
        else:
            add_raw(component, "URL", event.url)


def event_component(event: Event, *, uid: str, stamp: datetime, sequence: int) -> VEvent:
    """The VEVENT of an event (see the module docstring and docs/ical.md)."""
    component = VEvent()
    add_raw(component, "UID", escape_text(uid))
    add_raw(component, "DTSTAMP", utc_stamp(stamp))
    component.add("SEQUENCE", check_sequence(event, sequence))
    add_raw(component, "SUMMARY", escape_text(event.title))
    _add_time(component, event)
    if description := compose_description(event):
        add_raw(component, "DESCRIPTION", escape_text(description))
    _add_place_and_links(component, event)
    for person in event.participants:
        add_raw(component, X_PARTICIPANT, escape_text(encode_participant(person)))
    if event.source is not None:
        add_raw(component, X_SOURCE, escape_text(encode_source(event.source)))
    for note in event.inferred:
        add_raw(component, X_INFERRED, escape_text(encode_inference(note)))
    if event.updated is not None:
        add_raw(component, "LAST-MODIFIED", utc_stamp(event.updated))
    component.add("TRANSP", "TRANSPARENT")
    return component
