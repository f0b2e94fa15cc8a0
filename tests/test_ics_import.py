"""Import of other calendars: ids from UIDs, zones, floating times, DST gaps, repeats, errors."""

from __future__ import annotations

import contextlib
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest
import recurring_ical_events
from hypothesis import given
from hypothesis import strategies as st
from icalendar import Calendar

from bri_timeline import (
    AllDay,
    Event,
    EventStatus,
    FloatingSpan,
    Frequency,
    ICalendarError,
    PartialDate,
    Recurrence,
    TimeSpan,
    load_bri,
    load_ics,
    loads_ics,
    to_ics,
)

NEW_YORK = ZoneInfo("America/New_York")
BERLIN = ZoneInfo("Europe/Berlin")


def start_utc(event: Event) -> datetime:
    assert isinstance(event.time, TimeSpan)
    return event.time.start.astimezone(UTC)


def calendar(*events: str, head: str = "") -> bytes:
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//test//EN", *filter(None, [head])]
    for event in events:
        lines += ["BEGIN:VEVENT", *event.strip().splitlines(), "END:VEVENT"]
    lines.append("END:VCALENDAR")
    return ("\r\n".join(lines) + "\r\n").encode()


def test_our_uids_give_back_the_id_and_others_are_kept_or_slugged() -> None:
    data = calendar(
        "UID:apec@bri-timeline.invalid\nDTSTART;VALUE=DATE:20241113\nSUMMARY:A",
        "UID:abc123@google.com\nDTSTART;VALUE=DATE:20241113\nSUMMARY:B",
        "UID:{8F2C 11}/Outlook\nDTSTART;VALUE=DATE:20241113\nSUMMARY:C",
    )
    ids = {event.title: event.id for event in loads_ics(data)}
    assert ids["A"] == "apec"
    assert ids["B"] == "abc123@google.com"
    assert ids["C"].startswith("8F2C-11-Outlook-")
    assert len(ids["C"]) == len("8F2C-11-Outlook-") + 10
    assert [e.id for e in loads_ics(data)] == [e.id for e in loads_ics(data)]  # stable


def test_google_style_calendar_with_x_wr_timezone_and_floating_times() -> None:
    data = calendar(
        "UID:g1\nDTSTART:20241108T090000\nDTEND:20241108T100000\nSUMMARY:Floating",
        "UID:g2\nDTSTART;TZID=America/New_York:20241108T090000\nDURATION:PT90M\nSUMMARY:D",
        head="X-WR-TIMEZONE:Europe/Berlin\r\nX-WR-CALNAME:Work\r\nX-WR-CALDESC:Mine",
    )
    timeline = loads_ics(data)
    assert timeline.info.name == "Work"
    assert timeline.info.description == "Mine"
    assert timeline.get("g1").time == TimeSpan(
        datetime(2024, 11, 8, 9, tzinfo=BERLIN), datetime(2024, 11, 8, 10, tzinfo=BERLIN)
    )
    assert timeline.get("g2").time == TimeSpan(
        datetime(2024, 11, 8, 9, tzinfo=NEW_YORK), datetime(2024, 11, 8, 10, 30, tzinfo=NEW_YORK)
    )


def test_a_floating_time_stays_floating_or_takes_tz() -> None:
    data = calendar("UID:f\nDTSTART:20241108T090000\nSUMMARY:F")
    assert loads_ics(data).get("f").time == FloatingSpan(datetime(2024, 11, 8, 9))
    assert loads_ics(data, tz="Asia/Shanghai").get("f").time == TimeSpan(
        datetime(2024, 11, 8, 9, tzinfo=ZoneInfo("Asia/Shanghai"))
    )


