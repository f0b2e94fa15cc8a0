r"""Read an iCalendar (.ics) file into a Timeline: the inverse of :mod:`bri_timeline.export.ics`.

Any RFC 5545 calendar is read with icalendar (which copes with the usual quirks
of Google and Outlook exports); the ``X-BRI-*`` properties of our own feeds
give back exactly the events that were exported. See ``docs/ical.md``.

* **ids.** A UID ``f"{id}@{domain}"`` of our own gives back ``id``. Another UID
  is kept as the id when it is a valid id, and otherwise becomes a slug of it and
  a short hash (stable: the same UID always gives the same id).
* **times.** ``VALUE=DATE`` gives whole days, DTEND exclusive; a date-time keeps
  its IANA ``TZID`` (other TZIDs, such as Outlook's Windows names or a custom
  VTIMEZONE, give the right instant in UTC), ``Z`` gives UTC. A local time that
  a clock change skipped moves forward by the gap, as RFC 5545 says. A floating
  time (no zone) takes the calendar's ``X-WR-TIMEZONE`` or the ``tz`` argument,
  and is refused without either: there is no implicit local zone.
* **repeats.** Without a window, an RRULE of just FREQ, INTERVAL, COUNT and
  UNTIL becomes the event's :class:`~bri_timeline.Recurrence`; any other
  repeating event (BY... parts, RDATE, EXDATE, changed occurrences) is expanded
  into one event per occurrence, and refused if it never ends. With a window,
  every repeating event is expanded and only what overlaps the window is kept.
  An occurrence's id is ``f"{id}+{start}"``, e.g. ``standup+20241113T140000Z``.
* **cancelled** events (``STATUS:CANCELLED``) are left out.

Every problem raises :class:`~bri_timeline.errors.ICalendarError` naming the
file, the line, the UID, the property and the value.

>>> from datetime import date
>>> from bri_timeline import AllDay, Event, Timeline
>>> from bri_timeline.export.ics import to_ics
>>> timeline = Timeline([Event("apec", "APEC", AllDay(date(2024, 11, 13), date(2024, 11, 15)))])
>>> loads_ics(to_ics(timeline)) == timeline
True
>>> loads_ics(b"BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:x\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n")
Traceback (most recent call last):
...
bri_timeline.errors.ICalendarError: <bytes>:3: event 'x': property DTSTART: is required
"""

from __future__ import annotations

import hashlib
import heapq
import os
import re
from collections.abc import Callable, Iterator, Sequence
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from typing import Any, TypeVar
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from dateutil import rrule
from icalendar import Calendar, Component
from icalendar.prop import vUnknown

from bri_timeline._ical_mapping import (
    DEFAULT_DOMAIN,
    X_DOCUMENT,
    X_EDTF,
    X_END_TZID,
    X_INFERRED,
    X_PARTICIPANT,
    X_SOURCE,
    X_TZID,
    X_UNTIL,
    X_URL,
    Placement,
    decode_inference,
    decode_participant,
    decode_source,
    description_tail,
    placement,
    split_description,
    unescape_text,
    until_from_text,
)
from bri_timeline.errors import DuplicateEventId, ICalendarError, InvalidValue
from bri_timeline.model.edtf import from_edtf
from bri_timeline.model.event import (
    Event,
    Frequency,
    Inference,
    Location,
    Participant,
    Recurrence,
    Source,
)
from bri_timeline.model.recurrence import end_of_day, occurrences, resolve_gap
from bri_timeline.model.times import AllDay, Time, TimeSpan, instant_key
from bri_timeline.timeline import Timeline, TimelineInfo

__all__ = ["load_ics", "loads_ics"]

_T = TypeVar("_T")
_VALID_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._@+-]{0,254}")
_SLUG = re.compile(r"[^A-Za-z0-9._@+-]+")
_SIMPLE_RULE = frozenset({"FREQ", "INTERVAL", "COUNT", "UNTIL"})
_UNTITLED = "(untitled)"


