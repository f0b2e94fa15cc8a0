"""A real subscription client syncs the served feed: vdirsyncer, with its ``http`` storage.

vdirsyncer (a test dependency) runs in a subprocess, with its configuration and
status in the test's temporary folder, and syncs the feed from the server on
loopback into a folder of one ``.ics`` file per event, as a calendar app keeps it.

vdirsyncer's ``http`` storage does not keep UIDs: it replaces each item's UID with
a hash of the item (``HttpStorage._ignore_uids``, because many published feeds
make up new UIDs on every request). So each synced item is matched to the served
event whose every other content line is the same, and the UIDs compared are the
served events' UIDs found that way: every event of the data is synced, exactly
once and unchanged, and nothing else is.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import Any
from wsgiref.types import StartResponse

import pytest
from icalendar import Component
from tests._components import event_components
from tests._serving import DATA, replace_file, request, serving

from bri_timeline import load, load_bri
from bri_timeline.delivery.server import create_app
from bri_timeline.timeline import Timeline

DOMAIN = "bri-timeline.invalid"


def _vdirsyncer() -> str:
    beside = Path(sys.executable).with_name("vdirsyncer")
    found = str(beside) if beside.exists() else shutil.which("vdirsyncer")
    if found is None:
        pytest.fail(
            "vdirsyncer is not installed: it is in the test extra (pip install -e '.[test]')"
        )
    return found


class Subscriber:
    """vdirsyncer, configured to sync one feed URL into a local folder."""

    def __init__(self, folder: Path, url: str) -> None:
        self.calendar = folder / "calendar"
        self.calendar.mkdir()
        (folder / "status").mkdir()
        self.config = folder / "config"
        self.config.write_text(
            f"""\
[general]
status_path = "{folder / "status"}/"

[pair feed]
a = "feed_remote"
b = "feed_local"
collections = null
conflict_resolution = "a wins"

[storage feed_remote]
type = "http"
url = "{url}"

[storage feed_local]
type = "filesystem"
path = "{self.calendar}/"
fileext = ".ics"
""",
            encoding="utf-8",
        )

    def run(self, command: str) -> str:
        environment = {
            key: value for key, value in os.environ.items() if "proxy" not in key.lower()
        }
        environment["NO_PROXY"] = environment["no_proxy"] = "127.0.0.1,localhost"
        done = subprocess.run(
            [_vdirsyncer(), "-c", str(self.config), command],
            stdin=subprocess.DEVNULL,
            capture_output=True,
            text=True,
            timeout=120,
            env=environment,
            check=False,
        )
        assert done.returncode == 0, done.stdout + done.stderr
        return done.stdout + done.stderr

    def items(self) -> list[bytes]:
        """The client's items, one VEVENT each."""
        return [item.read_bytes() for item in sorted(self.calendar.glob("*.ics"))]

    def events(self, served: bytes) -> dict[str, tuple[str, str]]:
        """UID (in the served feed) to (SUMMARY, STATUS) of every event the client holds."""
        by_content = {_content(event): event for event in _vevents(served)}
        assert len(by_content) == len(_vevents(served))
        found = {}
        for item in self.items():
            (event,) = _vevents(item)
            original = by_content[_content(event)]  # KeyError: the item is no served event
            uid = str(original["UID"])
            assert uid not in found, uid
            found[uid] = (str(event["SUMMARY"]), str(event.get("STATUS", "")))
        return found


def _vevents(feed: bytes) -> list[Component]:
    return event_components(feed)


def _content(event: Component) -> tuple[bytes, ...]:
    """The event's content lines, unfolded and sorted, without its UID."""
    lines = re.sub(rb"\r\n[ \t]", b"", event.to_ical()).split(b"\r\n")
    return tuple(sorted(line for line in lines if line and not re.match(rb"UID[:;]", line)))


def _expected(timeline: Timeline) -> dict[str, tuple[str, str]]:
    return {f"{event.id}@{DOMAIN}": (event.title, "") for event in timeline}


def test_vdirsyncer_syncs_every_bri_event(tmp_path: Path) -> None:
    app = create_app()
    asked: list[tuple[str, str]] = []

    def recording(environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        asked.append((environ.get("HTTP_USER_AGENT", ""), environ.get("HTTP_ACCEPT_ENCODING", "")))
        return app(environ, start_response)

    with serving(recording) as bri_server:
        client = Subscriber(tmp_path, bri_server.url("/bri.ics"))
        client.run("discover")
        client.run("sync")
        served = request(bri_server, "/bri.ics").body
        before = client.items()
        assert "Copying" not in client.run("sync")  # nothing new: the feed is stable
    # The requests came from vdirsyncer, which takes the feed gzipped.
    assert any(agent.startswith("vdirsyncer/") and "gzip" in coding for agent, coding in asked)
    expected = _expected(load_bri())
    assert len(expected) == 7
    assert client.events(served) == expected
    assert client.items() == before


def test_vdirsyncer_follows_changes_to_the_data(tmp_path: Path) -> None:
    data = tmp_path / "mine.toml"
    data.write_text(DATA, encoding="utf-8")
    with serving(create_app(data)) as server:
        client = Subscriber(tmp_path, server.url("/mine.ics"))
        client.run("discover")
        client.run("sync")
        assert client.events(request(server, "/mine.ics").body) == _expected(load(data))
        # Alpha renamed, Beta removed, Gamma added.
        changed = (
            DATA.replace('title = "Alpha"', 'title = "Alpha, renamed"').split(
                '[[events]]\nid = "beta"'
            )[0]
            + '[[events]]\nid = "gamma"\ntitle = "Gamma"\nwhen = "2024-12"\n'
        )
        replace_file(data, changed)
        client.run("sync")
        served = request(server, "/mine.ics").body
    assert client.events(served) == {
        f"alpha@{DOMAIN}": ("Alpha, renamed", ""),
        f"beta@{DOMAIN}": ("Beta", "CANCELLED"),  # published as cancelled, so apps drop it
        f"gamma@{DOMAIN}": ("Gamma", ""),
    }
