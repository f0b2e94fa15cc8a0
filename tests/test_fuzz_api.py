"""Fuzzing the Python API: every constructor, query, exporter and loader, given anything.

Each entry point is called with values of every kind (None, numbers at the
edges, NaN, huge ints, strings, bytes, naive and aware datetimes at the ends of
their range, lists, plain objects) in its arguments. It returns, or it raises a
subclass of :class:`~bri_timeline.TimelineError`: no AttributeError, TypeError,
OverflowError or KeyError from deep inside.
"""

from __future__ import annotations

import contextlib
import io
import sys
import tempfile
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any
from unittest import mock
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st
from tests.mangling import record

import bri_timeline as b
from bri_timeline.delivery.cli import main
from bri_timeline.formats.json_document import load_json, loads_json
from bri_timeline.formats.json_document.write import to_json
from bri_timeline.formats.svg.write import to_svg
from bri_timeline.formats.timelinejs.write import to_timelinejs
from bri_timeline.model.edtf import parse_zone

DAY = b.AllDay(date(2024, 11, 14))
SMALL = b.Timeline(
    [
        b.Event("a", "A", DAY, recurrence=b.Recurrence(b.Frequency.DAILY, count=3)),
        b.Event("b", "B", b.OpenEnded(b.PartialDate.of_year(2009))),
    ],
    info=b.TimelineInfo("Small"),
)

ANYTHING = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.sampled_from([0, -1, 2**31, 2**63, 10**400, -(10**5000)]),
    st.floats(),
    st.text(max_size=8),
    st.sampled_from(["\ud800", "a\udfffb", "\x00", "\r\n"]),
    st.binary(max_size=8),
    st.dates(),
    st.datetimes(),
    st.datetimes(
        timezones=st.sampled_from(
            [UTC, ZoneInfo("Pacific/Kiritimati"), timezone(timedelta(hours=-23, minutes=-59))]
        )
    ),
    st.sampled_from(
        [
            date.min,
            date.max,
            datetime.max.replace(tzinfo=UTC),
            datetime.min.replace(tzinfo=timezone(timedelta(hours=5))),
            datetime.max.replace(tzinfo=timezone(timedelta(hours=-5))),
        ]
    ),
    st.timedeltas(),
    st.lists(st.integers(), max_size=2),
    st.just(object()),
    st.just({"a": 1}),
    st.just(DAY),
    st.just(SMALL),
    st.just(SMALL[0]),
)

Call = Callable[[Any, Any], object]
CALLS: dict[str, Call] = {
    "TimeSpan": b.TimeSpan,
    "AllDay": b.AllDay,
    "PartialDate": lambda x, y: b.PartialDate(b.Precision.MONTH, x, y),
    "PartialDate.of_century": lambda x, y: b.PartialDate.of_century(x),
    "OpenEnded": lambda x, y: b.OpenEnded(x),
    "Event(id, title)": lambda x, y: b.Event(x, y, DAY),
    "Event(time)": lambda x, y: b.Event("e", "E", x),
    "Event(description, url)": lambda x, y: b.Event("e", "E", DAY, description=x, url=y),
    "Event(categories)": lambda x, y: b.Event("e", "E", DAY, categories=x),
    "Event(participants, inferred)": lambda x, y: b.Event(
        "e", "E", DAY, participants=x, inferred=y
    ),
    "Event(location, source)": lambda x, y: b.Event("e", "E", DAY, location=x, source=y),
    "Event(recurrence)": lambda x, y: b.Event("e", "E", x, recurrence=y),
    "Event(revision, updated)": lambda x, y: b.Event("e", "E", DAY, revision=x, updated=y),
    "Location": lambda x, y: b.Location("L", latitude=x, longitude=y),
    "Participant": lambda x, y: b.Participant(x, role=y),
    "Source": lambda x, y: b.Source(x, url=y),
    "Inference": b.Inference,
    "Recurrence(interval, count)": lambda x, y: b.Recurrence(
        b.Frequency.DAILY, interval=x, count=y
    ),
    "Recurrence(frequency, until)": lambda x, y: b.Recurrence(x, until=y),
    "TimelineInfo": lambda x, y: b.TimelineInfo(x, updated=y),
    "TimelineInfo(url, source)": lambda x, y: b.TimelineInfo(url=x, source=y),
    "Timeline": lambda x, y: b.Timeline(x, info=y),
    "Timeline[]": lambda x, y: SMALL[x],
    "Timeline.get": lambda x, y: SMALL.get(x),
    "Timeline.at": lambda x, y: SMALL.at(x),
    "Timeline.on": lambda x, y: SMALL.on(x),
    "Timeline.before": lambda x, y: SMALL.before(x),
    "Timeline.after": lambda x, y: SMALL.after(x),
    "Timeline.overlapping": lambda x, y: SMALL.overlapping(x, certain=y),
    "Timeline.inside": lambda x, y: SMALL.inside(x),
    "Timeline.gaps": lambda x, y: SMALL.gaps(min_length=x),
    "Timeline.in_category": lambda x, y: SMALL.in_category(x),
    "Timeline.filter": lambda x, y: SMALL.filter(x),
    "write_ics": lambda x, y: b.write_ics(SMALL, x),
    "in": lambda x, y: x in SMALL,
    "relation": b.relation,
    "overlaps": b.overlaps,
    "certainly_overlaps": b.certainly_overlaps,
    "describe": lambda x, y: b.describe(x),
    "to_edtf": lambda x, y: b.to_edtf(x),
    "from_edtf": lambda x, y: b.from_edtf(x, tz=y),
    "time_zones": lambda x, y: b.time_zones(x),
    "parse_zone": lambda x, y: parse_zone(x),
    "occurrences": lambda x, y: list(b.occurrences(SMALL[0], x)),
    "occurrences(event)": lambda x, y: list(b.occurrences(x, y)),
    "FeedOptions": lambda x, y: b.FeedOptions(x, color=y),
    "FeedOptions(durations)": lambda x, y: b.FeedOptions(refresh_interval=x, cancelled_for=y),
    "Limits": lambda x, y: b.Limits(max_bytes=x, max_depth=y),
    "to_ics": lambda x, y: b.to_ics(x),
    "to_ics(feed, previous)": lambda x, y: b.to_ics(SMALL, feed=x, previous=y),
    "to_json": lambda x, y: to_json(x),
    "to_svg": lambda x, y: to_svg(SMALL, title=x, width=y),
    "to_timelinejs": lambda x, y: to_timelinejs(x),
    "loads": lambda x, y: b.loads(x, path="x.toml", limits=y),
    "loads_json": lambda x, y: loads_json(x, limits=y),
    "loads_ics": lambda x, y: b.loads_ics(x, window=y),
    "loads_ics(domain, tz)": lambda x, y: b.loads_ics(b.to_ics(SMALL), domain=x, tz=y),
    "load": lambda x, y: b.load(x),
    "load_json": lambda x, y: load_json(x),
    "load_ics": lambda x, y: b.load_ics(x),
}