def _id_from_uid(uid: str, domain: str) -> str:
    """The event id for a UID: ours without the domain, a valid id as it is, else a slug + hash."""
    suffix = "@" + domain
    if uid.endswith(suffix) and _VALID_ID.fullmatch(uid[: -len(suffix)]):
        return uid[: -len(suffix)]
    if _VALID_ID.fullmatch(uid):
        return uid
    digest = hashlib.sha256(uid.encode("utf-8")).hexdigest()[:10]
    slug = _SLUG.sub("-", uid).strip("-._@+")[:60].rstrip("-._@+")
    return f"{slug}-{digest}" if slug else f"event-{digest}"


class _Reader:
    """Where in which file: builds the errors, and reads properties of one component."""

    def __init__(self, path: str, text: str, default_zone: ZoneInfo | None) -> None:
        self.path = path
        self.text = text
        self.default_zone = default_zone
        self.uid: str | None = None

    def error(self, message: str, prop: str | None = None, value: object = None) -> ICalendarError:
        return ICalendarError(
            self.path, message, line=self.locate(), uid=self.uid, prop=prop, value=value
        )

    def locate(self) -> int | None:
        if self.uid is None:
            return None
        for number, line in enumerate(self.text.splitlines(), 1):
            if line.upper().startswith("UID") and line.rstrip().endswith(self.uid[-40:]):
                return number
        return None

    def guard(self, prop: str | None, make: Callable[[], _T], value: object = None) -> _T:
        """Call ``make``; a refused value becomes an ICalendarError for ``prop``."""
        try:
            return make()
        except ICalendarError:
            raise
        except InvalidValue as error:
            raise self.error(f"{error.field}: {error.rule}", prop, error.value) from None
        except (
            ValueError,
            TypeError,
            KeyError,
            AttributeError,
            IndexError,
            OverflowError,
        ) as error:
            raise self.error(f"cannot be read ({error})", prop, value) from None


def _one(reader: _Reader, component: Component, name: str) -> Any:
    value = component.get(name)
    if isinstance(value, list):
        raise reader.error("must appear once", name)
    return value


def _all(component: Component, name: str) -> list[Any]:
    value = component.get(name)
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def _text(value: Any) -> str:
    """A TEXT value: X- properties come raw (vUnknown) and are unescaped here."""
    if isinstance(value, vUnknown):
        return unescape_text(value.to_ical().decode("utf-8"))
    return str(value)


def _optional_text(reader: _Reader, component: Component, name: str) -> str | None:
    value = _one(reader, component, name)
    return None if value is None else _text(value)


def _raw(prop: Any) -> str | None:
    """The text of a property as written, for error messages."""
    try:
        return str(prop.to_ical().decode("utf-8", errors="replace"))
    except (ValueError, AttributeError, TypeError):
        return None


def _zone(name: str) -> ZoneInfo | None:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return None


def _datetime(reader: _Reader, prop: Any, name: str) -> date | datetime:
    """A DTSTART/DTEND/RECURRENCE-ID value, with its zone as the model keeps zones."""
    try:
        value = prop.dt
    except (ValueError, AttributeError):
        raise reader.error("is not a valid date or date-time", name, _raw(prop)) from None
    if isinstance(value, timedelta) or not isinstance(value, date):
        raise reader.error("must be a date or a date-time", name, value)
    if not isinstance(value, datetime):
        return value
    params = prop.params
    tzid, shown_in = params.get("TZID"), params.get(X_TZID)
    wall = value.replace(tzinfo=None)
    if tzid:
        zone = _zone(str(tzid))
        tz: tzinfo | None = zone if zone is not None else value.tzinfo
        if tz is None:
            raise reader.error("names an unknown time zone", name, str(tzid))
        return resolve_gap(wall.replace(tzinfo=tz))
    if value.tzinfo is None:
        if reader.default_zone is None:
            raise reader.error(
                "is a floating time: give the calendar's zone (X-WR-TIMEZONE or tz)", name, value
            )
        return resolve_gap(wall.replace(tzinfo=reader.default_zone))
    utc = value.astimezone(UTC)
    if shown_in:
        zone = _zone(str(shown_in))
        if zone is None:
            raise reader.error("names an unknown time zone", f"{name};{X_TZID}", str(shown_in))
        return utc.astimezone(zone)
    return utc


