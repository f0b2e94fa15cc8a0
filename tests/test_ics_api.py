"""The iCalendar names are public, documented, and the exporter and importer stay apart."""

from __future__ import annotations

import ast
import inspect
from pathlib import Path

import pytest

import bri_timeline

NAMES = [
    "FeedBuilder",
    "FeedError",
    "FeedOptions",
    "ICalendarError",
    "load_ics",
    "loads_ics",
    "occurrences",
    "to_ics",
    "write_ics",
]
SRC = Path(bri_timeline.__file__).parent


@pytest.mark.parametrize("name", NAMES)
def test_name_is_exported_and_documented(name: str) -> None:
    assert name in bri_timeline.__all__
    assert inspect.getdoc(getattr(bri_timeline, name))


def test_the_readers_keep_their_old_names() -> None:
    from bri_timeline.formats import ical

    assert ical.loads_ics is ical.from_ics
    assert ical.load_ics is ical.read_ics
    assert {"from_ics", "read_ics", "loads_ics", "load_ics"} <= set(ical.__all__)


def imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return {node.module or "" for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)}


def test_the_model_knows_nothing_of_icalendar() -> None:
    for path in (SRC / "model").glob("*.py"):
        text = path.read_text(encoding="utf-8")
        assert "icalendar" not in {name.split(".")[0] for name in imports(path)}, path
        assert "import icalendar" not in text, path
