r"""The columns of the CSV table, once: their names, how a cell is escaped, and the time's cells.

Both :mod:`~bri_timeline.formats.csv_table.write` and
:mod:`~bri_timeline.formats.csv_table.read` use these, so that a change to a
column touches one place.

A cell that a spreadsheet would run as a formula (it starts with ``=``, ``+``,
``-``, ``@``, a tab or a carriage return, OWASP's list) is written with a
``'`` in front, and so is a cell that starts with ``'`` itself; reading takes
one leading ``'`` away. The escaping is lossless, and it is what a spreadsheet
shows anyway: a leading ``'`` marks a cell as text.

>>> escape("=HYPERLINK(\"http://x\")"), unescape(escape("=1+1"))
('\'=HYPERLINK("http://x")', '=1+1')
>>> escape("'quoted"), unescape("''quoted")
("''quoted", "'quoted")
"""

from __future__ import annotations

import functools
import json
import re
from datetime import date, datetime
from zoneinfo import ZoneInfo

from bri_timeline.model.edtf import to_edtf
from bri_timeline.model.floating import FloatingSpan
from bri_timeline.model.times import AllDay, OpenEnded, PartialDate, Time, TimeSpan
from bri_timeline.model.vague import Vague

__all__ = [
    "ALL_DAY_WORDS",
    "COLUMNS",
    "DELIMITERS",
    "FALSE",
    "FORMULA",
    "OPEN",
    "TRUE",
    "categories_cell",
    "escape",
    "join_categories",
    "split_categories",
    "time_cells",
    "unescape",
]

COLUMNS = (
    "id", "title", "start", "end", "zone", "all-day", "edtf",
    "description", "location", "url", "categories", "source",
)  # fmt: skip
"""The columns, in the order they are written."""

DELIMITERS = ",;\t"
"""The delimiters a reader finds in the header line, in this order of preference."""

OPEN = ".."
"""The ``end`` of an open-ended event, as EDTF writes an open end."""

TRUE, FALSE = "true", "false"
ALL_DAY_WORDS = {"true": True, "yes": True, "1": True, "false": False, "no": False, "0": False}
"""What ``all-day`` may say, in any case (spreadsheets write ``TRUE``, pandas ``True``)."""

FORMULA = frozenset("=+-@\t\r'")
"""The first characters of a cell that :func:`escape` writes with a ``'`` in front."""
_PLAIN_CATEGORY = re.compile(r"[^;\[\"'\s]|[^;\[\"'\s][^;\[\"']*[^;\[\"'\s]")
"""A category written bare: no ``;``, ``[`` or quote, no white space at either end."""


def escape(cell: str) -> str:
    """The cell as written: a ``'`` before one a spreadsheet would run, or one with a ``'``."""
    return "'" + cell if cell and cell[0] in FORMULA else cell


def unescape(cell: str) -> str:
    """The cell as read: one leading ``'`` taken away."""
    return cell[1:] if cell[:1] == "'" else cell


@functools.lru_cache(maxsize=4096)  # events share categories: the cell is made once for each set
def categories_cell(categories: tuple[str, ...]) -> str:
    """The ``categories`` cell as written: :func:`join_categories`, escaped."""
    return escape(join_categories(categories)) if categories else ""


def join_categories(categories: tuple[str, ...]) -> str:
    """Categories as one cell: ``trade; ports``, or a JSON list when one would not read back.

    >>> join_categories(("trade", "ports")), join_categories(("a; b", " c"))
    ('trade; ports', '["a; b", " c"]')
    """
    if all(map(_PLAIN_CATEGORY.fullmatch, categories)):
        return "; ".join(categories)
    return json.dumps(list(categories), ensure_ascii=False)


def split_categories(cell: str) -> list[str]:
    """The categories of a cell: a JSON list of strings, or names between ``;``, trimmed.

    Raises:
        ValueError: The cell starts with ``[`` but is not a JSON list of strings.

    >>> split_categories("trade; ports ;"), split_categories('["a; b"]')
    (['trade', 'ports'], ['a; b'])
    """
    if cell.startswith("["):
        found = json.loads(cell)
        if not isinstance(found, list) or not all(isinstance(item, str) for item in found):
            raise ValueError("is not a JSON list of strings")
        return found
    return [name for part in cell.split(";") if (name := part.strip())]


