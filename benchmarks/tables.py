"""The table cases of run.py: the CSV table read and written, and the pairs by DuckDB.

Each against a baseline measured in the same run:

* ``csv-read``: ``from_csv`` against the stdlib ``csv.reader`` alone over the same text
  plus building the same events directly (their times from Python values already parsed,
  ``Event(...)``, and the ``Timeline``): the floor of any reader built on the stdlib.
* ``csv-write``: ``to_csv`` against ``csv.writer`` alone writing the same rows (already
  strings) to a string.
* ``duckdb-pairs``: ``Timeline.overlapping_pairs()`` counting every overlapping pair,
  against DuckDB's interval join over the Arrow table's span keys counting them (the
  query of ``docs/big-timelines.md``; the table is made once, and its time printed).
"""

from __future__ import annotations

import csv
import io
import time
from collections.abc import Callable
from typing import Any

from bri_timeline import AllDay, Event, Source, Timeline, TimeSpan, from_csv, to_csv
from bri_timeline.model.event import Location

Timer = Callable[[Callable[[], object], int], float]
Report = Callable[[str, int, float, str, float], None]

PAIRS_QUERY = """
    SELECT count(*) FROM events AS a JOIN events AS b
      ON a.span_start < b.span_end AND b.span_start < a.span_end
     AND (a.span_start, a.span_end, a.id) < (b.span_start, b.span_end, b.id)
"""


def _direct(rows: list[tuple[Any, ...]]) -> Timeline:
    """The same events built from values already in Python: no text parsed."""
    found = []
    for event_id, title, start, end, description, location, categories, source in rows:
        time = TimeSpan(start, end) if hasattr(start, "hour") else AllDay(start, end)
        found.append(
            Event(
                event_id,
                title,
                time,
                description=description,
                location=Location(location) if location else None,
                categories=categories,
                source=Source(source) if source else None,
            )
        )
    return Timeline(found)


def _values(timeline: Timeline) -> list[tuple[Any, ...]]:
    values = []
    for event in timeline:
        time = event.time
        start, end = (
            (time.start, time.end) if isinstance(time, TimeSpan) else (time.first, time.last)  # type: ignore[union-attr]
        )
        location = event.location.name if event.location else ""
        source = event.source.quote if event.source else ""
        values.append(
            (
                event.id,
                event.title,
                start,
                end,
                event.description,
                location,
                event.categories,
                source,
            )
        )
    return values


def bench_csv_read(
    size: int, timeline: Timeline, repeat: int, timer: Timer, report: Report
) -> None:
    text = to_csv(timeline)
    assert from_csv(text) == timeline
    values = _values(timeline)
    assert _direct(values) == timeline
    ours = timer(lambda: from_csv(text), repeat)
    parse = timer(lambda: list(csv.reader(io.StringIO(text, newline=""))), repeat)
    build = timer(lambda: _direct(values), repeat)
    report("read CSV", size, ours, "csv.reader + events built directly", parse + build)


def bench_csv_write(
    size: int, timeline: Timeline, repeat: int, timer: Timer, report: Report
) -> None:
    text = to_csv(timeline)
    rows = list(csv.reader(io.StringIO(text, newline="")))

    def stdlib_writer() -> str:
        out = io.StringIO()
        csv.writer(out, lineterminator="\r\n").writerows(rows)
        return out.getvalue()

    assert stdlib_writer() == text
    ours = timer(lambda: to_csv(timeline), repeat)
    theirs = timer(stdlib_writer, repeat)
    report("write CSV", size, ours, "csv.writer alone (rows of str)", theirs)


def bench_duckdb_pairs(
    size: int, timeline: Timeline, repeat: int, timer: Timer, report: Report
) -> None:
    import duckdb

    from bri_timeline import to_arrow

    started = time.perf_counter()
    events = to_arrow(timeline)
    made = time.perf_counter() - started
    connection = duckdb.connect()
    connection.register("events", events)

    def theirs() -> int:
        found = connection.execute(PAIRS_QUERY).fetchone()
        assert found is not None
        return int(found[0])

    count = sum(1 for _ in timeline.overlapping_pairs())
    assert theirs() == count
    ours = timer(lambda: sum(1 for _ in timeline.overlapping_pairs()), repeat)
    duck = timer(theirs, repeat)
    report("pairs, ours vs DuckDB", size, ours, "DuckDB interval join, counted", duck)
    print(f"{'':<22} {count:,} pairs; to_arrow took {made * 1e3:.0f} ms (once)", flush=True)


def run(
    cases: set[str],
    size: int,
    timeline: Timeline,
    repeat: int,
    timer: Timer,
    report: Report,
    *,
    csv: bool,
) -> None:
    """The table cases of ``cases`` (the CSV ones only where ``csv``)."""
    if csv and "csv-read" in cases:
        bench_csv_read(size, timeline, repeat, timer, report)
    if csv and "csv-write" in cases:
        bench_csv_write(size, timeline, repeat, timer, report)
    if "duckdb-pairs" in cases:
        bench_duckdb_pairs(size, timeline, repeat, timer, report)
