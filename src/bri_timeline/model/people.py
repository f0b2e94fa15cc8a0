r"""The people of an event as calendars know them: its organizer and its attendees (RFC 5545).

An :class:`Attendee` is a calendar user, written as an ``ATTENDEE`` property that
calendar apps show in the event's guest list, with its role, participation
status, RSVP wish and kind (a person, a group, a room). An event's
``participants`` (:class:`~bri_timeline.model.event.Participant`) are something
else: the parties the source names as taking part, in its own words, which may
be countries or organizations and are kept with the source's wording.

Where the source gives no e-mail address, ``address`` is None: nothing is
invented. iCalendar still needs one, so the feed writes a placeholder in the
``.invalid`` domain that RFC 2606 reserves for names that can never be
delivered to (see ``docs/people-and-alarms.md``).

>>> chain = Attendee("Jorge Chain", organization="Peru-China Chamber of Commerce")
>>> chain.role, chain.status, chain.kind
(Role.REQ_PARTICIPANT, ParticipationStatus.NEEDS_ACTION, CalendarUserType.INDIVIDUAL)
>>> Attendee("Room 4", kind="room", role="x-host").kind, Attendee("R", role="x-host").role
(CalendarUserType.ROOM, 'X-HOST')
>>> Attendee("Eve", address="mailto:eve@example.org\r\nATTENDEE:mailto:x@example.org")
Traceback (most recent call last):
...
bri_timeline.errors.InvalidEvent: attendee.address: must be a URI: a scheme such as https:, ...
"""

from __future__ import annotations

import attrs

from bri_timeline.errors import InvalidEvent
from bri_timeline.model._tokens import Choices, optional_label, optional_uri, token_of

__all__ = ["Attendee", "CalendarUserType", "Organizer", "ParticipationStatus", "Role"]


class Role(Choices):
    """What an attendee is asked to do (RFC 5545 ROLE)."""

    CHAIR = "CHAIR"
    REQ_PARTICIPANT = "REQ-PARTICIPANT"
    OPT_PARTICIPANT = "OPT-PARTICIPANT"
    NON_PARTICIPANT = "NON-PARTICIPANT"


class ParticipationStatus(Choices):
    """Whether an attendee comes to an event (RFC 5545 PARTSTAT, the values for a VEVENT)."""

    NEEDS_ACTION = "NEEDS-ACTION"
    ACCEPTED = "ACCEPTED"
    DECLINED = "DECLINED"
    TENTATIVE = "TENTATIVE"
    DELEGATED = "DELEGATED"


class CalendarUserType(Choices):
    """What kind of calendar user an attendee is (RFC 5545 CUTYPE)."""

    INDIVIDUAL = "INDIVIDUAL"
    GROUP = "GROUP"
    RESOURCE = "RESOURCE"
    ROOM = "ROOM"
    UNKNOWN = "UNKNOWN"


def _set(instance: object, field: str, value: object) -> None:
    object.__setattr__(instance, field, value)


@attrs.frozen
class Organizer:
    """Who organizes an event (RFC 5545 ORGANIZER): a name, and an address where one is known.

    >>> Organizer("Andean Community", address="https://www.comunidadandina.org").address
    'https://www.comunidadandina.org'
    """

    name: str
    address: str | None = attrs.field(default=None, kw_only=True)

    def __attrs_post_init__(self) -> None:
        _set(self, "name", optional_label("organizer.name", self.name, required=True))
        _set(self, "address", optional_uri("organizer.address", self.address))


@attrs.frozen
class Attendee:
    """A calendar user invited to an event (RFC 5545 ATTENDEE).

    Args:
        name: The name calendars show (CN).
        address: A URI, usually ``mailto:``; None when the source gives none.
        role: A :class:`Role`, or another calendar's token (``"X-HOST"``).
        status: A :class:`ParticipationStatus` (PARTSTAT), or a token.
        rsvp: Whether a reply is asked for.
        kind: A :class:`CalendarUserType` (CUTYPE), or a token.
        title: Their office or position, in the source's words.
        organization: The organization they belong to or speak for.

    The name, the title and the organization are kept without surrounding blanks:
    iCalendar carries them in parameters, which lose them.
    """

    name: str
    address: str | None = attrs.field(default=None, kw_only=True)
    role: Role | str = attrs.field(default=Role.REQ_PARTICIPANT, kw_only=True)
    status: ParticipationStatus | str = attrs.field(
        default=ParticipationStatus.NEEDS_ACTION, kw_only=True
    )
    rsvp: bool = attrs.field(default=False, kw_only=True)
    kind: CalendarUserType | str = attrs.field(default=CalendarUserType.INDIVIDUAL, kw_only=True)
    title: str | None = attrs.field(default=None, kw_only=True)
    organization: str | None = attrs.field(default=None, kw_only=True)

    def __attrs_post_init__(self) -> None:
        _set(self, "name", optional_label("attendee.name", self.name, required=True))
        _set(self, "address", optional_uri("attendee.address", self.address))
        _set(self, "role", token_of("attendee.role", Role, self.role))
        _set(self, "status", token_of("attendee.status", ParticipationStatus, self.status))
        if not isinstance(self.rsvp, bool):
            raise InvalidEvent("attendee.rsvp", "must be True or False", self.rsvp)
        _set(self, "kind", token_of("attendee.kind", CalendarUserType, self.kind))
        _set(self, "title", optional_label("attendee.title", self.title))
        _set(self, "organization", optional_label("attendee.organization", self.organization))
