"""Reminders and links of an event: alarms (VALARM), attachments and conferences.

An :class:`Alarm` goes off a while before (or after) the event's start or end,
or at a fixed instant, and may go off again ``repeat`` more times, ``duration``
apart (RFC 5545 asks for both or neither):

>>> from datetime import timedelta
>>> Alarm(timedelta(minutes=-15)).description
'Reminder'
>>> Alarm(timedelta(minutes=-15), repeat=2)
Traceback (most recent call last):
...
bri_timeline.errors.InvalidEvent: alarm.duration: must be given with repeat (got None)
>>> Attachment("https://example.org/agenda.pdf", media_type="application/pdf").media_type
'application/pdf'
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import datetime, timedelta

import attrs

from bri_timeline.errors import InvalidEvent
from bri_timeline.model._tokens import Choices, check_uri, optional_label, token_of
from bri_timeline.model.keys import instant_key
from bri_timeline.model.text import check_text
from bri_timeline.model.times import in_utc

__all__ = [
    "Alarm",
    "AlarmAction",
    "Attachment",
    "Conference",
    "ConferenceFeature",
    "TriggerRelated",
]

_NAME = r"[A-Za-z0-9][A-Za-z0-9!#$&^_.+-]{0,126}"
_MEDIA_TYPE = re.compile(f"{_NAME}/{_NAME}")
_MAX_OFFSET = timedelta(days=10_000)


class AlarmAction(Choices):
    """What an alarm does (RFC 5545 ACTION): show a message, or play a sound."""

    DISPLAY = "DISPLAY"
    AUDIO = "AUDIO"


class TriggerRelated(Choices):
    """What a relative trigger counts from (RFC 5545 RELATED): the event's start or its end."""

    START = "START"
    END = "END"


class ConferenceFeature(Choices):
    """What a conference offers (RFC 7986 FEATURE)."""

    AUDIO = "AUDIO"
    CHAT = "CHAT"
    FEED = "FEED"
    MODERATOR = "MODERATOR"
    PHONE = "PHONE"
    SCREEN = "SCREEN"
    VIDEO = "VIDEO"


def _set(instance: object, field: str, value: object) -> None:
    object.__setattr__(instance, field, value)


def _whole_seconds(field: str, value: object) -> timedelta:
    if not isinstance(value, timedelta) or value.microseconds or abs(value) > _MAX_OFFSET:
        raise InvalidEvent(
            field, "must be a timedelta of whole seconds, at most 10000 days either way", value
        )
    return value


def _trigger_eq(value: timedelta | datetime) -> object:
    return ("at", instant_key(value)) if isinstance(value, datetime) else ("offset", value)


@attrs.frozen
class Alarm:
    """A reminder of an event (RFC 5545 VALARM).

    Args:
        trigger: A timedelta from the event's start (or end, with
            ``related=TriggerRelated.END``), negative for before; or an aware datetime,
            kept in UTC.
        action: :attr:`AlarmAction.DISPLAY` (a message) or :attr:`AlarmAction.AUDIO`.
        description: The message of a display alarm ("Reminder" when not
            given); an audio alarm has none.
        related: What a timedelta trigger counts from.
        repeat: How many more times it goes off, 0 to 1000.
        duration: The time between two of those, given with ``repeat``.
    """

    trigger: timedelta | datetime = attrs.field(eq=_trigger_eq)
    action: AlarmAction = attrs.field(default=AlarmAction.DISPLAY, kw_only=True)
    description: str | None = attrs.field(default=None, kw_only=True)
    related: TriggerRelated = attrs.field(default=TriggerRelated.START, kw_only=True)
    repeat: int = attrs.field(default=0, kw_only=True)
    duration: timedelta | None = attrs.field(default=None, kw_only=True)

    def __attrs_post_init__(self) -> None:
        if isinstance(self.trigger, datetime):
            _set(self, "trigger", in_utc("alarm.trigger", self.trigger, InvalidEvent))
            if self.trigger.microsecond:
                raise InvalidEvent("alarm.trigger", "must be a whole second", self.trigger)
            if self.related is not TriggerRelated.START:
                raise InvalidEvent("alarm.related", "is only for a timedelta trigger", self.related)
        else:
            _whole_seconds("alarm.trigger", self.trigger)
        if not isinstance(self.action, AlarmAction):
            raise InvalidEvent("alarm.action", "must be an AlarmAction", self.action)
        if not isinstance(self.related, TriggerRelated):
            raise InvalidEvent("alarm.related", "must be a TriggerRelated", self.related)
        if self.action is AlarmAction.DISPLAY:
            text = "Reminder" if self.description is None else self.description
            _set(self, "description", check_text("alarm.description", text, required=True))
        elif self.description is not None:
            raise InvalidEvent("alarm.description", "an audio alarm has none", self.description)
        repeat = self.repeat
        if isinstance(repeat, bool) or not isinstance(repeat, int) or not 0 <= repeat <= 1000:
            raise InvalidEvent("alarm.repeat", "must be an int from 0 to 1000", repeat)
        if self.duration is not None:
            duration = _whole_seconds("alarm.duration", self.duration)
            if duration <= timedelta(0):
                raise InvalidEvent("alarm.duration", "must be positive", duration)
        if (repeat == 0) != (self.duration is None):
            missing = "duration" if self.duration is None else "repeat"
            other = "repeat" if missing == "duration" else "duration"
            got = None if missing == "duration" else repeat
            raise InvalidEvent(f"alarm.{missing}", f"must be given with {other}", got)


@attrs.frozen
class Attachment:
    """A document attached to an event (RFC 5545 ATTACH): a URI and its media type.

    The media type, where given, is ``type/subtype`` (``application/pdf``).
    """

    uri: str
    media_type: str | None = attrs.field(default=None, kw_only=True)

    def __attrs_post_init__(self) -> None:
        _set(self, "uri", check_uri("attachment.uri", self.uri))
        kind = self.media_type
        if kind is not None and (not isinstance(kind, str) or not _MEDIA_TYPE.fullmatch(kind)):
            raise InvalidEvent("attachment.media_type", "must be a media type type/subtype", kind)


def _features(values: Iterable[ConferenceFeature | str]) -> tuple[ConferenceFeature | str, ...]:
    if isinstance(values, str) or not isinstance(values, Iterable):
        raise InvalidEvent("conference.features", "must be a sequence of ConferenceFeature", values)
    items = tuple(token_of("conference.features", ConferenceFeature, value) for value in values)
    if len(set(items)) != len(items):
        raise InvalidEvent("conference.features", "must not repeat a feature", values)
    return items


@attrs.frozen
class Conference:
    """A way to join an event from afar (RFC 7986 CONFERENCE): a URI, what it offers, a label.

    >>> Conference("tel:+51-1-555-0100", features=["phone"]).features
    (ConferenceFeature.PHONE,)
    """

    uri: str
    features: tuple[ConferenceFeature | str, ...] = attrs.field(
        default=(), kw_only=True, converter=_features
    )
    label: str | None = attrs.field(default=None, kw_only=True)

    def __attrs_post_init__(self) -> None:
        _set(self, "uri", check_uri("conference.uri", self.uri))
        _set(self, "label", optional_label("conference.label", self.label))
