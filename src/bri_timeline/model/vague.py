"""Vague times: EDTF levels 1 and 2 (qualified, unspecified, seasons, deep years, sets).

A :class:`Vague` time is built from its EDTF text and keeps it in canonical form
(two texts with one meaning give equal values). Like a partial date it stands
for *some time within* what it may cover, and is never turned into a day.

Its place on the span axis (see :mod:`bri_timeline.model.keys`):

* a date (``2009~``, ``2009-21``, ``156X-12-25``, ``Y-17E7``): its *fuzzy*
  bounds, the strict ones widened by one unit of the part each qualifier is
  written on (two for ``%``; see :mod:`.edtf_grammar`); nothing of it is certain;
* an interval (``1984?/2004~``, ``../1985``, ``1985/``): from the earliest
  possible start to the latest possible end; it certainly covers the time from
  its latest possible start to its earliest possible end. An open side (``..``)
  runs forever; an unknown side (empty) may lie anywhere beyond the known one;
* a set: ``[a,b]`` is one of its members, ``{a,b}`` all of them. Its span is the
  members' hull; queries look at the members themselves (see
  :func:`~bri_timeline.model.relations.overlaps`).

The plain forms that other kinds hold (``2009``, ``2024-11-14``, ``2009/..``...)
are not vague: :func:`~bri_timeline.model.edtf.from_edtf` gives those kinds, and
``Vague("2009")`` is refused.

>>> Vague("?2004-?06-?11")
Vague('2004-06-11?')
>>> Vague("2009-21").lower, Vague("2009-21").upper
(datetime.date(2009, 3, 1), datetime.date(2009, 5, 31))
>>> Vague("2009").lower
Traceback (most recent call last):
...
bri_timeline.errors.InvalidTime: edtf: is a plain date: from_edtf gives it as a PartialDate, ...
"""

from __future__ import annotations

from datetime import date, timedelta

import attrs

from bri_timeline.errors import InvalidTime
from bri_timeline.model.edtf_grammar import (
    Form,
    Interval,
    Point,
    Range,
    Set,
    fuzzy,
    member_spans,
    parse,
    show,
    strict,
)
from bri_timeline.model.keys import (
    DAY_REACH,
    OPEN_END,
    OPEN_START,
    US_PER_DAY,
    civil_day,
    date_key,
)

__all__ = ["Vague", "is_plain"]

_FIRST_DAY_KEY = date_key(date.min)
_END_KEY = date_key(date.max) + US_PER_DAY


def _plain_point(point: Point, *, whole_day: bool = False) -> bool:
    year = point.year
    if point.marks != ("", "", "") or point.significant is not None or year.startswith("-"):
        return False
    if whole_day:
        return point.day is not None and "X" not in year + (point.month or "") + point.day
    if "X" in year:
        # A decade (200X) or a century (18XX), not starting at year 0.
        stem = year.rstrip("X")
        plain_x = len(stem) in (2, 3) and "X" not in stem and int(stem) > 0
        return plain_x and point.month is None
    if len(year) != 4 or int(year) == 0:
        return False
    if point.month is None:
        return True
    return "X" not in point.month and int(point.month) <= 12 and "X" not in (point.day or "")


def is_plain(form: Form) -> bool:
    """Whether the older kinds (PartialDate, AllDay, OpenEnded) hold this form."""
    if isinstance(form, Point):
        return _plain_point(form)
    if isinstance(form, Set):
        return False
    start, end = form.start, form.end
    if isinstance(start, Point) and end == "..":
        return _plain_point(start)
    return (
        isinstance(start, Point)
        and isinstance(end, Point)
        and _plain_point(start, whole_day=True)
        and _plain_point(end, whole_day=True)
    )


_Pair = tuple[int, int]


def _interval_keys(form: Interval) -> tuple[_Pair, tuple[int, int, int, int], _Pair]:
    """The span, the ranges of start and end ``(s_lo, s_hi, e_lo, e_hi)``, and the core."""
    start, end = form.start, form.end
    s_lo, s_hi = fuzzy(start) if isinstance(start, Point) else (OPEN_START, OPEN_START)
    e_lo, e_hi = fuzzy(end) if isinstance(end, Point) else (OPEN_END, OPEN_END)
    core = (s_hi, e_lo)
    if start == "":  # unknown: any time before the end
        s_lo, s_hi, core = OPEN_START, e_hi - 1, (e_hi, e_hi)
    if end == "":  # unknown: any time after the start
        e_lo, e_hi, core = s_lo + 1, OPEN_END, (e_hi, e_hi)
    ranges = (s_lo, max(s_lo, s_hi - 1), min(e_hi, e_lo + 1), e_hi)
    return (s_lo, e_hi), ranges, core


