"""Read TimelineJS3 JSON into a timeline: what the writer writes, and what people write by hand.

The documented format (Knight Lab's TimelineJS3): an object with ``events`` (a
list of slides), an optional ``title`` slide, ``eras`` and ``scale``. A slide has
``start_date`` and ``end_date`` (date objects of ``year``, ``month``, ``day``,
``hour``, ``minute``, ``second``, ``millisecond`` and ``display_date``; numbers,
or strings of digits as a Google Sheet gives them), ``text`` (``headline`` and
``text``, HTML), ``media``, ``group``, ``display_date`` and ``unique_id``.

How a slide becomes an event (:mod:`~bri_timeline.formats.timelinejs.write` in reverse):

* **time.** The fields a date object has say its precision, never more: a year
  alone is the year, with a month the month, with a day the day, with an hour a
  time of day. No ``end_date`` is that one time (``OpenEnded`` when the slide's
  ``display_date`` says ``since …``); with one, the whole days from the first to
  the last (a decade or a century when the years are its first and last, a
  timed span when both have a time of day). TimelineJS has no time zones: a time
  of day is in the zone its ``display_date`` (or the slide's) ends with, as the
  writer writes it (``8 Nov 2024 09:00 America/Lima``), else in ``tz``, and is
  refused without either: bri_timeline never guesses a zone.
* **text.** ``headline`` is the title; the HTML of ``text`` becomes plain text,
  paragraphs apart by a blank line, and the parts the writer writes in a known
  shape come back as the fields they were: ``Where:`` the location, the quote
  and its ``Source:`` line the source, ``Inferred …:`` the notes, the link the url.
* **group** is the event's category; ``media``'s ``url`` is its url when the text
  has no link. ``unique_id`` is the id when it is a valid id, else a slug of it
  (or of the headline) is.
* **display dates** the writer would not write for that time (``"Spring 1942"``)
  are kept as a note on the time (``inferred``), so no words of the author are lost.
* **eras** become events in the category ``era``; the ``title`` slide is the
  timeline's name, description and source.

What TimelineJS cannot carry is lost on the way out (see
:mod:`~bri_timeline.formats.timelinejs.write`): the zones but the one the display
date names (``UTC`` comes back as :data:`datetime.UTC`, an instant's end in
another zone in its start's, the second pass of a repeated hour as the first),
times finer than a millisecond, all categories but the first, participants,
coordinates, the source's url (its document and locator come back as one),
links other than http(s), recurrence, revision, the times of update, the
timeline's url and, without a name or description, its source; and a media's
caption and credit and the presentational keys (``background``, ``autolink``),
which are read and not kept. Every error is a :class:`~bri_timeline.errors.DataFileError`
naming the file, the place in the JSON (``events[2].start_date.month``) and the value.

>>> from bri_timeline import AllDay, Event, Timeline, to_timelinejs
>>> from datetime import date
>>> apec = Event("apec", "APEC", AllDay(date(2024, 11, 13), date(2024, 11, 15)))
>>> from_timelinejs(to_timelinejs(Timeline([apec]))) == Timeline([apec])
True
>>> from_timelinejs('{"events": [{"start_date": {"year": 2024, "month": 13}}]}', path="t.json")
Traceback (most recent call last):
...
bri_timeline.errors.DataFileError: t.json: field 'events[0].start_date.month': must be a whole ...
"""

from __future__ import annotations

import json
import os
from typing import Any
from zoneinfo import ZoneInfo

from bri_timeline.errors import DataFileError, DuplicateEventId, InvalidArgument, InvalidValue
from bri_timeline.formats._where import decode_utf8, long_number, read_utf8
from bri_timeline.formats.timelinejs._slides import Json, Slides, check_keys
from bri_timeline.limits import Limits, limits_or_default, utf8_size
from bri_timeline.model.arguments import check_file_name
from bri_timeline.model.edtf import parse_zone
from bri_timeline.timeline import Timeline

__all__ = ["from_timelinejs", "read_timelinejs"]

