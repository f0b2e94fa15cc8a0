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
from itertools import compress

from bri_timeline.model.times import OPEN_END

__all__ = ["SpanIndex"]


class _Bucket:
    __slots__ = ("ends", "longest", "positions", "starts")

    def __init__(self, longest: int) -> None:
        self.longest = longest
        self.starts = array("q")
        self.ends = array("q")
        self.positions = array("q")


class SpanIndex:
    """Spans ``[starts[i], ends[i])`` with ``starts`` sorted; answers which overlap a window."""

    __slots__ = ("_buckets", "_by_end", "_ends", "_ends_sorted", "_starts")

    def __init__(self, starts: Sequence[int], ends: Sequence[int]) -> None:
        self._starts = array("q", starts)
        self._ends = array("q", ends)
        buckets: dict[int, _Bucket] = {}
        for position, (start, end) in enumerate(zip(self._starts, self._ends, strict=True)):
            length = end - start
            size = -1 if end == OPEN_END else length.bit_length() >> 1
            bucket = buckets.get(size)
            if bucket is None:
                bucket = buckets[size] = _Bucket(0)
            bucket.longest = max(bucket.longest, length)
            bucket.starts.append(start)
            bucket.ends.append(end)
            bucket.positions.append(position)
        self._buckets = tuple(buckets.values())
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
