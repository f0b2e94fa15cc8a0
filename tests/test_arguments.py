"""The arguments of the public API are checked at the boundary, each refusal in one style.

A function's or method's argument of the wrong kind or value raises ``InvalidArgument``
before any work is done, and its message names the argument, what it must be and what
it got: ``argument tz: must be ... (got [])``, as argparse words an option's error. A
command-line option's error reads the same (``argument --tz: ...``). A constructor's
field keeps the error of its kind (``InvalidTime``, ``InvalidEvent``, ``FeedError``) and
its plain ``field: ...`` message. tests/test_fuzz_api.py gives every argument anything;
this file pins the words.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest

import bri_timeline
from bri_timeline import strategies as typed_strategies
from bri_timeline.delivery.cli import main
from bri_timeline.formats import text

# Untyped, as a caller's mistakes are: the type checker would catch them first.
b: Any = bri_timeline
strategies: Any = typed_strategies
pairs_text: Any = text.pairs_text

DAY: Any = b.AllDay(date(2024, 11, 14))
EVENT: Any = b.Event("a", "A", DAY)
TIMELINE: Any = b.Timeline([EVENT])
FEED = b.to_ics(TIMELINE)
ZONE_RULE = "must be an IANA time zone name such as 'America/Lima'"

REFUSED: list[tuple[str, Callable[[], object], str]] = [
    # The case of issue 13: a TypeError from deep inside the reader, then "property tz".
    ("tz a list", lambda: b.from_ics(FEED, tz=[]), f"argument tz: {ZONE_RULE} (got [])"),
    ("tz an int", lambda: b.from_ics(FEED, tz=5), f"argument tz: {ZONE_RULE} (got 5)"),
    (
        "tz unknown",
        lambda: b.read_ics("x.ics", tz="Mars"),
        f"argument tz: {ZONE_RULE} (got 'Mars')",
    ),
    ("tz empty", lambda: b.from_ics(FEED, tz=""), f"argument tz: {ZONE_RULE} (got '')"),
    (
        "edtf tz",
        lambda: b.from_edtf("2024-11-14T09:00", tz=[]),
        f"argument tz: {ZONE_RULE} (got [])",
    ),
    ("edtf text", lambda: b.from_edtf(2024), "argument text: must be a str (got 2024)"),
    ("ics data", lambda: b.from_ics(5), "argument data: must be bytes or a str (got 5)"),
    (
        "ics path",
        lambda: b.from_ics(FEED, path=5),
        "argument path: must be a file name, a str or a path (got 5)",
    ),
    (
        "ics window",
        lambda: b.from_ics(FEED, window="2024"),
        "argument window: must be a time or an event (got '2024')",
    ),
    (
        "ics domain",
        lambda: b.from_ics(FEED, domain=None),
        "argument domain: must be a str (got None)",
    ),
    ("toml text", lambda: b.from_toml(b"x"), "argument text: must be a str (got b'x')"),
    (
        "json path",
        lambda: b.read_json(3),
        "argument path: must be a file name, a str or a path (got 3)",
    ),
    ("limits", lambda: b.from_json("{}", limits=1), "argument limits: must be a Limits (got 1)"),
    (
        "previous",
        lambda: b.to_ics(TIMELINE, previous="x"),
        "argument previous: must be the bytes of a feed, or None (got 'x')",
    ),
    (
        "previous name",
        lambda: b.to_ics(TIMELINE, previous=FEED, previous_name=None),
        "argument previous_name: must be a file name, a str or a path (got None)",
    ),
    ("builder feed", lambda: b.FeedBuilder(5), "argument feed: must be a FeedOptions (got 5)"),
    (
        "builder timeline",
        lambda: b.FeedBuilder().build([]),
        "argument timeline: must be a Timeline (got [])",
    ),
    (
        "certain",
        lambda: TIMELINE.overlapping(DAY, certain="yes"),
        "argument certain: must be True or False (got 'yes')",
    ),
    (
        "pairs certain",
        lambda: pairs_text(TIMELINE, certain=1),
        "argument certain: must be True or False (got 1)",
    ),
    ("get", lambda: TIMELINE.get(5), "argument event_id: must be a str (got 5)"),
    ("get unhashable", lambda: TIMELINE.get([1]), "argument event_id: must be a str (got [1])"),
    ("category", lambda: TIMELINE.in_category(None), "argument name: must be a str (got None)"),
    (
        "info",
        lambda: b.Timeline([], info="x"),
        "argument info: must be a TimelineInfo or None (got 'x')",
    ),
    (
        "at",
        lambda: TIMELINE.at(datetime(2024, 11, 14)),
        "argument moment: must be timezone-aware (got datetime.datetime(2024, 11, 14, 0, 0))",
    ),
    ("on", lambda: TIMELINE.on("2024"), "argument day: must be a date (got '2024')"),
    ("relation", lambda: b.relation(DAY, 5), "argument b: must be a time or an event (got 5)"),
    (
        "describe",
        lambda: b.describe(5),
        "argument time: must be a TimeSpan, AllDay, PartialDate, OpenEnded, Vague or FloatingSpan"
        " (got 5)",
    ),
    (
        "occurrences",
        lambda: b.occurrences(EVENT, 5),  # when called, not when iterated
        "argument window: must be a time or an event (got 5)",
    ),
    ("size", lambda: b.Limits().size_error("1"), "argument size: must be an int (got '1')"),
    ("suffix", lambda: b.PageLinks("bri").file(None), "argument suffix: must be a str (got None)"),
    (
        "page svg",
        lambda: b.to_html(TIMELINE, svg="\ud800"),
        "argument svg: must be valid Unicode (no lone surrogates) (got '\\ud800')",
    ),
    (
        "strategy years",
        lambda: strategies.times(min_year=0),
        "argument min_year: must be an int from 2 to 9998 (got 0)",
    ),
    (
        "strategy size",
        lambda: strategies.timelines(max_size=-1),
        "argument max_size: must be an int from 0 to 1000000 (got -1)",
    ),
    (
        "strategy kind",
        lambda: strategies.events(time=[]),
        "argument time: must be a Hypothesis strategy or None (got [])",
    ),
]


@pytest.mark.parametrize(
    ("call", "message"), [row[1:] for row in REFUSED], ids=[r[0] for r in REFUSED]
)
def test_an_argument_is_refused_by_name_rule_and_value(
    call: Callable[[], object], message: str
) -> None:
    with pytest.raises(b.InvalidArgument) as caught:
        call()
    assert str(caught.value) == message


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: b.TimeSpan(datetime(2024, 11, 14)), "start: must be timezone-aware"),
        (lambda: b.Event("", "A", DAY), "id: "),
        (lambda: b.FeedOptions(domain="exa mple"), "domain: must be a domain name"),
        (lambda: b.Gap(None, None, EVENT, EVENT), "start: must be a timezone-aware datetime"),
    ],
)
def test_a_field_keeps_the_error_of_its_kind(call: Callable[[], object], message: str) -> None:
    with pytest.raises(b.InvalidValue) as caught:
        call()
    assert not isinstance(caught.value, b.InvalidArgument)
    assert str(caught.value).startswith(message)


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["import", "--tz", "nope", "feed.ics"], f"argument --tz: {ZONE_RULE} (got 'nope')"),
        (
            ["list", "--from", "2024-11-31"],
            "argument --from: day: 2024-11-31 is not a real date (2024-11 has 30 days) "
            "(got '2024-11-31')",
        ),
        (
            ["plot", "-o", "-", "--width", "5"],
            "argument --width: must be an int from 280 to 10000 (got 5)",
        ),
    ],
)
def test_an_option_is_refused_in_argparse_words(
    capsys: pytest.CaptureFixture[str], argv: list[str], message: str
) -> None:
    Path("feed.ics").write_bytes(FEED)
    assert main(argv) == 1
    assert capsys.readouterr().err == f"bri-timeline: error: {message}\n"
