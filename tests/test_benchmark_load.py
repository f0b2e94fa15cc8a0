"""``benchmarks/load.py`` runs: a small bounded load run on loopback ends with zero errors."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

SCRIPT = Path(__file__).resolve().parent.parent / "benchmarks" / "load.py"


def test_a_small_load_run_has_no_errors() -> None:
    done = subprocess.run(
        [sys.executable, str(SCRIPT), "--clients", "4", "--requests", "60"],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert re.search(r"^feed +60 requests .* errors 0 ", done.stdout, re.M), done.stdout
    assert re.search(r"^baseline +60 requests .* errors 0 ", done.stdout, re.M), done.stdout
    assert "200 full: 20, 200 gzip: 20, 304 conditional: 20" in done.stdout
    assert re.search(r"^ratio feed / baseline \(time per request\): \d+\.\d\d$", done.stdout, re.M)
