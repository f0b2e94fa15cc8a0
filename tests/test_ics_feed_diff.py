"""The feed's updates in place are built on diff(): SEQUENCE + 1 for its changed events,
STATUS:CANCELLED for its removed ones, in to_ics and in FeedBuilder (both of its paths)."""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import attrs
import pytest
from hypothesis import example, given
from hypothesis import strategies as st
from tests._components import event_components

from bri_timeline import (
    AllDay,
    Event,
    EventKind,
    Timeline,
    TimelineInfo,
    TimeSpan,
    strategies,
    to_ics,
)
from bri_timeline.changes import diff
from bri_timeline.formats.ical.write import FeedBuilder

DOMAIN = "@bri-timeline.invalid"
INFO = TimelineInfo("T", updated=datetime(2026, 1, 1, tzinfo=UTC))


def states(feed: bytes) -> dict[str, tuple[int, str]]:
    """Event id -> (SEQUENCE, STATUS) of every VEVENT; STATUS is "" for a live event.

    An event of the data may itself say CANCELLED (its own status): only the feed's notice
    that an event was removed, STATUS:CANCELLED with X-BRI-REMOVED, counts as CANCELLED.
    """
    found = {}
    for event in event_components(feed):
        if "RECURRENCE-ID" in event:
            continue  # a changed occurrence: its series' SEQUENCE tells
        uid = str(event["UID"])
        if "X-BRI-ID" in event:  # beside a UID the event kept
            event_id = str(event["X-BRI-ID"])
        else:
            assert uid.endswith(DOMAIN)
            event_id = uid[: -len(DOMAIN)]
        removed = "X-BRI-REMOVED" in event and str(event.get("STATUS", "")) == "CANCELLED"
        found[event_id] = (int(str(event["SEQUENCE"])), "CANCELLED" if removed else "")
    return found


@st.composite
def versions(draw: st.DrawFn) -> tuple[Timeline, Timeline]:
    """An old timeline and a new one: some events kept, some removed, some replaced by
    another event under the same id, revision and UID (which may or may not differ), some
    added. (An event given another UID is another VEVENT: see test_ics_identity.)"""
    old = draw(strategies.timelines(max_size=6))
    new = []
    for event in old:
        fate = draw(st.sampled_from(["keep", "remove", "replace"]), label=event.id)
        if fate == "keep":
            new.append(event)
        elif fate == "replace":
            other = draw(strategies.events())
            renamed = attrs.evolve(
                other, id=event.id, revision=event.revision, uid=event.uid, overrides=()
            )
            new.append(renamed)
    taken = {event.id for event in old} | {event.uid for event in old if event.uid}
    added = draw(strategies.timelines(max_size=3))
    new += [event for event in added if not {event.id, event.uid or event.id} & taken]
    return Timeline(old, info=INFO), Timeline(new, info=INFO)


def bumped_and_cancelled(old: Timeline, feed: bytes) -> tuple[set[str], set[str]]:
    """The ids whose SEQUENCE the feed raised past the old one, and the ids it cancelled."""
    found = states(feed)
    before = {event.id: event.revision for event in old}
    bumped = {i for i, (seq, status) in found.items() if not status and i in before}
    for event_id in set(bumped):
        assert found[event_id][0] in (before[event_id], before[event_id] + 1)
        if found[event_id][0] == before[event_id]:
            bumped.discard(event_id)
    cancelled = {i for i, (_, status) in found.items() if status == "CANCELLED"}
    return bumped, cancelled


_LIMA = ZoneInfo("America/Lima")
_INFO = TimelineInfo("T", updated=datetime(2026, 1, 1, tzinfo=UTC))
_TODO = Event(  # its removal notice names a zone in DUE, whose VTIMEZONE the feed must hold
    "todo",
    "T",
    TimeSpan(datetime(2024, 1, 1, 5, tzinfo=UTC), datetime(2024, 1, 1, 1, tzinfo=_LIMA)),
    kind=EventKind.TODO,
)
_KEPT = Event("kept", "K", AllDay(date(2024, 1, 1)))


@given(versions())
@example((Timeline([_TODO, _KEPT], info=_INFO), Timeline([_KEPT], info=_INFO)))
def test_the_feed_bumps_diffs_changed_and_cancels_diffs_removed(pair: tuple[Timeline, ...]) -> None:
    old, new = pair
    changes = diff(old, new)
    expected = ({change.id for change in changes.changed}, {e.id for e in changes.removed})
    previous = to_ics(old)
    feed = to_ics(new, previous=previous)
    assert bumped_and_cancelled(old, feed) == expected
    assert to_ics(new, previous=previous, engine="icalendar") == feed
    fresh = FeedBuilder()  # a previous feed it did not build: parsed, as to_ics parses it
    assert fresh.build(new, previous) == feed
    builder = FeedBuilder()  # its own last feed: the events compared directly
    assert builder.build(new, builder.build(old)) == feed


APEC = Event("apec", "APEC", AllDay(date(2024, 11, 13), date(2024, 11, 15)), revision=2)


def test_updated_below_the_second_is_no_change() -> None:
    """LAST-MODIFIED carries whole seconds: a finer change cannot be published, nor bump."""
    stamped = attrs.evolve(APEC, updated=datetime(2026, 1, 1, 12, tzinfo=UTC))
    finer = attrs.evolve(stamped, updated=datetime(2026, 1, 1, 12, 0, 0, 500, tzinfo=UTC))
    assert diff(Timeline([stamped]), Timeline([finer])).changed
    first = to_ics(Timeline([stamped], info=INFO))
    again = to_ics(Timeline([finer], info=INFO), previous=first)
    assert again == first
    builder = FeedBuilder()
    assert builder.build(Timeline([finer], info=INFO), builder.build(Timeline([stamped]))) == (
        to_ics(Timeline([finer], info=INFO), previous=to_ics(Timeline([stamped])))
    )


def _floating(feed: bytes) -> bytes:
    """The feed with APEC's dates made floating date-times the importer refuses (no zone)."""
    return feed.replace(b"DTSTART;VALUE=DATE:20241113", b"DTSTART:20241113T000000").replace(
        b"DTEND;VALUE=DATE:20241116", b"DTEND:20241116T000000"
    )


@pytest.mark.parametrize("builder", [False, True])
def test_a_previous_event_the_importer_refuses_counts_as_changed(builder: bool) -> None:
    """Not a new error: the event is published again with SEQUENCE + 1 (documented)."""
    previous = _floating(to_ics(Timeline([APEC], info=INFO)))
    assert b"DTSTART:20241113T000000" in previous
    data = Timeline([APEC], info=INFO)
    feed = FeedBuilder().build(data, previous) if builder else to_ics(data, previous=previous)
    assert states(feed) == {"apec": (3, "")}
    assert to_ics(data, previous=feed) == feed  # and from there on, it is stable


def test_a_refused_previous_event_that_left_is_cancelled_from_its_lines() -> None:
    previous = _floating(to_ics(Timeline([APEC], info=INFO)))
    feed = to_ics(Timeline([], info=INFO), previous=previous)
    assert states(feed) == {"apec": (3, "CANCELLED")}
    assert b"DTSTART:20241113T000000" in feed
