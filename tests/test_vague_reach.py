"""Vague times beyond the calendar (deep time, open or unknown sides) in the queries and feeds.

A feed leaves out, or refuses by name, the events iCalendar cannot carry; ``span``,
``gaps`` and ``by_year`` give the right answer for deep and open times or one error that
names the event and why, never a raw span key.
"""

from __future__ import annotations

import io
import itertools
import json
import random
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

import bri_timeline as b
from bri_timeline import strategies
from bri_timeline.delivery.cli import main
from bri_timeline.errors import FeedError, InvalidTime

DEEP = ["Y-17E7", "Y-66000000", "-1985", "0000", "Y170000002"]
NEAR = ["2009~", "1985/", "2004-06-11?", "[1667,1670..1672]"]


def _timeline(texts: list[str]) -> b.Timeline:
    return b.Timeline(b.Event(f"e{n}", text, b.from_edtf(text)) for n, text in enumerate(texts))


MIXED = _timeline(DEEP + NEAR)
SKIP = b.FeedOptions(on_unrepresentable="skip")


def test_a_feed_leaves_out_what_it_cannot_carry_and_says_which_and_why() -> None:
    notes = b.left_out_of_feed(MIXED)
    assert [note.event for note in notes] == ["e0", "e1", "e2", "e3", "e4"]
    assert [note.time for note in notes] == [b.to_edtf(MIXED.get(n.event).time) for n in notes]
    assert all("beyond the years 1 to 9999" in str(note) for note in notes)
    kept = MIXED.filter(lambda event: event.id not in {note.event for note in notes})
    assert b.to_ics(MIXED, feed=SKIP) == b.to_ics(kept)
    assert b.to_ics(MIXED, feed=SKIP, engine="icalendar") == b.to_ics(kept)
    assert b.from_ics(b.to_ics(MIXED, feed=SKIP)) == kept
    assert b.to_jcal(MIXED, feed=SKIP) == b.to_jcal(kept)
    assert b.FeedBuilder(SKIP).build(MIXED) == b.to_ics(kept)
    file = io.BytesIO()
    b.write_jcal(MIXED, file, feed=SKIP)
    assert json.loads(file.getvalue()) == json.loads(b.to_jcal(kept))


def test_by_default_a_feed_refuses_deep_time_naming_the_first_such_event() -> None:
    for write in (b.to_ics, b.to_jcal, b.FeedBuilder().build):
        with pytest.raises(FeedError, match=r"event 'e0'.*beyond the years 1 to 9999"):
            write(MIXED)
    assert b.left_out_of_feed(_timeline(NEAR)) == ()
    assert b.to_ics(_timeline(NEAR), feed=SKIP) == b.to_ics(_timeline(NEAR))


def test_the_formats_that_take_any_year_keep_deep_time() -> None:
    assert b.from_json(b.to_json(MIXED)) == MIXED
    assert b.from_toml(b.to_toml(MIXED)) == MIXED
    slides = json.loads(b.to_timelinejs(MIXED))["events"]
    assert sorted(slide["start_date"]["year"] for slide in slides)[0] == -170_000_000
    assert "<svg" in b.to_svg(MIXED)  # drawn within the years 1 to 9999


@pytest.mark.parametrize("command", ["export", "convert"])
@pytest.mark.parametrize(("suffix", "left_out"), [("ics", True), ("jcal", True), ("json", False)])
def test_the_command_line_says_what_each_feed_left_out(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], command: str, suffix: str, left_out: bool
) -> None:
    data = tmp_path / "deep.toml"
    data.write_text(b.to_toml(_timeline(["Y-66E6", "2009~"])), encoding="utf-8")
    out = tmp_path / f"out.{suffix}"
    given_ = ["--data", str(data), "--format", suffix, "-o"] if command == "export" else [str(data)]
    assert main([command, *given_, str(out)]) == 0
    expected = (
        "bri-timeline: left out event 'e0': its time Y-66000000 lies beyond the years "
        "1 to 9999 that iCalendar can carry\n"
    )
    assert capsys.readouterr().err == (expected if left_out else "")
    read = {"ics": b.read_ics, "jcal": b.read_jcal, "json": b.read_json}[suffix]
    assert [event.id for event in read(out)] == (["e1"] if left_out else ["e0", "e1"])


def test_feed_options_refuse_another_choice() -> None:
    with pytest.raises(FeedError, match="on_unrepresentable: must be 'error' or 'skip'"):
        b.FeedOptions(on_unrepresentable="drop")


