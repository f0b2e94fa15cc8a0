"""A repeat rule as RFC 5545 writes it: RRULE, RDATE and EXDATE (:class:`Recurrence`).

Over 400 lines: the Recurrence class and the converter of each of its parts, which check
what they are given at construction, belong together.

A :class:`Recurrence` is a value: it says which starts repeat an event's time,
not what the occurrences are (:func:`~bri_timeline.model.recurrence.occurrences`
works them out). Its RRULE text parses and prints back:

>>> rule = Recurrence.from_rrule("FREQ=MONTHLY;BYDAY=1MO;COUNT=12")
>>> rule.byday
(Weekday('MO', 1),)
>>> str(rule)
'FREQ=MONTHLY;COUNT=12;BYDAY=1MO'
>>> Recurrence.from_rrule("FREQ=WEEKLY;BYDAY=XX")
Traceback (most recent call last):
...
bri_timeline.errors.InvalidEvent: recurrence.byday: must be a weekday (MO, 2MO, -1FR) (got 'XX')
"""

from __future__ import annotations

import enum
import re
from collections.abc import Iterable
from datetime import UTC, date, datetime
from typing import TYPE_CHECKING

import attrs

from bri_timeline.errors import InvalidEvent
from bri_timeline.model._rrule_text import format_rrule, parse_rrule
from bri_timeline.model._setpos import setpos_problem
from bri_timeline.model.floating import FloatingSpan
from bri_timeline.model.keys import instant_key
from bri_timeline.model.text import set_built
from bri_timeline.model.times import AllDay, TimeSpan, in_utc

if TYPE_CHECKING:
    from bri_timeline.model.times import Time

__all__ = ["MAX_REVISION", "Frequency", "Recurrence", "Weekday", "check_fits", "check_moment"]

MAX_REVISION = 2**31 - 1
"""The highest revision: iCalendar's SEQUENCE is a signed 32-bit INTEGER (RFC 5545 3.3.8)."""

WEEKDAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
_WEEKDAY = re.compile(r"([+-]?[0-9]{1,2})?(MO|TU|WE|TH|FR|SA|SU)")
_MAX_BY_PARTS = 800  # more than any BY part can hold distinct (BYYEARDAY: 732, BYDAY: 749)


class Frequency(enum.Enum):
    """How often a :class:`Recurrence` repeats (RFC 5545 FREQ), finest first."""

    SECONDLY = "SECONDLY"
    MINUTELY = "MINUTELY"
    HOURLY = "HOURLY"
    DAILY = "DAILY"
    WEEKLY = "WEEKLY"
    MONTHLY = "MONTHLY"
    YEARLY = "YEARLY"

    def __repr__(self) -> str:
        return f"Frequency.{self.name}"


@attrs.frozen(order=True)
class Weekday:
    """A BYDAY value: a day of the week, and optionally which one of the month or year.

    ``nth`` 1 is the first, -1 the last; None is every such day.

    >>> Weekday.parse("-1FR")
    Weekday('FR', -1)
    >>> str(Weekday("MO", 2))
    '2MO'
    """

    day: str
    nth: int | None = None

    def __attrs_post_init__(self) -> None:
        if self.day not in WEEKDAYS:
            raise InvalidEvent("recurrence.byday", "must be one of MO TU WE TH FR SA SU", self.day)
        if self.nth is not None and (
            isinstance(self.nth, bool)
            or not isinstance(self.nth, int)
            or not 1 <= abs(self.nth) <= 53
        ):
            raise InvalidEvent("recurrence.byday", "ordinal must be -53 to 53, not 0", self.nth)

    @classmethod
    def parse(cls, text: str) -> Weekday:
        """A weekday from its RRULE text (``MO``, ``2MO``, ``-1FR``)."""
        match = _WEEKDAY.fullmatch(text.strip().upper()) if isinstance(text, str) else None
        if match is None:
            raise InvalidEvent(
                "recurrence.byday",
                "must be a weekday (MO, 2MO, -1FR)",
                text,
            )
        nth = match.group(1)
        return cls(match.group(2), None if nth is None else int(nth))

    @property
    def index(self) -> int:
        """The day as Python numbers it: Monday is 0."""
        return WEEKDAYS.index(self.day)

    def __str__(self) -> str:
        return self.day if self.nth is None else f"{self.nth}{self.day}"

    def __repr__(self) -> str:
        return (
            f"Weekday({self.day!r})" if self.nth is None else f"Weekday({self.day!r}, {self.nth})"
        )


