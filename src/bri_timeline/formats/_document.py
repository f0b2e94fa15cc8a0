"""The fields of a timeline document, once: one schema for the TOML data file and the JSON document.

Over 400 lines: every field's name, default and reader in one place, so that neither
format writes one again.

Both formats hold a ``timeline`` table and a list of ``events`` under the same
names, in the same notations (the time as EDTF text with IANA zones, a frequency
by its name). :func:`info_fields` and :func:`event_fields` give a timeline's
fields for a writer; :func:`read_timeline` builds a timeline from a parsed
document, every error a :class:`~bri_timeline.errors.DataFileError` naming the
file, the line of the event's id, the event and the field. What differs between
the formats is said by each one's :class:`Reader`: the words for a kind of value
("an integer", "an int"), instants and days (TOML's own, or ISO 8601 strings),
the data file's rules for a person writing it (an event's ``source.document``
defaults to the timeline's ``source``; a frequency in any case) and the JSON
document's derived keys, which reading ignores.
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Mapping
from datetime import UTC, date, datetime
from typing import Any, ClassVar, ParamSpec, Self, TypeVar
from zoneinfo import ZoneInfo

from bri_timeline.errors import DataFileError, InvalidValue, shown
from bri_timeline.formats._calendar_fields import (
    CALENDAR_DEFAULTS,
    CALENDAR_KEYS,
    CALENDAR_TABLE_KEYS,
    calendar_tables,
    read_calendar_fields,
)
from bri_timeline.formats._checks import repeated_id
from bri_timeline.formats._overrides import (
    OVERRIDE_KEYS,
    SERIES_KEYS,
    override_tables,
    read_overrides,
)
from bri_timeline.formats._rule_table import read_rule_table, recurrence_table
from bri_timeline.formats._where import Where
from bri_timeline.limits import Limits, limits_or_default, utf8_size
from bri_timeline.model.arguments import check_file_name, check_str
from bri_timeline.model.edtf import from_edtf, time_zones, to_edtf
from bri_timeline.model.event import (
    Event,
    Frequency,
    Inference,
    Location,
    Participant,
    Recurrence,
    Source,
)
from bri_timeline.model.floating import FloatingSpan
from bri_timeline.model.times import AllDay, PartialDate, Time, TimeSpan
from bri_timeline.model.vague import Vague
from bri_timeline.timeline import Timeline, TimelineInfo

__all__ = [
    "DEFAULTS",
    "EVENTS",
    "EVENT_KEYS",
    "INFO_KEYS",
    "TABLE_KEYS",
    "TIMELINE",
    "Kinds",
    "Reader",
    "event_fields",
    "info_fields",
    "read_timeline",
    "time_kind",
    "utc_text",
]


def time_kind(time: Time) -> str:
    """The kind of a time as the tabular and JSON formats name it (their derived ``kind``)."""
    if isinstance(time, TimeSpan):
        return "timed"
    if isinstance(time, AllDay):
        return "all-day"
    if isinstance(time, PartialDate):
        return "partial"
    if isinstance(time, Vague):
        return "vague"
    if isinstance(time, FloatingSpan):
        return "floating"
    return "open-ended"


TIMELINE, EVENTS = "timeline", "events"
"""The document's two parts: the table about the whole, and the list of events."""

INFO_KEYS = ("name", "description", "url", "source", "updated")
"""The keys of the ``timeline`` table, in the order they are written."""

EVENT_KEYS = (
    "id", "title", "when", "tz", "end_tz", "description", "url", "categories", "location",
    "participants", "source", "inferred", "recurrence", "revision", "updated", *CALENDAR_KEYS,
    "overrides",
)  # fmt: skip
"""The keys of an event, in the order they are written."""

TABLE_KEYS = {
    "location": ("name", "latitude", "longitude"),
    "participants": ("name", "role", "organization"),
    "source": ("quote", "document", "locator", "url"),
    "inferred": ("field", "reason"),
    "recurrence": ("frequency", "interval", "count", "until", "rule", "rdates", "exdates"),
    **CALENDAR_TABLE_KEYS,
    "overrides": (*(key for key in EVENT_KEYS if key not in SERIES_KEYS), *OVERRIDE_KEYS),
}
"""The keys of an event's tables (``participants`` and ``inferred`` are lists of them).

An override (see :mod:`~bri_timeline.formats._overrides`) holds an event's own keys.
"""

DEFAULTS: Mapping[str, object] = {
    "timeline.name": "",
    "timeline.description": "",
    "description": "",
    "revision": 0,
    "recurrence.interval": 1,
    **CALENDAR_DEFAULTS,
}
"""What an absent (or null) value reads as, by the name errors give its field.

A list left out reads as empty.
"""

