"""Changed and cancelled occurrences in the TOML data file, the JSON document and data frames.

An override is written as its original and what differs from the occurrence
the rule gives; reading builds it again from that occurrence. The laws: every
field an occurrence can change comes back equal, in both documents; the text
of a cancelled occurrence is its original and its status; every mistake is one
error naming the file, the line, the event, the override's field and the value.
"""

from __future__ import annotations

import contextlib
import json
import textwrap
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from bri_timeline import (
    AllDay,
    DataFileError,
    Event,
    EventStatus,
    InvalidEvent,
    Location,
    Override,
    Recurrence,
    Timeline,
    TimeSpan,
    cancel_occurrence,
    from_arrow,
    from_json,
    from_pandas,
    from_toml,
    occurrences,
    override_occurrence,
    strategies,
    to_arrow,
    to_json,
    to_pandas,
    to_toml,
)
from bri_timeline.strategies import all_day_spans, events, timed_spans

LIMA = ZoneInfo("America/Lima")

# Every field of an event that one occurrence may have of its own.
CHANGEABLE = [
    field.name
    for field in attrs.fields(Event)
    if field.init and field.name not in {"id", "time", "recurrence", "overrides", "uid", "kind"}
]


def spans(event: Event) -> list[TimeSpan | AllDay]:
    """The occurrences of a repeating event (timed or all-day, as only those repeat)."""
    found = list(occurrences(event))
    assert all(isinstance(time, TimeSpan | AllDay) for time in found)
    return found  # type: ignore[return-value]


def round_trips(timeline: Timeline) -> None:
    """The data file, the JSON document, a data frame and an Arrow table give it back."""
    assert from_toml(to_toml(timeline)) == timeline
    assert from_json(to_json(timeline)) == timeline
    assert from_pandas(to_pandas(timeline)) == timeline
    assert from_arrow(to_arrow(timeline)) == timeline


@st.composite
def overridden(draw: st.DrawFn) -> Event:
    """A repeating event with one occurrence given the fields (and time) of another event."""
    # A floating series has no overrides (model.event): only timed and all-day ones.
    series = draw(
        events().filter(
            lambda event: event.recurrence is not None and isinstance(event.time, TimeSpan | AllDay)
        )
    )
    series = attrs.evolve(series, overrides=())
    starts = [t.first if isinstance(t, AllDay) else t.start for t in spans(series)]
    original = draw(st.sampled_from(starts))
    other = draw(events())
    names = draw(st.lists(st.sampled_from(CHANGEABLE), unique=True))
    changes = {name: getattr(other, name) for name in names}
    if isinstance(other.time, TimeSpan | AllDay) and draw(st.booleans()):
        changes["time"] = other.time
    # A change the series' kind cannot hold (another kind's status, a span for a journal
    # entry: see test_kinds.py) is left out.
    kept: dict[str, Any] = {}
    for name, value in changes.items():
        with contextlib.suppress(InvalidEvent):
            override_occurrence(series, original, **kept, **{name: value})
            kept[name] = value
    return override_occurrence(series, original, **kept)


@given(overridden())
def test_every_field_an_occurrence_changes_round_trips(event: Event) -> None:
    round_trips(Timeline([event]))


def _with_overrides(event: Event) -> st.SearchStrategy[Event]:
    # Drawn from events() and strategies.overridden(), never filtered out of events(): few of
    # its events have overrides, and a filter that rejects most draws fails Hypothesis' checks.
    if event.recurrence is None:
        event = attrs.evolve(event, recurrence=Recurrence.from_rrule("FREQ=WEEKLY;COUNT=4"))
    return strategies.overridden(event).filter(lambda found: bool(found.overrides))


@given(events(time=all_day_spans() | timed_spans()).flatmap(_with_overrides))
def test_generated_overrides_round_trip(event: Event) -> None:
    round_trips(Timeline([event]))


