"""The properties of a VEVENT that no field holds, read as :class:`~bri_timeline.Extra`.

Part of the reader (:func:`~._vevent.read_event`). A property the mapping does not
know (:data:`~._mapping.KNOWN`) is kept with its parameters and its value as the
file wrote it, so that an export writes it back; control characters, which the model
refuses and a content line cannot hold, are left out of it, as they are of any text.
A parameter of several values (``MEMBER="a","b"``) is kept as one, its values joined by
commas.
"""

from __future__ import annotations

from typing import Any

from icalendar import Component

from bri_timeline.formats.ical._mapping import KNOWN
from bri_timeline.formats.ical._properties import Reader, all_of, raw_text
from bri_timeline.model.extras import Extra
from bri_timeline.model.text import strip_controls

__all__ = ["read_extras"]


def _param_value(value: object) -> str:
    if isinstance(value, list | tuple):
        return ",".join(map(str, value))
    return str(value)


def _extra(reader: Reader, name: str, prop: Any) -> Extra:
    text = strip_controls(raw_text(prop) or "")
    params = [(key, strip_controls(_param_value(value))) for key, value in prop.params.items()]
    return reader.guard(name, lambda: Extra(name, text, params=params), text)


def read_extras(
    reader: Reader, component: Component, known: frozenset[str] = KNOWN
) -> tuple[Extra, ...]:
    """Every property of ``component`` not ``known`` (the mapping's), in the file's order."""
    return tuple(
        _extra(reader, name.upper(), prop)
        for name in component
        if name.upper() not in known
        for prop in all_of(component, name)
    )
