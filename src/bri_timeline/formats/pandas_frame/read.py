"""Read a timeline back from a pandas DataFrame.

``from_pandas(to_pandas(timeline)) == timeline`` for every timeline. A frame made
another way reads too, when it has the columns of
:mod:`~bri_timeline.formats.pandas_frame.write`: ``id``, ``title`` and ``when`` are
required, any other may be left out, and a missing value may be ``None``, ``NaN``, ``NaT``
or ``pd.NA``. The derived columns (``kind``, ``start``, ``end``, ``span_start``,
``span_end``), where the frame has them, must agree with ``when``; a column the format
does not name is an error. Errors are :class:`~bri_timeline.errors.DataFileError`,
naming the row (``events[ROW]``, counted from 0 in the frame's order), the column and
the value.

>>> import pandas as pd
>>> frame = pd.DataFrame({"id": ["fta"], "title": ["FTA in place"], "when": ["2009/.."]})
>>> from_pandas(frame).get("fta").time
OpenEnded(start=PartialDate(precision=Precision.YEAR, year=2009, month=None))
"""

from __future__ import annotations

import math
from datetime import datetime
from typing import TYPE_CHECKING, Any

from bri_timeline.errors import DataFileError, InvalidArgument, shown
from bri_timeline.formats._frame import (
    DERIVED,
    KEY_COLUMNS,
    METADATA_KEY,
    UNIX_EPOCH_KEY,
    import_extra,
    read_rows,
)
from bri_timeline.model.arguments import check_file_name
from bri_timeline.model.keys import instant_key
from bri_timeline.timeline import Timeline

if TYPE_CHECKING:
    import pandas

__all__ = ["from_pandas"]


def _plain(pd: Any, value: Any) -> Any:
    """A cell as plain Python: None for any missing value, lists and ints for numpy's."""
    if isinstance(value, bool):
        return value
    if value is None or value is pd.NaT or value is pd.NA:
        return None
    if isinstance(value, float):
        if math.isnan(value):
            return None
        # A column of ints with a gap is floats in pandas: 2.0 is read as the int 2.
        return int(value) if value.is_integer() else value
    if isinstance(value, pd.Timestamp):
        return value.to_pydatetime()
    if isinstance(value, dict):
        return {key: _plain(pd, item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(pd, item) for item in value]
    if hasattr(value, "tolist") and not isinstance(value, str | datetime):  # numpy
        return _plain(pd, value.tolist())
    return value


def _keys(pd: Any, frame: Any, name: str, path: str) -> list[object]:
    column = frame[name]
    if name in ("span_start", "span_end"):
        return [_plain(pd, value) for value in column.tolist()]
    if isinstance(column.dtype, pd.DatetimeTZDtype):
        stamps = column.dt.tz_convert("UTC").dt.as_unit("us")
        missing = stamps.isna().tolist()
        keys = stamps.dt.tz_localize(None).to_numpy().view("int64").tolist()  # µs from 1970
        return [None if gone else key for key, gone in zip(keys, missing, strict=True)]
    found: list[object] = []
    for cell in column.tolist():  # objects: aware datetimes, as pandas gives Arrow's
        value = _plain(pd, cell)
        if value is None:
            found.append(None)
        elif isinstance(value, datetime) and value.utcoffset() is not None:
            found.append(instant_key(value) - UNIX_EPOCH_KEY)
        else:
            rule = f"must hold timezone-aware timestamps (got {shown(value)})"
            raise DataFileError(path, rule, field=name)
    return found


def from_pandas(frame: pandas.DataFrame, *, path: str = "<DataFrame>") -> Timeline:
    """Read a timeline from a DataFrame with the columns of :func:`to_pandas` (see above).

    ``path`` is the name errors give the frame. A wrong row or value, a derived column
    that disagrees with ``when`` and two rows of one id are each a
    :class:`~bri_timeline.errors.DataFileError`; a ``frame`` that is no DataFrame is an
    :class:`~bri_timeline.errors.InvalidArgument`, and without pandas this is an ImportError.
    """
    name = check_file_name("path", path)
    pd = import_extra("pandas", "pandas")
    if not isinstance(frame, pd.DataFrame):
        raise InvalidArgument("frame", "must be a pandas DataFrame", frame)
    labels = list(frame.columns)
    if not all(isinstance(label, str) for label in labels) or len(set(labels)) != len(labels):
        raise DataFileError(name, f"must name each column once, by a str (got {labels!r})")
    derived = {column: _keys(pd, frame, column, name) for column in KEY_COLUMNS if column in frame}
    if "kind" in frame:
        derived["kind"] = [_plain(pd, value) for value in frame["kind"].tolist()]
    data = [column for column in labels if column not in DERIVED]
    rows = [
        {column: _plain(pd, value) for column, value in zip(data, values, strict=True)}
        for values in frame[data].itertuples(index=False, name=None)
    ]
    info = frame.attrs.get(METADATA_KEY)
    return read_rows(rows, info if isinstance(info, str) else None, derived, path=name)
