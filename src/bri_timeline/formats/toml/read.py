r"""Read a timeline from a TOML data file: the format of the bundled BRI data and of users' own.

A data file has an optional ``[timeline]`` table and an array of ``[[events]]``::

    [timeline]
    name = "My timeline"                 # optional, as are all of this table
    description = "..."
    url = "https://example.org/"
    source = "The document the events come from"
    updated = 2024-11-20T00:00:00Z      # a TOML date-time with an offset

    [[events]]
    id = "apec-2024"                     # required: letters, digits, . _ @ + -
    title = "APEC summit"                # required
    when = "2024-11-13/2024-11-15"       # required: EDTF, see bri_timeline.model.edtf
    tz = "America/Lima"                  # the zone of local times in `when`
    end_tz = "Europe/Madrid"             # the zone of a local end time, if another
    description = "..."
    url = "https://..."
    categories = ["summit"]
    location = { name = "Lima", latitude = -12.05, longitude = -77.04 }
    participants = [{ name = "...", role = "...", organization = "..." }]
    source = { quote = "...", document = "...", locator = "paragraph 1", url = "..." }
    inferred = [{ field = "when", reason = "..." }]
    recurrence = { frequency = "YEARLY", interval = 1, count = 10 }   # or until = 2030-01-01
    revision = 0                         # raise it when the event changes
    updated = 2024-11-20T00:00:00Z

An event's ``source.document`` defaults to ``[timeline] source``. Every other
field is exactly as written: nothing is defaulted, and any key not listed here
is an error. Every error is a :class:`~bri_timeline.errors.DataFileError` that
names the file, the line where it can, the event and the field.

>>> timeline = loads('''
... [[events]]
... id = "fta"
... title = "Free Trade Agreement in place"
... when = "2009/.."
... ''')
>>> timeline.get("fta").time
OpenEnded(start=PartialDate(precision=Precision.YEAR, year=2009, month=None))
>>> loads('[[events]]\nid = "x"\ntitle = "X"\nwhen = "2024-02-30"\n', path="my.toml")
Traceback (most recent call last):
...
bri_timeline.errors.DataFileError: my.toml:2: event 'x': field 'when': is not a real date ...
"""

from __future__ import annotations

import os
import re
import tomllib
from collections.abc import Callable, Mapping
from datetime import date, datetime
from typing import Any, TypeVar

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

__all__ = ["load", "loads"]

_TOP_KEYS = frozenset({"timeline", "events"})
_INFO_KEYS = frozenset({"name", "description", "url", "source", "updated"})
_EVENT_KEYS = frozenset(
    {
        "id", "title", "when", "tz", "end_tz", "description", "url", "categories", "location",
        "participants", "source", "inferred", "recurrence", "revision", "updated",
    }
)  # fmt: skip
_TABLE_KEYS = {
    "location": frozenset({"name", "latitude", "longitude"}),
    "participants": frozenset({"name", "role", "organization"}),
    "source": frozenset({"quote", "document", "locator", "url"}),
    "inferred": frozenset({"field", "reason"}),
    "recurrence": frozenset({"frequency", "interval", "count", "until"}),
}
_TOML_LINE = re.compile(r"at line (\d+)")
# What a value should have been, in the words of TOML, which is what the user wrote.
_TOML_NAMES: dict[type, str] = {
    str: "a string",
    int: "an integer",
    float: "a float",
    list: "an array",
    dict: "a table",
    date: "a date",
    datetime: "a date-time with an offset",
}
_T = TypeVar("_T")


class _Context(Where):
    """Where in the TOML file: an event's id is written ``id = "..."``."""

    def id_pattern(self, event_id: str) -> re.Pattern[str]:
        """How the TOML file writes the id of the event ``event_id``."""
        return re.compile(
            rf"""^[ \t]*id[ \t]*=[ \t]*(["']){re.escape(event_id)}\1[ \t]*(#.*)?$""", re.M
        )


def _check_keys(
    ctx: _Context, table: Mapping[str, Any], allowed: frozenset[str], where: str
) -> None:
    unknown = sorted(set(table) - allowed)
    if unknown:
        raise ctx.error(
            f"unknown key {shown(unknown[0])} (allowed: {', '.join(sorted(allowed))})",
            f"{where}.{unknown[0][:60]}" if where else unknown[0][:60],
        )


