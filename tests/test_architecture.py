"""The import rule of docs/architecture.md, checked over every module of the package.

Data flows one way, and imports point the other way, down the layers:

    errors, limits <- model <- timeline (and its index) <- formats <- delivery <- the package

A module imports only from its own layer or the layers below it, and a format imports no
other format (``bri_timeline.formats._*`` are helpers that formats share: they import no
format). Every import counts, also one inside a function or under ``TYPE_CHECKING``.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import bri_timeline

SRC = Path(bri_timeline.__file__).resolve().parent

# The layer of each top-level part of the package, from the bottom.
LAYERS = {
    "errors": 0,
    "limits": 0,
    "notes": 0,
    "_version": 0,
    "model": 1,
    "timeline": 2,
    "_index": 2,
    "_repeating": 2,
    "_gaps": 2,
    "changes": 2,
    "strategies": 2,
    "formats": 3,
    "delivery": 4,
    "__init__": 5,
    "__main__": 5,
}


def module_name(path: Path) -> str:
    parts = path.relative_to(SRC.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def layer(module: str) -> int:
    parts = module.split(".")
    if len(parts) == 1:  # the package itself
        return LAYERS["__init__"]
    return LAYERS[parts[1]]


def format_of(module: str) -> str | None:
    """The format package a module belongs to (None outside formats, or a shared helper)."""
    parts = module.split(".")
    if len(parts) < 3 or parts[1] != "formats" or parts[2].startswith("_"):
        return None
    return parts[2]


def imported(path: Path, module: str) -> set[str]:
    """Every bri_timeline module that a file imports, relative imports resolved."""
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - node.level + 1]
                names.add(".".join([*base, node.module] if node.module else base))
            elif node.module:
                names.add(node.module)
    return {name for name in names if name.split(".")[0] == "bri_timeline"}


MODULES = sorted(SRC.rglob("*.py"))


def test_every_part_of_the_package_has_a_layer() -> None:
    parts = {path.relative_to(SRC).parts[0].removesuffix(".py") for path in MODULES}
    assert parts <= set(LAYERS), sorted(parts - set(LAYERS))


def violations(path: Path, module: str) -> list[str]:
    """What in one file breaks the rule, in words."""
    found = []
    for name in sorted(imported(path, module)):
        if layer(name) > layer(module):
            found.append(f"{module} imports {name}, a layer above it")
        own, other = format_of(module), format_of(name)
        if module.startswith("bri_timeline.formats.") and other not in (None, own):
            found.append(f"{module} imports the format {name}")
    return found


@pytest.mark.parametrize("path", MODULES, ids=lambda path: str(path.relative_to(SRC)))
def test_imports_point_down_and_formats_stay_apart(path: Path) -> None:
    assert violations(path, module_name(path)) == []


@pytest.mark.parametrize(
    ("module", "source", "expected"),
    [
        ("bri_timeline.model.bad", "from bri_timeline.timeline import Timeline", "a layer above"),
        ("bri_timeline.model.bad", "def f():\n    import bri_timeline.delivery.cli", "above"),
        ("bri_timeline.formats.ical.bad", "from bri_timeline.formats.toml import read", "format"),
        ("bri_timeline.formats._bad", "from .svg import write", "the format"),
        ("bri_timeline.formats.ical.bad", "from .._where import Where", None),
        ("bri_timeline.formats.ical.bad", "from . import _lines", None),
    ],
)
def test_the_checker_sees_what_breaks_the_rule(
    tmp_path: Path, module: str, source: str, expected: str | None
) -> None:
    path = tmp_path / "bad.py"
    path.write_text(source, encoding="utf-8")
    found = violations(path, module)
    if expected is None:
        assert found == []
    else:
        assert len(found) == 1
        assert expected in found[0]
