"""Time at its edges: DST gaps and folds, New Year, leap days, odd offsets, local mean time, 2200.

Tables pin what happens at each edge; properties check ordering, overlap and the
round trip through the feed and the JSON document over many times near them.
Expected values are worked out by hand from the tz database (the comments say how).
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import attrs
import pytest
import recurring_ical_events
from hypothesis import given
from hypothesis import strategies as st
from icalendar import Calendar
from tests.mangling import record

from bri_timeline import (
    AllDay,
    Event,
    Frequency,
    InvalidTime,
    OpenEnded,
    PartialDate,
    Recurrence,
    Relation,
    Timeline,
    TimeSpan,
    certainly_overlaps,
    loads_ics,
    occurrences,
    overlaps,
    relation,
    to_ics,
)
from bri_timeline.formats.json_document import loads_json
from bri_timeline.formats.json_document.write import to_json
from bri_timeline.strategies import events, timed_spans, times

BERLIN = ZoneInfo("Europe/Berlin")
LONDON = ZoneInfo("Europe/London")
LIMA = ZoneInfo("America/Lima")
KATHMANDU = ZoneInfo("Asia/Kathmandu")  # +05:45; +05:41:16 (LMT) before 1920
CHATHAM = ZoneInfo("Pacific/Chatham")  # +12:45, +13:45 in summer
KIRITIMATI = ZoneInfo("Pacific/Kiritimati")  # +14: the first New Year
KOLKATA = ZoneInfo("Asia/Kolkata")  # +05:53:28 (LMT) in 1850
NEW_YORK = ZoneInfo("America/New_York")  # -04:56:02 (LMT) before 1883


def at(zone: ZoneInfo, *parts: int, fold: int = 0) -> datetime:
    return datetime(*parts, tzinfo=zone, fold=fold)  # type: ignore[arg-type,misc]


def utc(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=UTC)  # type: ignore[arg-type,misc]


def round_trips(*items: Event) -> Timeline:
    """The timeline of ``items``, checked to come back the same from the feed and JSON."""
    timeline = Timeline(items)
    assert loads_ics(to_ics(timeline)) == timeline
    assert loads_json(to_json(timeline)) == timeline
    return timeline


# --- DST gaps and folds ----------------------------------------------------------------------

GAPS = [
    ("Berlin spring forward", at(BERLIN, 2024, 3, 31, 2, 30)),
    ("London spring forward", at(LONDON, 2024, 3, 31, 1, 0)),
    ("Chatham spring forward at 02:45", at(CHATHAM, 2024, 9, 29, 3, 0)),
    ("New York 1918, the first DST", at(NEW_YORK, 1918, 3, 31, 2, 30)),
]


@pytest.mark.parametrize(("name", "wall"), GAPS, ids=[name for name, _ in GAPS])
def test_a_time_in_a_gap_is_refused(name: str, wall: datetime) -> None:
    with pytest.raises(InvalidTime, match="the clocks skipped it"):
        TimeSpan(wall)
    record("time edges: tables", "clear error")


def test_a_repeat_through_a_gap_moves_forward_by_the_gap() -> None:
    # 02:30 daily in Berlin: on 31 March 2024 there is no 02:30; RFC 5545 says 03:30.
    event = Event(
        "d",
        "D",
        TimeSpan(at(BERLIN, 2024, 3, 30, 2, 30), at(BERLIN, 2024, 3, 30, 3, 0)),
        recurrence=Recurrence(Frequency.DAILY, count=3),
    )
    starts = [time.start for time in occurrences(event) if isinstance(time, TimeSpan)]
    assert [s.astimezone(UTC) for s in starts] == [
        utc(2024, 3, 30, 1, 30),
        utc(2024, 3, 31, 1, 30),  # 03:30 CEST
        utc(2024, 4, 1, 0, 30),
    ]
    (moved,) = [o for o in occurrences(event) if isinstance(o, TimeSpan) and o.start.day == 31]
    assert moved.duration == timedelta(minutes=30)  # the length is kept, not the wall end
    round_trips(event)
    window = AllDay(date(2024, 3, 30), date(2024, 4, 1))
    imported = loads_ics(to_ics(Timeline([event])), window=window)
    assert [e.time for e in imported] == list(occurrences(event))


FOLDS = [
    ("Berlin fall back", BERLIN, (2024, 10, 27, 2, 30), timedelta(hours=2), timedelta(hours=1)),
    ("London fall back", LONDON, (2024, 10, 27, 1, 30), timedelta(hours=1), timedelta(0)),
    (
        "Chatham fall back",
        CHATHAM,
        (2024, 4, 7, 3, 15),
        timedelta(hours=13, minutes=45),
        timedelta(hours=12, minutes=45),
    ),
]


@pytest.mark.parametrize(
    ("name", "zone", "wall", "first", "second"), FOLDS, ids=[f[0] for f in FOLDS]
)
def test_the_two_passes_of_a_repeated_hour_stay_two_instants(
    name: str, zone: ZoneInfo, wall: tuple[int, ...], first: timedelta, second: timedelta
) -> None:
    early, late = TimeSpan(at(zone, *wall)), TimeSpan(at(zone, *wall, fold=1))
    assert (early.start.utcoffset(), late.start.utcoffset()) == (first, second)
    assert early != late
    assert relation(early, late) is Relation.BEFORE
    a, b = Event("a", "first pass", early), Event("b", "second pass", late)
    timeline = round_trips(b, a)
    assert [e.id for e in timeline] == ["a", "b"]
    assert [e.time for e in loads_ics(to_ics(timeline))] == [early, late]
    record("time edges: tables", "handled")


# --- New Year ------------------------------------------------------------------------------------


def test_new_year_comes_first_in_kiritimati_and_last_in_lima() -> None:
    kiritimati = Event("k", "K", TimeSpan(at(KIRITIMATI, 2025, 1, 1, 0, 0)))  # 2024-12-31 10:00Z
    lima = Event("l", "L", TimeSpan(at(LIMA, 2024, 12, 31, 23, 0)))  # 2025-01-01 04:00Z
    day = Event("d", "D", AllDay(date(2024, 12, 31)))  # floats on UTC
    timeline = round_trips(lima, kiritimati, day)
    assert [e.id for e in timeline] == ["d", "k", "l"]
    assert [e.id for e in timeline.on(date(2024, 12, 31))] == ["d", "k"]
    assert {year: [e.id for e in part] for year, part in timeline.by_year().items()} == {
        2024: ["d", "l"],  # by the day each begins on its own clock
        2025: ["k"],
    }
    across = Event("x", "X", TimeSpan(at(LIMA, 2024, 12, 31, 22), at(LIMA, 2025, 1, 1, 2)))
    assert relation(across, lima) is Relation.CONTAINS
    assert overlaps(across, AllDay(date(2025, 1, 1)))
    round_trips(across)


def test_a_yearly_repeat_across_new_year() -> None:
    event = Event(
        "nye",
        "NYE",
        TimeSpan(at(LIMA, 2024, 12, 31, 22), at(LIMA, 2025, 1, 1, 2)),
        recurrence=Recurrence(Frequency.YEARLY, count=3),
    )
    found = [t for t in occurrences(event) if isinstance(t, TimeSpan)]
    assert [(t.start.year, t.end.year) for t in found] == [(2024, 2025), (2025, 2026), (2026, 2027)]
    round_trips(event)


# --- leap days ---------------------------------------------------------------------------------


def test_a_leap_day_repeats_only_in_leap_years() -> None:
    event = Event(
        "leap",
        "Leap day",
        AllDay(date(2096, 2, 29)),
        recurrence=Recurrence(Frequency.YEARLY, count=3),
    )
    # 2100 is not a leap year (divisible by 100, not by 400): 2096, 2104, 2108.
    expected = [AllDay(date(2096, 2, 29)), AllDay(date(2104, 2, 29)), AllDay(date(2108, 2, 29))]
    assert list(occurrences(event)) == expected
    feed = to_ics(round_trips(event))
    window = AllDay(date(2090, 1, 1), date(2110, 12, 31))
    assert [e.time for e in loads_ics(feed, window=window)] == expected
    # And as an independent expander reads our feed:
    found = recurring_ical_events.of(Calendar.from_ical(feed)).between((2090, 1, 1), (2111, 1, 1))
    assert [item["DTSTART"].dt for item in found] == [day.first for day in expected]
    assert not overlaps(event, AllDay(date(2100, 2, 28), date(2100, 3, 1)))
    record("time edges: tables", "handled")


def test_leap_day_edges() -> None:
    assert AllDay(date(2024, 2, 28), date(2024, 3, 1)).days == 3
    assert PartialDate.of_month(2024, 2).last_day == date(2024, 2, 29)
    assert PartialDate.of_month(2100, 2).last_day == date(2100, 2, 28)
    monthly = Event(
        "m", "M", AllDay(date(2024, 1, 31)), recurrence=Recurrence(Frequency.MONTHLY, count=3)
    )
    assert [t.first for t in occurrences(monthly) if isinstance(t, AllDay)] == [
        date(2024, 1, 31),
        date(2024, 3, 31),  # no 31 February, no 31 April: skipped, not moved
        date(2024, 5, 31),
    ]
    round_trips(monthly)


# --- odd offsets and local mean time -------------------------------------------------------------

ODD = [
    ("Kathmandu +05:45", at(KATHMANDU, 2024, 11, 14, 9), utc(2024, 11, 14, 3, 15)),
    ("Chatham +13:45 in summer", at(CHATHAM, 2024, 1, 1, 0), utc(2023, 12, 31, 10, 15)),
    ("Chatham +12:45 in winter", at(CHATHAM, 2024, 7, 1, 0), utc(2024, 6, 30, 11, 15)),
    ("Kolkata 1850, LMT +05:53:28", at(KOLKATA, 1850, 6, 1, 12), utc(1850, 6, 1, 6, 6, 32)),
    ("Kathmandu 1850, LMT +05:41:16", at(KATHMANDU, 1850, 6, 1, 12), utc(1850, 6, 1, 6, 18, 44)),
    ("New York 1850, LMT -04:56:02", at(NEW_YORK, 1850, 6, 1, 12), utc(1850, 6, 1, 16, 56, 2)),
    ("London 1840, LMT -00:01:15", at(LONDON, 1840, 6, 1, 12), utc(1840, 6, 1, 12, 1, 15)),
    ("Kathmandu 2200", at(KATHMANDU, 2200, 1, 1, 0), utc(2199, 12, 31, 18, 15)),
    ("Chatham 2200, summer", at(CHATHAM, 2200, 1, 1, 0), utc(2199, 12, 31, 10, 15)),
    ("Berlin 2200, summer", at(BERLIN, 2200, 7, 1, 12), utc(2200, 7, 1, 10)),
]


@pytest.mark.parametrize(("name", "wall", "instant"), ODD, ids=[o[0] for o in ODD])
def test_odd_offsets_local_mean_time_and_2200_keep_their_instant(
    name: str, wall: datetime, instant: datetime
) -> None:
    span = TimeSpan(wall, wall + timedelta(hours=1))
    assert span.start.astimezone(UTC) == instant
    event = Event("e", name, span, recurrence=Recurrence(Frequency.YEARLY, count=2))
    timeline = round_trips(event)
    (back,) = loads_ics(to_ics(timeline))
    assert back.time == span
    assert isinstance(back.time, TimeSpan)
    assert back.time.start.astimezone(UTC) == instant
    record("time edges: tables", "handled")


def test_order_and_overlap_follow_the_instant_not_the_wall_clock() -> None:
    # 09:00 in Kathmandu is 03:15Z; 04:00 in London is 04:00Z; 22:00 in Lima the day before
    # is 03:00Z, and 22:15 there is 03:15Z.
    nepal = Event(
        "n", "N", TimeSpan(at(KATHMANDU, 2024, 11, 14, 9), at(KATHMANDU, 2024, 11, 14, 10))
    )
    london = Event("l", "L", TimeSpan(at(LONDON, 2024, 11, 14, 4), at(LONDON, 2024, 11, 14, 5)))
    lima = Event("p", "P", TimeSpan(at(LIMA, 2024, 11, 13, 22), at(LIMA, 2024, 11, 13, 22, 15)))
    timeline = round_trips(london, nepal, lima)
    assert [e.id for e in timeline] == ["p", "n", "l"]
    assert relation(lima, nepal) is Relation.MEETS  # 03:15Z = 03:15Z
    assert relation(nepal, london) is Relation.OVERLAPS
    assert [(p.first.id, p.second.id) for p in timeline.overlapping_pairs()] == [("n", "l")]


def test_the_19th_century_and_2200_beside_partial_dates() -> None:
    settlement = Event("s", "S", PartialDate.of_century(1800))
    lmt = Event("k", "K", TimeSpan(at(KOLKATA, 1850, 6, 1, 12)))
    far = Event("f", "F", TimeSpan(at(CHATHAM, 2200, 1, 1, 0)))
    since = Event("o", "O", OpenEnded(PartialDate.of_year(2198)))  # certainly going from 2199
    timeline = round_trips(far, lmt, settlement, since)
    assert [e.id for e in timeline] == ["s", "k", "o", "f"]
    assert overlaps(settlement, lmt)
    assert not certainly_overlaps(settlement, lmt)
    assert certainly_overlaps(since, far)


# --- properties ----------------------------------------------------------------------------------

EDGE_ZONES = st.sampled_from([BERLIN, LONDON, KATHMANDU, CHATHAM, KIRITIMATI, KOLKATA, NEW_YORK])


@st.composite
def edge_instants(draw: st.DrawFn) -> datetime:
    """Instants within a day of a change of offset, of New Year, of a leap day, or in far years."""
    zone = draw(EDGE_ZONES)
    year = draw(st.sampled_from([1801, 1850, 1883, 1918, 1920, 2000, 2024, 2100, 2199, 2200]))
    anchor = draw(
        st.sampled_from(
            [
                utc(year, 1, 1),
                utc(year, 2, 28, 12),
                utc(year, 3, 1),
                utc(year, 3, 29),
                utc(year, 4, 6),
                utc(year, 9, 28),
                utc(year, 10, 26),
                utc(year, 11, 3),
                utc(year, 12, 31, 12),
            ]
        )
    )
    moment = anchor + timedelta(minutes=draw(st.integers(-4 * 24 * 60, 4 * 24 * 60)))
    return moment.astimezone(zone)  # a real instant: never in a gap, either pass of a fold


def _bounds(event: Event) -> tuple[datetime, datetime]:
    """A timed event's UTC span; an instant is the one microsecond it names (as in the model)."""
    span = event.time
    assert isinstance(span, TimeSpan)
    start = span.start.astimezone(UTC)
    return start, max(span.end.astimezone(UTC), start + timedelta(microseconds=1))


