"""A feed built again and again, writing only the events that changed (:class:`FeedBuilder`).

Over 400 lines: one class whose build steps share what it keeps; apart, they would pass it around.

Part of :mod:`bri_timeline.formats.ical.write`, which re-exports :class:`FeedBuilder`.
What it keeps between builds:

* each event's lines (:class:`~._lines.Rendered`) and zones, keyed by the
  event itself: events are frozen and hashable, and equal events write equal
  lines (the model compares datetimes by instant and zone, and normalizes -0.0,
  so that they do). A lookup by ``id`` comes first, so the very same objects are
  found without hashing them; the options are fixed for the builder's life.
* what its last feed published: each UID's entry and SEQUENCE, the cancelled
  events, and the zone ranges of its events. Given that feed back as
  ``previous``, it reads none of it again: it knows what ``read_previous``
  would find there.

* the last build's events, entries and VEVENTs, in order: the events at both
  ends that are the very same objects in the same places keep their VEVENTs
  without a look at each (the references are compared in C), when their DTSTAMP
  and SEQUENCE cannot have changed.

A build then costs, in Python, a dictionary lookup or two for each event
between those ends and the rendering of each new or changed one (as
:func:`~bri_timeline.formats.ical.write.to_ics` would); in C, the comparison of
references and the joining of the bytes.
"""

from __future__ import annotations

import operator
from datetime import UTC, datetime

import attrs
from icalendar.parser import Contentlines

from bri_timeline.formats.ical._calendar import (
    FeedOptions,
    calendar_head,
    feed_or_default,
    feed_stamp,
)
from bri_timeline.formats.ical._lines import (
    Rendered,
    ZoneUse,
    mend_folds,
    render,
    written_zones,
    zone_uses,
)
from bri_timeline.formats.ical._mapping import check_uids, event_uid
from bri_timeline.formats.ical._previous import (
    Previous,
    cancelled_lines,
    check_previous,
    read_previous,
    sequence_after,
    still_cancelled,
)
from bri_timeline.formats.ical._reach import carried
from bri_timeline.formats.ical._timezones import ZoneRanges, timezone_component
from bri_timeline.formats.ical._update import Update, published_change, update
from bri_timeline.formats.ical._values import check_sequence, utc_stamp
from bri_timeline.model.event import Event
from bri_timeline.timeline import Timeline, TimelineInfo, check_timeline

__all__ = ["FeedBuilder"]

_PREVIOUS = "<previous feed>"


class _Entry:
    """One event as the builder keeps it: its lines and zones, and the last VEVENT made of them."""

    __slots__ = ("event", "own_stamp", "rendered", "sequence", "stamp", "uid", "vevent", "zones")

    def __init__(self, event: Event, rendered: Rendered, zones: tuple[ZoneUse, ...]) -> None:
        self.event = event
        self.rendered = rendered
        self.uid = rendered.uid
        self.own_stamp = rendered.stamp
        self.zones = zones
        self.stamp = b""
        self.sequence = -1
        self.vevent = b""

    def bytes_for(self, stamp: bytes, sequence: int) -> bytes:
        """The VEVENT with this DTSTAMP and SEQUENCE, made again only if they changed."""
        if sequence != self.sequence or stamp != self.stamp:
            self.vevent = self.rendered.vevent(stamp, check_sequence(self.event, sequence))
            self.stamp, self.sequence = stamp, sequence
        return self.vevent

    def as_previous(self) -> Previous:
        """What ``read_previous`` reads of this VEVENT as last built."""
        return Previous(
            self.sequence,
            False,
            _stamp_time(self.stamp.decode("ascii")),
            self.rendered.lines(self.stamp, self.sequence),
            written_zones(self.event),
        )


def _stamp_time(text: str) -> datetime:
    """The UTC time of a DTSTAMP, as a reader of the feed gets it (whole seconds)."""
    return datetime.strptime(text, "%Y%m%dT%H%M%SZ").replace(tzinfo=UTC)


def _as_read(known: Previous, lines: Contentlines, now: datetime) -> Previous:
    """What ``read_previous`` reads of the cancelled VEVENT that ``cancelled_lines`` wrote."""
    stamp, sequence = (
        (known.stamp, known.sequence) if known.cancelled else (now, known.sequence + 1)
    )
    written = tuple(str(line) for line in lines if line)
    return Previous(sequence, True, _stamp_time(utc_stamp(stamp)), written, known.zones)


