"""The direct writer writes, byte for byte, what icalendar serializes (the reference engine).

Bytes, not parsed values: see the docstring of ``bri_timeline.formats.ical._lines``.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st
from icalendar.parser import Parameters
from icalendar.parser.string import _foldline

from bri_timeline import (
    AllDay,
    Event,
    Frequency,
    InvalidArgument,
    InvalidEvent,
    Location,
    OpenEnded,
    PartialDate,
    Participant,
    Recurrence,
    Source,
    Timeline,
    TimelineInfo,
    TimeSpan,
    from_ics,
    load_bri,
)
from bri_timeline.formats.ical._lines import fold, mend_folds, param_text
from bri_timeline.formats.ical._values import duration_text
from bri_timeline.formats.ical.write import FeedOptions, to_ics
from bri_timeline.strategies import ZONES, events, texts, timelines

T0 = datetime(2026, 1, 1, tzinfo=UTC)


def assert_same_bytes(timeline: Timeline, **options: object) -> bytes:
    direct = to_ics(timeline, **options)  # type: ignore[arg-type]
    reference = to_ics(timeline, engine="icalendar", **options)  # type: ignore[arg-type]
    assert direct == reference
    return direct


@given(timelines())
def test_generated_timelines_give_the_same_bytes(timeline: Timeline) -> None:
    assert_same_bytes(timeline)


@given(
    timelines(max_size=6),
    st.sampled_from(["example.org", "a.b", "x" * 60 + ".example.org"]),
    st.sampled_from([timedelta(days=1), timedelta(hours=1, seconds=5)]),
)
def test_feed_options_give_the_same_bytes(
    timeline: Timeline, domain: str, refresh: timedelta
) -> None:
    assert_same_bytes(timeline, feed=FeedOptions(domain, refresh_interval=refresh))


def _edited(data: st.DataObject, timeline: Timeline) -> Timeline:
    """The timeline after random edits: events dropped, changed, given a new revision, added."""
    kept: list[Event] = []
    for event in timeline:
        action = data.draw(st.sampled_from(["keep", "drop", "retitle", "revise", "move"]))
        if action == "keep":
            kept.append(event)
        elif action == "retitle":
            kept.append(attrs.evolve(event, title=event.title + " (edited)"))
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


@given(timelines(max_size=8), st.data())
def test_updates_in_place_give_the_same_bytes(timeline: Timeline, data: st.DataObject) -> None:
    first = assert_same_bytes(timeline)
    second = _edited(data, timeline)
    previous = assert_same_bytes(second, previous=first)
    third = _edited(data, second)
    assert_same_bytes(third, previous=previous)


def test_the_bundled_timeline_gives_the_same_bytes() -> None:
    assert_same_bytes(load_bri())


HOSTILE = [
    "\r\nBEGIN:VEVENT",
    "x\r\nUID:evil@example.org",
    "a;b,c\\d:e",
    "\\N\\n\\,\\;",
    '"DQUOTE" ^ caret ’',
    "é" * 80,
    "😀" * 30,
    "\ufeffbyte order mark",
    "\u202etxet\t\ttab",
    "\u0301combining",
]


@pytest.mark.parametrize("text", HOSTILE)
@pytest.mark.parametrize("width", range(60, 80))
def test_hostile_text_at_every_fold_position(text: str, width: int) -> None:
    padded = "a" * (width - 10) + text
    event = Event(
        "e",
        padded,
        AllDay(date(2024, 11, 14)),
        description=padded + "\n" + padded,
        location=Location(padded, latitude=-12.05, longitude=-77.0),
        categories=[padded, "b" + padded],
        participants=[Participant(padded, role=padded)],
        source=Source(padded, document=padded, url=padded),
        url="https://example.org/" + "x" * width,
    )
    assert_same_bytes(Timeline([event], info=TimelineInfo(padded, description=padded)))


@pytest.mark.parametrize("width", range(60, 80))
@pytest.mark.parametrize("mark", ["\\", "^", "é", "😀"])
def test_a_long_uid_folds_alike(width: int, mark: str) -> None:
    event = Event("e" * width, "a" * (width - 20) + mark * 3, AllDay(date(2024, 11, 14)))
    assert_same_bytes(Timeline([event]), feed=FeedOptions("example.org"))


TRICKY = [
    TimeSpan(datetime(2024, 10, 27, 1, 30, tzinfo=ZoneInfo("Europe/London"), fold=1)),
    TimeSpan(datetime(2024, 10, 27, 1, 30, tzinfo=ZoneInfo("Europe/London"))),
    TimeSpan(
        datetime(2024, 11, 14, 9, tzinfo=ZoneInfo("UTC")), datetime(2024, 11, 14, 10, tzinfo=UTC)
    ),
    TimeSpan(datetime(2024, 11, 14, 9, 0, 0, 250, tzinfo=UTC)),
    TimeSpan(
        datetime(2024, 11, 14, 9, tzinfo=ZoneInfo("America/Lima")),
        datetime(2024, 11, 14, 23, tzinfo=ZoneInfo("Asia/Shanghai")),
    ),
    PartialDate.of_century(9900),
    OpenEnded(PartialDate.of_year(2009)),
    OpenEnded(date(2024, 11, 14)),
    OpenEnded(datetime(2024, 11, 14, 9, tzinfo=ZoneInfo("Pacific/Chatham"))),
    AllDay(date(1, 1, 1), date(1, 1, 3)),
]
RULES = [
    None,
    Recurrence(Frequency.WEEKLY, interval=2, count=10),
    Recurrence(Frequency.DAILY, until=date(2025, 3, 1)),
    Recurrence(Frequency.MONTHLY, until=datetime(2025, 3, 1, 12, 0, 0, 5, tzinfo=UTC)),
    Recurrence(Frequency.YEARLY),
]


@pytest.mark.parametrize("url", ["https://example.org/a\tb", "https://example.org/\nBEGIN:VEVENT"])
def test_a_url_a_uri_cannot_carry_gives_the_same_bytes(url: str) -> None:
    event = Event("e", "E", AllDay(date(2024, 11, 14)), url=url)
    assert_same_bytes(Timeline([event]))


@pytest.mark.parametrize("when", TRICKY)
@pytest.mark.parametrize("rule", RULES)
def test_tricky_times_and_rules_give_the_same_bytes(when: object, rule: Recurrence | None) -> None:
    repeats = rule is not None and isinstance(when, TimeSpan | AllDay)
    event = Event(
        "e",
        "T",
        when,  # type: ignore[arg-type]
        recurrence=rule if repeats else None,
        updated=T0,
        revision=2**31 - 1,
    )
    assert_same_bytes(Timeline([event], info=TimelineInfo("T", updated=T0)))


@given(
    st.lists(
        st.characters(exclude_characters="\r\n", exclude_categories=["Cs"])
        | st.sampled_from(["\\", "^", "é", "😀", " " * 20, "\u3000" * 5, "\u0085"]),
        max_size=120,
    ).map("".join)
)
def test_fold_is_icalendars_folding_with_no_blank_line(value: str) -> None:
    line = "X-A:" + value  # a content line begins with its name
    ours = fold(line)
    theirs = _foldline(line).encode("utf-8")
    assert ours == mend_folds(theirs)
    parts = ours.decode("utf-8").split("\r\n ")
    assert "".join(parts) == line
    assert all(len(part.encode("utf-8")) <= 74 for part in parts)
    blank = [part for part in parts[1:] if part.isspace()]
    if not any(part.isspace() for part in theirs.decode("utf-8").split("\r\n ")[1:]):
        assert ours == theirs  # icalendar's folding, unless it makes a blank line
    elif blank:  # left only where a run of blanks nearly fills a line on its own, or where
        # the line before holds one character that is not a blank (it cannot give it away)
        runs = max(len(run.encode("utf-8")) for run in re.findall(r"\s+", line))
        alone = any(
            sum(not char.isspace() for char in parts[i - 1]) <= 1
            for i in range(1, len(parts))
            if parts[i].isspace()
        )
        assert runs >= 60 or alone


@pytest.mark.parametrize("blank", [" ", "\t", "\u00a0", "\u0085", "\u3000", "\u2028"])
@pytest.mark.parametrize("width", range(60, 80))
def test_text_ending_in_blanks_never_folds_to_a_blank_line(blank: str, width: int) -> None:
    # vobject (so Radicale) ends a property at a line of blanks and drops the line
    feed = assert_same_bytes(
        Timeline([Event("e", "a" * width + blank * 3, AllDay(date(2024, 11, 14)))])
    )
    lines = feed.decode("utf-8").split("\r\n")
    assert not [line for line in lines if line.startswith(" ") and line.isspace()]
    (event,) = from_ics(feed)
    assert event.title == "a" * width + blank * 3


@given(
    st.dictionaries(st.sampled_from(["TZID", "VALUE", "X-BRI-UNTIL", "x-low"]), texts(), max_size=3)
)
def test_parameters_are_written_as_icalendar_writes_them(params: dict[str, str]) -> None:
    expected = Parameters(params).to_ical().decode("utf-8")
    assert param_text(tuple(params.items())) == (";" + expected if expected else "")


@given(
    st.timedeltas(min_value=timedelta(days=-(10**5)), max_value=timedelta(days=10**5))
    | st.sampled_from(
        [
            timedelta(hours=1),
            timedelta(minutes=5),
            timedelta(seconds=5),
            timedelta(hours=1, seconds=5),
            -timedelta(hours=1),
            timedelta(days=2, hours=3),
            timedelta(days=36524),
        ]
    )
)
def test_durations_are_written_as_icalendar_writes_them(value: timedelta) -> None:
    from icalendar import vDuration

    assert duration_text(value) == vDuration(value).to_ical().decode()  # type: ignore[no-untyped-call]


def test_zones_are_one_vtimezone_per_tzid() -> None:
    lima = ZoneInfo("America/Lima")
    other = ZoneInfo.no_cache("America/Lima")
    timeline = Timeline(
        [
            Event("a", "A", TimeSpan(datetime(2024, 11, 14, 9, tzinfo=lima))),
            Event("b", "B", TimeSpan(datetime(2020, 11, 14, 9, tzinfo=other))),
        ]
    )
    feed = assert_same_bytes(timeline)
    assert feed.count(b"BEGIN:VTIMEZONE") == 1


@pytest.mark.parametrize("zone", ZONES)
def test_every_strategy_zone_gives_the_same_bytes(zone: str) -> None:
    tz = ZoneInfo(zone)
    event = Event(
        "e",
        "T",
        TimeSpan(datetime(1850, 3, 1, 12, tzinfo=tz), datetime(2150, 3, 1, 12, tzinfo=tz)),
    )
    assert_same_bytes(Timeline([event]))


@pytest.mark.parametrize("engine", ["direct", "icalendar"])
def test_a_sequence_stops_at_the_largest_icalendar_integer(engine: str) -> None:
    """A changed event already at SEQUENCE 2**31 - 1 keeps it; the model refuses more."""
    event = Event("e", "E", AllDay(date(2024, 11, 14)), revision=2**31 - 1)
    first = to_ics(Timeline([event]))
    second = to_ics(Timeline([attrs.evolve(event, title="F")]), previous=first, engine=engine)  # type: ignore[arg-type]
    assert b"SEQUENCE:2147483647\r\n" in second
    assert b"SUMMARY:F\r\n" in second
    with pytest.raises(InvalidEvent, match="revision"):
        attrs.evolve(event, revision=2**31)


def test_an_unknown_engine_is_refused() -> None:
    with pytest.raises(InvalidArgument, match="engine: must be 'direct' or 'icalendar'"):
        to_ics(Timeline([]), engine="fast")  # type: ignore[arg-type]
