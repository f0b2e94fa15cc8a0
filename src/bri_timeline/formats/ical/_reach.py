"""Which events a feed cannot carry, and the choice of refusing or leaving them out.

iCalendar's dates run from 0001-01-01 to 9999-12-31. A
:class:`~bri_timeline.model.vague.Vague` time that lies wholly beyond them (deep
time, ``Y-17E7``) has no DTSTART a feed can hold.
:class:`~bri_timeline.formats.ical.FeedOptions` chooses
what the writers do with such an event (``on_unrepresentable``): ``"error"``
(the default) raises a :class:`~bri_timeline.errors.FeedError` naming it,
``"skip"`` writes the feed without it. :func:`left_out_of_feed` says which events
that are and why, one :class:`LeftOut` each, so that nothing is dropped without a
word: the command line prints them on stderr.

The other formats: jCal is the feed's JSON and leaves out the same events;
the data file, the JSON document and TimelineJS (which takes any year) carry
them; the SVG picture and the site draw the part that lies within the years 1 to
9999, at least a day, with an arrow for an open side.

>>> from bri_timeline import Event, FeedOptions, Timeline, Vague, to_ics
>>> timeline = Timeline([Event("big-bang", "Big Bang", Vague("Y-138E8~"))])
>>> [str(note) for note in left_out_of_feed(timeline)]  # doctest: +ELLIPSIS
["left out event 'big-bang': its time Y-13800000000~ lies beyond the years 1 to 9999 ..."]
>>> b"VEVENT" in to_ics(timeline, feed=FeedOptions(on_unrepresentable="skip"))
False
"""

from __future__ import annotations

import attrs

from bri_timeline.errors import shown
from bri_timeline.formats.ical._calendar import OnUnrepresentable
from bri_timeline.model.arguments import check_str
from bri_timeline.model.event import Event
from bri_timeline.model.vague import Vague
from bri_timeline.timeline import Timeline, check_timeline

__all__ = ["LeftOut", "carried", "left_out_of_feed"]

_REASON = "lies beyond the years 1 to 9999 that iCalendar can carry"


@attrs.frozen
class LeftOut:
    """An event a feed leaves out, and why.

    Attributes:
        event: The event's id.
        time: Its time, as EDTF.
        reason: Why no feed can carry it, in words.

    >>> str(LeftOut("big-bang", "Y-138E8~", "lies beyond the years 1 to 9999"))
    "left out event 'big-bang': its time Y-138E8~ lies beyond the years 1 to 9999"
    """

    event: str = attrs.field(validator=lambda _, field, value: check_str(field.name, value))
    time: str = attrs.field(validator=lambda _, field, value: check_str(field.name, value))
    reason: str = attrs.field(validator=lambda _, field, value: check_str(field.name, value))

    def __str__(self) -> str:
        return f"left out event {shown(self.event)}: its time {self.time} {self.reason}"


def _beyond(event: Event) -> bool:
    time = event.time
    return isinstance(time, Vague) and not time.in_ical_reach


def left_out_of_feed(timeline: Timeline) -> tuple[LeftOut, ...]:
    """The events of ``timeline`` that no iCalendar feed can carry, in the timeline's order.

    These are the events a writer leaves out with ``on_unrepresentable="skip"``
    (and refuses with ``"error"``). Costs O(n).

    Raises:
        InvalidArgument: ``timeline`` is not a Timeline.
    """
    check_timeline(timeline)
    return tuple(
        LeftOut(event.id, event.time.edtf, _REASON)
        for event in timeline
        if _beyond(event) and isinstance(event.time, Vague)
    )


def carried(timeline: Timeline, choice: OnUnrepresentable) -> Timeline:
    """The timeline a writer writes: without the events it cannot carry when told to skip them.

    With ``"error"`` it is ``timeline`` itself, and the writer raises at the first
    such event. The same object comes back when nothing is left out.
    """
    if choice == "skip" and any(_beyond(event) for event in timeline):
        return timeline.filter(lambda event: not _beyond(event))
    return timeline