def test_outlook_windows_tzid_gives_the_right_instant() -> None:
    vtimezone = "\r\n".join(
        [
            "BEGIN:VTIMEZONE",
            "TZID:W. Europe Standard Time",
            "BEGIN:STANDARD",
            "DTSTART:16010101T030000",
            "TZOFFSETFROM:+0200",
            "TZOFFSETTO:+0100",
            "RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=10",
            "END:STANDARD",
            "BEGIN:DAYLIGHT",
            "DTSTART:16010101T020000",
            "TZOFFSETFROM:+0100",
            "TZOFFSETTO:+0200",
            "RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=3",
            "END:DAYLIGHT",
            "END:VTIMEZONE",
        ]
    )
    data = calendar(
        "UID:o\nDTSTART;TZID=W. Europe Standard Time:20240704T100000\nSUMMARY:O", head=vtimezone
    )
    assert start_utc(loads_ics(data).get("o")) == datetime(2024, 7, 4, 8, tzinfo=UTC)


def test_a_start_in_a_dst_gap_moves_forward_by_the_gap() -> None:
    data = calendar("UID:gap\nDTSTART;TZID=America/New_York:20240310T023000\nSUMMARY:Gap")
    assert loads_ics(data).get("gap").time == TimeSpan(
        datetime(2024, 3, 10, 3, 30, tzinfo=NEW_YORK)
    )


def test_a_start_in_a_repeated_hour_is_the_first_pass() -> None:
    data = calendar("UID:rep\nDTSTART;TZID=America/New_York:20241103T013000\nSUMMARY:R")
    assert start_utc(loads_ics(data).get("rep")) == datetime(2024, 11, 3, 5, 30, tzinfo=UTC)


def test_all_day_quirks() -> None:
    data = calendar(
        "UID:a\nDTSTART;VALUE=DATE:20241113\nDTEND;VALUE=DATE:20241116\nSUMMARY:APEC",
        "UID:b\nDTSTART;VALUE=DATE:20241114\nSUMMARY:No end",
        "UID:c\nDTSTART;VALUE=DATE:20241114\nDTEND;VALUE=DATE:20241114\nSUMMARY:Same day",
        "UID:d\nDTSTART;VALUE=DATE:20241114\nDURATION:P2D",
    )
    timeline = loads_ics(data)
    assert timeline.get("a").time == AllDay(date(2024, 11, 13), date(2024, 11, 15))
    assert timeline.get("b").time == AllDay(date(2024, 11, 14))
    assert timeline.get("c").time == AllDay(date(2024, 11, 14))
    assert timeline.get("d").time == AllDay(date(2024, 11, 14), date(2024, 11, 15))
    assert timeline.get("d").title == "(untitled)"


def test_an_edited_edtf_event_falls_back_to_its_dates() -> None:
    # A client moved the "2009" event to one day: X-BRI-EDTF no longer agrees, the dates win.
    data = calendar("UID:x\nDTSTART;VALUE=DATE:20090301\nX-BRI-EDTF:2009\nSUMMARY:X")
    assert loads_ics(data).get("x").time == AllDay(date(2009, 3, 1))
    kept = calendar(
        "UID:y\nDTSTART;VALUE=DATE:20090101\nDTEND;VALUE=DATE:20100101\nX-BRI-EDTF:2009\nSUMMARY:Y"
    )
    assert loads_ics(kept).get("y").time == PartialDate.of_year(2009)


def test_cancelled_events_are_kept_and_removal_notices_left_out() -> None:
    data = calendar(
        "UID:x\nDTSTART;VALUE=DATE:20241114\nSTATUS:CANCELLED\nSUMMARY:X",
        "UID:y\nDTSTART;VALUE=DATE:20241114\nSUMMARY:Y",
        "UID:z\nDTSTART;VALUE=DATE:20241114\nSTATUS:CANCELLED\nX-BRI-REMOVED:TRUE\nSUMMARY:Z",
    )
    timeline = loads_ics(data)
    assert [event.id for event in timeline] == ["x", "y"]
    assert timeline.get("x").status is EventStatus.CANCELLED


