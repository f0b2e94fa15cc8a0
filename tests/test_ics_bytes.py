"""The bytes of a feed: CRLF, lines of at most 75 octets, UTF-8, and text that cannot escape."""

from __future__ import annotations

import re
from datetime import date

import attrs
from hypothesis import given
from icalendar import Calendar

from bri_timeline import AllDay, Event, Inference, Location, Participant, Source, Timeline
from bri_timeline.formats.ical.write import to_ics
from bri_timeline.strategies import texts, timelines

_NAME = re.compile(rb"^[A-Z][A-Z0-9-]*[;:]")


def unfolded(feed: bytes) -> list[bytes]:
    return feed.replace(b"\r\n ", b"").replace(b"\r\n\t", b"").split(b"\r\n")[:-1]


def check_bytes(feed: bytes) -> None:
    assert feed.endswith(b"\r\n")
    assert b"\r" not in feed.replace(b"\r\n", b""), "a CR outside a line end"
    assert b"\n" not in feed.replace(b"\r\n", b""), "an LF outside a line end"
    for line in feed.split(b"\r\n")[:-1]:
        assert len(line) <= 75, line
        line.decode("utf-8")  # no line ends inside a character
    for line in unfolded(feed):
        line.decode("utf-8")
        assert _NAME.match(line), line


@given(timelines())
def test_lines_are_folded_crlf_utf8(timeline: Timeline) -> None:
    check_bytes(to_ics(timeline))


def _plain(text: str | None, mark: str = "x") -> str | None:
    return None if text is None else mark


def _neutral(event: Event) -> Event:
    """The same event with every text replaced by a harmless word: the same properties."""
    location = event.location
    return attrs.evolve(
        event,
        title="x",
        description="x" if event.description else "",
        location=None if location is None else attrs.evolve(location, name="x"),
        categories=[f"c{i}" for i, _ in enumerate(event.categories)],
        participants=[
            Participant("x", role=_plain(p.role), organization=_plain(p.organization))
            for p in event.participants
        ],
        source=None
        if event.source is None
        else Source(
            "x",
            document=_plain(event.source.document),
            locator=_plain(event.source.locator),
            url=_plain(event.source.url),
        ),
        inferred=[Inference("x", "x") for _ in event.inferred],
        url=None if event.url is None else "https://example.org/",
        overrides=[attrs.evolve(o, event=_neutral(o.event)) for o in event.overrides],
    )


def shape(feed: bytes) -> list[bytes]:
    """The property names and component boundaries, in order."""
    return [_NAME.match(line).group() for line in unfolded(feed)]  # type: ignore[union-attr]


@given(timelines())
def test_no_text_changes_the_components_or_properties(timeline: Timeline) -> None:
    neutral = Timeline(
        [_neutral(event) for event in timeline],
        info=attrs.evolve(
            timeline.info,
            name="x" if timeline.info.name else "",
            description="x" if timeline.info.description else "",
        ),
    )
    assert shape(to_ics(timeline)) == shape(to_ics(neutral))
    parsed = Calendar.from_ical(to_ics(timeline))
    # one VEVENT (VTODO, VJOURNAL) per event, and one per changed occurrence (RECURRENCE-ID)
    kinds = ("VEVENT", "VTODO", "VJOURNAL")
    assert len([item for item in parsed.walk() if item.name in kinds]) == sum(
        1 + len(event.overrides) for event in timeline
    )


HOSTILE = [
    "\r\nBEGIN:VEVENT",
    "\nEND:VCALENDAR\nBEGIN:VCALENDAR",
    "x\r\nUID:evil@example.org",
    "a;b,c\\d:e",
    "\\N\\n\\,\\;",
    '"DQUOTE"',
    "é" * 80,
    "😀" * 30,
    "\u202etxet\t\ttab",
]


def test_hostile_titles_stay_one_value() -> None:
    events = [
        Event(
            f"e{i}",
            text,
            AllDay(date(2024, 11, 14)),
            description=text,
            location=Location(text),
            categories=[text],
            participants=[Participant(text, role=text, organization=text)],
            source=Source(text, document=text),
            inferred=[Inference(text, text)],
        )
        for i, text in enumerate(HOSTILE)
    ]
    feed = to_ics(Timeline(events))
    check_bytes(feed)
    parsed = Calendar.from_ical(feed)
    assert len(parsed.walk("VCALENDAR")) == 1
    found = {str(event["UID"]): str(event["SUMMARY"]) for event in parsed.walk("VEVENT")}
    assert found == {
        f"e{i}@bri-timeline.invalid": text.replace("\r\n", "\n") for i, text in enumerate(HOSTILE)
    }


@given(texts(min_size=1, max_size=200).filter(str.strip))
def test_any_title_is_one_summary(text: str) -> None:
    feed = to_ics(Timeline([Event("e", text, AllDay(date(2024, 11, 14)))]))
    check_bytes(feed)
    (event,) = Calendar.from_ical(feed).walk("VEVENT")
    assert str(event["SUMMARY"]) == text.replace("\r\n", "\n").replace("\r", "\n")
