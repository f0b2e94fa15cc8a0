"""The TOML data-file writer: what it writes reads back equal, in TOML any parser reads."""

from __future__ import annotations

import io
import tomllib
from datetime import UTC, date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from tests.mangling import rich_bri
from tests.test_datafile import FULL

from bri_timeline import (
    AllDay,
    Event,
    Frequency,
    InvalidArgument,
    Location,
    PartialDate,
    Recurrence,
    Source,
    Timeline,
    TimelineInfo,
    TimeSpan,
    load_bri,
)
from bri_timeline.formats.json_document import from_json, load_json, loads_json, read_json
from bri_timeline.formats.toml import (
    from_toml,
    load,
    loads,
    read_toml,
    to_toml,
    write_toml,
)
from bri_timeline.strategies import timelines

DAY = AllDay(date(2024, 11, 14))


def _one(event: Event, info: TimelineInfo | None = None) -> Timeline:
    return Timeline([event], info=info or TimelineInfo())


# --- round trip ----------------------------------------------------------------


@given(timelines())
def test_write_then_read_is_the_identity(timeline: Timeline) -> None:
    assert from_toml(to_toml(timeline)) == timeline


@given(timelines(max_size=4))
def test_the_text_is_deterministic_and_what_it_reads_writes_it_again(timeline: Timeline) -> None:
    text = to_toml(timeline)
    assert text == to_toml(timeline)
    assert to_toml(from_toml(text)) == text


@pytest.mark.parametrize(
    "timeline",
    [load_bri(), rich_bri(), loads(FULL), Timeline()],
    ids=["bundled", "rich", "every-field", "empty"],
)
def test_whole_timelines_read_back_equal(timeline: Timeline) -> None:
    assert from_toml(to_toml(timeline)) == timeline


def test_timeline_info_reads_back_equal() -> None:
    info = TimelineInfo(
        "Name",
        description="About",
        url="https://example.org/",
        source="article.txt",
        updated=datetime(2024, 11, 20, 9, 30, 15, 123456, tzinfo=ZoneInfo("America/Lima")),
    )
    timeline = Timeline(info=info)
    assert from_toml(to_toml(timeline)).info == info
    assert "updated = 2024-11-20T14:30:15.123456Z\n" in to_toml(timeline)


@pytest.mark.parametrize(
    "until",
    [date(2030, 1, 1), datetime(2030, 1, 1, 12, tzinfo=UTC), date(1, 1, 1), date(9999, 12, 31)],
)
def test_a_repeat_until_a_day_or_an_instant_reads_back_equal(until: date) -> None:
    event = Event("e", "E", DAY, recurrence=Recurrence(Frequency.DAILY, interval=2, until=until))
    assert from_toml(to_toml(_one(event))) == _one(event)


@pytest.mark.parametrize("number", [0.0, 1e-05, 5e-324, -89.999999999999, 90.0, 1.5e-10])
def test_coordinates_read_back_equal(number: float) -> None:
    event = Event("e", "E", DAY, location=Location("L", latitude=number, longitude=-number))
    assert from_toml(to_toml(_one(event))) == _one(event)


@pytest.mark.parametrize(
    "text",
    [
        'quote " and backslash \\ and \\" both',
        "line\nbreak, tab\tand a CR LF\r\n, which the model makes LF",
        "é 中 ש 😀 e\u0301 \u202eright to left\u202c \u2028 \ufeff \U0010fffd",
        "'''single''' and \"\"\"triple\"\"\" quotes",
        "# not a comment = [not] {a table}",
        "\\u0041 \\n written out",
        "\x80\x9f C1 controls",
    ],
)
def test_text_reads_back_as_written(text: str) -> None:
    event = Event("e", text.replace("\n", " ") or "T", DAY, description=text, categories=[text])
    written = to_toml(_one(event))
    assert from_toml(written) == _one(event)
    assert tomllib.loads(written)["events"][0]["description"] == event.description


def test_control_characters_are_escaped() -> None:
    written = to_toml(_one(Event("e", "E", DAY, description='a\tb\nc\\d"e')))
    assert 'description = "a\\tb\\nc\\\\d\\"e"\n' in written
    assert "\t" not in written


# --- layout --------------------------------------------------------------------


def test_the_layout_is_that_of_the_guide() -> None:
    lima = ZoneInfo("America/Lima")
    event = Event(
        "call",
        "Call",
        TimeSpan(datetime(2025, 4, 7, 14, tzinfo=lima), datetime(2025, 4, 7, 14, 30, tzinfo=lima)),
        categories=["planning"],
        source=Source("weekly", locator="page 1"),
        recurrence=Recurrence(Frequency.WEEKLY, count=5),
        revision=2,
    )
    assert to_toml(_one(event, TimelineInfo("Orca"))) == (
        "[timeline]\n"
        'name = "Orca"\n'
        "\n"
        "[[events]]\n"
        'id = "call"\n'
        'title = "Call"\n'
        'when = "2025-04-07T14:00:00/2025-04-07T14:30:00"\n'
        'tz = "America/Lima"\n'
        'categories = ["planning"]\n'
        "revision = 2\n"
        "\n"
        "[events.source]\n"
        'quote = "weekly"\n'
        'locator = "page 1"\n'
        "\n"
        "[events.recurrence]\n"
        'frequency = "WEEKLY"\n'
        "count = 5\n"
    )


def test_what_the_reader_would_default_is_left_out() -> None:
    event = Event("x", "X", PartialDate.of_year(2009), description="", revision=0)
    assert to_toml(_one(event)) == '[[events]]\nid = "x"\ntitle = "X"\nwhen = "2009"\n'


def test_a_document_that_is_the_timelines_source_is_left_out() -> None:
    info = TimelineInfo(source="article.txt")
    same = Event("same", "S", DAY, source=Source("q", document="article.txt"))
    other = Event("other", "O", DAY, source=Source("q", document="other.txt"))
    timeline = Timeline([same, other], info=info)
    written = to_toml(timeline)
    assert written.count("document = ") == 1
    assert from_toml(written) == timeline


def test_a_source_without_a_document_takes_the_timelines_as_documented() -> None:
    # The one timeline a data file cannot hold: the reader gives the event the default.
    info = TimelineInfo(source="article.txt")
    timeline = Timeline([Event("e", "E", DAY, source=Source("q"))], info=info)
    event = from_toml(to_toml(timeline)).get("e")
    assert event.source == Source("q", document="article.txt")


# --- files, names --------------------------------------------------------------


def test_write_toml_writes_utf8_that_read_toml_reads(tmp_path: Path) -> None:
    path = tmp_path / "bri.toml"
    with path.open("wb") as file:
        write_toml(load_bri(), file)
    assert path.read_bytes() == to_toml(load_bri()).encode("utf-8")
    assert read_toml(path) == load_bri()


def test_write_toml_to_memory() -> None:
    buffer = io.BytesIO()
    write_toml(rich_bri(), buffer)
    assert from_toml(buffer.getvalue().decode("utf-8")) == rich_bri()


@pytest.mark.parametrize("value", [None, [], "x"])
def test_only_a_timeline_is_written(value: object) -> None:
    with pytest.raises(InvalidArgument, match="timeline: must be a Timeline"):
        to_toml(value)  # type: ignore[arg-type]
    with pytest.raises(InvalidArgument, match="timeline: must be a Timeline"):
        write_toml(value, io.BytesIO())  # type: ignore[arg-type]


def test_the_former_names_are_the_same_functions() -> None:
    assert (loads, load) == (from_toml, read_toml)
    assert (loads_json, load_json) == (from_json, read_json)
