"""The suite leaves the repository as it found it: each test works in its own tmp_path."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from bri_timeline.delivery.cli import main

ROOT = Path(__file__).resolve().parent.parent

# What belongs at the top of the repository; a file a test wrote by mistake (a relative
# `-o apec-summit-2024` run from the root, say) is not among them.
ROOT_ENTRIES = {
    ".ci",
    ".gitattributes",
    ".github",
    ".gitignore",
    ".pre-commit-config.yaml",
    "CHANGELOG.md",
    "LICENSE",
    "README.md",
    "benchmarks",
    "conftest.py",
    "docs",
    "examples",
    "pyproject.toml",
    "src",
    "tests",
}


def test_each_test_runs_in_its_own_tmp_path(tmp_path: Path) -> None:
    assert Path.cwd() == tmp_path


def test_a_relative_output_path_lands_in_tmp_path(tmp_path: Path) -> None:
    assert main(["export", "-o", "apec-summit-2024"]) == 0
    assert (tmp_path / "apec-summit-2024").read_bytes().startswith(b"BEGIN:VCALENDAR")
    assert not (ROOT / "apec-summit-2024").exists()


def test_the_repository_root_holds_only_the_project_files() -> None:
    git = shutil.which("git")
    if git is None or not (ROOT / ".git").exists():
        pytest.skip("not a git checkout")
    tracked = subprocess.run(
        [git, "ls-files"], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout.splitlines()
    assert {name.split("/", 1)[0] for name in tracked} <= ROOT_ENTRIES
