"""Helpers for the server tests: a server on a free loopback port, one request, a WSGI call.

Every socket has a timeout, and every server is stopped when its block ends.
"""

from __future__ import annotations

import contextlib
import http.client
import io
import os
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any
from wsgiref.types import WSGIApplication

import attrs

from bri_timeline.delivery.runner import Server, ServerLimits

TIMEOUT = 20.0  # seconds any one socket operation may take before the test fails

DATA = """\
[timeline]
name = "Mine"
updated = 2024-11-20T00:00:00Z

[[events]]
id = "alpha"
title = "Alpha"
when = "2024-11-14"

[[events]]
id = "beta"
title = "Beta"
when = "2024-11-15/2024-11-16"
"""


@attrs.frozen
class Reply:
    """A response: status, headers by lower-case name, body."""

    status: int
    headers: dict[str, str]
    body: bytes


@contextlib.contextmanager
def serving(app: WSGIApplication, limits: ServerLimits | None = None) -> Iterator[Server]:
    """The app on waitress on 127.0.0.1, a free port, for the block."""
    server = Server(app, host="127.0.0.1", port=0, limits=limits)
    with server.in_thread():
        yield server


def request(
    server: Server,
    path: str = "/bri.ics",
    *,
    method: str = "GET",
    headers: dict[str, str] | None = None,
) -> Reply:
    """One request on a new connection (http.client sends ``Accept-Encoding: identity``)."""
    connection = http.client.HTTPConnection(server.host, server.port, timeout=TIMEOUT)
    try:
        connection.request(method, path, headers=headers or {})
        response = connection.getresponse()
        body = response.read()
        found = {name.lower(): value for name, value in response.getheaders()}
        return Reply(response.status, found, body)
    finally:
        connection.close()


def call(
    app: WSGIApplication, path: str = "/bri.ics", method: str = "GET", **headers: str
) -> Reply:
    """Call a WSGI app with no socket: ``if_none_match="..."`` becomes HTTP_IF_NONE_MATCH."""
    started: list[tuple[str, list[tuple[str, str]]]] = []

    def start_response(status: str, head: list[tuple[str, str]], exc_info: Any = None) -> Any:
        started.append((status, head))
        return lambda data: None

    environ: dict[str, Any] = {
        "REQUEST_METHOD": method,
        "PATH_INFO": path,
        "SERVER_NAME": "localhost",
        "SERVER_PORT": "80",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "wsgi.input": io.BytesIO(),
        "wsgi.url_scheme": "http",
        **{f"HTTP_{name.upper()}": value for name, value in headers.items()},
    }
    result: Iterable[bytes] = app(environ, start_response)
    body = b"".join(result)
    status, head = started[0]
    return Reply(int(status.split()[0]), {k.lower(): v for k, v in head}, body)


def replace_file(path: Path, text: str) -> None:
    """Give ``path`` new content the way editors and ``mv`` do: a new file renamed over it."""
    temporary = path.with_name(path.name + ".new")
    temporary.write_text(text, encoding="utf-8")
    os.replace(temporary, path)
