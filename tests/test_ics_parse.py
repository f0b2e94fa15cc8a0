"""The direct reader's parse layer (formats/ical/_parse, _params): bytes to a tree of raw values.

icalendar is the oracle: on every .ics file that it and recurring-ical-events
ship, and on generated content lines it writes itself, the tree has the same
components, property names and parameters as icalendar's, except for the
differences listed in :data:`DIFFERENCES`. The repairs of careless files are a
table: each gives its note, and with ``strict=True`` an error at the same line.
"""

from __future__ import annotations

import codecs
import gc
import re
import warnings
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import Any
from unittest import mock

import icalendar
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st
from icalendar.parser import Contentline, Parameters
from tests._ics_corpus import corpus_files, corpus_name

from bri_timeline.errors import ICalendarError
from bri_timeline.formats.ical import _parse
from bri_timeline.formats.ical._parse import Component, Parsed, in_calendars, parse
from bri_timeline.limits import Limits
from bri_timeline.notes import ImportNote

FILES = corpus_files()

DIFFERENCES = {
    "FREEBUSY": "icalendar splits a FREEBUSY of several periods into one property per period; "
    "the tree keeps the line as written (its value is a list)",
    "RDATE": "icalendar leaves out an RDATE with an empty value; the tree keeps it (a list of "
    "no dates)",
    "unended": "icalendar drops a component still open at the end of the file, and all its "
    "content; the tree ends it there, with a note",
}


def lines(*content: str) -> bytes:
    return "".join(line + "\r\n" for line in content).encode()


def shape(component: Component) -> tuple[str, list[tuple[str, int]], list[Any]]:
    """A component's name, how many of each property, and its components, in order."""
    counts = Counter(prop.name for prop in component.properties)
    return (component.name, sorted(counts.items()), [shape(c) for c in component.components])


def icalendar_shape(component: icalendar.Component) -> tuple[str, list[tuple[str, int]], list[Any]]:
    counts: Counter[str] = Counter()
    for name, _ in component.property_items(recursive=False, sorted=False):
        if name.upper() not in ("BEGIN", "END"):
            counts[name.upper()] += 1
    return (
        str(component.name),
        sorted(counts.items()),
        [icalendar_shape(c) for c in component.subcomponents],
    )


def expected_shape(component: Component) -> tuple[str, list[tuple[str, int]], list[Any]]:
    """Our tree's shape, made icalendar's by the listed differences (FREEBUSY and RDATE)."""
    counts: Counter[str] = Counter()
    for prop in component.properties:
        if prop.name == "FREEBUSY":
            counts[prop.name] += prop.value.count(",") + 1
        elif not (prop.name == "RDATE" and prop.value == ""):
            counts[prop.name] += 1
    return (
        component.name,
        sorted(counts.items()),
        [expected_shape(c) for c in component.components],
    )


def theirs(data: bytes) -> Sequence[icalendar.Component] | None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            return icalendar.Calendar.from_ical(data, multiple=True)
        except Exception:  # the oracle refuses it: nothing to compare
            return None


def test_the_corpus_is_there() -> None:
    # about 260 files in today's releases; fewer would mean the packages changed their layout
    assert len(FILES) > 200


@pytest.mark.parametrize("path", FILES, ids=corpus_name)
def test_each_shipped_file_has_icalendars_components_and_properties(path: Path) -> None:
    data = path.read_bytes()
    reference = theirs(data)
    parsed = parse(data, str(path), Limits())
    if reference is None:
        return  # icalendar refuses it (a bad value, mostly): the parse layer reads values raw
    unended = [note for note in parsed.notes if "added at the end of the file" in note.action]
    if unended:  # DIFFERENCES["unended"]: icalendar keeps only what was ended
        assert [icalendar_shape(c) for c in reference] == []
        return
    assert [expected_shape(c) for c in parsed.components] == [icalendar_shape(c) for c in reference]


def content_lines(data: bytes) -> list[Contentline]:
    """icalendar's content lines of a file, unfolded, as its parser splits them."""
    text = data.decode("utf-8-sig", errors="replace")
    unfolded = icalendar.parser.Contentlines.from_ical(text)  # type: ignore[no-untyped-call]
    return [line for line in unfolded if line]


def params_of(params: Parameters) -> dict[str, tuple[str, ...]]:
    return {
        key.upper(): tuple(value) if isinstance(value, list) else (value,)
        for key, value in params.items()
    }


