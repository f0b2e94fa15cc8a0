r"""Read an .ics file into a Timeline: the inverse of :mod:`~bri_timeline.formats.ical.write`.

Over 400 lines: the one walk of a file (the arguments, the components by UID, each
series kept, split or expanded) and the four public readers, each with its docstring.

Any RFC 5545 calendar is read with icalendar (which copes with the usual quirks
of Google and Outlook exports), but for its plain VEVENTs: the direct reader
(``_direct``, the default ``engine="direct"``) reads those from the file's lines
straight into events, with the same result, and icalendar reads the rest. The ``X-BRI-*``
properties of our own feeds give back exactly the events that were exported. See
``docs/ical.md``.

* **ids.** A UID ``f"{id}@{domain}"`` of our own gives back ``id``. Another UID
  is kept as the id when it is a valid id, and otherwise becomes a slug of it and
  a short hash (stable: the same UID always gives the same id); the event keeps
  it as its ``uid``, which an export writes again.
* **times.** ``VALUE=DATE`` gives whole days, DTEND exclusive; a date-time keeps
  its IANA ``TZID`` (other TZIDs, such as Outlook's Windows names or a custom
  VTIMEZONE, give the right instant in UTC), ``Z`` gives UTC. A local time that
  a clock change skipped moves forward by the gap, as RFC 5545 says. A floating
  time (no zone) takes the calendar's ``X-WR-TIMEZONE`` or the ``tz`` argument,
  and is refused without either: there is no implicit local zone.
* **repeats.** Without a window, a repeating event stays one event: its RRULE
  (every part), RDATE and EXDATE become its :class:`~bri_timeline.Recurrence`
  (see ``_rules``), endless or not, and the VEVENTs of its UID with a
  RECURRENCE-ID its ``overrides`` (see ``_overrides``); a rule that never
  matches is refused. What one Recurrence cannot hold (two RRULEs, COUNT with
  UNTIL, a ``RANGE=THISANDFUTURE`` change) is expanded into one event per
  occurrence, and refused if it never ends. With a window, every repeating event
  is expanded (a moved occurrence where it went) and only what overlaps the
  window is kept. An occurrence's id is ``f"{id}+{start}"``, e.g.
  ``standup+20241113T140000Z``. A change whose series is not in the file is an
  event of its own (a cancelled one is left out).
* **kinds.** A VTODO with DTSTART or DUE and a VJOURNAL with DTSTART are read
  as events of their kind (:class:`~bri_timeline.EventKind`; see ``_kinds``), a
  VTODO's DUE as the end of its span; one with neither is not dated and is left
  out. ``kinds`` leaves out the kinds not named.
* **cancelled** events (``STATUS:CANCELLED``) are kept, with their ``status``; only
  the notices a bri_timeline feed publishes for events its data no longer has
  (``STATUS:CANCELLED`` with ``X-BRI-REMOVED``) are left out.

* **repairs.** What real producers get wrong (no VCALENDAR, no UID, one UID on
  two events, ...) is repaired as icalendar and recurring-ical-events read it
  (``_repairs``), each repair an :class:`~bri_timeline.ImportNote` in the
  timeline's :attr:`TimelineInfo.notes <bri_timeline.TimelineInfo.notes>`;
  with ``strict=True`` each is refused instead.

Every problem raises :class:`~bri_timeline.errors.ICalendarError` naming the
file, the line, the UID, the property and the value.

>>> from datetime import date
>>> from bri_timeline import AllDay, Event, Timeline, to_ics
>>> timeline = Timeline([Event("apec", "APEC", AllDay(date(2024, 11, 13), date(2024, 11, 15)))])
>>> from_ics(to_ics(timeline)) == timeline
True
>>> from_ics(b"BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:x\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n")
Traceback (most recent call last):
...
bri_timeline.errors.ICalendarError: <bytes>:3: event 'x': property DTSTART: is required
"""

from __future__ import annotations

import os
from collections.abc import Collection, Sequence
from datetime import date, datetime
from typing import Literal
from zoneinfo import ZoneInfo

import attrs
from icalendar import Component

