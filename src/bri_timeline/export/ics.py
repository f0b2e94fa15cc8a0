r"""A Timeline as an iCalendar feed (RFC 5545, with the RFC 7986 calendar properties).

:func:`to_ics` returns the feed's bytes, :func:`write_ics` streams them to a
binary file; both take only a :class:`~bri_timeline.Timeline`, with options in
:class:`FeedOptions` and, to update subscribers in place, the previous feed.
How each field maps is documented in ``docs/ical.md``; the short of it:

* ``UID`` is ``f"{event.id}@{domain}"``; ``SEQUENCE`` is the event's ``revision``;
  ``DTSTAMP`` and ``LAST-MODIFIED`` come from the data, never the clock, so the
  same data gives the same bytes on every run and machine.
* timed spans carry their ``TZID`` (a VTIMEZONE is generated for each zone used)
  or end in ``Z`` for UTC; whole days are ``VALUE=DATE`` with an exclusive
  ``DTEND``; partial and open-ended dates are days over their known period, with
  their exact EDTF in ``X-BRI-EDTF``.
* given the previous feed, an event whose content changed without a new
  revision gets the previous SEQUENCE + 1, and an event that left the data is
  published as ``STATUS:CANCELLED`` (SEQUENCE + 1) for
  :attr:`FeedOptions.cancelled_for`, measured against the timeline's ``updated``.

Text is escaped so that no value can start a property or a component of its
own, and icalendar folds lines at 75 octets without splitting a character.

>>> from datetime import date
>>> from bri_timeline import AllDay, Event, Timeline
>>> feed = to_ics(Timeline([Event("apec", "APEC", AllDay(date(2024, 11, 13), date(2024, 11, 15)))]))
>>> print(feed.decode().replace("\r\n", "\n"))  # doctest: +ELLIPSIS
BEGIN:VCALENDAR
VERSION:2.0
PRODID:-//bri_timeline//bri-timeline//EN
CALSCALE:GREGORIAN
METHOD:PUBLISH
REFRESH-INTERVAL;VALUE=DURATION:P1D
X-PUBLISHED-TTL:P1D
BEGIN:VEVENT
SUMMARY:APEC
DTSTART;VALUE=DATE:20241113
DTEND;VALUE=DATE:20241116
DTSTAMP:19700101T000000Z
UID:apec@bri-timeline.invalid
SEQUENCE:0
TRANSP:TRANSPARENT
END:VEVENT
END:VCALENDAR
<BLANKLINE>
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterable, Iterator
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import BinaryIO
from zoneinfo import ZoneInfo

import attrs
from icalendar import Calendar, Component
from icalendar import Event as VEvent
from icalendar.parser import Contentline, Contentlines, Parameters

from bri_timeline._ical_mapping import (
    DEFAULT_DOMAIN,
    FALLBACK_STAMP,
    X_DOCUMENT,
    X_EDTF,
    X_END_TZID,
    X_INFERRED,
    X_PARTICIPANT,
    X_SOURCE,
    X_TZID,
    X_UNTIL,
    X_URL,
    compose_description,
    encode_inference,
    encode_participant,
    encode_source,
    escape_text,
    exact_in_ical,
    placement,
    until_text,
)
from bri_timeline.errors import FeedError, ICalendarError
from bri_timeline.export._ics_timezones import timezone_component
from bri_timeline.model.event import Event, Recurrence
from bri_timeline.model.recurrence import end_of_day, last_start_bound
from bri_timeline.model.times import AllDay, TimeSpan
from bri_timeline.timeline import Timeline, TimelineInfo

__all__ = ["PRODID", "FeedOptions", "to_ics", "write_ics"]

PRODID = "-//bri_timeline//bri-timeline//EN"
"""The feed's PRODID (no version, so that an upgrade alone does not change the bytes)."""

_DOMAIN = re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9.-]{0,200}[A-Za-z0-9])?")
_COLOR = re.compile(r"[a-z]{3,30}")
_CONTROL = re.compile(r"[\x00-\x08\x0a-\x1f\x7f]")
_TEXT_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_SKIPPED = frozenset({"SEQUENCE", "DTSTAMP"})


def _domain(value: object) -> str:
    if not isinstance(value, str) or not _DOMAIN.fullmatch(value):
        raise FeedError("domain", "must be a domain name such as 'example.org'", value)
    return value


def _duration(field: str, value: object, *, positive: bool) -> timedelta:
    if not isinstance(value, timedelta) or value.microseconds:
        raise FeedError(field, "must be a timedelta of whole seconds", value)
    if value < timedelta(0) or (positive and not value):
        raise FeedError(field, "must be positive" if positive else "must not be negative", value)
    return value


