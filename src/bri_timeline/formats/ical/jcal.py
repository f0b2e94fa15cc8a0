r"""jCal (RFC 7265): the iCalendar feed as JSON, written and read through the same mapping.

jCal is not another model: it is RFC 5545's components and properties, each
property a JSON array ``[name, parameters, type, value...]``. So a timeline's
jCal is its feed (:func:`~bri_timeline.formats.ical.write.to_ics`, the one
attribute-to-property mapping of ``_mapping`` and ``_values``) turned into those
arrays, and reading jCal is reading that feed back with the one reader
(:func:`~bri_timeline.formats.ical.read.from_ics`). Whatever property the mapping
gains (attendees, alarms) is in the jCal the next day, with no line here.

The turn from content lines to arrays and back is icalendar's (``to_jcal`` and
``from_jcal``, icalendar 6.1 or later), which knows the value type of every
registered property (``DTSTART`` a ``date`` or a ``date-time``, ``GEO`` two
floats, ``RRULE`` an object). Properties it does not register, ours
(``X-BRI-EDTF``, ``X-BRI-SOURCE``...) and RFC 7986's ``NAME``, have the type
``unknown``: their value is the iCalendar text as written, escapes and all, as
RFC 7265 (section 5) asks. Lossless for everything the .ics carries:
``from_jcal(to_jcal(timeline)) == timeline``, but for one known loss: icalendar drops a
U+FEFF (byte order mark) at the start of a property's value when it writes the value
(icalendar 7.3), so a title or name that begins with one comes back without it; and a
backslash in text our ``X-BRI-`` properties carry (a source's quote) may come back changed.

>>> import json
>>> from datetime import date
>>> from bri_timeline import AllDay, Event, Timeline
>>> timeline = Timeline([Event("apec", "APEC", AllDay(date(2024, 11, 13), date(2024, 11, 15)))])
>>> jcal = json.loads(to_jcal(timeline))
>>> jcal[0], jcal[2][0][1][:2]
('vcalendar', [['summary', {}, 'text', 'APEC'], ['dtstart', {}, 'date', '2024-11-13']])
>>> from_jcal(to_jcal(timeline)) == timeline
True
>>> from_jcal('["vcalendar", [], [["vevent", [["uid", {}, "text", 7]], []]]]', path="cal.json")
Traceback (most recent call last):
...
bri_timeline.errors.ICalendarError: cal.json: is not jCal: at [2][0][1][0][3]: ... (got 7)
"""

from __future__ import annotations

import json
import os
from typing import Any, BinaryIO
from zoneinfo import ZoneInfo

from icalendar import Calendar, Component
from icalendar.error import JCalParsingError

from bri_timeline.errors import ICalendarError, InvalidArgument
from bri_timeline.formats._files import write_utf8
from bri_timeline.formats._where import long_number
from bri_timeline.formats.ical._calendar import FeedOptions
from bri_timeline.formats.ical._mapping import DEFAULT_DOMAIN
from bri_timeline.formats.ical.read import _given, _read, file_bytes
from bri_timeline.formats.ical.write import to_ics
from bri_timeline.limits import Limits, utf8_size
from bri_timeline.model.arguments import check_file_name
from bri_timeline.model.event import Event
from bri_timeline.model.times import Time
from bri_timeline.timeline import Timeline

__all__ = ["from_jcal", "read_jcal", "to_jcal", "to_jcal_object", "write_jcal"]

JCal = list[Any]
"""A jCal object: ``[name, properties, components]``, as JSON reads it."""


def to_jcal_object(timeline: Timeline, *, feed: FeedOptions | None = None) -> JCal:
    """The jCal of a timeline's feed, as lists, dicts and strings (see :func:`to_jcal`).

    Args:
        timeline: The timeline.
        feed: The feed's options (default :class:`~bri_timeline.FeedOptions`).

    Raises:
        FeedError: The timeline holds text iCalendar cannot carry.
        InvalidArgument: ``timeline`` is not a Timeline, or ``feed`` not FeedOptions.
    """
    jcal: JCal = Calendar.from_ical(to_ics(timeline, feed=feed)).to_jcal()
    return jcal


def to_jcal(timeline: Timeline, *, feed: FeedOptions | None = None) -> str:
    """The jCal of a timeline's feed as JSON text: one line, UTF-8 as it is, a final newline.

    The same timeline always gives the same text (the feed is deterministic).
    Costs the feed, then icalendar's parse of it: about the cost of
    ``to_ics(..., engine="icalendar")``.

    Args:
        timeline: The timeline.
        feed: The feed's options (default :class:`~bri_timeline.FeedOptions`):
            the UID domain, the refresh interval, the colour...

    Raises:
        FeedError: The timeline holds text iCalendar cannot carry.
        InvalidArgument: ``timeline`` is not a Timeline, or ``feed`` not FeedOptions.
    """
    jcal = to_jcal_object(timeline, feed=feed)
    return json.dumps(jcal, ensure_ascii=False, allow_nan=False) + "\n"


def write_jcal(timeline: Timeline, file: BinaryIO, *, feed: FeedOptions | None = None) -> None:
    """Write a timeline's jCal to a binary file, in UTF-8 (see :func:`to_jcal`).

    Raises:
        FeedError: The timeline holds text iCalendar cannot carry.
        InvalidArgument: ``file`` is not a binary file, or another argument is
            not what :func:`to_jcal` says.
    """
    write_utf8(file, lambda: to_jcal(timeline, feed=feed))


