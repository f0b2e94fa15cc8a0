"""pandas DataFrames, Arrow tables and Parquet files: round trips, derived columns, errors."""

from __future__ import annotations

import io
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow as pa
import pytest
from hypothesis import given
from hypothesis import strategies as st
from tests.mangling import mangled, record

from bri_timeline import (
    DataFileError,
    OpenEnded,
    Timeline,
    TimeSpan,
    from_arrow,
    from_pandas,
    load_bri,
    read_parquet,
    to_arrow,
    to_pandas,
    write_parquet,
)
from bri_timeline.model.keys import OPEN_END, instant_key
from bri_timeline.strategies import events, timelines

EPOCH = instant_key(datetime(1970, 1, 1, tzinfo=UTC))


@given(timelines())
def test_a_data_frame_reads_back_equal(timeline: Timeline) -> None:
    assert from_pandas(to_pandas(timeline)) == timeline


@given(timelines())
def test_an_arrow_table_reads_back_equal(timeline: Timeline) -> None:
    assert from_arrow(to_arrow(timeline)) == timeline


@given(timelines(max_size=4))
def test_a_parquet_file_reads_back_equal(timeline: Timeline) -> None:
    buffer = io.BytesIO()
    write_parquet(timeline, buffer)
    Path("t.parquet").write_bytes(buffer.getvalue())
    assert read_parquet("t.parquet") == timeline


@given(timelines(max_size=4))
def test_a_frame_of_the_arrow_table_reads_as_the_frame(timeline: Timeline) -> None:
    # pandas' own conversion of the Arrow table (numpy arrays for lists) reads alike.
    frame = to_arrow(timeline).to_pandas(timestamp_as_object=True)
    frame.attrs = to_pandas(timeline).attrs
    assert from_pandas(frame) == timeline


@given(timelines())
def test_the_derived_columns_are_the_span_of_each_event(timeline: Timeline) -> None:
    table = to_arrow(timeline).to_pydict()
    frame = to_pandas(timeline)
    for row, event in enumerate(timeline):
        assert table["id"][row] == frame["id"][row] == event.id
        assert table["span_start"][row] == event._start
        assert table["span_end"][row] == event._end
        start = frame["start"][row]
        assert (start.value // 1000 if start.unit == "ns" else start._value) + EPOCH == event._start
        end = frame["end"][row]
        if event._end == OPEN_END:
            assert isinstance(event.time, OpenEnded)
            assert table["end"][row] is None
            assert end is pd.NaT
        elif isinstance(event.time, TimeSpan):
            assert end == event.time.end
        else:
            assert end._value + EPOCH == event._end


def test_an_edited_derived_column_is_refused() -> None:
    frame = to_pandas(load_bri())
    frame["start"] = frame["start"].where(frame.index != 2, frame["start"][1])
    with pytest.raises(DataFileError, match=r"events\[2\]: field 'start': does not agree"):
        from_pandas(frame, path="bri frame")
    table = to_arrow(load_bri())
    keys = table.column("span_end").to_pylist()
    keys[0] += 1
    edited = table.set_column(table.column_names.index("span_end"), "span_end", pa.array(keys))
    with pytest.raises(DataFileError, match=r"events\[0\]: field 'span_end'"):
        from_arrow(edited)


@pytest.mark.parametrize(
    ("column", "value", "words"),
    [
        ("when", "2024-02-30", "field 'when'"),
        ("title", "", "field 'title'"),
        ("id", None, "field 'id': is required"),
        ("revision", -1, "field 'revision'"),
        ("location", {"name": "L", "latitude": 91.0, "longitude": 0.0}, "latitude"),
        ("colour", "red", "unknown key 'colour'"),
    ],
)
def test_frame_errors_name_the_row_and_column(column: str, value: object, words: str) -> None:
    frame = to_pandas(load_bri())
    cells: list[object] = list(frame[column]) if column in frame else [None] * len(frame)
    cells[3] = value
    frame[column] = pd.Series(cells, dtype=object)
    with pytest.raises(DataFileError) as caught:
        from_pandas(frame, path="bri frame")
    message = str(caught.value)
    assert message.startswith("bri frame: event "), message
    assert words in message


def test_a_frame_made_by_hand_reads() -> None:
    frame = pd.DataFrame(
        {
            "id": ["a", "b"],
            "title": ["A", "B"],
            "when": ["2024-11-14T10:00", "2009/.."],
            "tz": ["America/Lima", float("nan")],
            "categories": [["x"], None],
        }
    )
    timeline = from_pandas(frame)
    assert timeline.get("a").categories == ("x",)
    assert timeline.get("b").time == OpenEnded(load_bri().get("peru-china-fta").time.start)  # type: ignore[union-attr]


ANY_VALUE = st.one_of(
    st.none(),
    st.integers(),
    st.floats(),
    st.text(max_size=10),
    st.lists(st.text(max_size=3), max_size=2),
    st.dictionaries(st.sampled_from(["name", "quote", "x"]), st.text(max_size=3), max_size=2),
)


def _with(table: Any, column: str, value: Any) -> Any:
    """The frame or Arrow table with every cell of ``column`` set to ``value`` (None: cannot)."""
    if isinstance(table, pd.DataFrame):
        table[column] = pd.Series([value] * len(table), dtype=object)
        return table
    try:
        cells = pa.array([value] * table.num_rows, from_pandas=True)
    except (pa.ArrowException, TypeError, ValueError, OverflowError):
        return None  # pyarrow cannot make such a column: nothing for the reader to read
    if column in table.column_names:
        return table.set_column(table.column_names.index(column), column, cells)
    return table.append_column(column, cells)


@given(
    timelines(max_size=3, event=events(brief=True)),
    st.sampled_from([*to_pandas(Timeline()).columns, "extra"]),
    ANY_VALUE,
)
def test_any_value_in_any_column_reads_or_is_a_clear_error(
    timeline: Timeline, column: str, value: Any
) -> None:
    for kind, read, table in (
        ("frame", from_pandas, to_pandas(timeline)),
        ("Arrow", from_arrow, to_arrow(timeline)),
    ):
        changed = _with(table, column, value)
        if changed is None:
            continue
        try:
            read(changed, path="fuzz")
        except DataFileError as error:
            message = str(error)
            assert message.startswith("fuzz"), message
            record(f"{kind}: any value in a column", "clear error")
        else:
            record(f"{kind}: any value in a column", "handled")


def _parquet(timeline: Timeline) -> bytes:
    buffer = io.BytesIO()
    write_parquet(timeline, buffer)
    return buffer.getvalue()


@given(mangled(_parquet(load_bri())))
def test_a_mangled_parquet_file_is_a_clear_error(data: bytes) -> None:
    Path("fuzz.parquet").write_bytes(data)
    try:
        read_parquet("fuzz.parquet")
    except DataFileError as error:
        message = str(error)
        assert message.startswith("fuzz.parquet"), message
        record("Parquet: mangled file", "clear error")
    else:
        record("Parquet: mangled file", "handled")