def _refresh_interval(value: object) -> timedelta:
    return _duration("refresh_interval", value, positive=True)


def _cancelled_for(value: object) -> timedelta:
    return _duration("cancelled_for", value, positive=False)


def _color(value: object) -> str | None:
    if value is not None and (not isinstance(value, str) or not _COLOR.fullmatch(value)):
        raise FeedError("color", "must be a CSS3 color name in lower case, e.g. 'darkred'", value)
    return value


def _uri(value: object) -> str | None:
    if value is not None and (
        not isinstance(value, str) or not value or _CONTROL.search(value) or " " in value
    ):
        raise FeedError("source_url", "must be a URI without spaces or control characters", value)
    return value


@attrs.frozen
class FeedOptions:
    """How a timeline is published as a feed.

    Args:
        domain: The domain of every UID (``f"{event.id}@{domain}"``); keep it for
            the life of the feed, or subscribers get duplicates.
        refresh_interval: How often clients should fetch the feed again
            (REFRESH-INTERVAL and X-PUBLISHED-TTL).
        color: A CSS3 color name for the calendar (RFC 7986 COLOR).
        source_url: Where the feed itself can be fetched (RFC 7986 SOURCE).
        cancelled_for: How long an event that left the data stays in the feed
            as cancelled, measured against the timeline's ``updated``; zero drops
            it at once.

    >>> FeedOptions(domain="example.org").domain
    'example.org'
    >>> FeedOptions(domain="exa mple")
    Traceback (most recent call last):
    ...
    bri_timeline.errors.FeedError: domain: must be a domain name ... (got 'exa mple')
    """

    domain: str = attrs.field(default=DEFAULT_DOMAIN, converter=_domain)
    refresh_interval: timedelta = attrs.field(
        default=timedelta(days=1),
        kw_only=True,
        converter=_refresh_interval,
    )
    color: str | None = attrs.field(default=None, kw_only=True, converter=_color)
    source_url: str | None = attrs.field(default=None, kw_only=True, converter=_uri)
    cancelled_for: timedelta = attrs.field(
        default=timedelta(days=30),
        kw_only=True,
        converter=_cancelled_for,
    )


class _Raw:
    """A property value written as given: already escaped for its value type."""

    __slots__ = ("_text", "params")

    def __init__(self, text: str, params: dict[str, str] | None = None) -> None:
        self._text = text
        self.params = Parameters(params or {})

    def to_ical(self) -> bytes:
        return self._text.encode("utf-8")


def _text(field: str, value: str) -> _Raw:
    """A TEXT value from the timeline's info, whose text the model does not check."""
    if bad := _TEXT_CONTROL.search(value):
        raise FeedError(
            field, f"must not hold the control character U+{ord(bad.group()):04X}", value
        )
    return _Raw(escape_text(value))


def _stamp(value: datetime) -> str:
    value = value.astimezone(UTC)
    day = f"{value.year:04d}{value.month:02d}{value.day:02d}"
    return f"{day}T{value.hour:02d}{value.minute:02d}{value.second:02d}Z"


def _zone_of(value: datetime) -> ZoneInfo | None:
    """The zone whose TZID a datetime is written with, or None when it is written in UTC.

    UTC itself is written with ``Z`` (icalendar drops ``TZID=UTC``), and so is the
    second pass of a repeated hour, which a local time cannot name.
    """
    tz = value.tzinfo
    if not isinstance(tz, ZoneInfo) or tz.key == "UTC":
        return None
    if value.fold and not exact_in_ical(value.replace(microsecond=0)):
        return None
    return tz


def _point(value: date | datetime) -> _Raw:
    """A DTSTART/DTEND value: a day, a UTC time, or a local time with its TZID."""
    if not isinstance(value, datetime):
        return _Raw(f"{value.year:04d}{value.month:02d}{value.day:02d}", {"VALUE": "DATE"})
    zone = _zone_of(value)
    if zone is None:
        tz = value.tzinfo
        return _Raw(_stamp(value), {X_TZID: tz.key} if isinstance(tz, ZoneInfo) else None)
    wall = _stamp(value.replace(tzinfo=None, microsecond=0).replace(tzinfo=UTC))[:-1]
    return _Raw(wall, {"TZID": zone.key})


def _decimal(number: float) -> str:
    """A float as GEO's FLOAT wants it: no exponent, and it reads back as the same float."""
    text = format(Decimal(repr(number)), "f")
    return text if "." in text else text + ".0"


