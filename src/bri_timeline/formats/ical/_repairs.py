r"""What the importer repairs in a file that real producers got wrong, each with a note.

Part of :mod:`bri_timeline.formats.ical.read`. Each repair does what the
reference reader (icalendar with recurring-ical-events) does with such a file,
and goes through :meth:`~._properties.Reader.repair`: an
:class:`~bri_timeline.notes.ImportNote` when reading leniently, today's
:class:`~bri_timeline.errors.ICalendarError` with ``strict=True``. Components
that are not read at all are listed by :func:`skipped`, one note for each name.
``docs/ical.md`` lists the repairs.

>>> places = Places("BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nSUMMARY:a\r\n b\r\nEND:VEVENT\r\n")
>>> places.begins["VEVENT"], places.blocks["VEVENT"]
([2], [('BEGIN:VEVENT', 'SUMMARY:ab', 'END:VEVENT')])
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Callable, Collection, Sequence
from datetime import UTC, date, datetime, time, timedelta
from typing import Any, TypeVar

from icalendar import Calendar, Component
from icalendar.prop import vText

from bri_timeline.errors import InvalidValue
from bri_timeline.formats.ical._kinds import ALL_KINDS, is_dated
from bri_timeline.formats.ical._properties import (
    Reader,
    all_of,
    one,
    raw_text,
    text_of,
    zone_named,
)
from bri_timeline.formats.ical._scan import line_name
from bri_timeline.model._tokens import token_of
from bri_timeline.model.kinds import EventKind
from bri_timeline.model.status import Classification

__all__ = [
    "KEPT",
    "Places",
    "calendars_of",
    "classification",
    "content_uid",
    "counts_beside_until",
    "give_uid",
    "nothing_read",
    "person",
    "several_rules",
    "skipped",
    "twice",
    "uid_of",
    "utc_stamp",
    "without_empty_rules",
]

_T = TypeVar("_T")

KEPT = frozenset({"VTIMEZONE"})
"""The components of a calendar that are read besides the dated ones of the kinds read."""

_KINDS = frozenset(kind.component for kind in EventKind)


class Places:
    """Where each component of a file begins, and its unfolded lines, by name in file order.

    icalendar keeps no line numbers; its components come in file order, so the
    n-th VEVENT it gives is the n-th ``BEGIN:VEVENT`` here.
    """

    def __init__(self, text: str) -> None:
        self.begins: dict[str, list[int]] = {}
        self.blocks: dict[str, list[tuple[str, ...]]] = {}
        self.top: list[int] = []  # where each component outside any other begins
        self.made: dict[str, str | None] = {}  # a UID a repair gave: the file's UID, if any
        self._seen: Counter[str] = Counter()
        self._lines: dict[int, int] = {}
        open_: list[tuple[str, list[str]]] = []
        current: list[str] = []  # one content line, as its physical lines are unfolded
        start = 0
        for number, physical in enumerate([*text.splitlines(), ""], 1):
            if physical[:1] in (" ", "\t") and current:
                current.append(physical[1:])
                continue
            if current:
                self._line("".join(current), start, open_)
            current, start = ([physical] if physical else []), number

    def _line(self, line: str, number: int, open_: list[tuple[str, list[str]]]) -> None:
        for _, lines in open_:
            lines.append(line)
        name = line_name(line)
        value = line.partition(":")[2].strip().upper()
        if name == "BEGIN":
            if not open_:
                self.top.append(number)
            self.begins.setdefault(value, []).append(number)
            open_.append((value, [line]))
        elif name == "END" and open_ and open_[-1][0] == value:
            done, lines = open_.pop()
            self.blocks.setdefault(done, []).append(tuple(lines))

    def place(self, component: Component) -> int | None:
        """The line where a component begins: call once for each, in file order, by name."""
        key = id(component)
        if key not in self._lines:
            name = str(component.name).upper()
            index = self._seen[name]
            self._seen[name] += 1
            begins = self.begins.get(name, [])
            self._lines[key] = begins[index] if index < len(begins) else 0
        return self._lines[key] or None

    def file_uid(self, uid: str) -> str | None:
        """The UID the file gives a component read as ``uid`` (None: it gives none)."""
        return self.made.get(uid, uid)

    def lines(self, component: Component) -> tuple[str, ...]:
        """The unfolded lines of a component that :meth:`place` has placed (else its text)."""
        name = str(component.name).upper()
        line = self._lines.get(id(component), 0)
        begins = self.begins.get(name, [])
        if line in begins:
            blocks = self.blocks.get(name, [])
            index = begins.index(line)
            if index < len(blocks):
                return blocks[index]
        return tuple(component.to_ical().decode("utf-8", errors="replace").splitlines())


def calendars_of(
    reader: Reader, components: Sequence[Component], places: Places
) -> list[Component]:
    """The file's calendars, in file order: a component with no VCALENDAR around it gets one.

    As icalendar and recurring-ical-events read a bare VEVENT (or VTIMEZONE, VALARM).
    """
    found = []
    for index, component in enumerate(components):
        if component.name == "VCALENDAR":
            found.append(component)
            continue
        reader.uid = None
        reader.line = places.top[index] if index < len(places.top) else None
        reader.repair(
            "has no VCALENDAR around it",
            component.name,
            None,
            "read as if a VCALENDAR were around it",
        )
        wrapper = Calendar()
        wrapper.subcomponents.append(component)
        found.append(wrapper)
    reader.line = None
    return found


def nothing_read(reader: Reader, places: Places) -> Component:
    """A file in which icalendar finds no whole component (one left open): an empty calendar."""
    first = places.top[0] if places.top else None
    action = "no whole component (one left open?): read as an empty calendar, as icalendar reads it"
    reader.note(first, "VCALENDAR", action)
    return Calendar()


def skipped(
    reader: Reader,
    calendars: Sequence[Component],
    places: Places,
    kinds: Collection[EventKind] = ALL_KINDS,
) -> None:
    """One note for each name of component that is left out (not read), with how many, and why."""
    counts: Counter[tuple[str, str]] = Counter()
    first: dict[str, int | None] = {}
    read = {kind.component for kind in kinds}
    for calendar in calendars:
        for component in calendar.subcomponents:
            name = str(component.name).upper()
            if name in KEPT or (name in read and is_dated(component)):
                continue
            if name in _KINDS:
                why = "not among the kinds read" if name not in read else "it has no date"
            else:
                why = f"bri_timeline reads no {name}"
            counts[name, why] += 1
            begins = places.begins.get(name)
            first.setdefault(name, begins[0] if begins else None)
    reader.uid = None
    for (name, why), count in counts.items():
        reader.note(first[name], name, f"{count} left out: {why}", skipped=count)
    reader.line = None


def content_uid(lines: Sequence[str], domain: str) -> str:
    """The UID a component without one is read as: a hash of its unfolded lines.

    The same lines give the same UID on every run and machine; the event's id is
    ``event-`` and the hash, and it keeps no UID of its own (an export writes the
    id-based one).

    >>> content_uid(["BEGIN:VEVENT", "END:VEVENT"], "example.org")
    'event-aba274114f67b2dd873c@example.org'
    """
    digest = hashlib.sha256("\r\n".join(lines).encode("utf-8")).hexdigest()[:20]
    return f"event-{digest}@{domain}"


def uid_of(reader: Reader, places: Places, component: Component, domain: str) -> str:
    """A component's UID; one without (or with an empty one) gets :func:`content_uid`'s, noted."""
    uid = one(reader, component, "UID")
    if uid is not None and str(uid).strip():
        return str(uid)
    made = content_uid(places.lines(component), domain)
    action = f"read as the event {made.partition('@')[0]!r} (a hash of its lines), with no UID"
    reader.repair("is required", "UID", None if uid is None else str(uid), action)
    give_uid(component, made)
    places.made[made] = None
    return made


def give_uid(component: Component, uid: str) -> None:
    """Read a component as if its UID were ``uid`` (a repair's; the note says so)."""
    component["UID"] = vText(uid)


def utc_stamp(reader: Reader, component: Component, name: str) -> datetime | None:
    """LAST-MODIFIED, CREATED or DTSTAMP in UTC; one in another zone, floating or a date, noted."""
    prop = one(reader, component, name)
    if prop is None:
        return None
    value = prop.dt
    if isinstance(value, datetime) and value.utcoffset() == timedelta(0):
        return value.astimezone(UTC)
    shown = raw_text(prop)
    tzid = dict.get(prop.params, "TZID")
    if isinstance(value, datetime) and value.tzinfo is None and tzid and zone_named(str(tzid)):
        value = value.replace(tzinfo=zone_named(str(tzid)))
    if isinstance(value, datetime) and value.tzinfo is not None:
        reader.repair("must be a UTC date-time", name, shown, "converted to UTC")
        return value.astimezone(UTC)
    if isinstance(value, datetime):
        reader.repair("must be a UTC date-time", name, shown, "a floating time read as UTC")
        return value.replace(tzinfo=UTC)
    if isinstance(value, date):
        reader.repair("must be a UTC date-time", name, shown, "a date read as its midnight UTC")
        return datetime.combine(value, time(), tzinfo=UTC)
    raise reader.error("must be a UTC date-time", name, shown)


def _version(reader: Reader, component: Component) -> tuple[int, datetime]:
    sequence = one(reader, component, "SEQUENCE")
    stamp = utc_stamp(reader, component, "DTSTAMP")
    return (0 if sequence is None else int(sequence)), stamp or datetime.min.replace(tzinfo=UTC)


def twice(
    reader: Reader, places: Places, known: Component, component: Component, base: tuple[str, str]
) -> Component | None:
    """Two VEVENTs with one UID and no RECURRENCE-ID: the one to keep, or None for both.

    Versions of one event (RFC 5546: another SEQUENCE, or the same and another
    DTSTAMP) give the latest; the same lines twice give one; otherwise both are
    kept, the second read as if its UID were the id-based one of its own id
    (``f"{id}-"`` and a hash of its lines), so that an export does not write two
    VEVENTs of one UID. ``base`` is the first's event id and the UID domain.
    """
    uid = reader.uid or ""
    first, second = _version(reader, known), _version(reader, component)
    where = places.place(known)
    if first != second:
        kept = "the first" if first > second else "this one"
        action = f"one event's versions (SEQUENCE, DTSTAMP): {kept} kept, as the latest"
        reader.repair("is the UID of two events", "UID", uid, f"{action} (also at line {where})")
        return known if first > second else component
    if places.lines(known)[1:] == places.lines(component)[1:]:
        reader.repair("is the UID of two events", "UID", uid, "the same event twice: kept once")
        return known
    event_id, domain = base
    digest = hashlib.sha256("\r\n".join(places.lines(component)).encode()).hexdigest()[:8]
    other = f"{event_id[:200]}-{digest}"
    action = f"two events (also at line {where}): this one read as {other!r}, without the UID"
    reader.repair("is the UID of two events", "UID", uid, action)
    give_uid(component, f"{other}@{domain}")
    places.made[f"{other}@{domain}"] = uid
    return None


def without_empty_rules(reader: Reader, component: Component) -> None:
    """An empty ``RRULE:`` is no repeat (as recurring-ical-events reads it): removed, noted."""
    rules = all_of(component, "RRULE")
    kept = [rule for rule in rules if rule]
    if len(kept) == len(rules):
        return
    reader.repair("is empty", "RRULE", "", "no repeat")
    if kept:
        component["RRULE"] = kept if len(kept) > 1 else kept[0]
    else:
        del component["RRULE"]


def counts_beside_until(reader: Reader, component: Component) -> None:
    """A COUNT that is no positive number beside an UNTIL: left out, noted; the UNTIL ends the rule.

    As recurring-ical-events reads ``FREQ=WEEKLY;UNTIL=20240331;COUNT=-1``.
    """
    for rule in all_of(component, "RRULE"):
        counts = rule.get("COUNT") or []
        if "UNTIL" in rule and counts and not all(isinstance(n, int) and n > 0 for n in counts):
            message = "COUNT must be a positive number, and not beside UNTIL"
            reader.repair(message, "RRULE", raw_text(rule), "COUNT left out: UNTIL ends the rule")
            del rule["COUNT"]


def several_rules(reader: Reader, component: Component) -> None:
    """More than one RRULE (RFC 5545 allows one): their union is read, noted."""
    rules = all_of(component, "RRULE")
    if len(rules) > 1:
        shown = "; ".join(raw_text(rule) or "" for rule in rules)
        reader.repair("must appear once", "RRULE", shown, "their union read (expanded)")


def classification(reader: Reader, component: Component) -> str | None:
    """CLASS as the model takes it; an empty or unknown value left out, noted."""
    prop = one(reader, component, "CLASS")
    if prop is None:
        return None
    value = text_of(prop)
    try:
        token_of("classification", Classification, value)
    except InvalidValue as error:
        reader.repair(f"{error.field}: {error.rule}", "CLASS", value, "left out")
        return None
    return value


def person(
    reader: Reader, name: str, prop: Any, full: Callable[[], _T], bare: Callable[[], _T]
) -> _T:
    """An ORGANIZER or ATTENDEE; one whose address is not a URI keeps its name only, noted."""
    try:
        return full()
    except InvalidValue as error:
        if not error.field.endswith("address"):
            return reader.guard(name, full, raw_text(prop))
        reader.repair(
            f"{error.field}: {error.rule}",
            name,
            raw_text(prop),
            "not a URI: kept as the name, without an address",
        )
    return reader.guard(name, bare, raw_text(prop))
