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

import json
from datetime import date, datetime

from bri_timeline.model.edtf import time_zones
from bri_timeline.model.times import AllDay, OpenEnded, PartialDate, Time, TimeSpan

__all__ = [
    "ALL_DAY_WORDS",
    "COLUMNS",
    "DELIMITERS",
    "OPEN",
    "TRUE",
    "escape",
    "join_categories",
    "split_categories",
    "time_cells",
    "unescape",
    "zone_cell",
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

_FORMULA = frozenset("=+-@\t\r'")
_PLAIN_CATEGORY = ";[\"'"  # a category holding none of these, nor outer spaces, is written bare


def escape(cell: str) -> str:
    """The cell as written: a ``'`` before one a spreadsheet would run, or one with a ``'``."""
    return "'" + cell if cell and cell[0] in _FORMULA else cell


def unescape(cell: str) -> str:
    """The cell as read: one leading ``'`` taken away."""
    return cell[1:] if cell[:1] == "'" else cell


def join_categories(categories: tuple[str, ...]) -> str:
    """Categories as one cell: ``trade; ports``, or a JSON list when one would not read back.

    >>> join_categories(("trade", "ports")), join_categories(("a; b", " c"))
    ('trade; ports', '["a; b", " c"]')
    """
    if all(
        category == category.strip() and not any(mark in category for mark in _PLAIN_CATEGORY)
        for category in categories
    ):
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


def zone_cell(time: Time) -> str:
    """The ``zone`` cell: the IANA zone of the local start, then the end's when it differs.

    A start in UTC written with ``Z`` has no zone; before another end zone it is ``Z``.

    >>> from zoneinfo import ZoneInfo
    >>> lima, paris = ZoneInfo("America/Lima"), ZoneInfo("Europe/Paris")
    >>> zone_cell(TimeSpan(datetime(2024, 11, 8, 9, tzinfo=lima),
    ...                    datetime(2024, 11, 8, 16, tzinfo=paris)))
    'America/Lima Europe/Paris'
    """
    start, end = time_zones(time)
    if end is None:
        return start or ""
    return f"{start or 'Z'} {end}"


def _point(value: datetime | date | PartialDate) -> str:
    if isinstance(value, PartialDate):
        return value.first_day.isoformat()
    return value.isoformat()


def time_cells(time: Time) -> tuple[str, str, str]:
    """The ``start``, ``end`` and ``all-day`` cells of a time, as a spreadsheet sorts them.

    A timed span gives its instants with their UTC offsets (no ``end`` for an
    instant), whole days their first and last day (no ``end`` for one day), a
    partial date the first and last day of its period, and an open end ``..``.

    >>> time_cells(AllDay(date(2024, 11, 13), date(2024, 11, 15)))
    ('2024-11-13', '2024-11-15', 'true')
    >>> time_cells(PartialDate.of_year(2009))
    ('2009-01-01', '2009-12-31', 'false')
    """
    if isinstance(time, TimeSpan):
        end = "" if time.is_instant else time.end.isoformat()
        return time.start.isoformat(), end, FALSE
    if isinstance(time, AllDay):
        return (
            time.first.isoformat(),
            "" if time.last == time.first else time.last.isoformat(),
            TRUE,
        )
    if isinstance(time, OpenEnded):
        return _point(time.start), OPEN, FALSE
    return time.first_day.isoformat(), time.last_day.isoformat(), FALSE
