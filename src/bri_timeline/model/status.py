"""How an event stands in a calendar: its status, transparency, class, priority and colour.

These are the RFC 5545 and RFC 7986 properties that say how a calendar shows an
event rather than what happened. Each value with fixed choices is an enum; a
class another calendar invented (``X-SECRET``) is kept as its token.

>>> check_priority(10)
Traceback (most recent call last):
...
bri_timeline.errors.InvalidEvent: priority: must be an int from 0 (undefined) to 9 (got 10)
>>> check_color("Teal"), check_color(None)
('teal', None)
"""

from __future__ import annotations

from bri_timeline.errors import InvalidEvent
from bri_timeline.model._tokens import CSS3_COLORS, Choices

__all__ = ["Classification", "EventStatus", "Transparency", "check_color", "check_priority"]


class EventStatus(Choices):
    """How an event stands (RFC 5545 STATUS): each kind has its own values.

    An event (VEVENT) is TENTATIVE, CONFIRMED or CANCELLED; a to-do (VTODO)
    NEEDS-ACTION, COMPLETED, IN-PROCESS or CANCELLED; a journal entry (VJOURNAL)
    DRAFT, FINAL or CANCELLED (see :data:`~bri_timeline.model.kinds.STATUSES`).
    """

    TENTATIVE = "TENTATIVE"
    CONFIRMED = "CONFIRMED"
    CANCELLED = "CANCELLED"
    NEEDS_ACTION = "NEEDS-ACTION"
    COMPLETED = "COMPLETED"
    IN_PROCESS = "IN-PROCESS"
    DRAFT = "DRAFT"
    FINAL = "FINAL"


class Transparency(Choices):
    """Whether an event takes up time in a schedule (RFC 5545 TRANSP): OPAQUE is busy."""

    OPAQUE = "OPAQUE"
    TRANSPARENT = "TRANSPARENT"


class Classification(Choices):
    """Who may see an event (RFC 5545 CLASS)."""

    PUBLIC = "PUBLIC"
    PRIVATE = "PRIVATE"
    CONFIDENTIAL = "CONFIDENTIAL"


def check_priority(value: object) -> int:
    """``value``, once it is an int from 0 (undefined) to 9 (1 the highest, RFC 5545 PRIORITY)."""
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 9:
        raise InvalidEvent("priority", "must be an int from 0 (undefined) to 9", value)
    return value


def check_color(value: object) -> str | None:
    """A CSS3 colour name (RFC 7986 COLOR) in lower case, or None."""
    if value is None:
        return None
    if not isinstance(value, str) or value.lower() not in CSS3_COLORS:
        raise InvalidEvent("color", "must be a CSS3 colour name such as 'teal'", value)
    return value.lower()