def _rrule(event: Event, recurrence: Recurrence) -> _Raw:
    """RRULE; ``X-BRI-UNTIL`` keeps the model's ``until`` where UNTIL must say it otherwise."""
    parts = [f"FREQ={recurrence.frequency.value}"]
    if recurrence.interval != 1:
        parts.append(f"INTERVAL={recurrence.interval}")
    if recurrence.count is not None:
        parts.append(f"COUNT={recurrence.count}")
    params: dict[str, str] = {}
    until = recurrence.until
    if until is not None:
        # RFC 5545: UNTIL is a day when DTSTART is one, else a UTC time.
        if isinstance(event.time, AllDay):
            day = until.astimezone(UTC).date() if isinstance(until, datetime) else until
            parts.append(f"UNTIL={_point(day)._text}")
            exact = not isinstance(until, datetime)
        else:
            assert isinstance(event.time, TimeSpan)
            last = until if isinstance(until, datetime) else end_of_day(until, event.time.start)
            parts.append(f"UNTIL={_stamp(last)}")
            exact = isinstance(until, datetime) and not until.microsecond
        if not exact:
            params[X_UNTIL] = until_text(until)
    return _Raw(";".join(parts), params)


def _add(component: Component, name: str, text: str, params: dict[str, str] | None = None) -> None:
    """Add a property whose value is already written as iCalendar wants it."""
    component.add(name, _Raw(text, params), encode=False)


def _add_time(component: Component, event: Event) -> None:
    where = placement(event.time)
    component.add("DTSTART", _point(where.start), encode=False)
    if isinstance(where.end, timedelta):
        component.add("DURATION", where.end)
    elif where.end is not None:
        component.add("DTEND", _point(where.end), encode=False)
    if where.edtf is not None:
        _add(component, X_EDTF, escape_text(where.edtf))
    if where.end_zone is not None:
        _add(component, X_END_TZID, escape_text(where.end_zone))
    if event.recurrence is not None:
        component.add("RRULE", _rrule(event, event.recurrence), encode=False)


def _add_place_and_links(component: Component, event: Event) -> None:
    location = event.location
    if location is not None:
        _add(component, "LOCATION", escape_text(location.name))
        if location.latitude is not None and location.longitude is not None:
            _add(component, "GEO", f"{_decimal(location.latitude)};{_decimal(location.longitude)}")
    if event.categories:
        _add(component, "CATEGORIES", ",".join(escape_text(name) for name in event.categories))
    if event.url is not None:
        if _CONTROL.search(event.url):
            _add(component, X_URL, escape_text(event.url))
        else:
            _add(component, "URL", event.url)


def _event_component(event: Event, *, uid: str, stamp: datetime, sequence: int) -> VEvent:
    """The VEVENT of an event (see the module docstring and docs/ical.md)."""
    component = VEvent()
    _add(component, "UID", escape_text(uid))
    _add(component, "DTSTAMP", _stamp(stamp))
    component.add("SEQUENCE", sequence)
    _add(component, "SUMMARY", escape_text(event.title))
    _add_time(component, event)
    if description := compose_description(event):
        _add(component, "DESCRIPTION", escape_text(description))
    _add_place_and_links(component, event)
    for person in event.participants:
        _add(component, X_PARTICIPANT, escape_text(encode_participant(person)))
    if event.source is not None:
        _add(component, X_SOURCE, escape_text(encode_source(event.source)))
    for note in event.inferred:
        _add(component, X_INFERRED, escape_text(encode_inference(note)))
    if event.updated is not None:
        _add(component, "LAST-MODIFIED", _stamp(event.updated))
    component.add("TRANSP", "TRANSPARENT")
    return component


def _calendar(info: TimelineInfo, feed: FeedOptions) -> Calendar:
    """The VCALENDAR and its properties, without components."""
    calendar = Calendar()
    calendar.add("VERSION", "2.0")
    calendar.add("PRODID", _Raw(escape_text(PRODID)), encode=False)
    calendar.add("CALSCALE", "GREGORIAN")
    calendar.add("METHOD", "PUBLISH")
    if info.name:
        calendar.add("NAME", _text("name", info.name), encode=False)
        calendar.add("X-WR-CALNAME", _text("name", info.name), encode=False)
    if info.description:
        calendar.add("DESCRIPTION", _text("description", info.description), encode=False)
        calendar.add("X-WR-CALDESC", _text("description", info.description), encode=False)
    refresh = _Raw(_duration_text(feed.refresh_interval), {"VALUE": "DURATION"})
    calendar.add("REFRESH-INTERVAL", refresh, encode=False)
    calendar.add("X-PUBLISHED-TTL", _Raw(_duration_text(feed.refresh_interval)), encode=False)
    if feed.source_url is not None:
        calendar.add("SOURCE", _Raw(feed.source_url, {"VALUE": "URI"}), encode=False)
    if info.url is not None:
        if not info.url or _CONTROL.search(info.url) or " " in info.url:
            raise FeedError("url", "must be a URI without spaces or control characters", info.url)
        calendar.add("URL", _Raw(info.url, {"VALUE": "URI"}), encode=False)
    if feed.color is not None:
        calendar.add("COLOR", _Raw(feed.color), encode=False)
    if info.source is not None:
        calendar.add(X_DOCUMENT, _text("source", info.source), encode=False)
    if info.updated is not None:
        calendar.add("LAST-MODIFIED", _Raw(_stamp(info.updated)), encode=False)
    return calendar


