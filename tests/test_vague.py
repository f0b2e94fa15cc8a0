"""Vague dates (EDTF levels 1 and 2): every example of the specification read, printed back,
bounded as the `edtf` package bounds it, ordered, queried and related consistently."""

from __future__ import annotations

import os
import random
import re
import shutil
from datetime import date, datetime
from pathlib import Path
from xml.etree import ElementTree

import attrs
import pytest
from edtf import parse_edtf
from hypothesis import example, given
from hypothesis import strategies as st
from tests._chromium import chromium, near, png_pixels, screenshot

import bri_timeline as b
from bri_timeline import strategies
from bri_timeline.delivery.cli import main
from bri_timeline.errors import EDTFError, FeedError, InvalidTime
from bri_timeline.model import allen

# The examples of the EDTF specification (Library of Congress, 2019), levels 0 to 2, with
# their canonical form where it differs from the text (same meaning, one way to write it).
SPEC = {
    # level 0
    "1985-04-12": None,
    "1985-04": None,
    "1985": None,
    "1985-04-12T23:20:30Z": None,
    "1985-04-12T23:20:30-04": "1985-04-13T03:20:30Z",
    "1985-04-12T23:20:30+04:30": "1985-04-12T18:50:30Z",
    "1964/2008": None,
    "2004-06/2006-08": None,
    "2004-02-01/2005-02-08": None,
    "2004-02-01/2005-02": None,
    "2004-02-01/2005": None,
    "2005/2006-02": None,
    # level 1
    "Y170000002": None,
    "Y-170000002": None,
    "2001-21": None,
    "2001-22": None,
    "2001-23": None,
    "2001-24": None,
    "1984?": None,
    "2004-06~": None,
    "2004-06-11%": None,
    "201X": None,
    "20XX": None,
    "2004-XX": None,
    "1985-04-XX": None,
    "1985-XX-XX": None,
    "1985-04-12/..": None,
    "1985-04/..": None,
    "1985/..": None,
    "../1985-04-12": None,
    "../1985-04": None,
    "../1985": None,
    "1985-04-12/": None,
    "1985-04/": None,
    "1985/": None,
    "/1985-04-12": None,
    "/1985-04": None,
    "/1985": None,
    "-1985": None,
    "1984~/2004-06": None,
    "1984/2004-06~": None,
    "1984~/2004~": None,
    "1984?/2004%": None,
    "1984-06?/2004-08?": None,
    "1984-06-02?/2004-08-08~": None,
    "1984-06-02?/": None,
    # level 2
    "Y-17E7": "Y-170000000",
    "1950S2": None,
    "Y171010000S3": None,
    "Y3388E2S3": "Y338800S3",
    "2001-34": None,
    "[1667,1668,1670..1672]": None,
    "[..1760-12-03]": None,
    "[1760-12..]": None,
    "[1760-01,1760-02,1760-12..]": None,
    "[1667,1760-12]": None,
    "[..1984]": None,
    "{1667,1668,1670..1672}": None,
    "{1960,1961-12}": None,
    "{..1984}": None,
    "2004?-06-11": None,
    "2004-06~-11": None,
    "2004-?06-11": None,
    "2004-06-~11": None,
    "2004-%06-11": None,
    "2004?-%06": "?2004-%06",
    "?2004-06-~11": None,
    "?2004-06%": "2004-06%",
    "2004-06-~01/2004-06-~20": None,
    "2004-06-XX/2004-07-03": None,
    "156X-12-25": None,
    "15XX-12-25": None,
    "XXXX-12-XX": None,
    "1XXX-XX": None,
    "1XXX-12": None,
    "1984-1X": None,
}

# The 16 strings of issue 16, which the library must read, print back, order and query.
ISSUE = [
    "2009",
    "2009-11",
    "2009-11-08",
    "2009/..",
    "../2009",
    "19XX",
    "2009?",
    "2009~",
    "2009%",
    "2009-21",
    "[2009,2011]",
    "{2009..2011}",
    "2004-06-11T13:00:00Z",
    "Y170000002",
    "2009-11-08/2009-11-15",
    "1984?/2004~",
]


def _read(text: str) -> b.Time:
    local = "T" in text and not re.search(r"(Z|[+-]\d\d(:\d\d)?)$", text)
    return b.from_edtf(text, tz="UTC") if local else b.from_edtf(text)


