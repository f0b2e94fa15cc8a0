"""The command line's conventions, the same for every command.

``-`` is stdin for a file a command reads and stdout for one it writes; a terminal
that is not UTF-8 gets ``?`` for what it cannot show, never a traceback; every
command's ``--help`` says what it does, and the README and the reference list
every command. A feed replaced on disk is read first, within the limits, by the
same helper for ``export -o`` and ``build``.
"""

from __future__ import annotations

import io
import os
import re
import subprocess
import sys
import tracemalloc
from pathlib import Path

import pytest

from bri_timeline.delivery.cli import main
from bri_timeline.formats.svg.write import to_svg
from bri_timeline.formats.toml import load_bri
from bri_timeline.limits import Limits

ROOT = Path(__file__).parent.parent
GOLDEN = ROOT / "tests" / "golden" / "bri.ics"
COMMANDS = [
    "list",
    "show",
    "overlaps",
    "plot",
    "export",
    "convert",
    "import",
    "serve",
    "build",
    "sync",
    "free",
    "diff",
    "merge",
]
DATA = (
    '[timeline]\nname = "Mine"\n\n'
    '[[events]]\nid = "a"\ntitle = "Lima – Chancay"\nwhen = "2024-11-14"\n\n'
    '[[events]]\nid = "b"\ntitle = "APEC"\nwhen = "2024-11-13/2024-11-15"\n'
)


@pytest.fixture(autouse=True)
def _in_tmp_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Relative paths (a file named '-') land in tmp_path, and help is not wrapped."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("COLUMNS", "200")


def give_stdin(monkeypatch: pytest.MonkeyPatch, data: bytes) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data), encoding="utf-8"))


def run(capsysbinary: pytest.CaptureFixture[bytes], *argv: str) -> tuple[int, bytes, str]:
    status = main(list(argv))
    out, err = capsysbinary.readouterr()
    return status, out, err.decode("utf-8")


# --- '-' is stdin ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "argv",
    [["list"], ["show", "a"], ["overlaps"], ["plot", "-o", "-"], ["export"], ["export", "-o", "-"]],
    ids=" ".join,
)
def test_data_dash_reads_stdin(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsysbinary: pytest.CaptureFixture[bytes],
    argv: list[str],
) -> None:
    # Without it, a feed of undated data is stamped with the file's time, and stdin has none.
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    (tmp_path / "mine.toml").write_text(DATA, encoding="utf-8")
    from_file = run(capsysbinary, *argv, "--data", "mine.toml")
    give_stdin(monkeypatch, DATA.encode("utf-8"))
    from_stdin = run(capsysbinary, *argv, "--data", "-")
    assert from_stdin == from_file
    assert from_stdin[0] == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == ["mine.toml"]


def test_build_reads_stdin_and_names_the_site_timeline(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsysbinary: pytest.CaptureFixture[bytes]
) -> None:
    give_stdin(monkeypatch, DATA.encode("utf-8"))
    status, _, err = run(capsysbinary, "build", "site", "--data", "-")
    assert (status, err) == (0, "")
    assert sorted(p.name for p in (tmp_path / "site").iterdir()) == [
        "index.html",
        "timeline.ics",
        "timeline.json",
        "timeline.svg",
        "timeline.timelinejs.json",
    ]
    feed = (tmp_path / "site" / "timeline.ics").read_bytes().decode("utf-8")
    assert "SUMMARY:Lima – Chancay\r\n" in feed


def test_import_dash_reads_stdin(
    monkeypatch: pytest.MonkeyPatch, capsysbinary: pytest.CaptureFixture[bytes]
) -> None:
    from_file = run(capsysbinary, "import", str(GOLDEN), "--from", "2024-11")
    give_stdin(monkeypatch, GOLDEN.read_bytes())
    assert run(capsysbinary, "import", "-", "--from", "2024-11") == from_file
    assert from_file[0] == 0


# A calendar left open is read as an empty one (as icalendar reads it): refused when strict.
_NO_START = b"BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:x\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"


@pytest.mark.parametrize(
    ("argv", "stdin", "message"),
    [
        (["list", "--data", "-"], b'[[events]]\nid = "x"\n', "<stdin>:2: event 'x'"),
        (["list", "--data", "-"], b"\xff", "<stdin>:1: is not UTF-8 (byte 0)"),
        (["import", "-", "--strict"], b"BEGIN:VCALENDAR\r\n", "<stdin>: has no VCALENDAR"),
        (["import", "-"], _NO_START, "<stdin>:3: event 'x': property DTSTART"),
    ],
)
def test_errors_name_stdin(
    monkeypatch: pytest.MonkeyPatch,
    capsysbinary: pytest.CaptureFixture[bytes],
    argv: list[str],
    stdin: bytes,
    message: str,
) -> None:
    give_stdin(monkeypatch, stdin)
    status, out, err = run(capsysbinary, *argv)
    assert (status, out) == (1, b"")
    assert err.startswith(f"bri-timeline: error: {message}")
    assert err.count("\n") == 1


