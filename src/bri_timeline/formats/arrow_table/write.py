"""A timeline as an Arrow table, and as a Parquet file.

The columns are those of :mod:`bri_timeline.formats._frame`, with these Arrow types:
``string`` for ``id``, ``title``, ``kind``, ``when`` (the EDTF text), ``tz``, ``end_tz``,
``description`` and ``url``; ``timestamp[us, tz=UTC]`` for ``start``, ``end`` (null when
open) and ``updated``; ``int64`` for ``span_start``, ``span_end`` and ``revision``;
``list<string>`` for ``categories``; structs for ``location``, ``source`` and
``recurrence`` (its ``until`` a string; ``rule``, ``rdates`` and ``exdates`` as the data
file writes them), and lists of structs for ``participants`` and
``inferred``. The schema's metadata holds the timeline's own fields under
``bri_timeline`` (JSON), which Parquet keeps.

Nothing of a timeline is lost: :func:`~bri_timeline.formats.arrow_table.read.from_arrow`
gives it back equal. What the table cannot hold in its typed columns is said in
:mod:`~bri_timeline.formats.pandas_frame.write` (the zones are in ``tz`` and ``end_tz``, a
partial date's precision in ``when``); an engine reading the Parquet file without the
metadata gets the events without the timeline's name.

>>> from bri_timeline import load_bri
>>> table = to_arrow(load_bri())
>>> table.num_rows, str(table.schema.field("start").type), table.column("span_end")[0].as_py()
(7, 'timestamp[us, tz=UTC]', 59926608000000000)
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import TYPE_CHECKING, Any, BinaryIO

from bri_timeline.formats._files import check_binary_file
from bri_timeline.formats._frame import (
    COLUMNS,
    JSON_COLUMNS,
    METADATA_KEY,
    columns_of,
    import_extra,
    info_json,
)
from bri_timeline.timeline import Timeline, check_timeline

if TYPE_CHECKING:
    import pyarrow

__all__ = ["schema", "to_arrow", "write_parquet"]


def _json(value: object) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, default=_instant)


def _instant(value: object) -> str:
    """An instant in a nested record (an alarm's absolute trigger) as ISO 8601 text."""
    if isinstance(value, datetime):
        return value.isoformat()
    raise TypeError(f"{type(value).__name__} is not JSON")


def schema() -> pyarrow.Schema:
    """The Arrow schema of the table (without its metadata)."""
    pa = import_extra("pyarrow", "arrow")
    text, stamp = pa.string(), pa.timestamp("us", tz="UTC")

    def record(*names: str, **types: Any) -> Any:
        return pa.struct([(name, types.get(name, text)) for name in names])

    types = {
        "start": stamp,
        "end": stamp,
        "updated": stamp,
        "span_start": pa.int64(),
        "span_end": pa.int64(),
        "revision": pa.int64(),
        "categories": pa.list_(text),
        "location": record(
            "name", "latitude", "longitude", latitude=pa.float64(), longitude=pa.float64()
        ),
        "participants": pa.list_(record("name", "role", "organization")),
        "source": record("quote", "document", "locator", "url"),
        "inferred": pa.list_(record("field", "reason")),
        "recurrence": record(
            "frequency",
            "interval",
            "count",
            "until",
            "rule",
            "rdates",
            "exdates",
            interval=pa.int64(),
            count=pa.int64(),
            rdates=pa.list_(text),
            exdates=pa.list_(text),
        ),
        "priority": pa.int64(),
        "created": stamp,
    }
    return pa.schema([(name, types.get(name, text)) for name in COLUMNS])


def to_arrow(timeline: Timeline) -> pyarrow.Table:
    """The timeline as an Arrow table, one row an event in timeline order (see above).

    Raises:
        InvalidArgument: ``timeline`` is not a Timeline.
        ImportError: pyarrow is not installed.
    """
    check_timeline(timeline)
    pa = import_extra("pyarrow", "arrow")
    columns = columns_of(timeline)
    for name in JSON_COLUMNS:  # the people, alarms and links, as JSON text (see _frame)
        columns[name] = [None if value is None else _json(value) for value in columns[name]]
    table = pa.Table.from_pydict(columns, schema=schema())
    return table.replace_schema_metadata({METADATA_KEY: info_json(timeline)})


def write_parquet(timeline: Timeline, file: BinaryIO) -> None:
    """Write the timeline's Arrow table (:func:`to_arrow`) as Parquet to a binary file.

    Raises:
        InvalidArgument: ``timeline`` is not a Timeline, or ``file`` not an open binary file.
        ImportError: pyarrow is not installed.

    >>> import io
    >>> from bri_timeline import load_bri
    >>> buffer = io.BytesIO()
    >>> write_parquet(load_bri(), buffer)
    >>> buffer.getvalue()[:4]
    b'PAR1'
    """
    check_binary_file(file)
    table = to_arrow(timeline)
    import pyarrow.parquet

    pyarrow.parquet.write_table(table, file)
