"""The feed of a data file, kept current: rebuilt when the file changes, never lost when it breaks.

A :class:`LiveFeed` holds the last good :class:`BuiltFeed` (the bytes, their
gzip form, an entity tag for each, the time it was last modified). On each call
of :meth:`LiveFeed.current` it looks at the data file with one ``stat`` (device,
inode, size, modification and change times; at most once per ``check_interval``
seconds) and rebuilds only when that changed:

* the new feed is built with the last one as the *previous feed*
  (:func:`bri_timeline.to_ics`), so events that changed get a higher
  SEQUENCE and events that left the data are published as cancelled;
* a file that changed while it was being read is not taken, nor an empty one (a
  writer that truncates first has not written yet): the next call looks again;
* a file that has become invalid, or has disappeared, leaves the last good feed
  in place; the error is logged once (logger ``bri_timeline.delivery.live_feed``)
  and the file is read again once it changes.

Without a data file the feed is the bundled BRI timeline's, which never changes.
Safe to share between threads: one thread rebuilds while the others go on
serving the feed they have.

>>> live = LiveFeed()
>>> live.name, live.path
('bri', '/bri.ics')
>>> live.current().body.startswith(b"BEGIN:VCALENDAR")
True
"""

from __future__ import annotations

import logging
import os
import threading
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from urllib.parse import quote

import attrs

from bri_timeline.delivery._atomic import file_time
from bri_timeline.delivery._formats import reading
from bri_timeline.delivery._http import gzip_bytes, strong_etag
from bri_timeline.errors import TimelineError
from bri_timeline.formats.ical.write import FeedOptions, to_ics
from bri_timeline.formats.toml import load_bri
from bri_timeline.timeline import Timeline

__all__ = ["BuiltFeed", "LiveFeed"]

_log = logging.getLogger(__name__)


def _read(path: str) -> Timeline:
    """The timeline in a data file, in the format its suffix names (TOML if none)."""
    read = reading(path).read_path
    assert read is not None  # reading() gives only formats that can be read
    return read(path)


# What one stat says about a file: enough to notice an edit in place or a file moved over it.
_Signature = tuple[int, int, int, int, int]


@attrs.frozen(repr=False)
class BuiltFeed:
    """One version of a feed, as it is served.

    Attributes:
        body: The iCalendar bytes.
        gzipped: The same bytes gzipped (deterministically: no name, mtime 0).
        etag: The strong entity tag of ``body`` (quoted).
        gzip_etag: The strong entity tag of ``gzipped`` (quoted).
        last_modified: When the content last changed, to the second (None if unknown).
    """

    body: bytes
    gzipped: bytes
    etag: str
    gzip_etag: str
    last_modified: datetime | None

    @classmethod
    def of(cls, body: bytes, last_modified: datetime | None) -> BuiltFeed:
        """The feed of ``body``, with its gzip form and entity tags."""
        gzipped = gzip_bytes(body)
        when = None if last_modified is None else last_modified.replace(microsecond=0)
        return cls(body, gzipped, strong_etag(body), strong_etag(gzipped), when)

    def __repr__(self) -> str:
        return f"<BuiltFeed {len(self.body)} bytes {self.etag} {self.last_modified}>"


def _signature(path: str) -> _Signature:
    found = os.stat(path)
    return (found.st_dev, found.st_ino, found.st_size, found.st_mtime_ns, found.st_ctime_ns)


def _modified(timeline: Timeline, mtime_ns: int) -> datetime:
    """When the data says it was updated, else when the file was last written."""
    if timeline.info.updated is not None:
        return timeline.info.updated.astimezone(UTC)
    return file_time(mtime_ns)


