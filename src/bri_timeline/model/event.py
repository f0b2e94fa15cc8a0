"""The event: what happened, when, where, who took part, and the source that says so.

Over 400 lines: the Event class and the converter of each of its fields, which check what
they are given at construction, belong together.

>>> from datetime import date
>>> from bri_timeline.model.times import AllDay
>>> apec = Event("apec-2024", "APEC summit", AllDay(date(2024, 11, 13), date(2024, 11, 15)))
>>> chancay = Event("chancay", "Chancay Port inaugurated", AllDay(date(2024, 11, 14)))
>>> sorted([chancay, apec]) == [apec, chancay]
True
>>> attrs.evolve(apec, title="APEC Leaders' Week").title
"APEC Leaders' Week"
"""

from __future__ import annotations

import enum
import math
import re
from collections.abc import Iterable
from datetime import datetime
from operator import attrgetter
from typing import TypeVar

import attrs

from bri_timeline.errors import InvalidEvent
from bri_timeline.model._tokens import optional_uri, token_of
from bri_timeline.model.alarms import Alarm, Attachment, Conference
from bri_timeline.model.extras import Extra
from bri_timeline.model.floating import FloatingSpan
from bri_timeline.model.keys import instant_key
from bri_timeline.model.kinds import EventKind, check_kind
from bri_timeline.model.overrides import Override, occurrence_id
from bri_timeline.model.people import Attendee, Organizer
from bri_timeline.model.rrule import MAX_REVISION, Frequency, Recurrence, check_fits
from bri_timeline.model.status import (
    Classification,
    EventStatus,
    Transparency,
    check_color,
    check_priority,
)
from bri_timeline.model.text import check_text, optional_text, set_built
from bri_timeline.model.times import AllDay, Time, TimeSpan, check_time, in_utc

__all__ = [
    "MAX_REVISION",
    "Event",
    "Frequency",
    "Inference",
    "Location",
    "Participant",
    "Recurrence",
    "Source",
]

_T = TypeVar("_T")
_E = TypeVar("_E", bound=enum.Enum)
_ORDER_BIAS = 1 << 62  # makes every span start (from year 1, any offset) non-negative
_ID = re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9._@+-]{0,254})")


def _coordinate(field: str, limit: float, value: object) -> float | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise InvalidEvent(field, "must be a number", value)
    number = float(value) if isinstance(value, float) or -1e9 < value < 1e9 else math.inf
    if not math.isfinite(number) or not -limit <= number <= limit:
        raise InvalidEvent(field, f"must be a number from -{limit:g} to {limit:g}", value)
    return number + 0.0  # -0.0 becomes 0.0, so that equal values print alike


@attrs.frozen
class Location:
    """Where an event takes place: a name, and optionally its coordinates (WGS 84).

    >>> Location("Lima", latitude=-12.05, longitude=-77.04).has_coordinates
    True
    >>> Location("Lima", latitude=-12.05)
    Traceback (most recent call last):
    ...
    bri_timeline.errors.InvalidEvent: longitude: must be given with latitude (got None)
    """

    name: str
    latitude: float | None = attrs.field(default=None, kw_only=True)
    longitude: float | None = attrs.field(default=None, kw_only=True)

    def __attrs_post_init__(self) -> None:
        set_built(self, "name", check_text("location.name", self.name, required=True))
        set_built(self, "latitude", _coordinate("latitude", 90, self.latitude))
        set_built(self, "longitude", _coordinate("longitude", 180, self.longitude))
        if (self.latitude is None) != (self.longitude is None):
            missing = "longitude" if self.longitude is None else "latitude"
            other = "latitude" if missing == "longitude" else "longitude"
            raise InvalidEvent(missing, f"must be given with {other}", None)

    @property
    def has_coordinates(self) -> bool:
        """True when latitude and longitude are known."""
        return self.latitude is not None


