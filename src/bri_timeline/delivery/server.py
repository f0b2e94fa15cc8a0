r"""The feed server: a WSGI application that serves one timeline's iCalendar feed at one path.

It runs under any WSGI server (waitress, gunicorn, uWSGI); ``bri-timeline serve``
runs it on waitress (:mod:`bri_timeline.delivery.runner`). What it answers:

* ``GET`` or ``HEAD`` of the feed's path (``/bri.ics`` for the bundled data,
  ``/STEM.ics`` for a data file ``STEM.toml``; a query string is ignored): 200
  with ``Content-Type: text/calendar; charset=utf-8``, a strong ``ETag`` (a hash
  of the bytes sent), ``Last-Modified`` (below), ``Cache-Control`` and
  ``Vary: Accept-Encoding``; the body gzipped when ``Accept-Encoding`` allows
  (with its own ETag). ``If-None-Match`` (or, without it, ``If-Modified-Since``)
  is answered with 304 when the client's copy is current.
* any other path: 404; any other method on the feed's path: 405 with ``Allow: GET, HEAD``.

The path is only compared with the feed's own: nothing from a URL ever reaches
the file system, and the only file read is the data file the server was given.
The feed is rebuilt when that file changes, and a file that turns invalid or
disappears leaves the last good feed serving (:class:`~bri_timeline.delivery.live_feed.LiveFeed`).

``Last-Modified`` is the data's ``[timeline] updated``, else the data file's
modification time; a change of content always moves it forward (by a second at
least), and a time in the future is sent as the present.

>>> import io
>>> app = create_app()
>>> def call(path, method="GET", **headers):
...     found = []
...     environ = {"REQUEST_METHOD": method, "PATH_INFO": path, "wsgi.input": io.BytesIO(),
...                **{f"HTTP_{k.upper()}": v for k, v in headers.items()}}
...     body = b"".join(app(environ, lambda status, head: found.append((status, dict(head)))))
...     return found[0][0], found[0][1], body
>>> status, headers, body = call("/bri.ics")
>>> status, headers["Content-Type"], body[:15]
('200 OK', 'text/calendar; charset=utf-8', b'BEGIN:VCALENDAR')
>>> call("/bri.ics", if_none_match=headers["ETag"])[0]
'304 Not Modified'
>>> call("/../etc/passwd")[0], call("/bri.ics", "DELETE")[0]
('404 Not Found', '405 Method Not Allowed')
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from datetime import UTC, datetime
from wsgiref.types import StartResponse, WSGIEnvironment

from bri_timeline.delivery._http import accepts_gzip, http_date, modified_since, none_match
from bri_timeline.delivery.live_feed import LiveFeed
from bri_timeline.errors import InvalidArgument
from bri_timeline.formats.ical.write import FeedOptions

__all__ = ["CONTENT_TYPE", "FeedApp", "create_app"]

CONTENT_TYPE = "text/calendar; charset=utf-8"
"""The media type of the feed (RFC 5545, section 8.1)."""

_ALLOW = "GET, HEAD"
_Headers = list[tuple[str, str]]


def _now() -> datetime:
    return datetime.now(UTC)


def _request_path(environ: WSGIEnvironment) -> str | None:
    """The request's path as text: PEP 3333 gives UTF-8 bytes as Latin-1; None if not UTF-8."""
    raw = environ.get("PATH_INFO", "") or "/"
    try:
        return str(raw).encode("latin-1").decode("utf-8")
    except UnicodeError:
        return None


