r"""Write a timeline as a CSV table: one row an event, for spreadsheets and other programs.

The columns are those of :data:`~bri_timeline.formats.csv_table._columns.COLUMNS`
(``docs/spreadsheets.md`` has the table):

* ``id``, ``title``, ``description``, ``url``: the event's own;
* ``start``, ``end``, ``all-day``: the time as a spreadsheet sorts and filters it (ISO 8601
  instants with their UTC offsets, or days; ``end`` is the *last* day of whole days, and
  ``..`` for an open end);
* ``edtf`` and ``zone``: the time exactly, as EDTF and the IANA zone of its local times;
* ``location``: the place's name; ``categories``: ``trade; ports`` (a JSON list when a
  category holds ``;``, a quote or outer spaces); ``source``: the quote that attests it.

A CSV holds no more than these: an event's participants, inference notes, repeat rule,
revision and last change, a location's coordinates, a source's document, locator and URL,
and the timeline's name and description are not written (the JSON document keeps them all).
A cell a spreadsheet would run as a formula is written with a ``'`` in front, which reading
takes away (:func:`~bri_timeline.formats.csv_table._columns.escape`). Rows end in CR LF, as
RFC 4180 and Excel write them.

>>> from datetime import date
>>> from bri_timeline import AllDay, Event, Timeline
>>> print(to_csv(Timeline([Event("apec", "=APEC", AllDay(date(2024, 11, 13),
...                                                      date(2024, 11, 15)))])), end="")
id,title,start,end,zone,all-day,edtf,description,location,url,categories,source
apec,'=APEC,2024-11-13,2024-11-15,,true,2024-11-13/2024-11-15,,,,,
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Iterator, Sequence
from types import SimpleNamespace
from typing import BinaryIO

from bri_timeline.errors import InvalidArgument
from bri_timeline.formats._files import check_binary_file
from bri_timeline.formats.csv_table._columns import (
    COLUMNS,
    DELIMITERS,
    FORMULA,
    categories_cell,
    escape,
    time_cells,
)
from bri_timeline.formats.csv_table._stamps import Stamps
from bri_timeline.model.arguments import check_bool
from bri_timeline.model.times import AllDay, TimeSpan
from bri_timeline.timeline import Timeline, check_timeline

__all__ = ["to_csv", "write_csv"]

_BOM = "\ufeff"


def _delimiter(value: object) -> str:
    if not isinstance(value, str) or len(value) != 1 or value not in DELIMITERS:
        raise InvalidArgument("delimiter", "must be one of ',', ';' or a tab", value)
    return value


def _rows(timeline: Timeline) -> Iterator[tuple[str, ...]]:
    """The cells of each event, in timeline order: the writer's loop, one generator."""
    stamps = Stamps()  # the time cells of timed and all-day events, as time_cells gives them
    span, days = stamps.span, stamps.days
    categories: dict[tuple[str, ...], str] = {}  # events share them: each cell made once
    for event in timeline:
        time = event.time
        if time.__class__ is TimeSpan:
            start, end, zone, all_day, edtf = span(time)
        elif time.__class__ is AllDay:
            start, end, zone, all_day, edtf = days(time)
        else:
            start, end, zone, all_day, edtf = time_cells(time)
        title, description, names = event.title, event.description, event.categories
        location, url, source = event.location, event.url, event.source
        if (tags := categories.get(names)) is None:
            tags = categories[names] = categories_cell(names)
        yield (
            event.id,
            "'" + title if title[:1] in FORMULA else title,
            start,
            end,
            zone,
            all_day,
            edtf,
            "'" + description if description[:1] in FORMULA else description,
            "" if location is None else escape(location.name),
            "" if url is None else escape(url),
            tags,
            "" if source is None else escape(source.quote),
        )


def to_csv(timeline: Timeline, *, delimiter: str = ",") -> str:
    """The CSV table of a timeline: a header row, then one row an event in timeline order.

    Args:
        timeline: The timeline.
        delimiter: ``,`` (the default), ``;`` (what Excel writes where a comma is the decimal
            mark) or a tab.

    Raises:
        InvalidArgument: ``timeline`` is not a Timeline, or ``delimiter`` is another character.
    """
    check_timeline(timeline)
    return _table_text([COLUMNS], _rows(timeline), delimiter=_delimiter(delimiter))


def _table_text(*tables: Iterable[Sequence[str]], delimiter: str = ",") -> str:
    """The CSV text of rows of str, exactly as ``csv.writer`` writes them, lines ending CR LF.

    A row none of whose cells holds the delimiter, a quote or a line break is
    written by ``csv.writer`` as its cells joined by the delimiter: such a row is
    joined here, at about a quarter of the cost of the writer's call; every other
    row goes through ``csv.writer``, which quotes what needs it.

    >>> print(_table_text([("a", "b c"), ("d,e", 'a "b" c')]), end="")
    a,b c
    "d,e","a ""b"" c"
    """
    parts: list[str] = []  # the lines, joined once: cheaper than a StringIO
    add = parts.append
    quoted = csv.writer(
        SimpleNamespace(write=add), delimiter=delimiter, lineterminator="\r\n"
    ).writerow
    join = delimiter.join
    for rows in tables:
        for row in rows:
            line = join(row)
            if (
                line.count(delimiter) == len(row) - 1
                and '"' not in line
                and "\n" not in line
                and "\r" not in line
                and line
            ):
                add(line + "\r\n")
            else:
                quoted(row)
    return "".join(parts)


def write_csv(
    timeline: Timeline, file: BinaryIO, *, delimiter: str = ",", bom: bool = True
) -> None:
    r"""Write the CSV table of a timeline to a binary file in UTF-8 (see :func:`to_csv`).

    Args:
        timeline: The timeline.
        file: An open binary file.
        delimiter: As for :func:`to_csv`.
        bom: Begin with a byte order mark (the default), which tells Excel that the file is
            UTF-8; every reader here skips it.

    Raises:
        InvalidArgument: ``file`` is not an open binary file, or another argument is wrong.

    >>> import io
    >>> buffer = io.BytesIO()
    >>> write_csv(Timeline(), buffer)
    >>> buffer.getvalue()[:8]
    b'\xef\xbb\xbfid,ti'
    """
    check_binary_file(file)
    text = to_csv(timeline, delimiter=delimiter)
    file.write(((_BOM if check_bool("bom", bom) else "") + text).encode("utf-8"))