def _duration_text(value: timedelta) -> str:
    days, seconds = value.days, value.seconds
    if not seconds:
        return f"P{days}D"
    hours, rest = divmod(seconds, 3600)
    minutes, seconds = divmod(rest, 60)
    time = "".join(
        f"{number}{unit}"
        for number, unit in ((hours, "H"), (minutes, "M"), (seconds, "S"))
        if number
    )
    return f"P{days}DT{time}" if days else f"PT{time}"


@attrs.frozen
class _Previous:
    """What the previous feed says of one UID: its state and its unfolded lines."""

    sequence: int
    cancelled: bool
    stamp: datetime
    lines: tuple[str, ...]
    zones: tuple[tuple[ZoneInfo, datetime], ...]


def _name(line: str) -> str:
    return re.split(r"[;:]", line, maxsplit=1)[0].upper()


def _content(lines: Iterable[str]) -> tuple[str, ...]:
    """The lines that say what an event is: all but SEQUENCE and DTSTAMP, in order."""
    return tuple(line for line in lines if _name(line) not in _SKIPPED)


def _blocks(previous: bytes) -> Iterator[tuple[str, ...]]:
    """The unfolded lines of each VEVENT, BEGIN and END included."""
    current: list[str] | None = None
    for line in Contentlines.from_ical(previous):  # type: ignore[no-untyped-call]
        if line.upper() == "BEGIN:VEVENT":
            current = [line]
        elif current is not None:
            current.append(line)
            if line.upper() == "END:VEVENT":
                yield tuple(current)
                current = None


def _zoned_times(component: Component) -> Iterator[tuple[ZoneInfo, datetime]]:
    for name in ("DTSTART", "DTEND"):
        prop = component.get(name)
        tzid = None if prop is None else prop.params.get("TZID")
        try:
            value = getattr(prop, "dt", None)
        except ValueError:
            continue
        if tzid and isinstance(value, datetime):
            try:
                zone = ZoneInfo(tzid)
            except (ValueError, KeyError):
                continue
            yield zone, value.replace(tzinfo=zone).astimezone(UTC)


def _read_previous(previous: bytes, path: str) -> dict[str, _Previous]:
    """The VEVENTs of the previous feed, by UID."""
    try:
        calendar = Calendar.from_ical(previous)
        blocks = list(_blocks(previous))
    except ValueError as error:
        raise ICalendarError(path, f"is not an iCalendar file ({error})") from None
    events = calendar.walk("VEVENT")
    if len(events) != len(blocks):
        raise ICalendarError(path, "has VEVENTs that are not at the top of the calendar")
    found: dict[str, _Previous] = {}
    for component, lines in zip(events, blocks, strict=True):
        uid = str(component.get("UID", ""))
        try:
            sequence = int(component.get("SEQUENCE", 0))
            stamp = component.decoded("DTSTAMP")
        except (KeyError, ValueError, TypeError):
            raise ICalendarError(path, "needs a DTSTAMP and a whole SEQUENCE", uid=uid) from None
        if not isinstance(stamp, datetime) or stamp.utcoffset() is None:
            raise ICalendarError(path, "must be a UTC time", uid=uid, prop="DTSTAMP", value=stamp)
        cancelled = str(component.get("STATUS", "")).upper() == "CANCELLED"
        zones = tuple(_zoned_times(component))
        found[uid] = _Previous(sequence, cancelled, stamp, lines, zones)
    return found


