"""The documentation: it builds without a warning, documents every public name, shows pictures
that match the renderer, and its Markdown pages hold examples that run (see conftest.py).
"""

from __future__ import annotations

import importlib
import importlib.util
import subprocess
import sys
import zlib
from pathlib import Path
from typing import Any

import pytest

import bri_timeline
from bri_timeline import load_bri
from bri_timeline.formats.svg.write import to_svg

ROOT = Path(__file__).parent.parent
DOCS = ROOT / "docs"
README_PICTURE = DOCS / "images" / "bri-timeline.svg"

# The modules the reference documents besides the package itself (see docs/reference/).


def _documented_modules() -> list[str]:
    """The public modules docs/conf.py documents (besides the package itself)."""
    spec = importlib.util.spec_from_file_location("_docs_conf", ROOT / "docs" / "conf.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    modules: list[str] = module.DOCUMENTED_MODULES
    return [name for name in modules if name != "bri_timeline"]


PUBLIC_MODULES = _documented_modules()


def _inventory(path: Path) -> dict[str, str]:
    """The objects of a Sphinx inventory (objects.inv, version 2): name -> domain:role."""
    data = path.read_bytes()
    header_end = 0
    for _ in range(4):  # four lines of header, then the zlib-compressed body
        header_end = data.index(b"\n", header_end) + 1
    assert data.startswith(b"# Sphinx inventory version 2")
    found: dict[str, str] = {}
    for line in zlib.decompress(data[header_end:]).decode("utf-8").splitlines():
        name, role = line.split(" ", 2)[:2]
        found[name] = role
    return found


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The HTML site, built as the README and CI build it: any warning fails the build."""
    out = tmp_path_factory.mktemp("html")
    command = ["-W", "--keep-going", "-q", "-b", "html", "-d", str(out / ".doctrees")]
    run = subprocess.run(
        [sys.executable, "-m", "sphinx", *command, str(DOCS), str(out)],
        capture_output=True,
        text=True,
        check=False,
        timeout=600,
    )
    assert run.returncode == 0, run.stderr
    assert "WARNING" not in run.stderr, run.stderr
    return out


def test_every_name_in_all_is_in_the_reference(built: Path) -> None:
    inventory = _inventory(built / "objects.inv")
    missing = [name for name in bri_timeline.__all__ if f"bri_timeline.{name}" not in inventory]
    assert missing == []
    assert inventory["bri_timeline"] == "py:module"


@pytest.mark.parametrize("module", PUBLIC_MODULES)
def test_every_name_of_a_public_module_is_in_the_reference(built: Path, module: str) -> None:
    # A name the package re-exports is documented once, as bri_timeline.NAME.
    inventory = _inventory(built / "objects.inv")
    assert inventory.get(module) == "py:module"
    imported = importlib.import_module(module)
    for name in imported.__all__:
        value = getattr(imported, name)
        reexported = getattr(bri_timeline, name, None) is value
        documented_as = f"bri_timeline.{name}" if reexported else f"{module}.{name}"
        assert documented_as in inventory, documented_as


def test_the_pages_show_the_picture_the_renderer_draws(built: Path) -> None:
    picture = (built / "_images" / "bri-timeline.svg").read_text(encoding="utf-8")
    assert picture == to_svg(load_bri())
    for page in ("index.html", "tutorial.html"):
        assert "_images/bri-timeline.svg" in (built / page).read_text(encoding="utf-8")


def test_the_readme_picture_is_what_the_renderer_draws_now() -> None:
    # GitHub cannot run code, so the README shows a committed file. Redraw it with
    #   .venv/bin/bri-timeline plot -o docs/images/bri-timeline.svg
    assert README_PICTURE.read_text(encoding="utf-8") == to_svg(load_bri()), (
        "docs/images/bri-timeline.svg is stale: "
        "run .venv/bin/bri-timeline plot -o docs/images/bri-timeline.svg"
    )
    assert "](docs/images/bri-timeline.svg)" in (ROOT / "README.md").read_text(encoding="utf-8")


# Pages that only include others (the examples page shows the scripts that
# test_examples.py runs), or only hold autodoc directives (whose docstrings' examples run
# under --doctest-modules), or prose and diagrams.
WITHOUT_EXAMPLES = {
    "docs/changelog.md",
    "docs/examples.md",
    "docs/design.md",
    "docs/performance.md",
    "docs/reference/index.md",
    "docs/reference/package.md",
    "docs/reference/strategies.md",
}
PAGES_WITH_EXAMPLES = sorted(
    {
        path.relative_to(ROOT).as_posix()
        for path in [*DOCS.glob("*.md"), *DOCS.glob("reference/*.md"), ROOT / "README.md"]
    }
    - WITHOUT_EXAMPLES
)


def _markdown_runner() -> Any:
    """The root conftest's Sybil (imported by path: tests/conftest.py is also 'conftest')."""
    spec = importlib.util.spec_from_file_location("_docs_conftest", ROOT / "conftest.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.MARKDOWN


@pytest.mark.parametrize("page", PAGES_WITH_EXAMPLES)
def test_the_page_has_examples_that_run(page: str) -> None:
    # conftest.py runs them; this checks that Sybil finds them, so that examples silently
    # skipped (a changed fence, a misspelt language) fail here.
    document = _markdown_runner().parse(ROOT / page)
    assert list(document.examples()), page
