"""The ``sync`` case of run.py: N events synced into a CalDAV calendar, then synced again unchanged.

The server is a Radicale started for the case (the tests' ``tests/_radicale.py``), with its
storage in memory (``/dev/shm``) where the machine has it, so that the disk does not drown
the client's share. Baselines, measured against the same server in the same run:

* the first sync against plain PUTs of the same resources on one connection (http.client,
  no listing, no state, no checks): the floor any sync of N new events pays;
* the unchanged sync against the first sync, in time and in requests.
"""

from __future__ import annotations

import contextlib
import http.client
import os
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests._radicale import PASSWORD, USER, basic_auth, make_calendar, radicale  # noqa: E402

from bri_timeline import Credentials, Event, FeedOptions, Timeline, sync  # noqa: E402
from bri_timeline.delivery.sync.api import _locals  # noqa: E402

Report = Callable[[str, int, float, str, float], None]


@contextlib.contextmanager
def _server() -> Iterator[str]:
    memory = "/dev/shm" if os.path.isdir("/dev/shm") else None
    with tempfile.TemporaryDirectory(dir=memory) as folder, radicale(Path(folder)) as server:
        yield server.root


def _plain_puts(url: str, timeline: Timeline) -> None:
    """Baseline: each resource PUT on one kept-alive connection, nothing else."""
    parts = urlsplit(url)
    connection = http.client.HTTPConnection(parts.hostname or "", parts.port, timeout=60)
    headers = {
        "Content-Type": "text/calendar; charset=utf-8",
        "Authorization": basic_auth(USER, PASSWORD),
    }
    try:
        for local in _locals(timeline, FeedOptions()).values():
            connection.request("PUT", parts.path + local.name, body=local.body, headers=headers)
            response = connection.getresponse()
            response.read()
            assert response.status == 201, response.status
    finally:
        connection.close()


def bench_sync(size: int, events: list[Event], report: Report, state_folder: Path) -> None:
    timeline = Timeline(events[:size])
    login = Credentials(USER, PASSWORD)
    with _server() as root:
        for name in ("plain", "synced"):
            make_calendar(f"{root}{USER}/{name}/")
        started = time.perf_counter()
        _plain_puts(f"{root}{USER}/plain/", timeline)
        plain = time.perf_counter() - started
        url, state = f"{root}{USER}/synced/", state_folder / "sync-bench.json"
        started = time.perf_counter()
        first = sync(timeline, url, state=state, credentials=login)
        first_time = time.perf_counter() - started
        assert len(first.uids("create")) == len(timeline), first
        started = time.perf_counter()
        again = sync(timeline, url, state=state, credentials=login)
        again_time = time.perf_counter() - started
        assert again.actions == (), again
        assert again.unchanged == len(timeline), again
    report("sync, first", size, first_time, "plain PUTs, one connection", plain)
    report("sync, unchanged", size, again_time, "the first sync", first_time)
    ratio = again.requests / first.requests
    print(
        f"{'sync requests, unchgd':<22} N={size:>9,}  ours {again.requests:>11,} req "
        f"{'the first sync':<34} {first.requests:>11,} req  ratio {ratio:>8.3g}",
        flush=True,
    )
