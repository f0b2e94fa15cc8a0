r"""A CSV file as a header and rows, for both readers: the delimiter, Excel's habits, and errors.

* The text may begin with a byte order mark (Excel's "CSV UTF-8"); it is skipped.
* The delimiter is the first of ``,``, ``;`` and tab that the header line holds (none of
  the column names holds one), unless the caller gives it; a first line ``sep=;``, which
  Excel writes and reads, gives it too.
* Rows may end in CR LF, LF or CR; a quoted cell may hold line breaks.
* A header names each column once, in any case, and names no column the reader does not
  know; a row with more cells than the header is an error, one with fewer has empty cells
  for the rest; a row of empty cells only is skipped.

Errors name the file, the line the row begins on, the row as a spreadsheet numbers it
(the header is row 1), the column and the value.

>>> table = Table.of("ID;Title\r\n'=a;b\r\n", "<string>", None, None, ("id", "title"))
>>> table.delimiter, table.columns, [(row, cells) for row, _, cells in table.rows()]
(';', {'id': 0, 'title': 1}, [(2, ['=a', 'b'])])
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator

from bri_timeline.errors import DataFileError, InvalidArgument, shown
from bri_timeline.formats._where import read_utf8
from bri_timeline.formats.csv_table._columns import DELIMITERS, unescape
from bri_timeline.limits import Limits, limits_or_default, utf8_size
from bri_timeline.model.arguments import check_file_name, check_str

__all__ = ["Table", "check_delimiter", "read_text"]


def check_delimiter(value: object) -> str | None:
    """The ``delimiter`` argument of a reader: None (found in the header), or one character."""
    if value is not None and (not isinstance(value, str) or value not in DELIMITERS):
        raise InvalidArgument("delimiter", "must be None, ',', ';' or a tab", value)
    return value


def read_text(path: object, delimiter: object, limits: object) -> tuple[str, str, Limits]:
    """A CSV file's name for errors, its text and the limits, once the arguments are checked.

    Raises:
        DataFileError: The file cannot be read, is not UTF-8, or is too large.
        InvalidArgument: An argument is of the wrong kind.
    """
    check_delimiter(delimiter)
    checked = limits_or_default(limits)
    name, text = read_utf8(check_file_name("path", path), checked)
    return name, text, checked


def _sniff(first_line: str) -> str:
    positions = [(first_line.find(mark), mark) for mark in DELIMITERS if mark in first_line]
    return min(positions)[1] if positions else ","


class Table:
    """The rows of one CSV text, with the header's columns by name."""

    def __init__(
        self, path: str, text: str, delimiter: str, known: tuple[str, ...], skipped: int = 0
    ) -> None:
        self.path = path
        self.skipped = skipped  # lines before the header (Excel's `sep=`), which lines count
        self.delimiter = delimiter
        self.line = 1
        self.row = 1
        self._lines = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
        self.columns = self._header(known)

    @classmethod
    def of(
        cls,
        text: object,
        path: object,
        delimiter: object,
        limits: object,
        known: tuple[str, ...],
    ) -> Table:
        """The table of ``text``, its arguments checked; ``known`` are the columns it may name.

        Raises:
            InvalidArgument: An argument is of the wrong kind.
            DataFileError: The text is too large, or its header is not one of this table.
        """
        text = check_str("text", text).removeprefix("\ufeff")
        name = check_file_name("path", path)
        chosen = check_delimiter(delimiter)
        if (refused := limits_or_default(limits).size_error(utf8_size(text))) is not None:
            raise DataFileError(name, refused)
        first, _, rest = text.partition("\n")
        skipped = 0
        if first.rstrip("\r")[:4].lower() == "sep=" and len(first.rstrip("\r")) == 5:
            named = first.rstrip("\r")[4]
            if named not in DELIMITERS:
                message = f"names the delimiter {named!r}: this reader reads ',', ';' or a tab"
                raise DataFileError(name, message, line=1)
            chosen = chosen or named
            text, first, skipped = rest, rest.partition("\n")[0], 1
        return cls(name, text, chosen or _sniff(first), known, skipped)

    def error(
        self, message: str, column: str | None = None, event: str | None = None
    ) -> DataFileError:
        """A DataFileError naming the file, the line, the row, the event's id and the column."""
        where = f"row {self.row}" if event is None else f"{shown(event)} (row {self.row})"
        return DataFileError(
            self.path, message, event=where, field=column, line=self.line + self.skipped
        )

    def _next(self) -> list[str] | None:
        self.line = self._lines.line_num + 1
        try:
            return next(self._lines)
        except StopIteration:
            return None
        except csv.Error as error:
            raise self.error(f"is not valid CSV: {error}") from None

    def _header(self, known: tuple[str, ...]) -> dict[str, int]:
        header = self._next()
        if header is None:
            raise DataFileError(self.path, "is empty: a CSV table needs a header row")
        columns: dict[str, int] = {}
        for position, cell in enumerate(header):
            name = unescape(cell).strip().lower()
            if name not in known:
                raise self.error(
                    f"names an unknown column {shown(cell)} (known: {', '.join(known)})"
                )
            if name in columns:
                raise self.error(f"names the column {shown(cell)} twice")
            columns[name] = position
        return columns

    def rows(self) -> Iterator[tuple[int, int, list[str]]]:
        """Each row that holds a value: its number, its first line, and its cells, unescaped."""
        width = len(self.columns)
        while (cells := self._next()) is not None:
            self.row += 1
            if len(cells) != width:
                if len(cells) > width and any(cells[width:]):
                    raise self.error(
                        f"has {len(cells)} cells, but the header names {width} columns"
                    )
                cells = (cells + [""] * width)[:width]
            if not any(cells):
                continue
            yield self.row, self.line, [unescape(cell) for cell in cells]