class _Endless:
    """Stdin that never ends: only a read of a bounded size may be asked of it."""

    def __init__(self) -> None:
        self.asked: list[int] = []

    def read(self, size: int = -1) -> bytes:
        assert size >= 0, "stdin read to its end"
        self.asked.append(size)
        return b"#" * size


@pytest.mark.parametrize("argv", [["list", "--data", "-"], ["import", "-"]])
def test_stdin_is_read_within_the_limits(
    monkeypatch: pytest.MonkeyPatch, capsysbinary: pytest.CaptureFixture[bytes], argv: list[str]
) -> None:
    endless = _Endless()
    monkeypatch.setattr(sys, "stdin", endless)
    status, _, err = run(capsysbinary, *argv)
    assert status == 1
    assert "is larger than the limit" in err
    assert endless.asked == [Limits().max_bytes + 1]


def test_stdin_that_cannot_be_read_is_one_line(
    monkeypatch: pytest.MonkeyPatch, capsysbinary: pytest.CaptureFixture[bytes]
) -> None:
    closed = io.TextIOWrapper(io.BytesIO())
    closed.close()
    monkeypatch.setattr(sys, "stdin", closed)
    status, _, err = run(capsysbinary, "list", "--data", "-")
    assert status == 1
    assert err.startswith("bri-timeline: error: <stdin>: cannot be read")


# --- '-' is stdout --------------------------------------------------------------------


def test_export_dash_writes_the_feed_to_stdout(
    tmp_path: Path, capsysbinary: pytest.CaptureFixture[bytes]
) -> None:
    assert run(capsysbinary, "export", "-o", "-") == (0, GOLDEN.read_bytes(), "")
    assert list(tmp_path.iterdir()) == []  # not a file named '-'


def test_plot_dash_writes_the_picture_to_stdout(
    tmp_path: Path, capsysbinary: pytest.CaptureFixture[bytes]
) -> None:
    assert run(capsysbinary, "plot", "-o", "-") == (0, to_svg(load_bri()).encode("utf-8"), "")
    assert list(tmp_path.iterdir()) == []


def test_a_feed_on_stdout_has_no_previous_feed(
    tmp_path: Path, capsysbinary: pytest.CaptureFixture[bytes]
) -> None:
    (tmp_path / "-").write_bytes(b"not a calendar")  # were '-' a file, it would be refused
    assert run(capsysbinary, "export", "-o", "-") == (0, GOLDEN.read_bytes(), "")
    assert (tmp_path / "-").read_bytes() == b"not a calendar"


def test_text_only_stdout_gets_the_feed_as_text(monkeypatch: pytest.MonkeyPatch) -> None:
    text = io.StringIO()
    monkeypatch.setattr(sys, "stdout", text)
    assert main(["export", "-o", "-"]) == 0
    assert text.getvalue() == GOLDEN.read_bytes().decode("utf-8")


@pytest.mark.parametrize(
    ("argv", "words"),
    [
        (["serve", "--data", "-", "--port", "0"], "argument --data: must name a file"),
        (["build", "-"], "argument OUT_DIR: must be a folder"),
    ],
)
def test_where_dash_cannot_work_it_is_refused(
    tmp_path: Path, capsysbinary: pytest.CaptureFixture[bytes], argv: list[str], words: str
) -> None:
    status, out, err = run(capsysbinary, *argv)
    assert (status, out) == (1, b"")
    assert err.startswith(f"bri-timeline: error: {words}")
    assert list(tmp_path.iterdir()) == []


# --- --help ---------------------------------------------------------------------------


def help_of(capsys: pytest.CaptureFixture[str], *command: str) -> str:
    with pytest.raises(SystemExit) as stopped:
        main([*command, "--help"])
    assert stopped.value.code == 0
    return capsys.readouterr().out


def command_lines(capsys: pytest.CaptureFixture[str]) -> dict[str, str]:
    """The commands the top-level --help lists, each with its one line."""
    listing = help_of(capsys).split("  COMMAND\n", 1)[1].split("\n\n", 1)[0]
    return dict(re.split(r" {2,}", line.strip(), maxsplit=1) for line in listing.splitlines())


def test_every_command_is_listed_with_a_line_saying_what_it_does(
    capsys: pytest.CaptureFixture[str],
) -> None:
    lines = command_lines(capsys)
    assert list(lines) == COMMANDS
    assert all(len(line) > 10 for line in lines.values())


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_help_has_a_description(
    capsys: pytest.CaptureFixture[str], command: str
) -> None:
    usage, description = help_of(capsys, command).split("\n\n")[:2]
    assert usage.startswith(f"usage: bri-timeline {command}")
    assert not description.startswith(("positional arguments:", "options:")), description
    assert description.endswith(".")


