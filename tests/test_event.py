"""Events: validation of every field, value semantics, and the one total order."""

from __future__ import annotations

import itertools
import json
import os
import subprocess
import sys
import textwrap
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta, timezone
from typing import Any
from zoneinfo import ZoneInfo

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from bri_timeline import (
    AllDay,
    Event,
    Frequency,
    Inference,
    InvalidEvent,
    Location,
    OpenEnded,
    PartialDate,
    Participant,
    Recurrence,
    Source,
    TimelineError,
    TimeSpan,
)
from bri_timeline.errors import shown
from bri_timeline.model.kinds import EventKind, journal_time
from bri_timeline.strategies import event_pairs, events, times

LIMA = ZoneInfo("America/Lima")
DAY = AllDay(date(2024, 11, 14))
US_PER_DAY = 86_400 * 10**6


def make(**changes: Any) -> Event:
    """A valid event, with some arguments replaced."""
    arguments: dict[str, Any] = {"id": "chancay", "title": "Chancay Port inaugurated", "time": DAY}
    arguments.update(changes)
    return Event(**arguments)


# --- validation ------------------------------------------------------------------

REFUSED: list[tuple[str, Callable[[], object], str, str]] = [
    ("empty id", lambda: make(id=""), "id", "1 to 255"),
    ("id with a space", lambda: make(id="chancay port"), "id", "letters, digits"),
    ("id starting with a dash", lambda: make(id="-chancay"), "id", "starting with a letter"),
    ("id starting with a dot", lambda: make(id=".chancay"), "id", "starting with a letter"),
    ("id with a slash", lambda: make(id="a/b"), "id", "letters, digits"),
    ("id with a newline", lambda: make(id="chancay\n"), "id", "letters, digits"),
    ("id with a non-ASCII letter", lambda: make(id="peñón"), "id", "letters, digits"),
    ("id of 256 characters", lambda: make(id="a" * 256), "id", "1 to 255"),
    ("id not a string", lambda: make(id=7), "id", "1 to 255"),
    ("empty title", lambda: make(title=""), "title", "must not be empty"),
    ("blank title", lambda: make(title=" \t\n"), "title", "must not be empty"),
    ("title of a carriage return", lambda: make(title="\r"), "title", "must not be empty"),
    ("title not a string", lambda: make(title=None), "title", "must be a string"),
    ("NUL in a title", lambda: make(title="a\x00b"), "title", "U+0000"),
    ("ESC in a title", lambda: make(title="a\x1bb"), "title", "U+001B"),
    ("DEL in a title", lambda: make(title="a\x7f"), "title", "U+007F"),
    ("vertical tab in a description", lambda: make(description="a\x0bb"), "description", "U+000B"),
    ("lone surrogate in a title", lambda: make(title="a\ud800"), "title", "valid Unicode"),
    ("description None", lambda: make(description=None), "description", "must be a string"),
    ("url not a string", lambda: make(url=5), "url", "must be a string"),
    ("time a string", lambda: make(time="2024-11-14"), "time", "must be a TimeSpan"),
    ("time a date", lambda: make(time=date(2024, 11, 14)), "time", "must be a TimeSpan"),
    ("categories a string", lambda: make(categories="port"), "categories", "sequence of str"),
    ("categories None", lambda: make(categories=None), "categories", "sequence of str"),
    ("category not a string", lambda: make(categories=["port", 5]), "categories", "only str"),
    ("category repeated", lambda: make(categories=["port", "port"]), "categories", "repeat"),
    # CR becomes LF first, so these two are one category.
    (
        "category repeated after CR",
        lambda: make(categories=["a\rb", "a\nb"]),
        "categories",
        "repeat",
    ),
    ("empty category", lambda: make(categories=[""]), "categories", "must not be empty"),
    (
        "participant a string",
        lambda: make(participants=["Jorge Chain"]),
        "participants",
        "Participant",
    ),
    (
        "participant without a name",
        lambda: Participant(""),
        "participant.name",
        "must not be empty",
    ),
    ("participant role not text", lambda: Participant("X", role=5), "participant.role", "string"),  # type: ignore[arg-type]
    ("inferred a string", lambda: make(inferred=["the year"]), "inferred", "Inference"),
    (
        "inference without field",
        lambda: Inference("", "why"),
        "inferred.field",
        "must not be empty",
    ),
    ("inference without reason", lambda: Inference("when", " "), "inferred.reason", "empty"),
    ("location a string", lambda: make(location="Lima"), "location", "Location or None"),
    ("location without a name", lambda: Location(""), "location.name", "must not be empty"),
    ("latitude alone", lambda: Location("Lima", latitude=-12.05), "longitude", "with latitude"),
    ("longitude alone", lambda: Location("Lima", longitude=-77.04), "latitude", "with longitude"),
    ("latitude 91", lambda: Location("X", latitude=91, longitude=0), "latitude", "-90 to 90"),
    ("latitude -90.5", lambda: Location("X", latitude=-90.5, longitude=0), "latitude", "-90 to 90"),
    ("longitude 181", lambda: Location("X", latitude=0, longitude=181), "longitude", "-180 to 180"),
    ("latitude NaN", lambda: Location("X", latitude=float("nan"), longitude=0), "latitude", "-90"),
    (
        "longitude inf",
        lambda: Location("X", latitude=0, longitude=float("inf")),
        "longitude",
        "-180",
    ),
    ("latitude a bool", lambda: Location("X", latitude=True, longitude=0), "latitude", "a number"),
    ("latitude text", lambda: Location("X", latitude="12", longitude=0), "latitude", "a number"),  # type: ignore[arg-type]
    ("source a string", lambda: make(source="article"), "source", "Source or None"),
    ("source without a quote", lambda: Source(""), "source.quote", "must not be empty"),
    ("source document not text", lambda: Source("q", document=1), "source.document", "string"),  # type: ignore[arg-type]
    (
        "recurrence of a partial date",
        lambda: make(time=PartialDate.of_year(2009), recurrence=Recurrence(Frequency.YEARLY)),
        "recurrence",
        "only timed, floating and all-day",
    ),
    (
        "recurrence of an open end",
        lambda: make(time=OpenEnded(date(2009, 1, 1)), recurrence=Recurrence(Frequency.YEARLY)),
        "recurrence",
        "only timed, floating and all-day",
    ),
    ("recurrence not a Recurrence", lambda: make(recurrence="YEARLY"), "recurrence", "Recurrence"),
    (
        "count and until",
        lambda: Recurrence(Frequency.DAILY, count=3, until=date(2025, 1, 1)),
        "until",
        "not be given with count",
    ),
    ("frequency as text", lambda: Recurrence("DAILY"), "frequency", "must be a Frequency"),  # type: ignore[arg-type]
    ("interval 0", lambda: Recurrence(Frequency.DAILY, interval=0), "interval", "positive int"),
    ("interval a bool", lambda: Recurrence(Frequency.DAILY, interval=True), "interval", "positive"),
    ("count 0", lambda: Recurrence(Frequency.DAILY, count=0), "count", "positive int"),
    ("count a float", lambda: Recurrence(Frequency.DAILY, count=2.0), "count", "positive int"),  # type: ignore[arg-type]
    (
        "until naive on a timed event",
        lambda: make(recurrence=Recurrence(Frequency.DAILY, until=datetime(2025, 1, 1))),
        "recurrence.until",
        "aware",
    ),
    ("until text", lambda: Recurrence(Frequency.DAILY, until="2025"), "until", "a date"),  # type: ignore[arg-type]
    ("revision -1", lambda: make(revision=-1), "revision", "from 0 to 2147483647"),
    ("revision a bool", lambda: make(revision=True), "revision", "from 0 to 2147483647"),
    ("revision a float", lambda: make(revision=1.0), "revision", "from 0 to 2147483647"),
    ("updated naive", lambda: make(updated=datetime(2024, 11, 20)), "updated", "timezone-aware"),
    ("updated a date", lambda: make(updated=date(2024, 11, 20)), "updated", "timezone-aware"),
]


