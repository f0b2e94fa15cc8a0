"""A slide's date objects as a time of the model: the rules of :mod:`.read`, for the reader.

A date object's fields say its precision (:class:`Point`); :func:`slide_time`
joins a start, an optional end and the slide's display date into one
:class:`~bri_timeline.model.times.Time`. Zones come from the display dates
(:func:`zones_in`), as the writer writes them, or from the reader's ``tz``.

>>> zones_in("8 Nov 2024 09:00 America/Lima – 9 Nov 2024 13:00 Asia/Tokyo")
[zoneinfo.ZoneInfo(key='America/Lima'), zoneinfo.ZoneInfo(key='Asia/Tokyo')]
>>> slide_time(Point(2000, display="2000"), Point(2009), "2000s", None)
PartialDate(precision=Precision.DECADE, year=2000, month=None)
"""

from __future__ import annotations

import re
from calendar import monthrange
from datetime import UTC, date, datetime, tzinfo
from zoneinfo import ZoneInfo

import attrs

from bri_timeline.errors import InvalidValue
from bri_timeline.model.describe import describe
from bri_timeline.model.edtf import parse_zone
from bri_timeline.model.floating import FloatingSpan
from bri_timeline.model.times import AllDay, OpenEnded, PartialDate, Time, TimeSpan

__all__ = ["NoZone", "Point", "slide_time", "zones_in"]

_FLOATING = re.compile(r"\bfloating\b")
_ZONE = re.compile(r"(?<![\w/+-])(UTC|[A-Za-z_]+(?:/[A-Za-z0-9_+-]+)+)(?![\w/])")


class NoZone(Exception):
    """A time of day with no zone in its display dates, and no ``tz`` given."""


@attrs.frozen
class Point:
    """One date object: the fields it has, checked, and its display date."""

    year: int
    month: int | None = None
    day: int | None = None
    hour: int | None = None
    minute: int = 0
    second: int = 0
    millisecond: int = 0
    display: str | None = None

    def first_day(self) -> date:
        """The first day it covers."""
        return date(self.year, self.month or 1, self.day or 1)

    def last_day(self) -> date:
        """The last day it covers (ValueError for a day its month does not have)."""
        if self.day is not None:
            return self.first_day()
        month = self.month or 12
        return date(self.year, month, monthrange(self.year, month)[1])

    def value(self, zone: tzinfo | None) -> datetime | date | PartialDate:
        """What it names: a datetime (in ``zone``; naive, floating, for None), a day..."""
        if self.hour is not None:
            micro = self.millisecond * 1000
            return datetime(*self.first_day().timetuple()[:3], self.hour, self.minute,
                            self.second, micro, tzinfo=zone)  # fmt: skip
        if self.day is not None:
            return self.first_day()
        if self.month is not None:
            return PartialDate.of_month(self.year, self.month)
        return PartialDate.of_year(self.year)


def zones_in(text: str | None) -> list[tzinfo]:
    """The IANA zones a display date names (``Area/Place``, or ``UTC``), in order."""
    found: list[tzinfo] = []
    for match in _ZONE.finditer(text or ""):
        if match[1] == "UTC":
            found.append(UTC)
            continue
        try:
            found.append(parse_zone(match[1], field="display_date"))
        except InvalidValue:  # a word with a slash that names no zone
            continue
    return found


def _zone(point: Point, slide: str | None, tz: ZoneInfo | None, *, last: bool) -> tzinfo | None:
    """The zone of a time of day: its display date's, the slide's, else ``tz``.

    None (floating) where the display dates say ``floating``, as the writer writes a
    :class:`~bri_timeline.FloatingSpan`, and ``tz`` is not given.
    """
    for text in (point.display, slide):
        if zones := zones_in(text):
            return zones[-1] if last else zones[0]
    if tz is None and _FLOATING.search(f"{point.display} {slide}"):
        return None
    if tz is None:
        raise NoZone
    return tz


def _years(start: Point, end: Point) -> Time | None:
    """A decade, a century or a year when the years are its first and last."""
    if start.month is not None or end.month is not None:
        return None
    span = end.year - start.year
    if span == 0:
        return PartialDate.of_year(start.year)
    if span == 9 and start.year % 10 == 0:
        return PartialDate.of_decade(start.year)
    if span == 99 and start.year % 100 == 0:
        return PartialDate.of_century(start.year)
    return None


def _open(start: Point, value: datetime | date | PartialDate, display: str) -> Time:
    """An open end; a year that starts a decade or century is one when the display says so."""
    if isinstance(value, PartialDate) and start.month is None:
        for wider in (PartialDate.of_century, PartialDate.of_decade):
            try:
                candidate = OpenEnded(wider(start.year))
            except ValueError:
                continue
            if describe(candidate) == display:
                return candidate
    return OpenEnded(value)


def slide_time(start: Point, end: Point | None, display: str | None, tz: ZoneInfo | None) -> Time:
    """The time of a slide (see :mod:`.read`); ValueError with the reason if there is none.

    Raises:
        NoZone: A time of day has no zone.
        ValueError: The end is before the start, or only one of them has a time of day.
    """
    timed = start.hour is not None
    first = start.value(_zone(start, display, tz, last=False) if timed else None)
    if end is None:
        if display is not None and display.startswith("since "):
            return _open(start, first, display)
        if isinstance(first, datetime):
            return TimeSpan(first) if first.tzinfo else FloatingSpan(first)
        return AllDay(first) if isinstance(first, date) else first
    if timed != (end.hour is not None):
        raise ValueError("start_date and end_date must both have a time of day, or neither")
    if isinstance(first, datetime):
        last = end.value(_zone(end, display, tz, last=True))
        assert isinstance(last, datetime)
        if first.tzinfo is None or last.tzinfo is None:
            return FloatingSpan(first, last)
        return TimeSpan(first, last)
    if (years := _years(start, end)) is not None:
        return years
    if start.day is None and end.day is None and (start.year, start.month) == (end.year, end.month):
        return PartialDate.of_month(start.year, start.month or 1)
    return AllDay(start.first_day(), end.last_day())
