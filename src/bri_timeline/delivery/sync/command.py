"""``bri-timeline sync URL``: the command's options, and how it reports and exits.

Exit status: 0 when the calendar is in step with the data; 1 for a data or state file
that cannot be read; 2 for a mistake of the command line, the URL (not a calendar's) or
the credentials (the server refused them, or wants some); 3 when conflicts were left
(another client changed what the sync would write or delete; ``--overwrite`` writes over
them); 4 when the server could not be reached or refused a request (what was done is
saved: run the command again).

The password comes from ``--password-file`` or the ``BRI_TIMELINE_PASSWORD`` variable,
never the command line: a URL with a password in it is refused, without echoing it.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any, TextIO
from urllib.parse import unquote, urlsplit, urlunsplit

from bri_timeline.delivery.sync.api import Credentials, SyncReport, calendar_url, sync
from bri_timeline.errors import InvalidArgument, SyncAuthError, SyncError
from bri_timeline.timeline import Timeline

__all__ = [
    "CONFLICTS",
    "PASSWORD_VARIABLE",
    "SERVER_ERROR",
    "USAGE_ERROR",
    "USER_VARIABLE",
    "add_sync_command",
    "report_text",
]

PASSWORD_VARIABLE = "BRI_TIMELINE_PASSWORD"  # noqa: S105 - the name of a variable, not a password
USER_VARIABLE = "BRI_TIMELINE_USER"
USAGE_ERROR = 2
CONFLICTS = 3
SERVER_ERROR = 4
_PROG = "bri-timeline"
_HELP = (
    "Put the timeline into a CalDAV calendar (Nextcloud, Fastmail, iCloud, Radicale, ...) "
    "as one event per resource, and keep it in step: changed events are updated, events "
    "removed from the data are deleted if this command put them there, and what another "
    "client changed is reported as a conflict, not overwritten (unless --overwrite). What "
    "each sync left is kept in a state file (--state). The password comes from "
    f"--password-file or ${PASSWORD_VARIABLE}, never the command line. Exit status: 0 in "
    "step, 1 bad data or state file, 2 bad command line or credentials, 3 conflicts left, "
    "4 server unreachable or refusing (run again to finish)."
)


def add_sync_command(
    commands: Any, data: argparse.ArgumentParser, load: Callable[[argparse.Namespace], Timeline]
) -> None:
    """Add ``sync`` to the command's subparsers; ``load`` reads the ``--data`` of ``data``."""
    command = commands.add_parser(
        "sync", parents=[data], help="put the timeline into a CalDAV calendar, and keep it in step",
        description=_HELP, allow_abbrev=False,  # --password is not --password-file
    )  # fmt: skip
    command.add_argument("url", metavar="URL", help="the calendar's URL (see docs/sync.md)")
    command.add_argument(
        "--state", metavar="FILE",
        help="what each sync left on the server (default: STEM.sync.json beside --data, "
        "bri.sync.json here for the bundled data)",
    )  # fmt: skip
    command.add_argument(
        "--user", metavar="NAME",
        help=f"the user (default: ${USER_VARIABLE}, or the user in URL)",
    )  # fmt: skip
    command.add_argument(
        "--password-file", metavar="FILE",
        help=f"a file whose first line is the password (default: ${PASSWORD_VARIABLE})",
    )  # fmt: skip
    command.add_argument("--dry-run", action="store_true", help="print the plan; write nothing")
    command.add_argument(
        "--overwrite", action="store_true", help="write over what another client changed"
    )
    command.set_defaults(handler=partial(_run, load))


def _state(args: argparse.Namespace) -> str:
    if args.state is not None:
        return str(args.state)
    if args.data is None:
        return "bri.sync.json"
    if args.data == "-":
        raise InvalidArgument("--state", "must be given when the data comes from stdin", None)
    data = Path(args.data)
    return str(data.with_name(f"{data.stem}.sync.json"))


