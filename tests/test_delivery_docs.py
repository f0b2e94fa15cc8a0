"""The examples in docs/serving.md and docs/publishing.md run."""

from __future__ import annotations

import doctest
from pathlib import Path

import pytest

DOCS = Path(__file__).parent.parent / "docs"


@pytest.mark.parametrize("name", ["serving.md", "publishing.md"])
def test_delivery_doc_examples_run(name: str) -> None:
    failures, tried = doctest.testfile(str(DOCS / name), module_relative=False, verbose=False)
    assert tried >= 3
    assert failures == 0