@pytest.mark.parametrize("path", FILES, ids=corpus_name)
def test_each_shipped_line_has_icalendars_name_parameters_and_raw_value(path: Path) -> None:
    data = path.read_bytes()
    parsed = parse(data, str(path), Limits())
    skipped = {
        note.value
        for note in parsed.notes
        if note.action.startswith(("line skipped", "property skipped"))
    }
    expected = []
    for line in content_lines(data):
        try:
            name, params, value = line.raw_parts()
        except ValueError:
            continue  # a line icalendar cannot split: ours notes it (see the repairs)
        if (
            name.upper() not in ("BEGIN", "END")
            and str(line) not in skipped
            and value not in skipped
        ):
            expected.append((name.upper(), params_of(params), value))
    got = [
        (prop.name, dict(prop.params), prop.value)
        for component in parsed.components
        for prop in walk(component)
    ]
    assert Counter(map(freeze, got)) == Counter(map(freeze, expected))


def freeze(line: tuple[str, dict[str, tuple[str, ...]], str]) -> Any:
    return line[0], tuple(sorted(line[1].items())), line[2]


def walk(component: Component) -> list[Any]:
    found = list(component.properties)
    for inner in component.components:
        found.extend(walk(inner))
    return found


# A careless file's repairs: the lines, the line of the note, and what its action says.
REPAIRS = [
    (("BEGIN:VCALENDAR", "", "END:VCALENDAR"), 2, "blank line skipped"),
    (("BEGIN:VCALENDAR", "garbage", "END:VCALENDAR"), 2, "line skipped: not a content line"),
    (("X-COMMENT:cached", "BEGIN:VCALENDAR", "END:VCALENDAR"), 1, "property skipped: outside"),
    (("BEGIN:VCALENDAR", "END:VCALENDAR", "END:VCALENDAR"), 3, "END:VCALENDAR skipped"),
    (("BEGIN:VCALENDAR", "BEGIN:VTODO", "END:VTOOD", "END:VCALENDAR"), 3, "read as END:VTODO"),
    (("BEGIN:VCALENDAR", "BEGIN:VEVENT", "END:VCALENDAR"), 2, "VEVENT ended by END:VCALENDAR"),
    (("BEGIN:VCALENDAR", "BEGIN:VEVENT", "END:VEVENT"), 1, "END:VCALENDAR added at the end"),
    (("BEGIN:VCALENDAR", "BEGIN:VEVENT ", "END:VEVENT", "END:VCALENDAR"), 2, "spaces around"),
    (("BEGIN;CN=x:VCALENDAR", "END:VCALENDAR"), 1, "parameters of BEGIN ignored"),
    (("BEGIN:VCALENDAR", "END;X=1:VCALENDAR"), 2, "parameters of END ignored"),
    (("BEGIN:VCALENDAR", "REFRESH - INTERVAL:PT1H", "END:VCALENDAR"), 2, "spaces in the name"),
    (("BEGIN:VCALENDAR", "X; VALUE = TEXT:a", "END:VCALENDAR"), 2, "spaces removed"),
    (("BEGIN:VCALENDAR", "X;A=1;A=2:a", "END:VCALENDAR"), 2, "the last A parameter kept"),
    (("BEGIN:VCALENDAR", "TEL;WORK:1", "END:VCALENDAR"), 2, "parameter WORK left out"),
    (("BEGIN:VCALENDAR", "ORGANIZER;CN=Sixt SE", "END:VCALENDAR"), 2, "the value read as empty"),
    (("BEGIN:VCALENDAR", "X;CN=a\\;b:c", "END:VCALENDAR"), 2, "the '\\' removed"),
    (("BEGIN:VCALENDAR", 'X;CN="a:b:c', "END:VCALENDAR"), 2, "line skipped: its parameters"),
    (("BEGIN:VCALENDAR", "X;=a:b", "END:VCALENDAR"), 2, "line skipped: its parameters"),
]


@pytest.mark.parametrize(("content", "line", "action"), REPAIRS)
def test_each_repair_is_noted_and_refused_when_strict(
    content: tuple[str, ...], line: int, action: str
) -> None:
    data = lines(*content)
    parsed = parse(data, "cal.ics", Limits())
    assert [(note.line, action in note.action) for note in parsed.notes] == [(line, True)]
    (note,) = parsed.notes
    assert note.file == "cal.ics"
    assert [c.name for c in parsed.components] == ["VCALENDAR"]
    with pytest.raises(ICalendarError) as raised:
        parse(data, "cal.ics", Limits(), strict=True)
    assert raised.value.line == line
    assert "strict=True" in str(raised.value)


