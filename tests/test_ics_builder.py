"""FeedBuilder: each build is byte for byte what to_ics gives; unchanged events are not redone."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from bri_timeline import (
    AllDay,
    Event,
    FeedBuilder,
    ICalendarError,
    Timeline,
    TimelineInfo,
    TimeSpan,
    load_bri,
)
from bri_timeline.formats.ical import _builder as _ics_builder
from bri_timeline.formats.ical import _lines as _ics_lines
from bri_timeline.formats.ical.write import FeedOptions, to_ics
from bri_timeline.strategies import events, timelines

T0 = datetime(2026, 1, 1, tzinfo=UTC)


def _copy(event: Event) -> Event:
    """An equal event that is another object, as a reload of the data gives."""
    return attrs.evolve(event)


def _edited(data: st.DataObject, timeline: Timeline) -> Timeline:
    """The timeline after random edits: dropped, changed, revised, copied, brought back, added."""
    kept: list[Event] = []
    for event in timeline:
        action = data.draw(
            st.sampled_from(["keep", "keep", "copy", "drop", "retitle", "revise", "move"])
        )
        if action == "keep":
            kept.append(event)
        elif action == "copy":
            kept.append(_copy(event))
        elif action == "retitle":
            kept.append(attrs.evolve(event, title=event.title + "!"))
        elif action == "revise":
            kept.append(attrs.evolve(event, title="new", revision=event.revision + 2))
        elif action == "move":
            kept.append(
                attrs.evolve(event, time=AllDay(date(2024, 11, 14)), recurrence=None, overrides=())
            )
    ids = {event.id for event in kept} | {event.uid for event in kept if event.uid}
    for event in data.draw(st.lists(events(), max_size=3)):
        if not {event.id, event.uid or event.id} & ids:  # an id and a kept UID of its own
            kept.append(event)
            ids |= {event.id, event.uid or event.id}
    updated = data.draw(st.sampled_from([None, T0, T0 + timedelta(days=40)]))
    return Timeline(kept, info=attrs.evolve(timeline.info, updated=updated))


@given(timelines(max_size=6), st.data())
def test_builds_after_random_edits_equal_full_exports(
    timeline: Timeline, data: st.DataObject
) -> None:
    feed = FeedOptions(cancelled_for=data.draw(st.sampled_from([timedelta(days=30), timedelta(0)])))
    builder = FeedBuilder(feed)
    previous: bytes | None = None
    for step in range(3):
        how = data.draw(
            st.sampled_from(["own", "copy", "none", "foreign"]), label=f"previous {step}"
        )
        if how == "copy" and previous is not None:
            previous = bytes(bytearray(previous))  # equal bytes, another object
        elif how == "none":
            previous = None
        elif how == "foreign":
            previous = to_ics(_edited(data, timeline), feed=feed)
        built = builder.build(timeline, previous)
        assert built == to_ics(timeline, feed=feed, previous=previous)
        previous = built
        timeline = _edited(data, timeline)


def test_an_event_of_another_id_under_the_last_builds_uid_is_a_change_of_it() -> None:
    # Found by a random CI pass: the builder compared the two as versions of one event.
    uid = "7kq9@google.com"
    first_day, second_day = AllDay(date(2024, 11, 13)), AllDay(date(2024, 11, 14))
    before = Timeline([Event("a", "A", first_day, uid=uid)])
    after = Timeline([Event("b", "B", second_day, uid=uid)])
    builder = FeedBuilder()
    first = builder.build(before)
    built = builder.build(after, first)
    assert built == to_ics(after, previous=first)
    assert b"SEQUENCE:1" in built
    assert b"CANCELLED" not in built


@given(timelines(max_size=6))
def test_equal_events_that_are_other_objects_give_the_same_bytes(timeline: Timeline) -> None:
    builder = FeedBuilder()
    first = builder.build(timeline)
    copied = Timeline([_copy(event) for event in timeline], info=timeline.info)
    assert builder.build(copied, first) == to_ics(copied, previous=first) == first


def test_only_new_and_changed_events_are_written_again(monkeypatch: pytest.MonkeyPatch) -> None:
    rendered: list[str] = []
    render = _ics_lines.render

    def counting(event: Event, uid: str) -> _ics_lines.Rendered:
        rendered.append(event.id)
        return render(event, uid)

    monkeypatch.setattr(_ics_builder, "render", counting)
    data = load_bri()
    builder = FeedBuilder()
    first = builder.build(data)
    assert sorted(rendered) == sorted(event.id for event in data)
    rendered.clear()
    changed = attrs.evolve(data[3], title="Changed")
    edited = Timeline([changed if event.id == changed.id else event for event in data])
    second = builder.build(edited, first)
    assert rendered == [changed.id]
    assert second == to_ics(edited, previous=first)
    # a reload (equal events, other objects) writes nothing again
    rendered.clear()
    reloaded = Timeline([_copy(event) for event in edited], info=edited.info)
    assert builder.build(reloaded, second) == second
    assert rendered == []


def test_the_builder_forgets_old_events_and_stays_right() -> None:
    feed = FeedOptions(cancelled_for=timedelta(0))
    builder = FeedBuilder(feed)
    previous = None
    for number in range(1100):  # enough for the builder to drop the events it no longer sees
        event = Event(f"e{number}", "E", AllDay(date(2024, 1, 1) + timedelta(days=number)))
        timeline = Timeline([event], info=TimelineInfo("T", updated=T0))
        built = builder.build(timeline, previous)
        if number % 100 == 99:
            assert built == to_ics(timeline, feed=feed, previous=previous)
        previous = built


def test_the_builder_keeps_its_options() -> None:
    assert FeedBuilder(FeedOptions("example.org")).feed.domain == "example.org"
    assert FeedBuilder().feed == FeedOptions()


LIMA = ZoneInfo("America/Lima")


def _bri(updated: datetime) -> Timeline:
    data = load_bri()
    return Timeline(data, info=attrs.evolve(data.info, updated=updated))


def test_a_removed_event_is_cancelled_with_its_zone_as_to_ics_does() -> None:
    meeting = Event("meeting", "Meeting", TimeSpan(datetime(2024, 11, 14, 9, tzinfo=LIMA)))
    flight = Event(
        "flight",
        "Flight",
        TimeSpan(datetime(2024, 11, 14, 9, tzinfo=UTC), datetime(2024, 11, 14, 9, tzinfo=LIMA)),
    )
    data = _bri(T0)
    builder = FeedBuilder()
    first = builder.build(Timeline([*data, meeting, flight], info=data.info))
    # one event of many leaves: cancelled, and its zone still has its VTIMEZONE
    second = builder.build(_bri(T0 + timedelta(days=1)), first)
    assert second == to_ics(_bri(T0 + timedelta(days=1)), previous=first)
    assert b"TZID:America/Lima" in second
    assert b"STATUS:CANCELLED" in second
    # it stays cancelled, then is dropped
    third = builder.build(_bri(T0 + timedelta(days=2)), second)
    assert third == to_ics(_bri(T0 + timedelta(days=2)), previous=second)
    fourth = builder.build(_bri(T0 + timedelta(days=60)), third)
    assert fourth == to_ics(_bri(T0 + timedelta(days=60)), previous=third)
    assert b"STATUS:CANCELLED" not in fourth


def test_after_a_failed_build_the_next_one_is_right() -> None:
    event = Event("e", "E", AllDay(date(2024, 11, 14)), revision=2**31 - 1)
    builder = FeedBuilder()
    first = builder.build(Timeline([event]))
    edited = Timeline([attrs.evolve(event, title="F")])
    with pytest.raises(ICalendarError):
        builder.build(edited, b"BEGIN:VCALENDAR\r\nthis is not a feed\r\n")
    assert builder.build(edited) == to_ics(edited)
    assert builder.build(Timeline([event]), first) == to_ics(Timeline([event]), previous=first)
