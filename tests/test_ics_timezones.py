"""VTIMEZONE from zoneinfo: right at every instant, in yearly rules, for every TZID used."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st
from icalendar import Calendar, Timezone
from tests._components import event_components

from bri_timeline import Event, Timeline, TimeSpan
from bri_timeline.formats.ical._timezones import _transitions, timezone_component
from bri_timeline.formats.ical.write import to_ics
from bri_timeline.strategies import ZONES, timelines

LOW, HIGH = datetime(1850, 1, 1, tzinfo=UTC), datetime(2100, 1, 1, tzinfo=UTC)
HISTORY = (
    *ZONES,
    "Africa/Casablanca",  # transitions set by Ramadan: no yearly rule
    "Asia/Jerusalem",  # "Friday on or after the 23rd"
    "Europe/Moscow",
    "America/Sao_Paulo",
    "Pacific/Apia",  # skipped a whole day in 2011
    "Antarctica/Troll",  # a two-hour DST
)


def parsed(component: Timezone) -> Timezone:
    text = b"BEGIN:VCALENDAR\r\n" + component.to_ical() + b"END:VCALENDAR\r\n"
    (found,) = Calendar.from_ical(text).walk("VTIMEZONE")
    assert isinstance(found, Timezone)
    return found


@pytest.mark.parametrize("name", HISTORY)
def test_vtimezone_agrees_with_zoneinfo_from_1850_to_2100(name: str) -> None:
    zone = ZoneInfo(name)
    component = timezone_component(zone, LOW, HIGH)
    tz = parsed(component).to_tz()  # icalendar expands the rules with dateutil
    moments = [LOW + timedelta(days=2 + 29 * i, hours=i % 24) for i in range(3140)]
    for change in _transitions(zone, LOW, HIGH):
        moments += [change.at - timedelta(seconds=1), change.at, change.at + timedelta(hours=1)]
    wrong = [
        moment
        for moment in moments
        if LOW + timedelta(days=2) <= moment <= HIGH
        and moment.astimezone(tz).utcoffset() != moment.astimezone(zone).utcoffset()
    ]
    assert wrong == []


@pytest.mark.parametrize("name", HISTORY)
def test_vtimezone_uses_rules_not_date_lists(name: str) -> None:
    text = timezone_component(ZoneInfo(name), LOW, HIGH).to_ical()
    assert b"RDATE" not in text
    assert text.startswith(f"BEGIN:VTIMEZONE\r\nTZID:{name}\r\n".encode())


def test_present_day_rules_are_open_ended() -> None:
    text = timezone_component(ZoneInfo("Europe/London"), LOW, HIGH).to_ical().decode()
    assert "RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=3\r\n" in text
    assert "RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=10\r\n" in text


def test_ended_rules_have_until() -> None:
    # New York's rule of 1967-1973 ended; its rule since 2007 goes on.
    text = timezone_component(ZoneInfo("America/New_York"), LOW, HIGH).to_ical().decode()
    rules = [line for line in text.replace("\r\n ", "").split("\r\n") if line.startswith("RRULE")]
    assert "RRULE:FREQ=YEARLY;UNTIL=19730429T070000Z;BYDAY=-1SU;BYMONTH=4" in rules
    assert "RRULE:FREQ=YEARLY;BYDAY=2SU;BYMONTH=3" in rules
    assert "RRULE:FREQ=YEARLY;BYDAY=1SU;BYMONTH=11" in rules
    assert sum("UNTIL" not in rule for rule in rules) == 2


@given(timelines())
def test_every_tzid_has_its_vtimezone(timeline: Timeline) -> None:
    calendar = Calendar.from_ical(to_ics(timeline))
    defined = {str(zone["TZID"]) for zone in calendar.walk("VTIMEZONE")}
    used = {
        str(prop.params["TZID"])
        for event in event_components(calendar)
        for name in ("DTSTART", "DTEND", "DUE")
        if (prop := event.get(name)) is not None and "TZID" in prop.params
    }
    assert used == defined


@given(st.sampled_from(ZONES[1:]), st.integers(1800, 2200), st.integers(0, 364))
def test_a_feed_vtimezone_gives_the_event_its_offset(name: str, year: int, day: int) -> None:
    zone = ZoneInfo(name)
    start = (datetime(year, 1, 1, 12, tzinfo=UTC) + timedelta(days=day)).astimezone(zone)
    calendar = Calendar.from_ical(to_ics(Timeline([Event("e", "E", TimeSpan(start))])))
    (vtimezone,) = calendar.walk("VTIMEZONE")
    assert isinstance(vtimezone, Timezone)
    assert start.astimezone(vtimezone.to_tz()).utcoffset() == start.utcoffset()


def test_rules_near_2038_still_repeat() -> None:
    moment = datetime(2038, 1, 1, tzinfo=UTC)
    text = timezone_component(ZoneInfo("Europe/London"), moment, moment).to_ical().decode()
    assert "RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=3\r\n" in text
    assert "RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=10\r\n" in text


def test_dublin_summer_time_is_daylight() -> None:
    moment = datetime(2024, 7, 1, tzinfo=UTC)
    component = parsed(timezone_component(ZoneInfo("Europe/Dublin"), moment, moment))
    (daylight,) = [item for item in component.walk("DAYLIGHT") if "RRULE" in item]
    assert str(daylight["TZNAME"]) == "IST"
    assert daylight.decoded("TZOFFSETTO") == timedelta(hours=1)
    assert all(
        str(item["TZNAME"]) == "GMT" for item in component.walk("STANDARD") if "RRULE" in item
    )


@given(
    st.sampled_from(ZONES),
    st.datetimes(datetime(1800, 1, 1), datetime(2200, 1, 1), timezones=st.just(UTC)),
    st.timedeltas(timedelta(0), timedelta(days=365 * 200)),
)
def test_a_vtimezone_stays_right_after_its_last_use(
    name: str, used: datetime, later: timedelta
) -> None:
    # Rules still running when the scan ends are written without UNTIL: they hold for ever.
    zone = ZoneInfo(name)
    tz = parsed(timezone_component(zone, used, used)).to_tz()
    moment = used + later
    assert moment.astimezone(tz).utcoffset() == moment.astimezone(zone).utcoffset()
