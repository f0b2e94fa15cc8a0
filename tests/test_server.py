"""The feed server: status codes, headers, validators, gzip, reloads, the ``serve`` command.

Most tests run the application on waitress on a free loopback port; a second set
calls the WSGI application directly, with no socket.
"""

from __future__ import annotations

import gzip
import hashlib
import logging
import os
import re
import signal
import socket
import subprocess
import sys
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from pathlib import Path

import pytest
from icalendar import Calendar
from tests._serving import DATA, TIMEOUT, call, replace_file, request, serving

from bri_timeline import DataFileError, InvalidArgument, load, load_bri, to_ics
from bri_timeline.delivery.cli import main
from bri_timeline.delivery.live_feed import LiveFeed
from bri_timeline.delivery.runner import Server, ServerLimits
from bri_timeline.delivery.server import CONTENT_TYPE, FeedApp, create_app

LOGGER = "bri_timeline.delivery.live_feed"


def _summaries(feed: bytes) -> dict[str, str]:
    calendar = Calendar.from_ical(feed)
    return {str(e["UID"]): str(e["SUMMARY"]) for e in calendar.walk("VEVENT")}


def _sequences(feed: bytes) -> dict[str, tuple[int, str]]:
    calendar = Calendar.from_ical(feed)
    return {
        str(e["UID"]): (int(str(e["SEQUENCE"])), str(e.get("STATUS", "")))
        for e in calendar.walk("VEVENT")
    }


@pytest.fixture
def data_file(tmp_path: Path) -> Path:
    path = tmp_path / "mine.toml"
    path.write_text(DATA, encoding="utf-8")
    return path


@pytest.fixture
def server(data_file: Path) -> Iterator[Server]:
    """The feed of ``data_file`` served on loopback; stopped when the test ends."""
    with serving(create_app(data_file)) as running:
        yield running


# --- a full response ------------------------------------------------------------------


def test_get_sends_the_feed_with_its_headers(server: Server, data_file: Path) -> None:
    reply = request(server, "/mine.ics")
    assert reply.status == 200
    assert reply.body == to_ics(load(data_file))
    assert reply.headers["content-type"] == CONTENT_TYPE == "text/calendar; charset=utf-8"
    assert reply.headers["content-length"] == str(len(reply.body))
    digest = hashlib.sha256(reply.body).hexdigest()[:32]
    assert reply.headers["etag"] == f'"{digest}"'  # strong: no W/
    assert reply.headers["last-modified"] == "Wed, 20 Nov 2024 00:00:00 GMT"  # [timeline] updated
    assert reply.headers["cache-control"] == "public, max-age=300"
    assert reply.headers["vary"] == "Accept-Encoding"
    assert reply.headers["server"] == "bri-timeline"
    assert "content-encoding" not in reply.headers
    assert "date" in reply.headers


def test_the_bundled_data_is_served_at_bri_ics() -> None:
    with serving(create_app()) as server:
        reply = request(server, "/bri.ics")
        assert reply.status == 200
        assert reply.body == to_ics(load_bri())
        assert reply.headers["last-modified"] == "Sat, 28 Nov 2026 00:00:00 GMT"
        assert request(server, "/mine.ics").status == 404


def test_a_query_string_is_ignored(server: Server) -> None:
    assert request(server, "/mine.ics?refresh=1").status == 200


def test_a_data_file_with_spaces_and_accents_is_served_at_its_encoded_stem(
    tmp_path: Path,
) -> None:
    path = tmp_path / "línea de tiempo.toml"
    path.write_text(DATA, encoding="utf-8")
    app = create_app(path)
    assert app.feed.path == "/línea de tiempo.ics"
    assert app.feed.url_path == "/l%C3%ADnea%20de%20tiempo.ics"
    with serving(app) as server:
        assert request(server, app.feed.url_path).status == 200
        assert request(server, "/l%ednea%20de%20tiempo.ics").status == 404  # Latin-1, not UTF-8


# --- conditional requests --------------------------------------------------------------