from bri_timeline.errors import DuplicateEventId, ICalendarError, InvalidArgument
from bri_timeline.formats.ical._direct import PlainRead, plain_events
from bri_timeline.formats.ical._floating_series import floating_changes, pinned_by_dates
from bri_timeline.formats.ical._kinds import ALL_KINDS, dated_components
from bri_timeline.formats.ical._mapping import DEFAULT_DOMAIN, EDTF, UID, X_DOCUMENT, Placement
from bri_timeline.formats.ical._overrides import (
    sequence_of,
    with_overrides,
)
from bri_timeline.formats.ical._properties import (
    Reader,
    has,
    is_cancelled,
    is_removed,
    optional_text,
    optional_uri,
    raw_text,
    read_datetime,
    read_when,
    zone_named,
)
from bri_timeline.formats.ical._repairs import (
    Places,
    calendars_of,
    counts_beside_until,
    nothing_read,
    several_rules,
    skipped,
    twice,
    uid_of,
    without_empty_rules,
)
from bri_timeline.formats.ical._repeats import (
    RuleBudget,
    is_finite,
    moment_key,
    occurrence_id,
    period_lengths,
    rule_starts,
)
from bri_timeline.formats.ical._rules import Unkept, occurrence_time, read_recurrence
from bri_timeline.formats.ical._scan import parse
from bri_timeline.formats.ical._this_and_future import (
    moved_item,
    reach,
    read_changes,
    split_at,
    this_and_future,
)
from bri_timeline.formats.ical._vevent import (
    id_from_uid,
    identity,
    last_modified,
    read_event,
)
from bri_timeline.limits import Limits, limits_or_default, read_limited
from bri_timeline.model.arguments import check_bool, check_file_name, check_str, check_window
from bri_timeline.model.edtf import parse_zone
from bri_timeline.model.event import Event
from bri_timeline.model.floating import FloatingSpan
from bri_timeline.model.kinds import EventKind, check_kinds
from bri_timeline.model.recurrence import check_matches, events_between
from bri_timeline.model.times import AllDay, Time, TimeSpan
from bri_timeline.timeline import Timeline, TimelineInfo

__all__ = ["from_ics", "load_ics", "loads_ics", "read_ics"]


def _overlaps(item: Event, window: Time | Event | None) -> bool:
    return window is None or (item._start < window._end and window._start < item._end)


class _Import:
    """The events of one file, as they are read."""

    def __init__(
        self, reader: Reader, domain: str, window: Time | Event | None, budget: RuleBudget
    ) -> None:
        self.reader = reader
        self.domain = domain
        self.window = window
        self.budget = budget
        self.events: list[Event] = []

    def master(self, component: Component, changed: dict[object, Component]) -> None:
        reader = self.reader
        written, when = read_when(reader, component)
        base, kept = identity(reader, component, str(component.get(UID.name, "")), self.domain)
        repeats = any(has(component, name) for name in ("RRULE", "RDATE")) or bool(changed)
        recurrence = None
        if repeats:
            pinned = pinned_by_dates(reader, component, when)
            pin = pinned is not when and isinstance(pinned, TimeSpan)
            start = pinned.start if pin and isinstance(pinned, TimeSpan) else written.start
            when = pinned
            try:
                recurrence = read_recurrence(reader, component, start, when)
            except Unkept:
                recurrence = None
            if floating_changes(reader, when, changed):
                recurrence = None  # expanded: the model holds no change of a floating series
        event = read_event(reader, component, base, when, recurrence, uid=kept)
        if not repeats:
            if _overlaps(event, self.window):
                self.events.append(event)
            return
        ranged = [item for item in changed.values() if this_and_future(item)]
        if recurrence is not None:
            series = with_overrides(reader, event, changed.values())
            parts = split_at(reader, series, ranged, self.budget.limits) if ranged else [series]
            if parts is not None:
                for part in parts:
                    if part.recurrence is not None:
                        self.events.extend(self.kept(part))
                    elif _overlaps(part, self.window):  # a part that is its own start alone
                        self.events.append(part)
                return
        self.expanded(component, event, changed, ranged, (written, start, when))

    def expanded(
        self,
        component: Component,
        event: Event,
        changed: dict[object, Component],
        ranged: list[Component],
        read: tuple[Placement, date | datetime, Time],
    ) -> None:
        """A series no Recurrence holds: one event per occurrence (a moved one where it went).

        ``read`` is its DTSTART and DTEND as written, its first start and its time,
        as :meth:`master` read them (a floating series on the wall clock).
        """
        reader = self.reader
        written, first, when = read
        base = event.id
        if self.window is None and not is_finite(component):
            raise reader.error("repeats for ever: import it with a window", "RRULE")
        if not isinstance(when, TimeSpan | AllDay | FloatingSpan):
            raise reader.error(
                "a partial or open-ended date cannot repeat", EDTF.name, written.edtf
            )
        changes = read_changes(reader, ranged, base)
        lengths = period_lengths(reader, component, first)
        hi = None if self.window is None else self.window._end + reach(changes)
        for start in rule_starts(reader, component, first, self.budget):
            override = changed.pop(moment_key(start), None)
            if override is not None:
                self.changed(override, base, keep_cancelled=True)
                continue
            length = lengths.get(moment_key(start))  # a VALUE=PERIOD RDATE's own
            found = reader.guard(
                "RRULE",
                lambda start=start, length=length: occurrence_time(when, start, length),  # type: ignore[misc]
            )
            if hi is not None and found._start >= hi:
                break
            item = _evolve(event, occurrence_id(base, start), found)
            item = reader.guard(
                "RRULE",
                lambda item=item, start=start, length=length: moved_item(  # type: ignore[misc]
                    changes, item, start, length
                ),
            )
            if _overlaps(item, self.window):
                self.events.append(item)
        for override in changed.values():
            self.changed(override, base, keep_cancelled=True)

    def kept(self, event: Event) -> list[Event]:
        """A repeating event as one, its rule checked; or its occurrences in the window."""
        reader, limits = self.reader, self.budget.limits
        if self.window is None:
            reader.guard("RRULE", lambda: check_matches(event, limits=limits))
            return [event]
        lo, hi = self.window._start, self.window._end
        found = []
        # The one expansion: an override in place of the occurrence it changes, in or out.
        items = reader.guard("RRULE", lambda: events_between(event, lo, hi, limits))
        for item in reader.guard("RRULE", lambda: list(items)):
            self.budget.occurrence(reader)
            found.append(attrs.evolve(item, uid=None))  # they cannot share the file's UID
        return found

    def changed(self, component: Component, base: str, *, keep_cancelled: bool = False) -> None:
        """One changed occurrence (RECURRENCE-ID) as an event.

        For a series that is expanded (a cancelled one is kept, with its status, as
        recurring-ical-events keeps it), or that has no VEVENT in the file (a
        cancelled one is left out).
        """
        if is_cancelled(component) and not keep_cancelled:
            return
        reader = self.reader
        original = read_datetime(reader, component["RECURRENCE-ID"], "RECURRENCE-ID", floating=True)
        _, when = read_when(reader, component)
        item = read_event(reader, component, occurrence_id(base, original), when, None)
        if _overlaps(item, self.window):
            self.events.append(item)


