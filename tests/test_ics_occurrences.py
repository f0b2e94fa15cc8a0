"""The occurrences of an imported calendar are recurring-ical-events' (issue 15, point 3).

icalendar 7 with recurring-ical-events 3 is the oracle: for each hand-written file
(a clause of RFC 5545 as Google, Outlook or Apple write it) and for drawn series
with a ``RANGE=THISANDFUTURE`` change, the set of (start instant, title) pairs of
the occurrences in a window is theirs, over several windows; and so it stays
after an export and a reading back, by us and by them.

recurring-ical-events also drops the occurrence whose wall time is a
RECURRENCE-ID read in UTC (see ``_ghosts`` in ``test_rrule.py``); the drawn rules
are daily or coarser at one time of day, where that cannot happen.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import attrs
import pytest
import recurring_ical_events
from hypothesis import example, given
from hypothesis import strategies as st
from icalendar import Calendar

from bri_timeline import AllDay, Event, ICalendarError, Timeline, TimeSpan, from_ics, to_ics
from bri_timeline.formats.ical._mapping import DTSTART, Prop, point_item
from bri_timeline.formats.ical._overrides import recurrence_id_item
from bri_timeline.model.recurrence import occurrences
from bri_timeline.model.rrule import Frequency
from bri_timeline.strategies import all_day_spans, recurrences, timed_spans

Seen = set[tuple[object, str]]


def _instant(value: date | datetime) -> object:
    return value.astimezone(UTC) if isinstance(value, datetime) else value


def _reference(feed: bytes, low: datetime, high: datetime) -> Seen:
    found = recurring_ical_events.of(Calendar.from_ical(feed)).between(low, high)
    return {(_instant(item["DTSTART"].dt), str(item.get("SUMMARY", ""))) for item in found}


def _ours(timeline: Timeline, low: datetime, high: datetime) -> Seen:
    seen = set()
    for event in timeline.overlapping(TimeSpan(low, high)):
        when = event.time
        start = when.start if isinstance(when, TimeSpan) else when.first  # type: ignore[union-attr]
        seen.add((_instant(start), event.title))
    return seen


def _calendar(*vevents: str, head: str = "") -> bytes:
    text = "BEGIN:VCALENDAR\nVERSION:2.0\nPRODID:-//test//EN\n" + head
    for vevent in vevents:
        text += "BEGIN:VEVENT\nDTSTAMP:20240101T000000Z\n" + vevent.strip() + "\nEND:VEVENT\n"
    return (text + "END:VCALENDAR\n").replace("\n", "\r\n").encode()


def _change(
    uid: str, original: str, start: str, title: str = "Moved", length: str = "PT30M"
) -> str:
    """A VEVENT's lines: UID, two lines (RECURRENCE-ID and DTSTART, or DTSTART and RRULE), more."""
    return f"UID:{uid}\n{original}\n{start}\nDURATION:{length}\nSUMMARY:{title}\n"


