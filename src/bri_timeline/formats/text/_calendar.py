"""The kind, people, alarms, links and status of an event as lines of ``bri-timeline show``.

>>> from datetime import date, timedelta
>>> from bri_timeline.model.alarms import Alarm
>>> from bri_timeline.model.event import Event
>>> from bri_timeline.model.people import Attendee
>>> from bri_timeline.model.times import AllDay
>>> event = Event("e", "E", AllDay(date(2025, 3, 3)), priority=1,
...               attendees=[Attendee("Jorge Chain", organization="Chamber", rsvp=True)],
...               alarms=[Alarm(timedelta(hours=-1, minutes=-30))])
>>> for label, value in calendar_fields(event):
...     print(f"{label}: {value}")
attendee: Jorge Chain (Chamber; REQ-PARTICIPANT, NEEDS-ACTION, RSVP)
alarm: 1 hour 30 minutes before the start: Reminder
priority: 1
"""

from __future__ import annotations

from datetime import datetime, timedelta

from bri_timeline.formats._document import utc_text
from bri_timeline.model.alarms import Alarm, AlarmAction, TriggerRelated
from bri_timeline.model.event import Event
from bri_timeline.model.kinds import EventKind
from bri_timeline.model.people import Attendee, CalendarUserType
from bri_timeline.model.status import Transparency

__all__ = ["calendar_fields", "duration_words"]

_KIND_WORDS = {EventKind.TODO: "to-do (VTODO)", EventKind.JOURNAL: "journal entry (VJOURNAL)"}
_UNITS = (("day", 86_400), ("hour", 3_600), ("minute", 60), ("second", 1))


def duration_words(value: timedelta) -> str:
    """A length of time in words, without its sign: ``1 hour 30 minutes``, ``0 seconds``.

    >>> duration_words(timedelta(days=-2, seconds=1))
    '1 day 23 hours 59 minutes 59 seconds'
    """
    rest = abs(int(value.total_seconds()))
    words = []
    for unit, size in _UNITS:
        count, rest = divmod(rest, size)
        if count:
            words.append(f"{count} {unit}" + ("" if count == 1 else "s"))
    return " ".join(words) or "0 seconds"


def _token(value: object) -> str:
    return str(getattr(value, "value", value))


def _attendee(person: Attendee) -> str:
    about = ", ".join(part for part in (person.title, person.organization) if part)
    what = [_token(person.role), _token(person.status)]
    if person.kind is not CalendarUserType.INDIVIDUAL:
        what.append(_token(person.kind))
    if person.rsvp:
        what.append("RSVP")
    details = "; ".join(part for part in (about, ", ".join(what)) if part)
    text = f"{person.name} ({details})"
    return f"{text} <{person.address}>" if person.address else text


def _alarm(alarm: Alarm) -> str:
    trigger = alarm.trigger
    if isinstance(trigger, datetime):
        when = f"at {utc_text(trigger)}"
    else:
        side = "start" if alarm.related is TriggerRelated.START else "end"
        if not trigger:
            when = f"at the {side}"
        else:
            way = "before" if trigger < timedelta(0) else "after"
            when = f"{duration_words(trigger)} {way} the {side}"
    if alarm.duration is not None:
        when += f", then {alarm.repeat} more every {duration_words(alarm.duration)}"
    what = "sound" if alarm.action is AlarmAction.AUDIO else alarm.description
    return f"{when}: {what}"


def calendar_fields(event: Event) -> list[tuple[str, str]]:
    """A ``(label, value)`` for each of these fields the event has (none for a default)."""
    fields: list[tuple[str, str]] = []
    if event.kind is not EventKind.EVENT:
        fields.append(("kind", _KIND_WORDS[event.kind]))
    if (organizer := event.organizer) is not None:
        address = f" <{organizer.address}>" if organizer.address else ""
        fields.append(("organizer", organizer.name + address))
    fields.extend(("attendee", _attendee(person)) for person in event.attendees)
    fields.extend(("alarm", _alarm(alarm)) for alarm in event.alarms)
    for item in event.attachments:
        kind = f" ({item.media_type})" if item.media_type else ""
        fields.append(("attachment", item.uri + kind))
    for link in event.conference:
        about = ", ".join([*map(_token, link.features), *([link.label] if link.label else [])])
        fields.append(("conference", f"{link.uri} ({about})" if about else link.uri))
    if event.status is not None:
        fields.append(("status", event.status.value))
    if event.transparency is Transparency.OPAQUE:
        fields.append(("free/busy", "busy"))
    if event.classification is not None:
        fields.append(("class", _token(event.classification)))
    if event.priority:
        fields.append(("priority", str(event.priority)))
    if event.color is not None:
        fields.append(("color", event.color))
    if event.image is not None:
        fields.append(("image", event.image))
    if event.created is not None:
        fields.append(("created", utc_text(event.created)))
    if event.uid is not None:
        fields.append(("uid", event.uid))
    fields.extend((extra.name.lower(), extra.value) for extra in event.extras)
    return fields
