"""The HTTP rules the feed server follows: validators, conditional requests, content coding.

Pure functions of header values (RFC 9110, RFC 1952), so that the server module
is left with routing. Nothing here reads a clock or a file.

>>> tag = strong_etag(b"BEGIN:VCALENDAR")
>>> none_match(tag, tag), none_match(f'W/{tag}, "other"', tag), none_match('"x"', tag)
(False, False, True)
>>> accepts_gzip("gzip;q=0.5, br"), accepts_gzip("gzip;q=0"), accepts_gzip("*"), accepts_gzip("")
(True, False, True, False)
"""

from __future__ import annotations

import gzip
import hashlib
import re
from datetime import UTC, datetime
from email.utils import format_datetime, parsedate_to_datetime

__all__ = [
    "accepts_gzip",
    "gzip_bytes",
    "http_date",
    "modified_since",
    "none_match",
    "parse_http_date",
    "strong_etag",
]

# An entity tag in a list: optional W/, then a quoted string of etagc characters.
_ETAG = re.compile(r'\s*(?:W/)?("[\x21\x23-\x7e\x80-\xff]*")\s*(?:,|$)')
_QVALUE = re.compile(r"0(?:\.[0-9]{0,3})?|1(?:\.0{0,3})?")


def strong_etag(body: bytes) -> str:
    """A strong entity tag for exactly these bytes: the first 128 bits of their SHA-256.

    >>> strong_etag(b"")
    '"e3b0c44298fc1c149afbf4c8996fb924"'
    """
    return f'"{hashlib.sha256(body).hexdigest()[:32]}"'


def none_match(header: str, etag: str) -> bool:
    """Whether an ``If-None-Match`` header lets the request through (no listed tag matches).

    Tags compare weakly, as RFC 9110 (13.1.2) asks for this header: ``W/"x"``
    matches ``"x"``. ``*`` matches any current representation. A header that is
    not a list of entity tags matches nothing, so the full response is sent.

    >>> none_match("*", '"a"'), none_match('"a" , "b"', '"b"'), none_match("garbage", '"a"')
    (False, False, True)
    """
    if header.strip() == "*":
        return False
    position, tags = 0, []
    while position < len(header):
        found = _ETAG.match(header, position)
        if found is None or found.end() == position:
            return True
        tags.append(found.group(1))
        position = found.end()
    return etag not in tags


def accepts_gzip(header: str | None) -> bool:
    """Whether an ``Accept-Encoding`` header accepts gzip (by name, ``x-gzip`` or ``*``, q > 0).

    >>> accepts_gzip("deflate, gzip"), accepts_gzip("*;q=0, gzip;q=0.1"), accepts_gzip(None)
    (True, True, False)
    """
    if not header:
        return False
    weights: dict[str, float] = {}
    for item in header.split(","):
        coding, *parameters = item.split(";")
        weight = 1.0
        for parameter in parameters:
            name, _, value = parameter.partition("=")
            if name.strip().lower() == "q":  # a malformed weight accepts nothing
                value = value.strip()
                weight = float(value) if _QVALUE.fullmatch(value) else 0.0
        weights[coding.strip().lower()] = weight
    for coding in ("gzip", "x-gzip", "*"):
        if coding in weights:
            return weights[coding] > 0
    return False


def gzip_bytes(body: bytes) -> bytes:
    """``body`` gzipped, the same bytes every time: no file name and a zero mtime in the header.

    >>> gzip.decompress(gzip_bytes(b"feed")) == b"feed", gzip_bytes(b"feed") == gzip_bytes(b"feed")
    (True, True)
    """
    return gzip.compress(body, compresslevel=6, mtime=0)


def http_date(value: datetime) -> str:
    """An HTTP date (IMF-fixdate) for an aware datetime, to the second.

    >>> http_date(datetime(2024, 11, 20, 12, 30, 5, 999, tzinfo=UTC))
    'Wed, 20 Nov 2024 12:30:05 GMT'
    """
    return format_datetime(value.astimezone(UTC).replace(microsecond=0), usegmt=True)


def parse_http_date(text: str) -> datetime | None:
    """The instant an HTTP date names, in UTC, or None if it is not a date.

    All three forms of RFC 9110 (5.6.7) are read; a date without a zone is GMT.

    >>> parse_http_date("Sunday, 06-Nov-94 08:49:37 GMT")
    datetime.datetime(1994, 11, 6, 8, 49, 37, tzinfo=datetime.timezone.utc)
    >>> parse_http_date("yesterday") is None
    True
    """
    try:
        value = parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError, OverflowError):
        return None
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value.astimezone(UTC)


def modified_since(header: str, last_modified: datetime) -> bool:
    """Whether an ``If-Modified-Since`` header lets the request through.

    The representation counts as modified when it changed after the date given,
    to the second; a header that is not a date lets the request through.

    >>> when = datetime(2024, 11, 20, tzinfo=UTC)
    >>> modified_since("Wed, 20 Nov 2024 00:00:00 GMT", when)
    False
    >>> modified_since("Tue, 19 Nov 2024 23:59:59 GMT", when), modified_since("soon", when)
    (True, True)
    """
    since = parse_http_date(header)
    if since is None:
        return True
    return last_modified.replace(microsecond=0) > since
