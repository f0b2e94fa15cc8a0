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

from bri_timeline.model.event import Event

__all__ = ["Bounds", "clipped", "free"]

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
