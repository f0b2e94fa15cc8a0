"""The real calendars the iCalendar tests read: those icalendar and recurring-ical-events ship.

Both packages ship the .ics files of their own test suites inside their
distributions (Google, Outlook, Apple and Thunderbird exports among them, and
files made to break readers). :func:`corpus_files` lists them, and
:func:`reference` gives what the reference reader makes of one: icalendar 7 with
recurring-ical-events 3, over the fixed :data:`WINDOW`, as a set of
(UID, start instant) pairs, or the reference's refusal as one line.

``benchmarks/corpus.py`` compares bri_timeline's reader with it, file by file.
"""

from __future__ import annotations

import warnings
from collections.abc import Iterable
from datetime import UTC, date, datetime
from pathlib import Path

import attrs
import icalendar
import recurring_ical_events

__all__ = ["WINDOW", "Reference", "corpus_files", "instant", "reference", "short"]

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
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            calendars = icalendar.Calendar.from_ical(path.read_bytes(), multiple=True)
            found: set[tuple[str, datetime | date]] = set()
            for calendar in calendars:
                query = recurring_ical_events.of(calendar)
                found.update(_pairs(query.between(*WINDOW)))
        except Exception as error:  # any refusal of the reference is its answer
            return Reference(None, short(error))
    return Reference(frozenset(found), None)


def _pairs(components: Iterable[icalendar.Component]) -> Iterable[tuple[str, datetime | date]]:
    for component in components:
        start = component.get("DTSTART")
        if start is None:
            continue
        yield str(component.get("UID", "")), instant(start.dt)
