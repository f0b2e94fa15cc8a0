"""``bri-timeline plot``: writes the SVG atomically, or to stdout; one-line errors, exit 1."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest

from bri_timeline import load_bri
from bri_timeline.delivery._atomic import atomic_file
from bri_timeline.delivery.cli import main
from bri_timeline.formats.svg.write import to_svg

NS = "{http://www.w3.org/2000/svg}"
DATA = """\
[timeline]
name = "Mine"

[[events]]
id = "a"
title = "Alpha"
when = "2024-11-14"
"""


def _one_line_error(capsys: pytest.CaptureFixture[str]) -> str:
    captured = capsys.readouterr()
    lines = captured.err.splitlines()
    assert len(lines) == 1, captured.err
    assert lines[0].startswith("bri-timeline: error: ")
    assert "Traceback" not in captured.err
    return lines[0]


def test_plot_writes_the_bri_picture(tmp_path: Path) -> None:
    target = tmp_path / "bri.svg"
    assert main(["plot", "-o", str(target)]) == 0
    assert target.read_text(encoding="utf-8") == to_svg(load_bri())
    assert [p.name for p in tmp_path.iterdir()] == ["bri.svg"]  # no temporary file left


def test_plot_to_stdout(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["plot", "-o", "-"]) == 0
    assert capsys.readouterr().out == to_svg(load_bri())


def test_plot_with_data_title_and_width(tmp_path: Path) -> None:
    data = tmp_path / "mine.toml"
    data.write_text(DATA, encoding="utf-8")
    target = tmp_path / "mine.svg"
    code = main(["plot", "--data", str(data), "-o", str(target), "--title", "T", "--width", "400"])
    assert code == 0
    root = ET.fromstring(target.read_text(encoding="utf-8"))
    assert root.findtext(f"{NS}title") == "T"
    assert root.attrib["viewBox"].split()[2] == "400"
    assert [g.get("data-id") for g in root.iter(f"{NS}g") if g.get("data-id")] == ["a"]


def test_plot_replaces_a_file_and_keeps_its_permissions(tmp_path: Path) -> None:
    target = tmp_path / "bri.svg"
    target.write_text("old", encoding="utf-8")
    target.chmod(0o640)
    assert main(["plot", "-o", str(target)]) == 0
    assert target.read_text(encoding="utf-8").startswith("<svg")
    assert stat.S_IMODE(target.stat().st_mode) == 0o640


def test_a_new_file_gets_the_umask_permissions(tmp_path: Path) -> None:
    old = os.umask(0o027)
    try:
        with atomic_file(tmp_path / "new.svg") as file:
            file.write(b"<svg/>")
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / "new.svg").stat().st_mode) == 0o640


def test_bad_data_leaves_the_old_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = tmp_path / "bad.toml"
    data.write_text('[[events]]\nid = "x"\ntitle = "X"\nwhen = "2024-02-30"\n', encoding="utf-8")
    target = tmp_path / "plot.svg"
    target.write_text("old", encoding="utf-8")
    assert main(["plot", "--data", str(data), "-o", str(target)]) == 1
    assert "field 'when'" in _one_line_error(capsys)
    assert target.read_text(encoding="utf-8") == "old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bad.toml", "plot.svg"]


@pytest.mark.parametrize(
    ("arguments", "words"),
    [
        (["-o", "{tmp}/missing/folder/x.svg"], "-o: cannot write the file"),
        (["-o", "{tmp}"], "-o: cannot write the file"),
        (["-o", "-", "--width", "100"], "--width: must be an int from 280"),
        (["-o", "-", "--data", "{tmp}/none.toml"], "cannot be read"),
    ],
)
def test_errors_are_one_line_and_exit_1(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], arguments: list[str], words: str
) -> None:
    code = main(["plot", *(a.format(tmp=tmp_path) for a in arguments)])
    assert code == 1
    assert words in _one_line_error(capsys)
    assert list(tmp_path.iterdir()) == []


def test_a_failed_write_removes_its_temporary_file(tmp_path: Path) -> None:
    target = tmp_path / "x.svg"
    target.write_text("old", encoding="utf-8")
    with pytest.raises(UnicodeEncodeError), atomic_file(target) as file:
        file.write("new \ud800".encode())  # a lone surrogate fails while writing
    assert target.read_text(encoding="utf-8") == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["x.svg"]


def test_output_is_required() -> None:
    with pytest.raises(SystemExit) as caught:
        main(["plot"])
    assert caught.value.code == 2


def test_python_m_runs_plot(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "bri_timeline", "plot", "-o", "-", "--width", "nope"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 2
    assert "invalid int value" in result.stderr
