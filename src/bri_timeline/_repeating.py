"""The repeating events of a timeline, for its queries: occurrences found lazily, per window.

Part of :class:`~bri_timeline.timeline.Timeline`. Plain events stay in the span
index; a repeating event is asked, through
:func:`~bri_timeline.model.recurrence.events_between`, for the occurrences a
window can touch: its rule skips whole periods before the window by arithmetic,
walks in order and stops at the window's end. A repeating event whose earliest
start (its own, an earlier RDATE or an override moved earlier) is after the window is
not asked at all.

An occurrence comes back as an :class:`~bri_timeline.model.event.Event`: the
repeating event with the occurrence's time, no rule, and the id
``f"{id}+{start}"`` (:func:`~bri_timeline.model.recurrence.occurrence_id`), or the
override's event where the occurrence was changed, so that a query's result is a
Timeline of events like any other.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from datetime import date, datetime

from bri_timeline.errors import InvalidArgument
from bri_timeline.model.event import Event
from bri_timeline.model.floating import FloatingSpan
from bri_timeline.model.keys import date_key
from bri_timeline.model.recurrence import events_between
from bri_timeline.model.times import TimeSpan

__all__ = ["Repeats"]

_Keep = Callable[[Event], bool]


def _first(value: date | datetime | TimeSpan) -> int:
    """The span key an RDATE's occurrence starts at (a naive datetime is a floating wall time)."""
    if isinstance(value, datetime):
        return (FloatingSpan if value.tzinfo is None else TimeSpan)(value)._start
    return value._start if isinstance(value, TimeSpan) else date_key(value)


def _earliest(event: Event) -> int:
    assert event.recurrence is not None
    extra = [_first(v) for v in event.recurrence.rdates]
    moved = [override.event._start for override in event.overrides]
    return min([event._start, *extra, *moved])


class Repeats:
    """The repeating events among a timeline's (sorted) events."""

    __slots__ = ("endless", "events", "firsts")

    def __init__(self, events: Sequence[Event]) -> None:
        self.events = [event for event in events if event.recurrence is not None]
        self.firsts = [_earliest(event) for event in self.events]
        self.endless = [
            event.id
            for event in self.events
            if event.recurrence is not None and not event.recurrence.ends
        ]

    def __bool__(self) -> bool:
        return bool(self.events)

    def between(self, lo: int, hi: int, keep: _Keep | None = None) -> Iterator[Event]:
        """The occurrences that overlap ``[lo, hi)`` and that ``keep`` keeps, event by event."""
        for event, first in zip(self.events, self.firsts, strict=True):
            if first >= hi:
                continue
            for found in events_between(event, lo, hi):
                if keep is None or keep(found):
                    yield found

    def check_finite(self, what: str) -> None:
        """Refuse a question about every occurrence when a rule never ends."""
        if self.endless:
            raise InvalidArgument(
                "timeline",
                f"{what} needs a window: event {self.endless[0]!r} repeats for ever "
                "(ask overlapping(window), or give the rule a count or an until)",
                self.endless[0],
            )

    def every(self) -> Iterator[Event]:
        """Every occurrence of rules that all end (:meth:`check_finite` first)."""
        return self.between(-1, 1 << 63)
