"""The Timeline: every query on a small hand-built timeline, and each against brute force."""

from __future__ import annotations

import itertools
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from bri_timeline import (
    AllDay,
    DuplicateEventId,
    Event,
    InvalidArgument,
    InvalidEvent,
    OpenEnded,
    PartialDate,
    Relation,
    Time,
    Timeline,
    TimelineError,
    TimelineInfo,
    TimeSpan,
    UnknownEvent,
    certainly_overlaps,
    relation,
)
from bri_timeline._index import SpanIndex
from bri_timeline.model.keys import OPEN_END, instant_key
from bri_timeline.model.relations import spans_overlap
from bri_timeline.model.times import first_date
from bri_timeline.strategies import aware_datetimes, events, timelines, times, windows

LIMA = ZoneInfo("America/Lima")
US_PER_DAY = 86_400 * 10**6


def nov(first: int, last: int | None = None) -> AllDay:
    return AllDay(date(2024, 11, first), date(2024, 11, last or first))


def lima(day: int, hour: int) -> datetime:
    return datetime(2024, 11, day, hour, tzinfo=LIMA)


IMMIGRATION = Event("immigration", "Chinese immigrants settle", PartialDate.of_century(1800))
FTA = Event("fta", "Free Trade Agreement", OpenEnded(PartialDate.of_year(2009)))
HOLIDAY = Event("holiday", "New Year's Day", AllDay(date(2024, 1, 1)))
# 20:00 on New Year's Eve in Lima is 01:00 on New Year's Day in UTC.
NEW_YEAR = Event("new-year", "Toast in Lima", TimeSpan(datetime(2023, 12, 31, 20, tzinfo=LIMA)))
NOVEMBER = Event(
    "november", "Talks in November", PartialDate.of_month(2024, 11), categories=["bri"]
)
MEETING = Event("meeting", "BRI meeting", nov(8), categories=["bri", "meeting"])
TALK = Event("talk", "Keynote", TimeSpan(lima(8, 9), lima(8, 13)), categories=["bri"])
APEC = Event("apec", "APEC Summit", nov(13, 15), categories=["apec", "summit"])
CHANCAY = Event("chancay", "Chancay Port", nov(14), categories=["bri", "infrastructure"])

IN_ORDER = [IMMIGRATION, FTA, HOLIDAY, NEW_YEAR, NOVEMBER, MEETING, TALK, APEC, CHANCAY]
INFO = TimelineInfo("Test", source="hand-built")
TIMELINE = Timeline(list(reversed(IN_ORDER)), info=INFO)


def ids(found: Timeline) -> list[str]:
    assert isinstance(found, Timeline)
    assert found.info == INFO
    return [event.id for event in found]


# --- building, Sequence, value ---------------------------------------------------


def test_events_are_kept_in_order() -> None:
    assert list(TIMELINE) == IN_ORDER
    assert len(TIMELINE) == 9
    assert TIMELINE[0] is IMMIGRATION
    assert TIMELINE[-1] is CHANCAY
    assert TIMELINE.index(APEC) == 7


def test_empty_timeline() -> None:
    empty = Timeline()
    assert len(empty) == 0
    assert list(empty.overlapping(nov(14))) == []
    assert list(empty.overlapping_pairs()) == []
    assert empty.gaps() == ()
    assert empty.by_year() == {}
    assert empty.span() is None


def test_two_events_with_one_id_are_refused() -> None:
    with pytest.raises(DuplicateEventId) as caught:
        Timeline([APEC, attrs.evolve(APEC, title="APEC Leaders' Week")])
    assert caught.value.event_id == "apec"
    assert isinstance(caught.value, TimelineError)
    assert isinstance(caught.value, ValueError)
    assert "'apec'" in str(caught.value)


@pytest.mark.parametrize("copy", [APEC, attrs.evolve(APEC)], ids=["same object", "equal copy"])
def test_an_event_given_twice_is_kept_once(copy: Event) -> None:
    """Ids stay unique: the same event twice is one event, not a duplicate id."""
    timeline = Timeline([APEC, CHANCAY, copy])
    assert list(timeline) == [APEC, CHANCAY]
    (pair,) = timeline.overlapping_pairs()
    assert (pair.first, pair.second) == (APEC, CHANCAY)


