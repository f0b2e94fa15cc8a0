"""People, alarms, links and status in a VEVENT, written and read in one place.

The properties are those of :data:`~._mapping.EVENT_PROPERTIES` (``ORGANIZER``,
``ATTENDEE``, ``ATTACH``, ``STATUS``, ``TRANSP``, ``CLASS``, ``PRIORITY``,
``CREATED``, and RFC 7986's ``COLOR``, ``IMAGE`` and ``CONFERENCE``) and the
``VALARM`` components. :func:`people_items` and :func:`alarm_blocks` give the
writers their ``(name, parameters, value)`` items; :mod:`._read_people` reads the
same back from a parsed VEVENT, with the names and the placeholder rule given here.

What iCalendar has no parameter for is kept in ``X-BRI-`` parameters, which other
calendars ignore: an attendee's title (``X-BRI-TITLE``) and organization
(``X-BRI-ORGANIZATION``). A parameter value is escaped as RFC 6868 says by the
writers, so that a quote or a line break in a name can never end it; a URI is
checked by the model (no space, quote or control character), so that it cannot
end the line.

A person without an address gets a placeholder that can never be delivered to,
in the ``.invalid`` domain of RFC 2606, made from the name, and reading it back
gives None again:

>>> from bri_timeline.model.people import Attendee
>>> people_items_of_attendee(Attendee("Ángel Manuel Manero Campos"))
('ATTENDEE', (('CN', 'Ángel Manuel Manero Campos'), ('PARTSTAT', 'NEEDS-ACTION'), ('ROLE', \
'REQ-PARTICIPANT')), 'mailto:angel-manuel-manero-campos@address-unknown.invalid')
"""

from __future__ import annotations

import re
import unicodedata
from datetime import datetime

from bri_timeline.formats._durations import duration_text
from bri_timeline.formats.ical._values import escape_text, utc_stamp
from bri_timeline.model.alarms import Alarm, TriggerRelated
from bri_timeline.model.event import Event
from bri_timeline.model.kinds import EventKind
from bri_timeline.model.people import Attendee, CalendarUserType

__all__ = [
    "ALARM",
    "NO_ADDRESS",
    "X_ORGANIZATION",
    "X_TITLE",
    "address_of",
    "alarm_blocks",
    "people_items",
    "people_items_of_attendee",
]

Item = tuple[str, tuple[tuple[str, str], ...], str]

ALARM = "VALARM"
NO_ADDRESS = "address-unknown.invalid"
"""The domain of the placeholder address of a person the source gives none for."""
X_TITLE, X_ORGANIZATION = "X-BRI-TITLE", "X-BRI-ORGANIZATION"
_SLUG = re.compile(r"[^a-z0-9]+")


def _placeholder(name: str) -> str:
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    slug = _SLUG.sub("-", ascii_name.lower()).strip("-")[:60].strip("-")
    return f"mailto:{slug or 'someone'}@{NO_ADDRESS}"


def address_of(value: str) -> str | None:
    """The address of a written ATTENDEE or ORGANIZER: None for the placeholder."""
    return None if value.lower().endswith("@" + NO_ADDRESS) else value


def people_items_of_attendee(person: Attendee) -> Item:
    """The ATTENDEE of one attendee."""
    params = [
        ("CN", person.name),
        ("PARTSTAT", _token(person.status)),
        ("ROLE", _token(person.role)),
    ]
    if person.kind is not CalendarUserType.INDIVIDUAL:
        params.append(("CUTYPE", _token(person.kind)))
    if person.rsvp:
        params.append(("RSVP", "TRUE"))
    if person.title is not None:
        params.append((X_TITLE, person.title))
    if person.organization is not None:
        params.append((X_ORGANIZATION, person.organization))
    address = person.address or _placeholder(person.name)
    return "ATTENDEE", tuple(params), address


def _token(value: object) -> str:
    return str(getattr(value, "value", value))


def people_items(event: Event) -> list[Item]:
    """The properties of an event's people, links and status, in no order."""
    # TRANSP is a VEVENT's: a to-do or a journal entry takes no time (see model.kinds).
    items: list[Item] = []
    if event.kind is EventKind.EVENT:
        items.append(("TRANSP", (), event.transparency.value))
    if (organizer := event.organizer) is not None:
        address = organizer.address or _placeholder(organizer.name)
        items.append(("ORGANIZER", (("CN", organizer.name),), address))
    items.extend(map(people_items_of_attendee, event.attendees))
    for attachment in event.attachments:
        kind = () if attachment.media_type is None else (("FMTTYPE", attachment.media_type),)
        items.append(("ATTACH", kind, attachment.uri))
    for link in event.conference:
        params = [("VALUE", "URI")]
        if link.features:
            params.append(("FEATURE", ",".join(map(_token, link.features))))
        if link.label is not None:
            params.append(("LABEL", link.label))
        items.append(("CONFERENCE", tuple(params), link.uri))
    if event.status is not None:
        items.append(("STATUS", (), event.status.value))
    if event.classification is not None:
        items.append(("CLASS", (), _token(event.classification)))
    if event.priority:
        items.append(("PRIORITY", (), str(event.priority)))
    if event.color is not None:
        items.append(("COLOR", (), event.color))
    if event.image is not None:
        items.append(("IMAGE", (("VALUE", "URI"),), event.image))
    if event.created is not None:
        items.append(("CREATED", (), utc_stamp(event.created)))
    return items


def _alarm_items(alarm: Alarm) -> list[Item]:
    trigger = alarm.trigger
    if isinstance(trigger, datetime):
        when: Item = ("TRIGGER", (("VALUE", "DATE-TIME"),), utc_stamp(trigger))
    else:
        related = (("RELATED", "END"),) if alarm.related is TriggerRelated.END else ()
        when = ("TRIGGER", related, duration_text(trigger))
    items = [("ACTION", (), alarm.action.value), when]
    if alarm.description is not None:
        items.append(("DESCRIPTION", (), escape_text(alarm.description)))
    if alarm.duration is not None:
        items.append(("DURATION", (), duration_text(alarm.duration)))
        items.append(("REPEAT", (), str(alarm.repeat)))
    return sorted(items, key=lambda item: item[0])


def alarm_blocks(event: Event) -> list[list[Item]]:
    """The properties of each VALARM of an event, sorted by name as icalendar writes them."""
    return [_alarm_items(alarm) for alarm in event.alarms]
