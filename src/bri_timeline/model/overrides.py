"""Changed single occurrences of a repeating event: an :class:`Override` for each.

RFC 5545 changes one occurrence of a series with a second VEVENT of the same UID
and a RECURRENCE-ID, the start the rule gives that occurrence: it may move it,
retitle it, or cancel it (``STATUS:CANCELLED``). Here such a change is part of
the repeating event, in its ``overrides``, so that the series stays one thing:
one event in, one event out, and the one expansion
(:mod:`bri_timeline.model.recurrence`) gives the changed occurrence in place of
the one the rule gives.

An override names the occurrence by ``original``, matched by instant (a date
for an all-day event), and holds the whole occurrence as it now is, an
:class:`~bri_timeline.model.event.Event` whose id is :func:`occurrence_id` of the
series and ``original``. :func:`~bri_timeline.model.overriding.override_occurrence`
builds one from the occurrence the rule gives.

>>> from datetime import UTC, datetime
>>> occurrence_id("standup", datetime(2024, 11, 13, 9, tzinfo=UTC))
'standup+20241113T090000Z'
>>> original_key(date(1, 1, 2))
86400000000
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

import attrs

from bri_timeline.model.keys import date_key, instant_key
from bri_timeline.model.rrule import check_moment

if TYPE_CHECKING:
    from bri_timeline.model.event import Event

__all__ = ["Override", "check_original", "occurrence_id", "original_eq", "original_key"]


def check_original(value: object) -> date | datetime:
    """An override's ``original``: a date or an aware datetime, or InvalidEvent."""
    return check_moment("overrides.original", value)


def original_key(value: date | datetime) -> int:
    """The span key an occurrence of this start has: its instant, or its day's start.

    A wall time that a clock change skipped is the instant it moves forward to, as
    the expansion moves it (RFC 5545); one in a repeated hour is the pass its
    ``fold`` says (a repeating event's own start may be the second).
    """
    if isinstance(value, datetime):
        tz = value.tzinfo
        if isinstance(tz, ZoneInfo):
            instant = value.astimezone(UTC)
            if instant.astimezone(tz).replace(tzinfo=None) != value.replace(tzinfo=None):
                instant = value.replace(fold=0).astimezone(UTC)  # skipped: moved forward
            value = instant  # a repeated hour's second pass (fold=1) stays the second
        return instant_key(value)
    return date_key(value)


def original_eq(value: date | datetime) -> tuple[object, ...]:
    """The key by which two originals are the same: a day, or an instant in any zone.

    The same instant in two zones is one original, as RECURRENCE-ID matches by instant.
    """
    return (isinstance(value, datetime), original_key(value))


@attrs.frozen
class Override:
    """One occurrence of a repeating event as it now is: moved, changed or cancelled.

    Attributes:
        original: The start the rule gives the occurrence (RFC 5545 RECURRENCE-ID):
            a date for an all-day event, an aware datetime for a timed one, equal
            by instant.
        event: The occurrence as it now is: its own time, title and every other
            field, with no recurrence, the id ``occurrence_id(series id,
            original)`` and the series' ``uid``. A cancelled occurrence has
            ``status=EventStatus.CANCELLED``.

    Build one with :func:`~bri_timeline.model.overriding.override_occurrence`,
    which starts from the occurrence the rule gives; the repeating event checks
    the rest.
    """

    original: date | datetime = attrs.field(converter=check_original, eq=original_eq)
    event: Event

    @property
    def key(self) -> int:
        """The span key of :attr:`original` (see :func:`original_key`)."""
        return original_key(self.original)


def _stamp(value: date | datetime) -> str:
    # A naive datetime is a floating wall time: written as it is, without Z.
    floating = isinstance(value, datetime) and value.tzinfo is None
    day = value.astimezone(UTC) if isinstance(value, datetime) and not floating else value
    text = f"{day.year:04d}{day.month:02d}{day.day:02d}"
    if isinstance(day, datetime):
        text += f"T{day.hour:02d}{day.minute:02d}{day.second:02d}{'' if floating else 'Z'}"
    return text


def occurrence_id(base: str, start: date | datetime) -> str:
    """The id of one occurrence: the base id, ``+`` and its start stamp, within 255 characters.

    >>> occurrence_id("apec", date(2024, 11, 13))
    'apec+20241113'
    """
    suffix = "+" + _stamp(start)
    return base[: 255 - len(suffix)] + suffix
