"""The examples in docs/ical.md run."""

from __future__ import annotations

import doctest
from pathlib import Path

DOC = Path(__file__).parent.parent / "docs" / "ical.md"


def test_ical_doc_examples_run() -> None:
    failures, tried = doctest.testfile(str(DOC), module_relative=False, verbose=False)
    assert tried >= 2
    assert failures == 0
