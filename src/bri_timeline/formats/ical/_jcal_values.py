r"""jCal properties (RFC 7265 section 3): a property's parts and their JSON, both ways.

Part of :mod:`~bri_timeline.formats.ical.jcal`. A property in jCal is the parts
a content line is written from, the :data:`~._mapping.Item` of the mapping:
``[name, parameters, type, value...]``, the names in lower case and the ``VALUE``
parameter given as the type. A property's type when no ``VALUE`` says is the
mapping's (:data:`~._mapping.EVENT_PROPERTIES`, and ``_decode.DEFAULT_TYPES`` for
the other properties of RFC 5545 and RFC 7986); an ``X-`` property is ``unknown``,
its value the iCalendar text as written, escapes and all (RFC 7265 section 5).
Each type's value (section 3.5):

* text: unescaped, one value for each part between commas that are not escaped: a
  list property (CATEGORIES) has one each, and so has a kept property whose text
  has a bare comma (``COMMENT:a,b``, as written), which the reader joins again;
* date ``2024-11-13``, date-time ``2024-11-13T09:30:00`` (``Z`` for UTC), time
  ``09:30:00``, utc-offset ``-05:00``, period ``[start, end or duration]``;
* recur: an object (``{"freq": "WEEKLY", "count": 3}``); integer, float and
  boolean: JSON numbers and booleans; GEO: its two floats;
* duration, uri, cal-address, binary, unknown and any other type: the text as written.

>>> json_property("DTSTART", (("TZID", "America/Lima"),), "20241114T093000")
['dtstart', {'tzid': 'America/Lima'}, 'date-time', '2024-11-14T09:30:00']
>>> json_property("CATEGORIES", (), "a\\,b,c")
['categories', {}, 'text', 'a,b', 'c']
>>> item_of(["dtstart", {}, "date", "2024-11-14"])
('DTSTART', (('VALUE', 'DATE'),), '20241114')
>>> item_of(["dtstart", {}, "date-time", "2024-11-14"])
Traceback (most recent call last):
...
bri_timeline.formats.ical._jcal_values.NotJCal: [3]: must be a date-time ...
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Mapping
from datetime import date, datetime
from functools import lru_cache
from types import MappingProxyType
from typing import Any

from bri_timeline.formats.ical._decode import (
    DEFAULT_TYPES,
    LIST_PROPERTIES,
    BadValue,
    duration,
    integer,
    recur,
    text,
    text_list,
)
from bri_timeline.formats.ical._lines import LIST_PARAMETERS
from bri_timeline.formats.ical._mapping import EVENT_PROPERTIES, Item, Params
from bri_timeline.formats.ical._values import decimal_text, escape_text

__all__ = ["NAME", "TYPES", "NotJCal", "default_type", "item_of", "json_property"]

NAME = re.compile(r"[A-Za-z0-9-]+")
"""A component's, property's or parameter's name (RFC 5545 3.1), in any case."""

TYPES: Mapping[str, str] = MappingProxyType(
    {
        **DEFAULT_TYPES,
        **{prop.name: prop.type for props in EVENT_PROPERTIES.values() for prop in props},
    }
)
"""The value type of each property the mapping or RFC 5545 types; any other is TEXT."""


class NotJCal(ValueError):
    """A property that is not jCal: where in its array (``[3]``), what it must be, and the value."""

    def __init__(self, at: str, rule: str, value: object) -> None:
        self.at = at
        self.rule = rule
        self.value = value
        super().__init__(f"{at}: {rule}")


def default_type(name: str) -> str:
    """The value type of a property (upper case) without a VALUE parameter; UNKNOWN for X-."""
    return "UNKNOWN" if name.startswith("X-") else TYPES.get(name, "TEXT")


# From the value text to JSON: the texts are the writer's own, so each is of its form.


def _date_json(raw: str) -> str:
    return f"{raw[:4]}-{raw[4:6]}-{raw[6:8]}"


def _time_json(raw: str) -> str:
    return f"{raw[:2]}:{raw[2:4]}:{raw[4:]}" if len(raw) <= 6 else _time_json(raw[:6]) + raw[6:]


def _date_time_json(raw: str) -> str:
    return _date_json(raw) if len(raw) == 8 else f"{_date_json(raw)}T{_time_json(raw[9:])}"


def _offset_json(raw: str) -> str:
    return f"{raw[:3]}:{raw[3:5]}" + (f":{raw[5:]}" if len(raw) > 5 else "")


def _period_json(raw: str) -> list[str]:
    start, _, end = raw.partition("/")
    return [_date_time_json(start), end if end[:1] in ("P", "+", "-") else _date_time_json(end)]


_NUMBERED = frozenset(
    [
        "COUNT",
        "INTERVAL",
        "BYSECOND",
        "BYMINUTE",
        "BYHOUR",
        "BYMONTHDAY",
        "BYYEARDAY",
        "BYWEEKNO",
        "BYMONTH",
        "BYSETPOS",
    ]
)


