"""Fuzzing the CSV readers: each input gives a timeline or a DataFileError naming the file.

Inputs start from the CSV table of the BRI data and of generated timelines, and from a
TimelineJS sheet, and are mangled (see ``mangling.py``). A table that reads must write and
read back the same.
"""

from __future__ import annotations

from collections.abc import Callable

from hypothesis import given
from hypothesis import strategies as st
from tests.mangling import mangled, record

from bri_timeline import (
    DataFileError,
    Timeline,
    from_csv,
    from_timelinejs_sheet,
    load_bri,
    to_csv,
)
from bri_timeline.strategies import timelines

BRI = to_csv(load_bri()).encode()
SHEET = (
    b"Year,Month,Day,Time,End Year,End Month,End Day,End Time,Display Date,Headline,Text,"
    b"Media,Media Credit,Media Caption,Media Thumbnail,Type,Group,Background\r\n"
    b",,,,,,,,,Peru and China,The BRI in Peru,,,,,title,,\r\n"
    b"2009,,,,,,,,,FTA,,,,,,,trade,\r\n"
    b"2024,11,13,,2024,11,15,,,APEC,Lima,https://example.org/apec,,,,,summit,\r\n"
    b"2024,11,14,10:00,2024,11,14,12:30,,Chancay,,,,,,,ports,\r\n"
)
LINES = [
    b"x,=1+1,2024-01-01,,,,,,,,,",
    b"id,title",
    b'"unclosed,',
    b"sep=|",
    b"\xef\xbb\xbfid,title,start",
    b",,,,,,,,,,,,,,,,,,,,,,,",
    b"2024,13,40,25:61,,,,,,X,,,,,,era,,",
]
VALUES = {
    b"chinese-immigration-peru,": [b",", b"-x,", b"a b,", b"x" * 300 + b","],
    b"peru-china-fta,": [b"peru-china-fta,,", b"y,Y,2024-02-30,,,,2024-02-30"],
    b"2009,": [b"0,", b"10000,", b"2009.5,", b"-44,", b"\xd9\xa2\xd9\xa0,"],
    b"2024,11,13,": [b"2024,11,31,", b"2024,0,1,", b"2024,,13,"],
}


def outcome(text: str, read: Callable[[str], Timeline], *, case: str) -> str:
    """Read; a table that reads must write and read back the same. Returns the outcome."""
    try:
        timeline = read(text)
    except DataFileError as error:
        message = str(error)
        assert message.startswith("fuzz.csv"), message
        return record(case, "clear error")
    assert list(from_csv(to_csv(timeline))) == list(timeline)  # the info is not a CSV's
    return record(case, "handled")


def _table(text: str) -> Timeline:
    return from_csv(text, path="fuzz.csv")


def _sheet(text: str) -> Timeline:
    return from_timelinejs_sheet(text, path="fuzz.csv", tz="America/Lima")


def csv_mangled(seed: bytes) -> st.SearchStrategy[bytes]:
    return mangled(seed, lines=LINES, values=VALUES, separator=b",")


@given(csv_mangled(BRI))
def test_mangled_bri_table(data: bytes) -> None:
    outcome(data.decode("utf-8", errors="replace"), _table, case="CSV: mangled BRI table")


@given(timelines(max_size=4).map(lambda t: to_csv(t).encode()).flatmap(csv_mangled))
def test_mangled_tables_of_generated_timelines(data: bytes) -> None:
    text = data.decode("utf-8", errors="replace")
    outcome(text, _table, case="CSV: mangled generated tables")


@given(csv_mangled(SHEET))
def test_mangled_timelinejs_sheet(data: bytes) -> None:
    text = data.decode("utf-8", errors="replace")
    outcome(text, _sheet, case="CSV: mangled TimelineJS sheet")


@given(st.text(max_size=200))
def test_any_text(text: str) -> None:
    outcome(text, _table, case="CSV: any text")
    outcome(text, _sheet, case="CSV: any text as a sheet")