@attrs.frozen
class Participant:
    """A person or an organization taking part, with their role where the source gives it.

    >>> Participant("Jorge Chain", role="general manager",
    ...             organization="Peru-China Chamber of Commerce").role
    'general manager'
    """

    name: str
    role: str | None = attrs.field(default=None, kw_only=True)
    organization: str | None = attrs.field(default=None, kw_only=True)

    def __attrs_post_init__(self) -> None:
        set_built(self, "name", check_text("participant.name", self.name, required=True))
        set_built(self, "role", optional_text("participant.role", self.role))
        set_built(
            self, "organization", optional_text("participant.organization", self.organization)
        )


@attrs.frozen
class Source:
    """Where a fact comes from: the quoted words, the document and the place in it.

    >>> Source("in place since 2009", document="News article", locator="paragraph 7").locator
    'paragraph 7'
    """

    quote: str
    document: str | None = attrs.field(default=None, kw_only=True)
    locator: str | None = attrs.field(default=None, kw_only=True)
    url: str | None = attrs.field(default=None, kw_only=True)

    def __attrs_post_init__(self) -> None:
        set_built(self, "quote", check_text("source.quote", self.quote, required=True))
        for name in ("document", "locator", "url"):
            set_built(self, name, optional_text(f"source.{name}", getattr(self, name)))


@attrs.frozen
class Inference:
    """A note that a part of an event was inferred rather than read in the source, and why.

    >>> Inference("time", "the article never writes the year").field
    'time'
    """

    field: str
    reason: str

    def __attrs_post_init__(self) -> None:
        set_built(self, "field", check_text("inferred.field", self.field, required=True))
        set_built(self, "reason", check_text("inferred.reason", self.reason, required=True))


def _event_id(value: object) -> str:
    if not isinstance(value, str) or not _ID.fullmatch(value):
        raise InvalidEvent(
            "id",
            "must be 1 to 255 letters, digits or . _ @ + -, starting with a letter or digit",
            value,
        )
    return value


def _time(value: object) -> Time:
    return check_time("time", value, InvalidEvent)


def _tuple_of(field: str, kind: type[_T], values: object) -> tuple[_T, ...]:
    if values.__class__ is tuple and isinstance(values, tuple):  # the usual: kept as it is
        if not values:
            return ()  # the default of every such field: nothing to check
        items = values
    elif isinstance(values, str) or not isinstance(values, Iterable):
        raise InvalidEvent(field, f"must be a sequence of {kind.__name__}", values)
    else:
        items = tuple(values)
    for item in items:
        if not isinstance(item, kind):
            raise InvalidEvent(field, f"must hold only {kind.__name__} values", item)
    return items


def _participants(values: Iterable[Participant]) -> tuple[Participant, ...]:
    return _tuple_of("participants", Participant, values)


def _inferred(values: Iterable[Inference]) -> tuple[Inference, ...]:
    return _tuple_of("inferred", Inference, values)


def _categories(values: Iterable[str]) -> tuple[str, ...]:
    items = _tuple_of("categories", str, values)
    cleaned = tuple(check_text("categories", item, required=True) for item in items)
    if len(set(cleaned)) != len(cleaned):
        raise InvalidEvent("categories", "must not repeat a category", values)
    return cleaned


def _instance_or_none(field: str, kind: type[_T], value: object) -> _T | None:
    if value is not None and not isinstance(value, kind):
        raise InvalidEvent(field, f"must be a {kind.__name__} or None", value)
    return value


