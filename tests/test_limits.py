"""Bounded cost: each pathological input is refused naming its limit, or handled within it.

Small limits keep the tests quick; the defaults are checked once each where that
is cheap. No test measures time: a bound is shown by what the code counts and
refuses, not by a clock.
"""

from __future__ import annotations

import os
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo, available_timezones

import pytest
from hypothesis import given
from hypothesis import strategies as st
from icalendar import Calendar, Timezone
from tests.mangling import record

from bri_timeline import (
    AllDay,
    DataFileError,
    Event,
    FeedOptions,
    Frequency,
    ICalendarError,
    InvalidArgument,
    InvalidEvent,
    Limits,
    OpenEnded,
    Recurrence,
    Timeline,
    TimeSpan,
    load,
    load_ics,
    loads,
    loads_ics,
    occurrences,
    overlaps,
    to_ics,
)
from bri_timeline.formats.ical._timezones import timezone_component
from bri_timeline.formats.json_document import loads_json
from bri_timeline.formats.json_document import read as json_document
from bri_timeline.formats.json_document.write import to_json
from bri_timeline.formats.toml import read as datafile
from bri_timeline.limits import SMALLEST_EVENT
from bri_timeline.model.recurrence import _STEP as LONGEST_PERIOD
from bri_timeline.strategies import all_day_spans, timed_spans

LONDON = ZoneInfo("Europe/London")


def calendar(*lines: str, head: str = "") -> bytes:
    body = "".join(line + "\r\n" for line in lines)
    return (
        f"BEGIN:VCALENDAR\r\nVERSION:2.0\r\n{head}BEGIN:VEVENT\r\nUID:r\r\nSUMMARY:R\r\n"
        f"{body}END:VEVENT\r\nEND:VCALENDAR\r\n"
    ).encode()


def refused(data: bytes, words: str, **options: object) -> None:
    with pytest.raises(ICalendarError, match=words):
        loads_ics(data, path="x.ics", **options)  # type: ignore[arg-type]
    record("limits: pathological .ics", "clear error")


# --- the Limits themselves --------------------------------------------------------------


def test_defaults_are_as_documented() -> None:
    assert Limits() == Limits(
        max_bytes=256 * 1024 * 1024,
        max_line_bytes=256 * 1024 * 1024,
        max_depth=16,
        max_components=2_064_889,
        max_occurrences=2_064_889,
        max_empty_months=12_000,
    )


def test_the_component_limit_never_refuses_a_feed_we_wrote_within_the_size_limit() -> None:
    # The smallest VEVENT our writer writes: one-letter id, title and domain, an instant.
    moment = TimeSpan(datetime(2024, 1, 1, tzinfo=UTC), datetime(2024, 1, 1, tzinfo=UTC))
    feed = to_ics(Timeline([Event("a", "A", moment)]), feed=FeedOptions(domain="x"))
    smallest = feed.index(b"END:VEVENT\r\n") + len(b"END:VEVENT\r\n") - feed.index(b"BEGIN:VEVENT")
    assert smallest == SMALLEST_EVENT
    # Every VEVENT and the VCALENDAR that fit in max_bytes pass max_components.
    assert Limits().max_components >= Limits().max_bytes // smallest + 1
    assert Limits().max_occurrences == Limits().max_components


@pytest.mark.parametrize("value", [0, -1, True, 1.5, "10", None])
def test_a_limit_is_a_positive_int(value: object) -> None:
    with pytest.raises(InvalidArgument, match="max_depth: must be an int of 1 or more"):
        Limits(max_depth=value)  # type: ignore[arg-type]


def test_loaders_refuse_limits_of_another_kind() -> None:
    with pytest.raises(InvalidArgument, match="limits: must be a Limits"):
        loads("", limits={"max_bytes": 1})  # type: ignore[arg-type]


# --- iCalendar: size, lines, nesting, components -------------------------------------------


def test_a_50_mb_line_is_refused_by_size_before_anything_is_parsed() -> None:
    line = b"DESCRIPTION:" + b"x" * (50 * 1024 * 1024)
    refused(
        calendar("DTSTART:20240101T000000Z", line.decode()),
        r"larger than the limit of 16777216",
        limits=Limits(max_bytes=16 * 1024 * 1024),
    )


