"""Checks every loader makes on a file's events as a whole."""

from __future__ import annotations

from collections.abc import Iterable

from bri_timeline.model.event import Event

__all__ = ["repeated_id"]


def repeated_id(events: Iterable[Event]) -> str | None:
    """The first id that a second event repeats, or None.

    Loaders check this themselves rather than leave it to ``Timeline``, which
    keeps one of two equal events: a file that repeats an event has a mistake in it.

    >>> from datetime import date
    >>> from bri_timeline.model.times import AllDay
    >>> day = AllDay(date(2024, 11, 14))
    >>> repeated_id([Event("a", "A", day), Event("b", "B", day), Event("a", "A", day)])
    'a'
    """
    seen: set[str] = set()
    for event in events:
        if event.id in seen:
            return event.id
        seen.add(event.id)
    return None