@attrs.frozen
class _Built:
    """The last build: its events and their entries and VEVENTs, in order.

    Attributes:
        events: The timeline's events.
        entries: Their entries.
        chunks: Their VEVENTs.
        stamp: The DTSTAMP of events that do not say when they were updated.
        plain: Whether every SEQUENCE is the event's revision.
    """

    events: list[Event]
    entries: list[_Entry]
    chunks: list[bytes]
    stamp: bytes
    plain: bool


@attrs.frozen
class _Walk:
    """One pass over a build's events.

    Attributes:
        built: The build's events, entries and VEVENTs.
        changes: Each entry that is not its UID's entry in the last build, with
            that one (None for a UID the last build did not have).
        gone: The UIDs of the last build that are not in this one.
    """

    built: _Built
    changes: list[tuple[_Entry | None, _Entry]]
    gone: list[str]

    @property
    def entries(self) -> list[_Entry]:
        """The entry of each event, in order."""
        return self.built.entries


def _same_ends(new: list[Event], old: list[Event]) -> tuple[int, int]:
    """How many events at the start, and then at the end, are the same objects in both lists.

    Compared in C (``map(operator.is_, ...)``), not one by one in Python.
    """
    size = min(len(new), len(old))
    try:
        head = list(map(operator.is_, new, old)).index(False)
    except ValueError:
        head = size
    try:
        end = list(map(operator.is_, reversed(new), reversed(old))).index(False)
    except ValueError:
        end = size
    return head, min(end, size - head)


def _sequence(entry: _Entry, before: _Entry | None, changes: Update) -> int:
    """The SEQUENCE of an entry, against its UID's entry in the last feed or the previous feed.

    The last feed's event is compared directly, as :func:`bri_timeline.changes.diff` compares it:
    an event of another id under the same UID is another event, which changes what the UID
    publishes (see ``_update``).
    """
    revision = entry.event.revision
    if before is not None:
        old, new = before.event, entry.event
        changed = old.id != new.id or published_change(old, new)
        return sequence_after(revision, before.sequence, changed)
    return changes.sequence(entry.uid, revision)