def _parse(data: str | bytes, path: str, limits: Limits) -> object:
    """The JSON value in the data, once its size and encoding are checked."""
    size = len(data) if isinstance(data, bytes) else utf8_size(data)
    if (refused := limits.size_error(size)) is not None:
        raise ICalendarError(path, refused, value=size)
    if isinstance(data, bytes):
        try:
            data = data.decode("utf-8-sig")
        except UnicodeDecodeError as error:
            raise ICalendarError(
                path, f"is not UTF-8 (byte {error.start}); jCal is JSON in UTF-8"
            ) from None
    try:
        return json.loads(data)
    except json.JSONDecodeError as error:
        raise ICalendarError(
            path, f"is not JSON ({error.msg})", line=error.lineno, value=None
        ) from None
    except ValueError:
        raise ICalendarError(path, f"is not jCal: it {long_number()}") from None
    except RecursionError:  # "[[[[...": the parser recurses once a level
        raise ICalendarError(path, "is not jCal: arrays nested thousands deep") from None


def _component(jcal: object, path: str) -> Component:
    if not isinstance(jcal, list):
        raise ICalendarError(path, "is not jCal: must be an array [name, properties, components]")
    try:
        component: Component = Component.from_jcal(jcal)
    except JCalParsingError as error:
        where = "".join(f"[{index!r}]" for index in error.path)
        at = f"at {where}: " if where else ""
        value = None if error.value is JCalParsingError._default_value else error.value
        message = error.message.rstrip(".")
        raise ICalendarError(path, f"is not jCal: {at}{message}", value=value) from None
    except (ValueError, TypeError, KeyError, IndexError, AttributeError, OSError) as error:
        detail = " ".join(str(error).split())[:200]
        raise ICalendarError(path, f"is not jCal ({detail})") from None
    return component


def _where(jcal: JCal, uid: str | None, prop: str | None) -> str:
    """The JSON path of the event with this UID (and of its property), to name in an error."""
    if uid is None:
        return ""
    for number, child in enumerate(jcal[2]):
        properties = child[1]
        if not any(item[0] == "uid" and item[3:] == [uid] for item in properties):
            continue
        found = f"[2][{number}]"
        for index, item in enumerate(properties):
            if prop is not None and item[0] == prop.lower():
                return f"{found}[1][{index}]"
        return found
    return ""


def _from_object(jcal: object, path: str, given: Any) -> Timeline:
    component = _component(jcal, path)
    assert isinstance(jcal, list)
    try:
        ics = component.to_ical()
    except (ValueError, TypeError, KeyError, IndexError, AttributeError) as error:
        detail = " ".join(str(error).split())[:200]
        raise ICalendarError(path, f"is not jCal ({detail})") from None
    try:
        return _read(ics, path, given)
    except ICalendarError as error:
        # Its line is one of the .ics made from the jCal: name the place in the JSON instead.
        where = _where(jcal, error.uid, error.prop)
        message = f"at {where}: {error.message}" if where else error.message
        raise ICalendarError(
            path, message, uid=error.uid, prop=error.prop, value=error.value
        ) from None


def from_jcal(
    data: str | bytes | list[Any],
    *,
    path: str = "<jcal>",
    window: Time | Event | None = None,
    domain: str = DEFAULT_DOMAIN,
    tz: str | ZoneInfo | None = None,
    limits: Limits | None = None,
) -> Timeline:
    """Read a timeline from jCal: its JSON text or bytes, or the object JSON reads.

    The jCal becomes the calendar it stands for and is read as
    :func:`~bri_timeline.from_ics` reads an .ics file, with the same
    arguments; an error names the place in the JSON (``[2][0][1][3]``: the
    fourth property of the first component) rather than a line.

    Args:
        data: The jCal: JSON text or bytes (UTF-8), or a list as ``json.loads`` gives.
        path: The name errors give the file.
        window: Expand every repeating event, and keep only what overlaps this time.
        domain: The UID domain of our own feeds (see ``FeedOptions.domain``).
        tz: The zone of floating times, when the calendar names none.
        limits: What reading it may cost (default :class:`~bri_timeline.limits.Limits`).

    Raises:
        ICalendarError: The data is not JSON, not jCal, breaks a limit, or an
            event cannot be read.
        InvalidArgument: ``data`` is none of the three, or another argument is
            not what it says above (before the data is read).
    """
    if not isinstance(data, str | bytes | list):
        raise InvalidArgument("data", "must be JSON text, bytes or a list", data)
    name = check_file_name("path", path)
    given = _given(window, domain, tz, limits)
    jcal = data if isinstance(data, list) else _parse(data, name, given.limits)
    return _from_object(jcal, name, given)


def read_jcal(
    path: str | os.PathLike[str],
    *,
    window: Time | Event | None = None,
    domain: str = DEFAULT_DOMAIN,
    tz: str | ZoneInfo | None = None,
    limits: Limits | None = None,
) -> Timeline:
    """Read a timeline from a jCal file (see :func:`from_jcal`).

    Raises:
        ICalendarError: The file cannot be read, is not jCal, breaks a limit,
            or an event cannot be read.
        InvalidArgument: ``path`` is not a file name, or another argument is
            not what :func:`from_jcal` says (before the file is read).
    """
    name = check_file_name("path", path)
    given = _given(window, domain, tz, limits)
    data = file_bytes(path, name, given.limits)
    return _from_object(_parse(data, name, given.limits), name, given)