def test_only_events_are_accepted() -> None:
    with pytest.raises(InvalidEvent, match="events"):
        Timeline([APEC, "chancay"])  # type: ignore[list-item]


def test_get_by_id() -> None:
    assert TIMELINE.get("apec") is APEC
    assert TIMELINE[1:].get("chancay") is CHANCAY
    with pytest.raises(UnknownEvent) as caught:
        TIMELINE.get("apec-2025")
    assert caught.value.event_id == "apec-2025"
    assert isinstance(caught.value, KeyError)
    assert str(caught.value) == "no event with id 'apec-2025'"
    with pytest.raises(UnknownEvent):
        TIMELINE[:2].get("apec")


def test_slices_are_timelines() -> None:
    assert ids(TIMELINE[1:3]) == ["fta", "holiday"]
    assert ids(TIMELINE[::3]) == ["immigration", "new-year", "talk"]
    assert ids(TIMELINE[5:].on(date(2024, 11, 8))) == ["meeting", "talk"]
    assert ids(TIMELINE[100:]) == []


def test_a_reversed_slice_is_refused_not_left_out_of_order() -> None:
    with pytest.raises(ValueError, match="negative step"):
        TIMELINE[::-1]
    assert list(reversed(TIMELINE)) == IN_ORDER[::-1]


def test_membership_is_by_equal_event() -> None:
    assert APEC in TIMELINE
    assert attrs.evolve(APEC) in TIMELINE
    assert attrs.evolve(APEC, title="Other") not in TIMELINE
    not_an_event: object = "apec"
    assert not_an_event not in TIMELINE


def test_equality_and_hash() -> None:
    same = Timeline(IN_ORDER, info=INFO)
    assert same == TIMELINE
    assert hash(same) == hash(TIMELINE)
    assert Timeline(IN_ORDER) != TIMELINE  # the info differs
    assert Timeline(IN_ORDER[1:], info=INFO) != TIMELINE
    assert TIMELINE != IN_ORDER
    assert TIMELINE[:] == TIMELINE


def test_repr_evaluates_back() -> None:
    import datetime as datetime_module
    import zoneinfo

    import bri_timeline

    namespace = {**vars(bri_timeline), "datetime": datetime_module, "zoneinfo": zoneinfo}
    assert eval(repr(TIMELINE), namespace) == TIMELINE
    assert eval(repr(Timeline([APEC])), namespace) == Timeline([APEC])


def test_span_of_the_whole_timeline() -> None:
    assert TIMELINE.span() == (datetime(1800, 1, 1, tzinfo=UTC), None)
    closed = Timeline([TALK, APEC, CHANCAY])
    assert closed.span() == (
        datetime(2024, 11, 8, 14, tzinfo=UTC),
        datetime(2024, 11, 16, tzinfo=UTC),
    )


# --- window queries by hand ------------------------------------------------------


@pytest.mark.parametrize(
    ("window", "expected", "certain"),
    [
        (nov(14), ["fta", "november", "apec", "chancay"], ["fta", "apec", "chancay"]),
        (CHANCAY, ["fta", "november", "apec", "chancay"], ["fta", "apec", "chancay"]),
        (PartialDate.of_year(2009), ["fta"], []),
        (PartialDate.of_year(1850), ["immigration"], []),
        (PartialDate.of_year(1900), [], []),
        (
            PartialDate.of_month(2024, 11),
            ["fta", "november", "meeting", "talk", "apec", "chancay"],
            ["fta"],
        ),
        # Half-open: a window ending at 01:00Z misses the toast at 01:00Z.
        (
            TimeSpan(datetime(2024, 1, 1, 0, 30, tzinfo=UTC), datetime(2024, 1, 1, 1, tzinfo=UTC)),
            ["fta", "holiday"],
            ["fta", "holiday"],
        ),
        (
            TimeSpan(
                datetime(2024, 1, 1, 0, 30, tzinfo=UTC),
                datetime(2024, 1, 1, 1, tzinfo=UTC) + timedelta(microseconds=1),
            ),
            ["fta", "holiday", "new-year"],
            ["fta", "holiday", "new-year"],
        ),
        (TimeSpan(lima(8, 13)), ["fta", "november", "meeting"], ["fta", "meeting"]),
        (OpenEnded(date(2024, 11, 15)), ["fta", "november", "apec"], ["fta", "apec"]),
        (nov(9, 12), ["fta", "november"], ["fta"]),
    ],
)
def test_overlapping(window: Time | Event, expected: list[str], certain: list[str]) -> None:
    assert ids(TIMELINE.overlapping(window)) == expected
    assert ids(TIMELINE.overlapping(window, certain=True)) == certain