def _positive(field: str, value: object) -> int:
    # At most MAX_REVISION: iCalendar writes COUNT and INTERVAL as INTEGER too.
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= MAX_REVISION:
        raise InvalidEvent(field, f"must be a positive int, at most {MAX_REVISION}", value)
    return value


def _until(value: object) -> date | datetime | None:
    if value is None or (isinstance(value, date) and not isinstance(value, datetime)):
        return value
    if isinstance(value, datetime):
        if value.tzinfo is None:  # a wall time, for a floating series (see check_fits)
            return value.replace(fold=0)
        return in_utc("until", value, InvalidEvent)
    raise InvalidEvent("until", "must be a date, a datetime or None", value)


def _until_eq(value: date | datetime | None) -> tuple[object, ...]:
    if isinstance(value, datetime):
        return ("datetime", _moment_key(value))
    return ("date", value)


def _ints(name: str, values: Iterable[int], low: int, high: int, signed: bool) -> tuple[int, ...]:
    """A BY part: distinct ints in range (and their negatives if signed), sorted."""
    rule = f"{-high} to {-low} or {low} to {high}" if signed else f"{low} to {high}"
    if isinstance(values, int):
        values = (values,)
    if isinstance(values, str) or not isinstance(values, Iterable):
        raise InvalidEvent(f"recurrence.{name}", "must be a sequence of ints", values)
    items = tuple(values)
    if len(items) > _MAX_BY_PARTS:
        raise InvalidEvent(
            f"recurrence.{name}", f"must hold at most {_MAX_BY_PARTS} values", len(items)
        )
    for item in items:
        if (
            isinstance(item, bool)
            or not isinstance(item, int)
            or not (low <= item <= high or (signed and -high <= item <= -low))
        ):
            raise InvalidEvent(f"recurrence.{name}", f"must hold ints {rule}", item)
    return tuple(sorted(set(items)))


def _bysecond(values: Iterable[int]) -> tuple[int, ...]:
    return _ints("bysecond", values, 0, 59, False)


def _byminute(values: Iterable[int]) -> tuple[int, ...]:
    return _ints("byminute", values, 0, 59, False)


def _byhour(values: Iterable[int]) -> tuple[int, ...]:
    return _ints("byhour", values, 0, 23, False)


def _bymonthday(values: Iterable[int]) -> tuple[int, ...]:
    return _ints("bymonthday", values, 1, 31, True)


def _byyearday(values: Iterable[int]) -> tuple[int, ...]:
    return _ints("byyearday", values, 1, 366, True)


def _byweekno(values: Iterable[int]) -> tuple[int, ...]:
    return _ints("byweekno", values, 1, 53, True)


def _bymonth(values: Iterable[int]) -> tuple[int, ...]:
    return _ints("bymonth", values, 1, 12, False)


def _bysetpos(values: Iterable[int]) -> tuple[int, ...]:
    return _ints("bysetpos", values, 1, 366, True)


def _weekdays(values: Iterable[Weekday | str]) -> tuple[Weekday, ...]:
    if isinstance(values, str | Weekday):
        values = (values,)
    if not isinstance(values, Iterable):
        raise InvalidEvent("recurrence.byday", "must be a sequence of weekdays", values)
    items = tuple(item if isinstance(item, Weekday) else Weekday.parse(item) for item in values)
    if len(items) > _MAX_BY_PARTS:
        raise InvalidEvent(
            "recurrence.byday", f"must hold at most {_MAX_BY_PARTS} values", len(items)
        )
    return tuple(sorted(set(items), key=lambda w: (w.nth or 0, w.index)))


