"""The four exact and partial kinds of time an event can have (the fifth, Vague, is in vague.py).

Over 400 lines: four small classes that share their checks and the span rule; a module
each would import the others.

* :class:`TimeSpan`: a timed span between two timezone-aware datetimes; zero
  length is an instant.
* :class:`AllDay`: one or more whole days, named by the first and last day
  (inclusive); the half-open end is derived.
* :class:`PartialDate`: a month, a year, a decade or a century, known only to
  that precision. It covers its whole period and is never turned into a day.
* :class:`OpenEnded`: a start with no end ("in place since 2009").

They are joined by the type alias :data:`Time`. Every time occupies a
half-open *span* ``[start, end)`` on one axis of microseconds: timed values at
their UTC instant, dates (which float, like iCalendar's ``VALUE=DATE``) on UTC
days, an instant as the single microsecond it names, and an open end after
every closed one. The span is what ordering and overlap use; see
:mod:`bri_timeline.model.relations`.

>>> from datetime import date
>>> AllDay(date(2024, 11, 13), date(2024, 11, 15)).end
datetime.date(2024, 11, 16)
>>> PartialDate.of_year(2009).last_day
datetime.date(2009, 12, 31)
"""

from __future__ import annotations

import enum
from datetime import UTC, date, datetime, timedelta
from typing import TypeAlias
from zoneinfo import ZoneInfo

import attrs

from bri_timeline.errors import InvalidTime, InvalidValue
from bri_timeline.model.floating import FloatingSpan
from bri_timeline.model.keys import OPEN_END, US_PER_DAY, date_key, instant_key
from bri_timeline.model.vague import Vague

_ONE_DAY = timedelta(days=1)

__all__ = [
    "AllDay",
    "OpenEnded",
    "PartialDate",
    "Precision",
    "Time",
    "TimeSpan",
    "check_time",
    "first_date",
    "in_utc",
]


def zone_name(value: datetime) -> str:
    """The IANA name of a normalized datetime's zone (``"UTC"`` for UTC)."""
    tz = value.tzinfo
    return tz.key if isinstance(tz, ZoneInfo) else "UTC"


def _instant_and_zone(value: datetime) -> tuple[int, str | None]:
    # Equality of datetimes by (instant, zone): the stdlib compares two datetimes
    # of one zone by wall time and ignores `fold`, which would make two different
    # instants in a repeated hour equal.
    # UTC as a ZoneInfo ("UTC") and as datetime.timezone.utc are told apart, as
    # they print and export apart.
    tz = value.tzinfo
    return instant_key(value), tz.key if isinstance(tz, ZoneInfo) else ""


def _aware(field: str, value: object) -> datetime:
    """Check that ``value`` is an aware datetime and normalize its zone.

    A ``ZoneInfo`` with a key is kept (with the fold that names the instant); any
    other zone (a fixed offset, dateutil's UTC) is converted to UTC, since only
    IANA zones and UTC can be carried everywhere (iCalendar TZID, EDTF + tz).
    """
    return _aware_key(field, value)[0]


def _aware_key(field: str, value: object) -> tuple[datetime, int]:
    """:func:`_aware`'s datetime and its :func:`~.keys.instant_key`, from the UTC time made."""
    if not isinstance(value, datetime):
        raise InvalidTime(field, "must be a datetime", value)
    tz = value.tzinfo
    zone = tz if isinstance(tz, ZoneInfo) and tz.key is not None else None  # has an offset
    if zone is None and (tz is None or value.utcoffset() is None):
        raise InvalidTime(
            field, "must be timezone-aware (a naive datetime has no place in time)", value
        )
    try:
        utc = value.astimezone(UTC)
        if zone is not None:
            canonical = utc.astimezone(zone)
            # Of one tzinfo, datetimes compare by wall time, fold aside: a skipped one differs.
            if canonical != value:
                raise InvalidTime(
                    field, f"does not exist in {zone.key} (the clocks skipped it)", value
                )
            return canonical, instant_key(utc)  # UTC less UTC: no zone to look up
        return utc, instant_key(utc)
    except OverflowError:
        raise InvalidTime(field, "is too close to the ends of the datetime range", value) from None