def test_a_note_names_the_uid_of_its_component() -> None:
    data = lines(
        "BEGIN:VCALENDAR",
        "BEGIN:VEVENT",
        "",
        "UID:a1",
        "BEGIN:VALARM",
        "x",
        "END:VALARM",
        "END:VEVENT",
        "END:VCALENDAR",
    )
    assert parse(data, "cal.ics", Limits()).notes == (
        ImportNote("cal.ics", 3, "a1", None, "", "blank line skipped"),
        ImportNote("cal.ics", 6, "a1", None, "x", "line skipped: not a content line"),
    )


def test_a_repaired_parameter_reads_as_icalendar_reads_it() -> None:
    second_line = r"ORGANIZER;CN=Society\; 2014:o"
    data = lines("BEGIN:VCALENDAR", 'X; CN = "a;b" , c ;RSVP=TRUE:v', second_line, "END:VCALENDAR")
    (calendar,) = parse(data, "cal.ics", Limits()).components
    first, second = calendar.properties
    assert dict(first.params) == {"CN": ("a;b", "c"), "RSVP": ("TRUE",)}
    assert first.value == "v"
    assert dict(second.params) == {"CN": ("Society; 2014",)}
    reference = icalendar.Calendar.from_ical(lines("BEGIN:VCALENDAR", second_line, "END:VCALENDAR"))
    assert reference["ORGANIZER"].params["CN"] == "Society; 2014"


LIMITS = [
    (Limits(max_bytes=60), "is larger than the limit of 60 bytes", None),
    (Limits(max_line_bytes=18), "has a line longer than the limit of 18 bytes", 3),
    (Limits(max_depth=2), "components nest deeper than the limit of 2", 5),
    (Limits(max_components=3), "has more components than the limit of 3", 6),
]


@pytest.mark.parametrize(("limits", "message", "line"), LIMITS)
def test_each_limit_is_refused_naming_the_file_and_line(
    limits: Limits, message: str, line: int | None
) -> None:
    data = lines("BEGIN:VCALENDAR", "BEGIN:A", "SUMMARY:a long", "  line", "BEGIN:B", "BEGIN:C")
    data += lines("END:C", "END:B", "END:A", "END:VCALENDAR")
    parse(data, "cal.ics", Limits())
    with pytest.raises(ICalendarError, match=message) as raised:
        parse(data, "cal.ics", limits)
    assert raised.value.path == "cal.ics"
    assert raised.value.line == line
    assert message.rsplit(maxsplit=1)[-1] in str(raised.value)


def test_a_line_is_measured_in_bytes_once_unfolded() -> None:
    data = lines("BEGIN:VCALENDAR", "X:" + "é" * 9, " " + "é" * 9, "END:VCALENDAR")
    parse(data, "cal.ics", Limits(max_line_bytes=38))
    with pytest.raises(ICalendarError, match="longer than the limit of 37 bytes") as raised:
        parse(data, "cal.ics", Limits(max_line_bytes=37))
    assert (raised.value.line, raised.value.value) == (2, 38)


@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-16", "utf-32", "utf-16-be"])
def test_a_byte_order_mark_says_the_encoding(encoding: str) -> None:
    text = "BEGIN:VCALENDAR\r\nSUMMARY:Perú ☃ 𝄞\r\nEND:VCALENDAR\r\n"
    data = text.encode(encoding)
    if encoding == "utf-16-be":
        data = codecs.BOM_UTF16_BE + data
    parsed = parse(data, "cal.ics", Limits())
    assert parsed.components[0].properties[0].value == "Perú ☃ 𝄞"
    assert parsed.notes == ()


@pytest.mark.parametrize("end", ["\r\n", "\n", "\r"])
def test_each_line_end_gives_the_same_tree_and_lines(end: str) -> None:
    text = end.join(["BEGIN:VCALENDAR", "X:a", " b", "Y:c", "END:VCALENDAR", ""])
    (calendar,) = parse(text.encode(), "cal.ics", Limits()).components
    assert [(p.name, p.value, p.line) for p in calendar.properties] == [
        ("X", "ab", 2),
        ("Y", "c", 4),
    ]