def _stamp(value: datetime) -> str:
    # ISO 8601 with the UTC offset, which EDTF reads back with the zone; Z for UTC itself.
    text = value.isoformat()
    return text if isinstance(value.tzinfo, ZoneInfo) else text[:-6] + "Z"


def _zone(value: datetime) -> str | None:
    tz = value.tzinfo
    return tz.key if isinstance(tz, ZoneInfo) else None


def _zones(start: str | None, end: str | None) -> str:
    # None is UTC itself, which the text says with its Z: an end in it needs no zone.
    if end is None or end == start:
        return start or ""
    return f"{start or 'Z'} {end}"


def time_cells(time: Time) -> tuple[str, str, str, str, str]:
    """The ``start``, ``end``, ``zone``, ``all-day`` and ``edtf`` cells of a time.

    ``start`` and ``end`` are as a spreadsheet sorts them: a timed span's instants with
    their UTC offsets (no ``end`` for an instant), whole days' first and last day (no
    ``end`` for one day), a partial date's first and last day, and ``..`` for an open end.
    ``zone`` is the IANA zone of the local start, then the end's when it differs (a start
    in UTC itself is then ``Z``). ``edtf`` is the time exactly: for a timed span, the
    ``start`` and ``end`` cells themselves, which EDTF reads with the zone. The writer
    has a faster way to the same cells for the common kinds
    (:class:`~bri_timeline.formats.csv_table._stamps.Stamps`).

    >>> time_cells(AllDay(date(2024, 11, 13), date(2024, 11, 15)))
    ('2024-11-13', '2024-11-15', '', 'true', '2024-11-13/2024-11-15')
    >>> time_cells(OpenEnded(PartialDate.of_year(2009)))
    ('2009-01-01', '..', '', 'false', '2009/..')
    >>> from zoneinfo import ZoneInfo
    >>> lima, paris = ZoneInfo("America/Lima"), ZoneInfo("Europe/Paris")
    >>> time_cells(TimeSpan(datetime(2024, 11, 8, 9, tzinfo=lima),
    ...                     datetime(2024, 11, 8, 16, tzinfo=paris)))[1:3]
    ('2024-11-08T16:00:00+01:00', 'America/Lima Europe/Paris')
    """
    if isinstance(time, TimeSpan):
        start, end = time.start, time.end
        zone = start.tzinfo
        if zone is end.tzinfo and isinstance(zone, ZoneInfo):  # both in one IANA zone
            first, last = start.isoformat(), end.isoformat()
            if first == last:
                return first, "", zone.key, FALSE, first
            return first, last, zone.key, FALSE, first + "/" + last
        first, last = _stamp(start), _stamp(end)
        zones = _zones(_zone(start), _zone(end))
        if first == last and zones.count(" ") == 0:
            return first, "", zones, FALSE, first
        return first, last, zones, FALSE, first + "/" + last
    if isinstance(time, AllDay):
        first = time.first.isoformat()
        if time.last == time.first:
            return first, "", "", TRUE, first
        last = time.last.isoformat()
        return first, last, "", TRUE, f"{first}/{last}"
    if isinstance(time, OpenEnded):
        point = time.start
        if isinstance(point, datetime):
            first = _stamp(point)
            return first, OPEN, _zone(point) or "", FALSE, first + "/.."
        return _point(point), OPEN, "", FALSE, to_edtf(time)
    if isinstance(time, FloatingSpan):  # wall times, no zone: the edtf reads them back so
        text = to_edtf(time)
        first, _, last = text.partition("/")
        return first, last, "", FALSE, text
    if isinstance(time, Vague):  # the widest days it may cover; none beyond the calendar
        if not time.in_calendar:
            return "", "", "", FALSE, to_edtf(time)
        return time.lower.isoformat(), time.upper.isoformat(), "", FALSE, to_edtf(time)
    return time.first_day.isoformat(), time.last_day.isoformat(), "", FALSE, to_edtf(time)


def _point(value: date | PartialDate) -> str:
    if isinstance(value, PartialDate):
        return value.first_day.isoformat()
    return value.isoformat()
