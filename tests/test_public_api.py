"""The public API: what ``__all__`` promises imports, is sorted, and is documented."""

from __future__ import annotations

import enum
import importlib
import inspect
import pkgutil
import types
from typing import Any

import pytest

import bri_timeline

MODULES = sorted(
    name
    for _, name, _ in pkgutil.walk_packages(bri_timeline.__path__, prefix="bri_timeline.")
    if name != "bri_timeline.__main__"  # running it is the CLI; test_cli covers it
)
MODULES_WITH_ALL = [
    name for name in ["bri_timeline", *MODULES] if hasattr(importlib.import_module(name), "__all__")
]


def _documented(value: object) -> bool:
    doc = inspect.getdoc(value)
    return bool(doc and doc.strip())


def test_every_name_in_all_imports() -> None:
    namespace: dict[str, Any] = {}
    exec("from bri_timeline import *", namespace)
    assert set(bri_timeline.__all__) <= set(namespace)
    for name in bri_timeline.__all__:
        assert getattr(bri_timeline, name) is namespace[name]


def test_the_packages_all_is_sorted() -> None:
    assert bri_timeline.__all__ == sorted(bri_timeline.__all__)


def _isort_style(name: str) -> tuple[int, str]:
    # As ruff (RUF022) keeps __all__: CONSTANTS, then Classes, then the rest.
    return (0 if name.isupper() else 1 if name[:1].isupper() else 2), name


@pytest.mark.parametrize("module", MODULES_WITH_ALL)
def test_all_is_sorted_unique_and_importable(module: str) -> None:
    names = importlib.import_module(module).__all__
    assert list(names) == sorted(names, key=_isort_style)
    assert len(set(names)) == len(names)
    imported = importlib.import_module(module)
    for name in names:
        assert hasattr(imported, name), f"{module}.{name}"


def test_the_public_package_reexports_the_models_api() -> None:
    from bri_timeline import model

    assert set(model.__all__) <= set(bri_timeline.__all__)


def test_version_is_a_version() -> None:
    parts = bri_timeline.__version__.split(".")
    assert len(parts) == 3
    assert all(part.isdigit() for part in parts)


@pytest.mark.parametrize("module", ["bri_timeline", *MODULES])
def test_every_module_has_a_docstring(module: str) -> None:
    assert _documented(importlib.import_module(module)), module


def _public_objects() -> list[tuple[str, object]]:
    found: list[tuple[str, object]] = []
    for module in MODULES_WITH_ALL:
        imported = importlib.import_module(module)
        for name in imported.__all__:
            value = getattr(imported, name)
            if callable(value) and not isinstance(value, types.UnionType):
                found.append((f"{module}.{name}", value))
    return found


PUBLIC_OBJECTS = _public_objects()


@pytest.mark.parametrize(("name", "value"), PUBLIC_OBJECTS, ids=[n for n, _ in PUBLIC_OBJECTS])
def test_every_public_callable_and_class_has_a_docstring(name: str, value: object) -> None:
    if inspect.isclass(value):
        # Its own docstring, not one inherited from a base (Exception, Enum, object).
        assert isinstance(value.__dict__.get("__doc__"), str), name
    assert _documented(value), name


def _public_members() -> list[tuple[str, object]]:
    found: dict[str, object] = {}
    for module in MODULES_WITH_ALL:
        imported = importlib.import_module(module)
        for name in imported.__all__:
            cls = getattr(imported, name)
            if not inspect.isclass(cls) or not cls.__module__.startswith("bri_timeline"):
                continue
            for member, value in vars(cls).items():
                if member.startswith("_") or (
                    issubclass(cls, enum.Enum) and isinstance(value, cls)
                ):
                    continue
                if isinstance(value, property | classmethod | staticmethod) or inspect.isfunction(
                    value
                ):
                    found[f"{cls.__module__}.{cls.__qualname__}.{member}"] = value
    return sorted(found.items())


PUBLIC_MEMBERS = _public_members()


@pytest.mark.parametrize(("name", "value"), PUBLIC_MEMBERS, ids=[n for n, _ in PUBLIC_MEMBERS])
def test_every_public_method_and_property_has_a_docstring(name: str, value: object) -> None:
    if isinstance(value, classmethod | staticmethod):
        value = value.__func__
    assert _documented(value), name


def test_errors_form_one_tree_with_builtin_bases() -> None:
    errors = [
        getattr(bri_timeline, name)
        for name in bri_timeline.__all__
        if inspect.isclass(getattr(bri_timeline, name))
        and issubclass(getattr(bri_timeline, name), Exception)
    ]
    assert bri_timeline.TimelineError in errors
    for error in errors:
        assert issubclass(error, bri_timeline.TimelineError)
        if error is not bri_timeline.TimelineError:
            # a bad input is a ValueError or a LookupError; a server that cannot be reached
            # (the CalDAV sync) is the ConnectionError a caller of the network catches
            assert issubclass(error, ValueError | LookupError | ConnectionError), error


def test_strategies_are_public_and_listed() -> None:
    from bri_timeline import strategies

    for name in strategies.__all__:
        value = getattr(strategies, name)
        assert _documented(value) or isinstance(value, tuple), name