_T = TypeVar("_T")
_P = ParamSpec("_P")
_Table = dict[str, Any]
Kinds = Mapping[type | tuple[type, ...], str]


def utc_text(value: datetime) -> str:
    """An aware datetime as ISO 8601 in UTC, ending in ``Z``; a naive one as it is.

    A naive datetime is a wall time (a floating series' ``until``): never given a zone.

    >>> from zoneinfo import ZoneInfo
    >>> utc_text(datetime(2024, 11, 8, 9, tzinfo=ZoneInfo("America/Lima")))
    '2024-11-08T14:00:00Z'
    >>> utc_text(datetime(2024, 11, 8, 9))
    '2024-11-08T09:00:00'
    """
    if value.tzinfo is None:
        return value.isoformat()
    return value.astimezone(UTC).replace(tzinfo=None).isoformat() + "Z"


def _value(key: str, value: object) -> Any:
    if isinstance(value, tuple):
        return [_value(key, item) for item in value]
    if isinstance(value, enum.Enum):
        return value.value
    if key == "recurrence" and isinstance(value, Recurrence):
        return recurrence_table(value)
    if key in TABLE_KEYS and value is not None:
        return {name: _value(name, getattr(value, name)) for name in TABLE_KEYS[key]}
    return value


def info_fields(info: TimelineInfo) -> _Table:
    """The ``timeline`` table: every key, None where a value is absent, ``updated`` a datetime.

    >>> info_fields(TimelineInfo("BRI"))
    {'name': 'BRI', 'description': '', 'url': None, 'source': None, 'updated': None}
    """
    return {key: getattr(info, key) for key in INFO_KEYS}


def event_fields(event: Event) -> _Table:
    """An event as its keys: every key, None where a value is absent.

    Tables are dicts and lists are lists; ``updated`` and a recurrence's ``until``
    stay a datetime or a date, for each format to write in its own way.

    >>> from bri_timeline.model.times import PartialDate
    >>> fields = event_fields(Event("fta", "FTA", PartialDate.of_year(2009), categories=["trade"]))
    >>> fields["when"], fields["categories"], fields["source"], fields["revision"]
    ('2009', ['trade'], None, 0)
    """
    tz, end_tz = time_zones(event.time)
    time: _Table = {"when": to_edtf(event.time), "tz": tz, "end_tz": end_tz}
    time |= calendar_tables(event)
    time["overrides"] = override_tables(event, event_fields)
    return {
        key: time[key] if key in time else _value(key, getattr(event, key)) for key in EVENT_KEYS
    }


