"""Hypothesis strategies for times, events and timelines, for property tests of your code.

Over 400 lines: the strategies and the checks of their arguments, which belong with them.

Importable when hypothesis is installed (``pip install bri-timeline[test]``).
Every value is built through the public constructors, so everything generated
is valid. Datetimes fall in many zones, odd offsets and DST rules included
(``Asia/Kathmandu``, ``Pacific/Chatham``, ``Australia/Lord_Howe``), never in a
skipped hour, and are whole seconds unless asked otherwise (iCalendar has no
fractions of a second). An argument no strategy can be made of raises
:class:`~bri_timeline.errors.InvalidArgument` when the strategy is made, before
a cache sees it, not when it is drawn from:

>>> times(min_year=2025, max_year=2024)
Traceback (most recent call last):
...
bri_timeline.errors.InvalidArgument: argument max_year: must not be less than min_year 2025 ...

>>> from hypothesis import given
>>> @given(timelines())
... def test_sorted(timeline):
...     assert list(timeline) == sorted(timeline)
>>> test_sorted()
"""

from __future__ import annotations

import enum
import inspect
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta, tzinfo
from functools import cache, wraps
from typing import Any, ParamSpec, TypeVar
from zoneinfo import ZoneInfo

import attrs
from hypothesis import strategies as st

from bri_timeline.errors import EDTFError, InvalidArgument
from bri_timeline.model import (
    Alarm,
    AlarmAction,
    Attachment,
    Attendee,
    CalendarUserType,
    Classification,
    Conference,
    ConferenceFeature,
    EventKind,
    EventStatus,
    Organizer,
    ParticipationStatus,
    Role,
    Transparency,
    TriggerRelated,
)
from bri_timeline.model.arguments import check_bool
from bri_timeline.model.edtf import from_edtf
from bri_timeline.model.event import (
    Event,
    Frequency,
    Inference,
    Location,
    Participant,
    Recurrence,
    Source,
)
from bri_timeline.model.extras import Extra
from bri_timeline.model.floating import FloatingSpan
from bri_timeline.model.keys import key_in_calendar, key_to_datetime
from bri_timeline.model.kinds import STATUSES, journal_time
from bri_timeline.model.overriding import cancel_occurrence, override_occurrence
from bri_timeline.model.recurrence import occurrences
from bri_timeline.model.rrule import Weekday
from bri_timeline.model.times import AllDay, OpenEnded, PartialDate, Time, TimeSpan
from bri_timeline.model.vague import Vague
from bri_timeline.timeline import Timeline, TimelineInfo

__all__ = [
    "ZONES",
    "alarms",
    "all_day_spans",
    "attachments",
    "attendees",
    "aware_datetimes",
    "conferences",
    "edtf_texts",
    "event_pairs",
    "events",
    "floating_spans",
    "open_ended",
    "organizers",
    "overridden",
    "partial_dates",
    "recurrences",
    "texts",
    "time_pairs",
    "time_zones",
    "timed_spans",
    "timelines",
    "times",
    "vague_times",
    "windows",
]

ZONES = (
    "UTC",
    "America/Lima",
    "Asia/Shanghai",
    "Europe/London",
    "America/New_York",
    "Asia/Kathmandu",
    "Pacific/Chatham",
    "Australia/Lord_Howe",
    "America/St_Johns",
    "Asia/Kolkata",
    "Europe/Dublin",
    "Pacific/Kiritimati",
)
"""The IANA zones drawn from: odd offsets, negative DST, half-hour DST, the date line."""

MIN_YEAR, MAX_YEAR = 1800, 2200
_YEARS = (2, 9998)  # a day's span in any zone, and 60 days after it, stay within datetime's
# Hypothesis refuses a min_size of more than a few thousand, and cannot average a max_size
# beyond a float; it draws no more than a few thousand elements anyway.
_MIN_SIZE, _MAX_SIZE = 1000, 1_000_000

_P = ParamSpec("_P")
_T = TypeVar("_T")


def _whole(low: int, high: int) -> Callable[[str, object], None]:
    """The check of an int argument from ``low`` to ``high``."""

    def check(name: str, value: object) -> None:
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            raise InvalidArgument(name, f"must be an int from {low} to {high}", value)

    return check


def _optional(kind: type, words: str) -> Callable[[str, object], None]:
    """The check of an argument that is a ``kind`` or None."""

    def check(name: str, value: object) -> None:
        if value is not None and not isinstance(value, kind):
            raise InvalidArgument(name, f"must be {words} or None", value)

    return check


