"""What kind of dated thing an event is: a meeting, a to-do or a journal entry.

RFC 5545 has three components with a date: VEVENT, VTODO and VJOURNAL. An
:class:`~bri_timeline.model.event.Event` is one of them by its ``kind``
(:class:`EventKind`, EVENT by default), and each kind holds what its component
can hold:

* its own STATUS values (RFC 5545 3.8.1.11): an event is TENTATIVE, CONFIRMED
  or CANCELLED; a to-do NEEDS-ACTION, COMPLETED, IN-PROCESS or CANCELLED; a
  journal entry DRAFT, FINAL or CANCELLED (:data:`STATUSES`);
* only an event takes up time in a schedule (TRANSP is a VEVENT property): a
  to-do or a journal entry is TRANSPARENT, the model's default;
* a journal entry is dated by DTSTART alone: one instant or one day, with no
  location, priority, alarms or ways to join (VJOURNAL has none of them).

>>> from datetime import date
>>> from bri_timeline.model.event import Event
>>> from bri_timeline.model.status import EventStatus
>>> from bri_timeline.model.times import AllDay
>>> day = AllDay(date(2024, 11, 14))
>>> Event("memo", "Notes", day, kind=EventKind.JOURNAL, status=EventStatus.FINAL).kind
EventKind.JOURNAL
>>> Event("memo", "Notes", day, kind="todo", status="FINAL")
Traceback (most recent call last):
...
bri_timeline.errors.InvalidEvent: status: must be one of a TODO's: NEEDS-ACTION, COMPLETED, \
IN-PROCESS, CANCELLED (got EventStatus.FINAL)
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from bri_timeline.errors import InvalidArgument, InvalidEvent
from bri_timeline.model._tokens import Choices
from bri_timeline.model.status import EventStatus, Transparency
from bri_timeline.model.times import AllDay, TimeSpan

if TYPE_CHECKING:
    from bri_timeline.model.event import Event

__all__ = ["STATUSES", "EventKind", "check_kind", "check_kinds", "journal_time"]


class EventKind(Choices):
    """Which RFC 5545 component an event is: EVENT (VEVENT), TODO (VTODO) or JOURNAL (VJOURNAL)."""

    EVENT = "EVENT"
    TODO = "TODO"
    JOURNAL = "JOURNAL"

    @property
    def component(self) -> str:
        """The name of the iCalendar component: ``VEVENT``, ``VTODO`` or ``VJOURNAL``.

        >>> EventKind.TODO.component
        'VTODO'
        """
        return "V" + self.value


_S = EventStatus
STATUSES: dict[EventKind, tuple[EventStatus, ...]] = {
    EventKind.EVENT: (_S.TENTATIVE, _S.CONFIRMED, _S.CANCELLED),
    EventKind.TODO: (_S.NEEDS_ACTION, _S.COMPLETED, _S.IN_PROCESS, _S.CANCELLED),
    EventKind.JOURNAL: (_S.DRAFT, _S.FINAL, _S.CANCELLED),
}
"""The statuses each kind may have (RFC 5545 3.8.1.11), in the RFC's order."""


def journal_time(time: object) -> bool:
    """Whether a journal entry may have this time: one instant, or one day.

    >>> from datetime import date
    >>> journal_time(AllDay(date(2024, 11, 14))), journal_time(AllDay(date(2024, 11, 14),
    ...                                                                date(2024, 11, 15)))
    (True, False)
    """
    if isinstance(time, TimeSpan):
        return time.is_instant
    return isinstance(time, AllDay) and time.first == time.last


def check_kind(event: Event) -> None:
    """Refuse a field that the event's kind cannot hold (see the module's rules).

    Raises:
        InvalidEvent: Naming the field and its value.
    """
    kind = event.kind
    if event.status is not None and event.status not in STATUSES[kind]:
        choices = ", ".join(status.value for status in STATUSES[kind])
        raise InvalidEvent("status", f"must be one of a {kind.value}'s: {choices}", event.status)
    if kind is EventKind.EVENT:
        return
    if event.transparency is not Transparency.TRANSPARENT:
        raise InvalidEvent(
            "transparency", f"must be TRANSPARENT: a {kind.value} takes no time", event.transparency
        )
    if kind is EventKind.JOURNAL:
        _check_journal(event)


def _check_journal(event: Event) -> None:
    if not journal_time(event.time):
        raise InvalidEvent("time", "must be one instant or one day for a JOURNAL", event.time)
    held = {
        "location": event.location is not None,
        "priority": event.priority != 0,
        "alarms": bool(event.alarms),
        "conference": bool(event.conference),
    }
    for field, given in held.items():
        if given:
            raise InvalidEvent(field, "a JOURNAL has none", getattr(event, field))


def check_kinds(name: str, value: object) -> frozenset[EventKind]:
    """``value``, once it is a collection of one or more kinds (members, or their names).

    >>> sorted(check_kinds("kinds", ["todo", EventKind.EVENT]), key=lambda kind: kind.value)
    [EventKind.EVENT, EventKind.TODO]
    >>> check_kinds("kinds", "todo")
    Traceback (most recent call last):
    ...
    bri_timeline.errors.InvalidArgument: argument kinds: must be a collection of EventKind \
(EVENT, TODO, JOURNAL), not empty (got 'todo')
    """
    rule = "must be a collection of EventKind (EVENT, TODO, JOURNAL), not empty"
    if isinstance(value, str | bytes | EventKind) or not isinstance(value, Iterable):
        raise InvalidArgument(name, rule, value)
    found = set()
    for item in value:
        if isinstance(item, EventKind):
            found.add(item)
        elif isinstance(item, str) and item.upper() in EventKind.__members__:
            found.add(EventKind[item.upper()])
        else:
            raise InvalidArgument(name, rule, item)
    if not found:
        raise InvalidArgument(name, rule, value)
    return frozenset(found)