@pytest.mark.parametrize("text", [*SPEC, *ISSUE])
def test_every_example_is_read_and_printed_back_canonically(text: str) -> None:
    time = _read(text)
    written = b.to_edtf(time)
    assert written == (SPEC.get(text) or text)
    assert _read(written) == time


# Where the `edtf` package's strict bounds differ from ours, and why ours are meant.
DIFFERENT = {
    # "some year between 1900 and 1999, estimated to be 1950" (the specification's words):
    # the package gives 1950 alone.
    "1950S2": "significant digits: the specification's range, not the estimate",
    "Y171010000S3": "significant digits: the specification's range, not the estimate",
    "Y3388E2S3": "significant digits: the specification's range, not the estimate",
    # An unknown side may be anywhere beyond the known one; the package guesses ten years.
    "1985-04-12/": "unknown end: unbounded, not ten years",
    "1985-04/": "unknown end: unbounded, not ten years",
    "1985/": "unknown end: unbounded, not ten years",
    "1984-06-02?/": "unknown end: unbounded, not ten years",
    "/1985-04-12": "unknown start: unbounded, not ten years",
    "/1985-04": "unknown start: unbounded, not ten years",
    "/1985": "unknown start: unbounded, not ten years",
    # The package ends a winter on 31 December of its year; it runs into February.
    "2001-24": "winter: December to February of the next year",
}

# Examples the package (5.x) does not read or bound, with what it does.
PACKAGE_FAILS = {
    "?2004-06%": "refused: a prefix and a suffix qualifier on one date",
    "1984-1X": "AttributeError in upper_strict",
}


def _oracle(text: str) -> tuple[tuple[int, int, int] | None, tuple[int, int, int] | None]:
    found = parse_edtf(text)
    bounds = []
    for bound in (found.lower_strict(), found.upper_strict()):
        bounds.append(
            (bound.tm_year, bound.tm_mon, bound.tm_mday) if hasattr(bound, "tm_year") else None
        )
    return bounds[0], bounds[1]


@pytest.mark.parametrize("text", [text for text in SPEC if "T" not in text])
def test_strict_bounds_agree_with_the_edtf_package(text: str) -> None:
    time = b.from_edtf(text)
    vague = time if isinstance(time, b.Vague) else None
    if vague is None:  # a plain kind: its first and last day
        first, last = _plain_days(time)
    else:
        first, last = vague.strict_days
    if text in PACKAGE_FAILS:
        with pytest.raises(Exception):  # noqa: B017, PT011 (whatever the package raises)
            _oracle(text)
        return
    oracle = _oracle(text)
    if text in DIFFERENT:
        assert (first, last) != oracle, f"{text}: listed as different, but agrees"
        return
    assert (first, last) == oracle


def _plain_days(time: b.Time) -> tuple[tuple[int, int, int] | None, tuple[int, int, int] | None]:
    if isinstance(time, b.AllDay):
        first, last = time.first, time.last
    elif isinstance(time, b.PartialDate):
        first, last = time.first_day, time.last_day
    else:
        assert isinstance(time, b.OpenEnded)
        start = time.start
        first = start.first_day if isinstance(start, b.PartialDate) else start
        return (first.year, first.month, first.day), None
    return (first.year, first.month, first.day), (last.year, last.month, last.day)


REFUSED = [
    ("2009-13", "month: 13 is neither a month (01-12) nor a season"),
    ("2009-42", "month: 42 is neither a month"),
    ("2009-21-05", "day: 21 is a spring, which has no days"),
    ("2009-02-30", "day: 2009-02-30 is not a real date"),
    ("2009-1Y", "month: '1Y' is not two digits 0-9 or X"),
    ("20x9", "date: an unspecified digit is a capital X"),
    ("c. 1850", "is not EDTF: 'c' has no place in it"),
    ("Y2009", "year: Y comes only before five digits or more"),
    ("Y-2E13", "beyond the years bri_timeline places"),
    ("1950S5", "year: S5: significant digits run from 1 to the year's 4"),
    ("2009S2-06", "year: significant digits are for a year alone"),
    ("2009-06S2", "month: '06S2' is not two digits 0-9 or X"),
    ("?2009?", "year: has a qualifier on both sides"),
    ("2009/2008", "interval: its end is before its start"),
    ("../..", "interval: needs at least one known end"),
    ("/", "interval: needs at least one known end"),
    ("[2009,2010", "set: opens with [ but does not close with its pair"),
    ("[]", "set: is empty"),
    ("[2009..2007]", "set: a range a..b must not end before it starts"),
    ("[2009,..2010]", "only the first member may open with '..'"),
    ("2009-2010-01-01", "date: has more than year, month and day"),
    ("Y170000002-01", "month: months are placed only within years"),
    ("2009~T10:00", "date: a date-time takes no qualifier"),
    ("-0000", "year: -0000 is not a year"),
]


