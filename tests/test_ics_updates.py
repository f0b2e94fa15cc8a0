"""Updates in place: stable UIDs, identical rebuilds, SEQUENCE raised on change, cancellations."""

from __future__ import annotations

import contextlib
from datetime import UTC, date, datetime, timedelta

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st
from icalendar import Calendar
from tests._components import event_components

from bri_timeline import AllDay, Event, ICalendarError, Timeline, TimelineInfo, load_bri
from bri_timeline.formats.ical._mapping import DEFAULT_DOMAIN, event_uid
from bri_timeline.formats.ical.read import loads_ics
from bri_timeline.formats.ical.write import FeedOptions, to_ics
from bri_timeline.strategies import timelines

DAY = timedelta(days=1)
T0 = datetime(2026, 1, 1, tzinfo=UTC)


def states(feed: bytes) -> dict[str, tuple[int, str]]:
    """UID -> (SEQUENCE, STATUS) of every VEVENT but a changed occurrence's (RECURRENCE-ID)."""
    return {
        str(event["UID"]): (int(str(event["SEQUENCE"])), str(event.get("STATUS", "")))
        for event in event_components(feed)
        if "RECURRENCE-ID" not in event
    }


def timeline(*events: Event, updated: datetime = T0) -> Timeline:
    return Timeline(events, info=TimelineInfo("T", updated=updated))


APEC = Event("apec", "APEC", AllDay(date(2024, 11, 13), date(2024, 11, 15)), revision=2)
PORT = Event("port", "Chancay Port", AllDay(date(2024, 11, 14)))


@given(timelines())
def test_building_twice_gives_the_same_bytes(data: Timeline) -> None:
    assert to_ics(data) == to_ics(data)
    reordered = Timeline(reversed(list(data)), info=data.info)
    assert to_ics(reordered) == to_ics(data)


@given(timelines())
def test_rebuilding_on_its_own_output_changes_nothing(data: Timeline) -> None:
    first = to_ics(data)
    assert to_ics(data, previous=first) == first


def test_uids_are_the_id_at_the_domain() -> None:
    feed = to_ics(load_bri(), feed=FeedOptions("bri.example.org"))
    assert set(states(feed)) == {f"{event.id}@bri.example.org" for event in load_bri()}


def test_sequence_is_the_revision() -> None:
    assert states(to_ics(timeline(APEC, PORT))) == {
        "apec@bri-timeline.invalid": (2, ""),
        "port@bri-timeline.invalid": (0, ""),
    }


def test_a_changed_event_without_a_new_revision_gets_the_next_sequence() -> None:
    first = to_ics(timeline(APEC, PORT))
    second = to_ics(timeline(attrs.evolve(APEC, title="APEC Summit"), PORT), previous=first)
    assert states(second)["apec@bri-timeline.invalid"] == (3, "")
    assert states(second)["port@bri-timeline.invalid"] == (0, "")
    # and it keeps that sequence on the next build
    third = to_ics(timeline(attrs.evolve(APEC, title="APEC Summit"), PORT), previous=second)
    assert third == second


def test_a_raised_revision_wins() -> None:
    first = to_ics(timeline(APEC))
    second = to_ics(timeline(attrs.evolve(APEC, title="New", revision=7)), previous=first)
    assert states(second)["apec@bri-timeline.invalid"] == (7, "")


def test_a_changed_stamp_alone_is_no_change() -> None:
    first = to_ics(timeline(APEC, updated=T0))
    second = to_ics(timeline(APEC, updated=T0 + DAY), previous=first)
    assert states(second)["apec@bri-timeline.invalid"] == (2, "")