_TOP = frozenset({"events", "title", "eras", "scale"})
_SCALES = frozenset({"human", "cosmological"})


class _Duplicate(Exception):
    def __init__(self, key: str) -> None:
        self.key = key


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    found: dict[str, Any] = {}
    for key, value in pairs:
        if key in found:
            raise _Duplicate(key)
        found[key] = value
    return found


def _parse(text: str, path: str, limits: Limits) -> Json:
    if (refused := limits.size_error(utf8_size(text))) is not None:
        raise DataFileError(path, refused)
    try:
        document = json.loads(text, object_pairs_hook=_no_duplicates)
    except json.JSONDecodeError as error:
        raise DataFileError(path, f"is not JSON ({error.msg})", line=error.lineno) from None
    except ValueError:
        raise DataFileError(path, f"is not TimelineJS: it {long_number()}") from None
    except RecursionError:  # "[[[[...": the parser recurses once a level
        raise DataFileError(path, "is not TimelineJS: arrays nested thousands deep") from None
    except _Duplicate as duplicate:
        raise DataFileError(path, f"has the key {duplicate.key!r} twice in one object") from None
    if not isinstance(document, dict):
        raise DataFileError(path, "is not TimelineJS: must be a JSON object with 'events'")
    return document


def _read(text: str, path: str, tz: ZoneInfo | None, limits: Limits) -> Timeline:
    document = _parse(text, path, limits)
    slides = Slides(path, tz)
    check_keys(slides, document, "", _TOP)
    scale = document.get("scale", "human")
    if scale not in _SCALES:
        raise slides.error("scale", "must be 'human' or 'cosmological'", scale)
    events = slides.events(document.get("events", []), "events")
    eras = slides.events(document.get("eras", []), "eras", category="era")
    info = slides.title(document.get("title"))
    try:
        return Timeline([*events, *eras], info=info)
    except DuplicateEventId as error:
        raise DataFileError(
            path, "two slides get the same id", event=repr(error.event_id)
        ) from None
    except InvalidValue as error:  # pragma: no cover (each event was checked as it was made)
        raise DataFileError(path, str(error)) from None


def from_timelinejs(
    text: str | bytes,
    *,
    path: str = "<string>",
    tz: str | ZoneInfo | None = None,
    limits: Limits | None = None,
) -> Timeline:
    """Read a timeline from TimelineJS3 JSON: its text, or its bytes in UTF-8.

    Args:
        text: The JSON.
        path: The name errors give the file.
        tz: The zone of times of day whose display date names none (TimelineJS has no zones).
        limits: What reading it may cost (default :class:`~bri_timeline.limits.Limits`): its size.

    Raises:
        DataFileError: The text is not JSON, is too large, is not TimelineJS, or a
            slide cannot be an event; the message names the place in the JSON.
        InvalidArgument: ``text`` is neither a str nor bytes, or another argument
            is not what it says above (before the text is read).
    """
    if not isinstance(text, str | bytes):
        raise InvalidArgument("text", "must be a str or bytes", text)
    name = check_file_name("path", path)
    zone = None if tz is None else parse_zone(tz, field="tz", error=InvalidArgument)
    limits = limits_or_default(limits)
    if isinstance(text, bytes):
        if (refused := limits.size_error(len(text))) is not None:
            raise DataFileError(name, refused)
        text = decode_utf8(name, text)
    return _read(text, name, zone, limits)


def read_timelinejs(
    path: str | os.PathLike[str],
    *,
    tz: str | ZoneInfo | None = None,
    limits: Limits | None = None,
) -> Timeline:
    """Read a timeline from a TimelineJS3 JSON file (see :func:`from_timelinejs`).

    Raises:
        DataFileError: The file cannot be read, is not UTF-8, or is not TimelineJS.
        InvalidArgument: ``path`` is not a file name, or another argument is not
            what :func:`from_timelinejs` says (before the file is read).
    """
    zone = None if tz is None else parse_zone(tz, field="tz", error=InvalidArgument)
    limits = limits_or_default(limits)
    name, text = read_utf8(path, limits)
    return _read(text, name, zone, limits)