def _revision(value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= MAX_REVISION:
        raise InvalidEvent("revision", f"must be an int from 0 to {MAX_REVISION}", value)
    return value


def _updated_eq(value: datetime | None) -> int | None:
    return None if value is None else instant_key(value)


def _updated(value: object) -> datetime | None:
    return None if value is None else in_utc("updated", value, InvalidEvent)


def _created(value: object) -> datetime | None:
    return None if value is None else in_utc("created", value, InvalidEvent)


def _attendees(values: Iterable[Attendee]) -> tuple[Attendee, ...]:
    return _tuple_of("attendees", Attendee, values)


def _alarms(values: Iterable[Alarm]) -> tuple[Alarm, ...]:
    return _tuple_of("alarms", Alarm, values)


def _attachments(values: Iterable[Attachment]) -> tuple[Attachment, ...]:
    return _tuple_of("attachments", Attachment, values)


def _conference(values: Iterable[Conference]) -> tuple[Conference, ...]:
    return _tuple_of("conference", Conference, values)


def _extras(values: Iterable[Extra]) -> tuple[Extra, ...]:
    # In name order, as a calendar writes them (a repeated name keeps the order given).
    items = _tuple_of("extras", Extra, values)
    return tuple(sorted(items, key=attrgetter("name"))) if len(items) > 1 else items


def _overrides(values: Iterable[Override]) -> tuple[Override, ...]:
    # In order of the occurrence each one changes, as a calendar writes them.
    items = _tuple_of("overrides", Override, values)
    return tuple(sorted(items, key=attrgetter("key"))) if len(items) > 1 else items


def _check_overrides(event: Event) -> None:
    """Each override changes one occurrence of this series, and is that occurrence."""
    if event.recurrence is None:
        raise InvalidEvent("overrides", "only a repeating event has overrides", event.overrides)
    if isinstance(event.time, FloatingSpan):
        raise InvalidEvent(
            "overrides", "a floating series takes no overrides (not supported yet)", event.id
        )
    all_day = isinstance(event.time, AllDay)
    seen: set[int] = set()
    for override in event.overrides:
        original, changed = override.original, override.event
        if all_day == isinstance(original, datetime):
            kind = "a date" if all_day else "an aware datetime"
            raise InvalidEvent(
                "overrides.original", f"must be {kind}, as the event's start", original
            )
        if override.key in seen:
            raise InvalidEvent(
                "overrides.original", "must not change one occurrence twice", original
            )
        seen.add(override.key)
        if not isinstance(changed, Event):
            raise InvalidEvent("overrides.event", "must be an Event", changed)
        if not isinstance(changed.time, TimeSpan | AllDay):
            raise InvalidEvent("overrides.event.time", "must be a TimeSpan or AllDay", changed.time)
        if changed.recurrence is not None or changed.overrides:
            raise InvalidEvent("overrides.event", "is one occurrence: it cannot repeat", changed.id)
        wanted = occurrence_id(event.id, original)
        if changed.id != wanted:
            raise InvalidEvent("overrides.event.id", f"must be {wanted!r}", changed.id)
        if changed.uid != event.uid:
            raise InvalidEvent("overrides.event.uid", "must be the series' uid", changed.uid)
        if changed.kind is not event.kind:
            raise InvalidEvent("overrides.event.kind", "must be the series' kind", changed.kind)


def _calendar_fields(event: Event) -> None:
    """Check the fields of how a calendar shows the event (see ``model.status``)."""
    if (
        event.organizer is None
        and event.status is None
        and (
            event.transparency is Transparency.TRANSPARENT
            or event.transparency is Transparency.OPAQUE
        )
        and event.classification is None
        and event.priority.__class__ is int
        and event.priority == 0
        and event.color is None
        and event.image is None
        and event.created is None
        and event.uid is None
    ):
        return  # the common case: every field at its default
    _instance_or_none("organizer", Organizer, event.organizer)
    if event.status is not None:
        set_built(event, "status", _enum("status", EventStatus, event.status))
    set_built(event, "transparency", _enum("transparency", Transparency, event.transparency))
    if event.classification is not None:
        set_built(
            event,
            "classification",
            token_of("classification", Classification, event.classification),
        )
    set_built(event, "priority", check_priority(event.priority))
    set_built(event, "color", check_color(event.color))
    set_built(event, "image", optional_uri("image", event.image))
    set_built(event, "created", _created(event.created))
    if event.uid is not None:
        set_built(event, "uid", check_text("uid", event.uid, required=True))
        if "\n" in event.uid:
            raise InvalidEvent("uid", "must be one line", event.uid)


def _enum(field: str, kind: type[_E], value: object) -> _E:
    if isinstance(value, kind):
        return value
    try:
        return kind(value.upper() if isinstance(value, str) else value)
    except ValueError:
        choices = ", ".join(str(member.value) for member in kind)
        raise InvalidEvent(field, f"must be a {kind.__name__} ({choices})", value) from None


@attrs.frozen(order=False)
class Event:
    """A dated event.

    Events are immutable and hashable; two events with equal fields are equal.
    Change one with :func:`attrs.evolve`.

    Events have one total order, :attr:`sort_key`: by the start of their span
    (the earliest time they may begin), then its end (an open end after every
    closed one), then id; events that tie on all three (only different events
    sharing an id) are ordered by their ``repr``. The order is the same on every
    machine and in every local time zone, and consistent with ``==``.

    Args:
        id: A stable identifier (a slug such as ``"chancay-port-inauguration"``).
        title: A one-line title.
        time: When it happens.
        description: Free text.
        location: Where it happens.
        categories: Tags, in the order given, without repeats.
        participants: The people and organizations taking part.
        source: The quote that attests the event, and where it stands.
        url: A page about the event.
        inferred: Notes on each part of the event that was inferred, and why.
        recurrence: A repeat rule, for timed, floating and all-day events.
        revision: Counts the changes made to the event (iCalendar SEQUENCE), from 0
            to :data:`MAX_REVISION`.
        updated: When the event's record last changed (iCalendar LAST-MODIFIED).
        organizer: Who organizes it (:class:`~bri_timeline.model.people.Organizer`).
        attendees: The calendar users invited, as calendars list them
            (:class:`~bri_timeline.model.people.Attendee`); ``participants`` are
            the parties the source names, in its words.
        alarms: Reminders (:class:`~bri_timeline.model.alarms.Alarm`).
        attachments: Documents attached (:class:`~bri_timeline.model.alarms.Attachment`).
        status: Tentative, confirmed or cancelled (for a to-do or a journal entry,
            the statuses of its kind), or None when not said.
        transparency: Whether it takes up time in a schedule: TRANSPARENT (the
            default: a dated fact, not a busy hour) or OPAQUE (an EVENT only).
        classification: Who may see it (PUBLIC, PRIVATE, CONFIDENTIAL or a token).
        priority: 1 (highest) to 9 (lowest), 0 for undefined.
        color: A CSS3 colour name (RFC 7986), in lower case.
        image: The URI of a picture of the event (RFC 7986).
        conference: Ways to join it from afar (RFC 7986).
        created: When the event's record was created (iCalendar CREATED).
        uid: The iCalendar UID the event came with, kept so that an export
            gives it back and a calendar that has the event sees it again, not a
            copy; None (the default) for the feed's own, ``f"{id}@{domain}"``.
        extras: What another calendar said of the event that no field here holds
            (:class:`~bri_timeline.model.extras.Extra`), kept as it came so that
            an export writes it back.
        kind: Which iCalendar component it is (:class:`~bri_timeline.model.kinds.EventKind`):
            EVENT (the default), TODO or JOURNAL; each kind holds only what its
            component can (see :mod:`bri_timeline.model.kinds`).
        overrides: The occurrences of a repeating event that were changed or
            cancelled, each as it now is (:class:`~bri_timeline.model.overrides.Override`,
            RFC 5545 RECURRENCE-ID); build them with
            :func:`~bri_timeline.model.overriding.override_occurrence`.
    """

    id: str
    title: str
    time: Time
    description: str = attrs.field(default="", kw_only=True)
    location: Location | None = attrs.field(default=None, kw_only=True)
    categories: tuple[str, ...] = attrs.field(default=(), kw_only=True, converter=_categories)
    participants: tuple[Participant, ...] = attrs.field(
        default=(), kw_only=True, converter=_participants
    )
    source: Source | None = attrs.field(default=None, kw_only=True)
    url: str | None = attrs.field(default=None, kw_only=True)
    inferred: tuple[Inference, ...] = attrs.field(default=(), kw_only=True, converter=_inferred)
    recurrence: Recurrence | None = attrs.field(default=None, kw_only=True)
    revision: int = attrs.field(default=0, kw_only=True)
    updated: datetime | None = attrs.field(default=None, kw_only=True, eq=_updated_eq)
    organizer: Organizer | None = attrs.field(default=None, kw_only=True)
    attendees: tuple[Attendee, ...] = attrs.field(default=(), kw_only=True, converter=_attendees)
    alarms: tuple[Alarm, ...] = attrs.field(default=(), kw_only=True, converter=_alarms)
    attachments: tuple[Attachment, ...] = attrs.field(
        default=(), kw_only=True, converter=_attachments
    )
    status: EventStatus | None = attrs.field(default=None, kw_only=True)
    transparency: Transparency = attrs.field(default=Transparency.TRANSPARENT, kw_only=True)
    classification: Classification | str | None = attrs.field(default=None, kw_only=True)
    priority: int = attrs.field(default=0, kw_only=True)
    color: str | None = attrs.field(default=None, kw_only=True)
    image: str | None = attrs.field(default=None, kw_only=True)
    conference: tuple[Conference, ...] = attrs.field(
        default=(), kw_only=True, converter=_conference
    )
    created: datetime | None = attrs.field(default=None, kw_only=True, eq=_updated_eq)
    uid: str | None = attrs.field(default=None, kw_only=True)
    extras: tuple[Extra, ...] = attrs.field(default=(), kw_only=True, converter=_extras)
    kind: EventKind = attrs.field(default=EventKind.EVENT, kw_only=True)
    overrides: tuple[Override, ...] = attrs.field(default=(), kw_only=True, converter=_overrides)
    _start: int = attrs.field(init=False, repr=False, eq=False)
    _end: int = attrs.field(init=False, repr=False, eq=False)
    _order: int = attrs.field(init=False, repr=False, eq=False)

    def __attrs_post_init__(self) -> None:
        set_built(self, "id", _event_id(self.id))
        set_built(self, "title", check_text("title", self.title, required=True))
        set_built(self, "time", _time(self.time))
        set_built(self, "description", check_text("description", self.description))
        _instance_or_none("location", Location, self.location)
        _instance_or_none("source", Source, self.source)
        set_built(self, "url", optional_text("url", self.url))
        _instance_or_none("recurrence", Recurrence, self.recurrence)
        set_built(self, "revision", _revision(self.revision))
        set_built(self, "updated", _updated(self.updated))
        _calendar_fields(self)
        if self.kind is not EventKind.EVENT or self.status is not None:
            set_built(self, "kind", _enum("kind", EventKind, self.kind))
            check_kind(self)
        if self.recurrence is not None and not isinstance(
            self.time, TimeSpan | AllDay | FloatingSpan
        ):
            raise InvalidEvent(
                "recurrence", "only timed, floating and all-day events can repeat", self.recurrence
            )
        if self.recurrence is not None:
            check_fits(self.recurrence, self.time)
        if self.overrides:
            _check_overrides(self)
        start, end = self.time._start, self.time._end
        set_built(self, "_start", start)
        set_built(self, "_end", end)
        # (start, end) as one int, so that sorting compares one number (see Timeline).
        set_built(self, "_order", ((start + _ORDER_BIAS) << 64) | (end - start))
        hash(self.id)  # a str caches its hash: a Timeline's check for unique ids is then cheap

    @property
    def sort_key(self) -> tuple[int, int, str]:
        """The key of the total order: span start, span end (microseconds), id."""
        return self._start, self._end, self.id

    def __lt__(self, other: object) -> bool:
        if not isinstance(other, Event):
            return NotImplemented
        if self.sort_key != other.sort_key:
            return self.sort_key < other.sort_key
        return self != other and repr(self) < repr(other)

    def __le__(self, other: object) -> bool:
        if not isinstance(other, Event):
            return NotImplemented
        return self == other or self < other

    def __gt__(self, other: object) -> bool:
        if not isinstance(other, Event):
            return NotImplemented
        return other < self

    def __ge__(self, other: object) -> bool:
        if not isinstance(other, Event):
            return NotImplemented
        return self == other or other < self