_CHECKS: dict[str, Callable[[str, object], object]] = {
    "min_year": _whole(*_YEARS),
    "max_year": _whole(*_YEARS),
    "whole_seconds": check_bool,
    "brief": check_bool,
    "min_size": _whole(0, _MIN_SIZE),
    "max_size": _whole(0, _MAX_SIZE),
    "first": _optional(st.SearchStrategy, "a Hypothesis strategy"),
    "time": _optional(st.SearchStrategy, "a Hypothesis strategy"),
    "event": _optional(st.SearchStrategy, "a Hypothesis strategy"),
    "timeline": _optional(Timeline, "a Timeline"),
    "all_day": check_bool,
    "endless": check_bool,
    "deep": check_bool,
}


def _check(arguments: dict[str, object]) -> None:
    """Refuse what no strategy can be built from, before the strategy is (or is cached)."""
    for name, value in arguments.items():
        _CHECKS[name](name, value)
    for low, high in (("min_year", "max_year"), ("min_size", "max_size")):
        if low in arguments and arguments[low] > arguments[high]:  # type: ignore[operator]
            rule = f"must not be less than {low} {arguments[low]}"
            raise InvalidArgument(high, rule, arguments[high])


def _checked(function: Callable[_P, _T]) -> Callable[_P, _T]:
    """``function``, its arguments checked first (an unhashable one too, before a cache)."""
    signature = inspect.signature(function)

    @wraps(function)
    def checked(*args: _P.args, **kwargs: _P.kwargs) -> _T:
        bound = signature.bind(*args, **kwargs)
        bound.apply_defaults()
        _check(bound.arguments)
        return function(*args, **kwargs)

    return checked


@cache
def time_zones() -> st.SearchStrategy[tzinfo]:
    """IANA zones from :data:`ZONES`, and the fixed ``datetime.UTC``."""
    return st.sampled_from(ZONES).map(ZoneInfo) | st.just(UTC)


@_checked
@cache
def aware_datetimes(
    *, min_year: int = MIN_YEAR, max_year: int = MAX_YEAR, whole_seconds: bool = True
) -> st.SearchStrategy[datetime]:
    """Aware datetimes in :func:`time_zones` that exist on the wall clock (no DST gap)."""
    values = st.datetimes(
        min_value=datetime(min_year, 1, 1),
        max_value=datetime(max_year, 12, 31, 23, 59, 59),
        timezones=time_zones(),
        allow_imaginary=False,
    )
    if whole_seconds:
        values = values.map(lambda value: value.replace(microsecond=0))
    return values


@_checked
@cache
def timed_spans(
    *, min_year: int = MIN_YEAR, max_year: int = MAX_YEAR, whole_seconds: bool = True
) -> st.SearchStrategy[TimeSpan]:
    """Timed spans from an instant up to 60 days, the end sometimes in another zone."""

    @st.composite
    def build(draw: st.DrawFn) -> TimeSpan:
        start = draw(
            aware_datetimes(min_year=min_year, max_year=max_year, whole_seconds=whole_seconds)
        )
        length = draw(
            st.just(timedelta(0))
            | st.timedeltas(min_value=timedelta(0), max_value=timedelta(days=60)).map(
                lambda value: (
                    value - timedelta(microseconds=value.microseconds) if whole_seconds else value
                )
            )
        )
        zone = draw(st.just(start.tzinfo) | time_zones())
        assert zone is not None
        return TimeSpan(start, (start.astimezone(UTC) + length).astimezone(zone))

    return build()


