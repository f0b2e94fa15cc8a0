"""Put a timeline into a CalDAV calendar and keep it in step: :func:`sync`.

How a sync decides, step by step, is in the private ``_compare`` (pure) and what it
remembers in ``_state`` (a JSON file); the requests are in ``_dav``. See ``docs/sync.md``.
"""

from __future__ import annotations

import os
from typing import Literal
from urllib.parse import unquote, urlsplit, urlunsplit

import attrs

from bri_timeline.delivery.sync._compare import (
    CHANGED_THERE,
    Kind,
    Local,
    Step,
    after_check,
    plan,
)
from bri_timeline.delivery.sync._dav import Calendar, resource_name
from bri_timeline.delivery.sync._state import Known, read_state, write_state
from bri_timeline.errors import InvalidArgument
from bri_timeline.formats.ical._calendar import feed_or_default, feed_stamp
from bri_timeline.formats.ical._resource import calendar_object, content_digest
from bri_timeline.formats.ical.write import FeedOptions
from bri_timeline.model.arguments import check_bool, check_file_name, check_str
from bri_timeline.timeline import Timeline, check_timeline

__all__ = ["Credentials", "SyncAction", "SyncReport", "calendar_url", "sync"]

_HIDDEN = "<hidden>"
_DAY = 86400


def _user(value: object) -> str:
    if not isinstance(value, str) or not value or ":" in value or not value.isprintable():
        raise InvalidArgument("user", "must be a non-empty str without ':'", value)
    return value


def _password(value: object) -> str:
    if not isinstance(value, str) or "\n" in value or "\r" in value:
        # never shown, not even in an error
        raise InvalidArgument("password", "must be a str of one line", _HIDDEN)
    return value


@attrs.frozen
class Credentials:
    """A user and password for the CalDAV server; the password is never shown.

    >>> Credentials("alice", "s3cret")
    Credentials(user='alice', password=<hidden>)
    """

    user: str = attrs.field(converter=_user)
    password: str = attrs.field(converter=_password, repr=False)

    def __repr__(self) -> str:
        return f"Credentials(user={self.user!r}, password={_HIDDEN})"


ActionKind = Literal["create", "update", "delete", "conflict"]
_KINDS = ("create", "update", "delete", "conflict")


def _kind(value: object) -> ActionKind:
    if value not in _KINDS:
        raise InvalidArgument("kind", f"must be one of {', '.join(map(repr, _KINDS))}", value)
    return value  # type: ignore[return-value]  # one of the literals, as checked


def _count(_: object, attribute: attrs.Attribute[int], value: object) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise InvalidArgument(attribute.name, "must be an int, at least 0", value)


def _text(_: object, attribute: attrs.Attribute[str], value: object) -> None:
    check_str(attribute.name, value)


def _flag(_: object, attribute: attrs.Attribute[bool], value: object) -> None:
    check_bool(attribute.name, value)


@attrs.frozen
class SyncAction:
    """One resource a sync wrote, deleted or left in conflict (or would, in a dry run).

    Attributes:
        kind: ``"create"``, ``"update"``, ``"delete"`` or ``"conflict"``.
        uid: The event's UID.
        reason: Why, for a conflict: what another client did.
    """

    kind: ActionKind = attrs.field(converter=_kind)
    uid: str = attrs.field(validator=_text)
    reason: str = attrs.field(default="", validator=_text)


def _actions(value: object) -> tuple[SyncAction, ...]:
    if not isinstance(value, tuple) or not all(isinstance(item, SyncAction) for item in value):
        raise InvalidArgument("actions", "must be a tuple of SyncAction", value)
    return value


