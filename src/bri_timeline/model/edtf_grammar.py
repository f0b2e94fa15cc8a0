"""EDTF levels 1 and 2 as structures: read, printed canonically, and bounded.

Over 400 lines: the grammar, its one error per part, the canonical printer and
the bounds are one table of rules read together; split, each half would repeat it.

The structures here are private to the model; :class:`~bri_timeline.model.vague.Vague`
is the public time built from them. :func:`parse` reads one string into a
:data:`Form` or raises one :class:`~bri_timeline.errors.EDTFError` naming the part
at fault and why; :func:`show` prints a form canonically, so that two strings
with one meaning print the same.

Bounds are keys on the span axis (see :mod:`bri_timeline.model.keys`): a date's
*strict* bounds are the first and the end of the last day it may name; its
*fuzzy* bounds widen by one unit of each part a qualifier (``?``, ``~``) is written
on (a year, a month, a season's months, a day), two for ``%``: ``2004-06-11~``
is a day either side, ``2009-21~`` a season, ``2004?-06-11`` a year.

>>> show(parse("?2004-?06-?11"))
'2004-06-11?'
>>> show(parse("[1668, 1667]".replace(" ", "")))
'[1667,1668]'
"""

from __future__ import annotations

import re
from typing import TypeAlias

import attrs

from bri_timeline.errors import EDTFError
from bri_timeline.model.keys import (
    DAY_REACH,
    OPEN_END,
    OPEN_START,
    US_PER_DAY,
    YEAR_REACH,
    civil_key,
    days_in_month,
    year_key,
)

__all__ = ["DIVISIONS", "Form", "Interval", "Point", "Range", "Set", "parse", "show"]

DIVISIONS: dict[int, tuple[str, int, int]] = {
    21: ("spring", 3, 5),
    22: ("summer", 6, 8),
    23: ("autumn", 9, 11),
    24: ("winter", 12, 14),
    25: ("spring (north)", 3, 5),
    26: ("summer (north)", 6, 8),
    27: ("autumn (north)", 9, 11),
    28: ("winter (north)", 12, 14),
    29: ("spring (south)", 9, 11),
    30: ("summer (south)", 12, 14),
    31: ("autumn (south)", 3, 5),
    32: ("winter (south)", 6, 8),
    33: ("Q1", 1, 3),
    34: ("Q2", 4, 6),
    35: ("Q3", 7, 9),
    36: ("Q4", 10, 12),
    37: ("1st third", 1, 4),
    38: ("2nd third", 5, 8),
    39: ("3rd third", 9, 12),
    40: ("1st half", 1, 6),
    41: ("2nd half", 7, 12),
}
"""The seasons and other divisions of a year (codes 21-41): words, first and last month.

A winter (and the southern summer) runs from December into the next year's
February: months 13 and 14 are January and February of the year after.
"""

_MARKS = "?~%"
_UNCERTAIN = {"": False, "?": True, "~": False, "%": True}
_APPROXIMATE = {"": False, "?": False, "~": True, "%": True}
_YEAR = re.compile(r"(-?)([\dX]{4})(?:S(\d+))?", re.ASCII)
_LONG_YEAR = re.compile(r"Y(-?)(\d+)(?:E(\d+))?(?:S(\d+))?", re.ASCII)
_TWO = re.compile(r"[\dX]{2}", re.ASCII)
_PART = re.compile(r"([?~%]?)(.*?)([?~%]?)", re.S)
_STRAY = re.compile(r"[^0-9XYES?~%./\-\[\]{},T:+Z]", re.ASCII)
_HEAD = re.compile(r"([?~%]?)(Y-?[^-?~%]*|-?[^-?~%]*)([?~%]?)(.*)", re.S)


def _mark(uncertain: bool, approximate: bool) -> str:
    return {(False, False): "", (True, False): "?", (False, True): "~", (True, True): "%"}[
        uncertain, approximate
    ]


