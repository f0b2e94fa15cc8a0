"""A static index of half-open integer spans, for window queries in O(log n + k).

The spans come in the timeline's order, so their starts never decrease. They
are split into buckets by length (each bucket holds spans within a factor of
four in length; open ends have a bucket of their own). Within a bucket, a span
that reaches into the window ``[lo, hi)`` must start in ``[lo - longest, hi)``:
two bisections find that run, every span in it that starts at or after ``lo``
overlaps, and only those that start before ``lo`` need their end checked, at
most a bucket's worth of near misses. Positions come back in timeline order.
"""

from __future__ import annotations

from array import array
from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from itertools import compress, repeat
from operator import rshift, sub

from bri_timeline.model.keys import OPEN_END

__all__ = ["SpanIndex"]


# Closed spans are shorter than 2**59 microseconds (years 1 to 9999), so their
# size class (bit length // 2) is at most 29; open ends have a class of 31.
_OPEN_SIZE = OPEN_END.bit_length() >> 1


class _Bucket:
    """The spans of one size class, by start: parallel arrays, and the longest length."""

    __slots__ = ("ends", "longest", "open", "positions", "starts")

    def __init__(self, positions: array[int], starts: array[int], ends: array[int]) -> None:
        self.positions = array("q", positions)
        self.starts = array("q", map(starts.__getitem__, positions))
        self.ends = array("q", map(ends.__getitem__, positions))
        self.longest = max(map(sub, self.ends, self.starts))
        self.open = self.longest.bit_length() >> 1 >= _OPEN_SIZE


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
            map(rshift, map(int.bit_length, map(sub, self._ends, self._starts)), repeat(1))
        )
        order = array("q", sorted(range(len(sizes)), key=sizes.__getitem__))
        classes = list(map(sizes.__getitem__, order))
        buckets = []
        first = 0
        for size in sorted(set(sizes)):
            stop = bisect_right(classes, size, first)
            buckets.append(_Bucket(order[first:stop], self._starts, self._ends))
            first = stop
        self._buckets = tuple(buckets)
        self._ends_sorted: array[int] | None = None
        self._by_end: array[int] | None = None

    def overlapping(self, lo: int, hi: int) -> list[int]:
        """Positions of the spans that overlap ``[lo, hi)``, ascending. O(log n + k)."""
        found: list[int] = []
        for bucket in self._buckets:
            starts = bucket.starts
            first = bisect_left(starts, lo - bucket.longest + 1)
            stop = bisect_left(starts, hi, first)
            if first >= stop:
                continue
            if bucket.open:  # every open end reaches past lo
                found.extend(bucket.positions[first:stop])
                continue
            sure = bisect_left(starts, lo, first, stop)
            if first < sure:
                ends = bucket.ends[first:sure]
                found.extend(compress(bucket.positions[first:sure], (end > lo for end in ends)))
            found.extend(bucket.positions[sure:stop])
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
