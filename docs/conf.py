"""Sphinx configuration: MyST Markdown pages, autodoc from the docstrings, the furo theme.

Build (warnings are errors, as in CI)::

    .venv/bin/python -m sphinx -W --keep-going -b html docs docs/_build/html

The picture of the bundled BRI timeline is drawn by the library's own renderer
when the build starts (:func:`draw_pictures`), so it is never a stale copy.
"""

from __future__ import annotations

import importlib
from pathlib import Path
from types import ModuleType
from typing import Any

from docutils import nodes
from sphinx.addnodes import pending_xref
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.ext.napoleon import _process_docstring as napoleon_docstring

import bri_timeline
from bri_timeline import load_bri
from bri_timeline.formats.svg.write import to_svg

project = "bri_timeline"
author = "The bri_timeline developers"
copyright = "2024–2026, the bri_timeline developers"
release = bri_timeline.__version__
version = ".".join(release.split(".")[:2])

extensions = [
    "myst_parser",
    "sphinx.ext.autodoc",
    "sphinx.ext.napoleon",
]
source_suffix = {".md": "markdown"}
root_doc = "index"
exclude_patterns = ["_build", "images", "README.md"]
templates_path: list[str] = []

# MyST: anchors for headings (links such as ical.md#times), definition lists, ::: fences.
myst_heading_anchors = 3
myst_enable_extensions = ["deflist", "colon_fence"]

# autodoc and napoleon: Google-style docstrings, documented where users import them.
napoleon_google_docstring = True
napoleon_numpy_docstring = False
napoleon_use_rtype = False
autodoc_member_order = "bysource"
autodoc_typehints = "signature"
autodoc_default_options = {"members": True}

# Every cross-reference must resolve; the standard library and third-party names have no
# inventory here (the build runs offline), so they are not checked.
nitpicky = True
nitpick_ignore_regex = [
    (
        r"py:.*",
        r"(datetime|zoneinfo|collections\.abc|typing|os|io|pathlib|enum|argparse|re|"
        r"hypothesis(\.strategies)?|st|attrs?|icalendar|dateutil|"
        r"wsgiref|waitress|logging|threading|socket|pandas|pyarrow|csv)(\..*)?",
    ),
    (r"py:.*", r"(int|str|bytes|bool|float|object|dict|list|tuple|type|None|Exception)"),
    (r"py:.*", r"(ValueError|KeyError|TypeError|NamedTuple|BinaryIO|Sequence|Iterator)"),
    (r"py:.*", r"(date|datetime|timedelta|tzinfo|ZoneInfo|Any|DrawFn|SearchStrategy)"),
    (r"py:.*", r"(Collection|DataFrame|Table|Schema)"),
]

html_theme = "furo"
html_title = f"bri_timeline {release}"
html_static_path: list[str] = []

# The modules whose names the reference documents, in the order a name is looked up: a
# name in bri_timeline.__all__ is documented as bri_timeline.NAME, wherever it is defined.
DOCUMENTED_MODULES = [
    "bri_timeline",
    "bri_timeline.changes",
    "bri_timeline.formats.ical.write",
    "bri_timeline.formats.ical.read",
    "bri_timeline.formats.ical.jcal",
    "bri_timeline.formats.toml.read",
    "bri_timeline.formats.toml.write",
    "bri_timeline.formats.toml.bundled",
    "bri_timeline.formats.json_document.read",
    "bri_timeline.formats.json_document.write",
    "bri_timeline.formats.timelinejs.write",
    "bri_timeline.formats.timelinejs.read",
    "bri_timeline.formats.csv_table.write",
    "bri_timeline.formats.csv_table.read",
    "bri_timeline.formats.csv_table.sheet",
    "bri_timeline.formats.pandas_frame.write",
    "bri_timeline.formats.pandas_frame.read",
    "bri_timeline.formats.arrow_table.write",
    "bri_timeline.formats.arrow_table.read",
    "bri_timeline.formats.svg.write",
    "bri_timeline.formats.html_page.write",
    "bri_timeline.formats.text.write",
    "bri_timeline.delivery.server",
    "bri_timeline.delivery.live_feed",
    "bri_timeline.delivery.runner",
    "bri_timeline.delivery.site",
    "bri_timeline.strategies",
]

GENERATED = Path(__file__).parent / "_generated"


def draw_pictures(app: Sphinx) -> None:
    """Draw the BRI timeline with the library's own SVG renderer, for the pages to show."""
    GENERATED.mkdir(exist_ok=True)
    picture = GENERATED / "bri-timeline.svg"
    svg = to_svg(load_bri())
    if not picture.exists() or picture.read_text(encoding="utf-8") != svg:
        picture.write_text(svg, encoding="utf-8")


