"""jCal (RFC 7265): the feed as JSON, with icalendar's jCal as the oracle, and read back whole."""

from __future__ import annotations

import io
import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from icalendar import Calendar, Component
from icalendar.prop import vCategory, vText, vUnknown
from tests.mangling import mangled, record, rich_bri

from bri_timeline import (
    AllDay,
    Event,
    Extra,
    FeedOptions,
    ICalendarError,
    InvalidArgument,
    Limits,
    Participant,
    Source,
    Timeline,
    TimelineInfo,
    from_jcal,
    load_bri,
    read_jcal,
    to_ics,
    to_jcal,
    write_jcal,
)
from bri_timeline.formats.ical import to_jcal_object
from bri_timeline.formats.ical._values import escape_text, unescape_text
from bri_timeline.strategies import events, timelines, times

# The example of RFC 7265, section 3.1 (with an end added), as a program would send it.
RFC_EXAMPLE = [
    "vcalendar",
    [
        ["calscale", {}, "text", "GREGORIAN"],
        ["prodid", {}, "text", "-//Example Inc.//Example Calendar//EN"],
        ["version", {}, "text", "2.0"],
    ],
    [
        [
            "vevent",
            [
                ["dtstamp", {}, "date-time", "2008-02-05T19:12:24Z"],
                ["dtstart", {}, "date", "2008-10-06"],
                ["summary", {}, "text", "Planning meeting"],
                ["uid", {}, "text", "4088E990AD89CB3DBB484909"],
            ],
            [],
        ]
    ],
]


def assert_same(timeline: Timeline, back: Timeline) -> None:
    assert back.info == timeline.info
    assert list(back) == list(timeline)


@given(timelines())
def test_generated_timelines_round_trip_through_jcal(timeline: Timeline) -> None:
    assert_same(timeline, from_jcal(to_jcal(timeline)))


@pytest.mark.parametrize("name", ["0", "X-FOO", "NEW-PROPERTY"])
def test_a_kept_property_with_a_bare_comma_round_trips_through_jcal(name: str) -> None:
    # Found by a random pass of the jCal fuzz test: a property the mapping does not know,
    # read from jCal values ["a", "b"] as the text "a,b", was written back as one text value
    # "a,b", which reads as "a\\,b". Its parts between bare commas are its values now.
    event = Event("e", "E", AllDay(date(2024, 1, 1)), extras=(Extra(name, "trade,agreement"),))
    back = from_jcal(to_jcal(Timeline([event])))
    assert back[0].extras == event.extras


HOSTILE = "\ufeffA\\N\\n\\,\\; b\\\n\\"
"""A byte order mark first, backslashes before N, n, comma and semicolon, and last."""


def test_a_byte_order_mark_and_backslashes_round_trip() -> None:
    # What icalendar's content lines lost (its writer drops a leading U+FEFF, and reads a
    # literal \N as a new line): the jCal never goes through them.
    event = Event(
        "e",
        HOSTILE,
        AllDay(date(2024, 11, 13)),
        description=HOSTILE,
        categories=(HOSTILE, "b"),
        source=Source(HOSTILE, document=HOSTILE),
        participants=(Participant(HOSTILE),),
    )
    timeline = Timeline([event], info=TimelineInfo(HOSTILE, source=HOSTILE))
    assert_same(timeline, from_jcal(to_jcal(timeline)))
    assert_same(timeline, from_jcal(_icalendars_jcal(timeline)))
    assert _shape(Component.from_jcal(to_jcal_object(timeline))) == _shape(
        Calendar.from_ical(to_ics(timeline))
    )


def _values(found: object) -> list[Any]:
    return found if isinstance(found, list) else [found]


def _value(name: str, value: Any) -> object:
    """A property's value as icalendar holds it: text unescaped, a list as its items."""
    if isinstance(value, vUnknown) and not name.startswith("X-"):
        # icalendar (7.3) does not register RFC 7986's NAME and COLOR, which are TEXT:
        # its parse of the .ics keeps their text as written (and its TEXT unescaper reads
        # \N as a new line), so that text is read here by RFC 5545 (3.3.11).
        return unescape_text(value.to_ical().decode())
    if isinstance(value, vText):
        return str(value)
    if isinstance(value, vCategory):
        return tuple(map(str, value.cats))
    return value.to_ical()


