"""The ``bri-timeline`` command (also ``python -m bri_timeline``).

Over 400 lines: a parser and a short function for each of ten commands (``diff`` and
``merge`` are in ``_more_commands``, ``sync`` in ``sync.command``); the rendering is in
:mod:`bri_timeline.formats.text`, the files in ``_stdio`` and the formats in ``_formats``.

Data goes to stdout; errors go to stderr as one line, with exit status 1 for a
bad input and 2 for a bad command line. A traceback means a bug. A FILE of
``-`` is stdin or stdout for every command (``delivery/_stdio.py``); the tables
come from the text format (:mod:`bri_timeline.formats.text`); a terminal that is
not UTF-8 gets ``?`` for a character it cannot show. Which format a file is in
comes from its suffix or an option (``delivery/_formats.py``): ``--data`` reads
any format the command line reads, ``convert`` and ``export --format`` write any
it writes.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import logging
import os
import signal
import sys
import threading
from collections.abc import Callable, Iterator, Sequence
from datetime import date, datetime, timedelta
from pathlib import Path
from types import FrameType
from typing import BinaryIO, TextIO

from bri_timeline._version import __version__
from bri_timeline.delivery._atomic import file_time
from bri_timeline.delivery._formats import (
    DATA_FILE,
    FORMATS,
    Format,
    by_name,
    readable,
    reading,
    writable,
    writing,
)
from bri_timeline.delivery._more_commands import add_commands
from bri_timeline.delivery._stdio import DASH, Output, load_input, open_output
from bri_timeline.delivery.runner import Server
from bri_timeline.delivery.server import create_app
from bri_timeline.delivery.site import build_site
from bri_timeline.delivery.sync.command import add_sync_command
from bri_timeline.errors import DataFileError, EDTFError, InvalidArgument, TimelineError
from bri_timeline.formats.ical import left_out_of_feed
from bri_timeline.formats.ical.read import from_ics, read_ics
from bri_timeline.formats.ical.write import FeedOptions, write_ics
from bri_timeline.formats.svg.write import DEFAULT_WIDTH, to_svg
from bri_timeline.formats.text.write import event_text, pairs_text, to_text
from bri_timeline.formats.toml import load_bri
from bri_timeline.model.edtf import from_edtf, parse_zone
from bri_timeline.model.kinds import check_kinds
from bri_timeline.model.times import AllDay, OpenEnded, PartialDate, Time
from bri_timeline.notes import summary
from bri_timeline.timeline import Timeline

__all__ = ["main"]

PROG = "bri-timeline"

_STDIO = (
    "A FILE of '-' is stdin where a command reads a file (--data, import) and stdout where it "
    "writes one (-o). Text that the terminal's encoding cannot show is printed as '?'; a feed "
    "or a picture written to stdout goes out as its UTF-8 bytes."
)
_FREE = (
    "List the stretches no event covers (UTC, start, end and length). With --from and --to, "
    "those of the days between them, the free time at both ends included; without, those "
    "between the first event and the last. --possible adds the time vague dates may leave free."
)
_OTHER_READABLE = [name for name in readable() if name != DATA_FILE.name]
_SERVE_STDIN = "must name a file, which serve reads again when it changes (stdin is read once)"


def _load(name: str, form: Format) -> Timeline:
    """The timeline in a file (or stdin, for ``-``) in this format."""
    assert form.read_path is not None
    assert form.read_bytes is not None
    timeline = load_input(name, form.read_path, form.read_bytes)
    if timeline.info.notes:  # an .ics read leniently: say so, as `import` does
        said = f"{PROG}: {name}: {summary(timeline.info.notes)}"
        print(f"{said}; `{PROG} import --report` lists them", file=sys.stderr)
    return timeline


def _timeline(args: argparse.Namespace) -> Timeline:
    """The timeline of ``--data``, in the format its suffix names (stdin: the data file)."""
    if args.data is None:
        return load_bri()
    return _load(args.data, DATA_FILE if args.data == DASH else reading(args.data))


def _write(
    output: Output, write: Callable[[BinaryIO], object], refusal: Callable[[str], TimelineError]
) -> None:
    """Write to ``output`` with ``write``; an error of the system is ``refusal(reason)``."""
    try:
        with output.open() as file:
            write(file)
    except BrokenPipeError:
        raise  # the reader went away: see main
    except OSError as error:
        raise refusal(error.strerror or str(error)) from None


def _day_bound(text: str, option: str, *, last: bool) -> date:
    try:
        time = from_edtf(text, field=option)
    except EDTFError as error:  # in argparse's words, as every option's error
        raise InvalidArgument(option, error.rule, error.value) from None
    if isinstance(time, AllDay):
        return time.last if last else time.first
    if isinstance(time, PartialDate):
        return time.last_day if last else time.first_day
    raise InvalidArgument(
        option, "must be a day (YYYY-MM-DD), a month (YYYY-MM) or a year (YYYY)", text
    )


def _window(args: argparse.Namespace) -> Time | None:
    start = None if args.from_ is None else _day_bound(args.from_, "--from", last=False)
    end = None if args.to is None else _day_bound(args.to, "--to", last=True)
    if start is not None and end is not None and end < start:
        raise InvalidArgument("--to", f"must not be before --from {args.from_}", args.to)
    if end == date.max:
        end = None  # through the last day there is (--to 9999): no upper bound
    if start is None and end is None:
        return None
    if end is None:
        assert start is not None
        return OpenEnded(start)
    return AllDay(date.min if start is None else start, end)


def _cmd_list(args: argparse.Namespace, out: TextIO) -> None:
    timeline = _timeline(args)
    window = _window(args)
    if window is not None:
        timeline = timeline.overlapping(window)
    if args.category is not None:
        timeline = timeline.in_category(args.category)
    out.write(to_text(timeline))


def _cmd_free(args: argparse.Namespace, out: TextIO) -> None:
    window = _window(args)
    if window is not None and (args.from_ is None or args.to is None):
        raise InvalidArgument(
            "--to" if args.to is None else "--from", "must be given with the other", None
        )
    minutes = args.min_minutes
    if minutes < 0:
        raise InvalidArgument("--min-minutes", "must not be negative", minutes)
    gaps = _timeline(args).gaps(
        within=window, min_length=timedelta(minutes=minutes), certain=not args.possible
    )
    for gap in gaps:
        sure = "" if gap.certain else "  (possibly)"
        out.write(f"{gap.start:%Y-%m-%d %H:%M}  {gap.end:%Y-%m-%d %H:%M}  {gap.duration}{sure}\n")


def _data_time(args: argparse.Namespace) -> datetime | None:
    """When the data file was last written (UTC): the feed's stamp if the data has no date."""
    if args.data is None or args.data == DASH:
        return None
    return _file_time(args.data)


