"""The columns of a timeline as a table of typed values: one schema for pandas and Arrow.

A row an event, in timeline order. The data columns are the fields of the JSON document
(named once in ``bri_timeline.formats._document``): ``id``, ``title``, ``when`` (the time
as EDTF), ``tz``, ``end_tz``, ``description``, ``url``, ``categories`` (a list),
``location``, ``source`` and ``recurrence`` (records), ``participants`` and ``inferred``
(lists of records), ``revision`` and ``updated`` (an instant in UTC); a recurrence's
``until`` is text, a day ``YYYY-MM-DD``, an instant ending in ``Z`` (or a floating series'
wall time, without ``Z``), since a column has
one type. Five more columns are derived from the time, for an engine to query:

* ``kind``: ``timed``, ``all-day``, ``partial``, ``open-ended`` or ``vague`` (EDTF
  levels 1 and 2);
* ``start`` and ``end``: the span as UTC instants (microseconds): a timed span's own
  start and end (equal for an instant), the first moment of whole days or of a partial
  date's period and the first moment after it, and no ``end`` (null) when open;
* ``span_start`` and ``span_end``: the integer keys the timeline's index uses, microseconds
  from 0001-01-01T00:00Z on one axis, half-open: two events overlap exactly when
  ``a.span_start < b.span_end and b.span_start < a.span_end`` (an instant is its one
  microsecond; an open end is 2**62, after every closed one).

Reading checks that the derived columns, where a table has them, agree with the data
columns: a row whose ``start`` was edited alone is refused, not silently overwritten.
The pandas and Arrow formats (``formats/pandas_frame``, ``formats/arrow_table``) turn these
Python values into their own types.
"""

from __future__ import annotations

import contextlib
import importlib
import json
import re
from collections.abc import Mapping, Sequence
from datetime import UTC, date, datetime
from typing import Any, ClassVar

from bri_timeline.errors import DataFileError, shown
from bri_timeline.formats._document import (
    EVENT_KEYS,
    EVENTS,
    TIMELINE,
    Kinds,
    Reader,
    event_fields,
    info_fields,
    read_timeline,
    time_kind,
    utc_text,
)
from bri_timeline.model.event import Event
from bri_timeline.model.keys import OPEN_END, instant_key, key_to_datetime
from bri_timeline.model.times import TimeSpan
from bri_timeline.timeline import Timeline, check_timeline

__all__ = [
    "COLUMNS",
    "DERIVED",
    "JSON_COLUMNS",
    "KEY_COLUMNS",
    "METADATA_KEY",
    "UNIX_EPOCH_KEY",
    "Derived",
    "columns_of",
    "import_extra",
    "info_json",
    "read_rows",
]

JSON_COLUMNS = (
    "organizer", "attendees", "alarms", "attachments", "conference", "extras", "overrides",
)  # fmt: skip
"""The columns of nested records an Arrow table holds as JSON text, as the JSON document
writes them: an engine reads them with its JSON functions (DuckDB's ``->>``), and their
shape can grow without changing the table's schema. ``overrides`` holds a repeating
event's changed occurrences, each its ``original`` and what differs from the rule's
occurrence (``bri_timeline.formats._overrides``). A frame may hold them as JSON text or
as the records themselves; reading takes either."""

DERIVED = ("kind", "start", "end", "span_start", "span_end")
"""The columns derived from the time (see above); reading checks them."""

KEY_COLUMNS = ("start", "end", "span_start", "span_end")
"""The derived columns of integers: microseconds (``start``, ``end`` from 1970, as
timestamps count them; the span keys from year 1)."""

COLUMNS = (*EVENT_KEYS[:2], *DERIVED, *EVENT_KEYS[2:])
"""Every column, in the order they are written: ``id``, ``title``, the derived, the rest."""

UNIX_EPOCH_KEY = instant_key(datetime(1970, 1, 1, tzinfo=UTC))
"""The span key of 1970-01-01T00:00Z, where timestamps count from."""

METADATA_KEY = "bri_timeline"
"""The key under which a table's metadata holds the timeline's own fields, as JSON."""

Derived = Mapping[str, Sequence[object]]


def import_extra(module: str, extra: str) -> Any:
    """The optional ``module``, or an ImportError that says which extra to install."""
    try:
        return importlib.import_module(module)
    except ImportError as error:
        raise ImportError(
            f"bri_timeline needs {module} for this: pip install 'bri-timeline[{extra}]'"
        ) from error


def _end(event: Event) -> int | None:
    time = event.time
    if event._end == OPEN_END:
        return None
    if isinstance(time, TimeSpan) and time.is_instant:
        return event._start
    return event._end


def _until(recurrence: dict[str, Any] | None) -> dict[str, Any] | None:
    if recurrence is None:
        return None
    until = recurrence["until"]
    if isinstance(until, datetime):
        until = utc_text(until)
    elif isinstance(until, date):
        until = until.isoformat()
    return recurrence | {"until": until}


