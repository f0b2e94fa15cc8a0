"""Durations as text (RFC 5545 DURATION, a subset of ISO 8601), written and read once.

The iCalendar feed writes them (an alarm's trigger and interval, a DURATION past
9999-12-31), and the TOML data file and the JSON document hold them as strings in
the same notation, so that one rule serves all three.

>>> duration_text(timedelta(minutes=-15)), parse_duration("-PT15M")
('-PT15M', datetime.timedelta(days=-1, seconds=85500))
>>> parse_duration("P1W"), parse_duration("PT1H30M") == timedelta(minutes=90)
(datetime.timedelta(days=7), True)
>>> parse_duration("15 minutes")
Traceback (most recent call last):
...
ValueError: not a duration such as -PT15M, P1D or PT1H30M: '15 minutes'
"""

from __future__ import annotations

import re
from datetime import timedelta

__all__ = ["duration_text", "parse_duration"]

_DURATION = re.compile(
    r"(?P<sign>[+-])?P(?:(?P<weeks>\d{1,7})W|(?:(?P<days>\d{1,7})D)?"
    r"(?:T(?=\d)(?:(?P<hours>\d{1,9})H)?(?:(?P<minutes>\d{1,11})M)?(?:(?P<seconds>\d{1,13})S)?)?)"
)
_UNITS = ("weeks", "days", "hours", "minutes", "seconds")


def duration_text(value: timedelta) -> str:
    """A DURATION value as icalendar's ``vDuration`` writes it (whole seconds).

    >>> duration_text(timedelta(days=36524)), duration_text(timedelta(hours=-1, seconds=5))
    ('P36524D', '-PT59M55S')
    """
    sign = ""
    if value.days < 0:
        sign, value = "-", -value
    time = ""
    if value.seconds:
        hours, rest = divmod(value.seconds, 3600)
        minutes, seconds = divmod(rest, 60)
        time = "T"
        if hours:
            time += f"{hours}H"
        if minutes or (hours and seconds):
            time += f"{minutes}M"
        if seconds:
            time += f"{seconds}S"
    if not value.days and time:
        return f"{sign}P{time}"
    return f"{sign}P{value.days}D{time}"


def parse_duration(text: str) -> timedelta:
    """The timedelta of a DURATION text; ValueError (saying what is expected) when it is not one."""
    match = _DURATION.fullmatch(text.strip().upper())
    if match is None or text.strip().upper() in {"P", "+P", "-P"}:
        raise ValueError(f"not a duration such as -PT15M, P1D or PT1H30M: {text!r}")
    parts = {
        name: int(match[name] or 0) for name in ("weeks", "days", "hours", "minutes", "seconds")
    }
    try:
        value = timedelta(**parts)
    except OverflowError:
        raise ValueError(f"a duration too long for Python: {text!r}") from None
    return -value if match["sign"] == "-" else value