def _get(
    ctx: _Context,
    table: Mapping[str, Any],
    key: str,
    kind: type[_T] | tuple[type, ...],
    *,
    field: str | None = None,
    required: bool = False,
) -> Any:
    name = field or key
    if key not in table:
        if required:
            raise ctx.error("is required", name)
        return None
    value = table[key]
    if not isinstance(value, kind) or (isinstance(value, bool) and kind is not bool):
        kinds = (kind,) if isinstance(kind, type) else kind
        wanted = " or ".join(_TOML_NAMES.get(k, k.__name__) for k in kinds)
        raise ctx.error(f"must be {wanted} (got {shown(value)})", name)
    return value


def _build(ctx: _Context, prefix: str, make: Callable[[], _T]) -> _T:
    """Call ``make``; a refused value becomes a DataFileError for ``prefix.field``."""
    try:
        return make()
    except InvalidValue as error:
        name = f"{prefix}.{error.field.split('.')[-1]}" if prefix else error.field
        raise ctx.error(f"{error.rule} (got {shown(error.value)})", name) from None


def _tables(ctx: _Context, event: Mapping[str, Any], key: str) -> list[Mapping[str, Any]]:
    items = _get(ctx, event, key, list) or []
    for position, item in enumerate(items):
        if not isinstance(item, dict):
            raise ctx.error(f"must be a table (got {shown(item)})", f"{key}[{position}]")
        _check_keys(ctx, item, _TABLE_KEYS[key], f"{key}[{position}]")
    return items


def _location(ctx: _Context, event: Mapping[str, Any]) -> Location | None:
    table = _get(ctx, event, "location", dict)
    if table is None:
        return None
    _check_keys(ctx, table, _TABLE_KEYS["location"], "location")
    return _build(
        ctx,
        "location",
        lambda: Location(
            _get(ctx, table, "name", str, field="location.name", required=True),
            latitude=_get(ctx, table, "latitude", (int, float), field="location.latitude"),
            longitude=_get(ctx, table, "longitude", (int, float), field="location.longitude"),
        ),
    )


def _source(ctx: _Context, event: Mapping[str, Any], document: str | None) -> Source | None:
    table = _get(ctx, event, "source", dict)
    if table is None:
        return None
    _check_keys(ctx, table, _TABLE_KEYS["source"], "source")
    return _build(
        ctx,
        "source",
        lambda: Source(
            _get(ctx, table, "quote", str, field="source.quote", required=True),
            document=_get(ctx, table, "document", str, field="source.document") or document,
            locator=_get(ctx, table, "locator", str, field="source.locator"),
            url=_get(ctx, table, "url", str, field="source.url"),
        ),
    )


def _recurrence(ctx: _Context, event: Mapping[str, Any]) -> Recurrence | None:
    table = _get(ctx, event, "recurrence", dict)
    if table is None:
        return None
    _check_keys(ctx, table, _TABLE_KEYS["recurrence"], "recurrence")
    name = _get(ctx, table, "frequency", str, field="recurrence.frequency", required=True)
    try:
        frequency = Frequency(name.upper())
    except ValueError:
        choices = ", ".join(f.value for f in Frequency)
        raise ctx.error(
            f"must be one of {choices} (got {shown(name)})", "recurrence.frequency"
        ) from None
    interval = _get(ctx, table, "interval", int, field="recurrence.interval")
    return _build(
        ctx,
        "recurrence",
        lambda: Recurrence(
            frequency,
            interval=1 if interval is None else interval,
            count=_get(ctx, table, "count", int, field="recurrence.count"),
            until=_get(ctx, table, "until", (date, datetime), field="recurrence.until"),
        ),
    )


