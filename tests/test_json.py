"""The JSON export and its loader: a lossless, deterministic, versioned document."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given

from bri_timeline import (
    AllDay,
    DataFileError,
    Event,
    Frequency,
    Location,
    OpenEnded,
    PartialDate,
    Recurrence,
    Timeline,
    TimelineInfo,
    TimeSpan,
    load_bri,
)
from bri_timeline.formats.json_document import load_json, loads_json
from bri_timeline.formats.json_document.write import (
    FORMAT,
    FORMAT_VERSION,
    to_json,
    to_json_document,
)
from bri_timeline.strategies import timelines

EVENT_KEYS = {
    "id", "title", "when", "tz", "end_tz", "description", "url", "categories", "location",
    "participants", "source", "inferred", "recurrence", "revision", "updated",
    "label", "kind", "precision", "first_day", "event_kind",
    "status", "transparency", "classification", "priority", "color", "image", "created", "uid",
    "organizer", "attendees", "alarms", "attachments", "conference", "extras", "overrides",
}  # fmt: skip


# --- round trip ----------------------------------------------------------------


@given(timelines())
def test_dump_then_load_is_the_identity(timeline: Timeline) -> None:
    assert loads_json(to_json(timeline)) == timeline


@given(timelines())
def test_output_is_deterministic_and_canonical(timeline: Timeline) -> None:
    text = to_json(timeline)
    assert text == to_json(loads_json(text))
    assert text == json.dumps(json.loads(text), ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def test_round_trip_keeps_timeline_info_and_instants() -> None:
    lima = ZoneInfo("America/Lima")
    info = TimelineInfo(
        "Name",
        description="About",
        url="https://example.org/",
        source="article.txt",
        updated=datetime(2024, 11, 20, 9, tzinfo=timezone(timedelta(hours=-5))),
    )
    events = [
        Event(
            "timed",
            "Timed",
            TimeSpan(datetime(2024, 11, 8, 9, tzinfo=lima), datetime(2024, 11, 8, 18, tzinfo=UTC)),
            updated=datetime(2024, 11, 20, tzinfo=UTC),
            recurrence=Recurrence(Frequency.WEEKLY, until=datetime(2025, 1, 1, 5, tzinfo=lima)),
            location=Location("Lima", latitude=-12.05, longitude=-77.04),
        ),
        Event(
            "days",
            "Days",
            AllDay(date(2024, 11, 13), date(2024, 11, 15)),
            recurrence=Recurrence(Frequency.YEARLY, until=date(2030, 1, 1)),
        ),
    ]
    timeline = Timeline(events, info=info)
    text = to_json(timeline)
    assert loads_json(text) == timeline
    document = json.loads(text)
    assert document["timeline"]["updated"] == "2024-11-20T14:00:00Z"  # kept in UTC
    timed = next(e for e in document["events"] if e["id"] == "timed")
    assert timed["when"] == "2024-11-08T09:00:00/2024-11-08T18:00:00Z"
    assert (timed["tz"], timed["end_tz"]) == ("America/Lima", None)
    assert timed["updated"] == "2024-11-20T00:00:00Z"
    assert timed["recurrence"]["until"] == "2025-01-01T10:00:00Z"


@pytest.mark.parametrize(
    ("start_zone", "end_zone"),
    [
        (UTC, ZoneInfo("UTC")),
        (ZoneInfo("UTC"), UTC),
        (UTC, UTC),
        (ZoneInfo("UTC"), ZoneInfo("UTC")),
    ],
)
def test_an_instant_keeps_fixed_utc_and_iana_utc_apart(
    start_zone: timezone | ZoneInfo, end_zone: timezone | ZoneInfo
) -> None:
    """Regression: to_edtf wrote these instants in the one-point form and lost the end's zone."""
    moment = datetime(2000, 1, 1)
    event = Event(
        "i", "I", TimeSpan(moment.replace(tzinfo=start_zone), moment.replace(tzinfo=end_zone))
    )
    assert loads_json(to_json(Timeline([event]))) == Timeline([event])


def test_load_json_reads_a_file(tmp_path: Path) -> None:
    path = tmp_path / "bri.json"
    path.write_text("\ufeff" + to_json(load_bri()), encoding="utf-8")
    assert load_json(path) == load_bri()


# --- schema facts -------------------------------------------------------------------


