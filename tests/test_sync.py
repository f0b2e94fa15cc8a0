"""CalDAV sync against a real server: Radicale, started on 127.0.0.1 by these tests.

Each test syncs into a calendar of its own on one Radicale the module starts and stops;
what is on the server is read back by another client (plain HTTP in ``_radicale``) and
checked with icalendar and with the package's own reader. Drops of the connection come
from a proxy that cuts after a number of requests, once the server has done the last.
"""

from __future__ import annotations

import json
import logging
import re
import sys
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import unquote

import attrs
import icalendar
import pytest
from hypothesis import HealthCheck, given, settings
from tests._components import event_components
from tests._radicale import PASSWORD, USER, Radicale, dav, make_calendar, proxy, radicale

from bri_timeline import Timeline, from_ics, load_bri, strategies
from bri_timeline.delivery.cli import main
from bri_timeline.delivery.sync import Credentials, SyncReport, sync
from bri_timeline.delivery.sync._dav import resource_name
from bri_timeline.errors import DataFileError, InvalidArgument, SyncAuthError, SyncError
from bri_timeline.formats.ical._mapping import DEFAULT_DOMAIN, event_uid
from bri_timeline.model.event import Event

LOGIN = Credentials(USER, PASSWORD)
BRI = load_bri()
LISTING = b'<?xml version="1.0"?><propfind xmlns="DAV:"><prop><getetag/></prop></propfind>'


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Radicale]:
    with radicale(tmp_path_factory.mktemp("radicale")) as running:
        yield running


@pytest.fixture
def calendar(server: Radicale, request: pytest.FixtureRequest) -> str:
    """A new, empty calendar for the test."""
    name = re.sub(r"[^a-z0-9]+", "-", request.node.name.lower()).strip("-")
    url = server.calendar(name)
    make_calendar(url)
    return url


def uid(event: Event) -> str:
    return event_uid(event, DEFAULT_DOMAIN)


def on_server(url: str) -> dict[str, bytes]:
    """Every resource in the calendar, by its name (decoded), as another client reads it."""
    status, _, body = dav(url, "PROPFIND", LISTING, {"Depth": "1"})
    assert status == 207
    names = [
        href.rsplit("/", 1)[1]
        for href in re.findall(r"<href>([^<]+)</href>", body.decode())
        if not href.endswith("/")
    ]
    found = {}
    for name in names:
        status, _, data = dav(url + name, "GET")
        assert status == 200
        found[unquote(name)] = data
    return found


def assert_holds(url: str, timeline: Timeline, *, others: int = 0) -> None:
    """The calendar holds each event of the timeline once, as its own resource (and others)."""
    found = on_server(url)
    ours = {unquote(resource_name(uid(event))): event for event in timeline}
    assert len(found) == len(ours) + others
    for name, event in ours.items():
        body = found[name]
        calendar = icalendar.Calendar.from_ical(body)  # the oracle reads it
        events = event_components(calendar)
        # the event's VEVENT, and one for each changed occurrence of it (RECURRENCE-ID)
        assert [str(vevent["UID"]) for vevent in events] == [uid(event)] * (
            1 + len(event.overrides)
        )
        assert "METHOD" not in calendar  # RFC 4791 section 4.1
        assert list(from_ics(body)) == [event]  # and our reader gives the event back


def edit(event: Event, title: str) -> Event:
    return attrs.evolve(event, title=title)


def other_client_puts(url: str, event: Event, old: bytes, new: bytes) -> None:
    name = resource_name(uid(event))
    status, _, body = dav(url + name, "GET")
    assert status == 200
    assert old in body
    status, _, _ = dav(url + name, "PUT", body.replace(old, new), {"Content-Type": "text/calendar"})
    assert status in (201, 204)


# --- first sync, a change, a removal ----------------------------------------------------


def test_first_sync_puts_each_event_as_its_own_resource(calendar: str) -> None:
    report = sync(BRI, calendar, state="state.json", credentials=LOGIN)
    assert sorted(report.uids("create")) == sorted(uid(event) for event in BRI)
    assert report.conflicts == ()
    assert report.unchanged == 0
    assert_holds(calendar, BRI)


