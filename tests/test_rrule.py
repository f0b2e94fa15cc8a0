"""The full RRULE: its text both ways, its refusals, its expansion against recurring-ical-events."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import attrs
import hypothesis
import pytest
import recurring_ical_events
from hypothesis import assume, example, given
from hypothesis import strategies as st
from icalendar import Calendar, vRecur
from icalendar import Event as VEvent

from bri_timeline import (
    AllDay,
    Event,
    InvalidEvent,
    Limits,
    Recurrence,
    TimeSpan,
    cancel_occurrence,
    occurrences,
    override_occurrence,
)
from bri_timeline.model.recurrence import end_of_day
from bri_timeline.strategies import ZONES, recurrences

LIMA = ZoneInfo("America/Lima")


@given(recurrences())
def test_the_text_of_a_rule_reads_back_to_the_same_rule(rule: Recurrence) -> None:
    assert Recurrence.from_rrule(rule.to_rrule()) == rule
    assert str(rule) == rule.to_rrule()


@given(recurrences())
def test_icalendar_reads_the_text_as_the_same_parts(rule: Recurrence) -> None:
    parsed = vRecur.from_ical(rule.to_rrule())
    assert parsed["FREQ"] == [rule.frequency.value]
    assert [str(day) for day in parsed.get("BYDAY", [])] == [str(day) for day in rule.byday]
    assert list(parsed.get("BYMONTHDAY", [])) == list(rule.bymonthday)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("FREQ=WEEKLY;BYDAY=XX", "recurrence.byday: must be a weekday (MO, 2MO, -1FR) (got 'XX')"),
        ("FREQ=MONTHLY;BYDAY=MO;BYSETPOS=0", "recurrence.bysetpos: must hold ints"),
        ("FREQ=DAILY;COUNT=2;UNTIL=20250101", "until: must not be given with count"),
        ("FREQ=DAILY;SOMETIMES=1", "recurrence: has an unknown part (got 'SOMETIMES=1')"),
        ("INTERVAL=2", "recurrence.frequency: FREQ is required"),
        ("FREQ=FORTNIGHTLY", "recurrence.frequency: FREQ must be one of"),
        ("FREQ=DAILY;COUNT=x", "recurrence.count: COUNT must be an integer (got 'x')"),
        ("FREQ=DAILY;COUNT=1;COUNT=2", "recurrence.count: COUNT is given twice"),
        ("FREQ=DAILY;UNTIL=20250230", "recurrence.until: UNTIL is not a real day"),
        ("FREQ=WEEKLY;BYMONTHDAY=1", "recurrence.bymonthday: is not for FREQ=WEEKLY"),
        ("FREQ=DAILY;BYDAY=1MO", "recurrence.byday: takes an ordinal only with FREQ=MONTHLY"),
        ("FREQ=MONTHLY;BYWEEKNO=1", "recurrence.byweekno: is only for FREQ=YEARLY"),
        ("FREQ=DAILY;BYHOUR=24", "recurrence.byhour: must hold ints 0 to 23 (got 24)"),
        ("FREQ=DAILY;WKST=XY", "recurrence.wkst: must be one of"),
    ],
)
def test_a_malformed_rule_gets_one_error_naming_the_part_and_value(text: str, message: str) -> None:
    with pytest.raises(InvalidEvent) as caught:
        Recurrence.from_rrule(text)
    assert str(caught.value).startswith(message)


def test_a_rule_that_never_matches_is_refused_within_the_limits() -> None:
    event = Event(
        "e", "E", AllDay(date(2025, 1, 1)),
        recurrence=Recurrence.from_rrule("FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=31"),
    )  # fmt: skip
    window = AllDay(date(2025, 1, 1), date(2026, 1, 1))
    with pytest.raises(InvalidEvent, match=r"Limits\.max_empty_months"):
        list(occurrences(event, window, limits=Limits(max_empty_months=100)))
    # Without a window, a count and the default limits: refused too, not walked to the
    # year 9999 and ended with the event's own start as if that were all.
    counted = attrs.evolve(
        event, recurrence=Recurrence.from_rrule("FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=31;COUNT=3")
    )
    with pytest.raises(InvalidEvent, match=r"Limits\.max_empty_months"):
        list(occurrences(counted))


def test_an_endless_rule_without_a_window_is_refused() -> None:
    event = Event(
        "e", "E", AllDay(date(2025, 1, 1)), recurrence=Recurrence.from_rrule("FREQ=DAILY")
    )
    with pytest.raises(InvalidEvent, match="repeats for ever: give a window"):
        occurrences(event)


def test_every_first_monday_at_ten_in_lima_but_one() -> None:
    rule = Recurrence.from_rrule("FREQ=MONTHLY;BYDAY=1MO;COUNT=4", exdates=[
        datetime(2025, 1, 6, 10, tzinfo=LIMA)
    ])  # fmt: skip
    start = datetime(2024, 12, 2, 10, tzinfo=LIMA)
    event = Event("m", "M", TimeSpan(start, start + timedelta(hours=1)), recurrence=rule)
    found = [time.start.date().isoformat() for time in occurrences(event)]  # type: ignore[union-attr]
    assert found == ["2024-12-02", "2025-02-03", "2025-03-03"]


@pytest.mark.parametrize(
    ("start", "text", "expected"),
    [
        # RFC 5545 3.8.5.3: "Monday of week number 20 (where the default start of the week
        # is Monday)"; week 1 is the first with four days of the year.
        (datetime(1997, 5, 12, 9), "FREQ=YEARLY;BYWEEKNO=20;BYDAY=MO;COUNT=3",
         ["1997-05-12", "1998-05-11", "1999-05-17"]),
        # 1 January 2027 is a Friday: its week has three days of 2027, so week 1 begins on
        # Monday the 4th (with WKST=SU, on Sunday the 3rd).
        (datetime(2027, 1, 4, 9), "FREQ=YEARLY;BYWEEKNO=1;BYDAY=MO;COUNT=2",
         ["2027-01-04", "2028-01-03"]),
        (datetime(2027, 1, 3, 9), "FREQ=YEARLY;BYWEEKNO=1;BYDAY=SU;WKST=SU;COUNT=2",
         ["2027-01-03", "2028-01-02"]),
    ],
)  # fmt: skip
def test_week_numbers_count_from_the_first_week_with_four_days(
    start: datetime, text: str, expected: list[str]
) -> None:
    wall = start.replace(tzinfo=ZoneInfo("America/New_York"))
    event = Event("w", "W", TimeSpan(wall), recurrence=Recurrence.from_rrule(text))
    found = [time.start.date().isoformat() for time in occurrences(event)]  # type: ignore[union-attr]
    assert found == expected


def test_a_plain_day_beside_an_ordinal_one_adds_to_it() -> None:
    def days(text: str) -> set[date]:
        event = Event("e", "E", AllDay(date(2025, 1, 1)), recurrence=Recurrence.from_rrule(text))
        return {time.first for time in occurrences(event)}  # type: ignore[union-attr]

    both = days("FREQ=MONTHLY;BYDAY=-1FR,MO;UNTIL=20250630")
    assert both == days("FREQ=MONTHLY;BYDAY=-1FR;UNTIL=20250630") | days(
        "FREQ=MONTHLY;BYDAY=MO;UNTIL=20250630"
    )
    assert date(2025, 1, 31) in both
    assert date(2025, 1, 6) in both


# --- against recurring-ical-events ---------------------------------------------------------


def _until_on_the_wire(rule: Recurrence, start: datetime | date) -> date | datetime | None:
    until = rule.until
    if until is None or not isinstance(start, datetime):
        return until.astimezone(UTC).date() if isinstance(until, datetime) else until
    return until if isinstance(until, datetime) else end_of_day(until, start)


def _span(time: AllDay | TimeSpan, component: VEvent) -> None:
    if isinstance(time, AllDay):
        component.add("dtstart", time.first)
        component.add("dtend", time.end)
    else:
        component.add("dtstart", time.start)
        component.add("dtend", time.end)


def _their_starts(event: Event, lo: datetime, hi: datetime) -> set[int]:
    """Occurrence start instants (µs since 1970) as recurring-ical-events expands the event.

    Its overrides go in as VEVENTs of the same UID with a RECURRENCE-ID and a
    SUMMARY of their own; recurring-ical-events gives a cancelled one too, with
    its STATUS, as ours does.
    """
    rule = event.recurrence
    assert rule is not None
    time = event.time
    assert isinstance(time, AllDay | TimeSpan)
    component = VEvent()
    component.add("uid", "e")
    component.add("summary", "E")
    start = time.first if isinstance(time, AllDay) else time.start
    _span(time, component)
    parts = vRecur.from_ical(rule.to_rrule())
    parts.pop("UNTIL", None)
    if (until := _until_on_the_wire(rule, start)) is not None:
        parts["UNTIL"] = [until]
    component.add("rrule", parts)
    for value in rule.rdates:
        component.add("rdate", value)
    # EXDATE is left out here and its instants removed below: recurring-ical-events
    # also drops an occurrence whose wall time is an EXDATE's UTC time.
    excluded = {TimeSpan(value)._start for value in rule.exdates if isinstance(value, datetime)}
    excluded |= {AllDay(value)._start for value in rule.exdates if not isinstance(value, datetime)}
    calendar = Calendar()
    calendar.add_component(component)
    for override in event.overrides:
        changed = VEvent()
        changed.add("uid", "e")
        changed.add("summary", "changed")
        changed.add("recurrence-id", override.original)
        assert isinstance(override.event.time, AllDay | TimeSpan)
        _span(override.event.time, changed)
        if override.event.status is not None:
            changed.add("status", override.event.status.value)
        calendar.add_component(changed)
    found = set()
    for item in recurring_ical_events.of(calendar).between(
        lo - timedelta(days=2), hi + timedelta(days=2)
    ):
        begin, end = item["DTSTART"].dt, item["DTEND"].dt
        span = (  # its wall times may lie in a clock gap: as instants, they move past it
            AllDay(begin, end - timedelta(days=1))
            if not isinstance(begin, datetime)
            else TimeSpan(begin.astimezone(UTC), end.astimezone(UTC))
        )
        if span._start in excluded and item["SUMMARY"] == "E":
            continue
        if span._start < _key(hi) and _key(lo) < span._end:
            found.add(span._start)
    return found


def _key(value: datetime) -> int:
    return TimeSpan(value)._start


_STEPS = {"SECONDLY": 1, "MINUTELY": 60, "HOURLY": 3600, "DAILY": 86_400}


@st.composite
def _cases(draw: st.DrawFn) -> tuple[Event, datetime, datetime]:
    all_day = draw(st.booleans())
    rule = draw(recurrences(all_day=all_day))
    # dateutil, and so recurring-ical-events, reads BYDAY=-1FR,MO as an intersection:
    # test_a_plain_day_beside_an_ordinal_one_adds_to_it checks ours.
    assume(len({day.nth is None for day in rule.byday}) < 2)
    day = draw(st.dates(date(2000, 1, 1), date(2040, 12, 31)))
    if all_day:
        time: AllDay | TimeSpan = AllDay(day, day + timedelta(days=draw(st.integers(0, 3))))
        origin = datetime(day.year, day.month, day.day, tzinfo=UTC)
    else:
        zone = ZoneInfo(draw(st.sampled_from(ZONES)))
        wall = datetime(
            day.year, day.month, day.day, draw(st.integers(0, 23)), draw(st.sampled_from([0, 30]))
        )
        origin = wall.replace(tzinfo=zone)
        assume(origin.astimezone(UTC).astimezone(zone).replace(tzinfo=None) == wall)  # no gap
        time = TimeSpan(origin, origin + timedelta(minutes=draw(st.integers(1, 300))))
    # RFC 5545 leaves a DTSTART after UNTIL undefined: ours keeps it, theirs drops it.
    until = _until_on_the_wire(rule, day if all_day else origin)
    assume(until is None or until >= (day if all_day else origin))
    exdates = []
    if draw(st.booleans()):
        step = (
            timedelta(days=1)
            if all_day
            else timedelta(seconds=_STEPS.get(rule.frequency.value, 86_400))
        )
        for k in draw(st.lists(st.integers(1, 10), max_size=3, unique=True)):
            moment = origin + k * step * rule.interval
            exdates.append(moment.date() if all_day else moment)
    rdates = []
    for k in draw(st.lists(st.integers(1, 400), max_size=2, unique=True)):
        rdates.append(day + timedelta(days=k) if all_day else origin + timedelta(days=k, hours=1))
    rule = attrs.evolve(rule, rdates=rdates, exdates=exdates)
    event = Event("e", "E", time, recurrence=rule)
    unit = timedelta(seconds=_STEPS.get(rule.frequency.value, 86_400 * 7)) * rule.interval
    lo = origin + draw(st.integers(0, 3000)) * unit + timedelta(hours=draw(st.integers(-30, 30)))
    hi = lo + min(draw(st.integers(1, 60)) * unit, timedelta(days=800))
    return _with_overrides(draw, event, lo, hi), lo, hi


def _with_overrides(draw: st.DrawFn, event: Event, lo: datetime, hi: datetime) -> Event:
    """Some occurrences near the window cancelled, or moved into, within or out of it."""
    near = TimeSpan(lo - timedelta(days=40), hi + timedelta(days=40))
    found = [time for _, time in zip(range(12), occurrences(event, near), strict=False)]
    for time in draw(
        st.lists(st.sampled_from(found), max_size=3, unique=True) if found else st.just([])
    ):
        assert isinstance(time, AllDay | TimeSpan)
        original = time.first if isinstance(time, AllDay) else time.start
        if draw(st.booleans()):
            event = cancel_occurrence(event, original)
            continue
        shift = timedelta(days=draw(st.integers(-45, 45)), hours=draw(st.integers(-5, 5)))
        if isinstance(time, AllDay):
            moved: AllDay | TimeSpan = AllDay(
                time.first + shift.days * timedelta(days=1),
                time.last + shift.days * timedelta(days=1),
            )
        else:
            moved = TimeSpan(time.start.astimezone(UTC) + shift, time.end.astimezone(UTC) + shift)
        event = override_occurrence(event, original, time=moved)
    return event


_HOURLY_IN_LIMA = Event(
    "e",
    "E",
    TimeSpan(datetime(2036, 2, 24, tzinfo=LIMA), datetime(2036, 2, 24, 0, 30, tzinfo=LIMA)),
    recurrence=Recurrence.from_rrule("FREQ=HOURLY;COUNT=8"),
)


@example(  # recurring-ical-events also drops 05:00 in Lima (see _ghosts)
    (
        override_occurrence(_HOURLY_IN_LIMA, datetime(2036, 2, 24, tzinfo=LIMA), title="Changed"),
        datetime(2036, 2, 24, tzinfo=LIMA),
        datetime(2036, 2, 25, tzinfo=LIMA),
    )
)
@example(  # and it drops 00:00 in Lima for an override of 05:00 in Lima (see _ghosts)
    (
        override_occurrence(_HOURLY_IN_LIMA, datetime(2036, 2, 24, 5, tzinfo=LIMA), title="C"),
        datetime(2036, 2, 24, tzinfo=LIMA),
        datetime(2036, 2, 24, 1, tzinfo=LIMA),
    )
)
@given(_cases())
def test_occurrences_agree_with_recurring_ical_events(
    case: tuple[Event, datetime, datetime],
) -> None:
    event, lo, hi = case
    hypothesis.event(f"overrides: {len(event.overrides)}")
    window = TimeSpan(lo, hi)
    ours = {found._start for found in occurrences(event, window)}
    ghosts = _ghosts(event)
    assert ours - ghosts == _their_starts(event, lo, hi) - ghosts


def _ghosts(event: Event) -> set[int]:
    """The starts recurring-ical-events drops for an override besides the one it changes.

    It drops the occurrence whose wall time, in the series' zone, is the override's
    RECURRENCE-ID read in UTC (00:00 in Lima is 05:00 UTC, and it drops 05:00 in
    Lima too), and the one whose UTC wall time is the RECURRENCE-ID's own (05:00
    in Lima drops 00:00 in Lima, 05:00 UTC), as it does for EXDATE (see
    ``_their_starts``). RFC 5545 matches a RECURRENCE-ID by instant only, as ours
    does: those starts are not compared.
    """
    time = event.time
    if not isinstance(time, TimeSpan):
        return set()
    found = set()
    for override in event.overrides:
        if isinstance(override.original, datetime):
            original = override.original
            found.add(TimeSpan(original.astimezone(UTC).replace(tzinfo=time.start.tzinfo))._start)
            found.add(TimeSpan(original.replace(tzinfo=UTC))._start)  # and the other way round
    return found