@pytest.mark.parametrize("name", sorted(CALLS))
@given(x=ANYTHING, y=ANYTHING)
def test_every_entry_point_returns_or_raises_a_timeline_error(name: str, x: Any, y: Any) -> None:
    try:
        CALLS[name](x, y)
    except b.TimelineError as error:
        message = str(error)  # a message, and one that can be made
        assert message
        record("Python API: anything in any argument", "clear error")
    else:
        record("Python API: anything in any argument", "handled")


COMMANDS = ["list", "show", "overlaps", "plot", "export", "import"]
OPTIONS = ["--from", "--to", "--category", "--data", "--title", "--width", "--tz", "-o"]
VALUES = [
    "-",
    "2024",
    "2024-11",
    "2024-11-14",
    "2024-02-30",
    "0000",
    "9999",
    "99999",
    "18XX",
    "2009/..",
    "apec-summit-2024",
    "nope",
    "America",
    "localtime",
    "Asia/Kathmandu",
    "-5",
    "100000000000000000000",
    "{tmp}",
    "{tmp}/out.ics",
    "{tmp}/out.svg",
    "{tmp}/missing/x",
    "{tmp}/bad.toml",
    "{tmp}/bad.ics",
    "{tmp}/good.ics",
    "/dev/null",
    "\u202e\x07",
    "x" * 300,
]


@st.composite
def command_lines(draw: st.DrawFn) -> list[str]:
    """A command, then options with values, a positional and a flag, in any order."""
    argv = [draw(st.sampled_from(COMMANDS))]
    for option in draw(st.lists(st.sampled_from(OPTIONS), max_size=4)):
        argv += [option, draw(st.sampled_from(VALUES))]
    if draw(st.booleans()):
        argv.append(draw(st.sampled_from(VALUES)))
    if draw(st.booleans()):
        argv.append("--certain")
    return argv


@given(command_lines())
def test_command_line_arguments_give_output_or_one_line_of_error(tokens: list[str]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        Path(folder, "bad.toml").write_text('[[events]]\nid = "x"\nwhen = 1\n', encoding="utf-8")
        Path(folder, "bad.ics").write_bytes(b"BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\n")
        Path(folder, "good.ics").write_bytes(b.to_ics(SMALL))
        argv = [token.format(tmp=folder) for token in tokens]
        out, err = io.StringIO(), io.StringIO()
        stdin = io.TextIOWrapper(io.BytesIO(b.to_ics(SMALL)))  # what '-' reads: never the terminal
        with (
            mock.patch.object(sys, "stdin", stdin),
            contextlib.redirect_stdout(out),
            contextlib.redirect_stderr(err),
        ):
            try:
                code: object = main(argv)
            except SystemExit as exit_:  # argparse: a usage message, status 2
                code = exit_.code
    assert code in (0, 1, 2), code
    if code == 1:
        message = err.getvalue()
        assert message.startswith("bri-timeline: error: ")
        assert message.count("\n") == 1, message
    record("CLI: any arguments", "handled" if code == 0 else "clear error")
