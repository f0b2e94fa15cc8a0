"""The BRI feed: the golden file, the calendar properties, and how each kind of time is written."""

from __future__ import annotations

import io
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from icalendar import Calendar

from bri_timeline import (
    AllDay,
    Event,
    FeedError,
    FeedOptions,
    InvalidEvent,
    Timeline,
    TimelineInfo,
    TimeSpan,
    load_bri,
    to_ics,
    write_ics,
)
from bri_timeline.formats.ical._calendar import SOURCE_DATE_EPOCH

GOLDEN = Path(__file__).parent / "golden" / "bri.ics"


def lines(feed: bytes) -> list[str]:
    return feed.decode().replace("\r\n ", "").split("\r\n")


def test_bri_feed_matches_the_golden_file_byte_for_byte() -> None:
    # To accept a deliberate change: bri-timeline export > tests/golden/bri.ics, then read the diff.
    assert to_ics(load_bri()) == GOLDEN.read_bytes()


def test_golden_file_kept_its_crlf() -> None:
    data = GOLDEN.read_bytes()
    assert data.count(b"\r\n") == data.count(b"\n") > 100


def test_icalendar_writes_the_same_bytes_back() -> None:
    feed = to_ics(load_bri())
    assert Calendar.from_ical(feed).to_ical() == feed


def test_write_ics_streams_what_to_ics_returns() -> None:
    buffer = io.BytesIO()
    write_ics(load_bri(), buffer)
    assert buffer.getvalue() == to_ics(load_bri())


def test_calendar_properties() -> None:
    found = lines(to_ics(load_bri()))
    name = "Peru–China Belt and Road\\, November 2024"
    for line in [
        "VERSION:2.0",
        "PRODID:-//bri_timeline//bri-timeline//EN",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"NAME:{name}",
        f"X-WR-CALNAME:{name}",
        "REFRESH-INTERVAL;VALUE=DURATION:P1D",
        "X-PUBLISHED-TTL:P1D",
        "LAST-MODIFIED:20261128T000000Z",
    ]:
        assert line in found
    assert any(line.startswith("DESCRIPTION:Dated events") for line in found)
    assert any(line.startswith("X-WR-CALDESC:Dated events") for line in found)


def test_feed_options_and_info_give_source_url_color_and_refresh() -> None:
    info = TimelineInfo("T", url="https://example.org/bri")
    feed = FeedOptions(
        "example.org",
        refresh_interval=timedelta(hours=6),
        color="darkred",
        source_url="https://example.org/bri.ics",
    )
    found = lines(to_ics(Timeline(info=info), feed=feed))
    for line in [
        "SOURCE;VALUE=URI:https://example.org/bri.ics",
        "URL;VALUE=URI:https://example.org/bri",
        "COLOR:darkred",
        "REFRESH-INTERVAL;VALUE=DURATION:PT6H",
        "X-PUBLISHED-TTL:PT6H",
    ]:
        assert line in found


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"domain": ""}, "domain: must be a domain name"),
        ({"color": "Dark Red"}, "color: must be a CSS3 color name"),
        ({"refresh_interval": timedelta(0)}, "refresh_interval: must be positive"),
        ({"cancelled_for": timedelta(days=-1)}, "cancelled_for: must not be negative"),
        ({"source_url": "https://x y"}, "source_url: must be a URI"),
    ],
)
def test_bad_feed_options_are_refused(options: dict[str, object], message: str) -> None:
    with pytest.raises(FeedError, match=message):
        FeedOptions(**options)


def test_info_text_with_a_control_character_is_refused() -> None:
    # By the model, as an event's text is: the feed never sees it.
    with pytest.raises(InvalidEvent, match="name: must not hold the control character U\\+0000"):
        Timeline(info=TimelineInfo("a\x00b"))


def event_lines(feed: bytes, uid: str) -> list[str]:
    found = lines(feed)
    start = found.index(f"UID:{uid}@bri-timeline.invalid")
    begin = max(i for i in range(start) if found[i] == "BEGIN:VEVENT")
    return found[begin : found.index("END:VEVENT", start)]


def test_all_day_events_have_an_exclusive_dtend() -> None:
    apec = event_lines(to_ics(load_bri()), "apec-summit-2024")
    assert "DTSTART;VALUE=DATE:20241113" in apec
    assert "DTEND;VALUE=DATE:20241116" in apec


def test_partial_and_open_dates_are_their_whole_period_with_their_edtf() -> None:
    feed = to_ics(load_bri())
    century = event_lines(feed, "chinese-immigration-peru")
    assert "DTSTART;VALUE=DATE:18000101" in century
    assert "DTEND;VALUE=DATE:19000101" in century
    assert "X-BRI-EDTF:18XX" in century
    assert any("known only to the century" in line for line in century)
    fta = event_lines(feed, "peru-china-fta")
    assert "DTSTART;VALUE=DATE:20090101" in fta
    assert "DTEND;VALUE=DATE:20100101" in fta
    assert "X-BRI-EDTF:2009/.." in fta
    assert any("since 2009\\, known only to the year\\, with no end" in line for line in fta)