@pytest.mark.parametrize(
    ("build", "field", "rule"),
    [pytest.param(build, field, rule, id=name) for name, build, field, rule in REFUSED],
)
def test_refused_with_field_rule_and_value(
    build: Callable[[], object], field: str, rule: str
) -> None:
    with pytest.raises(InvalidEvent) as caught:
        build()
    assert isinstance(caught.value, TimelineError)
    assert isinstance(caught.value, ValueError)
    assert caught.value.field == field
    assert rule in caught.value.rule
    assert str(caught.value) == f"{field}: {caught.value.rule} (got {shown(caught.value.value)})"


@pytest.mark.parametrize(
    "event_id", ["a", "7", "A9", "apec-2024", "a._@+-", "x" * 255, "chancay-port-inauguration"]
)
def test_accepted_ids(event_id: str) -> None:
    assert make(id=event_id).id == event_id


def test_carriage_returns_become_line_feeds() -> None:
    event = make(
        title="Chancay\r\nPort",
        description="one\rtwo\r\nthree\n\tfour",
        categories=["a\r\nb"],
        participants=[Participant("X\rY", role="r\r\n")],
        source=Source("quote\r\nmore"),
    )
    assert event.title == "Chancay\nPort"
    assert event.description == "one\ntwo\nthree\n\tfour"
    assert event.categories == ("a\nb",)
    assert (event.participants[0].name, event.participants[0].role) == ("X\nY", "r\n")
    assert event.source is not None
    assert event.source.quote == "quote\nmore"