def _read_when(reader: _Reader, component: Component) -> tuple[Placement, Time]:
    """The event's placement as written, and its time: from X-BRI-EDTF where it agrees."""
    prop = _one(reader, component, "DTSTART")
    if prop is None:
        raise reader.error("is required", "DTSTART")
    start = _datetime(reader, prop, "DTSTART")
    end: date | datetime | timedelta | None = None
    if (end_prop := _one(reader, component, "DTEND")) is not None:
        end = _datetime(reader, end_prop, "DTEND")
    elif (duration := _one(reader, component, "DURATION")) is not None:
        end = duration.dt
        if not isinstance(end, timedelta):
            raise reader.error("must be a duration", "DURATION", end)
    edtf = _optional_text(reader, component, X_EDTF)
    end_zone = _optional_text(reader, component, X_END_TZID)
    written = Placement(start, end, edtf, end_zone)
    if edtf is not None and (exact := _exact_time(written, edtf)) is not None:
        return written, exact
    return written, _plain_time(reader, written)


def _zone_key(value: object) -> str | None:
    tz = getattr(value, "tzinfo", None) if isinstance(value, datetime) else None
    return tz.key if isinstance(tz, ZoneInfo) else None


def _point_key(value: object) -> object:
    if isinstance(value, datetime):
        return instant_key(value.replace(microsecond=0)), _zone_key(value) or "Z"
    return value


def _key(where: Placement) -> tuple[object, ...]:
    return _point_key(where.start), _point_key(where.end), where.edtf, where.end_zone


def _exact_time(written: Placement, edtf: str) -> Time | None:
    """The time in X-BRI-EDTF, if exporting it writes what is written (not edited since)."""
    tz = _zone_key(written.start)
    end_tz = _zone_key(written.end) or tz
    try:
        exact = from_edtf(edtf, tz=tz, end_tz=end_tz)
    except InvalidValue:
        return None
    return exact if _key(placement(exact)) == _key(written) else None


def _plain_time(reader: _Reader, written: Placement) -> TimeSpan | AllDay:
    start, end = written.start, written.end
    if not isinstance(start, datetime):
        if isinstance(end, timedelta):
            if end.days < 1 or end.seconds or end.microseconds:
                raise reader.error("must be whole days after a DATE DTSTART", "DURATION", end)
            return reader.guard("DURATION", lambda: AllDay(start, start + end - timedelta(days=1)))
        if end is None or end == start:
            return AllDay(start)
        if isinstance(end, datetime):
            raise reader.error("must be a DATE, as DTSTART is", "DTEND", end)
        if end < start:
            raise reader.error("must not be before DTSTART", "DTEND", end)
        return reader.guard("DTEND", lambda: AllDay(start, end - timedelta(days=1)))
    if isinstance(end, timedelta):
        stop = reader.guard(
            "DURATION", lambda: (start.astimezone(UTC) + end).astimezone(start.tzinfo)
        )
        return reader.guard("DURATION", lambda: TimeSpan(start, stop))
    if end is None:
        if written.end_zone is not None:
            other = UTC if written.end_zone == "Z" else _zone(written.end_zone)
            if other is None:
                raise reader.error("names an unknown time zone", X_END_TZID, written.end_zone)
            return reader.guard(X_END_TZID, lambda: TimeSpan(start, start.astimezone(other)))
        return reader.guard("DTSTART", lambda: TimeSpan(start))
    if not isinstance(end, datetime):
        raise reader.error("must be a date-time, as DTSTART is", "DTEND", end)
    if end < start:
        raise reader.error(f"must not be before DTSTART {start.isoformat()}", "DTEND", end)
    return reader.guard("DTEND", lambda: TimeSpan(start, end))


def _location(reader: _Reader, component: Component) -> Location | None:
    name = _optional_text(reader, component, "LOCATION")
    if name is None or not name.strip():
        return None
    geo = _one(reader, component, "GEO")
    if geo is None:
        return reader.guard("LOCATION", lambda: Location(name))
    return reader.guard(
        "GEO", lambda: Location(name, latitude=geo.latitude, longitude=geo.longitude), geo
    )


