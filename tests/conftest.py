"""Shared test set-up: hypothesis profiles.

``ci`` (the default under CI=true): derandomized, modest example counts, so a
run is repeatable and bounded. ``dev`` (the default elsewhere): random, more
examples. ``long``: for a deliberate hunt (``HYPOTHESIS_PROFILE=long``).
"""

from __future__ import annotations

import os

import pytest
from hypothesis import HealthCheck, settings

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
    "dev", max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.register_profile(
    "long", max_examples=2000, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.load_profile(
    os.environ.get("HYPOTHESIS_PROFILE") or ("ci" if os.environ.get("CI") else "dev")
)


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    """With FUZZ_TALLY=1, a table of the fuzz and fault cases run and their outcomes."""
    if not os.environ.get("FUZZ_TALLY"):
        return
    from tests.mangling import TALLY

    terminalreporter.section("fuzz and fault cases")
    for (case, outcome), number in sorted(TALLY.items()):
        terminalreporter.write_line(f"{number:>7}  {outcome:<12} {case}")
