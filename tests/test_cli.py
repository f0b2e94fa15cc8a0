"""The bri-timeline command: its output on the BRI data and on a user's file, and its errors."""

from __future__ import annotations

import re
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from bri_timeline.delivery.cli import main

BRI_ORDER = [
    "chinese-immigration-peru",
    "peru-china-fta",
    "belt-and-road-portal-spanish",
    "bri-latin-america-liaison-office",
    "bri-meeting-lima",
    "apec-summit-2024",
    "chancay-port-inauguration",
]


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    status = main(list(argv))
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def rows(output: str) -> list[list[str]]:
    """The table's rows below its header, split into columns (two spaces or more apart)."""
    lines = output.rstrip("\n").split("\n")
    return [re.split(r" {2,}", line) for line in lines[1:]]


def assert_one_line_error(status: int, out: str, err: str, *words: str) -> None:
    assert status == 1
    assert out == ""
    assert err.startswith("bri-timeline: error: ")
    assert err.count("\n") == 1
    assert err.endswith("\n")
    assert "Traceback" not in err
    for word in words:
        assert word in err


# --- list ------------------------------------------------------------------------


def test_list_prints_the_bri_timeline_in_order(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, err = run(capsys, "list")
    assert (status, err) == (0, "")
    assert re.split(r" {2,}", out.split("\n")[0]) == ["WHEN", "ID", "TITLE"]
    table = rows(out)
    assert [row[1] for row in table] == BRI_ORDER
    when = {row[1]: row[0] for row in table}
    assert when["peru-china-fta"] == "since 2009"
    assert when["chinese-immigration-peru"] == "19th century"
    assert when["apec-summit-2024"] == "13–15 Nov 2024"
    assert when["chancay-port-inauguration"] == "14 Nov 2024"
    assert when["bri-meeting-lima"] == "8 Nov 2024"


@pytest.mark.parametrize(
    ("options", "expected"),
    [
        (
            ["--from", "2024-11-13"],
            ["peru-china-fta", "apec-summit-2024", "chancay-port-inauguration"],
        ),
        (["--from", "2024-11-15"], ["peru-china-fta", "apec-summit-2024"]),
        (["--from", "2024-11-16"], ["peru-china-fta"]),
        (["--to", "2008"], ["chinese-immigration-peru"]),
        (["--to", "1800-01-01"], ["chinese-immigration-peru"]),
        (["--to", "1799"], []),
        (["--to", "9999"], BRI_ORDER),
        (
            ["--from", "2024-11-08", "--to", "2024-11-12"],
            [
                "peru-china-fta",
                "belt-and-road-portal-spanish",
                "bri-latin-america-liaison-office",
                "bri-meeting-lima",
            ],
        ),
        (["--from", "2024-11", "--to", "2024-11", "--category", "summit"], ["apec-summit-2024"]),
        (["--from", "2010", "--to", "2023"], ["peru-china-fta"]),
        (
            ["--category", "bri"],
            [
                "belt-and-road-portal-spanish",
                "bri-latin-america-liaison-office",
                "bri-meeting-lima",
                "chancay-port-inauguration",
            ],
        ),
        (["--category", "trade"], ["peru-china-fta"]),
        (["--category", "nothing"], []),
    ],
)
def test_list_filters(
    capsys: pytest.CaptureFixture[str], options: list[str], expected: list[str]
) -> None:
    status, out, err = run(capsys, "list", *options)
    assert (status, err) == (0, "")
    assert [row[1] for row in rows(out)] == expected


# --- show ------------------------------------------------------------------------


def test_show_prints_one_event_in_full(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, err = run(capsys, "show", "bri-meeting-lima")
    assert (status, err) == (0, "")
    fields = [line.split(":", 1) for line in out.rstrip("\n").split("\n")]
    labels = [label for label, _ in fields]
    values = {label: value.strip() for label, value in fields if label != "attendee"}
    assert values["id"] == "bri-meeting-lima"
    assert values["when"] == "8 Nov 2024"
    assert values["edtf"] == "2024-11-08"
    assert values["where"] == "Lima"
    assert values["categories"] == "bri, meeting"
    assert labels.count("attendee") == 4
    jorge = "Jorge Chain (general manager, Peru-China Chamber of Commerce; REQ-PARTICIPANT"
    assert f"attendee:    {jorge}, ACCEPTED)" in out
    assert "attendee:    Victor Arroyo (Peru’s Director General" in out
    assert values["source"].startswith("“The recent Peru-China Belt and Road Initiative")
    assert values["from"].endswith("paragraph 1")
    assert "\ninferred:    when: " in out


def test_show_the_fta_keeps_its_year(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, "show", "peru-china-fta")
    assert status == 0
    assert "when:        since 2009\n" in out
    assert "edtf:        2009/..\n" in out


# --- overlaps --------------------------------------------------------------------


def test_overlaps_reports_chancay_during_apec(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, err = run(capsys, "overlaps")
    assert (status, err) == (0, "")
    assert re.split(r" {2,}", out.split("\n")[0]) == ["FIRST", "RELATION", "SECOND", "CERTAINTY"]
    table = rows(out)
    assert ["chancay-port-inauguration", "during", "apec-summit-2024", "certain"] in table
    assert ["bri-meeting-lima", "during", "peru-china-fta", "certain"] in table
    assert not any("chinese-immigration-peru" in row for row in table)
    assert len(table) == 9  # 3 on the meeting day, 5 in the FTA, Chancay in APEC


USER_DATA = textwrap.dedent(
    """\
    [timeline]
    name = "Mine"

    [[events]]
    id = "year"
    title = "Some time in 2009"
    when = "2009"
    categories = ["vague"]

    [[events]]
    id = "june"
    title = "A day in June 2009"
    when = "2009-06-01"

    [[events]]
    id = "early"
    title = "Early days"
    when = "2009-06-01/2009-06-05"

    [[events]]
    id = "late"
    title = "Late days"
    when = "2009-06-03/2009-06-08"

    [[events]]
    id = "talk"
    title = "A talk"
    when = "2009-06-03T10:00/2009-06-03T11:00"
    tz = "America/Lima"
    """
)


@pytest.fixture
def user_file(tmp_path: Path) -> Path:
    path = tmp_path / "mine.toml"
    path.write_text(USER_DATA, encoding="utf-8")
    return path


def test_data_option_reads_a_users_file(
    capsys: pytest.CaptureFixture[str], user_file: Path
) -> None:
    status, out, _ = run(capsys, "list", "--data", str(user_file))
    assert status == 0
    assert [row[1] for row in rows(out)] == ["year", "june", "early", "late", "talk"]
    assert "3 Jun 2009 10:00–11:00 America/Lima" in out
    status, out, _ = run(capsys, "show", "talk", "--data", str(user_file))
    assert status == 0
    assert "edtf:        2009-06-03T10:00:00/2009-06-03T11:00:00\n" in out


def test_overlaps_read_naturally_and_say_how_certain(
    capsys: pytest.CaptureFixture[str], user_file: Path
) -> None:
    status, out, _ = run(capsys, "overlaps", "--data", str(user_file))
    assert status == 0
    table = rows(out)
    assert ["june", "starts", "early", "certain"] in table  # not "early started by june"
    assert ["early", "overlaps", "late", "certain"] in table
    assert ["talk", "during", "early", "certain"] in table  # not "early contains talk"
    assert ["talk", "during", "late", "certain"] in table
    assert ["june", "during", "year", "possible"] in table
    status, out, _ = run(capsys, "overlaps", "--certain", "--data", str(user_file))
    assert status == 0
    certain = rows(out)
    assert all(row[3] == "certain" for row in certain)
    assert not any("year" in row for row in certain)
    assert ["early", "overlaps", "late", "certain"] in certain


# --- help and mistakes -----------------------------------------------------------


@pytest.mark.parametrize("command", [[], ["list"], ["show"], ["overlaps"]])
def test_help_exits_zero(capsys: pytest.CaptureFixture[str], command: list[str]) -> None:
    with pytest.raises(SystemExit) as caught:
        main([*command, "--help"])
    assert caught.value.code == 0
    out = capsys.readouterr().out
    assert out.startswith(f"usage: bri-timeline {' '.join(command)}".rstrip())
    if command:
        assert "--data FILE" in out


def test_version_exits_zero(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as caught:
        main(["--version"])
    assert caught.value.code == 0
    assert capsys.readouterr().out.startswith("bri-timeline 0.")


@pytest.mark.parametrize(
    ("argv", "words"),
    [
        (
            ["list", "--data", "/nonexistent/dir/events.toml"],
            ["/nonexistent/dir/events.toml", "cannot be read"],
        ),
        (["show", "bri-meeting-lima", "--data", "/nonexistent.toml"], ["cannot be read"]),
        (["list", "--from", "2024-13-01"], ["--from", "not a real date"]),
        (["list", "--from", "2024-02-30"], ["--from", "not a real date"]),
        (["list", "--to", "last week"], ["--to", "EDTF"]),
        (["list", "--from", "2024-11-08T10:00Z"], ["--from", "must be a day"]),
        (["list", "--from", "2009/.."], ["--from", "must be a day"]),
        (
            ["list", "--from", "2024-11-20", "--to", "2024-11-10"],
            ["--to", "must not be before --from"],
        ),
        (["show", "no-such-event"], ["no event with id 'no-such-event'"]),
    ],
)
def test_user_mistakes_get_one_line_and_exit_1(
    capsys: pytest.CaptureFixture[str], argv: list[str], words: list[str]
) -> None:
    status, out, err = run(capsys, *argv)
    assert_one_line_error(status, out, err, *words)


@pytest.mark.parametrize("command", ["list", "overlaps"])
def test_a_bad_data_file_gets_one_line_naming_file_line_event_and_field(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, command: str
) -> None:
    path = tmp_path / "bad.toml"
    path.write_text('[[events]]\nid = "x"\ntitle = "X"\nwhen = "2024-11-31"\n', encoding="utf-8")
    status, out, err = run(capsys, command, "--data", str(path))
    assert_one_line_error(status, out, err, f"{path}:2", "event 'x'", "field 'when'")


def test_a_data_file_that_is_not_toml(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = tmp_path / "notes.txt"
    path.write_text("These are my notes.\nNot TOML at all.\n", encoding="utf-8")
    status, out, err = run(capsys, "list", "--data", str(path))
    assert_one_line_error(status, out, err, str(path), "not valid TOML")


@pytest.mark.parametrize(
    "argv", [[], ["frobnicate"], ["show"], ["list", "--frm", "2024"], ["overlaps", "extra"]]
)
def test_a_bad_command_line_exits_2_with_usage(
    capsys: pytest.CaptureFixture[str], argv: list[str]
) -> None:
    with pytest.raises(SystemExit) as caught:
        main(argv)
    assert caught.value.code == 2
    err = capsys.readouterr().err
    assert err.startswith("usage: bri-timeline")
    assert "bri-timeline" in err.strip().split("\n")[-1]
    assert "error:" in err
    assert "Traceback" not in err


# --- as a real process -----------------------------------------------------------


def python_m(*argv: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "bri_timeline", *argv],
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=False,
        timeout=60,
    )


def test_python_m_runs_the_same_command(capsys: pytest.CaptureFixture[str]) -> None:
    process = python_m("list")
    assert (process.returncode, process.stderr) == (0, "")
    _, out, _ = run(capsys, "list")
    assert process.stdout == out
    assert [row[1] for row in rows(process.stdout)] == BRI_ORDER


def test_python_m_reports_a_mistake_without_a_traceback() -> None:
    process = python_m("show", "no-such-event")
    assert process.returncode == 1
    assert process.stdout == ""
    assert process.stderr == "bri-timeline: error: no event with id 'no-such-event'\n"
