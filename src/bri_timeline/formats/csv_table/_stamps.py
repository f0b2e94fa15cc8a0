"""The CSV writer's time cells of timed and all-day events: ``time_cells``'s text, faster for many.

The time cells are most of a row's cost, and ``datetime.isoformat`` most of theirs.
:class:`Stamps` formats each day once, and for each UTC offset the times of day of whole
minutes once (a table of 1,440 texts): a date-time of whole minutes is then its day's text
and one from its offset's table. A timed span's offsets come from its instants, which it
holds as keys (the offset is the wall time less the instant), rather than from
``utcoffset()``; an end on the start's day, as long by the clock as the span lasts, shares
the start's day and offset. Everything else (seconds, two zones, UTC, the other kinds of
time) goes to ``time_cells`` and ``isoformat`` themselves.

>>> from datetime import datetime
>>> from zoneinfo import ZoneInfo
>>> lima = ZoneInfo("America/Lima")
>>> stamps = Stamps()
>>> stamps.text(datetime(2024, 11, 8, 9, 30, tzinfo=lima))
'2024-11-08T09:30:00-05:00'
>>> cells = stamps.span(TimeSpan(datetime(2024, 11, 8, 9, tzinfo=lima),
...                              datetime(2024, 11, 8, 13, tzinfo=lima)))
>>> cells[1:4]
('2024-11-08T13:00:00-05:00', 'America/Lima', 'false')
>>> cells[4]
'2024-11-08T09:00:00-05:00/2024-11-08T13:00:00-05:00'
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from bri_timeline.formats.csv_table._columns import FALSE, TRUE, time_cells
from bri_timeline.model.keys import US_PER_DAY
from bri_timeline.model.times import AllDay, TimeSpan

__all__ = ["Stamps"]

Cells = tuple[str, str, str, str, str]
"""The ``start``, ``end``, ``zone``, ``all-day`` and ``edtf`` cells."""

_CLOCK = tuple(f"T{hour:02d}:{minute:02d}:00" for hour in range(24) for minute in range(60))
"""The time of day of each minute of a day, as ``isoformat`` writes it."""
_DAY_LENGTH = len("2024-11-08T09:30:00")
"""Where the offset begins in the text of a date-time of whole minutes."""
_ONE_US = timedelta(microseconds=1)
_US_PER_MINUTE = 60_000_000


class Stamps:
    """The text of date-times and time cells for one table, whose days and offsets it caches."""

    def __init__(self) -> None:
        self._days: dict[int, str] = {}
        self._clocks: dict[int, tuple[str, ...]] = {}  # by UTC offset in microseconds

    def _day(self, ordinal: int) -> str:
        text = self._days[ordinal] = date.fromordinal(ordinal).isoformat()
        return text

    def _clock(self, value: datetime, offset: int) -> tuple[str, ...]:
        """The table of the times of day at ``value``'s UTC offset, ``offset``."""
        shown = value.isoformat()[_DAY_LENGTH:]
        table = self._clocks[offset] = tuple(time + shown for time in _CLOCK)
        return table

    def text(self, value: datetime) -> str:
        """``value.isoformat()``."""
        offset = value.utcoffset()
        if offset is None or value.second or value.microsecond:
            return value.isoformat()
        key = offset // _ONE_US
        clock = self._clocks.get(key) or self._clock(value, key)
        ordinal = value.toordinal()
        day = self._days.get(ordinal) or self._day(ordinal)
        return day + clock[value.hour * 60 + value.minute]

    def span(self, time: TimeSpan) -> Cells:
        """``time_cells(time)``."""
        start, end = time.start, time.end
        zone = start.tzinfo
        if (
            zone is not end.tzinfo
            or not isinstance(zone, ZoneInfo)
            or start.second
            or start.microsecond
        ):
            return time_cells(time)
        ordinal, minute = start.toordinal(), start.hour * 60 + start.minute
        # The offset is the wall time less the instant, which the span holds as its key:
        # exact, and cheaper than utcoffset().
        offset = (ordinal - 1) * US_PER_DAY + minute * _US_PER_MINUTE - time._start
        clock = self._clocks.get(offset) or self._clock(start, offset)
        day = self._days.get(ordinal) or self._day(ordinal)
        first = day + clock[minute]
        if end.toordinal() == ordinal and not (end.second or end.microsecond):
            later = end.hour * 60 + end.minute
            if time._end - time._start == (later - minute) * _US_PER_MINUTE:
                # As long by the clock as it lasts: the start's day and offset.
                last = day + clock[later]
                return first, last, zone.key, FALSE, f"{first}/{last}"
        last = self.text(end)  # another day or offset, or an instant (a span of one microsecond)
        if last == first:
            return first, "", zone.key, FALSE, first
        return first, last, zone.key, FALSE, f"{first}/{last}"

    def days(self, time: AllDay) -> Cells:
        """``time_cells(time)``."""
        first_day, last_day = time.first, time.last
        ordinal = first_day.toordinal()
        first = self._days.get(ordinal) or self._day(ordinal)
        if last_day == first_day:
            return first, "", "", TRUE, first
        ordinal = last_day.toordinal()
        last = self._days.get(ordinal) or self._day(ordinal)
        return first, last, "", TRUE, f"{first}/{last}"