def test_a_long_line_is_refused_naming_it() -> None:
    data = calendar("DTSTART:20240101T000000Z", "DESCRIPTION:" + "é" * 600_000)  # 1.2 MB
    refused(
        data,
        r"x\.ics:7: has a line longer than the limit of 1048576 bytes",
        limits=Limits(max_line_bytes=1024 * 1024),
    )


def test_a_folded_line_is_measured_unfolded() -> None:
    folded = "\r\n ".join(["x" * 70] * 100)  # 7,000 bytes in lines of 70
    data = calendar("DTSTART:20240101T000000Z", "DESCRIPTION:" + folded)
    refused(data, r"Limits\.max_line_bytes", limits=Limits(max_line_bytes=5_000))
    assert len(loads_ics(data, limits=Limits(max_line_bytes=8_000))) == 1


def test_100000_nested_components_are_refused_at_the_depth_limit() -> None:
    data = b"BEGIN:VCALENDAR\r\n" + b"BEGIN:VEVENT\r\n" * 100_000 + b"END:VEVENT\r\n" * 100_000
    refused(data, r"x\.ics:17: components nest deeper than the limit of 16")


def test_too_many_components_are_refused() -> None:
    data = b"BEGIN:VCALENDAR\r\n" + b"BEGIN:X\r\nEND:X\r\n" * 1_001 + b"END:VCALENDAR\r\n"
    refused(data, r"more components than the limit of 1000", limits=Limits(max_components=1000))


def test_a_file_is_read_no_further_than_the_limit(tmp_path: Path) -> None:
    if not os.path.exists("/dev/zero"):
        pytest.skip("no /dev/zero here")
    with pytest.raises(ICalendarError, match="larger than the limit of 1000"):
        load_ics("/dev/zero", limits=Limits(max_bytes=1000))
    with pytest.raises(DataFileError, match="larger than the limit of 1000"):
        load("/dev/zero", limits=Limits(max_bytes=1000))
    record("limits: a file with no end", "clear error")


# --- iCalendar: repeats --------------------------------------------------------------------

FOREVER = calendar("DTSTART:20240101T090000Z", "RRULE:FREQ=DAILY")
MONDAYS = "FREQ=WEEKLY;BYDAY=MO"
FOREVER_MONDAYS = calendar("DTSTART:20240101T090000Z", f"RRULE:{MONDAYS}")


@pytest.mark.parametrize(
    ("data", "rule"),
    [(FOREVER, Recurrence(Frequency.DAILY)), (FOREVER_MONDAYS, Recurrence.from_rrule(MONDAYS))],
    ids=["simple", "with BYDAY"],
)
def test_a_repeat_without_end_over_an_unbounded_window_is_refused(
    data: bytes, rule: Recurrence
) -> None:
    (event,) = loads_ics(data)  # without a window, the rule is kept as the event's Recurrence
    assert event.recurrence == rule
    refused(
        data,
        r"more than 500 occurrences \(Limits\.max_occurrences\)",
        window=OpenEnded(date(2024, 1, 1)),
        limits=Limits(max_occurrences=500),
    )


def test_occurrences_walked_before_the_window_count() -> None:
    window = AllDay(date(2030, 1, 1), date(2030, 1, 7))
    # With COUNT and a BY part, which starts were skipped is known only by walking them.
    refused(
        calendar("DTSTART:20240101T090000Z", f"RRULE:{MONDAYS};COUNT=1000"),
        r"more than 300 occurrences",
        window=window,
        limits=Limits(max_occurrences=300),
    )
    # A rule without COUNT skips to the window without walking: 7 days, not 2,200
    # occurrences; 1 Monday, not 313.
    assert len(loads_ics(FOREVER, window=window, limits=Limits(max_occurrences=300))) == 7
    assert len(loads_ics(FOREVER_MONDAYS, window=window, limits=Limits(max_occurrences=300))) == 1


def test_count_of_a_billion_is_kept_as_a_rule_and_exported_cheaply() -> None:
    data = calendar(
        "DTSTART;TZID=Europe/London:20240101T090000", "RRULE:FREQ=DAILY;COUNT=1000000000"
    )
    (event,) = loads_ics(data)
    assert event.recurrence == Recurrence(Frequency.DAILY, count=10**9)
    feed = to_ics(Timeline([event]))  # its VTIMEZONE is scanned to 2108, not to 9999
    assert loads_ics(feed) == Timeline([event])
    window = AllDay(date(9000, 1, 1), date(9000, 1, 3))
    assert [e.id for e in loads_ics(data, window=window)] == [
        "r+90000101T090000Z",
        "r+90000102T090000Z",
        "r+90000103T090000Z",
    ]
    record("limits: COUNT=10**9", "handled")