def test_if_none_match_gets_304(server: Server) -> None:
    full = request(server, "/mine.ics")
    etag = full.headers["etag"]
    for header in [etag, f"W/{etag}", f'"other", {etag}', "*"]:
        reply = request(server, "/mine.ics", headers={"If-None-Match": header})
        assert reply.status == 304, header
        assert reply.body == b""
        # A 304 repeats the validators and caching headers of the 200.
        for name in ("etag", "last-modified", "cache-control", "vary"):
            assert reply.headers[name] == full.headers[name], name
    for header in ['"other"', "garbage", '"' + etag.strip('"')[:-1] + '"']:
        reply = request(server, "/mine.ics", headers={"If-None-Match": header})
        assert (reply.status, reply.body) == (200, full.body), header


def test_if_modified_since_gets_304(server: Server) -> None:
    updated = datetime(2024, 11, 20, tzinfo=UTC)
    for since in (updated, updated + timedelta(days=3)):
        header = format_datetime(since, usegmt=True)
        assert request(server, "/mine.ics", headers={"If-Modified-Since": header}).status == 304
    earlier = format_datetime(updated - timedelta(seconds=1), usegmt=True)
    assert request(server, "/mine.ics", headers={"If-Modified-Since": earlier}).status == 200
    assert request(server, "/mine.ics", headers={"If-Modified-Since": "not a date"}).status == 200


def test_if_none_match_wins_over_if_modified_since(server: Server) -> None:
    fresh = format_datetime(datetime(2030, 1, 1, tzinfo=UTC), usegmt=True)
    headers = {"If-None-Match": '"stale"', "If-Modified-Since": fresh}
    assert request(server, "/mine.ics", headers=headers).status == 200


# --- HEAD and gzip ------------------------------------------------------------------------


def test_head_sends_the_headers_of_get_and_no_body(server: Server) -> None:
    full = request(server, "/mine.ics")
    head = request(server, "/mine.ics", method="HEAD")
    assert head.status == 200
    assert head.body == b""
    for name in ("content-type", "content-length", "etag", "last-modified", "cache-control"):
        assert head.headers[name] == full.headers[name], name


def test_gzip_when_the_client_accepts_it(server: Server) -> None:
    plain = request(server, "/mine.ics")
    zipped = request(server, "/mine.ics", headers={"Accept-Encoding": "gzip, deflate"})
    assert zipped.status == 200
    assert zipped.headers["content-encoding"] == "gzip"
    assert zipped.headers["vary"] == "Accept-Encoding"
    assert gzip.decompress(zipped.body) == plain.body
    assert zipped.headers["content-length"] == str(len(zipped.body))
    # Its own strong tag: the hash of the gzip bytes, which are the same every time.
    assert zipped.headers["etag"] == f'"{hashlib.sha256(zipped.body).hexdigest()[:32]}"'
    assert zipped.headers["etag"] != plain.headers["etag"]
    again = request(server, "/mine.ics", headers={"Accept-Encoding": "gzip"})
    assert again.body == zipped.body
    assert zipped.body[4:8] == b"\0\0\0\0"  # gzip header MTIME = 0
    cached = {"Accept-Encoding": "gzip", "If-None-Match": zipped.headers["etag"]}
    assert request(server, "/mine.ics", headers=cached).status == 304


@pytest.mark.parametrize("header", ["gzip;q=0", "identity", "br", "deflate", "*;q=0"])
def test_no_gzip_unless_accepted(server: Server, header: str) -> None:
    reply = request(server, "/mine.ics", headers={"Accept-Encoding": header})
    assert reply.status == 200
    assert "content-encoding" not in reply.headers
    assert reply.body.startswith(b"BEGIN:VCALENDAR")


# --- 404 and 405 ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "path",
    ["/", "/bri.ics", "/mine.ics/", "/MINE.ics", "/mine.toml", "/mine.ics.bak", "/x/mine.ics"],
)
def test_any_other_path_is_404(server: Server, path: str) -> None:
    reply = request(server, path)
    assert reply.status == 404
    assert reply.headers["content-type"] == "text/plain; charset=utf-8"
    assert b"/mine.ics" in reply.body
    assert request(server, path, method="HEAD").body == b""


@pytest.mark.parametrize(
    "method", ["POST", "PUT", "DELETE", "PATCH", "OPTIONS", "PROPFIND", "BREW"]
)
def test_other_methods_are_405_with_allow(server: Server, method: str) -> None:
    reply = request(server, "/mine.ics", method=method)
    assert reply.status == 405
    assert reply.headers["allow"] == "GET, HEAD"


