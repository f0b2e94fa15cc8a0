"""Read a timeline back from the JSON document (:mod:`~bri_timeline.formats.json_document.write`).

``from_json(to_json(timeline)) == timeline``: the document keeps every field.
The derived keys (``label``, ``kind``, ``precision``, ``first_day``) are
ignored; any other key that the format does not name is an error, and so is a
key written twice. Optional keys may be left out or ``null``. Every error is a
:class:`~bri_timeline.errors.DataFileError` naming the file, the line where it
can, the event and the field.

>>> timeline = from_json('''{"format": "bri-timeline", "version": 1,
...   "events": [{"id": "fta", "title": "Free Trade Agreement", "when": "2009/.."}]}''')
>>> timeline.get("fta").time
OpenEnded(start=PartialDate(precision=Precision.YEAR, year=2009, month=None))
>>> from_json('{"format": "bri-timeline", "version": 1, "events": '
...           '[{"id": "x", "title": "X", "when": "2024-11-08", "revision": "2"}]}',
...           path="site/bri.json")
Traceback (most recent call last):
...
bri_timeline.errors.DataFileError: site/bri.json:1: event 'x': field 'revision': must be an int ...
"""

from __future__ import annotations

import json
import os
import re
from datetime import date, datetime
from typing import Any, ClassVar

from bri_timeline.errors import shown
from bri_timeline.formats._document import EVENTS, TIMELINE, Kinds, Reader, read_timeline
from bri_timeline.formats._where import long_number, read_utf8
from bri_timeline.formats.json_document.write import FORMAT, FORMAT_VERSION
from bri_timeline.limits import Limits, limits_or_default
from bri_timeline.timeline import Timeline

__all__ = ["from_json", "load_json", "loads_json", "read_json"]

_TOP_KEYS = frozenset({"format", "version", TIMELINE, EVENTS})
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


class _Reader(Reader):
    """Reads one JSON document: instants and days are ISO 8601 strings."""

    KINDS: ClassVar[Kinds] = {
        str: "a string",
        int: "an int",
        (int, float): "a number",
        list: "a list",
        dict: "an object",
    }
    TOO_DEEP = "is not valid JSON here: arrays or objects nest too deeply"
    EXTRA_EVENT_KEYS = frozenset({"label", "kind", "precision", "first_day"})  # derived: ignored

    def id_pattern(self, event_id: str) -> re.Pattern[str]:
        """How the JSON document writes the id of the event ``event_id``."""
        return re.compile(r'"id"\s*:\s*' + re.escape(json.dumps(event_id)))

    def loads(self, text: str) -> object:
        """The parsed text; where it is not JSON, or repeats a key, an error naming the line."""
        try:
            return json.loads(text, object_pairs_hook=_no_duplicates)
        except json.JSONDecodeError as error:
            self.line = error.lineno
            raise self.error(f"is not valid JSON: {error.msg} (column {error.colno})") from None
        except ValueError:
            raise self.error(f"is not valid JSON: it {long_number()}") from None
        except _DuplicateKey as error:
            raise self.error(
                f"is not valid here: the key {shown(error.key)} appears twice"
            ) from None

    def instant(self, table: _Object, key: str, field: str) -> datetime | None:
        """The ISO 8601 date-time with Z or an offset ``table[key]``, or None when absent."""
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

    def until(self, table: _Object) -> date | datetime | None:
        """A day ``YYYY-MM-DD`` or a date-time (:meth:`instant`), or None when absent."""
        text = self.get(table, "until", str, field="recurrence.until")
        if text is None:
            return None
        if "T" in text:
            try:
                wall = datetime.fromisoformat(text)
            except ValueError:
                wall = None
            if wall is not None and wall.tzinfo is None:  # a floating series' wall time
                return wall
            return self.instant(table, "until", "recurrence.until")
        try:
            return date.fromisoformat(text)
        except ValueError:
            raise self.error(
                f"must be a day YYYY-MM-DD or a date-time (got {shown(text)})", "recurrence.until"
            ) from None


def _header(reader: _Reader, document: object) -> _Object:
    if not isinstance(document, dict):
        raise reader.error(f"must hold a JSON object (got {type(document).__name__})")
    reader.keys(document, _TOP_KEYS, "")
    found = reader.get(document, "format", str, required=True)
    if found != FORMAT:
        raise reader.error(f"must be {FORMAT!r} (got {shown(found)})", "format")
    version = reader.get(document, "version", int, required=True)
    if version != FORMAT_VERSION:
        raise reader.error(
            f"is {version}, but this bri_timeline reads version {FORMAT_VERSION} only", "version"
        )
    return document


def from_json(text: str, *, path: str = "<string>", limits: Limits | None = None) -> Timeline:
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
    reader = _Reader.of(text, path, limits)
    return read_timeline(reader, _header(reader, reader.parse()))


def read_json(path: str | os.PathLike[str], *, limits: Limits | None = None) -> Timeline:
    """Read a timeline from a bri_timeline JSON file (UTF-8).

    Raises:
        DataFileError: The file cannot be read, is not UTF-8, is too large, or is
            not a valid document (see :func:`from_json`).
    """
    limits = limits_or_default(limits)
    name, text = read_utf8(path, limits)
    return from_json(text, path=name, limits=limits)


loads_json = from_json
"""The former name of :func:`~bri_timeline.formats.json_document.read.from_json`."""
load_json = read_json
"""The former name of :func:`~bri_timeline.formats.json_document.read.read_json`."""