def columns_of(timeline: Timeline) -> dict[str, list[Any]]:
    """The columns of a timeline as Python lists, ``start``, ``end`` and ``updated`` as keys.

    ``start``, ``end`` and ``updated`` are microseconds from 1970-01-01T00:00Z (None where
    absent), for a format to make timestamps of.

    >>> from bri_timeline import load_bri
    >>> columns = columns_of(load_bri())
    >>> columns["kind"][:2], columns["when"][:2], columns["end"][1]
    (['partial', 'open-ended'], ['18XX', '2009/..'], None)
    """
    check_timeline(timeline)
    columns: dict[str, list[Any]] = {name: [] for name in COLUMNS}
    for event in timeline:
        fields = event_fields(event)
        fields["recurrence"] = _until(fields["recurrence"])
        updated = fields["updated"]
        fields["updated"] = None if updated is None else instant_key(updated) - UNIX_EPOCH_KEY
        end = _end(event)
        fields |= {
            "kind": time_kind(event.time),
            "start": event._start - UNIX_EPOCH_KEY,
            "end": None if end is None else end - UNIX_EPOCH_KEY,
            "span_start": event._start,
            "span_end": event._end,
        }
        for name in COLUMNS:
            columns[name].append(fields[name])
    return columns


def info_json(timeline: Timeline) -> str:
    """The timeline's own fields (name, description...) as JSON, for a table's metadata."""
    info = info_fields(timeline.info)
    if info["updated"] is not None:
        info["updated"] = utc_text(info["updated"])
    return json.dumps(info, ensure_ascii=False, sort_keys=True)


class _Reader(Reader):
    """Reads rows of Python values: instants are aware datetimes (or ISO 8601 text)."""

    KINDS: ClassVar[Kinds] = {
        str: "a str",
        int: "an int",
        (int, float): "a number",
        list: "a list",
        dict: "a record",
    }
    TOO_DEEP = "nests too deeply"
    EXTRA_EVENT_KEYS = frozenset(DERIVED)

    def id_pattern(self, event_id: str) -> re.Pattern[str]:
        """Rows have no text to find an id in: never found (errors name the row instead)."""
        return re.compile(r"(?!)")

    def instant(self, table: dict[str, Any], key: str, field: str) -> datetime | None:
        """An aware datetime, or ISO 8601 text with an offset, or None when absent."""
        value = table.get(key)
        if value is None:
            return None
        if isinstance(value, str):
            with contextlib.suppress(ValueError):
                value = datetime.fromisoformat(value)
        if not isinstance(value, datetime) or value.utcoffset() is None:
            raise self.error(f"must be a timezone-aware timestamp (got {shown(value)})", field)
        return value

    def until(self, table: dict[str, Any]) -> date | datetime | None:
        """A day or an instant (or their ISO 8601 text), or None when absent."""
        value = table.get("until")
        if isinstance(value, str) and "T" not in value:
            try:
                return date.fromisoformat(value)
            except ValueError:
                raise self.error(
                    f"must be a day YYYY-MM-DD or an instant (got {shown(value)})",
                    "recurrence.until",
                ) from None
        if isinstance(value, date) and not isinstance(value, datetime):
            return value
        if isinstance(value, str) and (wall := _wall(value)) is not None:
            return wall  # a floating series' wall time, written without Z
        return self.instant(table, "until", "recurrence.until")


def _wall(text: str) -> datetime | None:
    try:
        value = datetime.fromisoformat(text)
    except ValueError:
        return None
    return value if value.tzinfo is None else None


def _value(name: str, value: object) -> str:
    # A derived value as an error shows it: start and end as the instants they count.
    if name in ("start", "end") and isinstance(value, int):
        try:
            return key_to_datetime(value + UNIX_EPOCH_KEY).isoformat()
        except OverflowError:
            pass
    return shown(value)


def _check_derived(path: str, timeline: Timeline, derived: Derived, order: list[int]) -> None:
    # `order[i]` is the row of the i-th event of the timeline.
    expected = columns_of(timeline)
    for name, found in derived.items():
        wanted = expected[name]
        for position, row in enumerate(order):
            if found[row] != wanted[position]:
                raise DataFileError(
                    path,
                    f"does not agree with the time {expected['when'][position]!r}: "
                    f"{_value(name, wanted[position])} (got {_value(name, found[row])})",
                    event=f"{EVENTS}[{row}]",
                    field=name,
                )


def read_rows(
    rows: list[dict[str, Any]], info: str | None, derived: Derived, *, path: str
) -> Timeline:
    """The timeline of a table's rows (dicts of Python values) and its metadata.

    Args:
        rows: One dict an event, keyed by column, None where a value is absent.
        info: The JSON of the timeline's own fields (:func:`info_json`), if the table has it.
        derived: The derived columns the table has, by name (``kind``, and the
            :data:`KEY_COLUMNS` as integers or None), to check against the time.
        path: The name errors give the table.

    Raises:
        DataFileError: A row or a field is wrong (naming ``events[ROW]`` and the column), a
            derived column disagrees with the time, or two rows share an id.
    """
    reader = _Reader(path, "")
    for number, row in enumerate(rows):
        for column in JSON_COLUMNS:
            if isinstance(value := row.get(column), str):
                try:
                    row[column] = json.loads(value)
                except (ValueError, RecursionError):
                    raise DataFileError(
                        path, f"must hold JSON text or records (got {shown(value)})",
                        event=f"{EVENTS}[{number}]", field=column,
                    ) from None  # fmt: skip
    document: dict[str, Any] = {EVENTS: rows}
    if info is not None:
        try:
            document[TIMELINE] = json.loads(info)
        except ValueError:
            raise reader.error(f"its metadata {METADATA_KEY!r} is not JSON") from None
    timeline = read_timeline(reader, document)
    if derived:
        row_of = {row.get("id"): position for position, row in enumerate(rows)}
        _check_derived(path, timeline, derived, [row_of[event.id] for event in timeline])
    return timeline