@attrs.frozen
class Point:
    """One date of level 1 or 2: a year pattern, maybe a month (or division) and a day.

    ``year`` is the year's digits with ``X`` for an unspecified one (four of
    them), or the whole number as digits for a long year; ``marks`` are the
    qualifiers of year, month and day.
    """

    year: str
    month: str | None = None
    day: str | None = None
    marks: tuple[str, str, str] = ("", "", "")
    significant: int | None = None

    @property
    def negative(self) -> bool:
        """True for a year before 0."""
        return self.year.startswith("-")

    def years(self) -> tuple[int, int]:
        """The first and last year the pattern may name."""
        digits = self.year.lstrip("-")
        if self.significant is not None:
            unit = 10 ** (len(digits) - self.significant)
            low, high = int(digits) // unit * unit, int(digits) // unit * unit + unit - 1
        else:
            low, high = int(digits.replace("X", "0")), int(digits.replace("X", "9"))
        return (-high, -low) if self.negative else (low, high)

    def months(self) -> tuple[int, int]:
        """The first and last month it may name: 13 and 14 are the next year's."""
        if self.month is None:
            return 1, 12
        if self.month.isdigit() and int(self.month) in DIVISIONS:
            _, first, last = DIVISIONS[int(self.month)]
            return first, last
        found = _matching(self.month, range(1, 13))
        return found[0], found[-1]


def _matching(pattern: str, numbers: range) -> list[int]:
    return [
        n for n in numbers if all(p in ("X", c) for p, c in zip(pattern, f"{n:02d}", strict=True))
    ]


@attrs.frozen
class Range:
    """``a..b`` inside a set; ``None`` for an open side (``..b``, ``a..``)."""

    first: Point | None
    last: Point | None


Member: TypeAlias = Point | Range


@attrs.frozen
class Set:
    """``[..]`` (exactly one of the members) or ``{..}`` (all of them)."""

    all_of: bool
    members: tuple[Member, ...]


Side: TypeAlias = Point | str  # or ".." (open) or "" (unknown)


@attrs.frozen
class Interval:
    """``A/B``; a side is a :class:`Point`, ``".."`` (open) or ``""`` (unknown)."""

    start: Side
    end: Side


Form: TypeAlias = Point | Interval | Set


# Reading ----------------------------------------------------------------------


def _fail(field: str, part: str, why: str, text: str) -> EDTFError:
    return EDTFError(field, f"{part}: {why}", text)


def _split_part(raw: str) -> tuple[str, str, str]:
    match = _PART.fullmatch(raw)
    assert match is not None
    return match[1], match[2], match[3]


def _year(body: str, field: str, text: str) -> tuple[str, int | None]:
    if match := _LONG_YEAR.fullmatch(body):
        sign, digits, exponent, significant = match[1], match[2], match[3], match[4]
        value = int(digits) * 10 ** int(exponent or 0)
        if exponent is None and len(digits) <= 4:
            raise _fail(field, "year", f"Y comes only before five digits or more: {body}", text)
        if abs(value) > YEAR_REACH:
            raise _fail(
                field, "year", f"{body} is beyond the years bri_timeline places (±10**12)", text
            )
        shown = f"{sign}{value}" if value else "0"
        if significant is not None:
            _check_significant(int(significant), len(str(value)), field, text)
        return shown, None if significant is None else int(significant)
    if match := _YEAR.fullmatch(body):
        sign, digits, significant = match[1], match[2], match[3]
        if sign and digits == "0000":
            raise _fail(field, "year", "-0000 is not a year; year 0 is written 0000", text)
        if significant is not None:
            if "X" in digits:
                raise _fail(field, "year", "significant digits need a year without X", text)
            _check_significant(int(significant), 4, field, text)
        return sign + digits, None if significant is None else int(significant)
    raise _fail(
        field,
        "year",
        f"{body!r} is not an EDTF year: four digits 0-9 or X, maybe after '-', "
        "or Y and five digits or more",
        text,
    )


