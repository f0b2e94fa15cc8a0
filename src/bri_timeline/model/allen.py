"""Allen's relations between times whose ends are not known exactly: possible and certain.

Each time has a range for its start and one for its end on the span axis (see
:mod:`bri_timeline.model.keys`): one point for exact times; the period for a
partial date (it may be any part of it); the widened bounds of each side for a
:class:`~bri_timeline.model.vague.Vague` time (the hull of its members for a
set); an open end is :data:`~bri_timeline.model.keys.OPEN_END`.

A relation is *possible* when some choice of ends within those ranges (each
start before its end) gives it, and *certain* when it is the only possible one.
Each relation is a handful of comparisons between the four ends, so whether it
is possible is a system of difference constraints, feasible exactly when its
graph has no negative cycle (Floyd-Warshall on five nodes).

A vague *day* (``2004-06-11?``, ``1985-04-XX``: a day of uncertain date) is some
time within one of the days it may be, not any stretch of its widened span: its
end is tied to its start. Each candidate day is tried as a range of its own
(the days that lie alike against the other time's ends give one answer, so one
of them stands for all), which makes the answer exact for vague days; other
kinds keep their ranges, possibly with relations that no concrete choice gives,
never without one that some choice gives.

>>> from datetime import date
>>> from bri_timeline.model.times import AllDay, PartialDate
>>> year, day = PartialDate.of_year(2009), AllDay(date(2009, 6, 1))
>>> len(possible_relations(year, day))  # some part of 2009: any of the thirteen
13
>>> sorted(r.value for r in possible_relations(year, AllDay(date(2009, 1, 1))))
['after', 'during', 'equals', 'finishes', 'met by', 'overlapped by', 'started by', 'starts']
>>> certain_relation(PartialDate.of_year(2009), AllDay(date(2010, 6, 1)))
Relation.BEFORE
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from bri_timeline.model.edtf_grammar import Point
from bri_timeline.model.floating import FloatingSpan
from bri_timeline.model.keys import OPEN_END, US_PER_DAY
from bri_timeline.model.relations import Relation, _refused, certainly_overlaps
from bri_timeline.model.times import AllDay, OpenEnded, PartialDate, TimeSpan
from bri_timeline.model.vague import Vague

if TYPE_CHECKING:
    from bri_timeline.model.event import Event
    from bri_timeline.model.times import Time

__all__ = ["certain_relation", "possible_relations"]

_S1, _E1, _S2, _E2, _ZERO = range(5)

# Each relation of a to b as comparisons (left, sign, right) between the ends:
# sign -1 is "<", 0 is "==".
_RULES: dict[Relation, tuple[tuple[int, int, int], ...]] = {
    Relation.BEFORE: ((_E1, -1, _S2),),
    Relation.MEETS: ((_E1, 0, _S2),),
    Relation.OVERLAPS: ((_S1, -1, _S2), (_S2, -1, _E1), (_E1, -1, _E2)),
    Relation.STARTS: ((_S1, 0, _S2), (_E1, -1, _E2)),
    Relation.DURING: ((_S2, -1, _S1), (_E1, -1, _E2)),
    Relation.FINISHES: ((_S2, -1, _S1), (_E1, 0, _E2)),
    Relation.EQUALS: ((_S1, 0, _S2), (_E1, 0, _E2)),
    Relation.FINISHED_BY: ((_S1, -1, _S2), (_E1, 0, _E2)),
    Relation.CONTAINS: ((_S1, -1, _S2), (_E2, -1, _E1)),
    Relation.STARTED_BY: ((_S1, 0, _S2), (_E2, -1, _E1)),
    Relation.OVERLAPPED_BY: ((_S2, -1, _S1), (_S1, -1, _E2), (_E2, -1, _E1)),
    Relation.MET_BY: ((_E2, 0, _S1),),
    Relation.AFTER: ((_E2, -1, _S1),),
}


def end_ranges(value: Time | Event) -> tuple[int, int, int, int]:
    """The range of a time's start and of its end: ``(start_lo, start_hi, end_lo, end_hi)``.

    >>> from bri_timeline.model.times import PartialDate
    >>> lo, hi, end_lo, end_hi = end_ranges(PartialDate.of_year(2009))
    >>> (lo + 1, hi + 1) == (end_lo, end_hi)
    True
    """
    from bri_timeline.model.event import Event

    time = value.time if isinstance(value, Event) else value
    if isinstance(time, Vague | FloatingSpan):
        return time._ends
    if isinstance(time, TimeSpan | AllDay):
        return time._start, time._start, time._end, time._end
    if isinstance(time, PartialDate):
        return time._start, time._end - 1, time._start + 1, time._end
    if isinstance(time, OpenEnded):
        start = time.start
        last = start._end - 1 if isinstance(start, PartialDate) else time._start
        return time._start, last, OPEN_END, OPEN_END
    raise TypeError(time)


def _longest(value: Time | Event) -> float:
    """The most a time's end may lie after its start: one microsecond for a floating instant.

    A floating instant is an instant in every zone; its ends are tied, as a vague day's.
    """
    from bri_timeline.model.event import Event

    time = value.time if isinstance(value, Event) else value
    return 1 if isinstance(time, FloatingSpan) and time.is_instant else float("inf")


def _feasible(
    ends_a: tuple[int, int, int, int],
    ends_b: tuple[int, int, int, int],
    rules: tuple[tuple[int, int, int], ...],
    longest: tuple[float, float] = (float("inf"), float("inf")),
) -> bool:
    inf = float("inf")
    weight = [[0.0 if i == j else inf for j in range(5)] for i in range(5)]

    def at_most(left: int, right: int, bound: float) -> None:
        # left - right <= bound: an edge right -> left of that weight.
        weight[right][left] = min(weight[right][left], bound)

    sides = ((ends_a, _S1, _E1, longest[0]), (ends_b, _S2, _E2, longest[1]))
    for (lo_s, hi_s, lo_e, hi_e), start, end, length in sides:
        at_most(start, _ZERO, hi_s)
        at_most(_ZERO, start, -lo_s)
        at_most(end, _ZERO, hi_e)
        at_most(_ZERO, end, -lo_e)
        at_most(start, end, -1)
        at_most(end, start, length)
    for left, sign, right in rules:
        at_most(left, right, -1 if sign < 0 else 0)
        if sign == 0:
            at_most(right, left, 0)
    for k in range(5):
        row_k = weight[k]
        for i in range(5):
            through = weight[i][k]
            if through == inf:
                continue
            row_i = weight[i]
            for j in range(5):
                row_i[j] = min(row_i[j], through + row_k[j])
    return all(weight[i][i] >= 0 for i in range(5))


_Ends = tuple[int, int, int, int]
_MAX_CHOICES = 64  # pairs of candidate days tried one by one; beyond, the wider ranges


def _days(value: Time | Event) -> list[int] | None:
    """The first key of each day a vague day may be, or None for any other time."""
    from bri_timeline.model.event import Event

    time = value.time if isinstance(value, Event) else value
    if not isinstance(time, Vague) or not isinstance(time._form, Point):
        return None
    form = time._form
    if form.day is None or "X" in form.year + (form.month or ""):
        return None  # not a day, or its days are not every day of its span (156X-12-25)
    return list(range(time._start, time._end, US_PER_DAY))


def _alike(days: list[int], points: list[int]) -> list[int]:
    """One day for each set of days that lie alike against ``points`` (the other's ends).

    A day with a point within three microseconds of it stands for itself; the others
    by how many points lie before them.
    """
    found: dict[object, int] = {}
    for day in days:
        near = any(day - 3 <= point <= day + US_PER_DAY + 3 for point in points)
        found.setdefault(day if near else sum(point < day for point in points), day)
    return list(found.values())


def _choices(a: Time | Event, b: Time | Event) -> list[tuple[_Ends, _Ends]] | None:
    """The pairs of ranges to try, each candidate day of a vague day on its own."""
    days_a, days_b = _days(a), _days(b)
    if days_a is None and days_b is None:
        return None
    ends_a, ends_b = end_ranges(a), end_ranges(b)
    if days_b is not None:
        outer = list(ends_a) if days_a is None else [*_day_ends(days_a[0]), *_day_ends(days_a[-1])]
        days_b = _alike(days_b, outer)
    if days_a is not None:
        points = list(ends_b) if days_b is None else [p for d in days_b for p in _day_ends(d)]
        days_a = _alike(days_a, points)
    ranges_a = [ends_a] if days_a is None else [_day_ends(day) for day in days_a]
    ranges_b = [ends_b] if days_b is None else [_day_ends(day) for day in days_b]
    if len(ranges_a) * len(ranges_b) > _MAX_CHOICES:
        return None
    return [(one, other) for one in ranges_a for other in ranges_b]


def _day_ends(day: int) -> _Ends:
    return day, day + US_PER_DAY - 1, day + 1, day + US_PER_DAY


def possible_relations(a: Time | Event, b: Time | Event) -> frozenset[Relation]:
    """The relations of ``a`` to ``b`` that some choice of their unknown ends gives.

    Never empty. It holds :func:`~bri_timeline.model.relations.relation`, the
    relation of the widest spans, unless one is a vague day, which lies within one
    of its days rather than over its span (``1985-04-XX`` is never *during* April
    as a whole), or a floating instant, an instant wherever it lies. For two exact
    times it is that one alone.
    """
    try:
        pairs = _choices(a, b) or [(end_ranges(a), end_ranges(b))]
    except TypeError:
        raise _refused(a, b) from None
    longest = (_longest(a), _longest(b))
    found = frozenset(
        relation
        for relation, rules in _RULES.items()
        if any(_feasible(ends_a, ends_b, rules, longest) for ends_a, ends_b in pairs)
    )
    if not all(relation.shares_time for relation in found) and certainly_overlaps(a, b):
        # A list all of whose members happen ({1900,X000}), one of them certainly within
        # the other's time: its ends alone, its hull's, would allow it to miss the other.
        found = frozenset(relation for relation in found if relation.shares_time) or found
    return found


def certain_relation(a: Time | Event, b: Time | Event) -> Relation | None:
    """The relation of ``a`` to ``b`` however their unknown ends turn out, or ``None``.

    It is the one possible relation when there is only one (see
    :func:`possible_relations`).
    """
    found = possible_relations(a, b)
    return next(iter(found)) if len(found) == 1 else None
