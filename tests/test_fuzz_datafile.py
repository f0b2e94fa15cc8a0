"""Fuzzing the data-file loader: each input gives a timeline or a DataFileError naming the file.

Inputs start from the bundled BRI data and from the data files the library writes
(``to_toml``) for generated timelines, and are mangled (see ``mangling.py``); a
table gives every field its bad values in turn. A timeline that comes back must
export to JSON and iCalendar and read back the same.
"""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from tests.mangling import feed_outcome, mangled, record, rich_bri

from bri_timeline import (
    DataFileError,
    Limits,
    Timeline,
    loads,
)
from bri_timeline.formats.json_document import loads_json
from bri_timeline.formats.json_document.write import to_json
from bri_timeline.formats.toml import load, to_toml
from bri_timeline.strategies import timelines

BRI = files("bri_timeline").joinpath("data", "bri.toml").read_bytes()
RICH = to_toml(rich_bri()).encode()  # with coordinates and repeats, to mangle too

LINES = [
    b"[[events]]",
    b"[timeline]",
    b"[timeline]\nname = 'again'",
    b"x = 1",
    b"a = " + b"[" * 3000 + b"]" * 3000,
    b"a = " + b"{b=" * 2000 + b"1" + b"}" * 2000,
    b'recurrence = { frequency = "DAILY" }',
    b'location = "Lima"',
    b"location = {}",
    b'location = { name = "L", latitude = 1, longitude = 1, x = 1 }',
    b'recurrence = { frequency = "DAILY", count = 3, until = 2030-01-01 }',
    b'categories = ["a", "a"]',
    b'location = { name = "L", latitude = 1 }',
    b'participants = [{ name = "" }]',
    b'inferred = [{ field = "f" }]',
    b'source = { quote = "\\u0000" }',
    b'id = "apec-summit-2024"',
    b'tz = "America/Lima"',
    b'end_tz = "Asia/Kathmandu"',
    b"revision = " + b"9" * 5000,
    b'[[events.overrides]]\noriginal = "2024-11-14"',
    b'overrides = [{ original = "2024-11-13", status = "CANCELLED" }]',
    b'overrides = [{ original = "2024-11-13T10:00", when = "2024-11-13" }]',
    b'unset = ["location"]',
    b'[[events.overrides]]\noriginal = "2024-11-13"\nunset = ["title"]',
]
VALUES: dict[bytes, list[bytes]] = {
    b"when": [
        b'"2024-02-30"',
        b'"0000"',
        b'"99999"',
        b'"2024-11-14T25:00"',
        b'"2024-11-14T09:00:00"',
        b'""',
        b"1",
        b"[]",
        b'"2024-11-14/2024-11-13"',
        b'"18XX/.."',
        b'"9999-12-31T23:59:59-12:00"',
        b'"0001-01-01T00:00:00+14:00"',
        b'"2024-03-31T02:30:00"',
        b'"' + b"9" * 10000 + b'"',
    ],
    b"tz": [b'"America"', b'"localtime"', b'"' + b"a" * 300 + b'"', b'""', b'"Mars/Olympus"', b"1"],
    b"id": [b'""', b'"-x"', b'"' + b"a" * 300 + b'"', b'"x y"', b"1", b'"\\u0000"'],
    b"title": [b'""', b'"\\u0000"', b'"\\r\\n"', b'" "', b"1", b'"' + b"x" * 100_000 + b'"'],
    b"description": [b'"\\u001b[31m"', b'"\\r"', b"'''\n\n'''"],
    b"revision": [b"-1", b"2147483648", b"9" * 5000, b"1.5", b'"1"', b"true"],
    b"updated": [
        b"0001-01-01T00:00:00+01:00",
        b"9999-12-31T23:59:59-01:00",
        b"2024-01-01",
        b"2024-01-01T00:00:00",
        b'"x"',
    ],
    b"latitude": [b"nan", b"inf", b"91", b"1e400", b'"1"', b"9" * 5000],
    b"count": [b"0", b"-1", b"1000000000", b"9" * 100],
    b"frequency": [b'"HOURLY"', b'""', b"1"],
    b"until": [b"0001-01-01", b"9999-12-31", b"2024-01-01T00:00:00", b'"x"'],
    b"name": [b'"\\u0000"', b'"a\\rb"', b"1"],
    b"url": [b'"\\u0000"', b"[]"],
    b"categories": [b'["\\u0000"]', b"[1]", b'"a"', b'[""]'],
}


