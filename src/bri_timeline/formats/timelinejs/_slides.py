"""Slides into events, for :mod:`.read`: each key checked, each error naming its place.

:class:`Slides` reads the ``events``, ``eras`` and ``title`` of a TimelineJS
document with the rules :mod:`.read` documents; the dates are ``_dates``, the
HTML ``_html``. Every refusal is a :class:`~bri_timeline.errors.DataFileError`
whose field is the place in the JSON, ``events[2].start_date.month``.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any
from zoneinfo import ZoneInfo

from bri_timeline.errors import DataFileError, InvalidValue, shown
from bri_timeline.formats.timelinejs._dates import NoZone, Point, slide_time
from bri_timeline.formats.timelinejs._html import Block, blocks, plain
from bri_timeline.formats.timelinejs.write import slide
from bri_timeline.model.describe import describe
from bri_timeline.model.event import Event, Inference, Location, Source
from bri_timeline.model.times import AllDay, Time
from bri_timeline.timeline import TimelineInfo

__all__ = ["Json", "Slides", "check_keys"]

Json = dict[str, Any]

_SLIDE = frozenset(
    {"start_date", "end_date", "text", "media", "group", "display_date", "background",
     "autolink", "unique_id", "type"}
)  # fmt: skip
_DATE = frozenset(
    {"year", "month", "day", "hour", "minute", "second", "millisecond", "display_date", "format"}
)
_TEXT = frozenset({"headline", "text"})
_MEDIA = frozenset({"url", "caption", "credit", "thumbnail", "alt", "title", "link", "link_target"})
_FIELDS = (  # a date object's numbers: name, lowest, highest
    ("year", 1, 9999),
    ("month", 1, 12),
    ("day", 1, 31),
    ("hour", 0, 23),
    ("minute", 0, 59),
    ("second", 0, 59),
    ("millisecond", 0, 999),
)
_NEEDS = {"day": "month", "hour": "day", "minute": "hour", "second": "hour", "millisecond": "hour"}
_SLUG = re.compile(r"[^a-z0-9]+")
_ANY_DAY = AllDay(date(2000, 1, 1))
_LINK = "More about this event"


def check_keys(reader: Slides, value: object, where: str, allowed: frozenset[str]) -> Json:
    """The object at ``where``, once it is known to hold only keys it may."""
    if not isinstance(value, dict):
        raise reader.error(where or "(top)", "must be a JSON object", value)
    if unknown := sorted(set(value) - allowed):
        place = f"{where}.{unknown[0]}" if where else unknown[0]
        raise reader.error(place, f"is not a TimelineJS key (known: {', '.join(sorted(allowed))})")
    return value


def _whole(value: object) -> int | None:
    """A whole number: an int, a float with no fraction, or a string of digits."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str) and re.fullmatch(r"\s*[+-]?\d{1,9}\s*", value):
        return int(value)
    return None


def _is_id(text: str) -> bool:
    try:
        Event(text, "x", _ANY_DAY)
    except InvalidValue:
        return False
    return True


