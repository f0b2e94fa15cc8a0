"""An imported event keeps its UID: an export writes it again, and an update finds it.

The oracle for what a feed says is icalendar's parse of it.
"""

from __future__ import annotations

from datetime import UTC, date, datetime

import attrs
import pytest
from hypothesis import given
from icalendar import Calendar
from tests._components import event_components

from bri_timeline import (
    AllDay,
    Event,
    Extra,
    FeedError,
    FeedOptions,
    Timeline,
    TimeSpan,
    from_ics,
    to_ics,
)
from bri_timeline.strategies import timelines

GOOGLE = b"""BEGIN:VCALENDAR\r
VERSION:2.0\r
PRODID:-//Google Inc//Google Calendar 70.9054//EN\r
BEGIN:VEVENT\r
DTSTART:20250113T150000Z\r
DTEND:20250113T160000Z\r
DTSTAMP:20250101T000000Z\r
UID:7kq9c3n1lq2v8r6d0h5j4m2b1a@google.com\r
SUMMARY:Planning\r
END:VEVENT\r
BEGIN:VEVENT\r
DTSTART;VALUE=DATE:20250120\r
DTSTAMP:20250101T000000Z\r
UID:{040000008200E00074C5B7101A82E008}\r
SUMMARY:Holiday\r
END:VEVENT\r
END:VCALENDAR\r
"""


def uids(feed: bytes) -> list[str]:
    """The UIDs of a feed's VEVENTs, as icalendar reads them."""
    return sorted(str(vevent["UID"]) for vevent in event_components(feed))


def test_an_imported_calendar_goes_out_with_its_own_uids() -> None:
    timeline = from_ics(GOOGLE)
    assert uids(to_ics(timeline)) == uids(GOOGLE)
    assert from_ics(to_ics(timeline)) == timeline


def test_the_id_is_still_the_readable_one_and_the_uid_is_kept_beside_it() -> None:
    planning = from_ics(GOOGLE).get("7kq9c3n1lq2v8r6d0h5j4m2b1a@google.com")
    assert planning.uid == "7kq9c3n1lq2v8r6d0h5j4m2b1a@google.com"
    (holiday,) = (event for event in from_ics(GOOGLE) if event.title == "Holiday")
    assert holiday.uid == "{040000008200E00074C5B7101A82E008}"
    assert holiday.id != holiday.uid  # braces are no id: the id is a slug and a hash


def test_our_own_feed_keeps_no_uid() -> None:
    event = Event("apec", "APEC", AllDay(date(2024, 11, 14)))
    (back,) = from_ics(
        to_ics(Timeline([event]), feed=FeedOptions("example.org")), domain="example.org"
    )
    assert back == event
    assert back.uid is None


@given(timelines(max_size=5))
def test_uids_round_trip(timeline: Timeline) -> None:
    feed = to_ics(timeline)
    kept = {event.uid for event in timeline if event.uid is not None}
    assert kept <= set(uids(feed))
    assert [event.uid for event in from_ics(feed)] == [event.uid for event in timeline]


def test_two_events_of_one_uid_are_refused_by_name() -> None:
    day = AllDay(date(2025, 1, 20))
    twins = Timeline(
        [Event("a", "A", day, uid="x@example.org"), Event("b", "B", day, uid="x@example.org")]
    )
    with pytest.raises(
        FeedError, match=r"events 'a' and 'b': uid: must differ \(got 'x@example.org'\)"
    ):
        to_ics(twins)
    clash = Timeline([Event("a", "A", day, uid="b@bri-timeline.invalid"), Event("b", "B", day)])
    with pytest.raises(FeedError, match="events 'a' and 'b'"):
        to_ics(clash)


def test_a_changed_event_is_updated_in_place_under_its_kept_uid() -> None:
    timeline = from_ics(GOOGLE)
    published = to_ics(timeline)
    planning = timeline.get("7kq9c3n1lq2v8r6d0h5j4m2b1a@google.com")
    moved = attrs.evolve(
        planning,
        time=TimeSpan(datetime(2025, 1, 14, 15, tzinfo=UTC), datetime(2025, 1, 14, 16, tzinfo=UTC)),
    )
    later = Timeline([moved if event is planning else event for event in timeline])
    feed = to_ics(later, previous=published)
    vevents = {str(v["UID"]): v for v in Calendar.from_ical(feed).walk("VEVENT")}
    assert set(vevents) == set(uids(GOOGLE))  # no copy, nothing cancelled
    assert planning.uid is not None
    assert str(vevents[planning.uid]["SEQUENCE"]) == "1"
    assert str(vevents["{040000008200E00074C5B7101A82E008}"]["SEQUENCE"]) == "0"


def test_an_event_given_another_uid_cancels_the_old_one() -> None:
    day = AllDay(date(2025, 1, 20))
    before = Timeline([Event("a", "A", day, uid="old@example.org")])
    after = Timeline([Event("a", "A", day, uid="new@example.org")])
    feed = to_ics(after, previous=to_ics(before))
    status = {
        str(v["UID"]): str(v.get("STATUS", "")) for v in Calendar.from_ical(feed).walk("VEVENT")
    }
    assert status == {"old@example.org": "CANCELLED", "new@example.org": ""}


OUTLOOK = b"""BEGIN:VCALENDAR\r
VERSION:2.0\r
PRODID:-//Microsoft Corporation//Outlook 16.0 MIMEDIR//EN\r
BEGIN:VEVENT\r
UID:040000008200E00074C5B7101A82E00800000000\r
DTSTAMP:20250101T000000Z\r
DTSTART;VALUE=DATE:20250120\r
SUMMARY:Out of office\r
COMMENT;LANGUAGE=es:fuera\\, de la oficina\r
X-MICROSOFT-CDO-BUSYSTATUS:OOF\r
X-MICROSOFT-CDO-IMPORTANCE:1\r
X-APPLE-TRAVEL-ADVISORY-BEHAVIOR;X-SOURCE="app:mail":AUTOMATIC\r
END:VEVENT\r
END:VCALENDAR\r
"""


def properties(feed: bytes) -> set[tuple[str, str, tuple[tuple[str, str], ...]]]:
    """Each property of each VEVENT but DTSTAMP and SEQUENCE, as icalendar reads it."""
    found = set()
    for vevent in Calendar.from_ical(feed).walk("VEVENT"):
        for name, value in vevent.property_items(recursive=False):
            if not hasattr(value, "params"):
                continue  # BEGIN and END: names, not properties
            if name not in {"BEGIN", "END", "DTSTAMP", "SEQUENCE", "DTEND", "TRANSP", "X-BRI-ID"}:
                text = value.to_ical()  # type: ignore[attr-defined]
                given = tuple(sorted(value.params.items()))
                found.add((name, text.decode(), given))
    return found


def test_properties_no_field_holds_go_out_as_they_came_in() -> None:
    (event,) = from_ics(OUTLOOK)
    assert [extra.name for extra in event.extras] == [
        "COMMENT",
        "X-APPLE-TRAVEL-ADVISORY-BEHAVIOR",
        "X-MICROSOFT-CDO-BUSYSTATUS",
        "X-MICROSOFT-CDO-IMPORTANCE",
    ]
    assert properties(to_ics(Timeline([event]))) == properties(OUTLOOK)
    assert from_ics(to_ics(Timeline([event]))) == Timeline([event])


def test_an_extra_the_feed_writes_itself_is_refused() -> None:
    event = Event("a", "A", AllDay(date(2025, 1, 20)), extras=[Extra("summary", "B")])
    with pytest.raises(FeedError, match="event 'a': extras: must not hold SUMMARY"):
        to_ics(Timeline([event]))
