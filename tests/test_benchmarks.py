"""The benchmark commands run to the end: every case of each script, at a tiny size, in seconds.

The README's command (``benchmarks/run.py ... && benchmarks/load.py``) once stopped
half way, at an import the default limits refused; these runs keep every case working.
They time nothing: speed is for the benchmarks to report, not for the tests to assert.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

BENCHMARKS = Path(__file__).resolve().parent.parent / "benchmarks"

# Which rows each case of run.py prints (a new case must be added here).
RUN_ROWS = {
    "build": "build (Python)",
    "windows": "window 7d (per query)",
    "points": "at (per query)",
    "pairs": "all overlapping pairs",
    "changes": "diff, 1% changed",
    "export": "export .ics",
    "import": "import .ics",
    "parse": "parse .ics (tree)",
    "rebuild": "rebuild, 1 changed",
    "jcal": "export jCal",
    "vague": "vague: sort + 100 windows",
    "repeating": "endless daily, week 2090",
    "csv-read": "read CSV",
    "csv-write": "write CSV",
    "duckdb-pairs": "pairs, ours vs DuckDB",
    "sync": "sync, first",
}
SYNC_SIZE = 20  # the sync case runs once, at its own N: each event is a request to Radicale


def run(tmp_path: Path, script: str, *arguments: str) -> str:
    """The script's output; it runs in tmp_path, and must end with status 0."""
    command = [sys.executable, str(BENCHMARKS / script), *arguments]
    # A wide terminal, so that argparse does not wrap a list of cases in the middle of a name.
    environment = {**os.environ, "COLUMNS": "1000"}
    try:
        done = subprocess.run(
            command,
            capture_output=True,
            text=True,
            timeout=600,
            check=True,
            cwd=tmp_path,
            env=environment,
        )
    except subprocess.CalledProcessError as error:
        pytest.fail(f"{script} failed:\n{error.stdout}{error.stderr}")
    return done.stdout


def cases_of(tmp_path: Path, script: str) -> list[str]:
    """The cases a script offers, as its --help lists them."""
    # argparse wraps the help at spaces and after hyphens: join the pieces again.
    text = re.sub(r"-\s+", "-", " ".join(run(tmp_path, script, "--help").split()))
    found = re.search(r"from ([a-z-]+(?:,[a-z-]+)+)", text)
    assert found is not None
    return found[1].split(",")


def test_every_case_of_run_py_runs_to_the_end(tmp_path: Path) -> None:
    assert cases_of(tmp_path, "run.py") == list(RUN_ROWS)
    output = run(
        tmp_path, "run.py", "--sizes", "300", "--repeat", "1", "--memory",
        "--sync-size", str(SYNC_SIZE),
    )  # fmt: skip
    for case, row in RUN_ROWS.items():
        # The sync case runs at its own N; the endless rule's row is one event, whatever N.
        size = {"sync": SYNC_SIZE, "repeating": 1}.get(case, 300)
        assert re.search(rf"^{re.escape(row)} +N= +{size} .* ratio +\S+$", output, re.M), case
    assert re.search(r"^memory per event +N= +300 +\d+ bytes", output, re.M), output


def test_every_case_of_limits_py_runs_to_the_end(tmp_path: Path) -> None:
    cases = cases_of(tmp_path, "limits.py")
    output = run(tmp_path, "limits.py", "--scale", "20000", "--tmp", str(tmp_path))
    for case in cases:
        # Each input is as large as its (scaled) limit lets in, and loads; our feed of the
        # 1,000,000 events the docs claim (here 50, against max_bytes / 20,000) among them.
        # Only a rule that never matches is refused.
        if case == "empty-months":
            outcome = r"refused: Limits\.max_empty_months"
        else:
            outcome = r"[\d,]+ events"
        assert re.search(rf"^{case} .* -> {outcome}$", output, re.M), case
    assert output.count("ratio time") == len(cases), output
    assert list(tmp_path.iterdir()) == []  # the inputs are removed


def test_a_small_load_run_has_no_errors(tmp_path: Path) -> None:
    output = run(tmp_path, "load.py", "--clients", "4", "--requests", "60")
    assert re.search(r"^feed +60 requests .* errors 0 ", output, re.M), output
    assert re.search(r"^baseline +60 requests .* errors 0 ", output, re.M), output
    assert "200 full: 20, 200 gzip: 20, 304 conditional: 20" in output
    assert re.search(r"^ratio feed / baseline \(time per request\): \d+\.\d\d$", output, re.M)


def test_the_corpus_comparison_runs_to_the_end(tmp_path: Path) -> None:
    output = run(tmp_path, "corpus.py", "--files", "4", "--list")
    assert re.search(r"^4 files, window \[1990-01-01, 2040-01-01\)$", output, re.M), output
    counts = re.findall(r"^(?:agree|differ|refused by .*|read by .*?) +(\d+)$", output, re.M)
    assert len(counts) == 5
    assert sum(map(int, counts)) == 4, output
    assert len(re.findall(r"^(?:agree|differ|refused|read) .*\.ics: ", output, re.M)) == 4