def test_document_header_and_keys() -> None:
    document = to_json_document(load_bri())
    assert document["format"] == FORMAT == "bri-timeline"
    assert document["version"] == FORMAT_VERSION == 1
    assert set(document) == {"format", "version", "timeline", "events"}
    assert set(document["timeline"]) == {"name", "description", "url", "source", "updated"}
    for event in document["events"]:
        assert set(event) == EVENT_KEYS


def test_events_come_in_timeline_order() -> None:
    timeline = load_bri()
    assert [e["id"] for e in to_json_document(timeline)["events"]] == [e.id for e in timeline]


@pytest.mark.parametrize(
    ("event_id", "expected"),
    [
        ("chinese-immigration-peru", ("18XX", "19th century", "partial", "century", "1800-01-01")),
        ("peru-china-fta", ("2009/..", "since 2009", "open-ended", "year", "2009-01-01")),
        ("apec-summit-2024",
         ("2024-11-13/2024-11-15", "13–15 Nov 2024", "all-day", "day", "2024-11-13")),
        ("chancay-port-inauguration",
         ("2024-11-14", "14 Nov 2024", "all-day", "day", "2024-11-14")),
    ],
)  # fmt: skip
def test_bri_events_have_edtf_and_derived_fields(
    event_id: str, expected: tuple[str, str, str, str, str]
) -> None:
    events = {e["id"]: e for e in to_json_document(load_bri())["events"]}
    event = events[event_id]
    assert (event["tz"], event["end_tz"]) == (None, None)
    found = (event["when"], event["label"], event["kind"], event["precision"], event["first_day"])
    assert found == expected


def test_timed_event_kind_and_precision() -> None:
    event = Event("t", "T", TimeSpan(datetime(2024, 11, 8, 14, tzinfo=UTC)))
    found = to_json_document(Timeline([event]))["events"][0]
    assert (found["kind"], found["precision"], found["when"]) == (
        "timed",
        "time",
        "2024-11-08T14:00:00Z",
    )


def test_month_partial_date_precision() -> None:
    event = Event("m", "M", OpenEnded(PartialDate.of_month(2024, 11)))
    found = to_json_document(Timeline([event]))["events"][0]
    assert (found["when"], found["precision"], found["label"]) == (
        "2024-11/..",
        "month",
        "since Nov 2024",
    )


def test_text_is_utf8_not_escaped() -> None:
    assert "Peru–China" in to_json(load_bri())


def test_derived_keys_are_ignored_on_load() -> None:
    document = to_json_document(load_bri())
    for event in document["events"]:
        event["label"] = "anything"
        event["first_day"] = "not a day"
    assert loads_json(json.dumps(document)) == load_bri()


def test_optional_keys_may_be_left_out() -> None:
    text = json.dumps(
        {
            "format": "bri-timeline",
            "version": 1,
            "events": [{"id": "a", "title": "A", "when": "2024-11-14"}],
        }
    )
    assert loads_json(text) == Timeline([Event("a", "A", AllDay(date(2024, 11, 14)))])


# --- loader errors name the file, the event and the field ----------------------------------


def _document(**event: Any) -> str:
    base: dict[str, Any] = {"id": "bad", "title": "Bad", "when": "2024-11-14"}
    base.update(event)
    return json.dumps({"format": "bri-timeline", "version": 1, "events": [base]}, indent=2)


