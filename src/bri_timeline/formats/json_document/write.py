"""A timeline as a versioned JSON document: every field, lossless, deterministic.

The document is what a web page or another program reads; its inverse is
:func:`bri_timeline.formats.json_document.read.loads_json`, and ``loads_json(to_json(t)) == t``
for every timeline ``t``. Version 1 looks like this (keys are sorted in the
output; every key is always present, ``null`` where a value is absent)::

    {
      "format": "bri-timeline",
      "version": 1,
      "timeline": {"name": "...", "description": "...", "url": null,
                   "source": null, "updated": "2024-11-20T00:00:00Z"},
      "events": [
        {
          "id": "apec-summit-2024",
          "title": "APEC Summit",
          "when": "2024-11-13/2024-11-15",   # EDTF, as in the TOML data file
          "tz": null, "end_tz": null,        # zones of local times in `when`
          "description": "...", "url": null,
          "categories": ["apec", "summit"],
          "location": {"name": "Lima", "latitude": -12.05, "longitude": -77.04},
          "participants": [{"name": "...", "role": null, "organization": null}],
          "source": {"quote": "...", "document": null, "locator": "...", "url": null},
          "inferred": [{"field": "when", "reason": "..."}],
          "recurrence": {"frequency": "YEARLY", "interval": 1, "count": 10,
                         "until": null},
          "revision": 0,
          "updated": null,
          "label": "13–15 Nov 2024",          # derived, see below
          "kind": "all-day",
          "precision": "day",
          "first_day": "2024-11-13"
        }
      ]
    }

The data fields use the names and notations of the TOML data file
(:mod:`bri_timeline.formats.toml.read`): times are EDTF text plus IANA zones
(:func:`~bri_timeline.model.edtf.to_edtf`, :func:`~bri_timeline.model.edtf.time_zones`),
instants (``updated``, a datetime ``until``) are ISO 8601 in UTC with ``Z``, and
days are ``YYYY-MM-DD``.

Four derived fields save a reader from parsing EDTF; the loader ignores them:

* ``label``: the time in words (:func:`~bri_timeline.model.describe.describe`).
* ``kind``: ``"timed"``, ``"all-day"``, ``"partial"`` or ``"open-ended"``.
* ``precision``: how precisely the event's start is known: ``"time"``,
  ``"day"``, ``"month"``, ``"year"``, ``"decade"`` or ``"century"``.
* ``first_day``: the first day it begins on (or may begin on), in its own zone.

Events come in timeline order. The text is UTF-8 with two-space indents and a
final newline, and depends on nothing but the timeline (no clock).

>>> from datetime import date
>>> from bri_timeline import AllDay, Event, Timeline
>>> text = to_json(Timeline([Event("apec", "APEC Summit",
...                                AllDay(date(2024, 11, 13), date(2024, 11, 15)))]))
>>> document = json.loads(text)
>>> document["version"], document["events"][0]["when"], document["events"][0]["label"]
(1, '2024-11-13/2024-11-15', '13–15 Nov 2024')
"""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from typing import Any

from bri_timeline.model.describe import describe
from bri_timeline.model.edtf import time_zones, to_edtf
from bri_timeline.model.event import Event, Location, Participant, Recurrence, Source
from bri_timeline.model.times import (
    AllDay,
    OpenEnded,
    PartialDate,
    Time,
    TimeSpan,
    first_date,
)
from bri_timeline.timeline import Timeline, TimelineInfo, check_timeline

__all__ = ["FORMAT", "FORMAT_VERSION", "to_json", "to_json_document"]

FORMAT = "bri-timeline"
"""The value of the document's ``format`` key: what kind of document this is."""

FORMAT_VERSION = 1
"""The value of the document's ``version`` key; raised on any incompatible change."""


