r"""Read a TimelineJS Google Sheet (its template's columns), saved as CSV, into a timeline.

TimelineJS3 stories are often kept in a Google Sheet made from its template, whose
columns are ``Year``, ``Month``, ``Day``, ``Time``, ``End Year``, ``End Month``, ``End Day``,
``End Time``, ``Display Date``, ``Headline``, ``Text``, ``Media``, ``Media Credit``,
``Media Caption``, ``Media Thumbnail``, ``Type``, ``Group`` and ``Background``. Saved as
CSV (File > Download > Comma-separated values), each row becomes an event:

* the time is as precise as the row: ``Year`` alone is a year, with ``Month`` a month,
  with ``Day`` a day, with ``Time`` (``HH:MM`` or ``HH:MM:SS``, local in ``tz``) an
  instant; the ``End`` columns close it. Days to days are whole days (``End Day`` the last
  one); times to times a timed span; a span with a month or a year at either end covers
  the whole of it, in days (TimelineJS draws it so; a timeline of ours has no span
  between two partial dates);
* ``Headline`` is the title, ``Text`` the description, ``Media`` the URL, ``Group`` the
  one category; the id is made from the headline (``apec-summit``, then ``apec-summit-2``);
* the row whose ``Type`` is ``title`` gives the timeline's name and description.

A sheet's ``Display Date``, ``Media Credit``, ``Media Caption``, ``Media Thumbnail``,
``Background`` and an ``era`` row have no place in a timeline of ours: a row that fills
one is refused, naming it, unless the caller names the column in ``ignore`` (then its
values are dropped, as asked). Errors are those of
:func:`~bri_timeline.formats.csv_table.read.from_csv`: file, line, row, column and value.

>>> sheet = '''Year,Month,Day,Time,End Year,End Month,End Day,End Time,Headline,Text,Group
... 2009,,,,,,,,FTA signed,,trade
... 2024,11,13,,2024,11,15,,APEC Summit,Lima,apec
... 2024,11,14,10:00,,,,,Chancay Port opens,,ports'''
>>> timeline = from_timelinejs_sheet(sheet, tz="America/Lima")
>>> [(event.id, type(event.time).__name__) for event in timeline]
[('fta-signed', 'PartialDate'), ('apec-summit', 'AllDay'), ('chancay-port-opens', 'TimeSpan')]
"""

from __future__ import annotations

import os
import re
from collections.abc import Collection
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from bri_timeline.errors import InvalidArgument, InvalidValue, shown
from bri_timeline.formats.csv_table._table import Table, read_text
from bri_timeline.limits import Limits
from bri_timeline.model.edtf import parse_zone
from bri_timeline.model.event import Event
from bri_timeline.model.times import AllDay, PartialDate, Time, TimeSpan
from bri_timeline.timeline import Timeline, TimelineInfo

__all__ = ["SHEET_COLUMNS", "from_timelinejs_sheet", "read_timelinejs_sheet"]

SHEET_COLUMNS = (
    "year", "month", "day", "time", "end year", "end month", "end day", "end time",
    "display date", "headline", "text", "media", "media credit", "media caption",
    "media thumbnail", "type", "group", "background",
)  # fmt: skip
"""The columns of the TimelineJS template, as read (in any case)."""

_UNHELD = ("display date", "media credit", "media caption", "media thumbnail", "background")
_COLUMN_OF = {
    "title": "headline",
    "name": "headline",
    "description": "text",
    "url": "media",
    "categories": "group",
    "start": "time",
    "end": "end time",
    "last": "end day",
}  # the column of a field the model refuses
_SLUG = re.compile(r"[^a-z0-9]+")
_TIME = re.compile(r"(\d{1,2}):(\d{2})(?::(\d{2}))?", re.ASCII)
_Point = datetime | date | PartialDate


class _Refused(Exception):
    def __init__(self, column: str, rule: str, value: object) -> None:
        self.column, self.rule, self.value = column, rule, value


def _number(cells: dict[str, str], column: str, low: int, high: int) -> int | None:
    cell = cells.get(column, "").strip()
    if not cell:
        return None
    # Its length first: int() of thousands of digits is refused (or slow).
    short = len(cell) <= len(str(high)) and cell.isascii() and cell.isdigit()
    if not short or not low <= int(cell) <= high:
        raise _Refused(column, f"must be a whole number from {low} to {high}", cell)
    return int(cell)


def _point(cells: dict[str, str], prefix: str, zone: ZoneInfo | None) -> _Point | None:
    year = _number(cells, prefix + "year", 1, 9999)
    month = _number(cells, prefix + "month", 1, 12)
    day = _number(cells, prefix + "day", 1, 31)
    clock = cells.get(prefix + "time", "").strip()
    given = [name for name, value in (("month", month), ("day", day), ("time", clock)) if value]
    if year is None:
        if given:
            column = prefix + given[0]
            raise _Refused(column, f"is given without {prefix}year", cells[column])
        return None
    for finer, coarser, value in (("day", month, day), ("time", day, clock)):
        if value and coarser is None:
            raise _Refused(prefix + finer, "is given without the coarser column before it", value)
    if month is None:
        return PartialDate.of_year(year)
    if day is None:
        return PartialDate.of_month(year, month)
    try:
        day_value = date(year, month, day)
    except ValueError:
        raise _Refused(prefix + "day", f"is not a day of {year}-{month:02d}", str(day)) from None
    if not clock:
        return day_value
    found = _TIME.fullmatch(clock)
    if found is None or int(found[1]) > 23 or int(found[2]) > 59 or int(found[3] or 0) > 59:
        raise _Refused(prefix + "time", "must be a time of day HH:MM or HH:MM:SS", clock)
    if zone is None:
        raise _Refused(prefix + "time", "is a local time: pass tz, the zone of the sheet", clock)
    wall = time(int(found[1]), int(found[2]), int(found[3] or 0))
    return datetime.combine(day_value, wall, tzinfo=zone)