def test_fields_are_kept_as_given() -> None:
    """Categories keep their order; sequences become tuples; optional fields stay None."""
    event = make(categories=["port", "bri", "infrastructure"], participants=[Participant("A")])
    assert event.categories == ("port", "bri", "infrastructure")
    assert event.participants == (Participant("A"),)
    assert (event.location, event.source, event.url, event.recurrence, event.updated) == (
        None,
        None,
        None,
        None,
        None,
    )
    assert (event.description, event.revision, event.inferred) == ("", 0, ())


def test_coordinates_become_floats_and_negative_zero_is_zero() -> None:
    place = Location("Null Island", latitude=-0.0, longitude=0)
    assert place.latitude == 0.0
    assert repr(place.latitude) == "0.0"
    assert type(place.longitude) is float
    assert place == Location("Null Island", latitude=0.0, longitude=0.0)
    assert place.has_coordinates
    assert not Location("Lima").has_coordinates
    assert Location("Pole", latitude=90, longitude=-180).latitude == 90.0


def test_recurrence_until_datetime_is_kept_in_utc() -> None:
    rule = Recurrence(Frequency.WEEKLY, until=datetime(2025, 1, 1, 9, tzinfo=LIMA))
    assert rule.until == datetime(2025, 1, 1, 14, tzinfo=UTC)
    assert isinstance(rule.until, datetime)
    assert rule.until.tzinfo is UTC
    assert rule.interval == 1


@pytest.mark.parametrize("time", [DAY, TimeSpan(datetime(2024, 11, 8, 9, tzinfo=LIMA))])
def test_timed_and_all_day_events_can_repeat(time: AllDay | TimeSpan) -> None:
    rule = Recurrence(Frequency.YEARLY, count=10)
    assert make(time=time, recurrence=rule).recurrence == rule


def test_updated_is_kept_in_utc() -> None:
    event = make(updated=datetime(2024, 11, 20, 9, tzinfo=LIMA))
    assert event.updated == datetime(2024, 11, 20, 14, tzinfo=UTC)
    assert event.updated is not None
    assert event.updated.tzinfo is UTC


# --- values ----------------------------------------------------------------------


def full(**changes: Any) -> Event:
    arguments: dict[str, Any] = {
        "description": "The port opens.",
        "location": Location("Chancay", latitude=-11.57, longitude=-77.27),
        "categories": ("bri", "infrastructure"),
        "participants": (Participant("Victor Arroyo", role="Director General"),),
        "source": Source("set to be inaugurated on November 14", document="article.txt"),
        "url": "https://example.org/chancay",
        "inferred": (Inference("when", "the year 2024 is inferred"),),
        "recurrence": Recurrence(Frequency.YEARLY, count=3),
        "revision": 2,
        "updated": datetime(2024, 11, 20, tzinfo=UTC),
    }
    arguments.update(changes)
    return make(**arguments)


def test_equal_fields_make_equal_hashable_events() -> None:
    a, b = full(), full(categories=["bri", "infrastructure"])
    assert a == b
    assert hash(a) == hash(b)
    assert len({a, b}) == 1
    assert {a: "x"}[b] == "x"