class FeedBuilder:
    """Builds a timeline's feed again and again, writing only the events that changed.

    Every build gives, byte for byte, what :func:`~bri_timeline.to_ics` gives
    for the same timeline, options and previous feed. Between builds it keeps
    each event's lines (keyed by the event: the same object, or an equal one)
    and what its last feed published, so that the feed it built last, given
    back as ``previous``, need not be parsed.

    Costs of :meth:`build`, for n events of which k changed in place since the
    last build: O(n) in C (comparing references, joining bytes) and O(k) in
    Python, about a fiftieth of :func:`~bri_timeline.to_ics` for one change in
    100,000. An event that moved or is another (equal) object costs a
    dictionary lookup (hashing it), a new or changed one what
    :func:`~bri_timeline.to_ics` pays for it; a ``previous`` other than its last
    feed is parsed, as :func:`~bri_timeline.to_ics` parses it. Memory: the lines
    of the events it has seen lately (pruned to about those of the last build)
    and its last feed. Not thread-safe: one builder per thread, or a lock.

    Args:
        feed: The feed's options (default :class:`~bri_timeline.FeedOptions`), for every build.

    >>> from datetime import date
    >>> import attrs
    >>> from bri_timeline import AllDay, Event, Timeline, to_ics
    >>> apec = Event("apec", "APEC", AllDay(date(2024, 11, 13), date(2024, 11, 15)))
    >>> builder = FeedBuilder()
    >>> first = builder.build(Timeline([apec]))
    >>> edited = Timeline([attrs.evolve(apec, title="APEC 2024")])
    >>> second = builder.build(edited, previous=first)
    >>> second == to_ics(edited, previous=first)
    True
    >>> b"SEQUENCE:1" in second
    True
    """

    __slots__ = (
        "_built",
        "_by_event",
        "_by_id",
        "_carried",
        "_feed",
        "_head",
        "_last",
        "_live_zones",
        "_published",
        "_vtimezones",
    )

    _SLACK = 1024
    """Events kept beyond twice those of the last build, before the builder forgets old ones."""

    def __init__(self, feed: FeedOptions | None = None) -> None:
        self._feed = feed_or_default(feed)
        # id(event) -> (event, entry): the very same objects are found without hashing them.
        self._by_id: dict[int, tuple[Event, _Entry]] = {}
        self._by_event: dict[Event, _Entry] = {}
        self._vtimezones: dict[tuple[str, datetime, datetime], bytes] = {}
        self._head: tuple[TimelineInfo, bytes, bytes] | None = None
        self._forget()

    def _forget(self) -> None:
        """Forget the last feed (after a build that failed half-way)."""
        self._last: bytes | None = None
        self._published: dict[str, _Entry] = {}
        self._carried: dict[str, Previous] = {}
        self._live_zones = ZoneRanges()
        self._built: _Built | None = None

    @property
    def feed(self) -> FeedOptions:
        """The options of every feed this builder builds."""
        return self._feed

    def build(
        self, timeline: Timeline, previous: bytes | None = None, *, previous_name: str = _PREVIOUS
    ) -> bytes:
        """The timeline's feed: the bytes of ``to_ics(timeline, feed=..., previous=previous)``.

        Costs O(n) in C and, in Python, O(k) for k events changed in place since
        the last build (see the class docstring).

        Args:
            timeline: The timeline.
            previous: The feed as last published: best, this builder's last result.
            previous_name: The name errors give the previous feed.

        Raises:
            FeedError: The timeline's info holds text iCalendar cannot carry, or a
                SEQUENCE would pass the largest iCalendar integer.
            ICalendarError: ``previous`` is not an iCalendar feed.
            InvalidArgument: ``timeline`` is not a Timeline, ``previous`` neither
                bytes nor None, or ``previous_name`` not a file name.
        """
        check_timeline(timeline)
        previous_name = check_previous(previous, previous_name)
        timeline = carried(timeline, self._feed.on_unrepresentable)
        check_uids(timeline, self._feed.domain)
        try:
            return self._build(timeline, previous, previous_name)
        except BaseException:
            self._forget()
            raise

    def _build(self, timeline: Timeline, previous: bytes | None, previous_name: str) -> bytes:
        reuse, changes = self._earlier(timeline, previous, previous_name)
        info = timeline.info
        now = feed_stamp(timeline, self._feed)
        header, footer = self._calendar_head(info)
        stamp = utc_stamp(now).encode("ascii")
        walk = self._walk(list(timeline), reuse, changes, stamp, keep=reuse or previous is None)
        last = self._published
        published = self._published_after(last, walk.changes, walk.gone, walk.entries)
        ended, gone = dict(changes.earlier), changes.gone
        if reuse:  # the last build's events that left, and its cancelled ones still out
            ended.update((uid, last[uid].as_previous()) for uid in walk.gone)
            gone = frozenset(uid for uid in ended if uid not in published)
        cancelled = still_cancelled(ended, gone, now, self._feed.cancelled_for)
        removed = [before for before, _ in walk.changes if before is not None]
        removed += [last[uid] for uid in walk.gone]
        live_zones = self._zones_after(walk.entries, removed, walk.changes)
        zones = live_zones.copy()
        for _, known in cancelled:
            for zone, instant in known.zones:
                zones.add(zone, instant, instant)
        carried: dict[str, Previous] = {}
        tail = []
        for uid, known in cancelled:
            lines = cancelled_lines(known, now)
            tail.append(mend_folds(lines.to_ical()))  # type: ignore[no-untyped-call]
            carried[uid] = _as_read(known, lines, now)
        vtimezones = self._vtimezone_bytes(zones)
        feed = b"".join([header, *vtimezones, *walk.built.chunks, *tail, footer])
        self._last, self._published, self._carried = feed, published, carried
        self._live_zones, self._built = live_zones, walk.built
        self._prune(walk.built.events, walk.entries)
        return feed

    def _walk(
        self,
        events: list[Event],
        reuse: bool,
        earlier: Update,
        default_stamp: bytes,
        *,
        keep: bool,
    ) -> _Walk:
        """Each event's entry and VEVENT; the entries that changed since the last build.

        With ``keep`` (no previous feed, or the last one built), the events at
        both ends that are the very objects of the last build, in the same
        places, keep their VEVENTs, if DTSTAMP and SEQUENCE cannot have changed.
        """
        built, last = self._built, self._published
        head = end = 0
        if built is not None and built.stamp == default_stamp and (reuse or built.plain) and keep:
            head, end = _same_ends(events, built.events)
        entries = [] if built is None else built.entries[:head]
        chunks = [] if built is None else built.chunks[:head]
        plain = built.plain if built is not None and (head or end) else True
        changes: list[tuple[_Entry | None, _Entry]] = []
        by_id, last_get = self._by_id, last.get
        for event in events[head : len(events) - end]:
            hit = by_id.get(id(event))
            entry = hit[1] if hit is not None and hit[0] is event else self._entry(event)
            entries.append(entry)
            before = last_get(entry.uid)
            if before is not entry:
                changes.append((before, entry))
                sequence = _sequence(entry, before if reuse else None, earlier)
            elif reuse:
                sequence = entry.sequence  # published with this entry, unchanged since
            else:
                sequence = _sequence(entry, None, earlier)
            plain = plain and sequence == entry.event.revision
            stamp = entry.own_stamp or default_stamp
            if sequence == entry.sequence and stamp == entry.stamp:
                chunks.append(entry.vevent)
            else:
                chunks.append(entry.bytes_for(stamp, sequence))
        gone: list[str] = []
        if len(entries) - sum(before is None for before, _ in changes) < len(last):
            # UIDs of the last build that left: all among the events between the ends.
            old_middle = [] if built is None else built.entries[head : len(built.entries) - end]
            gone = sorted({e.uid for e in old_middle} - {e.uid for e in entries[head:]})
        if built is not None and end:
            entries += built.entries[-end:]
            chunks += built.chunks[-end:]
        return _Walk(_Built(events, entries, chunks, default_stamp, plain), changes, gone)

    def _earlier(
        self, timeline: Timeline, previous: bytes | None, name: str
    ) -> tuple[bool, Update]:
        """Whether ``previous`` is the last feed built; the update from it.

        From the last feed, only its cancelled events (an event back under one of their
        UIDs is a change); the others are compared entry by entry in :meth:`_walk`.
        """
        if self._last is not None and (previous is self._last or previous == self._last):
            return True, Update(self._carried, frozenset(self._carried), frozenset())
        domain = self._feed.domain
        earlier = {} if previous is None else read_previous(previous, name, domain)
        return False, update(earlier, timeline, domain)

    def _calendar_head(self, info: TimelineInfo) -> tuple[bytes, bytes]:
        if self._head is None or self._head[0] != info:
            self._head = (info, *calendar_head(info, self._feed))
        return self._head[1], self._head[2]

    def _entry(self, event: Event) -> _Entry:
        """The entry of an event not seen as this object before: found by equality, or made."""
        entry = self._by_event.get(event)
        if entry is None:
            rendered = render(event, event_uid(event, self._feed.domain))
            entry = self._by_event[event] = _Entry(event, rendered, zone_uses(event))
        self._by_id[id(event)] = (event, entry)
        return entry

    @staticmethod
    def _published_after(
        last: dict[str, _Entry],
        changes: list[tuple[_Entry | None, _Entry]],
        gone: list[str],
        entries: list[_Entry],
    ) -> dict[str, _Entry]:
        """The entry of each UID in this build: the last build's, amended."""
        if 2 * (len(changes) + len(gone)) > len(entries):
            return {entry.uid: entry for entry in entries}
        published = last.copy()
        for _, entry in changes:
            published[entry.uid] = entry
        for uid in gone:
            del published[uid]
        return published

    def _zones_after(
        self,
        entries: list[_Entry],
        removed: list[_Entry],
        changes: list[tuple[_Entry | None, _Entry]],
    ) -> ZoneRanges:
        """The zone ranges of this build's events: the last build's, amended where it can be."""
        zones = self._live_zones
        if any(zones.bounded_by(*use) for entry in removed for use in entry.zones):
            zones = ZoneRanges()  # a first or last instant left: find them again
            changes = [(None, entry) for entry in entries]
        elif not changes:
            return zones
        else:
            zones = zones.copy()
        for _, entry in changes:
            for use in entry.zones:
                zones.add(*use)
        return zones

    def _vtimezone_bytes(self, zones: ZoneRanges) -> list[bytes]:
        kept: dict[tuple[str, datetime, datetime], bytes] = {}
        for zone, first, last in zones.ranges():
            key = (zone.key, first, last)
            found = self._vtimezones.get(key)
            if found is None:
                found = timezone_component(zone, first, last).to_ical()
            kept[key] = found
        self._vtimezones = kept
        return list(kept.values())

    def _prune(self, events: list[Event], entries: list[_Entry]) -> None:
        """Forget the events of older builds once they outnumber those of this one."""
        if len(self._by_id) <= 2 * len(entries) + self._SLACK:
            return
        self._by_id = {
            id(event): (event, entry) for event, entry in zip(events, entries, strict=True)
        }
        used = {id(entry) for entry in entries}
        for event in [event for event, entry in self._by_event.items() if id(entry) not in used]:
            del self._by_event[event]
