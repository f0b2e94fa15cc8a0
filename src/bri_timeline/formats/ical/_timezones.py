r"""VTIMEZONE components generated from zoneinfo, as yearly rules rather than lists of dates.

For each zone the exporter asks for the UTC range its times need. The zone's
transitions in that range are found from :mod:`zoneinfo` itself (a day-by-day
scan of UTC offsets, then a bisection to the second), so the VTIMEZONE agrees
with the model's own datetimes on every instant, back to the zone's local mean
time. Transitions are then grouped into observances: a run of yearly
transitions with the same offsets, month and local time, falling on the n-th
(or last) weekday of the month, on a fixed day, or on a weekday on or after a
fixed day, becomes one STANDARD or DAYLIGHT component with an RRULE (with
UNTIL when the run ends); any other transition gets a component of its own. No
RDATE lists: some clients (Outlook) have been reported to shift events by an
hour with them.

The scan reaches eight years past the last instant used, and always past 2037: after
the last transition the tz database lists (2037 for most zones), zoneinfo
repeats the zone's final rule for ever. A rule still running at the end of the
scan is written without UNTIL, so the component stays right for later years
too; an irregular zone (Casablanca's Ramadan changes are listed to 2087) is
right up to the end of the scan.

>>> from zoneinfo import ZoneInfo
>>> lima = ZoneInfo("America/Lima")
>>> start = datetime(2024, 11, 8, 14, tzinfo=UTC)
>>> print(timezone_component(lima, start, start).to_ical().decode().replace("\r\n", "\n"))
BEGIN:VTIMEZONE
TZID:America/Lima
BEGIN:STANDARD
DTSTART:20241106T190000
TZNAME:-05
TZOFFSETFROM:-0500
TZOFFSETTO:-0500
END:STANDARD
END:VTIMEZONE
<BLANKLINE>
"""

from __future__ import annotations

import calendar
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

import attrs
from icalendar import Timezone, TimezoneDaylight, TimezoneStandard, vRecur

from bri_timeline.formats.ical._mapping import placement, zone_of
from bri_timeline.formats.ical._overrides import override_zone_uses
from bri_timeline.model.event import Event
from bri_timeline.model.recurrence import last_start_bound

__all__ = ["ZoneRanges", "timezone_component"]

_DAY = timedelta(days=1)
_WEEK = timedelta(days=7)
_SECOND = timedelta(seconds=1)
_CHUNK_YEARS = 50
_FINAL_RULES_FROM = datetime(2038, 1, 1, tzinfo=UTC)
"""From here on zoneinfo repeats the final (POSIX TZ) rule of most zones."""
_LISTED_UNTIL = datetime(2100, 1, 1, tzinfo=UTC)
"""No zone lists a change of its own after this (Casablanca's end in 2087): from here on
zoneinfo repeats every zone's final rule, so a scan need not reach further."""
_LOWEST = datetime(1, 1, 3, tzinfo=UTC)
_HIGHEST = datetime(9999, 12, 29, tzinfo=UTC)
_WEEKDAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")

_State = tuple[timedelta, int, str]
"""UTC offset, the sign of the DST amount (-1, 0, 1), and the zone's abbreviation."""


@attrs.frozen
class _Transition:
    """A change of offset, DST flag or name at a UTC instant."""

    at: datetime
    before: timedelta
    after: timedelta
    daylight: bool
    name: str

    @property
    def onset(self) -> datetime:
        """The local time of the change, on the clock before it (as RFC 5545 DTSTART wants)."""
        return (self.at + self.before).replace(tzinfo=None)

    @property
    def kind(self) -> tuple[timedelta, timedelta, bool, str]:
        return self.before, self.after, self.daylight, self.name


def _state(zone: ZoneInfo, at: datetime) -> _State:
    local = at.astimezone(zone)
    offset, dst = local.utcoffset(), local.dst() or timedelta(0)
    assert offset is not None
    sign = (dst > timedelta(0)) - (dst < timedelta(0))
    return offset, sign, local.tzname() or _offset_name(offset)


def _daylight(before: _State, after: _State) -> bool:
    """Whether the time after a change is written as DAYLIGHT.

    Summer time is: time with a DST amount, and also, in a zone whose winter
    time has a negative DST amount (Europe/Dublin), the time that follows it with
    a larger offset. Clients pair DAYLIGHT with STANDARD that way.
    """
    return after[1] > 0 or (after[1] == 0 and before[1] < 0 and after[0] > before[0])


def _offset_name(offset: timedelta) -> str:
    seconds = int(offset.total_seconds())
    sign = "-" if seconds < 0 else "+"
    hours, rest = divmod(abs(seconds), 3600)
    return f"{sign}{hours:02d}{rest // 60:02d}"