class Slides:
    """Reads the slides of one document into events; knows the file's name and ``tz``."""

    def __init__(self, path: str, tz: ZoneInfo | None) -> None:
        self.path = path
        self.tz = tz
        self.ids: set[str] = set()

    def error(
        self, where: str, rule: str, value: object = None, event: str | None = None
    ) -> DataFileError:
        """The error of the place ``where`` in the JSON, with its rule and value."""
        got = "" if value is None else f" (got {shown(value)})"
        return DataFileError(self.path, f"{rule}{got}", event=event, field=where)

    def _text(self, value: object, where: str) -> str:
        if not isinstance(value, str):
            raise self.error(where, "must be a string", value)
        return value

    def _point(self, value: object, where: str) -> Point:
        if value is None:
            raise self.error(where, "is required")
        found = check_keys(self, value, where, _DATE)
        numbers: dict[str, int] = {}
        for name, low, high in _FIELDS:
            if name not in found or found[name] in (None, ""):
                continue
            number = _whole(found[name])
            if number is None or not low <= number <= high:
                rule = f"must be a whole number from {low} to {high}"
                raise self.error(f"{where}.{name}", rule, found[name])
            if (needed := _NEEDS.get(name)) is not None and needed not in numbers:
                raise self.error(f"{where}.{name}", f"needs a {needed}", found[name])
            numbers[name] = number
        if "year" not in numbers:
            raise self.error(f"{where}.year", "is required")
        display = found.get("display_date")
        display = None if display is None else self._text(display, f"{where}.display_date")
        try:
            point = Point(**numbers, display=display)
            point.last_day()
        except ValueError:
            raise self.error(
                f"{where}.day", "is not a day of that month", found.get("day")
            ) from None
        return point

    def _time(self, found: Json, where: str) -> Time:
        start = self._point(found.get("start_date"), f"{where}.start_date")
        end = (
            None
            if found.get("end_date") is None
            else self._point(found["end_date"], f"{where}.end_date")
        )
        display = found.get("display_date")
        display = None if display is None else self._text(display, f"{where}.display_date")
        try:
            return slide_time(start, end, display, self.tz)
        except NoZone:
            rule = "has a time of day in no zone: TimelineJS has none, so name it with tz"
            raise self.error(f"{where}.start_date.hour", rule, start.hour) from None
        except InvalidValue as error:  # the model's: an end before the start, a skipped hour
            raise self.error(f"{where}.end_date", error.rule, error.value) from None
        except ValueError as error:
            raise self.error(f"{where}.end_date", str(error), found.get("end_date")) from None

    def _id(self, found: Json, title: str, where: str, number: int) -> str:
        given = found.get("unique_id")
        if isinstance(given, str) and _is_id(given):
            if given in self.ids:
                raise self.error(f"{where}.unique_id", "is the id of two slides", given)
            self.ids.add(given)
            return given
        base = _SLUG.sub("-", (given if isinstance(given, str) else title).lower()).strip("-")
        base = base[:60].strip("-") or f"slide-{number + 1}"
        candidate, count = base, 1
        while candidate in self.ids or not _is_id(candidate):
            count += 1
            candidate = f"{base}-{count}"
        self.ids.add(candidate)
        return candidate

    def events(self, slides: object, where: str, *, category: str | None = None) -> list[Event]:
        """The events of a list of slides (``events`` or ``eras``), in ``category`` if given."""
        if not isinstance(slides, list):
            raise self.error(where, "must be a list of slides", slides)
        return [self._event(one, f"{where}[{n}]", n, category) for n, one in enumerate(slides)]

    def _event(self, value: object, where: str, number: int, category: str | None) -> Event:
        found = check_keys(self, value, where, _SLIDE)
        time = self._time(found, where)
        text = check_keys(self, found.get("text", {}), f"{where}.text", _TEXT)
        headline = plain(self._text(text.get("headline", ""), f"{where}.text.headline"))
        html = self._text(text.get("text", ""), f"{where}.text.text")
        event_id = self._id(found, headline, where, number)
        fields = _parts(blocks(html))
        if not headline.strip():
            headline = describe(time)
            fields["inferred"].append(
                Inference("title", "The slide has no headline: its date stands for it.")
            )
        group = found.get("group")
        categories = [plain(self._text(group, f"{where}.group"))] if group else []
        if category is not None:
            categories.append(category)
        media = check_keys(self, found.get("media", {}), f"{where}.media", _MEDIA)
        if fields["url"] is None and media.get("url"):
            fields["url"] = self._text(media["url"], f"{where}.media.url")
        try:
            event = Event(
                event_id,
                headline,
                time,
                categories=[c for c in categories if c.strip()],
                **_model(fields),
            )
            notes = _display_notes(found, slide(event))
            return event if not notes else _with_notes(event, notes)
        except InvalidValue as error:
            rule = f"{error.field}: {error.rule}"
            raise self.error(where, rule, error.value, event=repr(event_id)) from None

    def title(self, value: object) -> TimelineInfo:
        """The timeline's info from the ``title`` slide (an empty one without it)."""
        if value is None:
            return TimelineInfo()
        found = check_keys(self, value, "title", _SLIDE)
        text = check_keys(self, found.get("text", {}), "title.text", _TEXT)
        headline = plain(self._text(text.get("headline", ""), "title.text.headline"))
        parts = _parts(blocks(self._text(text.get("text", ""), "title.text.text")))
        try:
            return TimelineInfo(
                headline, description=parts["description"], source=parts["document"]
            )
        except InvalidValue as error:
            raise self.error("title", f"{error.field}: {error.rule}", error.value) from None


