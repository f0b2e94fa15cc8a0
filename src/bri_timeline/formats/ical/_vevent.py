"""One VEVENT read back as an Event: the reader's side of :func:`~._mapping.event_items`.

A VTODO or a VJOURNAL is read alike, as an event of its kind (see ``_kinds``).

Part of :mod:`bri_timeline.formats.ical.read`. Each attribute is read from the
properties that :data:`~._mapping.EVENT_PROPERTIES` says carry it; another
calendar's events, which lack our ``X-BRI-*`` properties, are read as well as
they can be (any UID as an id). The people, alarms, links and status are read by
:mod:`._read_people`.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable
from datetime import datetime
from typing import TypeVar

from icalendar import Component

from bri_timeline.formats.ical._kinds import kind_of, known_for, of_kind
from bri_timeline.formats.ical._mapping import (
    CATEGORIES,
    DESCRIPTION,
    EVENT_ID,
    EVENT_PROPERTIES,
    GEO,
    INFERRED,
    LAST_MODIFIED,
    LOCATION,
    PARTICIPANT,
    SEQUENCE,
    SOURCE,
    SUMMARY,
    Prop,
)
from bri_timeline.formats.ical._properties import (
    Reader,
    all_of,
    first_value,
    one,
    text_of,
    value_of,
)
from bri_timeline.formats.ical._read_extras import read_extras
from bri_timeline.formats.ical._read_people import read_people
from bri_timeline.formats.ical._repairs import utc_stamp
from bri_timeline.formats.ical._values import (
    decode_inference,
    decode_participant,
    decode_source,
    description_tail,
    split_description,
)
from bri_timeline.model.event import Event, Location, Participant, Recurrence
from bri_timeline.model.kinds import EventKind
from bri_timeline.model.times import Time

__all__ = ["UNTITLED", "id_from_uid", "identity", "last_modified", "read_event"]

_T = TypeVar("_T")

_VALID_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._@+-]{0,254}")
_SLUG = re.compile(r"[^A-Za-z0-9._@+-]+")
UNTITLED = "(untitled)"


def id_from_uid(uid: str, domain: str) -> str:
    """The event id for a UID: ours without the domain, a valid id as it is, else a slug + hash.

    >>> id_from_uid("apec@example.org", "example.org"), id_from_uid("a b", "example.org")
    ('apec', 'a-b-c8687a08aa')
    """
    suffix = "@" + domain
    if uid.endswith(suffix) and _VALID_ID.fullmatch(uid[: -len(suffix)]):
        return uid[: -len(suffix)]
    if _VALID_ID.fullmatch(uid):
        return uid
    digest = hashlib.sha256(uid.encode("utf-8")).hexdigest()[:10]
    slug = _SLUG.sub("-", uid).strip("-._@+")[:60].rstrip("-._@+")
    return f"{slug}-{digest}" if slug else f"event-{digest}"


def identity(reader: Reader, component: Component, uid: str, domain: str) -> tuple[str, str | None]:
    """A VEVENT's event id, and the UID the event keeps (None: the one its id gives).

    ``X-BRI-ID`` (written beside a kept UID) gives the id and the UID is kept as it
    is; otherwise the id is :func:`id_from_uid`'s, and a UID other than
    ``f"{id}@{domain}"`` is kept, so that an export writes it again.
    """
    written = value_of(reader, component, EVENT_ID)
    if written is not None:
        return written, uid
    event_id = id_from_uid(uid, domain)
    return event_id, None if f"{event_id}@{domain}" == uid else uid


def _location(reader: Reader, component: Component) -> Location | None:
    name = value_of(reader, component, LOCATION)
    if name is None or not name.strip():
        return None
    geo = one(reader, component, GEO.name)
    if geo is None:
        return reader.guard(LOCATION.name, lambda: Location(name))
    return reader.guard(
        GEO.name, lambda: Location(name, latitude=geo.latitude, longitude=geo.longitude), geo
    )


def _categories(component: Component) -> tuple[str, ...]:
    names: dict[str, None] = {}
    for prop in all_of(component, CATEGORIES.name):
        for name in getattr(prop, "cats", [prop]):
            text = text_of(name).replace("\r\n", "\n").replace("\r", "\n")
            if text.strip():
                names.setdefault(text)
    return tuple(names)


def _decoded(
    reader: Reader, component: Component, prop: Prop, decode: Callable[[str], _T]
) -> list[_T]:
    """The values of a JSON property, decoded; an error if it repeats and may not."""
    found = []
    for value in all_of(component, prop.name):
        text = text_of(value)
        found.append(reader.guard(prop.name, lambda text=text: decode(text), text))  # type: ignore[misc]
    if len(found) > 1 and not prop.many:
        raise reader.error("must appear once", prop.name)
    return found


def _participants(reader: Reader, component: Component) -> list[Participant]:
    # Another calendar's attendees are attendees (see _people), not participants.
    return _decoded(reader, component, PARTICIPANT, decode_participant)


def last_modified(reader: Reader, component: Component) -> datetime | None:
    """LAST-MODIFIED, in UTC, or None (one not in UTC is a repair: see ``_repairs``)."""
    return utc_stamp(reader, component, LAST_MODIFIED.name)


def read_event(
    reader: Reader,
    component: Component,
    event_id: str,
    when: Time,
    recurrence: Recurrence | None,
    *,
    uid: str | None = None,
) -> Event:
    """The event a VEVENT holds, given its id, time and recurrence (read by the caller).

    ``uid`` is the UID to keep on the event: the file's, where it is not the one
    the id gives back (:func:`~._mapping.event_uid`).
    """
    title = value_of(reader, component, SUMMARY) or ""
    participants = _participants(reader, component)
    sources = _decoded(reader, component, SOURCE, decode_source)
    source = sources[0] if sources else None
    inferred = _decoded(reader, component, INFERRED, decode_inference)
    text = value_of(reader, component, DESCRIPTION) or ""
    tail = description_tail(when, tuple(participants), source, tuple(inferred))
    url = first_value(reader, component, EVENT_PROPERTIES["url"])
    sequence = one(reader, component, SEQUENCE.name)
    updated = last_modified(reader, component)
    kind = kind_of(component)
    people = of_kind(kind, read_people(reader, component))
    return reader.guard(
        None,
        lambda: Event(
            event_id,
            title if title.strip() else UNTITLED,
            when,
            description=split_description(text.replace("\r\n", "\n").replace("\r", "\n"), tail),
            location=None if kind is EventKind.JOURNAL else _location(reader, component),
            categories=_categories(component),
            participants=participants,
            source=source,
            url=url,
            inferred=inferred,
            recurrence=recurrence,
            revision=0 if sequence is None else int(sequence),
            updated=updated,
            uid=uid,
            extras=read_extras(reader, component, known_for(kind)),
            kind=kind,
            **people,
        ),
    )