def _first_day(point: _Point) -> date:
    return point.first_day if isinstance(point, PartialDate) else point


def _time(start: _Point | None, end: _Point | None) -> Time:
    if start is None:
        raise _Refused("year", "is required for an event", "")
    if end is None:
        if isinstance(start, datetime):
            return TimeSpan(start)
        return start if isinstance(start, PartialDate) else AllDay(start)
    if isinstance(start, datetime) != isinstance(end, datetime):
        rule = (
            "is given, but time is not" if isinstance(end, datetime) else "is required, as time is"
        )
        raise _Refused("end time", f"{rule}: give both or neither", "")
    if isinstance(start, datetime) and isinstance(end, datetime):
        return TimeSpan(start, end)
    last = end.last_day if isinstance(end, PartialDate) else end
    assert not isinstance(last, datetime)
    return AllDay(_first_day(start), last)


def _ids(headline: str, taken: set[str], row: int) -> str:
    base = _SLUG.sub("-", headline.lower()).strip("-")[:60].strip("-") or f"row-{row}"
    found, number = base, 1
    while found in taken:
        number += 1
        found = f"{base}-{number}"
    taken.add(found)
    return found


def _ignored(ignore: object) -> frozenset[str]:
    if isinstance(ignore, str) or not isinstance(ignore, Collection):
        raise InvalidArgument("ignore", "must be a collection of column names", ignore)
    if not all(isinstance(name, str) for name in ignore):
        raise InvalidArgument("ignore", "must hold only str column names", ignore)
    return frozenset(name.strip().lower() for name in ignore)


def from_timelinejs_sheet(
    text: str,
    *,
    tz: str | ZoneInfo | None = None,
    ignore: Collection[str] = (),
    path: str = "<string>",
    delimiter: str | None = None,
    limits: Limits | None = None,
) -> Timeline:
    """Read a timeline from a TimelineJS Google Sheet saved as CSV (see above).

    Args:
        text: The CSV text of the sheet.
        tz: The IANA zone of the sheet's times of day; required when a row has one.
        ignore: Columns whose values are dropped (``Display Date``, ``Media Credit``...),
            in any case; any other column filled in that a timeline cannot hold is an error.
        path: The name errors give the file.
        delimiter: As for :func:`~bri_timeline.formats.csv_table.read.from_csv`.
        limits: As for :func:`~bri_timeline.formats.csv_table.read.from_csv`.

    Raises:
        DataFileError: A row or a cell is wrong, or holds what a timeline cannot.
        InvalidArgument: ``tz`` names no IANA zone, or another argument is wrong.
    """
    zone = None if tz is None else parse_zone(tz, field="tz", error=InvalidArgument)
    dropped = _ignored(ignore)
    table = Table.of(text, path, delimiter, limits, SHEET_COLUMNS + tuple(sorted(dropped)))
    names = [name for name, _ in sorted(table.columns.items(), key=lambda item: item[1])]
    events: list[Event] = []
    info = TimelineInfo()
    taken: set[str] = set()
    for row, _line, row_cells in table.rows():
        cells = dict(zip(names, row_cells, strict=True))
        headline = cells.get("headline", "")
        try:
            kind = cells.get("type", "").strip().lower()
            held = [name for name in _UNHELD if cells.get(name) and name not in dropped]
            if kind not in ("", "title") and "type" not in dropped:
                raise _Refused("type", "must be empty or title (an era has no place here)", kind)
            if held:
                rule = "has no place in a timeline (name it in ignore to drop it)"
                raise _Refused(held[0], rule, cells[held[0]])
            if kind == "title":
                info = TimelineInfo(headline.strip(), description=cells.get("text", ""))
                continue
            time = _time(_point(cells, "", zone), _point(cells, "end ", zone))
            event = Event(
                _ids(headline, taken, row),
                headline,
                time,
                description=cells.get("text", ""),
                url=cells.get("media") or None,
                categories=[group] if (group := cells.get("group", "").strip()) else [],
            )
        except _Refused as refused:
            raise table.error(
                f"{refused.rule} (got {shown(refused.value)})", refused.column, headline or None
            ) from None
        except InvalidValue as error:
            column = _COLUMN_OF.get(error.field, error.field)
            raise table.error(
                f"{error.rule} (got {shown(error.value)})", column, headline or None
            ) from None
        events.append(event)
    return Timeline(events, info=info)


def read_timelinejs_sheet(
    path: str | os.PathLike[str],
    *,
    tz: str | ZoneInfo | None = None,
    ignore: Collection[str] = (),
    delimiter: str | None = None,
    limits: Limits | None = None,
) -> Timeline:
    """Read a timeline from a TimelineJS Google Sheet saved as a CSV file in UTF-8.

    The arguments but ``path`` are those of :func:`from_timelinejs_sheet`, and so are
    the errors; a file that cannot be read, is not UTF-8 or is too large is a
    :class:`~bri_timeline.errors.DataFileError` too.
    """
    name, text, checked = read_text(path, delimiter, limits)
    return from_timelinejs_sheet(
        text, tz=tz, ignore=ignore, path=name, delimiter=delimiter, limits=checked
    )
