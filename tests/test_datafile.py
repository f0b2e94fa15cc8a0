"""The TOML data file loader: every field read as written, and every mistake named precisely."""

from __future__ import annotations

import textwrap
from datetime import UTC, date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from bri_timeline import (
    AllDay,
    DataFileError,
    Event,
    Frequency,
    Inference,
    Location,
    OpenEnded,
    PartialDate,
    Participant,
    Recurrence,
    Source,
    Timeline,
    TimelineError,
    TimelineInfo,
    TimeSpan,
    load,
    loads,
)

LIMA = ZoneInfo("America/Lima")
MADRID = ZoneInfo("Europe/Madrid")

FULL = textwrap.dedent(
    """\
    [timeline]
    name = "Test timeline"
    description = "Every field"
    url = "https://example.org/"
    source = "article.txt"
    updated = 2024-11-20T00:00:00Z

    [[events]]
    id = "meeting"
    title = "BRI meeting"
    when = "2024-11-08T09:00/2024-11-08T16:00"
    tz = "America/Lima"
    end_tz = "Europe/Madrid"
    description = "Line one\\nline two"
    url = "https://example.org/meeting"
    categories = ["bri", "meeting"]
    location = { name = "Lima", latitude = -12.05, longitude = -77 }
    participants = [
      { name = "Jorge Chain", role = "general manager", organization = "Chamber of Commerce" },
      { name = "Victor Arroyo" },
    ]
    source = { quote = "took place on November 8", locator = "p1", url = "https://example.org/a" }
    inferred = [{ field = "when", reason = "the year 2024 is inferred" }]
    recurrence = { frequency = "weekly", interval = 2, until = 2025-01-01 }
    revision = 3
    updated = 2024-11-20T09:00:00-05:00

    [[events]]
    id = "fta"
    title = "Free Trade Agreement"
    when = "2009/.."
    source = { quote = "in place since 2009", document = "other.txt" }

    [[events]]
    id = 'chancay'  # single quotes and a comment
    title = "Chancay Port"
    when = "2024-11-14"
    recurrence = { frequency = "YEARLY", count = 5 }
    """
)


def test_every_field_is_read_as_written() -> None:
    timeline = loads(FULL, path="full.toml")
    assert timeline.info == TimelineInfo(
        "Test timeline",
        description="Every field",
        url="https://example.org/",
        source="article.txt",
        updated=datetime(2024, 11, 20, tzinfo=UTC),
    )
    assert timeline.get("meeting") == Event(
        "meeting",
        "BRI meeting",
        TimeSpan(datetime(2024, 11, 8, 9, tzinfo=LIMA), datetime(2024, 11, 8, 16, tzinfo=MADRID)),
        description="Line one\nline two",
        url="https://example.org/meeting",
        categories=("bri", "meeting"),
        location=Location("Lima", latitude=-12.05, longitude=-77.0),
        participants=(
            Participant("Jorge Chain", role="general manager", organization="Chamber of Commerce"),
            Participant("Victor Arroyo"),
        ),
        # The document comes from [timeline] source.
        source=Source(
            "took place on November 8",
            document="article.txt",
            locator="p1",
            url="https://example.org/a",
        ),
        inferred=(Inference("when", "the year 2024 is inferred"),),
        recurrence=Recurrence(Frequency.WEEKLY, interval=2, until=date(2025, 1, 1)),
        revision=3,
        updated=datetime(2024, 11, 20, 14, tzinfo=UTC),
    )
    assert timeline.get("fta") == Event(
        "fta",
        "Free Trade Agreement",
        OpenEnded(PartialDate.of_year(2009)),
        source=Source("in place since 2009", document="other.txt"),
    )
    assert timeline.get("chancay") == Event(
        "chancay",
        "Chancay Port",
        AllDay(date(2024, 11, 14)),
        recurrence=Recurrence(Frequency.YEARLY, count=5),
    )
    assert [event.id for event in timeline] == ["fta", "meeting", "chancay"]


