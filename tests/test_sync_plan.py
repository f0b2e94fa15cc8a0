"""What a sync decides for each UID, from the data, its state and the server's listing.

The plan (``delivery/sync/_compare.py``) is pure, so every case of its table is pinned
here without a server; tests/test_sync.py checks the same cases against Radicale.
"""

from __future__ import annotations

import pytest

from bri_timeline.delivery.sync._compare import Local, Step, after_check, plan
from bri_timeline.delivery.sync._state import Known

NAME = "a%40x.ics"
HERE = Local(NAME, b"BEGIN:VCALENDAR...", "digest-now")
WROTE = Known(NAME, '"etag-1"', "digest-then")
SAME = Known(NAME, '"etag-1"', "digest-now")


@pytest.mark.parametrize(
    ("local", "known", "server", "kind"),
    [
        # in the data, never synced
        (HERE, None, {}, "create"),
        (HERE, None, {"a@x.ics": '"etag-9"'}, "check"),  # there already: whose is it?
        # in the data, synced before
        (HERE, SAME, {"a@x.ics": '"etag-1"'}, "keep"),  # nothing changed: one listing says so
        (HERE, WROTE, {"a@x.ics": '"etag-1"'}, "update"),  # the data changed
        (HERE, WROTE, {"a@x.ics": '"etag-2"'}, "check"),  # the server's copy changed
        (HERE, WROTE, {"a@x.ics": None}, "check"),  # no ETag listed: cannot tell
        (HERE, WROTE, {}, "conflict"),  # deleted there
        # gone from the data
        (None, WROTE, {"a@x.ics": '"etag-1"'}, "delete"),
        (None, WROTE, {"a@x.ics": '"etag-2"'}, "check"),
        (None, WROTE, {}, "forget"),  # gone there too
    ],
)
def test_the_listing_decides_each_uid(
    local: Local | None, known: Known | None, server: dict[str, str | None], kind: str
) -> None:
    steps = plan({"a@x": local} if local else {}, {"a@x": known} if known else {}, server)
    assert [(step.uid, step.kind, step.name) for step in steps] == [("a@x", kind, NAME)]


def test_resources_of_other_clients_are_not_looked_at() -> None:
    assert plan({}, {}, {"b@y.ics": '"e"', "c.ics": None}) == []


@pytest.mark.parametrize(
    ("local", "known", "found", "kind"),
    [
        (HERE, None, "digest-now", "keep"),  # what the data says: adopted, nothing written
        (HERE, None, "digest-other", "conflict"),  # someone else's event of that UID
        (HERE, None, None, "create"),  # gone since the listing
        (HERE, WROTE, "digest-now", "keep"),  # the sync's own write whose answer was lost
        (HERE, WROTE, "digest-then", "update"),  # the server only rewrote what the sync wrote
        (HERE, WROTE, "digest-other", "conflict"),  # another client changed it
        (HERE, WROTE, None, "conflict"),  # another client deleted it
        (None, WROTE, "digest-then", "delete"),
        (None, WROTE, "digest-other", "conflict"),  # changed there, removed here: kept
        (None, WROTE, None, "forget"),
    ],
)
def test_a_fetched_resource_decides_by_its_content(
    local: Local | None, known: Known | None, found: str | None, kind: str
) -> None:
    step = Step("a@x", "check", NAME, '"etag-2"', local, known)
    decided = after_check(step, found)
    assert decided.kind == kind
    assert bool(decided.reason) == (kind == "conflict")