def check_moment(field: str, value: object, *, naive: bool = False) -> date | datetime:
    """A date or an aware datetime, or an InvalidEvent naming ``field``.

    With ``naive``, a naive datetime too: a wall time, for a floating series (see
    :func:`check_fits`).
    """
    kind = "a date or a datetime" if naive else "a date or an aware datetime"
    if isinstance(value, datetime):
        if value.tzinfo is None and naive:
            return value.replace(fold=0)
        if value.tzinfo is None or value.utcoffset() is None:
            raise InvalidEvent(field, f"must be {kind}", value)
        return value
    if isinstance(value, date):
        return value
    raise InvalidEvent(field, f"must be {kind}", value)


def _moment_key(value: date | datetime | TimeSpan) -> tuple[int, int]:
    # A naive datetime (a wall time) is keyed as if in UTC, and told apart by its second part.
    if isinstance(value, TimeSpan):
        return value._start, value._end
    if isinstance(value, datetime):
        if value.tzinfo is None:
            return instant_key(value.replace(tzinfo=UTC)), -1
        return instant_key(value), 0
    return instant_key(datetime(value.year, value.month, value.day, tzinfo=UTC)), 0


def _rdates(values: Iterable[date | datetime | TimeSpan]) -> tuple[date | datetime | TimeSpan, ...]:
    if isinstance(values, str) or not isinstance(values, Iterable):
        raise InvalidEvent(
            "recurrence.rdates", "must be a sequence of dates, datetimes or TimeSpans", values
        )
    items = tuple(
        v if isinstance(v, TimeSpan) else check_moment("recurrence.rdates", v, naive=True)
        for v in values
    )
    return tuple(sorted(set(items), key=_moment_key))


def _exdates(values: Iterable[date | datetime]) -> tuple[date | datetime, ...]:
    if isinstance(values, str) or not isinstance(values, Iterable):
        raise InvalidEvent("recurrence.exdates", "must be a sequence of dates or datetimes", values)
    items = tuple(check_moment("recurrence.exdates", v, naive=True) for v in values)
    return tuple(sorted(set(items), key=_moment_key))


def _moments_eq(values: tuple[date | datetime | TimeSpan, ...]) -> tuple[object, ...]:
    return tuple((type(v).__name__, _moment_key(v)) for v in values)


def _wkst(value: object) -> str:
    if value not in WEEKDAYS:
        raise InvalidEvent("recurrence.wkst", "must be one of MO TU WE TH FR SA SU", value)
    assert isinstance(value, str)
    return value


_BY_INTS = ("bysecond", "byminute", "byhour", "bymonthday", "byyearday", "byweekno", "bymonth")