def _categories(component: Component) -> tuple[str, ...]:
    names: dict[str, None] = {}
    for prop in _all(component, "CATEGORIES"):
        for name in getattr(prop, "cats", [prop]):
            text = _text(name).replace("\r\n", "\n").replace("\r", "\n")
            if text.strip():
                names.setdefault(text)
    return tuple(names)


def _decoded(
    reader: _Reader, component: Component, name: str, decode: Callable[[str], _T]
) -> list[_T]:
    found = []
    for prop in _all(component, name):
        text = _text(prop)
        found.append(reader.guard(name, lambda text=text: decode(text), text))  # type: ignore[misc]
    return found


def _participants(reader: _Reader, component: Component) -> list[Participant]:
    found = _decoded(reader, component, X_PARTICIPANT, decode_participant)
    if found:
        return found
    # Another calendar's attendees, by their common name (or address).
    for prop in _all(component, "ATTENDEE"):
        name = prop.params.get("CN") or str(prop).removeprefix("mailto:").removeprefix("MAILTO:")
        if str(name).strip():
            found.append(reader.guard("ATTENDEE", lambda name=name: Participant(str(name))))  # type: ignore[misc]
    return found


def _recurrence(reader: _Reader, component: Component, start: date | datetime) -> Recurrence | None:
    """The event's RRULE as a Recurrence, or None if it has none or cannot be one."""
    prop = _one(reader, component, "RRULE")
    if prop is None or set(prop) - _SIMPLE_RULE:
        return None
    frequency = prop["FREQ"][0] if prop.get("FREQ") else None
    if frequency not in {f.value for f in Frequency}:
        return None
    until: date | datetime | None = (prop.get("UNTIL") or [None])[0]
    exact = prop.params.get(X_UNTIL)
    if exact is not None:
        until = reader.guard(f"RRULE;{X_UNTIL}", lambda: until_from_text(str(exact)), exact)
    elif isinstance(until, datetime):
        if until.tzinfo is None:
            return None  # a floating UNTIL: leave it to the expansion
        until = until.astimezone(UTC)
    interval = (prop.get("INTERVAL") or [1])[0]
    count = (prop.get("COUNT") or [None])[0]
    return reader.guard(
        "RRULE",
        lambda: Recurrence(Frequency(frequency), interval=interval, count=count, until=until),
        prop.to_ical().decode(),
    )


def _event(
    reader: _Reader, component: Component, event_id: str, when: Time, recurrence: Recurrence | None
) -> Event:
    title = _optional_text(reader, component, "SUMMARY") or ""
    participants = _participants(reader, component)
    sources = _decoded(reader, component, X_SOURCE, decode_source)
    if len(sources) > 1:
        raise reader.error("must appear once", X_SOURCE)
    source: Source | None = sources[0] if sources else None
    inferred: list[Inference] = _decoded(reader, component, X_INFERRED, decode_inference)
    text = _optional_text(reader, component, "DESCRIPTION") or ""
    tail = description_tail(when, tuple(participants), source, tuple(inferred))
    url = _optional_text(reader, component, "URL")
    if url is None:
        url = _optional_text(reader, component, X_URL)
    sequence = _one(reader, component, "SEQUENCE")
    modified = _one(reader, component, "LAST-MODIFIED")
    updated = None if modified is None else getattr(modified, "dt", None)
    if updated is not None and (not isinstance(updated, datetime) or updated.tzinfo is None):
        raise reader.error("must be a UTC date-time", "LAST-MODIFIED", updated)
    return reader.guard(
        None,
        lambda: Event(
            event_id,
            title if title.strip() else _UNTITLED,
            when,
            description=split_description(text.replace("\r\n", "\n").replace("\r", "\n"), tail),
            location=_location(reader, component),
            categories=_categories(component),
            participants=participants,
            source=source,
            url=url,
            inferred=inferred,
            recurrence=recurrence,
            revision=0 if sequence is None else int(sequence),
            updated=updated,
        ),
    )