def test_a_second_sync_writes_nothing_and_lists_the_calendar_once(server: Radicale) -> None:
    with proxy(server) as middle:
        make_calendar(server.calendar("unchanged"))
        url = middle.calendar("unchanged")
        first = sync(BRI, url, state="state.json", credentials=LOGIN)
        state = Path("state.json").read_bytes()
        middle.methods()
        again = sync(BRI, url, state="state.json", credentials=LOGIN)
        methods = middle.methods()
    assert again.actions == ()
    assert again.unchanged == len(BRI)
    # one listing (sent twice only when the server first asks for the password)
    assert set(methods) == {"PROPFIND"}
    assert len(methods) <= 2
    assert again.requests == len(methods) < first.requests
    assert Path("state.json").read_bytes() == state


def test_a_changed_event_is_updated_with_if_match(server: Radicale) -> None:
    changed = Timeline([edit(BRI[0], "Renamed"), *BRI[1:]], info=BRI.info)
    with proxy(server) as middle:
        make_calendar(server.calendar("changed"))
        url = middle.calendar("changed")
        sync(BRI, url, state="state.json", credentials=LOGIN)
        etag = json.loads(Path("state.json").read_text())["calendars"][url][uid(BRI[0])]["etag"]
        middle.sent.clear()
        report = sync(changed, url, state="state.json", credentials=LOGIN)
        puts = [headers for method, headers in middle.sent if method == "PUT"]
    assert report.uids("update") == (uid(BRI[0]),)
    assert len(report.actions) == 1
    assert [headers.get("If-Match") for headers in puts] == [etag]
    assert_holds(server.calendar("changed"), changed)


def test_a_removed_event_is_deleted_only_if_the_sync_wrote_it(calendar: str) -> None:
    foreign = b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:other\r\nBEGIN:VEVENT\r\nUID:mine@else\r\n"
    foreign += (
        b"DTSTART:20240101T000000Z\r\nDTSTAMP:20240101T000000Z\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
    )
    assert dav(calendar + "mine.ics", "PUT", foreign, {"Content-Type": "text/calendar"})[0] == 201
    sync(BRI, calendar, state="state.json", credentials=LOGIN)
    fewer = Timeline(BRI[1:], info=BRI.info)
    report = sync(fewer, calendar, state="state.json", credentials=LOGIN)
    assert report.actions == (attrs.evolve(report.actions[0], kind="delete", uid=uid(BRI[0])),)
    assert_holds(calendar, fewer, others=1)  # the other client's event stays
    assert uid(BRI[0]) not in json.loads(Path("state.json").read_text())["calendars"][calendar]
    assert sync(fewer, calendar, state="state.json", credentials=LOGIN).actions == ()


# --- what another client did ------------------------------------------------------------


def test_another_clients_change_is_a_conflict_and_stays(calendar: str) -> None:
    sync(BRI, calendar, state="state.json", credentials=LOGIN)
    other_client_puts(calendar, BRI[2], b"SUMMARY:", b"SUMMARY:Moved by Bob: ")
    ours = Timeline([*BRI[:2], edit(BRI[2], "Ours"), *BRI[3:]], info=BRI.info)
    report = sync(ours, calendar, state="state.json", credentials=LOGIN)
    assert [(action.kind, action.uid) for action in report.actions] == [("conflict", uid(BRI[2]))]
    assert "another client" in report.conflicts[0].reason
    assert b"Moved by Bob" in dav(calendar + resource_name(uid(BRI[2])), "GET")[2]
    # again: still a conflict, still nothing written
    assert sync(ours, calendar, state="state.json", credentials=LOGIN).conflicts
    forced = sync(ours, calendar, state="state.json", credentials=LOGIN, overwrite=True)
    assert forced.uids("update") == (uid(BRI[2]),)
    assert_holds(calendar, ours)


