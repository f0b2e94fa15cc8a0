r"""Value texts: how each kind of value is written in a content line, and read back.

Part of the iCalendar mapping (:mod:`._mapping` says which property carries
what; this module, how its value is written): TEXT escaping, UTC stamps,
decimals and durations as icalendar writes them, the SEQUENCE bound, the
``X-BRI-UNTIL`` text, the JSON objects of participants, sources and inference
notes, and the generated part of DESCRIPTION. Nothing here knows icalendar.

>>> escape_text("a;b,c\\d\ne")
'a\\;b\\,c\\\\d\\ne'
>>> decimal_text(-77.0)
'-77.0'
"""

from __future__ import annotations

import json
import re
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import Any

from bri_timeline.errors import FeedError
from bri_timeline.formats._durations import duration_text
from bri_timeline.model.describe import describe
from bri_timeline.model.edtf import to_edtf
from bri_timeline.model.event import Event, Inference, Participant, Source
from bri_timeline.model.times import OpenEnded, PartialDate, Time
from bri_timeline.model.vague import Vague

__all__ = [
    "CONTROL",
    "MAX_SEQUENCE",
    "check_sequence",
    "compose_description",
    "decimal_text",
    "decode_inference",
    "decode_participant",
    "decode_source",
    "description_tail",
    "duration_text",
    "encode_inference",
    "encode_participant",
    "encode_source",
    "escape_text",
    "fits_uri",
    "split_description",
    "time_note",
    "unescape_text",
    "until_from_text",
    "until_text",
    "utc_stamp",
    "wall_stamp",
]

CONTROL = re.compile(r"[\x00-\x08\x0a-\x1f\x7f]")
"""What a URI value cannot hold (a tab can: it is written as it is)."""

MAX_SEQUENCE = 2**31 - 1
"""The largest SEQUENCE: an RFC 5545 INTEGER."""


def escape_text(text: str) -> str:
    r"""Escape a TEXT value (RFC 5545 section 3.3.11); CR LF and CR become ``\n``.

    >>> escape_text("Lima\r\nBEGIN:VEVENT")
    'Lima\\nBEGIN:VEVENT'
    """
    return (
        text.replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\n")
        .replace("\r", "\n")
        .replace("\n", "\\n")
    )


_ESCAPE = re.compile(r"\\([\\;,nN])")


def unescape_text(text: str) -> str:
    r"""Undo :func:`escape_text` (``\N`` reads as a newline too).

    >>> unescape_text(r"a\\nb\nc\, d")
    'a\\nb\nc, d'
    """
    return _ESCAPE.sub(lambda match: "\n" if match[1] in "nN" else match[1], text)


def fits_uri(text: str) -> bool:
    r"""Whether a URI value carries this text as it is, and readers give it back the same.

    Not with a control character, nor with a backslash: readers take ``\n`` in
    any value for an escape, and ``\N`` comes back ``\n``.

    >>> fits_uri("https://example.org/a b"), fits_uri("C:\\new")
    (True, False)
    """
    return CONTROL.search(text) is None and "\\" not in text


def utc_stamp(value: datetime) -> str:
    """The iCalendar UTC date-time text of an aware datetime, e.g. ``20241114T050000Z``."""
    value = value.astimezone(UTC)
    day = f"{value.year:04d}{value.month:02d}{value.day:02d}"
    return f"{day}T{value.hour:02d}{value.minute:02d}{value.second:02d}Z"


def wall_stamp(value: datetime) -> str:
    """The iCalendar floating date-time text of a naive datetime, e.g. ``20241114T050000``."""
    day = f"{value.year:04d}{value.month:02d}{value.day:02d}"
    return f"{day}T{value.hour:02d}{value.minute:02d}{value.second:02d}"


def decimal_text(number: float) -> str:
    """A float as GEO's FLOAT wants it: no exponent, and it reads back as the same float.

    >>> decimal_text(1e-7), decimal_text(-77.0)
    ('0.0000001', '-77.0')
    """
    text = format(Decimal(repr(number)), "f")
    return text if "." in text else text + ".0"


def check_sequence(event: Event, sequence: int) -> int:
    """The SEQUENCE of an event, if it is one; FeedError if it is too large.

    >>> from bri_timeline.model.times import AllDay
    >>> check_sequence(Event("e", "E", AllDay(date(2024, 1, 1))), 2**31)
    Traceback (most recent call last):
    ...
    bri_timeline.errors.FeedError: revision: must give event 'e' a SEQUENCE of at most ...
    """
    if sequence > MAX_SEQUENCE:
        raise FeedError(
            "revision",
            f"must give event {event.id!r} a SEQUENCE of at most {MAX_SEQUENCE}"
            " (an RFC 5545 INTEGER)",
            sequence,
        )
    return sequence


def until_text(until: date | datetime) -> str:
    """The ``X-BRI-UNTIL`` parameter text of a recurrence's ``until``: ISO 8601.

    >>> until_text(date(2030, 1, 1)), until_text(datetime(2030, 1, 1, tzinfo=UTC))
    ('2030-01-01', '2030-01-01T00:00:00+00:00')
    """
    return until.isoformat()


def until_from_text(text: str) -> date | datetime:
    """The ``until`` in ``X-BRI-UNTIL`` text (ValueError: not a day, a wall time or a UTC time)."""
    if len(text) == 10:
        return date.fromisoformat(text)
    value = datetime.fromisoformat(text)
    if value.tzinfo is not None and value.utcoffset() != timedelta(0):
        raise ValueError("must be a day or a UTC time")
    return value


