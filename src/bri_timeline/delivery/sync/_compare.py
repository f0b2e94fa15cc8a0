"""What a sync must do for each UID: the data, the last sync's state and the server compared.

Pure: no HTTP, no files. Three inputs, all keyed by what the server can be asked about:

* ``local``: the resource each event of the data should be (its name, body and digest);
* ``known``: what the last sync left on the server (:class:`~._state.Known`);
* ``server``: the calendar's listing, each resource's name with its ETag.

Where the listing alone cannot tell (the ETag moved since the last sync, or a resource is
there that this sync never wrote), the step is ``check``: the resource is fetched and
:func:`after_check` decides on its content. Only a resource the state records may be
deleted, and only while its ETag (or, after a check, its content) is what the sync left.

Why digests here, not :func:`bri_timeline.changes.diff` (which the feed's updates use): what
this compares is bytes, not events. The server's copy, fetched on a ``check``, is the bytes
it stores (re-folded, re-ordered), and only a digest of its lines can say whether it is what
the last sync wrote or what the data says now; the state keeps that digest per UID, not the
events, so "did our data change" (``local.digest != known.digest``) is the same comparison,
and also sees a change in how the library writes an event, which the server must get too.
"""

from __future__ import annotations

from typing import Literal
from urllib.parse import unquote

import attrs

from bri_timeline.delivery.sync._state import Known

__all__ = ["CHANGED_THERE", "Local", "Step", "after_check", "plan"]

Kind = Literal["keep", "create", "update", "delete", "forget", "check", "conflict"]
"""``keep``: nothing to do; ``forget``: drop from the state (gone from data and server)."""

CHANGED_THERE = "changed on the server by another client since the last sync"
_DELETED_THERE = "deleted on the server by another client since the last sync"
_NOT_OURS = "already on the server, and not written by this sync"


@attrs.frozen
class Local:
    """The resource an event of the data should be."""

    name: str
    body: bytes
    digest: str


@attrs.frozen
class Step:
    """What to do for one UID, with what the decision was made on.

    Attributes:
        uid: The event's UID.
        kind: What to do.
        name: The resource's name in the calendar.
        etag: The server's ETag for it, None if the listing has no such resource.
        local: What the data says it should be, None if the event left the data.
        known: What the last sync left there, None if it wrote nothing there.
        reason: Why, for a conflict.
    """

    uid: str
    kind: Kind
    name: str
    etag: str | None
    local: Local | None
    known: Known | None
    reason: str = ""


def _step(uid: str, local: Local | None, known: Known | None, etag: str | None) -> Step:
    name = local.name if local is not None else known.name if known is not None else ""
    there = etag is not None

    def step(kind: Kind, reason: str = "") -> Step:
        return Step(uid, kind, name, etag, local, known, reason)

    if known is None:
        if local is None:
            return step("keep")  # not reached: a UID comes from the data or the state
        return step("check") if there else step("create")
    if not there:
        return step("conflict", _DELETED_THERE) if local is not None else step("forget")
    if etag != known.etag:
        return step("check")
    if local is None:
        return step("delete")
    return step("keep") if local.digest == known.digest else step("update")


def plan(
    local: dict[str, Local], known: dict[str, Known], server: dict[str, str | None]
) -> list[Step]:
    """One step per UID of the data or the state, in the order of the UIDs.

    ``server`` maps each resource's decoded name to its ETag; a resource there with no
    ETag counts as changed (``check``). Resources of other clients (no UID of the data
    or the state) are not looked at.
    """
    listed = {name: etag or "" for name, etag in server.items()}
    steps = []
    for uid in sorted(local.keys() | known.keys()):
        here, last = local.get(uid), known.get(uid)
        name = here.name if here is not None else last.name if last is not None else ""
        steps.append(_step(uid, here, last, listed.get(unquote(name))))
    return steps


def after_check(step: Step, digest: str | None) -> Step:
    """The step once the resource's content is known (``digest``; None: it is not there).

    The server holds what the data says: nothing to write (the sync's own write whose
    answer was lost, or the same event written by someone else). It holds what the last
    sync wrote (the server only rewrote it): go on as if its ETag had not moved. Else
    another client changed it: a conflict.
    """
    local, known = step.local, step.known

    def to(kind: Kind, reason: str = "") -> Step:
        return attrs.evolve(step, kind=kind, reason=reason)

    if digest is None:  # gone between the listing and the fetch
        if local is None:
            return to("forget")
        return to("create") if known is None else to("conflict", _DELETED_THERE)
    if local is not None and digest == local.digest:
        return to("keep")
    if known is not None and digest == known.digest:
        return to("update") if local is not None else to("delete")
    return to("conflict", _NOT_OURS if known is None else CHANGED_THERE)