def test_an_event_another_client_deleted_is_a_conflict(calendar: str) -> None:
    sync(BRI, calendar, state="state.json", credentials=LOGIN)
    assert dav(calendar + resource_name(uid(BRI[1])), "DELETE")[0] in (200, 204)
    report = sync(BRI, calendar, state="state.json", credentials=LOGIN)
    assert [(action.kind, action.uid) for action in report.conflicts] == [("conflict", uid(BRI[1]))]
    assert "deleted" in report.conflicts[0].reason
    assert sync(BRI, calendar, state="state.json", credentials=LOGIN, overwrite=True).uids(
        "create"
    ) == (uid(BRI[1]),)
    assert_holds(calendar, BRI)


def test_an_event_removed_here_but_changed_there_is_not_deleted(calendar: str) -> None:
    sync(BRI, calendar, state="state.json", credentials=LOGIN)
    other_client_puts(calendar, BRI[0], b"SUMMARY:", b"SUMMARY:Kept by Bob: ")
    fewer = Timeline(BRI[1:], info=BRI.info)
    report = sync(fewer, calendar, state="state.json", credentials=LOGIN)
    assert [action.kind for action in report.actions] == ["conflict"]
    assert b"Kept by Bob" in dav(calendar + resource_name(uid(BRI[0])), "GET")[2]
    forced = sync(fewer, calendar, state="state.json", credentials=LOGIN, overwrite=True)
    assert forced.uids("delete") == (uid(BRI[0]),)
    assert_holds(calendar, fewer)


def test_without_its_state_a_sync_adopts_what_it_would_write_and_deletes_nothing(
    calendar: str,
) -> None:
    sync(BRI, calendar, state="first.json", credentials=LOGIN)
    other_client_puts(calendar, BRI[3], b"SUMMARY:", b"SUMMARY:Bob's: ")
    fewer = Timeline(BRI[1:], info=BRI.info)
    report = sync(fewer, calendar, state="lost.json", credentials=LOGIN)
    # the same content is adopted; a different one is not overwritten; nothing is deleted
    assert [(action.kind, action.uid) for action in report.actions] == [("conflict", uid(BRI[3]))]
    assert "not written by this sync" in report.conflicts[0].reason
    assert report.unchanged == len(fewer) - 1
    assert len(on_server(calendar)) == len(BRI)
    assert sync(fewer, calendar, state="lost.json", credentials=LOGIN).conflicts


# --- a connection dropped mid-sync ------------------------------------------------------


@pytest.mark.parametrize("budget", [2, 3, 4])
def test_a_dropped_connection_loses_and_doubles_nothing(server: Radicale, budget: int) -> None:
    """The server does the request, the answer never comes; the next sync finishes.

    A sync sends the password challenge's request, the listing, then its writes: the
    budget cuts the first, second or third write (create, then update, delete, create).
    """
    changed = Timeline(
        [edit(BRI[0], "Renamed"), *BRI[2:], Event("new-one", "New", BRI[1].time)], info=BRI.info
    )
    for step, timeline in enumerate([BRI, changed]):
        with proxy(server, budget) as middle:
            make_calendar(server.calendar(f"dropped-{budget}-{step}"))
            url = middle.calendar(f"dropped-{budget}-{step}")
            if step:
                middle.budget = 10**9
                sync(BRI, url, state="state.json", credentials=LOGIN)
                middle.budget = middle.seen + budget
            with pytest.raises(SyncError, match="cannot reach the server"):
                sync(timeline, url, state="state.json", credentials=LOGIN)
            middle.budget = 10**9
            report = sync(timeline, url, state="state.json", credentials=LOGIN)
            assert report.conflicts == ()
            assert_holds(server.calendar(f"dropped-{budget}-{step}"), timeline)
            assert sync(timeline, url, state="state.json", credentials=LOGIN).actions == ()


# --- credentials --------------------------------------------------------------------------