@attrs.frozen
class SyncReport:
    """What a sync did (or, with ``dry_run``, would do).

    Attributes:
        url: The calendar's URL.
        actions: The resources created, updated, deleted or left in conflict, by UID.
        unchanged: How many events were already in step.
        requests: How many HTTP requests the sync sent.
        dry_run: Whether nothing was written.
    """

    url: str = attrs.field(validator=_text)
    actions: tuple[SyncAction, ...] = attrs.field(converter=_actions)
    unchanged: int = attrs.field(validator=_count)
    requests: int = attrs.field(validator=_count)
    dry_run: bool = attrs.field(default=False, validator=_flag)

    def uids(self, kind: ActionKind) -> tuple[str, ...]:
        """The UIDs of the actions of one kind, e.g. ``report.uids("create")``."""
        kind = _kind(kind)
        return tuple(action.uid for action in self.actions if action.kind == kind)

    @property
    def conflicts(self) -> tuple[SyncAction, ...]:
        """The conflicts: resources another client changed, left as they are."""
        return tuple(action for action in self.actions if action.kind == "conflict")


def calendar_url(url: object) -> str:
    """The calendar's URL checked: http or https, a host, no credentials; ends with ``/``.

    >>> calendar_url("https://dav.example.org/alice/bri")
    'https://dav.example.org/alice/bri/'
    """
    if not isinstance(url, str) or not url.isprintable() or " " in url:
        raise InvalidArgument("url", "must be an http or https URL", url)
    parts = urlsplit(url)
    shown = urlunsplit(parts._replace(netloc=parts.netloc.rpartition("@")[2]))
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise InvalidArgument("url", "must be an http or https URL with a host", shown)
    if "@" in parts.netloc:
        rule = "must not hold a user or password (give credentials)"
        raise InvalidArgument("url", rule, shown)
    if parts.query or parts.fragment:
        raise InvalidArgument("url", "must be a calendar's URL, without ? or #", shown)
    return url if url.endswith("/") else f"{url}/"


def _timeout(value: object) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or not 0 < value <= _DAY:
        raise InvalidArgument(
            "timeout", "must be a number of seconds above 0, at most a day", value
        )
    return float(value)


def _credentials(value: object) -> Credentials | None:
    if value is not None and not isinstance(value, Credentials):
        raise InvalidArgument("credentials", "must be a Credentials or None", value)
    return value


def _locals(timeline: Timeline, feed: FeedOptions) -> dict[str, Local]:
    stamp = feed_stamp(timeline, feed)
    found = {}
    for event in timeline:
        uid = f"{event.id}@{feed.domain}"
        body = calendar_object(event, uid, stamp)
        found[uid] = Local(resource_name(uid), body, content_digest(body))
    return found


def sync(
    timeline: Timeline,
    url: str,
    *,
    state: str | os.PathLike[str],
    credentials: Credentials | None = None,
    feed: FeedOptions | None = None,
    dry_run: bool = False,
    overwrite: bool = False,
    timeout: float = 30.0,
) -> SyncReport:
    """Put each event of ``timeline`` into the CalDAV calendar at ``url``, one resource a UID.

    A new event is created (``If-None-Match: *``), a changed one updated (``If-Match`` on
    the ETag the server listed), and one that left the data deleted (``If-Match``) if this
    sync wrote it, as the state file records. The calendar is listed once (a PROPFIND of
    the ETags); a resource whose ETag moved since the last sync is fetched and compared. A
    resource another client changed or deleted is a conflict, reported and left as it is,
    unless ``overwrite``. Nothing is written when nothing changed. The state is saved also
    when the sync stops on an error, and the next sync goes on from there.

    Args:
        timeline: The events.
        url: The calendar collection's URL, without credentials.
        state: The JSON file of what each sync left on each calendar; made if missing.
        credentials: The user and password, if the server asks for them.
        feed: The UIDs' domain and the DTSTAMP of events without ``updated``, as for a feed.
        dry_run: Only list and fetch: the report says what would be done.
        overwrite: Write over (or delete) what another client changed.
        timeout: Seconds any one request may take.

    Returns:
        What was done, with the number of requests sent.

    Raises:
        SyncAuthError: The server refused the credentials, or wants some.
        SyncError: The server could not be reached or refused a request.
        DataFileError: The state file cannot be read or written, or is not a sync state.
        InvalidArgument: An argument is not of its kind (the password is never shown), or
            the server says ``url`` is not a calendar's.
    """
    check_timeline(timeline)
    url = calendar_url(url)
    if "\0" in check_file_name("state", state):
        raise InvalidArgument("state", "must be a file name without NUL", state)
    credentials = _credentials(credentials)
    feed = feed_or_default(feed)
    dry_run = check_bool("dry_run", dry_run)
    overwrite = check_bool("overwrite", overwrite)
    seconds = _timeout(timeout)
    local = _locals(timeline, feed)
    everything = read_state(state)
    before = everything.get(url, {})
    known = dict(before)
    user, password = (None, None) if credentials is None else attrs.astuple(credentials)
    calendar = Calendar(url, user, password, seconds)
    run = _Run(calendar, known, dry_run=dry_run, overwrite=overwrite)
    try:
        for step in plan(local, known, calendar.etags()):
            run.do(step)
        run.learn_missing_etags()
    finally:
        calendar.close()
        if not dry_run and known != before:  # an unchanged sync writes nothing, here too
            everything[url] = known
            write_state(state, everything)
    return SyncReport(url, tuple(run.actions), run.unchanged, calendar.requests, dry_run)