MONDAYS = textwrap.dedent(
    """\
    [[events]]
    id = "board"
    title = "Board meeting"
    when = "2025-01-06T10:00/2025-01-06T11:00"
    tz = "America/Lima"
    location = { name = "Lima" }
    recurrence = { rule = "FREQ=MONTHLY;BYDAY=1MO;COUNT=6", exdates = [2025-01-06T10:00:00-05:00] }

    [[events.overrides]]
    original = "2025-03-03T10:00"
    when = "2025-03-03T11:00/2025-03-03T12:00"

    [[events.overrides]]
    original = "2025-04-07T10:00"
    status = "cancelled"
    """
)


def test_first_mondays_with_a_moved_and_a_cancelled_one() -> None:
    board = from_toml(MONDAYS).get("board")
    starts = [time.start for time in spans(board) if isinstance(time, TimeSpan)]
    assert [start.date() for start in starts] == [
        date(2025, m, d) for m, d in [(2, 3), (3, 3), (4, 7), (5, 5), (6, 2)]
    ]
    assert [start.hour for start in starts] == [10, 11, 10, 10, 10]
    expected = Event(
        "board",
        "Board meeting",
        TimeSpan(datetime(2025, 1, 6, 10, tzinfo=LIMA), datetime(2025, 1, 6, 11, tzinfo=LIMA)),
        location=Location("Lima"),
        recurrence=board.recurrence,
    )
    moved = datetime(2025, 3, 3, 11, tzinfo=LIMA)
    expected = override_occurrence(
        expected,
        datetime(2025, 3, 3, 10, tzinfo=LIMA),
        time=TimeSpan(moved, moved + timedelta(hours=1)),
    )
    expected = cancel_occurrence(expected, datetime(2025, 4, 7, 10, tzinfo=LIMA))
    assert board == expected
    round_trips(Timeline([board]))


def test_an_override_is_written_as_what_differs() -> None:
    fair = Event(
        "fair",
        "Fair",
        AllDay(date(2025, 3, 3)),
        location=Location("Lima"),
        recurrence=Recurrence.from_rrule("FREQ=WEEKLY;COUNT=3"),
    )
    fair = cancel_occurrence(fair, date(2025, 3, 10))
    fair = override_occurrence(fair, date(2025, 3, 17), location=None, description="Closed")
    text = to_toml(Timeline([fair]))
    written = text.split("[[events.overrides]]\n")[1:]
    assert written == [
        'original = "2025-03-10"\nstatus = "CANCELLED"\n\n',
        'original = "2025-03-17"\ndescription = "Closed"\nunset = ["location"]\n',
    ]
    document = json.loads(to_json(Timeline([fair])))
    assert document["events"][0]["overrides"] == [
        {"original": "2025-03-10", "status": "CANCELLED"},
        {"original": "2025-03-17", "description": "Closed", "unset": ["location"]},
    ]
    column = to_arrow(Timeline([fair])).column("overrides").to_pylist()
    assert [json.loads(text) for text in column] == [document["events"][0]["overrides"]]


HEAD = textwrap.dedent(
    """\
    [[events]]
    id = "fair"
    title = "Fair"
    when = "2025-03-03"
    """
)
WEEKLY = HEAD + 'recurrence = { frequency = "WEEKLY", count = 3 }\n'


