"""Thunderbird's parser, ical.js, expands our rules to the dates we and recurring-ical-events do."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import attrs
import recurring_ical_events
from dateutil.rrule import rrulestr
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from icalendar import Calendar
from tests._icaljs import expand

from bri_timeline import AllDay, Event, Recurrence, Timeline, TimeSpan, occurrences, to_ics
from bri_timeline.strategies import ZONES, recurrences

LIMA = ZoneInfo("America/Lima")
UNTIL = datetime(2028, 1, 1, tzinfo=UTC)
DOMAIN = "@bri-timeline.invalid"


def _timed(event_id: str, start: datetime, rule: str, **dates: object) -> Event:
    recurrence = Recurrence.from_rrule(rule, **dates)  # type: ignore[arg-type]
    return Event(
        event_id, event_id, TimeSpan(start, start + timedelta(hours=1)), recurrence=recurrence
    )


FEED = Timeline(
    [
        _timed(
            "council", datetime(2026, 1, 5, 10, tzinfo=LIMA), "FREQ=MONTHLY;BYDAY=1MO",
            exdates=[datetime(2026, 4, 6, 10, tzinfo=LIMA)],
        ),
        _timed(
            "last-workday", datetime(2026, 1, 30, 17, tzinfo=ZoneInfo("Europe/London")),
            "FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-1",
        ),
        _timed(
            "standup", datetime(2026, 3, 2, 9, tzinfo=ZoneInfo("America/New_York")),
            "FREQ=WEEKLY;BYDAY=MO,WE;COUNT=30",
            rdates=[datetime(2026, 3, 7, 9, tzinfo=ZoneInfo("America/New_York"))],
            exdates=[datetime(2026, 3, 11, 9, tzinfo=ZoneInfo("America/New_York"))],
        ),
        Event(
            "thanksgiving", "Thanksgiving", AllDay(date(2026, 11, 26)),
            recurrence=Recurrence.from_rrule("FREQ=YEARLY;BYMONTH=11;BYDAY=4TH"),
        ),
    ]
)  # fmt: skip


def _ours(timeline: Timeline) -> dict[str, list[str]]:
    window = TimeSpan(datetime(1, 1, 2, tzinfo=UTC), UNTIL)
    found = {}
    for event in timeline:
        starts = []
        for time in occurrences(event, window):
            if isinstance(time, AllDay):
                starts.append(time.first.isoformat())
            else:
                assert isinstance(time, TimeSpan)
                starts.append(time.start.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.000Z"))
        found[event.id + DOMAIN] = [s for s in starts if s < UNTIL.strftime("%Y-%m-%dT%H:%M:%S")]
    return found


def _recurring_ical_events(feed: bytes) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for item in recurring_ical_events.of(Calendar.from_ical(feed)).between(
        datetime(2000, 1, 1, tzinfo=UTC), UNTIL
    ):
        start = item["DTSTART"].dt
        text = (
            start.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.000Z")
            if isinstance(start, datetime)
            else start.isoformat()
        )
        found.setdefault(str(item["UID"]), []).append(text)
    return {uid: sorted(starts) for uid, starts in found.items()}


def test_icaljs_expands_byday_bysetpos_and_exdate_as_recurring_ical_events_does() -> None:
    feed = to_ics(FEED)
    theirs = expand(feed, UNTIL)
    assert theirs == _recurring_ical_events(feed)
    assert theirs == _ours(FEED)
    assert "2026-04-06T15:00:00.000Z" not in theirs["council" + DOMAIN]
    assert "2026-11-26" in theirs["thanksgiving" + DOMAIN]


_COARSE = ("DAILY", "WEEKLY", "MONTHLY", "YEARLY")


def _icaljs_can(rule: Recurrence) -> bool:
    # ical.js 2.2 walks FREQ=DAILY;BYMONTHDAY=-1 for ever (a bug of its own, not of the rule).
    daily_from_end = rule.frequency.value == "DAILY" and any(d < 0 for d in rule.bymonthday)
    # Not yet compared (differences seen, not analysed yet): BYSETPOS with BYHOUR, and a plain
    # day beside an ordinal one, which dateutil (our DTSTART here) reads as an intersection.
    unanalysed = bool(rule.bysetpos and rule.byhour) or len({d.nth is None for d in rule.byday}) > 1
    # ical.js 2.2 walks FREQ=YEARLY;BYHOUR=0,10 from DTSTART 2026-01-05T10:00 as 2027-01-05T00:00,
    # 2028-01-05T00:00, ...: one time a year, the first skipped (recurring-ical-events and
    # dateutil give 2026-01-05T10:00, 2027-01-05T00:00, 2027-01-05T10:00, as RFC 5545 says).
    # And FREQ=MONTHLY;BYHOUR=0,1;BYDAY=MO;COUNT=7 from Monday 2026-01-12T00:00Z runs on to
    # Sunday 2026-02-01T01:00Z, a day that is no Monday (recurring-ical-events and dateutil:
    # Monday 2026-02-02T00:00Z): with times of day, it leaves the month's days at its turn.
    yearly_times = rule.frequency.value in ("YEARLY", "MONTHLY") and bool(
        rule.byhour or rule.byminute or rule.bysecond
    )
    # ical.js 2.2 ignores BYSETPOS beside BYMONTHDAY without BYDAY: MONTHLY;BYMONTHDAY=1,2;
    # BYSETPOS=1 gives the 1st and the 2nd of each month (RFC 5545 and recurring-ical-events:
    # the 1st only).
    setpos_without_day = bool(rule.bysetpos) and not rule.byday
    # ical.js 2.2.1 takes BYSETPOS within a month only: WEEKLY;BYDAY=MO,TU;BYSETPOS=1 gives
    # it Mondays and Tuesdays, YEARLY;BYMONTH=1,2;BYDAY=MO;BYSETPOS=1 the first Monday of
    # January and of February (RFC 5545 and recurring-ical-events: the set is the week's or
    # the year's, so Mondays, and the first Monday of January).
    setpos_beyond_month = bool(rule.bysetpos) and rule.frequency.value in ("WEEKLY", "YEARLY")
    # ical.js 2.2.1 reads YEARLY;BYMONTHDAY=1 without BYMONTH as the 1st of DTSTART's month
    # each year; RFC 5545 expands BYMONTHDAY over the year (its table in 3.3.10), as
    # recurring-ical-events does: the 1st of every month.
    month_days_in_year = rule.frequency.value == "YEARLY" and bool(
        rule.bymonthday and not rule.bymonth
    )
    # ical.js 2.2.1 counts a negative BYMONTHDAY of a YEARLY rule with several BYMONTH from
    # the end of another month: YEARLY;COUNT=3;BYMONTH=1,2;BYMONTHDAY=-1 from 2026-01-31 gives
    # it 28 February 2026, 28 January 2027 and 28 February 2027, and BYMONTH=2,3 gives it
    # 3 March 2027 (RFC 5545, dateutil and recurring-ical-events: 31 January 2026, 28 February
    # 2026, 31 January 2027). Found by a random pass of this test.
    yearly_from_end = (
        rule.frequency.value == "YEARLY"
        and len(rule.bymonth) > 1
        and any(day < 0 for day in rule.bymonthday)
    )
    # ical.js 2.2.1 does not apply BYWEEKNO. RFC 5545's own example (3.8.5.3: DTSTART
    # 1997-05-12T09:00 New York, FREQ=YEARLY;BYWEEKNO=20;BYDAY=MO) is 12 May 1997, 11 May
    # 1998, 17 May 1999 for us and recurring-ical-events (tests/test_rrule.py), and every
    # Monday after DTSTART for ical.js (19 May, 26 May, 2 June 1997); FREQ=YEARLY;BYWEEKNO=1
    # without BYDAY gives it nothing at all, not even DTSTART 2027-01-04 (in week 1 of 2027:
    # its week of 4 to 10 January is the first with four days of the year).
    weeks = bool(rule.byweekno)
    # ical.js 2.2.1 counts a day that BYDAY names twice twice toward COUNT in a YEARLY rule
    # with BYMONTH: YEARLY;COUNT=3;BYMONTH=1;BYDAY=-4MO,1MO from 2026-01-05 (a January of four
    # Mondays, so -4MO is 1MO) gives it 5 January 2026 and 4 January 2027 only. RFC 5545's
    # occurrences are a set, counted once: recurring-ical-events, dateutil and we add 3
    # January 2028. MONTHLY rules count it once in ical.js too.
    # ical.js 2.2.1 misses some months' last of the set when that day is the month's first:
    # MONTHLY;COUNT=14;BYDAY=-4MO;BYSETPOS=-1 from 2026-01-05 skips 1 February 2027 (a
    # February of four Mondays, so -4MO is its first), and BYDAY=1MO;BYSETPOS=-1 skips
    # 1 June 2026 and 1 February 2027; without BYSETPOS it gives them. RFC 5545, dateutil
    # and recurring-ical-events give them both ways. Found by a random pass of this test.
    setpos_from_end = rule.frequency.value == "MONTHLY" and any(p < 0 for p in rule.bysetpos)
    ordinals = {d.nth > 0 for d in rule.byday if d.nth is not None}
    twice_named = rule.frequency.value == "YEARLY" and bool(rule.bymonth) and len(ordinals) > 1
    return (
        rule.frequency.value in _COARSE
        and not weeks
        and not setpos_without_day
        and not setpos_beyond_month
        and not month_days_in_year
        and not daily_from_end
        and not unanalysed
        and not yearly_times
        and not twice_named
        and not yearly_from_end
        and not setpos_from_end
    )


# The rules ical.js is known to expand wrongly (_icaljs_can) are many of those drawn, and a
# list of up to six must avoid them all: a random draw may filter out more than Hypothesis's
# health check allows (seen in a dev-profile run), which is expected here, not a slow strategy.
@settings(max_examples=10, suppress_health_check=[HealthCheck.filter_too_much])
@given(
    st.lists(
        recurrences().filter(_icaljs_can),
        min_size=1,
        max_size=6,
    ),
    st.sampled_from(ZONES),
)
def test_icaljs_expands_generated_rules_as_we_do(rules: list[Recurrence], zone: str) -> None:
    events = []
    for n, rule in enumerate(rules):
        finite = attrs.evolve(rule, until=None, count=rule.count or 10)
        # A DTSTART the rule does not give is an occurrence for RFC 5545 (and for us), and
        # not for ical.js: start each on its rule's first start.
        wall = rrulestr(finite.to_rrule(), dtstart=datetime(2026, 1, 5, 10))[0]
        start = wall.replace(tzinfo=ZoneInfo(zone))
        assume(start.astimezone(UTC).astimezone(start.tzinfo).replace(tzinfo=None) == wall)
        events.append(
            Event(f"r{n}", "R", TimeSpan(start, start + timedelta(hours=1)), recurrence=finite)
        )
    timeline = Timeline(events)
    assert expand(to_ics(timeline), UNTIL) == _ours(timeline)
