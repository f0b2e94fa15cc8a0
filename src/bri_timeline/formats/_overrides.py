"""A repeating event's changed occurrences in the TOML data file and the JSON document.

Part of the documents' one schema (:mod:`bri_timeline.formats._document`), which
imports it and hands it its own readers of an event's keys. An event's
``overrides`` is a list of tables, one for each changed occurrence, each holding

* ``original``: the start the rule gives the occurrence, as EDTF in the series'
  own zone (``"2025-03-03T10:00:00"`` for a series with ``tz = "America/Lima"``,
  ``"2025-03-03"`` for an all-day series, an offset in a repeated hour);
* only what differs from that occurrence: ``when`` (with ``tz`` and ``end_tz``
  when they are not the series' zone) for a moved one, and any other key of an
  event but ``id``, ``uid``, ``recurrence`` and ``overrides``, which are the
  series' (``status = "CANCELLED"`` for a cancelled one);
* ``unset``: the keys the occurrence has no value for where the rule's has one
  (a TOML file has no null), such as ``["location"]``.

Reading builds each with
:func:`~bri_timeline.model.overriding.override_occurrence`, which starts from the
occurrence the rule gives, so that writing and reading are inverse; an error
names the override's field (``overrides[1].original``).

>>> from datetime import date
>>> from bri_timeline.model.event import Event, Recurrence
>>> from bri_timeline.model.overriding import cancel_occurrence
>>> from bri_timeline.model.times import AllDay
>>> fair = Event("fair", "Fair", AllDay(date(2025, 3, 3)),
...              recurrence=Recurrence.from_rrule("FREQ=WEEKLY;COUNT=3"))
>>> fair = cancel_occurrence(fair, date(2025, 3, 10))
>>> override_tables(fair, lambda event: {"title": event.title, "status": event.status})
[{'original': '2025-03-10', 'status': EventStatus.CANCELLED}]
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

import attrs

from bri_timeline.errors import DataFileError, InvalidArgument, InvalidEvent, InvalidValue, shown
from bri_timeline.model.edtf import from_edtf, to_edtf
from bri_timeline.model.event import Event
from bri_timeline.model.overrides import original_key
from bri_timeline.model.overriding import SERIES_FIELDS, override_occurrence
from bri_timeline.model.times import AllDay, Time, TimeSpan

if TYPE_CHECKING:
    from bri_timeline.formats._document import Reader

__all__ = [
    "OVERRIDE_KEYS",
    "SERIES_KEYS",
    "TIME_KEYS",
    "UNSETTABLE",
    "override_tables",
    "read_overrides",
]

_Table = dict[str, Any]
_Reads = tuple[Callable[[_Table], _Table], Callable[[_Table, ZoneInfo | None], Time]]

TIME_KEYS = ("when", "tz", "end_tz")
"""The keys of an event's time: an override that moves its occurrence writes ``when``."""

SERIES_KEYS = (SERIES_FIELDS - {"kind"}) | {"event_kind"}
"""The keys of an event that are the series', never an occurrence's own (as the model says).

The documents write the event's ``kind`` as ``event_kind`` (see ``_calendar_fields``).
"""

UNSETTABLE = (
    "url", "location", "source", "updated", "status", "classification", "color", "image",
    "created", "organizer",
)  # fmt: skip
"""The keys whose value may be absent (None): an override lists them in ``unset``."""

OVERRIDE_KEYS = ("original", "unset")
"""The keys of an override besides an event's own (those not in :data:`SERIES_KEYS`)."""


def _zone(series: Event) -> ZoneInfo | None:
    # The zone of the series' local start, which an override's original is written in.
    start = series.time.start if isinstance(series.time, TimeSpan) else None
    return start.tzinfo if start is not None and isinstance(start.tzinfo, ZoneInfo) else None


def _original_text(series: Event, original: date | datetime) -> str:
    if isinstance(original, datetime):
        return to_edtf(TimeSpan(original.astimezone(_zone(series) or UTC)))
    return original.isoformat()