# --- reloads ---------------------------------------------------------------------------------


def test_a_changed_data_file_is_served_at_the_next_request(server: Server, data_file: Path) -> None:
    first = request(server, "/mine.ics")
    replace_file(data_file, DATA.replace('title = "Alpha"', 'title = "Alpha, renamed"'))
    second = request(server, "/mine.ics")
    assert second.status == 200
    assert second.headers["etag"] != first.headers["etag"]
    assert _summaries(second.body)["alpha@bri-timeline.invalid"] == "Alpha, renamed"
    # The old tag no longer matches; the new one does.
    stale = request(server, "/mine.ics", headers={"If-None-Match": first.headers["etag"]})
    assert stale.status == 200
    fresh = request(server, "/mine.ics", headers={"If-None-Match": second.headers["etag"]})
    assert fresh.status == 304
    # The last feed served is the previous feed: SEQUENCE rises without a new revision.
    assert _sequences(second.body)["alpha@bri-timeline.invalid"] == (1, "")
    assert _sequences(second.body)["beta@bri-timeline.invalid"] == (0, "")


def test_an_event_that_leaves_the_data_is_cancelled(server: Server, data_file: Path) -> None:
    request(server, "/mine.ics")
    replace_file(data_file, DATA.split('[[events]]\nid = "beta"')[0])
    found = _sequences(request(server, "/mine.ics").body)
    assert found["beta@bri-timeline.invalid"] == (1, "CANCELLED")
    assert found["alpha@bri-timeline.invalid"] == (0, "")


def test_an_edit_in_place_is_seen_too(server: Server, data_file: Path) -> None:
    first = request(server, "/mine.ics")
    with open(data_file, "a", encoding="utf-8") as file:  # same inode, new size
        file.write('\n[[events]]\nid = "gamma"\ntitle = "Gamma"\nwhen = "2024-12"\n')
    second = request(server, "/mine.ics")
    assert second.headers["etag"] != first.headers["etag"]
    assert "gamma@bri-timeline.invalid" in _summaries(second.body)


def test_an_invalid_data_file_keeps_the_last_good_feed_and_logs(
    server: Server, data_file: Path, caplog: pytest.LogCaptureFixture
) -> None:
    good = request(server, "/mine.ics")
    replace_file(data_file, DATA.replace('when = "2024-11-14"', 'when = "2024-02-30"'))
    with caplog.at_level(logging.ERROR, logger=LOGGER):
        for _ in range(3):
            reply = request(server, "/mine.ics")
            assert (reply.status, reply.body, reply.headers["etag"]) == (
                200,
                good.body,
                good.headers["etag"],
            )
    errors = [r for r in caplog.records if r.name == LOGGER and r.levelno == logging.ERROR]
    assert len(errors) == 1  # once per change of the file, not once per request
    assert "mine.toml" in errors[0].getMessage()
    assert "when" in errors[0].getMessage()
    assert "last good feed" in errors[0].getMessage()
    # Mended, it is served again.
    replace_file(data_file, DATA.replace("Beta", "Beta, mended"))
    assert "Beta, mended" in _summaries(request(server, "/mine.ics").body).values()


def test_a_deleted_data_file_keeps_the_last_good_feed_and_logs(
    server: Server, data_file: Path, caplog: pytest.LogCaptureFixture
) -> None:
    good = request(server, "/mine.ics")
    data_file.unlink()
    with caplog.at_level(logging.ERROR, logger=LOGGER):
        for _ in range(3):
            reply = request(server, "/mine.ics")
            assert (reply.status, reply.body) == (200, good.body)
    errors = [r for r in caplog.records if r.name == LOGGER]
    assert len(errors) == 1
    assert "cannot be read" in errors[0].getMessage()
    data_file.write_text(DATA.replace("Alpha", "Alpha, back"), encoding="utf-8")
    assert "Alpha, back" in _summaries(request(server, "/mine.ics").body).values()


def test_an_unchanged_rewrite_keeps_the_etag(server: Server, data_file: Path) -> None:
    first = request(server, "/mine.ics")
    replace_file(data_file, DATA)
    assert request(server, "/mine.ics").headers["etag"] == first.headers["etag"]


