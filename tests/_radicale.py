"""A real CalDAV server for the sync tests: Radicale on 127.0.0.1, and a proxy that drops.

Radicale runs as a child process on a free loopback port, with its configuration, its
users (htpasswd, plain) and its storage in the test's folder; the block that starts it
stops it. :func:`proxy` stands between a client and the server and cuts the
connection after a number of requests, once the server has done the last one.
"""

from __future__ import annotations

import base64
import contextlib
import http.client
import http.server
import os
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import attrs

USER = "alice"
PASSWORD = "s3cret-Pa55word-never-shown"
TIMEOUT = 20.0  # seconds for any one step: the server's start, a request


@attrs.frozen
class Radicale:
    """A running Radicale: its root URL (``http://127.0.0.1:PORT/``)."""

    root: str

    def calendar(self, name: str = "cal") -> str:
        """The URL of a calendar of the test user (made with :func:`make_calendar`)."""
        return f"{self.root}{USER}/{name}/"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _wait_for(port: int, process: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + TIMEOUT
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"radicale exited with status {process.returncode}")
        with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), 0.5):
            return
        time.sleep(0.05)
    raise RuntimeError("radicale did not start in time")


@contextlib.contextmanager
def radicale(folder: Path, *, auth: bool = True) -> Iterator[Radicale]:
    """Radicale on a free port with its storage in ``folder``, for the block."""
    port = _free_port()
    users = folder / "users"
    users.write_text(f"{USER}:{PASSWORD}\n", encoding="utf-8")
    authentication = (
        f"type = htpasswd\nhtpasswd_filename = {users}\nhtpasswd_encryption = plain\ndelay = 0\n"
        if auth
        else "type = none\n"
    )
    config = folder / "radicale.conf"
    config.write_text(
        f"[server]\nhosts = 127.0.0.1:{port}\n\n[auth]\n{authentication}\n"
        f"[storage]\nfilesystem_folder = {folder / 'collections'}\n\n"
        f"[rights]\ntype = {'owner_only' if auth else 'authenticated'}\n\n"
        "[logging]\nlevel = error\nmask_passwords = True\n",
        encoding="utf-8",
    )
    process = subprocess.Popen(
        [sys.executable, "-m", "radicale", "--config", str(config)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env={**os.environ, "PYTHONWARNINGS": "ignore"},
    )
    try:
        _wait_for(port, process)
        yield Radicale(f"http://127.0.0.1:{port}/")
    finally:
        process.terminate()
        try:
            process.wait(TIMEOUT)
        except subprocess.TimeoutExpired:  # pragma: no cover - a hung server
            process.kill()
            process.wait(TIMEOUT)


def basic_auth(user: str, password: str) -> str:
    """The Authorization header of HTTP Basic authentication."""
    return "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode("ascii")


def dav(
    url: str,
    method: str,
    body: bytes = b"",
    headers: dict[str, str] | None = None,
    *,
    password: str | None = PASSWORD,
) -> tuple[int, dict[str, str], bytes]:
    """One request as another client makes it: status, headers (lower-case names), body."""
    parts = urlsplit(url)
    connection = http.client.HTTPConnection(parts.hostname or "", parts.port, timeout=TIMEOUT)
    sent = dict(headers or {})
    if password is not None:
        sent["Authorization"] = basic_auth(USER, password)
    try:
        connection.request(method, parts.path, body=body, headers=sent)
        response = connection.getresponse()
        return (
            response.status,
            {name.lower(): value for name, value in response.getheaders()},
            response.read(),
        )
    finally:
        connection.close()


def make_calendar(url: str, *, password: str | None = PASSWORD) -> None:
    """Make the calendar collection at ``url``."""
    status, _, body = dav(url, "MKCALENDAR", password=password)
    assert status == 201, (status, body)


class _Forwarding(http.server.BaseHTTPRequestHandler):
    """Forwards each request to the server; after the budget, forwards one and hangs up."""

    protocol_version = "HTTP/1.1"
    server: _ProxyServer

    def _forward(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length)
        target = http.client.HTTPConnection("127.0.0.1", self.server.port, timeout=TIMEOUT)
        headers = {
            name: value for name, value in self.headers.items() if name.lower() != "connection"
        }
        try:
            target.request(self.command, self.path, body=body, headers=headers)
            response = target.getresponse()
            payload = response.read()
        finally:
            target.close()
        with self.server.lock:
            self.server.seen += 1
            self.server.sent.append((self.command, dict(self.headers.items())))
            cut = self.server.seen > self.server.budget
        if cut:  # the server did it; the client never hears
            self.close_connection = True
            self.connection.shutdown(socket.SHUT_RDWR)
            return
        self.send_response(response.status, response.reason)
        for name, value in response.getheaders():
            if name.lower() not in ("connection", "transfer-encoding", "content-length"):
                self.send_header(name, value)
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    # http.server's names for the handler of each method
    do_GET = do_PUT = do_DELETE = do_PROPFIND = do_REPORT = do_OPTIONS = _forward  # noqa: N815

    def log_message(self, format: str, *args: object) -> None:
        """Quiet: the tests read statuses, not logs."""


class _ProxyServer(http.server.ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, port: int, budget: int) -> None:
        super().__init__(("127.0.0.1", 0), _Forwarding)
        self.port = port
        self.budget = budget
        self.seen = 0
        self.sent: list[tuple[str, dict[str, str]]] = []
        self.lock = threading.Lock()
        self.root = f"http://127.0.0.1:{self.server_address[1]}/"

    def calendar(self, name: str = "cal") -> str:
        """The URL of a calendar of the test user, through the proxy."""
        return f"{self.root}{USER}/{name}/"

    def methods(self) -> list[str]:
        """The methods of the requests seen so far; forget them."""
        with self.lock:
            seen = [method for method, _ in self.sent]
            self.sent.clear()
        return seen


@contextlib.contextmanager
def proxy(server: Radicale, budget: int = 10**9) -> Iterator[_ProxyServer]:
    """A proxy to ``server`` that answers ``budget`` requests, then drops each (after the
    server has done it); it records each request's method and headers (``sent``)."""
    proxy = _ProxyServer(urlsplit(server.root).port or 80, budget)
    thread = threading.Thread(target=proxy.serve_forever, daemon=True)
    thread.start()
    try:
        yield proxy
    finally:
        proxy.shutdown()
        proxy.server_close()
        thread.join(TIMEOUT)