@pytest.mark.parametrize(
    ("window", "expected"),
    [
        (nov(8, 15), ["meeting", "talk", "apec", "chancay"]),
        (PartialDate.of_month(2024, 11), ["november", "meeting", "talk", "apec", "chancay"]),
        (APEC, ["apec", "chancay"]),
        (nov(13, 14), ["chancay"]),
        (nov(8), ["meeting", "talk"]),
        (TALK, ["talk"]),
        (TimeSpan(lima(8, 9), lima(8, 12)), []),
        (
            OpenEnded(PartialDate.of_year(2009)),
            ["fta", "holiday", "new-year", "november", "meeting", "talk", "apec", "chancay"],
        ),
        (PartialDate.of_century(1800), ["immigration"]),
    ],
)
def test_inside(window: Time | Event, expected: list[str]) -> None:
    assert ids(TIMELINE.inside(window)) == expected


@pytest.mark.parametrize(
    ("moment", "expected"),
    [
        (lima(8, 9), ["fta", "november", "meeting", "talk"]),
        (lima(8, 13), ["fta", "november", "meeting"]),
        (datetime(2024, 11, 8, 13, tzinfo=UTC), ["fta", "november", "meeting"]),
        (datetime(2024, 1, 1, 1, tzinfo=UTC), ["fta", "holiday", "new-year"]),
        (datetime(2023, 12, 31, 20, tzinfo=LIMA), ["fta", "holiday", "new-year"]),
        (datetime(1899, 12, 31, 23, 59, tzinfo=UTC), ["immigration"]),
        (datetime(1900, 1, 1, tzinfo=UTC), []),
    ],
)
def test_at(moment: datetime, expected: list[str]) -> None:
    assert ids(TIMELINE.at(moment)) == expected


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (date(2024, 11, 8), ["fta", "november", "meeting", "talk"]),
        (date(2024, 11, 14), ["fta", "november", "apec", "chancay"]),
        (date(2024, 11, 15), ["fta", "november", "apec"]),
        (date(2024, 11, 16), ["fta", "november"]),
        (date(2024, 1, 1), ["fta", "holiday", "new-year"]),  # the toast is on 1 January in UTC
        (date(2023, 12, 31), ["fta"]),
        (date(1850, 6, 1), ["immigration"]),
    ],
)
def test_on(day: date, expected: list[str]) -> None:
    assert ids(TIMELINE.on(day)) == expected


@pytest.mark.parametrize(
    ("moment", "expected"),
    [
        (date(2024, 11, 13), ["immigration", "holiday", "new-year", "meeting", "talk"]),
        (APEC, ["immigration", "holiday", "new-year", "meeting", "talk"]),
        (lima(8, 13), ["immigration", "holiday", "new-year", "talk"]),
        (lima(8, 12), ["immigration", "holiday", "new-year"]),
        (PartialDate.of_year(2024), ["immigration"]),
        (date(1900, 1, 1), ["immigration"]),
        (date(1899, 12, 31), []),
    ],
)
def test_before(moment: datetime | date | Time | Event, expected: list[str]) -> None:
    """Events that end at or before the moment (a time's or event's start)."""
    assert ids(TIMELINE.before(moment)) == expected


