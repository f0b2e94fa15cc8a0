"""Overlap and Allen's interval relations, from one boundary rule.

Every time occupies a half-open span ``[start, end)`` (see
:mod:`bri_timeline.model.times`). The one rule all interval tests derive from:
two spans overlap when each starts before the other ends (:func:`spans_overlap`).

For exact times (:class:`~bri_timeline.model.times.TimeSpan`,
:class:`~bri_timeline.model.times.AllDay`) the span is the time itself. For the
others the span is everything the time *may* cover, and a smaller *core* is what
it *certainly* covers:

* a :class:`~bri_timeline.model.times.PartialDate` ("2009") may be any part of
  its period, so its span is the period and its core is empty;
* an :class:`~bri_timeline.model.times.OpenEnded` time runs from its start
  forever: its core begins once its latest possible start has passed.

:func:`overlaps` and :func:`relation` speak of spans ("possibly overlaps"),
:func:`certainly_overlaps` of what holds however the unknown parts turn out.

>>> from datetime import date
>>> from bri_timeline.model.times import AllDay
>>> relation(AllDay(date(2024, 11, 14)), AllDay(date(2024, 11, 13), date(2024, 11, 15)))
Relation.DURING
"""

from __future__ import annotations

import enum
from typing import TYPE_CHECKING

from bri_timeline.errors import InvalidArgument
from bri_timeline.model.floating import FloatingSpan
from bri_timeline.model.times import AllDay, OpenEnded, PartialDate, TimeSpan
from bri_timeline.model.vague import Vague

if TYPE_CHECKING:
    from bri_timeline.model.event import Event
    from bri_timeline.model.times import Time

__all__ = ["Relation", "certainly_overlaps", "overlaps", "relation", "spans_overlap"]


class Relation(enum.Enum):
    """The thirteen relations of Allen's interval algebra, of ``a`` to ``b``."""

    BEFORE = "before"
    MEETS = "meets"
    OVERLAPS = "overlaps"
    STARTS = "starts"
    DURING = "during"
    FINISHES = "finishes"
    EQUALS = "equals"
    FINISHED_BY = "finished by"
    CONTAINS = "contains"
    STARTED_BY = "started by"
    OVERLAPPED_BY = "overlapped by"
    MET_BY = "met by"
    AFTER = "after"

    def __repr__(self) -> str:
        return f"Relation.{self.name}"

    @property
    def inverse(self) -> Relation:
        """The relation of ``b`` to ``a`` when this is the relation of ``a`` to ``b``.

        >>> Relation.DURING.inverse
        Relation.CONTAINS
        """
        members = list(Relation)
        return members[len(members) - 1 - members.index(self)]

    @property
    def shares_time(self) -> bool:
        """True for the nine relations in which the two spans share some time."""
        return self not in _DISJOINT


_DISJOINT = frozenset({Relation.BEFORE, Relation.MEETS, Relation.MET_BY, Relation.AFTER})


def spans_overlap(start_a: int, end_a: int, start_b: int, end_b: int) -> bool:
    """The boundary rule: half-open spans overlap when each starts before the other ends.

    >>> spans_overlap(0, 10, 10, 20)
    False
    >>> spans_overlap(0, 11, 10, 20)
    True
    """
    return start_a < end_b and start_b < end_a


def _time(value: Time | Event) -> Time:
    from bri_timeline.model.event import Event

    return value.time if isinstance(value, Event) else value


def _refused(a: object, b: object) -> InvalidArgument:
    """The error for an argument that is neither a time nor an event."""
    from bri_timeline.model.event import Event

    kinds = TimeSpan | AllDay | PartialDate | OpenEnded | Vague | FloatingSpan | Event
    field, value = ("a", a) if not isinstance(a, kinds) else ("b", b)
    return InvalidArgument(field, "must be a time or an event", value)