def _evolve(event: Event, event_id: str, when: Time) -> Event:
    # One occurrence of several: its own UID, from its id (they cannot share the file's).
    return attrs.evolve(event, id=event_id, time=when, recurrence=None, uid=None)


def _info(reader: Reader, calendar: Component) -> TimelineInfo:
    def text(*names: str) -> str | None:
        for name in names:
            value = optional_text(reader, calendar, name)
            if value is not None:
                return value
        return None

    updated = last_modified(reader, calendar)
    return reader.guard(
        None,
        lambda: TimelineInfo(
            text("NAME", "X-WR-CALNAME") or "",
            description=text("DESCRIPTION", "X-WR-CALDESC") or "",
            url=optional_uri(reader, calendar, "URL"),
            source=text(X_DOCUMENT),
            updated=updated,
        ),
    )


def _default_zone(reader: Reader, calendar: Component, tz: ZoneInfo | None) -> ZoneInfo | None:
    """The zone of floating times: ``tz``, else the calendar's X-WR-TIMEZONE, else none."""
    if tz is not None:
        return tz
    name = optional_text(reader, calendar, "X-WR-TIMEZONE")
    if name is None:
        return None
    zone = zone_named(name)
    if zone is None:
        raise reader.error("names an unknown time zone", "X-WR-TIMEZONE", name)
    return zone


def _collect(
    reader: Reader,
    calendars: Sequence[Component],
    places: Places,
    domain: str,
    kinds: Collection[EventKind] = ALL_KINDS,
) -> tuple[dict[str, Component], dict[str, dict[object, Component]]]:
    """The VEVENTs (VTODOs, VJOURNALs) by UID: the events, and the changed occurrences."""
    masters: dict[str, Component] = {}
    changed: dict[str, dict[object, Component]] = {}
    for calendar in calendars:
        for component in dated_components(calendar, kinds):
            reader.uid, reader.line = None, places.place(component)
            uid = uid_of(reader, places, component, domain)
            reader.uid = places.file_uid(uid)
            without_empty_rules(reader, component)
            counts_beside_until(reader, component)
            if has(component, "RECURRENCE-ID"):
                # Floating (no zone, no tz) is a wall time here; its series says if it may be.
                original = read_datetime(
                    reader, component["RECURRENCE-ID"], "RECURRENCE-ID", floating=True
                )
                moment = moment_key(original)
                known = changed.setdefault(uid, {})
                known[moment] = _latest(reader, known.get(moment), component)
            elif not is_removed(component):  # a cancelled event is kept, with its status
                several_rules(reader, component)
                kept: Component | None = component
                if uid in masters:
                    base = id_from_uid(uid, domain), domain
                    kept = twice(reader, places, masters[uid], component, base)
                if kept is None:  # told apart: it now has a UID of its own
                    masters[str(component[UID.name])] = component
                else:
                    masters[uid] = kept
    reader.line = None
    return masters, changed