def _event(ctx: _Context, raw: object, position: int, document: str | None) -> Event:
    ctx.at(f"events[{position}]")
    if not isinstance(raw, dict):
        raise ctx.error(f"must be a table (got {shown(raw)})")
    event_id = _get(ctx, raw, "id", str, required=True)
    ctx.at(shown(event_id), event_id)
    _check_keys(ctx, raw, _EVENT_KEYS, "")
    title = _get(ctx, raw, "title", str, required=True)
    when = _get(ctx, raw, "when", str, required=True)
    tz = _get(ctx, raw, "tz", str)
    end_tz = _get(ctx, raw, "end_tz", str)
    time = _build(ctx, "", lambda: from_edtf(when, tz=tz, end_tz=end_tz))
    if tz is not None and "T" not in when:
        raise ctx.error(f"is given, but 'when' has no time of day (got {shown(tz)})", "tz")
    if end_tz is not None and "T" not in when.partition("/")[2]:
        raise ctx.error(
            f"is given, but 'when' has no end time of day (got {shown(end_tz)})", "end_tz"
        )
    participants = [
        _build(
            ctx,
            f"participants[{i}]",
            lambda t=table, i=i: Participant(  # type: ignore[misc]
                _get(ctx, t, "name", str, field=f"participants[{i}].name", required=True),
                role=_get(ctx, t, "role", str, field=f"participants[{i}].role"),
                organization=_get(
                    ctx, t, "organization", str, field=f"participants[{i}].organization"
                ),
            ),
        )
        for i, table in enumerate(_tables(ctx, raw, "participants"))
    ]
    inferred = [
        _build(
            ctx,
            f"inferred[{i}]",
            lambda t=table, i=i: Inference(  # type: ignore[misc]
                _get(ctx, t, "field", str, field=f"inferred[{i}].field", required=True),
                _get(ctx, t, "reason", str, field=f"inferred[{i}].reason", required=True),
            ),
        )
        for i, table in enumerate(_tables(ctx, raw, "inferred"))
    ]
    categories = _get(ctx, raw, "categories", list)
    revision = _get(ctx, raw, "revision", int)
    return _build(
        ctx,
        "",
        lambda: Event(
            event_id,
            title,
            time,
            description=_get(ctx, raw, "description", str) or "",
            url=_get(ctx, raw, "url", str),
            categories=categories or (),
            location=_location(ctx, raw),
            participants=participants,
            source=_source(ctx, raw, document),
            inferred=inferred,
            recurrence=_recurrence(ctx, raw),
            revision=0 if revision is None else revision,
            updated=_get(ctx, raw, "updated", datetime),
        ),
    )


def _info(ctx: _Context, document: Mapping[str, Any]) -> TimelineInfo:
    table = _get(ctx, document, "timeline", dict) or {}
    _check_keys(ctx, table, _INFO_KEYS, "timeline")
    updated = _get(ctx, table, "updated", datetime, field="timeline.updated")
    if updated is not None and updated.utcoffset() is None:
        raise ctx.error(
            f"must have a UTC offset, e.g. 2024-11-20T00:00:00Z (got {updated})", "timeline.updated"
        )
    return _build(
        ctx,
        "timeline",
        lambda: TimelineInfo(
            _get(ctx, table, "name", str, field="timeline.name") or "",
            description=_get(ctx, table, "description", str, field="timeline.description") or "",
            url=_get(ctx, table, "url", str, field="timeline.url"),
            source=_get(ctx, table, "source", str, field="timeline.source"),
            updated=updated,
        ),
    )


def loads(text: str, *, path: str = "<string>", limits: Limits | None = None) -> Timeline:
    """Read a timeline from the text of a TOML data file.

    Args:
        text: The file's text.
        path: The name errors give the file.
        limits: What reading it may cost (default :class:`~bri_timeline.limits.Limits`):
            its size.

    Raises:
        DataFileError: The text is not TOML, is too large, or an event or a field is wrong.
    """
    limits = limits_or_default(limits)
    if not isinstance(text, str):
        raise DataFileError(file_name(path), f"must be text, a str (got {type(text).__name__})")
    ctx = _Context(file_name(path), text)
    if (refused := limits.size_error(utf8_size(text))) is not None:
        raise ctx.error(refused)
    try:
        document = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        line = _TOML_LINE.search(str(error))
        ctx.line = int(line.group(1)) if line else None
        raise ctx.error(f"is not valid TOML: {error}") from None
    except ValueError as error:  # a number of more digits than Python converts
        raise ctx.error(f"cannot be read: {error}") from None
    except RecursionError:
        raise ctx.error("is not valid TOML here: arrays or tables nest too deeply") from None
    _check_keys(ctx, document, _TOP_KEYS, "")
    info = _info(ctx, document)
    raw_events = _get(ctx, document, "events", list) or []
    events = [_event(ctx, raw, i, info.source) for i, raw in enumerate(raw_events)]
    ctx.at(None)
    repeated = repeated_id(events)
    if repeated is not None:
        ctx.at(shown(repeated))
        ctx.line = ctx.locate(repeated, occurrence=1)
        raise ctx.error("another event has the same id", "id")
    return Timeline(events, info=info)


def load(path: str | os.PathLike[str], *, limits: Limits | None = None) -> Timeline:
    r"""Read a timeline from a TOML data file (UTF-8).

    Raises:
        DataFileError: The file cannot be read, is not UTF-8 TOML, is too large,
            or an event or a field is wrong.
    """
    limits = limits_or_default(limits)
    name, text = read_utf8(path, limits)
    return loads(text, path=name, limits=limits)
