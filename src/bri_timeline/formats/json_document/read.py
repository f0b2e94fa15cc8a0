"""Read a timeline back from the JSON document (:mod:`~bri_timeline.formats.json_document.write`).

``loads_json(to_json(timeline)) == timeline``: the document keeps every field.
The derived keys (``label``, ``kind``, ``precision``, ``first_day``) are
ignored; any other key that the format does not name is an error, and so is a
key written twice. Optional keys may be left out or ``null``. Every error is a
:class:`~bri_timeline.errors.DataFileError` naming the file, the line where it
can, the event and the field.

>>> timeline = loads_json('''{"format": "bri-timeline", "version": 1,
...   "events": [{"id": "fta", "title": "Free Trade Agreement", "when": "2009/.."}]}''')
>>> timeline.get("fta").time
OpenEnded(start=PartialDate(precision=Precision.YEAR, year=2009, month=None))
>>> loads_json('{"format": "bri-timeline", "version": 1, "events": '
...            '[{"id": "x", "title": "X", "when": "2024-11-08", "revision": "2"}]}',
...            path="site/bri.json")
Traceback (most recent call last):
...
bri_timeline.errors.DataFileError: site/bri.json:1: event 'x': field 'revision': must be an int ...
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Callable
from datetime import date, datetime
from typing import Any, ParamSpec, TypeVar

from bri_timeline.errors import DataFileError, InvalidValue, shown
from bri_timeline.formats._checks import repeated_id
from bri_timeline.formats._where import Where, read_utf8
from bri_timeline.limits import Limits, file_name, limits_or_default, utf8_size
from bri_timeline.model.edtf import from_edtf
from bri_timeline.model.event import (
    Event,
    Frequency,
    Inference,
    Location,
    Participant,
    Recurrence,
    Source,
)
from bri_timeline.timeline import Timeline, TimelineInfo

__all__ = ["load_json", "loads_json"]

_FORMAT, _VERSION = "bri-timeline", 1
_TOP_KEYS = frozenset({"format", "version", "timeline", "events"})
_INFO_KEYS = frozenset({"name", "description", "url", "source", "updated"})
_DERIVED_KEYS = frozenset({"label", "kind", "precision", "first_day"})
_EVENT_KEYS = frozenset(
    {
        "id", "title", "when", "tz", "end_tz", "description", "url", "categories", "location",
        "participants", "source", "inferred", "recurrence", "revision", "updated",
    }
) | _DERIVED_KEYS  # fmt: skip
_TABLE_KEYS = {
    "location": frozenset({"name", "latitude", "longitude"}),
    "participants": frozenset({"name", "role", "organization"}),
    "source": frozenset({"quote", "document", "locator", "url"}),
    "inferred": frozenset({"field", "reason"}),
    "recurrence": frozenset({"frequency", "interval", "count", "until"}),
}
_T = TypeVar("_T")
_P = ParamSpec("_P")
_Object = dict[str, Any]


class _DuplicateKey(Exception):
    def __init__(self, key: str) -> None:
        self.key = key


def _no_duplicates(pairs: list[tuple[str, Any]]) -> _Object:
    found: _Object = {}
    for key, value in pairs:
        if key in found:
            raise _DuplicateKey(key)
        found[key] = value
    return found


def _kind_name(kind: type | tuple[type, ...]) -> str:
    """Words for the JSON kinds: ``an int``, ``a number``."""
    names = {str: "a string", int: "an int", float: "a number", list: "a list", dict: "an object"}
    if kind == (int, float):
        return "a number"
    kinds = kind if isinstance(kind, tuple) else (kind,)
    return " or ".join(names[k] for k in kinds)


class _Reader(Where):
    """Reads the parts of one JSON document, and builds the errors knowing where it is."""

    def id_pattern(self, event_id: str) -> re.Pattern[str]:
        """How the JSON document writes the id of the event ``event_id``."""
        return re.compile(r'"id"\s*:\s*' + re.escape(json.dumps(event_id)))

    def keys(self, table: _Object, allowed: frozenset[str], where: str) -> None:
        unknown = sorted(set(table) - allowed)
        if unknown:
            raise self.error(
                f"unknown key {shown(unknown[0])} (allowed: {', '.join(sorted(allowed))})",
                f"{where}.{unknown[0][:60]}" if where else unknown[0][:60],
            )

    def get(
        self,
        table: _Object,
        key: str,
        kind: type | tuple[type, ...],
        *,
        field: str | None = None,
        required: bool = False,
    ) -> Any:
        """``table[key]`` checked against ``kind``; None when absent or null and not required."""
        name = field or key
        value = table.get(key)
        if value is None:
            if required:
                raise self.error("is required", name)
            return None
        kinds = kind if isinstance(kind, tuple) else (kind,)
        if isinstance(value, bool) or not isinstance(value, kinds):
            raise self.error(f"must be {_kind_name(kind)} (got {shown(value)})", name)
        return value

    def instant(self, table: _Object, key: str, field: str) -> datetime | None:
        text = self.get(table, key, str, field=field)
        if text is None:
            return None
        try:
            value = datetime.fromisoformat(text)
        except ValueError:
            value = None
        if value is None or "T" not in text or value.utcoffset() is None:
            raise self.error(
                f"must be an ISO 8601 date-time with Z or an offset (got {shown(text)})", field
            )
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

    def tables(self, event: _Object, key: str) -> list[_Object]:
        items = self.get(event, key, list) or []
        for position, item in enumerate(items):
            if not isinstance(item, dict):
                raise self.error(f"must be an object (got {shown(item)})", f"{key}[{position}]")
            self.keys(item, _TABLE_KEYS[key], f"{key}[{position}]")
        return items

    def table(self, event: _Object, key: str) -> _Object | None:
        table: _Object | None = self.get(event, key, dict)
        if table is not None:
            self.keys(table, _TABLE_KEYS[key], key)
        return table


def _location(reader: _Reader, event: _Object) -> Location | None:
    table = reader.table(event, "location")
    if table is None:
        return None
    number = (int, float)
    return reader.build(
        "location",
        Location,
        reader.get(table, "name", str, field="location.name", required=True),
        latitude=reader.get(table, "latitude", number, field="location.latitude"),
        longitude=reader.get(table, "longitude", number, field="location.longitude"),
    )


def _source(reader: _Reader, event: _Object) -> Source | None:
    table = reader.table(event, "source")
    if table is None:
        return None
    return reader.build(
        "source",
        Source,
        reader.get(table, "quote", str, field="source.quote", required=True),
        document=reader.get(table, "document", str, field="source.document"),
        locator=reader.get(table, "locator", str, field="source.locator"),
        url=reader.get(table, "url", str, field="source.url"),
    )


def _until(reader: _Reader, table: _Object) -> date | datetime | None:
    text = reader.get(table, "until", str, field="recurrence.until")
    if text is None:
        return None
    if "T" in text:
        return reader.instant(table, "until", "recurrence.until")
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise reader.error(
            f"must be a day YYYY-MM-DD or a date-time (got {shown(text)})", "recurrence.until"
        ) from None


def _recurrence(reader: _Reader, event: _Object) -> Recurrence | None:
    table = reader.table(event, "recurrence")
    if table is None:
        return None
    name = reader.get(table, "frequency", str, field="recurrence.frequency", required=True)
    try:
        frequency = Frequency(name)
    except ValueError:
        choices = ", ".join(f.value for f in Frequency)
        raise reader.error(
            f"must be one of {choices} (got {shown(name)})", "recurrence.frequency"
        ) from None
    interval = reader.get(table, "interval", int, field="recurrence.interval")
    count = reader.get(table, "count", int, field="recurrence.count")
    until = _until(reader, table)
    return reader.build(
        "recurrence",
        Recurrence,
        frequency,
        interval=1 if interval is None else interval,
        count=count,
        until=until,
    )


def _participants(reader: _Reader, event: _Object) -> list[Participant]:
    found = []
    for i, table in enumerate(reader.tables(event, "participants")):
        where = f"participants[{i}]"
        name = reader.get(table, "name", str, field=f"{where}.name", required=True)
        role = reader.get(table, "role", str, field=f"{where}.role")
        organization = reader.get(table, "organization", str, field=f"{where}.organization")
        found.append(reader.build(where, Participant, name, role=role, organization=organization))
    return found


def _inferred(reader: _Reader, event: _Object) -> list[Inference]:
    found = []
    for i, table in enumerate(reader.tables(event, "inferred")):
        where = f"inferred[{i}]"
        field = reader.get(table, "field", str, field=f"{where}.field", required=True)
        reason = reader.get(table, "reason", str, field=f"{where}.reason", required=True)
        found.append(reader.build(where, Inference, field, reason))
    return found


def _event(reader: _Reader, raw: object, position: int) -> Event:
    reader.at(f"events[{position}]")
    if not isinstance(raw, dict):
        raise reader.error(f"must be an object (got {shown(raw)})")
    event_id = reader.get(raw, "id", str, required=True)
    reader.at(shown(event_id), event_id)
    reader.keys(raw, _EVENT_KEYS, "")
    title = reader.get(raw, "title", str, required=True)
    when = reader.get(raw, "when", str, required=True)
    tz = reader.get(raw, "tz", str)
    end_tz = reader.get(raw, "end_tz", str)
    time = reader.build("", from_edtf, when, tz=tz, end_tz=end_tz)
    if tz is not None and "T" not in when:
        raise reader.error(f"is given, but 'when' has no time of day (got {shown(tz)})", "tz")
    if end_tz is not None and "T" not in when.partition("/")[2]:
        raise reader.error(
            f"is given, but 'when' has no end time of day (got {shown(end_tz)})", "end_tz"
        )
    categories = reader.get(raw, "categories", list) or ()
    revision = reader.get(raw, "revision", int)
    description = reader.get(raw, "description", str) or ""
    url = reader.get(raw, "url", str)
    location = _location(reader, raw)
    participants = _participants(reader, raw)
    source = _source(reader, raw)
    inferred = _inferred(reader, raw)
    recurrence = _recurrence(reader, raw)
    updated = reader.instant(raw, "updated", "updated")
    return reader.build(
        "",
        Event,
        event_id,
        title,
        time,
        description=description,
        url=url,
        categories=categories,
        location=location,
        participants=participants,
        source=source,
        inferred=inferred,
        recurrence=recurrence,
        revision=0 if revision is None else revision,
        updated=updated,
    )


def _info(reader: _Reader, document: _Object) -> TimelineInfo:
    table = reader.get(document, "timeline", dict) or {}
    reader.keys(table, _INFO_KEYS, "timeline")
    name = reader.get(table, "name", str, field="timeline.name") or ""
    description = reader.get(table, "description", str, field="timeline.description") or ""
    url = reader.get(table, "url", str, field="timeline.url")
    source = reader.get(table, "source", str, field="timeline.source")
    updated = reader.instant(table, "updated", "timeline.updated")
    return reader.build(
        "timeline",
        TimelineInfo,
        name,
        description=description,
        url=url,
        source=source,
        updated=updated,
    )


def _header(reader: _Reader, document: object) -> _Object:
    if not isinstance(document, dict):
        raise reader.error(f"must hold a JSON object (got {type(document).__name__})")
    reader.keys(document, _TOP_KEYS, "")
    found = reader.get(document, "format", str, required=True)
    if found != _FORMAT:
        raise reader.error(f"must be {_FORMAT!r} (got {shown(found)})", "format")
    version = reader.get(document, "version", int, required=True)
    if version != _VERSION:
        raise reader.error(
            f"is {version}, but this bri_timeline reads version {_VERSION} only", "version"
        )
    return document


def loads_json(text: str, *, path: str = "<string>", limits: Limits | None = None) -> Timeline:
    """Read a timeline from the text of a bri_timeline JSON document.

    Args:
        text: The document's text.
        path: The name errors give the file.
        limits: What reading it may cost (default :class:`~bri_timeline.limits.Limits`):
            its size.

    Raises:
        DataFileError: The text is not JSON, is too large, is not a version 1
            bri_timeline document, or an event or a field is wrong.
    """
    limits = limits_or_default(limits)
    if not isinstance(text, str):
        raise DataFileError(file_name(path), f"must be text, a str (got {type(text).__name__})")
    reader = _Reader(file_name(path), text)
    if (refused := limits.size_error(utf8_size(text))) is not None:
        raise reader.error(refused)
    try:
        document = json.loads(text, object_pairs_hook=_no_duplicates)
    except json.JSONDecodeError as error:
        reader.line = error.lineno
        raise reader.error(f"is not valid JSON: {error.msg} (column {error.colno})") from None
    except _DuplicateKey as error:
        raise reader.error(f"is not valid here: the key {shown(error.key)} appears twice") from None
    except ValueError as error:  # a number of more digits than Python converts
        raise reader.error(f"cannot be read: {error}") from None
    except RecursionError:
        raise reader.error("is not valid JSON here: arrays or objects nest too deeply") from None
    _header(reader, document)
    info = _info(reader, document)
    raw_events = reader.get(document, "events", list) or []
    events = [_event(reader, raw, i) for i, raw in enumerate(raw_events)]
    reader.at(None)
    repeated = repeated_id(events)
    if repeated is not None:
        reader.at(shown(repeated))
        reader.line = reader.locate(repeated, occurrence=1)
        raise reader.error("another event has the same id", "id")
    return Timeline(events, info=info)


def load_json(path: str | os.PathLike[str], *, limits: Limits | None = None) -> Timeline:
    """Read a timeline from a bri_timeline JSON file (UTF-8).

    Raises:
        DataFileError: The file cannot be read, is not UTF-8, is too large, or is
            not a valid document (see :func:`loads_json`).
    """
    limits = limits_or_default(limits)
    name, text = read_utf8(path, limits)
    return loads_json(text, path=name, limits=limits)
