"""The TimelineJS Google Sheet template's columns, read as a timeline."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from bri_timeline import (
    AllDay,
    DataFileError,
    PartialDate,
    TimeSpan,
    from_timelinejs_sheet,
    read_timelinejs_sheet,
)

LIMA = ZoneInfo("America/Lima")
HEADER = (
    "Year,Month,Day,Time,End Year,End Month,End Day,End Time,Display Date,Headline,Text,"
    "Media,Media Credit,Media Caption,Media Thumbnail,Type,Group,Background\r\n"
)


def sheet(*rows: str) -> str:
    return HEADER + "".join(row + "\r\n" for row in rows)


@pytest.mark.parametrize(
    ("cells", "time"),
    [
        ("2009,,,,,,,", PartialDate.of_year(2009)),
        ("2024,11,,,,,,", PartialDate.of_month(2024, 11)),
        ("2024,11,14,,,,,", AllDay(date(2024, 11, 14))),
        ("2024,11,13,,2024,11,15,", AllDay(date(2024, 11, 13), date(2024, 11, 15))),
        ("2009,,,,2012,,,", AllDay(date(2009, 1, 1), date(2012, 12, 31))),
        ("2024,2,,,2024,3,,", AllDay(date(2024, 2, 1), date(2024, 3, 31))),
        ("2024,11,14,10:00,,,,", TimeSpan(datetime(2024, 11, 14, 10, tzinfo=LIMA))),
        (
            "2024,11,14,9:30,2024,11,14,12:00:30",
            TimeSpan(
                datetime(2024, 11, 14, 9, 30, tzinfo=LIMA),
                datetime(2024, 11, 14, 12, 0, 30, tzinfo=LIMA),
            ),
        ),
    ],
)
def test_each_row_is_as_precise_as_its_cells(cells: str, time: object) -> None:
    timeline = from_timelinejs_sheet(sheet(cells + ",,X,,,,,,,"), tz="America/Lima")
    assert [event.time for event in timeline] == [time]


def test_the_template_columns_become_fields() -> None:
    text = sheet(
        ",,,,,,,,,Peru and China,The BRI in Peru,,,,,title,,",
        "2024,11,14,,,,,,,Chancay Port!,<p>Opened</p>,https://example.org/c,,,,,ports,",
        "2024,11,15,,,,,,,Chancay Port!,Again,,,,,,ports,",
        "2024,11,16,,,,,,,¡¡¡,,,,,,,,",
    )
    Path("sheet.csv").write_bytes(text.encode("utf-8-sig"))
    timeline = read_timelinejs_sheet("sheet.csv")
    assert timeline.info.name == "Peru and China"
    assert timeline.info.description == "The BRI in Peru"
    first, second, third = timeline
    assert (first.id, first.title, first.description) == (
        "chancay-port",
        "Chancay Port!",
        "<p>Opened</p>",
    )
    assert (first.url, first.categories) == ("https://example.org/c", ("ports",))
    assert second.id == "chancay-port-2"
    assert third.id == "row-5"


@pytest.mark.parametrize(
    ("row", "column", "words"),
    [
        ("2024,11,14,10:00,,,,,,X,,,,,,,,", "time", "pass tz"),
        ("2024,13,,,,,,,,X,,,,,,,,", "month", "'13'"),
        ("9" * 5000 + ",,,,,,,,,X,,,,,,,,", "year", "5002 characters"),
        ("02024,,,,,,,,,X,,,,,,,,", "year", "'02024'"),
        ("2024,2,30,,,,,,,X,,,,,,,,", "day", "'30'"),
        ("2024,,14,,,,,,,X,,,,,,,,", "day", "coarser"),
        (",11,,,,,,,,X,,,,,,,,", "month", "without year"),
        (",,,,,,,,,X,,,,,,,,", "year", "required"),
        ("2024,11,14,,2024,11,13,,,X,,,,,,,,", "end day", "before"),
        ("2024,11,14,,2024,11,15,10:00,,X,,,,,,,,", "end time", "give both"),
        ("2024,,,,,,,,14 Nov,X,,,,,,,,", "display date", "ignore"),
        ("2024,,,,,,,,,X,,,cc,,,,,", "media credit", "ignore"),
        ("2024,,,,,,,,,X,,,,,,era,,", "type", "era"),
        ("2024,,,,,,,,,,,,,,,,,", "headline", "empty"),
    ],
)
def test_errors_name_the_row_and_column(row: str, column: str, words: str) -> None:
    with pytest.raises(DataFileError) as caught:
        from_timelinejs_sheet(sheet(row), path="sheet.csv", tz=None if "tz" in words else "UTC")
    message = str(caught.value)
    assert message.startswith("sheet.csv:2: event "), message
    assert f"(row 2): field {column!r}" in message or f"row 2: field {column!r}" in message
    assert words in message


def test_columns_named_in_ignore_are_dropped() -> None:
    row = "2024,,,,,,,,mid-2024,X,,https://example.org/x.jpg,cc,cap,thumb,,,#fff"
    ignore = ["Display Date", "Media Credit", "media caption", "Media Thumbnail", "Background"]
    (event,) = from_timelinejs_sheet(sheet(row), ignore=ignore)
    assert event.time == PartialDate.of_year(2024)
