r"""A Timeline as an iCalendar feed (RFC 5545, with the RFC 7986 calendar properties).

:func:`to_ics` returns the feed's bytes, :func:`write_ics` streams them to a
binary file; both take only a :class:`~bri_timeline.Timeline`, with options in
:class:`FeedOptions` and, to update subscribers in place, the previous feed.
How each field maps is documented in ``docs/ical.md``; the short of it:

* ``UID`` is the event's ``uid``, else ``f"{event.id}@{domain}"``; ``SEQUENCE`` is the
  event's ``revision``;
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
  Both are decided on :func:`bri_timeline.changes.diff` between the events the previous
  feed holds (as the importer reads them) and the timeline (the private ``_update``).

Text is escaped so that no value can start a property or a component of its
own, and lines are folded at 75 octets without splitting a character.

Two engines write the same bytes. ``engine="direct"`` (the default) writes each
VEVENT's content lines itself (the private ``_lines``), about ten times faster;
``engine="icalendar"`` builds each VEVENT as an icalendar component and lets
icalendar serialize it (the private ``_components``): the reference the direct writer is
tested against. The calendar's properties, the VTIMEZONEs and cancelled events
(a handful per feed) go through icalendar in both. :class:`FeedBuilder` keeps
each event's lines between builds, for a feed rebuilt after a few changes.

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
DTSTAMP:...T000000Z
UID:apec@bri-timeline.invalid
SEQUENCE:0
TRANSP:TRANSPARENT
END:VEVENT
END:VCALENDAR
<BLANKLINE>
"""

from __future__ import annotations

import io
from datetime import datetime
from typing import BinaryIO, Literal

from bri_timeline.errors import InvalidArgument
from bri_timeline.formats._files import check_binary_file
from bri_timeline.formats.ical._builder import FeedBuilder
from bri_timeline.formats.ical._calendar import (
    PRODID,
    FeedOptions,
    calendar_head,
    feed_or_default,
    feed_stamp,
)
from bri_timeline.formats.ical._components import series_components
from bri_timeline.formats.ical._lines import mend_folds, render, zone_uses
from bri_timeline.formats.ical._mapping import check_uids, event_uid
from bri_timeline.formats.ical._previous import (
    cancelled_lines,
    check_previous,
    read_previous,
    still_cancelled,
)
from bri_timeline.formats.ical._reach import carried
from bri_timeline.formats.ical._timezones import ZoneRanges, timezone_component
from bri_timeline.formats.ical._update import Update, update
from bri_timeline.formats.ical._values import check_sequence, utc_stamp
from bri_timeline.model.event import Event
from bri_timeline.timeline import Timeline, check_timeline

__all__ = ["PRODID", "FeedBuilder", "FeedOptions", "feed_stamp", "to_ics", "write_ics"]

_PREVIOUS = "<previous feed>"


def _is_direct(engine: object) -> bool:
    if engine not in ("direct", "icalendar"):
        raise InvalidArgument("engine", "must be 'direct' or 'icalendar'", engine)
    return engine == "direct"


def write_ics(
    timeline: Timeline,
    file: BinaryIO,
    *,
    feed: FeedOptions | None = None,
    previous: bytes | None = None,
    previous_name: str = _PREVIOUS,
    engine: Literal["direct", "icalendar"] = "direct",
) -> None:
    """Write a timeline's feed to a binary file, one component at a time.

    Costs O(n) in the events, in two passes (the zones first, then each event
    written and forgotten): memory for one VEVENT at a time, not the feed. With
    ``previous``, add the cost of parsing it with icalendar.

    Args:
        timeline: The timeline.
        file: Where the bytes go.
        feed: The feed's options (default :class:`FeedOptions`).
        previous: The feed as last published, to raise SEQUENCE where an event
            changed and to publish events that left the data as cancelled.
        previous_name: The name errors give the previous feed.
        engine: ``"direct"`` (the default), or ``"icalendar"`` for the reference
            engine, about ten times slower; both write the same bytes.

    Raises:
        FeedError: The timeline's info holds text iCalendar cannot carry, or an
            event's time lies beyond the years 1 to 9999 and ``feed`` says
            ``on_unrepresentable="error"`` (the default; with ``"skip"`` the event
            is left out, and :func:`~bri_timeline.left_out_of_feed` names it).
        ICalendarError: ``previous`` is not an iCalendar feed.
        InvalidArgument: ``engine`` is neither of the two, ``timeline`` is not a
            Timeline, ``file`` not a binary file, ``feed`` not FeedOptions,
            ``previous`` neither bytes nor None, or ``previous_name`` not a str.
    """
    direct = _is_direct(engine)
    check_timeline(timeline)
    check_binary_file(file)
    feed = feed_or_default(feed)
    previous_name = check_previous(previous, previous_name)
    timeline = carried(timeline, feed.on_unrepresentable)
    check_uids(timeline, feed.domain)
    info = timeline.info
    now = feed_stamp(timeline, feed)
    earlier = {} if previous is None else read_previous(previous, previous_name, feed.domain)
    header, footer = calendar_head(info, feed)
    changes = update(earlier, timeline, feed.domain)
    cancelled = still_cancelled(earlier, changes.gone, now, feed.cancelled_for)
    # First the zones, which come before the events that use them.
    zones = ZoneRanges()
    for event in timeline:
        if direct:
            for use in zone_uses(event):
                zones.add(*use)
        else:
            zones.add_event(event)
    for _, known in cancelled:
        for zone, instant in known.zones:
            zones.add(zone, instant, instant)
    file.write(header)
    for zone, first, last in zones.ranges():
        file.write(timezone_component(zone, first, last).to_ical())
    stamp = utc_stamp(now).encode("ascii")
    for event in timeline:
        if direct:
            file.write(_direct_vevent(event, feed, stamp, changes))
        else:
            file.write(_reference_vevent(event, feed, now, changes))
    for _, known in cancelled:
        file.write(mend_folds(cancelled_lines(known, now).to_ical()))  # type: ignore[no-untyped-call]
    file.write(footer)


def _direct_vevent(event: Event, feed: FeedOptions, stamp: bytes, changes: Update) -> bytes:
    """The VEVENT of an event, its SEQUENCE raised if it changed since the previous feed."""
    rendered = render(event, event_uid(event, feed.domain))
    sequence = changes.sequence(rendered.uid, event.revision)
    return rendered.vevent(rendered.stamp or stamp, check_sequence(event, sequence))


def _reference_vevent(event: Event, feed: FeedOptions, now: datetime, changes: Update) -> bytes:
    """The same VEVENT, as icalendar serializes the component tree of ``event_component``."""
    uid = event_uid(event, feed.domain)
    sequence = check_sequence(event, changes.sequence(uid, event.revision))
    components = series_components(event, uid=uid, stamp=event.updated or now, sequence=sequence)
    return b"".join(mend_folds(component.to_ical()) for component in components)


def to_ics(
    timeline: Timeline,
    *,
    feed: FeedOptions | None = None,
    previous: bytes | None = None,
    previous_name: str = _PREVIOUS,
    engine: Literal["direct", "icalendar"] = "direct",
) -> bytes:
    """The timeline as an iCalendar feed (see :func:`write_ics`).

    The same timeline (and previous feed) always gives the same bytes, with
    either engine. Costs O(n) in the events, and holds the feed in memory; to
    build the feed again after a few changes, :class:`FeedBuilder` is cheaper.
    """
    buffer = io.BytesIO()
    write_ics(
        timeline,
        buffer,
        feed=feed,
        previous=previous,
        previous_name=previous_name,
        engine=engine,
    )
    return buffer.getvalue()