@pytest.mark.parametrize(
    ("event", "field", "words"),
    [
        ({"when": "2024-02-30"}, "when", "is not a real date"),
        ({"when": 2024}, "when", "must be a string"),
        ({"title": ""}, "title", "must not be empty"),
        ({"revision": -1}, "revision", "must be an int from 0 to 2147483647"),
        ({"revision": True}, "revision", "must be an int"),
        ({"tz": "Mars/Olympus", "when": "2024-11-08T09:00"}, "tz", "IANA"),
        ({"tz": "America/Lima"}, "tz", "has no time of day"),
        ({"location": {"name": "Lima", "latitude": 200, "longitude": 0}}, "location.latitude",
         "from -90 to 90"),
        ({"location": {"name": "Lima", "altitude": 5}}, "location.altitude", "unknown key"),
        ({"participants": [{"role": "x"}]}, "participants[0].name", "is required"),
        ({"participants": ["x"]}, "participants[0]", "must be an object"),
        ({"inferred": [{"field": "when", "reason": 3}]}, "inferred[0].reason",
         "must be a string"),
        ({"source": {"quote": ""}}, "source.quote", "must not be empty"),
        ({"recurrence": {"frequency": "FORTNIGHTLY"}}, "recurrence.frequency", "must be one of"),
        ({"recurrence": {"frequency": "DAILY", "until": "soon"}}, "recurrence.until",
         "YYYY-MM-DD"),
        ({"recurrence": {"frequency": "DAILY", "count": 0}}, "recurrence.count", "positive"),
        ({"updated": "2024-11-20T00:00:00"}, "updated", "with Z or an offset"),
        ({"categories": ["a", "a"]}, "categories", "must not repeat"),
        ({"colour": "red"}, "colour", "unknown key"),
    ],
)  # fmt: skip
def test_event_errors_name_file_event_and_field(
    event: dict[str, Any], field: str, words: str
) -> None:
    with pytest.raises(DataFileError) as caught:
        loads_json(_document(**event), path="site/bri.json")
    error = caught.value
    assert (error.path, error.event, error.field) == ("site/bri.json", "'bad'", field)
    assert error.line == 6  # the line of the event's "id"
    assert words in str(error)
    assert str(error).startswith(f"site/bri.json:6: event 'bad': field {field!r}: ")


def test_event_without_an_id_is_named_by_position() -> None:
    text = json.dumps(
        {
            "format": "bri-timeline",
            "version": 1,
            "events": [{"id": "a", "title": "A", "when": "2024"}, {"title": "B", "when": "2024"}],
        }
    )
    with pytest.raises(DataFileError) as caught:
        loads_json(text, path="x.json")
    assert (caught.value.event, caught.value.field) == ("events[1]", "id")


def test_duplicate_ids_are_refused() -> None:
    event = {"id": "a", "title": "A", "when": "2024"}
    text = json.dumps({"format": "bri-timeline", "version": 1, "events": [event, event]})
    with pytest.raises(DataFileError, match="another event has the same id") as caught:
        loads_json(text)
    assert (caught.value.event, caught.value.field) == ("'a'", "id")


@pytest.mark.parametrize(
    ("text", "field", "words"),
    [
        ("[]", None, "must hold a JSON object"),
        ('{"version": 1, "events": []}', "format", "is required"),
        ('{"format": "ics", "version": 1}', "format", "must be 'bri-timeline'"),
        ('{"format": "bri-timeline", "version": 2}', "version", "reads version 1 only"),
        ('{"format": "bri-timeline", "version": "1"}', "version", "must be an int"),
        ('{"format": "bri-timeline", "version": 1, "extra": 0}', "extra", "unknown key"),
        ('{"format": "bri-timeline", "version": 1, "events": {}}', "events", "must be a list"),
        ('{"format": "bri-timeline", "version": 1, "timeline": {"updated": "2024-11-20"}}',
         "timeline.updated", "date-time"),
        ('{"format": "bri-timeline", "version": 1, "timeline": {"name": 3}}', "timeline.name",
         "must be a string"),
    ],
)  # fmt: skip
def test_document_errors_name_the_field(text: str, field: str | None, words: str) -> None:
    with pytest.raises(DataFileError, match=words) as caught:
        loads_json(text, path="d.json")
    assert (caught.value.path, caught.value.field, caught.value.event) == ("d.json", field, None)


def test_invalid_json_names_the_line() -> None:
    with pytest.raises(DataFileError, match="is not valid JSON") as caught:
        loads_json('{\n  "format": "bri-timeline",\n  "version": 1,,\n}', path="d.json")
    assert caught.value.line == 3
    assert str(caught.value).startswith("d.json:3: ")


def test_a_key_written_twice_is_refused() -> None:
    with pytest.raises(DataFileError, match="'version' appears twice"):
        loads_json('{"format": "bri-timeline", "version": 1, "version": 1}')


def test_unreadable_and_non_utf8_files(tmp_path: Path) -> None:
    with pytest.raises(DataFileError, match="cannot be read") as caught:
        load_json(tmp_path / "missing.json")
    assert caught.value.path == str(tmp_path / "missing.json")
    path = tmp_path / "latin1.json"
    path.write_bytes(b'{\n"format": "caf\xe9"}')
    with pytest.raises(DataFileError, match="is not UTF-8") as caught:
        load_json(path)
    assert caught.value.line == 2