def override_tables(event: Event, fields: Callable[[Event], _Table]) -> list[_Table]:
    """An event's overrides as tables: ``original`` and what differs from the rule's occurrence.

    Args:
        event: The event.
        fields: An event's keys and values, as the document writes them.

    Raises:
        InvalidEvent: An override's original is no start of the rule's occurrences
            (an Override built directly, not by ``override_occurrence``), which
            reading could not build again.
    """
    if not event.overrides:
        return []
    bare = attrs.evolve(event, overrides=())
    zone = _zone(event)
    tables = []
    for override in event.overrides:
        try:
            rule = override_occurrence(bare, override.original).overrides[0].event
        except InvalidArgument:
            rule_words = f"of the event {event.id!r} is no start its rule gives (within Limits())"
            raise InvalidEvent("overrides.original", rule_words, override.original) from None
        was, now = fields(rule), fields(override.event)
        table: _Table = {"original": _original_text(event, override.original)}
        if any(was.get(key) != now.get(key) for key in TIME_KEYS):
            table["when"] = now["when"]
            if now.get("tz") is not None and now["tz"] != (zone and zone.key):
                table["tz"] = now["tz"]
            if now.get("end_tz") is not None:
                table["end_tz"] = now["end_tz"]
        unset = []
        for key, value in now.items():
            if key in SERIES_KEYS or key in TIME_KEYS or value == was.get(key):
                continue
            if value is None:
                unset.append(key)
            else:
                table[key] = value
        if unset:
            table["unset"] = unset
        tables.append(table)
    return tables


def _original(reader: Reader, text: str, series: Event) -> date | datetime:
    all_day = isinstance(series.time, AllDay)
    try:
        time: Time | None = from_edtf(text, tz=_zone(series), field="original")
    except InvalidValue as error:
        raise reader.error(f"{error.rule} (got {shown(text)})", "original") from None
    if all_day and isinstance(time, AllDay) and time.first == time.last:
        return time.first
    if not all_day and isinstance(time, TimeSpan) and time.is_instant:
        return time.start
    kind = "a day" if all_day else "a date and time"
    raise reader.error(f"must be {kind}, as the event's start (got {shown(text)})", "original")


def _override(reader: Reader, table: _Table, series: Event, read: _Reads) -> tuple[int, Event]:
    read_fields, read_time = read
    text = reader.get(table, "original", str, required=True)
    original = _original(reader, text, series)
    fields = read_fields(table)
    # A key left out (or null) is the occurrence's as the rule gives it.
    changes = {key: value for key, value in fields.items() if table.get(key) is not None}
    unset = reader.get(table, "unset", list) or []
    for position, key in enumerate(unset):
        if key not in UNSETTABLE or table.get(key) is not None:
            rule = f"must be one of {', '.join(UNSETTABLE)}, not given a value too"
            raise reader.error(f"{rule} (got {shown(key)})", f"unset[{position}]")
        changes[key] = None
    if table.get("when") is not None:
        changes["time"] = read_time(table, _zone(series))
    else:
        for key in ("tz", "end_tz"):
            if table.get(key) is not None:
                raise reader.error(f"is given, but 'when' is not (got {shown(table[key])})", key)
    try:
        changed = override_occurrence(series, original, **changes)
    except InvalidValue as error:
        field = error.field.removeprefix("overrides.")
        field = {"event": "original", "event.time": "when"}.get(field, field)
        value = text if field == "original" else error.value
        raise reader.error(f"{error.rule} (got {shown(value)})", field) from None
    return original_key(original), changed


def read_overrides(
    reader: Reader,
    raw: _Table,
    series: Event,
    read_fields: Callable[[_Table], _Table],
    read_time: Callable[[_Table, ZoneInfo | None], Time],
) -> Event:
    """The series with the overrides of the parsed event ``raw``.

    Args:
        reader: The document's reader.
        raw: The parsed event.
        series: The event built from ``raw``'s other keys.
        read_fields: The event's fields of a table (all but the time), as
            keyword arguments of :class:`Event`, absent keys at their defaults.
        read_time: The time of a table, local times in the given zone unless it says one.

    Raises:
        DataFileError: An override is not a table, has an unknown key, names no
            occurrence of the rule or one another override names, or changes a field
            to a wrong value; or the event does not repeat.
    """
    tables = reader.tables(raw, "overrides")
    if tables and series.recurrence is None:
        raise reader.error(
            "only a repeating event has overrides: give it a recurrence", "overrides"
        )
    seen: set[int] = set()
    for position, table in enumerate(tables):
        try:
            key, changed = _override(reader, table, series, (read_fields, read_time))
            if key in seen:
                raise reader.error(
                    f"another override changes this occurrence (got {shown(table['original'])})",
                    "original",
                )
        except DataFileError as error:
            where = f"overrides[{position}]"
            raise reader.error(
                error.message, f"{where}.{error.field}" if error.field else where
            ) from None
        seen.add(key)
        series = changed
    return series