# --- Last-Modified -----------------------------------------------------------------------------


def test_last_modified_is_the_files_mtime_without_updated(tmp_path: Path) -> None:
    path = tmp_path / "plain.toml"
    path.write_text(DATA.replace("updated = 2024-11-20T00:00:00Z\n", ""), encoding="utf-8")
    os.utime(path, (1_700_000_000, 1_700_000_000))
    reply = call(create_app(path), "/plain.ics")
    assert reply.headers["last-modified"] == "Tue, 14 Nov 2023 22:13:20 GMT"


def test_new_content_never_looks_older(data_file: Path) -> None:
    """A change that keeps ``updated`` moves Last-Modified on: If-Modified-Since must see it."""
    app = create_app(data_file)
    first = call(app, "/mine.ics").headers["last-modified"]
    replace_file(data_file, DATA.replace("Alpha", "Alpha 2"))
    second = call(app, "/mine.ics").headers["last-modified"]
    assert (first, second) == ("Wed, 20 Nov 2024 00:00:00 GMT", "Wed, 20 Nov 2024 00:00:01 GMT")
    assert call(app, "/mine.ics", if_modified_since=first).status == 200


def test_a_future_last_modified_is_sent_as_now(data_file: Path) -> None:
    now = datetime(2024, 1, 2, 3, 4, 5, tzinfo=UTC)  # before the data's updated
    app = FeedApp(LiveFeed(data_file), clock=lambda: now)
    assert call(app, "/mine.ics").headers["last-modified"] == "Tue, 02 Jan 2024 03:04:05 GMT"


# --- the WSGI application without sockets ------------------------------------------------------


def test_wsgi_calls_without_a_socket(data_file: Path) -> None:
    app = create_app(data_file, max_age=0)
    full = call(app, "/mine.ics")
    assert (full.status, full.headers["content-type"]) == (200, CONTENT_TYPE)
    assert full.headers["cache-control"] == "no-cache"
    assert call(app, "/mine.ics", if_none_match=full.headers["etag"]).status == 304
    assert call(app, "/mine.ics", "HEAD").body == b""
    zipped = call(app, "/mine.ics", accept_encoding="gzip")
    assert gzip.decompress(zipped.body) == full.body
    assert call(app, "/other.ics").status == 404
    assert call(app, "/mine.ics", "POST").headers["allow"] == "GET, HEAD"
    assert call(app, "").status == 404  # an empty PATH_INFO is the root
    assert call(app, "/\xff").status == 404  # not UTF-8


def test_checks_are_spaced_by_the_interval(data_file: Path) -> None:
    clock = [100.0]
    feed = LiveFeed(data_file, check_interval=5.0, monotonic=lambda: clock[0])
    first = feed.current()
    replace_file(data_file, DATA.replace("Alpha", "Alpha 2"))
    clock[0] += 4.9
    assert feed.current() is first  # not looked at yet
    clock[0] += 0.2
    assert feed.current() is not first


def test_a_missing_or_invalid_data_file_is_refused_at_start(tmp_path: Path) -> None:
    with pytest.raises(DataFileError, match=r"missing\.toml: cannot be read"):
        create_app(tmp_path / "missing.toml")
    bad = tmp_path / "bad.toml"
    bad.write_text("[[events]]\nid = 1\n", encoding="utf-8")
    with pytest.raises(DataFileError, match=r"bad\.toml"):
        create_app(bad)


@pytest.mark.parametrize("max_age", [-1, 1.5, True, "300"])
def test_bad_max_age_is_refused(max_age: object) -> None:
    with pytest.raises(InvalidArgument, match="max_age"):
        FeedApp(LiveFeed(), max_age=max_age)  # type: ignore[arg-type]


@pytest.mark.parametrize("field", ["threads", "connection_limit", "max_request_header_size"])
@pytest.mark.parametrize("value", [0, -3, 2.0, False])
def test_bad_limits_are_refused(field: str, value: object) -> None:
    with pytest.raises(InvalidArgument, match=field):
        ServerLimits(**{field: value})  # type: ignore[arg-type]


def test_a_port_in_use_is_refused() -> None:
    with serving(create_app()) as server:
        with pytest.raises(InvalidArgument, match=r"^argument port: cannot listen there"):
            Server(create_app(), host="127.0.0.1", port=server.port)
        assert request(server).status == 200