class FeedApp:
    """The WSGI application serving a :class:`~bri_timeline.delivery.live_feed.LiveFeed`.

    Args:
        feed: The feed to serve.
        max_age: How long, in seconds, clients and caches may use a copy without
            asking again (``Cache-Control: public, max-age=N``); 0 sends ``no-cache``.
        clock: The present, for holding ``Last-Modified`` back from the future.

    Raises:
        InvalidArgument: ``max_age`` is not a whole number of seconds from 0.
    """

    def __init__(
        self, feed: LiveFeed, *, max_age: int = 300, clock: Callable[[], datetime] = _now
    ) -> None:
        if isinstance(max_age, bool) or not isinstance(max_age, int) or max_age < 0:
            raise InvalidArgument("max_age", "must be a whole number of seconds from 0", max_age)
        self._feed = feed
        self._path = feed.path  # compared with every request's
        self._clock = clock
        self._cache_control = f"public, max-age={max_age}" if max_age else "no-cache"

    @property
    def feed(self) -> LiveFeed:
        """The feed this application serves."""
        return self._feed

    def __call__(self, environ: WSGIEnvironment, start_response: StartResponse) -> Iterable[bytes]:
        """Answer one request (the WSGI protocol, PEP 3333)."""
        method = str(environ.get("REQUEST_METHOD", "GET"))  # methods are case-sensitive
        if _request_path(environ) != self._path:
            text = f"Not found: the feed is at {self._feed.url_path}\n"
            return _plain(start_response, "404 Not Found", text, method, [])
        if method not in ("GET", "HEAD"):
            text = "Method not allowed: the feed answers GET and HEAD\n"
            return _plain(
                start_response, "405 Method Not Allowed", text, method, [("Allow", _ALLOW)]
            )
        return self._feed_response(environ, start_response, method)

    def _feed_response(
        self, environ: WSGIEnvironment, start_response: StartResponse, method: str
    ) -> Iterable[bytes]:
        built = self._feed.current()
        gzipped = accepts_gzip(environ.get("HTTP_ACCEPT_ENCODING"))
        body, etag = (built.gzipped, built.gzip_etag) if gzipped else (built.body, built.etag)
        # What a 304 must repeat of the 200 (RFC 9110, 15.4.5).
        headers: _Headers = [
            ("ETag", etag),
            ("Cache-Control", self._cache_control),
            ("Vary", "Accept-Encoding"),
        ]
        last_modified = built.last_modified
        if last_modified is not None:
            last_modified = min(last_modified, self._clock())
            headers.append(("Last-Modified", http_date(last_modified)))
        if _not_modified(environ, etag, last_modified):
            start_response("304 Not Modified", headers)
            return []
        headers += [
            ("Content-Type", CONTENT_TYPE),
            ("Content-Length", str(len(body))),
            ("X-Content-Type-Options", "nosniff"),
        ]
        if gzipped:
            headers.append(("Content-Encoding", "gzip"))
        start_response("200 OK", headers)
        return [] if method == "HEAD" else [body]


def _not_modified(environ: WSGIEnvironment, etag: str, last_modified: datetime | None) -> bool:
    """Whether the client's copy is current: If-None-Match decides, else If-Modified-Since."""
    if_none_match = environ.get("HTTP_IF_NONE_MATCH")
    if if_none_match is not None:
        return not none_match(str(if_none_match), etag)
    if_modified_since = environ.get("HTTP_IF_MODIFIED_SINCE")
    if if_modified_since is not None and last_modified is not None:
        return not modified_since(str(if_modified_since), last_modified)
    return False


def _plain(
    start_response: StartResponse, status: str, text: str, method: str, extra: _Headers
) -> Iterable[bytes]:
    body = text.encode("utf-8")
    headers: _Headers = [
        ("Content-Type", "text/plain; charset=utf-8"),
        ("Content-Length", str(len(body))),
        ("Cache-Control", "no-store"),
        ("X-Content-Type-Options", "nosniff"),
        *extra,
    ]
    start_response(status, headers)
    return [] if method == "HEAD" else [body]


def create_app(
    data: str | os.PathLike[str] | None = None,
    *,
    feed: FeedOptions | None = None,
    max_age: int = 300,
    check_interval: float = 0.0,
) -> FeedApp:
    """The feed server for a data file (None: the bundled BRI timeline), as a WSGI application.

    For a WSGI server that calls a factory, e.g.
    ``gunicorn 'bri_timeline.delivery.server:create_app("events.toml")'``.

    Args:
        data: The data file (TOML, or another format by its suffix, as ``--data``
            reads it), the only file the application reads.
        feed: The feed's options.
        max_age: See :class:`FeedApp`.
        check_interval: The least time in seconds between two looks at the data file.

    Raises:
        DataFileError: The data file cannot be read, or is invalid.
        FeedError: The timeline holds text a feed cannot carry.
        InvalidArgument: ``max_age`` is refused.
    """
    return FeedApp(LiveFeed(data, feed=feed, check_interval=check_interval), max_age=max_age)