def test_count_of_a_billion_expanded_is_refused_at_the_occurrence_limit() -> None:
    data = calendar(
        "DTSTART:20240101T090000Z", "RRULE:FREQ=SECONDLY;BYSECOND=0,30;COUNT=1000000000"
    )
    (event,) = loads_ics(data, limits=Limits(max_occurrences=1000))  # kept as a rule
    assert event.recurrence is not None
    assert event.recurrence.count == 10**9
    # A day later: 2,880 starts a day are walked to reach the window.
    window = AllDay(date(2024, 1, 2))
    refused(data, r"more than 1000 occurrences", window=window, limits=Limits(max_occurrences=1000))


@pytest.mark.parametrize(
    "rule",
    [
        "FREQ=DAILY;BYMONTH=2;BYMONTHDAY=30;COUNT=3",
        "FREQ=SECONDLY;BYMONTH=4;BYMONTHDAY=31;COUNT=3",
        "FREQ=MONTHLY;BYMONTH=2;BYMONTHDAY=30;COUNT=3",
        "FREQ=MONTHLY;BYSETPOS=6;BYDAY=MO;COUNT=3",
        "FREQ=DAILY;INTERVAL=7;BYDAY=TU;COUNT=3",
        # A yearly rule's year counts twelve months: it is refused as soon, not after
        # 200 years (and, at the default, walked to the year 9999 and ended quietly).
        "FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30;COUNT=3",
        "FREQ=YEARLY;BYMONTH=4;BYMONTHDAY=31",
        "FREQ=YEARLY;INTERVAL=4;BYYEARDAY=366;BYMONTH=1;COUNT=2",
    ],
)
def test_a_rule_that_never_matches_is_refused_at_the_empty_month_limit(rule: str) -> None:
    # This also checks that the hook on dateutil's walk (model._walk.watch) still fires.
    data = calendar("DTSTART:20240101T090000Z", f"RRULE:{rule}")
    refused(
        data, r"more than 200 months without an occurrence", limits=Limits(max_empty_months=200)
    )


@pytest.mark.parametrize(
    "rule",
    [
        "FREQ=HOURLY;BYSETPOS=2",
        "FREQ=MINUTELY;BYSECOND=1,2;BYSETPOS=-3",
        "FREQ=DAILY;BYSETPOS=2",
        "FREQ=DAILY;BYHOUR=9,10;BYMINUTE=0;BYSETPOS=3,-3",
    ],
)
@pytest.mark.parametrize("ending", [";COUNT=2", ""])
def test_a_bysetpos_no_period_reaches_is_refused_before_the_walk(rule: str, ending: str) -> None:
    # A walk would meet an empty period each minute (or hour, or day) for 1,000 years.
    data = calendar("DTSTART:20240101T090000Z", f"RRULE:{rule}{ending}")
    refused(data, "BYSETPOS never matches")
    refused(data, "BYSETPOS never matches", window=AllDay(date(2024, 1, 1)))
    with pytest.raises(InvalidEvent, match=r"recurrence\.bysetpos: BYSETPOS never matches"):
        Recurrence.from_rrule(rule + ending)


def test_sparse_rules_that_match_are_read() -> None:
    data = calendar(
        "DTSTART;VALUE=DATE:20240229", "RRULE:FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=29;COUNT=3"
    )
    # 2024 to 2040 holds 13 years without a 29 February: 156 months, counted in all.
    limits = Limits(max_empty_months=160)
    (event,) = loads_ics(data, limits=limits)
    assert [time.first for time in occurrences(event, limits=limits)] == [  # type: ignore[union-attr]
        date(2024, 2, 29),
        date(2028, 2, 29),
        date(2032, 2, 29),
    ]
    window = AllDay(date(2024, 1, 1), date(2040, 1, 1))
    assert [e.id for e in loads_ics(data, window=window, limits=limits)] == [
        "r+20240229",
        "r+20280229",
        "r+20320229",
    ]
    friday = calendar(
        "DTSTART:20240913T090000Z", "RRULE:FREQ=MONTHLY;BYDAY=FR;BYMONTHDAY=13;COUNT=4"
    )
    (event,) = loads_ics(friday)
    assert len(list(occurrences(event))) == 4


