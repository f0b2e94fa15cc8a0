"""A repeating event's rule and changed occurrences as lines of ``bri-timeline show``.

One ``repeats`` line with the rule (RRULE text), the starts it adds (``also on``)
and leaves out (``except on``), then an ``occurrence`` line for
each override: the start the rule gives it, then what differs from that
occurrence: cancelled, moved, retitled, and the names of the other fields it
changes.

>>> from datetime import UTC, datetime, timedelta
>>> from bri_timeline.model.event import Event, Recurrence
>>> from bri_timeline.model.overriding import cancel_occurrence, override_occurrence
>>> from bri_timeline.model.times import TimeSpan
>>> nine = datetime(2025, 1, 6, 9, tzinfo=UTC)
>>> standup = Event("standup", "Stand-up", TimeSpan(nine, nine + timedelta(minutes=15)),
...                 recurrence=Recurrence.from_rrule("FREQ=DAILY;COUNT=3"))
>>> ten = nine + timedelta(days=1, hours=1)
>>> standup = override_occurrence(standup, nine + timedelta(days=1), title="Demo",
...                               time=TimeSpan(ten, ten + timedelta(minutes=30)))
>>> standup = cancel_occurrence(standup, nine + timedelta(days=2))
>>> for label, value in override_fields(standup):
...     print(f"{label}: {value}")
repeats: FREQ=DAILY;COUNT=3
occurrence: 7 Jan 2025 09:00 UTC: moved to 7 Jan 2025 10:00–10:30 UTC, retitled “Demo”
occurrence: 8 Jan 2025 09:00 UTC: cancelled
"""

from __future__ import annotations

from datetime import date, datetime, tzinfo

import attrs

from bri_timeline.errors import InvalidArgument
from bri_timeline.model.describe import describe
from bri_timeline.model.event import Event
from bri_timeline.model.overriding import override_occurrence
from bri_timeline.model.status import EventStatus
from bri_timeline.model.times import AllDay, TimeSpan

__all__ = ["override_fields"]

# The fields an occurrence shares with its series by definition, and those said in words.
_NOT_LISTED = frozenset({"id", "recurrence", "overrides", "uid", "time", "title", "status"})


def _original(value: date | datetime | TimeSpan, zone: tzinfo | None = None) -> str:
    """A start (or a period) in words, in the series' zone (a rule's dates may be in UTC)."""
    if isinstance(value, TimeSpan):
        return describe(TimeSpan(value.start.astimezone(zone), value.end.astimezone(zone)))
    if isinstance(value, datetime):
        return describe(TimeSpan(value.astimezone(zone)))
    return describe(AllDay(value))


def _changes(now: Event, was: Event | None) -> str:
    changes = []
    if now.status is EventStatus.CANCELLED and (was is None or was.status != now.status):
        changes.append("cancelled")
    if was is None or now.time != was.time:
        changes.append(f"moved to {describe(now.time)}")
    if was is None or now.title != was.title:
        changes.append(f"retitled “{now.title}”")
    if now.status not in (None, EventStatus.CANCELLED) and (
        was is None or was.status != now.status
    ):
        changes.append(f"status {now.status.value}")
    if was is not None:
        names = [
            field.name
            for field in attrs.fields(Event)
            if field.init
            and field.name not in _NOT_LISTED
            and getattr(now, field.name) != getattr(was, field.name)
        ]
        if was.status is not None and now.status is None:
            names.append("status")
        if names:
            changes.append(f"{', '.join(names)} changed")
    return ", ".join(changes) or "unchanged"


def override_fields(event: Event) -> list[tuple[str, str]]:
    """The rule and a ``(label, value)`` for each changed occurrence of a repeating event."""
    if event.recurrence is None:
        return []
    recurrence = event.recurrence
    zone = event.time.start.tzinfo if isinstance(event.time, TimeSpan) else None
    fields = [("repeats", recurrence.to_rrule())]
    if recurrence.rdates:
        fields.append(("also on", "; ".join(_original(one, zone) for one in recurrence.rdates)))
    if recurrence.exdates:
        fields.append(("except on", "; ".join(_original(one, zone) for one in recurrence.exdates)))
    bare = attrs.evolve(event, overrides=()) if event.overrides else event
    for override in event.overrides:
        try:
            was: Event | None = override_occurrence(bare, override.original).overrides[0].event
        except InvalidArgument:  # an original the rule does not give: all is new
            was = None
        what = _changes(override.event, was)
        if was is None:
            what = f"not a start the rule gives: {what}"
        fields.append(("occurrence", f"{_original(override.original, zone)}: {what}"))
    return fields
