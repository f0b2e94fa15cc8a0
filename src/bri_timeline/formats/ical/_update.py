"""Which events a feed updates in place, decided on :func:`bri_timeline.changes.diff`.

Part of :mod:`bri_timeline.formats.ical.write` and its :class:`FeedBuilder`. The
previous feed's events, as the importer reads them (``_previous.read_previous``),
are the old timeline; the timeline being written is the new one. Then:

* an event of ``diff(old, new).changed`` gets SEQUENCE + 1 past the previous one,
  unless the only fields that changed are ones the feed does not publish as
  content (``revision``, which *is* the SEQUENCE, and ``updated`` below the
  second, which LAST-MODIFIED cannot carry);
* an event of ``diff(old, new).removed`` is published as ``STATUS:CANCELLED``;
* any other event keeps the SEQUENCE it had (or its ``revision``, if higher).

A VEVENT the importer cannot read as one event of ours (one another program
wrote, a UID of another domain, a rule that must be expanded) is not an error:
it is not in the old timeline, so an event of the data under its UID counts as
changed, and it is cancelled once no event has its UID. A VEVENT already
cancelled is the same: the event that comes back under its UID is a change. So is
an event of another id under a UID that an event removed (or given another UID)
had: the UID's content changed, and it is not cancelled.
"""

from __future__ import annotations

from collections.abc import Mapping

import attrs

from bri_timeline.changes import Change, FieldChange, diff, field_changes
from bri_timeline.formats.ical._mapping import event_uid
from bri_timeline.formats.ical._previous import Previous, sequence_after
from bri_timeline.formats.ical._values import utc_stamp
from bri_timeline.model.event import Event
from bri_timeline.timeline import Timeline

__all__ = ["Update", "is_published", "published_change", "update"]


def _published_field(change: FieldChange) -> bool:
    if change.field == "revision":
        return False  # it is the SEQUENCE, which this module decides
    if change.field == "updated" and change.old is not None and change.new is not None:
        return utc_stamp(change.old) != utc_stamp(change.new)  # LAST-MODIFIED: whole seconds
    return True


def is_published(change: Change) -> bool:
    """Whether a change of :func:`~bri_timeline.changes.diff` is one a feed publishes (+1).

    >>> from datetime import date
    >>> import attrs
    >>> from bri_timeline import AllDay, Event
    >>> apec = Event("apec", "APEC", AllDay(date(2024, 11, 13)))
    >>> is_published(Change(apec, attrs.evolve(apec, revision=3), [FieldChange("revision", 0, 3)]))
    False
    """
    return any(_published_field(field) for field in change.fields)


def published_change(old: Event, new: Event) -> bool:
    """Whether two versions of one event differ as :func:`is_published` says (compared directly)."""
    return old != new and is_published(Change(old, new, field_changes(old, new)))


@attrs.frozen
class Update:
    """A feed against the previous one: the UIDs it bumps and the UIDs that left.

    Attributes:
        earlier: What the previous feed published, by UID.
        changed: The UIDs of the events whose SEQUENCE goes up (see the module).
        gone: The UIDs of the previous feed that no event of the data has.
    """

    earlier: Mapping[str, Previous]
    changed: frozenset[str]
    gone: frozenset[str]

    def sequence(self, uid: str, revision: int) -> int:
        """The SEQUENCE of the event with this UID and revision in the new feed."""
        known = self.earlier.get(uid)
        if known is None:
            return revision
        return sequence_after(revision, known.sequence, uid in self.changed)


def update(earlier: Mapping[str, Previous], timeline: Timeline, domain: str) -> Update:
    """The update from the previous feed's VEVENTs (``earlier``) to ``timeline``'s feed.

    O(n) besides the sort of the old timeline; nothing to do without a previous feed.
    """
    if not earlier:
        return Update(earlier, frozenset(), frozenset())
    old = Timeline([known.event for known in earlier.values() if known.event is not None])
    changes = diff(old, timeline)
    changed = set()
    # UIDs whose event of the previous feed left them: removed, given another UID, never read
    # as one event of ours, or cancelled. Each is gone, unless an event of the data has it now.
    left = [event_uid(event, domain) for event in changes.removed]
    for change in changes.changed:
        before, after = event_uid(change.old, domain), event_uid(change.new, domain)
        if before != after:
            left.append(before)
        elif is_published(change):
            changed.add(after)
    left += [uid for uid, known in earlier.items() if known.event is None]
    live = {event_uid(event, domain) for event in timeline} if left else set()
    gone = set()
    for uid in left:
        if uid in live:
            changed.add(uid)  # another event (or one unread before) has the UID now: new content
        else:
            gone.add(uid)
    return Update(earlier, frozenset(changed), frozenset(gone))
