"""Reading TimelineJS3 JSON: our own export back (what it keeps), and the JSON people write."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import attrs
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st
from tests.mangling import mangled, record, rich_bri

from bri_timeline import (
    AllDay,
    DataFileError,
    Event,
    Inference,
    InvalidArgument,
    Limits,
    Location,
    OpenEnded,
    PartialDate,
    Source,
    Timeline,
    TimelineInfo,
    TimeSpan,
    from_timelinejs,
    load_bri,
    read_timelinejs,
    to_timelinejs,
)
from bri_timeline.strategies import timelines

LIMA = ZoneInfo("America/Lima")


def _paragraphs(text: str) -> str:
    return "\n\n".join(block.strip() for block in text.split("\n\n") if block.strip())


def _instant(value: datetime) -> datetime:
    """Milliseconds, the first pass of a repeated hour, and UTC for the zone called UTC."""
    zone = UTC if getattr(value.tzinfo, "key", None) == "UTC" else value.tzinfo
    return value.replace(microsecond=value.microsecond // 1000 * 1000, fold=0, tzinfo=zone)


def _time(time: object) -> object:
    if isinstance(time, TimeSpan) and time.is_instant:  # its end's zone is not written
        return TimeSpan(_instant(time.start))
    if isinstance(time, TimeSpan):
        return TimeSpan(_instant(time.start), _instant(time.end))
    if isinstance(time, OpenEnded) and isinstance(time.start, datetime):
        return OpenEnded(_instant(time.start))
    return time


def kept(timeline: Timeline) -> Timeline:
    """What TimelineJS keeps of a timeline: the documented losses of the reader, applied."""

    def event(one: Event) -> Event:
        source = one.source
        if source is not None:
            where = ", ".join(part for part in (source.document, source.locator) if part)
            source = Source(source.quote, document=where or None)
        url = one.url if one.url and one.url.lower().startswith(("http://", "https://")) else None
        notes = []
        for note in one.inferred:  # "Inferred FIELD: REASON", split at the first ": "
            field, _, reason = f"{note.field}: {note.reason}".partition(": ")
            notes.append(Inference(field, reason))
        return Event(
            one.id,
            one.title,
            _time(one.time),  # type: ignore[arg-type]
            description=_paragraphs(one.description),
            location=None if one.location is None else Location(one.location.name),
            categories=one.categories[:1],
            source=source,
            url=url,
            inferred=notes,
        )

    info = timeline.info
    shown = bool(info.name or info.description)
    return Timeline(
        [event(one) for one in timeline],
        info=TimelineInfo(
            info.name if shown else "",
            description=_paragraphs(info.description) if shown else "",
            source=info.source if shown else None,
        ),
    )


@given(timelines(max_size=6))
def test_reading_what_the_export_writes_gives_what_it_keeps(timeline: Timeline) -> None:
    expected = kept(timeline)
    for one in expected:
        if isinstance(one.time, TimeSpan):
            assume(one.time.start <= one.time.end)  # not after the loss of a second pass
    back = from_timelinejs(to_timelinejs(timeline))
    assert back.info == expected.info
    assert list(back) == list(expected)


def test_the_bundled_and_rich_timelines_keep_what_timelinejs_carries() -> None:
    for timeline in (load_bri(), rich_bri()):
        assert from_timelinejs(to_timelinejs(timeline)) == kept(timeline)
        # What it keeps, it keeps: a second trip changes nothing.
        once = from_timelinejs(to_timelinejs(timeline))
        assert from_timelinejs(to_timelinejs(once)) == once


def test_times_of_day_keep_their_zones_through_the_display_date() -> None:
    span = TimeSpan(datetime(2024, 11, 8, 9, tzinfo=LIMA), datetime(2024, 11, 9, 13, tzinfo=UTC))
    events = [Event("a", "A", span), Event("b", "B", OpenEnded(datetime(2024, 1, 1, tzinfo=LIMA)))]
    back = from_timelinejs(to_timelinejs(Timeline(events)))
    found = back.get("a").time
    assert isinstance(found, TimeSpan)
    assert [back.get(one.id).time for one in events] == [one.time for one in events]
    assert (found.start.tzinfo, found.end.tzinfo) == (LIMA, UTC)


# A story as people write it from Knight Lab's documentation: strings for numbers (as a
# Google Sheet gives them), HTML, a group, media, an era, display dates of their own.
HAND_WRITTEN = {
    "title": {
        "text": {"headline": "Port <i>history</i>", "text": "<p>From Chancay.</p>"},
        "media": {"url": "https://example.org/cover.jpg"},
    },
    "events": [
        {
            "start_date": {"year": "1942", "month": "3"},
            "display_date": "Spring 1942",
            "text": {"headline": "Survey &amp; plans", "text": "<p>First line<br>second</p>"},
            "group": "Plans",
            "media": {"url": "https://example.org/map.png", "caption": "The map"},
        },
        {
            "start_date": {"year": 2024, "month": 11, "day": 14, "hour": 10, "minute": 30},
            "end_date": {"year": 2024, "month": 11, "day": 14, "hour": 12},
            "text": {"headline": "Opening"},
            "unique_id": "The Opening!",
            "background": {"color": "#123456"},
        },
        {"start_date": {"year": 1990}, "end_date": {"year": 1995}, "text": {"text": "Quiet"}},
    ],
    "eras": [
        {"start_date": {"year": 2000}, "end_date": {"year": 2009}, "text": {"headline": "Build"}}
    ],
    "scale": "human",
}


def test_a_hand_written_story_is_read_with_its_display_dates_and_groups() -> None:
    timeline = from_timelinejs(json.dumps(HAND_WRITTEN), tz="America/Lima")
    survey, opening, quiet, era = (
        timeline.get(i) for i in ("survey-plans", "the-opening", "slide-3", "build")
    )
    assert timeline.info == TimelineInfo("Port history", description="From Chancay.")
    assert (survey.title, survey.time, survey.categories) == (
        "Survey & plans",
        PartialDate.of_month(1942, 3),
        ("Plans",),
    )
    assert survey.description == "First line\nsecond"
    assert survey.url == "https://example.org/map.png"
    assert survey.inferred == (
        Inference("when", "The TimelineJS slide shows the date as “Spring 1942”."),
    )
    assert opening.time == TimeSpan(
        datetime(2024, 11, 14, 10, 30, tzinfo=LIMA), datetime(2024, 11, 14, 12, tzinfo=LIMA)
    )
    assert quiet.time == AllDay(date(1990, 1, 1), date(1995, 12, 31))
    assert (quiet.title, quiet.description, quiet.inferred[0].field) == (
        "1 Jan 1990 – 31 Dec 1995",
        "Quiet",
        "title",
    )
    assert (era.time, era.categories) == (PartialDate.of_decade(2000), ("era",))


@pytest.mark.parametrize(
    ("document", "words"),
    [
        ("[", "t.json:1: is not JSON"),
        ("[]", "t.json: is not TimelineJS: must be a JSON object"),
        ('{"events": 5}', "field 'events': must be a list of slides (got 5)"),
        ('{"events": [], "events": []}', "has the key 'events' twice"),
        ('{"slides": []}', "field 'slides': is not a TimelineJS key"),
        ('{"events": [], "scale": "geologic"}', "field 'scale': must be 'human'"),
        ('{"events": [{}]}', "field 'events[0].start_date': is required"),
        ('{"events": [{"start_date": {"month": 1}}]}', "'events[0].start_date.year': is required"),
        ('{"events": [{"start_date": {"year": 0}}]}', "from 1 to 9999 (got 0)"),
        ('{"events": [{"start_date": {"year": 2024, "day": 3}}]}', "day': needs a month (got 3)"),
        ('{"events": [{"start_date": {"year": 2023, "month": 2, "day": 29}}]}', "not a day of"),
        ('{"events": [{"start_date": {"year": true}}]}', "year': must be a whole number"),
        ('{"events": [{"start_date": {"year": 2024, "month": 1, "day": 1, "hour": 9}}]}', "tz"),
        (
            '{"events": [{"start_date": {"year": 2024}, "end_date": {"year": 2020}}]}',
            "field 'events[0].end_date': must not be before first 2024-01-01",
        ),
        (
            '{"events": [{"start_date": {"year": 2024}, "text": {"headline": 5}}]}',
            "'events[0].text.headline': must be a string (got 5)",
        ),
        (
            '{"events": [{"start_date": {"year": 1}, "unique_id": "a"},'
            ' {"start_date": {"year": 1}, "unique_id": "a"}]}',
            "'events[1].unique_id': is the id of two slides (got 'a')",
        ),
    ],
)
def test_errors_name_the_file_the_place_in_the_json_and_the_value(
    document: str, words: str
) -> None:
    with pytest.raises(DataFileError) as caught:
        from_timelinejs(document, path="t.json")
    assert str(caught.value).startswith("t.json")
    assert words in str(caught.value)


def test_files_bytes_and_arguments(tmp_path: Path) -> None:
    path = tmp_path / "bri.timelinejs.json"
    path.write_text(to_timelinejs(load_bri()), encoding="utf-8")
    assert read_timelinejs(path) == from_timelinejs(path.read_bytes()) == kept(load_bri())
    with pytest.raises(DataFileError, match="larger than the limit"):
        from_timelinejs(path.read_bytes(), limits=Limits(max_bytes=10))
    with pytest.raises(DataFileError, match="is not UTF-8"):
        from_timelinejs(b"\xff{}")
    with pytest.raises(InvalidArgument, match="argument tz"):
        from_timelinejs("{}", tz="Mars/Olympus")
    with pytest.raises(InvalidArgument, match="argument text"):
        from_timelinejs(None)  # type: ignore[arg-type]


def timelinejs_mangled(seed: bytes) -> st.SearchStrategy[bytes]:
    values = {
        b'"year"': [b' "x",', b" -5,", b" 1e400,", b" [],"],
        b'"month"': [b" 13,", b' "2",'],
        b'"display_date"': [b' "since 2000s",', b' "9:00 Europe/Nowhere",', b" null,"],
        b'"unique_id"': [b' "",', b' "a b",'],
    }
    return mangled(seed, values=values, separator=b":", nesting=(b"[", b"]"))


SEEDS = [to_timelinejs(rich_bri()).encode(), json.dumps(HAND_WRITTEN, indent=1).encode()]


@given(st.sampled_from(SEEDS).flatmap(timelinejs_mangled))
def test_mangled_timelinejs_gives_a_timeline_or_one_clear_error(data: bytes) -> None:
    try:
        timeline = from_timelinejs(data, path="in.json", tz="UTC")
    except DataFileError as error:
        message = str(error)
        record("TimelineJS: mangled", "clear error")
    else:
        again = from_timelinejs(to_timelinejs(timeline), tz="UTC")
        assert from_timelinejs(to_timelinejs(again), tz="UTC") == again
        message = "in.json: read"
        record("TimelineJS: mangled", "read")
    assert message.startswith("in.json")
    assert "\n" not in message


def test_the_kept_function_is_the_identity_on_what_timelinejs_keeps() -> None:
    once = kept(rich_bri())
    assert kept(once) == once
    assert attrs.evolve(once[0]) == once[0]