def _file_time(path: str) -> datetime | None:
    """When a file was last written (UTC), or None if it is gone."""
    try:
        return file_time(os.stat(path).st_mtime_ns)
    except OSError:  # gone since it was read: the feed falls back to the day
        return None


def _cmd_export(args: argparse.Namespace, out: TextIO) -> None:
    form = by_name(args.format, "--format", to_read=False)
    timeline = _timeline(args)
    feed = _feed_for(form, timeline, _data_time(args))
    if form.name != "ics":  # only a feed has a previous feed
        _write_as(form, timeline, feed, open_output(args.output, out))
        return
    output = open_output(args.output, out, previous=True)
    _write(
        output,
        lambda file: write_ics(
            timeline, file, feed=feed, previous=output.previous, previous_name=output.name
        ),
        lambda reason: DataFileError(output.name, f"cannot be written: {reason}"),
    )


def _feed_for(form: Format, timeline: Timeline, stamp: datetime | None) -> FeedOptions:
    """The feed's options; for a feed (ics, jcal), one line on stderr per event it leaves out.

    Deep time: a feed cannot carry it, and the rest of the feed is still worth having.
    """
    if form.name in ("ics", "jcal"):
        for note in left_out_of_feed(timeline):
            print(f"{PROG}: {note}", file=sys.stderr)
    return FeedOptions(fallback_stamp=stamp, on_unrepresentable="skip")


