"""The real calendars the iCalendar tests read: those icalendar and recurring-ical-events ship.

Both packages ship the .ics files of their own test suites inside their
distributions (Google, Outlook, Apple and Thunderbird exports among them, and
files made to break readers). :func:`corpus_files` lists them,
:func:`reference` gives what the reference reader makes of one: icalendar 7 with
recurring-ical-events 3, over the fixed :data:`WINDOW`, as a set of
(UID, start instant) pairs, or the reference's refusal as one line; :func:`ours`
gives what ``read_ics`` makes of it, and :func:`agrees` compares the two.

``tests/test_ics_corpus.py`` holds every file to that comparison, and
``benchmarks/corpus.py`` prints it, file by file.
"""

from __future__ import annotations

import re
import warnings
from collections.abc import Iterable
from datetime import UTC, date, datetime
from pathlib import Path

import attrs
import icalendar
import recurring_ical_events

from bri_timeline import AllDay, FloatingSpan, ICalendarError, Timeline, TimeSpan, read_ics
from bri_timeline.formats.ical._mapping import DEFAULT_DOMAIN
from bri_timeline.formats.ical._vevent import id_from_uid

__all__ = [
    "WINDOW",
    "Ours",
    "Reference",
    "agrees",
    "corpus_files",
    "corpus_name",
    "instant",
    "occurrences",
    "ours",
    "reference",
    "reference_of",
    "short",
    "window",
]

Pair = tuple[str, "datetime | date | str"]
"""An occurrence: its UID or id, and its start (a vague start as its text)."""

WINDOW = (date(1990, 1, 1), date(2040, 1, 1))
"""The window both readers expand repeating events in: [1990-01-01, 2040-01-01)."""

_PACKAGES = (Path(icalendar.__file__).parent, Path(recurring_ical_events.__file__).parent)


def corpus_files() -> list[Path]:
    """Every .ics file inside the installed icalendar and recurring_ical_events, sorted."""
    return sorted(path for package in _PACKAGES for path in package.rglob("*.ics"))


def corpus_name(path: Path) -> str:
    """The file's name within the packages: ``icalendar/tests/calendars/x.ics``."""
    for package in _PACKAGES:
        if path.is_relative_to(package):
            return str(path.relative_to(package.parent))
    return str(path)


def short(error: BaseException) -> str:
    """An error as one line of at most 200 characters."""
    text = " ".join(f"{type(error).__name__}: {error}".split())
    return text if len(text) <= 200 else text[:199] + "…"


def instant(value: date | datetime) -> datetime | date:
    """A start as the reference gives it, comparable across readers.

    A date stays a date; an aware date-time becomes the same instant in UTC; a
    floating one (no zone) stays as it is.
    """
    if isinstance(value, datetime) and value.tzinfo is not None:
        return value.astimezone(UTC)
    return value


@attrs.frozen
class Reference:
    """What the reference reader makes of a file: its occurrences, or why it refuses it."""

    occurrences: frozenset[tuple[str, datetime | date]] | None
    error: str | None


def reference(path: Path) -> Reference:
    """The reference's occurrences of a file within :data:`WINDOW`: (UID, start instant) pairs."""
    return reference_of(path.read_bytes())


def reference_of(data: bytes) -> Reference:
    """The reference's occurrences of a file's bytes (see :func:`reference`).

    As a fresh process reads the file: icalendar keeps the first VTIMEZONE it meets for
    a TZID that is no IANA name for the whole process (two files that define "Customized
    Time Zone" differently would read alike), so its cache is emptied first.
    """
    icalendar.use_zoneinfo()  # type: ignore[no-untyped-call]  # the default, its cache empty
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            calendars = icalendar.Calendar.from_ical(data, multiple=True)
            found: set[tuple[str, datetime | date]] = set()
            for calendar in calendars:
                query = recurring_ical_events.of(calendar, components=_KINDS)
                found.update(_pairs(query.between(*WINDOW)))
        except Exception as error:  # any refusal of the reference is its answer
            return Reference(None, short(error))
    return Reference(frozenset(found), None)


_KINDS = ("VEVENT", "VTODO", "VJOURNAL")  # what read_ics reads


