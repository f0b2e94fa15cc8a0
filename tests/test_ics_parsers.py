"""Independent parsers (`ical`, `ics`) read the feed as the model says: UID, summary, start, end."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import ics
import pytest
from dateutil import tz as dateutil_tz
from hypothesis import assume, example, given
from ical.calendar_stream import IcsCalendarStream

from bri_timeline import (
    AllDay,
    Event,
    EventKind,
    Timeline,
    TimelineInfo,
    TimeSpan,
    load_bri,
    to_ics,
)
from bri_timeline.formats.ical._mapping import DEFAULT_DOMAIN, event_uid, placement
from bri_timeline.formats.ical._values import escape_text
from bri_timeline.strategies import timelines

LIMA, LONDON = ZoneInfo("America/Lima"), ZoneInfo("Europe/London")


def sample() -> Timeline:
    extra = [
        Event(
            "lima-meeting", "Meeting in Lima; day two, “notes”",
            TimeSpan(
                datetime(2024, 11, 9, 9, tzinfo=LIMA), datetime(2024, 11, 9, 13, 30, tzinfo=LIMA)
            ),
        ),
        Event("utc-instant", "An instant", TimeSpan(datetime(2024, 11, 8, 14, 5, tzinfo=UTC))),
        Event(
            "overnight", "Overnight London → UTC",
            TimeSpan(
                datetime(2024, 10, 26, 22, tzinfo=LONDON), datetime(2024, 10, 27, 9, tzinfo=UTC)
            ),
        ),
        Event("long", "Long", AllDay(date(2024, 12, 30), date(2025, 1, 2))),
    ]  # fmt: skip
    bri = load_bri()
    return Timeline([*bri, *extra], info=TimelineInfo(bri.info.name))


FEEDS = {"bri": load_bri, "sample": sample}


def expected(event: Event) -> tuple[str, str, object, object]:
    """UID, summary, start and end as the model places the event."""
    where = placement(event.time)
    end: object = where.end if where.end is not None else where.start
    if (
        isinstance(where.start, date)
        and not isinstance(where.start, datetime)
        and where.end is None
    ):
        end = where.start + timedelta(days=1)
    return event_uid(event, DEFAULT_DOMAIN), event.title, where.start, end


def instant_or_day(value: object) -> object:
    if isinstance(value, datetime):
        return value.astimezone(UTC)
    return value


@pytest.mark.parametrize("name", FEEDS)
def test_ical_package_agrees(name: str) -> None:
    timeline = FEEDS[name]()
    calendar = IcsCalendarStream.calendar_from_ics(to_ics(timeline).decode())
    found = {}
    for item in calendar.events:
        end = item.dtend if item.dtend is not None else item.end
        found[item.uid] = (
            item.uid,
            item.summary,
            instant_or_day(item.dtstart),
            instant_or_day(end),
        )
    want = {}
    for event in timeline:
        uid, summary, first, last = expected(event)
        want[uid] = (uid, summary, instant_or_day(first), instant_or_day(last))
    assert found == want


@pytest.mark.parametrize("name", FEEDS)
def test_ics_package_agrees(name: str) -> None:
    timeline = FEEDS[name]()
    calendar = ics.Calendar(to_ics(timeline).decode())
    found = {}
    for item in calendar.events:
        start, end = item.begin, item.end
        if item.all_day:
            found[item.uid] = (item.uid, item.name, start.date(), end.date())
        else:
            found[item.uid] = (
                item.uid,
                item.name,
                start.datetime.astimezone(UTC),
                end.datetime.astimezone(UTC),
            )
    want = {}
    for event in timeline:
        uid, summary, start, end = expected(event)
        want[uid] = (uid, summary, instant_or_day(start), instant_or_day(end))
    assert found == want


def comparable(value: object) -> object:
    return value.astimezone(UTC) if isinstance(value, datetime) else value


@given(timelines())
def test_ical_package_agrees_on_generated_timelines(timeline: Timeline) -> None:
    calendar = IcsCalendarStream.calendar_from_ics(to_ics(timeline).decode())
    items: list[Any] = [*calendar.events, *calendar.todos, *calendar.journal]
    found = {
        item.uid: (item.summary, comparable(item.dtstart))
        for item in items
        if item.recurrence_id is None  # a series' VEVENT, not one of its changed occurrences
    }
    # `ical` drops U+FEFF (a byte order mark) wherever it is, in a UID too.
    uids = [expected(event)[0].replace("\ufeff", "") for event in timeline]
    assume(len(set(uids)) == len(uids))  # two UIDs it would read as one
    for event, uid in zip(timeline, uids, strict=True):
        _, summary, start, _ = expected(event)
        assert found[uid] == (summary.replace("\ufeff", ""), comparable(start))


def dateutil_reads_it_alike(start: datetime) -> bool:
    """Whether dateutil's tz reader gives this wall time the offset zoneinfo gives it.

    It does not always: at the end of Irish summer time (Europe/Dublin, whose "standard"
    time is the summer one in the tz database), dateutil takes 02:00 on 27 October 2024 for
    +01:00, where zoneinfo and the feed's VTIMEZONE say +00:00.
    """
    zone = getattr(start.tzinfo, "key", None)
    if zone is None:
        return True
    return start.replace(tzinfo=dateutil_tz.gettz(zone)).utcoffset() == start.utcoffset()


def test_dateutil_is_known_to_misread_the_end_of_irish_summer_time() -> None:
    assert not dateutil_reads_it_alike(datetime(2024, 10, 27, 2, tzinfo=ZoneInfo("Europe/Dublin")))
    assert dateutil_reads_it_alike(datetime(2024, 10, 27, 3, tzinfo=ZoneInfo("Europe/Dublin")))


def _misread_ends(timeline: Timeline) -> bool:
    """Whether dateutil reads a timed start or end of the timeline otherwise than zoneinfo."""
    for event in timeline:
        for item in (event, *(override.event for override in event.overrides)):
            if isinstance(item.time, TimeSpan) and not all(
                dateutil_reads_it_alike(moment) for moment in (item.time.start, item.time.end)
            ):
                return True
    return False


# St John's in September 2038: dateutil reads standard time (-3:30) where zoneinfo reads
# daylight time (-2:30), so `ics` 0.7 puts the start an hour later, after the end, and
# refuses the file. Found by a random pass.
_ST_JOHNS = datetime(2038, 9, 13, 2, 21, 24, tzinfo=ZoneInfo("America/St_Johns"))
_LATE = Event("a", "A", TimeSpan(_ST_JOHNS, datetime(2038, 9, 13, 4, 56, 48, tzinfo=UTC)))


@example(Timeline([_LATE]))
@given(timelines())
def test_ics_package_agrees_on_generated_timelines(timeline: Timeline) -> None:
    # `ics` resolves a TZID with dateutil's tz database reader rather than the VTIMEZONE,
    # which reads offsets of local mean time and years after 2037 differently from zoneinfo:
    # its times are compared from 1970 to 2036 only, and where dateutil reads the wall time
    # as zoneinfo does. Where it so reads an end before its start, it refuses the file.
    try:
        calendar = ics.Calendar(to_ics(timeline).decode())
    except ValueError as error:
        assert str(error) == "Begin must be before end"  # noqa: PT017
        assert _misread_ends(timeline)
        return
    found = {
        item.uid: item
        for item in calendar.events
        if all(line.name != "RECURRENCE-ID" for line in item.extra)  # `ics` 0.7 knows none
    }
    uids = {item.uid for item in calendar.events}
    for event in timeline:
        if event.kind is not EventKind.EVENT:
            continue  # `ics` 0.7 reads no VJOURNAL; to-dos are compared with `ical` above
        uid, summary, start, _ = expected(event)
        key = escape_text(uid)  # `ics` 0.7 keeps a UID's TEXT escapes (\, \; \\)
        if key not in found and event.overrides:
            # `ics` 0.7 keeps its events in a set, and takes a series and an override equal in
            # all it reads (it reads no RECURRENCE-ID) for one event: it may keep the override.
            assert key in uids
            continue
        item = found[key]
        if "\\" not in summary:  # `ics` 0.7 unescapes "\\R" as a backslash and a CR
            assert item.name == summary
        if not isinstance(start, datetime):
            assert item.begin.date() == start
        elif 1970 <= start.year <= 2036 and dateutil_reads_it_alike(start):
            assert item.begin.datetime.astimezone(UTC) == start.astimezone(UTC)
