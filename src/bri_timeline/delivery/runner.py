r"""Run a WSGI application on waitress, within stated limits, and stop it from any thread.

waitress is a production WSGI server in pure Python: one thread reads and
writes every connection (so a slow client costs a socket and a buffer, not a
worker), and a fixed pool of worker threads runs the application once a request
has fully arrived. :class:`ServerLimits` bounds what a client can take:

===========================  ===========  ==============================================
limit                        default      what happens past it
===========================  ===========  ==============================================
``threads``                  4            requests wait in a queue for a worker
``connection_limit``         100          no new connection is accepted until one closes
``channel_timeout``          30 s         an idle connection is closed
``cleanup_interval``         10 s         how often idle connections are looked for
``max_request_header_size``  16384 bytes  the request line and headers: 431 (or 400)
``max_request_body_size``    4096 bytes   a body (the feed takes none): 413
``backlog``                  512          connections the kernel queues before accept
===========================  ===========  ==============================================

Tracebacks are never sent to clients, and the ``Server`` header is ``bri-timeline``.

>>> import http.client
>>> def app(environ, start_response):
...     start_response("200 OK", [("Content-Length", "3")])
...     return [b"hi\n"]
>>> server = Server(app, host="127.0.0.1", port=0)
>>> with server.in_thread():
...     connection = http.client.HTTPConnection(server.host, server.port, timeout=10)
...     connection.request("GET", "/")
...     connection.getresponse().read()
...     connection.close()
b'hi\n'
"""

from __future__ import annotations

import contextlib
import errno
import socket
import threading
from collections.abc import Iterator
from typing import Any
from wsgiref.types import WSGIApplication

import attrs
from waitress import wasyncore
from waitress.server import BaseWSGIServer, MultiSocketServer, create_server

from bri_timeline.errors import InvalidArgument

__all__ = ["Server", "ServerLimits"]

_LOOP_TIMEOUT = 0.25  # seconds the loop waits for I/O before it looks for a stop


def _positive(instance: object, attribute: attrs.Attribute[int], value: int) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise InvalidArgument(attribute.name, "must be a positive whole number", value)


@attrs.frozen
class ServerLimits:
    """The bounds the server keeps to (see the module's table); every field is a positive int.

    >>> ServerLimits(threads=8).threads
    8
    >>> ServerLimits(connection_limit=0)
    Traceback (most recent call last):
    ...
    bri_timeline.errors.InvalidArgument: argument connection_limit: must be a positive ... (got 0)
    """

    threads: int = attrs.field(default=4, kw_only=True, validator=_positive)
    connection_limit: int = attrs.field(default=100, kw_only=True, validator=_positive)
    channel_timeout: int = attrs.field(default=30, kw_only=True, validator=_positive)
    cleanup_interval: int = attrs.field(default=10, kw_only=True, validator=_positive)
    max_request_header_size: int = attrs.field(default=16384, kw_only=True, validator=_positive)
    max_request_body_size: int = attrs.field(default=4096, kw_only=True, validator=_positive)
    backlog: int = attrs.field(default=512, kw_only=True, validator=_positive)

    def waitress_settings(self) -> dict[str, Any]:
        """These limits as waitress's settings (its ``Adjustments``)."""
        return {
            **attrs.asdict(self),
            "ident": "bri-timeline",
            "expose_tracebacks": False,
            "asyncore_use_poll": True,  # poll(), not select(): no FD_SETSIZE ceiling
        }


def _bind_error(error: OSError, host: str, port: int) -> InvalidArgument:
    reason = error.strerror or str(error)
    if isinstance(error, socket.gaierror) or error.errno == errno.EADDRNOTAVAIL:
        return InvalidArgument("host", f"cannot listen there: {reason}", host)
    return InvalidArgument("port", f"cannot listen there: {reason}", port)


class Server:
    """A WSGI application listening on one host and port, on waitress.

    Args:
        app: The WSGI application.
        host: The address to listen on (a name that resolves to several
            addresses listens on each).
        port: The port; 0 picks a free one (see :attr:`port`).
        limits: The bounds to keep to.

    Raises:
        InvalidArgument: The port is out of range, or the host or port cannot
            be listened on (in use, not this machine's, no permission).
    """

    def __init__(
        self,
        app: WSGIApplication,
        *,
        host: str = "127.0.0.1",
        port: int = 8000,
        limits: ServerLimits | None = None,
    ) -> None:
        if isinstance(port, bool) or not isinstance(port, int) or not 0 <= port <= 65535:
            raise InvalidArgument("port", "must be a whole number from 0 to 65535", port)
        settings = (ServerLimits() if limits is None else limits).waitress_settings()
        self._map: dict[int, Any] = {}
        self._stopping = threading.Event()
        self._closed = False
        try:
            self._server = create_server(app, map=self._map, host=host, port=port, **settings)
        except OSError as error:
            wasyncore.close_all(self._map)
            raise _bind_error(error, host, port) from None
        except ValueError:  # waitress: the host does not resolve to an address
            wasyncore.close_all(self._map)
            rule = "cannot listen there: not a name or address of this machine"
            raise InvalidArgument("host", rule, host) from None
        if isinstance(self._server, MultiSocketServer):
            self._addresses = [(str(h), int(p)) for h, p in self._server.effective_listen]
        else:
            assert isinstance(self._server, BaseWSGIServer)
            host, port_text = self._server.getsockname()
            self._addresses = [(str(host), int(port_text))]

    @property
    def addresses(self) -> list[tuple[str, int]]:
        """Every (host, port) the server listens on."""
        return list(self._addresses)

    @property
    def host(self) -> str:
        """The (first) address the server listens on."""
        return self._addresses[0][0]

    @property
    def port(self) -> int:
        """The (first) port the server listens on: the one picked, when 0 was asked for."""
        return self._addresses[0][1]

    def url(self, path: str = "/") -> str:
        """``http://host:port`` and ``path`` (already percent-encoded)."""
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"http://{host}:{self.port}{path}"

    def run(self) -> None:
        """Serve until :meth:`stop` is called (from any thread) or KeyboardInterrupt; then close.

        Closing stops taking connections, lets the requests that are running
        finish (five seconds at most), and closes every socket. A
        KeyboardInterrupt is raised again once the server is closed.
        """
        try:
            while not self._stopping.is_set() and self._map:
                wasyncore.loop(timeout=_LOOP_TIMEOUT, use_poll=True, map=self._map, count=1)
        finally:
            self._close()

    def stop(self) -> None:
        """Ask :meth:`run` to close the server; it does within a quarter of a second."""
        self._stopping.set()

    def close(self) -> None:
        """Close a server that is not running (:meth:`run` closes the server it ran)."""
        self._close()

    def _close(self) -> None:
        if self._closed:
            return
        self._closed = True
        self._server.task_dispatcher.shutdown(timeout=5)
        wasyncore.close_all(self._map)

    @contextlib.contextmanager
    def in_thread(self) -> Iterator[Server]:
        """Serve from a background thread for the block; stop and wait for it after.

        Raises:
            RuntimeError: The thread did not stop within 30 seconds.
        """
        thread = threading.Thread(target=self.run, name="bri-timeline-server", daemon=True)
        thread.start()
        try:
            yield self
        finally:
            self.stop()
            thread.join(timeout=30)
            if thread.is_alive():  # pragma: no cover (a bug: run() always ends)
                raise RuntimeError("the server thread did not stop")
