"""Run the examples in the Markdown pages (``docs/*.md``, ``README.md``) with Sybil.

Each page runs in a fresh temporary folder of its own, like a reader in a new
terminal, holding a copy of the example data files (``examples/*.toml``, which
pages show with ``literalinclude``). A page's examples share one namespace and
that folder, in page order:

* ```` ```python ```` blocks run: as doctests when they start with ``>>>`` (their
  shown output is checked, with the suite's ``ELLIPSIS`` and
  ``NORMALIZE_WHITESPACE``), else as plain code.
* ```` ```console ```` blocks run each ``$ bri-timeline ...`` line through the
  command's ``main`` and check that stdout and stderr (as a terminal shows them)
  match the lines that follow (``...`` matches anything). Every command in a
  console block must be ``bri-timeline``: install steps go in ```` ```sh ````
  blocks, which are shown, not run (CI runs the README's commands itself).
* ```` ```toml ```` blocks must load as a data file. A ```` ```{code-block} ````
  with a ``:caption:`` naming a file (``my-timeline.toml``, ``meetings.ics``) is
  written to that file instead, so that the page's commands read it (and show
  the errors of a broken one).
"""

from __future__ import annotations

import contextlib
import doctest
import io
import os
import re
import shlex
import shutil
import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from sybil import Document, Example, Region, Sybil
from sybil.integration import pytest as sybil_pytest
from sybil.parsers.markdown.lexers import FencedCodeBlockLexer
from sybil.parsers.myst import PythonCodeBlockParser
from sybil.parsers.myst.lexers import DirectiveLexer

collect_ignore = ["docs/conf.py"]  # Sphinx's configuration, not a module to doctest

_FILE_NAME = re.compile(r"[\w.-]+\.\w+")
_CHECKER = doctest.OutputChecker()


EXAMPLES = Path(__file__).parent / "examples"


def _setup(namespace: dict[str, Any]) -> None:
    folder = tempfile.mkdtemp(prefix="bri-docs-")
    for data in EXAMPLES.glob("*.toml"):  # the example data files the pages include
        shutil.copy(data, folder)
    namespace["_page"] = (os.getcwd(), folder)
    os.chdir(folder)


def _teardown(namespace: dict[str, Any]) -> None:
    home, folder = namespace["_page"]
    os.chdir(home)
    shutil.rmtree(folder, ignore_errors=True)


def _run(argv: list[str]) -> str:
    """Run ``bri-timeline argv`` in-process; what it printed to stdout and stderr."""
    from bri_timeline.delivery.cli import main

    printed = io.StringIO()
    columns = os.environ.get("COLUMNS")
    os.environ["COLUMNS"] = "100"  # argparse wraps its messages to the terminal's width
    try:
        with (
            contextlib.redirect_stdout(printed),
            contextlib.redirect_stderr(printed),
            contextlib.suppress(SystemExit),  # argparse: --help, a bad command line
        ):
            main(argv)
    finally:
        if columns is None:
            del os.environ["COLUMNS"]
        else:
            os.environ["COLUMNS"] = columns
    return printed.getvalue()


def _commands(source: str) -> list[tuple[list[str], str]]:
    """A console block as (argv, expected output) pairs."""
    found: list[tuple[list[str], str]] = []
    for line in source.splitlines(keepends=True):
        if line.startswith("$ "):
            words = shlex.split(line[2:])
            if words[:1] != ["bri-timeline"]:
                raise ValueError(f"a console example must run bri-timeline, not: {line.strip()}")
            found.append((words[1:], ""))
        elif not found:
            raise ValueError(f"a console example must start with '$ bri-timeline': {line!r}")
        else:
            argv, expected = found[-1]
            found[-1] = (argv, expected + line)
    return found


def _evaluate_console(example: Example) -> str | None:
    for argv, expected in example.parsed:
        got = _run(argv)
        if not _CHECKER.check_output(expected, got, doctest.ELLIPSIS):
            command = shlex.join(["bri-timeline", *argv])
            return f"$ {command}\nExpected:\n{expected}Got:\n{got}"
    return None


def _parse_console(document: Document) -> Iterable[Region]:
    lexer = FencedCodeBlockLexer(language="console")
    for region in lexer(document):
        region.parsed = _commands(region.lexemes["source"])
        region.evaluator = _evaluate_console
        yield region


def _evaluate_toml(example: Example) -> None:
    from bri_timeline import loads

    name, text = example.parsed
    loads(text, path=name or "<toml example>")


def _evaluate_file(example: Example) -> None:
    name, text = example.parsed
    Path(name).write_text(text, encoding="utf-8")


def _parse_files(document: Document) -> Iterable[Region]:
    for region in FencedCodeBlockLexer(language="toml")(document):
        region.parsed = (None, str(region.lexemes["source"]))
        region.evaluator = _evaluate_toml
        yield region
    for region in DirectiveLexer(directive="code-block", arguments=".+")(document):
        caption = region.lexemes["options"].get("caption")
        language = region.lexemes["arguments"].strip()
        if caption is None or not _FILE_NAME.fullmatch(caption):
            if language == "toml":
                region.parsed = (None, str(region.lexemes["source"]))
                region.evaluator = _evaluate_toml
                yield region
            continue
        region.parsed = (caption, str(region.lexemes["source"]))
        region.evaluator = _evaluate_file
        yield region


def _keep_short_tracebacks() -> None:
    """Report an error raised around an example, not in it, instead of crashing pytest.

    Sybil trims a failure's traceback to the example's frames; an error that pytest raises
    after the example ran (a file an example left open, turned into an error by
    ``filterwarnings = ["error"]``) has none, and the trimming raises IndexError inside
    pytest's reporting (INTERNALERROR). Then the whole traceback is shown.
    """
    item = getattr(sybil_pytest, "SybilItem", None)
    trim = getattr(item, "_traceback_filter", None)
    if item is None or trim is None:
        return

    def trim_or_keep(self: Any, excinfo: Any) -> Any:
        try:
            return trim(self, excinfo)
        except IndexError:
            return excinfo.traceback

    item._traceback_filter = trim_or_keep


_keep_short_tracebacks()

MARKDOWN = Sybil(
    parsers=[
        PythonCodeBlockParser(doctest_optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE),
        _parse_console,
        _parse_files,
    ],
    patterns=["*.md"],
    setup=_setup,
    teardown=_teardown,
)

pytest_collect_file = MARKDOWN.pytest()
