r"""The direct reader's first step: an iCalendar file's bytes into a light tree, in one pass.

Over 400 lines: decoding, unfolding, splitting, nesting, the limits and each repair's note
are one pass over the lines, kept in one place so that no check is made twice.

The mirror of the direct writer (``_lines``): no icalendar objects, one walk over
the file's lines that decodes, unfolds, splits each content line into its name,
parameters and raw value, nests the components, and checks the limits, in one
place. Values stay raw text here; ``_decode`` reads them by their type.

* The bytes: UTF-8 (RFC 5545), with or without a byte order mark, or UTF-16 or
  UTF-32 with one. Bytes that are not of the encoding become U+FFFD, as
  icalendar reads them, with a note; so do lone surrogates in a ``str``.
* Line ends: CR LF or LF; a file whose lines end in CR alone is read as CR LF.
  A line that begins with a space or a tab continues the one before (blank lines
  between them are skipped, as icalendar unfolds).
* The limits, each refused with an ICalendarError naming the file, the line and
  the value: :attr:`~bri_timeline.limits.Limits.max_bytes`, ``max_line_bytes``
  (of a content line, unfolded), ``max_depth`` and ``max_components``.
* Names are read in any case and given in upper case (RFC 5545 3.1); parameter
  values may be quoted (``;`` ``:`` ``,`` inside) and have their RFC 6868
  escapes (``^n`` ``^^`` ``^'``) decoded.

What real producers get wrong is read as icalendar reads it (or better: it
refuses some of these) and each repair is an :class:`~bri_timeline.notes.ImportNote`:
a blank line, a line that is no content line, a property outside any component,
an END that closes nothing or that skips over open components, components still
open at the end of the file, a parameter given twice, spaces around a name,
parameters on BEGIN or END (icalendar refuses some of those files).
With ``strict=True`` each of these is an ICalendarError instead.

>>> tree = parse(b"BEGIN:VCALENDAR\r\nbegin:vevent\r\nSUMMARY;LANGUAGE=fr:Caf\xc3\xa9\r\n"
...              b"  au lait\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n", "cal.ics", Limits())
>>> (calendar,) = tree.components
>>> (event,) = calendar.components
>>> event.name
'VEVENT'
>>> event.properties[0]
Property(name='SUMMARY', params=mappingproxy({'LANGUAGE': ('fr',)}), value='Café au lait', line=3)
>>> parse(b"BEGIN:VCALENDAR\r\n" + b"BEGIN:X\r\n" * 20, "deep.ics", Limits())
Traceback (most recent call last):
...
bri_timeline.errors.ICalendarError: deep.ics:17: components nest deeper than the limit of 16 ...
"""

from __future__ import annotations

import codecs
import gc
import re
from collections.abc import Iterator
from typing import NamedTuple

import attrs

from bri_timeline.errors import ICalendarError
from bri_timeline.formats.ical._params import NO_PARAMS, Params, read_params
from bri_timeline.formats.ical._tree import Component, Consumer, Parsed, Property, in_calendars
from bri_timeline.limits import Limits, utf8_size
from bri_timeline.notes import ImportNote

__all__ = [
    "Component",
    "Parsed",
    "Property",
    "encoding_of",
    "in_calendars",
    "parse",
    "undecodable",
]


_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_SURROGATE = re.compile("[\ud800-\udfff]")


def encoding_of(data: bytes) -> str:
    """The encoding of a file's bytes: the one its byte order mark says, else UTF-8."""
    return next((name for bom, name in _BOMS if data.startswith(bom)), "utf-8")


def undecodable(data: bytes, encoding: str, error: UnicodeDecodeError) -> tuple[int, str]:
    """The line of the first byte that is not of the encoding, and the words for it."""
    line = data.count(b"\n", 0, error.start) + 1
    kind = "UTF-8" if encoding == "utf-8" else encoding.upper().removesuffix("-SIG")
    return line, f"is not {kind} (byte {error.start}); iCalendar files are UTF-8"


_NAME = re.compile(r"[\w.-]+")  # as icalendar: RFC 5545's letters, digits and "-", and more
_LINE_END = re.compile(r"\n(?![ \t])")  # where a content line ends: not before a fold
_FOLD = re.compile(r"\n+[ \t]")  # a fold, and blank lines before it (as icalendar unfolds)
_BLANK_FOLD = re.compile(r"\n\n+[ \t]")
_SPACES = re.compile(r"[ \t]+")