def _stamp(value: date | datetime) -> str:
    if isinstance(value, datetime):
        return value.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")
    return f"{value.year:04d}{value.month:02d}{value.day:02d}"


def _occurrence_id(base: str, start: date | datetime) -> str:
    suffix = "+" + _stamp(start)
    return base[: 255 - len(suffix)] + suffix


def _moment(value: date | datetime) -> object:
    """A key that matches an occurrence with its RECURRENCE-ID or EXDATE."""
    if isinstance(value, datetime):
        return ("instant", instant_key(value)) if value.tzinfo is not None else ("wall", value)
    return ("day", value)


def _rule_starts(
    reader: _Reader, component: Component, start: date | datetime
) -> Iterator[date | datetime]:
    """The starts of a repeating VEVENT (RRULE and RDATE, less EXDATE), in order."""
    streams: list[Iterator[date | datetime]] = []
    for prop in _all(component, "RRULE"):
        streams.append(_rrule_starts(reader, prop, start))
    extra: list[date | datetime] = [start]
    for prop in _all(component, "RDATE"):
        for item in getattr(prop, "dts", []):
            value = item.dt[0] if isinstance(item.dt, tuple) else item.dt
            extra.append(_datetime(reader, _Param(value, item.params or prop.params), "RDATE"))
    streams.append(iter(sorted(extra, key=_order)))
    excluded = set()
    for prop in _all(component, "EXDATE"):
        for item in getattr(prop, "dts", []):
            value = _datetime(reader, _Param(item.dt, item.params or prop.params), "EXDATE")
            excluded.add(_moment(value))
            if isinstance(value, date) and not isinstance(value, datetime):
                excluded.add(("date-of", value))
    previous: object = None
    for value in heapq.merge(*streams, key=_order):
        key = _moment(value)
        if key == previous:
            continue
        previous = key
        day_of = ("date-of", value.date()) if isinstance(value, datetime) else None
        if key not in excluded and day_of not in excluded:
            yield value


class _Param:
    """A value with parameters, as _datetime reads them."""

    def __init__(self, dt: object, params: Any) -> None:
        self.dt = dt
        self.params = params


def _order(value: date | datetime) -> tuple[int, int]:
    if isinstance(value, datetime):
        return (
            instant_key(value)
            if value.tzinfo is not None
            else instant_key(value.replace(tzinfo=UTC))
        ), 0
    return instant_key(datetime.combine(value, time(), tzinfo=UTC)), 0


def _rrule_starts(reader: _Reader, prop: Any, start: date | datetime) -> Iterator[date | datetime]:
    parts = dict(prop)
    until = (parts.pop("UNTIL", None) or [None])[0]
    text = prop.__class__(parts).to_ical().decode()
    is_day = not isinstance(start, datetime)
    dtstart = start if isinstance(start, datetime) else datetime.combine(start, time())
    rule = reader.guard("RRULE", lambda: rrule.rrulestr(text, dtstart=dtstart), text)
    if not isinstance(rule, rrule.rrule):
        raise reader.error("must be one rule", "RRULE", text)
    if until is not None:
        if is_day:
            day = until.date() if isinstance(until, datetime) else until
            last = datetime.combine(day, time())
        elif not isinstance(until, datetime):
            last = end_of_day(until, dtstart)
        elif until.tzinfo is None:
            last = until.replace(tzinfo=dtstart.tzinfo)
        else:
            last = until
        rule = rule.replace(until=last)
    for value in rule:
        yield value.date() if is_day else resolve_gap(value)


def _occurrence_time(when: TimeSpan | AllDay, start: date | datetime) -> TimeSpan | AllDay:
    if isinstance(when, AllDay):
        first = start.date() if isinstance(start, datetime) else start
        return AllDay(first, first + (when.last - when.first))
    if not isinstance(start, datetime):
        start = datetime.combine(start, time(), tzinfo=when.start.tzinfo)
    end = (start.astimezone(UTC) + when.duration).astimezone(when.end.tzinfo)
    return TimeSpan(start, end)