def _write_as(form: Format, timeline: Timeline, feed: FeedOptions, output: Output) -> None:
    write = form.write
    assert write is not None
    _write(
        output,
        lambda file: write(timeline, file, feed),
        lambda reason: DataFileError(output.name, f"cannot be written: {reason}"),
    )


def _chosen(name: str | None, path: str, option: str, *, to_read: bool) -> Format:
    """The format ``option`` names, else the one the path's suffix names (stdin has none)."""
    if name is not None:
        return by_name(name, option, to_read=to_read)
    if path == DASH:
        where = "IN" if to_read else "OUT"
        raise InvalidArgument(where, f"has no suffix to tell its format: give {option}", DASH)
    return reading(path) if to_read else writing(path)


def _cmd_convert(args: argparse.Namespace, out: TextIO) -> None:
    source = _chosen(args.from_format, args.input, "--from", to_read=True)
    target = _chosen(args.to_format, args.output, "--to", to_read=False)
    timeline = _load(args.input, source)
    stamp = None if args.input == DASH else _file_time(args.input)
    _write_as(target, timeline, _feed_for(target, timeline, stamp), open_output(args.output, out))


def _cmd_import(args: argparse.Namespace, out: TextIO) -> None:
    window = _window(args)
    tz = None if args.tz is None else parse_zone(args.tz, field="--tz", error=InvalidArgument)
    strict = args.strict
    kinds = (
        None
        if args.kinds is None
        else check_kinds("--kinds", [part.strip() for part in args.kinds.split(",")])
    )
    timeline = load_input(
        args.file,
        lambda path: read_ics(path, window=window, tz=tz, kinds=kinds, strict=strict),
        lambda data, name: from_ics(
            data, path=name, window=window, tz=tz, kinds=kinds, strict=strict
        ),
    )
    out.write(to_text(timeline))
    notes = timeline.info.notes
    if args.report:
        for note in notes:
            print(" ".join(str(note).splitlines()), file=sys.stderr)
    elif notes:
        print(f"{PROG}: {summary(notes)}; --report to list them", file=sys.stderr)


def _cmd_show(args: argparse.Namespace, out: TextIO) -> None:
    out.write(event_text(_timeline(args).get(args.id)))


def _cmd_overlaps(args: argparse.Namespace, out: TextIO) -> None:
    out.write(pairs_text(_timeline(args), certain=args.certain))


def _cmd_plot(args: argparse.Namespace, out: TextIO) -> None:
    timeline = _timeline(args)
    try:
        svg = to_svg(timeline, title=args.title, width=args.width)
    except InvalidArgument as error:
        raise InvalidArgument(f"--{error.field}", error.rule, error.value) from None
    _write(
        open_output(args.output, out),
        lambda file: file.write(svg.encode("utf-8")),
        lambda reason: InvalidArgument("-o", f"cannot write the file: {reason}", args.output),
    )


def _cmd_build(args: argparse.Namespace, out: TextIO) -> None:
    if args.out_dir == DASH:
        raise InvalidArgument("OUT_DIR", "must be a folder: a site is five files", args.out_dir)
    timeline = _timeline(args)
    name = {None: "bri", DASH: "timeline"}.get(args.data) or Path(args.data).stem
    try:
        written = build_site(
            timeline,
            args.out_dir,
            name=name,
            base_url=args.base_url,
            fallback_stamp=_data_time(args),
        )
    except InvalidArgument as error:
        option = {"base_url": "--base-url", "name": "--data"}.get(error.field, error.field)
        raise InvalidArgument(option, error.rule, error.value) from None
    except OSError as error:
        reason = error.strerror or str(error)
        raise InvalidArgument("OUT_DIR", f"cannot write the site: {reason}", args.out_dir) from None
    for path in written:
        out.write(f"{path}\n")


@contextlib.contextmanager
def _logging_to_stderr() -> Iterator[None]:
    """Show the server's log (reloads, errors) on stderr while it runs."""
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    loggers = [logging.getLogger("bri_timeline"), logging.getLogger("waitress")]
    levels = [logger.level for logger in loggers]
    for logger in loggers:
        logger.addHandler(handler)
        logger.setLevel(logging.INFO)
    try:
        yield
    finally:
        for logger, level in zip(loggers, levels, strict=True):
            logger.removeHandler(handler)
            logger.setLevel(level)


