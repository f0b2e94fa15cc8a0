"""Free time: the stretches of a window that no event covers, by one sweep.

Part of :meth:`bri_timeline.Timeline.gaps`, which turns what :func:`free` finds
into :class:`~bri_timeline.Gap` values. The sweep works on span keys (UTC
microseconds, see :mod:`bri_timeline.model.keys`) and on the part of each event
that is asked about: its span for the time that is *certainly* free, its core
(:mod:`bri_timeline.model.relations`) for the time that is *possibly* free.

Every span lasts (an instant, the microsecond it names); a core may be empty (a
partial date's), and then its caller leaves it out: it covers nothing.

Keys here are small ints, and the events None, to show the sweep:

>>> free([(10, 20, None), (30, 40, None), (35, 36, None)], 0, 50, 0)
[(0, 10, None, None), (20, 30, None, None), (40, 50, None, None)]
>>> free(clipped([(-5, 20, None), (25, 26, None), (45, 60, None)], 0, 50), 0, 50, 3)
[(20, 25, None, None), (26, 45, None, None)]
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from bri_timeline.errors import InvalidTime
from bri_timeline.model.edtf import to_edtf
from bri_timeline.model.event import Event
from bri_timeline.model.keys import OPEN_END, OPEN_START, key_in_calendar, key_to_datetime

__all__ = ["Bounds", "clipped", "free", "moment", "stretch_times"]

_BEYOND = "beyond the years 1 to 9999 that a datetime can hold"

Bounds = tuple[int, int, Event]
"""The start and end (span keys) of the part of an event that counts, and the event."""

FreeStretch = tuple[int, int, Event | None, Event | None]
"""Start, end, the event whose end opens it (None: the window's start), the one whose start
closes it (None: the window's end)."""


def clipped(bounds: Iterable[Bounds], lo: int, hi: int) -> list[Bounds]:
    """The parts of ``bounds`` that lie in ``[lo, hi)``, in start order."""
    kept = [
        (max(start, lo), min(end, hi), event)
        for start, end, event in bounds
        if start < hi and end > lo
    ]
    kept.sort(key=lambda part: (part[0], part[1]))
    return kept


def free(bounds: list[Bounds], lo: int, hi: int, threshold: int) -> list[FreeStretch]:
    """The stretches of ``[lo, hi)`` that no part of ``bounds`` covers, longer than ``threshold``.

    Args:
        bounds: The parts of events that count, within ``[lo, hi)`` and in start order.
        lo: Where the window starts.
        hi: Where it ends.
        threshold: The length (microseconds) a stretch must exceed.
    """
    found: list[FreeStretch] = []
    reach, after = lo, None
    for start, end, event in bounds:
        if start - reach > threshold:
            found.append((reach, start, after, event))
        if end > reach:
            reach, after = end, event
    if hi - reach > threshold:
        found.append((reach, hi, after, None))
    return found


def moment(key: int, event: Event, side: str) -> datetime:
    """The UTC datetime of ``event``'s ``side`` (``"start"`` or ``"end"``) at ``key``.

    Raises:
        InvalidTime: No datetime holds it (an open or unknown side, deep time);
            the error names the event, its time and the reason.

    >>> from bri_timeline import Event, Vague
    >>> moment(0, Event("a", "A", Vague("../1985")), "start")
    datetime.datetime(1, 1, 1, 0, 0, tzinfo=datetime.timezone.utc)
    >>> moment(Vague("../1985")._start, Event("a", "A", Vague("../1985")), "start")
    Traceback (most recent call last):
    ...
    bri_timeline.errors.InvalidTime: event 'a': start: is open or unknown, so no datetime ...
    """
    if key_in_calendar(key):
        return key_to_datetime(key)
    reason = "is open or unknown" if key <= OPEN_START or key >= OPEN_END else f"lies {_BEYOND}"
    raise InvalidTime(
        f"event {event.id!r}: {side}",
        f"{reason}, so no datetime can give it",
        to_edtf(event.time),
    )


def stretch_times(
    start: int, end: int, after: Event | None, before: Event | None
) -> tuple[datetime, datetime]:
    """The UTC datetimes of a free stretch, or a clear error naming the events around it.

    Raises:
        InvalidTime: The stretch lies (partly) beyond the years 1 to 9999, as the free
            time between deep-time events does; ``within`` a window inside them works.
    """
    if key_in_calendar(start) and key_in_calendar(end):
        return key_to_datetime(start), key_to_datetime(end)
    if after is not None and before is not None:
        where = f"between event {after.id!r} and event {before.id!r}"
    elif after is not None:
        where = f"after event {after.id!r}"
    else:
        where = "across the whole span" if before is None else f"before event {before.id!r}"
    if end >= OPEN_END:
        reason = "has no end (an open or unknown end may come at once)"
    elif start <= OPEN_START:
        reason = "has no start (an open or unknown start)"
    else:
        reason = f"lies {_BEYOND}"
    times = [to_edtf(event.time) for event in (after, before) if event is not None]
    raise InvalidTime(
        "gaps",
        f"the free time {where} {reason}: give within= a window inside the years 1 to 9999",
        " .. ".join(times) or None,
    )