def _shape(component: Component) -> tuple[object, ...]:
    """A component's name, properties and components, to compare two of them.

    A VALUE parameter is left out: jCal gives the value type in its own place, so
    whether icalendar adds the parameter (it does for a type it does not register,
    and not for a property's own type) says nothing of the value.
    """
    properties = sorted(
        (
            name,
            repr(_value(name, value)),
            sorted((key, str(param)) for key, param in value.params.items() if key != "VALUE"),
        )
        for name, found in component.items()
        for value in _values(found)
    )
    return component.name, properties, [_shape(child) for child in component.subcomponents]


def _icalendars_jcal(timeline: Timeline) -> list[Any]:
    jcal: list[Any] = json.loads(json.dumps(Calendar.from_ical(to_ics(timeline)).to_jcal()))
    return jcal


@given(timelines(max_size=3, event=events(time=times())))
def test_icalendar_reads_our_jcal_as_it_reads_our_feed(timeline: Timeline) -> None:
    # The oracle: icalendar's from_jcal of our jCal holds, component by component and
    # property by property, what its parse of our .ics holds.
    ours = json.loads(to_jcal(timeline))
    assert _shape(Component.from_jcal(ours)) == _shape(Calendar.from_ical(to_ics(timeline)))


def _as_icalendar_writes(node: list[Any]) -> list[Any]:
    """A jCal component in the forms icalendar (7.3) chooses where RFC 7265 allows two.

    icalendar gives RFC 7986's NAME and COLOR, which it does not register, the type
    ``unknown`` and their text as written, where we give the type RFC 7986 says, ``text``;
    and it writes a BY... rule part of one value as an array, where we write the value
    (both are RFC 7265's, section 3.6.10). The order of properties means nothing.
    """
    name, properties, components = node
    found = []
    for written in properties:
        prop = list(written)
        if prop[0] in ("name", "color") and prop[2] == "text":
            prop[2:] = ["unknown", escape_text(prop[3])]
        if prop[2] == "recur":
            prop[3] = {
                key: [value] if key.startswith("by") and not isinstance(value, list) else value
                for key, value in prop[3].items()
            }
        found.append(prop)
    return [name, sorted(found, key=json.dumps), [_as_icalendar_writes(c) for c in components]]


@given(timelines(max_size=3, event=events(time=times())))
def test_jcal_is_icalendars_jcal_of_the_same_feed(timeline: Timeline) -> None:
    ours = json.loads(to_jcal(timeline))
    assert _as_icalendar_writes(ours) == _as_icalendar_writes(_icalendars_jcal(timeline))


@given(timelines(max_size=3, event=events(time=times())))
def test_we_read_icalendars_jcal_of_our_feed(timeline: Timeline) -> None:
    # The other way: icalendar's to_jcal of our .ics reads back as the timeline.
    assert_same(timeline, from_jcal(_icalendars_jcal(timeline)))


def test_every_content_line_of_the_feed_is_one_jcal_property() -> None:
    ics = to_ics(rich_bri()).decode()
    lines = [line for line in ics.replace("\r\n ", "").split("\r\n") if line]
    properties = [line for line in lines if not line.startswith(("BEGIN:", "END:"))]

    def count(node: list[object]) -> int:
        children = node[2]
        assert isinstance(children, list)
        return len(node[1]) + sum(count(child) for child in children)  # type: ignore[arg-type]

    assert count(json.loads(to_jcal(rich_bri()))) == len(properties)


def test_bundled_and_rich_timelines_round_trip_with_a_domain() -> None:
    feed = FeedOptions("example.org")
    for timeline in (load_bri(), rich_bri()):
        assert_same(timeline, from_jcal(to_jcal(timeline, feed=feed), domain="example.org"))


def test_jcal_of_a_day_and_our_own_properties() -> None:
    event = Event("apec", "APEC; Lima", AllDay(date(2024, 11, 13)), categories=("a,b", "c"))
    vevent = to_jcal_object(Timeline([event]))[2][0]
    assert vevent[0] == "vevent"
    found = {item[0]: item[2:] for item in vevent[1]}
    assert found["summary"] == ["text", "APEC; Lima"]  # unescaped, as JSON text
    assert found["dtstart"] == ["date", "2024-11-13"]
    assert found["categories"] == ["text", "a,b", "c"]  # one value each


