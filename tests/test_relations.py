"""Overlap, certain overlap and Allen's relations: laws over generated times, and edge cases.

The laws check :func:`relation` against Allen's textbook definitions, written
out below independently of the library's decision tree.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given

from bri_timeline import (
    AllDay,
    Event,
    FloatingSpan,
    OpenEnded,
    PartialDate,
    Relation,
    Time,
    TimeSpan,
    certainly_overlaps,
    overlaps,
    relation,
)
from bri_timeline.model.relations import spans_overlap
from bri_timeline.strategies import (
    all_day_spans,
    events,
    partial_dates,
    time_pairs,
    timed_spans,
    times,
)

LIMA = ZoneInfo("America/Lima")
US = timedelta(microseconds=1)

# Times over two years overlap, meet and nest often; over 1800-2200 they rarely would.
dense_times = times(min_year=2023, max_year=2024)
any_times = dense_times | times()


# Pairs of times, the second often on the first's bounds: meetings, starts, equalities.
related_times = time_pairs(min_year=2023, max_year=2024)


def allen(s1: int, e1: int, s2: int, e2: int) -> set[Relation]:
    """Every relation whose textbook definition holds of [s1, e1) and [s2, e2)."""
    definitions: dict[Relation, bool] = {
        Relation.BEFORE: e1 < s2,
        Relation.MEETS: e1 == s2,
        Relation.OVERLAPS: s1 < s2 < e1 < e2,
        Relation.STARTS: s1 == s2 and e1 < e2,
        Relation.DURING: s2 < s1 and e1 < e2,
        Relation.FINISHES: s2 < s1 and e1 == e2,
        Relation.EQUALS: s1 == s2 and e1 == e2,
        Relation.FINISHED_BY: s1 < s2 and e1 == e2,
        Relation.CONTAINS: s1 < s2 and e2 < e1,
        Relation.STARTED_BY: s1 == s2 and e2 < e1,
        Relation.OVERLAPPED_BY: s2 < s1 < e2 < e1,
        Relation.MET_BY: e2 == s1,
        Relation.AFTER: e2 < s1,
    }
    return {name for name, holds in definitions.items() if holds}


# --- laws ------------------------------------------------------------------------


@given(related_times)
def test_overlap_is_symmetric(pair: tuple[Time, Time]) -> None:
    a, b = pair
    assert overlaps(a, b) == overlaps(b, a)


@given(related_times)
def test_overlap_is_the_boundary_rule_on_spans(pair: tuple[Time, Time]) -> None:
    """Half-open spans overlap when each starts before the other ends; brute force on keys."""
    a, b = pair
    shared = range(max(a._start, b._start), min(a._end, b._end))
    assert overlaps(a, b) == (len(shared) > 0)


@given(related_times)
def test_exactly_one_allen_relation_holds_and_it_is_the_one_returned(
    pair: tuple[Time, Time],
) -> None:
    a, b = pair
    assert allen(a._start, a._end, b._start, b._end) == {relation(a, b)}


@given(related_times)
def test_relation_of_b_to_a_is_the_inverse(pair: tuple[Time, Time]) -> None:
    a, b = pair
    assert relation(b, a) == relation(a, b).inverse
    assert relation(a, b).inverse.inverse == relation(a, b)


@given(related_times)
def test_relation_agrees_with_overlap(pair: tuple[Time, Time]) -> None:
    a, b = pair
    assert relation(a, b).shares_time == overlaps(a, b)


@given(related_times)
def test_certain_overlap_implies_overlap_and_is_symmetric(pair: tuple[Time, Time]) -> None:
    a, b = pair
    assert certainly_overlaps(a, b) == certainly_overlaps(b, a)
    if certainly_overlaps(a, b):
        assert overlaps(a, b)


def _exact(time: Time) -> bool:
    """Known to the microsecond: its span is all it covers."""
    if isinstance(time, OpenEnded):
        return not isinstance(time.start, PartialDate)
    return isinstance(time, TimeSpan | AllDay)


@given(related_times)
def test_for_exact_times_certain_and_possible_overlap_agree(pair: tuple[Time, Time]) -> None:
    a, b = pair
    if _exact(a) and _exact(b):
        assert certainly_overlaps(a, b) == overlaps(a, b)


@given(time_pairs(partial_dates(min_year=2023, max_year=2024), min_year=2023, max_year=2024))
def test_a_partial_date_certainly_overlaps_only_what_surely_covers_its_whole_period(
    pair: tuple[Time, Time],
) -> None:
    """It may be any part of its period: only a time sure to cover all of it surely meets it."""
    for vague, other in (pair, pair[::-1]):
        if not isinstance(vague, PartialDate):
            continue
        if isinstance(other, PartialDate):
            covers = False  # both may be anywhere in their periods
        elif isinstance(other, OpenEnded) and isinstance(other.start, PartialDate):
            covers = other.start._end <= vague._start  # sure to have begun by then
        else:
            covers = other._start <= vague._start and vague._end <= other._end
        assert certainly_overlaps(vague, other) == covers
        assert certainly_overlaps(other, vague) == covers


@given(events(time=dense_times), events(time=dense_times))
def test_event_relations_are_their_times_relations(a: Event, b: Event) -> None:
    assert relation(a, b) == relation(a.time, b.time)
    assert overlaps(a, b) == overlaps(a.time, b.time)
    assert certainly_overlaps(a, b) == certainly_overlaps(a.time, b.time)
    assert certainly_overlaps(a, b.time) == certainly_overlaps(a.time, b)


@given(timed_spans(min_year=2024, max_year=2024), all_day_spans(min_year=2024, max_year=2024))
def test_timed_and_all_day_spans_compare_on_one_axis(timed: TimeSpan, days: AllDay) -> None:
    """Days float on UTC days; a timed span is at its UTC instants (brute force by datetimes)."""
    day_start = datetime.combine(days.first, datetime.min.time(), UTC)
    day_end = datetime.combine(days.end, datetime.min.time(), UTC)
    timed_end = max(timed.end, timed.start + US)  # an instant takes its microsecond
    assert overlaps(timed, days) == (timed.start < day_end and day_start < timed_end)


# --- Relation itself -------------------------------------------------------------


def test_inverse_pairs() -> None:
    pairs = {
        Relation.BEFORE: Relation.AFTER,
        Relation.MEETS: Relation.MET_BY,
        Relation.OVERLAPS: Relation.OVERLAPPED_BY,
        Relation.STARTS: Relation.STARTED_BY,
        Relation.DURING: Relation.CONTAINS,
        Relation.FINISHES: Relation.FINISHED_BY,
        Relation.EQUALS: Relation.EQUALS,
    }
    for one, other in pairs.items():
        assert one.inverse is other
        assert other.inverse is one
    assert len(Relation) == 13


def test_the_four_disjoint_relations_share_no_time() -> None:
    disjoint = {member for member in Relation if not member.shares_time}
    assert disjoint == {Relation.BEFORE, Relation.MEETS, Relation.MET_BY, Relation.AFTER}


def test_spans_overlap_is_half_open() -> None:
    assert not spans_overlap(0, 10, 10, 20)
    assert not spans_overlap(10, 20, 0, 10)
    assert spans_overlap(0, 11, 10, 20)
    assert spans_overlap(0, 1, 0, 1)
    assert spans_overlap(5, 6, 0, 10)


# --- edge cases: one example of each relation ------------------------------------

APEC = AllDay(date(2024, 11, 13), date(2024, 11, 15))


def days(first: int, last: int | None = None) -> AllDay:
    return AllDay(date(2024, 11, first), date(2024, 11, last or first))


def lima(hour: int, minute: int = 0, micro: int = 0) -> datetime:
    return datetime(2024, 11, 8, hour, minute, 59 if micro else 0, micro, tzinfo=LIMA)


MEETING = TimeSpan(lima(9), lima(13))

EXAMPLES: list[tuple[str, Time, Time, Relation]] = [
    ("day before the summit", days(8), APEC, Relation.BEFORE),
    ("day before the summit's first day", days(12), APEC, Relation.MEETS),
    ("two days across its start", days(12, 13), APEC, Relation.OVERLAPS),
    ("its first day", days(13), APEC, Relation.STARTS),
    ("a day inside it", days(14), APEC, Relation.DURING),
    ("its last day", days(15), APEC, Relation.FINISHES),
    ("the same days", days(13, 15), APEC, Relation.EQUALS),
    ("days ending with it", days(10, 15), APEC, Relation.FINISHED_BY),
    ("a longer stretch", days(10, 20), APEC, Relation.CONTAINS),
    ("days starting with it", days(13, 20), APEC, Relation.STARTED_BY),
    ("two days across its end", days(15, 16), APEC, Relation.OVERLAPPED_BY),
    ("the day after", days(16), APEC, Relation.MET_BY),
    ("a later day", days(20), APEC, Relation.AFTER),
    # Timed, in Lima: a meeting 09:00-13:00 and instants around it.
    ("lunch after the meeting", TimeSpan(lima(13), lima(14)), MEETING, Relation.MET_BY),
    ("breakfast before it", TimeSpan(lima(8), lima(9)), MEETING, Relation.MEETS),
    ("instant at its start", TimeSpan(lima(9)), MEETING, Relation.STARTS),
    ("instant inside it", TimeSpan(lima(10)), MEETING, Relation.DURING),
    (
        "instant in its last microsecond",
        TimeSpan(lima(12, 59, 999_999)),
        MEETING,
        Relation.FINISHES,
    ),
    ("instant at its end", TimeSpan(lima(13)), MEETING, Relation.MET_BY),
    ("instant a microsecond early", TimeSpan(lima(8, 59, 999_999)), MEETING, Relation.MEETS),
    ("an earlier instant", TimeSpan(lima(8)), MEETING, Relation.BEFORE),
    (
        "an instant in another zone",
        TimeSpan(lima(9)),
        TimeSpan(lima(9).astimezone(UTC)),
        Relation.EQUALS,
    ),
    (
        "the meeting as UTC datetimes",
        TimeSpan(datetime(2024, 11, 8, 14, tzinfo=UTC), datetime(2024, 11, 8, 18, tzinfo=UTC)),
        MEETING,
        Relation.EQUALS,
    ),
    (
        "the summit's days as UTC datetimes",
        TimeSpan(datetime(2024, 11, 13, tzinfo=UTC), datetime(2024, 11, 16, tzinfo=UTC)),
        APEC,
        Relation.EQUALS,
    ),
    ("the meeting on its day", MEETING, days(8), Relation.DURING),
    # Partial dates and open ends: their spans are all they may cover.
    ("November and a day in it", PartialDate.of_month(2024, 11), days(14), Relation.CONTAINS),
    (
        "a year and its January",
        PartialDate.of_year(2009),
        PartialDate.of_month(2009, 1),
        Relation.STARTED_BY,
    ),
    (
        "a year and its December",
        PartialDate.of_year(2009),
        PartialDate.of_month(2009, 12),
        Relation.FINISHED_BY,
    ),
    (
        "18XX and the year 1900",
        PartialDate.of_century(1800),
        PartialDate.of_year(1900),
        Relation.MEETS,
    ),
    ("18XX and 2009", PartialDate.of_century(1800), PartialDate.of_year(2009), Relation.BEFORE),
    ("since 2009 and the summit", OpenEnded(PartialDate.of_year(2009)), APEC, Relation.CONTAINS),
    (
        "since 2009 and 2009",
        OpenEnded(PartialDate.of_year(2009)),
        PartialDate.of_year(2009),
        Relation.STARTED_BY,
    ),
    (
        "two open ends",
        OpenEnded(PartialDate.of_year(2009)),
        OpenEnded(date(2024, 11, 8)),
        Relation.FINISHED_BY,
    ),
    ("open from the summit's first day", OpenEnded(date(2024, 11, 13)), APEC, Relation.STARTED_BY),
    ("open from the day after it", OpenEnded(date(2024, 11, 16)), APEC, Relation.MET_BY),
]


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [pytest.param(a, b, expected, id=name) for name, a, b, expected in EXAMPLES],
)
def test_relation_examples(a: Time, b: Time, expected: Relation) -> None:
    assert relation(a, b) is expected
    assert relation(b, a) is expected.inverse
    assert overlaps(a, b) == expected.shares_time


def test_every_relation_has_an_example() -> None:
    assert {expected for *_, expected in EXAMPLES} == set(Relation)


def test_relation_of_events() -> None:
    apec = Event("apec", "APEC", APEC)
    chancay = Event("chancay", "Chancay", days(14))
    assert relation(chancay, apec) is Relation.DURING
    assert relation(apec, chancay.time) is Relation.CONTAINS


# --- instants at window boundaries -----------------------------------------------

BOUNDARIES: list[tuple[str, datetime, Time, bool]] = [
    ("at the start of a timed window", lima(9), MEETING, True),
    ("a microsecond before it", lima(8, 59, 999_999), MEETING, False),
    ("in its last microsecond", lima(12, 59, 999_999), MEETING, True),
    ("at its end", lima(13), MEETING, False),
    ("at the UTC midnight that starts the summit", datetime(2024, 11, 13, tzinfo=UTC), APEC, True),
    ("at the UTC midnight after it", datetime(2024, 11, 16, tzinfo=UTC), APEC, False),
    ("a microsecond before that", datetime(2024, 11, 16, tzinfo=UTC) - US, APEC, True),
    # Days float on UTC days: 20:00 on the 15th in Lima is 01:00Z on the 16th.
    ("20:00 in Lima on its last day", datetime(2024, 11, 15, 20, tzinfo=LIMA), APEC, False),
    ("19:00 in Lima on its last day", datetime(2024, 11, 15, 18, 59, tzinfo=LIMA), APEC, True),
    (
        "at the start of an open end",
        datetime(2009, 1, 1, tzinfo=UTC),
        OpenEnded(PartialDate.of_year(2009)),
        True,
    ),
    (
        "far in the future of an open end",
        datetime(9999, 12, 31, tzinfo=UTC),
        OpenEnded(date(2009, 1, 1)),
        True,
    ),
    (
        "just before an open end",
        datetime(2009, 1, 1, tzinfo=UTC) - US,
        OpenEnded(date(2009, 1, 1)),
        False,
    ),
    (
        "at the last microsecond of 18XX",
        datetime(1900, 1, 1, tzinfo=UTC) - US,
        PartialDate.of_century(1800),
        True,
    ),
    ("at the first of 1900", datetime(1900, 1, 1, tzinfo=UTC), PartialDate.of_century(1800), False),
]


@pytest.mark.parametrize(
    ("moment", "window", "inside"),
    [pytest.param(moment, window, inside, id=name) for name, moment, window, inside in BOUNDARIES],
)
def test_instant_at_window_boundary(moment: datetime, window: Time, inside: bool) -> None:
    instant = TimeSpan(moment)
    assert overlaps(instant, window) is inside
    assert overlaps(window, instant) is inside


# --- certain overlap: examples ---------------------------------------------------

FTA = OpenEnded(PartialDate.of_year(2009))
YEAR_2009 = PartialDate.of_year(2009)

CERTAINTY: list[tuple[str, Time, Time, bool, bool]] = [
    # name, a, b, possibly, certainly
    ("a year and a day in it", YEAR_2009, AllDay(date(2009, 6, 1)), True, False),
    (
        "a year and all its days",
        YEAR_2009,
        AllDay(date(2009, 1, 1), date(2009, 12, 31)),
        True,
        True,
    ),
    (
        "a year and all its days but one",
        YEAR_2009,
        AllDay(date(2009, 1, 2), date(2009, 12, 31)),
        True,
        False,
    ),
    ("a year and itself", YEAR_2009, YEAR_2009, True, False),
    ("a year and a month in it", YEAR_2009, PartialDate.of_month(2009, 6), True, False),
    ("since 2009 and a day in 2024", FTA, AllDay(date(2024, 11, 14)), True, True),
    ("since 2009 and a day in 2009", FTA, AllDay(date(2009, 6, 1)), True, False),
    ("since 2009 and 1 January 2010", FTA, AllDay(date(2010, 1, 1)), True, True),
    ("since 2009 and the year 2010", FTA, PartialDate.of_year(2010), True, True),
    ("since 2009 and the year 2009", FTA, YEAR_2009, True, False),
    ("since 2009 and the 2000s", FTA, PartialDate.of_decade(2000), True, False),
    ("since a day and that day", OpenEnded(date(2009, 1, 1)), AllDay(date(2009, 1, 1)), True, True),
    ("two open ends", FTA, OpenEnded(date(2024, 1, 1)), True, True),
    ("Chancay and APEC", days(14), APEC, True, True),
    ("18XX and since 2009", PartialDate.of_century(1800), FTA, False, False),
    ("meeting days", days(12), APEC, False, False),
]


@pytest.mark.parametrize(
    ("a", "b", "possibly", "certainly"),
    [pytest.param(a, b, p, c, id=name) for name, a, b, p, c in CERTAINTY],
)
def test_certain_overlap_examples(a: Time, b: Time, possibly: bool, certainly: bool) -> None:
    assert overlaps(a, b) is possibly
    assert certainly_overlaps(a, b) is certainly
    assert certainly_overlaps(b, a) is certainly


RELATIONS_OF: list[Callable[[Time, Time], object]] = [overlaps, certainly_overlaps, relation]


@pytest.mark.parametrize("function", RELATIONS_OF)
@given(time=any_times)
def test_every_time_is_related_to_itself(
    function: Callable[[Time, Time], object], time: Time
) -> None:
    """Reflexive: a time overlaps and equals itself (and certainly overlaps unless vague).

    A floating time shorter than 26 hours may lie anywhere in its span each time it is
    asked about, like a partial date, so not certainly over itself.
    """
    result = function(time, time)
    if function is relation:
        assert result is Relation.EQUALS
    elif function is certainly_overlaps:
        vague = isinstance(time, PartialDate) or (
            isinstance(time, FloatingSpan) and time._core[0] >= time._core[1]
        )
        assert result is (not vague)
    else:
        assert result is True