def _overlaps(item: Event, window: Time | Event | None) -> bool:
    return window is None or (item._start < window._end and window._start < item._end)


def _finite(component: Component) -> bool:
    return all(rule.get("COUNT") or rule.get("UNTIL") for rule in _all(component, "RRULE"))


class _Import:
    """The events of one file, as they are read."""

    def __init__(self, reader: _Reader, domain: str, window: Time | Event | None) -> None:
        self.reader = reader
        self.domain = domain
        self.window = window
        self.events: list[Event] = []

    def master(self, component: Component, changed: dict[object, Component]) -> None:
        reader = self.reader
        written, when = _read_when(reader, component)
        base = _id_from_uid(reader.uid or "", self.domain)
        repeats = any(name in component for name in ("RRULE", "RDATE")) or bool(changed)
        simple = (
            _recurrence(reader, component, written.start)
            if repeats and not changed and not any(n in component for n in ("RDATE", "EXDATE"))
            else None
        )
        event = _event(reader, component, base, when, simple)
        if not repeats:
            if _overlaps(event, self.window):
                self.events.append(event)
            return
        if simple is not None and self.window is None:
            self.events.append(event)
            return
        if simple is not None:
            for occurrence in occurrences(event, self.window):
                assert isinstance(occurrence, TimeSpan | AllDay)
                start = occurrence.start if isinstance(occurrence, TimeSpan) else occurrence.first
                self.events.append(_evolve(event, _occurrence_id(base, start), occurrence))
            return
        if self.window is None and not _finite(component):
            raise reader.error("repeats for ever: import it with a window", "RRULE")
        assert isinstance(when, TimeSpan | AllDay)
        hi = None if self.window is None else self.window._end
        for start in _rule_starts(reader, component, written.start):
            override = changed.pop(_moment(start), None)
            if override is not None:
                self.changed(override, base)
                continue
            found = reader.guard("RRULE", lambda start=start: _occurrence_time(when, start))  # type: ignore[misc]
            if hi is not None and found._start >= hi:
                break
            item = _evolve(event, _occurrence_id(base, start), found)
            if _overlaps(item, self.window):
                self.events.append(item)
        for override in changed.values():
            self.changed(override, base)

    def changed(self, component: Component, base: str) -> None:
        """One changed occurrence (RECURRENCE-ID); a cancelled one is left out."""
        if str(component.get("STATUS", "")).upper() == "CANCELLED":
            return
        reader = self.reader
        original = _datetime(reader, component["RECURRENCE-ID"], "RECURRENCE-ID")
        _, when = _read_when(reader, component)
        item = _event(reader, component, _occurrence_id(base, original), when, None)
        if _overlaps(item, self.window):
            self.events.append(item)


def _evolve(event: Event, event_id: str, when: Time) -> Event:
    import attrs

    return attrs.evolve(event, id=event_id, time=when, recurrence=None)


def _info(reader: _Reader, calendar: Component) -> TimelineInfo:
    def text(*names: str) -> str | None:
        for name in names:
            value = _optional_text(reader, calendar, name)
            if value is not None:
                return value
        return None

    modified = _one(reader, calendar, "LAST-MODIFIED")
    updated = None if modified is None else getattr(modified, "dt", None)
    if updated is not None and (not isinstance(updated, datetime) or updated.tzinfo is None):
        raise reader.error("must be a UTC date-time", "LAST-MODIFIED", updated)
    return reader.guard(
        None,
        lambda: TimelineInfo(
            text("NAME", "X-WR-CALNAME") or "",
            description=text("DESCRIPTION", "X-WR-CALDESC") or "",
            url=text("URL"),
            source=text(X_DOCUMENT),
            updated=None if updated is None else updated.astimezone(UTC),
        ),
    )


