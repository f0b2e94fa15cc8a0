"""The CSV writer's rows are csv.writer's, byte for byte: the stdlib is the oracle."""

from __future__ import annotations

import csv
import io

from hypothesis import given
from hypothesis import strategies as st

from bri_timeline import Timeline, to_csv
from bri_timeline.formats.csv_table._columns import COLUMNS
from bri_timeline.formats.csv_table.write import _rows, _table_text
from bri_timeline.strategies import timelines

# Cells made of what a writer must quote (each delimiter, a quote, CR, LF) and what it must not.
_CELLS = st.text(alphabet=st.sampled_from([",", ";", "\t", '"', "\r", "\n", " ", "a", "é", "'"]))
_DELIMITERS = st.sampled_from([",", ";", "\t"])


def _theirs(rows: list[tuple[str, ...]], delimiter: str) -> str:
    out = io.StringIO()
    csv.writer(out, delimiter=delimiter, lineterminator="\r\n").writerows(rows)
    return out.getvalue()


@given(st.lists(st.lists(_CELLS, max_size=4).map(tuple), max_size=6), _DELIMITERS)
def test_rows_are_written_as_csv_writer_writes_them(
    rows: list[tuple[str, ...]], delimiter: str
) -> None:
    # Empty rows and rows of one empty cell among them, which csv.writer writes its own way.
    assert _table_text(rows, delimiter=delimiter) == _theirs(rows, delimiter)


@given(timelines(), _DELIMITERS)
def test_a_timeline_is_written_as_csv_writer_writes_its_rows(
    timeline: Timeline, delimiter: str
) -> None:
    rows = [tuple(COLUMNS), *_rows(timeline)]
    assert to_csv(timeline, delimiter=delimiter) == _theirs(rows, delimiter)
