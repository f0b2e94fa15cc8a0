"""A bounded load run against the feed server on loopback, with a baseline server in the same run.

Run from the repository root::

    .venv/bin/python benchmarks/load.py                       # 16 clients, 2000 requests each run
    .venv/bin/python benchmarks/load.py --clients 4 --requests 500 --data my.toml

Two servers are measured one after the other, each in its own process on
127.0.0.1 with a free port and the same waitress settings
(``bri_timeline.delivery.runner.ServerLimits()``):

* ``feed``: the feed server (``create_app``), which looks at the data file on
  every request;
* ``baseline``: a trivial WSGI app that returns the same bytes with a fixed
  ETag and answers a matching If-None-Match with 304: the ceiling for any
  application on this server.

``--clients`` threads share a fixed count of requests, each on a keep-alive
connection. Requests alternate: conditional GETs with the current ETag (304),
full GETs (200), and full GETs that accept gzip (200, gzipped). Every answer is
checked (status, and the full length of a body); anything else is an error.
The report gives requests per second, the status counts, the errors and the
ratio feed / baseline in time per request (1.0 is the baseline's speed). The run
exits non-zero on any error. Nothing leaves the machine: all traffic is on
127.0.0.1, and every socket has a timeout.
"""

from __future__ import annotations

import argparse
import collections
import http.client
import logging
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Iterable
from typing import Any

from bri_timeline.delivery.runner import Server
from bri_timeline.delivery.server import create_app

TIMEOUT = 30.0  # seconds for any one socket operation
DEADLINE = 600.0  # seconds for one server's whole run


def _baseline_app(body: bytes, etag: str) -> Any:
    headers = [
        ("Content-Type", "text/calendar; charset=utf-8"),
        ("Content-Length", str(len(body))),
        ("ETag", etag),
    ]

    def app(environ: dict[str, Any], start_response: Any) -> Iterable[bytes]:
        if environ.get("HTTP_IF_NONE_MATCH") == etag:
            start_response("304 Not Modified", [("ETag", etag)])
            return []
        start_response("200 OK", headers)
        return [body]

    return app


def _serve(kind: str, data: str | None) -> None:
    """The child process: serve, print the port, stop when stdin closes."""
    # With more clients than threads, requests queue by design: waitress warns of each.
    logging.getLogger("waitress.queue").setLevel(logging.ERROR)
    app = create_app(data)
    if kind == "baseline":
        built = app.feed.current()
        app = _baseline_app(built.body, built.etag)
    server = Server(app, host="127.0.0.1", port=0)
    with server.in_thread():
        print(f"PORT {server.port}", flush=True)
        sys.stdin.read()