@pytest.mark.parametrize(
    ("moment", "expected"),
    [
        (date(2024, 11, 13), ["apec", "chancay"]),
        (MEETING, ["apec", "chancay"]),
        (TALK, ["apec", "chancay"]),
        (lima(8, 9), ["talk", "apec", "chancay"]),
        (PartialDate.of_month(2024, 11), []),
        (
            PartialDate.of_year(2008),
            ["fta", "holiday", "new-year", "november", "meeting", "talk", "apec", "chancay"],
        ),
        (FTA, []),
    ],
)
def test_after(moment: datetime | date | Time | Event, expected: list[str]) -> None:
    """Events that start at or after the moment (a time's or event's end)."""
    assert ids(TIMELINE.after(moment)) == expected


@pytest.mark.parametrize(
    "call",
    [
        lambda: TIMELINE.at(datetime(2024, 11, 8, 9)),
        lambda: TIMELINE.at(date(2024, 11, 8)),  # type: ignore[arg-type]
        lambda: TIMELINE.on(datetime(2024, 11, 8, 9, tzinfo=UTC)),
        lambda: TIMELINE.on("2024-11-08"),  # type: ignore[arg-type]
        lambda: TIMELINE.before(datetime(2024, 11, 8, 9)),
        lambda: TIMELINE.after("2024"),  # type: ignore[arg-type]
        lambda: TIMELINE.overlapping(date(2024, 11, 8)),  # type: ignore[arg-type]
        lambda: TIMELINE.inside("2024"),  # type: ignore[arg-type]
    ],
)
def test_queries_refuse_what_is_not_a_moment_or_window(call: object) -> None:
    assert callable(call)
    with pytest.raises(InvalidArgument, match=r"^argument (moment|day|window): must be "):
        call()


# --- whole-timeline questions by hand --------------------------------------------

EXPECTED_PAIRS = [
    ("fta", "holiday", True),
    ("fta", "new-year", True),
    ("holiday", "new-year", True),
    ("fta", "november", True),
    ("fta", "meeting", True),
    ("november", "meeting", False),
    ("fta", "talk", True),
    ("november", "talk", False),
    ("meeting", "talk", True),
    ("fta", "apec", True),
    ("november", "apec", False),
    ("fta", "chancay", True),
    ("november", "chancay", False),
    ("apec", "chancay", True),
]


def test_overlapping_pairs_in_order_of_second_then_first() -> None:
    pairs = list(TIMELINE.overlapping_pairs())
    assert [(p.first.id, p.second.id, p.certain) for p in pairs] == EXPECTED_PAIRS
    certain = list(TIMELINE.overlapping_pairs(certain=True))
    assert [(p.first.id, p.second.id) for p in certain] == [
        (first, second) for first, second, sure in EXPECTED_PAIRS if sure
    ]


def test_overlapping_pair_relations() -> None:
    relations = {(p.first.id, p.second.id): p.relation for p in TIMELINE.overlapping_pairs()}
    assert relations["apec", "chancay"] is Relation.CONTAINS
    assert relations["meeting", "talk"] is Relation.CONTAINS
    assert relations["holiday", "new-year"] is Relation.CONTAINS
    assert relations["fta", "november"] is Relation.CONTAINS
    same_start = Timeline([APEC, Event("first-day", "First day", nov(13))])
    (pair,) = same_start.overlapping_pairs()
    assert (pair.first.id, pair.relation, pair.second.id) == ("first-day", Relation.STARTS, "apec")


def _id(event: Event | None) -> str | None:
    return None if event is None else event.id


