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
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import BinaryIO
from zoneinfo import ZoneInfo

import attrs
from icalendar import Calendar, Component

from bri_timeline._ical_mapping import (
    DEFAULT_DOMAIN,
    FALLBACK_STAMP,
    X_DOCUMENT,
    escape_text,
    placement,
)
from bri_timeline.errors import FeedError, InvalidArgument
from bri_timeline.export._ics_event import CONTROL, Raw, event_component, utc_stamp, zone_of
from bri_timeline.export._ics_previous import (
    Previous,
    cancelled_lines,
    component_lines,
    content_lines,
    read_previous,
)
from bri_timeline.export._ics_timezones import timezone_component
from bri_timeline.model.event import MAX_REVISION, Event
from bri_timeline.model.recurrence import last_start_bound
from bri_timeline.timeline import Timeline, TimelineInfo, check_timeline

__all__ = ["PRODID", "FeedOptions", "to_ics", "write_ics"]

PRODID = "-//bri_timeline//bri-timeline//EN"
"""The feed's PRODID (no version, so that an upgrade alone does not change the bytes)."""

_DOMAIN = re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9.-]{0,200}[A-Za-z0-9])?")
_COLOR = re.compile(r"[a-z]{3,30}")
_TEXT_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


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
        not isinstance(value, str) or not value or CONTROL.search(value) or " " in value
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


def _text(field: str, value: str) -> Raw:
    """A TEXT value from the timeline's info, whose text the model does not check."""
    if bad := _TEXT_CONTROL.search(value):
        raise FeedError(
            field, f"must not hold the control character U+{ord(bad.group()):04X}", value
        )
    return Raw(escape_text(value))


def _calendar(info: TimelineInfo, feed: FeedOptions) -> Calendar:
    """The VCALENDAR and its properties, without components."""
    calendar = Calendar()
    calendar.add("VERSION", "2.0")
    calendar.add("PRODID", Raw(escape_text(PRODID)), encode=False)
    calendar.add("CALSCALE", "GREGORIAN")
    calendar.add("METHOD", "PUBLISH")
    if info.name:
        calendar.add("NAME", _text("name", info.name), encode=False)
        calendar.add("X-WR-CALNAME", _text("name", info.name), encode=False)
    if info.description:
        calendar.add("DESCRIPTION", _text("description", info.description), encode=False)
        calendar.add("X-WR-CALDESC", _text("description", info.description), encode=False)
    refresh = Raw(_duration_text(feed.refresh_interval), {"VALUE": "DURATION"})
    calendar.add("REFRESH-INTERVAL", refresh, encode=False)
    calendar.add("X-PUBLISHED-TTL", Raw(_duration_text(feed.refresh_interval)), encode=False)
    if feed.source_url is not None:
        calendar.add("SOURCE", Raw(feed.source_url, {"VALUE": "URI"}), encode=False)
    if info.url is not None:
        if not info.url or CONTROL.search(info.url) or " " in info.url or "\\" in info.url:
            rule = "must be a URI without spaces, backslashes or control characters"
            raise FeedError("url", rule, info.url)
        calendar.add("URL", Raw(info.url, {"VALUE": "URI"}), encode=False)
    if feed.color is not None:
        calendar.add("COLOR", Raw(feed.color), encode=False)
    if info.source is not None:
        calendar.add(X_DOCUMENT, _text("source", info.source), encode=False)
    if info.updated is not None:
        calendar.add("LAST-MODIFIED", Raw(utc_stamp(info.updated)), encode=False)
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
            if not isinstance(point, datetime) or (zone := zone_of(point)) is None:
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
        InvalidArgument: ``timeline`` is not a Timeline, ``file`` not a binary file,
            or ``feed`` not FeedOptions.
        ICalendarError: ``previous`` is not an iCalendar feed.
    """
    check_timeline(timeline)
    if not callable(getattr(file, "write", None)) or isinstance(file, io.TextIOBase):
        raise InvalidArgument("file", "must be a binary file (open it with 'wb')", file)
    feed = FeedOptions() if feed is None else feed
    if not isinstance(feed, FeedOptions):
        raise InvalidArgument("feed", "must be a FeedOptions", feed)
    info = timeline.info
    now = info.updated or FALLBACK_STAMP
    earlier = {} if previous is None else read_previous(previous, previous_name)
    header, footer = _header_and_footer(_calendar(info, feed))
    uids = {f"{event.id}@{feed.domain}" for event in timeline}
    cancelled = [
        earlier[uid]
        for uid in sorted(set(earlier) - uids)
        if now - (earlier[uid].stamp if earlier[uid].cancelled else now) < feed.cancelled_for
    ]
    # First the zones, which come before the events that use them.
    zones = _Zones()
    for event in timeline:
        zones.add_event(event)
    for known in cancelled:
        for zone, instant in known.zones:
            zones.add(zone, instant)
    file.write(header)
    for vtimezone in zones.components():
        file.write(vtimezone.to_ical())
    for event in timeline:
        file.write(_event_bytes(event, feed, info, earlier))
    for known in cancelled:
        file.write(cancelled_lines(known, now).to_ical())  # type: ignore[no-untyped-call]
    file.write(footer)


def _event_bytes(
    event: Event, feed: FeedOptions, info: TimelineInfo, earlier: dict[str, Previous]
) -> bytes:
    """The VEVENT of an event, its SEQUENCE raised if it changed since the previous feed."""
    uid = f"{event.id}@{feed.domain}"
    stamp = event.updated or info.updated or FALLBACK_STAMP
    component = event_component(event, uid=uid, stamp=stamp, sequence=event.revision)
    known = earlier.get(uid)
    if known is not None:
        lines = component_lines(component)[1:-1]
        changed = content_lines(lines) != content_lines(known.lines[1:-1])
        sequence = max(event.revision, known.sequence + 1 if changed else known.sequence)
        sequence = min(sequence, MAX_REVISION)  # the highest SEQUENCE there is: it stays
        if sequence != event.revision:
            component = event_component(event, uid=uid, stamp=stamp, sequence=sequence)
    return bytes(component.to_ical())


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
