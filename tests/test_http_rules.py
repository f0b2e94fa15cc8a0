"""The HTTP rules of the feed server (``delivery/_http.py``), case by case."""

from __future__ import annotations

import gzip
from datetime import UTC, datetime

import pytest

from bri_timeline.delivery._http import (
    accepts_gzip,
    gzip_bytes,
    http_date,
    modified_since,
    none_match,
    parse_http_date,
    strong_etag,
)

TAG = '"abc"'


@pytest.mark.parametrize(
    ("header", "passes"),
    [
        ('"abc"', False),
        ('W/"abc"', False),  # weak comparison, as If-None-Match asks
        ('"x", "abc"', False),
        ('"x","abc"', False),
        ('  "abc"  ', False),
        ("*", False),
        (" * ", False),
        ('"x"', True),
        ('"ab"', True),
        ("abc", True),  # not quoted: not an entity tag
        ('"abc', True),
        ("", True),
        ('"abc" junk', True),  # not a list of tags: matches nothing, the full answer is safe
        ('"a"b"', True),
    ],
)
def test_if_none_match(header: str, passes: bool) -> None:
    assert none_match(header, TAG) is passes


@pytest.mark.parametrize(
    ("header", "accepted"),
    [
        ("gzip", True),
        ("GZIP", True),
        ("x-gzip", True),
        ("gzip;q=1.0", True),
        ("gzip; q=0.001", True),
        ("gzip;q=0", False),
        ("gzip;q=0.000", False),
        ("gzip;q=nonsense", False),  # a malformed weight accepts nothing
        ("gzip;q=2", False),
        ("gzip;Q=0.5", True),
        ("deflate, br", False),
        ("*", True),
        ("*;q=0", False),
        ("br, *;q=0.1", True),
        ("*, gzip;q=0", False),  # named codings win over *
        ("identity", False),
        ("", False),
        (None, False),
        (",,,", False),
    ],
)
def test_accept_encoding(header: str | None, accepted: bool) -> None:
    assert accepts_gzip(header) is accepted


def test_gzip_is_deterministic_and_reversible() -> None:
    body = b"BEGIN:VCALENDAR\r\n" * 1000
    packed = gzip_bytes(body)
    assert packed == gzip_bytes(body)
    assert gzip.decompress(packed) == body
    assert packed[4:8] == b"\0\0\0\0"  # MTIME
    assert packed[3] & 0x08 == 0  # no FNAME


def test_strong_etags_differ_for_different_bytes() -> None:
    assert strong_etag(b"a") != strong_etag(b"b")
    assert strong_etag(b"a") == strong_etag(b"a")
    assert not strong_etag(b"a").startswith("W/")


@pytest.mark.parametrize(
    "text",
    [
        "Wed, 20 Nov 2024 12:00:00 GMT",  # IMF-fixdate
        "Wednesday, 20-Nov-24 12:00:00 GMT",  # RFC 850
        "Wed Nov 20 12:00:00 2024",  # asctime
    ],
)
def test_the_three_date_forms(text: str) -> None:
    assert parse_http_date(text) == datetime(2024, 11, 20, 12, tzinfo=UTC)


@pytest.mark.parametrize("text", ["", "yesterday", "Wed, 32 Nov 2024 12:00:00 GMT", "99999999"])
def test_not_dates(text: str) -> None:
    assert parse_http_date(text) is None
    assert modified_since(text, datetime(2024, 11, 20, tzinfo=UTC)) is True


def test_http_date_and_modified_since_to_the_second() -> None:
    when = datetime(2024, 11, 20, 12, 0, 0, 999_999, tzinfo=UTC)
    assert http_date(when) == "Wed, 20 Nov 2024 12:00:00 GMT"
    assert modified_since(http_date(when), when) is False
    assert modified_since("Wed, 20 Nov 2024 11:59:59 GMT", when) is True