def test_equal_instants_in_other_zones_are_equal_fields() -> None:
    a = full(updated=datetime(2024, 11, 19, 19, tzinfo=LIMA))
    b = full(updated=datetime(2024, 11, 20, tzinfo=timezone(timedelta(0))))
    assert a == b
    assert hash(a) == hash(b)


@pytest.mark.parametrize(
    "change",
    [
        {"id": "chancay-2"},
        {"title": "Chancay Port opens"},
        {"time": AllDay(date(2024, 11, 15))},
        {"description": "The port opened."},
        {"location": Location("Chancay")},
        {"categories": ("infrastructure", "bri")},
        {"participants": ()},
        {"source": None},
        {"url": None},
        {"inferred": ()},
        {"recurrence": Recurrence(Frequency.YEARLY, count=4)},
        {"revision": 3},
        {"updated": datetime(2024, 11, 21, tzinfo=UTC)},
    ],
)
def test_any_different_field_makes_a_different_event(change: dict[str, Any]) -> None:
    assert full(**change) != full()


def test_events_are_frozen_and_evolve_revalidates() -> None:
    event = full()
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        event.title = "Other"  # type: ignore[misc]
    renamed = attrs.evolve(event, title="Chancay Port opens")
    assert renamed.title == "Chancay Port opens"
    assert attrs.evolve(renamed, title=event.title) == event
    moved = attrs.evolve(event, time=AllDay(date(2024, 11, 15)))
    assert moved.sort_key[0] == event.sort_key[0] + US_PER_DAY
    with pytest.raises(InvalidEvent, match="id"):
        attrs.evolve(event, id="not a slug")
    with pytest.raises(InvalidEvent, match="recurrence"):
        attrs.evolve(event, time=PartialDate.of_year(2024))


def test_repr_evaluates_back() -> None:
    import datetime as datetime_module
    import zoneinfo

    import bri_timeline

    event = full(
        time=TimeSpan(datetime(2024, 11, 3, 1, 30, fold=1, tzinfo=ZoneInfo("America/New_York")))
    )
    namespace = {**vars(bri_timeline), "datetime": datetime_module, "zoneinfo": zoneinfo}
    assert eval(repr(event), namespace) == event


# --- the total order -------------------------------------------------------------

dense_events = events(time=times(min_year=2024, max_year=2024))


tying_pairs = event_pairs(time=times(min_year=2024, max_year=2024))


def _kind(event: Event, other: Event) -> dict[str, Any]:
    # A journal entry must be one instant or one day: given other's time, it takes its kind.
    if event.kind is not EventKind.JOURNAL or journal_time(other.time):
        return {}
    return {"kind": other.kind, "status": other.status}


@st.composite
def event_triples(draw: st.DrawFn) -> tuple[Event, Event, Event]:
    a, b = draw(tying_pairs)
    c = draw(dense_events)
    if draw(st.booleans()):  # all three tie on the sort key: only the repr orders them
        c = attrs.evolve(c, id=a.id, time=a.time, recurrence=None, overrides=(), **_kind(c, a))
        b = attrs.evolve(b, id=a.id, time=a.time, recurrence=None, overrides=(), **_kind(b, a))
    return a, b, c


@given(tying_pairs)
def test_order_is_total_and_consistent_with_equality(pair: tuple[Event, Event]) -> None:
    a, b = pair
    assert [a < b, a == b, b < a].count(True) == 1
    assert (not a < b and not b < a) == (a == b)
    assert (a <= b) == (a < b or a == b)
    assert (a >= b) == (b < a or a == b)
    assert (a > b) == (b < a)
    if a == b:
        assert hash(a) == hash(b)


@given(tying_pairs)
def test_order_is_antisymmetric(pair: tuple[Event, Event]) -> None:
    a, b = pair
    if a <= b <= a:
        assert a == b


@given(event_triples())
def test_order_is_transitive(triple: tuple[Event, Event, Event]) -> None:
    a, b, c = triple
    for x, y, z in [(a, b, c), (a, c, b), (b, a, c), (b, c, a), (c, a, b), (c, b, a)]:
        if x < y < z:
            assert x < z
        if x <= y <= z:
            assert x <= z