def _pairs(components: Iterable[icalendar.Component]) -> Iterable[tuple[str, datetime | date]]:
    for component in components:
        start = component.get("DTSTART", component.get("DUE"))  # a VTODO may have DUE alone
        if start is None:
            continue
        yield str(component.get("UID", "")), instant(start.dt)


@attrs.frozen
class Ours:
    """What ``read_ics`` makes of a file within :data:`WINDOW`: each occurrence twice.

    ``instants`` holds (id, start instant) pairs (an aware start in UTC, a day as
    a date), ``walls`` the same with an aware start's wall time instead, to be
    compared with a floating start of the reference.
    """

    instants: frozenset[Pair]
    walls: frozenset[Pair]


def ours(path: Path) -> Ours | ICalendarError:
    """Our occurrences of a file within :data:`WINDOW`, or our refusal of it."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            timeline = read_ics(path, window=window())
    except ICalendarError as error:
        return error
    return occurrences(timeline)


def window() -> AllDay:
    """:data:`WINDOW` as the days it holds."""
    first, end = WINDOW
    return AllDay(first, date.fromordinal(end.toordinal() - 1))


def occurrences(timeline: Timeline) -> Ours:
    """The events of a timeline read with :func:`window` as the pairs :func:`agrees` compares."""
    instants: set[Pair] = set()
    walls: set[Pair] = set()
    for event in timeline:
        when = event.time
        if isinstance(when, TimeSpan):
            instants.add((event.id, when.start.astimezone(UTC)))
            walls.add((event.id, when.start.replace(tzinfo=None)))
        elif isinstance(when, AllDay):
            instants.add((event.id, when.first))
            walls.add((event.id, when.first))
        elif isinstance(when, FloatingSpan):  # the reference gives it with no zone too
            instants.add((event.id, when.start))
            walls.add((event.id, when.start))
        else:
            instants.add((event.id, str(when)))
    return Ours(frozenset(instants), frozenset(walls))


_NO_UID = re.compile(r"event-[0-9a-f]{20}")
"""The id of an event read without a UID (``formats/ical/_repairs``)."""
_TOLD_APART = re.compile(r"(.+)-[0-9a-f]{8}")
"""The id of the second of two events of one UID, told apart (``formats/ical/_repairs``)."""


def _series(event_id: str, bases: dict[str, str]) -> str:
    """The reference's UID of one of our events: by its id, or its series' (``id+start``).

    A series split at a change of this and future occurrences is ``id+start``
    too, and its occurrences ``id+start+start``; the second of two events of one UID
    is ``id-`` and a hash. The reference names every event without a UID ``""``;
    so are ours.
    """
    parts = event_id.split("+")
    if _NO_UID.fullmatch(parts[0]):
        return ""
    if (apart := _TOLD_APART.fullmatch(parts[0])) and apart[1] in bases:
        return bases[apart[1]]
    for end in range(1, len(parts) + 1):
        if (candidate := "+".join(parts[:end])) in bases:
            return bases[candidate]
    return event_id


def agrees(expected: frozenset[tuple[str, datetime | date]], found: Ours) -> bool:
    """Whether both give the same set of (UID, start) pairs.

    Our ids are taken back to the reference's UIDs. A start the reference gives
    with no zone (floating) is compared with our wall time, any other with our
    instant. Sets, not counts: two occurrences moved to one time are one pair.
    Starts within a day of the window's ends are left out on both sides: the
    reference takes the window's days in the event's zone, we in UTC.
    """
    bases = {id_from_uid(uid, DEFAULT_DOMAIN): uid for uid, _ in expected}
    floating = {uid for uid, start in expected if isinstance(start, datetime) and not start.tzinfo}
    mine = {
        (uid, start)
        for pairs, wall in ((found.instants, False), (found.walls, True))
        for event_id, start in pairs
        if ((uid := _series(event_id, bases)) in floating) == wall and _inside(start)
    }
    return mine == {(uid, start) for uid, start in expected if _inside(start)}


def _inside(start: object) -> bool:
    """Whether a start is more than a day inside :data:`WINDOW` (any text start is)."""
    if not isinstance(start, date):
        return True
    day = start.date() if isinstance(start, datetime) else start
    first, end = WINDOW
    return first < day < date.fromordinal(end.toordinal() - 1)