@attrs.frozen(repr=False)
class Recurrence:
    """A repeat rule: RFC 5545's RRULE, with the extra starts of RDATE and the EXDATEs left out.

    At most one of ``count`` (occurrences in all, the first included) and
    ``until`` (the last possible start, inclusive) is given; with neither, it
    repeats for ever. A datetime ``until`` is kept in UTC. ``interval`` and
    ``count`` are at most :data:`MAX_REVISION`, the largest iCalendar INTEGER.
    The BY parts narrow or widen each period as RFC 5545 3.3.10 says; each is
    kept sorted, without repeats. The event's own start is always the first
    occurrence. ``rdates`` add starts (a day for an all-day event, an aware
    datetime for a timed one, or a :class:`~bri_timeline.model.times.TimeSpan`
    for an occurrence of its own length); ``exdates`` remove the occurrences that
    start then.

    >>> Recurrence(Frequency.YEARLY, count=10).interval
    1
    >>> Recurrence(Frequency.WEEKLY, byday=["MO", "WE"]).to_rrule()
    'FREQ=WEEKLY;BYDAY=MO,WE'
    >>> Recurrence(Frequency.MONTHLY, bysetpos=[-1])
    Traceback (most recent call last):
    ...
    bri_timeline.errors.InvalidEvent: recurrence.bysetpos: needs another BY part (got (-1,))
    """

    frequency: Frequency
    interval: int = attrs.field(default=1, kw_only=True)
    count: int | None = attrs.field(default=None, kw_only=True)
    until: date | datetime | None = attrs.field(default=None, kw_only=True, eq=_until_eq)
    bysecond: tuple[int, ...] = attrs.field(default=(), kw_only=True, converter=_bysecond)
    byminute: tuple[int, ...] = attrs.field(default=(), kw_only=True, converter=_byminute)
    byhour: tuple[int, ...] = attrs.field(default=(), kw_only=True, converter=_byhour)
    byday: tuple[Weekday, ...] = attrs.field(default=(), kw_only=True, converter=_weekdays)
    bymonthday: tuple[int, ...] = attrs.field(default=(), kw_only=True, converter=_bymonthday)
    byyearday: tuple[int, ...] = attrs.field(default=(), kw_only=True, converter=_byyearday)
    byweekno: tuple[int, ...] = attrs.field(default=(), kw_only=True, converter=_byweekno)
    bymonth: tuple[int, ...] = attrs.field(default=(), kw_only=True, converter=_bymonth)
    bysetpos: tuple[int, ...] = attrs.field(default=(), kw_only=True, converter=_bysetpos)
    wkst: str = attrs.field(default="MO", kw_only=True)
    rdates: tuple[date | datetime | TimeSpan, ...] = attrs.field(
        default=(), kw_only=True, converter=_rdates, eq=_moments_eq
    )
    exdates: tuple[date | datetime, ...] = attrs.field(
        default=(), kw_only=True, converter=_exdates, eq=_moments_eq
    )

    def __attrs_post_init__(self) -> None:
        if not isinstance(self.frequency, Frequency):
            raise InvalidEvent("frequency", "must be a Frequency", self.frequency)
        set_built(self, "interval", _positive("interval", self.interval))
        if self.count is not None:
            set_built(self, "count", _positive("count", self.count))
        set_built(self, "until", _until(self.until))
        if self.count is not None and self.until is not None:
            raise InvalidEvent("until", "must not be given with count", self.until)
        _wkst(self.wkst)
        self._check_parts()

    def _check_parts(self) -> None:
        # RFC 5545 3.3.10: the parts each frequency allows.
        frequency = self.frequency
        if self.byweekno and frequency is not Frequency.YEARLY:
            raise InvalidEvent("recurrence.byweekno", "is only for FREQ=YEARLY", self.byweekno)
        if self.byyearday and frequency in (Frequency.DAILY, Frequency.WEEKLY, Frequency.MONTHLY):
            raise InvalidEvent(
                "recurrence.byyearday", f"is not for FREQ={frequency.value}", self.byyearday
            )
        if self.bymonthday and frequency is Frequency.WEEKLY:
            raise InvalidEvent("recurrence.bymonthday", "is not for FREQ=WEEKLY", self.bymonthday)
        ordinals = [day for day in self.byday if day.nth is not None]
        if ordinals and (
            frequency not in (Frequency.MONTHLY, Frequency.YEARLY)
            or (frequency is Frequency.YEARLY and self.byweekno)
        ):
            raise InvalidEvent(
                "recurrence.byday",
                "takes an ordinal only with FREQ=MONTHLY, or FREQ=YEARLY without BYWEEKNO",
                str(ordinals[0]),
            )
        sizes = {name.upper(): len(getattr(self, name)) for name in _BY_INTS}
        if problem := setpos_problem(frequency.value, sizes, self.bysetpos):
            raise InvalidEvent("recurrence.bysetpos", problem, self.bysetpos)
        if self.bysetpos and not (any(getattr(self, name) for name in _BY_INTS) or self.byday):
            raise InvalidEvent("recurrence.bysetpos", "needs another BY part", self.bysetpos)

    @property
    def ends(self) -> bool:
        """Whether the rule ends, by ``count`` or ``until``."""
        return self.count is not None or self.until is not None

    @classmethod
    def from_rrule(
        cls,
        text: str,
        *,
        rdates: Iterable[date | datetime | TimeSpan] = (),
        exdates: Iterable[date | datetime] = (),
    ) -> Recurrence:
        """The recurrence an RRULE value writes (``FREQ=WEEKLY;BYDAY=MO,WE``), parts in any order.

        A ``UNTIL`` is a day (``20250131``) or a UTC time (``20250131T120000Z``).

        Raises:
            InvalidEvent: The text is not a rule; the message names the part and its value.

        >>> Recurrence.from_rrule("FREQ=DAILY;UNTIL=20250131T120000Z").until
        datetime.datetime(2025, 1, 31, 12, 0, tzinfo=datetime.timezone.utc)
        >>> Recurrence.from_rrule("FREQ=DAILY;COLOR=RED")
        Traceback (most recent call last):
        ...
        bri_timeline.errors.InvalidEvent: recurrence: has an unknown part (got 'COLOR=RED')
        """
        if not isinstance(text, str):
            raise InvalidEvent("recurrence", "must be RRULE text", text)
        fields = parse_rrule(text)
        fields["frequency"] = Frequency(fields["frequency"])
        return cls(**fields, rdates=rdates, exdates=exdates)  # type: ignore[arg-type]

    def to_rrule(self) -> str:
        """The RRULE value text, parts in RFC 5545's order; a datetime UNTIL in UTC.

        It says nothing of ``rdates`` and ``exdates``, which are not RRULE parts.
        """
        return format_rrule(self)

    def __str__(self) -> str:
        return self.to_rrule()

    def __repr__(self) -> str:
        # The four fields of 0.1 always, the others where they say something.
        shown = [f"frequency={self.frequency!r}"]
        for field in attrs.fields(Recurrence)[1:]:
            value = getattr(self, field.name)
            if field.name in ("interval", "count", "until") or value != field.default:
                shown.append(f"{field.name}={value!r}")
        return f"Recurrence({', '.join(shown)})"