def test_a_wrong_password_is_one_clear_error_that_never_shows_a_password(
    calendar: str, caplog: pytest.LogCaptureFixture, capfd: pytest.CaptureFixture[str]
) -> None:
    wrong = "Wr0ng-" + PASSWORD[::-1]
    caplog.set_level(logging.DEBUG)
    with pytest.raises(SyncAuthError) as caught:
        sync(BRI, calendar, state="state.json", credentials=Credentials(USER, wrong))
    message = str(caught.value)
    assert message == f"{calendar}: the server refused the password of user 'alice'"
    assert caught.value.status == 401
    Path("password").write_text(wrong + "\n", encoding="utf-8")
    status = main(["sync", calendar, "--user", USER, "--password-file", "password"])
    out, err = capfd.readouterr()
    assert status == 2
    assert err.count("\n") == 1
    assert "refused the password" in err
    for shown in (message, repr(caught.value), caplog.text, out, err):
        assert wrong not in shown
        assert PASSWORD not in shown
    assert not Path("state.json").exists() or uid(BRI[0]) not in Path("state.json").read_text()


def test_no_credentials_for_a_server_that_asks_for_them(calendar: str) -> None:
    with pytest.raises(SyncAuthError, match="asks for a user and a password, and none"):
        sync(BRI, calendar, state="state.json")


def test_a_server_that_asks_for_no_credentials_needs_none(tmp_path: Path) -> None:
    folder = tmp_path / "open"
    folder.mkdir()
    with radicale(folder, auth=False) as open_server:
        assert dav(f"{open_server.root}{USER}/", "MKCOL", password=None)[0] == 201
        url = open_server.calendar()
        make_calendar(url, password=None)
        report = sync(BRI, url, state="state.json")
        assert len(report.uids("create")) == len(BRI)
        assert sync(BRI, url, state="state.json").requests == 1


# --- the command ----------------------------------------------------------------------------


DATA = """\
[timeline]
name = "Mine"

[[events]]
id = "a"
title = "Lima – Chancay"
when = "2024-11-14"

[[events]]
id = "b"
title = "APEC"
when = "2024-11-13/2024-11-15"
"""


def run(capfd: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    status = main(list(argv))
    out, err = capfd.readouterr()
    return status, out, err


def test_the_command_syncs_prints_what_it_did_and_exits_3_on_a_conflict(
    calendar: str, capfd: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    Path("mine.toml").write_text(DATA, encoding="utf-8")
    monkeypatch.setenv("BRI_TIMELINE_PASSWORD", PASSWORD)
    url = calendar.replace("://", f"://{USER}@")  # the user in the URL
    status, out, err = run(capfd, "sync", url, "--data", "mine.toml", "--dry-run")
    assert (status, err) == (0, "")
    assert out.splitlines()[:2] == [f"create a@{DEFAULT_DOMAIN}", f"create b@{DEFAULT_DOMAIN}"]
    assert out.splitlines()[2].startswith(f"dry run: {calendar}: 2 to create,")
    assert on_server(calendar) == {}
    assert not Path("mine.sync.json").exists()
    status, out, err = run(capfd, "sync", url, "--data", "mine.toml")
    assert (status, err) == (0, "")
    assert "2 created" in out
    assert Path("mine.sync.json").exists()  # beside the data
    other_client_puts(calendar, Event("a", "x", BRI[0].time), b"SUMMARY:", b"SUMMARY:Bob ")
    Path("mine.toml").write_text(DATA.replace("APEC", "APEC 2024").replace("Lima", "L"))
    status, out, err = run(capfd, "sync", url, "--data", "mine.toml")
    assert status == 3
    assert err == ""
    assert f"conflict a@{DEFAULT_DOMAIN}: changed on the server" in out
    assert f"update b@{DEFAULT_DOMAIN}" in out
    status, out, err = run(capfd, "sync", url, "--data", "mine.toml", "--overwrite")
    assert status == 0
    assert "1 updated" in out


def test_the_command_exits_4_when_the_server_cannot_be_reached(
    capfd: pytest.CaptureFixture[str],
) -> None:
    import socket

    with socket.socket() as probe:  # a port nothing listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
        status, out, err = run(capfd, "sync", f"http://127.0.0.1:{port}/cal/")
    assert status == 4
    assert out == ""
    assert err.startswith(f"bri-timeline: error: http://127.0.0.1:{port}/cal/: PROPFIND: cannot")
    assert err.count("\n") == 1


def test_a_url_that_is_not_a_calendars_is_a_mistake(
    server: Radicale, capfd: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    for url in (f"{server.root}{USER}/", f"{server.root}{USER}/nothing-here/"):
        with pytest.raises(InvalidArgument, match="must be the URL of a CalDAV calendar"):
            sync(BRI, url, state="state.json", credentials=LOGIN)
    monkeypatch.setenv("BRI_TIMELINE_PASSWORD", PASSWORD)
    status, out, err = run(capfd, "sync", f"{server.root}{USER}/", "--user", USER)
    assert (status, out) == (2, "")
    assert err.startswith("bri-timeline: error: argument URL: must be the URL of a CalDAV")
    assert not Path("state.json").exists()


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["http://bob:hunter2@h/cal/"], "argument URL: must not hold a password"),
        (["ftp://h/cal/"], "argument URL: must be an http or https URL"),
        (["http://h/cal/?x=1"], "argument URL: must be a calendar's URL"),
        (["http://h/cal/", "--user", "bob"], "argument --user: needs a password"),
        (["http://h/cal/", "--password-file", "nope"], "argument --password-file: cannot be"),
        (["http://h/cal/", "--data", "-"], "argument --state: must be given when the data"),
    ],
)
def test_the_commands_mistakes_are_one_line_and_exit_2(
    capfd: pytest.CaptureFixture[str], argv: list[str], message: str
) -> None:
    status, out, err = run(capfd, "sync", *argv)
    assert (status, out) == (2, "")
    assert err.startswith(f"bri-timeline: error: {message}")
    assert err.count("\n") == 1
    assert "hunter2" not in err