def _check_significant(count: int, digits: int, field: str, text: str) -> None:
    if not 1 <= count <= digits:
        raise _fail(
            field, "year", f"S{count}: significant digits run from 1 to the year's {digits}", text
        )


def _point(raw: str, field: str, text: str) -> Point:
    if not raw:
        raise _fail(field, "date", "is empty", text)
    head = _HEAD.fullmatch(raw)
    assert head is not None
    rest = head[4]
    if rest and not rest.startswith("-"):
        raise _fail(field, "date", f"{rest!r} cannot follow the year", text)
    parts = [head[1] + head[2] + head[3], *(rest[1:].split("-") if rest else [])]
    if len(parts) > 3:
        raise _fail(field, "date", "has more than year, month and day", text)
    prefixes, bodies, suffixes = zip(*(_split_part(p) for p in parts), strict=True)
    year, significant = _year(bodies[0], field, text)
    month = _two("month", bodies[1], field, text) if len(parts) > 1 else None
    day = _two("day", bodies[2], field, text) if len(parts) > 2 else None
    uncertain, approximate = [False] * 3, [False] * 3
    for index, (before, after) in enumerate(zip(prefixes, suffixes, strict=True)):
        if before and after:
            part = ("year", "month", "day")[index]
            raise _fail(field, part, "has a qualifier on both sides", text)
        for marked in range(index + 1) if after else (index,) if before else ():
            uncertain[marked] |= _UNCERTAIN[before or after]
            approximate[marked] |= _APPROXIMATE[before or after]
    marks = tuple(_mark(u, a) for u, a in zip(uncertain, approximate, strict=True))
    point = Point(year, month, day, (marks[0], marks[1], marks[2]), significant)
    _check_point(point, field, text)
    return point


def _two(part: str, body: str, field: str, text: str) -> str:
    if not _TWO.fullmatch(body):
        raise _fail(field, part, f"{body!r} is not two digits 0-9 or X", text)
    return body


def _check_point(point: Point, field: str, text: str) -> None:
    low, high = point.years()
    deep = max(abs(low), abs(high)) > DAY_REACH
    if point.significant is not None and point.month is not None:
        raise _fail(field, "year", "significant digits are for a year alone", text)
    if point.month is None:
        return
    if deep:
        raise _fail(field, "month", f"months are placed only within years ±{DAY_REACH}", text)
    month = point.month
    if month.isdigit() and int(month) >= 13:
        if int(month) not in DIVISIONS:
            raise _fail(
                field,
                "month",
                f"{month} is neither a month (01-12) nor a season or division (21-41): "
                "not a real date",
                text,
            )
        if point.day is not None:
            words = DIVISIONS[int(month)][0]
            raise _fail(field, "day", f"{month} is a {words}, which has no days", text)
        return
    if not _matching(month, range(1, 13)):
        raise _fail(field, "month", f"{month} matches no month 01-12", text)
    if point.day is None:
        return
    if not _matching(point.day, range(1, 32)):
        raise _fail(field, "day", f"{point.day} matches no day 01-31", text)
    if "X" not in point.year + month + point.day and int(point.day) > days_in_month(
        int(point.year), int(month)
    ):
        raise _fail(
            field,
            "day",
            f"{point.year}-{month}-{point.day} is not a real date "
            f"({point.year}-{month} has {days_in_month(int(point.year), int(month))} days)",
            text,
        )
    _first_day(point, field, text)


def _member(raw: str, field: str, text: str) -> Member:
    if ".." not in raw:
        return _point(raw, field, text)
    first, _, last = raw.partition("..")
    if ".." in last or (not first and not last):
        raise _fail(field, "set", f"{raw!r} is not a date, a..b, ..b or a..", text)
    return Range(
        _point(first, field, text) if first else None, _point(last, field, text) if last else None
    )