def _default_zone(
    reader: _Reader, calendar: Component, tz: str | ZoneInfo | None
) -> ZoneInfo | None:
    """The zone of floating times: ``tz``, else the calendar's X-WR-TIMEZONE, else none."""
    name = tz if tz is not None else _optional_text(reader, calendar, "X-WR-TIMEZONE")
    if name is None or isinstance(name, ZoneInfo):
        return name
    zone = _zone(name)
    if zone is None:
        raise reader.error("names an unknown time zone", "tz" if tz else "X-WR-TIMEZONE", name)
    return zone


def _collect(
    reader: _Reader, calendars: Sequence[Component]
) -> tuple[dict[str, Component], dict[str, dict[object, Component]]]:
    """The VEVENTs by UID: the events, and the changed occurrences of repeating ones."""
    masters: dict[str, Component] = {}
    changed: dict[str, dict[object, Component]] = {}
    for calendar in calendars:
        for component in calendar.walk("VEVENT"):
            reader.uid = None
            uid = _one(reader, component, "UID")
            if uid is None or not str(uid).strip():
                raise reader.error("is required", "UID")
            reader.uid = str(uid)
            if "RECURRENCE-ID" in component:
                moment = _moment(_datetime(reader, component["RECURRENCE-ID"], "RECURRENCE-ID"))
                changed.setdefault(reader.uid, {})[moment] = component
            elif str(component.get("STATUS", "")).upper() != "CANCELLED":
                if reader.uid in masters:
                    raise reader.error("is the UID of two events", "UID", reader.uid)
                masters[reader.uid] = component
    return masters, changed


def loads_ics(
    data: bytes | str,
    *,
    path: str = "<bytes>",
    window: Time | Event | None = None,
    domain: str = DEFAULT_DOMAIN,
    tz: str | ZoneInfo | None = None,
) -> Timeline:
    """Read a timeline from the bytes (or text) of an iCalendar file.

    Args:
        data: The file's content.
        path: The name errors give the file.
        window: Expand every repeating event into its occurrences, and keep only
            the events that overlap this time (or event).
        domain: The UID domain of our own feeds (see ``FeedOptions.domain``).
        tz: The zone of floating times, when the calendar names none (X-WR-TIMEZONE).

    Raises:
        ICalendarError: The data is not iCalendar, or an event cannot be read.
    """
    text = data if isinstance(data, str) else data.decode("utf-8", errors="replace")
    reader = _Reader(path, text, None)
    try:
        calendars = Calendar.from_ical(data, multiple=True)
    except (ValueError, TypeError, KeyError, IndexError) as error:
        raise ICalendarError(path, f"is not an iCalendar file ({error})") from None
    calendars = [item for item in calendars if item.name == "VCALENDAR"]
    if not calendars:
        raise ICalendarError(path, "has no VCALENDAR")
    reader.default_zone = _default_zone(reader, calendars[0], tz)
    info = reader.guard(None, lambda: _info(reader, calendars[0]))
    masters, changed = reader.guard(None, lambda: _collect(reader, calendars))
    work = _Import(reader, domain, window)
    for uid, component in masters.items():
        reader.uid = uid
        reader.guard(None, lambda: work.master(component, changed.pop(uid, {})))  # noqa: B023
    for uid, orphans in changed.items():
        reader.uid = uid
        for component in orphans.values():
            reader.guard(None, lambda: work.changed(component, _id_from_uid(uid, domain)))  # noqa: B023
    reader.uid = None
    try:
        return Timeline(work.events, info=info)
    except DuplicateEventId as error:
        raise ICalendarError(path, "two events get the same id", value=error.event_id) from None


def load_ics(
    path: str | os.PathLike[str],
    *,
    window: Time | Event | None = None,
    domain: str = DEFAULT_DOMAIN,
    tz: str | ZoneInfo | None = None,
) -> Timeline:
    """Read a timeline from an iCalendar file (see :func:`loads_ics`).

    Raises:
        ICalendarError: The file cannot be read, is not iCalendar, or an event
            cannot be read.
    """
    name = os.fspath(path)
    try:
        with open(name, "rb") as file:
            data = file.read()
    except OSError as error:
        raise ICalendarError(name, f"cannot be read: {error.strerror or error}") from None
    return loads_ics(data, path=name, window=window, domain=domain, tz=tz)
