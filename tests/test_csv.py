"""The CSV table: round trips, Excel's habits, formula escaping, pandas' files, errors."""

from __future__ import annotations

import csv
import io
from datetime import UTC, date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bri_timeline import (
    AllDay,
    DataFileError,
    Event,
    Location,
    OpenEnded,
    PartialDate,
    Source,
    Timeline,
    TimeSpan,
    from_csv,
    load_bri,
    read_csv,
    to_csv,
    write_csv,
)
from bri_timeline.strategies import events, texts, timelines

LIMA = ZoneInfo("America/Lima")


def held(timeline: Timeline) -> Timeline:
    """What a CSV holds of a timeline: the fields of its columns, nothing else."""
    return Timeline(
        Event(
            event.id,
            event.title,
            event.time,
            description=event.description,
            location=None if event.location is None else Location(event.location.name),
            url=event.url,
            categories=event.categories,
            source=None if event.source is None else Source(event.source.quote),
        )
        for event in timeline
    )


@given(timelines(), st.sampled_from([",", ";", "\t"]))
def test_reading_what_was_written_gives_what_a_csv_holds(timeline: Timeline, mark: str) -> None:
    text = to_csv(timeline, delimiter=mark)
    assert from_csv(text) == held(timeline)
    assert to_csv(from_csv(text), delimiter=mark) == text


@given(timelines(max_size=4))
def test_a_written_file_reads_back(timeline: Timeline) -> None:
    buffer = io.BytesIO()
    write_csv(timeline, buffer)
    Path("t.csv").write_bytes(buffer.getvalue())
    assert buffer.getvalue().startswith(b"\xef\xbb\xbfid,")
    assert read_csv("t.csv") == held(timeline)


def test_the_bundled_timeline_reads_back() -> None:
    assert from_csv(to_csv(load_bri())) == held(load_bri())


@given(texts(min_size=1).filter(str.strip), st.sampled_from("=+-@\t'"))
def test_formulas_are_escaped_and_read_back_unchanged(text: str, first: str) -> None:
    title = (first + text).replace("\r", "")
    timeline = Timeline([Event("x", title, AllDay(date(2024, 11, 14)), description=title)])
    written = to_csv(timeline)
    cells = list(csv.reader(io.StringIO(written, newline="")))[1]
    assert cells[1] == "'" + title
    assert cells[7] == "'" + title
    assert from_csv(written).get("x").title == title


def test_a_file_saved_by_excel_reads() -> None:
    # UTF-8 with a byte order mark, `;` between cells, CR LF, a `sep=` line, TRUE.
    text = (
        "\ufeffsep=;\r\nID;Title;Start;End;All-Day;Categories\r\n"
        "apec;Cumbre APEC;2024-11-13;2024-11-15;TRUE;summit; apec\r\n"
    )
    text = text.replace("summit; apec", '"summit; apec"')
    Path("excel.csv").write_bytes(text.encode("utf-8"))
    found = read_csv("excel.csv").get("apec")
    assert found.time == AllDay(date(2024, 11, 13), date(2024, 11, 15))
    assert found.categories == ("summit", "apec")


@pytest.mark.parametrize(
    ("cells", "time"),
    [
        ("2024-11-14,,,", AllDay(date(2024, 11, 14))),
        ("2024-11-13,2024-11-15,,yes", AllDay(date(2024, 11, 13), date(2024, 11, 15))),
        ("2009-08-01,..,,", OpenEnded(date(2009, 8, 1))),
        ("2024-11-14T10:00,,America/Lima,", TimeSpan(datetime(2024, 11, 14, 10, tzinfo=LIMA))),
        ("2024-11-14 15:00:00+00:00,,,0", TimeSpan(datetime(2024, 11, 14, 15, tzinfo=UTC))),
        (
            "2024-11-14T10:00-05:00,2024-11-14T12:00,America/Lima,",
            TimeSpan(
                datetime(2024, 11, 14, 10, tzinfo=LIMA), datetime(2024, 11, 14, 12, tzinfo=LIMA)
            ),
        ),
        (
            "2024-11-14T10:00Z,..,,false",
            OpenEnded(datetime(2024, 11, 14, 10, tzinfo=UTC)),
        ),
    ],
)
def test_start_and_end_without_edtf(cells: str, time: object) -> None:
    found = from_csv(f"id,title,start,end,zone,all-day\nx,X,{cells}\n").get("x")
    assert found.time == time


def test_edtf_keeps_what_start_and_end_cannot_say() -> None:
    text = "id,title,edtf,start,end\nfta,FTA,2009,2009-01-01,2009-12-31\nc,C,18XX,,\n"
    timeline = from_csv(text)
    assert timeline.get("fta").time == PartialDate.of_year(2009)
    assert timeline.get("c").time == PartialDate.of_century(1800)


