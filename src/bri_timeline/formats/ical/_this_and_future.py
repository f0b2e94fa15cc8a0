"""``RANGE=THISANDFUTURE``: a change of one occurrence and of all that follow it.

Over 400 lines: the split and the expansion share the reading of the changes and the
rule of the shift; apart, each would repeat them.

Part of :mod:`bri_timeline.formats.ical.read`. RFC 5545 (3.2.13): a VEVENT whose
RECURRENCE-ID says ``RANGE=THISANDFUTURE`` changes that occurrence, and every
later one takes its properties and moves by the same time difference. It is read
as recurring-ical-events reads it:

* the **shift** is the change's DTSTART less its RECURRENCE-ID: on the clock when
  both name the same zone, else between the instants; a later start of the rule
  (or an RDATE) moves by it on the wall clock of the series' zone;
* a later occurrence is the change's own event (title, length, status, every
  field) at the moved start; a start takes the latest change *before* it, so of
  several changes each rules up to the next;
* a single change (no RANGE) still names the start the rule gives, unmoved, and
  replaces that occurrence as it is.

The series is then **split**, as Google and Apple store an edit of "this and
following": the first part ends just before the first change (its rule gets an
UNTIL), and each change starts a series of its own, the change's event with the
rule moved by the shift, its id ``occurrence_id(series id, RECURRENCE-ID)`` and
no UID of the file (two VEVENTs without RECURRENCE-ID cannot share one). RDATEs,
EXDATEs and single changes go to the part they fall in, moved by its shift. So an
endless series stays endless, and is read without a window. Where one rule cannot
give a part's starts (a rule with BY parts, or a monthly or yearly one, moved by
more than the time of day; a change at a start the rule does not give; an
EXDATE on a change) :func:`split` says so and the reader expands the series,
occurrence by occurrence (:func:`moved_start`), as before.

A weekly review in Paris, moved from 3 March on to 10:30 and retitled:

>>> from datetime import datetime, timedelta
>>> from zoneinfo import ZoneInfo
>>> from bri_timeline import Event, Recurrence, TimeSpan, override_occurrence
>>> paris = ZoneInfo("Europe/Paris")
>>> nine, march = datetime(2025, 1, 6, 9, tzinfo=paris), datetime(2025, 3, 3, 9, tzinfo=paris)
>>> review = Event("review", "Review", TimeSpan(nine, nine + timedelta(hours=1)),
...                recurrence=Recurrence.from_rrule("FREQ=WEEKLY"))
>>> moved = march + timedelta(minutes=90)
>>> review = override_occurrence(review, march, title="Review (later)",
...                              time=TimeSpan(moved, moved + timedelta(hours=1)))
>>> first, rest = split(review, [review.overrides[0].key], Limits())
>>> print(first.recurrence.to_rrule(), "|", rest.id, rest.title, rest.time.start.time())
FREQ=WEEKLY;UNTIL=20250303T075959Z | review+20250303T080000Z Review (later) 10:30:00
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, date, datetime, time, timedelta, tzinfo

import attrs
from icalendar import Component

from bri_timeline.formats.ical._properties import Reader, read_datetime, read_when
from bri_timeline.formats.ical._rules import occurrence_time
from bri_timeline.formats.ical._vevent import read_event
from bri_timeline.limits import Limits
from bri_timeline.model.event import Event
from bri_timeline.model.keys import instant_key
from bri_timeline.model.overrides import Override, occurrence_id, original_key
from bri_timeline.model.recurrence import events_between, occurrences, resolve_gap
from bri_timeline.model.rrule import Frequency
from bri_timeline.model.times import AllDay, TimeSpan

__all__ = [
    "Change",
    "moved",
    "moved_item",
    "moved_start",
    "reach",
    "read_changes",
    "shift_of",
    "split",
    "split_at",
    "this_and_future",
]

_BY_PARTS = (
    "bysecond",
    "byminute",
    "byhour",
    "byday",
    "bymonthday",
    "byyearday",
    "byweekno",
    "bymonth",
    "bysetpos",
)


def shift_of(start: date | datetime, original: date | datetime) -> timedelta | None:
    """How far a change moves the later occurrences: DTSTART less RECURRENCE-ID.

    On the clock where both are in the one zone (Python's own subtraction), else
    between the instants; None where one is a date and the other a date-time.
    """
    if isinstance(start, datetime) and isinstance(original, datetime):
        return start - original
    if isinstance(start, datetime) or isinstance(original, datetime):
        return None
    return start - original


def moved(value: date | datetime, shift: timedelta) -> date | datetime:
    """A start moved by ``shift`` on its own wall clock (forward over a skipped hour)."""
    if isinstance(value, datetime):
        return resolve_gap(value + shift)
    return value + timedelta(days=shift.days)


def _key(value: date | datetime) -> int:
    if isinstance(value, datetime):
        return instant_key(value)
    return instant_key(datetime.combine(value, time(), tzinfo=UTC))


@attrs.frozen
class Change:
    """One ``RANGE=THISANDFUTURE`` change: the start it names, its event and its shift."""

    original: date | datetime
    event: Event
    shift: timedelta

    @property
    def key(self) -> int:
        """The span key of :attr:`original`."""
        return original_key(self.original)


def moved_start(
    changes: Sequence[Change], start: date | datetime
) -> tuple[Change, date | datetime] | None:
    """The change that rules the occurrence the rule starts at ``start``, and its moved start.

    None when no change comes before ``start`` (the series' own occurrence).
    ``changes`` are in order of their originals (none for a floating series).
    """
    if not changes:
        return None
    key = _key(start)
    ruling = None
    for change in changes:
        if change.key < key:
            ruling = change
        else:
            break
    if ruling is None:
        return None
    return ruling, moved(start, ruling.shift)


def _changes(event: Event, keys: Sequence[int]) -> list[Change] | None:
    """The overrides that are THISANDFUTURE changes, in order, or None if one has no shift."""
    found = []
    for override in sorted(event.overrides, key=lambda item: item.key):
        if override.key not in keys:
            continue
        time_ = override.event.time
        start = time_.first if isinstance(time_, AllDay) else getattr(time_, "start", None)
        shift = None if start is None else shift_of(start, override.original)
        if shift is None:
            return None
        found.append(Change(override.original, override.event, shift))
    return found


def _starts(event: Event, lo: int, hi: int, limits: Limits) -> list[int]:
    """The start keys the bare rule (no RDATE, EXDATE or change) gives in ``[lo, hi)``."""
    assert event.recurrence is not None
    bare = attrs.evolve(
        event, recurrence=attrs.evolve(event.recurrence, rdates=(), exdates=()), overrides=()
    )
    return [item._start for item in events_between(bare, lo, hi, limits)]


def _faithful(event: Event, change: Change, limits: Limits) -> bool:
    """Whether the rule, started at the change's moved start, gives the moved later starts."""
    recurrence = event.recurrence
    assert recurrence is not None
    if change.key not in _starts(event, change.key, change.key + 1, limits):
        return False  # a change where the rule gives no start (an RDATE, or none at all)
    if any(change.key == _key(value) for value in recurrence.exdates):
        return False  # recurring-ical-events then drops the change, yet moves the rest
    if not change.shift:
        return True
    if isinstance(event.time, TimeSpan) and isinstance(change.original, datetime):
        # The part repeats on the wall clock from the change's start; the later starts
        # move by the shift on the wall clock. Across a change of clock the two differ: a
        # change to the first 01:00 of a night whose 01:00 comes twice, of an occurrence
        # at the second, is an hour earlier as instants and no earlier on the wall.
        zone = event.time.start.tzinfo
        local = change.original.astimezone(zone)
        start = moved(change.original, change.shift)
        assert isinstance(start, datetime)
        if start.astimezone(zone).replace(tzinfo=None) != local.replace(tzinfo=None) + change.shift:
            return False
    if any(getattr(recurrence, name) for name in _BY_PARTS):
        return False
    if recurrence.frequency in (Frequency.DAILY, Frequency.WEEKLY):
        return True
    if recurrence.frequency in (Frequency.MONTHLY, Frequency.YEARLY):
        start, original = moved(change.original, change.shift), change.original
        return isinstance(start, datetime) and start.date() == _day(original)
    return False


def _day(value: date | datetime) -> date:
    return value.date() if isinstance(value, datetime) else value


def _last_start(event: Event, limits: Limits) -> date | datetime | None:
    """The last start the rule may give (its UNTIL, or the last of its COUNT), or None."""
    recurrence = event.recurrence
    assert recurrence is not None
    if recurrence.until is not None or recurrence.count is None:
        return recurrence.until
    bare = attrs.evolve(
        event, recurrence=attrs.evolve(recurrence, rdates=(), exdates=()), overrides=()
    )
    last: date | datetime | None = None
    for found in occurrences(bare, limits=limits):
        assert isinstance(found, TimeSpan | AllDay)  # as a repeating event's time is
        last = found.first if isinstance(found, AllDay) else found.start
    return last


def _before(value: date | datetime) -> date | datetime:
    """The last UNTIL before a start: a day earlier, or a second."""
    if isinstance(value, datetime):
        return value.astimezone(UTC) - timedelta(seconds=1)
    return value - timedelta(days=1)


def _part_time(event: Event, change: Change) -> TimeSpan | AllDay | None:
    """The change's time, its start on the series' clock; None where it is not the moved start."""
    time_ = change.event.time
    start = moved(change.original, change.shift)
    if isinstance(time_, AllDay):
        return time_ if start == time_.first else None
    if not isinstance(time_, TimeSpan) or not isinstance(event.time, TimeSpan):
        return None
    assert isinstance(start, datetime)
    if instant_key(start) != time_._start:
        return None
    local = start.astimezone(event.time.start.tzinfo)
    return TimeSpan(local, (local.astimezone(UTC) + time_.duration).astimezone(time_.end.tzinfo))


def _start_key(value: date | datetime | TimeSpan) -> int:
    return value._start if isinstance(value, TimeSpan) else _key(value)


def _between(value: date | datetime | TimeSpan, lo: int, hi: int | None) -> bool:
    key = _start_key(value)
    return lo < key and (hi is None or key < hi)


def _moved_rdate(value: date | datetime | TimeSpan, shift: timedelta) -> date | datetime | TimeSpan:
    if isinstance(value, TimeSpan):
        start = moved(value.start, shift)
        assert isinstance(start, datetime)
        end = (start.astimezone(UTC) + value.duration).astimezone(value.end.tzinfo)
        return TimeSpan(start, end)
    return moved(value, shift)


def _on_clock(value: date | datetime, zone: tzinfo | None) -> date | datetime:
    """A start on the series' clock (where the rule's starts move), a day as it is."""
    if isinstance(value, datetime) and zone is not None:
        return value.astimezone(zone)
    return value


def _moved_override(
    override: Override, part_id: str, shift: timedelta, uid: str | None, zone: tzinfo | None
) -> Override:
    original = moved(_on_clock(override.original, zone), shift)
    changed = attrs.evolve(override.event, id=occurrence_id(part_id, original), uid=uid)
    return Override(original, changed)


def split(event: Event, keys: Sequence[int], limits: Limits) -> list[Event] | None:
    """A repeating event whose overrides at ``keys`` are THISANDFUTURE changes, as series.

    Args:
        event: The series, with every change among its overrides.
        keys: The :attr:`~bri_timeline.model.overrides.Override.key` of each
            THISANDFUTURE change.
        limits: What finding the rule's starts may walk.

    Returns:
        The parts (see the module docstring), or None where one rule cannot give
        a part's starts: then the series is to be expanded.
    """
    recurrence = event.recurrence
    changes = _changes(event, keys)
    if recurrence is None or changes is None:
        return None
    if not all(_faithful(event, change, limits) for change in changes):
        return None
    last = _last_start(event, limits)
    zone = event.time.start.tzinfo if isinstance(event.time, TimeSpan) else None
    singles = [item for item in event.overrides if item.key not in keys]
    parts: list[Event] = []
    first_key = changes[0].key
    if event._start < first_key:
        head = recurrence
        if last is None or _key(last) >= first_key:
            head = attrs.evolve(recurrence, count=None, until=_before(changes[0].original))
        parts.append(
            attrs.evolve(
                event,
                recurrence=attrs.evolve(
                    head,
                    rdates=[v for v in recurrence.rdates if _start_key(v) < first_key],
                    exdates=[v for v in recurrence.exdates if _key(v) < first_key],
                ),
                overrides=[item for item in singles if item.key < first_key],
            )
        )
    for index, change in enumerate(changes):
        following = changes[index + 1].key if index + 1 < len(changes) else None
        time_ = _part_time(event, change)
        if time_ is None:
            return None
        first = not parts
        part_id = event.id if first else occurrence_id(event.id, change.original)
        uid = event.uid if first else None
        if following is not None:
            next_start = moved(changes[index + 1].original, change.shift)
            until: date | datetime | None = _before(next_start)
        elif last is not None:
            if isinstance(event.time, TimeSpan) and not isinstance(last, datetime):
                return None  # a day UNTIL on a timed series does not move by a time
            until = moved(_on_clock(last, zone), change.shift)
        else:
            until = None
        rule = attrs.evolve(
            recurrence,
            count=None,
            until=until,
            rdates=[
                _moved_rdate(v, change.shift)
                for v in recurrence.rdates
                if _between(v, change.key, following)
            ],
            exdates=[
                moved(_on_clock(v, zone), change.shift)
                for v in recurrence.exdates
                if _between(v, change.key, following)
            ],
        )
        overrides = [
            _moved_override(item, part_id, change.shift, uid, zone)
            for item in singles
            if item.key > change.key and (following is None or item.key < following)
        ]
        alone = until is not None and _key(until) < time_._start and not rule.rdates
        # A part of its own start alone (the rule ended before it) is no series: RFC 5545
        # leaves a rule that ends before DTSTART undefined, and recurring-ical-events gives
        # none of it.
        kept = None if alone and not overrides else rule
        parts.append(
            attrs.evolve(
                change.event,
                id=part_id,
                uid=uid,
                time=time_,
                recurrence=kept,
                overrides=overrides,
            )
        )
    return parts


# --- The reader's side: the VEVENTs of the changes --------------------------------------


def this_and_future(component: Component) -> bool:
    """Whether a VEVENT's RECURRENCE-ID says ``RANGE=THISANDFUTURE``."""
    prop = component["RECURRENCE-ID"]
    return str(getattr(prop, "params", {}).get("RANGE", "")).upper() == "THISANDFUTURE"


def _original(reader: Reader, component: Component) -> date | datetime:
    return read_datetime(reader, component["RECURRENCE-ID"], "RECURRENCE-ID")


def split_at(
    reader: Reader, event: Event, components: Sequence[Component], limits: Limits
) -> list[Event] | None:
    """:func:`split` of a series whose overrides hold these THISANDFUTURE VEVENTs."""
    keys = [original_key(_original(reader, component)) for component in components]
    return reader.guard("RECURRENCE-ID", lambda: split(event, keys, limits))


def read_changes(reader: Reader, components: Sequence[Component], base: str) -> list[Change]:
    """The THISANDFUTURE changes of a series that is expanded, in order of their originals."""
    found = []
    for component in components:
        original = _original(reader, component)
        _, when = read_when(reader, component)
        start = when.first if isinstance(when, AllDay) else getattr(when, "start", None)
        shift = None if start is None else shift_of(start, original)
        if shift is None:
            raise reader.error(
                "must be of the kind of its DTSTART (a date or a date-time)", "RECURRENCE-ID"
            )
        changed = read_event(reader, component, occurrence_id(base, original), when, None)
        found.append(Change(original, changed, shift))
    return sorted(found, key=lambda change: change.key)


def reach(changes: Sequence[Change]) -> int:
    """How much later than a window's end a start may be and still move into it (span key)."""
    back = max((-change.shift for change in changes), default=timedelta(0))
    return max(0, back // timedelta(microseconds=1))


def moved_item(
    changes: Sequence[Change], item: Event, start: date | datetime, length: timedelta | None = None
) -> Event:
    """The occurrence ``item`` that the rule starts at ``start``, as the change before it has it.

    ``length`` is a ``VALUE=PERIOD`` RDATE's own, which the change keeps.
    """
    ruled = moved_start(changes, start)
    if ruled is None:
        return item
    change, at = ruled
    time_ = change.event.time
    assert isinstance(time_, TimeSpan | AllDay)
    return attrs.evolve(
        change.event, id=item.id, time=occurrence_time(time_, at, length), recurrence=None, uid=None
    )