def test_gaps() -> None:
    after_apec = Event("after", "Day after", nov(16))
    later = Event("later", "Later", nov(21, 22))
    timeline = Timeline([MEETING, TALK, APEC, CHANCAY, after_apec, later])
    gaps = timeline.gaps()
    assert [(g.start, g.end, _id(g.after), _id(g.before)) for g in gaps] == [
        (datetime(2024, 11, 9, tzinfo=UTC), datetime(2024, 11, 13, tzinfo=UTC), "meeting", "apec"),
        (datetime(2024, 11, 17, tzinfo=UTC), datetime(2024, 11, 21, tzinfo=UTC), "after", "later"),
    ]
    assert [g.duration for g in gaps] == [timedelta(days=4), timedelta(days=4)]
    assert timeline.gaps(min_length=timedelta(days=3, hours=23)) == gaps
    assert timeline.gaps(min_length=timedelta(days=4)) == ()  # longer than, not as long as


def test_gap_after_a_century_until_the_open_end() -> None:
    gaps = TIMELINE.gaps()
    assert [(g.start, g.end, _id(g.after), _id(g.before)) for g in gaps] == [
        (datetime(1900, 1, 1, tzinfo=UTC), datetime(2009, 1, 1, tzinfo=UTC), "immigration", "fta")
    ]


def test_gap_is_opened_by_the_event_that_reaches_furthest() -> None:
    long = Event("long", "Long", nov(1, 10))
    short = Event("short", "Short", nov(2))
    after = Event("after", "After", nov(12))
    (gap,) = Timeline([long, short, after]).gaps()
    assert (_id(gap.after), _id(gap.before)) == ("long", "after")
    assert (gap.start, gap.end) == (
        datetime(2024, 11, 11, tzinfo=UTC),
        datetime(2024, 11, 12, tzinfo=UTC),
    )


def test_by_year_in_ascending_years_on_each_events_own_calendar() -> None:
    groups = TIMELINE.by_year()
    assert list(groups) == [1800, 2009, 2023, 2024]
    assert {year: ids(group) for year, group in groups.items()} == {
        1800: ["immigration"],
        2009: ["fta"],
        2023: ["new-year"],  # 20:00 on New Year's Eve in Lima
        2024: ["holiday", "november", "meeting", "talk", "apec", "chancay"],
    }


def test_by_month_in_ascending_months() -> None:
    groups = TIMELINE.by_month()
    assert list(groups) == [(1800, 1), (2009, 1), (2023, 12), (2024, 1), (2024, 11)]
    assert ids(groups[2024, 11]) == ["november", "meeting", "talk", "apec", "chancay"]
    assert ids(groups[2023, 12]) == ["new-year"]


def test_in_category_and_filter() -> None:
    assert ids(TIMELINE.in_category("bri")) == ["november", "meeting", "talk", "chancay"]
    assert ids(TIMELINE.in_category("summit")) == ["apec"]
    assert ids(TIMELINE.in_category("BRI")) == []
    assert ids(TIMELINE.in_category("nothing")) == []
    assert ids(TIMELINE.filter(lambda e: isinstance(e.time, AllDay))) == [
        "holiday",
        "meeting",
        "apec",
        "chancay",
    ]


def test_queries_chain() -> None:
    assert ids(TIMELINE.in_category("bri").on(date(2024, 11, 8)).inside(nov(8))) == [
        "meeting",
        "talk",
    ]
    assert ids(TIMELINE.after(MEETING).overlapping(nov(14))) == ["apec", "chancay"]


# --- properties against brute force ----------------------------------------------

# Brief events (id, title, time, categories): the queries look at nothing else.
dense_timelines = timelines(event=events(time=times(min_year=2024, max_year=2024), brief=True))


def keys(time: Time | Event) -> tuple[int, int]:
    return time._start, time._end


@given(dense_timelines | timelines())
def test_order_is_sorted_order(timeline: Timeline) -> None:
    assert list(timeline) == sorted(timeline)
    assert Timeline(reversed(list(timeline)), info=timeline.info) == timeline


@given(st.data(), dense_timelines)
def test_overlapping_equals_brute_force(data: st.DataObject, timeline: Timeline) -> None:
    window = data.draw(windows(timeline, min_year=2024, max_year=2024))
    lo, hi = keys(window)
    expected = [e for e in timeline if spans_overlap(e._start, e._end, lo, hi)]
    assert list(timeline.overlapping(window)) == expected
    certain = [e for e in expected if certainly_overlaps(e, window)]
    assert list(timeline.overlapping(window, certain=True)) == certain