def _recur_json(raw: str) -> dict[str, Any]:
    rule: dict[str, Any] = {}
    for key, values in recur(raw).parts.items():
        read: Callable[[str], object] = (
            int if key in _NUMBERED else _date_time_json if key == "UNTIL" else str
        )
        items = [read(value) for value in values]
        rule[key.lower()] = items[0] if len(items) == 1 else items
    return rule


def _text_list_json(raw: str) -> list[Any]:
    return list(text_list(raw))


def _geo_json(raw: str) -> list[Any]:
    latitude, _, longitude = raw.partition(";")
    return [[float(latitude), float(longitude)]]


def _as_is(raw: str) -> list[Any]:
    return [raw]


def _values_json(name: str, kind: str) -> Callable[[str], list[Any]]:
    """How the value text of this property, of this type, becomes its jCal values."""
    if kind == "TEXT":
        return _text_list_json
    if name == "GEO" and kind == "FLOAT":
        return _geo_json
    form = _FORMS.get(kind)
    if form is None:
        return _as_is
    convert = form[0]
    if name in LIST_PROPERTIES:
        return lambda raw: [convert(part) for part in raw.split(",")]
    return lambda raw: [convert(raw)]


_Head = tuple[str, tuple[tuple[str, str | tuple[str, ...]], ...], str, Callable[[str], list[Any]]]


@lru_cache(maxsize=1024)
def _head(name: str, params: Params) -> _Head:
    """A property's jCal name, parameters and type, and how its value becomes JSON."""
    kind = None
    shown: list[tuple[str, str | tuple[str, ...]]] = []
    for key, value in params:
        if key == "VALUE":
            kind = value.upper()
        elif key != "TZID" or value != "UTC":
            many = key in LIST_PARAMETERS and "," in value
            shown.append((key.lower(), tuple(value.split(",")) if many else value))
    kind = kind or default_type(name)
    return name.lower(), tuple(shown), kind.lower(), _values_json(name, kind)


def json_property(name: str, params: Params, raw: str) -> list[Any]:
    """The jCal of a property: its name, parameters (names upper case) and value text.

    ``TZID=UTC`` is left out, as the content line leaves it out.
    """
    lower, shown, kind, values = _head(name, params)
    found = {key: list(value) if isinstance(value, tuple) else value for key, value in shown}
    return [lower, found, kind, *values(raw)]


# From JSON to the value text: the JSON is anyone's, so each value is checked.

_DATE = re.compile(r"\d{4}-\d\d-\d\d")
_DATE_TIME = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ?")
_TIME = re.compile(r"\d\d:\d\d:\d\dZ?")
_OFFSET = re.compile(r"[-+]\d\d:\d\d(?::\d\d)?")
_TOKEN = re.compile(r"[A-Za-z0-9+-]+")


def _form(pattern: re.Pattern[str], value: object, at: str, rule: str) -> str:
    if not isinstance(value, str) or not value.isascii() or not pattern.fullmatch(value):
        raise NotJCal(at, rule, value)
    return value


def _date(value: object, at: str) -> str:
    found = _form(_DATE, value, at, "must be a date such as '2024-11-13'")
    try:
        date.fromisoformat(found)
    except ValueError:
        raise NotJCal(at, "must be a date that exists", value) from None
    return found.replace("-", "")


def _date_time(value: object, at: str) -> str:
    rule = "must be a date-time such as '2024-11-13T09:30:00' (and Z for UTC)"
    found = _form(_DATE_TIME, value, at, rule)
    try:
        datetime.fromisoformat(found.removesuffix("Z"))
    except ValueError:
        raise NotJCal(at, "must be a date-time that exists", value) from None
    return found.replace("-", "").replace(":", "")


def _time(value: object, at: str) -> str:
    return _form(_TIME, value, at, "must be a time such as '09:30:00'").replace(":", "")


def _offset(value: object, at: str) -> str:
    return _form(_OFFSET, value, at, "must be a utc-offset such as '-05:00'").replace(":", "")


def _string(value: object, at: str) -> str:
    if not isinstance(value, str):
        raise NotJCal(at, "must be a string", value)
    if "\r" in value or "\n" in value:
        raise NotJCal(at, "must not hold a line break (only text can)", value)
    return value


def _text(value: object, at: str) -> str:
    if not isinstance(value, str):
        raise NotJCal(at, "must be a string", value)
    return escape_text(value)


def _checked(read: Callable[[str], object], rule: str) -> Callable[[object, str], str]:
    """A string whose iCalendar text the reader ``read`` of ``_decode`` accepts."""

    def check(value: object, at: str) -> str:
        found = _string(value, at)
        try:
            read(found)
        except BadValue:
            raise NotJCal(at, rule, value) from None
        return found

    return check