class LiveFeed:
    """The feed of a data file (or of the bundled BRI data), rebuilt when the file changes.

    Args:
        data: The data file (TOML, or any format the command line reads, by its
            suffix: ``.json``, ``.ics``, ``.jcal``...); None for the bundled BRI
            timeline. Only this file is ever read.
        feed: The feed's options (default :class:`~bri_timeline.formats.ical.write.FeedOptions`).
        check_interval: The least time in seconds between two looks at the file;
            0 looks on every call.
        monotonic: The clock that spaces the looks (seconds, never going back).

    Raises:
        DataFileError: The data file cannot be read now, or is invalid.
        FeedError: The timeline holds text a feed cannot carry.
    """

    def __init__(
        self,
        data: str | os.PathLike[str] | None = None,
        *,
        feed: FeedOptions | None = None,
        check_interval: float = 0.0,
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        self._data = None if data is None else os.fspath(data)
        self._name = "bri" if self._data is None else Path(self._data).stem
        self._options = FeedOptions() if feed is None else feed
        self._interval = check_interval
        self._monotonic = monotonic
        self._lock = threading.Lock()
        self._next_look = monotonic() + check_interval
        self._known: _Signature | None = None  # the signature last acted on, good or bad
        self._missing = False
        if self._data is None:
            timeline = load_bri()
            self._built = BuiltFeed.of(self._build(timeline), timeline.info.updated)
            return
        before = _signature_or_error(self._data)
        timeline = _read(self._data)
        body = self._build(timeline, mtime_ns=before[3])
        self._built = BuiltFeed.of(body, _modified(timeline, before[3]))
        self._known = before

    @property
    def data(self) -> str | None:
        """The data file, as given (None for the bundled BRI timeline)."""
        return self._data

    @property
    def name(self) -> str:
        """The feed's name: ``bri`` for the bundled data, else the data file's stem."""
        return self._name

    @property
    def path(self) -> str:
        """The URL path the feed is served at, ``/NAME.ics``, as decoded (not percent-encoded)."""
        return f"/{self.name}.ics"

    @property
    def url_path(self) -> str:
        """:attr:`path` percent-encoded for a URL (UTF-8), e.g. ``/my%20events.ics``."""
        return quote(self.path)

    def _build(
        self, timeline: Timeline, previous: bytes | None = None, mtime_ns: int | None = None
    ) -> bytes:
        options = self._options
        if mtime_ns is not None and options.fallback_stamp is None:
            # A timeline without `updated` is stamped with the file's modification time.
            options = attrs.evolve(options, fallback_stamp=file_time(mtime_ns))
        return to_ics(timeline, feed=options, previous=previous, previous_name="last feed")

    def current(self) -> BuiltFeed:
        """The feed to serve now, rebuilt first if the data file changed since the last look."""
        if self._data is None or self._monotonic() < self._next_look:
            return self._built
        # One thread looks at the file; the others serve what there is meanwhile.
        if not self._lock.acquire(blocking=False):
            return self._built
        try:
            now = self._monotonic()
            if now >= self._next_look:
                self._next_look = now + self._interval
                self._refresh(self._data)
            return self._built
        finally:
            self._lock.release()

    def _refresh(self, data: str) -> None:
        try:
            before = _signature(data)
        except OSError as error:
            if not self._missing:
                self._missing = True
                self._known = None
                _log.error(
                    "%s: cannot be read (%s); still serving the last good feed",
                    data,
                    error.strerror or error,
                )
            return
        self._missing = False
        if before == self._known:
            return
        if before[2] == 0:  # truncated by a writer that has not written yet: look again later
            return
        try:
            timeline = _read(data)
            after = _signature(data)
            if after != before:  # written to while we read it: read it again next time
                return
            body = self._build(timeline, self._built.body, before[3])
        except (TimelineError, OSError) as error:
            self._known = before
            _log.error("%s; still serving the last good feed", error)
            return
        self._known = before
        if body == self._built.body:
            return
        modified = _modified(timeline, before[3]).replace(microsecond=0)
        last = self._built.last_modified
        if last is not None and modified <= last:
            # New content must never look older than the old: If-Modified-Since would hide it.
            modified = last + timedelta(seconds=1)
        self._built = BuiltFeed.of(body, modified)
        _log.info("%s: reloaded, %d bytes, ETag %s", data, len(body), self._built.etag)


def _signature_or_error(path: str) -> _Signature:
    """The file's signature, or the loader's error for a file that cannot be read."""
    try:
        return _signature(path)
    except OSError:
        _read(path)  # raises the DataFileError that names the file and the reason
        raise  # pragma: no cover (load read what stat could not)
