"""Floating times: a wall-clock time with no zone, "the same time wherever you are".

iCalendar calls a DATE-TIME with neither ``TZID`` nor ``Z`` *floating* (RFC 5545,
section 3.3.5): 07:00 is 07:00 in Lima and in Tokyo. A :class:`FloatingSpan`
keeps such a time as it was written, two naive datetimes, and is never given the
machine's zone (nor any other) unless asked: :meth:`FloatingSpan.pinned`.

Its place on the span axis (see :mod:`bri_timeline.model.keys`) follows the
certain/possible rule of the vague times. The offsets in use run from UTC-12 to
UTC+14, so the instant of a wall time ``w`` lies somewhere in
``[w - 14h, w + 12h]`` (on the axis, walls are read as if in UTC):

* its span runs from the earliest possible start, ``start - 14h``, to the latest
  possible end, ``end + 12h``: what it *may* cover;
* its core runs from the latest possible start to the earliest possible end,
  ``[start + 12h, end - 14h)``: what it *certainly* covers, empty for a span
  shorter than 26 hours;
* its start may lie anywhere in ``[start - 14h, start + 12h]`` and its end in
  ``[end - 14h, end + 12h]``, which is what Allen's relations try
  (:mod:`bri_timeline.model.allen`); an instant's end is tied to its start. Both
  ends of a span are taken on one clock, but a zone's offset may change between
  them, so the two ranges are kept apart: some relations that they allow no
  single zone gives; none that a zone gives is missed.

>>> from datetime import datetime
>>> span = FloatingSpan(datetime(2024, 11, 8, 7), datetime(2024, 11, 8, 8))
>>> span.pinned("Asia/Tokyo").start.isoformat()
'2024-11-08T07:00:00+09:00'
>>> FloatingSpan(datetime(2024, 11, 8, 7)).is_instant
True
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import attrs

from bri_timeline.errors import InvalidArgument, InvalidTime
from bri_timeline.model.keys import instant_key

if TYPE_CHECKING:
    from bri_timeline.model.times import TimeSpan  # times imports this module

__all__ = ["EARLIEST_OFFSET", "LATEST_OFFSET", "FloatingSpan"]

EARLIEST_OFFSET = timedelta(hours=-12)
"""The westernmost UTC offset in use (Baker Island): a floating time's latest instant."""

LATEST_OFFSET = timedelta(hours=14)
"""The easternmost UTC offset in use (Kiritimati): a floating time's earliest instant."""

_US = timedelta(microseconds=1)
_BEFORE = LATEST_OFFSET // _US  # how far before its wall time the instant may be
_AFTER = -EARLIEST_OFFSET // _US  # how far after
_FIRST = datetime(1, 1, 2)
_LAST = datetime(9999, 12, 30, 23, 59, 59, 999_999)


def wall_key(value: datetime) -> int:
    """The key of a naive wall time read as if it were UTC.

    >>> wall_key(datetime(1, 1, 2))
    86400000000
    """
    return instant_key(value.replace(tzinfo=UTC))


def _naive(field: str, value: object) -> datetime:
    if not isinstance(value, datetime):
        raise InvalidTime(field, "must be a datetime", value)
    if value.tzinfo is not None:
        raise InvalidTime(
            field, "must be naive (a floating time has no zone: use TimeSpan for one)", value
        )
    if not _FIRST <= value <= _LAST:
        # Every zone from UTC-12 to UTC+14 must hold it (see pinned()).
        raise InvalidTime(field, "must be from 0001-01-02 to 9999-12-30", value)
    return value.replace(fold=0)


def _zone(tz: object) -> ZoneInfo:
    if isinstance(tz, ZoneInfo) and tz.key is not None:
        return tz
    if isinstance(tz, str) and tz and tz == tz.strip() and tz != "localtime":
        try:
            return ZoneInfo(tz)
        except (ZoneInfoNotFoundError, ValueError, OSError):
            pass
    raise InvalidArgument("tz", "must be an IANA time zone name such as 'America/Lima'", tz)


def _on_clock(wall: datetime, tz: ZoneInfo) -> datetime:
    # RFC 5545: a wall time the clocks skipped moves forward by the gap; a repeated
    # one is its first pass (as model.recurrence.resolve_gap does).
    return wall.replace(tzinfo=tz, fold=0).astimezone(UTC).astimezone(tz)


@attrs.frozen
class FloatingSpan:
    """A span between two wall-clock times with no zone; zero length is an instant.

    Ordered and queried against zoned times by where its instants may lie (see
    the module's text): it possibly overlaps what any zone would put it over,
    and certainly overlaps only what every zone would.

    Args:
        start: When it begins, on any clock (a naive datetime).
        end: When it ends (naive); defaults to ``start``, making an instant.

    Raises:
        InvalidTime: An aware datetime, an end before the start, or a wall time
            within a day of the ends of the datetime range.

    >>> FloatingSpan(datetime(2024, 11, 8, 9), datetime(2024, 11, 8, 8))
    Traceback (most recent call last):
    ...
    bri_timeline.errors.InvalidTime: end: must not be before start 2024-11-08T09:00:00 ...
    """

    start: datetime
    end: datetime = attrs.field(default=attrs.Factory(lambda self: self.start, takes_self=True))
    _start: int = attrs.field(init=False, repr=False, eq=False)
    _end: int = attrs.field(init=False, repr=False, eq=False)
    _core: tuple[int, int] = attrs.field(init=False, repr=False, eq=False)
    _ends: tuple[int, int, int, int] = attrs.field(init=False, repr=False, eq=False)

    def __attrs_post_init__(self) -> None:
        _set = object.__setattr__
        _set(self, "start", _naive("start", self.start))
        _set(self, "end", _naive("end", self.end))
        if self.end < self.start:
            raise InvalidTime("end", f"must not be before start {self.start.isoformat()}", self.end)
        start = wall_key(self.start)
        end = max(wall_key(self.end), start + 1)  # an instant is the microsecond it names
        _set(self, "_start", start - _BEFORE)
        _set(self, "_end", end + _AFTER)
        core = (start + _AFTER, end - _BEFORE)
        _set(self, "_core", core if core[0] < core[1] else (self._end, self._end))
        _set(self, "_ends", (start - _BEFORE, start + _AFTER, end - _BEFORE, end + _AFTER))

    @property
    def is_instant(self) -> bool:
        """True when start and end are the same wall time."""
        return self.start == self.end

    @property
    def duration(self) -> timedelta:
        """How long it lasts on the wall clock (zero for an instant)."""
        return self.end - self.start

    def pinned(self, tz: ZoneInfo | str) -> TimeSpan:
        """The same wall times in the zone ``tz``: a :class:`~.times.TimeSpan`.

        A wall time the clocks skipped moves forward by the gap (RFC 5545), a
        repeated one is its first pass; an end moved before its start is the start.

        Args:
            tz: An IANA zone, or its name.

        Raises:
            InvalidArgument: ``tz`` names no IANA zone.

        >>> FloatingSpan(datetime(2024, 3, 31, 1, 30)).pinned("Europe/London").start.isoformat()
        '2024-03-31T02:30:00+01:00'
        """
        from bri_timeline.model.times import TimeSpan

        zone = _zone(tz)
        start = _on_clock(self.start, zone)
        end = _on_clock(self.end, zone)
        return TimeSpan(start, max(end, start, key=instant_key))