def _utc_text(value: datetime) -> str:
    """An aware datetime as ISO 8601 in UTC, ending in ``Z``.

    >>> from zoneinfo import ZoneInfo
    >>> _utc_text(datetime(2024, 11, 8, 9, tzinfo=ZoneInfo("America/Lima")))
    '2024-11-08T14:00:00Z'
    """
    return value.astimezone(UTC).replace(tzinfo=None).isoformat() + "Z"


def _kind(time: Time) -> str:
    if isinstance(time, TimeSpan):
        return "timed"
    if isinstance(time, AllDay):
        return "all-day"
    if isinstance(time, PartialDate):
        return "partial"
    return "open-ended"


def _precision(time: Time) -> str:
    start: object = time.start if isinstance(time, TimeSpan | OpenEnded) else time
    if isinstance(start, datetime):
        return "time"
    if isinstance(start, PartialDate):
        return start.precision.value
    return "day"


def _location(location: Location | None) -> dict[str, Any] | None:
    if location is None:
        return None
    return {"name": location.name, "latitude": location.latitude, "longitude": location.longitude}


def _participant(person: Participant) -> dict[str, Any]:
    return {"name": person.name, "role": person.role, "organization": person.organization}


def _source(source: Source | None) -> dict[str, Any] | None:
    if source is None:
        return None
    return {
        "quote": source.quote,
        "document": source.document,
        "locator": source.locator,
        "url": source.url,
    }


def _recurrence(rule: Recurrence | None) -> dict[str, Any] | None:
    if rule is None:
        return None
    until: str | None
    if isinstance(rule.until, datetime):
        until = _utc_text(rule.until)
    elif isinstance(rule.until, date):
        until = rule.until.isoformat()
    else:
        until = None
    return {
        "frequency": rule.frequency.value,
        "interval": rule.interval,
        "count": rule.count,
        "until": until,
    }


def _event(event: Event) -> dict[str, Any]:
    tz, end_tz = time_zones(event.time)
    return {
        "id": event.id,
        "title": event.title,
        "when": to_edtf(event.time),
        "tz": tz,
        "end_tz": end_tz,
        "description": event.description,
        "url": event.url,
        "categories": list(event.categories),
        "location": _location(event.location),
        "participants": [_participant(person) for person in event.participants],
        "source": _source(event.source),
        "inferred": [{"field": note.field, "reason": note.reason} for note in event.inferred],
        "recurrence": _recurrence(event.recurrence),
        "revision": event.revision,
        "updated": None if event.updated is None else _utc_text(event.updated),
        "label": describe(event.time),
        "kind": _kind(event.time),
        "precision": _precision(event.time),
        "first_day": first_date(event.time).isoformat(),
    }


def _info(info: TimelineInfo) -> dict[str, Any]:
    return {
        "name": info.name,
        "description": info.description,
        "url": info.url,
        "source": info.source,
        # The offset is kept as written: it is part of what the data file said.
        "updated": None if info.updated is None else _utc_text(info.updated),
    }


def to_json_document(timeline: Timeline) -> dict[str, Any]:
    """The JSON document of a timeline, as Python values (dicts, lists, str, int, float, None).

    >>> from bri_timeline import load_bri
    >>> to_json_document(load_bri())["events"][0]["kind"]
    'partial'
    """
    check_timeline(timeline)
    return {
        "format": FORMAT,
        "version": FORMAT_VERSION,
        "timeline": _info(timeline.info),
        "events": [_event(event) for event in timeline],
    }


def to_json(timeline: Timeline) -> str:
    """The JSON document of a timeline as text: sorted keys, two-space indents, final newline.

    >>> from bri_timeline import Timeline
    >>> print(to_json(Timeline()), end="")
    {
      "events": [],
      "format": "bri-timeline",
      "timeline": {
        "description": "",
        "name": "",
        "source": null,
        "updated": null,
        "url": null
      },
      "version": 1
    }
    """
    text = json.dumps(
        to_json_document(timeline),
        ensure_ascii=False,
        allow_nan=False,
        indent=2,
        sort_keys=True,
    )
    return text + "\n"