def _windows(first: datetime, days: int) -> list[tuple[datetime, datetime]]:
    """The whole span, and slices of it: a week, a month, and one from the middle on."""
    end = first + timedelta(days=days)
    return [
        (first - timedelta(days=1), end),
        (first + timedelta(days=7), first + timedelta(days=14)),
        (first + timedelta(days=20), first + timedelta(days=51)),
        (first + timedelta(days=days // 2), end),
    ]


def _check(feed: bytes, first: datetime, days: int, **options: object) -> Timeline:
    """Our reading of ``feed`` agrees with the oracle's, with or without a window, and read back."""
    timeline = from_ics(feed, **options)  # type: ignore[arg-type]
    back = to_ics(timeline)
    again = from_ics(back)
    for low, high in _windows(first, days):
        theirs = _reference(feed, low, high)
        assert _ours(timeline, low, high) == theirs
        windowed = from_ics(feed, window=TimeSpan(low, high), **options)  # type: ignore[arg-type]
        assert _ours(windowed, low, high) == theirs
        assert _ours(again, low, high) == theirs
        assert _reference(back, low, high) == theirs
    return timeline


# --- RANGE=THISANDFUTURE ------------------------------------------------------------------

GOOGLE_FOLLOWING = (
    """
UID:weekly@google.com
DTSTART;TZID=America/New_York:20250106T090000
DTEND;TZID=America/New_York:20250106T093000
RRULE:FREQ=WEEKLY
SUMMARY:Planning
""",
    _change(
        "weekly@google.com",
        "RECURRENCE-ID;RANGE=THISANDFUTURE;TZID=America/New_York:20250303T090000",
        "DTSTART;TZID=America/New_York:20250304T100000",
        "Planning (Tuesdays)",
        "PT1H",
    ),
)


def test_an_endless_series_changed_this_and_following_is_two_series() -> None:
    timeline = _check(_calendar(*GOOGLE_FOLLOWING), datetime(2025, 1, 6, tzinfo=UTC), 200)
    first, rest = timeline
    assert (first.id, first.uid) == ("weekly@google.com", "weekly@google.com")
    assert (rest.id, rest.uid) == ("weekly@google.com+20250303T140000Z", None)
    assert rest.recurrence is not None
    assert rest.recurrence.until is None  # still endless
    # Across the change of clock in March, 10:00 stays 10:00 in New York.
    starts = [time.start.hour for time in occurrences(rest, TimeSpan(  # type: ignore[union-attr]
        datetime(2025, 3, 1, tzinfo=UTC), datetime(2025, 4, 1, tzinfo=UTC)))]  # fmt: skip
    assert starts == [10, 10, 10, 10]  # the Tuesdays 4, 11, 18 and 25


ISSUE_75 = (
    """
UID:210
DTSTART:20240901T120000Z
DTEND:20240901T140000Z
RRULE:FREQ=DAILY;INTERVAL=2;UNTIL=20250920
RDATE:20240914T090000Z
SUMMARY:Original
""",
    """
UID:210
RECURRENCE-ID;RANGE=THISANDFUTURE:20240913T120000Z
DTSTART:20240913T090000Z
DTEND:20240913T160000Z
SEQUENCE:1
SUMMARY:Modified
""",
    """
UID:210
RECURRENCE-ID:20240915T120000Z
DTSTART:20240915T170000Z
DTEND:20240915T190000Z
SEQUENCE:1
SUMMARY:Moved once
""",
    """
UID:210
RECURRENCE-ID;RANGE=THISANDFUTURE:20240921T120000Z
DTSTART:20240922T142200Z
DTEND:20240922T161300Z
SEQUENCE:1
SUMMARY:Edited
""",
)


def test_two_changes_each_rule_until_the_next_with_an_rdate_and_a_single_change() -> None:
    timeline = _check(_calendar(*ISSUE_75), datetime(2024, 9, 1, tzinfo=UTC), 400)
    assert [event.title for event in timeline] == ["Original", "Modified", "Edited"]


_BERLIN_FOLLOWING = "RECURRENCE-ID;RANGE=THISANDFUTURE;TZID=Europe/Berlin:20250204T180000"
_BERLIN_START = "DTSTART;TZID=Europe/Berlin:20250204T180000"
APPLE_RETITLED = (
    """
UID:ABC-123
DTSTART;TZID=Europe/Berlin:20250107T180000
DTEND;TZID=Europe/Berlin:20250107T190000
RRULE:FREQ=WEEKLY;BYDAY=TU,TH;COUNT=30
EXDATE;TZID=Europe/Berlin:20250213T180000
SUMMARY:Choir
""",
    # Apple's "all future events": the same start, a new title and length.
    _change("ABC-123", _BERLIN_FOLLOWING, _BERLIN_START, "Choir (longer)", "PT2H"),
)


def test_a_retitled_following_keeps_the_by_parts_count_and_exdate() -> None:
    timeline = _check(_calendar(*APPLE_RETITLED), datetime(2025, 1, 7, tzinfo=UTC), 120)
    assert len(timeline) == 2


def test_a_single_change_in_utc_moves_with_its_part_on_the_series_clock() -> None:
    # Moved by a day across the change of clock of 9 March: the change of 8 March, named in
    # UTC, is the part's start of 9 March at 09:00 in New York, 13:00 UTC (not 14:00).
    new_york = "TZID=America/New_York:"
    series = _change("d", f"DTSTART;{new_york}20250225T090000", "RRULE:FREQ=DAILY", "Daily")
    following = f"RECURRENCE-ID;RANGE=THISANDFUTURE;{new_york}20250301T090000"
    shifted = _change("d", following, f"DTSTART;{new_york}20250302T090000", "Shifted")
    single = _change("d", "RECURRENCE-ID:20250308T140000Z", "DTSTART:20250308T200000Z")
    timeline = _check(_calendar(series, shifted, single), datetime(2025, 2, 24, tzinfo=UTC), 40)
    assert timeline.get("d+20250301T140000Z").overrides[0].original == datetime(
        2025, 3, 9, 13, tzinfo=UTC
    )


def test_a_change_that_no_one_rule_gives_is_expanded_with_a_window_or_when_it_ends() -> None:
    moved_by_a_day = (
        GOOGLE_FOLLOWING[0].replace("RRULE:FREQ=WEEKLY", "RRULE:FREQ=WEEKLY;BYDAY=MO,WE;COUNT=20"),
        GOOGLE_FOLLOWING[1],
    )
    timeline = _check(_calendar(*moved_by_a_day), datetime(2025, 1, 6, tzinfo=UTC), 80)
    assert all(event.recurrence is None for event in timeline)


def test_a_cancelled_following_cancels_the_rest_as_the_oracle_keeps_them() -> None:
    cancelled = GOOGLE_FOLLOWING[0], GOOGLE_FOLLOWING[1] + "STATUS:CANCELLED\n"
    timeline = _check(_calendar(*cancelled), datetime(2025, 1, 6, tzinfo=UTC), 100)
    assert timeline.get("weekly@google.com+20250303T140000Z").status is not None


# --- UNTIL, RDATE, EXDATE, RECURRENCE-ID --------------------------------------------------


@pytest.mark.parametrize(
    ("until", "head"),
    [
        ("UNTIL=20250110T080000Z", ""),  # Outlook: the instant of the last start, in UTC
        ("UNTIL=20250110T075959Z", ""),  # a second before it: that start is not one
        ("UNTIL=20250110", ""),  # a day for a date-time start (RFC 5545 wants a date-time)
        # A floating start in the calendar's zone: UNTIL as for a zoned start.
        ("UNTIL=20250110T030000Z", "X-WR-TIMEZONE:Asia/Tokyo\n"),
        ("UNTIL=20250110", "X-WR-TIMEZONE:Asia/Tokyo\n"),
    ],
)
def test_until_against_a_local_or_floating_start(until: str, head: str) -> None:
    start = "DTSTART:20250106T090000" if head else "DTSTART;TZID=Europe/Berlin:20250106T090000"
    vevent = f"UID:u\n{start}\nDURATION:PT1H\nRRULE:FREQ=DAILY;{until}\nSUMMARY:Daily\n"
    _check(_calendar(vevent, head=head), datetime(2025, 1, 5, tzinfo=UTC), 10)


@pytest.mark.parametrize("until", ["20250110T030000Z", "20250110"])
def test_until_of_a_floating_start_without_a_calendar_zone_is_on_its_clock(until: str) -> None:
    vevent = f"UID:u\nDTSTART:20250106T090000\nDURATION:PT1H\nRRULE:FREQ=DAILY;UNTIL={until}\n"
    feed = _calendar(vevent + "SUMMARY:Daily\n")
    # recurring-ical-events gives floating times: its wall times are ours in the tz given.
    theirs = recurring_ical_events.of(Calendar.from_ical(feed)).between(
        datetime(2025, 1, 1), datetime(2025, 2, 1)
    )
    ours = from_ics(feed, tz="Asia/Tokyo")
    found = occurrences(next(iter(ours)))
    walls = [time.start.replace(tzinfo=None) for time in found if isinstance(time, TimeSpan)]
    assert walls == sorted(item["DTSTART"].dt for item in theirs)
    assert len(walls) == 4  # the last start at 09:00 is after UNTIL's 03:00 or 00:00


CLINIC = """
UID:p
DTSTART;TZID=Europe/London:20250106T090000
DTEND;TZID=Europe/London:20250106T100000
RRULE:FREQ=WEEKLY;COUNT=4
RDATE;VALUE=PERIOD:20250108T120000Z/20250108T150000Z,20250110T120000Z/PT30M
SUMMARY:Clinic
"""


def test_rdates_as_periods_and_days() -> None:
    periods = CLINIC
    days = """
UID:d
DTSTART;VALUE=DATE:20250106
RRULE:FREQ=MONTHLY;COUNT=3
RDATE;VALUE=DATE:20250115,20250120
SUMMARY:Rent
"""
    _check(_calendar(periods, days), datetime(2025, 1, 5, tzinfo=UTC), 100)


def test_a_day_exdate_leaves_out_every_start_of_that_day_on_a_timed_series() -> None:
    vevent = """
UID:x
DTSTART;TZID=America/Los_Angeles:20250106T230000
DURATION:PT1H
RRULE:FREQ=DAILY;COUNT=10
EXDATE;VALUE=DATE:20250108,20250111
SUMMARY:Late
"""
    (event,) = _check(_calendar(vevent), datetime(2025, 1, 5, tzinfo=UTC), 14)
    assert event.recurrence is not None  # kept as one rule, each day's start left out
    assert len(list(occurrences(event))) == 8
    endless = vevent.replace(";COUNT=10", ";BYHOUR=9,23").replace("20250111", "20250111,20250301")
    (event,) = _check(_calendar(endless), datetime(2025, 1, 5, tzinfo=UTC), 90)
    assert event.recurrence is not None
    assert len(event.recurrence.exdates) == 6  # 09:00 and 23:00 of each of the three days


def test_a_day_rdate_on_a_timed_series_is_midnight_on_its_clock() -> None:
    start, rule = "DTSTART;TZID=Asia/Kolkata:20250106T173000", "RRULE:FREQ=WEEKLY"
    vevent = _change("r", start, rule, "Yoga", "PT45M") + "RDATE;VALUE=DATE:20250109,20250110\n"
    _check(_calendar(vevent), datetime(2025, 1, 5, tzinfo=UTC), 30)


def test_a_recurrence_id_in_another_zone_is_matched_by_instant() -> None:
    new_york = "DTSTART;TZID=America/New_York:20250106T090000"
    series = _change("z", new_york, "RRULE:FREQ=DAILY;COUNT=5", "Sync")
    utc = _change("z", "RECURRENCE-ID:20250107T140000Z", "DTSTART:20250107T170000Z", "Late")
    tokyo = _change(
        "z",
        "RECURRENCE-ID;TZID=Asia/Tokyo:20250109T230000",
        "DTSTART;TZID=Asia/Tokyo:20250110T000000",
        "Sync (Tokyo)",
    )
    timeline = _check(_calendar(series, utc, tokyo), datetime(2025, 1, 5, tzinfo=UTC), 10)
    (event,) = timeline
    assert len(event.overrides) == 2


def test_occurrences_moved_into_and_out_of_a_window() -> None:
    series = """
UID:m
DTSTART;TZID=Europe/Paris:20250106T090000
DURATION:PT1H
RRULE:FREQ=WEEKLY
SUMMARY:Weekly
"""
    paris = "RECURRENCE-ID;TZID=Europe/Paris:"
    out = _change("m", paris + "20250113T090000", "DTSTART;TZID=Europe/Paris:20250415T090000")
    into = _change("m", paris + "20250505T090000", "DTSTART;TZID=Europe/Paris:20250116T090000")
    _check(_calendar(series, out, into), datetime(2025, 1, 6, tzinfo=UTC), 150)


# --- drawn series with a THISANDFUTURE change ---------------------------------------------

_coarse = recurrences().filter(
    lambda rule: rule.frequency in (Frequency.DAILY, Frequency.WEEKLY, Frequency.MONTHLY,
                                    Frequency.YEARLY)
    and not (rule.byhour or rule.byminute or rule.bysecond)
    # dateutil (the oracle's walk) finds nothing where ordinal and plain weekdays mix.
    and len({day.nth is None for day in rule.byday}) < 2
)  # fmt: skip


def _line(prop: Prop, value: date | datetime, *extra: tuple[str, str]) -> str:
    name, params, text = point_item(prop, value)
    return name + "".join(f";{key}={item}" for key, item in (*extra, *params)) + ":" + text


@st.composite
def _changed_series(draw: st.DrawFn) -> tuple[bytes, datetime]:
    """A drawn series, one or two THISANDFUTURE changes of it, and perhaps a single change."""
    time = draw(
        timed_spans(min_year=2000, max_year=2030) | all_day_spans(min_year=2000, max_year=2030)
    )
    if isinstance(time, TimeSpan):
        end = time.start.astimezone(UTC) + min(time.duration, timedelta(hours=30))
        time = TimeSpan(time.start, end.astimezone(time.start.tzinfo))
    rule = draw(_coarse)
    if isinstance(rule.until, date) != isinstance(time, AllDay):
        rule = attrs.evolve(rule, until=None)
    series = Event("s", "Series", time, recurrence=rule)
    first = _start(time)
    window = TimeSpan(_utc(first), _utc(first) + timedelta(days=3000))
    starts = [_start(item) for item in occurrences(series, window)][:12]
    chosen = draw(st.lists(st.sampled_from(starts), min_size=1, max_size=3, unique=True))
    single = len(chosen) > 1 and draw(st.booleans())
    vevents = []
    for number, original in enumerate(chosen):
        if isinstance(original, datetime):
            shift = timedelta(minutes=15 * draw(st.just(0) | st.integers(-288, 288)))
            length = f"PT{draw(st.integers(0, 300))}M"
        else:
            shift = timedelta(days=draw(st.just(0) | st.integers(-3, 3)))
            length = f"P{draw(st.integers(1, 3))}D"
        ranged = () if single and number == 0 else (("RANGE", "THISANDFUTURE"),)
        name, params, value = recurrence_id_item(series, original)
        rid = name + "".join(f";{key}={item}" for key, item in (*ranged, *params)) + ":" + value
        title = draw(st.sampled_from(["Changed", "Later", "Series"]))
        vevents.append(
            "BEGIN:VEVENT\r\nUID:s@bri-timeline.invalid\r\nDTSTAMP:20240101T000000Z\r\n"
            f"{rid}\r\n{_line(DTSTART, original + shift)}\r\nDURATION:{length}\r\n"
            f"SUMMARY:{title}\r\nEND:VEVENT\r\n"
        )
    feed = to_ics(Timeline([series])).decode()
    return feed.replace("END:VCALENDAR", "".join(vevents) + "END:VCALENDAR").encode(), _utc(first)


def _start(time: object) -> date | datetime:
    return time.start if isinstance(time, TimeSpan) else time.first  # type: ignore[attr-defined]


def _utc(value: date | datetime) -> datetime:
    if isinstance(value, datetime):
        return value.astimezone(UTC)
    return datetime.combine(value, datetime.min.time(), UTC)


# A change to the first 01:00 of a night of two (BST), of the second (GMT): an hour earlier as
# instants, none on the wall clock. Found by a random pass.
_FOLD_CHANGE = (
    b"BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nSUMMARY:Series\r\n"
    b"DTSTART;X-BRI-TZID=Europe/London:20001029T010000Z\r\nDTSTAMP:20261207T000000Z\r\n"
    b"UID:s@bri-timeline.invalid\r\nRRULE:FREQ=DAILY\r\n"
    b"X-BRI-EDTF:2000-10-29T01:00:00+00:00\r\nEND:VEVENT\r\n"
    b"BEGIN:VEVENT\r\nUID:s@bri-timeline.invalid\r\nDTSTAMP:20240101T000000Z\r\n"
    b"RECURRENCE-ID;RANGE=THISANDFUTURE:20001029T010000Z\r\n"
    b"DTSTART;TZID=Europe/London:20001029T010000\r\nDURATION:PT0M\r\n"
    b"SUMMARY:Changed\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
)


@example((_FOLD_CHANGE, datetime(2000, 10, 29, 1, tzinfo=UTC)), 0, 1)
@given(_changed_series(), st.integers(-30, 400), st.integers(1, 200))
def test_drawn_this_and_future_changes_agree_with_recurring_ical_events(
    drawn: tuple[bytes, datetime], offset: int, days: int
) -> None:
    feed, first = drawn
    low = first + timedelta(days=offset)
    high = low + timedelta(days=days)
    theirs = _reference(feed, low, high)
    assert _ours(from_ics(feed, window=TimeSpan(low, high)), low, high) == theirs
    try:
        whole = from_ics(feed)
    except ICalendarError as error:  # an endless series that no rule holds: with a window only
        assert "repeats for ever" in str(error)  # noqa: PT017
        return
    assert _ours(whole, low, high) == theirs
    back = to_ics(whole)
    assert _ours(from_ics(back), low, high) == theirs
    assert _reference(back, low, high) == theirs


def test_a_period_rdate_keeps_its_length_when_the_series_is_expanded() -> None:
    rules = "RRULE:FREQ=DAILY;COUNT=5\nRRULE:FREQ=WEEKLY;COUNT=3"
    feed = _calendar(CLINIC.replace("RRULE:FREQ=WEEKLY;COUNT=4", rules))  # two RRULEs: expanded
    _check(feed, datetime(2025, 1, 5, tzinfo=UTC), 10)
    # recurring-ical-events looks for starts only as far back as the series' own length (an
    # hour) before a window, so it misses the period from 13:00 on; RFC 5545 gives it its
    # three hours, as the kept rule does.
    period = (datetime(2025, 1, 8, 12, tzinfo=UTC), datetime(2025, 1, 8, 15, tzinfo=UTC))
    found = from_ics(feed).get("p+20250108T120000Z").time
    assert (found.start, found.end) == period  # type: ignore[union-attr]
    late = TimeSpan(datetime(2025, 1, 8, 14, tzinfo=UTC), datetime(2025, 1, 8, 14, 30, tzinfo=UTC))
    (only,) = from_ics(feed, window=late)
    assert (only.time.start, only.time.end) == period  # type: ignore[union-attr]