def _password(args: argparse.Namespace) -> str | None:
    if args.password_file is None:
        return os.environ.get(PASSWORD_VARIABLE)
    try:
        with open(args.password_file, encoding="utf-8") as file:
            return file.readline().rstrip("\r\n")
    except (OSError, UnicodeDecodeError) as error:
        reason = getattr(error, "strerror", None) or type(error).__name__
        raise InvalidArgument("--password-file", f"cannot be read: {reason}", None) from None


def _target(args: argparse.Namespace) -> tuple[str, Credentials | None]:
    """The calendar's URL without credentials, and the credentials the options give."""
    parts = urlsplit(args.url)
    userinfo, at, host = parts.netloc.rpartition("@")
    url = urlunsplit(parts._replace(netloc=host))
    if ":" in userinfo:
        rule = f"must not hold a password (use --password-file or ${PASSWORD_VARIABLE})"
        raise InvalidArgument("URL", rule, url)
    try:
        url = calendar_url(url)
    except InvalidArgument as error:
        raise InvalidArgument("URL", error.rule, error.value) from None
    user = args.user or os.environ.get(USER_VARIABLE) or (unquote(userinfo) if at else None)
    password = _password(args)
    if user is None and password is None:
        return url, None
    if user is None:
        raise InvalidArgument("--user", "must be given with a password", None)
    if password is None:
        rule = f"needs a password: --password-file or ${PASSWORD_VARIABLE}"
        raise InvalidArgument("--user", rule, user)
    try:
        return url, Credentials(user, password)
    except InvalidArgument as error:
        option = "--user" if error.field == "user" else "--password-file"
        raise InvalidArgument(option, error.rule, error.value) from None


def report_text(report: SyncReport) -> str:
    """The report as the command prints it: one line an action, then a summary.

    >>> from bri_timeline.delivery.sync.api import SyncAction
    >>> done = (SyncAction("create", "a@x"), SyncAction("conflict", "b@x", "deleted there"))
    >>> print(report_text(SyncReport("https://h/cal/", done, 5, 3)), end="")
    create a@x
    conflict b@x: deleted there
    https://h/cal/: 1 created, 0 updated, 0 deleted, 5 unchanged, 1 conflict (3 requests)
    """
    lines = [
        f"{action.kind} {action.uid}: {action.reason}"
        if action.reason
        else f"{action.kind} {action.uid}"
        for action in report.actions
    ]
    counts = {kind: len(report.uids(kind)) for kind in ("create", "update", "delete")}
    conflicts = len(report.conflicts)
    verbs = (
        ("to create", "to update", "to delete")
        if report.dry_run
        else ("created", "updated", "deleted")
    )
    summary = ", ".join(f"{counts[kind]} {verb}" for kind, verb in zip(counts, verbs, strict=True))
    plural = "" if conflicts == 1 else "s"
    prefix = "dry run: " if report.dry_run else ""
    lines.append(
        f"{prefix}{report.url}: {summary}, {report.unchanged} unchanged, "
        f"{conflicts} conflict{plural} ({report.requests} requests)"
    )
    return "\n".join(lines) + "\n"


def _fail(error: Exception, status: int) -> int:
    print(f"{_PROG}: error: {' '.join(str(error).splitlines())}", file=sys.stderr)
    return status


def _run(
    load: Callable[[argparse.Namespace], Timeline], args: argparse.Namespace, out: TextIO
) -> int:
    try:
        url, credentials = _target(args)
        state = _state(args)
    except InvalidArgument as error:
        return _fail(error, USAGE_ERROR)
    timeline = load(args)
    try:
        report = sync(
            timeline,
            url,
            state=state,
            credentials=credentials,
            dry_run=args.dry_run,
            overwrite=args.overwrite,
        )
    except SyncAuthError as error:
        return _fail(error, USAGE_ERROR)
    except InvalidArgument as error:  # the server says the URL is not a calendar's
        return _fail(InvalidArgument("URL", error.rule, error.value), USAGE_ERROR)
    except SyncError as error:
        return _fail(error, SERVER_ERROR)
    out.write(report_text(report))
    return CONFLICTS if report.conflicts else 0
