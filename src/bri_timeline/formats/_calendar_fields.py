"""The people, alarms, links and status of an event in the TOML data file and the JSON document.

Part of the documents' one schema (:mod:`bri_timeline.formats._document`), which
imports it: the keys of these fields, how an event's values become them
(:func:`calendar_tables`) and how a parsed document's become the model's again
(:func:`read_calendar_fields`), every error naming the event and the field
(``attendees[1].role``). An alarm's ``trigger`` and ``duration`` are durations as
iCalendar writes them (``"-PT15M"``); an alarm at a fixed instant has ``at``
instead of ``trigger``.

>>> from datetime import date, timedelta
>>> from bri_timeline.model.alarms import Alarm
>>> from bri_timeline.model.event import Event
>>> from bri_timeline.model.times import AllDay
>>> event = Event("e", "E", AllDay(date(2025, 3, 3)), alarms=[Alarm(timedelta(minutes=-15))])
>>> calendar_tables(event)["alarms"]
[{'action': 'DISPLAY', 'trigger': '-PT15M', 'related': 'START', 'at': None, ...}]
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Mapping
from datetime import datetime
from typing import TYPE_CHECKING, Any

from bri_timeline.errors import shown
from bri_timeline.formats._durations import duration_text, parse_duration
from bri_timeline.model.alarms import Alarm, AlarmAction, Attachment, Conference, TriggerRelated
from bri_timeline.model.event import Event
from bri_timeline.model.extras import Extra
from bri_timeline.model.people import Attendee, Organizer

if TYPE_CHECKING:
    from bri_timeline.formats._document import Reader

__all__ = [
    "CALENDAR_DEFAULTS",
    "CALENDAR_KEYS",
    "CALENDAR_TABLE_KEYS",
    "calendar_tables",
    "read_calendar_fields",
]

_Table = dict[str, Any]

CALENDAR_KEYS = (
    "event_kind", "status", "transparency", "classification", "priority", "color", "image",
    "created", "uid", "organizer", "attendees", "alarms", "attachments", "conference", "extras",
)  # fmt: skip
"""The keys of these fields in an event, in the order they are written.

``event_kind`` is the event's ``kind`` (EVENT, TODO or JOURNAL): the documents' ``kind``
is the kind of its time, which they derive.
"""

CALENDAR_TABLE_KEYS = {
    "organizer": ("name", "address"),
    "attendees": ("name", "address", "role", "status", "rsvp", "kind", "title", "organization"),
    "alarms": ("action", "trigger", "related", "at", "description", "repeat", "duration"),
    "attachments": ("uri", "media_type"),
    "conference": ("uri", "features", "label"),
    "extras": ("name", "value", "params"),
}
"""The keys of their tables (all but ``organizer`` are lists of tables)."""

CALENDAR_DEFAULTS: Mapping[str, object] = {
    "event_kind": "EVENT",
    "transparency": "TRANSPARENT",
    "priority": 0,
    "attendees.role": "REQ-PARTICIPANT",
    "attendees.status": "NEEDS-ACTION",
    "attendees.rsvp": False,
    "attendees.kind": "INDIVIDUAL",
    "alarms.action": "DISPLAY",
    "alarms.related": "START",
    "alarms.repeat": 0,
}
"""What an absent value means, by its key (a table's ``table.key``): the data file leaves it out."""


def _plain(value: object) -> Any:
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, tuple):
        return [_plain(item) for item in value]
    return value


def _table(key: str, value: object) -> _Table:
    return {name: _plain(getattr(value, name)) for name in CALENDAR_TABLE_KEYS[key]}


def _alarm(alarm: Alarm) -> _Table:
    at = alarm.trigger if isinstance(alarm.trigger, datetime) else None
    duration = alarm.duration
    return {
        "action": alarm.action.value,
        "trigger": None if at is not None else duration_text(alarm.trigger),  # type: ignore[arg-type]
        "related": None if at is not None else alarm.related.value,
        "at": at,
        "description": alarm.description,
        "repeat": alarm.repeat,
        "duration": None if duration is None else duration_text(duration),
    }


def calendar_tables(event: Event) -> _Table:
    """These fields of an event by key: enums as their text, tables as dicts, None where absent."""
    found: _Table = {"event_kind": event.kind.value}
    found |= {key: _plain(getattr(event, key)) for key in CALENDAR_KEYS[1:9]}
    organizer = event.organizer
    found["organizer"] = None if organizer is None else _table("organizer", organizer)
    found["attendees"] = [_table("attendees", one) for one in event.attendees]
    found["alarms"] = [_alarm(alarm) for alarm in event.alarms]
    found["attachments"] = [_table("attachments", one) for one in event.attachments]
    found["conference"] = [_table("conference", one) for one in event.conference]
    found["extras"] = [
        {"name": one.name, "value": one.value, "params": [list(pair) for pair in one.params]}
        for one in event.extras
    ]
    return found


