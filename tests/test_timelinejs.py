"""The TimelineJS3 export: valid slides, partial dates as year/month only, escaped text."""

from __future__ import annotations

import calendar
import json
from datetime import UTC, date, datetime
from html.parser import HTMLParser
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bri_timeline import (
    AllDay,
    Event,
    Inference,
    Location,
    OpenEnded,
    PartialDate,
    Source,
    Timeline,
    TimelineInfo,
    TimeSpan,
    load_bri,
)
from bri_timeline.formats.timelinejs.write import TITLE_ID, to_timelinejs, to_timelinejs_document
from bri_timeline.strategies import events, open_ended, partial_dates, timelines

DATE_FIELDS = ("year", "month", "day", "hour", "minute", "second", "millisecond")
RANGES = {"month": (1, 12), "hour": (0, 23), "minute": (0, 59), "second": (0, 59)}
RANGES["millisecond"] = (0, 999)


def _check_date(found: dict[str, Any]) -> tuple[int, ...]:
    """Check one date object and return its fields as a comparable tuple."""
    assert set(found) <= {*DATE_FIELDS, "display_date"}
    assert isinstance(found["display_date"], str)
    assert found["display_date"]
    present = [name for name in DATE_FIELDS if name in found]
    # Fields come as a prefix: no day without a month, no minute without an hour.
    assert present == list(DATE_FIELDS[: len(present)])
    for name in present:
        value = found[name]
        assert type(value) is int, (name, value)
        low, high = RANGES.get(name, (1, 9999))
        if name == "day":
            high = calendar.monthrange(found["year"], found["month"])[1]
        assert low <= value <= high, (name, value)
    return tuple(found[name] for name in present)


def _check_slide(found: dict[str, Any], event: Event) -> None:
    assert found["unique_id"] == event.id
    start = _check_date(found["start_date"])
    if "end_date" in found:
        end = _check_date(found["end_date"])
        # Compared on the fields both have, an end is never before its start (same zone
        # here, as TimeSpans of the strategies may end in another zone).
        if not isinstance(event.time, TimeSpan):
            common = min(len(start), len(end))
            assert start[:common] <= end[:common]
    assert isinstance(found["display_date"], str)
    assert found["display_date"]
    assert isinstance(found["text"]["headline"], str)
    assert found["text"]["headline"].strip()
    assert "<" not in found["text"]["headline"]
    assert set(found) <= {"unique_id", "start_date", "end_date", "display_date", "text", "group"}


@given(events())
def test_every_event_yields_a_valid_slide(event: Event) -> None:
    document = to_timelinejs_document(Timeline([event]))
    (found,) = document["events"]
    _check_slide(found, event)


@given(timelines())
def test_every_event_is_present_once_with_its_unique_id(timeline: Timeline) -> None:
    document = json.loads(to_timelinejs(timeline))
    assert [slide["unique_id"] for slide in document["events"]] == [e.id for e in timeline]
    assert document["scale"] == "human"
    if "title" in document:
        assert document["title"]["unique_id"] == TITLE_ID
        assert "start_date" not in document["title"]


@given(events(time=st.one_of(partial_dates(), open_ended())))
def test_partial_dates_never_name_a_day(event: Event) -> None:
    found = to_timelinejs_document(Timeline([event]))["events"][0]
    start = event.time.start if isinstance(event.time, OpenEnded) else event.time
    if isinstance(start, PartialDate):
        for key in ("start_date", "end_date"):
            if key in found:
                assert "day" not in found[key]
                assert "hour" not in found[key]