@attrs.frozen
class Vague:
    """A vague time, from EDTF levels 1 and 2; see the module's text for its meaning.

    Args:
        edtf: The EDTF text (a date, an interval or a set; no date-times).

    Raises:
        InvalidTime: The text is not EDTF, or an older kind holds it (``2009``).
    """

    edtf: str
    _form: Form = attrs.field(init=False, repr=False, eq=False)
    _start: int = attrs.field(init=False, repr=False, eq=False)
    _end: int = attrs.field(init=False, repr=False, eq=False)
    _core: tuple[int, int] = attrs.field(init=False, repr=False, eq=False)
    _within: tuple[int, int] = attrs.field(init=False, repr=False, eq=False)
    _ends: tuple[int, int, int, int] = attrs.field(init=False, repr=False, eq=False)
    _members: tuple[tuple[int, int], ...] | None = attrs.field(init=False, repr=False, eq=False)

    def __attrs_post_init__(self) -> None:
        if not isinstance(self.edtf, str):
            raise InvalidTime("edtf", "must be a str", self.edtf)
        form = parse(self.edtf, field="edtf")
        if is_plain(form):
            raise InvalidTime(
                "edtf",
                "is a plain date: from_edtf gives it as a PartialDate, AllDay or OpenEnded",
                self.edtf,
            )
        _set = object.__setattr__
        _set(self, "edtf", show(form))
        _set(self, "_form", form)
        members = None
        if isinstance(form, Interval):
            (lo, hi), ends, core = _interval_keys(form)
            if core[0] >= core[1]:
                core = (hi, hi)
            unknown_start = form.start == ""
            within = (
                (ends[2] - 1, hi)
                if unknown_start
                else (lo, fuzzy(form.start)[1])
                if isinstance(form.start, Point) and form.end == ""
                else (lo, hi)
            )
        else:
            if isinstance(form, Set):
                members = member_spans(form)
                lo, hi = min(m[0] for m in members), max(m[1] for m in members)
            else:
                lo, hi = fuzzy(form)
            ends, core, within = (lo, hi - 1, lo + 1, hi), (hi, hi), (lo, hi)
        _set(self, "_start", lo)
        _set(self, "_end", hi)
        _set(self, "_core", core)
        _set(self, "_within", within)
        _set(self, "_ends", ends)
        _set(self, "_members", members)

    def __repr__(self) -> str:
        return f"Vague({self.edtf!r})"

    @property
    def is_set(self) -> bool:
        """True for a set: ``[..]`` (one of) or ``{..}`` (all of)."""
        return isinstance(self._form, Set)

    @property
    def all_of(self) -> bool:
        """True for ``{..}``: all of its members happen (``[..]`` is one of them)."""
        return isinstance(self._form, Set) and self._form.all_of

    @property
    def in_calendar(self) -> bool:
        """True when both ends of its span are days a ``date`` can hold (years 1 to 9999).

        >>> Vague("Y-17E7").in_calendar, Vague("2009~").in_calendar, Vague("2009/").in_calendar
        (False, True, False)
        """
        return self._start >= _FIRST_DAY_KEY and self._end <= _END_KEY

    @property
    def in_ical_reach(self) -> bool:
        """True when a calendar can show it: its span within the years 1 to 9999.

        An open start is shown from 0001-01-01; an open or unknown end has no end.

        >>> Vague("../1985").in_ical_reach, Vague("Y170000002").in_ical_reach
        (True, False)
        """
        start, end = max(self._start, 0), self._end
        return start < _END_KEY and (end >= OPEN_END or _FIRST_DAY_KEY < end <= _END_KEY)

    def _day(self, key: int, field: str) -> date:
        if not _FIRST_DAY_KEY <= key < _END_KEY:
            raise InvalidTime(field, "lies beyond the years 1 to 9999 that a date can hold", self)
        return date.min + timedelta(days=(key - _FIRST_DAY_KEY) // US_PER_DAY)

    @property
    def strict_bounds(self) -> tuple[int, int]:
        """The strict span as keys: first possible day's start, last possible day's end.

        No widening for qualifiers (the ``edtf`` package's lower_strict/upper_strict).
        """
        form = self._form
        if isinstance(form, Point):
            return strict(form)
        if isinstance(form, Set):
            return self._start, self._end
        low = strict(form.start)[0] if isinstance(form.start, Point) else OPEN_START
        high = strict(form.end)[1] if isinstance(form.end, Point) else OPEN_END
        return low, high

    @property
    def years(self) -> tuple[int | None, int | None]:
        """The first and last year it may name (strictly); ``None`` for an open or unknown side.

        >>> Vague("Y-17E7").years, Vague("[1667,1670..1672]").years, Vague("../1985").years
        ((-170000000, -170000000), (1667, 1672), (None, 1985))
        """
        form = self._form
        if isinstance(form, Point):
            return form.years()
        if isinstance(form, Interval):
            first = form.start.years()[0] if isinstance(form.start, Point) else None
            last = form.end.years()[1] if isinstance(form.end, Point) else None
            return first, last
        ends = [
            point.years()[index]
            for member in form.members
            for index, point in enumerate(
                (member, member) if isinstance(member, Point) else (member.first, member.last)
            )
            if point is not None
        ]
        opened = any(isinstance(m, Range) and m.first is None for m in form.members)
        closed = not any(isinstance(m, Range) and m.last is None for m in form.members)
        return (None if opened else min(ends)), (max(ends) if closed else None)

    @property
    def strict_days(self) -> tuple[tuple[int, int, int] | None, tuple[int, int, int] | None]:
        """The first and last day it may name, strictly, as (year, month, day) of any year.

        ``None`` for an open or unknown side; a year beyond ``DAY_REACH`` gives its
        first and last day.

        >>> Vague("2009-24").strict_days, Vague("Y-17E7").strict_days
        (((2009, 12, 1), (2010, 2, 28)), ((-170000000, 1, 1), (-170000000, 12, 31)))
        """
        low, high = self.strict_bounds
        first = None if low <= OPEN_START or self._start <= OPEN_START else civil_day(low)
        if high >= OPEN_END:
            return first, None
        last = civil_day(high - 1)
        if abs(last[0]) > DAY_REACH:
            last = (civil_day(high - 1)[0], 12, 31)
        return first, last

    @property
    def lower(self) -> date:
        """The first day it may cover, widened for qualifiers."""
        return self._day(self._start, "lower")

    @property
    def upper(self) -> date:
        """The last day it may cover, widened for qualifiers."""
        return self._day(self._end - 1, "upper")