def _latest(reader: Reader, known: Component | None, component: Component) -> Component:
    """Of two changes of one occurrence, the one of the higher SEQUENCE.

    So recurring-ical-events takes it. Of the same SEQUENCE, which one is meant
    cannot be told: the first, as recurring-ical-events takes it, is a repair.
    """
    if known is None:
        return component
    if sequence_of(known) == sequence_of(component):
        message = "names one occurrence twice, with the same SEQUENCE"
        value = raw_text(component["RECURRENCE-ID"])
        reader.repair(message, "RECURRENCE-ID", value, "the first kept, as recurring-ical-events")
        return known
    return max(known, component, key=sequence_of)


@attrs.frozen
class _Given:
    """The arguments of a reading, once checked."""

    window: Time | Event | None
    domain: str
    tz: ZoneInfo | None
    limits: Limits
    strict: bool
    kinds: frozenset[EventKind] = ALL_KINDS
    direct: bool = True


def _given(
    window: object,
    domain: object,
    tz: object,
    limits: object,
    kinds: object = None,
    *,
    strict: object = False,
    engine: object = "direct",
) -> _Given:
    """The arguments of a reading, checked before any work is done, as the exporters do."""
    if engine not in ("direct", "icalendar"):
        raise InvalidArgument("engine", "must be 'direct' or 'icalendar'", engine)
    return _Given(
        None if window is None else check_window("window", window),
        check_str("domain", domain),
        None if tz is None else parse_zone(tz, field="tz", error=InvalidArgument),
        limits_or_default(limits),
        check_bool("strict", strict),
        ALL_KINDS if kinds is None else check_kinds("kinds", kinds),
        direct=engine == "direct",
    )


def from_ics(
    data: bytes | str,
    *,
    path: str = "<bytes>",
    window: Time | Event | None = None,
    domain: str = DEFAULT_DOMAIN,
    tz: str | ZoneInfo | None = None,
    limits: Limits | None = None,
    strict: bool = False,
    kinds: Collection[EventKind] | None = None,
    engine: Literal["direct", "icalendar"] = "direct",
) -> Timeline:
    """Read a timeline from the bytes (or text) of an iCalendar file.

    Args:
        data: The file's content.
        path: The name errors give the file.
        window: Expand every repeating event into its occurrences, and keep only
            the events that overlap this time (or event).
        domain: The UID domain of our own feeds (see ``FeedOptions.domain``).
        tz: The zone of floating times, when the calendar names none (X-WR-TIMEZONE).
        limits: What reading the file may cost (default :class:`~bri_timeline.limits.Limits`).
        strict: Refuse what real producers get wrong (a VEVENT with no
            VCALENDAR around it, no UID, ...) instead of repairing it; the
            repairs of a lenient reading are in the result's
            :attr:`TimelineInfo.notes <bri_timeline.TimelineInfo.notes>`
            (see ``docs/ical.md``).
        kinds: Which kinds to read (:class:`~bri_timeline.EventKind` members, or
            their names: ``["event", "todo"]``): VEVENTs, VTODOs, VJOURNALs; None
            (the default) for all three. The others are left out, and noted.
        engine: ``"direct"`` (the default) reads the plain VEVENTs of a file
            straight from its lines, several times faster, and leaves the rest
            of it to ``"icalendar"``, the reference engine, which reads every file
            with icalendar; both give the same timeline, notes and errors.

    Raises:
        ICalendarError: The data is not iCalendar, breaks a limit, or an event
            cannot be read (or, with ``strict``, needs a repair).
        InvalidArgument: ``data`` is neither bytes nor a str, or another
            argument is not what it says above (before the data is read).
    """
    if not isinstance(data, bytes | str):
        raise InvalidArgument("data", "must be bytes or a str", data)
    name = check_file_name("path", path)
    given = _given(window, domain, tz, limits, kinds, strict=strict, engine=engine)
    return _read(data, name, given)