def test_bytes_that_are_not_utf8_become_replacement_characters_with_a_note() -> None:
    data = lines("BEGIN:VCALENDAR", "SUMMARY:caf").rstrip() + b"\xe9\r\nEND:VCALENDAR\r\n"
    parsed = parse(data, "cal.ics", Limits())
    assert parsed.components[0].properties[0].value == "caf\ufffd"
    assert [(note.line, "U+FFFD" in note.action) for note in parsed.notes] == [(2, True)]
    with pytest.raises(ICalendarError, match="is not UTF-8 \\(byte 28\\)"):
        parse(data, "cal.ics", Limits(), strict=True)
    assert icalendar.Calendar.from_ical(data)["SUMMARY"] == "caf\ufffd"


def test_lone_surrogates_become_replacement_characters_with_a_note() -> None:
    parsed = parse("BEGIN:VCALENDAR\nX:\ud800\nEND:VCALENDAR\n", "cal.ics", Limits())
    assert parsed.components[0].properties[0].value == "\ufffd"
    assert [note.line for note in parsed.notes] == [2]


def test_blank_lines_between_a_line_and_its_continuation_are_skipped_as_icalendar_does() -> None:
    data = b"BEGIN:VCALENDAR\r\nX:a\r\n\r\n\r\n b\r\nY:c\r\nEND:VCALENDAR\r\n"
    parsed = parse(data, "cal.ics", Limits())
    assert [(p.name, p.value, p.line) for p in parsed.components[0].properties] == [
        ("X", "ab", 2),
        ("Y", "c", 6),
    ]
    assert [note.line for note in parsed.notes] == [3, 4]
    assert icalendar.Calendar.from_ical(data)["X"] == "ab"


# Generated content lines, written by icalendar itself.
names = st.from_regex(r"(X-)?[A-Z][A-Z0-9-]{0,10}", fullmatch=True).filter(
    lambda name: name not in ("BEGIN", "END")
)
# Not a backslash, nor spaces around a value or beside an "=": icalendar does not read back
# what it writes there (it takes "\;" for an escaped ";", strips the spaces, Unicode ones such
# as U+00A0 too, with str.strip, and drops those beside "=": "0 =" reads as "0="), where
# RFC 5545 keeps them all; so do we.
param_values = st.text(
    st.characters(codec="utf-8", exclude_characters='"\\\x7f', exclude_categories=("Cc", "Cs")),
    max_size=12,
).filter(lambda value: value == value.strip() and not re.search(r"\s=|=\s", value))
params = st.dictionaries(
    st.from_regex(r"[A-Z][A-Z-]{0,8}", fullmatch=True),
    st.lists(param_values, min_size=1, max_size=3),
    max_size=3,
)
values = st.text(st.characters(codec="utf-8", exclude_characters="\r\n"), max_size=90)


@given(st.lists(st.tuples(names, params, values), max_size=8))
def test_content_lines_icalendar_writes_are_read_as_icalendar_reads_them(
    properties: list[tuple[str, dict[str, list[str]], str]],
) -> None:
    component = icalendar.Calendar()
    for name, parameters, value in properties:
        prop = icalendar.vText(value)
        prop.params = Parameters({k: v[0] if len(v) == 1 else v for k, v in parameters.items()})
        component.add(name, prop, encode=False)
    data = component.to_ical()
    (calendar,) = parse(data, "cal.ics", Limits()).components
    expected = []
    for line in content_lines(data)[1:-1]:
        name, parameters, value = line.raw_parts()
        expected.append((name.upper(), params_of(parameters), value))
    assert [(p.name, dict(p.params), p.value) for p in calendar.properties] == expected
    # and the line each starts on, the file folded as icalendar folds it
    starts = [n for n, text in enumerate(data.split(b"\r\n"), 1) if text and text[:1] != b" "]
    assert [p.line for p in calendar.properties] == starts[1:-1]


def test_parsed_is_the_top_level_and_the_notes() -> None:
    parsed = parse(b"BEGIN:VEVENT\r\nEND:VEVENT\r\nBEGIN:VTODO\r\nEND:VTODO\r\n", "x", Limits())
    assert parsed == Parsed((Component("VEVENT", (), (), 1), Component("VTODO", (), (), 3)), ())


