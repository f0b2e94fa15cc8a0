"""Allen relations of vague days are exact: the possible relations are those of the concrete spans.

A vague day (``2004-06-11?``) is some time within one of the days it may be. On small cases
the concrete spans are enumerated on a three-hour grid, against exact times on a twelve-hour
grid (three grid points inside any exact stretch, and eight steps a day, are enough for every
order of four ends), and the relations they give are exactly ``possible_relations``;
``certain_relation`` is the one relation when only one is possible.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st

from bri_timeline import (
    AllDay,
    Relation,
    Time,
    TimeSpan,
    Vague,
    certain_relation,
    from_edtf,
    possible_relations,
    relation,
)

STEP = timedelta(hours=3)
EXACT_STEP = 4 * STEP
FIRST = date(2004, 6, 8)


def _day(offset: int) -> date:
    return FIRST + timedelta(days=offset)


vague_days = st.builds(
    lambda offset, mark: from_edtf(f"{_day(offset).isoformat()}{mark}"),
    st.integers(2, 8),
    st.sampled_from(["?", "~", "%"]),
)
exact_spans = st.builds(
    lambda start, length: TimeSpan(
        datetime.combine(_day(0), datetime.min.time(), UTC) + start * EXACT_STEP,
        datetime.combine(_day(0), datetime.min.time(), UTC) + (start + length) * EXACT_STEP,
    ),
    st.integers(0, 24),
    st.integers(1, 6),
)
whole_days = st.builds(
    lambda offset, length: AllDay(_day(offset), _day(offset + length)),
    st.integers(0, 10),
    st.integers(0, 2),
)
small_times = st.one_of(vague_days, vague_days, exact_spans, whole_days)


def concrete(time: Time) -> list[Time]:
    """Every span ``time`` may be on the grid: for a vague day, each span within one of its days."""
    if not isinstance(time, Vague):
        return [time]
    found: list[Time] = []
    day = datetime.combine(time.lower, datetime.min.time(), UTC)
    while day.date() <= time.upper:
        grid = [day + step * STEP for step in range(9)]
        found += [TimeSpan(s, e) for i, s in enumerate(grid) for e in grid[i + 1 :]]
        day += timedelta(days=1)
    return found


@given(small_times, small_times)
def test_possible_relations_of_vague_days_are_those_of_their_concrete_spans(
    a: Time, b: Time
) -> None:
    expected = {relation(one, other) for one in concrete(a) for other in concrete(b)}
    assert possible_relations(a, b) == expected
    only = certain_relation(a, b)
    assert (only is None) == (len(expected) > 1)
    if only is not None:
        assert only in possible_relations(a, b)


def test_a_vague_day_is_no_longer_than_a_day() -> None:
    day = from_edtf("2004-06-11?")
    next_day = AllDay(date(2004, 6, 12))
    # Some time within the 10th, 11th or 12th: it cannot overlap the 12th from the 11th.
    found = possible_relations(day, next_day)
    assert Relation.OVERLAPS not in found
    assert {Relation.BEFORE, Relation.MEETS, Relation.DURING} <= found