def _number(value: object, at: str) -> str:
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise NotJCal(at, "must be a number", value)
    return decimal_text(float(value))


def _integer(value: object, at: str) -> str:
    if isinstance(value, bool) or not isinstance(value, int):
        raise NotJCal(at, "must be an integer", value)
    return _checked(integer, "must be an integer of 32 bits")(str(value), at)


def _boolean(value: object, at: str) -> str:
    if not isinstance(value, bool):
        raise NotJCal(at, "must be true or false", value)
    return "TRUE" if value else "FALSE"


def _period(value: object, at: str) -> str:
    if not isinstance(value, list) or len(value) != 2:
        raise NotJCal(at, "must be a period: [start, end or duration]", value)
    start, end = value
    last = _duration(end, f"{at}[1]") if str(end)[:1] in "P+-" else _date_time(end, f"{at}[1]")
    return f"{_date_time(start, f'{at}[0]')}/{last}"


def _rule_value(key: str, value: object, at: str) -> str:
    if key == "UNTIL":
        return (
            _date(value, at)
            if isinstance(value, str) and len(value) == 10
            else _date_time(value, at)
        )
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    return _form(_TOKEN, value, at, "must be a number or a word such as 'MO'")


def _recur(value: object, at: str) -> str:
    if not isinstance(value, dict):
        raise NotJCal(at, "must be a recur object such as {'freq': 'WEEKLY'}", value)
    parts = []
    for key, given in value.items():
        name = _form(NAME, key, at, "must have names such as 'freq'").upper()
        where = f"{at}[{key!r}]"
        many = given if isinstance(given, list) and given else [given]
        parts.append(
            f"{name}="
            + ",".join(_rule_value(name, one, f"{where}[{i}]") for i, one in enumerate(many))
        )
    raw = ";".join(sorted(parts, key=lambda part: not part.startswith("FREQ=")))
    return _checked(recur, "must be a recur object with a freq")(raw, at)


_duration = _checked(duration, "must be a duration such as 'PT1H30M'")


def _boolean_json(raw: str) -> bool:
    return raw.upper() == "TRUE"


_FORMS: Mapping[str, tuple[Callable[[str], Any], Callable[[object, str], str]]] = MappingProxyType(
    {
        "TEXT": (text, _text),
        "DATE": (_date_json, _date),
        "DATE-TIME": (_date_time_json, _date_time),
        "TIME": (_time_json, _time),
        "UTC-OFFSET": (_offset_json, _offset),
        "PERIOD": (_period_json, _period),
        "RECUR": (_recur_json, _recur),
        "DURATION": (str, _duration),
        "INTEGER": (int, _integer),
        "FLOAT": (float, _number),
        "BOOLEAN": (_boolean_json, _boolean),
    }
)
"""Each value type's two ways: from its value text to JSON, and from JSON (checked) back."""


def _param(name: str, value: object) -> tuple[str, str]:
    values = value if isinstance(value, list) and value else [value]
    texts = [one for one in values if isinstance(one, str)]
    if len(texts) != len(values):
        raise NotJCal(f"[1][{name.lower()!r}]", "must be a string or an array of strings", value)
    return name, ",".join(texts)


def _raw_values(name: str, kind: str, values: list[Any]) -> str:
    if name == "GEO" and kind == "FLOAT":
        geo = values[0]
        if len(values) != 1 or not isinstance(geo, list) or len(geo) != 2:
            raise NotJCal("[3]", "must be [latitude, longitude]", geo)
        return f"{_number(geo[0], '[3][0]')};{_number(geo[1], '[3][1]')}"
    convert = _FORMS[kind][1] if kind in _FORMS else _string
    return ",".join(convert(value, f"[{number}]") for number, value in enumerate(values, 3))


def item_of(prop: object) -> Item:
    """The parts of a property given as jCal; NotJCal says where it is not jCal.

    A type other than the property's own is given as a VALUE parameter, as a
    content line gives it.
    """
    if not isinstance(prop, list) or len(prop) < 4:
        raise NotJCal("", "must be an array [name, parameters, type, value, ...]", prop)
    name, params, kind, *values = prop
    name = _form(NAME, name, "[0]", "must be a property name such as 'dtstart'").upper()
    if not isinstance(params, dict):
        raise NotJCal("[1]", "must be an object of parameters", params)
    pairs = []
    for given, value in params.items():
        key = _form(NAME, given, "[1]", "must have names such as 'tzid'").upper()
        if key == "VALUE":
            raise NotJCal("[1]", "must not give VALUE: the type gives it", value)
        pairs.append(_param(key, value))
    kind = _form(NAME, kind, "[2]", "must be a value type such as 'text'").upper()
    if kind not in ("UNKNOWN", default_type(name)):
        pairs.append(("VALUE", kind))
    return name, tuple(pairs), _raw_values(name, kind, values)
