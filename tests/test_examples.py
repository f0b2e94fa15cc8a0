"""Every script in examples/ runs, says what it shows, and prints exactly its expected output.

The expected output, ``examples/expected/NAME.txt``, was worked out by hand from the data and
the rules, then confirmed by a run; a change in the library that changes an example's output
fails here, so the examples cannot drift from the code.
"""

from __future__ import annotations

import ast
import os
import subprocess
import sys
from pathlib import Path

import pytest

from bri_timeline import load_bri
from bri_timeline.formats.svg.write import to_svg

EXAMPLES = Path(__file__).parent.parent / "examples"
SCRIPTS = sorted(EXAMPLES.glob("*.py"))
# The examples print non-ASCII text (en dashes, quotes): UTF-8 whatever the locale.
ENV = {**os.environ, "PYTHONUTF8": "1"}


def test_every_script_has_its_expected_output_and_no_more() -> None:
    assert SCRIPTS, "examples/ holds no scripts"
    expected = {path.stem for path in (EXAMPLES / "expected").glob("*.txt")}
    assert expected == {script.stem for script in SCRIPTS}


@pytest.mark.parametrize("script", SCRIPTS, ids=[script.stem for script in SCRIPTS])
def test_the_first_line_says_what_the_script_shows(script: Path) -> None:
    text = script.read_text(encoding="utf-8")
    assert text.startswith('"""'), "a script opens with its docstring"
    doc = ast.get_docstring(ast.parse(text))
    assert doc is not None
    summary = doc.splitlines()[0]
    assert summary.endswith("."), summary
    assert len(summary) <= 100, summary


@pytest.mark.parametrize("script", SCRIPTS, ids=[script.stem for script in SCRIPTS])
def test_the_script_prints_its_expected_output(script: Path, tmp_path: Path) -> None:
    # In an empty folder, as a user who copied the script would run it.
    run = subprocess.run(
        [sys.executable, str(script)],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
        check=False,
        env=ENV,
    )
    assert run.returncode == 0, run.stderr
    assert run.stderr == ""
    expected = (EXAMPLES / "expected" / f"{script.stem}.txt").read_text(encoding="utf-8")
    assert run.stdout == expected


def test_the_files_the_examples_write(tmp_path: Path) -> None:
    for name in ("draw_svg", "export_feed"):
        subprocess.run(
            [sys.executable, str(EXAMPLES / f"{name}.py")],
            cwd=tmp_path,
            capture_output=True,
            check=True,
            timeout=120,
            env=ENV,
        )
    assert (tmp_path / "bri-timeline.svg").read_text(encoding="utf-8") == to_svg(load_bri())
    assert (tmp_path / "bri.ics").read_bytes().startswith(b"BEGIN:VCALENDAR\r\n")
