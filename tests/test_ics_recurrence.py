"""Recurrence: the model's occurrences, and the exported RRULE expanded by another library."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import recurring_ical_events
from hypothesis import given
from hypothesis import strategies as st
from icalendar import Calendar
from tests._components import EVENT_COMPONENTS

from bri_timeline import (
    AllDay,
    Event,
    Frequency,
    InvalidEvent,
    Recurrence,
    Timeline,
    TimeSpan,
    occurrences,
    to_ics,
)
from bri_timeline.strategies import all_day_spans, events, timed_spans

NEW_YORK = ZoneInfo("America/New_York")


def starts(event: Event, window: AllDay | None = None) -> list[object]:
    return [
        time.start if isinstance(time, TimeSpan) else time.first  # type: ignore[union-attr]
        for time in occurrences(event, window)
    ]


def test_wall_clock_time_is_kept_across_a_change_of_clock() -> None:
    event = Event(
        "e", "E", TimeSpan(datetime(2024, 3, 8, 9, tzinfo=NEW_YORK)),
        recurrence=Recurrence(Frequency.DAILY, count=4),
    )  # fmt: skip
    assert [s.hour for s in starts(event)] == [9, 9, 9, 9]  # type: ignore[attr-defined]
    assert [s.utcoffset() for s in starts(event)][1:3] == [  # type: ignore[attr-defined]
        timedelta(hours=-5),
        timedelta(hours=-4),
    ]


def test_a_start_in_a_gap_moves_forward() -> None:
    event = Event(
        "e", "E", TimeSpan(datetime(2024, 3, 9, 2, 30, tzinfo=NEW_YORK)),
        recurrence=Recurrence(Frequency.DAILY, count=2),
    )  # fmt: skip
    assert starts(event)[1] == datetime(2024, 3, 10, 3, 30, tzinfo=NEW_YORK)


def test_starts_moved_out_of_a_gap_come_in_order_and_once() -> None:
    # Every 20 minutes across London's gap (01:00 to 02:00 on 31 March 2024): 01:00, 01:20
    # and 01:40 move forward by an hour, onto the starts the rule gives at 02:00, 02:20, 02:40.
    london = ZoneInfo("Europe/London")
    event = Event(
        "e", "E", TimeSpan(datetime(2024, 3, 31, 0, 20, tzinfo=london)),
        recurrence=Recurrence(Frequency.MINUTELY, interval=20, until=date(2024, 3, 31)),
    )  # fmt: skip
    every = list(occurrences(event))
    moments = [time.start.astimezone(UTC) for time in every]  # type: ignore[union-attr]
    assert moments == sorted(set(moments))
    assert [m.strftime("%H:%M") for m in moments[:8]] == [
        "00:20", "00:40", "01:00", "01:20", "01:40", "02:00", "02:20", "02:40"
    ]  # fmt: skip
    for hour in range(4):
        lo = datetime(2024, 3, 31, hour, 30, tzinfo=UTC)
        window = TimeSpan(lo, lo + timedelta(minutes=45))
        assert list(occurrences(event, window)) == [
            time for time in every if time._start < window._end and window._start < time._end
        ]


def test_days_that_do_not_exist_are_skipped_and_not_counted() -> None:
    monthly = Event(
        "m", "M", AllDay(date(2024, 1, 31)), recurrence=Recurrence(Frequency.MONTHLY, count=3)
    )
    assert starts(monthly) == [date(2024, 1, 31), date(2024, 3, 31), date(2024, 5, 31)]


def test_until_is_the_last_possible_start_inclusive() -> None:
    by_day = Event(
        "d", "D", TimeSpan(datetime(2024, 11, 8, 23, tzinfo=NEW_YORK)),
        recurrence=Recurrence(Frequency.DAILY, until=date(2024, 11, 10)),
    )  # fmt: skip
    assert [s.day for s in starts(by_day)] == [8, 9, 10]  # type: ignore[attr-defined]
    by_instant = Event(
        "i", "I", TimeSpan(datetime(2024, 11, 8, 9, tzinfo=UTC)),
        recurrence=Recurrence(Frequency.DAILY, until=datetime(2024, 11, 10, 9, tzinfo=UTC)),
    )  # fmt: skip
    assert len(starts(by_instant)) == 3


def test_the_own_time_is_always_the_first_occurrence() -> None:
    event = Event(
        "e", "E", AllDay(date(2024, 11, 8)),
        recurrence=Recurrence(Frequency.DAILY, until=date(2024, 1, 1)),
    )  # fmt: skip
    assert starts(event) == [date(2024, 11, 8)]


def test_a_window_keeps_the_overlapping_occurrences_and_endless_needs_one() -> None:
    event = Event(
        "y", "Y", AllDay(date(2009, 12, 1), date(2009, 12, 2)),
        recurrence=Recurrence(Frequency.YEARLY),
    )  # fmt: skip
    window = AllDay(date(2024, 12, 2), date(2026, 12, 1))
    assert starts(event, window) == [date(2024, 12, 1), date(2025, 12, 1), date(2026, 12, 1)]
    with pytest.raises(InvalidEvent, match="repeats for ever"):
        list(occurrences(event))


def test_an_event_without_recurrence_is_its_one_occurrence() -> None:
    event = Event("e", "E", AllDay(date(2024, 11, 8)))
    assert list(occurrences(event)) == [event.time]
    assert list(occurrences(event, AllDay(date(2025, 1, 1)))) == []


def _utc(value: date | datetime) -> datetime:
    if isinstance(value, datetime):
        return value.astimezone(UTC)
    return datetime.combine(value, datetime.min.time(), UTC)


def reference_starts(event: Event, first: date, last: date) -> list[datetime]:
    """The exported event's occurrences as recurring-ical-events expands the RRULE."""
    calendar = Calendar.from_ical(to_ics(Timeline([event])))
    found = recurring_ical_events.of(calendar, components=EVENT_COMPONENTS).between(
        first - DAYS, last + DAYS
    )
    return sorted(_utc(item["DTSTART"].dt) for item in found)


def model_starts(event: Event, first: date, last: date) -> list[datetime]:
    window = AllDay(first - DAYS, last + DAYS)
    return [
        _utc(time.start if isinstance(time, TimeSpan) else time.first)  # type: ignore[union-attr]
        for time in occurrences(event, window)
    ]


DAYS = timedelta(days=3)


def _one_kind_of_byday(event: Event) -> bool:
    """No plain day beside an ordinal one (``BYDAY=-4MO,MO``).

    dateutil, and so recurring-ical-events, reads such a list as an intersection (the
    -4th Monday); RFC 5545 lists days that each give starts, a union, as the model does
    (tests/test_rrule.py, test_a_plain_day_beside_an_ordinal_one_adds_to_it).
    """
    assert event.recurrence is not None
    return len({day.nth is None for day in event.recurrence.byday}) < 2


@given(
    events(time=timed_spans() | all_day_spans())
    .filter(lambda e: e.recurrence is not None)
    .filter(_one_kind_of_byday),
    st.integers(0, 3),
)
def test_exported_rrule_expands_like_the_model(event: Event, years: int) -> None:
    time = event.time
    assert isinstance(time, TimeSpan | AllDay)
    start = _utc(time.first if isinstance(time, AllDay) else time.start).date()
    first = start + timedelta(days=365 * years)
    last = first + timedelta(days=400)
    low, high = _utc(first), _utc(last)

    def inside(starts: list[datetime]) -> list[datetime]:
        return [start for start in starts if low <= start < high]

    assert inside(model_starts(event, first, last)) == inside(reference_starts(event, first, last))