@given(st.data(), dense_timelines)
def test_inside_equals_brute_force(data: st.DataObject, timeline: Timeline) -> None:
    window = data.draw(windows(timeline, min_year=2024, max_year=2024))
    lo, hi = keys(window)
    assert list(timeline.inside(window)) == [e for e in timeline if lo <= e._start and e._end <= hi]


@given(dense_timelines, aware_datetimes(min_year=2024, max_year=2024))
def test_at_equals_brute_force(timeline: Timeline, moment: datetime) -> None:
    key = instant_key(moment)
    assert list(timeline.at(moment)) == [e for e in timeline if e._start <= key < e._end]


@given(dense_timelines, st.dates(date(2023, 12, 1), date(2025, 1, 31)))
def test_on_equals_brute_force(timeline: Timeline, day: date) -> None:
    lo = (day.toordinal() - 1) * US_PER_DAY
    hi = lo + US_PER_DAY
    assert list(timeline.on(day)) == [
        e for e in timeline if spans_overlap(e._start, e._end, lo, hi)
    ]


def _moments(timeline: Timeline) -> st.SearchStrategy[tuple[object, int, int]]:
    """A moment for before/after, with the keys before() and after() should use."""

    def of_datetime(moment: datetime) -> tuple[object, int, int]:
        return moment, instant_key(moment), instant_key(moment)

    def of_date(day: date) -> tuple[object, int, int]:
        key = (day.toordinal() - 1) * US_PER_DAY
        return day, key, key

    def of_time(time: Time | Event) -> tuple[object, int, int]:
        return time, time._start, time._end

    own = st.sampled_from(list(timeline)).flatmap(lambda e: st.sampled_from([e, e.time]))
    return st.one_of(
        aware_datetimes(min_year=2024, max_year=2024).map(of_datetime),
        st.dates(date(2023, 12, 1), date(2025, 1, 31)).map(of_date),
        windows(timeline, min_year=2024, max_year=2024).map(of_time),
        *([own.map(of_time)] if len(timeline) else []),
    )


@given(st.data(), dense_timelines)
def test_before_and_after_equal_brute_force(data: st.DataObject, timeline: Timeline) -> None:
    moment, start_key, end_key = data.draw(_moments(timeline))
    before = timeline.before(moment)  # type: ignore[arg-type]
    after = timeline.after(moment)  # type: ignore[arg-type]
    assert list(before) == [e for e in timeline if e._end <= start_key]
    assert list(after) == [e for e in timeline if e._start >= end_key]


@given(dense_timelines)
def test_overlapping_pairs_equal_brute_force_all_pairs(timeline: Timeline) -> None:
    pairs = list(timeline.overlapping_pairs())
    expected = {
        (a.id, b.id)
        for a, b in itertools.combinations(timeline, 2)
        if spans_overlap(a._start, a._end, b._start, b._end)
    }
    assert {(p.first.id, p.second.id) for p in pairs} == expected
    assert len(pairs) == len(expected)
    position = {event.id: i for i, event in enumerate(timeline)}
    assert all(position[p.first.id] < position[p.second.id] for p in pairs)
    assert [(position[p.second.id], position[p.first.id]) for p in pairs] == sorted(
        (position[p.second.id], position[p.first.id]) for p in pairs
    )
    assert all(p.relation == relation(p.first, p.second) for p in pairs)
    assert all(p.relation.shares_time for p in pairs)
    certain = {(p.first.id, p.second.id) for p in timeline.overlapping_pairs(certain=True)}
    assert certain == {
        (a.id, b.id) for a, b in itertools.combinations(timeline, 2) if certainly_overlaps(a, b)
    }