def _inference(text: str) -> Inference | None:
    """The note of an ``Inferred FIELD: REASON`` line, if it is one."""
    field, colon, reason = text.removeprefix("Inferred ").partition(": ")
    if not colon or not field.strip() or not reason.strip():
        return None
    return Inference(field, reason)


def _parts(found: list[Block]) -> dict[str, Any]:
    """The fields in a slide's HTML: the writer's shapes, and the author's paragraphs."""
    parts: dict[str, Any] = {
        "location": None, "quote": None, "document": None, "url": None,
        "inferred": [], "paragraphs": [],
    }  # fmt: skip
    for block in found:
        shape, text = block.tags[:2], block.text
        where = shape == ("p", "strong") and text.startswith("Where: ")
        if where and not parts["paragraphs"] and parts["location"] is None:
            parts["location"] = text.removeprefix("Where: ")
            continue
        if shape[:1] == ("blockquote",) and parts["quote"] is None:
            parts["quote"] = text
            continue
        if shape == ("p", "small") and text.startswith("Source: ") and parts["document"] is None:
            parts["document"] = text.removeprefix("Source: ")
            continue
        note = (
            _inference(text) if shape == ("p", "small") and text.startswith("Inferred ") else None
        )
        if note is not None:
            parts["inferred"].append(note)
            continue
        if shape == ("p", "a") and text == _LINK and block.href and parts["url"] is None:
            parts["url"] = block.href
            continue
        if text.strip():
            parts["paragraphs"].append(text.strip())
    parts["description"] = "\n\n".join(parts["paragraphs"])
    return parts


def _model(parts: dict[str, Any]) -> dict[str, Any]:
    """The event's fields of the parts of its HTML."""
    description = parts["description"]
    source = None
    if parts["quote"] is not None and parts["quote"].strip():
        source = Source(parts["quote"], document=parts["document"] or None)
    elif parts["document"] is not None:  # a Source: line with no quote is the author's words
        description = "\n\n".join(p for p in (description, f"Source: {parts['document']}") if p)
    return {
        "description": description,
        "location": None if not parts["location"] else Location(parts["location"]),
        "source": source,
        "url": parts["url"],
        "inferred": parts["inferred"],
    }


def _display_notes(found: Json, written: Json) -> list[Inference]:
    """Notes for the display dates the writer would not write for this time."""
    notes: list[Inference] = []
    for key, words in (("start_date", "its start"), ("end_date", "its end"), (None, "the date")):
        given = found.get(key) if key else found
        made = written.get(key) or {} if key else written
        if not isinstance(given, dict) or given.get("display_date") in (
            None,
            made.get("display_date"),
        ):
            continue
        text = str(given["display_date"])
        if text.strip():
            notes.append(Inference("when", f"The TimelineJS slide shows {words} as “{text}”."))
    return notes


def _with_notes(event: Event, notes: list[Inference]) -> Event:
    return Event(
        event.id, event.title, event.time, description=event.description,
        location=event.location, categories=event.categories, source=event.source,
        url=event.url, inferred=[*event.inferred, *notes],
    )  # fmt: skip
