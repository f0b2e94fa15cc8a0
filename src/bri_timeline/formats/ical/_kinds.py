"""VEVENT, VTODO and VJOURNAL: which properties date each kind, and which it holds.

The writers and the reader share this table, as they share :mod:`._mapping`: an
event's :class:`~bri_timeline.model.kinds.EventKind` is its component, and

* a to-do (VTODO) is dated by DTSTART and DUE where an event has DTSTART and
  DTEND (DURATION as for an event). One with DUE alone is read as an instant (or
  a day) at DUE, which is written back as DTSTART: the model has one time, not a
  start and a due date apart;
* a journal entry (VJOURNAL) is dated by DTSTART alone, one instant or one day;
* a to-do or a journal entry without those properties is not dated: the reader
  leaves it out (:func:`is_dated`);
* what a kind's component does not hold is no field of it: TRANSP of a VTODO or
  a VJOURNAL, DTEND, DURATION, LOCATION, GEO, PRIORITY and CONFERENCE of a
  VJOURNAL are kept as they came, as extras (:func:`known_for`). A VALARM in a
  VJOURNAL, which RFC 5545 does not allow, is left out.

>>> from bri_timeline.model.kinds import EventKind
>>> time_names(EventKind.TODO, has_start=False), time_names(EventKind.JOURNAL, has_start=True)
(('DUE', None), ('DTSTART', None))
>>> "TRANSP" in known_for(EventKind.TODO), "DUE" in known_for(EventKind.EVENT)
(False, False)
"""

from __future__ import annotations

from collections.abc import Collection, Iterator
from typing import Any

from icalendar import Component

from bri_timeline.formats.ical._mapping import DTEND, DTSTART, DUE, KNOWN, Prop
from bri_timeline.model.kinds import EventKind
from bri_timeline.model.status import Transparency

__all__ = [
    "ALL_KINDS",
    "COMPONENTS",
    "dated_components",
    "end_prop",
    "is_dated",
    "kind_of",
    "known_for",
    "of_kind",
    "time_names",
]

COMPONENTS = {kind.component: kind for kind in EventKind}
ALL_KINDS = frozenset(EventKind)
"""Every kind: what the reader reads by default."""
"""The components that are read as events, by name: VEVENT, VTODO and VJOURNAL."""

_NOT_HELD = {
    EventKind.EVENT: frozenset({DUE.name}),
    EventKind.TODO: frozenset({DTEND.name, "TRANSP"}),
    EventKind.JOURNAL: frozenset(
        {DTEND.name, DUE.name, "DURATION", "TRANSP", "LOCATION", "GEO", "PRIORITY", "CONFERENCE"}
    ),
}
_KNOWN = {kind: KNOWN - held for kind, held in _NOT_HELD.items()}
_END = {EventKind.EVENT: DTEND, EventKind.TODO: DUE, EventKind.JOURNAL: None}


def kind_of(component: Component) -> EventKind:
    """The kind of event a component is (VEVENT for any other name)."""
    return COMPONENTS.get(component.name or "", EventKind.EVENT)


def known_for(kind: EventKind) -> frozenset[str]:
    """The properties the mapping reads and writes for this kind: any other is an extra."""
    return _KNOWN[kind]


def end_prop(kind: EventKind) -> Prop | None:
    """The property of the end of a kind's span: DTEND, DUE, or none (a journal entry)."""
    return _END[kind]


def time_names(kind: EventKind, *, has_start: bool) -> tuple[str, str | None]:
    """The properties of a component's start and end: a to-do without DTSTART is dated by DUE."""
    if kind is EventKind.TODO and not has_start:
        return DUE.name, None
    end = _END[kind]
    return DTSTART.name, None if end is None else end.name


def of_kind(kind: EventKind, fields: dict[str, Any]) -> dict[str, Any]:
    """The fields ``read_people`` read, less what the kind does not hold (kept as extras)."""
    if kind is EventKind.EVENT:
        return fields
    fields["transparency"] = Transparency.TRANSPARENT
    if kind is EventKind.JOURNAL:
        fields |= {"priority": 0, "alarms": [], "conference": []}
    return fields


def dated_components(calendar: Component, kinds: Collection[EventKind]) -> Iterator[Component]:
    """The VEVENTs, VTODOs and VJOURNALs of a calendar, in order: the dated ones of ``kinds``."""
    names = {kind.component for kind in kinds}
    for component in calendar.walk():
        if component.name in names and is_dated(component):
            yield component


def is_dated(component: Component) -> bool:
    """Whether it is dated: a VEVENT, a VTODO with DTSTART or DUE, a VJOURNAL with DTSTART."""
    kind = kind_of(component)
    if kind is EventKind.EVENT:
        return True
    names = (DTSTART.name, DUE.name) if kind is EventKind.TODO else (DTSTART.name,)
    return any(dict.__contains__(component, name) for name in names)
