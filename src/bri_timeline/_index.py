"""A static index of half-open integer spans, for window queries in O(log n + k).

The spans come in the timeline's order, so their starts never decrease. They
are split into buckets by length (each bucket holds spans within a factor of
sixteen in length; open ends have a bucket of their own). Within a bucket, a
span that reaches into the window ``[lo, hi)`` must start in ``[lo - longest, hi)``:
two bisections find that run, every span in it that starts at or after ``lo``
overlaps, and only those that start before ``lo`` need their end checked, in C,
at most a bucket's worth of near misses. Positions come back in timeline order.

Why sixteen: a query pays about a microsecond for each bucket (three bisections
and the slices) and some 40 ns for each near miss, so fewer, wider buckets are
cheaper as long as the near misses stay few. The spans a bucket misses near
``lo`` are no shorter than a sixteenth of its longest, so for spans spread
evenly in time a query checks at most about fifteen near misses for each span it
finds. Events of minutes to hours and of days then fall into three buckets, not
five (``benchmarks/run.py --cases points``).
"""

from __future__ import annotations

from array import array
from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from itertools import compress, repeat
from operator import rshift, sub

from bri_timeline.model.keys import OPEN_END

__all__ = ["SpanIndex"]


# A span's size class is its length's bit length // 4 (a factor of sixteen).
# Closed spans are shorter than 2**59 microseconds (years 1 to 9999), so their
# class is at most 14; open ends have a class of 15.
_CLASS_BITS = 2
_OPEN_SIZE = OPEN_END.bit_length() >> _CLASS_BITS

_Bucket = tuple["array[int]", "array[int]", "array[int]", int, bool]
"""One size class, by start: positions, starts, ends (parallel arrays), longest length, open."""


def _bucket(positions: array[int], starts: array[int], ends: array[int]) -> _Bucket:
    mine = array("q", map(starts.__getitem__, positions))
    their_ends = array("q", map(ends.__getitem__, positions))
    longest = max(map(sub, their_ends, mine))
    return (
        array("q", positions),
        mine,
        their_ends,
        longest,
        # Open only when every end is open: a closed span of deep time
        # (``Y-17E7/2009``) can be as long as an open one.
        longest.bit_length() >> _CLASS_BITS >= _OPEN_SIZE and min(their_ends) == OPEN_END,
    )


class SpanIndex:
    """Spans ``[starts[i], ends[i])`` with ``starts`` sorted; answers which overlap a window."""

    __slots__ = ("_buckets", "_by_end", "_ends", "_ends_sorted", "_starts")

    def __init__(self, starts: Sequence[int], ends: Sequence[int]) -> None:
        self._starts = array("q", starts)
        self._ends = array("q", ends)
        if len(self._starts) != len(self._ends):
            raise ValueError("starts and ends differ in length")
        # Size classes, computed with C-level maps; a stable sort by class keeps
        # each class's positions (and so its starts) in ascending order.
        sizes = list(
            map(
                rshift,
                map(int.bit_length, map(sub, self._ends, self._starts)),
                repeat(_CLASS_BITS),
            )
        )
        order = array("q", sorted(range(len(sizes)), key=sizes.__getitem__))
        classes = list(map(sizes.__getitem__, order))
        buckets = []
        first = 0
        for size in sorted(set(sizes)):
            stop = bisect_right(classes, size, first)
            buckets.append(_bucket(order[first:stop], self._starts, self._ends))
            first = stop
        self._buckets = tuple(buckets)
        self._ends_sorted: array[int] | None = None
        self._by_end: array[int] | None = None

    def overlapping(self, lo: int, hi: int) -> list[int]:
        """Positions of the spans that overlap ``[lo, hi)``, ascending. O(log n + k)."""
        found: list[int] = []
        runs = 0
        reaches = lo.__lt__  # end > lo, checked in C for each near miss
        for positions, starts, ends, longest, is_open in self._buckets:
            first = bisect_left(starts, lo - longest + 1)
            stop = bisect_left(starts, hi, first)
            if first >= stop:
                continue
            runs += 1
            if is_open:  # every open end reaches past lo
                found += positions[first:stop]
                continue
            sure = bisect_left(starts, lo, first, stop)
            if first < sure:
                found += compress(positions[first:sure], map(reaches, ends[first:sure]))
            found += positions[sure:stop]
        if runs > 1:  # each bucket gives an ascending run; runs interleave
            found.sort()
        return found

    def starting(self, lo: int, hi: int) -> range:
        """Positions of the spans that start in ``[lo, hi)``. O(log n)."""
        return range(bisect_left(self._starts, lo), bisect_left(self._starts, hi))

    def inside(self, lo: int, hi: int) -> list[int]:
        """Positions of the spans within ``[lo, hi)``, ascending.

        O(log n + m), for the m spans that start in the window.
        """
        within = self.starting(lo, hi)
        ends = self._ends
        return [position for position in within if ends[position] <= hi]

    def ending_by(self, moment: int) -> list[int]:
        """Positions of the spans that end at or before ``moment``, ascending.

        O(log n + k log k); the first call sorts the ends once, O(n log n).
        """
        if self._ends_sorted is None or self._by_end is None:
            order = sorted(range(len(self._ends)), key=self._ends.__getitem__)
            self._by_end = array("q", order)
            self._ends_sorted = array("q", (self._ends[i] for i in order))
        stop = bisect_right(self._ends_sorted, moment)
        return sorted(self._by_end[:stop])

    def start_of(self, position: int) -> int:
        """The start of the span at ``position``."""
        return self._starts[position]

    def end_of(self, position: int) -> int:
        """The end of the span at ``position``."""
        return self._ends[position]