@given(tying_pairs)
def test_order_is_by_span_start_then_end_then_id(pair: tuple[Event, Event]) -> None:
    """Earliest possible start first; then the end (an open end last); then the id."""
    a, b = pair
    if a.time._start != b.time._start:
        assert (a < b) == (a.time._start < b.time._start)
    elif a.time._end != b.time._end:
        assert (a < b) == (a.time._end < b.time._end)
    elif a.id != b.id:
        assert (a < b) == (a.id < b.id)


def test_sort_key_by_hand() -> None:
    start = (date(2024, 11, 14).toordinal() - 1) * US_PER_DAY
    assert make().sort_key == (start, start + US_PER_DAY, "chancay")


def test_open_end_sorts_after_every_closed_one_from_the_same_start() -> None:
    since = make(id="a", time=OpenEnded(date(2009, 1, 1)))
    century = make(id="z", time=AllDay(date(2009, 1, 1), date(9999, 12, 30)))
    year = make(id="y", time=PartialDate.of_year(2009))
    assert sorted([since, century, year]) == [year, century, since]


def test_events_do_not_compare_with_other_things() -> None:
    with pytest.raises(TypeError):
        _ = make() < 5
    with pytest.raises(TypeError):
        _ = make() >= DAY


@given(st.lists(dense_events, max_size=8), st.randoms(use_true_random=False))
def test_sort_is_independent_of_input_order(found: list[Event], random: Any) -> None:
    shuffled = list(found)
    random.shuffle(shuffled)
    ordered = sorted(found)
    assert sorted(shuffled) == ordered
    backwards = list(found)
    backwards.reverse()
    assert sorted(backwards) == ordered
    for earlier, later in itertools.pairwise(ordered):
        assert not later < earlier


# Events whose order changes if any of them were read in the machine's local zone.
SORT_SCRIPT = textwrap.dedent(
    """
    import json
    from datetime import date, datetime, timedelta, timezone
    from zoneinfo import ZoneInfo
    from bri_timeline import AllDay, Event, OpenEnded, PartialDate, TimeSpan, load_bri

    lima, tokyo = ZoneInfo("America/Lima"), ZoneInfo("Asia/Tokyo")
    kiritimati, plus_five = ZoneInfo("Pacific/Kiritimati"), timezone(timedelta(hours=5))
    found = [
        Event("lima-evening", "L", TimeSpan(datetime(2024, 11, 7, 20, tzinfo=lima))),
        Event("tokyo-morning", "T", TimeSpan(datetime(2024, 11, 8, 8, tzinfo=tokyo))),
        Event("the-day", "D", AllDay(date(2024, 11, 8))),
        Event("since-the-day", "S", OpenEnded(date(2024, 11, 8))),
        Event("fixed-offset", "F", TimeSpan(datetime(2024, 11, 8, 5, 30, tzinfo=plus_five))),
        Event("november", "N", PartialDate.of_month(2024, 11)),
        Event("kiritimati", "K", TimeSpan(datetime(2024, 11, 8, 13, 59, tzinfo=kiritimati))),
    ]
    print(json.dumps([[e.id for e in sorted(found)], [e.id for e in load_bri()]]))
    """
)

# By hand, in UTC: November starts 11-01; Kiritimati (+14) 13:59 is 11-07 23:59Z;
# the day and its open end start 11-08 00:00Z (the day ends first); Tokyo (+9)
# 08:00 is 11-07 23:00Z; the +05:00 05:30 is 11-08 00:30Z; Lima (-5) 20:00 is 11-08 01:00Z.
EXPECTED_ORDER = [
    "november",
    "tokyo-morning",
    "kiritimati",
    "the-day",
    "since-the-day",
    "fixed-offset",
    "lima-evening",
]


@pytest.mark.parametrize(
    "zone", ["UTC", "America/Lima", "Asia/Tokyo", "Pacific/Kiritimati", "America/St_Johns"]
)
def test_sort_is_independent_of_the_tz_environment_variable(zone: str) -> None:
    environment = {**os.environ, "TZ": zone}
    result = subprocess.run(
        [sys.executable, "-c", SORT_SCRIPT],
        capture_output=True,
        text=True,
        env=environment,
        check=True,
        timeout=60,
    )
    ours, bundled = json.loads(result.stdout)
    assert ours == EXPECTED_ORDER
    assert bundled[0] == "chinese-immigration-peru"
    assert bundled[-1] == "chancay-port-inauguration"
