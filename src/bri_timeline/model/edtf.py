"""Times to and from EDTF, the standard notation for partial and open dates.

bri_timeline reads and writes a documented subset of EDTF (ISO 8601-2):

======================================  ===================================
Text                                    Time
======================================  ===================================
``2024-11-14``                          ``AllDay(date(2024, 11, 14))``
``2024-11-13/2024-11-15``               ``AllDay`` of three days (inclusive)
``2024-11``, ``2009``                   ``PartialDate`` of a month, a year
``200X``, ``18XX``                      ``PartialDate`` of a decade, a century
``2024-11-08T09:00``                    an instant, local time in ``tz``;
                                        without ``tz``, a ``FloatingSpan``
``2024-11-08T09:00/2024-11-08T13:00``   a ``TimeSpan``
``2024-11-08T14:00Z``, ``...-05:00``    UTC, or a fixed offset (kept as UTC)
``2009/..``, ``2024-11-08/..``          ``OpenEnded`` from a partial date, a day
``2009~``, ``2009-21``, ``156X-12-25``  a ``Vague`` time (EDTF levels 1 and 2:
``../2009``, ``1984?/2004~``            qualifiers, X anywhere, seasons and
``[1667,1670..1672]``, ``Y-17E7``       divisions, open and unknown ends, sets,
                                        long years; see :mod:`.vague`)
======================================  ===================================

EDTF has no names for time zones, so a local time takes its zone from the
separate ``tz`` (and ``end_tz``) argument; with none, it is floating (a
:class:`~bri_timeline.model.floating.FloatingSpan`, the same wall time in every
zone), and an interval joins two floating times or two zoned ones. An offset is
written only where it is needed to tell the two instants of a repeated hour apart; where the zone's
offset then had seconds (local mean time, before about 1920), it is written
``+hh:mm:ss``, as Python's ``isoformat`` does, and read back. Every other
string gets one :class:`~bri_timeline.errors.EDTFError` that names the part at
fault (year, month, day, interval, set) and why: ``2009-13`` is "neither a month
(01-12) nor a season or division (21-41)". Date-times take no qualifier.
Conversion is lossless: ``from_edtf(to_edtf(t), tz=..., end_tz=...) == t``
with the zones that :func:`time_zones` gives, and ``to_edtf`` writes a vague
time in canonical form (``?2004-?06-?11`` is ``2004-06-11?``).

>>> from_edtf("2009/..")
OpenEnded(start=PartialDate(precision=Precision.YEAR, year=2009, month=None))
>>> to_edtf(from_edtf("18XX"))
'18XX'
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from bri_timeline.errors import EDTFError, InvalidArgument, InvalidTime, InvalidValue
from bri_timeline.model.edtf_grammar import parse, show
from bri_timeline.model.floating import FloatingSpan
from bri_timeline.model.times import (
    AllDay,
    OpenEnded,
    PartialDate,
    Precision,
    Time,
    TimeSpan,
    check_time,
)
from bri_timeline.model.vague import Vague, is_plain

__all__ = ["from_edtf", "parse_zone", "time_zones", "to_edtf"]

_DATETIME = re.compile(
    r"(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,6}))?)?"
    r"(Z|[+-]\d{2}(?::\d{2}(?::\d{2})?)?)?",  # an offset of whole hours too: -04
    re.ASCII,  # \d is 0-9 only: other scripts' digits are not EDTF
)
_DATE = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?", re.ASCII)
_DECADE = re.compile(r"(\d{3})X", re.ASCII)
_CENTURY = re.compile(r"(\d{2})XX", re.ASCII)
_DAYS = re.compile(r"(\d{4}-\d{2}-\d{2})(?:/(\d{4}-\d{2}-\d{2}))?", re.ASCII)
"""A day, or an interval of days, written plainly: the commonest EDTF of all."""

Point = datetime | date | PartialDate


def parse_zone(
    name: object, *, field: str = "tz", error: type[InvalidValue] = EDTFError
) -> ZoneInfo:
    """The IANA zone called ``name``, or ``error`` naming ``field``.

    A data file's ``tz`` is refused with :class:`~bri_timeline.errors.EDTFError`; a
    function's ``tz`` argument with :class:`~bri_timeline.errors.InvalidArgument`.

    >>> parse_zone("America/Lima")
    zoneinfo.ZoneInfo(key='America/Lima')
    >>> parse_zone("Mars/Olympus")
    Traceback (most recent call last):
    ...
    bri_timeline.errors.EDTFError: tz: must be an IANA time zone name ... (got 'Mars/Olympus')
    """
    if isinstance(name, ZoneInfo):
        return name
    rule = "must be an IANA time zone name such as 'America/Lima'"
    if not isinstance(name, str) or not name or name != name.strip():
        raise error(field, rule, name)
    if name == "localtime":  # a link to the machine's own zone, where it exists
        raise error(field, rule + ", not the machine's local zone", name)
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError):  # OSError: a folder, a long name
        raise error(field, rule, name) from None


def _parse_datetime(match: re.Match[str], tz: ZoneInfo | None, field: str, text: str) -> datetime:
    year, month, day, hour, minute = (int(match[i]) for i in range(1, 6))
    second = int(match[6] or 0)
    micro = int((match[7] or "").ljust(6, "0"))
    suffix = match[8]
    try:
        wall = datetime(year, month, day, hour, minute, second, micro)
    except ValueError as error:
        raise EDTFError(field, f"is not a real date and time ({error})", text) from None
    if suffix is None:
        # No zone given: a floating time, the same wall time in every zone.
        return wall if tz is None else _in_zone(wall, tz, field, text)
    if suffix == "Z":
        return wall.replace(tzinfo=UTC)  # Z names UTC itself, whatever tz says
    offset = timedelta(
        hours=int(suffix[1:3]), minutes=int(suffix[4:6] or 0), seconds=int(suffix[7:9] or 0)
    )
    if offset >= timedelta(hours=24):
        raise EDTFError(field, "has an offset of 24 hours or more", text)
    fixed = wall.replace(tzinfo=timezone(-offset if suffix[0] == "-" else offset))
    if tz is None:
        return fixed
    try:
        local = fixed.astimezone(tz)
    except OverflowError:
        raise EDTFError(field, "is too close to the ends of the datetime range", text) from None
    if local.replace(tzinfo=None) != wall:
        raise EDTFError(field, f"its offset is not the offset of {tz.key} at that time", text)
    return local


def _in_zone(wall: datetime, tz: ZoneInfo, field: str, text: str) -> datetime:
    local = wall.replace(tzinfo=tz)
    try:
        canonical = local.astimezone(UTC).astimezone(tz)
    except OverflowError:
        raise EDTFError(field, "is too close to the ends of the datetime range", text) from None
    if canonical.replace(tzinfo=None, fold=0) != wall:
        raise EDTFError(field, f"does not exist in {tz.key} (the clocks skipped it)", text)
    return local


def _parse_point(text: str, tz: ZoneInfo | None, field: str) -> Point:
    if match := _DATETIME.fullmatch(text):
        return _parse_datetime(match, tz, field, text)
    if match := _DATE.fullmatch(text):
        year, month, day = match[1], match[2], match[3]
        if int(year) == 0:
            raise EDTFError(field, "year 0 does not exist; years run from 0001", text)
        try:
            if day is not None:
                return date(int(year), int(month), int(day))
            if month is not None:
                return PartialDate.of_month(int(year), int(month))
        except ValueError as error:
            raise EDTFError(field, f"is not a real date ({error})", text) from None
        return PartialDate.of_year(int(year))
    if match := _DECADE.fullmatch(text):
        if int(match[1]) == 0:
            raise EDTFError(field, "the decade 000X would include the year 0", text)
        return PartialDate.of_decade(int(match[1]) * 10)
    if match := _CENTURY.fullmatch(text):
        if int(match[1]) == 0:
            raise EDTFError(field, "the century 00XX would include the year 0", text)
        return PartialDate.of_century(int(match[1]) * 100)
    raise EDTFError(
        field,
        "is not in the EDTF subset bri_timeline reads (YYYY-MM-DD, YYYY-MM, YYYY, YYYX, YYXX, "
        "a date-time, A/B or A/..)",
        text,
    )


def from_edtf(
    text: str,
    *,
    tz: str | ZoneInfo | None = None,
    end_tz: str | ZoneInfo | None = None,
    field: str = "when",
) -> Time:
    """Read a time from EDTF text.

    Args:
        text: The EDTF text, e.g. ``"2024-11-13/2024-11-15"``.
        tz: The IANA zone of local times (of the start, for an interval).
        end_tz: The zone of a local end time, when it differs from ``tz``.
        field: The field name that errors report.

    Returns:
        The time the text names.

    Raises:
        EDTFError: The text is outside the subset, names a day or a time that
            does not exist, or an interval that ends before it starts; its
            ``field`` is ``field``.
        InvalidArgument: ``text`` or ``field`` is not a str, or ``tz`` or
            ``end_tz`` names no IANA zone.

    >>> from_edtf("2024-11-13/2024-11-15")
    AllDay(first=datetime.date(2024, 11, 13), last=datetime.date(2024, 11, 15))
    >>> from_edtf("2024-11-08T09:00", tz="America/Lima").start.isoformat()
    '2024-11-08T09:00:00-05:00'
    >>> from_edtf("2024-02-30")
    Traceback (most recent call last):
    ...
    bri_timeline.errors.EDTFError: when: day: 2024-02-30 is not a real date ...
    """
    if not isinstance(text, str):
        raise InvalidArgument("text", "must be a str", text)
    if not isinstance(field, str):
        raise InvalidArgument("field", "must be a str", field)
    start_zone = None if tz is None else parse_zone(tz, field="tz", error=InvalidArgument)
    end_zone = (
        start_zone if end_tz is None else parse_zone(end_tz, field="end_tz", error=InvalidArgument)
    )
    try:
        return _read(text, start_zone, end_zone, field)
    except EDTFError:
        raise
    except InvalidTime as error:
        # The time built from the text refused it (an end before its start...):
        # report it against the text's field, which is what the caller knows.
        raise EDTFError(field, f"{error.field} {error.rule}", text) from None


def _plain_days(text: str) -> AllDay | None:
    # Real days in order, the commonest EDTF of a CSV or a data file, read without the
    # grammar (which costs some twenty times more); None for any other text, which the
    # grammar reads or refuses with the part at fault. tests/test_edtf_days.py pins it.
    if (match := _DAYS.fullmatch(text)) is None:
        return None
    try:
        first = date.fromisoformat(match[1])
        last = first if match[2] is None else date.fromisoformat(match[2])
    except ValueError:
        return None
    return AllDay(first, last) if first <= last else None


def _read(text: str, start_zone: ZoneInfo | None, end_zone: ZoneInfo | None, field: str) -> Time:
    if (days := _plain_days(text)) is not None:
        return days
    return _read_any(text, start_zone, end_zone, field)


def _read_any(
    text: str, start_zone: ZoneInfo | None, end_zone: ZoneInfo | None, field: str
) -> Time:
    if "T" not in text or any(mark in text for mark in "?~%X[{"):
        # Levels 1 and 2 (and the dates of level 0): the grammar names the part at
        # fault; what the older kinds hold goes to them, the rest is Vague.
        form = parse(text, field)
        if not is_plain(form):
            return Vague(show(form))
    return _read_exact(text, start_zone, end_zone, field)


def _read_exact(
    text: str, start_zone: ZoneInfo | None, end_zone: ZoneInfo | None, field: str
) -> Time:
    if text.count("/") > 1:
        raise EDTFError(field, "has more than one '/'", text)
    if "/" not in text:
        point = _parse_point(text, start_zone, field)
        if isinstance(point, datetime):
            return TimeSpan(point) if point.tzinfo else FloatingSpan(point)
        if isinstance(point, date):
            return AllDay(point)
        return point
    left, right = text.split("/")
    if left in ("", ".."):
        raise EDTFError(
            field, "an interval needs a known start ('../X' and '/X' are not read)", text
        )
    if right == "":
        raise EDTFError(
            field, "an unknown end ('X/') is not read; write 'X/..' for an open end", text
        )
    start = _parse_point(left, start_zone, field)
    if isinstance(start, datetime) and start.tzinfo is None and right == "..":
        raise EDTFError(field, "an open end from a floating time is not read: give tz", text)
    if right == "..":
        return OpenEnded(start)
    end = _parse_point(right, end_zone, field)
    if isinstance(start, datetime) and isinstance(end, datetime):
        if start.tzinfo is None and end.tzinfo is None:
            return FloatingSpan(start, end)
        if start.tzinfo is None or end.tzinfo is None:
            raise EDTFError(
                field, "joins a floating time (no zone) and a zoned one: give tz or end_tz", text
            )
        return TimeSpan(start, end)
    if (
        isinstance(start, date)
        and isinstance(end, date)
        and not isinstance(start, datetime)
        and not isinstance(end, datetime)
    ):
        return AllDay(start, end)
    raise EDTFError(field, "an interval joins two days or two date-times, not other kinds", text)


def _format_datetime(value: datetime) -> str:
    spec = "microseconds" if value.microsecond else "seconds"
    wall = value.replace(tzinfo=None).isoformat(timespec=spec)
    tz = value.tzinfo
    if tz is None:  # floating: the wall time alone
        return wall
    if not isinstance(tz, ZoneInfo):
        return wall + "Z"
    other = value.replace(fold=1 - value.fold)
    if other.utcoffset() != value.utcoffset():
        # A repeated hour: the offset says which of its two instants this is.
        offset = value.isoformat(timespec=spec)[len(wall) :]
        return wall + offset
    return wall


def _format_point(value: Point) -> str:
    if isinstance(value, datetime):
        return _format_datetime(value)
    if isinstance(value, date):
        return value.isoformat()
    year = f"{value.year:04d}"
    if value.precision is Precision.MONTH:
        return f"{year}-{value.month:02d}"
    if value.precision is Precision.YEAR:
        return year
    if value.precision is Precision.DECADE:
        return year[:3] + "X"
    return year[:2] + "XX"


def _zone(value: datetime) -> str | None:
    # The zone a datetime's text stands for: an IANA key, or None for a "Z" (UTC).
    # Not zone_name(), which calls both ZoneInfo("UTC") and datetime.UTC "UTC".
    tz = value.tzinfo
    return tz.key if isinstance(tz, ZoneInfo) else None


def to_edtf(time: Time) -> str:
    """Write a time as EDTF text; zones go separately (see :func:`time_zones`).

    >>> from zoneinfo import ZoneInfo
    >>> to_edtf(AllDay(date(2024, 11, 13), date(2024, 11, 15)))
    '2024-11-13/2024-11-15'
    >>> to_edtf(TimeSpan(datetime(2024, 11, 8, 9, tzinfo=ZoneInfo("America/Lima"))))
    '2024-11-08T09:00:00'
    """
    check_time("time", time, InvalidArgument)
    if isinstance(time, TimeSpan):
        # The one-point form only when the end's zone is the start's: a fixed UTC
        # (written Z) and the IANA zone "UTC" are told apart, as everywhere.
        if time.is_instant and _zone(time.start) == _zone(time.end):
            return _format_datetime(time.start)
        return f"{_format_datetime(time.start)}/{_format_datetime(time.end)}"
    if isinstance(time, AllDay):
        if time.first == time.last:
            return time.first.isoformat()
        return f"{time.first.isoformat()}/{time.last.isoformat()}"
    if isinstance(time, OpenEnded):
        return f"{_format_point(time.start)}/.."
    if isinstance(time, Vague):
        return time.edtf
    if isinstance(time, FloatingSpan):
        start = _format_datetime(time.start)
        return start if time.is_instant else f"{start}/{_format_datetime(time.end)}"
    return _format_point(time)


def time_zones(time: Time) -> tuple[str | None, str | None]:
    """The IANA zones of a time's local start and end, for :func:`from_edtf`.

    ``None`` where no zone is needed: dates, partial dates, and UTC times, which
    EDTF writes with ``Z``. The end zone is ``None`` when it equals the start's.

    >>> from zoneinfo import ZoneInfo
    >>> time_zones(TimeSpan(datetime(2024, 11, 8, 9, tzinfo=ZoneInfo("America/Lima"))))
    ('America/Lima', None)
    """
    check_time("time", time, InvalidArgument)
    start: object = time.start if isinstance(time, TimeSpan | OpenEnded) else None
    end: object = time.end if isinstance(time, TimeSpan) else None
    start_zone = (
        start.tzinfo.key
        if isinstance(start, datetime) and isinstance(start.tzinfo, ZoneInfo)
        else None
    )
    end_zone = (
        end.tzinfo.key if isinstance(end, datetime) and isinstance(end.tzinfo, ZoneInfo) else None
    )
    return start_zone, (None if end_zone == start_zone else end_zone)