def _lookup(target: str) -> tuple[ModuleType, object, list[str]] | None:
    """The module, the object a dotted name reaches, and the attributes taken after the module."""
    parts = target.split(".")
    for cut in range(len(parts) - 1, 0, -1):
        try:
            module: ModuleType = importlib.import_module(".".join(parts[:cut]))
        except ImportError:
            continue
        found: object = module
        for name in parts[cut:]:
            found = getattr(found, name, _MISSING)
            if found is _MISSING:
                return None
        return module, found, parts[cut:]
    return None


_MISSING = object()


def _public_name(target: str) -> str | None:
    """Where the reference documents the object a dotted name reaches, if anywhere.

    ``bri_timeline.model.times.AllDay`` is documented as ``bri_timeline.AllDay``;
    ``bri_timeline.timeline.Timeline.at`` as ``bri_timeline.Timeline.at``.
    """
    found = _lookup(target)
    if found is None:
        return None
    module, _, attributes = found
    head = getattr(module, attributes[0])
    for public in DOCUMENTED_MODULES:
        try:
            documented = importlib.import_module(public)
        except ImportError:  # autodoc reports it where the module is documented
            continue
        for name in getattr(documented, "__all__", ()):
            if getattr(documented, name) is head:
                return ".".join([public, name, *attributes[1:]])
    return None


def _candidates(node: pending_xref) -> list[str]:
    """The dotted names a reference may mean, from where it stands in the reference."""
    target: str = node["reftarget"]
    module, cls = node.get("py:module"), node.get("py:class")
    names = [target]
    if module:
        names.append(f"{module}.{target}")
        # The module that defines the object being documented: its docstring names its
        # neighbours (``OPEN_END`` in the docstring of ``OpenEnded``) from there.
        documented = _lookup(f"{module}.{cls}") if cls else None
        home = getattr(documented[1], "__module__", None) if documented else None
        if cls:
            names.append(f"{module}.{cls}.{target}")
            if home:
                names += [f"{home}.{cls}.{target}", f"{home}.{target}"]
    return names


def resolve_private_paths(
    app: Sphinx, env: BuildEnvironment, node: pending_xref, contnode: nodes.TextElement
) -> nodes.Element | None:
    """Resolve a reference to a name by the path of the module that defines it.

    Docstrings name objects where they are defined (``bri_timeline.model.times.AllDay``);
    the reference documents them where users import them (``bri_timeline.AllDay``). A name
    that exists in the code but is not documented (a private helper, an attrs field) is shown
    as code without a link; a name that does not exist stays an error.
    """
    if node.get("refdomain") != "py":
        return None
    domain: Any = env.get_domain("py")
    candidates = _candidates(node)
    for candidate in candidates:
        public = _public_name(candidate)
        if public is not None and public != node["reftarget"]:
            found: nodes.Element | None = domain.resolve_xref(
                env, node["refdoc"], app.builder, node["reftype"], public, node, contnode
            )
            if found is not None:
                return found
    if any(
        candidate.startswith("bri_timeline.") and _lookup(candidate) is not None
        for candidate in candidates
    ):
        return contnode
    return None


def napoleon_except_attributes(
    app: Sphinx,
    what: Any,  # autodoc's kind of object: "class", "method", "attribute", ...
    name: str,
    obj: object,
    options: Any,
    lines: list[str],
) -> None:
    """Napoleon's Google-style parsing, except for attributes, properties and data.

    Napoleon reads the first line of an attribute's docstring as ``type: description``, so
    "The exclusive end: the day after last." would show "The exclusive end" as a type. Our
    attribute docstrings are plain sentences, and have no sections to parse.
    """
    if what not in {"attribute", "property", "data"}:
        napoleon_docstring(app, what, name, obj, options, lines)


def attrs_defaults(
    app: Sphinx,
    what: str,
    name: str,
    obj: object,
    options: Any,
    signature: str | None,
    return_annotation: str | None,
) -> tuple[str | None, str | None] | None:
    """Show an attrs default computed from other fields as ``...``, not as attrs' ``NOTHING``.

    The docstring says what it is (``end`` defaults to ``start``).
    """
    if signature is None or "NOTHING" not in signature:
        return None
    return signature.replace("= NOTHING", "= ...").replace("=NOTHING", "=..."), return_annotation


def setup(app: Sphinx) -> dict[str, Any]:
    """Connect the picture and the reference resolver to the build."""
    app.connect("builder-inited", draw_pictures)
    app.connect("missing-reference", resolve_private_paths)
    app.connect("autodoc-process-signature", attrs_defaults)
    for listener in list(app.events.listeners["autodoc-process-docstring"]):
        if listener.handler is napoleon_docstring:
            app.disconnect(listener.id)
    app.connect("autodoc-process-docstring", napoleon_except_attributes)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