_KNOWN_PARAMS = 1024  # parameter sections kept once read (a file has a few hundred at most)
_BLOCK = 1 << 16  # bytes decoded and split into lines at once
_LINE_END_BYTES = re.compile(rb"\n(?![ \t])")
_BLANK_FOLD_BYTES = re.compile(rb"\n(?:\r?\n)+[ \t]")  # such a file is read whole (see chunks)
_new_property = tuple.__new__  # a Property from its fields, without the Python __new__ around it


def _split_lines(text: str) -> list[str]:
    """Text whose line ends are LF, split where a content line ends (folds kept)."""
    if "\n " in text or "\n\t" in text:
        return _LINE_END.split(text)
    return text.split("\n")  # no fold: every LF ends a line, and str.split is quicker


class _Open(NamedTuple):
    """A component being read: its parts so far, and where its notes begin."""

    name: str
    line: int
    notes_from: int
    properties: list[Property]
    components: list[Component]


class _Reader:
    """One file's pass: the notes made so far, and the strictness that turns them to errors."""

    def __init__(self, path: str, limits: Limits, strict: bool, consume: Consumer | None) -> None:
        self.path = path
        self.limits = limits
        self.strict = strict
        self.consume = consume
        self.notes: list[ImportNote] = []
        self.stack: list[_Open] = []
        self.top: list[Component] = []
        self.count = 0
        self.known_params: dict[str, Params] = {}  # parameters read, by how they are written

    def note(
        self,
        line: int | None,
        problem: str,
        action: str,
        *,
        prop: str | None = None,
        value: str | None = None,
    ) -> None:
        """Record a repair; refuse it instead in strict mode (``problem`` says what is wrong)."""
        if self.strict:
            raise ICalendarError(
                self.path, f"{problem} (strict=True)", line=line, prop=prop, value=value
            )
        self.notes.append(ImportNote(self.path, line, None, prop, value, action))

    def lines(self, data: bytes | str) -> Iterator[str]:
        """The file's content lines (folds kept), line ends made LF; its size checked first.

        UTF-8 bytes (the usual file) are decoded a block at a time, so that the whole
        text is never held beside the file; any other file is decoded whole.
        """
        size = len(data) if isinstance(data, bytes) else utf8_size(data)
        if (refused := self.limits.size_error(size)) is not None:
            raise ICalendarError(self.path, refused, value=size)
        if (
            isinstance(data, bytes)
            and encoding_of(data) == "utf-8"
            and b"\n" in data
            and _BLANK_FOLD_BYTES.search(data) is None
        ):
            return self._utf8_lines(data)
        return self.chunks(self.decode(data))

    def decode(self, data: bytes | str) -> str:
        """The file's text, line ends made LF."""
        text = self._text(data).removeprefix("\ufeff")
        if "\r" in text:
            text = text.replace("\r\n", "\n") if "\n" in text else text.replace("\r", "\n")
        return text

    def _utf8_lines(self, data: bytes) -> Iterator[str]:
        """The content lines of UTF-8 bytes with LF in them, decoded a block at a time.

        As :meth:`decode` and :meth:`chunks` give them: a block ends where a content
        line does, CR LF is LF (a block's last CR is that of its boundary's CR LF), and
        bytes that are not UTF-8 are U+FFFD, noted once at the first of them.
        """
        start, size, broken = 0, len(data), False
        while start < size:
            found = _LINE_END_BYTES.search(data, start + _BLOCK) if start + _BLOCK < size else None
            end = size if found is None else found.start()
            block = data[start:end]
            try:
                text = block.decode("utf-8")
            except UnicodeDecodeError as error:
                if not broken:
                    broken = True
                    where = UnicodeDecodeError(
                        error.encoding, data, start + error.start, start + error.end, error.reason
                    )
                    line, problem = undecodable(data, "utf-8", where)
                    action = f"bytes that are not UTF-8 replaced by U+FFFD, from byte {where.start}"
                    self.note(line, problem, action)
                text = block.decode("utf-8", errors="replace")
            if "\r" in text:
                text = text.replace("\r\n", "\n")
                if end < size and text.endswith("\r"):
                    text = text[:-1]  # the CR of the CR LF that ends the block
            lines = _split_lines(text)
            if end == size and not lines[-1]:
                lines.pop()  # the end of the last line
            yield from lines
            start = end + 1

    def _text(self, data: bytes | str) -> str:
        if isinstance(data, str):
            if data.isascii() or (found := _SURROGATE.search(data)) is None:
                return data
            line = data.count("\n", 0, found.start()) + 1
            self.note(line, "holds a lone surrogate", "lone surrogates replaced by U+FFFD")
            return _SURROGATE.sub("\ufffd", data)
        encoding = encoding_of(data)
        try:
            return data.decode(encoding)
        except UnicodeDecodeError as error:
            line, problem = undecodable(data, encoding, error)
            self.note(
                line,
                problem,
                f"bytes that are not {encoding.upper().removesuffix('-SIG')} replaced by U+FFFD, "
                f"from byte {error.start}",
            )
            return data.decode(encoding, errors="replace")

    def chunks(self, text: str) -> Iterator[str]:
        """The file's content lines, each still folded, and empty ones for blank lines."""
        chunks = _split_lines(text)
        if not chunks[-1]:
            chunks.pop()  # the end of the last line
        if _BLANK_FOLD.search(text) is None:
            return iter(chunks)
        # Blank lines, then a line that continues the one before them (icalendar unfolds
        # across them): the blank lines join the line they interrupt, noted there.
        joined: list[str] = []
        for chunk in chunks:
            if chunk.startswith("\n"):
                run = [chunk]
                while joined and not joined[-1]:
                    run.append(joined.pop())
                if joined:
                    joined[-1] = "\n".join([joined[-1], *reversed(run)])
                    continue
                joined.extend(reversed(run))
            else:
                joined.append(chunk)
        return iter(joined)

    def unfold(self, number: int, chunk: str) -> str:
        """A folded content line, unfolded; its blank lines noted."""
        for offset, line in enumerate(chunk.split("\n")):
            if not line:
                self.note(number + offset, "has a blank line", "blank line skipped", value="")
        return _FOLD.sub("", chunk)

    def _check_length(self, line: int, content: str) -> None:
        size = utf8_size(content)
        if size > self.limits.max_line_bytes:
            raise ICalendarError(
                self.path,
                f"has a line longer than the limit of {self.limits.max_line_bytes} bytes "
                "(Limits.max_line_bytes)",
                line=line,
                value=size,
            )

    def read(self, lines: Iterator[str]) -> None:  # noqa: PLR0912 -- the hot loop, in one piece
        """Read every content line into the tree."""
        names: dict[str, str] = {}  # each name as written, in upper case
        properties: list[Property] | None = None  # those of the innermost open component
        longest = self.limits.max_line_bytes // 4  # a line this long may be too long
        line = 1
        for chunk in lines:
            start = line
            line += 1
            content = chunk
            if "\n" in chunk:
                line += chunk.count("\n")
                content = self.unfold(start, chunk)
            if len(content) > longest:
                self._check_length(start, content)
            colon = content.find(":")
            semicolon = content.find(";", 0, colon if colon >= 0 else len(content))
            if semicolon < 0:
                if colon < 0:
                    if content:
                        self.stray(start, content)
                    else:
                        self.note(start, "has a blank line", "blank line skipped", value="")
                    continue
                written = content[:colon]
                params = NO_PARAMS
                value = content[colon + 1 :]
            else:
                written = content[:semicolon]
                found = self.params(start, content, semicolon, colon)
                if found is None:
                    continue
                params, value = found
            name = names.get(written)
            if name is None:
                if _NAME.fullmatch(written):
                    name = names[written] = written.upper()
                elif (name := self.odd_name(start, written)) is None:
                    self.stray(start, content)
                    continue
            if name in {"BEGIN", "END"}:
                if params:
                    self.note(
                        start,
                        f"has parameters on {name}, which takes none",
                        f"parameters of {name} ignored",
                        prop=name,
                        value=content,
                    )
                self.begin(start, value) if name == "BEGIN" else self.end(start, value)
                properties = self.stack[-1].properties if self.stack else None
            elif properties is not None:
                properties.append(_new_property(Property, (name, params, value, start)))
            else:
                self.note(
                    start,
                    "has a property outside any component",
                    "property skipped: outside any component",
                    prop=name,
                    value=value,
                )
        self.finish()

    def odd_name(self, line: int, written: str) -> str | None:
        """A name written with spaces in it, without them (and a note), as icalendar; else None."""
        joined = _SPACES.sub("", written)
        if joined == written or not _NAME.fullmatch(joined):
            return None
        name = joined.upper()
        self.note(
            line, f"has spaces in the name {written!r}", "spaces in the name removed", prop=name
        )
        return name

    def params(
        self, line: int, content: str, semicolon: int, colon: int
    ) -> tuple[Params, str] | None:
        """The parameters of a content line, and its value; None (and a note) if unreadable.

        Parameters written alike are read once (a file says ``;TZID=Europe/Madrid`` on
        thousands of lines): those with no quote end at the first colon.
        """
        section = content[semicolon:colon] if colon > semicolon and '"' not in content else None
        if section is not None and (known := self.known_params.get(section)) is not None:
            return known, content[colon + 1 :]
        found = read_params(content, semicolon)
        if found is None:
            self.note(
                line,
                "has parameters that cannot be read (RFC 5545 3.2)",
                "line skipped: its parameters cannot be read",
                value=content,
            )
            return None
        params, value, problems = found
        for problem, action in dict.fromkeys(problems):
            self.note(line, problem, action, value=content)
        if (
            section is not None
            and not problems
            and len(self.known_params) < _KNOWN_PARAMS
            and value == content[colon + 1 :]
        ):
            self.known_params[section] = params
        return params, value

    def stray(self, line: int, content: str) -> None:
        self.note(
            line,
            "has a line that is not a content line (NAME:value)",
            "line skipped: not a content line",
            value=content,
        )

    def begin(self, line: int, value: str) -> None:
        name = self.component_name(line, "BEGIN", value)
        if name is None:
            return
        self.count += 1
        if len(self.stack) >= self.limits.max_depth:
            raise ICalendarError(
                self.path,
                f"components nest deeper than the limit of {self.limits.max_depth} "
                "(Limits.max_depth)",
                line=line,
            )
        if self.count > self.limits.max_components:
            raise ICalendarError(
                self.path,
                f"has more components than the limit of {self.limits.max_components} "
                "(Limits.max_components)",
                line=line,
            )
        self.stack.append(_Open(name, line, len(self.notes), [], []))

    def end(self, line: int, value: str) -> None:
        if self.stack and self.stack[-1].name == value:  # the usual END
            self.close()
            return
        name = self.component_name(line, "END", value)
        if name is None:
            return
        if not self.stack:
            self.note(
                line,
                f"has END:{name} with no component open",
                f"END:{name} skipped: no component is open",
                prop=name,
            )
            return
        if name not in [component.name for component in self.stack]:
            innermost = self.stack[-1].name
            self.note(
                line,
                f"has END:{name} with no BEGIN:{name} open",
                f"END:{name} read as END:{innermost}, as icalendar reads it",
                prop=name,
            )
            self.close()
            return
        self.end_open(name, line)
        self.close()

    def component_name(self, line: int, verb: str, value: str) -> str | None:
        name = value.strip(" \t").upper()
        if not _NAME.fullmatch(name):
            self.stray(line, f"{verb}:{value}")
            return None
        if name != value.upper():
            self.note(
                line,
                f"has spaces around the name of {verb}:{name}",
                "spaces around the component's name removed",
                prop=name,
                value=value,
            )
        return name

    def close(self) -> None:
        done = self.stack.pop()
        component = Component(done.name, tuple(done.properties), tuple(done.components), done.line)
        if len(self.notes) > done.notes_from and (uid := component.first("UID")) is not None:
            self.notes[done.notes_from :] = [
                note if note.uid is not None else attrs.evolve(note, uid=uid.value)
                for note in self.notes[done.notes_from :]
            ]
        parent = self.stack[-1] if self.stack else None
        if self.consume is not None and self.consume(component, parent and parent.name):
            return
        (parent.components if parent else self.top).append(component)

    def finish(self) -> None:
        self.end_open(None, None)

    def end_open(self, name: str | None, line: int | None) -> None:
        """End the open components inside the one named ``name`` (at the file's end: all)."""
        while self.stack and self.stack[-1].name != name:
            inner = self.stack[-1].name
            if name is None:
                problem = f"ends with {inner} still open (no END:{inner})"
                action = f"END:{inner} added at the end of the file"
            else:
                problem = f"has no END:{inner} before END:{name} on line {line}"
                action = f"{inner} ended by END:{name} on line {line}"
            self.note(self.stack[-1].line, problem, action, prop=inner)
            self.close()


def parse(
    data: bytes | str,
    path: str,
    limits: Limits,
    *,
    strict: bool = False,
    consume: Consumer | None = None,
) -> Parsed:
    """The components of an iCalendar file, as a tree of raw values, and the notes made.

    Args:
        data: The file's content.
        path: The name errors and notes give the file.
        limits: The limits to check.
        strict: Refuse the file at the first repair instead of making a note.
        consume: Called with each component as it ends (its notes made) and the name
            of the component it is in (None at the top); a component for which it
            returns True is left out of the tree. A reader that maps each VEVENT as it
            ends keeps no tree of them: memory for the events, not for their lines.

    Raises:
        ICalendarError: The file breaks a limit, or (strict) needs a repair.
    """
    reader = _Reader(path, limits, strict, consume)
    collecting = gc.isenabled()
    # The tree holds no cycles, and its millions of tuples would only make the cyclic
    # collector walk them again and again: with it, the parse takes twice the time.
    gc.disable()
    try:
        reader.read(reader.lines(data))
    finally:
        if collecting:
            gc.enable()
    return Parsed(tuple(reader.top), tuple(reader.notes))