@_checked
@cache
def floating_spans(
    *, min_year: int = MIN_YEAR, max_year: int = MAX_YEAR, whole_seconds: bool = True
) -> st.SearchStrategy[FloatingSpan]:
    """Floating spans (wall times with no zone) from an instant up to 60 days."""
    walls = aware_datetimes(min_year=min_year, max_year=max_year, whole_seconds=whole_seconds).map(
        lambda value: value.replace(tzinfo=None)
    )
    lengths = st.just(timedelta(0)) | st.timedeltas(timedelta(0), timedelta(days=60))
    if whole_seconds:
        lengths = lengths.map(lambda value: timedelta(seconds=value // timedelta(seconds=1)))
    return st.builds(lambda start, length: FloatingSpan(start, start + length), walls, lengths)


@_checked
@cache
def all_day_spans(
    *, min_year: int = MIN_YEAR, max_year: int = MAX_YEAR
) -> st.SearchStrategy[AllDay]:
    """All-day spans of 1 to 40 days."""
    return st.builds(
        lambda first, days: AllDay(first, first + timedelta(days=days - 1)),
        st.dates(min_value=date(min_year, 1, 1), max_value=date(max_year, 12, 31)),
        st.integers(1, 40),
    )


@_checked
@cache
def partial_dates(
    *, min_year: int = MIN_YEAR, max_year: int = MAX_YEAR
) -> st.SearchStrategy[PartialDate]:
    """Months, years, decades and centuries that begin in or before the years asked for."""
    years = st.integers(min_year, max_year)
    return st.one_of(
        st.builds(PartialDate.of_month, years, st.integers(1, 12)),
        st.builds(PartialDate.of_year, years),
        st.builds(lambda year: PartialDate.of_decade(year - year % 10), years),
        st.builds(lambda year: PartialDate.of_century(year - year % 100), years),
    )


@_checked
@cache
def open_ended(
    *, min_year: int = MIN_YEAR, max_year: int = MAX_YEAR
) -> st.SearchStrategy[OpenEnded]:
    """Open-ended times from a datetime, a day or a partial date."""
    days = st.dates(min_value=date(min_year, 1, 1), max_value=date(max_year, 12, 31))
    return st.builds(
        OpenEnded,
        aware_datetimes(min_year=min_year, max_year=max_year)
        | days
        | partial_dates(min_year=min_year, max_year=max_year),
    )


@_checked
@cache
def times(*, min_year: int = MIN_YEAR, max_year: int = MAX_YEAR) -> st.SearchStrategy[Time]:
    """Any kind of time, starting from ``min_year`` to ``max_year``.

    A narrow range of years makes times that overlap, meet and share bounds
    common, which is what overlap and window properties need.
    """
    years = {"min_year": min_year, "max_year": max_year}
    return st.one_of(
        timed_spans(**years),
        all_day_spans(**years),
        partial_dates(**years),
        open_ended(**years),
        floating_spans(**years),
    )


_MARK = st.sampled_from(["", "", "?", "~", "%"])


def _unspecified(digits: str, draw: st.DrawFn) -> str:
    """Some of the digits (maybe none) replaced by X."""
    chosen = draw(st.lists(st.integers(0, len(digits) - 1), max_size=len(digits)))
    return "".join("X" if index in chosen else digit for index, digit in enumerate(digits))


@st.composite
def _point_text(draw: st.DrawFn, min_year: int, max_year: int, deep: bool) -> str:
    if deep and draw(st.integers(0, 5)) == 0:
        year = draw(st.integers(-(10**12), 10**12).filter(lambda y: abs(y) > 9999))
        significant = draw(st.none() | st.integers(1, len(str(abs(year)))))
        return f"Y{year}" + ("" if significant is None else f"S{significant}")
    year = draw(st.integers(-9999 if deep else min_year, max_year))
    sign, digits = ("-" if year < 0 else ""), f"{abs(year):04d}"
    parts = [sign + _unspecified(digits, draw)]
    kind = draw(st.sampled_from(["year", "month", "day", "division"]))
    if kind == "division":
        parts.append(str(draw(st.integers(21, 41))))
    elif kind != "year":
        parts.append(_unspecified(f"{draw(st.integers(1, 12)):02d}", draw))
        if kind == "day":
            parts.append(_unspecified(f"{draw(st.integers(1, 28)):02d}", draw))
    return "-".join(draw(_MARK) + part for part in parts)


@_checked
@cache
def edtf_texts(
    *, min_year: int = MIN_YEAR, max_year: int = MAX_YEAR, deep: bool = False
) -> st.SearchStrategy[str]:
    """Valid EDTF of levels 0 to 2 but date-times: dates, intervals, sets and lists.

    Dates come with qualifiers on any part, X for any digit, seasons and other
    divisions; intervals with open and unknown sides.

    With ``deep``, also years before 1 and long years up to ±10**12 (``Y-170000000``).
    """
    point = _point_text(min_year, max_year, deep)
    side = point | st.sampled_from(["..", ""])
    member = point | st.builds(lambda a, b: f"{a}..{b}", point, point)

    def interval(start: str, end: str) -> str:
        return f"{start}/{end}" if (start, end) not in _NO_INTERVAL else f"{start}/2009"

    def valid(text: str) -> bool:
        try:
            from_edtf(text)
        except EDTFError:
            return False  # an interval or a range that ends before it starts
        return True

    sets = st.builds(
        lambda members, all_of: ("{%s}" if all_of else "[%s]") % ",".join(members),
        st.lists(member, min_size=1, max_size=4),
        st.booleans(),
    )
    return (point | st.builds(interval, side, side) | sets).filter(valid)


_NO_INTERVAL = {("..", ".."), ("..", ""), ("", ".."), ("", "")}


@_checked
@cache
def vague_times(
    *, min_year: int = MIN_YEAR, max_year: int = MAX_YEAR, deep: bool = False
) -> st.SearchStrategy[Vague]:
    """:class:`~bri_timeline.Vague` times, from :func:`edtf_texts` that no other kind holds."""
    texts = edtf_texts(min_year=min_year, max_year=max_year, deep=deep)
    return texts.map(from_edtf).filter(lambda time: isinstance(time, Vague)).map(_as_vague)


def _as_vague(time: Time) -> Vague:
    assert isinstance(time, Vague)
    return time


def _bounds(time: Time) -> list[datetime]:
    """The UTC instants where a time's span begins and (unless open) ends."""
    if isinstance(time, TimeSpan):
        bounds = [time.start, time.end]
    elif isinstance(time, AllDay):
        bounds = [_midnight(time.first), _midnight(time.end)]
    elif isinstance(time, PartialDate):
        bounds = [_midnight(time.first_day), _midnight(time.last_day + timedelta(days=1))]
    elif isinstance(time, Vague):
        bounds = [key_to_datetime(key) for key in (time._start, time._end) if key_in_calendar(key)]
    else:
        start = time.start
        if isinstance(start, PartialDate):
            bounds = [_midnight(start.first_day)]
        elif isinstance(start, datetime):
            bounds = [start]
        else:
            bounds = [_midnight(start)]
    return [bound.astimezone(UTC) for bound in bounds]


def _midnight(day: date) -> datetime:
    # Days float on UTC in spans (see bri_timeline.model.times).
    return datetime(day.year, day.month, day.day, tzinfo=UTC)


@_checked
def windows(
    timeline: Timeline | None = None, *, min_year: int = MIN_YEAR, max_year: int = MAX_YEAR
) -> st.SearchStrategy[Time]:
    """Query windows for :meth:`~bri_timeline.Timeline.overlapping` and its kin.

    Any time from :func:`times`; given a timeline, also the times of its events
    and timed spans and instants from one of their bounds to another, so that
    windows meet, start, finish and equal events exactly, where boundary rules
    are tested.
    """
    anywhere = times(min_year=min_year, max_year=max_year)
    if timeline is None or not len(timeline):
        return anywhere
    bounds = sorted({bound for event in timeline for bound in _bounds(event.time)})
    own = st.sampled_from([event.time for event in timeline])
    between = st.lists(st.sampled_from(bounds), min_size=1, max_size=2).map(
        lambda pair: TimeSpan(min(pair), max(pair))
    )
    return st.one_of(anywhere, own, between)


@_checked
def time_pairs(
    first: st.SearchStrategy[Time] | None = None,
    *,
    min_year: int = MIN_YEAR,
    max_year: int = MAX_YEAR,
) -> st.SearchStrategy[tuple[Time, Time]]:
    """Two times in either order, the other often built on the first's bounds.

    So that every one of Allen's relations turns up, meeting and equality
    included, which independent times almost never give.

    Args:
        first: Where the first time comes from (default :func:`times`).
        min_year: The earliest year of times drawn independently.
        max_year: The latest.
    """
    anywhere = times(min_year=min_year, max_year=max_year)

    @st.composite
    def build(draw: st.DrawFn) -> tuple[Time, Time]:
        a = draw(first if first is not None else anywhere)
        own = windows(Timeline([Event("a", "A", a)]), min_year=min_year, max_year=max_year)
        b = draw(anywhere | own)
        return (a, b) if draw(st.booleans()) else (b, a)

    return build()


@_checked
def event_pairs(
    *, time: st.SearchStrategy[Time] | None = None, brief: bool = False
) -> st.SearchStrategy[tuple[Event, Event]]:
    """Two events that often tie in the total order: sharing an id, an id and a time, or equal.

    Args:
        time: Where times come from (default :func:`times`).
        brief: Draw brief events (see :func:`events`).
    """
    one = events(time=time, brief=brief)

    @st.composite
    def build(draw: st.DrawFn) -> tuple[Event, Event]:
        a, b = draw(one), draw(one)
        kind = draw(st.sampled_from(["independent", "same id", "same id and time", "equal"]))
        # b's overrides name b's id and fit b's time: with a's id or time, b has none.
        if kind == "same id":
            b = attrs.evolve(b, id=a.id, overrides=())
        elif kind == "same id and time":
            rule = b.recurrence if isinstance(a.time, _REPEATING) else None
            b = attrs.evolve(
                b, id=a.id, time=a.time, recurrence=rule, overrides=(), **_kind_for(b, a)
            )
        elif kind == "equal":
            b = attrs.evolve(a)
        return a, b

    return build()


@_checked
@cache
def texts(*, min_size: int = 0, max_size: int = 40) -> st.SearchStrategy[str]:
    r"""Text an event may hold: any Unicode but the control characters iCalendar cannot carry.

    Includes newlines, tabs, ``;``, ``,``, ``\\``, quotes, emoji, right-to-left
    and combining characters.
    """
    alphabet = st.characters(
        exclude_categories=["Cs"],
        exclude_characters="".join(map(chr, [*range(0x09), *range(0x0B, 0x20), 0x7F])),
    ) | st.sampled_from(
        ["\n", "\t", ";", ",", "\\", ":", '"', "é", "中", "ש", "😀", "\u0301", "\u202e"]
    )
    return st.text(alphabet, min_size=min_size, max_size=max_size)


@cache
def _titles() -> st.SearchStrategy[str]:
    return texts(min_size=1).filter(lambda text: bool(text.replace("\r", "").strip()))


_DAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")


@_checked
@cache
def recurrences(*, all_day: bool = False, endless: bool = True) -> st.SearchStrategy[Recurrence]:
    """Repeat rules that match for ever (or until they end): every FREQ, BY part and WKST.

    The BY parts are drawn in combinations that always match again (a month day
    up to 28, an ordinal weekday from -4 to 4, BYSETPOS 1 or -1, no BYWEEKNO with
    BYMONTH, no BYMONTH or finer parts that an INTERVAL could step over), so that
    any rule can be walked as far as a window asks.

    Args:
        all_day: Rules for an all-day event: daily or coarser, no BYHOUR or finer.
        endless: Draw rules without COUNT or UNTIL too.
    """
    coarse = [Frequency.DAILY, Frequency.WEEKLY, Frequency.MONTHLY, Frequency.YEARLY]
    fine = [] if all_day else [Frequency.SECONDLY, Frequency.MINUTELY, Frequency.HOURLY]

    @st.composite
    def build(draw: st.DrawFn) -> Recurrence:
        frequency = draw(st.sampled_from(fine + coarse))
        parts: dict[str, object] = {}
        ordinal = frequency in (Frequency.MONTHLY, Frequency.YEARLY)
        family = draw(st.sampled_from(["none", "days", "month days", "year days", "weeks"]))
        small: dict[str, Any] = {"max_size": 3, "unique": True}
        if family == "days":
            nth = (
                st.none() | st.sampled_from([-4, -3, -2, -1, 1, 2, 3, 4]) if ordinal else st.none()
            )
            parts["byday"] = draw(
                st.lists(st.builds(Weekday, st.sampled_from(_DAYS), nth), min_size=1, **small)
            )
        elif family == "month days" and frequency is not Frequency.WEEKLY:
            parts["bymonthday"] = draw(
                st.lists(st.integers(1, 28) | st.integers(-28, -1), min_size=1, **small)
            )
        elif family == "year days" and frequency not in coarse[:3]:
            parts["byyearday"] = draw(
                st.lists(st.integers(1, 365) | st.integers(-365, -1), min_size=1, **small)
            )
        elif family == "weeks" and frequency is Frequency.YEARLY:
            parts["byweekno"] = draw(st.lists(st.integers(1, 52), min_size=1, **small))
            parts["byday"] = draw(st.lists(st.sampled_from(_DAYS), **small))
        if (
            family in ("days", "month days")
            and frequency is not Frequency.MONTHLY
            and draw(st.booleans())
        ):
            parts["bymonth"] = draw(st.lists(st.integers(1, 12), min_size=1, **small))
        interval = draw(st.integers(1, 4))
        if not all_day and draw(st.booleans()):
            interval = interval if frequency in coarse else 1  # else it may step over them
            parts["byhour"] = draw(st.lists(st.integers(0, 23), min_size=1, **small))
            parts["byminute"] = draw(st.lists(st.integers(0, 59), max_size=2, unique=True))
        if any(parts.values()) and draw(st.booleans()):
            parts["bysetpos"] = [draw(st.sampled_from([1, -1]))]
        ending = draw(
            st.sampled_from(["count", "until", "none"] if endless else ["count", "until"])
        )
        until = draw(st.dates(date(2000, 1, 1), date(2100, 1, 1))) if ending == "until" else None
        return Recurrence(
            frequency,
            interval=interval,
            count=draw(st.integers(1, 20)) if ending == "count" else None,
            until=until if until is None or all_day or draw(st.booleans()) else _midnight(until),
            wkst=draw(st.sampled_from(_DAYS)),
            **parts,  # type: ignore[arg-type]
        )

    return build()


@cache
def _counted() -> st.SearchStrategy[Recurrence]:
    # An event's rule: daily or coarser, and a count, so that every query of a timeline of
    # them (after() and overlapping_pairs() too) has few occurrences to find.
    return recurrences(all_day=True, endless=False).map(
        lambda rule: attrs.evolve(rule, until=None, count=rule.count or 5)
    )


def _tokens(kind: type[enum.Enum]) -> st.SearchStrategy[Any]:
    return st.sampled_from([*kind, "X-OTHER"])


@cache
def _addresses() -> st.SearchStrategy[str | None]:
    return st.none() | st.from_regex(r"mailto:[a-z0-9.]{1,12}@example\.org", fullmatch=True)


@cache
def _uris() -> st.SearchStrategy[str]:
    return st.from_regex(r"https://example\.org/[a-z0-9._~%-]{0,12}", fullmatch=True)


_TEXT_ESCAPES = str.maketrans({"\\": "\\\\", ";": "\\;", ",": "\\,", "\n": "\\n"})


@cache
def _extras() -> st.SearchStrategy[Extra]:
    # Another calendar's X- property, as it wrote it: a TEXT value (RFC 5545's default for
    # X- properties), its escapes as the RFC writes them; parameters of their own (X- names:
    # a VALUE parameter would change how a reader types it).
    names = st.from_regex(r"X-[A-Z0-9]{1,8}", fullmatch=True)
    values = texts(max_size=30).map(lambda text: text.translate(_TEXT_ESCAPES))
    params = st.lists(st.tuples(names, _labels()), max_size=2, unique_by=lambda pair: pair[0])
    return st.builds(
        lambda name, value, given: Extra(name, value, params=given), names, values, params
    )


@cache
def _uids() -> st.SearchStrategy[str]:
    # Another calendar's UID, as real ones look or any one line of text (no "@": a UID
    # that ends in "@bri-timeline.invalid" is the one an id gives).
    real = st.from_regex(r"[0-9a-z]{6,26}@(google\.com|example\.org)", fullmatch=True)
    return real | texts(min_size=1).map(lambda text: text.replace("\n", " ")).filter(
        lambda text: "@" not in text and bool(text.strip())
    )


@cache
def _instants() -> st.SearchStrategy[datetime]:
    return st.datetimes(
        min_value=datetime(2000, 1, 1), max_value=datetime(2100, 1, 1), timezones=st.just(UTC)
    ).map(lambda value: value.replace(microsecond=0))


@cache
def _labels() -> st.SearchStrategy[str]:
    # The text of a parameter: no backslash (see Attendee), no surrounding blanks, and no
    # "=" (icalendar's parameter parser drops the blanks beside one: a known loss, to fix).
    return (
        _titles().map(lambda text: text.replace("\\", "/").replace("=", "-").strip()).filter(bool)
    )


def organizers() -> st.SearchStrategy[Organizer]:
    """Organizers, with or without an address."""
    return st.builds(
        lambda name, address: Organizer(name, address=address), _labels(), _addresses()
    )


def attendees() -> st.SearchStrategy[Attendee]:
    """Attendees with every field drawn, another calendar's tokens (``X-OTHER``) among them."""
    optional = st.none() | _labels()
    return st.builds(
        lambda name, address, role, status, rsvp, kind, title, organization: Attendee(
            name,
            address=address,
            role=role,
            status=status,
            rsvp=rsvp,
            kind=kind,
            title=title,
            organization=organization,
        ),
        _labels(),
        _addresses(),
        _tokens(Role),
        _tokens(ParticipationStatus),
        st.booleans(),
        _tokens(CalendarUserType),
        optional,
        optional,
    )


def alarms() -> st.SearchStrategy[Alarm]:
    """Display and audio alarms, relative to the start or end or at an instant, some repeating."""
    seconds = st.integers(-10_000 * 86_400, 10_000 * 86_400).map(lambda n: timedelta(seconds=n))
    relative = st.tuples(seconds, st.sampled_from(TriggerRelated))
    absolute = st.tuples(_instants(), st.just(TriggerRelated.START))
    repeats = st.just((0, None)) | st.tuples(
        st.integers(1, 1000), st.integers(1, 86_400).map(lambda n: timedelta(seconds=n))
    )
    return st.builds(
        lambda trigger, action, description, repeat: Alarm(
            trigger[0],
            related=trigger[1],
            action=action,
            description=description if action is AlarmAction.DISPLAY else None,
            repeat=repeat[0],
            duration=repeat[1],
        ),
        relative | absolute,
        st.sampled_from(AlarmAction),
        st.none() | _titles(),
        repeats,
    )


def attachments() -> st.SearchStrategy[Attachment]:
    """Attachments: a URI, with or without a media type."""
    kinds = st.none() | st.sampled_from(["application/pdf", "image/png", "text/html"])
    return st.builds(lambda uri, kind: Attachment(uri, media_type=kind), _uris(), kinds)


def conferences() -> st.SearchStrategy[Conference]:
    """Conferences: a URI, its features (``X-OTHER`` among them) and a label."""
    features = st.lists(_tokens(ConferenceFeature), max_size=3, unique=True)
    return st.builds(
        lambda uri, found, label: Conference(uri, features=found, label=label),
        _uris(),
        features,
        st.none() | _labels(),
    )


@_checked
@st.composite
def events(
    draw: st.DrawFn, *, time: st.SearchStrategy[Time] | None = None, brief: bool = False
) -> Event:
    """Events with every field drawn, and ``time`` drawn from ``time`` (default :func:`times`).

    A timed, floating or all-day event may repeat: daily or coarser, by a rule of
    :func:`recurrences` with a ``count`` (up to 20), and (but a floating one) have up to
    three of its occurrences changed or cancelled
    (:attr:`~bri_timeline.model.event.Event.overrides`). Its ``kind`` is drawn
    too, with what that kind holds (:mod:`~bri_timeline.model.kinds`): a status of its
    kind, and a journal entry only where the time is one instant or one day.

    With ``brief=True`` only the id, a short title, the time and the categories
    are drawn, the rest left at their defaults: several times faster, for
    properties of times, order and queries, which look at nothing else.
    """
    when = draw(time if time is not None else times())
    event_id = draw(st.from_regex(r"[a-z0-9][a-z0-9-]{0,20}", fullmatch=True))
    if brief:
        return Event(
            event_id,
            draw(st.sampled_from(["A", "B", "C"])),
            when,
            categories=draw(st.lists(st.sampled_from(["x", "y", "z"]), max_size=2, unique=True)),
        )
    kind = draw(st.sampled_from(_kinds(when)))
    optional = st.none() | _titles()
    location = draw(
        st.none()
        | st.builds(Location, _titles())
        | st.builds(
            lambda name, lat, lon: Location(name, latitude=lat, longitude=lon),
            _titles(),
            st.floats(-90, 90),
            st.floats(-180, 180),
        )
    )
    event = Event(
        event_id,
        draw(_titles()),
        when,
        description=draw(texts(max_size=80)),
        location=None if kind is EventKind.JOURNAL else location,
        categories=draw(st.lists(_titles(), max_size=3, unique=True)),
        participants=draw(
            st.lists(
                st.builds(
                    lambda name, role, org: Participant(name, role=role, organization=org),
                    _titles(),
                    optional,
                    optional,
                ),
                max_size=3,
            )
        ),
        source=draw(
            st.none()
            | st.builds(
                lambda quote, document, locator: Source(quote, document=document, locator=locator),
                _titles(),
                optional,
                optional,
            )
        ),
        url=draw(st.none() | st.from_regex(r"https://example\.org/[a-z0-9]{1,10}", fullmatch=True)),
        inferred=draw(st.lists(st.builds(Inference, _titles(), _titles()), max_size=2)),
        recurrence=draw(st.none() | _counted()) if isinstance(when, _REPEATING) else None,
        revision=draw(st.integers(0, 1000)),
        updated=draw(st.none() | _instants()),
        **_of_kind(kind, draw(_calendar_fields()), draw),
    )
    if event.recurrence is None or isinstance(when, FloatingSpan):  # no overrides: floating
        return event
    return draw(_overridden(event))


_REPEATING = (TimeSpan, AllDay, FloatingSpan)  # the times that may repeat


def _kind_for(event: Event, other: Event) -> dict[str, Any]:
    """The kind and status ``event`` needs to take ``other``'s time (for :func:`attrs.evolve`).

    None but a journal entry's, which must be one instant or one day: given another
    time, it takes ``other``'s kind and status.
    """
    if event.kind is not EventKind.JOURNAL or journal_time(other.time):
        return {}
    return {"kind": other.kind, "status": other.status}


def _kinds(time: Time) -> list[EventKind]:
    """The kinds an event of this time may be: a journal entry is one instant or one day."""
    return list(EventKind) if journal_time(time) else [EventKind.EVENT, EventKind.TODO]


def _statuses(kind: EventKind) -> st.SearchStrategy[EventStatus | None]:
    return st.none() | st.sampled_from(STATUSES[kind])


def _of_kind(kind: EventKind, fields: dict[str, Any], draw: st.DrawFn) -> dict[str, Any]:
    """The calendar fields drawn for an event, less what its kind cannot hold (see ``kinds``)."""
    if kind is EventKind.EVENT:
        return fields
    dropped = {"transparency"}
    if kind is EventKind.JOURNAL:
        dropped |= {"priority", "alarms", "conference"}
    found = {key: value for key, value in fields.items() if key not in dropped}
    if "status" in found:
        found["status"] = draw(_statuses(kind))
    return {**found, "kind": kind}


def _moved(time: TimeSpan | AllDay, days: int, minutes: int) -> TimeSpan | AllDay:
    if isinstance(time, AllDay):
        return AllDay(time.first + timedelta(days=days), time.last + timedelta(days=days))
    shift = timedelta(days=days, minutes=minutes)
    start, end = time.start, time.end
    return TimeSpan(
        (start.astimezone(UTC) + shift).astimezone(start.tzinfo),
        (end.astimezone(UTC) + shift).astimezone(end.tzinfo),
    )


def overridden(event: Event) -> st.SearchStrategy[Event]:
    """``event`` (timed or all-day, repeating, its rule ending) with up to three changed.

    Each is one of the first 30 occurrences its rule gives (changed again if
    ``event`` overrides it already), cancelled, moved (by up to 40 days
    either way, and for a timed event some minutes), retitled, or given other
    fields; see :func:`~bri_timeline.model.overriding.override_occurrence`.
    """
    if (
        not isinstance(event, Event)
        or event.recurrence is None
        or not event.recurrence.ends
        or isinstance(event.time, FloatingSpan)  # a floating series has no overrides
    ):
        raise InvalidArgument(
            "event", "must be a timed or all-day repeating Event whose rule ends", event
        )
    return _overridden(event)


@st.composite
def _overridden(draw: st.DrawFn, event: Event) -> Event:
    found: dict[date | datetime, TimeSpan | AllDay] = {}
    bare = attrs.evolve(event, overrides=())  # the rule's own starts, not where overrides went
    for _, time in zip(range(30), occurrences(bare), strict=False):
        assert isinstance(time, TimeSpan | AllDay)  # only these repeat
        found[time.first if isinstance(time, AllDay) else time.start] = time
    chosen = draw(st.lists(st.sampled_from(list(found)), max_size=3, unique=True))
    locations = st.none() | st.builds(Location, _titles())
    for original in chosen:
        kind = draw(st.sampled_from(["cancel", "move", "retitle", "fields"]))
        if kind == "cancel":
            event = cancel_occurrence(event, original)
        elif kind == "move":
            days, minutes = draw(st.integers(-40, 40)), draw(st.integers(-600, 600))
            moved = _moved(found[original], days, minutes)
            event = override_occurrence(event, original, time=moved)
        elif kind == "retitle":
            event = override_occurrence(event, original, title=draw(_titles()))
        else:
            event = override_occurrence(
                event,
                original,
                description=draw(texts(max_size=40)),
                location=None if event.kind is EventKind.JOURNAL else draw(locations),
                status=draw(_statuses(event.kind)),
            )
    return event


@cache
def _calendar_fields() -> st.SearchStrategy[dict[str, Any]]:
    """The fields of people, alarms, links and status, each left at its default half the time."""
    fields = {
        "organizer": st.none() | organizers(),
        "attendees": st.lists(attendees(), max_size=3),
        "alarms": st.lists(alarms(), max_size=2),
        "attachments": st.lists(attachments(), max_size=2),
        "status": _statuses(EventKind.EVENT),
        "transparency": st.sampled_from(Transparency),
        "classification": st.none() | _tokens(Classification),
        "priority": st.integers(0, 9),
        "color": st.none() | st.sampled_from(["teal", "crimson", "navy"]),
        "image": st.none() | _uris(),
        "conference": st.lists(conferences(), max_size=2),
        "created": st.none() | _instants(),
        "uid": st.none() | _uids(),
        "extras": st.lists(_extras(), max_size=3),
    }
    return st.fixed_dictionaries({}, optional=fields)


@_checked
def timelines(
    *, max_size: int = 12, event: st.SearchStrategy[Event] | None = None
) -> st.SearchStrategy[Timeline]:
    """Timelines of up to ``max_size`` events with unique ids (and unique kept UIDs)."""
    items = st.lists(
        event if event is not None else events(),
        max_size=max_size,
        unique_by=(lambda e: e.id, lambda e: e.uid or e.id),
    )
    info = st.builds(TimelineInfo, _titles(), description=texts())
    return st.builds(lambda found, about: Timeline(found, info=about), items, info)
