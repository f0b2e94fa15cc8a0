"""People, alarms, links and status read back from a VEVENT: the reader's side of :mod:`._people`.

Another calendar's values are read as well as they can be: a token the model's
enums do not know (``ROLE=X-HOST``) is kept as its text. What the model has no
place for is left out, and ``docs/people-and-alarms.md`` says so: an attachment
or an image inline (``VALUE=BINARY``: not a link), an alarm that sends an e-mail
or runs a procedure.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from functools import partial
from typing import Any

from icalendar import Component

from bri_timeline.errors import InvalidValue
from bri_timeline.formats.ical._people import ALARM, X_ORGANIZATION, X_TITLE, address_of
from bri_timeline.formats.ical._properties import Reader, all_of, one, raw_text, text_of
from bri_timeline.formats.ical._repairs import classification, person, utc_stamp
from bri_timeline.model.alarms import Alarm, AlarmAction, Attachment, Conference, TriggerRelated
from bri_timeline.model.people import Attendee, Organizer
from bri_timeline.model.text import strip_controls

__all__ = ["alarm_of", "attendee_fields", "read_people", "who"]


def _param(prop: Any, name: str) -> str | None:
    value = prop.params.get(name)
    if isinstance(value, list | tuple):  # a list: FEATURE=AUDIO,VIDEO
        value = ",".join(map(str, value))
    return None if value is None else strip_controls(str(value))


Param = Callable[[str], "str | None"]
"""A property's parameter by name, as text (several values joined by commas), or None."""

_ATTENDEE_PARAMS = (
    ("ROLE", "role"),
    ("PARTSTAT", "status"),
    ("CUTYPE", "kind"),
    (X_TITLE, "title"),
    (X_ORGANIZATION, "organization"),
)


def who(value: str, param: Param) -> tuple[str, str | None]:
    """The name and the address of an ATTENDEE or ORGANIZER (control characters dropped).

    ``value`` is the property's value as written; both engines read one here.
    """
    value = strip_controls(value)
    return param("CN") or value.partition(":")[2] or value, address_of(value)


def attendee_fields(param: Param) -> dict[str, Any]:
    """An ATTENDEE's fields but its name and address: RSVP, and each parameter given."""
    fields: dict[str, Any] = {"rsvp": (param("RSVP") or "FALSE").upper() == "TRUE"}
    for name, field in _ATTENDEE_PARAMS:
        if (value := param(name)) is not None:
            fields[field] = value
    return fields


def _who(prop: Any) -> tuple[str, str | None]:
    return who(text_of(prop), partial(_param, prop))


def _attendee(reader: Reader, prop: Any) -> Attendee:
    name, address = _who(prop)
    fields = attendee_fields(partial(_param, prop))
    return person(
        reader,
        "ATTENDEE",
        prop,
        lambda: Attendee(name, address=address, **fields),
        lambda: Attendee(name, **fields),
    )


def _organizer(reader: Reader, component: Component) -> Organizer | None:
    prop = one(reader, component, "ORGANIZER")
    if prop is None:
        return None
    name, address = _who(prop)
    return person(
        reader,
        "ORGANIZER",
        prop,
        lambda: Organizer(name, address=address),
        lambda: Organizer(name),
    )


def _attachment(prop: Any) -> Attachment:
    return Attachment(str(prop), media_type=_param(prop, "FMTTYPE"))


def _attachments(reader: Reader, component: Component) -> list[Attachment]:
    return [
        reader.guard("ATTACH", partial(_attachment, prop))
        for prop in all_of(component, "ATTACH")
        if _param(prop, "VALUE") != "BINARY"  # an inline file is not a link (see the docs)
    ]


def _link(prop: Any) -> Conference:
    features = [part for part in (_param(prop, "FEATURE") or "").split(",") if part]
    return Conference(str(prop), features=features, label=_param(prop, "LABEL"))


def _conference(reader: Reader, component: Component) -> list[Conference]:
    return [
        reader.guard("CONFERENCE", partial(_link, prop)) for prop in all_of(component, "CONFERENCE")
    ]


def alarm_of(
    action: str,
    when: timedelta | datetime,
    related: str,
    *,
    repeat: int,
    duration: timedelta | None,
    description: str | None,
) -> Alarm:
    """A display or audio alarm as its VALARM gives it (ValueError where it cannot be one).

    ``action`` in upper case, ``related`` as written (START or END, in any case); an
    audio alarm's DESCRIPTION is not read. Both engines make an alarm here.
    """
    return Alarm(
        when.astimezone(UTC) if isinstance(when, datetime) else when,
        action=AlarmAction(action),
        description=None if action == "AUDIO" else description,
        related=TriggerRelated(related.upper()),
        repeat=repeat,
        duration=duration,
    )


def _alarm(reader: Reader, alarm: Component) -> Alarm | None:
    action = str(alarm.get("ACTION", "")).upper()
    if action not in {"DISPLAY", "AUDIO"}:
        return None  # an e-mail or a procedure: docs/people-and-alarms.md says so
    trigger = one(reader, alarm, "TRIGGER")
    if trigger is None:
        reader.repair("must have a TRIGGER", ALARM, None, "alarm left out")
        return None
    related = _param(trigger, "RELATED") or "START"
    when = trigger.dt
    duration = one(reader, alarm, "DURATION")
    repeat = one(reader, alarm, "REPEAT")
    description = one(reader, alarm, "DESCRIPTION")

    def make() -> Alarm:
        return alarm_of(
            action,
            when,
            related,
            repeat=0 if repeat is None else int(repeat),
            duration=None if duration is None else duration.dt,
            description=None if description is None else text_of(description),
        )

    try:
        return make()
    except ValueError as error:  # a TRIGGER of years, RELATED=ENDE: as if no alarm were there
        message = f"{error.field}: {error.rule}" if isinstance(error, InvalidValue) else str(error)
        reader.repair(message, ALARM, raw_text(trigger), "alarm left out")
        return None
    except (TypeError, AttributeError, OverflowError):
        return reader.guard(ALARM, make, raw_text(trigger))


def _value(reader: Reader, component: Component, name: str) -> str | None:
    value = one(reader, component, name)
    return None if value is None else text_of(value)


def read_people(reader: Reader, component: Component) -> dict[str, Any]:
    """The people, alarms, links and status of a VEVENT, as keyword arguments of an Event."""
    alarms = [_alarm(reader, sub) for sub in component.subcomponents if sub.name == ALARM]
    priority = one(reader, component, "PRIORITY")
    found: dict[str, Any] = {
        "organizer": _organizer(reader, component),
        "attendees": [_attendee(reader, prop) for prop in all_of(component, "ATTENDEE")],
        "alarms": [alarm for alarm in alarms if alarm is not None],
        "attachments": _attachments(reader, component),
        "conference": _conference(reader, component),
        "status": _value(reader, component, "STATUS"),
        "transparency": _value(reader, component, "TRANSP") or "OPAQUE",
        "classification": classification(reader, component),
        "priority": 0 if priority is None else int(priority),
        "color": _value(reader, component, "COLOR"),
        "image": _value(reader, component, "IMAGE"),
        "created": utc_stamp(reader, component, "CREATED"),
    }
    return found