def test_the_password_is_never_an_option(capfd: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        main(["sync", "http://h/cal/", "--password", "hunter2"])
    assert exited.value.code == 2
    assert "unrecognized arguments" in capfd.readouterr().err


def test_a_state_file_that_is_not_one_is_a_data_file_error(
    capfd: pytest.CaptureFixture[str],
) -> None:
    Path("state.json").write_text('{"calendars": {}}', encoding="utf-8")
    with pytest.raises(DataFileError, match=r"state\.json: is not a sync state"):
        sync(BRI, "http://127.0.0.1:9/cal/", state="state.json")
    status, _, err = run(capfd, "sync", "http://127.0.0.1:9/cal/", "--state", "state.json")
    assert status == 1
    assert "is not a sync state" in err


def test_the_report_counts_what_it_says() -> None:
    report = SyncReport("http://h/c/", (), 3, 1)
    assert report.uids("create") == ()
    assert report.conflicts == ()
    assert "hunter2" not in repr(Credentials("bob", "hunter2"))


# --- the law: after a sync the calendar holds the data, whatever it held before ------------

_CALENDARS = iter(range(10**6))


@settings(
    max_examples=6, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(before=strategies.timelines(max_size=4), after=strategies.timelines(max_size=4))
def test_after_a_sync_the_calendar_holds_the_timeline(
    server: Radicale, tmp_path: Path, before: Timeline, after: Timeline
) -> None:
    url = server.calendar(f"law-{next(_CALENDARS)}")
    make_calendar(url)
    state = tmp_path / f"{url.rsplit('/', 2)[1]}.json"
    sync(before, url, state=state, credentials=LOGIN)
    report = sync(after, url, state=state, credentials=LOGIN)
    assert report.conflicts == ()
    assert_holds(url, after)
    assert sync(after, url, state=state, credentials=LOGIN).actions == ()


def test_without_caldav_the_error_says_what_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "caldav.davclient", None)  # as if it were not installed
    with pytest.raises(SyncError, match=r"pip install 'bri-timeline\[sync\]'"):
        sync(BRI, "http://127.0.0.1:1/cal/", state="state.json")
    assert not Path("state.json").exists()


def test_a_calendar_the_user_may_not_write_is_a_clear_error(server: Radicale) -> None:
    with pytest.raises(
        SyncError, match="PROPFIND: the server forbids it to user 'alice'"
    ) as caught:
        sync(BRI, f"{server.root}bob/cal/", state="state.json", credentials=LOGIN)
    assert caught.value.status == 403
    assert not isinstance(caught.value, SyncAuthError)