@given(st.lists(edge_instants(), min_size=1, max_size=6), st.data())
def test_events_near_the_edges_order_overlap_and_round_trip(
    starts: list[datetime], data: st.DataObject
) -> None:
    items = []
    for i, start in enumerate(starts):
        minutes = data.draw(st.integers(0, 3 * 24 * 60))
        end = (start.astimezone(UTC) + timedelta(minutes=minutes)).astimezone(data.draw(EDGE_ZONES))
        items.append(Event(f"e{i}", "E", TimeSpan(start, end)))
    timeline = round_trips(*items)
    spans = [_bounds(event) for event in timeline]
    assert spans == sorted(spans)  # in the order of their instants, whatever their wall clocks
    for a in timeline:
        for b in timeline:
            (start_a, end_a), (start_b, end_b) = _bounds(a), _bounds(b)
            assert overlaps(a, b) == (start_a < end_b and start_b < end_a)
    record("time edges: drawn near the edges", "handled")


@given(events(time=times(min_year=1800, max_year=1900) | times(min_year=2190, max_year=2200)))
def test_far_years_of_any_kind_round_trip(event: Event) -> None:
    round_trips(event)
    record("time edges: drawn in far years", "handled")


@given(
    timed_spans(min_year=2023, max_year=2025), st.sampled_from(list(Frequency)), st.integers(1, 3)
)
def test_repeats_near_the_edges_import_as_the_model_expands_them(
    span: TimeSpan, frequency: Frequency, interval: int
) -> None:
    event = Event("r", "R", span, recurrence=Recurrence(frequency, interval=interval, count=6))
    window = AllDay(date(2022, 12, 1), date(2027, 12, 31))
    imported = loads_ics(to_ics(Timeline([event])), window=window)
    assert [e.time for e in imported] == sorted(
        occurrences(event, window), key=lambda t: (t._start, t._end)
    )
    record("time edges: drawn repeats", "handled")


def test_an_event_evolved_across_a_gap_is_refused_not_shifted() -> None:
    event = Event("e", "E", TimeSpan(at(BERLIN, 2024, 3, 31, 1, 30)))
    with pytest.raises(InvalidTime, match="the clocks skipped it"):
        attrs.evolve(event, time=TimeSpan(at(BERLIN, 2024, 3, 31, 2, 30)))