class Reader(Where):
    """Reads the parts of one parsed document, and builds its errors knowing where it is.

    A format subclasses it: how its file writes an event's id
    (:meth:`~bri_timeline.formats._where.Where.id_pattern`), what it calls each
    kind of value, how it writes instants and days, and its own rules.
    """

    KINDS: ClassVar[Kinds]
    """Words for each kind a value must be, in the format's terms (``dict``: "a table")."""
    TOO_DEEP: ClassVar[str]
    """The error for a document nested deeper than Python recurses."""
    EXTRA_EVENT_KEYS: ClassVar[frozenset[str]] = frozenset()
    """Keys an event may hold besides the schema's, which reading ignores."""
    ANY_CASE_FREQUENCY: ClassVar[bool] = False
    """A frequency may be written in any case (``"yearly"``)."""
    INHERITED_DOCUMENT: ClassVar[bool] = False
    """An event's ``source.document`` left out (or empty) is the timeline's ``source``."""

    @classmethod
    def of(cls, text: object, path: str, limits: Limits | None) -> Self:
        """A reader of ``text``, once it is a str within ``limits`` (errors name it ``path``).

        Raises:
            InvalidArgument: ``text`` is not a str, ``path`` not a file name, or
                ``limits`` not a Limits.
            DataFileError: The text is larger than the limits allow.
        """
        limits = limits_or_default(limits)
        name = check_file_name("path", path)
        reader = cls(name, check_str("text", text))
        if (refused := limits.size_error(utf8_size(reader.text))) is not None:
            raise reader.error(refused)
        return reader

    def loads(self, text: str) -> Any:
        """The format's parser: the document, or a DataFileError where the text is not valid."""
        raise NotImplementedError

    def parse(self) -> Any:
        """The parsed document (:meth:`loads`) of the text.

        A number of more digits than Python converts is an error too, and so is
        nesting deeper than Python recurses (:attr:`TOO_DEEP` says it in the format's words).
        """
        try:
            return self.loads(self.text)
        except DataFileError:
            raise
        except ValueError as error:
            raise self.error(f"cannot be read: {error}") from None
        except RecursionError:
            raise self.error(self.TOO_DEEP) from None

    def instant(self, table: _Table, key: str, field: str) -> datetime | None:
        """The date-time ``table[key]``, or None when it is absent."""
        raise NotImplementedError

    def until(self, table: _Table) -> date | datetime | None:
        """A recurrence's ``until``, a day or a date-time, or None when it is absent."""
        raise NotImplementedError

    def keys(self, table: _Table, allowed: frozenset[str] | tuple[str, ...], where: str) -> None:
        """Refuse the first key of ``table`` (in sorted order) that is not ``allowed``."""
        unknown = sorted(set(table) - set(allowed))
        if unknown:
            raise self.error(
                f"unknown key {shown(unknown[0])} (allowed: {', '.join(sorted(allowed))})",
                f"{where}.{unknown[0][:60]}" if where else unknown[0][:60],
            )

    def get(
        self,
        table: _Table,
        key: str,
        kind: type | tuple[type, ...],
        *,
        field: str | None = None,
        required: bool = False,
    ) -> Any:
        """``table[key]`` checked against ``kind``; when absent or null, its default or None."""
        name = field or key
        value = table.get(key)
        if value is None:
            if required:
                raise self.error("is required", name)
            return DEFAULTS.get(name)
        kinds = kind if isinstance(kind, tuple) else (kind,)
        if isinstance(value, bool) or not isinstance(value, kinds):
            raise self.error(f"must be {self.KINDS[kind]} (got {shown(value)})", name)
        return value

    def build(
        self, prefix: str, make: Callable[_P, _T], /, *args: _P.args, **kwargs: _P.kwargs
    ) -> _T:
        """``make(*args, **kwargs)``; a value the model refuses becomes an error at ``prefix``."""
        try:
            return make(*args, **kwargs)
        except InvalidValue as error:
            name = f"{prefix}.{error.field.split('.')[-1]}" if prefix else error.field
            raise self.error(f"{error.rule} (got {shown(error.value)})", name) from None

    def tables(self, event: _Table, key: str) -> list[_Table]:
        """The list of tables ``event[key]`` (``participants``, ``inferred``), each checked."""
        items = self.get(event, key, list) or []
        for position, item in enumerate(items):
            if not isinstance(item, dict):
                raise self.error(
                    f"must be {self.KINDS[dict]} (got {shown(item)})", f"{key}[{position}]"
                )
            self.keys(item, TABLE_KEYS[key], f"{key}[{position}]")
        return items

    def table(self, event: _Table, key: str) -> _Table | None:
        """The table ``event[key]`` (``location``, ``source``, ``recurrence``), checked."""
        table: _Table | None = self.get(event, key, dict)
        if table is not None:
            self.keys(table, TABLE_KEYS[key], key)
        return table

    def string(self, table: _Table, key: str, where: str, *, required: bool = False) -> Any:
        """The string ``table[key]``, its field named ``where.key``."""
        return self.get(table, key, str, field=f"{where}.{key}", required=required)


def _location(reader: Reader, event: _Table) -> Location | None:
    table = reader.table(event, "location")
    if table is None:
        return None
    number = (int, float)
    return reader.build(
        "location",
        Location,
        reader.string(table, "name", "location", required=True),
        latitude=reader.get(table, "latitude", number, field="location.latitude"),
        longitude=reader.get(table, "longitude", number, field="location.longitude"),
    )


def _source(reader: Reader, event: _Table, inherited: str | None) -> Source | None:
    table = reader.table(event, "source")
    if table is None:
        return None
    quote = reader.string(table, "quote", "source", required=True)
    document = reader.string(table, "document", "source")
    if reader.INHERITED_DOCUMENT:
        document = document or inherited
    locator = reader.string(table, "locator", "source")
    url = reader.string(table, "url", "source")
    return reader.build("source", Source, quote, document=document, locator=locator, url=url)


def _recurrence(reader: Reader, event: _Table) -> Recurrence | None:
    if isinstance(text := event.get("recurrence"), str):
        return reader.build("", Recurrence.from_rrule, text)
    table = reader.table(event, "recurrence")
    if table is None:
        return None
    if table.get("rule") is not None or table.get("rdates") or table.get("exdates"):
        return read_rule_table(reader, table)
    name = reader.string(table, "frequency", "recurrence", required=True)
    try:
        frequency = Frequency(name.upper() if reader.ANY_CASE_FREQUENCY else name)
    except ValueError:
        choices = ", ".join(f.value for f in Frequency)
        raise reader.error(
            f"must be one of {choices} (got {shown(name)})", "recurrence.frequency"
        ) from None
    interval = reader.get(table, "interval", int, field="recurrence.interval")
    count = reader.get(table, "count", int, field="recurrence.count")
    until = reader.until(table)
    return reader.build(
        "recurrence", Recurrence, frequency, interval=interval, count=count, until=until
    )


