"""Floating times (model.floating): wall times with no zone, placed by where they may be.

The laws: a floating time pinned to any zone between UTC-12 and UTC+14 lies within its
span, so what the pinned time gives is possible for the floating one, and what is certain for
the floating one holds for every pinned time; order stays total; the timeline's queries agree
with the relations, tried one event at a time.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from bri_timeline import Event, FloatingSpan, InvalidArgument, InvalidTime, Time, Timeline, TimeSpan
from bri_timeline.model import allen
from bri_timeline.model.allen import certain_relation, possible_relations
from bri_timeline.model.edtf import from_edtf, to_edtf
from bri_timeline.model.keys import OPEN_END, key_to_datetime
from bri_timeline.model.relations import Relation, certainly_overlaps, overlaps, relation
from bri_timeline.strategies import ZONES, floating_spans, times, vague_times

NEAR = {"min_year": 2000, "max_year": 2001}
"""Two years: floating times and the others then overlap and meet often."""

# The zones of the strategies, and the two ends of the offsets in use.
PINS = st.sampled_from([*ZONES, "Etc/GMT+12", "Etc/GMT-14"]).map(ZoneInfo)
OTHERS = st.one_of(times(**NEAR), floating_spans(**NEAR), vague_times(**NEAR))


@given(floating_spans(whole_seconds=False), PINS)
def test_pinned_to_any_zone_the_instants_lie_within_the_span(
    span: FloatingSpan, tz: ZoneInfo
) -> None:
    pinned = span.pinned(tz)
    assert span._start <= pinned._start
    assert pinned._end <= span._end
    assert pinned.start.replace(tzinfo=None) >= span.start  # moved forward only, by a gap


@given(floating_spans(**NEAR), PINS, OTHERS)
def test_what_a_pinned_time_gives_is_possible_and_what_is_certain_holds(
    span: FloatingSpan, tz: ZoneInfo, other: Time
) -> None:
    pinned = span.pinned(tz)
    assert possible_relations(pinned, other) <= possible_relations(span, other)
    if (certain := certain_relation(span, other)) is not None:
        assert certain_relation(pinned, other) is certain
    if overlaps(pinned, other):
        assert overlaps(span, other)
    if certainly_overlaps(span, other):
        assert certainly_overlaps(pinned, other)


def _instant_or_day(time: Time) -> bool:
    return (isinstance(time, FloatingSpan) and time.is_instant) or allen._days(time) is not None


@example(FloatingSpan(datetime(2000, 1, 1), datetime(2000, 1, 3)), from_edtf("2000-?01-01"))
@example(
    FloatingSpan(datetime(2000, 8, 10), datetime(2000, 9, 30)), FloatingSpan(datetime(2000, 10, 1))
)
@given(floating_spans(**NEAR), OTHERS)
def test_overlap_is_symmetric_and_certain_implies_possible(span: FloatingSpan, other: Time) -> None:
    assert overlaps(span, other) == overlaps(other, span)
    assert certainly_overlaps(span, other) == certainly_overlaps(other, span)
    if certainly_overlaps(span, other):
        assert overlaps(span, other)
    # relation() is of the widest spans: a floating instant is an instant in every zone, not
    # its span of 26 hours, and a vague day lies within one of its days (found by a random
    # pass), so for these it need not be possible (see possible_relations).
    if not (_instant_or_day(span) or _instant_or_day(other)):
        assert relation(span, other) in possible_relations(span, other)
    assert possible_relations(other, span) == {r.inverse for r in possible_relations(span, other)}


_EVENTS = st.lists(
    st.builds(Event, st.just("e"), st.just("E"), st.one_of(floating_spans(**NEAR), times(**NEAR))),
    max_size=6,
).map(lambda found: [Event(f"e{n}", "E", event.time) for n, event in enumerate(found)])


@given(_EVENTS)
def test_order_stays_total(found: list[Event]) -> None:
    for a in found:
        for b in found:
            assert sum((a < b, a == b, b < a)) == 1
            for c in found:
                if a < b < c:
                    assert a < c
    assert sorted(found) == sorted(found[::-1])  # noqa: C415 (the order given must not matter)


@given(_EVENTS, st.one_of(floating_spans(**NEAR), times(**NEAR)))
def test_queries_agree_with_the_relations_one_by_one(found: list[Event], window: Time) -> None:
    timeline = Timeline(found)
    assert list(timeline.overlapping(window)) == sorted(e for e in found if overlaps(e, window))
    certain = timeline.overlapping(window, certain=True)
    assert list(certain) == sorted(e for e in found if certainly_overlaps(e, window))
    lo, hi = window._start, window._end
    assert list(timeline.inside(window)) == sorted(
        e for e in found if lo <= e._start and e._end <= hi
    )
    assert list(timeline.before(window)) == sorted(e for e in found if e._end <= lo)
    if hi < OPEN_END:
        assert list(timeline.after(window)) == sorted(e for e in found if e._start >= hi)
        moment = key_to_datetime(hi - 1)
        assert list(timeline.at(moment)) == sorted(e for e in found if e._start < hi <= e._end)


@given(floating_spans(whole_seconds=False))
def test_edtf_text_is_the_wall_time_and_reads_back(span: FloatingSpan) -> None:
    text = to_edtf(span)
    assert from_edtf(text) == span
    assert from_edtf(text, tz="Asia/Tokyo") == span.pinned("Asia/Tokyo")


@pytest.mark.parametrize(
    ("start", "end", "field"),
    [
        (datetime(2024, 1, 1, tzinfo=UTC), None, "start"),
        (datetime(2024, 1, 2), datetime(2024, 1, 1), "end"),
        (datetime(1, 1, 1, 23), None, "start"),
        (datetime(9999, 12, 31), None, "start"),
        (date(2024, 1, 1), None, "start"),
    ],
)
def test_what_is_refused(start: object, end: object, field: str) -> None:
    with pytest.raises(InvalidTime) as caught:
        FloatingSpan(start) if end is None else FloatingSpan(start, end)  # type: ignore[arg-type]
    assert caught.value.field == field


def test_a_floating_morning_against_zoned_times() -> None:
    seven = FloatingSpan(datetime(2024, 11, 8, 7))
    # 07:00 somewhere is from 2024-11-07T17:00Z (UTC+14) to 2024-11-08T19:00Z (UTC-12).
    early = TimeSpan(datetime(2024, 11, 7, 16, 59, tzinfo=UTC))
    late = TimeSpan(datetime(2024, 11, 8, 19, 1, tzinfo=UTC))
    noon = TimeSpan(datetime(2024, 11, 8, 12, tzinfo=UTC))
    assert certain_relation(early, seven) is Relation.BEFORE
    assert certain_relation(late, seven) is Relation.AFTER
    assert certain_relation(noon, seven) is None
    assert overlaps(seven, TimeSpan(noon.start - timedelta(hours=19), noon.start + timedelta(1)))
    day = TimeSpan(datetime(2024, 11, 7, 17, tzinfo=UTC), datetime(2024, 11, 8, 19, 1, tzinfo=UTC))
    assert certainly_overlaps(seven, day)


def test_pinned_refuses_what_is_not_a_zone() -> None:
    with pytest.raises(InvalidArgument):
        FloatingSpan(datetime(2024, 11, 8, 7)).pinned("Mars/Olympus")


def test_an_interval_of_a_floating_and_a_zoned_time_is_refused() -> None:
    with pytest.raises(InvalidTime, match="floating"):
        from_edtf("2024-11-08T07:00/2024-11-08T09:00Z")
    with pytest.raises(InvalidTime, match="floating"):
        from_edtf("2024-11-08T07:00/..")
