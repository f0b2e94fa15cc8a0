"""A guarded walk of a dateutil rule: it ends within :class:`~bri_timeline.limits.Limits`.

Part of :mod:`bri_timeline.model.recurrence`. dateutil walks a rule period by
period and stops only at COUNT, UNTIL or the year 9999, whether or not the
periods hold a start: a rule that never matches (``FREQ=YEARLY;BYMONTH=2;
BYMONTHDAY=30``) would walk some 8,000 years before it gives up. :func:`walk`
counts the months walked through without a start (a yearly rule's periods
count twelve each, so that it is refused as soon as a monthly one) against
``Limits.max_empty_months``, and every start given against
``Limits.max_occurrences``, and raises :class:`~bri_timeline.errors.InvalidEvent`
past either.

>>> from datetime import datetime
>>> from dateutil import rrule
>>> barren = rrule.rrule(rrule.YEARLY, dtstart=datetime(2025, 1, 1), bymonth=2, bymonthday=30)
>>> try:
...     list(walk(barren, Limits(max_empty_months=50), "FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30"))
... except InvalidEvent as error:
...     print(error.rule)
goes more than 50 months without an occurrence (Limits.max_empty_months): it never matches
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime

from dateutil import rrule

from bri_timeline.errors import InvalidEvent
from bri_timeline.limits import Limits

__all__ = ["Barren", "EmptyMonths", "walk", "watch"]


class Barren(Exception):
    """Raised from inside dateutil's walk when the budget of empty months is spent."""


class EmptyMonths:
    """The months a walk enters without a start, against ``limits.max_empty_months``.

    The walk sets ``found`` when it gives a start; a budget may span several walks.
    """

    def __init__(self, limits: Limits) -> None:
        self.limits = limits
        self.empty_months = 0
        self.found = True

    def month(self, months: int = 1) -> None:
        """Count ``months`` entered (twelve, for a yearly rule); raise Barren past the limit."""
        if not self.found:
            self.empty_months += months
            if self.empty_months > self.limits.max_empty_months:
                raise Barren
        self.found = False


class _Watched:
    """Stands in for a dateutil rule's ``_bynweekday`` (a tuple or None) to see its walk.

    dateutil reads that attribute once each time its walk enters a new month (each
    period, for monthly and yearly rules), in ``_iterinfo.rebuild``, and nowhere
    else once the rule is built: the one hook there is to count the months a walk
    goes through. ``tests/test_limits.py`` checks that it still fires.
    """

    def __init__(
        self, value: tuple[tuple[int, int], ...] | None, budget: EmptyMonths, months: int
    ) -> None:
        self.value = value
        self.budget = budget
        self.months = months

    def __bool__(self) -> bool:
        self.budget.month(self.months)
        return bool(self.value)

    def __iter__(self) -> Iterator[tuple[int, int]]:
        return iter(self.value or ())


def watch(rule: rrule.rrule, budget: EmptyMonths) -> None:
    """Have ``budget`` count each month ``rule``'s walk enters (before it is iterated)."""
    months = 12 if rule._freq == rrule.YEARLY else 1  # type: ignore[attr-defined]
    rule._bynweekday = _Watched(rule._bynweekday, budget, months)  # type: ignore[attr-defined]


def walk(rule: rrule.rrule, limits: Limits, text: str) -> Iterator[datetime]:
    """The starts of a dateutil rule, in order, within ``limits`` (``text`` names the rule)."""
    budget = EmptyMonths(limits)
    watch(rule, budget)
    starts = iter(rule)
    given = 0
    while True:
        try:
            start = next(starts, None)
        except Barren:
            raise InvalidEvent(
                "recurrence",
                f"goes more than {limits.max_empty_months} months without an occurrence "
                "(Limits.max_empty_months): it never matches",
                text,
            ) from None
        if start is None:
            return
        budget.found = True
        given += 1
        if given > limits.max_occurrences:
            raise InvalidEvent(
                "recurrence",
                f"gives more than {limits.max_occurrences} occurrences (Limits.max_occurrences) "
                "before the window ends: give a smaller window",
                text,
            )
        yield start