def _flag(reader: Reader, table: _Table, key: str, where: str) -> bool:
    value = table.get(key)
    if value is None:
        return False
    if not isinstance(value, bool):
        raise reader.error(f"must be true or false (got {shown(value)})", f"{where}.{key}")
    return value


def _duration(reader: Reader, table: _Table, key: str, where: str) -> Any:
    text = reader.string(table, key, where)
    if text is None:
        return None
    try:
        return parse_duration(text)
    except ValueError as error:
        raise reader.error(str(error), f"{where}.{key}") from None


def _given(**values: Any) -> dict[str, Any]:
    """The keyword arguments that are given: an absent one leaves the model's default."""
    return {name: value for name, value in values.items() if value is not None}


def _attendee(reader: Reader, table: _Table, where: str) -> Attendee:
    name = reader.string(table, "name", where, required=True)
    keys = [key for key in CALENDAR_TABLE_KEYS["attendees"] if key not in {"name", "rsvp"}]
    text = {key: reader.string(table, key, where) for key in keys}
    rsvp = _flag(reader, table, "rsvp", where)
    return reader.build(where, Attendee, name, rsvp=rsvp, **_given(**text))


def _alarm_of(reader: Reader, table: _Table, where: str) -> Alarm:
    trigger = _duration(reader, table, "trigger", where)
    at = reader.instant(table, "at", f"{where}.at")
    if (trigger is None) == (at is None):
        raise reader.error("must have a trigger or an at, not both", f"{where}.trigger")
    action = reader.string(table, "action", where) or "DISPLAY"
    related = reader.string(table, "related", where) or "START"
    try:
        kinds = AlarmAction(action.upper()), TriggerRelated(related.upper())
    except ValueError:
        raise reader.error(
            f"must be DISPLAY or AUDIO, and START or END (got {shown((action, related))})",
            f"{where}.action",
        ) from None
    return reader.build(
        where,
        Alarm,
        trigger if at is None else at,
        action=kinds[0],
        related=kinds[1],
        description=reader.string(table, "description", where),
        repeat=reader.get(table, "repeat", int, field=f"{where}.repeat") or 0,
        duration=_duration(reader, table, "duration", where),
    )


def _attachment(reader: Reader, table: _Table, where: str) -> Attachment:
    uri = reader.string(table, "uri", where, required=True)
    kind = reader.string(table, "media_type", where)
    return reader.build(where, Attachment, uri, media_type=kind)


def _conference(reader: Reader, table: _Table, where: str) -> Conference:
    uri = reader.string(table, "uri", where, required=True)
    features = reader.get(table, "features", list, field=f"{where}.features") or []
    label = reader.string(table, "label", where)
    return reader.build(where, Conference, uri, features=features, label=label)


def _extra(reader: Reader, table: _Table, where: str) -> Extra:
    name = reader.string(table, "name", where, required=True)
    value = reader.string(table, "value", where, required=True)
    params = reader.get(table, "params", list, field=f"{where}.params") or []
    return reader.build(where, Extra, name, value, params=params)


_READERS: dict[str, Callable[[Reader, _Table, str], object]] = {
    "attendees": _attendee,
    "alarms": _alarm_of,
    "attachments": _attachment,
    "conference": _conference,
    "extras": _extra,
}


def read_calendar_fields(reader: Reader, event: _Table) -> _Table:
    """These fields of a parsed event, as keyword arguments of :class:`Event`."""
    found: _Table = {
        key: reader.get(event, key, str)
        for key in ("status", "classification", "color", "image", "uid")
    }
    found["kind"] = reader.get(event, "event_kind", str) or "EVENT"
    found["transparency"] = reader.get(event, "transparency", str) or "TRANSPARENT"
    found["priority"] = reader.get(event, "priority", int) or 0
    found["created"] = reader.instant(event, "created", "created")
    organizer = reader.table(event, "organizer")
    if organizer is not None:
        name = reader.string(organizer, "name", "organizer", required=True)
        address = reader.string(organizer, "address", "organizer")
        found["organizer"] = reader.build("organizer", Organizer, name, address=address)
    for key, read in _READERS.items():
        tables = reader.tables(event, key)
        found[key] = [read(reader, table, f"{key}[{i}]") for i, table in enumerate(tables)]
    return found
