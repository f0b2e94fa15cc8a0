"""The commands ``diff`` and ``merge`` of ``bri-timeline`` (:mod:`bri_timeline.delivery.cli`).

Both read any file the library reads, by its suffix (``delivery/_formats.py``: a
suffix that names no readable format is read as the TOML data file); ``-`` is
stdin, whose format is told from its first character (``{`` JSON, ``B``
iCalendar, else TOML). Each file is
known by its name (the source name of :func:`bri_timeline.changes.merge`).

``diff`` exits as :manpage:`diff(1)` does: 0 when the timelines are equal, 1 when
they differ, 2 on trouble (a file it cannot read included).
"""

from __future__ import annotations

import argparse
import json
from datetime import date, datetime
from typing import Any, TextIO

import attrs

from bri_timeline.changes import ON_CONFLICT, Diff, FieldChange
from bri_timeline.delivery._formats import DATA_FILE, by_name, reading, writing
from bri_timeline.delivery._stdio import DASH, load_input, open_output
from bri_timeline.errors import DataFileError, InvalidArgument
from bri_timeline.formats.ical.write import FeedOptions
from bri_timeline.formats.json_document import to_json_document
from bri_timeline.formats.toml import read_toml
from bri_timeline.model.edtf import to_edtf
from bri_timeline.model.event import Event
from bri_timeline.model.floating import FloatingSpan
from bri_timeline.model.times import AllDay, OpenEnded, PartialDate, TimeSpan
from bri_timeline.timeline import Timeline

__all__ = ["add_commands"]

_SUFFIXES = "any format the library reads, by suffix"


def _sniffed(data: bytes, name: str) -> Timeline:
    """Stdin, read in the format its first character shows."""
    first = data.lstrip(b"\xef\xbb\xbf \t\r\n")[:1]
    form = by_name({b"{": "json", b"B": "ics"}.get(first, DATA_FILE.name), "-", to_read=True)
    assert form.read_bytes is not None
    return form.read_bytes(data, name)


def read_any(name: str, option: str) -> Timeline:
    """The timeline of a file named on the command line."""
    if name == DASH:
        return load_input(name, read_toml, _sniffed)
    form = reading(name)
    assert form.read_path is not None
    assert form.read_bytes is not None
    return load_input(name, form.read_path, form.read_bytes)


def _shown(value: object) -> str:
    """A field's value in a line of text: times as EDTF, instants in ISO 8601."""
    if isinstance(value, TimeSpan | AllDay | PartialDate | OpenEnded | FloatingSpan):
        return to_edtf(value)
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, tuple):
        return "[" + ", ".join(map(_shown, value)) + "]"
    if value is None:
        return "(none)"
    return repr(value)


def _field_lines(fields: tuple[FieldChange, ...], indent: str) -> list[str]:
    return [f"{indent}{f.field}: {_shown(f.old)} -> {_shown(f.new)}" for f in fields]


def diff_text(changes: Diff, old: str, new: str) -> str:
    """The diff as text: ``+`` an added event, ``-`` a removed one, ``~`` a changed one."""
    if not changes:
        return ""
    lines = [f"--- {old}", f"+++ {new}"]
    if changes.info:
        lines += ["~ timeline", *_field_lines(changes.info, "    ")]
    lines += [f"- {event.id}  {event.title}  ({to_edtf(event.time)})" for event in changes.removed]
    lines += [f"+ {event.id}  {event.title}  ({to_edtf(event.time)})" for event in changes.added]
    for change in changes.changed:
        lines += [f"~ {change.id}", *_field_lines(change.fields, "    ")]
    return "\n".join(lines) + "\n"


def _document(event: Event) -> Any:
    return to_json_document(Timeline([event]))["events"][0]


def _plain(value: object) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, tuple):
        return [_plain(item) for item in value]
    return value


def diff_json(changes: Diff, old: str, new: str) -> str:
    """The diff as JSON: the events as the JSON document writes them."""
    document = {
        "old": old,
        "new": new,
        "equal": not changes,
        "added": [_document(event) for event in changes.added],
        "removed": [_document(event) for event in changes.removed],
        "changed": [
            {
                "id": change.id,
                "fields": [field.field for field in change.fields],
                "old": _document(change.old),
                "new": _document(change.new),
            }
            for change in changes.changed
        ],
        "timeline": {f.field: {"old": _plain(f.old), "new": _plain(f.new)} for f in changes.info},
    }
    return json.dumps(document, ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def _cmd_diff(args: argparse.Namespace, out: TextIO) -> int:
    if args.old == DASH and args.new == DASH:
        raise InvalidArgument("NEW", "must not be stdin when OLD is", args.new)
    old, new = read_any(args.old, "OLD"), read_any(args.new, "NEW")
    changes = old.diff(new)
    out.write((diff_json if args.json else diff_text)(changes, args.old, args.new))
    return 1 if changes else 0


def _cmd_merge(args: argparse.Namespace, out: TextIO) -> None:
    if args.files.count(DASH) > 1:
        raise InvalidArgument("FILE", "must be stdin ('-') once at most", DASH)
    form = DATA_FILE if args.output in (None, DASH) else writing(args.output, "-o")
    assert form.write is not None
    timelines = []
    for name in args.files:  # each known by its file's name, in errors and origins
        timeline = read_any(name, "FILE")
        timelines.append(Timeline(timeline, info=attrs.evolve(timeline.info, source=name)))
    merged = timelines[0].merge(*timelines[1:], on_conflict=args.on_conflict)
    output = open_output(args.output, out)
    try:
        with output.open() as file:
            form.write(merged, file, FeedOptions())
    except BrokenPipeError:
        raise
    except OSError as error:
        raise DataFileError(output.name, f"cannot be written: {error.strerror or error}") from None


def add_commands(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add ``diff`` and ``merge`` to the command's parsers."""
    diff = commands.add_parser(
        "diff", help="print what changed between two timeline files",
        description=f"Print what changed from OLD to NEW ({_SUFFIXES}, '-': stdin): events "
        "added (+), removed (-) and changed (~, with each field's old and new value). Events "
        "are matched by id. Exit status: 0 when equal, 1 when they differ, 2 on trouble.",
    )  # fmt: skip
    diff.add_argument("old", metavar="OLD", help="the older file")
    diff.add_argument("new", metavar="NEW", help="the newer file")
    diff.add_argument("--json", action="store_true", help="print the changes as JSON")
    diff.set_defaults(handler=_cmd_diff, error_status=2)

    merge = commands.add_parser(
        "merge", help="merge timeline files into one",
        description=f"Merge the FILEs ({_SUFFIXES}, '-': stdin) into one timeline, one event "
        "per id. Two files with different events under one id are an error naming both, "
        "unless --on-conflict chooses: newer (higher revision, then later updated), left "
        "(the earlier file's) or right (the later file's). The timeline's name and "
        "description are the first file's that has them. -o names the output; its suffix "
        "gives the format (default, or '-': TOML on stdout).",
    )  # fmt: skip
    merge.add_argument("files", metavar="FILE", nargs="+", help="the files, in order")
    merge.add_argument(
        "-o", "--output", metavar="FILE", help="write to FILE (default, or '-': stdout)"
    )
    merge.add_argument(
        "--on-conflict", choices=ON_CONFLICT, default="error",
        help="how to settle two different events under one id (default: error)",
    )  # fmt: skip
    merge.set_defaults(handler=_cmd_merge)
