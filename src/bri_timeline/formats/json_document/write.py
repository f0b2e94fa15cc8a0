"""A timeline as a versioned JSON document: every field, lossless, deterministic.

The document is what a web page or another program reads; its inverse is
:func:`bri_timeline.from_json`, and ``from_json(to_json(t)) == t``
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
          "event_kind": "EVENT",             # EVENT, TODO or JOURNAL (Event.kind)
          "status": "CONFIRMED", "transparency": "TRANSPARENT",
          "classification": null, "priority": 0, "color": "teal",
          "image": null, "created": null, "uid": null,
          "organizer": {"name": "...", "address": "mailto:..."},
          "attendees": [{"name": "...", "address": null, "role": "CHAIR",
                         "status": "ACCEPTED", "rsvp": false, "kind": "INDIVIDUAL",
                         "title": "...", "organization": null}],
          "alarms": [{"action": "DISPLAY", "trigger": "-PT15M", "related": "START",
                      "at": null, "description": "...", "repeat": 0, "duration": null}],
          "attachments": [{"uri": "https://...", "media_type": "application/pdf"}],
          "conference": [{"uri": "https://...", "features": ["VIDEO"], "label": null}],
          "extras": [{"name": "X-MICROSOFT-CDO-BUSYSTATUS", "value": "OOF", "params": []}],
          "overrides": [{"original": "2025-11-20", "status": "CANCELLED"}],
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
instants (``updated``, ``created``, a datetime ``until``, an alarm's ``at``) are ISO
8601 in UTC with ``Z``, durations (an alarm's ``trigger`` and ``duration``) are
iCalendar's (``-PT15M``), and days are ``YYYY-MM-DD``. An override of a repeating
event's occurrence holds its ``original`` and only the keys that differ from the
occurrence the rule gives (:mod:`bri_timeline.formats._overrides`).

Four derived fields save a reader from parsing EDTF; the loader ignores them:

* ``label``: the time in words (:func:`~bri_timeline.model.describe.describe`).
* ``kind``: ``"timed"``, ``"all-day"``, ``"partial"``, ``"open-ended"``, ``"vague"``
  or ``"floating"``.
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
from datetime import date, datetime
from typing import Any, BinaryIO

from bri_timeline.formats._document import event_fields, info_fields, time_kind, utc_text
from bri_timeline.formats._files import write_utf8
from bri_timeline.model.describe import describe
from bri_timeline.model.event import Event
from bri_timeline.model.floating import FloatingSpan
from bri_timeline.model.keys import key_in_calendar
from bri_timeline.model.times import (
    OpenEnded,
    PartialDate,
    Time,
    TimeSpan,
    first_date,
)
from bri_timeline.model.vague import Vague
from bri_timeline.timeline import Timeline, check_timeline

__all__ = ["FORMAT", "FORMAT_VERSION", "to_json", "to_json_document", "write_json"]

FORMAT = "bri-timeline"
"""The value of the document's ``format`` key: what kind of document this is."""

FORMAT_VERSION = 1
"""The value of the document's ``version`` key; raised on any incompatible change."""


def _precision(time: Time) -> str:
    if isinstance(time, Vague):
        return "vague"
    start: object = time.start if isinstance(time, TimeSpan | OpenEnded | FloatingSpan) else time
    if isinstance(start, datetime):
        return "time"
    if isinstance(start, PartialDate):
        return start.precision.value
    return "day"


def _plain(value: object) -> Any:
    """A field's value as JSON holds it: instants in UTC with ``Z``, days ``YYYY-MM-DD``."""
    if isinstance(value, datetime):
        return utc_text(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_plain(item) for item in value]
    return value


def _first_day(time: Time) -> str | None:
    if isinstance(time, Vague) and not key_in_calendar(time._start):
        return None  # no calendar day: before year 1, open, or after 9999
    return first_date(time).isoformat()


def _event(event: Event) -> dict[str, Any]:
    fields: dict[str, Any] = _plain(event_fields(event))
    return fields | {
        "label": describe(event.time),
        "kind": time_kind(event.time),
        "precision": _precision(event.time),
        "first_day": _first_day(event.time),
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
        "timeline": _plain(info_fields(timeline.info)),
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


def write_json(timeline: Timeline, file: BinaryIO) -> None:
    """Write the JSON document of a timeline to a binary file, as UTF-8 (see :func:`to_json`).

    >>> import io
    >>> from bri_timeline import load_bri
    >>> buffer = io.BytesIO()
    >>> write_json(load_bri(), buffer)
    >>> buffer.getvalue() == to_json(load_bri()).encode("utf-8")
    True
    """
    write_utf8(file, lambda: to_json(timeline))