def overlaps(a: Time | Event, b: Time | Event) -> bool:
    """Whether ``a`` and ``b`` possibly share some time: their spans overlap.

    Symmetric. Meeting end to start is not overlapping. A set
    (:class:`~bri_timeline.model.vague.Vague` ``[..]`` or ``{..}``) overlaps
    when one of its members does, not merely the hull of its members.
    """
    try:
        if not spans_overlap(a._start, a._end, b._start, b._end):
            return False
    except AttributeError:
        raise _refused(a, b) from None
    members_a, members_b = _members(a), _members(b)
    if members_a is None and members_b is None:
        return True
    return any(
        spans_overlap(*one, *other)
        for one in members_a or ((a._start, a._end),)
        for other in members_b or ((b._start, b._end),)
    )


def _members(value: Time | Event) -> tuple[tuple[int, int], ...] | None:
    time = _time(value)
    return time._members if isinstance(time, Vague) else None


def _core(value: Time | Event) -> tuple[int, int]:
    return _time(value)._core


def certainly_overlaps(a: Time | Event, b: Time | Event) -> bool:
    """Whether ``a`` and ``b`` share some time however their unknown parts turn out.

    True when their cores overlap, or when one has an empty core (a partial
    date, which may be any part of its period) and the other's core covers that
    whole period. Two partial dates never certainly overlap. Implies
    :func:`overlaps`; symmetric.

    >>> from datetime import date
    >>> from bri_timeline.model.times import AllDay, PartialDate
    >>> year, day = PartialDate.of_year(2009), AllDay(date(2009, 6, 1))
    >>> overlaps(year, day), certainly_overlaps(year, day)
    (True, False)
    >>> certainly_overlaps(year, AllDay(date(2009, 1, 1), date(2009, 12, 31)))
    True
    """
    try:
        core_a, core_b = _core(a), _core(b)
    except AttributeError:
        raise _refused(a, b) from None
    empty_a, empty_b = core_a[0] >= core_a[1], core_b[0] >= core_b[1]
    time_a, time_b = _time(a), _time(b)
    for one, core in ((time_a, core_b), (time_b, core_a)):
        if isinstance(one, Vague) and one.is_set:
            # One of a set: certain when every member is; all of a list: when one is.
            assert one._members is not None
            found = (core[0] <= lo and hi <= core[1] for lo, hi in one._members)
            return any(found) if one.all_of else all(found)
    if not empty_a and not empty_b:
        return spans_overlap(*core_a, *core_b)
    if empty_a and empty_b:
        return False
    vague, sure = (time_a, core_b) if empty_a else (time_b, core_a)
    # Where some part of it certainly lies: its whole span, or (an interval with
    # an unknown end) the span of its known end.
    lo, hi = vague._within if isinstance(vague, Vague) else (vague._start, vague._end)
    return sure[0] <= lo and hi <= sure[1]


def relation(a: Time | Event, b: Time | Event) -> Relation:
    """Allen's relation of ``a``'s span to ``b``'s span.

    Exactly one of the thirteen relations holds, and ``relation(b, a)`` is
    ``relation(a, b).inverse``. Two open ends are the same end.
    """
    try:
        s1, e1, s2, e2 = a._start, a._end, b._start, b._end
    except AttributeError:
        raise _refused(a, b) from None
    if e1 < s2:
        return Relation.BEFORE
    if e1 == s2:
        return Relation.MEETS
    if e2 < s1:
        return Relation.AFTER
    if e2 == s1:
        return Relation.MET_BY
    if s1 == s2:
        if e1 == e2:
            return Relation.EQUALS
        return Relation.STARTS if e1 < e2 else Relation.STARTED_BY
    if e1 == e2:
        return Relation.FINISHES if s1 > s2 else Relation.FINISHED_BY
    if s1 > s2:
        return Relation.DURING if e1 < e2 else Relation.OVERLAPPED_BY
    return Relation.CONTAINS if e1 > e2 else Relation.OVERLAPS