def _set(text: str, field: str) -> Set | Point:
    all_of = text[0] == "{"
    if text[-1] != ("}" if all_of else "]"):
        raise _fail(field, "set", f"opens with {text[0]} but does not close with its pair", text)
    inner = text[1:-1]
    if not inner:
        raise _fail(field, "set", "is empty", text)
    members = tuple(_member(raw, field, text) for raw in inner.split(","))
    for index, member in enumerate(members):
        if isinstance(member, Range):
            open_ok = (member.first is not None or index == 0) and (
                member.last is not None or index == len(members) - 1
            )
            if not open_ok:
                why = "only the first member may open with '..', the last end with it"
                raise _fail(field, "set", why, text)
            if member.first and member.last and strict(member.first)[0] >= strict(member.last)[1]:
                raise _fail(field, "set", "a range a..b must not end before it starts", text)
    ordered = sorted(set(members), key=lambda m: (*_member_span(m), show(m)))
    if len(ordered) == 1 and isinstance(ordered[0], Point):
        return ordered[0]  # one of one date, or all of it, is that date
    return Set(all_of, tuple(ordered))


def parse(text: str, field: str = "when") -> Form:
    """Read EDTF levels 0-2 (but date-times) into a form; refuse with one error naming the part.

    >>> parse("2001-21")
    Point(year='2001', month='21', day=None, marks=('', '', ''), significant=None)
    >>> parse("2009-13")
    Traceback (most recent call last):
    ...
    bri_timeline.errors.EDTFError: when: month: 13 is neither a month (01-12) nor a season ...
    """
    if not text:
        raise _fail(field, "date", "is empty", text)
    if stray := _STRAY.search(text):
        if stray[0] == "x":
            raise _fail(field, "date", "an unspecified digit is a capital X", text)
        raise EDTFError(
            field,
            f"is not EDTF: {stray[0]!r} has no place in it (write 2025-03-03, 2009~, 2009-21, "
            "1984/2004, [2009,2011]...)",
            text,
        )
    if text[0] in "[{":
        return _set(text, field)
    if "T" in text:
        raise _fail(field, "date", "a date-time takes no qualifier, X, season or set", text)
    if "/" not in text:
        return _point(text, field, text)
    if text.count("/") > 1:
        raise EDTFError(field, "has more than one '/'", text)
    left, right = text.split("/")
    if left in ("", "..") and right in ("", ".."):
        raise _fail(field, "interval", "needs at least one known end", text)
    start: Side = left if left in ("", "..") else _point(left, field, text)
    end: Side = right if right in ("", "..") else _point(right, field, text)
    if isinstance(start, Point) and isinstance(end, Point) and strict(start)[0] >= strict(end)[1]:
        raise _fail(field, "interval", "its end is before its start", text)
    return Interval(start, end)


# Bounds -----------------------------------------------------------------------


def _first_day(point: Point, field: str = "when", text: str = "") -> tuple[int, int, int]:
    year = point.years()[0]
    first_month = point.months()[0]
    if point.day is None:
        return year, first_month, 1
    for month in _matching(point.month or "XX", range(1, 13)):
        days = [d for d in _matching(point.day, range(1, 32)) if d <= days_in_month(year, month)]
        if days:
            return year, month, days[0]
    raise _fail(field, "day", f"{point.day} is not a day of any month {point.month}", text)


def _last_day(point: Point) -> tuple[int, int, int]:
    low, high = point.years()
    _, last_month = point.months()
    if point.day is None:
        year, month = (high + 1, last_month - 12) if last_month > 12 else (high, last_month)
        return year, month, days_in_month(year, month)
    for year in range(high, low - 1, -1):
        for month in reversed(_matching(point.month or "XX", range(1, 13))):
            last = days_in_month(year, month)
            days = [d for d in _matching(point.day, range(1, 32)) if d <= last]
            if days and _year_matches(point, year):
                return year, month, days[-1]
    raise AssertionError("checked when parsed")  # pragma: no cover