def time_note(time: Time) -> str | None:
    """The line DESCRIPTION gives a time that a calendar cannot show as it is.

    >>> time_note(PartialDate.of_century(1800))
    'Date: known only to the century (19th century; EDTF 18XX).'
    """
    if isinstance(time, PartialDate):
        words = f"{describe(time)}; EDTF {to_edtf(time)}"
        return f"Date: known only to the {time.precision.value} ({words})."
    if isinstance(time, OpenEnded):
        start = time.start
        known = (
            f", known only to the {start.precision.value}" if isinstance(start, PartialDate) else ""
        )
        return f"Date: {describe(time)}{known}, with no end (EDTF {to_edtf(time)})."
    if isinstance(time, Vague):
        return f"Date: {describe(time)}, shown over every day it may cover (EDTF {time.edtf})."
    return None


def _participant_line(person: Participant) -> str:
    details = ", ".join(part for part in (person.role, person.organization) if part)
    return f"- {person.name} ({details})" if details else f"- {person.name}"


def description_tail(
    time: Time,
    participants: tuple[Participant, ...],
    source: Source | None,
    inferred: tuple[Inference, ...],
) -> str:
    """The part of DESCRIPTION written from the event's other fields, for people to read."""
    blocks: list[str] = []
    if (note := time_note(time)) is not None:
        blocks.append(note)
    if participants:
        blocks.append("\n".join(["Participants:", *map(_participant_line, participants)]))
    if source is not None:
        where = ", ".join(p for p in (source.document, source.locator, source.url) if p)
        blocks.append(f"Source: “{source.quote}”" + (f" ({where})" if where else ""))
    if inferred:
        blocks.append("\n".join(f"Inferred {note.field}: {note.reason}" for note in inferred))
    return "\n\n".join(blocks)


def compose_description(event: Event) -> str:
    """DESCRIPTION: the event's description, then the tail, a blank line between."""
    tail = description_tail(event.time, event.participants, event.source, event.inferred)
    return "\n\n".join(part for part in (event.description, tail) if part)


def split_description(text: str, tail: str) -> str:
    r"""The event's own description inside DESCRIPTION, given the tail; the inverse of compose.

    A DESCRIPTION that does not end with the tail (edited elsewhere) is kept whole.

    >>> split_description("Own words.\n\nSource: “q”", "Source: “q”")
    'Own words.'
    """
    if not tail:
        return text
    if text == tail:
        return ""
    if text.endswith("\n\n" + tail):
        return text[: -len(tail) - 2]
    return text


def _json(fields: dict[str, str | None]) -> str:
    return json.dumps(
        {key: value for key, value in fields.items() if value is not None},
        ensure_ascii=False,
        separators=(",", ":"),
    )


def _object(text: str, allowed: frozenset[str], required: frozenset[str]) -> dict[str, Any]:
    """Parse a JSON object of strings; ValueError (with the reason) if it is not one."""
    try:
        value = json.loads(text)
    except RecursionError:  # "[[[[...": the parser recurses once a level
        raise ValueError("must be a JSON object, not arrays nested thousands deep") from None
    if not isinstance(value, dict):
        raise ValueError("must be a JSON object")
    if unknown := sorted(set(value) - allowed):
        raise ValueError(f"has the unknown key {unknown[0]!r}")
    if missing := sorted(required - set(value)):
        raise ValueError(f"lacks the key {missing[0]!r}")
    if not all(isinstance(item, str) for item in value.values()):
        raise ValueError("must hold only strings")
    return value


def encode_participant(person: Participant) -> str:
    """The JSON text of ``X-BRI-PARTICIPANT``.

    >>> encode_participant(Participant("Jorge Chain", role="general manager"))
    '{"name":"Jorge Chain","role":"general manager"}'
    """
    return _json({"name": person.name, "role": person.role, "organization": person.organization})


def decode_participant(text: str) -> Participant:
    """The participant in ``X-BRI-PARTICIPANT`` JSON text (ValueError if malformed)."""
    value = _object(text, frozenset({"name", "role", "organization"}), frozenset({"name"}))
    return Participant(
        value["name"], role=value.get("role"), organization=value.get("organization")
    )


def encode_source(source: Source) -> str:
    """The JSON text of ``X-BRI-SOURCE``."""
    return _json(
        {
            "quote": source.quote,
            "document": source.document,
            "locator": source.locator,
            "url": source.url,
        }
    )


def decode_source(text: str) -> Source:
    """The source in ``X-BRI-SOURCE`` JSON text (ValueError if malformed)."""
    value = _object(text, frozenset({"quote", "document", "locator", "url"}), frozenset({"quote"}))
    return Source(
        value["quote"],
        document=value.get("document"),
        locator=value.get("locator"),
        url=value.get("url"),
    )


def encode_inference(note: Inference) -> str:
    """The JSON text of ``X-BRI-INFERRED``."""
    return _json({"field": note.field, "reason": note.reason})


def decode_inference(text: str) -> Inference:
    """The note in ``X-BRI-INFERRED`` JSON text (ValueError if malformed)."""
    keys = frozenset({"field", "reason"})
    value = _object(text, keys, keys)
    return Inference(value["field"], value["reason"])