@pytest.mark.parametrize(("text", "rule"), REFUSED)
def test_an_invalid_string_gets_one_error_naming_the_part(text: str, rule: str) -> None:
    with pytest.raises(EDTFError) as caught:
        b.from_edtf(text)
    assert rule in caught.value.rule
    assert caught.value.value == text


def test_a_plain_date_is_not_vague_and_deep_time_has_no_calendar_day() -> None:
    with pytest.raises(InvalidTime, match="is a plain date"):
        b.Vague("2009")
    with pytest.raises(InvalidTime, match="beyond the years 1 to 9999"):
        _ = b.Vague("Y-17E7").lower
    assert b.Vague("[2009~]") == b.Vague("2009~")  # one of one is that one


WORDS = {
    "1850~": "c. 1850",
    "2009-21": "spring 2009",
    "[1984,1985]": "1984 or 1985",
    "{1960,1961-12}": "1960 and Dec 1961",
    "2009?": "2009?",
    "2009%": "c. 2009?",
    "199X~": "c. 1990s",
    "1XXX": "1000–1999",
    "1985-04-XX": "a day in Apr 1985",
    "2001-34": "Q2 2001",
    "1984?/2004~": "1984? – c. 2004",
    "../1985": "until 1985",
    "1985/": "1985 – unknown end",
    "[..1760-12-03]": "3 Dec 1760 or before",
    "-1985": "1986 BC",
}


@pytest.mark.parametrize(("text", "words"), WORDS.items())
def test_honest_words(text: str, words: str) -> None:
    assert b.describe(b.from_edtf(text)) == words


def test_an_approximate_year_is_never_its_first_day() -> None:
    event = b.Event("e", "E", b.from_edtf("1850~"))
    timeline = b.Timeline([event])
    slide = b.to_timelinejs(timeline)
    assert '"display_date": "c. 1850"' in slide
    assert '"day"' not in slide
    assert '"month"' not in slide
    assert "c. 1850" in b.to_text(timeline)


@given(strategies.edtf_texts(deep=True))
def test_round_trip(text: str) -> None:
    time = b.from_edtf(text)
    assert b.from_edtf(b.to_edtf(time)) == time
    assert b.to_edtf(b.from_edtf(b.to_edtf(time))) == b.to_edtf(time)


def _mixed(deep: bool = False) -> st.SearchStrategy[b.Time]:
    return strategies.vague_times(min_year=2000, max_year=2012, deep=deep) | strategies.times(
        min_year=2000, max_year=2012
    )


@given(st.lists(strategies.events(time=_mixed(deep=True)), max_size=8), st.randoms())
def test_the_order_is_total_and_consistent_with_equality(
    events: list[b.Event], shuffler: random.Random
) -> None:
    ordered = sorted(events)
    shuffled = list(events)
    shuffler.shuffle(shuffled)
    assert sorted(shuffled) == ordered
    for x in events:
        for y in events:
            assert (x < y) + (x == y) + (y < x) == 1
            for z in events:
                if x < y < z:
                    assert x < z


def _once(event: b.Event) -> b.Event:
    """The event without its rule: these laws are about vague times, which never repeat.

    A query sees each occurrence of a repeating event (tests/test_repeating.py holds the
    brute force over occurrences).
    """
    return attrs.evolve(event, recurrence=None, overrides=())


@given(
    st.lists(strategies.events(time=_mixed()).map(_once), max_size=10, unique_by=lambda e: e.id),
    _mixed(),
)
def test_a_window_query_is_brute_force(events: list[b.Event], window: b.Time) -> None:
    timeline = b.Timeline(events)
    assert list(timeline.overlapping(window)) == [e for e in timeline if b.overlaps(e, window)]
    assert list(timeline.overlapping(window, certain=True)) == [
        e for e in timeline if b.certainly_overlaps(e, window)
    ]


