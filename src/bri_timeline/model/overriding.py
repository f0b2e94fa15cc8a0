"""Change or cancel one occurrence of a repeating event, keeping the series one event.

:func:`override_occurrence` starts from the occurrence the rule gives (its time,
title and every other field of the series) and changes what it is told to, and
:func:`cancel_occurrence` marks one cancelled; each gives back the series with an
:class:`~bri_timeline.model.overrides.Override` for that occurrence, which an
iCalendar export writes as a VEVENT with a RECURRENCE-ID.

>>> from datetime import UTC, datetime, timedelta
>>> from bri_timeline.model.event import Event
>>> from bri_timeline.model.recurrence import occurrences
>>> from bri_timeline.model.rrule import Recurrence
>>> from bri_timeline.model.times import TimeSpan
>>> nine = datetime(2025, 1, 6, 9, tzinfo=UTC)
>>> standup = Event("standup", "Stand-up", TimeSpan(nine, nine + timedelta(minutes=15)),
...                 recurrence=Recurrence.from_rrule("FREQ=DAILY;COUNT=3"))
>>> ten = nine + timedelta(days=1, hours=1)
>>> standup = override_occurrence(standup, nine + timedelta(days=1),
...                               time=TimeSpan(ten, ten + timedelta(minutes=15)))
>>> standup = cancel_occurrence(standup, nine + timedelta(days=2))
>>> [(o.event.time.start.hour, o.event.status) for o in standup.overrides]
[(10, None), (9, EventStatus.CANCELLED)]
>>> [time.start.isoformat() for time in occurrences(standup)]
['2025-01-06T09:00:00+00:00', '2025-01-07T10:00:00+00:00', '2025-01-08T09:00:00+00:00']
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

import attrs

from bri_timeline.errors import InvalidArgument, InvalidEvent
from bri_timeline.limits import Limits, limits_or_default
from bri_timeline.model.event import Event
from bri_timeline.model.overrides import Override, check_original, original_key
from bri_timeline.model.recurrence import events_between
from bri_timeline.model.status import EventStatus

__all__ = ["SERIES_FIELDS", "cancel_occurrence", "override_occurrence"]

SERIES_FIELDS = frozenset({"id", "recurrence", "overrides", "uid", "kind"})
"""The fields of a repeating event that are the series', never one occurrence's own."""


def _occurrence(event: Event, original: date | datetime, limits: Limits) -> Event:
    """The occurrence of ``event`` whose start the rule gives as ``original``, as an event."""
    key = original_key(original)
    for override in event.overrides:
        if override.key == key:
            return override.event
    bare = attrs.evolve(event, overrides=())
    for found in events_between(bare, key, key + 1, limits):
        if found._start == key:
            return found
    raise InvalidArgument("original", "is not a start of the event's occurrences", original)


def override_occurrence(
    event: Event, original: date | datetime, /, *, limits: Limits | None = None, **changes: Any
) -> Event:
    """The repeating event with its occurrence at ``original`` changed as ``changes`` say.

    The occurrence starts as it was (the rule's, or an earlier override's) and
    takes ``changes`` as :func:`attrs.evolve` takes them: ``time=``, ``title=``,
    ``status=`` or any other field of an event but ``id``, ``recurrence``,
    ``overrides``, ``uid`` and ``kind``, which are the series'.

    Args:
        event: A repeating event.
        original: The start the rule gives the occurrence (a date for an all-day
            event), matched by instant.
        limits: What finding the occurrence may walk (default Limits()).
        changes: The fields of the occurrence to change.

    Raises:
        InvalidArgument: ``event`` is not a repeating event, ``original`` is not a
            start of its occurrences, or ``changes`` names a field an occurrence
            cannot change or no field at all.
        InvalidEvent: A changed field is not valid.
    """
    if not isinstance(event, Event) or event.recurrence is None:
        raise InvalidArgument("event", "must be a repeating Event", event)
    try:
        check_original(original)
    except InvalidEvent:
        raise InvalidArgument("original", "must be a date or an aware datetime", original) from None
    wrong = sorted(SERIES_FIELDS.intersection(changes))
    if wrong:
        raise InvalidArgument("changes", "are the series' own, not an occurrence's", wrong[0])
    occurrence = _occurrence(event, original, limits_or_default(limits))
    try:
        changed = attrs.evolve(occurrence, **changes)
    except TypeError as error:
        raise InvalidArgument("changes", "names no field of an event", sorted(changes)) from error
    key = original_key(original)
    kept = [o for o in event.overrides if o.key != key]
    return attrs.evolve(event, overrides=[*kept, Override(original, changed)])


def cancel_occurrence(
    event: Event, original: date | datetime, /, *, limits: Limits | None = None
) -> Event:
    """The repeating event with its occurrence at ``original`` cancelled (``STATUS:CANCELLED``).

    The occurrence stays, as RFC 5545 keeps it, with ``status=EventStatus.CANCELLED``;
    to leave it out altogether, give the series an ``exdates`` entry instead.
    """
    return override_occurrence(event, original, limits=limits, status=EventStatus.CANCELLED)
