"""Changed and cancelled occurrences (RECURRENCE-ID) in the feed: written, read back, expanded.

A repeating event's ``overrides`` go out as VEVENTs of the series' UID with a
RECURRENCE-ID, and come back as the same overrides (one rule in, one rule out).
recurring-ical-events is the oracle for what the feed means: it keeps a cancelled
override as an occurrence with ``STATUS:CANCELLED`` (it does not look at STATUS),
as the model does, so occurrences are compared with their status.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import recurring_ical_events
from hypothesis import given
from hypothesis import strategies as st
from icalendar import Calendar
from tests._components import EVENT_COMPONENTS, event_components
from tests._icaljs import expand_details
from tests.test_ics_recurrence import _one_kind_of_byday

from bri_timeline import (
    AllDay,
    Event,
    EventStatus,
    ICalendarError,
    Recurrence,
    Timeline,
    TimeSpan,
    from_ics,
    from_jcal,
    to_ics,
    to_jcal,
)
from bri_timeline.model.overriding import cancel_occurrence, override_occurrence
from bri_timeline.strategies import all_day_spans, events, timed_spans

NEW_YORK = ZoneInfo("America/New_York")

repeating = (
    events(time=timed_spans() | all_day_spans())
    .filter(lambda event: bool(event.overrides))
    .filter(_one_kind_of_byday)
)


def _unique(found: list[Event]) -> Timeline:
    """The events that have an id and a kept UID of their own (a feed refuses two of one UID)."""
    kept: list[Event] = []
    taken: set[str | None] = set()
    for event in found:
        keys = {event.id, event.uid or event.id}
        if not keys & taken:
            kept.append(event)
            taken |= keys
    return Timeline(kept)


@given(st.lists(repeating, min_size=1, max_size=3).map(_unique))
def test_overrides_round_trip_through_both_engines_and_jcal(timeline: Timeline) -> None:
    feed = to_ics(timeline)
    assert to_ics(timeline, engine="icalendar") == feed
    assert from_ics(feed) == timeline
    assert from_jcal(to_jcal(timeline)) == timeline
    assert to_ics(timeline, previous=feed) == feed  # an update sees no change


def _moment(value: date | datetime) -> object:
    return value.astimezone(UTC) if isinstance(value, datetime) else value


@given(repeating)
def test_icalendar_reads_each_override_back_as_written(event: Event) -> None:
    vevents = event_components(to_ics(Timeline([event])))
    master, changed = vevents[0], vevents[1:]
    assert "RECURRENCE-ID" not in master
    assert len(changed) == len(event.overrides)
    for vevent, override in zip(changed, event.overrides, strict=True):
        assert vevent["UID"] == master["UID"]
        assert _moment(vevent.decoded("RECURRENCE-ID")) == _moment(override.original)
        time = override.event.time
        start = time.start if isinstance(time, TimeSpan) else time.first  # type: ignore[union-attr]
        assert _moment(vevent.decoded("DTSTART")) == _moment(start)
        assert str(vevent["SUMMARY"]) == override.event.title
        status = override.event.status
        assert vevent.get("STATUS") == (None if status is None else status.value)


def _utc(value: date | datetime) -> datetime:
    if isinstance(value, datetime):
        return value.astimezone(UTC)
    return datetime.combine(value, datetime.min.time(), UTC)


Seen = list[tuple[datetime, str, str]]


def _reference(feed: bytes, low: datetime, high: datetime) -> Seen:
    calendar = Calendar.from_ical(feed)
    found = recurring_ical_events.of(calendar, components=EVENT_COMPONENTS).between(low, high)
    return sorted(
        (_utc(item["DTSTART"].dt), str(item["SUMMARY"]), str(item.get("STATUS", "")))
        for item in found
    )


def _ours(timeline: Timeline, low: datetime, high: datetime) -> Seen:
    return sorted(
        (_utc(event.time.start if isinstance(event.time, TimeSpan) else event.time.first),  # type: ignore[union-attr]
         event.title, "" if event.status is None else event.status.value)
        for event in timeline.overlapping(TimeSpan(low, high))
    )  # fmt: skip


@given(repeating, st.integers(-60, 400), st.integers(1, 120))
def test_occurrences_agree_with_recurring_ical_events(event: Event, offset: int, days: int) -> None:
    """Moved in, moved out, cancelled: the same starts, titles and status in any window."""
    time = event.time
    first = _utc(time.start if isinstance(time, TimeSpan) else time.first)  # type: ignore[union-attr]
    low = first + timedelta(days=offset)
    high = low + timedelta(days=days)
    margin = timedelta(days=100)  # longer than any event: both see every start in [low, high)

    def starting(seen: Seen) -> Seen:
        return [item for item in seen if low <= item[0] < high]

    timeline = Timeline([event])
    reference = _reference(to_ics(timeline), low - margin, high + margin)
    assert starting(_ours(timeline, low - margin, high + margin)) == starting(reference)


def _standup() -> Event:
    nine = datetime(2025, 1, 6, 9, tzinfo=NEW_YORK)
    event = Event(
        "standup", "Stand-up", TimeSpan(nine, nine + timedelta(minutes=15)),
        recurrence=Recurrence.from_rrule("FREQ=DAILY;COUNT=10"),
    )  # fmt: skip
    later = nine + timedelta(days=20, hours=2)  # the 7 January occurrence moved out of its week
    event = override_occurrence(
        event, nine + timedelta(days=1), time=TimeSpan(later, later + timedelta(minutes=15))
    )
    return cancel_occurrence(event, nine + timedelta(days=2))


def test_a_window_sees_moved_occurrences_where_they_went_and_cancelled_ones_cancelled() -> None:
    feed = to_ics(Timeline([_standup()]))
    week = TimeSpan(datetime(2025, 1, 6, tzinfo=UTC), datetime(2025, 1, 13, tzinfo=UTC))
    read = from_ics(feed, window=week)
    assert [event.id for event in read] == [
        "standup+20250106T140000Z",
        "standup+20250108T140000Z",
        "standup+20250109T140000Z",
        "standup+20250110T140000Z",
        "standup+20250111T140000Z",
        "standup+20250112T140000Z",
    ]
    assert read.get("standup+20250108T140000Z").status is EventStatus.CANCELLED
    later = from_ics(feed, window=AllDay(date(2025, 1, 26)))
    assert [event.id for event in later] == ["standup+20250107T140000Z"]
    low, high = datetime(2025, 1, 1, tzinfo=UTC), datetime(2025, 2, 1, tzinfo=UTC)
    assert _ours(Timeline([_standup()]), low, high) == _reference(feed, low, high)


# --- another calendar's export ------------------------------------------------------------

GOOGLE = """\
BEGIN:VCALENDAR
PRODID:-//Google Inc//Google Calendar 70.9054//EN
VERSION:2.0
CALSCALE:GREGORIAN
METHOD:PUBLISH
X-WR-CALNAME:Team
X-WR-TIMEZONE:America/New_York
BEGIN:VEVENT
DTSTART;TZID=America/New_York:20250108T090000
DTEND;TZID=America/New_York:20250108T091500
DTSTAMP:20250105T120000Z
UID:7kq9m2@google.com
RECURRENCE-ID;TZID=America/New_York:20250108T090000
SEQUENCE:1
STATUS:CANCELLED
SUMMARY:Stand-up
END:VEVENT
BEGIN:VEVENT
DTSTART;TZID=America/New_York:20250106T090000
DTEND;TZID=America/New_York:20250106T091500
RRULE:FREQ=WEEKLY;WKST=SU;COUNT=6;BYDAY=MO,WE
DTSTAMP:20250105T120000Z
UID:7kq9m2@google.com
SEQUENCE:0
STATUS:CONFIRMED
SUMMARY:Stand-up
END:VEVENT
BEGIN:VEVENT
UID:7kq9m2@google.com
RECURRENCE-ID;TZID=America/New_York:20250113T090000
SUMMARY:Stand-up (moved to Tuesday)
DTSTART;TZID=America/New_York:20250114T110000
DURATION:PT30M
SEQUENCE:2
DTSTAMP:20250105T120000Z
END:VEVENT
END:VCALENDAR
"""


def _crlf(text: str) -> bytes:
    return text.replace("\n", "\r\n").encode()


def test_a_google_export_with_a_moved_and_a_cancelled_occurrence_is_one_event() -> None:
    data = _crlf(GOOGLE)
    (standup,) = from_ics(data)
    assert standup.id == "7kq9m2@google.com"
    assert standup.recurrence == Recurrence.from_rrule("FREQ=WEEKLY;WKST=SU;COUNT=6;BYDAY=MO,WE")
    cancelled, moved = standup.overrides
    assert cancelled.original == datetime(2025, 1, 8, 9, tzinfo=NEW_YORK)
    assert cancelled.event.status is EventStatus.CANCELLED
    assert cancelled.event.id == "7kq9m2@google.com+20250108T140000Z"
    assert moved.original == datetime(2025, 1, 13, 9, tzinfo=NEW_YORK)
    assert moved.event.title == "Stand-up (moved to Tuesday)"
    assert moved.event.time.start == datetime(2025, 1, 14, 11, tzinfo=NEW_YORK)  # type: ignore[union-attr]
    assert moved.event.revision == 2
    low, high = datetime(2025, 1, 1, tzinfo=UTC), datetime(2025, 2, 1, tzinfo=UTC)
    assert _ours(Timeline([standup]), low, high) == _reference(data, low, high)
    again = to_ics(Timeline([standup]))
    assert from_ics(again) == Timeline([standup])
    assert _reference(again, low, high) == _reference(data, low, high)


def _google(old: str, new: str) -> bytes:
    assert old in GOOGLE
    return _crlf(GOOGLE.replace(old, new, 1))


def test_a_recurrence_id_of_the_other_kind_is_one_clear_error() -> None:
    data = _google(
        "RECURRENCE-ID;TZID=America/New_York:20250113T090000", "RECURRENCE-ID;VALUE=DATE:20250113"
    )
    with pytest.raises(ICalendarError) as caught:
        from_ics(data, path="team.ics")
    message = str(caught.value)
    assert message.startswith("team.ics:30: ")  # the line of the RECURRENCE-ID
    assert "7kq9m2@google.com" in message
    assert "RECURRENCE-ID" in message
    assert "20250113" in message
    assert "date-time, as the DTSTART of its series" in message


def test_one_occurrence_changed_twice_keeps_the_higher_sequence_as_recurring_ical_events() -> None:
    second = GOOGLE.split("BEGIN:VEVENT")[3].replace("SEQUENCE:2", "SEQUENCE:3")
    second = second.replace("(moved to Tuesday)", "(moved again)").replace("END:VCALENDAR\n", "")
    data = _crlf(GOOGLE.replace("END:VCALENDAR", "BEGIN:VEVENT" + second + "END:VCALENDAR"))
    (standup,) = from_ics(data)
    assert standup.overrides[1].event.title == "Stand-up (moved again)"
    low, high = datetime(2025, 1, 1, tzinfo=UTC), datetime(2025, 2, 1, tzinfo=UTC)
    assert _ours(Timeline([standup]), low, high) == _reference(data, low, high)
    same = _crlf(GOOGLE.replace("END:VCALENDAR", "BEGIN:VEVENT" + second.replace(
        "SEQUENCE:3", "SEQUENCE:2") + "END:VCALENDAR"))  # fmt: skip
    with pytest.raises(ICalendarError, match="names one occurrence twice, with the same SEQUENCE"):
        from_ics(same, strict=True)


def test_a_recurrence_id_without_its_series_is_read_as_an_event_of_its_own() -> None:
    start = GOOGLE.index("BEGIN:VEVENT\nDTSTART;TZID=America/New_York:20250106")
    end = GOOGLE.index("END:VEVENT", start) + len("END:VEVENT\n")
    found = from_ics(_crlf(GOOGLE[:start] + GOOGLE[end:]))
    # As before overrides were kept: the change is an event; a cancelled one is left out.
    assert [(event.id, event.title) for event in found] == [
        ("7kq9m2@google.com+20250113T140000Z", "Stand-up (moved to Tuesday)")
    ]


def test_this_and_future_that_one_rule_cannot_give_is_expanded_as_the_reference_reads_it() -> None:
    data = _google(
        "RECURRENCE-ID;TZID=America/New_York:20250113T090000",
        "RECURRENCE-ID;RANGE=THISANDFUTURE;TZID=America/New_York:20250113T090000",
    )
    found = from_ics(data)  # BYDAY=MO,WE moved by a day and two hours: no one rule gives it
    assert all(event.recurrence is None and not event.overrides for event in found)
    low, high = datetime(2025, 1, 1, tzinfo=UTC), datetime(2025, 2, 1, tzinfo=UTC)
    assert _ours(found, low, high) == _reference(data, low, high)


# --- Thunderbird's parser -----------------------------------------------------------------


def _shown(start: date | datetime) -> str:
    if isinstance(start, datetime):
        return start.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.000Z")
    return start.isoformat()


def test_icaljs_sees_the_moved_and_cancelled_occurrences_as_recurring_ical_events_does() -> None:
    holidays = Event(
        "closed", "Office closed", AllDay(date(2026, 12, 24), date(2026, 12, 25)),
        recurrence=Recurrence.from_rrule("FREQ=YEARLY;COUNT=4"),
    )  # fmt: skip
    holidays = override_occurrence(
        holidays, date(2027, 12, 24), time=AllDay(date(2027, 12, 23), date(2027, 12, 24))
    )
    timeline = Timeline([_standup(), holidays])
    feed = to_ics(timeline)
    until = datetime(2031, 1, 1, tzinfo=UTC)
    theirs = {
        uid: sorted(tuple(item) for item in found)
        for uid, found in expand_details(feed, until).items()
    }
    reference: dict[str, list[tuple[str, str, str]]] = {}
    for item in recurring_ical_events.of(Calendar.from_ical(feed)).between(
        datetime(2000, 1, 1, tzinfo=UTC), until
    ):
        shown = (_shown(item["DTSTART"].dt), str(item["SUMMARY"]), str(item.get("STATUS", "")))
        reference.setdefault(str(item["UID"]), []).append(shown)
    assert theirs == {uid: sorted(found) for uid, found in reference.items()}
    ours = {
        f"{event.id}@bri-timeline.invalid": sorted(
            (
                _shown(time.start if isinstance(time := occurrence.time, TimeSpan) else time.first),  # type: ignore[union-attr]
                occurrence.title,
                "" if occurrence.status is None else occurrence.status.value,
            )
            for occurrence in Timeline([event]).overlapping(
                TimeSpan(datetime(2000, 1, 1, tzinfo=UTC), until)
            )
        )
        for event in timeline
    }
    assert theirs == ours
    assert ("2025-01-26T16:00:00.000Z", "Stand-up", "") in theirs["standup@bri-timeline.invalid"]
    assert ("2025-01-08T14:00:00.000Z", "Stand-up", "CANCELLED") in theirs[
        "standup@bri-timeline.invalid"
    ]
    assert ("2027-12-23", "Office closed", "") in theirs["closed@bri-timeline.invalid"]