def test_load_reads_a_file_by_str_or_path(tmp_path: Path) -> None:
    path = tmp_path / "events.toml"
    path.write_text(FULL, encoding="utf-8")
    assert load(path) == loads(FULL)
    assert load(str(path)) == loads(FULL)


def test_load_skips_a_byte_order_mark(tmp_path: Path) -> None:
    path = tmp_path / "bom.toml"
    path.write_bytes("\ufeff".encode() + FULL.encode())
    assert load(path) == loads(FULL)


def test_an_empty_file_is_an_empty_timeline() -> None:
    assert loads("") == Timeline()
    assert loads("[timeline]\nname = 'Nothing yet'\n") == Timeline(info=TimelineInfo("Nothing yet"))


def test_nothing_is_defaulted_that_was_not_written() -> None:
    event = loads('[[events]]\nid = "x"\ntitle = "X"\nwhen = "2009"\n').get("x")
    assert event == Event("x", "X", PartialDate.of_year(2009))
    assert event.source is None


# --- mistakes --------------------------------------------------------------------

# Four lines before the first event's id, so that line numbers are worth checking.
HEAD = '[timeline]\nname = "T"\n\n[[events]]\nid = "x"\n'  # id on line 5
OK = 'title = "X"\nwhen = "2024-11-14"\n'

