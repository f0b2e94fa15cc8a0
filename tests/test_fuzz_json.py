"""Fuzzing the JSON loader: each input gives a timeline or a DataFileError naming the file.

Inputs start from the JSON export of the BRI data and of generated timelines,
and are mangled (see ``mangling.py``); a table gives every field its bad values
in turn. A timeline that comes back must export and read back the same.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from tests.mangling import feed_outcome, mangled, record, rich_bri

from bri_timeline import DataFileError, Limits, Timeline, load_bri
from bri_timeline.formats.json_document import load_json, loads_json
from bri_timeline.formats.json_document.write import to_json
from bri_timeline.strategies import timelines

BRI = to_json(load_bri()).encode()
RICH = to_json(rich_bri()).encode()  # with coordinates and repeats, to mangle too

LINES = [
    b'"extra": 1,',
    b'"events": [],',
    b'"id": "apec-summit-2024",',
    b"{",
    b"}",
    b"[" * 3000,
    b'"format": "bri-timeline",',
    b'"version": 2,',
    b'"recurrence": {"frequency": "DAILY", "count": 3, "until": "2030-01-01"},',
    b'"location": {"name": "L", "latitude": NaN, "longitude": 1},',
    b'"revision": ' + b"9" * 5000 + b",",
    b'"title": "' + b"\\u0000" + b'",',
]
VALUES: dict[bytes, list[bytes]] = {
    b'"when"': [
        b'"2024-02-30"',
        b'"0000"',
        b'"2024-11-14T25:00"',
        b'"2024-11-14T09:00:00"',
        b'""',
        b"1",
        b"null",
        b'"9999-12-31T23:59:59-12:00"',
        b'"0001-01-01T00:00:00+14:00"',
    ],
    b'"tz"': [b'"America"', b'"localtime"', b'"' + b"a" * 300 + b'"', b'""', b"1"],
    b'"id"': [b'""', b'"-x"', b'"' + b"a" * 300 + b'"', b"1", b"null", b'"\\ud800"'],
    b'"title"': [
        b'""',
        b'"\\u0000"',
        b'"\\r\\n"',
        b'"\\ud800"',
        b"[]",
        b'"' + b"x" * 100_000 + b'"',
    ],
    b'"revision"': [b"-1", b"2147483648", b"9" * 5000, b"1.5", b'"1"', b"true", b"1e400"],
    b'"updated"': [
        b'"0001-01-01T00:00:00+01:00"',
        b'"9999-12-31T23:59:59-01:00"',
        b'"2024-01-01"',
        b'"2024-01-01T00:00:00"',
        b"1",
    ],
    b'"latitude"': [b"NaN", b"Infinity", b"91", b"1e400", b'"1"', b"9" * 5000],
    b'"count"': [b"0", b"-1", b"1000000000", b"9" * 100],
    b'"until"': [b'"0001-01-01"', b'"9999-12-31T23:59:59-12:00"', b'"x"', b"1"],
    b'"format"': [b'"ics"', b"null", b"1"],
    b'"version"': [b"2", b"1.0", b'"1"', b"9" * 5000],
    b'"name"': [b'"\\u0000"', b'"a\\rb"', b"1"],
    b'"categories"': [b'["\\u0000"]', b"[1]", b'"a"', b'[""]', b'["a", "a"]'],
}


def outcome(text: str, *, case: str) -> str:
    """Load; a timeline must then export and read back the same. Returns the outcome."""
    try:
        timeline = loads_json(text, path="fuzz.json", limits=Limits())
    except DataFileError as error:
        message = str(error)
        assert message.startswith("fuzz.json"), message
        return record(case, "clear error")
    assert loads_json(to_json(timeline)) == timeline
    return feed_outcome(timeline, case)


def json_mangled(seed: bytes) -> st.SearchStrategy[bytes]:
    return mangled(seed, lines=LINES, values=VALUES, separator=b":")


@given(st.sampled_from([BRI, RICH]).flatmap(json_mangled))
def test_mangled_bri_document(data: bytes) -> None:
    outcome(data.decode("utf-8", errors="replace"), case="JSON: mangled BRI document")


@given(timelines(max_size=4).map(lambda t: to_json(t).encode()).flatmap(json_mangled))
def test_mangled_documents_of_generated_timelines(data: bytes) -> None:
    outcome(data.decode("utf-8", errors="replace"), case="JSON: mangled generated documents")


@given(timelines(max_size=4))
def test_documents_of_generated_timelines_round_trip(timeline: Timeline) -> None:
    assert outcome(to_json(timeline), case="JSON: valid generated documents") == "handled"


@pytest.mark.parametrize(
    ("key", "value"), [(key, value) for key, values in VALUES.items() for value in values]
)
def test_every_bad_value_of_every_field(key: bytes, value: bytes) -> None:
    lines = RICH.split(b"\n")
    found = [i for i, line in enumerate(lines) if line.lstrip().startswith(key + b":")]
    line = lines[found[0]]
    comma = b"," if line.endswith(b",") else b""
    lines[found[0]] = line.partition(b":")[0] + b": " + value + comma
    outcome(b"\n".join(lines).decode(), case="JSON: bad value of a field")


@pytest.mark.parametrize("depth", [10, 1_000, 100_000])
def test_deep_nesting_is_an_error(depth: int) -> None:
    with pytest.raises(DataFileError, match=r"fuzz\.json"):
        loads_json("[" * depth + "]" * depth, path="fuzz.json")
    record("JSON: deep nesting", "clear error")


@pytest.mark.parametrize(
    ("name", "encode", "words"),
    [
        ("utf-8", lambda text: text.encode(), None),
        ("utf-8 with a BOM", lambda text: text.encode("utf-8-sig"), None),
        ("utf-16", lambda text: text.encode("utf-16"), "is not UTF-8"),
        ("latin-1", lambda text: text.encode("latin-1", errors="replace"), "is not UTF-8"),
        ("CR LF", lambda text: text.replace("\n", "\r\n").encode(), None),
        ("CR only", lambda text: text.replace("\n", "\r").encode(), None),
    ],
)
def test_encodings_and_line_ends_of_a_file(
    tmp_path: Path, name: str, encode: Any, words: str | None
) -> None:
    text = to_json(load_bri()).replace("Peru", "Perú")
    path = tmp_path / "bri.json"
    path.write_bytes(encode(text))
    if words is None:
        assert load_json(path) == loads_json(text)
        record("JSON: encodings and line ends", "handled")
        return
    with pytest.raises(DataFileError, match=words):
        load_json(path)
    record("JSON: encodings and line ends", "clear error")


def test_a_key_written_twice_is_refused() -> None:
    text = to_json(load_bri()).replace('"version": 1', '"version": 1, "version": 1')
    with pytest.raises(DataFileError, match="the key 'version' appears twice"):
        loads_json(text)
    record("JSON: repeated keys", "clear error")
