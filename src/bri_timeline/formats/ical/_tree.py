r"""The direct reader's tree: components and properties of raw text, and the notes made.

:mod:`~bri_timeline.formats.ical._parse` reads a file into it; :func:`in_calendars` puts
bare components (a VEVENT with no VCALENDAR around it) into a calendar, with a note.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import NamedTuple

import attrs

from bri_timeline.errors import ICalendarError
from bri_timeline.formats.ical._params import Params
from bri_timeline.notes import ImportNote

__all__ = ["Component", "Parsed", "Property", "in_calendars"]


class Property(NamedTuple):
    """One content line: its name in upper case, its parameters, its raw value and its line.

    A named tuple, not an attrs class: a file holds millions of these, and a tuple is
    made in a third of the time.
    """

    name: str
    params: Params
    value: str
    line: int

    def param(self, name: str) -> str | None:
        """The first value of the parameter ``name`` (upper case), or None."""
        values = self.params.get(name)
        return values[0] if values else None


class Component(NamedTuple):
    """A component: its name in upper case, its properties and components in file order."""

    name: str
    properties: tuple[Property, ...]
    components: tuple[Component, ...]
    line: int

    def all(self, name: str) -> list[Property]:
        """The properties named ``name`` (upper case), in file order."""
        return [prop for prop in self.properties if prop.name == name]

    def first(self, name: str) -> Property | None:
        """The first property named ``name`` (upper case), or None."""
        return next((prop for prop in self.properties if prop.name == name), None)


Consumer = Callable[[Component, "str | None"], bool]
"""What ``parse(consume=...)`` calls with each component as it ends, and its parent's name."""


@attrs.frozen
class Parsed:
    """The top-level components of a file, in file order, and the notes of what was repaired."""

    components: tuple[Component, ...]
    notes: tuple[ImportNote, ...]


def in_calendars(parsed: Parsed, path: str, *, strict: bool = False) -> Parsed:
    r"""The file's components with each bare one (a VEVENT with no VCALENDAR) put in one.

    Consecutive bare components share one VCALENDAR, at the line of the first;
    each is noted (icalendar reads them as they are).

    >>> from bri_timeline.formats.ical._parse import parse
    >>> from bri_timeline.limits import Limits
    >>> bare = parse(b"BEGIN:VEVENT\r\nUID:a\r\nEND:VEVENT\r\n", "e.ics", Limits())
    >>> wrapped = in_calendars(bare, "e.ics")
    >>> [c.name for c in wrapped.components], [str(note) for note in wrapped.notes]
    (['VCALENDAR'], ["e.ics:1: event 'a': VEVENT: put in a VCALENDAR, as it has none"])

    Raises:
        ICalendarError: ``strict`` and a component is bare.
    """
    top: list[Component] = []
    notes = list(parsed.notes)
    bare: list[Component] = []
    for component in (*parsed.components, None):
        if component is not None and component.name != "VCALENDAR":
            uid = component.first("UID")
            if strict:
                raise ICalendarError(
                    path,
                    f"has a {component.name} outside any VCALENDAR (strict=True)",
                    line=component.line,
                    uid=uid and uid.value,
                    prop=component.name,
                )
            notes.append(
                ImportNote(
                    path,
                    component.line,
                    uid and uid.value,
                    component.name,
                    None,
                    "put in a VCALENDAR, as it has none",
                )
            )
            bare.append(component)
            continue
        if bare:
            top.append(Component("VCALENDAR", (), tuple(bare), bare[0].line))
            bare = []
        if component is not None:
            top.append(component)
    return Parsed(tuple(top), tuple(notes))
