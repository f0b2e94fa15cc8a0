"""Changed single occurrences both ways: an event's ``overrides`` as VEVENTs with a RECURRENCE-ID.

Part of :mod:`bri_timeline.formats.ical`. A repeating event with overrides is its
VEVENT followed by one VEVENT per override, in the order of the overrides (see
``docs/ical.md``):

* the UID is the series' (RFC 5545: the changed occurrence is part of it), and
  ``RECURRENCE-ID`` the start the rule gives the occurrence: ``VALUE=DATE`` for an
  all-day event, else in the zone of the series' DTSTART (the same TZID, or UTC
  where DTSTART is written in UTC or the wall time cannot name the instant);
* the rest is the override's own event, written by the one mapping
  (:func:`~._mapping.event_items`) as any event, but for ``X-BRI-ID``: its id is
  always ``occurrence_id(series id, RECURRENCE-ID)``, and is read back so;
* its SEQUENCE is its own revision: an update that finds the series changed
  raises the series' SEQUENCE only, so that the override reads back equal.

Read back (:func:`with_overrides`), each such VEVENT becomes an
:class:`~bri_timeline.model.overrides.Override` of the series, a cancelled one
too (``STATUS:CANCELLED``, kept as RFC 5545 keeps it).

>>> from datetime import UTC, datetime, timedelta
>>> from zoneinfo import ZoneInfo
>>> from bri_timeline.model.event import Event
>>> from bri_timeline.model.rrule import Recurrence
>>> from bri_timeline.model.times import TimeSpan
>>> lima = datetime(2025, 1, 6, 9, tzinfo=ZoneInfo("America/Lima"))
>>> standup = Event("standup", "Stand-up", TimeSpan(lima, lima + timedelta(minutes=15)),
...                 recurrence=Recurrence.from_rrule("FREQ=DAILY;COUNT=3"))
>>> recurrence_id_item(standup, datetime(2025, 1, 7, 14, tzinfo=UTC))
('RECURRENCE-ID', (('TZID', 'America/Lima'),), '20250107T090000')
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import attrs
from icalendar import Component

from bri_timeline.errors import ICalendarError
from bri_timeline.formats.ical._mapping import (
    EVENT_ID,
    RECURRENCE_ID,
    SEQUENCE,
    Item,
    event_items,
    placement,
    point_item,
    zone_of,
)
from bri_timeline.formats.ical._properties import Reader, has, raw_text, read_datetime, read_when
from bri_timeline.formats.ical._values import utc_stamp
from bri_timeline.formats.ical._vevent import read_event
from bri_timeline.model.event import Event
from bri_timeline.model.overrides import Override, occurrence_id, original_eq
from bri_timeline.model.recurrence import occurrences
from bri_timeline.model.times import AllDay, TimeSpan, first_date

__all__ = [
    "OverrideItems",
    "change_line",
    "override_items",
    "override_zone_uses",
    "recurrence_id_error",
    "recurrence_id_item",
    "sequence_of",
    "with_overrides",
]


def recurrence_id_item(event: Event, original: date | datetime) -> Item:
    """The RECURRENCE-ID of the occurrence of ``event`` that the rule starts at ``original``."""
    if not isinstance(original, datetime):
        return point_item(RECURRENCE_ID, original)
    assert isinstance(event.time, TimeSpan)  # as the event checks its overrides
    zone = zone_of(event.time.start)
    if zone is not None:
        local = original.astimezone(zone)
        if zone_of(local) is not None:  # not the second pass of a repeated hour
            return point_item(RECURRENCE_ID, local)
    return RECURRENCE_ID.name, (), utc_stamp(original)


@attrs.frozen
class OverrideItems:
    """The properties of one override's VEVENT, as ``event_items`` gives an event's.

    Attributes:
        override: The override.
        head: The properties icalendar orders before DTSTAMP.
        recurrence_id: RECURRENCE-ID, which icalendar orders between UID and SEQUENCE.
        tail: The properties after SEQUENCE.
    """

    override: Override
    head: list[Item]
    recurrence_id: Item
    tail: list[Item]


def override_items(event: Event) -> list[OverrideItems]:
    """The VEVENT properties of each override of ``event``, in order (none for most events)."""
    found = []
    for override in event.overrides:
        head, tail = event_items(override.event)
        tail = [item for item in tail if item[0] != EVENT_ID.name]  # the id follows from the rest
        found.append(
            OverrideItems(override, head, recurrence_id_item(event, override.original), tail)
        )
    return found


def override_zone_uses(event: Event) -> list[tuple[ZoneInfo, datetime, datetime]]:
    """The zones the overrides' VEVENTs name (DTSTART, DTEND, RECURRENCE-ID).

    Each with the UTC instant it must be right for, twice (a range of one instant).
    """
    uses = []
    for override in event.overrides:
        where = placement(override.event.time)
        points = [where.start, where.end]
        original = override.original
        _, params, _ = recurrence_id_item(event, original)
        if isinstance(original, datetime) and (named := dict(params).get("TZID")) is not None:
            points.append(original.astimezone(ZoneInfo(named)))
        for point in points:
            if isinstance(point, datetime) and (zone := zone_of(point)) is not None:
                instant = point.astimezone(UTC)
                uses.append((zone, instant, instant))
    return uses


def change_line(reader: Reader, component: Component) -> int | None:
    """The line of a VEVENT's RECURRENCE-ID, found by its value; None if it cannot be found."""
    value = raw_text(component[RECURRENCE_ID.name]) or ""
    for number, text in enumerate(reader.text.splitlines(), 1):
        if text.upper().startswith(RECURRENCE_ID.name) and text.rstrip().endswith(value):
            return number
    return None


