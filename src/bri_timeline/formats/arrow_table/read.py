"""Read a timeline back from an Arrow table or a Parquet file.

``from_arrow(to_arrow(timeline)) == timeline`` for every timeline, and so for a Parquet
file :func:`~bri_timeline.formats.arrow_table.write.write_parquet` wrote. A table made
another way (by DuckDB, Spark or Polars) reads too, when it has the columns of
:mod:`~bri_timeline.formats.arrow_table.write`: ``id``, ``title`` and ``when`` are
required, any other may be left out, and a column the format does not name is an error.
The derived columns (``kind``, ``start``, ``end``, ``span_start``, ``span_end``), where
the table has them, must agree with ``when``. Errors are
:class:`~bri_timeline.errors.DataFileError`, naming the file, the row (``events[ROW]``,
from 0), the column and the value.

>>> import pyarrow as pa
>>> table = pa.table({"id": ["fta"], "title": ["FTA"], "when": ["2009/.."]})
>>> from_arrow(table).get("fta").time
OpenEnded(start=PartialDate(precision=Precision.YEAR, year=2009, month=None))
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, Any

from bri_timeline.errors import DataFileError, InvalidArgument
from bri_timeline.formats._frame import (
    DERIVED,
    KEY_COLUMNS,
    METADATA_KEY,
    import_extra,
    read_rows,
)
from bri_timeline.formats._where import read_bytes
from bri_timeline.limits import Limits, limits_or_default
from bri_timeline.model.arguments import check_file_name, check_str
from bri_timeline.timeline import Timeline

if TYPE_CHECKING:
    import pyarrow

__all__ = ["from_arrow", "from_parquet", "read_parquet"]


def _keys(pa: Any, table: Any, name: str, path: str) -> list[object]:
    column = table.column(name)
    try:
        if name in ("start", "end"):
            column = column.cast(pa.timestamp("us", tz="UTC"))
        found: list[object] = column.cast(pa.int64()).to_pylist()
    except (pa.ArrowException, TypeError, ValueError) as error:
        raise DataFileError(
            path, f"must hold {name} as this format writes it ({error})", field=name
        ) from None
    return found


def from_arrow(table: pyarrow.Table, *, path: str = "<Arrow table>") -> Timeline:
    """Read a timeline from an Arrow table with the columns of :func:`to_arrow` (see above).

    Args:
        table: The table.
        path: The name errors give the table.

    Raises:
        DataFileError: A row or a value is wrong, a derived column disagrees with ``when``,
            or two rows share an id.
        InvalidArgument: ``table`` is not a pyarrow Table, or ``path`` not a name.
        ImportError: pyarrow is not installed.
    """
    name = check_file_name("path", path)
    pa = import_extra("pyarrow", "arrow")
    if not isinstance(table, pa.Table):
        raise InvalidArgument("table", "must be a pyarrow Table", table)
    labels = table.column_names
    if len(set(labels)) != len(labels):
        raise DataFileError(name, f"must name each column once (got {labels!r})")
    derived: dict[str, list[object]] = {
        column: _keys(pa, table, column, name) for column in KEY_COLUMNS if column in labels
    }
    if "kind" in labels:
        derived["kind"] = table.column("kind").to_pylist()
    try:
        rows = table.drop_columns([c for c in DERIVED if c in labels]).to_pylist()
    except (pa.ArrowException, ValueError, OverflowError) as error:
        raise DataFileError(name, f"holds a value Python cannot hold: {error}") from None
    metadata = table.schema.metadata or {}
    info = metadata.get(METADATA_KEY.encode())
    try:
        text = None if info is None else info.decode("utf-8")
    except UnicodeDecodeError:
        raise DataFileError(name, f"its metadata {METADATA_KEY!r} is not UTF-8") from None
    return read_rows(rows, text, derived, path=name)


def read_parquet(path: str | os.PathLike[str], *, limits: Limits | None = None) -> Timeline:
    """Read a timeline from a Parquet file of the Arrow table (see :func:`from_arrow`).

    Args:
        path: The file.
        limits: What reading it may cost (default :class:`~bri_timeline.limits.Limits`):
            its size.

    Raises:
        DataFileError: The file cannot be read, is too large, is not Parquet, or is not a
            valid table.
        ImportError: pyarrow is not installed.
    """
    name = check_file_name("path", path)
    return from_parquet(read_bytes(name, limits_or_default(limits)), path=name)


def from_parquet(data: bytes, *, path: str = "<Parquet>") -> Timeline:
    """Read a timeline from the bytes of a Parquet file of the Arrow table (see :func:`from_arrow`).

    Args:
        data: The file's bytes.
        path: The name errors give them.

    Raises:
        DataFileError: The bytes are not Parquet, or not a valid table.
        ImportError: pyarrow is not installed.
    """
    if not isinstance(data, bytes):
        raise InvalidArgument("data", "must be bytes", data)
    name = check_str("path", path)
    pa = import_extra("pyarrow", "arrow")
    import pyarrow.parquet

    try:
        table = pyarrow.parquet.read_table(pa.BufferReader(data))
    except (pa.ArrowException, OSError, ValueError) as error:
        raise DataFileError(name, f"is not a Parquet file this can read: {error}") from None
    return from_arrow(table, path=name)