def test_a_removed_event_is_cancelled_for_the_documented_period() -> None:
    feed = FeedOptions(cancelled_for=timedelta(days=30))
    first = to_ics(timeline(APEC, PORT), feed=feed)
    second = to_ics(timeline(APEC, updated=T0 + DAY), feed=feed, previous=first)
    assert states(second)["port@bri-timeline.invalid"] == (1, "CANCELLED")
    (cancelled,) = [
        event
        for event in Calendar.from_ical(second).walk("VEVENT")
        if str(event["UID"]) == "port@bri-timeline.invalid"
    ]
    assert cancelled.decoded("DTSTAMP") == T0 + DAY
    # cancelled events are not imported as events
    assert [event.id for event in loads_ics(second)] == ["apec"]
    # kept as it is while the period lasts, measured against the timeline's `updated`
    third = to_ics(timeline(APEC, updated=T0 + 30 * DAY), feed=feed, previous=second)
    assert states(third)["port@bri-timeline.invalid"] == (1, "CANCELLED")
    assert third.count(b"BEGIN:VEVENT") == 2
    # then dropped
    fourth = to_ics(timeline(APEC, updated=T0 + 31 * DAY), feed=feed, previous=third)
    assert "port@bri-timeline.invalid" not in states(fourth)


def test_no_retention_drops_at_once() -> None:
    first = to_ics(timeline(APEC, PORT))
    second = to_ics(timeline(APEC), feed=FeedOptions(cancelled_for=timedelta(0)), previous=first)
    assert set(states(second)) == {"apec@bri-timeline.invalid"}


def test_an_event_that_comes_back_is_live_with_a_higher_sequence() -> None:
    first = to_ics(timeline(APEC, PORT))
    second = to_ics(timeline(APEC), previous=first)
    third = to_ics(timeline(APEC, PORT), previous=second)
    assert states(third)["port@bri-timeline.invalid"] == (2, "")


def test_an_event_of_another_id_under_a_removed_events_uid_replaces_it() -> None:
    # The UID now publishes another event: one VEVENT, a higher SEQUENCE, no cancellation
    # (two VEVENTs of one UID, the cancelled one with the higher SEQUENCE, would hide it).
    uid = "7kq9@google.com"
    first = to_ics(timeline(attrs.evolve(APEC, uid=uid)))
    second = to_ics(timeline(attrs.evolve(PORT, uid=uid)), previous=first)
    assert [str(event["UID"]) for event in event_components(second)] == [uid]
    assert states(second)[uid] == (APEC.revision + 1, "")
    # And an event whose UID changed leaves its old UID to another event in the same way.
    first = to_ics(timeline(attrs.evolve(APEC, uid=uid), PORT))
    moved = timeline(attrs.evolve(APEC, uid="other@example.org"), attrs.evolve(PORT, uid=uid))
    assert states(to_ics(moved, previous=first)) == {
        uid: (APEC.revision + 1, ""),
        "other@example.org": (APEC.revision, ""),
        "port@bri-timeline.invalid": (PORT.revision + 1, "CANCELLED"),
    }


def test_a_previous_feed_that_is_not_icalendar_is_refused() -> None:
    with pytest.raises(ICalendarError, match="<previous feed>: is not an iCalendar file"):
        to_ics(timeline(APEC), previous=b"not a calendar")


@given(timelines(max_size=8), st.data())
def test_sequences_follow_the_rules(data: Timeline, draw: st.DataObject) -> None:
    first = to_ics(data)
    kept = [event for event in data if draw.draw(st.booleans(), label=f"keep {event.id}")]
    changed = {event.id for event in kept if draw.draw(st.booleans(), label=f"change {event.id}")}
    after = Timeline(
        [attrs.evolve(e, title=e.title + "!") if e.id in changed else e for e in kept],
        info=data.info,
    )
    found = states(to_ics(after, previous=first))
    for event in data:
        uid = event_uid(event, DEFAULT_DOMAIN)  # an event's own, or the id's
        own = "" if event.status is None else event.status.value  # an event's own STATUS
        if event.id in changed:
            assert found[uid] == (event.revision + 1, own)
        elif event in kept:
            assert found[uid] == (event.revision, own)
        else:
            assert found[uid] == (event.revision + 1, "CANCELLED")


@given(st.data())
def test_a_mangled_previous_feed_gives_a_feed_or_an_icalendar_error(data: st.DataObject) -> None:
    lines = to_ics(load_bri()).split(b"\r\n")
    index = data.draw(st.integers(0, len(lines) - 1))
    lines[index] = data.draw(
        st.binary(max_size=20) | st.sampled_from([b"", b"DTSTAMP:x", b"SEQUENCE:-", b"END:VEVENT"])
    )
    with contextlib.suppress(ICalendarError):
        to_ics(timeline(APEC), previous=b"\r\n".join(lines))