WEEKLY = """
UID:standup
SUMMARY:Stand-up
DTSTART;TZID=America/New_York:20241028T090000
DTEND;TZID=America/New_York:20241028T091500
RRULE:FREQ=WEEKLY;BYDAY=MO,WE;UNTIL=20241120T235959Z
EXDATE;TZID=America/New_York:20241030T090000
RDATE;TZID=America/New_York:20241101T120000
"""
MOVED = """
UID:standup
RECURRENCE-ID;TZID=America/New_York:20241106T090000
SUMMARY:Stand-up (moved)
DTSTART;TZID=America/New_York:20241106T100000
DTEND;TZID=America/New_York:20241106T101500
"""
DROPPED = """
UID:standup
RECURRENCE-ID;TZID=America/New_York:20241111T090000
STATUS:CANCELLED
DTSTART;TZID=America/New_York:20241111T090000
"""


def starts_by_reference(data: bytes, first: date, last: date) -> list[datetime]:
    found = recurring_ical_events.of(Calendar.from_ical(data)).between(first, last)
    return sorted(
        event["DTSTART"].dt.astimezone(UTC)
        for event in found
        if str(event.get("STATUS", "")) != "CANCELLED"
    )


def test_rrule_rdate_exdate_and_changed_occurrences_expand_like_recurring_ical_events() -> None:
    data = calendar(WEEKLY, MOVED, DROPPED)
    (series,) = loads_ics(data)  # one event: its rule, and the two changes as its overrides
    titles = [override.event.title for override in series.overrides]
    assert titles == ["Stand-up (moved)", "(untitled)"]
    window = TimeSpan(datetime(2024, 10, 1, tzinfo=UTC), datetime(2024, 12, 31, tzinfo=UTC))
    timeline = loads_ics(data, window=window)
    starts = [start_utc(event) for event in timeline if event.status is None]
    assert starts == starts_by_reference(data, date(2024, 10, 1), date(2024, 12, 31))
    assert timeline.get("standup+20241106T140000Z").title == "Stand-up (moved)"
    assert timeline.get("standup+20241111T140000Z").status is EventStatus.CANCELLED
    assert timeline.get("standup+20241104T140000Z").time == TimeSpan(
        datetime(2024, 11, 4, 9, tzinfo=NEW_YORK), datetime(2024, 11, 4, 9, 15, tzinfo=NEW_YORK)
    )


def test_a_window_keeps_what_overlaps_it_and_expands_endless_rules() -> None:
    endless = "UID:e\nSUMMARY:E\nDTSTART;VALUE=DATE:20240101\nRRULE:FREQ=MONTHLY;BYMONTHDAY=-1"
    data = calendar(endless, "UID:o\nSUMMARY:O\nDTSTART;VALUE=DATE:20200101")
    kept = loads_ics(data).get("e").recurrence  # without a window: one event, its rule kept
    assert kept is not None
    assert kept.to_rrule() == "FREQ=MONTHLY;BYMONTHDAY=-1"
    window = AllDay(date(2025, 1, 1), date(2025, 3, 31))
    timeline = loads_ics(data, window=window)
    assert [event.time for event in timeline] == [
        AllDay(date(2025, 1, 31)),
        AllDay(date(2025, 2, 28)),
        AllDay(date(2025, 3, 31)),
    ]


def test_our_recurrence_imports_as_recurrence_or_expands_in_a_window() -> None:
    data = calendar(
        "UID:anniversary\nSUMMARY:A\nDTSTART;VALUE=DATE:20091201\nRRULE:FREQ=YEARLY;INTERVAL=5"
    )
    (event,) = loads_ics(data)
    assert event.recurrence == Recurrence(Frequency.YEARLY, interval=5)
    window = AllDay(date(2009, 1, 1), date(2024, 12, 31))
    assert [e.id for e in loads_ics(data, window=window)] == [
        "anniversary+20091201",
        "anniversary+20141201",
        "anniversary+20191201",
        "anniversary+20241201",
    ]