@pytest.mark.parametrize(
    ("time", "start", "end", "display"),
    [
        (PartialDate.of_month(2024, 11), {"year": 2024, "month": 11}, None, "Nov 2024"),
        (PartialDate.of_year(2009), {"year": 2009}, None, "2009"),
        (PartialDate.of_decade(2000), {"year": 2000}, {"year": 2009}, "2000s"),
        (PartialDate.of_century(1800), {"year": 1800}, {"year": 1899}, "19th century"),
        (OpenEnded(PartialDate.of_year(2009)), {"year": 2009}, None, "since 2009"),
        (OpenEnded(PartialDate.of_month(2009, 3)), {"year": 2009, "month": 3}, None,
         "since Mar 2009"),
        (OpenEnded(date(2024, 11, 8)), {"year": 2024, "month": 11, "day": 8}, None,
         "since 8 Nov 2024"),
        (AllDay(date(2024, 11, 14)), {"year": 2024, "month": 11, "day": 14}, None,
         "14 Nov 2024"),
        (AllDay(date(2024, 11, 13), date(2024, 11, 15)), {"year": 2024, "month": 11, "day": 13},
         {"year": 2024, "month": 11, "day": 15}, "13–15 Nov 2024"),
        (TimeSpan(datetime(2024, 11, 8, 9, 30, tzinfo=ZoneInfo("America/Lima"))),
         {"year": 2024, "month": 11, "day": 8, "hour": 9, "minute": 30, "second": 0}, None,
         "8 Nov 2024 09:30 America/Lima"),
        (TimeSpan(datetime(2024, 11, 8, 9, tzinfo=UTC),
                  datetime(2024, 11, 8, 13, 0, 0, 250_000, tzinfo=UTC)),
         {"year": 2024, "month": 11, "day": 8, "hour": 9, "minute": 0, "second": 0},
         {"year": 2024, "month": 11, "day": 8, "hour": 13, "minute": 0, "second": 0,
          "millisecond": 250}, "8 Nov 2024 09:00–13:00:00 UTC"),
    ],
)  # fmt: skip
def test_time_kinds_map_to_date_fields(
    time: Any, start: dict[str, int], end: dict[str, int] | None, display: str
) -> None:
    found = to_timelinejs_document(Timeline([Event("e", "E", time)]))["events"][0]

    def fields(value: dict[str, Any]) -> dict[str, Any]:
        return {key: item for key, item in value.items() if key != "display_date"}

    assert fields(found["start_date"]) == start
    assert (fields(found["end_date"]) if "end_date" in found else None) == end
    assert found["display_date"] == display


def test_bri_export() -> None:
    document = to_timelinejs_document(load_bri())
    slides = {slide["unique_id"]: slide for slide in document["events"]}
    assert len(slides) == len(load_bri()) == 7
    assert slides["chinese-immigration-peru"]["start_date"] == {
        "year": 1800,
        "display_date": "1800",
    }
    assert slides["chinese-immigration-peru"]["display_date"] == "19th century"
    assert slides["peru-china-fta"]["start_date"] == {"year": 2009, "display_date": "2009"}
    assert "end_date" not in slides["peru-china-fta"]
    assert slides["apec-summit-2024"]["group"] == "apec"
    assert document["title"]["text"]["headline"] == "Peru–China Belt and Road, November 2024"
    assert "eras" not in document


class _Collect(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.text: list[str] = []
        self.links: list[str | None] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        if tag == "a":
            self.links.extend(value for name, value in attrs if name == "href")

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def test_text_is_escaped_html() -> None:
    event = Event(
        "x",
        "<script>alert(1)</script> & co",
        AllDay(date(2024, 11, 14)),
        description='First <b>para</b>\nline two\n\nSecond "para"',
        location=Location("<Lima>"),
        categories=["<g>"],
        source=Source("a <quote>", locator="p. 1"),
        inferred=[Inference("when", "a <reason>")],
        url="https://example.org/?a=1&b=<2>",
    )
    found = to_timelinejs_document(Timeline([event]))["events"][0]
    assert found["text"]["headline"] == "&lt;script&gt;alert(1)&lt;/script&gt; &amp; co"
    assert found["group"] == "&lt;g&gt;"
    parser = _Collect()
    parser.feed(found["text"]["text"])
    assert set(parser.tags) <= {"p", "br", "strong", "small", "blockquote", "a"}
    assert parser.tags.count("p") >= 4
    text = "".join(parser.text)
    for words in ("<Lima>", "First <b>para</b>", 'Second "para"', "a <quote>", "a <reason>"):
        assert words in text
    assert parser.links == ["https://example.org/?a=1&b=<2>"]


def test_only_web_links_are_linked() -> None:
    event = Event("x", "X", AllDay(date(2024, 11, 14)), url="javascript:alert(1)")
    assert "<a" not in to_timelinejs_document(Timeline([event]))["events"][0]["text"]["text"]


def test_title_slide_only_with_a_name_or_description() -> None:
    event = Event("x", "X", AllDay(date(2024, 11, 14)))
    assert "title" not in to_timelinejs_document(Timeline([event]))
    info = TimelineInfo("", description="About <this>")
    title = to_timelinejs_document(Timeline([event], info=info))["title"]
    assert title["text"]["text"] == "<p>About &lt;this&gt;</p>"


def test_output_is_deterministic_json() -> None:
    text = to_timelinejs(load_bri())
    assert text == to_timelinejs(load_bri())
    assert text.endswith("}\n")
    assert json.loads(text) == to_timelinejs_document(load_bri())