# --- iCalendar: far years --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "outcome"),
    [
        ("DTSTART;VALUE=DATE:00010101", "handled"),
        ("DTSTART;TZID=America/Los_Angeles:00010101T000000", "handled"),
        ("DTSTART;TZID=Pacific/Kiritimati:99991231T235959", "handled"),
        ("DTSTART:99991231T235959Z", "handled"),
        ("DTSTART;VALUE=DATE:99991230", "handled"),
        ("DTSTART;VALUE=DATE:99991231", "last: must be before 9999-12-31"),
        ("DTSTART:00000101T000000Z", "is not a valid date or date-time"),
        ("DTSTART:100000101T000000Z", "is not a valid date or date-time"),
        ("DTSTART:99991231T235959Z\r\nDURATION:P2D", "property DURATION: cannot be read"),
        ("DTSTART;TZID=Pacific/Pago_Pago:99991231T230000", "property DTSTART: is too close"),
    ],
)
def test_far_past_and_far_future_years(start: str, outcome: str) -> None:
    data = calendar(*start.split("\r\n"))
    if outcome != "handled":
        refused(data, outcome)
        return
    timeline = loads_ics(data)
    assert loads_ics(to_ics(timeline)) == timeline
    record("limits: far years", "handled")


def test_a_rule_to_the_year_9999_ends_there() -> None:
    data = calendar("DTSTART;VALUE=DATE:99900101", "RRULE:FREQ=YEARLY")
    assert len(loads_ics(data, window=OpenEnded(date(9990, 1, 1)))) == 10


# --- data files and JSON -------------------------------------------------------------------


def test_data_files_and_json_are_refused_beyond_the_size_limit() -> None:
    text = '[[events]]\nid = "x"\ntitle = "X"\nwhen = "2024"\n'
    with pytest.raises(DataFileError, match=r"is larger than the limit of 20 bytes"):
        loads(text, limits=Limits(max_bytes=20))
    document = to_json(Timeline([Event("x", "X", AllDay(date(2024, 1, 1)))]))
    with pytest.raises(DataFileError, match=r"is larger than the limit of 20 bytes"):
        loads_json(document, limits=Limits(max_bytes=20))


def test_lines_are_searched_for_only_to_name_an_error(monkeypatch: pytest.MonkeyPatch) -> None:
    # Searching each event's line as it was read cost time in the square of the file.
    events = "".join(f'[[events]]\nid = "e{i}"\ntitle = "E"\nwhen = "2024"\n' for i in range(2000))

    def never(*_: object) -> None:
        raise AssertionError("a line was searched for with no error to name it")

    monkeypatch.setattr(datafile._Context, "locate", never)
    monkeypatch.setattr(json_document._Reader, "locate", never)
    timeline = loads(events)
    assert len(loads_json(to_json(timeline))) == 2000


def test_the_line_of_an_error_is_still_found() -> None:
    good = "".join(f'[[events]]\nid = "e{i}"\ntitle = "E"\nwhen = "2024"\n' for i in range(499))
    bad = '[[events]]\nid = "e499"\ntitle = "E"\nwhen = "x"\n'
    with pytest.raises(DataFileError, match=r"<string>:1998: event 'e499': field 'when'"):
        loads(good + bad)


# --- occurrences: skip to the window by counting ------------------------------------------------


def _recurrences(*, all_day: bool) -> st.SearchStrategy[Recurrence]:
    # An all-day event repeats at most daily.
    frequencies = [
        f for f in Frequency if not all_day or f.value in ("DAILY", "WEEKLY", "MONTHLY", "YEARLY")
    ]
    return st.builds(
        lambda frequency, interval, kind, count, days: Recurrence(
            frequency,
            interval=interval,
            count=count if kind == "count" else None,
            until=date(2020, 1, 1) + timedelta(days=days) if kind == "until" else None,
        ),
        st.sampled_from(frequencies),
        st.integers(1, 5),
        st.sampled_from(["count", "until", "neither"]),
        st.integers(1, 200),
        st.integers(-400, 6000),
    )


