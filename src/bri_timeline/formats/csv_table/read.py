r"""Read a timeline from a CSV table: ours, or one made by hand, by a spreadsheet or by pandas.

:mod:`~bri_timeline.formats.csv_table.write` writes the table this reads back.

Only ``id`` and ``title`` are required columns; any other may be left out, in any order,
its name in any case. The time of a row is its ``edtf`` (with ``zone``) when that cell is
filled; then ``start``, ``end`` and ``all-day``, where filled, must say the same time, or
the row is refused rather than one of the two silently dropped. Without ``edtf``:

* ``start`` alone is an instant (a date-time) or one day (a date); ``end`` ``..`` makes it
  open-ended; another ``end`` closes it: a date-time, or the *last* day of whole days;
* a date-time is ISO 8601, with ``T`` or a space (as pandas writes), with a UTC offset or
  ``Z``, or local in ``zone`` (a local time in a repeated hour is the first one; write its
  offset to name the second); with neither, it is floating (the same wall time in every
  zone, a :class:`~bri_timeline.FloatingSpan`), as start and end must then both be;
* ``all-day`` (``true``/``false``, ``yes``/``no``, ``1``/``0``, any case), where filled,
  must say whether the time is whole days.

A partial date (a month, a year) is written in ``edtf``. ``categories`` are separated by
``;`` (or are a JSON list of strings); ``location`` is a place's name and ``source`` the
quote that attests the event. The file may come from Excel: see
:mod:`~bri_timeline.formats.csv_table._table` for the byte order mark, ``;`` delimiters
and line ends. Every error is a :class:`~bri_timeline.errors.DataFileError` naming the
file, the line, the row, the column and the value.

>>> timeline = from_csv("id;title;start;end\r\nfta;FTA in place;2009-08-01;..\r\n")
>>> timeline.get("fta").time
OpenEnded(start=datetime.date(2009, 8, 1))
>>> from_csv("id,title,edtf,start\nfta,FTA,2009,2010-01-01\n", path="events.csv")
Traceback (most recent call last):
...
bri_timeline.errors.DataFileError: events.csv:2: event 'fta' (row 2): field 'start': does not ...
"""

from __future__ import annotations

import os
from datetime import date, datetime
from zoneinfo import ZoneInfo

from bri_timeline.errors import InvalidValue, shown
from bri_timeline.formats.csv_table._columns import (
    ALL_DAY_WORDS,
    COLUMNS,
    OPEN,
    TRUE,
    split_categories,
    time_cells,
)
from bri_timeline.formats.csv_table._table import Table, read_text
from bri_timeline.limits import Limits
from bri_timeline.model.edtf import from_edtf, parse_zone
from bri_timeline.model.event import Event, Location, Source
from bri_timeline.model.floating import FloatingSpan
from bri_timeline.model.times import AllDay, OpenEnded, Time, TimeSpan
from bri_timeline.timeline import Timeline

__all__ = ["from_csv", "read_csv"]

_Point = datetime | date | str | None  # str: OPEN


class _Refused(Exception):
    """A cell's value is refused: its column and the rule, for the table to place."""

    def __init__(self, column: str, rule: str, value: object) -> None:
        self.column, self.rule, self.value = column, rule, value


def _zones(cell: str) -> tuple[ZoneInfo | None, ZoneInfo | None]:
    names = cell.split()
    if len(names) > 2:
        raise _Refused("zone", "must be one IANA zone, or a start zone and an end zone", cell)
    zones = [None if name == "Z" else parse_zone(name, field="zone") for name in names]
    start = zones[0] if zones else None
    return start, zones[1] if len(zones) == 2 else start


def _point(column: str, cell: str, zone: ZoneInfo | None) -> _Point:
    if not cell:
        return None
    if cell == OPEN:
        return OPEN
    try:
        if len(cell) == 10:
            return date.fromisoformat(cell)
        value = datetime.fromisoformat(cell)
    except ValueError:
        raise _Refused(column, "must be a day YYYY-MM-DD or an ISO 8601 date-time", cell) from None
    if value.tzinfo is None:
        return value if zone is None else value.replace(tzinfo=zone)  # no zone: floating
    return value if zone is None else value.astimezone(zone)


def _time_of_cells(start: _Point, end: _Point, all_day: bool | None) -> Time:
    if start is None or start == OPEN:
        raise _Refused("start", "is required (or edtf)", start or "")
    if isinstance(start, datetime):
        if all_day:
            raise _Refused("all-day", "says true, but start is a date-time", TRUE)
        if start.tzinfo is None or (isinstance(end, datetime) and end.tzinfo is None):
            return _floating(start, end)
        if end is None or end == OPEN:
            return TimeSpan(start) if end is None else OpenEnded(start)
        if not isinstance(end, datetime):
            raise _Refused("end", "must be a date-time, as start is", end)
        return TimeSpan(start, end)
    assert isinstance(start, date)
    if end == OPEN:
        if all_day:
            raise _Refused("all-day", "says true, but the end is open", TRUE)
        return OpenEnded(start)
    if isinstance(end, datetime):
        raise _Refused("end", "must be a day, as start is", end.isoformat())
    assert end is None or isinstance(end, date)
    if all_day is False:
        raise _Refused("all-day", "says false, but start and end are days", "false")
    return AllDay(start, start if end is None else end)


