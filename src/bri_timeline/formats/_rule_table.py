"""A recurrence in the data file and the JSON document: the table, the rule text, the dates.

Part of :mod:`bri_timeline.formats._document`. A recurrence is written as the
table of 0.1 (``frequency``, ``interval``, ``count``, ``until``), and, when it has
more, ``rule`` (the rest of its RRULE text: its BY parts and WKST), ``rdates``
and ``exdates`` (lists of ISO 8601 strings: a day ``2025-01-06``, a time in UTC
``2025-01-06T15:00:00Z``, a wall time ``2025-01-06T15:00:00`` for a floating series,
or for an RDATE a period ``start/end``). Read back, it
also takes ``rule`` as a whole RRULE (``FREQ=WEEKLY;BYDAY=MO,WE``) without the
other keys, TOML's own dates and date-times in the lists, and ``recurrence`` as a
plain string of RRULE text.

>>> from bri_timeline.model.rrule import Recurrence
>>> recurrence_table(Recurrence.from_rrule("FREQ=MONTHLY;BYDAY=1MO;WKST=SU"))
{'frequency': 'MONTHLY', 'interval': 1, 'count': None, 'until': None, 'rule': 'BYDAY=1MO;WKST=SU'}
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import TYPE_CHECKING, Any

import attrs

from bri_timeline.errors import shown
from bri_timeline.model.rrule import Recurrence
from bri_timeline.model.times import TimeSpan

if TYPE_CHECKING:
    from bri_timeline.formats._document import Reader

__all__ = ["read_rule_table", "recurrence_table"]

_OWN_KEYS = ("FREQ=", "INTERVAL=", "COUNT=", "UNTIL=")


def _utc(value: datetime) -> str:
    if value.tzinfo is None:  # a wall time, of a floating series: written as it is
        return value.isoformat()
    return value.astimezone(UTC).replace(tzinfo=None).isoformat() + "Z"


def _moment_text(value: date | datetime | TimeSpan) -> str:
    if isinstance(value, TimeSpan):
        return f"{_utc(value.start)}/{_utc(value.end)}"
    return _utc(value) if isinstance(value, datetime) else value.isoformat()


def recurrence_table(recurrence: Recurrence) -> dict[str, Any]:
    """The table of a recurrence: the 0.1 keys always, the others only when they say something."""
    table: dict[str, Any] = {
        "frequency": recurrence.frequency.value,
        "interval": recurrence.interval,
        "count": recurrence.count,
        "until": recurrence.until,
    }
    rest = [part for part in recurrence.to_rrule().split(";") if not part.startswith(_OWN_KEYS)]
    if rest:
        table["rule"] = ";".join(rest)
    if recurrence.rdates:
        table["rdates"] = [_moment_text(value) for value in recurrence.rdates]
    if recurrence.exdates:
        table["exdates"] = [_moment_text(value) for value in recurrence.exdates]
    return table


def _moment(reader: Reader, field: str, value: object) -> date | datetime | TimeSpan:
    if isinstance(value, date):
        return value
    if not isinstance(value, str):
        raise reader.error(f"must be {reader.KINDS[str]} (got {shown(value)})", field)
    try:
        if "/" in value:
            start, end = value.split("/", 1)
            return reader.build(
                field, TimeSpan, datetime.fromisoformat(start), datetime.fromisoformat(end)
            )
        if len(value) == 10:
            return date.fromisoformat(value)
        moment = datetime.fromisoformat(value)
    except ValueError:
        moment = None
    if moment is None:
        raise reader.error(
            "must be a day YYYY-MM-DD, a date-time (with its offset or Z, or without for a "
            "floating series), or start/end "
            f"(got {shown(value)})",
            field,
        )
    return moment


def _moments(reader: Reader, table: dict[str, Any], key: str) -> list[Any]:
    items = reader.get(table, key, list, field=f"recurrence.{key}") or []
    return [_moment(reader, f"recurrence.{key}[{i}]", item) for i, item in enumerate(items)]


def read_rule_table(reader: Reader, table: dict[str, Any]) -> Recurrence:
    """A recurrence table with ``rule``, ``rdates`` or ``exdates`` (its keys already checked)."""
    parts = []
    for key in ("frequency", "interval", "count"):
        value = reader.get(
            table, key, str if key == "frequency" else int, field=f"recurrence.{key}"
        )
        if value is not None and table.get(key) is not None:
            parts.append(f"{'FREQ' if key == 'frequency' else key.upper()}={value}")
    rule = reader.string(table, "rule", "recurrence")
    if rule:
        parts.append(rule)
    recurrence = reader.build("", Recurrence.from_rrule, ";".join(parts))
    until = reader.until(table)
    return reader.build(
        "",
        attrs.evolve,
        recurrence,
        until=recurrence.until if until is None else until,
        rdates=_moments(reader, table, "rdates"),
        exdates=_moments(reader, table, "exdates"),
    )