def recurrence_id_error(reader: Reader, message: str, component: Component) -> ICalendarError:
    """An error about a VEVENT's RECURRENCE-ID, at its line (the UID's if it cannot be found)."""
    value = raw_text(component[RECURRENCE_ID.name]) or ""
    return ICalendarError(
        reader.path,
        message,
        line=change_line(reader, component) or reader.locate(),
        uid=reader.uid,
        prop=RECURRENCE_ID.name,
        value=value,
    )


def _override(reader: Reader, event: Event, component: Component) -> Override:
    """The override a VEVENT with a RECURRENCE-ID holds, of the series ``event``."""
    original = read_datetime(reader, component[RECURRENCE_ID.name], RECURRENCE_ID.name)
    if isinstance(original, datetime) and not isinstance(event.time, TimeSpan):
        # Outlook names a changed day of an all-day series by its midnight in a zone.
        message = "must be a date, as the DTSTART of its series is"
        value = raw_text(component[RECURRENCE_ID.name])
        action = "its day taken, as the reference does"
        reader.repair(message, RECURRENCE_ID.name, value, action, change_line(reader, component))
        original = original.date()
    elif not isinstance(original, datetime) and isinstance(event.time, TimeSpan):
        message = "must be a date-time, as the DTSTART of its series is"
        raise recurrence_id_error(reader, message, component)
    start = event.time.start if isinstance(event.time, TimeSpan) else None
    if start is not None and start.microsecond and original == start.replace(microsecond=0):
        original = start  # the first occurrence, whose fraction of a second RECURRENCE-ID drops
    for name in ("RRULE", "RDATE", "EXDATE"):
        if has(component, name):
            message = "a changed occurrence (RECURRENCE-ID) cannot repeat"
            action, line = "left out, as the reference does", change_line(reader, component)
            reader.repair(message, name, raw_text(component[name]), action, line)
    _, when = read_when(reader, component)
    changed = read_event(
        reader, component, occurrence_id(event.id, original), when, None, uid=event.uid
    )
    return Override(original, changed)


def with_overrides(reader: Reader, event: Event, components: Iterable[Component]) -> Event:
    """The repeating ``event`` with the changed occurrences these VEVENTs hold.

    Raises:
        ICalendarError: A RECURRENCE-ID is not of the kind of the series' DTSTART,
            names an occurrence twice, or its VEVENT cannot be read or repeats.
    """
    components = list(components)
    if not components:
        return event
    recurrence = event.recurrence
    removed = {original_eq(item) for item in recurrence.exdates} if recurrence else set()
    overrides = []
    for component in components:
        override = _override(reader, event, component)
        if _kept(reader, event, component, override, removed):
            overrides.append(override)
    if not overrides:
        return event
    return reader.guard(RECURRENCE_ID.name, lambda: attrs.evolve(event, overrides=overrides))


def _kept(
    reader: Reader,
    event: Event,
    component: Component,
    override: Override,
    removed: set[tuple[object, ...]],
) -> bool:
    """Whether a change is kept, as recurring-ical-events keeps it; one left out is noted.

    Left out: a change of an occurrence the series' EXDATE removes (``removed``, keyed
    by :func:`original_eq`), and a change that repeats (an RRULE of its own), of a lower
    SEQUENCE than the series, of an occurrence the rule no longer gives (an older
    version of the series). The line of a change is looked for only when one is noted.
    """
    if original_eq(override.original) in removed:
        message = "changes an occurrence the series' EXDATE removes"
    elif (
        has(component, "RRULE")
        and sequence_of(component) < event.revision
        and not _given(event, override.original)
    ):
        message = "changes an occurrence of an older version of the series"
    else:
        return True
    value, action = raw_text(component[RECURRENCE_ID.name]), "left out, as the reference does"
    reader.repair(message, RECURRENCE_ID.name, value, action, change_line(reader, component))
    return False


def _given(event: Event, original: date | datetime) -> bool:
    """Whether the series' own rule (no changes) gives an occurrence starting at ``original``."""
    bare = attrs.evolve(event, overrides=())
    at = AllDay(original) if not isinstance(original, datetime) else TimeSpan(original, original)
    return any(
        original_eq(time.start if isinstance(time, TimeSpan) else first_date(time))
        == original_eq(original)
        for time in occurrences(bare, at)
    )


def sequence_of(component: Component) -> int:
    """The SEQUENCE of a VEVENT, 0 when it has none or not a whole one."""
    try:
        return int(component.get(SEQUENCE.name, 0))
    except (TypeError, ValueError):
        return 0
