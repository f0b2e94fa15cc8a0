"""A floating series (model.recurrence): a wall time with no zone that repeats.

The laws: its occurrences are dateutil's on the wall clock (naive datetimes), each a
FloatingSpan of the series' length, with the RDATEs merged in and the EXDATEs left out;
a timeline's query gives what a brute force over those occurrences finds, trying each
with the relation of floating times (possible overlap, or certain with ``certain=True``).
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from dateutil import rrule
from hypothesis import given
from hypothesis import strategies as st

from bri_timeline import Event, FloatingSpan, InvalidEvent, Time, Timeline, TimeSpan
from bri_timeline.model.overrides import Override
from bri_timeline.model.recurrence import last_start_bound, occurrences
from bri_timeline.model.relations import certainly_overlaps, overlaps
from bri_timeline.model.rrule import Frequency, Recurrence
from bri_timeline.strategies import floating_spans, times

NEAR = {"min_year": 2000, "max_year": 2000}
FREQUENCIES = st.sampled_from(
    [Frequency.HOURLY, Frequency.DAILY, Frequency.WEEKLY, Frequency.MONTHLY, Frequency.YEARLY]
)
WALLS = st.datetimes(min_value=datetime(2000, 1, 1), max_value=datetime(2000, 12, 31)).map(
    lambda value: value.replace(microsecond=0)
)


@st.composite
def floating_series(draw: st.DrawFn) -> Event:
    """A finite floating series: a rule by count or until, some RDATEs and EXDATEs."""
    start = draw(WALLS)
    length = draw(st.sampled_from([0, 30, 60 * 25, 60 * 24 * 3])) * timedelta(minutes=1)
    frequency = draw(FREQUENCIES)
    interval = draw(st.integers(1, 3))
    rdates = draw(st.lists(WALLS, max_size=3))
    if draw(st.booleans()):
        rule = Recurrence(frequency, interval=interval, count=draw(st.integers(1, 12)))
    else:
        until = start + draw(st.integers(0, 40)) * timedelta(hours=7, minutes=13)
        if draw(st.booleans()):
            until = until.replace(tzinfo=UTC)  # a UTC UNTIL, read on the wall clock
        rule = Recurrence(frequency, interval=interval, until=until)
    walked = _dateutil(start, rule)
    exdates = draw(st.lists(st.sampled_from([*walked, *rdates]), max_size=3))
    rule = Recurrence.from_rrule(rule.to_rrule(), rdates=rdates, exdates=exdates)
    return Event("series", "Series", FloatingSpan(start, start + length), recurrence=rule)


def _dateutil(start: datetime, rule: Recurrence) -> list[datetime]:
    text = rule.to_rrule()
    if rule.until is not None and isinstance(rule.until, datetime):
        text = text.removesuffix("Z")  # dateutil wants a naive UNTIL for a naive start
    return list(rrule.rrulestr(text, dtstart=start))


def _expected(event: Event) -> list[FloatingSpan]:
    """The occurrences by dateutil on the wall clock, RDATEs merged, EXDATEs left out."""
    time, rule = event.time, event.recurrence
    assert isinstance(time, FloatingSpan)
    assert rule is not None
    walls = [value for value in rule.rdates if isinstance(value, datetime)]
    starts = {time.start, *_dateutil(time.start, rule), *walls} - set(rule.exdates)
    return [FloatingSpan(start, start + time.duration) for start in sorted(starts)]


@given(floating_series())
def test_the_occurrences_are_dateutils_on_the_wall_clock(event: Event) -> None:
    assert list(occurrences(event)) == _expected(event)


@given(floating_series(), st.one_of(times(**NEAR), floating_spans(**NEAR)), st.booleans())
def test_a_query_gives_the_occurrences_a_brute_force_finds(
    event: Event, window: Time, certain: bool
) -> None:
    test = certainly_overlaps if certain else overlaps
    wanted = [time for time in _expected(event) if test(time, window)]
    found = Timeline([event]).overlapping(window, certain=certain)
    assert sorted((item.time for item in found), key=lambda time: time._start) == wanted
    if not certain:
        assert list(occurrences(event, window)) == wanted


@given(floating_series())
def test_no_occurrence_starts_after_the_last_start_bound(event: Event) -> None:
    bound, expected = last_start_bound(event), _expected(event)
    if bound is not None and expected:  # an EXDATE may leave out every start
        latest = max(time.start for time in expected)
        assert latest.replace(tzinfo=UTC) - timedelta(hours=14) <= bound


def test_an_occurrence_id_is_its_wall_time_without_z() -> None:
    event = Event(
        "club",
        "Club",
        FloatingSpan(datetime(2024, 1, 1, 19)),
        recurrence=Recurrence.from_rrule("FREQ=WEEKLY;COUNT=2"),
    )
    ids = [item.id for item in Timeline([event]).overlapping(FloatingSpan(datetime(2024, 1, 8)))]
    assert ids == ["club+20240108T190000"]


def test_a_floating_until_is_kept_and_written_back_without_z() -> None:
    rule = Recurrence.from_rrule("FREQ=DAILY;UNTIL=20240103T090000")
    assert rule.until == datetime(2024, 1, 3, 9)
    assert rule.to_rrule() == "FREQ=DAILY;UNTIL=20240103T090000"
    event = Event("a", "A", FloatingSpan(datetime(2024, 1, 1, 9)), recurrence=rule)
    assert [time._start for time in occurrences(event)] == [
        FloatingSpan(datetime(2024, 1, day, 9))._start for day in (1, 2, 3)
    ]


@pytest.mark.parametrize(
    ("time", "rule", "message"),
    [
        (
            TimeSpan(datetime(2024, 1, 1, tzinfo=UTC)),
            Recurrence(Frequency.DAILY, rdates=[datetime(2024, 1, 5)]),
            "recurrence.rdates: must be aware datetimes for a timed event",
        ),
        (
            TimeSpan(datetime(2024, 1, 1, tzinfo=UTC)),
            Recurrence(Frequency.DAILY, until=datetime(2024, 1, 5)),
            "recurrence.until: must be a date or an aware datetime",
        ),
        (
            FloatingSpan(datetime(2024, 1, 1)),
            Recurrence(Frequency.DAILY, exdates=[datetime(2024, 1, 5, tzinfo=UTC)]),
            "recurrence.rdates: must be naive datetimes for a floating event",
        ),
        (
            FloatingSpan(datetime(2024, 1, 1)),
            Recurrence(Frequency.DAILY, rdates=[date(2024, 1, 5)]),
            "recurrence.rdates: must be naive datetimes for a floating event",
        ),
    ],
)
def test_a_rule_of_the_wrong_kind_of_times_is_refused(
    time: Time, rule: Recurrence, message: str
) -> None:
    with pytest.raises(InvalidEvent, match=message):
        Event("a", "A", time, recurrence=rule)


def test_a_floating_series_takes_no_overrides_yet() -> None:
    start = datetime(2024, 1, 1, 9)
    moved = Event("a+20240102T090000Z", "A", TimeSpan(datetime(2024, 1, 2, 10, tzinfo=UTC)))
    with pytest.raises(InvalidEvent, match="a floating series takes no overrides"):
        Event(
            "a",
            "A",
            FloatingSpan(start),
            recurrence=Recurrence(Frequency.DAILY, count=3),
            overrides=[Override(datetime(2024, 1, 2, 9, tzinfo=UTC), moved)],
        )