def _read(data: bytes | str, path: str, given: _Given) -> Timeline:
    """The file read by the direct reader where it can, else by the icalendar engine."""
    if given.direct and EventKind.EVENT in given.kinds:
        repeats = given.window is None  # with a window, a repeating event is expanded
        plain = plain_events(data, path, given.limits, given.domain, repeats=repeats)
        if plain is not None and (timeline := _plain_timeline(plain, path, given)) is not None:
            return timeline
    return _read_icalendar(data, path, given)


def _plain_timeline(plain: PlainRead, path: str, given: _Given) -> Timeline | None:
    """The direct reader's events, and what the icalendar engine reads from the rest.

    The rest (the calendar's own properties, its zones, and the components that are
    not plain VEVENTs) is read by the icalendar engine as a calendar of its own. None
    where that reading needs a note or refuses it (its lines are not the file's), or
    two events get one id: the icalendar engine then reads the whole file, and says so
    with the file's lines.
    """
    try:
        rest, info = _icalendar_events(plain.shell, path, given)
    except ICalendarError:
        return None
    if info.notes:
        return None
    events = plain.events
    if given.window is not None:
        events = [event for event in events if _overlaps(event, given.window)]
    try:
        return Timeline([*events, *rest], info=info)
    except DuplicateEventId:
        return None


def _read_icalendar(data: bytes | str, path: str, given: _Given) -> Timeline:
    events, info = _icalendar_events(data, path, given)
    try:
        return Timeline(events, info=info)
    except DuplicateEventId as error:
        raise ICalendarError(path, "two events get the same id", value=error.event_id) from None


def _icalendar_events(
    data: bytes | str, path: str, given: _Given
) -> tuple[list[Event], TimelineInfo]:
    """The icalendar engine's events of a file (ids not yet checked), and its info."""
    domain = given.domain
    text, components = parse(data, path, given.limits)
    reader = Reader(path, text, None, strict=given.strict)
    places = Places(text)
    calendars = calendars_of(reader, components, places)
    reader.know_zones(components)
    if not calendars:
        if reader.strict:
            raise ICalendarError(path, "has no VCALENDAR")
        calendars = [nothing_read(reader, places)]
    first = next((item for item in components if item.name == "VCALENDAR"), calendars[0])
    reader.default_zone = _default_zone(reader, first, given.tz)
    reader.floating_is_wall = optional_text(reader, first, "X-WR-TIMEZONE") is None
    info = reader.guard(None, lambda: _info(reader, first))
    masters, changed = reader.guard(
        None, lambda: _collect(reader, calendars, places, domain, given.kinds)
    )
    skipped(reader, calendars, places, given.kinds)
    work = _Import(reader, domain, given.window, RuleBudget(given.limits))
    for uid, component in masters.items():
        reader.uid, reader.line = places.file_uid(uid), places.place(component)
        reader.guard(None, lambda: work.master(component, changed.pop(uid, {})))  # noqa: B023
    for uid, orphans in changed.items():
        reader.uid = places.file_uid(uid)
        for component in orphans.values():
            reader.line = places.place(component)
            reader.guard(None, lambda: work.changed(component, id_from_uid(uid, domain)))  # noqa: B023
    reader.uid = reader.line = None
    notes = sorted(reader.notes, key=lambda note: note.line or 0)
    return work.events, attrs.evolve(info, notes=notes)


def read_ics(
    path: str | os.PathLike[str],
    *,
    window: Time | Event | None = None,
    domain: str = DEFAULT_DOMAIN,
    tz: str | ZoneInfo | None = None,
    limits: Limits | None = None,
    strict: bool = False,
    kinds: Collection[EventKind] | None = None,
    engine: Literal["direct", "icalendar"] = "direct",
) -> Timeline:
    """Read a timeline from an .ics file (see :func:`~bri_timeline.from_ics`).

    Raises:
        ICalendarError: The file cannot be read, is not iCalendar, breaks a
            limit, or an event cannot be read.
        InvalidArgument: ``path`` is not a file name, or another argument is
            not what :func:`~bri_timeline.from_ics` says (before the file is read).
    """
    name = check_file_name("path", path)
    given = _given(window, domain, tz, limits, kinds, strict=strict, engine=engine)
    return _read(file_bytes(path, name, given.limits), name, given)


def file_bytes(path: str | os.PathLike[str], name: str, limits: Limits) -> bytes:
    """A file's bytes, at most the limit and one; ICalendarError if it cannot be read."""
    try:
        return read_limited(path, limits)
    except OSError as error:
        raise ICalendarError(name, f"cannot be read: {error.strerror or error}") from None


# The names these functions had before, kept working.
loads_ics = from_ics
load_ics = read_ics
