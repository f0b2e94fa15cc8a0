"""The CSV writer's date-times and time cells: those of ``isoformat`` and ``time_cells``, always."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from hypothesis import given
from hypothesis import strategies as st

from bri_timeline import AllDay, TimeSpan
from bri_timeline.formats.csv_table._columns import time_cells
from bri_timeline.formats.csv_table._stamps import Stamps
from bri_timeline.strategies import all_day_spans, aware_datetimes, timed_spans

WHOLE_MINUTES = aware_datetimes().map(lambda value: value.replace(second=0, microsecond=0))
"""The writer's fast path: whole minutes (every other value takes isoformat itself)."""


@given(st.lists(WHOLE_MINUTES | aware_datetimes(whole_seconds=False) | st.datetimes(), max_size=30))
def test_stamps_write_what_isoformat_writes(values: list[datetime]) -> None:
    """One Stamps for a table, its caches filled as it goes, gives isoformat's text."""
    stamps = Stamps()
    assert [stamps.text(value) for value in values] == [value.isoformat() for value in values]


def test_a_fold_gives_its_own_offset() -> None:
    """The two instants of a repeated hour share their day and clock, not their offset."""
    stamps = Stamps()
    first = datetime(2024, 11, 3, 1, 30, tzinfo=ZoneInfo("America/New_York"))
    second = first.replace(fold=1)
    assert [stamps.text(first), stamps.text(second)] == [
        "2024-11-03T01:30:00-04:00",
        "2024-11-03T01:30:00-05:00",
    ]


@st.composite
def _whole_minute_spans(draw: st.DrawFn) -> TimeSpan:
    """Spans of whole minutes in one zone, up to three days: the writer's fast path."""
    start = draw(WHOLE_MINUTES)
    length = timedelta(minutes=draw(st.integers(0, 3 * 24 * 60)))
    return TimeSpan(start, (start.astimezone(UTC) + length).astimezone(start.tzinfo))


NEW_YORK = ZoneInfo("America/New_York")
SPANS_AT_CLOCK_CHANGES = [
    # 01:30 EDT to 01:30 EST: one hour, the same wall time, another offset
    TimeSpan(datetime(2024, 11, 3, 1, 30, tzinfo=NEW_YORK),
             datetime(2024, 11, 3, 1, 30, fold=1, tzinfo=NEW_YORK)),
    # 00:30 EDT to 01:30 EST: two hours by the clock and by the instants, no longer the same
    TimeSpan(datetime(2024, 11, 3, 0, 30, tzinfo=NEW_YORK),
             datetime(2024, 11, 3, 1, 30, fold=1, tzinfo=NEW_YORK)),
    # 01:00 EST to 03:00 EDT: two hours by the clock, one by the instants
    TimeSpan(datetime(2024, 3, 10, 1, tzinfo=NEW_YORK), datetime(2024, 3, 10, 3, tzinfo=NEW_YORK)),
    # an instant in the repeated hour, and one of two equal date-times
    TimeSpan(datetime(2024, 11, 3, 1, 30, fold=1, tzinfo=NEW_YORK)),
    TimeSpan(datetime(2024, 11, 3, 1, 30, tzinfo=NEW_YORK),
             datetime(2024, 11, 3, 1, 30, tzinfo=NEW_YORK)),
]  # fmt: skip


@given(st.lists(_whole_minute_spans() | timed_spans(), max_size=30))
def test_span_cells_are_time_cells(spans: list[TimeSpan]) -> None:
    """One Stamps for a table gives a timed span the cells time_cells gives it."""
    stamps = Stamps()
    spans = [*SPANS_AT_CLOCK_CHANGES, *spans]
    assert [stamps.span(span) for span in spans] == [time_cells(span) for span in spans]


def test_span_cells_at_clock_changes() -> None:
    """The cells of spans across a clock change show each end's own offset."""
    cells = [Stamps().span(span) for span in SPANS_AT_CLOCK_CHANGES]
    assert [(start, end) for start, end, *_ in cells] == [
        ("2024-11-03T01:30:00-04:00", "2024-11-03T01:30:00-05:00"),
        ("2024-11-03T00:30:00-04:00", "2024-11-03T01:30:00-05:00"),
        ("2024-03-10T01:00:00-05:00", "2024-03-10T03:00:00-04:00"),
        ("2024-11-03T01:30:00-05:00", ""),
        ("2024-11-03T01:30:00-04:00", ""),
    ]


@given(st.lists(all_day_spans(), max_size=30))
def test_day_cells_are_time_cells(spans: list[AllDay]) -> None:
    """One Stamps for a table gives whole days the cells time_cells gives them."""
    stamps = Stamps()
    assert [stamps.days(span) for span in spans] == [time_cells(span) for span in spans]