@given(st.lists(strategies.events(time=_mixed()).map(_once), max_size=8, unique_by=lambda e: e.id))
def test_overlapping_pairs_are_brute_force(events: list[b.Event]) -> None:
    timeline = b.Timeline(events)
    found = {(pair.first.id, pair.second.id) for pair in timeline.overlapping_pairs()}
    ordered = list(timeline)
    expected = {
        (x.id, y.id) for i, x in enumerate(ordered) for y in ordered[i + 1 :] if b.overlaps(x, y)
    }
    assert found == expected
    certain = {(pair.first.id, pair.second.id) for pair in timeline.overlapping_pairs(certain=True)}
    assert certain == {pair for pair in expected if b.certainly_overlaps(*map(timeline.get, pair))}


def _lies_within_its_span(time: b.Time) -> bool:
    """Whether a time is not its widest span: a vague day (within one of its days), a floating
    instant (an instant wherever it lies). ``relation`` is of the widest spans, so for these it
    need not be possible (the docstring of ``possible_relations``)."""
    floating_instant = isinstance(time, b.FloatingSpan) and time.is_instant
    return floating_instant or allen._days(time) is not None


@example(b.PartialDate.of_year(2000), b.FloatingSpan(datetime(2000, 1, 1)))  # found by CI
@example(b.from_edtf("2004-06-11?"), b.AllDay(date(2004, 6, 11)))  # a vague day: the same
@given(_mixed(deep=True), _mixed(deep=True))
def test_possibly_holds_whenever_certainly_does(a: b.Time, c: b.Time) -> None:
    if b.certainly_overlaps(a, c):
        assert b.overlaps(a, c)
    assert b.certainly_overlaps(a, c) == b.certainly_overlaps(c, a)
    possible = b.possible_relations(a, c)
    assert possible
    if not (_lies_within_its_span(a) or _lies_within_its_span(c)):
        assert b.relation(a, c) in possible
    assert {r.inverse for r in possible} == b.possible_relations(c, a)
    certain = b.certain_relation(a, c)
    if certain is not None:
        assert possible == {certain}
    if b.certainly_overlaps(a, c):
        assert all(r.shares_time for r in possible)


def test_one_of_a_set_is_possibly_in_a_window_when_a_member_is_and_certainly_when_all_are() -> None:
    one_of = b.from_edtf("[2009-03,2009-05]")
    all_of = b.from_edtf("{2009-03,2009-05}")
    april, spring = b.from_edtf("2009-04"), b.AllDay(date(2009, 3, 1), date(2009, 5, 31))
    march = b.AllDay(date(2009, 3, 1), date(2009, 3, 31))
    assert not b.overlaps(one_of, april)  # between the members, inside their hull
    assert b.certainly_overlaps(one_of, spring)
    assert not b.certainly_overlaps(one_of, march)
    assert b.certainly_overlaps(all_of, march)
    timeline = b.Timeline([b.Event("s", "S", one_of)])
    assert len(timeline.overlapping(april)) == 0
    assert len(timeline.overlapping(march)) == 1


def test_every_format_carries_vague_times() -> None:
    texts = [text for text in SPEC if "T" not in text] + ["2009-24"]
    timeline = b.Timeline(b.Event(f"e{i}", text, b.from_edtf(text)) for i, text in enumerate(texts))
    assert b.from_toml(b.to_toml(timeline)) == timeline
    assert b.from_json(b.to_json(timeline)) == timeline
    in_calendar = timeline.filter(lambda e: not str(e.time).startswith(("Vague('Y", "Vague('-")))
    assert b.from_ics(b.to_ics(in_calendar)) == in_calendar
    assert "<svg" in b.to_svg(timeline)
    assert "<html" in b.to_html(timeline)


def test_ical_writes_the_widest_span_all_day_and_refuses_deep_time_naming_the_event() -> None:
    feed = b.to_ics(b.Timeline([b.Event("spring", "S", b.from_edtf("2009-21~"))])).decode()
    # March to May, widened by a season's three months on each side.
    assert "DTSTART;VALUE=DATE:20081201" in feed
    assert "DTEND;VALUE=DATE:20090901" in feed
    assert "X-BRI-EDTF:2009-21~" in feed
    feed = b.to_ics(b.Timeline([b.Event("day", "D", b.from_edtf("2004-06-11~"))])).decode()
    assert "DTSTART;VALUE=DATE:20040610" in feed
    assert "DTEND;VALUE=DATE:20040613" in feed
    deep = b.Timeline([b.Event("chicxulub", "Impact", b.from_edtf("Y-66E6"))])
    with pytest.raises(FeedError, match=r"event .chicxulub.*beyond the years 1 to 9999"):
        b.to_ics(deep)