@given(st.integers(1, 3), st.sampled_from(["DAILY", "WEEKLY", "MONTHLY", "YEARLY"]))
def test_simple_rules_expand_like_recurring_ical_events(interval: int, freq: str) -> None:
    data = calendar(
        "UID:r\nSUMMARY:R\nDTSTART;TZID=Europe/Berlin:20240131T023000\n"
        f"DTEND;TZID=Europe/Berlin:20240131T033000\nRRULE:FREQ={freq};INTERVAL={interval};COUNT=40"
    )
    window = AllDay(date(2024, 1, 1), date(2030, 1, 1))
    ours = [start_utc(event) for event in loads_ics(data, window=window)]
    assert ours == starts_by_reference(data, date(2024, 1, 1), date(2030, 1, 2))


BAD = [
    (b"not a calendar", "<bytes>: is not an iCalendar file"),
    (calendar("DTSTART;VALUE=DATE:20241114"), "property UID: is required"),
    (calendar("UID:x"), "event 'x': property DTSTART: is required"),
    (calendar("UID:x\nDTSTART;TZID=Mars/Olympus:20241114T090000"), "unknown time zone"),
    (
        calendar("UID:x\nDTSTART;VALUE=DATE:20241114\nDTEND;VALUE=DATE:20241110"),
        "property DTEND: must not be before DTSTART",
    ),
    (
        calendar("UID:x\nDTSTART:20241114T090000Z\nDTEND:20241114T080000Z"),
        "property DTEND: must not be before DTSTART",
    ),
    (
        calendar("UID:x\nDTSTART;VALUE=DATE:20241114\nDTEND:20241115T080000Z"),
        "property DTEND: must be a DATE",
    ),
    (
        calendar("UID:x\nDTSTART;VALUE=DATE:20241114", "UID:x\nDTSTART;VALUE=DATE:20241115"),
        "property UID: is the UID of two events",
    ),
    (
        calendar("UID:x\nDTSTART;VALUE=DATE:20241114\nX-BRI-PARTICIPANT:[1]"),
        "property X-BRI-PARTICIPANT: cannot be read (must be a JSON object)",
    ),
    (
        calendar('UID:x\nDTSTART;VALUE=DATE:20241114\nX-BRI-SOURCE:{"quote":""}'),
        "property X-BRI-SOURCE: source.quote: must not be empty",
    ),
    (calendar("UID:x\nDTSTART;VALUE=DATE:20241114\nGEO:91;0\nLOCATION:L"), "property GEO"),
]


@pytest.mark.parametrize(("data", "message"), BAD, ids=[message for _, message in BAD])
def test_bad_input_raises_icalendar_error_naming_where_and_what(data: bytes, message: str) -> None:
    """Strictly read; some of these a lenient reading repairs (see test_ics_repairs)."""
    with pytest.raises(ICalendarError) as caught:
        loads_ics(data, path="feed.ics", strict=True)
    assert message.replace("<bytes>", "feed.ics") in str(caught.value)
    assert str(caught.value).startswith("feed.ics")


@given(st.data())
def test_mangled_feeds_give_a_timeline_or_an_icalendar_error(data: st.DataObject) -> None:
    lines = to_ics(load_bri()).split(b"\r\n")
    index = data.draw(st.integers(0, len(lines) - 1))
    junk = data.draw(
        st.binary(max_size=20) | st.sampled_from([b"", b"DTEND:x", b"END:VEVENT", b"UID:x"])
    )
    lines[index] = junk
    with contextlib.suppress(ICalendarError):
        loads_ics(b"\r\n".join(lines))


def test_load_ics_names_a_missing_file(tmp_path: object) -> None:
    with pytest.raises(ICalendarError, match=r"missing\.ics: cannot be read"):
        load_ics(f"{tmp_path}/missing.ics")


def test_a_file_icalendar_cannot_parse_gets_a_one_line_error() -> None:
    """icalendar's message quotes the input; ours keeps it to one line (a fuzz case)."""
    broken = b"BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\n"
    with pytest.raises(ICalendarError) as caught:  # as the previous feed: exactly one calendar
        to_ics(load_bri(), previous=broken + b"X:" + b"y" * 500 + b"\r\n")
    message = str(caught.value)
    assert "\n" not in message
    assert "\r" not in message
    assert len(message) < 400
