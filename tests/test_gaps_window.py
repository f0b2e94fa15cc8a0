"""Free time in a window (Timeline.gaps(within=...)): equal to a scan of every minute.

Small timelines on a minute grid around a month's end, with exact times, whole days, partial
dates, open-ended times whose start is a month, and vague times (EDTF levels 1 and 2: uncertain
days, intervals with an open or unknown side, sets, deep time), so that certain and possible
free time differ: the scan asks of each minute whether some event's span (certain) or core
(possible) covers it.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bri_timeline import (
    AllDay,
    Event,
    InvalidArgument,
    OpenEnded,
    PartialDate,
    Time,
    Timeline,
    TimeSpan,
    from_edtf,
)
from bri_timeline.model.keys import instant_key
from bri_timeline.model.relations import spans_overlap

BASE = datetime(2024, 11, 30, 22, tzinfo=UTC)
MINUTES = 240  # 22:00 on 30 November to 02:00 on 1 December
MINUTE = timedelta(minutes=1)


def at(minute: int) -> datetime:
    return BASE + minute * MINUTE


exact = st.builds(
    lambda start, length: TimeSpan(at(start), at(start + length)),
    st.integers(-30, MINUTES + 30),
    st.integers(1, 60),  # an instant covers its microsecond: less than a scan sees
)
vague = st.sampled_from(
    [
        AllDay(date(2024, 11, 30)),
        AllDay(date(2024, 12, 1)),
        PartialDate.of_month(2024, 11),
        PartialDate.of_month(2024, 12),
        OpenEnded(PartialDate.of_month(2024, 11)),
        *map(
            from_edtf,
            [
                "2024-11-30?",
                "2024-12-01~",
                "2024-11-XX",
                "[2024-11-30,2024-12-01]",
                "{2024-11-29,2024-12-01}",
                "2024-11-30/",
                "/2024-12-01",
                "../2024-11-30",
                "2024-11-30~/2024-12-01?",
                "Y-17E7",
            ],
        ),
    ]
)
open_exact = st.integers(0, MINUTES).map(lambda minute: OpenEnded(at(minute)))
grid_times: st.SearchStrategy[Time] = st.one_of(exact, exact, exact, vague, open_exact)
grid_timelines = st.lists(grid_times, max_size=6).map(
    lambda times: Timeline(Event(f"e{n}", "E", time) for n, time in enumerate(times))
)
windows = st.tuples(st.integers(0, MINUTES - 1), st.integers(1, MINUTES)).filter(
    lambda pair: pair[0] < pair[1]
)


def scan(timeline: Timeline, lo: int, hi: int, *, certain: bool) -> list[tuple[int, int]]:
    """The free stretches of minutes lo..hi, found minute by minute."""
    keys = [
        (event.time._start, event.time._end) if certain else event.time._core for event in timeline
    ]
    found: list[tuple[int, int]] = []
    for minute in range(lo, hi):
        first, last = instant_key(at(minute)), instant_key(at(minute + 1))
        if any(spans_overlap(start, end, first, last) for start, end in keys):
            continue
        if found and found[-1][1] == first:
            found[-1] = (found[-1][0], last)
        else:
            found.append((first, last))
    return found


@given(grid_timelines, windows, st.integers(0, 90), st.booleans())
def test_gaps_in_a_window_are_the_free_minutes(
    timeline: Timeline, window: tuple[int, int], min_minutes: int, certain: bool
) -> None:
    lo, hi = window
    within = TimeSpan(at(lo), at(hi))
    gaps = timeline.gaps(within=within, min_length=min_minutes * MINUTE, certain=certain)
    expected = [
        (start, end)
        for start, end in scan(timeline, lo, hi, certain=certain)
        if end - start > min_minutes * 60_000_000
    ]
    assert [(instant_key(g.start), instant_key(g.end)) for g in gaps] == expected
    sure = {(g.start, g.end) for g in timeline.gaps(within=within, min_length=min_minutes * MINUTE)}
    for gap in gaps:
        assert gap.certain == ((gap.start, gap.end) in sure)
        if gap.after is None:
            assert gap.start == at(lo)
        assert (gap.before is None) == (gap.end == at(hi))


@given(grid_timelines)
def test_certain_free_time_is_possibly_free(timeline: Timeline) -> None:
    within = TimeSpan(at(0), at(MINUTES))
    possible = timeline.gaps(within=within, certain=False)
    for gap in timeline.gaps(within=within):
        assert any(p.start <= gap.start and gap.end <= p.end for p in possible)


def test_free_time_at_both_ends_of_a_working_day() -> None:
    day = TimeSpan(datetime(2025, 5, 12, 9, tzinfo=UTC), datetime(2025, 5, 12, 17, tzinfo=UTC))
    call = Event(
        "call", "Call", TimeSpan(day.start + timedelta(hours=2), day.start + timedelta(hours=3))
    )
    gaps = Timeline([call]).gaps(within=day)
    assert [(g.start.hour, g.end.hour, g.after, g.before) for g in gaps] == [
        (9, 11, None, call),
        (12, 17, call, None),
    ]
    assert Timeline().gaps(within=day)[0].duration == timedelta(hours=8)
    assert Timeline([call]).gaps(within=day, min_length=timedelta(hours=2)) == (gaps[1],)


def test_a_vague_date_leaves_time_possibly_free() -> None:
    month = Event("nov", "Some day in November", PartialDate.of_month(2024, 11))
    week = AllDay(date(2024, 11, 11), date(2024, 11, 17))
    assert Timeline([month]).gaps(within=week) == ()
    (gap,) = Timeline([month]).gaps(within=week, certain=False)
    assert (gap.start.date(), gap.end.date(), gap.certain) == (
        date(2024, 11, 11),
        date(2024, 11, 18),
        False,
    )


@pytest.mark.parametrize(
    ("within", "rule"),
    [
        (OpenEnded(date(2024, 1, 1)), "must have an end"),
        ("2024", "must be a time or an event"),
    ],
)
def test_a_window_without_an_end_is_refused(within: object, rule: str) -> None:
    with pytest.raises(InvalidArgument, match=rule):
        Timeline().gaps(within=within)  # type: ignore[arg-type]


def test_certain_must_be_a_bool() -> None:
    with pytest.raises(InvalidArgument, match="certain"):
        Timeline().gaps(certain="yes")  # type: ignore[arg-type]


def test_an_instant_covers_its_microsecond() -> None:
    day = TimeSpan(datetime(2025, 5, 12, 9, tzinfo=UTC), datetime(2025, 5, 12, 17, tzinfo=UTC))
    bell = datetime(2025, 5, 12, 10, tzinfo=UTC)
    first, second = Timeline([Event("ring", "Bell", TimeSpan(bell))]).gaps(within=day)
    assert (first.end, second.start) == (bell, bell + timedelta(microseconds=1))