@pytest.mark.parametrize(
    ("text", "field", "words"),
    [
        (
            WEEKLY + '[[events.overrides]]\noriginal = "2025-03-04"\nstatus = "CANCELLED"\n',
            "overrides[0].original",
            "is not a start of the event's occurrences (got '2025-03-04')",
        ),
        (
            HEAD + '[[events.overrides]]\noriginal = "2025-03-03"\nstatus = "CANCELLED"\n',
            "overrides",
            "only a repeating event has overrides",
        ),
        (
            WEEKLY + '[[events.overrides]]\noriginal = "2025-03-10"\nstauts = "CANCELLED"\n',
            "overrides[0].stauts",
            "unknown key 'stauts' (allowed: alarms, ",
        ),
        (
            WEEKLY + '[[events.overrides]]\noriginal = "2025-03-10"\nid = "other"\n',
            "overrides[0].id",
            "unknown key 'id'",
        ),
        (
            WEEKLY + '[[events.overrides]]\noriginal = "2025-03-10T10:00Z"\n',
            "overrides[0].original",
            "must be a day, as the event's start (got '2025-03-10T10:00Z')",
        ),
        (
            WEEKLY + '[[events.overrides]]\noriginal = "10 March"\n',
            "overrides[0].original",
            "(got '10 March')",
        ),
        (
            WEEKLY + '[[events.overrides]]\nstatus = "CANCELLED"\n',
            "overrides[0].original",
            "is required",
        ),
        (
            WEEKLY + '[[events.overrides]]\noriginal = "2025-03-10"\n'
            '[[events.overrides]]\noriginal = "2025-03-10"\ntitle = "Again"\n',
            "overrides[1].original",
            "another override changes this occurrence (got '2025-03-10')",
        ),
        (
            WEEKLY + '[[events.overrides]]\noriginal = "2025-03-10"\nunset = ["title"]\n',
            "overrides[0].unset[0]",
            "(got 'title')",
        ),
        (
            WEEKLY + '[[events.overrides]]\noriginal = "2025-03-10"\ntz = "America/Lima"\n',
            "overrides[0].tz",
            "is given, but 'when' is not (got 'America/Lima')",
        ),
        (
            WEEKLY + '[[events.overrides]]\noriginal = "2025-03-10"\nstatus = "LATE"\n',
            "overrides[0].status",
            "(got 'LATE')",
        ),
        (
            WEEKLY
            + '[[events.overrides]]\noriginal = "2025-03-10"\nwhen = "2025-03-12/2025-03-11"\n',
            "overrides[0].when",
            "(got '2025-03-12/2025-03-11')",
        ),
        (
            WEEKLY + '[[events.overrides]]\noriginal = "2025-03-10"\nwhen = "2025"\n',
            "overrides[0].when",
            "must be a TimeSpan or AllDay",
        ),
        (
            WEEKLY + '[[events.overrides]]\noriginal = "2025-03-10"\n[events.overrides.location]\n',
            "overrides[0].location.name",
            "is required",
        ),
    ],
)
def test_each_mistake_is_one_error_naming_where_it_is(text: str, field: str, words: str) -> None:
    with pytest.raises(DataFileError) as caught:
        from_toml(text, path="fair.toml")
    error = caught.value
    assert (error.path, error.line, error.event, error.field) == ("fair.toml", 2, "'fair'", field)
    assert words in error.message
    assert str(error).startswith(f"fair.toml:2: event 'fair': field {field!r}: ")


def test_a_json_override_reads_as_the_data_file_one() -> None:
    timeline = from_toml(WEEKLY + '[[events.overrides]]\noriginal = "2025-03-10"\ntitle = "Late"\n')
    document = json.loads(to_json(timeline))
    assert document["events"][0]["overrides"] == [{"original": "2025-03-10", "title": "Late"}]
    assert from_json(json.dumps(document)) == timeline
    document["events"][0]["overrides"][0]["original"] = "2025-03-11"
    with pytest.raises(DataFileError, match=r"^b\.json:\d+: event 'fair': field 'overrides\[0\]"):
        from_json(json.dumps(document, indent=1), path="b.json")


def test_a_cancelled_occurrence_is_kept_with_its_status() -> None:
    text = WEEKLY + '[[events.overrides]]\noriginal = "2025-03-10"\nstatus = "CANCELLED"\n'
    (override,) = from_toml(text).get("fair").overrides
    assert override.event.status is EventStatus.CANCELLED
    assert override.event.time == AllDay(date(2025, 3, 10))


def test_an_override_of_no_occurrence_is_refused_by_name_when_written() -> None:
    series = Event(
        "fair",
        "Fair",
        AllDay(date(2025, 3, 3)),
        recurrence=Recurrence.from_rrule("FREQ=WEEKLY;COUNT=3"),
    )
    stray = attrs.evolve(series, id="fair+20250304", time=AllDay(date(2025, 3, 4)), recurrence=None)
    event = attrs.evolve(series, overrides=[Override(date(2025, 3, 4), stray)])
    for write in (to_toml, to_json):
        with pytest.raises(InvalidEvent, match="of the event 'fair' is no start its rule gives"):
            write(Timeline([event]))