@contextlib.contextmanager
def _stop_on_sigterm(server: Server) -> Iterator[None]:
    """SIGTERM (a service manager's stop) closes the server as Ctrl-C does."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def stop(signum: int, frame: FrameType | None) -> None:
        server.stop()

    previous = signal.signal(signal.SIGTERM, stop)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def _cmd_serve(args: argparse.Namespace, out: TextIO) -> None:
    if not 0 <= args.port <= 65535:  # before the data is read: the quicker mistake to report
        raise InvalidArgument("--port", "must be a whole number from 0 to 65535", args.port)
    if args.data == DASH:
        raise InvalidArgument("--data", _SERVE_STDIN, args.data)
    app = create_app(args.data)
    try:
        server = Server(app, host=args.host, port=args.port)
    except InvalidArgument as error:
        raise InvalidArgument(f"--{error.field}", error.rule, error.value) from None
    out.write(f"Serving {server.url(app.feed.url_path)} (Ctrl-C to stop)\n")
    out.flush()
    # Ctrl-C is the way to stop: not an error.
    with _logging_to_stderr(), _stop_on_sigterm(server), contextlib.suppress(KeyboardInterrupt):
        server.run()
    out.write("Stopped.\n")


Handler = Callable[[argparse.Namespace, TextIO], int | None]  # an exit status, None for 0


def _add_free(
    commands: argparse._SubParsersAction[argparse.ArgumentParser], data: argparse.ArgumentParser
) -> None:
    """Add ``free`` to the command's parsers."""
    free = commands.add_parser(
        "free", parents=[data], help="list the free time between the events",
        description=_FREE,
    )  # fmt: skip
    free.add_argument("--from", dest="from_", metavar="DATE", help="first day (or month, year)")
    free.add_argument("--to", metavar="DATE", help="last day (or month, year), inclusive")
    free.add_argument(
        "--min-minutes",
        metavar="N",
        type=int,
        default=0,
        help="only stretches longer than N minutes",
    )
    free.add_argument("--possible", action="store_true", help="also the time possibly free")
    free.set_defaults(handler=_cmd_free)