def brute_force_holes(timeline: Timeline) -> list[tuple[int, int]]:
    """Each event end that no event covers and some event starts after: a hole up to that start."""
    holes = set()
    for event in timeline:
        point = event._end
        covered = any(other._start <= point < other._end for other in timeline)
        later = [other._start for other in timeline if other._start > point]
        if not covered and later:
            holes.add((point, min(later)))
    return sorted(holes)


@given(dense_timelines, st.integers(0, 5 * US_PER_DAY))
def test_gaps_are_exactly_the_uncovered_stretches(timeline: Timeline, min_length: int) -> None:
    gaps = timeline.gaps()
    found = [(instant_key(g.start), instant_key(g.end)) for g in gaps]
    assert found == brute_force_holes(timeline)
    for gap in gaps:
        assert gap.after is not None  # None only at a window's ends
        assert gap.before is not None
        assert gap.after._end == instant_key(gap.start)
        assert gap.before._start == instant_key(gap.end)
        assert gap.duration == gap.end - gap.start > timedelta(0)
    longer = timeline.gaps(min_length=timedelta(microseconds=min_length))
    assert [(instant_key(g.start), instant_key(g.end)) for g in longer] == [
        hole for hole in found if hole[1] - hole[0] > min_length
    ]


@given(dense_timelines)
def test_groups_partition_the_timeline(timeline: Timeline) -> None:
    years = timeline.by_year()
    assert list(years) == sorted(years)
    assert sorted(itertools.chain.from_iterable(years.values())) == list(timeline)
    for year, group in years.items():
        assert list(group) == sorted(group)
        assert all(first_date(event.time).year == year for event in group)
    months = timeline.by_month()
    assert list(months) == sorted(months)
    for (year, month), group in months.items():
        assert all(
            (first_date(e.time).year, first_date(e.time).month) == (year, month) for e in group
        )
    assert sum(len(group) for group in months.values()) == len(timeline)


@given(dense_timelines, st.text(max_size=3))
def test_in_category_equals_brute_force(timeline: Timeline, name: str) -> None:
    category = name or (
        timeline[0].categories[0] if len(timeline) and timeline[0].categories else ""
    )
    assert list(timeline.in_category(category)) == [e for e in timeline if category in e.categories]


@given(timelines(max_size=40, event=events(time=times(min_year=2020, max_year=2029), brief=True)))
def test_queries_on_a_larger_timeline_equal_brute_force(timeline: Timeline) -> None:
    for event in list(timeline)[::5]:
        lo, hi = keys(event)
        assert list(timeline.overlapping(event)) == [
            e for e in timeline if spans_overlap(e._start, e._end, lo, hi)
        ]


# --- the span index alone, on raw integer spans ----------------------------------

spans = st.lists(
    st.tuples(
        st.integers(0, 1000),
        st.one_of(
            st.integers(1, 4),
            st.integers(1, 64),
            st.integers(1, 1200),
            st.just(None),  # an open end
        ),
    ),
    max_size=40,
).map(
    lambda found: sorted(
        (start, OPEN_END if length is None else start + length) for start, length in found
    )
)


@given(st.data(), spans)
def test_span_index_equals_brute_force(data: st.DataObject, found: list[tuple[int, int]]) -> None:
    """Windows from anywhere, and from the spans' own bounds, where off-by-one errors live."""
    index = SpanIndex([s for s, _ in found], [e for _, e in found])
    bounds = sorted({b for span in found for b in span if b != OPEN_END})
    points = st.integers(-10, 2400) | (st.sampled_from(bounds) if bounds else st.nothing())
    lo = data.draw(points, label="lo")
    hi = lo + data.draw(st.integers(1, 1500) | points.map(lambda b: b - lo).filter(lambda n: n > 0))
    positions = range(len(found))
    assert index.overlapping(lo, hi) == [
        i for i in positions if found[i][0] < hi and lo < found[i][1]
    ]
    assert index.inside(lo, hi) == [i for i in positions if lo <= found[i][0] and found[i][1] <= hi]
    assert index.ending_by(lo) == [i for i in positions if found[i][1] <= lo]
    assert list(index.starting(lo, hi)) == [i for i in positions if lo <= found[i][0] < hi]
