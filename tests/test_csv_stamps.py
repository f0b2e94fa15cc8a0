"""The CSV writer's date-time text is ``datetime.isoformat``'s, whatever the zone and time."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from hypothesis import given
from hypothesis import strategies as st

from bri_timeline.formats.csv_table._stamps import Stamps
from bri_timeline.strategies import aware_datetimes

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