class _Run:
    """One sync's work through its steps, keeping ``known`` in step with the server."""

    def __init__(
        self, calendar: Calendar, known: dict[str, Known], *, dry_run: bool, overwrite: bool
    ) -> None:
        self.calendar = calendar
        self.known = known
        self.dry_run = dry_run
        self.overwrite = overwrite
        self.actions: list[SyncAction] = []
        self.unchanged = 0
        self.etagless: list[str] = []

    def do(self, step: Step, *, again: bool = False) -> None:
        """Carry out one step; after a refused precondition, fetch and decide once more."""
        if step.kind == "check":
            answer = self.calendar.get(step.name)
            found = answer.status == 200
            step = after_check(step, content_digest(answer.body) if found else None)
            step = attrs.evolve(step, etag=answer.etag if found else None)
            if step.kind == "keep" and step.local is not None:
                self.known[step.uid] = Known(step.name, answer.etag, step.local.digest)
        if step.kind == "conflict" and self.overwrite:
            kind: Kind = "delete" if step.local is None else "update" if step.etag else "create"
            step = attrs.evolve(step, kind=kind)
        if step.kind in ("keep", "forget"):
            self.unchanged += step.local is not None
            if step.kind == "forget":
                self.known.pop(step.uid, None)
            return
        if step.kind == "conflict":
            self.actions.append(SyncAction("conflict", step.uid, step.reason))
            return
        if not self.dry_run and self._refused(step):
            if again:
                self.actions.append(SyncAction("conflict", step.uid, CHANGED_THERE))
            else:
                self.do(attrs.evolve(step, kind="check"), again=True)
            return
        assert step.kind in ("create", "update", "delete")
        self.actions.append(SyncAction(step.kind, step.uid))

    def _refused(self, step: Step) -> bool:
        """Write or delete as the step says; whether the server refused the precondition."""
        calendar = self.calendar
        if step.kind == "delete":
            answer = calendar.delete(step.name, etag=step.etag)
            if answer.status != 412:
                self.known.pop(step.uid, None)
            return answer.status == 412
        assert step.local is not None
        etag = None if step.kind == "create" else step.etag
        answer = calendar.put(step.name, step.local.body, etag=etag)
        if answer.status == 412:
            return True
        self.known[step.uid] = Known(step.name, answer.etag, step.local.digest)
        if answer.etag is None:
            self.etagless.append(step.uid)
        return False

    def learn_missing_etags(self) -> None:
        """Where a server answered a write without an ETag, list the calendar once more."""
        if not self.etagless or self.dry_run:
            return
        listed = self.calendar.etags()
        for uid in self.etagless:
            known = self.known[uid]
            self.known[uid] = attrs.evolve(known, etag=listed.get(unquote(known.name)))
