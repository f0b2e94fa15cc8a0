"""A timeline's queries see every occurrence of its repeating events (bri_timeline._repeating)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from bri_timeline import (
    AllDay,
    Event,
    InvalidArgument,
    Recurrence,
    Time,
    Timeline,
    TimeSpan,
    occurrences,
)
from bri_timeline.model.recurrence import occurrence_event
from bri_timeline.strategies import (
    all_day_spans,
    events,
    overridden,
    recurrences,
    timed_spans,
    windows,
)

STANDUP = Event(
    "standup",
    "Stand-up",
    TimeSpan(datetime(2025, 1, 1, 9, tzinfo=UTC), datetime(2025, 1, 1, 9, 15, tzinfo=UTC)),
    recurrence=Recurrence.from_rrule("FREQ=DAILY"),
)


def _finite_events() -> st.SearchStrategy[Event]:
    @st.composite
    def build(draw: st.DrawFn) -> Event:
        all_day = draw(st.booleans())
        spans: st.SearchStrategy[TimeSpan | AllDay] = (
            all_day_spans(min_year=2020, max_year=2030)
            if all_day
            else timed_spans(min_year=2020, max_year=2030)
        )
        time = draw(spans)
        event = draw(events(time=st.just(time), brief=True))
        if draw(st.booleans()):
            return event
        rule = draw(recurrences(all_day=all_day, endless=False))
        if rule.frequency.value in ("SECONDLY", "MINUTELY", "HOURLY") and rule.count is None:
            return event  # an UNTIL years away: too many occurrences for a test
        series = Event(event.id, event.title, time, recurrence=rule)
        return draw(overridden(series)) if draw(st.booleans()) else series

    return build()


def _expanded(timeline: Timeline) -> list[Event]:
    """Every occurrence: the series' own, each replaced by its override if it has one."""
    found = []
    for event in timeline:
        if event.recurrence is None:
            found.append(event)
            continue
        changed = {override.key: override.event for override in event.overrides}
        bare = attrs.evolve(event, overrides=())
        for time in occurrences(bare):
            assert isinstance(time, AllDay | TimeSpan)
            if time._start not in changed:
                found.append(occurrence_event(bare, time))
        found.extend(changed.values())
    return found


@given(st.lists(_finite_events(), max_size=5, unique_by=lambda e: e.id), windows())
def test_each_query_equals_brute_force_over_every_occurrence(
    items: list[Event], window: Time
) -> None:
    timeline = Timeline(items)
    every = _expanded(timeline)
    lo, hi = window._start, window._end
    assert list(timeline.overlapping(window)) == sorted(
        e for e in every if e._start < hi and lo < e._end
    )
    assert list(timeline.inside(window)) == sorted(
        e for e in every if lo <= e._start and e._end <= hi
    )
    assert list(timeline.before(window)) == sorted(e for e in every if e._end <= lo)
    assert list(timeline.after(window)) == sorted(e for e in every if e._start >= hi)
    pairs = {(a.id, b.id) for a, b in timeline.overlapping_pairs()}
    assert pairs == {(a.id, b.id) for a, b in Timeline(every).overlapping_pairs()}


def test_an_endless_daily_rule_is_seen_in_any_week() -> None:
    timeline = Timeline([STANDUP])
    week = AllDay(date(2090, 3, 6), date(2090, 3, 12))
    found = timeline.overlapping(week)
    assert [event.time.start.date() for event in found] == [  # type: ignore[union-attr]
        date(2090, 3, 6) + timedelta(days=n) for n in range(7)
    ]
    assert found[0].id == "standup+20900306T090000Z"
    assert [e.id for e in timeline.on(date(2025, 1, 13))] == ["standup+20250113T090000Z"]
    assert len(timeline.at(datetime(2025, 1, 13, 9, 5, tzinfo=UTC))) == 1


@pytest.mark.parametrize(
    "ask", [lambda t: list(t.overlapping_pairs()), lambda t: t.after(date(2025, 1, 1))]
)
def test_a_question_about_every_occurrence_of_an_endless_rule_needs_a_window(ask) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(InvalidArgument, match="needs a window: event 'standup' repeats for ever"):
        ask(Timeline([STANDUP]))