@lru_cache(maxsize=4096)
def _chunk(zone: ZoneInfo, first_year: int) -> tuple[_Transition, ...]:
    """The transitions in ``(first_year-01-01, first_year + 50 years]`` (UTC), in order.

    The scan steps a day at a time (a week from 2038 on) and bisects each change
    to the second.
    """
    low = max(datetime(max(first_year, 1), 1, 1, tzinfo=UTC), _LOWEST)
    high = min(datetime(min(first_year + _CHUNK_YEARS, 9999), 1, 1, tzinfo=UTC), _HIGHEST)
    found: list[_Transition] = []
    at, state = low, _state(zone, low)
    while at < high:
        # Past 2037 only the zones' final rules are left, whose changes are weeks apart.
        step = min(at + (_WEEK if at >= _FINAL_RULES_FROM else _DAY), high)
        new = _state(zone, step)
        if new != state:
            found.append(_bisect(zone, at, step, state))
            # Several changes within a day are found one by one.
            at = found[-1].at
            state = _state(zone, at)
            continue
        at, state = step, new
    return tuple(found)


def _bisect(zone: ZoneInfo, low: datetime, high: datetime, state: _State) -> _Transition:
    """The first change of state in ``(low, high]``, to the second."""
    while high - low > _SECOND:
        middle = low + (high - low) // 2
        middle -= timedelta(microseconds=middle.microsecond)
        if _state(zone, middle) == state:
            low = middle
        else:
            high = middle
    after = _state(zone, high)
    return _Transition(high, state[0], after[0], _daylight(state, after), after[2])


def _transitions(zone: ZoneInfo, low: datetime, high: datetime) -> Iterator[_Transition]:
    for year in range(low.year - low.year % _CHUNK_YEARS, high.year + 1, _CHUNK_YEARS):
        for transition in _chunk(zone, year):
            if low < transition.at <= high:
                yield transition


def _rule_parts(day: date) -> list[dict[str, object]]:
    """The yearly rules ``day`` may follow, most widely understood first."""
    weekday = _WEEKDAYS[day.weekday()]
    parts: list[dict[str, object]] = []
    nth = (day.day - 1) // 7 + 1
    if nth <= 3:
        parts.append({"BYMONTH": day.month, "BYDAY": f"{nth}{weekday}"})
    # On a tie the last weekday wins over the fourth: it is what the tz database says far more.
    if day.day + 7 > calendar.monthrange(day.year, day.month)[1]:
        parts.append({"BYMONTH": day.month, "BYDAY": f"-1{weekday}"})
    if nth == 4:
        parts.append({"BYMONTH": day.month, "BYDAY": f"4{weekday}"})
    parts.append({"BYMONTH": day.month, "BYMONTHDAY": day.day})
    return parts


def _follows(rule: dict[str, object], day: date) -> bool:
    if "BYMONTHDAY" in rule and "BYDAY" not in rule:
        return day.day == rule["BYMONTHDAY"]
    byday = rule["BYDAY"]
    assert isinstance(byday, str)
    if _WEEKDAYS[day.weekday()] != byday[-2:]:
        return False
    if "BYMONTHDAY" in rule:
        days = rule["BYMONTHDAY"]
        assert isinstance(days, list)
        return day.day in days
    nth = int(byday[:-2])
    if nth > 0:
        return (day.day - 1) // 7 + 1 == nth
    return day.day + 7 > calendar.monthrange(day.year, day.month)[1]


def _next_in_run(previous: _Transition, candidate: _Transition) -> bool:
    a, b = previous.onset, candidate.onset
    return b.year == a.year + 1 and b.month == a.month and b.time() == a.time()


def _run(items: list[_Transition], start: int) -> tuple[dict[str, object] | None, int]:
    """The longest yearly run from ``items[start]``: its rule parts and its end (exclusive)."""
    best: tuple[dict[str, object] | None, int] = (None, start + 1)
    first = items[start].onset.date()
    for rule in _rule_parts(first):
        stop = start + 1
        while (
            stop < len(items)
            and _next_in_run(items[stop - 1], items[stop])
            and _follows(rule, items[stop].onset.date())
        ):
            stop += 1
        if stop > best[1]:
            best = (rule, stop)
    # A weekday on or after a fixed day ("Fri>=23"): the days seen fix the window.
    stop, low, high = start + 1, first.day - 6, first.day
    while stop < len(items) and _next_in_run(items[stop - 1], items[stop]):
        day = items[stop].onset.date()
        if day.weekday() != first.weekday():
            break
        new_low, new_high = max(low, day.day - 6), min(high, day.day)
        if new_low > new_high:
            break
        low, high, stop = new_low, new_high, stop + 1
    if stop > best[1]:
        window = list(range(high, high + 7))
        best = (
            {"BYMONTH": first.month, "BYDAY": _WEEKDAYS[first.weekday()], "BYMONTHDAY": window},
            stop,
        )
    return best