def _cancelled_lines(earlier: _Previous, now: datetime) -> Contentlines:
    """A VEVENT of the previous feed, republished as cancelled: its own lines, amended.

    Already cancelled, it is copied as it was, so a rebuild changes nothing.
    """
    stamp, sequence = (
        (earlier.stamp, earlier.sequence) if earlier.cancelled else (now, earlier.sequence + 1)
    )
    replaced = {"SEQUENCE", "DTSTAMP", "STATUS", "LAST-MODIFIED"}
    kept = [line for line in earlier.lines[:-1] if _name(line) not in replaced]
    added = [
        f"DTSTAMP:{_stamp(stamp)}",
        f"SEQUENCE:{sequence}",
        "STATUS:CANCELLED",
        f"LAST-MODIFIED:{_stamp(stamp)}",
    ]
    lines = [*kept, *added, "END:VEVENT", ""]
    return Contentlines(Contentline(line) for line in lines)  # type: ignore[no-untyped-call]


class _Zones:
    """The zones the feed uses, each with the first and last instant it must be right for."""

    def __init__(self) -> None:
        self._ranges: dict[ZoneInfo, tuple[datetime, datetime]] = {}

    def add(self, zone: ZoneInfo, first: datetime, last: datetime | None = None) -> None:
        last = first if last is None else last
        known = self._ranges.get(zone)
        if known is not None:
            first, last = min(first, known[0]), max(last, known[1])
        self._ranges[zone] = (first, last)

    def add_event(self, event: Event) -> None:
        where = placement(event.time)
        bound = last_start_bound(event)
        for point in (where.start, where.end):
            if not isinstance(point, datetime) or (zone := _zone_of(point)) is None:
                continue
            instant = point.astimezone(UTC)
            self.add(zone, instant, None if bound is None else max(instant, bound))

    def components(self) -> Iterator[Component]:
        for zone in sorted(self._ranges, key=lambda item: item.key):
            first, last = self._ranges[zone]
            yield timezone_component(zone, first, last)


def _header_and_footer(calendar: Calendar) -> tuple[bytes, bytes]:
    text = calendar.to_ical()
    footer = b"END:VCALENDAR\r\n"
    assert text.endswith(footer)
    return text[: -len(footer)], footer


def write_ics(
    timeline: Timeline,
    file: BinaryIO,
    *,
    feed: FeedOptions | None = None,
    previous: bytes | None = None,
    previous_name: str = "<previous feed>",
) -> None:
    """Write a timeline's feed to a binary file, one component at a time.

    Args:
        timeline: The timeline.
        file: Where the bytes go.
        feed: The feed's options (default :class:`FeedOptions`).
        previous: The feed as last published, to raise SEQUENCE where an event
            changed and to publish events that left the data as cancelled.
        previous_name: The name errors give the previous feed.

    Raises:
        FeedError: The timeline's info holds text iCalendar cannot carry.
        ICalendarError: ``previous`` is not an iCalendar feed.
    """
    feed = FeedOptions() if feed is None else feed
    info = timeline.info
    now = info.updated or FALLBACK_STAMP
    earlier = {} if previous is None else _read_previous(previous, previous_name)
    header, footer = _header_and_footer(_calendar(info, feed))
    zones = _Zones()
    bodies: list[bytes] = []
    published: set[str] = set()
    for event in timeline:
        uid = f"{event.id}@{feed.domain}"
        published.add(uid)
        stamp = event.updated or info.updated or FALLBACK_STAMP
        component = _event_component(event, uid=uid, stamp=stamp, sequence=event.revision)
        known = earlier.get(uid)
        if known is not None:
            changed = _content(_lines(component)[1:-1]) != _content(known.lines[1:-1])
            sequence = max(event.revision, known.sequence + 1 if changed else known.sequence)
            if sequence != event.revision:
                component = _event_component(event, uid=uid, stamp=stamp, sequence=sequence)
        zones.add_event(event)
        bodies.append(component.to_ical())
    for uid in sorted(set(earlier) - published):
        known = earlier[uid]
        cancelled_at = known.stamp if known.cancelled else now
        if now - cancelled_at >= feed.cancelled_for:
            continue
        for zone, instant in known.zones:
            zones.add(zone, instant)
        bodies.append(_cancelled_lines(known, now).to_ical())  # type: ignore[no-untyped-call]
    file.write(header)
    for vtimezone in zones.components():
        file.write(vtimezone.to_ical())
    for body in bodies:
        file.write(body)
    file.write(footer)


def to_ics(
    timeline: Timeline,
    *,
    feed: FeedOptions | None = None,
    previous: bytes | None = None,
    previous_name: str = "<previous feed>",
) -> bytes:
    """The timeline as an iCalendar feed (see :func:`write_ics`).

    The same timeline (and previous feed) always gives the same bytes.
    """
    buffer = io.BytesIO()
    write_ics(timeline, buffer, feed=feed, previous=previous, previous_name=previous_name)
    return buffer.getvalue()


def _lines(component: Component) -> tuple[str, ...]:
    return tuple(str(line) for line in component.content_lines() if line)
