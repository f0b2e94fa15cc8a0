"""The queries of docs/big-timelines.md, run by DuckDB on the Arrow table, equal the library's."""

from __future__ import annotations

import re
from pathlib import Path

import duckdb
from hypothesis import given
from hypothesis import strategies as st

from bri_timeline import Event, Timeline, to_arrow
from bri_timeline.strategies import events, timelines, times, windows

PAGE = (Path(__file__).resolve().parent.parent / "docs" / "big-timelines.md").read_text(
    encoding="utf-8"
)


def _query(name: str) -> str:
    """A query of the page, by the name it is given there (``PAIRS = '''...'''``)."""
    found = re.search(rf">>> {name} = '''\n(.*?)''' *\n", PAGE, re.S)
    assert found is not None, name
    return "\n".join(line.removeprefix("... ") for line in found[1].splitlines())


PAIRS = _query("PAIRS")
WINDOW = """
    SELECT id FROM events WHERE {rule} ORDER BY span_start, span_end, id
"""
OVERLAPPING = "span_start < $hi AND $lo < span_end"  # the page's rule, for any window
INSIDE = "$lo <= span_start AND span_end <= $hi"
# Many events near each other in time, so that pairs and windows find something.
CROWDED = timelines(max_size=30, event=events(brief=True, time=times(min_year=2020, max_year=2024)))


def _ids(timeline: Timeline) -> list[str]:
    return [event.id for event in timeline]


@given(CROWDED)
def test_the_pairs_of_the_interval_join_are_the_timelines(timeline: Timeline) -> None:
    connection = duckdb.connect()
    connection.register("events", to_arrow(timeline))
    found = connection.execute(PAIRS).fetchall()
    assert found == [(pair.first.id, pair.second.id) for pair in timeline.overlapping_pairs()]


@given(CROWDED, st.data())
def test_window_queries_are_the_timelines(timeline: Timeline, data: st.DataObject) -> None:
    window = data.draw(windows(timeline, min_year=2019, max_year=2025))
    span = Event("window", "W", window)
    keys = {"lo": span._start, "hi": span._end}
    connection = duckdb.connect()
    connection.register("events", to_arrow(timeline))
    for rule, expected in ((OVERLAPPING, timeline.overlapping), (INSIDE, timeline.inside)):
        found = connection.execute(WINDOW.format(rule=rule), keys).fetchall()
        assert [row[0] for row in found] == _ids(expected(window))


def test_the_page_has_the_queries() -> None:
    assert "a.span_start < b.span_end AND b.span_start < a.span_end" in PAIRS
    for rule in (OVERLAPPING, INSIDE):
        assert rule.replace("$", "") in PAGE
