"""Honest words for a vague time: ``c. 1850``, ``spring 2009``, ``1984 or 1985``.

The words never claim more than the EDTF says: an approximate year is ``c.``
that year, not its first day; an uncertain one ends in ``?``; an unspecified
digit stays an ``X`` unless the years it allows make a plain range.

>>> from bri_timeline.model.vague import Vague
>>> [vague_words(Vague(text)) for text in ("1850~", "2009-21", "[1984,1985]", "2009?")]
['c. 1850', 'spring 2009', '1984 or 1985', '2009?']
>>> vague_words(Vague("1984?/2004~")), vague_words(Vague("../1985")), vague_words(Vague("-1985"))
('1984? – c. 2004', 'until 1985', '1986 BC')
"""

from __future__ import annotations

from bri_timeline.model.edtf_grammar import DIVISIONS, Interval, Point, Range, Set
from bri_timeline.model.vague import Vague

__all__ = ["vague_words"]

_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def _year(point: Point) -> str:
    low, high = point.years()
    if point.significant is not None:
        return f"c. {_one_year(int(point.year))} ({_one_year(low)}–{_one_year(high)})"
    if low == high:
        return _one_year(low)
    digits = point.year.lstrip("-")
    if digits.rstrip("X").isdigit() or not digits.rstrip("X"):
        if digits == "XXXX":
            return "year unknown"
        if digits.endswith("X") and not digits.endswith("XX") and low > 0:
            return f"{low:04d}s"  # a decade
        return f"{_one_year(low)}–{_one_year(high)}"
    return point.year


def _one_year(year: int) -> str:
    # Astronomical numbering: year 0 is 1 BC.
    return f"{year:04d}" if year > 0 else f"{1 - year} BC"


def _bare(point: Point) -> str:
    year = _year(point)
    month, day = point.month, point.day
    if month is None:
        return year
    if month.isdigit() and int(month) in DIVISIONS:
        return f"{DIVISIONS[int(month)][0]} {year}"
    month_words = _MONTHS[int(month) - 1] if month.isdigit() else "some month"
    if day is None:
        return f"{month_words} {year}" if month.isdigit() else f"some month of {year}"
    if not day.isdigit():
        return f"a day in {month_words} {year}"
    return f"{int(day)} {month_words} {year}"


def _point(point: Point) -> str:
    words = _bare(point)
    marks = "".join(point.marks)
    if "~" in marks or "%" in marks:
        words = f"c. {words}"
    if "?" in marks or "%" in marks:
        words += "?"
    return words


def _member(member: Point | Range) -> str:
    if isinstance(member, Point):
        return _point(member)
    if member.first is None:
        assert member.last is not None
        return f"{_point(member.last)} or before"
    if member.last is None:
        return f"{_point(member.first)} or later"
    return f"{_point(member.first)}–{_point(member.last)}"


def _join(words: list[str], last: str) -> str:
    if len(words) == 1:
        return words[0]
    return f"{', '.join(words[:-1])} {last} {words[-1]}"


def vague_words(time: Vague) -> str:
    """Words for a :class:`~bri_timeline.model.vague.Vague` time (see the module's text)."""
    form = time._form
    if isinstance(form, Point):
        return _point(form)
    if isinstance(form, Set):
        words = [_member(member) for member in form.members]
        return _join(words, "and") if form.all_of else _join(words, "or")
    assert isinstance(form, Interval)
    start, end = form.start, form.end
    if start == "..":
        assert isinstance(end, Point)
        return f"until {_point(end)}"
    if end == "..":
        assert isinstance(start, Point)
        return f"since {_point(start)}"
    first = "unknown start" if isinstance(start, str) else _point(start)
    last = "unknown end" if isinstance(end, str) else _point(end)
    return f"{first} – {last}"
