"""The RRULE value text (RFC 5545 3.3.10) of a :class:`~bri_timeline.model.rrule.Recurrence`.

Part of :mod:`bri_timeline.model.rrule`: :func:`parse_rrule` gives the fields the
text writes (checked by the Recurrence), :func:`format_rrule` writes them back.

>>> parse_rrule("freq=weekly;byday=MO,WE;count=13")
{'frequency': 'WEEKLY', 'byday': ('MO', 'WE'), 'count': 13}
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from typing import TYPE_CHECKING

from bri_timeline.errors import InvalidEvent

if TYPE_CHECKING:
    from bri_timeline.model.rrule import Recurrence

__all__ = ["format_rrule", "parse_rrule"]

_FIELDS = {
    "FREQ": "frequency",
    "INTERVAL": "interval",
    "COUNT": "count",
    "UNTIL": "until",
    "BYSECOND": "bysecond",
    "BYMINUTE": "byminute",
    "BYHOUR": "byhour",
    "BYDAY": "byday",
    "BYMONTHDAY": "bymonthday",
    "BYYEARDAY": "byyearday",
    "BYWEEKNO": "byweekno",
    "BYMONTH": "bymonth",
    "BYSETPOS": "bysetpos",
    "WKST": "wkst",
}
_FREQUENCIES = ("SECONDLY", "MINUTELY", "HOURLY", "DAILY", "WEEKLY", "MONTHLY", "YEARLY")
_INT = re.compile(r"[+-]?[0-9]{1,10}")
_UNTIL = re.compile(r"([0-9]{4})([0-9]{2})([0-9]{2})(?:T([0-9]{2})([0-9]{2})([0-9]{2})(Z?))?")
_MAX_TEXT = 10_000


def _int(name: str, text: str) -> int:
    if not _INT.fullmatch(text):
        raise InvalidEvent(f"recurrence.{_FIELDS[name]}", f"{name} must be an integer", text)
    return int(text)


def _until(text: str) -> date | datetime:
    match = _UNTIL.fullmatch(text)
    if match is None:
        raise InvalidEvent(
            "recurrence.until", "UNTIL must be a day YYYYMMDD or a time YYYYMMDDTHHMMSS(Z)", text
        )
    numbers = [int(part) for part in match.groups()[:6] if part is not None]
    try:
        if len(numbers) == 3:
            return date(*numbers)
        year, month, day, hour, minute, second = numbers
        # Without Z, a wall time: only a floating series takes it (model.rrule.check_fits).
        zone = UTC if match.group(7) else None
        return datetime(year, month, day, hour, minute, second, tzinfo=zone)
    except ValueError:
        raise InvalidEvent("recurrence.until", "UNTIL is not a real day or time", text) from None


def parse_rrule(text: str) -> dict[str, object]:
    """The fields an RRULE value text gives, by their names; parts in any order, any case.

    Raises:
        InvalidEvent: An unknown or repeated part, a part without a value, or a
            value of the wrong kind; the message names the part and the value.
    """
    if len(text) > _MAX_TEXT:
        raise InvalidEvent("recurrence", f"must be at most {_MAX_TEXT} characters", len(text))
    text = text.strip().removeprefix("RRULE:").removeprefix("rrule:")
    fields: dict[str, object] = {}
    for part in filter(None, text.split(";")):
        name, equals, value = part.partition("=")
        name = name.strip().upper()
        value = value.strip()
        if name not in _FIELDS:
            raise InvalidEvent("recurrence", "has an unknown part", part)
        field = _FIELDS[name]
        if not equals or not value:
            raise InvalidEvent(f"recurrence.{field}", f"{name} needs a value", part)
        if field in fields:
            raise InvalidEvent(f"recurrence.{field}", f"{name} is given twice", part)
        fields[field] = _value(name, value)
    if "frequency" not in fields:
        raise InvalidEvent("recurrence.frequency", "FREQ is required", text)
    return fields


def _value(name: str, value: str) -> object:
    if name == "FREQ":
        if value.upper() not in _FREQUENCIES:
            raise InvalidEvent(
                "recurrence.frequency", f"FREQ must be one of {', '.join(_FREQUENCIES)}", value
            )
        return value.upper()
    if name in ("INTERVAL", "COUNT"):
        return _int(name, value)
    if name == "UNTIL":
        return _until(value.upper())
    if name == "WKST":
        return value.upper()
    items = [item.strip() for item in value.split(",")]
    if name == "BYDAY":
        return tuple(item.upper() for item in items)
    return tuple(_int(name, item) for item in items)


def _until_text(value: date | datetime) -> str:
    if isinstance(value, datetime):
        moment = value if value.tzinfo is None else value.astimezone(UTC)
        day = f"{moment.year:04d}{moment.month:02d}{moment.day:02d}"
        zone = "" if value.tzinfo is None else "Z"
        return f"{day}T{moment.hour:02d}{moment.minute:02d}{moment.second:02d}{zone}"
    return f"{value.year:04d}{value.month:02d}{value.day:02d}"


def format_rrule(rule: Recurrence) -> str:
    """The RRULE text of a recurrence, parts in RFC 5545's order, without defaults."""
    parts = [f"FREQ={rule.frequency.value}"]
    if rule.interval != 1:
        parts.append(f"INTERVAL={rule.interval}")
    if rule.count is not None:
        parts.append(f"COUNT={rule.count}")
    if rule.until is not None:
        parts.append(f"UNTIL={_until_text(rule.until)}")
    for name, field in _FIELDS.items():
        if name.startswith("BY") and (values := getattr(rule, field)):
            parts.append(f"{name}={','.join(map(str, values))}")
    if rule.wkst != "MO":
        parts.append(f"WKST={rule.wkst}")
    return ";".join(parts)
