"""Thunderbird's iCalendar parser, ical.js (the npm package), run under Node.js, for the tests.

``.ci/run`` installs Debian's ``nodejs`` and the ``ical.js`` package into a cache folder outside
the repository (:data:`CACHE`), as it installs Chromium; under CI a missing one fails the test
instead of skipping it. :func:`expand` gives the starts ical.js finds for each event of a feed.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

CACHE = (
    Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    / "bri-timeline-tests"
    / "icaljs"
)
"""Where ``npm install --prefix`` put ical.js (``.ci/run`` does it)."""

_MODULE = CACHE / "node_modules" / "ical.js" / "dist" / "ical.js"

# Reads a feed on stdin; prints {uid: [start, ...]} for each master VEVENT, its occurrences
# up to the instant in argv (ISO 8601, UTC): a day for an all-day start, else the UTC instant.
# With the details, each occurrence is [start, summary, status] as its changed VEVENT
# (RECURRENCE-ID) has them, the start where it was moved to.
_SCRIPT = """
import ICAL from "%s";
const text = (t) => t.isDate ? t.toString() : t.toJSDate().toISOString();
const show = %s;
import { readFileSync } from "node:fs";
const limit = ICAL.Time.fromDateTimeString(process.argv[1]);
const root = new ICAL.Component(ICAL.parse(readFileSync(0, "utf8")));
for (const zone of root.getAllSubcomponents("vtimezone")) {
  ICAL.TimezoneService.register(zone);
}
const found = {};
const changed = root.getAllSubcomponents("vevent").filter((c) => c.hasProperty("recurrence-id"));
for (const component of root.getAllSubcomponents("vevent")) {
  if (component.hasProperty("recurrence-id")) continue;
  const event = new ICAL.Event(component);
  for (const other of changed) {
    if (other.getFirstPropertyValue("uid") === event.uid) event.relateException(other);
  }
  const starts = [];
  const walk = event.iterator();
  for (let next = walk.next(); next && next.compare(limit) < 0; next = walk.next()) {
    starts.push(show(event, next));
    if (starts.length > 100000) throw new Error("too many occurrences");
  }
  found[event.uid] = starts;
}
process.stdout.write(JSON.stringify(found));
"""


def node() -> str:
    """Node.js with ical.js installed: its path; skips the test (fails it under CI) without."""
    found = shutil.which("node") or shutil.which("nodejs")
    if found is None or not _MODULE.exists():
        missing = "nodejs" if found is None else f"ical.js (npm install --prefix {CACHE} ical.js)"
        if os.environ.get("CI"):
            pytest.fail(f"{missing} is not installed, and CI must run ical.js (see .ci/run)")
        pytest.skip(f"{missing} is not installed; CI installs it")
    return found


def expand(feed: bytes, until: datetime) -> dict[str, list[str]]:
    """The starts ical.js gives each master VEVENT of ``feed`` before ``until`` (aware), by UID.

    A start is ``YYYY-MM-DD`` for a day, else the UTC instant ``YYYY-MM-DDTHH:MM:SS.000Z``.
    """
    return _run(feed, until, _STARTS)


_STARTS = "(event, next) => text(next)"
_DETAILS = """(event, next) => {
  const found = event.getOccurrenceDetails(next);
  const item = found.item.component;
  return [text(found.startDate), item.getFirstPropertyValue("summary") || "",
          item.getFirstPropertyValue("status") || ""];
}"""


def expand_details(feed: bytes, until: datetime) -> dict[str, list[list[str]]]:
    """As :func:`expand`, each occurrence ``[start, summary, status]``, as changed (RECURRENCE-ID).

    ``status`` is ``""`` where the VEVENT has none; ``start`` is where a change moved it.
    """
    return _run(feed, until, _DETAILS)


def _run(feed: bytes, until: datetime, show: str) -> dict[str, list[Any]]:
    script = _SCRIPT % (_MODULE.as_uri(), show)
    limit = until.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S")
    done = subprocess.run(
        [node(), "--input-type=module", "-e", script, limit],
        input=feed,
        capture_output=True,
        timeout=120,
        check=False,
    )
    if done.returncode:
        pytest.fail(f"ical.js failed: {done.stderr.decode(errors='replace')}")
    result: dict[str, list[Any]] = json.loads(done.stdout)
    return result
