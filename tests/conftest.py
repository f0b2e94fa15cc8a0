"""Shared test set-up: hypothesis profiles, and each test's working directory.

``ci`` (the default under CI=true): derandomized, modest example counts, so a
run is repeatable and bounded. ``ci-random``: a short random pass that
``.ci/run`` makes with a new seed each run (printed), so that a hole the fixed
examples never draw shows in CI before a new user's first run meets it.
``dev`` (the default elsewhere): random, more examples. ``long``: for a
deliberate hunt (``HYPOTHESIS_PROFILE=long``).

Every test runs with its working directory in its own ``tmp_path``, so that a
relative path a test (or the command line it runs) writes to lands there and
never in the repository. Hypothesis keeps its example database in the
repository's ``.hypothesis/`` (ignored by git) whatever the working directory.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings
from hypothesis.database import DirectoryBasedExampleDatabase

ROOT = Path(__file__).resolve().parent.parent

settings.register_profile(
    "ci",
    derandomize=True,
    max_examples=60,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow],
    print_blob=True,
)
settings.register_profile(
    "ci-random",
    max_examples=25,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow],
    print_blob=True,
)
settings.register_profile(
    "dev",
    max_examples=100,
    deadline=None,
    database=DirectoryBasedExampleDatabase(ROOT / ".hypothesis" / "examples"),
    suppress_health_check=[HealthCheck.too_slow],
)
settings.register_profile("long", settings.get_profile("dev"), max_examples=2000)
settings.load_profile(
    os.environ.get("HYPOTHESIS_PROFILE") or ("ci" if os.environ.get("CI") else "dev")
)


@pytest.fixture(autouse=True)
def _work_in_tmp_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Run each test in its own temporary folder: nothing it writes lands in the repository.

    ``SOURCE_DATE_EPOCH`` is unset (a packager's build sets it, and it would stamp every
    feed): a test that wants it sets it itself.
    """
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    """With FUZZ_TALLY=1, a table of the fuzz and fault cases run and their outcomes."""
    if not os.environ.get("FUZZ_TALLY"):
        return
    from tests.mangling import TALLY

    terminalreporter.section("fuzz and fault cases")
    for (case, outcome), number in sorted(TALLY.items()):
        terminalreporter.write_line(f"{number:>7}  {outcome:<12} {case}")
