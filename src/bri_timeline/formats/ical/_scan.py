r"""Reading an iCalendar file: its text, decoded and checked against the limits, then parsed.

The one reader of the importer (:mod:`bri_timeline.formats.ical.read`) and of the
exporter's previous feed (``_previous``): :func:`parse` gives the components as
icalendar parses them, :func:`event_blocks` the unfolded lines of each VEVENT.

icalendar reads whatever it is given, and it takes its time: a 50 MB line (some
seconds and six times the memory), a hundred thousand nested components (about
ten seconds; it does not recurse, but nothing we do with them is of use), a file
in Latin-1 (whose accents it turns into U+FFFD without a word). This cheap pass
over the text refuses those first, naming the line:

* the size (:attr:`~bri_timeline.limits.Limits.max_bytes`);
* the encoding: UTF-8 (RFC 5545), with or without a byte order mark, or UTF-16
  or UTF-32 with one; anything else is refused, naming the line and the byte (a
  ``str`` holding lone surrogates has them replaced by U+FFFD);
* line ends: CR LF or LF; a file whose lines end in CR alone (old Mac OS) is
  read as if they ended in CR LF;
* each line once unfolded (:attr:`~bri_timeline.limits.Limits.max_line_bytes`),
  how deeply components nest (``max_depth``), and how many there are
  (``max_components``).

>>> text, (calendar,) = parse(b"BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n", "cal.ics", Limits())
>>> text, calendar.name
('BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n', 'VCALENDAR')
>>> parse(b"BEGIN:VCALENDAR\r\n" + b"BEGIN:X\r\n" * 20, "deep.ics", Limits())
Traceback (most recent call last):
...
bri_timeline.errors.ICalendarError: deep.ics:17: components nest deeper than the limit of 16 ...
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from icalendar import Calendar, Component

from bri_timeline.errors import ICalendarError
from bri_timeline.formats.ical._parse import encoding_of, undecodable
from bri_timeline.limits import Limits, utf8_size

__all__ = ["event_blocks", "line_name", "parse", "prepare", "unfolded_lines"]

# As icalendar unfolds and splits lines (icalendar.parser.content_line), so that the
# lines read here are the lines it parses.
_UNFOLD = re.compile(r"(?:(?<!\n)\r\n|(?<![\r\n])\n)(?:\r?\n)*[ \t]")
_NEWLINE = re.compile(r"\r?\n")
_SURROGATE = re.compile("[\ud800-\udfff]")
_BOUNDARY = re.compile(r"^(BEGIN|END)[;:]", re.IGNORECASE | re.MULTILINE)


def _decode(data: bytes, path: str) -> str:
    encoding = encoding_of(data)
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as error:
        line, problem = undecodable(data, encoding, error)
        raise ICalendarError(path, problem, line=line) from None


def prepare(data: bytes | str, path: str, limits: Limits) -> str:
    """The file's text, decoded, for icalendar; or an ICalendarError naming the limit it breaks.

    Args:
        data: The file's content.
        path: The name errors give the file.
        limits: The limits to check.
    """
    size = len(data) if isinstance(data, bytes) else utf8_size(data)
    if (refused := limits.size_error(size)) is not None:
        raise ICalendarError(path, refused, value=size)
    text = (_decode(data, path) if isinstance(data, bytes) else data).removeprefix("\ufeff")
    if not text.isascii():  # lone surrogates (only a str can hold them) cannot be encoded
        text = _SURROGATE.sub("\ufffd", text)
    if "\n" not in text and "\r" in text:
        text = text.replace("\r", "\r\n")  # lines that end in CR alone
    unfolded = _UNFOLD.sub("", text)
    lines = _NEWLINE.split(unfolded)  # as unfolded_lines, which would unfold it again
    longest = max(map(len, lines))
    if longest > limits.max_line_bytes // 4:  # may be too long: measure in bytes
        for number, line in enumerate(lines, 1):
            if len(line) > limits.max_line_bytes // 4 and utf8_size(line) > limits.max_line_bytes:
                raise ICalendarError(
                    path,
                    f"has a line longer than the limit of {limits.max_line_bytes} bytes "
                    "(Limits.max_line_bytes)",
                    line=number,
                    value=utf8_size(line),
                )
    _check_components(unfolded, path, limits)
    return text


def _check_components(unfolded: str, path: str, limits: Limits) -> None:
    depth = count = 0
    for match in _BOUNDARY.finditer(unfolded):
        if match[1].upper() == "END":
            depth = max(depth - 1, 0)
            continue
        depth += 1
        count += 1
        if depth > limits.max_depth or count > limits.max_components:
            line = unfolded.count("\n", 0, match.start()) + 1
            if depth > limits.max_depth:
                message = (
                    f"components nest deeper than the limit of {limits.max_depth} "
                    "(Limits.max_depth)"
                )
            else:
                message = (
                    f"has more components than the limit of {limits.max_components} "
                    "(Limits.max_components)"
                )
            raise ICalendarError(path, message, line=line)


def parse(
    data: bytes | str, path: str, limits: Limits, *, single: bool = False
) -> tuple[str, list[Component]]:
    """The file's text (see :func:`prepare`) and its components, as icalendar parses them.

    Args:
        data: The file's content.
        path: The name errors give the file.
        limits: The limits to check.
        single: Refuse a file of more or fewer components than one.

    Raises:
        ICalendarError: The file breaks a limit, or is not iCalendar.
    """
    text = prepare(data, path, limits)
    components: list[Component]
    try:
        if single:
            components = [Calendar.from_ical(text)]
        else:
            components = list(Calendar.from_ical(text, multiple=True))
    except (ValueError, TypeError, KeyError, IndexError, AttributeError, OSError) as error:
        # OSError: icalendar looks up each TZID as a file name ("America", a long name)
        # icalendar's message may quote the input, line breaks and all: one short line of it.
        detail = " ".join(str(error).split())
        if len(detail) > 200:
            detail = detail[:200] + "…"
        raise ICalendarError(path, f"is not an iCalendar file ({detail})") from None
    return text, components


def unfolded_lines(text: str) -> list[str]:
    r"""The content lines of a file's text, unfolded, as icalendar reads them (no empty ones).

    >>> unfolded_lines("BEGIN:VEVENT\r\nSUMMARY:a\r\n b\r\n\r\nEND:VEVENT\r\n")
    ['BEGIN:VEVENT', 'SUMMARY:ab', 'END:VEVENT']
    """
    return [line for line in _NEWLINE.split(_UNFOLD.sub("", text)) if line]


_BEGINS = frozenset({"BEGIN:VEVENT", "BEGIN:VTODO", "BEGIN:VJOURNAL"})


def event_blocks(text: str) -> Iterator[tuple[str, ...]]:
    """The unfolded lines of each VEVENT (VTODO, VJOURNAL), BEGIN and END included."""
    current: list[str] | None = None
    end = ""
    for line in unfolded_lines(text):
        if line.upper() in _BEGINS:
            current = [line]
            end = "END:" + line[6:].upper()
        elif current is not None:
            current.append(line)
            if line.upper() == end:
                yield tuple(current)
                current = None


_NAME_END = re.compile("[;:]")


def line_name(line: str) -> str:
    """The name of the property on an unfolded content line, in upper case.

    >>> line_name('dtstart;TZID="a:b":20241114T093000')
    'DTSTART'
    """
    return _NAME_END.split(line, maxsplit=1)[0].upper()
