r"""Write a timeline as a TOML data file: what :mod:`~bri_timeline.formats.toml.read` reads.

``from_toml(to_toml(timeline)) == timeline``, with one exception below. The file
is laid out as ``docs/data-file.md`` describes: a ``[timeline]`` table, then an
``[[events]]`` table for each event, in timeline order, its keys in the order of
that page. Each of an event's tables is a section of its own
(``[events.location]``, ``[[events.participants]]``, one for each participant),
one key a line, so that a change to the data is a change to a line.

* Left out: what is absent (TOML has no null), an empty list, and what the
  reader takes when the key is left out: an empty ``description`` or ``name``,
  ``revision = 0``, ``interval = 1``, and an event's ``source.document`` when it
  is the timeline's ``source``.
* Strings are TOML basic strings: quotes, backslashes and control characters
  escaped (a line break is ``\n``), every other character as it is, in UTF-8.
* ``updated`` and a recurrence's ``until`` are TOML date-times in UTC
  (``2024-11-20T00:00:00Z``), or a TOML date for an ``until`` that is a day.
* Nothing but the timeline decides the text: no clock, no machine settings.

The exception: in a data file an event's source without a ``document`` takes
the timeline's ``source`` (as does an empty one), so where the timeline has a
``source``, such an event reads back with it.

>>> from datetime import date
>>> from bri_timeline import AllDay, Event, Location, Timeline
>>> lima = Location("Lima", latitude=-12.05, longitude=-77.04)
>>> days = AllDay(date(2024, 11, 13), date(2024, 11, 15))
>>> timeline = Timeline([Event("apec", 'APEC "Summit"', days, location=lima)])
>>> print(to_toml(timeline), end="")
[[events]]
id = "apec"
title = "APEC \"Summit\""
when = "2024-11-13/2024-11-15"
<BLANKLINE>
[events.location]
name = "Lima"
latitude = -12.05
longitude = -77.04
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from datetime import date, datetime
from typing import Any, BinaryIO

from bri_timeline.formats._document import (
    DEFAULTS,
    EVENT_KEYS,
    EVENTS,
    TABLE_KEYS,
    TIMELINE,
    event_fields,
    info_fields,
    utc_text,
)
from bri_timeline.formats._files import write_utf8
from bri_timeline.model.event import Event
from bri_timeline.timeline import Timeline, check_timeline

__all__ = ["to_toml", "write_toml"]

# What a TOML basic string must escape: the quote, the backslash, C0 controls and DEL.
_ESCAPED = re.compile(r'["\\\x00-\x1f\x7f]')
_SHORT_ESCAPES = {
    '"': '\\"',
    "\\": "\\\\",
    "\b": "\\b",
    "\t": "\\t",
    "\n": "\\n",
    "\f": "\\f",
    "\r": "\\r",
}


def _escape(match: re.Match[str]) -> str:
    char = match.group()
    return _SHORT_ESCAPES.get(char) or f"\\u{ord(char):04X}"


def _string(text: str) -> str:
    r"""A TOML basic string.

    >>> print(_string('a "b"\\c\n\x1b é'))
    "a \"b\"\\c\n\u001B é"
    """
    return '"' + _ESCAPED.sub(_escape, text) + '"'


def _value(value: object) -> str:
    """A TOML value: a string, an integer, a float, a date-time in UTC, a date or an array."""
    if isinstance(value, str):
        return _string(value)
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime):
        return utc_text(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, int | float) and not isinstance(value, bool):
        return repr(value)  # the model keeps floats finite; repr is a TOML float
    if isinstance(value, list):
        return "[" + ", ".join(_value(item) for item in value) + "]"
    raise TypeError(f"no TOML value for {value!r}")  # pragma: no cover - the schema has no other


def _keys(fields: Mapping[str, Any], where: str = "") -> Iterator[str]:
    """A line ``key = value`` for each field that is written (``where``: its table's field)."""
    for key, value in fields.items():
        field = f"{where}.{key}" if where else key
        if value is None or value == [] or (field in DEFAULTS and DEFAULTS[field] == value):
            continue
        yield f"{key} = {_value(value)}"


def _tables(fields: Mapping[str, Any], where: str) -> Iterator[str]:
    """The sections of the tables in ``fields``, each under ``[where.key]`` or ``[[where.key]]``."""
    for key in (key for key in fields if key in TABLE_KEYS):
        value = fields[key]
        if isinstance(value, list):  # an array of tables: participants, inferred
            header, tables = f"[[{where}.{key}]]", value
        else:  # one table, or none: location, source, recurrence
            header, tables = f"[{where}.{key}]", [] if value is None else [value]
        for table in tables:
            yield ""
            yield header
            if key == "overrides":
                yield from _override(table, f"{where}.{key}")
            else:
                yield from _keys(table, key)


def _override(table: Mapping[str, Any], where: str) -> Iterator[str]:
    """An override's keys (each written: it says what differs), then its own tables."""
    tables = {k: v for k, v in table.items() if isinstance(v, dict) or (v and _has_tables(v))}
    for key, value in table.items():
        if key not in tables:
            yield f"{key} = {_value(value)}"
    yield from _tables(tables, where)


def _has_tables(value: object) -> bool:
    return isinstance(value, list) and isinstance(value[0], dict)


def _without_inherited(fields: dict[str, Any], inherited: str | None) -> None:
    source = fields.get("source")
    if source is not None and source["document"] == inherited:
        source["document"] = None  # the reader's default
    for override in fields.get("overrides", ()):
        _without_inherited(override, inherited)


def _event(event: Event, inherited: str | None) -> Iterator[str]:
    fields = event_fields(event)
    _without_inherited(fields, inherited)
    yield "[[events]]"
    yield from _keys({key: value for key, value in fields.items() if key not in TABLE_KEYS})
    yield from _tables({key: fields[key] for key in EVENT_KEYS if key in TABLE_KEYS}, EVENTS)


def to_toml(timeline: Timeline) -> str:
    """The TOML data file of a timeline, as text: UTF-8-ready, with a final newline.

    Raises:
        InvalidArgument: ``timeline`` is not a Timeline.

    >>> from bri_timeline import from_toml, load_bri
    >>> from_toml(to_toml(load_bri())) == load_bri()
    True
    """
    check_timeline(timeline)
    info = list(_keys(info_fields(timeline.info), TIMELINE))
    blocks = [[f"[{TIMELINE}]", *info]] if info else []
    blocks += [list(_event(event, timeline.info.source)) for event in timeline]
    return "".join(
        ("\n" if position else "") + "\n".join(block) + "\n"
        for position, block in enumerate(blocks)
    )


def write_toml(timeline: Timeline, file: BinaryIO) -> None:
    """Write the TOML data file of a timeline to a binary file, in UTF-8 (see :func:`to_toml`).

    Raises:
        InvalidArgument: ``timeline`` is not a Timeline.

    >>> import io
    >>> from bri_timeline import Timeline
    >>> buffer = io.BytesIO()
    >>> write_toml(Timeline(), buffer)
    >>> buffer.getvalue()
    b''
    """
    write_utf8(file, lambda: to_toml(timeline))