def _floating(start: datetime, end: _Point) -> FloatingSpan:
    """A floating time: start and end both wall times with no zone, or no end."""
    if end == OPEN:
        raise _Refused("end", "is open, but start is a floating time (no zone): give zone", end)
    if end is not None and not isinstance(end, datetime):
        raise _Refused("end", "must be a date-time, as start is", end)
    if start.tzinfo is not None or (end is not None and end.tzinfo is not None):
        raise _Refused("zone", "is needed: start and end must both have a zone, or neither", "")
    return FloatingSpan(start, start if end is None else end)


def _agrees(column: str, cell: str, written: str, zone: ZoneInfo | None) -> None:
    # A filled start or end must name the same point as the one edtf's time gives.
    if cell and cell != written and _point(column, cell, zone) != _point(column, written, None):
        raise _Refused(column, f"does not agree with edtf, which gives {written or 'none'}", cell)


class _Rows:
    """Builds the events of a table, a row at a time."""

    def __init__(self, table: Table) -> None:
        columns = table.columns
        self.table = table
        self.at = {name: columns.get(name) for name in COLUMNS}
        if self.at["id"] is None or self.at["title"] is None:
            missing = "id" if self.at["id"] is None else "title"
            raise table.error(f"has no column {missing!r}: it is required")

    def cell(self, cells: list[str], column: str) -> str:
        position = self.at[column]
        return "" if position is None else cells[position]

    def time(self, cells: list[str]) -> Time:
        cell = self.cell
        start_zone, end_zone = _zones(cell(cells, "zone"))
        all_day_cell = cell(cells, "all-day")
        all_day = ALL_DAY_WORDS.get(all_day_cell.strip().lower()) if all_day_cell else None
        if all_day_cell and all_day is None:
            raise _Refused("all-day", "must be true or false (or yes/no, 1/0)", all_day_cell)
        edtf = cell(cells, "edtf")
        start, end = cell(cells, "start"), cell(cells, "end")
        if not edtf:
            if start_zone is not None and "T" not in start and " " not in start:
                raise _Refused("zone", "is given, but start has no time of day", start_zone.key)
            return _time_of_cells(
                _point("start", start, start_zone), _point("end", end, end_zone), all_day
            )
        time = from_edtf(edtf, tz=start_zone, end_tz=end_zone, field="edtf")
        if start_zone is not None and "T" not in edtf:
            raise _Refused("zone", "is given, but edtf has no time of day", start_zone.key)
        written_start, written_end, _, written_all_day, _ = time_cells(time)
        _agrees("start", start, written_start, start_zone)
        _agrees("end", end, written_end, end_zone)
        if all_day is not None and all_day != (written_all_day == TRUE):
            raise _Refused("all-day", f"does not agree with edtf {edtf!r}", all_day_cell)
        return time

    def event(self, cells: list[str]) -> Event:
        cell = self.cell
        time = self.time(cells)
        location, url, source = cell(cells, "location"), cell(cells, "url"), cell(cells, "source")
        categories = cell(cells, "categories")
        try:
            names = split_categories(categories) if categories else ()
        except ValueError as error:
            raise _Refused("categories", str(error).partition(":")[0], categories) from None
        return Event(
            cell(cells, "id"),
            cell(cells, "title"),
            time,
            description=cell(cells, "description"),
            location=Location(location) if location else None,
            url=url or None,
            categories=names,
            source=Source(source) if source else None,
        )


def _column(field: str) -> str:
    # The column of a field the model refuses: location.name is the location column.
    head = field.split(".", maxsplit=1)[0]
    return {"first": "start", "last": "end", "tz": "zone", "end_tz": "zone"}.get(head, head)


def from_csv(
    text: str,
    *,
    path: str = "<string>",
    delimiter: str | None = None,
    limits: Limits | None = None,
) -> Timeline:
    """Read a timeline from the text of a CSV table (see above for its columns).

    Args:
        text: The text (a leading byte order mark is skipped).
        path: The name errors give the file.
        delimiter: ``,``, ``;`` or a tab; by default the first of them in the header line.
        limits: What reading it may cost (default :class:`~bri_timeline.limits.Limits`):
            its size.

    Raises:
        DataFileError: The text is too large or not CSV, its header names an unknown column
            or lacks ``id`` or ``title``, a cell is wrong, or two rows share an id.
    """
    table = Table.of(text, path, delimiter, limits, COLUMNS)
    rows = _Rows(table)
    events: list[Event] = []
    seen: dict[str, int] = {}
    id_at = rows.at["id"]
    for row, _line, cells in table.rows():
        event_id = cells[id_at] if id_at is not None else ""
        try:
            event = rows.event(cells)
        except _Refused as refused:
            raise table.error(
                f"{refused.rule} (got {shown(refused.value)})", refused.column, event_id or None
            ) from None
        except InvalidValue as error:
            raise table.error(
                f"{error.rule} (got {shown(error.value)})", _column(error.field), event_id or None
            ) from None
        if (earlier := seen.setdefault(event.id, row)) != row:
            raise table.error(f"another event (row {earlier}) has the same id", "id", event.id)
        events.append(event)
    return Timeline(events)


def read_csv(
    path: str | os.PathLike[str],
    *,
    delimiter: str | None = None,
    limits: Limits | None = None,
) -> Timeline:
    """Read a timeline from a CSV file in UTF-8, with or without a byte order mark.

    Raises:
        DataFileError: The file cannot be read, is not UTF-8, is too large, or is not a
            valid table (see :func:`from_csv`).
    """
    name, text, checked = read_text(path, delimiter, limits)
    return from_csv(text, path=name, delimiter=delimiter, limits=checked)