def in_utc(field: str, value: object, error: type[InvalidValue] = InvalidTime) -> datetime:
    """An aware datetime converted to UTC, or ``error`` naming ``field``.

    For instants that say when something happened (``updated``, ``until``), not where.

    >>> from datetime import timezone
    >>> in_utc("updated", datetime(9999, 12, 31, 23, tzinfo=timezone(timedelta(hours=-2))))
    Traceback (most recent call last):
    ...
    bri_timeline.errors.InvalidTime: updated: is too close to the ends of the datetime range ...
    """
    if not isinstance(value, datetime) or value.utcoffset() is None:
        raise error(field, "must be a timezone-aware datetime", value)
    try:
        return value.astimezone(UTC)
    except OverflowError:
        raise error(field, "is too close to the ends of the datetime range", value) from None


def _plain_date(field: str, value: object) -> date:
    if not isinstance(value, date) or isinstance(value, datetime):
        raise InvalidTime(field, "must be a date (not a datetime)", value)
    return value


@attrs.frozen
class TimeSpan:
    """A timed span between two timezone-aware datetimes; zero length is an instant.

    Datetimes in an IANA zone keep it (and its DST rules); any other aware
    datetime is converted to UTC. Naive datetimes, an end before the start, and
    local times skipped by a clock change are refused with :class:`InvalidTime`.

    Args:
        start: When it begins (aware).
        end: When it ends (aware); defaults to ``start``, making an instant.

    >>> from zoneinfo import ZoneInfo
    >>> lima = ZoneInfo("America/Lima")
    >>> span = TimeSpan(datetime(2024, 11, 8, 9, tzinfo=lima),
    ...                 datetime(2024, 11, 8, 13, tzinfo=lima))
    >>> span.duration
    datetime.timedelta(seconds=14400)
    >>> TimeSpan(datetime(2024, 11, 8, 9)).start
    Traceback (most recent call last):
    ...
    bri_timeline.errors.InvalidTime: start: must be timezone-aware ...
    """

    start: datetime = attrs.field(eq=_instant_and_zone)
    end: datetime = attrs.field(
        default=attrs.Factory(lambda self: self.start, takes_self=True), eq=_instant_and_zone
    )
    _start: int = attrs.field(init=False, repr=False, eq=False)
    _end: int = attrs.field(init=False, repr=False, eq=False)

    def __attrs_post_init__(self) -> None:
        first, start = _aware_key("start", self.start)
        last, end = _aware_key("end", self.end)
        object.__setattr__(self, "start", first)
        object.__setattr__(self, "end", last)
        if end < start:
            raise InvalidTime("end", f"must not be before start {self.start.isoformat()}", self.end)
        object.__setattr__(self, "_start", start)
        # An instant occupies the one microsecond it names, so every span is non-empty.
        object.__setattr__(self, "_end", max(end, start + 1))

    @property
    def is_instant(self) -> bool:
        """True when start and end are the same instant."""
        return instant_key(self.end) == self._start

    @property
    def duration(self) -> timedelta:
        """How long the span lasts (zero for an instant): elapsed time, across clock changes."""
        # Not `end - start`: the stdlib subtracts two datetimes of one zone by wall time.
        return timedelta(microseconds=instant_key(self.end) - self._start)

    @property
    def _core(self) -> tuple[int, int]:
        return self._start, self._end


@attrs.frozen
class AllDay:
    """One or more whole days, from ``first`` to ``last`` inclusive.

    Days float: they carry no zone, as in iCalendar. The half-open end is
    :attr:`end`, the day after ``last``.

    Args:
        first: The first day.
        last: The last day (inclusive); defaults to ``first``.

    >>> AllDay(date(2024, 11, 14)).days
    1
    >>> AllDay(date(2024, 11, 15), date(2024, 11, 13))
    Traceback (most recent call last):
    ...
    bri_timeline.errors.InvalidTime: last: must not be before first 2024-11-15 ...
    """

    first: date
    last: date = attrs.field(default=attrs.Factory(lambda self: self.first, takes_self=True))
    _start: int = attrs.field(init=False, repr=False, eq=False)
    _end: int = attrs.field(init=False, repr=False, eq=False)

    def __attrs_post_init__(self) -> None:
        _plain_date("first", self.first)
        _plain_date("last", self.last)
        if self.last < self.first:
            raise InvalidTime(
                "last", f"must not be before first {self.first.isoformat()}", self.last
            )
        if self.last == date.max:
            raise InvalidTime(
                "last", "must be before 9999-12-31, so that the day after exists", self.last
            )
        object.__setattr__(self, "_start", date_key(self.first))
        object.__setattr__(self, "_end", date_key(self.last) + US_PER_DAY)

    @property
    def end(self) -> date:
        """The exclusive end: the day after :attr:`last`."""
        return self.last + _ONE_DAY

    @property
    def days(self) -> int:
        """How many days the span covers."""
        return (self.last - self.first).days + 1

    @property
    def _core(self) -> tuple[int, int]:
        return self._start, self._end


