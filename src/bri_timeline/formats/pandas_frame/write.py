"""A timeline as a pandas DataFrame: one row an event, its times as UTC timestamps.

The columns (``docs/spreadsheets.md`` has the table) are those of
:mod:`bri_timeline.formats._frame`: ``id``, ``title``, ``kind``, ``start`` and ``end``
(``datetime64[us, UTC]``: microseconds reach from the year 1 to 9999, where pandas'
default nanoseconds stop at 1677 and 2262; ``end`` is ``NaT`` when open), ``span_start``
and ``span_end`` (the index's integer keys), ``when`` (the EDTF text), ``tz``, ``end_tz``,
the text columns, ``categories`` (lists), ``location``, ``source`` and ``recurrence``
(dicts), ``participants`` and ``inferred`` (lists of dicts), ``revision`` and ``updated``.
The timeline's name, description, URL, source and last change are in
``frame.attrs["bri_timeline"]`` (JSON text).

Nothing of a timeline is lost: :func:`~bri_timeline.formats.pandas_frame.read.from_pandas`
gives it back equal. What a frame cannot hold is a time's zone in its timestamps (a
``datetime64`` column has one zone: ``start`` and ``end`` are in UTC, the zones are in
``tz`` and ``end_tz``), a partial date's precision in them (``start`` and ``end`` are its
period; ``when`` says ``2009``), and ``attrs`` through most pandas operations (``concat``
and ``merge`` drop it: the timeline's own fields are then empty when read back).

>>> from bri_timeline import load_bri
>>> frame = to_pandas(load_bri())
>>> frame.loc[0, ["id", "kind", "when"]].tolist()
['chinese-immigration-peru', 'partial', '18XX']
>>> str(frame["start"].dtype), frame.loc[0, "start"].isoformat()
('datetime64[us, UTC]', '1800-01-01T00:00:00+00:00')
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from bri_timeline.formats._frame import COLUMNS, METADATA_KEY, columns_of, import_extra, info_json
from bri_timeline.timeline import Timeline, check_timeline

if TYPE_CHECKING:
    import pandas

__all__ = ["to_pandas"]

_TIMESTAMPS = ("start", "end", "updated")
_NAT = -(2**63)  # numpy's NaT as an int64


def to_pandas(timeline: Timeline) -> pandas.DataFrame:
    """The timeline as a DataFrame, one row an event in timeline order (see above).

    A ``timeline`` that is not a Timeline is an
    :class:`~bri_timeline.errors.InvalidArgument`; without pandas, this is an ImportError.
    """
    check_timeline(timeline)
    pd = import_extra("pandas", "pandas")
    import numpy

    columns = columns_of(timeline)
    data: dict[str, Any] = {}
    for name in COLUMNS:
        values = columns[name]
        if name in _TIMESTAMPS:
            keys = numpy.array([_NAT if key is None else key for key in values], dtype="int64")
            data[name] = pd.Series(keys.view("datetime64[us]")).dt.tz_localize("UTC")
        elif name in ("span_start", "span_end", "revision"):
            data[name] = pd.Series(values, dtype="int64")
        else:
            data[name] = pd.Series(values, dtype=object)
    frame: pandas.DataFrame = pd.DataFrame(data, columns=list(COLUMNS))
    frame.attrs[METADATA_KEY] = info_json(timeline)
    return frame