class Run:
    """One load run against one server."""

    def __init__(self, port: int, path: str, clients: int, requests: int) -> None:
        self.port, self.path, self.clients, self.total = port, path, clients, requests
        self.lock = threading.Lock()
        self.next = 0
        self.statuses: collections.Counter[str] = collections.Counter()
        self.errors: list[str] = []
        self.latencies: list[float] = []

    def _take(self) -> int | None:
        with self.lock:
            if self.next >= self.total:
                return None
            self.next += 1
            return self.next - 1

    def _connect(self) -> http.client.HTTPConnection:
        return http.client.HTTPConnection("127.0.0.1", self.port, timeout=TIMEOUT)

    def prime(self) -> tuple[str, int]:
        """The ETag and length of the full answer, from one request."""
        connection = self._connect()
        try:
            connection.request("GET", self.path)
            response = connection.getresponse()
            body = response.read()
            if response.status != 200:
                raise SystemExit(f"the server answered {response.status} to {self.path}")
            return str(response.getheader("ETag")), len(body)
        finally:
            connection.close()

    def client(self, etag: str, length: int, give_up: float) -> None:
        connection = self._connect()
        try:
            while (number := self._take()) is not None:
                if time.monotonic() > give_up:
                    self.errors.append("deadline passed")
                    return
                kind = ("conditional", "full", "gzip")[number % 3]
                headers = {"If-None-Match": etag} if kind == "conditional" else {}
                if kind == "gzip":
                    headers["Accept-Encoding"] = "gzip"
                start = time.perf_counter()
                try:
                    connection.request("GET", self.path, headers=headers)
                    response = connection.getresponse()
                    body = response.read()
                except (OSError, http.client.HTTPException) as error:
                    self.errors.append(f"{kind}: {error!r}")
                    connection.close()
                    connection = self._connect()
                    continue
                elapsed = time.perf_counter() - start
                expected = 304 if kind == "conditional" else 200
                problem = None
                if response.status != expected:
                    problem = f"{kind}: status {response.status}"
                elif kind == "full" and len(body) != length:
                    problem = f"full: {len(body)} bytes, not {length}"
                elif kind == "gzip" and len(body) != int(
                    response.getheader("Content-Length", "-1")
                ):
                    problem = "gzip: a short body"
                with self.lock:
                    self.statuses[f"{response.status} {kind}"] += 1
                    self.latencies.append(elapsed)
                    if problem:
                        self.errors.append(problem)
        finally:
            connection.close()

    def run(self) -> float:
        """Run every request; return the wall time in seconds."""
        etag, length = self.prime()
        give_up = time.monotonic() + DEADLINE
        threads = [
            threading.Thread(target=self.client, args=(etag, length, give_up))
            for _ in range(self.clients)
        ]
        start = time.perf_counter()
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(DEADLINE + TIMEOUT)
        if any(thread.is_alive() for thread in threads):
            self.errors.append("a client thread did not finish")
        return time.perf_counter() - start


def measure(kind: str, data: str | None, clients: int, requests: int) -> tuple[Run, float]:
    command = [sys.executable, __file__, "--serve", kind]
    if data is not None:
        command += ["--data", data]
    server = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert server.stdout is not None
        line = server.stdout.readline()
        if not line.startswith("PORT "):
            raise SystemExit(f"the {kind} server did not start: {line!r}")
        path = create_app(data).feed.url_path
        run = Run(int(line.split()[1]), path, clients, requests)
        return run, run.run()
    finally:
        assert server.stdin is not None
        server.stdin.close()  # the server stops when its stdin closes
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


def report(kind: str, run: Run, seconds: float) -> float:
    done = sum(run.statuses.values())
    rate = done / seconds if seconds else 0.0
    ordered = sorted(run.latencies) or [0.0]
    p50 = statistics.median(ordered) * 1e3
    p99 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))] * 1e3
    statuses = ", ".join(f"{name}: {count}" for name, count in sorted(run.statuses.items()))
    print(
        f"{kind:<9} {done:>6} requests in {seconds:6.2f} s  {rate:8.0f} req/s  "
        f"p50 {p50:6.2f} ms  p99 {p99:6.2f} ms  errors {len(run.errors)}  ({statuses})",
        flush=True,
    )
    for error in run.errors[:10]:
        print(f"  error: {error}", flush=True)
    return rate


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clients", type=int, default=16, help="concurrent client threads")
    parser.add_argument("--requests", type=int, default=2000, help="requests per server")
    parser.add_argument("--data", metavar="FILE", help="a TOML data file (default: the BRI data)")
    parser.add_argument("--serve", choices=["feed", "baseline"], help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve:
        _serve(args.serve, args.data)
        return 0
    if not (1 <= args.clients <= 256 and 1 <= args.requests <= 1_000_000):
        parser.error("--clients must be 1..256 and --requests 1..1,000,000")
    print(f"N = {args.requests} requests per server, {args.clients} concurrent clients, loopback")
    feed_run, feed_seconds = measure("feed", args.data, args.clients, args.requests)
    feed_rate = report("feed", feed_run, feed_seconds)
    base_run, base_seconds = measure("baseline", args.data, args.clients, args.requests)
    base_rate = report("baseline", base_run, base_seconds)
    if feed_rate and base_rate:
        print(f"ratio feed / baseline (time per request): {base_rate / feed_rate:.2f}")
    errors = len(feed_run.errors) + len(base_run.errors)
    if errors:
        print(f"FAILED: {errors} errors", flush=True)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