def test_jcal_a_program_wrote_is_read() -> None:
    timeline = from_jcal(RFC_EXAMPLE)
    (event,) = timeline
    assert (event.title, event.time) == ("Planning meeting", AllDay(date(2008, 10, 6)))
    assert from_jcal(json.dumps(RFC_EXAMPLE).encode()) == timeline


def test_write_and_read_a_file(tmp_path: Path) -> None:
    buffer = io.BytesIO()
    write_jcal(load_bri(), buffer)
    assert buffer.getvalue() == to_jcal(load_bri()).encode()
    (tmp_path / "bri.jcal").write_bytes(buffer.getvalue())
    assert read_jcal(tmp_path / "bri.jcal") == load_bri()


@pytest.mark.parametrize(
    ("data", "words"),
    [
        (b"[", "cal.json:1: is not JSON"),
        (b"\xff[]", "cal.json: is not UTF-8 (byte 0)"),
        (b"{}", "cal.json: is not jCal: must be an array [name, properties, components] (got {})"),
        (b"[" * 100_000 + b"]" * 100_000, "cal.json: is not jCal"),
        (b'["vcalendar", [], 5]', "cal.json: is not jCal: at vcalendar[2]: must be an array of"),
        (b'["vcalendar", [], [7]]', "cal.json: is not jCal: at vcalendar[2][0]: must be an array"),
        (
            b'["vcalendar", [["uid", {}, "text"]], []]',
            "cal.json: property UID: is not jCal: at vcalendar[1][0]: must be an array [name,",
        ),
        (b'["vevent", [], []]', "cal.json: property VEVENT: at vevent: has no VCALENDAR"),
    ],
)
def test_what_is_not_jcal_is_one_clear_error(data: bytes, words: str) -> None:
    with pytest.raises(ICalendarError) as caught:
        from_jcal(data, path="cal.json")
    assert str(caught.value).startswith(words)


UID = "4088E990AD89CB3DBB484909"


@pytest.mark.parametrize(
    ("prop", "where", "words"),
    [
        (["dtend", {}, "date-time", "2008-10-07"], "[3]", "must be a date-time such as"),
        (["dtend", {}, "date", "2008-02-30"], "[3]", "must be a date that exists"),
        (["dtend", [], "date", "2008-10-07"], "[1]", "must be an object of parameters"),
        (["dtend", {"tzid": 5}, "date", "2008-10-07"], "[1]['tzid']", "must be a string or an"),
        (["dtend", {"value": "DATE"}, "date", "2008-10-07"], "[1]", "must not give VALUE"),
        (["dtend", {}, 5, "2008-10-07"], "[2]", "must be a value type such as 'text'"),
        (["dt end", {}, "date", "2008-10-07"], "[0]", "must be a property name"),
        (["begin", {}, "text", "VEVENT"], "[0]", "must be a property name, not BEGIN or END"),
        (["rrule", {}, "recur", {"freq": "DAILY", "count": "3;X"}], "[3]['count'][0]", "must be a"),
        (["rrule", {}, "recur", {"count": 3}], "[3]", "must be a recur object with a freq"),
        (["rrule", {}, "recur", "FREQ=DAILY"], "[3]", "must be a recur object such as"),
        (["geo", {}, "float", [1.5]], "[3]", "must be [latitude, longitude]"),
        (["geo", {}, "float", [1.5, "x"]], "[3][1]", "must be a number"),
        (["sequence", {}, "integer", True], "[3]", "must be an integer"),
        (["sequence", {}, "integer", 2**40], "[3]", "must be an integer of 32 bits"),
        (["duration", {}, "duration", "1 hour"], "[3]", "must be a duration such as"),
        (["x-bri-edtf", {}, "unknown", "a\nb"], "[3]", "must not hold a line break"),
        (["summary", {}, "text", None], "[3]", "must be a string"),
        (["freebusy", {}, "period", ["2008-10-06T10:00:00Z"]], "[3]", "must be a period"),
        (["x-when", {}, "time", "25h"], "[3]", "must be a time such as"),
        (["x-offset", {}, "utc-offset", "+5"], "[3]", "must be a utc-offset such as"),
        (["x-flag", {}, "boolean", "yes"], "[3]", "must be true or false"),
    ],
)
def test_a_property_that_is_not_jcal_is_named_with_its_place_and_value(
    prop: list[Any], where: str, words: str
) -> None:
    bad = json.loads(json.dumps(RFC_EXAMPLE))
    bad[2][0][1].append(prop)
    with pytest.raises(ICalendarError) as caught:
        from_jcal(json.dumps(bad), path="cal.json")
    error = caught.value
    assert (error.path, error.uid, error.line) == ("cal.json", UID, None)
    assert error.prop == prop[0].upper()
    assert error.message.startswith(f"is not jCal: at vcalendar[2][0][1][4]{where}: {words}")
    assert "(got " in str(error) or error.value is None