def outcome(text: str, *, case: str) -> str:
    """Load; a timeline must then export and read back the same. Returns the outcome."""
    try:
        timeline = loads(text, path="fuzz.toml", limits=Limits())
    except DataFileError as error:
        message = str(error)
        assert message.startswith("fuzz.toml"), message
        return record(case, "clear error")
    assert loads_json(to_json(timeline)) == timeline
    return feed_outcome(timeline, case)


def toml_mangled(seed: bytes) -> st.SearchStrategy[bytes]:
    return mangled(seed, lines=LINES, values=VALUES, separator=b"=")


@given(st.sampled_from([BRI, RICH]).flatmap(toml_mangled))
def test_mangled_bri_data(data: bytes) -> None:
    outcome(data.decode("utf-8", errors="replace"), case="data file: mangled BRI data")


@given(timelines(max_size=4).map(lambda t: to_toml(t).encode()).flatmap(toml_mangled))
def test_mangled_data_files_of_generated_timelines(data: bytes) -> None:
    outcome(data.decode("utf-8", errors="replace"), case="data file: mangled generated files")


@given(timelines(max_size=4))
def test_data_files_of_generated_timelines_load(timeline: Timeline) -> None:
    assert outcome(to_toml(timeline), case="data file: valid generated files") == "handled"


@pytest.mark.parametrize(
    ("key", "value"), [(key, value) for key, values in VALUES.items() for value in values]
)
def test_every_bad_value_of_every_field(key: bytes, value: bytes) -> None:
    lines = RICH.split(b"\n")
    found = [i for i, line in enumerate(lines) if line.startswith(key + b" =")]
    lines[found[0]] = key + b" = " + value
    outcome(b"\n".join(lines).decode(), case="data file: bad value of a field")


def test_each_line_missing() -> None:
    lines = BRI.decode().split("\n")[:120]
    for index in range(len(lines)):
        text = "\n".join(lines[:index] + lines[index + 1 :])
        outcome(text, case="data file: a line missing")


@pytest.mark.parametrize("depth", [10, 1_000, 100_000])
def test_deep_nesting_is_an_error(depth: int) -> None:
    with pytest.raises(DataFileError, match=r"fuzz\.toml"):
        loads("x = " + "[" * depth + "]" * depth + "\n", path="fuzz.toml")
    record("data file: deep nesting", "clear error")


@pytest.mark.parametrize(
    ("name", "encode", "words"),
    [
        ("utf-8", lambda text: text.encode(), None),
        ("utf-8 with a BOM", lambda text: text.encode("utf-8-sig"), None),
        ("utf-16", lambda text: text.encode("utf-16"), "is not UTF-8"),
        ("latin-1", lambda text: text.encode("latin-1", errors="replace"), "is not UTF-8"),
        ("CR LF", lambda text: text.replace("\n", "\r\n").encode(), None),
        ("CR only", lambda text: text.replace("\n", "\r").encode(), "is not valid TOML"),
    ],
)
def test_encodings_and_line_ends_of_a_file(
    tmp_path: Path, name: str, encode: Any, words: str | None
) -> None:
    path = tmp_path / "data.toml"
    path.write_bytes(encode(BRI.decode()))
    if words is None:
        assert load(path) == loads(BRI.decode())
        record("data file: encodings and line ends", "handled")
        return
    with pytest.raises(DataFileError, match=words):
        load(path)
    record("data file: encodings and line ends", "clear error")


def test_repeated_ids_are_refused_naming_the_second_line() -> None:
    text = BRI.decode()
    first = text.index("[[events]]")
    second = text.index("[[events]]", first + 1)
    with pytest.raises(DataFileError, match=r"fuzz\.toml:\d+: event .*another event has the same"):
        loads(text + text[first:second], path="fuzz.toml")
    record("data file: repeated ids", "clear error")