def _year_matches(point: Point, year: int) -> bool:
    digits = point.year.lstrip("-")
    return all(p in ("X", c) for p, c in zip(digits, f"{abs(year):04d}", strict=False))


def strict(point: Point) -> tuple[int, int]:
    """The keys of the first possible day's start and the last possible day's end."""
    low, high = point.years()
    if point.month is None:
        return year_key(low), year_key(high + 1)
    first = civil_key(*_first_day(point))
    return first, civil_key(*_last_day(point)) + US_PER_DAY


def _shift(year: int, month: int, day: int, months: int, days: int) -> int:
    index = year * 12 + month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    return civil_key(year, month, min(day, days_in_month(year, month))) + days * US_PER_DAY


def fuzzy(point: Point) -> tuple[int, int]:
    """Strict bounds widened for each qualified part (see the module's text)."""
    low, high = strict(point)
    marks = point.marks
    if marks == ("", "", ""):
        return low, high
    weight = [(2 if mark == "%" else 1) if mark else 0 for mark in marks]
    # One qualifier written after a part covers the parts to its left too: it
    # widens by the unit of the part it is written on, once.
    run = 0
    while run + 1 < 3 and marks[run + 1] == marks[0] != "":
        run += 1
    for covered in range(run):
        weight[covered] = 0
    first_month, last_month = point.months()
    division = point.month is not None and point.month.isdigit() and int(point.month) > 20
    size = last_month - first_month + 1 if division else 1
    months = weight[0] * 12 + weight[1] * size
    days = weight[2]
    if point.month is None:
        years_low, years_high = point.years()
        return year_key(years_low - weight[0]), year_key(years_high + 1 + weight[0])
    start, end = _first_day(point), _last_day(point)
    return _shift(*start, -months, -days), _shift(*end, months, days) + US_PER_DAY


def _member_span(member: Member) -> tuple[int, int]:
    if isinstance(member, Point):
        return fuzzy(member)
    low = OPEN_START if member.first is None else fuzzy(member.first)[0]
    high = OPEN_END if member.last is None else fuzzy(member.last)[1]
    return low, high


def member_spans(form: Set) -> tuple[tuple[int, int], ...]:
    """The fuzzy span of each member of a set, in order."""
    return tuple(_member_span(member) for member in form.members)


# Printing ---------------------------------------------------------------------


def _year_text(point: Point) -> str:
    digits = point.year.lstrip("-")
    sign = "-" if point.negative else ""
    tail = "" if point.significant is None else f"S{point.significant}"
    if len(digits) > 4 or (len(digits.lstrip("0")) > 4):
        return f"Y{sign}{digits}{tail}"
    return f"{sign}{digits.zfill(4)}{tail}"


def _show_point(point: Point) -> str:
    parts = [_year_text(point), point.month, point.day]
    present = [part for part in parts if part is not None]
    marks = point.marks[: len(present)]
    if marks[-1] and len(set(marks)) == 1:
        return "-".join(present) + marks[-1]
    qualified = [bool(mark) for mark in marks]
    last = max((i for i, q in enumerate(qualified) if q), default=-1)
    if last >= 0 and all(qualified[: last + 1]) and len(set(marks[: last + 1])) == 1:
        present[last] += marks[last]
        return "-".join(present)
    return "-".join(mark + part for mark, part in zip(marks, present, strict=True))


def show(form: Form | Member) -> str:
    """The canonical EDTF text of a form (see the module's text)."""
    if isinstance(form, Point):
        return _show_point(form)
    if isinstance(form, Range):
        first = "" if form.first is None else _show_point(form.first)
        last = "" if form.last is None else _show_point(form.last)
        return f"{first}..{last}"
    if isinstance(form, Set):
        inner = ",".join(show(member) for member in form.members)
        return f"{{{inner}}}" if form.all_of else f"[{inner}]"
    sides = [
        side if isinstance(side, str) else _show_point(side) for side in (form.start, form.end)
    ]
    return "/".join(sides)