class Precision(enum.Enum):
    """How precisely a :class:`PartialDate` is known."""

    MONTH = "month"
    YEAR = "year"
    DECADE = "decade"
    CENTURY = "century"

    def __repr__(self) -> str:
        return f"Precision.{self.name}"


_PERIOD_YEARS = {Precision.YEAR: 1, Precision.DECADE: 10, Precision.CENTURY: 100}


@attrs.frozen
class PartialDate:
    """A date known only to a month, a year, a decade or a century.

    It stands for *some time within* its period: it covers the whole period for
    "possibly" questions, and never pretends to a day. Decades and centuries are
    named by their first year, as EDTF writes them: ``200X`` is 2000-2009 and
    ``18XX`` is 1800-1899 (the usual reading of "the 19th century").

    Prefer the constructors :meth:`of_month`, :meth:`of_year`, :meth:`of_decade`
    and :meth:`of_century`.

    Args:
        precision: How precisely it is known.
        year: The year, or the first year of the decade or century.
        month: The month, for :attr:`Precision.MONTH` only.

    >>> PartialDate.of_century(1800).last_day
    datetime.date(1899, 12, 31)
    >>> PartialDate.of_decade(2005)
    Traceback (most recent call last):
    ...
    bri_timeline.errors.InvalidTime: year: a decade starts at a year divisible by 10 (got 2005)
    """

    precision: Precision
    year: int = attrs.field()
    month: int | None = attrs.field(default=None)
    _start: int = attrs.field(init=False, repr=False, eq=False)
    _end: int = attrs.field(init=False, repr=False, eq=False)

    def __attrs_post_init__(self) -> None:
        if not isinstance(self.precision, Precision):
            raise InvalidTime("precision", "must be a Precision", self.precision)
        if not isinstance(self.year, int) or isinstance(self.year, bool):
            raise InvalidTime("year", "must be an int", self.year)
        if not 1 <= self.year <= 9999:
            raise InvalidTime("year", "must be from 1 to 9999", self.year)
        if self.precision is Precision.MONTH:
            if not isinstance(self.month, int) or not 1 <= self.month <= 12:
                raise InvalidTime("month", "must be an int from 1 to 12", self.month)
        else:
            if self.month is not None:
                raise InvalidTime("month", f"must be None for a {self.precision.value}", self.month)
            size = _PERIOD_YEARS[self.precision]
            if self.year % size:
                raise InvalidTime(
                    "year",
                    f"a {self.precision.value} starts at a year divisible by {size}",
                    self.year,
                )
        object.__setattr__(self, "_start", date_key(self.first_day))
        object.__setattr__(self, "_end", date_key(self.last_day) + US_PER_DAY)

    @classmethod
    def of_month(cls, year: int, month: int) -> PartialDate:
        """A month of a year: ``PartialDate.of_month(2024, 11)`` is EDTF ``2024-11``."""
        return cls(Precision.MONTH, year, month)

    @classmethod
    def of_year(cls, year: int) -> PartialDate:
        """A year: ``PartialDate.of_year(2009)`` is EDTF ``2009``."""
        return cls(Precision.YEAR, year)

    @classmethod
    def of_decade(cls, first_year: int) -> PartialDate:
        """A decade by its first year: ``PartialDate.of_decade(2000)`` is EDTF ``200X``."""
        return cls(Precision.DECADE, first_year)

    @classmethod
    def of_century(cls, first_year: int) -> PartialDate:
        """A century by its first year: ``PartialDate.of_century(1800)`` is EDTF ``18XX``."""
        return cls(Precision.CENTURY, first_year)

    @property
    def first_day(self) -> date:
        """The first day of the period."""
        return date(self.year, self.month or 1, 1)

    @property
    def last_day(self) -> date:
        """The last day of the period."""
        if self.precision is Precision.MONTH:
            assert self.month is not None
            after = date(self.year + self.month // 12, self.month % 12 + 1, 1)
            return after - _ONE_DAY
        return date(self.year + _PERIOD_YEARS[self.precision] - 1, 12, 31)

    @property
    def _core(self) -> tuple[int, int]:
        # Some unknown part of the period: nothing of it is certain.
        return self._end, self._end


def _start_eq(value: datetime | date | PartialDate) -> tuple[object, ...]:
    if isinstance(value, datetime):
        return ("datetime", *_instant_and_zone(value))
    return (type(value).__name__, value)


def _open_start(value: object) -> datetime | date | PartialDate:
    if isinstance(value, datetime):
        return _aware("start", value)
    if isinstance(value, date | PartialDate):
        return value
    raise InvalidTime("start", "must be a datetime, a date or a PartialDate", value)


@attrs.frozen
class OpenEnded:
    """A start with no end: something in place since ``start`` and still going.

    The start keeps its own precision: an aware datetime, a day, or a
    :class:`PartialDate` ("since 2009"). The span runs to :data:`OPEN_END`, after
    every closed end.

    Args:
        start: When it began.

    >>> OpenEnded(PartialDate.of_year(2009)).start.year
    2009
    """

    start: datetime | date | PartialDate = attrs.field(eq=_start_eq)
    _start: int = attrs.field(init=False, repr=False, eq=False)
    _end: int = attrs.field(init=False, repr=False, eq=False)

    def __attrs_post_init__(self) -> None:
        start = _open_start(self.start)
        object.__setattr__(self, "start", start)
        if isinstance(start, datetime):
            key = instant_key(start)
        elif isinstance(start, date):
            key = date_key(start)
        else:
            key = start._start
        object.__setattr__(self, "_start", key)
        object.__setattr__(self, "_end", OPEN_END)

    @property
    def _core(self) -> tuple[int, int]:
        start = self.start
        # Certainly under way once the latest possible start has passed.
        return (start._end if isinstance(start, PartialDate) else self._start), OPEN_END


Time: TypeAlias = TimeSpan | AllDay | PartialDate | OpenEnded | Vague | FloatingSpan
"""Any of the six kinds of time an event can have (:class:`Vague`: EDTF levels 1 and 2;
:class:`FloatingSpan`: wall-clock times with no zone)."""


def check_time(field: str, value: object, error: type[InvalidValue] = InvalidTime) -> Time:
    """``value`` if it is a :data:`Time`, else ``error`` naming ``field``.

    >>> check_time("time", "2024")
    Traceback (most recent call last):
    ...
    bri_timeline.errors.InvalidTime: time: must be a TimeSpan, AllDay, ... (got '2024')
    """
    if not isinstance(value, TimeSpan | AllDay | PartialDate | OpenEnded | Vague | FloatingSpan):
        kinds = "a TimeSpan, AllDay, PartialDate, OpenEnded, Vague or FloatingSpan"
        raise error(field, f"must be {kinds}", value)
    return value


def first_date(time: Time) -> date:
    """The calendar day on which a time begins, in its own zone (or the first day it may).

    >>> first_date(OpenEnded(PartialDate.of_century(1800)))
    datetime.date(1800, 1, 1)
    """
    check_time("time", time)
    if isinstance(time, Vague):
        # The first calendar day it may cover: 0001-01-01 for a start before year 1
        # or open, 9999-12-31 for a time wholly after 9999.
        key = min(max(time._start, 0), date_key(date.max))
        return date.min + timedelta(days=key // US_PER_DAY)
    start = time.start if isinstance(time, TimeSpan | OpenEnded | FloatingSpan) else time
    if isinstance(start, datetime):
        return start.date()
    if isinstance(start, AllDay):
        return start.first
    if isinstance(start, PartialDate):
        return start.first_day
    assert isinstance(start, date)
    return start
