"""Which events go in which panel of the SVG picture: the overview and the zoomed panels.

The overview spans every event. Short events (each under 2% of a panel's span)
that are crowded together are drawn in a panel of their own instead:

* a *chain* of short events whose gaps are under 2% of the span is a cluster
  when it has at least three events and stretches over at most a tenth of the
  span (the BRI data's five events of 8 to 15 November 2024);
* a longer chain (short events all along the span) yields its unusually busy
  stretches instead: runs of 2%-wide bins holding four times the chain's
  average and at least three events.

Each cluster is handled the same way inside its own panel, to four levels.
Panels are named A, B, ... in the order they are drawn, parents first. A
panel spans at least an hour.

>>> from datetime import date
>>> from bri_timeline import AllDay, Event, PartialDate
>>> found = panels([Event("c", "C", PartialDate.of_century(1800))] + [
...     Event(f"d{day}", "D", AllDay(date(2024, 11, day))) for day in (8, 13, 14)])
>>> [(panel.name, [event.id for event in panel.events]) for panel in found]
[('', ['c']), ('A', ['d8', 'd13', 'd14'])]
>>> found[0].zooms[0].count
3
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

import attrs

from bri_timeline.formats.svg._time_axis import MAX_KEY
from bri_timeline.model.event import Event
from bri_timeline.model.keys import OPEN_END, OPEN_START, US_PER_DAY, key_in_calendar, year_key

_LAST_DAY = year_key(10_000) - 2 * US_PER_DAY  # 9999-12-30: the day after it still fits

__all__ = ["Panel", "Zoom", "panels", "span"]

# How clusters are found (fractions of a panel's span) and how deep panels nest.
_SMALL, _CLOSE, _ZOOM = 0.02, 0.02, 0.1
_MIN_CLUSTER = 3  # events; two events crowded together are told apart by their labels
_DENSE = 4  # a busy stretch has this many times the events of an average one
_MAX_DEPTH = 4
_MIN_SPAN = 3_600_000_000  # one hour: the narrowest span a panel shows


def span(event: Event) -> tuple[int, int]:
    """An event's span keys ``(start, end)``; the end is ``OPEN_END`` when open.

    A vague time reaching beyond the years 1 to 9999 (deep time, an open start)
    is drawn over the part of it that lies within them, and at least a day.
    """
    start, end, _ = event.sort_key
    if start <= OPEN_START:
        # An open or unknown start is drawn as an arrow from the panel's edge: the
        # panel spans the time that is known, not the whole past.
        start = max(0, (end if end != OPEN_END else 0) - US_PER_DAY)
    if key_in_calendar(start) and (end == OPEN_END or key_in_calendar(end - 1)):
        return start, end
    start = min(max(start, 0), _LAST_DAY)
    return start, end if end == OPEN_END else max(
        min(end, _LAST_DAY + US_PER_DAY), start + US_PER_DAY
    )


@attrs.frozen
class Zoom:
    """A stretch of a panel drawn again, larger, in the panel called ``name``."""

    name: str
    lo: int
    hi: int
    count: int


@attrs.frozen
class Panel:
    """One linear axis over ``[lo, hi)`` and the events drawn on it."""

    name: str  # "" for the overview
    lo: int
    hi: int
    events: tuple[Event, ...]
    zooms: tuple[Zoom, ...]


def _extent(events: Sequence[Event]) -> tuple[int, int]:
    lo = min(span(event)[0] for event in events)
    hi = max(end if end != OPEN_END else start for start, end in map(span, events))
    if hi - lo < _MIN_SPAN:
        middle = (lo + hi) // 2
        lo, hi = middle - _MIN_SPAN // 2, middle + _MIN_SPAN // 2
        if lo < 0:
            lo, hi = 0, _MIN_SPAN
        elif hi > MAX_KEY:
            lo, hi = MAX_KEY - _MIN_SPAN, MAX_KEY
    return lo, hi


def _chains(events: Sequence[Event], length: int) -> list[list[Event]]:
    """The short events (each under ``_SMALL`` of the span), chained while gaps are small."""
    chains: list[list[Event]] = []
    reach = 0
    for event in events:  # in timeline order, so by start
        start, end = span(event)
        if end == OPEN_END or end - start > length * _SMALL:
            continue
        if chains and start - reach <= length * _CLOSE:
            chains[-1].append(event)
            reach = max(reach, end)
        else:
            chains.append([event])
            reach = end
    return chains


def _dense_runs(chain: list[Event], lo: int, length: int) -> list[list[Event]]:
    """In a chain too long to zoom into, the runs of bins far busier than the chain's average."""
    size = max(1, int(length * _CLOSE))
    bins: dict[int, list[Event]] = {}
    for event in chain:
        bins.setdefault((span(event)[0] - lo) // size, []).append(event)
    busy = max(_MIN_CLUSTER, _DENSE * len(chain) / len(bins))
    runs: list[list[Event]] = []
    previous = None
    for index in sorted(bins):
        if len(bins[index]) >= busy:
            if runs and previous == index - 1:
                runs[-1].extend(bins[index])
            else:
                runs.append(list(bins[index]))
            previous = index
    return runs


def _clusters(events: Sequence[Event], lo: int, hi: int) -> list[list[Event]]:
    """Groups of short events crowded into a stretch small enough to zoom into.

    A chain of short, close events is a cluster if it is short enough; a longer
    chain (events all along the span) gives its unusually busy stretches.
    """
    length = hi - lo
    found = []
    for chain in _chains(events, length):
        low, high = _extent(chain)
        groups = [chain] if high - low <= length * _ZOOM else _dense_runs(chain, lo, length)
        for group in groups:
            low, high = _extent(group)
            if len(group) >= _MIN_CLUSTER and high - low <= length * _ZOOM:
                found.append(group)
    return found


def _letters() -> Iterator[str]:
    alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    yield from alphabet
    size = 2
    while True:  # AA, AB, ... after Z
        for number in range(len(alphabet) ** size):
            name, rest = "", number
            for _ in range(size):
                rest, digit = divmod(rest, len(alphabet))
                name = alphabet[digit] + name
            yield name
        size += 1


def panels(events: Sequence[Event]) -> list[Panel]:
    """The overview and the zoomed panels, parents before children."""
    slots: list[Panel | None] = []
    letters = _letters()

    def visit(group: Sequence[Event], name: str, depth: int) -> tuple[int, int]:
        lo, hi = _extent(group)
        clusters = _clusters(group, lo, hi) if depth < _MAX_DEPTH else []
        moved = {event.id for cluster in clusters for event in cluster}
        slot = len(slots)
        slots.append(None)
        zooms = []
        for cluster in clusters:
            child = next(letters)
            child_lo, child_hi = visit(cluster, child, depth + 1)
            zooms.append(Zoom(child, child_lo, child_hi, len(cluster)))
        here = tuple(event for event in group if event.id not in moved)
        slots[slot] = Panel(name, lo, hi, here, tuple(zooms))
        return lo, hi

    if events:
        visit(events, "", 1)
    return [panel for panel in slots if panel is not None]
