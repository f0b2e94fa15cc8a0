"""The text format (formats.text): the tables and the event in full that the CLI prints."""

from __future__ import annotations

from datetime import date

from hypothesis import given

from bri_timeline.formats.text import event_text, pairs_text, to_text
from bri_timeline.formats.toml import load_bri
from bri_timeline.model.event import Event
from bri_timeline.model.times import AllDay
from bri_timeline.strategies import timelines
from bri_timeline.timeline import Timeline


def _day(day: int) -> AllDay:
    return AllDay(date(2024, 11, day))


def test_an_empty_timeline_is_its_header() -> None:
    assert to_text(Timeline([])) == "WHEN  ID  TITLE\n"
    assert pairs_text(Timeline([])) == "FIRST  RELATION  SECOND  CERTAINTY\n"


def test_columns_line_up_and_lines_have_no_trailing_space() -> None:
    timeline = Timeline(
        [
            Event("a", "A", _day(14)),
            Event("a-much-longer-id", "B", AllDay(date(2024, 11, 13), date(2024, 11, 15))),
        ]
    )
    assert to_text(timeline) == (
        "WHEN            ID                TITLE\n"
        "13–15 Nov 2024  a-much-longer-id  B\n"
        "14 Nov 2024     a                 A\n"
    )


@given(timelines())
def test_every_event_in_timeline_order_and_no_trailing_space(timeline: Timeline) -> None:
    table = to_text(timeline)
    assert table.endswith("\n")
    assert len(table.splitlines()) == len(timeline) + 1  # a header, then one line an event
    assert all(line == line.rstrip() for line in table.split("\n"))
    at = 0
    for event in timeline:  # each row holds its id between two column gaps, in order
        at = table.index(f"  {event.id}  ", at) + 1


def test_pairs_read_the_natural_way_round() -> None:
    timeline = Timeline([Event("long", "Long", AllDay(date(2024, 11, 1), date(2024, 11, 30)))])
    timeline = Timeline([*timeline, Event("short", "Short", _day(14))])
    assert pairs_text(timeline).splitlines()[1].split() == [
        "short",
        "during",
        "long",
        "certain",
    ]


def test_an_event_in_full_has_a_line_per_field() -> None:
    text = event_text(load_bri().get("bri-meeting-lima"))
    labels = [line.split(":", 1)[0] for line in text.splitlines()]
    assert labels[:5] == ["id", "title", "when", "edtf", "where"]
    assert labels.count("attendee") == 4
    assert text.endswith("\n")
    assert all(line[12] == " " for line in text.splitlines())  # values start in one column


def test_a_title_on_several_lines_stays_on_its_row() -> None:
    timeline = Timeline([Event("a", "Lima\nChancay\tport", _day(14))])
    assert to_text(timeline).splitlines()[1] == "14 Nov 2024  a   Lima / Chancay port"
    shown = event_text(Event("a", "A", _day(14), description="One.\nTwo."))
    assert "description: One.\n             Two.\n" in shown