@st.composite
def _skips(draw: st.DrawFn) -> tuple[Event, AllDay | TimeSpan, datetime]:
    """A repeating event, a window some periods of its rule (at most 15 years) later, its reach.

    The window is measured in periods so that the walk the test compares with stays
    short: for a rule of seconds, a window of days would hold a million occurrences.
    """
    time = draw(
        st.one_of(
            all_day_spans(min_year=2019, max_year=2021), timed_spans(min_year=2019, max_year=2021)
        )
    )
    recurrence = draw(_recurrences(all_day=isinstance(time, AllDay)))
    step = LONGEST_PERIOD[recurrence.frequency] * recurrence.interval
    origin = (
        time.start.astimezone(UTC)  # in UTC, so that steps never land in a gap of the clock
        if isinstance(time, TimeSpan)
        else datetime.combine(time.first, datetime.min.time(), UTC)
    )
    lo = origin + min(draw(st.integers(-10, 3000)) * step, timedelta(days=15 * 366))
    hi = lo + min(draw(st.integers(1, 50)) * step, timedelta(days=400))
    window: AllDay | TimeSpan = TimeSpan(lo, hi)
    if step >= timedelta(days=1) and draw(st.booleans()):
        window = AllDay(lo.date(), hi.date())
    return Event("e", "E", time, recurrence=recurrence), window, hi + timedelta(days=2)


@given(_skips())
def test_skipping_to_the_window_gives_what_walking_gives(
    case: tuple[Event, AllDay | TimeSpan, datetime],
) -> None:
    event, window, reach = case
    # From before the event's own start, nothing is skipped: the walk.
    walked = occurrences(event, TimeSpan(datetime(1900, 1, 1, tzinfo=UTC), reach))
    assert list(occurrences(event, window)) == [o for o in walked if overlaps(o, window)]


def test_the_year_9000_of_a_daily_event_costs_no_walk() -> None:
    event = Event(
        "e",
        "E",
        TimeSpan(datetime(2024, 1, 1, 9, tzinfo=LONDON)),
        recurrence=Recurrence(Frequency.DAILY),
    )
    (found,) = occurrences(event, AllDay(date(9000, 7, 1)))
    assert found == TimeSpan(datetime(9000, 7, 1, 9, tzinfo=LONDON))


# --- VTIMEZONE: a scan that stops at 2100 is right to the year 9999 -------------------------------


def test_no_zone_lists_a_change_of_its_own_after_2100() -> None:
    # After its last listed change, zoneinfo repeats a zone's final rule, which follows the
    # Gregorian calendar: the same instants 400 years apart have the same offset and name.
    found = []
    for name in sorted(available_timezones() - {"localtime"}):
        zone = ZoneInfo(name)
        moment = datetime(2100, 1, 1, tzinfo=UTC)
        while moment.year < 2104:
            later = moment.replace(year=moment.year + 400)
            here, there = moment.astimezone(zone), later.astimezone(zone)
            if (here.utcoffset(), here.tzname()) != (there.utcoffset(), there.tzname()):
                found.append(name)
                break
            moment += timedelta(days=6, hours=7)
    assert found == []


@pytest.mark.parametrize("name", ["Europe/London", "America/New_York", "Africa/Casablanca"])
def test_a_vtimezone_for_the_year_9999_is_right_there(name: str) -> None:
    zone = ZoneInfo(name)
    first = datetime(2024, 1, 1, tzinfo=UTC)
    component = timezone_component(zone, first, datetime(9999, 1, 1, tzinfo=UTC))
    assert (
        component.to_ical()
        == timezone_component(zone, first, datetime(2100, 1, 1, tzinfo=UTC)).to_ical()
    )
    text = b"BEGIN:VCALENDAR\r\n" + component.to_ical() + b"END:VCALENDAR\r\n"
    (found,) = Calendar.from_ical(text).walk("VTIMEZONE")
    assert isinstance(found, Timezone)
    tz = found.to_tz()
    for year in (2150, 2600, 5000):
        for month in (1, 4, 7, 10):
            moment = datetime(year, month, 15, 12, tzinfo=UTC)
            assert moment.astimezone(tz).utcoffset() == moment.astimezone(zone).utcoffset()
