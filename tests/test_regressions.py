"""Every input that ever crashed, hung or was mangled (tests/regressions/) gives what it should now.

Files are read as a user's program reads them (``load``, ``load_json``, ``load_ics``),
so that the encoding checks of each loader are part of the case. A case that is
handled must export and read back the same, as everything accepted must. An .ics case
with ``previous = true`` is also given to an export as the previous feed, and must be
refused there with the same error.
"""

from __future__ import annotations

import os
import re
import tomllib
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest

import bri_timeline
from bri_timeline import (
    AllDay,
    Event,
    Limits,
    Recurrence,
    Timeline,
    TimelineError,
    from_edtf,
    load,
    load_ics,
    loads_ics,
    to_ics,
)
from bri_timeline.formats.json_document import load_json, loads_json
from bri_timeline.formats.json_document.write import to_json
from bri_timeline.formats.svg.write import to_svg

FOLDER = Path(__file__).parent / "regressions"
CASES: dict[str, dict[str, Any]] = tomllib.loads((FOLDER / "cases.toml").read_text("utf-8"))
CALL = re.compile(r"(?P<call>.+?) -> (?P<expected>\w+)\s+# (?P<was>.+)")


def _read(path: Path, case: dict[str, Any]) -> Timeline:
    limits = Limits(**case.get("limits", {}))
    if path.suffix == ".ics":
        window = from_edtf(case["window"]) if "window" in case else None
        return load_ics(path, window=window, limits=limits)
    if path.suffix == ".toml":
        return load(path, limits=limits)
    return load_json(path, limits=limits)


def test_every_file_has_a_case_and_every_case_a_file() -> None:
    files = {
        str(path.relative_to(FOLDER))
        for path in FOLDER.rglob("*")
        if path.is_file() and path.parent != FOLDER
    }
    assert files == set(CASES)


@pytest.mark.parametrize("name", sorted(name for name in CASES if CASES[name].get("previous")))
def test_file_as_the_previous_feed(name: str) -> None:
    case = CASES[name]
    path = FOLDER / name
    assert case["outcome"] == "error"
    with pytest.raises(TimelineError) as caught:
        to_ics(Timeline(), previous=path.read_bytes(), previous_name=str(path))
    assert str(caught.value).startswith(str(path))
    assert case["message"] in str(caught.value)


@pytest.mark.parametrize("name", sorted(CASES))
def test_file(name: str) -> None:
    case = CASES[name]
    path = FOLDER / name
    assert case["was"]
    if case["outcome"] == "error or events":
        try:
            timeline = _read(path, case)
        except TimelineError as error:
            refused: TimelineError | None = error
        else:
            refused = None
        if refused is not None:
            assert str(refused).startswith(str(path))
            assert case["message"] in str(refused)
            return
    elif case["outcome"] == "error":
        with pytest.raises(TimelineError) as caught:
            _read(path, case)
        assert str(caught.value).startswith(str(path))
        assert case["message"] in str(caught.value)
        return
    else:
        timeline = _read(path, case)
    assert len(timeline) == case["events"]
    assert loads_ics(to_ics(timeline)) == timeline
    assert loads_json(to_json(timeline)) == timeline


def _calls() -> Iterator[Any]:
    for line in (FOLDER / "api.txt").read_text("utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            match = CALL.fullmatch(line)
            assert match, line
            yield pytest.param(match["call"], match["expected"], id=match["call"][:60])


@pytest.fixture
def devnull() -> Iterator[int]:
    handle = os.open(os.devnull, os.O_RDONLY)
    yield handle
    os.close(handle)  # still open: the loader did not take it for its own


@pytest.mark.parametrize(("call", "expected"), list(_calls()))
def test_call(call: str, expected: str, devnull: int) -> None:
    day = AllDay(date(2024, 11, 14))
    namespace = {
        **{name: getattr(bri_timeline, name) for name in bri_timeline.__all__},
        "date": date,
        "datetime": datetime,
        "timedelta": timedelta,
        "timezone": timezone,
        "ZoneInfo": ZoneInfo,
        "UTC": UTC,
        "to_json": to_json,
        "to_svg": to_svg,
        "DAY": day,
        "EVENT": Event("e", "E", day, recurrence=Recurrence(bri_timeline.Frequency.DAILY, count=3)),
        "TIMELINE": Timeline([Event("a", "A", day)]),
        "DEVNULL_FD": devnull,
    }
    if expected == "ok":
        assert eval(call, namespace)
        return
    with pytest.raises(getattr(bri_timeline, expected)):
        eval(call, namespace)