@pytest.mark.parametrize(
    ("text", "where", "words"),
    [
        ("id,title,start\nx,X,2024-13-01\n", "t.csv:2: event 'x' (row 2): field 'start'", "13-01"),
        ("id,title,edtf\nx,X,2024-02-30\n", "t.csv:2: event 'x' (row 2): field 'edtf'", "02-30"),
        ("id,title,start\n\n\nx,X,\n", "t.csv:4: event 'x' (row 4): field 'start'", "required"),
        ("id,title,start\nx,,2024-01-01\n", "event 'x' (row 2): field 'title'", "empty"),
        ("id,title,start\n-x,X,2024-01-01\n", "event '-x' (row 2): field 'id'", "'-x'"),
        ("id,title,start,zone\nx,X,2024-01-01T09:00,Mars/X\n", "field 'zone'", "Mars/X"),
        ("id,title,start,end\nx,X,2024-01-01T09:00,2024-01-01T10:00Z\n", "field 'zone'", "neither"),
        ("id,title,start,end\nx,X,2024-01-01T09:00,..\n", "field 'end'", "floating"),
        ("id,title,start,all-day\nx,X,2024-01-01,maybe\n", "field 'all-day'", "maybe"),
        ("id,title,edtf,all-day\nx,X,2024-01-01,false\n", "field 'all-day'", "agree"),
        ("id,title,edtf,end\nx,X,2024-01-01,..\n", "field 'end'", "agree"),
        ("id,title,edtf,zone\nx,X,2024,America/Lima\n", "field 'zone'", "no time of day"),
        ("id,title,start,categories\nx,X,2024-01-01,[1]\n", "field 'categories'", "[1]"),
        ("id,title,start\nx,X,2024-01-01\nx,Y,2024-01-02\n", "(row 3): field 'id'", "row 2"),
        ("id,title,colour\n", "t.csv:1: event row 1", "'colour'"),
        ("id,title,Title\n", "t.csv:1: event row 1", "twice"),
        ("title,start\nX,2024-01-01\n", "t.csv:1", "'id'"),
        ("id,title,start\nx,X,2024-01-01,extra\n", "t.csv:2: event row 2", "3 columns"),
        ('id,title,start\nx,"X,2024-01-01\n', "t.csv:2", "not valid CSV"),
        ("", "t.csv", "empty"),
        ("sep=|\nid|title\n", "t.csv:1", "'|'"),
    ],
)
def test_errors_name_file_row_column_and_value(text: str, where: str, words: str) -> None:
    with pytest.raises(DataFileError) as caught:
        from_csv(text, path="t.csv")
    message = str(caught.value)
    assert message.startswith("t.csv"), message
    assert where in message
    assert words in message


def test_a_short_row_and_empty_rows_are_filled_and_skipped() -> None:
    text = "id,title,start,description\r\nx,X,2024-01-01\r\n,,,\r\n\r\n"
    assert from_csv(text) == Timeline([Event("x", "X", AllDay(date(2024, 1, 1)))])


@given(st.lists(events(), max_size=6, unique_by=lambda event: event.id))
def test_a_table_written_by_pandas_reads_as_one_written_by_the_stdlib(found: list[Event]) -> None:
    import pandas  # a test dependency: never skipped

    timeline = Timeline(found)
    # A frame of the same columns, as a pandas user holds them: the cells as text, all-day
    # as booleans, and pandas' own CSV writer (no quotes unless needed, LF line ends).
    stdlib = to_csv(timeline)
    rows = list(csv.reader(io.StringIO(stdlib, newline="")))
    frame = pandas.DataFrame(rows[1:], columns=rows[0], dtype=object)
    frame["all-day"] = frame["all-day"] == "true"
    by_pandas = frame.to_csv(index=False)
    assert from_csv(by_pandas) == from_csv(stdlib) == held(timeline)


def test_a_frame_of_timestamps_written_by_pandas_reads() -> None:
    import pandas  # a test dependency: never skipped

    frame = pandas.DataFrame(
        {
            "id": ["a", "b"],
            "title": ["A", "B"],
            "start": pandas.to_datetime(["2024-11-14 10:00", "2024-11-15 09:30"]).tz_localize(
                "America/Lima"
            ),
            "zone": ["America/Lima", "America/Lima"],
        }
    )
    timeline = from_csv(frame.to_csv(index=False))
    assert timeline.get("a").time == TimeSpan(datetime(2024, 11, 14, 10, tzinfo=LIMA))
    assert timeline.get("b").time == TimeSpan(datetime(2024, 11, 15, 9, 30, tzinfo=LIMA))