@pytest.mark.parametrize(
    ("command", "says"),
    [
        (["list"], ["a TOML data file, '-' for stdin"]),
        (["show"], ["a TOML data file, '-' for stdin"]),
        (["overlaps"], ["a TOML data file, '-' for stdin"]),
        (["plot"], ["'-' for stdin", "the SVG file to write ('-': stdout)"]),
        (["export"], ["'-' for stdin", "'-': stdout, with no previous feed"]),
        (["import"], ["the .ics file ('-': stdin)"]),
        (["convert"], ["the file to read ('-': stdin)", "the file to write ('-': stdout)"]),
        (["serve"], ["--data cannot be '-'"]),
        (["build"], ["'-' for stdin", "not '-'"]),
        (["diff"], ["'-': stdin"]),
        (["merge"], ["'-': stdin", "'-': stdout"]),
        ([], ["A FILE of '-' is stdin where a command reads a file"]),
    ],
)
def test_help_says_what_dash_means(
    capsys: pytest.CaptureFixture[str], command: list[str], says: list[str]
) -> None:
    text = help_of(capsys, *command)
    for words in says:
        assert words in text


def test_the_readme_and_the_reference_list_every_command(
    capsys: pytest.CaptureFixture[str],
) -> None:
    lines = command_lines(capsys)
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    rows = re.findall(r"^\| `(\w+)[^`]*` \| (.+) \|$", readme, flags=re.MULTILINE)
    assert dict(rows) == lines  # the same commands, each with its --help line
    assert [name for name, _ in rows] == COMMANDS
    reference = (ROOT / "docs" / "reference" / "cli.md").read_text(encoding="utf-8")
    assert re.findall(r"^\| `(\w+)", reference, flags=re.MULTILINE) == COMMANDS


# --- a terminal that is not UTF-8 -----------------------------------------------------


def run_with_encoding(encoding: str, *argv: str) -> subprocess.CompletedProcess[bytes]:
    env = {**os.environ, "PYTHONIOENCODING": encoding, "COLUMNS": "100"}
    return subprocess.run(
        [sys.executable, "-m", "bri_timeline", *argv],
        capture_output=True,
        env=env,
        check=False,
        timeout=60,
    )


@pytest.mark.parametrize("encoding", ["ascii", "cp437"])
@pytest.mark.parametrize(
    "argv",
    [["list"], ["show", "bri-meeting-lima"], ["import", "{golden}"], ["--help"]],
    ids=" ".join,
)
def test_a_terminal_that_is_not_utf8_gets_question_marks(encoding: str, argv: list[str]) -> None:
    process = run_with_encoding(encoding, *(arg.format(golden=GOLDEN) for arg in argv))
    assert b"Traceback" not in process.stderr
    assert process.stderr == b""
    assert process.returncode == 0
    shown = process.stdout.decode(encoding)  # what the terminal shows: all of it can be
    assert "Peru?China" in shown  # an en dash it has no glyph for
    if argv == ["list"]:
        assert shown.splitlines()[0].split() == ["WHEN", "ID", "TITLE"]


@pytest.mark.parametrize("encoding", ["ascii", "cp437"])
def test_a_feed_to_a_terminal_that_is_not_utf8_goes_out_unchanged(encoding: str) -> None:
    process = run_with_encoding(encoding, "export", "-o", "-")
    assert (process.returncode, process.stderr) == (0, b"")
    assert process.stdout == GOLDEN.read_bytes()


def test_the_streams_are_as_they_were_after_the_command(monkeypatch: pytest.MonkeyPatch) -> None:
    ascii_out = io.TextIOWrapper(io.BytesIO(), encoding="ascii")
    monkeypatch.setattr(sys, "stdout", ascii_out)
    assert main(["list"]) == 0
    assert ascii_out.errors == "strict"
    ascii_out.seek(0)
    assert "Peru?China" in ascii_out.buffer.read().decode("ascii")


# --- the previous feed, read within the limits ----------------------------------------


@pytest.mark.parametrize(
    "argv", [["export", "-o", "bri.ics"], ["build", "."]], ids=["export -o", "build"]
)
def test_the_previous_feed_is_read_within_the_limits(
    tmp_path: Path, capsysbinary: pytest.CaptureFixture[bytes], argv: list[str]
) -> None:
    with (tmp_path / "bri.ics").open("wb") as feed:
        feed.truncate(4 * Limits().max_bytes)  # 64 MiB of nothing, on disk as a sparse file
    tracemalloc.start()
    try:
        status, out, err = run(capsysbinary, *argv)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert (status, out) == (1, b"")
    assert "bri.ics: is larger than the limit" in err
    assert peak < 2 * Limits().max_bytes  # not the whole file
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bri.ics"]  # nothing written