MISTAKES: list[tuple[str, str, str | None, str | None, int | None, str]] = [
    # name, text, event, field, line, words in the message
    ("not TOML", '[[events]\nid = "x"\n', None, None, 1, "is not valid TOML"),
    ("not TOML further down", HEAD + "title = X\n", None, None, 6, "is not valid TOML"),
    ("unknown top-level key", 'title = "T"\n' + HEAD + OK, None, "title", None, "unknown key"),
    (
        "unknown timeline key",
        '[timeline]\nowner = "me"\n',
        None,
        "timeline.owner",
        None,
        "unknown key",
    ),
    ("unknown event key", HEAD + OK + 'date = "2024"\n', "'x'", "date", 5, "unknown key 'date'"),
    (
        "unknown location key",
        HEAD + OK + 'location = { name = "L", lat = 1 }\n',
        "'x'",
        "location.lat",
        5,
        "unknown key",
    ),
    (
        "unknown participant key",
        HEAD + OK + 'participants = [{ name = "A" }, { name = "B", email = "b@x" }]\n',
        "'x'",
        "participants[1].email",
        5,
        "unknown key",
    ),
    (
        "unknown source key",
        HEAD + OK + 'source = { quote = "q", page = 3 }\n',
        "'x'",
        "source.page",
        5,
        "unknown key",
    ),
    (
        "unknown inferred key",
        HEAD + OK + 'inferred = [{ field = "when", reason = "r", why = "" }]\n',
        "'x'",
        "inferred[0].why",
        5,
        "unknown",
    ),
    (
        "unknown recurrence key",
        HEAD + OK + 'recurrence = { frequency = "DAILY", byday = "MO" }\n',
        "'x'",
        "recurrence.byday",
        5,
        "unknown",
    ),
    ("events not an array", '[events]\nid = "x"\n', None, "events", None, "must be an array"),
    ("event not a table", "events = [1]\n", "events[0]", None, None, "must be a table"),
    ("timeline not a table", 'timeline = "T"\n', None, "timeline", None, "must be a table"),
    (
        "missing id",
        '[[events]]\ntitle = "X"\nwhen = "2009"\n',
        "events[0]",
        "id",
        None,
        "is required",
    ),
    (
        "id not a string",
        '[[events]]\nid = 5\ntitle = "X"\nwhen = "2009"\n',
        "events[0]",
        "id",
        None,
        "must be a string",
    ),
    (
        "id not a slug",
        '[[events]]\nid = "bad id"\ntitle = "X"\nwhen = "2009"\n',
        "'bad id'",
        "id",
        2,
        "letters, digits",
    ),
    ("missing title", HEAD + 'when = "2009"\n', "'x'", "title", 5, "is required"),
    ("empty title", HEAD + 'title = " "\nwhen = "2009"\n', "'x'", "title", 5, "must not be empty"),
    (
        "title not a string",
        HEAD + 'title = 5\nwhen = "2009"\n',
        "'x'",
        "title",
        5,
        "must be a string",
    ),
    ("missing when", HEAD + 'title = "X"\n', "'x'", "when", 5, "is required"),
    (
        "when a TOML date",
        HEAD + 'title = "X"\nwhen = 2024-11-14\n',
        "'x'",
        "when",
        5,
        "must be a string",
    ),
    ("when an integer", HEAD + 'title = "X"\nwhen = 2009\n', "'x'", "when", 5, "must be a string"),
    (
        "when not a real day",
        HEAD + 'title = "X"\nwhen = "2024-02-30"\n',
        "'x'",
        "when",
        5,
        "not a real date",
    ),
    (
        "when a season that is not one",
        HEAD + 'title = "X"\nwhen = "2009-42"\n',
        "'x'",
        "when",
        5,
        "month: 42 is neither a month (01-12) nor a season",
    ),
    (
        "when ends before it starts",
        HEAD + 'title = "X"\nwhen = "2024-11-15/2024-11-13"\n',
        "'x'",
        "when",
        5,
        "interval: its end is before its start",
    ),
    (
        "when a floating start and a zoned end",
        HEAD + 'title = "X"\nwhen = "2024-11-08T09:00/2024-11-08T10:00Z"\n',
        "'x'",
        "when",
        5,
        "joins a floating time (no zone) and a zoned one",
    ),
    (
        "unknown tz",
        HEAD + 'title = "X"\nwhen = "2024-11-08T09:00"\ntz = "Mars/Olympus"\n',
        "'x'",
        "tz",
        5,
        "IANA time zone",
    ),
    (
        "unknown end_tz",
        HEAD
        + 'title = "X"\nwhen = "2024-11-08T09:00/2024-11-08T10:00"\ntz = "UTC"\nend_tz = "Lima"\n',
        "'x'",
        "end_tz",
        5,
        "IANA",
    ),
    ("tz on a date", HEAD + OK + 'tz = "America/Lima"\n', "'x'", "tz", 5, "no time of day"),
    (
        "tz on a partial date",
        HEAD + 'title = "X"\nwhen = "2009/.."\ntz = "America/Lima"\n',
        "'x'",
        "tz",
        5,
        "no time of day",
    ),
    (
        "end_tz without an end time",
        HEAD + 'title = "X"\nwhen = "2024-11-08T09:00/.."\ntz = "UTC"\nend_tz = "UTC"\n',
        "'x'",
        "end_tz",
        5,
        "no end time",
    ),
    (
        "local time in a DST gap",
        HEAD + 'title = "X"\nwhen = "2024-03-10T02:30"\ntz = "America/New_York"\n',
        "'x'",
        "when",
        5,
        "does not exist",
    ),
    (
        "categories a string",
        HEAD + OK + 'categories = "bri"\n',
        "'x'",
        "categories",
        5,
        "must be an array",
    ),
    (
        "category not a string",
        HEAD + OK + 'categories = ["bri", 1]\n',
        "'x'",
        "categories",
        5,
        "only str",
    ),
    (
        "category repeated",
        HEAD + OK + 'categories = ["bri", "bri"]\n',
        "'x'",
        "categories",
        5,
        "repeat",
    ),
    (
        "location a string",
        HEAD + OK + 'location = "Lima"\n',
        "'x'",
        "location",
        5,
        "must be a table",
    ),
    (
        "location without a name",
        HEAD + OK + "location = { latitude = 1, longitude = 2 }\n",
        "'x'",
        "location.name",
        5,
        "is required",
    ),
    (
        "latitude text",
        HEAD + OK + 'location = { name = "L", latitude = "1", longitude = 2 }\n',
        "'x'",
        "location.latitude",
        5,
        "an integer or a float",
    ),
    (
        "latitude a bool",
        HEAD + OK + 'location = { name = "L", latitude = true, longitude = 2 }\n',
        "'x'",
        "location.latitude",
        5,
        "an integer or a float",
    ),
    (
        "latitude out of range",
        HEAD + OK + 'location = { name = "L", latitude = 95, longitude = 2 }\n',
        "'x'",
        "location.latitude",
        5,
        "-90 to 90",
    ),
    (
        "latitude alone",
        HEAD + OK + 'location = { name = "L", latitude = 5 }\n',
        "'x'",
        "location.longitude",
        5,
        "with latitude",
    ),
    (
        "participants a table",
        HEAD + OK + 'participants = { name = "A" }\n',
        "'x'",
        "participants",
        5,
        "must be an array",
    ),
    (
        "participant a string",
        HEAD + OK + 'participants = ["Jorge Chain"]\n',
        "'x'",
        "participants[0]",
        5,
        "must be a table",
    ),
    (
        "participant without a name",
        HEAD + OK + 'participants = [{ name = "A" }, { role = "r" }]\n',
        "'x'",
        "participants[1].name",
        5,
        "is required",
    ),
    (
        "participant with an empty name",
        HEAD + OK + 'participants = [{ name = "" }]\n',
        "'x'",
        "participants[0].name",
        5,
        "must not be empty",
    ),
    (
        "participant role not text",
        HEAD + OK + 'participants = [{ name = "A", role = 1 }]\n',
        "'x'",
        "participants[0].role",
        5,
        "must be a string",
    ),
    (
        "source without a quote",
        HEAD + OK + 'source = { locator = "p1" }\n',
        "'x'",
        "source.quote",
        5,
        "is required",
    ),
    ("source a string", HEAD + OK + 'source = "article"\n', "'x'", "source", 5, "must be a table"),
    (
        "inferred without a reason",
        HEAD + OK + 'inferred = [{ field = "when" }]\n',
        "'x'",
        "inferred[0].reason",
        5,
        "is required",
    ),
    (
        "recurrence frequency unknown",
        HEAD + OK + 'recurrence = { frequency = "FORTNIGHTLY" }\n',
        "'x'",
        "recurrence.frequency",
        5,
        "DAILY",
    ),
    (
        "recurrence without frequency",
        HEAD + OK + "recurrence = { count = 2 }\n",
        "'x'",
        "recurrence.frequency",
        5,
        "is required",
    ),
    (
        "recurrence count and until",
        HEAD + OK + 'recurrence = { frequency = "DAILY", count = 2, until = 2025-01-01 }\n',
        "'x'",
        "recurrence.until",
        5,
        "count",
    ),
    (
        "recurrence count zero",
        HEAD + OK + 'recurrence = { frequency = "DAILY", count = 0 }\n',
        "'x'",
        "recurrence.count",
        5,
        "positive",
    ),
    (
        "recurrence until local time",
        HEAD + OK + 'recurrence = { frequency = "DAILY", until = 2025-01-01T00:00:00 }\n',
        "'x'",
        "recurrence.until",
        5,
        "a date or an aware datetime",
    ),
    (
        "recurrence of a partial date",
        HEAD + 'title = "X"\nwhen = "2009"\nrecurrence = { frequency = "YEARLY" }\n',
        "'x'",
        "recurrence",
        5,
        "only timed, floating and all-day",
    ),
    (
        "revision a bool",
        HEAD + OK + "revision = true\n",
        "'x'",
        "revision",
        5,
        "must be an integer",
    ),
    (
        "revision negative",
        HEAD + OK + "revision = -1\n",
        "'x'",
        "revision",
        5,
        "from 0 to 2147483647",
    ),
    (
        "updated a date",
        HEAD + OK + "updated = 2024-11-20\n",
        "'x'",
        "updated",
        5,
        "must be a date-time",
    ),
    (
        "updated local",
        HEAD + OK + "updated = 2024-11-20T00:00:00\n",
        "'x'",
        "updated",
        5,
        "timezone-aware",
    ),
    (
        "timeline updated local",
        "[timeline]\nupdated = 2024-11-20T00:00:00\n",
        None,
        "timeline.updated",
        None,
        "UTC offset",
    ),
    (
        "timeline name not text",
        "[timeline]\nname = 5\n",
        None,
        "timeline.name",
        None,
        "must be a string",
    ),
    (
        "control character in a title",
        HEAD + 'title = "a\\u001bb"\nwhen = "2009"\n',
        "'x'",
        "title",
        5,
        "U+001B",
    ),
    (
        "duplicate ids",
        HEAD
        + OK
        + '\n[[events]]\nid = "y"\n'
        + OK
        + '\n[[events]]\nid = "x"\ntitle = "X again"\nwhen = "2009"\n',
        "'x'",
        "id",
        15,  # the repeat, not the first
        "same id",
    ),
    (
        "the same event twice",
        HEAD + OK + "\n[[events]]\n" + 'id = "x"\n' + OK,
        "'x'",
        "id",
        10,
        "same id",
    ),
    (
        "a mistake in the second event",
        HEAD + OK + '\n[[events]]\nid = "y"\ntitle = ""\nwhen = "2009"\n',
        "'y'",
        "title",
        10,
        "empty",
    ),
]


