r"""Text that fights back, end to end: one rule in the model, kept by every loader and exporter.

The model refuses NUL, the other C0 control characters but TAB and LF, DEL and
lone surrogates, and turns CR LF and CR into LF (``bri_timeline.model.text``);
everything else, ``;`` ``,`` ``\`` emoji, right-to-left text, combining marks and
100 KB of it, is kept as given and comes back the same from the iCalendar feed
and the JSON document, each value one value. The data file and JSON loaders
refuse what the model refuses, naming the field; the importer of other people's
feeds drops those characters instead (see ``docs/ical.md``).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date
from typing import Any
from xml.etree import ElementTree as ET

import pytest
from hypothesis import given
from hypothesis import strategies as st
from icalendar import Calendar
from tests.mangling import record
from tests.test_ics_bytes import check_bytes

from bri_timeline import (
    AllDay,
    Attendee,
    DataFileError,
    Event,
    FeedError,
    Inference,
    InvalidEvent,
    Location,
    Participant,
    Source,
    Timeline,
    TimelineInfo,
    loads,
    loads_ics,
    to_ics,
)
from bri_timeline.formats.json_document import loads_json
from bri_timeline.formats.json_document.write import to_json
from bri_timeline.formats.svg.write import to_svg
from bri_timeline.formats.timelinejs.write import to_timelinejs

DAY = AllDay(date(2024, 11, 14))
KEPT = {
    "separators": "a;b,c\\d:e",
    "escapes written out": "\\n \\N \\, \\; \\\\",
    "tab and newline": "one\ttwo\nthree",
    "emoji": "😀👩‍👩‍👧🇵🇪",
    "right-to-left": "\u202eשלום\u202c مرحبا",
    "combining marks": "e\u0301 n\u0303 a\u030a\u0301",
    "a line that looks like a property": "\nEND:VEVENT\nBEGIN:VEVENT\nUID:evil",
    "quotes and angle brackets": '"<b>\'&amp;</b>"',
    "100 KB": ("Perú 😀 " * 12_500)[:100_000],
}
NORMALIZED = {"CR LF": ("a\r\nb", "a\nb"), "CR alone": ("a\rb\r", "a\nb\n")}
REFUSED = {
    "NUL": "a\x00b",
    "BEL": "a\x07b",
    "ESC": "\x1b[31mred",
    "vertical tab": "a\x0bb",
    "form feed": "a\x0cb",
    "unit separator": "a\x1fb",
    "DEL": "a\x7fb",
    "lone surrogate": "a\ud800b",
}
FIELDS: dict[str, Callable[[str], Event]] = {
    "title": lambda text: Event("e", text, DAY),
    "description": lambda text: Event("e", "E", DAY, description=text),
    "location.name": lambda text: Event("e", "E", DAY, location=Location(text)),
    "participant.name": lambda text: Event("e", "E", DAY, participants=[Participant(text)]),
    "participant.role": lambda text: Event(
        "e", "E", DAY, participants=[Participant("P", role=text, organization=text)]
    ),
    "source.quote": lambda text: Event("e", "E", DAY, source=Source(text, document=text)),
    "inferred.reason": lambda text: Event("e", "E", DAY, inferred=[Inference("f", text)]),
    "categories": lambda text: Event("e", "E", DAY, categories=[text]),
    "url": lambda text: Event("e", "E", DAY, url=text),
}
INFO_FIELDS: dict[str, Callable[[str], TimelineInfo]] = {
    "name": TimelineInfo,
    "description": lambda text: TimelineInfo(description=text),
    "url": lambda text: TimelineInfo(url=text),
    "source": lambda text: TimelineInfo(source=text),
}


def every_way_out_and_back(timeline: Timeline) -> None:
    """Export to iCalendar and JSON and back; draw it; each value must stay one value."""
    feed = to_ics(timeline)
    check_bytes(feed)  # CRLF, folded lines of 75 octets, UTF-8, every line one property
    assert len(Calendar.from_ical(feed).walk("VEVENT")) == len(timeline)
    assert loads_ics(feed) == timeline
    assert loads_json(to_json(timeline)) == timeline
    ET.fromstring(to_svg(timeline))  # well-formed XML
    json.loads(to_timelinejs(timeline))


@pytest.mark.parametrize("field", sorted(FIELDS))
@pytest.mark.parametrize("kind", sorted(KEPT))
def test_kept_text_round_trips_in_every_field(field: str, kind: str) -> None:
    text = KEPT[kind] if field != "url" else KEPT[kind].replace("\n", " ")
    event = FIELDS[field](text)
    every_way_out_and_back(Timeline([event]))
    (summary,) = (
        str(e["SUMMARY"]) for e in Calendar.from_ical(to_ics(Timeline([event]))).walk("VEVENT")
    )
    assert summary == event.title
    record("text: kept in every field, every format", "handled")


@pytest.mark.parametrize("field", sorted(INFO_FIELDS))
@pytest.mark.parametrize("kind", sorted(KEPT))
def test_kept_text_round_trips_in_the_timeline_info(field: str, kind: str) -> None:
    info = INFO_FIELDS[field](KEPT[kind])
    if field == "url" and any(c in KEPT[kind] for c in " \t\n\\"):
        # The calendar's URL has no TEXT twin: what a URI cannot carry is refused, clearly.
        with pytest.raises(FeedError, match="url: must be a URI without spaces, backslashes"):
            to_ics(Timeline(info=info))
        assert loads_json(to_json(Timeline(info=info))) == Timeline(info=info)
        record("text: the calendar's URL", "clear error")
        return
    every_way_out_and_back(Timeline([Event("e", "E", DAY)], info=info))
    record("text: kept in every field, every format", "handled")


@pytest.mark.parametrize("kind", sorted(NORMALIZED))
def test_cr_lf_and_cr_become_lf_in_the_model(kind: str) -> None:
    given_text, kept = NORMALIZED[kind]
    for field, build in FIELDS.items():
        event = build(given_text)
        assert given_text not in repr(event), field
        every_way_out_and_back(Timeline([event]))
    assert TimelineInfo(given_text).name == kept
    record("text: CR and CR LF", "handled")


@pytest.mark.parametrize("kind", sorted(REFUSED))
def test_control_characters_are_refused_naming_the_field(kind: str) -> None:
    for field, build in FIELDS.items():
        with pytest.raises(InvalidEvent) as caught:
            build(REFUSED[kind])
        assert caught.value.field.endswith(field.split(".")[-1]), (field, caught.value.field)
    for field, make in INFO_FIELDS.items():
        with pytest.raises(InvalidEvent, match=f"^{field}: "):
            make(REFUSED[kind])
    record("text: control characters in the model", "clear error")


@pytest.mark.parametrize("kind", sorted(REFUSED))
def test_the_data_file_refuses_them_naming_file_event_and_field(kind: str) -> None:
    escaped = json.dumps(REFUSED[kind])  # a JSON string is a TOML basic string
    text = f'[[events]]\nid = "x"\ntitle = {escaped}\nwhen = "2024-11-14"\n'
    if kind == "lone surrogate":  # TOML itself has no way to write one
        with pytest.raises(DataFileError, match=r"my\.toml:3: is not valid TOML"):
            loads(text, path="my.toml")
    else:
        with pytest.raises(DataFileError, match=r"my\.toml:2: event 'x': field 'title': must not"):
            loads(text, path="my.toml")
    words = "is not valid TOML" if kind == "lone surrogate" else r"field 'timeline\.name'"
    with pytest.raises(DataFileError, match=words):
        loads(f"[timeline]\nname = {escaped}\n", path="my.toml")
    record("text: control characters in a data file", "clear error")


@pytest.mark.parametrize("kind", sorted(REFUSED))
def test_the_json_loader_refuses_them_naming_the_field(kind: str) -> None:
    document: dict[str, Any] = json.loads(to_json(Timeline([Event("x", "X", DAY)])))
    document["events"][0]["title"] = REFUSED[kind]
    text = json.dumps(document)
    with pytest.raises(DataFileError, match=r"my\.json:1: event 'x': field 'title'"):
        loads_json(text, path="my.json")
    record("text: control characters in a JSON document", "clear error")


FOREIGN = (
    "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Someone else//EN\r\n"
    "X-WR-CALNAME:Ours\x07\r\n"
    "BEGIN:VEVENT\r\nUID:x@example.com\r\nDTSTART;VALUE=DATE:20241114\r\n"
    "SUMMARY:Summit\x00 \x1b[1mLima\x1b[0m\r\n"
    "DESCRIPTION:one\\ntwo\x0b three\x7f\r\n"
    "LOCATION:Lima\x01\r\n"
    "CATEGORIES:a\x02,b\r\n"
    "ATTENDEE;CN=Ana Núñez:mailto:ana\x03@example.com\r\n"
    "END:VEVENT\r\nEND:VCALENDAR\r\n"
).encode()


def test_the_importer_drops_control_characters_from_another_feed() -> None:
    timeline = loads_ics(FOREIGN)
    (event,) = timeline
    assert event.title == "Summit [1mLima[0m"
    assert event.description == "one\ntwo three"
    assert event.location == Location("Lima")
    assert event.categories == ("a", "b")
    assert event.attendees == (Attendee("Ana Núñez", address="mailto:ana@example.com"),)
    assert timeline.info.name == "Ours"
    every_way_out_and_back(timeline)
    record("text: control characters in another's feed", "handled")


HOSTILE = st.text(
    st.characters(exclude_categories=["Cs"])
    | st.sampled_from(["\r", "\n", "\t", ";", ",", "\\", ":", "\u202e", "\u0301", "😀"]),
    max_size=60,
)


@given(HOSTILE, HOSTILE)
def test_any_text_is_kept_normalized_or_refused_never_lost(title: str, description: str) -> None:
    try:
        event = Event("e", title, DAY, description=description, location=Location(title))
    except InvalidEvent as error:
        field = error.field
        assert field in {"title", "description", "location.name"}
        record("text: any text, drawn", "clear error")
        return
    assert event.title == title.replace("\r\n", "\n").replace("\r", "\n")
    every_way_out_and_back(Timeline([event], info=TimelineInfo(description)))
    record("text: any text, drawn", "handled")