def test_deep_time_orders_and_queries() -> None:
    texts = ["Y-17E7", "Y-66000000", "-1985", "0000", "2009~", "Y170000002"]
    events = [b.Event(f"e{i}", text, b.from_edtf(text)) for i, text in enumerate(texts)]
    timeline = b.Timeline(reversed(events))
    assert [e.title for e in timeline] == texts
    window = b.from_edtf("Y-100000000/-1000")
    assert [e.title for e in timeline.overlapping(window)] == texts[1:3]


# --- the picture ------------------------------------------------------------------------------

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "vague-dates.toml"
PICTURE = ROOT / "docs" / "images" / "vague-dates.svg"
PLUM = "#8a2b7a"


def test_the_vague_dates_picture_is_what_the_renderer_draws_now() -> None:
    # Redraw it with
    #   .venv/bin/bri-timeline plot --data examples/vague-dates.toml -o docs/images/vague-dates.svg
    assert PICTURE.read_text(encoding="utf-8") == b.to_svg(b.read_toml(EXAMPLE)), "stale picture"


def test_the_picture_draws_vagueness_as_what_it_is() -> None:
    root = ElementTree.fromstring(b.to_svg(b.read_toml(EXAMPLE)))
    ns = {"s": "http://www.w3.org/2000/svg"}
    groups = {g.get("data-id"): g for g in root.iterfind(".//s:g[@data-id]", ns)}
    vague = {key for key, g in groups.items() if "vague" in (g.get("class") or "").split()}
    assert vague == {
        "mill-built", "first-ferry", "old-bridge", "flood", "market-days", "tram", "school",
        "harbour",
    }  # fmt: skip

    def count(key: str, tag: str, cls: str) -> int:
        return len(groups[key].findall(f"s:{tag}[@class='{cls}']", ns))

    assert count("market-days", "rect", "member") == 3  # a set as its members
    assert count("first-ferry", "rect", "member") == 2
    assert count("old-bridge", "rect", "core") == 1  # certainly in use 1885-1929
    assert count("mill-built", "rect", "core") == 0  # c. 1850: nothing of it certain
    assert count("mill-built", "line", "whisker") == 3
    assert count("harbour", "polygon", "arrow") == 1  # an unknown end: an arrow
    assert count("tram", "polygon", "arrow") == 1  # an open start
    assert root.find(".//s:g[@class='key vague']", ns) is not None  # the legend names it
    assert "Mill built · c. 1850" in "".join(groups["mill-built"].itertext())


def test_chromium_draws_the_vague_picture(tmp_path: Path) -> None:
    browser = chromium()
    png = tmp_path / "vague-dates.png"
    screenshot(browser, PICTURE, png, (520, 640), tmp_path / "profile")
    _, _, pixels = png_pixels(png.read_bytes())
    assert sum(1 for pixel in pixels if near(pixel, PLUM)) > 200
    assert sum(1 for pixel in pixels if near(pixel, "#2a7a4b")) > 20  # the open-ended museum
    if os.environ.get("BRI_KEEP_SCREENSHOTS"):
        shutil.copy(png, Path(os.environ["BRI_KEEP_SCREENSHOTS"]) / png.name)


def test_export_says_which_event_it_left_out_and_why(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = tmp_path / "deep.toml"
    data.write_text(
        '[[events]]\nid = "chicxulub"\ntitle = "Impact"\nwhen = "Y-66E6"\n\n'
        '[[events]]\nid = "fta"\ntitle = "FTA"\nwhen = "2009~"\n',
        encoding="utf-8",
    )
    assert main(["export", "--data", str(data), "-o", str(tmp_path / "feed.ics")]) == 0
    assert capsys.readouterr().err == (
        "bri-timeline: left out event 'chicxulub': its time Y-66000000 lies beyond the years "
        "1 to 9999 that iCalendar can carry\n"
    )
    feed = b.read_ics(tmp_path / "feed.ics")
    assert [event.id for event in feed] == ["fta"]
    assert feed.get("fta").time == b.from_edtf("2009~")