def test_server_urls_and_addresses() -> None:
    server = Server(create_app(), host="127.0.0.1", port=0)
    try:
        assert server.addresses == [("127.0.0.1", server.port)]
        assert server.url("/bri.ics") == f"http://127.0.0.1:{server.port}/bri.ics"
    finally:
        server.close()


# --- bri-timeline serve -------------------------------------------------------------------------


def _ctrl_c_reaches_it() -> None:
    # A suite started in the background of a shell (`pytest &`, a CI runner's job) inherits
    # SIGINT ignored, and Python then leaves it ignored: the server would never see the
    # Ctrl-C these tests send. The server is given the terminal's default, as at a prompt.
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def _start_serve(*argv: str) -> tuple[subprocess.Popen[str], str]:
    process = subprocess.Popen(
        [sys.executable, "-m", "bri_timeline", "serve", "--port", "0", *argv],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        preexec_fn=_ctrl_c_reaches_it,  # noqa: PLW1509 -- only a signal disposition is set
    )
    assert process.stdout is not None
    line = process.stdout.readline()
    found = re.fullmatch(r"Serving (http://127\.0\.0\.1:(\d+)(/\S+)) \(Ctrl-C to stop\)\n", line)
    if found is None:
        process.kill()
        raise AssertionError(f"unexpected first line {line!r}: {process.communicate()}")
    return process, found.group(1)


def _get(url: str) -> tuple[int, bytes]:
    host, _, rest = url.removeprefix("http://").partition("/")
    address, port = host.split(":")
    with socket.create_connection((address, int(port)), timeout=TIMEOUT) as connection:
        connection.sendall(f"GET /{rest} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".encode())
        data = b""
        while chunk := connection.recv(65536):
            data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    return int(head.split()[1]), body


@pytest.mark.parametrize("stop", [signal.SIGINT, signal.SIGTERM], ids=["ctrl-c", "sigterm"])
def test_serve_runs_until_stopped_cleanly(data_file: Path, stop: signal.Signals) -> None:
    process, url = _start_serve("--data", str(data_file))
    try:
        assert url.endswith("/mine.ics")
        status, body = _get(url)
        assert (status, body) == (200, to_ics(load(data_file)))
        replace_file(data_file, "not = [toml")
        assert _get(url) == (200, body)  # the last good feed
        process.send_signal(stop)
        out, err = process.communicate(timeout=TIMEOUT)
    finally:
        if process.poll() is None:
            process.kill()
            process.communicate()
    assert process.returncode == 0, err
    assert out == "Stopped.\n"
    assert "Traceback" not in err
    assert "mine.toml" in err
    assert "last good feed" in err


def test_serve_serves_the_bri_feed_by_default() -> None:
    process, url = _start_serve()
    try:
        assert url.endswith("/bri.ics")
        assert _get(url) == (200, to_ics(load_bri()))
        process.send_signal(signal.SIGINT)
        process.communicate(timeout=TIMEOUT)
    finally:
        if process.poll() is None:
            process.kill()
            process.communicate()
    assert process.returncode == 0


def _one_line_error(capsys: pytest.CaptureFixture[str], *argv: str) -> str:
    assert main(list(argv)) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    lines = captured.err.splitlines()
    assert len(lines) == 1, captured.err
    assert lines[0].startswith("bri-timeline: error: ")
    return lines[0]


def test_serve_errors_are_one_line(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    assert "--port" in _one_line_error(capsys, "serve", "--port", "70000")
    missing = _one_line_error(capsys, "serve", "--data", str(tmp_path / "none.toml"))
    assert "none.toml: cannot be read" in missing
    with serving(create_app()) as server:
        busy = _one_line_error(capsys, "serve", "--port", str(server.port))
        assert busy.startswith("bri-timeline: error: argument --port: cannot listen there")
    host = _one_line_error(capsys, "serve", "--host", "no-such-host.invalid", "--port", "0")
    assert "--host" in host


def test_serve_help(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as stopped:
        main(["serve", "--help"])
    assert stopped.value.code == 0
    out = capsys.readouterr().out
    assert "--host" in out
    assert "--port" in out
    assert "--data" in out
    assert "/bri.ics" in out
