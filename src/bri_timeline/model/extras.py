"""What another calendar said of an event that the model has no field for, kept as it came.

An :class:`Extra` is one such property: its name, its parameters and its value, the
value as the calendar wrote it (its escapes included), so that an export writes it
back unchanged. Calendars put much there: Outlook's
``X-MICROSOFT-CDO-BUSYSTATUS``, Apple's ``X-APPLE-TRAVEL-ADVISORY-BEHAVIOR``, or
RFC 5545 properties with no field here such as ``COMMENT``, ``CONTACT`` or
``RELATED-TO``.

>>> Extra("x-microsoft-cdo-busystatus", "OOF")
Extra(name='X-MICROSOFT-CDO-BUSYSTATUS', value='OOF', params=())
>>> Extra("X-A", "1", params=[("x-unit", "km")]).params
(('X-UNIT', 'km'),)
>>> Extra("X A", "1")
Traceback (most recent call last):
...
bri_timeline.errors.InvalidEvent: extra.name: must be a name of letters, digits and '-' (got 'X A')
"""

from __future__ import annotations

import re
from collections.abc import Iterable

import attrs

from bri_timeline.errors import InvalidEvent
from bri_timeline.model.text import check_text, set_built

__all__ = ["Extra"]

_NAME = re.compile(r"[A-Za-z0-9-]+")
_MAX_NAME = 255


def _by_name(pair: tuple[str, str]) -> str:
    return pair[0]


def _name(field: str, value: object) -> str:
    if not isinstance(value, str) or not _NAME.fullmatch(value) or len(value) > _MAX_NAME:
        raise InvalidEvent(field, "must be a name of letters, digits and '-'", value)
    return value.upper()


def _line(field: str, value: object) -> str:
    text = check_text(field, value)
    if "\n" in text:
        raise InvalidEvent(field, "must be one line (as a content line holds it)", value)
    return text


def _params(values: Iterable[tuple[str, str]]) -> tuple[tuple[str, str], ...]:
    if isinstance(values, str | bytes) or not isinstance(values, Iterable):
        raise InvalidEvent("extra.params", "must be a sequence of (name, value) pairs", values)
    found = []
    for pair in values:
        if not isinstance(pair, tuple | list) or len(pair) != 2:
            raise InvalidEvent("extra.params", "must be a sequence of (name, value) pairs", pair)
        found.append((_name("extra.params", pair[0]), check_text("extra.params", pair[1])))
    names = [name for name, _ in found]
    if len(set(names)) != len(names):
        raise InvalidEvent("extra.params", "must not repeat a name", values)
    return tuple(sorted(found, key=_by_name))


@attrs.frozen
class Extra:
    """One property of an event that the model has no field for, as the calendar wrote it.

    Args:
        name: The property's name (``X-...`` or an IANA one), kept in upper case.
        value: Its value as the calendar wrote it, escapes and all, on one line.
        params: Its parameters, ``(name, value)``, each name once, in upper case, in
            name order (iCalendar sets no order).
    """

    name: str
    value: str
    params: tuple[tuple[str, str], ...] = attrs.field(default=(), kw_only=True, converter=_params)

    def __attrs_post_init__(self) -> None:
        set_built(self, "name", _name("extra.name", self.name))
        set_built(self, "value", _line("extra.value", self.value))