def _add_import(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """The ``import`` command: an .ics file printed as a table, its repairs on stderr."""
    importing = commands.add_parser(
        "import", help="print an iCalendar file (.ics) as a timeline table",
        description="Read an iCalendar file and print its events as `list` does. --from and --to "
        "keep the events that overlap the days between them, and expand repeating events there. "
        "What real producers get wrong is repaired as icalendar reads it, and one line on stderr "
        "counts the repairs and the components left out (VTODO, VFREEBUSY, ...); --report lists "
        "them, --strict refuses the file at the first repair instead.",
    )  # fmt: skip
    importing.add_argument("file", metavar="FILE", help="the .ics file ('-': stdin)")
    importing.add_argument(
        "--from", dest="from_", metavar="DATE", help="first day (or month, year)"
    )
    importing.add_argument("--to", metavar="DATE", help="last day (or month, year), inclusive")
    importing.add_argument(
        "--tz",
        metavar="ZONE",
        help="the IANA zone of floating times (default: X-WR-TIMEZONE; else they stay floating)",
    )
    importing.add_argument(
        "--kinds", metavar="LIST",
        help="the kinds to read, comma-separated: event (VEVENT), todo (VTODO), journal "
        "(VJOURNAL) (default: all three)",
    )  # fmt: skip
    for flag, words in (
        ("--strict", "refuse what real producers get wrong (no VCALENDAR, no UID, ...) instead "
         "of repairing it as icalendar reads it"),
        ("--report", "list on stderr every repair made and every component left out (one a line)"),
    ):  # fmt: skip
        importing.add_argument(flag, action="store_true", help=words)
    importing.set_defaults(handler=_cmd_import)


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of ``bri-timeline``."""
    parser = argparse.ArgumentParser(
        prog=PROG,
        description="Event timelines: list, query and publish dated events. "
        "Without --data, commands use the bundled Peru–China Belt and Road timeline.",
        epilog=_STDIO,
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    data = argparse.ArgumentParser(add_help=False)
    data.add_argument(
        "--data", metavar="FILE",
        help="a TOML data file, '-' for stdin (default: the bundled BRI timeline); or a file "
        f"in another format by its suffix: {', '.join(_OTHER_READABLE)}",
    )  # fmt: skip

    listing = commands.add_parser(
        "list", parents=[data], help="print the timeline in order as a table",
        description="Print the events in chronological order. --from and --to keep the events "
        "that overlap the days between them (a day YYYY-MM-DD, a month YYYY-MM or a year YYYY).",
    )  # fmt: skip
    listing.add_argument("--from", dest="from_", metavar="DATE", help="first day (or month, year)")
    listing.add_argument("--to", metavar="DATE", help="last day (or month, year), inclusive")
    listing.add_argument("--category", metavar="NAME", help="only events in this category")
    listing.set_defaults(handler=_cmd_list)

    show = commands.add_parser(
        "show", parents=[data], help="print one event in full",
        description="Print one event in full: its time in words and as EDTF, place, categories, "
        "link, description, participants, source quote and the notes on what was inferred.",
    )  # fmt: skip
    show.add_argument("id", metavar="ID", help="the event's id")
    show.set_defaults(handler=_cmd_show)

    pairs = commands.add_parser(
        "overlaps", parents=[data], help="list the overlapping pairs and their Allen relation",
        description="List every pair of events that overlap, with Allen's relation between "
        "them. 'possible' pairs involve a partial date and may not really overlap.",
    )  # fmt: skip
    pairs.add_argument("--certain", action="store_true", help="only pairs that certainly overlap")
    pairs.set_defaults(handler=_cmd_overlaps)

    plot = commands.add_parser(
        "plot", parents=[data], help="draw the timeline as an SVG picture",
        description="Draw the timeline as an SVG picture: an overview of the whole span, and "
        "zoomed panels for busy periods. The file is replaced atomically.",
    )  # fmt: skip
    plot.add_argument(
        "-o", "--output", metavar="FILE", required=True, help="the SVG file to write ('-': stdout)"
    )
    plot.add_argument("--title", metavar="TEXT", help="the heading (default: the timeline's name)")
    plot.add_argument(
        "--width", metavar="N", type=int, default=DEFAULT_WIDTH,
        help=f"the natural width in pixels (default: {DEFAULT_WIDTH}; it shrinks to fit)",
    )  # fmt: skip
    plot.set_defaults(handler=_cmd_plot)

    export = commands.add_parser(
        "export", parents=[data], help="write the timeline as an iCalendar feed (.ics)",
        description="Write the timeline as an iCalendar feed that calendar apps can subscribe "
        "to. With -o FILE, the file is replaced atomically, and its previous content is the "
        "previous feed: changed events get a higher SEQUENCE, removed ones are published as "
        "cancelled. Written to stdout, the feed has no previous feed. --format writes another "
        "format instead (as `convert` does).",
    )  # fmt: skip
    export.add_argument(
        "-o", "--output", metavar="FILE",
        help="write to FILE (default, or '-': stdout, with no previous feed)",
    )  # fmt: skip
    export.add_argument(
        "--format", default="ics", metavar="NAME",
        help=f"write this format instead: {', '.join(writable())} (default: ics, the feed)",
    )  # fmt: skip
    export.set_defaults(handler=_cmd_export)

    convert = commands.add_parser(
        "convert", help="read a timeline in one format and write it in another",
        description="Read IN and write it to OUT, each in the format its suffix names "
        f"({', '.join(one.suffixes[0] for one in FORMATS if one.suffixes)}) or that --from "
        "and --to name. '-' is stdin for IN and stdout for OUT; then --from or --to is "
        "needed. IN with a suffix of no readable format is read as a TOML data file. OUT is "
        "replaced atomically.",
    )  # fmt: skip
    convert.add_argument("input", metavar="IN", help="the file to read ('-': stdin)")
    convert.add_argument("output", metavar="OUT", help="the file to write ('-': stdout)")
    convert.add_argument(
        "--from", dest="from_format", metavar="NAME",
        help=f"the format of IN: {', '.join(readable())}",
    )  # fmt: skip
    convert.add_argument(
        "--to", dest="to_format", metavar="NAME",
        help=f"the format of OUT: {', '.join(writable())}",
    )  # fmt: skip
    convert.set_defaults(handler=_cmd_convert)

    _add_import(commands)

    serve = commands.add_parser(
        "serve", parents=[data], help="serve the iCalendar feed over HTTP",
        description="Serve the feed over HTTP on waitress, at /bri.ics for the bundled data or "
        "/STEM.ics for --data STEM.toml, with ETag, Last-Modified, gzip and 304 answers. The "
        "data file is read again when it changes (so --data cannot be '-'); if it becomes "
        "invalid or disappears, the last good feed goes on being served. Ctrl-C (or SIGTERM) "
        "stops the server.",
    )  # fmt: skip
    serve.add_argument(
        "--host", default="127.0.0.1", help="the address to listen on (default: 127.0.0.1)"
    )
    serve.add_argument(
        "--port", type=int, default=8000, metavar="N", help="the port (default: 8000; 0: any free)"
    )
    serve.set_defaults(handler=_cmd_serve)

    build = commands.add_parser(
        "build", parents=[data], help="write a static site: feed, JSON, TimelineJS, SVG, page",
        description="Write a static site into OUT_DIR: NAME.ics, NAME.json, NAME.timelinejs.json, "
        "NAME.svg and index.html (NAME is bri, the data file's stem, or timeline for --data -). "
        "Each file is replaced atomically; the NAME.ics already there is the previous feed.",
    )  # fmt: skip
    build.add_argument(
        "out_dir", metavar="OUT_DIR", help="the folder to write (made if missing; not '-')"
    )
    build.add_argument(
        "--base-url", metavar="URL",
        help="where OUT_DIR will be published (https://example.org/t/), for the subscribe links",
    )  # fmt: skip
    build.set_defaults(handler=_cmd_build)

    add_sync_command(commands, data, _timeline)
    _add_free(commands, data)
    add_commands(commands)
    return parser


@contextlib.contextmanager
def _showing_what_the_terminal_can() -> Iterator[None]:
    """Print what the terminal's encoding cannot show as '?', not a UnicodeEncodeError.

    Only text streams that would fail (``errors="strict"``) change, and only while
    the command runs; bytes written to a stream's buffer pass unchanged.
    """
    changed = []
    for stream in (sys.stdout, sys.stderr):
        if isinstance(stream, io.TextIOWrapper) and stream.errors == "strict":
            stream.reconfigure(errors="replace")
            changed.append(stream)
    try:
        yield
    finally:
        for stream in changed:
            with contextlib.suppress(ValueError, OSError):  # closed, or its reader gone
                stream.reconfigure(errors="strict")


def main(argv: Sequence[str] | None = None) -> int:
    """Run ``bri-timeline`` with ``argv`` (default: the process's); return the exit status."""
    with _showing_what_the_terminal_can():
        return _run(build_parser(), argv)


def _run(parser: argparse.ArgumentParser, argv: Sequence[str] | None) -> int:
    args = parser.parse_args(argv)
    handler: Handler = args.handler
    try:
        status = handler(args, sys.stdout)
        sys.stdout.flush()
    except (TimelineError, ImportError) as error:
        # One line, whatever a message quotes: a line break in it is shown as a space. An
        # ImportError is an optional extra not installed (Parquet needs pyarrow): it says which.
        print(f"{PROG}: error: {' '.join(str(error).splitlines())}", file=sys.stderr)
        return int(getattr(args, "error_status", 1))  # diff: 2, as diff(1) says trouble
    except BrokenPipeError:
        # The reader went away (`bri-timeline list | head`): not an error of ours.
        sys.stderr.close()
        return 0
    except KeyboardInterrupt:
        return 130
    return status or 0


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