def _observance(
    transition: _Transition, rule: dict[str, object] | None, until: datetime | None
) -> TimezoneStandard | TimezoneDaylight:
    component = TimezoneDaylight() if transition.daylight else TimezoneStandard()
    component.add("DTSTART", transition.onset)
    if rule is not None:
        recur = {"FREQ": "YEARLY", **rule}
        if until is not None:
            recur["UNTIL"] = until
        component.add("RRULE", vRecur(recur))
    component.add("TZNAME", transition.name)
    component.add("TZOFFSETFROM", transition.before)
    component.add("TZOFFSETTO", transition.after)
    return component


def timezone_component(zone: ZoneInfo, first: datetime, last: datetime) -> Timezone:
    """The VTIMEZONE of ``zone``, right for every instant from ``first`` to ``last`` and beyond.

    Args:
        zone: An IANA zone (its key is the TZID).
        first: The earliest instant the calendar uses in this zone.
        last: The latest instant the calendar uses in this zone.
    """
    low = max(min(first, last), _LOWEST + _DAY) - _DAY
    low = datetime(low.year, low.month, low.day, tzinfo=UTC)
    # Past the last change any zone lists, the rules found repeat for ever: a repeat
    # to the year 9999 costs no more than one to 2100.
    last = min(max(first, last), max(first, _LISTED_UNTIL))
    # Eight years past the end: each rule repeats often enough to tell "last Sunday" from
    # "fourth Sunday" and the like.
    reach = timedelta(days=8 * 366)
    high = min(max(last, _FINAL_RULES_FROM), _HIGHEST - reach) + reach
    state = _state(zone, low)
    initial = _Transition(low, state[0], state[0], state[1] > 0, state[2])
    found = list(_transitions(zone, low, high))
    open_after = high - timedelta(days=366) if high >= _FINAL_RULES_FROM else _HIGHEST

    component = Timezone()
    component.add("TZID", zone.key)
    observances = [_observance(initial, None, None)]
    by_kind: dict[tuple[timedelta, timedelta, bool, str], list[_Transition]] = {}
    for transition in found:
        by_kind.setdefault(transition.kind, []).append(transition)
    for items in by_kind.values():
        index = 0
        while index < len(items):
            rule, stop = _run(items, index)
            last_one = items[stop - 1]
            until = None if rule is None or last_one.at >= open_after else last_one.at
            observances.append(_observance(items[index], rule, until))
            index = stop
    observances.sort(key=lambda item: (item.DTSTART, item.name))
    for observance in observances:
        component.add_component(observance)
    return component


class ZoneRanges:
    """The zones a feed uses, each with the first and last instant it must be right for.

    Zones are told apart by their key (the TZID), so that one VTIMEZONE is
    written for each TZID, whichever ``ZoneInfo`` objects name it.

    >>> ranges = ZoneRanges()
    >>> lima = ZoneInfo("America/Lima")
    >>> ranges.add(lima, datetime(2024, 11, 8, 14, tzinfo=UTC), datetime(2024, 11, 9, tzinfo=UTC))
    >>> ranges.add(lima, datetime(2024, 11, 1, tzinfo=UTC), datetime(2024, 11, 2, tzinfo=UTC))
    >>> [(zone.key, first.day, last.day) for zone, first, last in ranges.ranges()]
    [('America/Lima', 1, 9)]
    """

    __slots__ = ("_ranges",)

    def __init__(self) -> None:
        self._ranges: dict[str, tuple[ZoneInfo, datetime, datetime]] = {}

    def add(self, zone: ZoneInfo, first: datetime, last: datetime) -> None:
        """Widen the range of ``zone`` to hold ``first`` and ``last`` (UTC)."""
        known = self._ranges.get(zone.key)
        if known is not None:
            zone, first, last = known[0], min(first, known[1]), max(last, known[2])
        self._ranges[zone.key] = (zone, first, last)

    def bounded_by(self, zone: ZoneInfo, first: datetime, last: datetime) -> bool:
        """Whether ``first`` or ``last`` is a bound of the range of ``zone`` (or it has none)."""
        known = self._ranges.get(zone.key)
        return known is None or first <= known[1] or last >= known[2]

    def copy(self) -> ZoneRanges:
        """Another ZoneRanges with the same ranges."""
        other = ZoneRanges()
        other._ranges = self._ranges.copy()
        return other

    def add_event(self, event: Event) -> None:
        """The zones of an event's DTSTART and DTEND (to its last start) and its overrides'."""
        where = placement(event.time)
        bound = last_start_bound(event)
        for point in (where.start, where.end):
            if not isinstance(point, datetime) or (zone := zone_of(point)) is None:
                continue
            instant = point.astimezone(UTC)
            self.add(zone, instant, instant if bound is None else max(instant, bound))
        for use in override_zone_uses(event):
            self.add(*use)

    def ranges(self) -> list[tuple[ZoneInfo, datetime, datetime]]:
        """Each zone and its range, in the order of the zones' keys."""
        return [self._ranges[key] for key in sorted(self._ranges)]
