"""A static site for a timeline: the feed, its exports and a page to look at, for any static host.

:func:`build_site` writes five files into a folder:

==========================  ====================================================================
``NAME.ics``                the iCalendar feed (:func:`~bri_timeline.to_ics`)
``NAME.json``               the JSON document (:func:`~bri_timeline.formats.json_document.to_json`)
``NAME.timelinejs.json``    TimelineJS3 (:func:`~bri_timeline.formats.timelinejs.to_timelinejs`)
``NAME.svg``                the picture (:func:`~bri_timeline.formats.svg.to_svg`)
``index.html``              the page: the picture, the events, the subscribe links
==========================  ====================================================================

Every file is replaced atomically (written beside it, flushed, renamed over
it), so a reader or a crash never sees half a file; a file whose content is
unchanged is not rewritten. The ``NAME.ics`` already in
the folder is the previous feed: events that changed get a higher SEQUENCE, and
events that left the data are published as cancelled. The output depends only
on the timeline, the name, the base URL and that previous feed: no clock.

With a base URL (where the folder will be published), the page links the feed
as ``webcal://`` (calendar apps open it to subscribe) and ``https://``, and the
feed names its own address (SOURCE). Without one, the page links the feed
relatively and says how to subscribe.

>>> import pathlib, shutil, tempfile
>>> from bri_timeline import load_bri
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> [path.name for path in build_site(load_bri(), folder, base_url="https://example.org/bri/")]
['bri.svg', 'bri.json', 'bri.timelinejs.json', 'bri.ics', 'index.html']
>>> 'href="webcal://example.org/bri/bri.ics"' in (folder / "index.html").read_text()
True
>>> shutil.rmtree(folder)
"""

from __future__ import annotations

import os
import re
from datetime import datetime
from pathlib import Path
from urllib.parse import quote, urlsplit

from bri_timeline.delivery._atomic import Replacement
from bri_timeline.errors import InvalidArgument
from bri_timeline.formats.html_page.write import PageLinks, to_html
from bri_timeline.formats.ical.write import FeedOptions, to_ics
from bri_timeline.formats.json_document.write import to_json
from bri_timeline.formats.svg.write import to_svg
from bri_timeline.formats.timelinejs.write import to_timelinejs
from bri_timeline.limits import Limits
from bri_timeline.timeline import Timeline

__all__ = ["build_site", "feed_links"]

_UNSAFE_NAME = re.compile(r"[\x00-\x1f\x7f/\\]")
_UNSAFE_URL = re.compile(r"[\x00-\x20\x7f]")


def _name(value: object) -> str:
    if (
        not isinstance(value, str)
        or not value
        or value.startswith(".")
        or _UNSAFE_NAME.search(value)
    ):
        raise InvalidArgument(
            "name",
            "must be a file name without a leading dot, slashes or control characters",
            value,
        )
    return value


def _base_url(value: str) -> str:
    parts = urlsplit(value) if isinstance(value, str) else None
    if (
        parts is None
        or parts.scheme.lower() not in ("http", "https")
        or not parts.netloc
        or parts.query
        or parts.fragment
        or _UNSAFE_URL.search(value)
    ):
        raise InvalidArgument(
            "base_url",
            "must be an absolute http(s) address without a query or fragment, "
            "e.g. https://example.org/timeline/",
            value,
        )
    return value if value.endswith("/") else value + "/"


def feed_links(name: str, base_url: str | None) -> PageLinks:
    """The page's links to the feed ``NAME.ics`` published under ``base_url`` (None: unknown).

    >>> links = feed_links("bri", "https://example.org/t")
    >>> links.https, links.webcal
    ('https://example.org/t/bri.ics', 'webcal://example.org/t/bri.ics')

    Raises:
        InvalidArgument: ``name`` is not a plain file name, or ``base_url`` not
            an absolute ``http(s)`` address.
    """
    name = _name(name)
    if base_url is None:
        return PageLinks(name)
    https = _base_url(base_url) + quote(f"{name}.ics")
    webcal = "webcal://" + https.split("://", 1)[1]
    return PageLinks(name, https=https, webcal=webcal)


def build_site(
    timeline: Timeline,
    out_dir: str | os.PathLike[str],
    *,
    name: str = "bri",
    base_url: str | None = None,
    feed: FeedOptions | None = None,
    fallback_stamp: datetime | None = None,
) -> list[Path]:
    """Write the static site of a timeline into ``out_dir`` (made if missing); return the files.

    Args:
        timeline: The timeline.
        out_dir: The folder; files of other names in it are left alone.
        name: The base name of the feed and the exports (``bri`` gives ``bri.ics``).
        base_url: Where the folder will be published (``https://example.org/t/``),
            for the subscribe links and the feed's SOURCE.
        feed: The feed's options; by default :class:`~bri_timeline.formats.ical.FeedOptions`
            with ``source_url`` set from ``base_url`` and ``fallback_stamp``.
        fallback_stamp: The feed's stamp when the timeline has no ``updated``: the data
            file's modification time (see
            :func:`~bri_timeline.formats.ical.write.feed_stamp`).

    Returns:
        The site's files, in the order they are written (the page last). A file
        whose content would not change is left as it is, with its modification
        time, so that a static server's ETag and Last-Modified do not change either.

    Raises:
        InvalidArgument: ``name`` or ``base_url`` is refused.
        DataFileError: A file of the site already in ``out_dir`` cannot be read
            (nothing is written then).
        ICalendarError: The previous feed in ``out_dir`` is not an iCalendar feed.
        FeedError: The timeline holds text a feed cannot carry.
        OSError: The folder cannot be made or written.
    """
    links = feed_links(name, base_url)
    if feed is None:
        feed = FeedOptions(source_url=links.https, fallback_stamp=fallback_stamp)
    folder = Path(out_dir)
    folder.mkdir(parents=True, exist_ok=True)
    feed_path = folder / f"{links.name}.ics"
    old_feed = Replacement.read(feed_path)  # the previous feed, read within the Limits
    # Everything is made before anything is written: a refusal leaves the folder as it was.
    svg = to_svg(timeline)
    files = {
        f"{links.name}.svg": svg.encode("utf-8"),
        f"{links.name}.json": to_json(timeline).encode("utf-8"),
        f"{links.name}.timelinejs.json": to_timelinejs(timeline).encode("utf-8"),
        feed_path.name: to_ics(
            timeline, feed=feed, previous=old_feed.previous, previous_name=str(feed_path)
        ),
        "index.html": to_html(timeline, svg=svg, links=links).encode("utf-8"),
    }
    olds = {
        file_name: old_feed if file_name == feed_path.name else _read(folder / file_name, data)
        for file_name, data in files.items()
    }
    for file_name, data in files.items():
        if olds[file_name].previous != data:  # an unchanged file keeps its mtime and ETag
            olds[file_name].write(data)
    return [folder / file_name for file_name in files]


def _read(path: Path, data: bytes) -> Replacement:
    """The file about to be replaced with ``data``, read as far as tells whether it changes."""
    return Replacement.read(path, limits=Limits(max_bytes=max(len(data), 1)))