@pytest.mark.parametrize(
    ("texts", "side", "named"),
    [
        (["../1985", "2009"], "start: is open or unknown", "'e0'"),
        (["/1985", "2009"], "start: is open or unknown", "'e0'"),
        (["Y-17E7", "2009"], "start: lies beyond the years 1 to 9999", "'e0'"),
        (["2009", "Y170000002"], "end: lies beyond the years 1 to 9999", "'e1'"),
    ],
)
def test_span_names_the_event_no_datetime_can_hold(texts: list[str], side: str, named: str) -> None:
    with pytest.raises(InvalidTime, match=rf"event {named}: {side}") as raised:
        _timeline(texts).span()
    assert "key" not in str(raised.value)


def test_span_of_vague_times_within_the_calendar() -> None:
    first, last = _timeline(["2009~", "1985/"]).span()  # type: ignore[misc]
    assert (first.year, last) == (1985, None)
    start, end = _timeline(["2004-06-11?"]).span()  # type: ignore[misc]
    assert (start.day, end.day if end else None) == (10, 13)  # widened by a day each side


def test_gaps_between_deep_events_name_them_and_a_window_inside_the_calendar_works() -> None:
    deep = _timeline(["Y-17E7", "Y-66E6", "2009"])
    with pytest.raises(InvalidTime, match=r"between event 'e0' and event 'e1' lies beyond"):
        deep.gaps()
    window = b.from_edtf("2000/2020")
    found = [(g.start.year, g.end.year) for g in deep.gaps(within=window)]
    assert found == [(2000, 2009), (2010, 2021)]
    unknown_end = _timeline(["1985/", "2009"])
    assert unknown_end.gaps() == ()  # its span runs on: nothing is certainly free
    with pytest.raises(InvalidTime, match=r"free time across the whole span has no end"):
        unknown_end.gaps(certain=False)


@given(st.lists(strategies.events(time=strategies.vague_times(deep=True)), max_size=8))
def test_by_year_groups_by_the_first_year_a_time_names(events: list[b.Event]) -> None:
    timeline = b.Timeline({event.id: event for event in events}.values())
    groups = timeline.by_year()
    assert list(groups) == sorted(groups)
    assert sorted(e.id for g in groups.values() for e in g) == sorted(e.id for e in timeline)
    for year, group in groups.items():
        for event in group:
            assert isinstance(event.time, b.Vague)
            first, last = event.time.years
            assert year == (first if first is not None else last)
    months = timeline.by_month()
    assert sorted({year for year, _ in months}) == list(groups)
    assert all(1 <= month <= 12 for _, month in months)


def test_by_year_does_not_move_an_approximate_year() -> None:
    groups = _timeline(["2009~", "Y-17E7", "../1985"]).by_year()
    assert {year: [e.title for e in g] for year, g in groups.items()} == {
        -170_000_000: ["Y-17E7"],
        1985: ["../1985"],
        2009: ["2009~"],
    }


def _examples() -> b.Timeline:
    from tests.test_vague import ISSUE, SPEC, _read

    texts = list(dict.fromkeys([*SPEC, *ISSUE]))
    return b.Timeline(b.Event(f"x{n:03d}", text, _read(text)) for n, text in enumerate(texts))


def test_every_example_and_the_issues_16_strings_order_and_query_together() -> None:
    timeline = _examples()
    events = list(timeline)
    for seed in range(5):
        shuffled = list(events)
        random.Random(seed).shuffle(shuffled)
        assert sorted(shuffled) == events
    for x, y in itertools.pairwise(events):
        assert x < y
        assert not y < x
        assert x != y
    for window in events:
        assert list(timeline.overlapping(window)) == [e for e in events if b.overlaps(e, window)]
        assert list(timeline.overlapping(window, certain=True)) == [
            e for e in events if b.certainly_overlaps(e, window)
        ]
        for other in events[:: max(1, len(events) // 12)]:
            found = b.possible_relations(window, other)
            if not isinstance(window.time, b.Vague) and not isinstance(other.time, b.Vague):
                assert b.relation(window, other) in found  # a vague day lies within one day
            only = b.certain_relation(window, other)
            assert only is None or found == {only}
    assert sum(len(group) for group in timeline.by_year().values()) == len(events)
    # In a window inside the calendar: the open-ended events leave no time certainly free.
    assert timeline.gaps(within=b.from_edtf("1900/2100")) == ()
    assert all(
        gap.start.year >= 1900
        for gap in timeline.gaps(within=b.from_edtf("1900/2100"), certain=False)
    )
    with pytest.raises(InvalidTime, match=r"event '\w+': start: is open or unknown"):
        timeline.span()