@pytest.mark.parametrize(
    ("text", "event", "field", "line", "words"),
    [pytest.param(*row[1:], id=row[0]) for row in MISTAKES],
)
def test_mistakes_name_file_event_field_and_line(
    text: str, event: str | None, field: str | None, line: int | None, words: str
) -> None:
    with pytest.raises(DataFileError) as caught:
        loads(text, path="my/events.toml")
    error = caught.value
    assert isinstance(error, TimelineError)
    assert isinstance(error, ValueError)
    assert (error.path, error.event, error.field, error.line) == (
        "my/events.toml",
        event,
        field,
        line,
    )
    assert words in error.message
    message = str(error)
    assert "\n" not in message
    where = "my/events.toml" if line is None else f"my/events.toml:{line}"
    assert message.startswith(where + ": ")
    if event is not None:
        assert f"event {event}" in message
    if field is not None:
        assert f"field {field!r}" in message


def test_missing_file(tmp_path: Path) -> None:
    missing = tmp_path / "nope.toml"
    with pytest.raises(DataFileError) as caught:
        load(missing)
    assert caught.value.path == str(missing)
    assert "cannot be read" in str(caught.value)
    assert str(caught.value).startswith(str(missing))


def test_a_directory_is_not_a_data_file(tmp_path: Path) -> None:
    with pytest.raises(DataFileError, match="cannot be read"):
        load(tmp_path)


def test_not_utf8_names_the_line(tmp_path: Path) -> None:
    path = tmp_path / "latin1.toml"
    path.write_bytes('[[events]]\nid = "x"\ntitle = "Caf\xe9"\nwhen = "2009"\n'.encode("latin-1"))
    with pytest.raises(DataFileError) as caught:
        load(path)
    assert caught.value.line == 3
    assert "is not UTF-8" in caught.value.message
    assert str(caught.value).startswith(f"{path}:3: ")


def test_a_file_with_a_mistake_gives_no_timeline_at_all() -> None:
    """Nothing is dropped: one bad event among good ones fails the whole file."""
    good = HEAD + OK
    with pytest.raises(DataFileError):
        loads(good + '\n[[events]]\nid = "y"\ntitle = "Y"\nwhen = "someday"\n')
    assert len(loads(good)) == 1


def test_data_file_errors_pickle() -> None:
    import pickle

    with pytest.raises(DataFileError) as caught:
        loads(HEAD + 'title = "X"\nwhen = "2024-02-30"\n', path="f.toml")
    copy = pickle.loads(pickle.dumps(caught.value))
    assert str(copy) == str(caught.value)
    assert (copy.path, copy.event, copy.field, copy.line) == ("f.toml", "'x'", "when", 5)