def _participants(reader: Reader, event: _Table) -> list[Participant]:
    found = []
    for i, table in enumerate(reader.tables(event, "participants")):
        where = f"participants[{i}]"
        name = reader.string(table, "name", where, required=True)
        role = reader.string(table, "role", where)
        organization = reader.string(table, "organization", where)
        found.append(reader.build(where, Participant, name, role=role, organization=organization))
    return found


def _inferred(reader: Reader, event: _Table) -> list[Inference]:
    found = []
    for i, table in enumerate(reader.tables(event, "inferred")):
        where = f"inferred[{i}]"
        field = reader.string(table, "field", where, required=True)
        reason = reader.string(table, "reason", where, required=True)
        found.append(reader.build(where, Inference, field, reason))
    return found


def _time(reader: Reader, raw: _Table, zone: ZoneInfo | None = None) -> Time:
    """The time of ``raw`` (``when``, ``tz``, ``end_tz``); local times are in ``zone`` if no tz."""
    when = reader.get(raw, "when", str, required=True)
    tz = reader.get(raw, "tz", str)
    end_tz = reader.get(raw, "end_tz", str)
    time = reader.build(
        "", from_edtf, when, tz=tz or (zone if "T" in when else None), end_tz=end_tz
    )
    if tz is not None and "T" not in when:
        raise reader.error(f"is given, but 'when' has no time of day (got {shown(tz)})", "tz")
    if end_tz is not None and "T" not in when.partition("/")[2]:
        raise reader.error(
            f"is given, but 'when' has no end time of day (got {shown(end_tz)})", "end_tz"
        )
    return time


def _fields(reader: Reader, raw: _Table, inherited: str | None) -> _Table:
    """The fields of ``raw`` but its id, title and time, as keyword arguments of an Event."""
    return {  # read in this order: the first wrong field is the one an error names
        "categories": reader.get(raw, "categories", list) or (),
        "revision": reader.get(raw, "revision", int),
        "description": reader.get(raw, "description", str),
        "url": reader.get(raw, "url", str),
        "location": _location(reader, raw),
        "participants": _participants(reader, raw),
        "source": _source(reader, raw, inherited),
        "inferred": _inferred(reader, raw),
        "recurrence": _recurrence(reader, raw),
        "updated": reader.instant(raw, "updated", "updated"),
        **read_calendar_fields(reader, raw),
    }


def _event(reader: Reader, raw: object, position: int, inherited: str | None) -> Event:
    reader.at(f"{EVENTS}[{position}]")
    if not isinstance(raw, dict):
        raise reader.error(f"must be {reader.KINDS[dict]} (got {shown(raw)})")
    event_id = reader.get(raw, "id", str, required=True)
    reader.at(shown(event_id), event_id)
    reader.keys(raw, frozenset(EVENT_KEYS) | reader.EXTRA_EVENT_KEYS, "")
    title = reader.get(raw, "title", str, required=True)
    time = _time(reader, raw)
    fields = _fields(reader, raw, inherited)
    event = reader.build("", Event, event_id, title, time, **fields)
    return read_overrides(
        reader,
        raw,
        event,
        lambda table: (
            _fields(reader, table, inherited) | {"title": reader.get(table, "title", str)}
        ),
        lambda table, zone: _time(reader, table, zone),
    )


def _info(reader: Reader, document: _Table) -> TimelineInfo:
    table = reader.get(document, TIMELINE, dict) or {}
    reader.keys(table, INFO_KEYS, TIMELINE)
    name, description, url, source = (reader.string(table, key, TIMELINE) for key in INFO_KEYS[:4])
    updated = reader.instant(table, "updated", "timeline.updated")
    if updated is not None and updated.utcoffset() is None:
        raise reader.error(
            f"must have a UTC offset, e.g. 2024-11-20T00:00:00Z (got {updated})", "timeline.updated"
        )
    return reader.build(
        TIMELINE,
        TimelineInfo,
        name,
        description=description,
        url=url,
        source=source,
        updated=updated,
    )


def read_timeline(reader: Reader, document: _Table) -> Timeline:
    """The timeline of a parsed document (its top-level keys already checked).

    Raises:
        DataFileError: An event or a field is wrong, or two events share an id.
    """
    info = _info(reader, document)
    raw_events = reader.get(document, EVENTS, list) or []
    events = [_event(reader, raw, i, info.source) for i, raw in enumerate(raw_events)]
    reader.at(None)
    repeated = repeated_id(events)
    if repeated is not None:
        reader.at(shown(repeated))
        reader.line = reader.locate(repeated, occurrence=1)
        raise reader.error("another event has the same id", "id")
    return Timeline(events, info=info)
