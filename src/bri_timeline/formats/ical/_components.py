"""One event as an icalendar VEVENT component: the reference engine (see ``docs/ical.md``).

Part of :mod:`bri_timeline.formats.ical.write`, for ``engine="icalendar"``. The
properties and their value text are :func:`~._mapping.event_items`, as the direct
writer (:mod:`._lines`) has them; icalendar orders them, quotes the parameters,
folds the lines and encodes them. Values are given as written (:class:`Raw`).

A to-do is a VTODO, a journal entry a VJOURNAL (see ``_kinds``). icalendar has no
order for their properties (it sorts them all by name); these components take the
VEVENT's, DUE in the place of DTEND, so that one order serves every kind and the
direct writer gives the same bytes.
"""

from __future__ import annotations

from datetime import datetime

from icalendar import Alarm as VAlarm
from icalendar import Component, Journal, Todo
from icalendar import Event as VEvent
from icalendar.parser import Parameters

from bri_timeline.formats.ical._lines import LIST_PARAMETERS
from bri_timeline.formats.ical._mapping import DTSTAMP, SEQUENCE, UID, Item, event_items
from bri_timeline.formats.ical._overrides import override_items
from bri_timeline.formats.ical._people import alarm_blocks
from bri_timeline.formats.ical._values import check_sequence, utc_stamp
from bri_timeline.model.event import Event
from bri_timeline.model.kinds import EventKind

__all__ = ["Raw", "add_raw", "event_component", "series_components"]


class Raw:
    """A property value written as given: already escaped for its value type.

    Its ``to_ical`` gives text, not bytes: icalendar decodes a value's bytes as
    ``utf-8-sig``, which would drop a U+FEFF at the start of a value.
    """

    __slots__ = ("_text", "params")

    def __init__(self, text: str, params: dict[str, str] | None = None) -> None:
        self._text = text
        self.params = Parameters(
            {
                name: value.split(",") if name in LIST_PARAMETERS else value
                for name, value in (params or {}).items()
            }
        )

    def to_ical(self) -> str:
        """The value as written."""
        return self._text


class _Todo(Todo):
    canonical_order = tuple(  # type: ignore[assignment]  # icalendar types it None
        "DUE" if name == "DTEND" else name for name in VEvent.canonical_order
    )


class _Journal(Journal):
    canonical_order = VEvent.canonical_order  # type: ignore[assignment]  # as _Todo's


_COMPONENT: dict[EventKind, type[Component]] = {
    EventKind.EVENT: VEvent,
    EventKind.TODO: _Todo,
    EventKind.JOURNAL: _Journal,
}


def add_raw(
    component: Component, name: str, text: str, params: dict[str, str] | None = None
) -> None:
    """Add a property whose value is already written as iCalendar wants it."""
    component.add(name, Raw(text, params), encode=False)


def event_component(event: Event, *, uid: str, stamp: datetime, sequence: int) -> Component:
    """The VEVENT of an event, with this UID, DTSTAMP and SEQUENCE (not its overrides')."""
    head, tail = event_items(event)
    return _component(event, head, [UID.item(uid)], tail, stamp, sequence)


def series_components(event: Event, *, uid: str, stamp: datetime, sequence: int) -> list[Component]:
    """The VEVENT of an event, then one for each of its overrides (see ``_overrides``)."""
    found = [event_component(event, uid=uid, stamp=stamp, sequence=sequence)]
    for items in override_items(event):
        changed = items.override.event
        found.append(
            _component(
                changed,
                items.head,
                [UID.item(uid), items.recurrence_id],
                items.tail,
                changed.updated or stamp,
                changed.revision,
            )
        )
    return found


def _component(  # noqa: PLR0917 (the parts of one VEVENT, in their order)
    event: Event,
    head: list[Item],
    middle: list[Item],
    tail: list[Item],
    stamp: datetime,
    sequence: int,
) -> Component:
    component = _COMPONENT[event.kind]()
    for name, params, text in (*head, *middle, *tail):
        add_raw(component, name, text, dict(params))
    add_raw(component, DTSTAMP.name, utc_stamp(stamp))
    component.add(SEQUENCE.name, check_sequence(event, sequence))
    for items in alarm_blocks(event):
        alarm = VAlarm()
        for name, params, text in items:
            add_raw(alarm, name, text, dict(params))
        component.add_component(alarm)
    return component