def test_components_nested_past_the_limit_are_refused() -> None:
    deep: list[Any] = ["x-deep", [], []]
    for _ in range(3):
        deep = ["x-deep", [], [deep]]
    with pytest.raises(ICalendarError, match=r"at vcalendar\[2\]\[0\]\[2\]\[0\]: components"):
        from_jcal(["vcalendar", [], [deep]], path="cal.json", limits=Limits(max_depth=2))


def test_an_event_error_names_the_place_in_the_json() -> None:
    bad = json.loads(json.dumps(RFC_EXAMPLE))
    bad[2][0][1][1] = ["dtstart", {"tzid": "Nowhere/Else"}, "date-time", "2008-10-06T10:00:00"]
    with pytest.raises(ICalendarError) as caught:
        from_jcal(bad, path="cal.json")
    error = caught.value
    assert (error.path, error.uid, error.prop, error.line) == ("cal.json", UID, "DTSTART", None)
    assert "at vcalendar[2][0][1][1]: " in str(error)


def test_limits_and_arguments() -> None:
    with pytest.raises(ICalendarError, match="larger than the limit"):
        from_jcal(to_jcal(load_bri()), limits=Limits(max_bytes=100))
    with pytest.raises(InvalidArgument, match="argument data"):
        from_jcal(5)  # type: ignore[arg-type]
    with pytest.raises(ICalendarError, match="cannot be read"):
        read_jcal("missing.jcal")


def jcal_mangled(seed: bytes) -> st.SearchStrategy[bytes]:
    values = {b'"uid"': [b', {}, "text", 5]', b', {}, "date", "x"]'], b'"dtstart"': [b"[]"]}
    return mangled(seed, values=values, separator=b",", nesting=(b"[", b"]"))


SEEDS = [to_jcal(load_bri()).replace("], [", "],\n[").encode(), json.dumps(RFC_EXAMPLE).encode()]


@given(st.sampled_from(SEEDS).flatmap(jcal_mangled))
def test_mangled_jcal_gives_a_timeline_or_one_clear_error(data: bytes) -> None:
    try:
        timeline = from_jcal(data, path="in.jcal", limits=Limits(max_occurrences=3_000))
    except ICalendarError as error:
        message = str(error)
        record("jCal: mangled", "clear error")
    else:
        assert from_jcal(to_jcal(timeline)) == timeline
        message = "in.jcal: read"
        record("jCal: mangled", "read")
    assert message.startswith("in.jcal")
    assert "\n" not in message


JSON = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=12)
    | st.sampled_from(["text", "date-time", "2024-11-13", "2024-11-13T09:30:00Z", "P1D", "uid"]),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=6), inner),
    max_leaves=8,
)
"""Any JSON value, and some that look like jCal's parts."""


def _places(node: object, at: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """The path of every value inside a JSON value, the value itself first."""
    found = [at]
    items = (
        enumerate(node)
        if isinstance(node, list)
        else node.items()
        if isinstance(node, dict)
        else ()
    )
    for key, child in items:
        found.extend(_places(child, (*at, key)))
    return found


RICH_JCAL = json.dumps(to_jcal_object(rich_bri()))


@given(st.data())
def test_jcal_with_any_part_replaced_gives_a_timeline_or_one_clear_error(
    data: st.DataObject,
) -> None:
    jcal: Any = json.loads(RICH_JCAL)
    *parents, last = data.draw(st.sampled_from(_places(jcal)[1:]))
    node = jcal
    for key in parents:
        node = node[key]
    node[last] = data.draw(JSON)
    try:
        timeline = from_jcal(json.dumps(jcal), path="in.jcal", limits=Limits(max_occurrences=3_000))
    except ICalendarError as error:
        message = str(error)
        assert message.startswith("in.jcal: ")
        assert "\n" not in message
        record("jCal: a part replaced", "clear error")
    else:
        assert from_jcal(to_jcal(timeline)) == timeline
        record("jCal: a part replaced", "read")
