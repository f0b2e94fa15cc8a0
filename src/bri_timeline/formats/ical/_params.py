r"""The parameters of a content line (RFC 5545 3.2), for the direct reader (``_parse``).

``NAME;PARAM=value,"quoted; value":the value``: each parameter's values are
split at commas outside quotes, quoted ones keep their ``;`` ``:`` ``,``, and
their RFC 6868 escapes (``^n`` newline, ``^^`` caret, ``^'`` double quote) are
decoded. Parameter names are given in upper case.

What producers get wrong is read as icalendar reads it, each time with a
:class:`Problem` for the reader to note: spaces around ``;`` and ``=``, a
backslash before ``;`` ``:`` ``,`` or ``\`` in a value (not RFC 5545, where a
backslash means nothing in a parameter), a parameter given twice (the last is
kept), no ``:`` before the value (the value is empty). A parameter without ``=``
is left out; a line whose parameters cannot be read at all is skipped.

>>> params, value, problems = read_params('ATTENDEE;CN="Doe, J";ROLE=CHAIR:mailto:j@d', 8)
>>> dict(params), value, problems
({'CN': ('Doe, J',), 'ROLE': ('CHAIR',)}, 'mailto:j@d', [])
>>> read_params("ORGANIZER;CN=Society\\; 2014:that", 9)[:2]
(mappingproxy({'CN': ('Society; 2014',)}), 'that')
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from types import MappingProxyType
from typing import NamedTuple

__all__ = ["NO_PARAMS", "Params", "Problem", "read_params"]

Params = Mapping[str, tuple[str, ...]]
NO_PARAMS: Params = MappingProxyType({})

# One parameter after its ";": a name, "=", and values, each quoted or not, split by ",".
_PARAM = re.compile(r'([\w.-]+)=((?:"[^"]*"|[^";:,\\]*)(?:,(?:"[^"]*"|[^";:,\\]*))*)([;:])')
_PARAM_VALUE = re.compile(r'(?:^|,)(?:"([^"]*)"|([^",]*))')
_NAME = re.compile(r"[\w.-]+")
_RFC6868 = re.compile(r"\^[n^']")
_RFC6868_CHARS = {"^n": "\n", "^^": "^", "^'": '"'}
_SPACE = " \t"


class Problem(NamedTuple):
    """Something a parameter section gets wrong: what (for strict mode), and what was done."""

    problem: str
    action: str


def read_params(content: str, semicolon: int) -> tuple[Params, str, list[Problem]] | None:
    """The parameters of ``content`` (from its first ``;``), its value, and what was repaired.

    None if they cannot be read at all (the caller skips the line).
    """
    params: dict[str, tuple[str, ...]] = {}
    position = semicolon + 1
    while (found := _PARAM.match(content, position)) is not None:
        name, values, end = found.groups()
        name = name.upper()
        if name in params:
            break  # the careful reading notes it
        params[name] = tuple(map(_rfc6868, _values(values)))
        position = found.end()
        if end == ":":
            return MappingProxyType(params), content[position:], []
    return _careful(content, semicolon)


def _values(values: str) -> list[str]:
    if '"' not in values and "," not in values:
        return [values]  # one value, not quoted: the usual parameter
    return [quoted or plain for quoted, plain in _PARAM_VALUE.findall(values)]


def _rfc6868(value: str) -> str:
    return _RFC6868.sub(lambda found: _RFC6868_CHARS[found[0]], value) if "^" in value else value


def _careful(content: str, semicolon: int) -> tuple[Params, str, list[Problem]] | None:
    """The parameters read one character at a time, as icalendar reads them, and the repairs."""
    params: dict[str, tuple[str, ...]] = {}
    problems: list[Problem] = []
    scanner = _Scanner(content, semicolon + 1)
    while True:
        written = scanner.until("=;:")
        name = written.strip(_SPACE).upper()
        if name != written.upper():
            problems.append(Problem("has spaces around a parameter", "spaces removed"))
        if scanner.next_is("="):
            values = scanner.values()
            if values is None:
                return None
            if not _NAME.fullmatch(name):
                return None
            if name in params:
                problems.append(
                    Problem(f"gives the parameter {name} twice", f"the last {name} parameter kept")
                )
            params[name] = tuple(map(_rfc6868, values))
        elif name:
            problems.append(
                Problem(f"has a parameter {name} without a value", f"parameter {name} left out")
            )
        else:
            return None  # ";;" or ";:" as icalendar, the line cannot be read
        if scanner.next_is(":"):
            break
        if not scanner.next_is(";"):  # the end of the line: no value
            problems.append(Problem("has no ':' before its value", "the value read as empty"))
            return MappingProxyType(params), "", problems + scanner.problems
    return MappingProxyType(params), content[scanner.position :], problems + scanner.problems


class _Scanner:
    """A walk along a parameter section, one character at a time (the rare, careless files)."""

    def __init__(self, content: str, position: int) -> None:
        self.content = content
        self.position = position
        self.problems: list[Problem] = []

    def until(self, stops: str) -> str:
        start = self.position
        while self.position < len(self.content) and self.content[self.position] not in stops:
            self.position += 1
        return self.content[start : self.position]

    def next_is(self, char: str) -> bool:
        if self.content.startswith(char, self.position):
            self.position += 1
            return True
        return False

    def values(self) -> list[str] | None:
        """The values after ``=``, up to the ``;`` or ``:`` that ends them; None if unreadable."""
        values = []
        while True:
            self.until_not(_SPACE)
            if self.next_is('"'):
                quoted = self.until('"')
                if not self.next_is('"'):
                    return None  # a quote that never closes
                values.append(quoted)
                self.until_not(_SPACE)
            else:
                values.append(self.plain())
            if not self.next_is(","):
                return (
                    values
                    if self.position == len(self.content) or (self.content[self.position] in ";:")
                    else None
                )

    def until_not(self, chars: str) -> None:
        start = self.position
        while self.position < len(self.content) and self.content[self.position] in chars:
            self.position += 1
        if self.position > start:
            self.problems.append(Problem("has spaces around a parameter", "spaces removed"))

    def plain(self) -> str:
        r"""An unquoted value; a backslash before ``, ; : \`` keeps that character, as icalendar."""
        chars = []
        content = self.content
        while self.position < len(content) and content[self.position] not in ',;:"':
            char = content[self.position]
            if char == "\\" and content[self.position + 1 : self.position + 2] in (
                ",",
                ";",
                ":",
                "\\",
            ):
                self.problems.append(
                    Problem("escapes a character of a parameter with '\\'", "the '\\' removed")
                )
                self.position += 1
                char = content[self.position]
            chars.append(char)
            self.position += 1
        value = "".join(chars)
        if value != value.rstrip(_SPACE):
            self.problems.append(Problem("has spaces around a parameter", "spaces removed"))
        return value.rstrip(_SPACE)
