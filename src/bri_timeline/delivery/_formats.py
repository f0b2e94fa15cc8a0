"""The formats the command line reads and writes, one line each, and how a file names its format.

``convert``, ``export --format`` and the ``--data`` of every command look here,
so that a format added to :data:`FORMATS` is at once readable (or writable) by
all of them. A format is chosen by name (``--from``, ``--to``, ``--format``) or by
the file's suffix, the longest that matches (``bri.timelinejs.json`` is
TimelineJS, ``bri.json`` the JSON document), in any case. A file to read whose
suffix names no format, or one that cannot be read (``notes.txt``), is read as
the TOML data file, as ``--data`` always did.

>>> reading("events.ics").name, reading("site/bri.timelinejs.json").name, reading("notes").name
('ics', 'timelinejs', 'toml')
>>> writing("bri.SVG").name
'svg'
>>> writing("bri.docx")
Traceback (most recent call last):
...
bri_timeline.errors.InvalidArgument: argument OUT: must end in a suffix of a format ...
"""

from __future__ import annotations

from collections.abc import Callable
from typing import BinaryIO

import attrs

from bri_timeline.errors import InvalidArgument
from bri_timeline.formats._where import decode_utf8
from bri_timeline.formats.arrow_table import from_parquet, read_parquet, write_parquet
from bri_timeline.formats.csv_table import from_csv, read_csv, write_csv
from bri_timeline.formats.csv_table.sheet import from_timelinejs_sheet, read_timelinejs_sheet
from bri_timeline.formats.html_page import write_html
from bri_timeline.formats.ical import (
    FeedOptions,
    from_ics,
    from_jcal,
    read_ics,
    read_jcal,
    write_ics,
    write_jcal,
)
from bri_timeline.formats.json_document import from_json, read_json, write_json
from bri_timeline.formats.svg import write_svg
from bri_timeline.formats.text import write_text
from bri_timeline.formats.timelinejs import from_timelinejs as from_tljs
from bri_timeline.formats.timelinejs import read_timelinejs as read_tljs
from bri_timeline.formats.timelinejs import write_timelinejs as write_tljs
from bri_timeline.formats.toml import from_toml, read_toml, write_toml
from bri_timeline.timeline import Timeline

__all__ = [
    "DATA_FILE",
    "FORMATS",
    "Format",
    "by_name",
    "readable",
    "reading",
    "writable",
    "writing",
]

FromPath = Callable[[str], Timeline]
FromBytes = Callable[[bytes, str], Timeline]
Writer = Callable[[Timeline, BinaryIO, FeedOptions], None]


def _text(reader: Callable[..., Timeline]) -> FromBytes:
    """A reader of text (``from_F(text, path=...)``) as a reader of UTF-8 bytes."""
    return lambda data, name: reader(decode_utf8(name, data), path=name)


def _binary(reader: Callable[..., Timeline]) -> FromBytes:
    """A reader of bytes (``from_F(data, path=...)``) given the name errors use."""
    return lambda data, name: reader(data, path=name)


def _plain(writer: Callable[[Timeline, BinaryIO], None]) -> Writer:
    """A writer that takes no feed options."""
    return lambda timeline, file, feed: writer(timeline, file)


def _feed(writer: Callable[..., None]) -> Writer:
    """A writer of a feed, given its options (the UID domain, the fallback stamp)."""
    return lambda timeline, file, feed: writer(timeline, file, feed=feed)


def _write_tsv(timeline: Timeline, file: BinaryIO) -> None:
    """The CSV table with tabs between the cells."""
    write_csv(timeline, file, delimiter="\t")


@attrs.frozen
class Format:
    """A format as the command line knows it.

    Attributes:
        name: Its name for ``--from``, ``--to`` and ``--format``.
        suffixes: The file suffixes that name it, lower case, the usual one first.
        read_path: Reads a file of it by its path; None if it cannot be read.
        read_bytes: Reads its bytes (stdin) given the name errors use; None likewise.
        write: Writes a timeline to a binary file; None if it cannot be written.
    """

    name: str
    suffixes: tuple[str, ...]
    read_path: FromPath | None
    read_bytes: FromBytes | None
    write: Writer | None


FORMATS: tuple[Format, ...] = (
    Format("toml", (".toml",), read_toml, _text(from_toml), _plain(write_toml)),
    Format("json", (".json",), read_json, _text(from_json), _plain(write_json)),
    Format("ics", (".ics", ".ical", ".ifb"), read_ics, _binary(from_ics), _feed(write_ics)),
    Format("jcal", (".jcal", ".jcal.json"), read_jcal, _binary(from_jcal), _feed(write_jcal)),
    Format("timelinejs", (".timelinejs.json",), read_tljs, _text(from_tljs), _plain(write_tljs)),
    Format("csv", (".csv",), read_csv, _text(from_csv), _plain(write_csv)),
    Format("tsv", (".tsv",), read_csv, _text(from_csv), _plain(_write_tsv)),
    Format("sheet", (), read_timelinejs_sheet, _text(from_timelinejs_sheet), None),
    Format("parquet", (".parquet",), read_parquet, _binary(from_parquet), _plain(write_parquet)),
    Format("svg", (".svg",), None, None, _plain(write_svg)),
    Format("html", (".html", ".htm"), None, None, _plain(write_html)),
    Format("text", (".txt",), None, None, _plain(write_text)),
)
"""Every format of the command line, one line each: name, suffixes, readers, writer."""

DATA_FILE = FORMATS[0]
"""What a file is read as when its suffix names no readable format."""

_BY_NAME = {one.name: one for one in FORMATS}


def readable() -> list[str]:
    """The names of the formats the command line reads."""
    return [one.name for one in FORMATS if one.read_path is not None]


def writable() -> list[str]:
    """The names of the formats the command line writes."""
    return [one.name for one in FORMATS if one.write is not None]


def by_name(name: str, option: str, *, to_read: bool) -> Format:
    """The format of this name, which must be readable (or writable); else InvalidArgument."""
    found = _BY_NAME.get(name.lower())
    names = readable() if to_read else writable()
    if found is None or found.name not in names:
        verb = "read" if to_read else "write"
        raise InvalidArgument(option, f"must be a format it can {verb}: {', '.join(names)}", name)
    return found


def _by_suffix(path: str, names: list[str]) -> Format | None:
    """The format of the longest suffix the path ends in, if it is one of ``names``."""
    lowered = path.lower()
    matches = [
        (len(suffix), one) for one in FORMATS for suffix in one.suffixes if lowered.endswith(suffix)
    ]
    if not matches:
        return None
    found = max(matches, key=lambda match: match[0])[1]
    return found if found.name in names else None


def reading(path: str) -> Format:
    """The format a file to read is in, by its suffix: the data file if none matches."""
    return _by_suffix(path, readable()) or DATA_FILE


def writing(path: str, option: str = "OUT") -> Format:
    """The format a file to write is in, by its suffix; InvalidArgument if none matches."""
    found = _by_suffix(path, writable())
    if found is None:
        suffixes = ", ".join(one.suffixes[0] for one in FORMATS if one.write is not None)
        raise InvalidArgument(
            option, f"must end in a suffix of a format (one of {suffixes}), or give --to", path
        )
    return found