def test_a_consumer_takes_components_as_they_end_and_they_leave_the_tree() -> None:
    data = lines(
        "BEGIN:VCALENDAR",
        "BEGIN:VEVENT",
        "UID:a",
        "",
        "BEGIN:VALARM",
        "END:VALARM",
        "END:VEVENT",
        "BEGIN:VTODO",
        "END:VTODO",
        "END:VCALENDAR",
    )
    seen: list[tuple[str, str | None, int]] = []

    def consume(component: Component, parent: str | None) -> bool:
        seen.append((component.name, parent, len(component.properties)))
        return component.name == "VEVENT"

    parsed = parse(data, "cal.ics", Limits(), consume=consume)
    assert seen == [
        ("VALARM", "VEVENT", 0),
        ("VEVENT", "VCALENDAR", 1),
        ("VTODO", "VCALENDAR", 0),
        ("VCALENDAR", None, 0),
    ]
    assert [c.name for c in parsed.components[0].components] == ["VTODO"]
    assert [(note.line, note.uid) for note in parsed.notes] == [(4, "a")]


def test_bare_components_are_put_in_a_calendar_with_a_note_or_refused_when_strict() -> None:
    data = lines(
        "BEGIN:VEVENT",
        "UID:a",
        "END:VEVENT",
        "BEGIN:VTIMEZONE",
        "END:VTIMEZONE",
        "BEGIN:VCALENDAR",
        "END:VCALENDAR",
        "BEGIN:VTODO",
        "END:VTODO",
    )
    parsed = in_calendars(parse(data, "cal.ics", Limits()), "cal.ics")
    assert [(c.name, [inner.name for inner in c.components]) for c in parsed.components] == [
        ("VCALENDAR", ["VEVENT", "VTIMEZONE"]),
        ("VCALENDAR", []),
        ("VCALENDAR", ["VTODO"]),
    ]
    assert [(note.line, note.uid, note.property) for note in parsed.notes] == [
        (1, "a", "VEVENT"),
        (4, None, "VTIMEZONE"),
        (8, None, "VTODO"),
    ]
    with pytest.raises(ICalendarError, match="has a VEVENT outside any VCALENDAR") as raised:
        in_calendars(parse(data, "cal.ics", Limits()), "cal.ics", strict=True)
    assert (raised.value.line, raised.value.uid) == (1, "a")
    whole = parse(lines("BEGIN:VCALENDAR", "END:VCALENDAR"), "cal.ics", Limits())
    assert in_calendars(whole, "cal.ics") == whole


def test_the_garbage_collector_is_as_it_was_after_a_parse_or_an_error() -> None:
    assert gc.isenabled()
    parse(lines("BEGIN:VCALENDAR", "END:VCALENDAR"), "cal.ics", Limits())
    assert gc.isenabled()
    with pytest.raises(ICalendarError):
        parse(lines("BEGIN:VCALENDAR", ""), "cal.ics", Limits(), strict=True)
    assert gc.isenabled()
    gc.disable()
    try:
        parse(lines("BEGIN:VCALENDAR", "END:VCALENDAR"), "cal.ics", Limits())
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_a_unicode_space_around_a_parameter_value_is_kept_as_rfc_5545_says() -> None:
    # SAFE-CHAR holds any non-ASCII character: U+00A0 is a value (icalendar, writing it beside
    # a quoted value, reads it back stripped).
    data = 'BEGIN:VCALENDAR\r\nX-A;A="0 0";M=\xa0:v\r\nEND:VCALENDAR\r\n'.encode()
    (calendar,) = parse(data, "cal.ics", Limits()).components
    assert dict(calendar.properties[0].params) == {"A": ("0 0",), "M": ("\xa0",)}


_PIECES = [
    b"A:1",
    b"B:\xc3\xa9",
    b"\r\n",
    b"\n",
    b"\r",
    b" ",
    b"\t",
    b"\xff",
    b"C;X=y:z",
    b"\xe2\x82",
]


@given(st.lists(st.sampled_from(_PIECES), max_size=40).map(b"".join), st.integers(1, 12))
def test_utf8_is_read_a_block_at_a_time_as_the_whole_text(data: bytes, block: int) -> None:
    # The lines of UTF-8 bytes, decoded and split a block at a time (which keeps no copy
    # of the whole text), are those of the whole text, and so is the note of bad bytes.
    assume(b"\n" in data and _parse._BLANK_FOLD_BYTES.search(data) is None)
    whole = _parse._Reader("cal.ics", Limits(), False, None)
    expected = list(whole.chunks(whole.decode(data)))
    blocks = _parse._Reader("cal.ics", Limits(), False, None)
    with mock.patch.object(_parse, "_BLOCK", block):
        assert list(blocks.lines(data)) == expected
    assert blocks.notes == whole.notes
