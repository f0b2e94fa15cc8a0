r"""The direct reader's second step: a property's raw text read as its value type (RFC 5545 3.3).

Each reader takes the raw text of a :class:`~bri_timeline.formats.ical._parse.Property`
and gives a stdlib value, or raises :class:`BadValue` saying what the text should
be; :func:`decode` reads a property by its ``VALUE`` parameter or its default type
and turns that into an :class:`~bri_timeline.errors.ICalendarError` naming the
file, the line, the property and the value. Zones are not looked up here: a
``DATE-TIME`` is naive (floating, or local to its ``TZID``, which the caller
reads) or in UTC when it ends in ``Z``.

>>> print(text(r"Bar\, grill\; more\nsecond line"))
Bar, grill; more
second line
>>> date_time("20241113T093000Z")
datetime.datetime(2024, 11, 13, 9, 30, tzinfo=datetime.timezone.utc)
>>> duration("-PT1H30M"), utc_offset("+053045")
(datetime.timedelta(days=-1, seconds=81000), datetime.timedelta(seconds=19845))
>>> recur("FREQ=WEEKLY;BYDAY=MO,WE;UNTIL=20241231T000000Z").parts["BYDAY"]
('MO', 'WE')
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from datetime import UTC, date, datetime, time, timedelta
from types import MappingProxyType
from typing import Any, NamedTuple, TypeVar

from bri_timeline.errors import ICalendarError
from bri_timeline.formats.ical._parse import Property

__all__ = [
    "DEFAULT_TYPES",
    "LIST_PROPERTIES",
    "READERS",
    "BadValue",
    "Recur",
    "boolean",
    "date_or_date_time",
    "date_time",
    "date_value",
    "decode",
    "duration",
    "floating",
    "integer",
    "period",
    "recur",
    "text",
    "text_list",
    "time_value",
    "utc_offset",
    "value_type",
]


T = TypeVar("T")


class BadValue(ValueError):
    """A raw value that is not of its type; the message says what it should be."""


_ESCAPE = re.compile(r"\\([\\,;:nN])")  # as icalendar: "\:" too, which producers write
_LIST_ITEM = re.compile(r"(?:[^\\,]|\\.|\\$)*", re.DOTALL)  # up to a comma not escaped
_DATE = re.compile(r"(\d{4})(\d\d)(\d\d)")
_DATE_TIME = re.compile(r"(\d{4})(\d\d)(\d\d)T(\d\d)(\d\d)(\d\d)(Z?)")
_TIME = re.compile(r"(\d\d)(\d\d)(\d\d)(Z?)")
_DURATION = re.compile(r"([-+]?)P(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?")
_OFFSET = re.compile(r"([-+])(\d\d)(\d\d)(\d\d)?")
_INTEGER = re.compile(r"[-+]?\d+")
_FLOAT = re.compile(
    r"[-+]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?"
)  # and an exponent, as icalendar writes


def _unescape(found: re.Match[str]) -> str:
    char = found[1]
    return "\n" if char in "nN" else char


def text(raw: str) -> str:
    r"""A TEXT value: ``\n`` ``\N`` a new line, ``\,`` ``\;`` ``\\`` (and ``\:``) the character."""
    return _ESCAPE.sub(_unescape, raw) if "\\" in raw else raw


def text_list(raw: str) -> tuple[str, ...]:
    r"""A list of TEXT values (CATEGORIES, RESOURCES), split at each comma not escaped (``\,``)."""
    if "\\" not in raw:
        return tuple(raw.split(","))
    parts = []
    position = 0
    while True:
        found = _LIST_ITEM.match(raw, position)
        assert found is not None  # it matches the empty string
        parts.append(text(found[0]))
        position = found.end() + 1  # after the comma that ends it
        if position > len(raw):
            return tuple(parts)


def _matched(pattern: re.Pattern[str], raw: str, form: str) -> re.Match[str]:
    found = pattern.fullmatch(raw)
    if found is None or not raw.isascii():
        raise BadValue(f"must be a {form}")
    return found


def _existing(kind: str, make: Callable[..., T], *fields: int, utc: bool = False) -> T:
    try:
        return make(*fields, tzinfo=UTC) if utc else make(*fields)
    except ValueError as error:
        raise BadValue(f"must be a {kind} that exists ({error})") from None


def date_value(raw: str) -> date:
    """A DATE: ``YYYYMMDD``."""
    if len(raw) == 8 and raw.isascii() and raw.isdigit():  # read without a pattern
        try:
            return date.fromisoformat(raw)  # the stdlib's C reader of this very form
        except ValueError:  # a day that does not exist: said below
            return _existing("DATE", date, int(raw[:4]), int(raw[4:6]), int(raw[6:]))
    found = _matched(_DATE, raw, "DATE (YYYYMMDD)")
    return _existing("DATE", date, *map(int, found.groups()))


def date_time(raw: str) -> datetime:
    """A DATE-TIME: ``YYYYMMDDTHHMMSS``, naive, or in UTC with a ``Z``."""
    size = len(raw)
    if (
        (size == 15 or (size == 16 and raw[15] == "Z"))
        and raw[8] == "T"
        and raw.isascii()
        and raw[:8].isdigit()
        and raw[9:15].isdigit()
    ):  # the usual form, read without a pattern (the hot path of an import)
        if raw[9:11] < "24":  # a Python that reads T24 as the next day's midnight does not
            try:
                return datetime.fromisoformat(raw)  # the stdlib's C reader; Z gives UTC
            except ValueError:  # a time that does not exist: said below
                pass
        fields = (int(raw[:4]), int(raw[4:6]), int(raw[6:8]))
        clock = (int(raw[9:11]), int(raw[11:13]), int(raw[13:15]))
        return _existing("DATE-TIME", datetime, *fields, *clock, utc=size == 16)
    found = _matched(_DATE_TIME, raw, "DATE-TIME (YYYYMMDDTHHMMSS, and Z for UTC)")
    return _existing("DATE-TIME", datetime, *map(int, found.groups()[:6]), utc=bool(found[7]))


def date_or_date_time(raw: str) -> date | datetime:
    """A DATE or a DATE-TIME, told apart by its length, as icalendar tells them."""
    return date_value(raw) if len(raw) == 8 else date_time(raw)


def duration(raw: str) -> timedelta:
    """A DURATION: ``[+-]P[nW][nD][T[nH][nM][nS]]``."""
    found = _DURATION.fullmatch(raw)
    if found is None or raw.endswith(("P", "T")) or not raw.isascii():
        raise BadValue("must be a DURATION (such as P1D, PT1H30M or -P1W)")
    sign, weeks, days, hours, minutes, seconds = found.groups()
    try:
        value = timedelta(
            weeks=int(weeks or 0),
            days=int(days or 0),
            hours=int(hours or 0),
            minutes=int(minutes or 0),
            seconds=int(seconds or 0),
        )
    except OverflowError:
        raise BadValue("must be a DURATION of at most 999,999,999 days") from None
    return -value if sign == "-" else value


def period(raw: str) -> tuple[date | datetime, date | datetime | timedelta]:
    """A PERIOD: a DATE-TIME start, then ``/`` and a DATE-TIME end or a DURATION.

    A DATE for either, which RFC 5545 does not allow, is read as icalendar reads it.
    """
    start, slash, end = raw.partition("/")
    if not slash:
        raise BadValue("must be a PERIOD (start/end or start/duration)")
    first = date_or_date_time(start)
    return first, duration(end) if end[:1] in ("P", "+", "-") else date_or_date_time(end)


def time_value(raw: str) -> time:
    """A TIME: ``HHMMSS``, naive, or in UTC with a ``Z``."""
    found = _matched(_TIME, raw, "TIME (HHMMSS, and Z for UTC)")
    return _existing("TIME", time, *map(int, found.groups()[:3]), utc=bool(found[4]))


def utc_offset(raw: str) -> timedelta:
    """A UTC-OFFSET: ``+HHMM`` or ``-HHMM``, with seconds ``SS`` or not."""
    found = _matched(_OFFSET, raw, "UTC-OFFSET (+HHMM, -HHMM or with seconds, +HHMMSS)")
    sign, hours, minutes, seconds = found.groups()
    value = timedelta(hours=int(hours), minutes=int(minutes), seconds=int(seconds or 0))
    if value >= timedelta(hours=24):
        raise BadValue("must be a UTC-OFFSET of less than 24 hours")
    return -value if sign == "-" else value


def integer(raw: str) -> int:
    """An INTEGER, with a sign or not, of 32 bits."""
    if _INTEGER.fullmatch(raw) is None or not raw.isascii() or len(raw) > 11:
        raise BadValue("must be an INTEGER")
    value = int(raw)
    if not -(2**31) <= value < 2**31:
        raise BadValue("must be an INTEGER from -2147483648 to 2147483647 (RFC 5545 3.3.8)")
    return value


def floating(raw: str) -> float:
    """A FLOAT: digits, a point and digits, with a sign or not."""
    if _FLOAT.fullmatch(raw) is None or not raw.isascii():
        raise BadValue("must be a FLOAT")
    return float(raw)


def boolean(raw: str) -> bool:
    """A BOOLEAN: TRUE or FALSE, in any case."""
    upper = raw.upper()
    if upper not in ("TRUE", "FALSE"):
        raise BadValue("must be a BOOLEAN (TRUE or FALSE)")
    return upper == "TRUE"


class Recur(NamedTuple):
    """A RECUR value kept as its text, and its parts: each name (upper case) and its values."""

    text: str
    parts: Mapping[str, tuple[str, ...]]


def recur(raw: str) -> Recur:
    """A RECUR: ``NAME=value,value;...``, names in upper case (an empty part is left out)."""
    parts: dict[str, tuple[str, ...]] = {}
    for part in raw.split(";"):
        if not part:
            continue  # a trailing ";", which Google writes and icalendar reads
        name, equals, values = part.partition("=")
        if not equals or not name:
            raise BadValue(f"must be a RECUR of NAME=value parts (got the part {part!r})")
        key = name.upper()
        if key in parts:
            raise BadValue(f"must be a RECUR that gives {key} once")
        parts[key] = tuple(values.split(","))
    if "FREQ" not in parts:
        raise BadValue("must be a RECUR with a FREQ")
    return Recur(raw, MappingProxyType(parts))


def _uri(raw: str) -> str:
    return raw


READERS: Mapping[str, Callable[[str], Any]] = MappingProxyType(
    {
        "TEXT": text,
        "DATE": date_value,
        "DATE-TIME": date_or_date_time,
        "TIME": time_value,
        "DURATION": duration,
        "PERIOD": period,
        "UTC-OFFSET": utc_offset,
        "INTEGER": integer,
        "FLOAT": floating,
        "BOOLEAN": boolean,
        "RECUR": recur,
        "CAL-ADDRESS": _uri,
        "URI": _uri,
        "BINARY": _uri,
    }
)
"""The reader of each value type (RFC 5545 3.3), by its name as the VALUE parameter gives it."""

_DATE_TIMES = ("DTSTART", "DTEND", "DUE", "RECURRENCE-ID", "EXDATE", "RDATE")
_STAMPS = ("DTSTAMP", "CREATED", "LAST-MODIFIED", "COMPLETED", "ACKNOWLEDGED")
DEFAULT_TYPES: Mapping[str, str] = MappingProxyType(
    {
        **dict.fromkeys(_DATE_TIMES + _STAMPS, "DATE-TIME"),
        **dict.fromkeys(("DURATION", "TRIGGER", "REFRESH-INTERVAL"), "DURATION"),
        **dict.fromkeys(("TZOFFSETFROM", "TZOFFSETTO"), "UTC-OFFSET"),
        **dict.fromkeys(("RRULE", "EXRULE"), "RECUR"),
        **dict.fromkeys(("SEQUENCE", "PRIORITY", "PERCENT-COMPLETE", "REPEAT"), "INTEGER"),
        **dict.fromkeys(("ATTENDEE", "ORGANIZER"), "CAL-ADDRESS"),
        **dict.fromkeys(("URL", "TZURL", "ATTACH", "SOURCE", "IMAGE", "CONFERENCE"), "URI"),
        "FREEBUSY": "PERIOD",
    }
)
"""The value type of each property that is not TEXT when it has no VALUE parameter."""

_LISTS = frozenset(("EXDATE", "RDATE", "FREEBUSY", "CATEGORIES", "RESOURCES"))
"""Properties whose value is a list, split at commas."""
LIST_PROPERTIES = _LISTS
"""The same, for jCal, which gives each item of a list as a value of its own."""


def value_type(prop: Property) -> str:
    """The value type of a property: its VALUE parameter (upper case), else its default."""
    given = prop.param("VALUE")
    return given.upper() if given else DEFAULT_TYPES.get(prop.name, "TEXT")


def decode(prop: Property, path: str) -> Any:
    """A property's value, read as its type; a tuple of them for a list property.

    An unknown value type (an ``X-`` one) gives the raw text.

    Raises:
        ICalendarError: The value is not of its type; naming the file, the line,
            the property and the value.
    """
    kind = value_type(prop)
    reader = READERS.get(kind, _uri)
    try:
        if prop.name in _LISTS:
            if kind == "TEXT":
                return text_list(prop.value)
            return tuple(reader(part) for part in prop.value.split(",") if part)
        return reader(prop.value)
    except BadValue as error:
        raise ICalendarError(
            path, f"{kind}: {error}", line=prop.line, prop=prop.name, value=prop.value
        ) from None