def test_timed_events_carry_their_tzid_and_utc_ends_in_z() -> None:
    lima = ZoneInfo("America/Lima")
    timeline = Timeline(
        [
            Event(
                "meeting",
                "Meeting",
                TimeSpan(
                    datetime(2024, 11, 8, 9, tzinfo=lima), datetime(2024, 11, 8, 17, tzinfo=UTC)
                ),
            ),
            Event("instant", "Instant", TimeSpan(datetime(2024, 11, 8, 14, 5, tzinfo=UTC))),
        ]
    )
    feed = to_ics(timeline)
    meeting = event_lines(feed, "meeting")
    assert "DTSTART;TZID=America/Lima:20241108T090000" in meeting
    assert "DTEND:20241108T170000Z" in meeting
    instant = event_lines(feed, "instant")
    assert "DTSTART:20241108T140500Z" in instant
    assert not any(line.startswith("DTEND") for line in instant)
    assert "TZID:America/Lima" in lines(feed)


def test_stamps_come_from_the_data() -> None:
    updated = datetime(2025, 5, 6, 7, 8, 9, tzinfo=UTC)
    timeline = Timeline(
        [
            Event("a", "A", AllDay(date(2024, 11, 14)), updated=updated, revision=3),
            Event("b", "B", AllDay(date(2024, 11, 14))),
        ],
        info=TimelineInfo("T", updated=datetime(2026, 1, 1, tzinfo=UTC)),
    )
    feed = to_ics(timeline)
    a, b = event_lines(feed, "a"), event_lines(feed, "b")
    assert {"DTSTAMP:20250506T070809Z", "LAST-MODIFIED:20250506T070809Z", "SEQUENCE:3"} <= set(a)
    assert "DTSTAMP:20260101T000000Z" in b
    assert not any(line.startswith("LAST-MODIFIED") for line in b)


UNDATED = Event("b", "B", AllDay(date(2024, 11, 14)))
LATER = Event(
    "a", "A", AllDay(date(2024, 11, 14)), updated=datetime(2027, 3, 4, 5, 6, 7, tzinfo=UTC)
)


@pytest.mark.parametrize(
    ("timeline", "environ", "fallback", "expected"),
    [
        # the newest `updated` of the timeline, an event's newer than the timeline's own
        (
            Timeline([LATER, UNDATED], info=TimelineInfo(updated=datetime(2026, 1, 1, tzinfo=UTC))),
            None,
            None,
            "20270304T050607Z",
        ),
        # SOURCE_DATE_EPOCH comes first (1700000000 is 2023-11-14T22:13:20Z)
        (Timeline([LATER, UNDATED]), "1700000000", None, "20231114T221320Z"),
        # then the data file's time, given by the command
        (Timeline([UNDATED]), None, datetime(2024, 2, 3, 4, 5, 6, tzinfo=UTC), "20240203T040506Z"),
        (Timeline([UNDATED]), "", datetime(2024, 2, 3, 4, 5, 6, tzinfo=UTC), "20240203T040506Z"),
    ],
)
def test_the_feeds_stamp_is_the_first_date_known(
    monkeypatch: pytest.MonkeyPatch,
    timeline: Timeline,
    environ: str | None,
    fallback: datetime | None,
    expected: str,
) -> None:
    if environ is None:
        monkeypatch.delenv(SOURCE_DATE_EPOCH, raising=False)
    else:
        monkeypatch.setenv(SOURCE_DATE_EPOCH, environ)
    options = FeedOptions(fallback_stamp=fallback)
    assert f"DTSTAMP:{expected}" in event_lines(to_ics(timeline, feed=options), "b")
    if any(event.id == "a" for event in timeline):  # an event's own `updated` is its own
        assert "DTSTAMP:20270304T050607Z" in event_lines(to_ics(timeline, feed=options), "a")
    assert to_ics(timeline, feed=options) == to_ics(timeline, feed=options, engine="icalendar")


def test_a_timeline_with_no_date_at_all_is_stamped_with_the_day_never_1970(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv(SOURCE_DATE_EPOCH, raising=False)
    before = datetime.now(UTC).date()
    feed = to_ics(Timeline([UNDATED]))
    after = datetime.now(UTC).date()
    days = {f"DTSTAMP:{day:%Y%m%d}T000000Z" for day in (before, after)}
    assert days & set(event_lines(feed, "b"))
    assert b"1970" not in feed


@pytest.mark.parametrize("value", ["soon", "1.5", "-5", "99999999999999999999"])
def test_a_source_date_epoch_that_is_not_seconds_is_refused(
    monkeypatch: pytest.MonkeyPatch, value: str
) -> None:
    monkeypatch.setenv(SOURCE_DATE_EPOCH, value)
    with pytest.raises(FeedError, match="SOURCE_DATE_EPOCH: must be a whole number of seconds"):
        to_ics(Timeline([UNDATED]))


@pytest.mark.parametrize(
    "value",
    [
        datetime(2024, 1, 1),  # naive
        datetime.max.replace(tzinfo=timezone(timedelta(hours=-5))),  # past 9999 in UTC
        datetime.min.replace(tzinfo=timezone(timedelta(hours=5))),  # before year 1 in UTC
        "2024-01-01",
    ],
)
def test_a_fallback_stamp_that_is_no_instant_is_refused(value: object) -> None:
    with pytest.raises(FeedError, match="fallback_stamp: must be"):
        FeedOptions(fallback_stamp=value)
