r"""Names and rules that the iCalendar exporter and importer share.

The exporter (:mod:`bri_timeline.formats.ical.write`) and the importer
(:mod:`bri_timeline.formats.ical.read`) never import each other; what both must agree on
lives here: the ``X-BRI-*`` names, where each kind of time goes (DTSTART, DTEND,
``X-BRI-EDTF``), how a datetime is written, the structured values of
participants, sources and inference notes, and the generated part of
DESCRIPTION. See ``docs/ical.md``.

>>> from datetime import date
>>> from bri_timeline.model.times import AllDay, PartialDate
>>> placement(AllDay(date(2024, 11, 13), date(2024, 11, 15)))
Placement(start=datetime.date(2024, 11, 13), end=datetime.date(2024, 11, 16), ...)
>>> placement(PartialDate.of_year(2009)).edtf
'2009'
>>> escape_text("a;b,c\\d\ne")
'a\\;b\\,c\\\\d\\ne'
"""

from __future__ import annotations

import json
import re
from datetime import UTC, date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import attrs

from bri_timeline.model.describe import describe
from bri_timeline.model.edtf import to_edtf
from bri_timeline.model.event import Event, Inference, Participant, Source
from bri_timeline.model.times import AllDay, OpenEnded, PartialDate, Time, TimeSpan

__all__ = [
    "DEFAULT_DOMAIN",
    "FALLBACK_STAMP",
    "X_DOCUMENT",
    "X_EDTF",
    "X_END_TZID",
    "X_INFERRED",
    "X_PARTICIPANT",
    "X_SOURCE",
    "X_TZID",
    "X_UNTIL",
    "X_URL",
    "Placement",
    "compose_description",
    "decode_inference",
    "decode_participant",
    "decode_source",
    "description_tail",
    "encode_inference",
    "encode_participant",
    "encode_source",
    "escape_text",
    "exact_in_ical",
    "placement",
    "split_description",
    "time_note",
    "unescape_text",
    "until_from_text",
    "until_text",
]

DEFAULT_DOMAIN = "bri-timeline.invalid"
"""The UID domain when none is given: ``UID = f"{event.id}@{domain}"``."""

FALLBACK_STAMP = datetime(1970, 1, 1, tzinfo=UTC)
"""DTSTAMP when neither the event nor the timeline records when it was updated."""

X_EDTF = "X-BRI-EDTF"
"""The exact time as EDTF, where DTSTART and DTEND cannot state it (partial, open, sub-second)."""
X_END_TZID = "X-BRI-END-TZID"
"""The end's zone of an instant whose end is written in another zone (no DTEND can say it)."""
X_TZID = "X-BRI-TZID"
"""Parameter on a UTC DTSTART/DTEND: the zone of a time in the second pass of a repeated hour."""
X_PARTICIPANT = "X-BRI-PARTICIPANT"
"""One participant, as a JSON object with ``name`` and optional ``role``, ``organization``."""
X_SOURCE = "X-BRI-SOURCE"
"""The source, as a JSON object with ``quote`` and optional ``document``, ``locator``, ``url``."""
X_INFERRED = "X-BRI-INFERRED"
"""One inference note, as a JSON object with ``field`` and ``reason``."""
X_URL = "X-BRI-URL"
"""The event's URL as TEXT, when it holds what a URI value cannot carry (tab, newline, ``\\``)."""
X_UNTIL = "X-BRI-UNTIL"
"""Parameter on RRULE: the model's own ``until`` when RFC 5545 asks for the other kind of value."""
X_DOCUMENT = "X-BRI-DOCUMENT"
"""Calendar property: the document the timeline's events come from (``TimelineInfo.source``)."""


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


def exact_in_ical(value: datetime) -> bool:
    """Whether a DTSTART/DTEND in its own zone names exactly this datetime.

    Not so for fractions of a second, nor for the second pass of a repeated hour
    (RFC 5545 reads a local time there as the first pass).
    """
    if value.microsecond:
        return False
    return not (value.fold and value.replace(fold=0).utcoffset() != value.utcoffset())


@attrs.frozen
class Placement:
    """Where a time goes in a VEVENT.

    Attributes:
        start: The DTSTART value: a day (``VALUE=DATE``) or an aware datetime.
        end: The DTEND value, a DURATION (a timedelta, when the day after the end
            does not exist), or None for no DTEND.
        edtf: The ``X-BRI-EDTF`` text, for times that DTSTART and DTEND cannot state.
        end_zone: The ``X-BRI-END-TZID`` of an instant whose end is in another zone.
    """

    start: date | datetime
    end: date | datetime | timedelta | None
    edtf: str | None = None
    end_zone: str | None = None


def _zone_id(value: datetime) -> str:
    tz = value.tzinfo
    return tz.key if isinstance(tz, ZoneInfo) else "Z"


def _period(start: date, last: date, edtf: str | None) -> Placement:
    if last == date.max:
        return Placement(start, last - start + timedelta(days=1), edtf)
    return Placement(start, last + timedelta(days=1), edtf)


def placement(time: Time) -> Placement:
    """The rule of where each kind of time goes (see ``docs/ical.md``).

    * a timed span: DTSTART and DTEND, in their zones; an instant has no DTEND.
    * whole days: ``VALUE=DATE`` with the exclusive DTEND.
    * a partial date: the whole period as days, and its EDTF.
    * an open end: its start as the time it names (a day, a datetime, or the
      period of a partial date), no end, and its EDTF (``2009/..``).

    >>> placement(OpenEnded(PartialDate.of_year(2009)))
    Placement(start=datetime.date(2009, 1, 1), end=datetime.date(2010, 1, 1), edtf='2009/..', ...)
    """
    if isinstance(time, TimeSpan):
        exact = exact_in_ical(time.start) and exact_in_ical(time.end)
        edtf = None if exact else to_edtf(time)
        if not time.is_instant:
            return Placement(time.start, time.end, edtf)
        end_zone = _zone_id(time.end)
        return Placement(
            time.start, None, edtf, None if end_zone == _zone_id(time.start) else end_zone
        )
    if isinstance(time, AllDay):
        return _period(time.first, time.last, None)
    if isinstance(time, PartialDate):
        return _period(time.first_day, time.last_day, to_edtf(time))
    start = time.start
    edtf = to_edtf(time)
    if isinstance(start, datetime):
        return Placement(start, None, edtf)
    if isinstance(start, PartialDate):
        return _period(start.first_day, start.last_day, edtf)
    return Placement(start, None, edtf)


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


def until_text(until: date | datetime) -> str:
    """The ``X-BRI-UNTIL`` parameter text of a recurrence's ``until``: ISO 8601.

    >>> until_text(date(2030, 1, 1)), until_text(datetime(2030, 1, 1, tzinfo=UTC))
    ('2030-01-01', '2030-01-01T00:00:00+00:00')
    """
    return until.isoformat()


def until_from_text(text: str) -> date | datetime:
    """The ``until`` in ``X-BRI-UNTIL`` text (ValueError if it is neither a day nor a UTC time)."""
    if len(text) == 10:
        return date.fromisoformat(text)
    value = datetime.fromisoformat(text)
    if value.utcoffset() != timedelta(0):
        raise ValueError("must be a day or a UTC time")
    return value
