"""Export then import is the identity: on generated timelines, every time kind, hostile text."""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from bri_timeline import (
    AllDay,
    Event,
    Frequency,
    Location,
    OpenEnded,
    PartialDate,
    Recurrence,
    Source,
    Timeline,
    TimelineInfo,
    TimeSpan,
    load_bri,
)
from bri_timeline.formats.ical._mapping import EVENT_PROPERTIES, event_items
from bri_timeline.formats.ical.read import loads_ics
from bri_timeline.formats.ical.write import FeedOptions, to_ics
from bri_timeline.strategies import events, timelines, times

LONDON = ZoneInfo("Europe/London")


def round_trip(timeline: Timeline, **options: object) -> Timeline:
    return loads_ics(to_ics(timeline, **options))  # type: ignore[arg-type]


def assert_same(timeline: Timeline, back: Timeline) -> None:
    assert back.info == timeline.info
    assert len(back) == len(timeline)
    for ours, theirs in zip(timeline, back, strict=True):
        assert theirs == ours


@given(timelines())
def test_generated_timelines_round_trip(timeline: Timeline) -> None:
    assert_same(timeline, round_trip(timeline))


@given(timelines(max_size=4, event=events(time=times())), st.sampled_from(["example.org", "a.b"]))
def test_round_trip_with_another_domain(timeline: Timeline, domain: str) -> None:
    assert_same(timeline, loads_ics(to_ics(timeline, feed=FeedOptions(domain)), domain=domain))


def test_bundled_bri_round_trips() -> None:
    assert_same(load_bri(), round_trip(load_bri()))


def test_the_mapping_table_has_every_attribute_of_an_event() -> None:
    # A new field of Event gets its properties there, where the reader and both writers look.
    assert set(EVENT_PROPERTIES) == {field.name for field in attrs.fields(Event) if field.init}


@given(events())
def test_every_property_an_event_writes_is_in_the_mapping_table(event: Event) -> None:
    head, tail = event_items(event)
    known = {prop.name for props in EVENT_PROPERTIES.values() for prop in props}
    extras = {extra.name for extra in event.extras}  # another calendar's, written as they came
    assert not extras & known
    assert {name for name, _, _ in (*head, *tail)} - known - extras <= {"TRANSP"}


TRICKY_TIMES = [
    # the second pass of a repeated hour, and the first
    TimeSpan(datetime(2024, 10, 27, 1, 30, tzinfo=LONDON, fold=1)),
    TimeSpan(datetime(2024, 10, 27, 1, 30, tzinfo=LONDON)),
    # UTC as a zone and UTC itself
    TimeSpan(datetime(2024, 1, 1, tzinfo=ZoneInfo("UTC")), datetime(2024, 1, 2, tzinfo=UTC)),
    # an instant whose end is written in another zone
    TimeSpan(
        datetime(2024, 11, 8, 9, tzinfo=ZoneInfo("America/Lima")),
        datetime(2024, 11, 8, 14, tzinfo=UTC),
    ),
    # fractions of a second
    TimeSpan(datetime(2024, 11, 8, 9, 0, 0, 250, tzinfo=LONDON)),
    # the ends of the calendar
    AllDay(date(1, 1, 1), date(9999, 12, 30)),
    PartialDate.of_year(9999),
    PartialDate.of_century(9900),
    PartialDate.of_month(1, 1),
    OpenEnded(PartialDate.of_century(1800)),
    OpenEnded(date(2024, 11, 14)),
    OpenEnded(datetime(1890, 5, 1, 12, tzinfo=ZoneInfo("America/Lima"))),
    TimeSpan(datetime(1850, 1, 1, 12, tzinfo=ZoneInfo("Asia/Shanghai"))),
    TimeSpan(datetime(1, 1, 2, 9, tzinfo=ZoneInfo("Asia/Kathmandu"))),
    TimeSpan(datetime(9999, 12, 30, 9, tzinfo=LONDON)),
]


@pytest.mark.parametrize("when", TRICKY_TIMES, ids=repr)
def test_tricky_times_round_trip(when: object) -> None:
    timeline = Timeline([Event("e", "E", when)])  # type: ignore[arg-type]
    assert_same(timeline, round_trip(timeline))


RECURRENCES = [
    (AllDay(date(2024, 11, 14)), Recurrence(Frequency.YEARLY, until=date(2030, 11, 14))),
    (
        AllDay(date(2024, 11, 14)),
        Recurrence(Frequency.YEARLY, until=datetime(2030, 1, 1, tzinfo=UTC)),
    ),
    (
        TimeSpan(datetime(2024, 11, 8, 9, tzinfo=LONDON)),
        Recurrence(Frequency.WEEKLY, interval=2, until=date(2025, 3, 30)),
    ),
    (
        TimeSpan(datetime(2024, 11, 8, 9, tzinfo=LONDON)),
        Recurrence(Frequency.MONTHLY, until=datetime(2025, 3, 30, 12, 0, 0, 7, tzinfo=UTC)),
    ),
    (TimeSpan(datetime(2024, 11, 8, 9, tzinfo=UTC)), Recurrence(Frequency.DAILY, count=3)),
    # repeats to the end of the calendar: the VTIMEZONE reaches year 9999
    (TimeSpan(datetime(2024, 1, 1, 9, tzinfo=LONDON)), Recurrence(Frequency.YEARLY, count=10**6)),
]


@pytest.mark.parametrize(("when", "rule"), RECURRENCES, ids=repr)
def test_recurrences_round_trip(when: object, rule: Recurrence) -> None:
    timeline = Timeline([Event("e", "E", when, recurrence=rule)])  # type: ignore[arg-type]
    assert_same(timeline, round_trip(timeline))


def test_every_field_round_trips() -> None:
    event = Event(
        "chancay",
        "Chancay Port\r\nBEGIN:VEVENT",
        AllDay(date(2024, 11, 14)),
        description="Line one;\nline two, \\N not a newline",
        location=Location("Chancay", latitude=-11.5625, longitude=1e-300),
        categories=["a,b", "c;d", "e\\f"],
        source=Source("q", document="d", locator="l", url="https://x.example/a?b=c,d"),
        url="not a uri\twith a tab",
        revision=4,
        updated=datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC),
    )
    info = TimelineInfo("N", description="D", url="https://example.org/", source="S")
    timeline = Timeline([event], info=info)
    assert_same(timeline, round_trip(timeline))


def test_a_value_that_starts_with_a_byte_order_mark_keeps_it() -> None:
    # icalendar decodes a value's bytes as utf-8-sig, which drops a leading U+FEFF.
    mark = "\ufeff"
    timeline = Timeline(
        [
            Event(
                "e",
                mark + "title",
                AllDay(date(2024, 11, 14)),
                description=mark + "text",
                location=Location(mark + "Lima"),
                categories=[mark + "port"],
                source=Source(mark + "quote"),
            )
        ],
        info=TimelineInfo(mark + "name", description=mark + "about"),
    )
    assert_same(timeline, round_trip(timeline))