def check_fits(recurrence: Recurrence, time: Time) -> None:
    """Refuse a recurrence that cannot repeat this time: its dates must be of the time's kind.

    An all-day event repeats by days (``rdates`` and ``exdates`` are dates, BYHOUR
    and finer or a sub-daily FREQ are refused); a timed one by aware datetimes; a
    floating one by naive datetimes (wall times), its ``until`` a day, a wall time,
    or a UTC time read on the wall clock (as recurring-ical-events reads it).
    """
    if isinstance(time, AllDay):
        if recurrence.frequency in (Frequency.SECONDLY, Frequency.MINUTELY, Frequency.HOURLY):
            raise InvalidEvent(
                "recurrence.frequency",
                "an all-day event repeats at most daily",
                recurrence.frequency.value,
            )
        for name in ("byhour", "byminute", "bysecond"):
            if getattr(recurrence, name):
                raise InvalidEvent(
                    f"recurrence.{name}", "is not for an all-day event", getattr(recurrence, name)
                )
        bad: list[object] = [
            v
            for v in (*recurrence.rdates, *recurrence.exdates)
            if isinstance(v, datetime | TimeSpan)
        ]
        if bad:
            raise InvalidEvent("recurrence.rdates", "must be dates for an all-day event", bad[0])
        if _naive(recurrence.until):
            raise InvalidEvent(
                "recurrence.until", "must be a date or an aware datetime", recurrence.until
            )
    elif isinstance(time, TimeSpan):
        bad = [
            v
            for v in (*recurrence.rdates, *recurrence.exdates)
            if not isinstance(v, datetime | TimeSpan) or _naive(v)
        ]
        if bad:
            raise InvalidEvent(
                "recurrence.rdates", "must be aware datetimes for a timed event", bad[0]
            )
        if _naive(recurrence.until):
            raise InvalidEvent(
                "recurrence.until", "must be a date or an aware datetime", recurrence.until
            )
    elif isinstance(time, FloatingSpan):
        bad = [v for v in (*recurrence.rdates, *recurrence.exdates) if not _naive(v)]
        if bad:
            raise InvalidEvent(
                "recurrence.rdates", "must be naive datetimes for a floating event", bad[0]
            )


def _naive(value: object) -> bool:
    return isinstance(value, datetime) and value.tzinfo is None
