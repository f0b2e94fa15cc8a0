"""EDTF in and out: what is read and as what, what is refused, and lossless round trips."""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given

from bri_timeline import (
    AllDay,
    EDTFError,
    InvalidArgument,
    OpenEnded,
    PartialDate,
    Time,
    TimeSpan,
    from_edtf,
    time_zones,
    to_edtf,
)
from bri_timeline.strategies import open_ended, timed_spans, times

LIMA = ZoneInfo("America/Lima")
MADRID = ZoneInfo("Europe/Madrid")
NEW_YORK = ZoneInfo("America/New_York")
KATHMANDU = ZoneInfo("Asia/Kathmandu")


def utc(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=UTC)


READ: list[tuple[str, dict[str, str], Time]] = [
    ("2024-11-14", {}, AllDay(date(2024, 11, 14))),
    ("2024-11-13/2024-11-15", {}, AllDay(date(2024, 11, 13), date(2024, 11, 15))),
    ("2024-11-14/2024-11-14", {}, AllDay(date(2024, 11, 14))),
    ("2024-12-31/2025-01-01", {}, AllDay(date(2024, 12, 31), date(2025, 1, 1))),
    ("2024-11", {}, PartialDate.of_month(2024, 11)),
    ("2009", {}, PartialDate.of_year(2009)),
    ("0001", {}, PartialDate.of_year(1)),
    ("200X", {}, PartialDate.of_decade(2000)),
    ("001X", {}, PartialDate.of_decade(10)),
    ("18XX", {}, PartialDate.of_century(1800)),
    ("01XX", {}, PartialDate.of_century(100)),
    ("2009/..", {}, OpenEnded(PartialDate.of_year(2009))),
    ("18XX/..", {}, OpenEnded(PartialDate.of_century(1800))),
    ("2024-11/..", {}, OpenEnded(PartialDate.of_month(2024, 11))),
    ("2024-11-08/..", {}, OpenEnded(date(2024, 11, 8))),
    (
        "2024-11-08T09:00/..",
        {"tz": "America/Lima"},
        OpenEnded(datetime(2024, 11, 8, 9, tzinfo=LIMA)),
    ),
    ("2024-11-08T09:00", {"tz": "America/Lima"}, TimeSpan(datetime(2024, 11, 8, 9, tzinfo=LIMA))),
    (
        "2024-11-08T09:00:30.5",
        {"tz": "America/Lima"},
        TimeSpan(datetime(2024, 11, 8, 9, 0, 30, 500_000, tzinfo=LIMA)),
    ),
    (
        "2024-11-08T09:00/2024-11-08T13:00",
        {"tz": "America/Lima"},
        TimeSpan(datetime(2024, 11, 8, 9, tzinfo=LIMA), datetime(2024, 11, 8, 13, tzinfo=LIMA)),
    ),
    (
        # 16:00 in Madrid (UTC+1 in November) is 10:00 in Lima: a one-hour flight of fancy.
        "2024-11-08T09:00/2024-11-08T16:00",
        {"tz": "America/Lima", "end_tz": "Europe/Madrid"},
        TimeSpan(datetime(2024, 11, 8, 9, tzinfo=LIMA), datetime(2024, 11, 8, 16, tzinfo=MADRID)),
    ),
    ("2024-11-08T14:00Z", {}, TimeSpan(utc(2024, 11, 8, 14))),
    ("2024-11-08T14:00Z", {"tz": "America/Lima"}, TimeSpan(utc(2024, 11, 8, 14))),
    ("2024-11-08T09:00-05:00", {}, TimeSpan(utc(2024, 11, 8, 14))),
    ("2024-11-08T09:00:00+05:45", {}, TimeSpan(utc(2024, 11, 8, 3, 15))),
    (
        "2024-11-08T09:00-05:00",
        {"tz": "America/Lima"},
        TimeSpan(datetime(2024, 11, 8, 9, tzinfo=LIMA)),
    ),
    (
        "2024-11-08T14:45+05:45",
        {"tz": "Asia/Kathmandu"},
        TimeSpan(datetime(2024, 11, 8, 14, 45, tzinfo=KATHMANDU)),
    ),
    # New York's repeated hour on 2024-11-03: without an offset, the earlier one.
    (
        "2024-11-03T01:30",
        {"tz": "America/New_York"},
        TimeSpan(datetime(2024, 11, 3, 1, 30, tzinfo=NEW_YORK)),
    ),
    (
        "2024-11-03T01:30-04:00",
        {"tz": "America/New_York"},
        TimeSpan(datetime(2024, 11, 3, 1, 30, tzinfo=NEW_YORK)),
    ),
    (
        "2024-11-03T01:30-05:00",
        {"tz": "America/New_York"},
        TimeSpan(datetime(2024, 11, 3, 1, 30, fold=1, tzinfo=NEW_YORK)),
    ),
]


@pytest.mark.parametrize(("text", "zones", "expected"), READ)
def test_reads(text: str, zones: dict[str, str], expected: Time) -> None:
    assert from_edtf(text, **zones) == expected


@pytest.mark.parametrize(
    ("text", "zones"),
    [
        ("2024-11-14", {}),
        ("2024-11-13/2024-11-15", {}),
        ("2024-11", {}),
        ("2009", {}),
        ("200X", {}),
        ("18XX", {}),
        ("2009/..", {}),
        ("2024-11-08/..", {}),
        ("2024-11-08T09:00:00", {"tz": "America/Lima"}),
        ("2024-11-08T09:00:00.250000", {"tz": "America/Lima"}),
        ("2024-11-08T09:00:00/2024-11-08T13:00:00", {"tz": "America/Lima"}),
        ("2024-11-08T14:00:00Z", {}),
        ("2024-11-08T14:00:00Z/2024-11-08T10:00:00", {"end_tz": "America/Lima"}),
        ("2024-11-03T01:30:00-05:00", {"tz": "America/New_York"}),
        ("2024-11-03T01:30:00-04:00", {"tz": "America/New_York"}),
    ],
)
def test_canonical_text_is_written_back_as_read(text: str, zones: dict[str, str]) -> None:
    time = from_edtf(text, **zones)
    assert to_edtf(time) == text
    start_zone, end_zone = time_zones(time)
    assert (start_zone, end_zone) == (zones.get("tz"), zones.get("end_tz"))


REFUSED: list[tuple[str, dict[str, str], str, str]] = [
    ("", {}, "when", "date: is empty"),
    ("2024-11-14 ", {}, "when", "has no place in it"),
    (
        " 2024-11-14",
        {},
        "when",
        "has no place in it",
    ),
    ("2024-11-8", {}, "when", "is not two digits 0-9 or X"),
    (
        "24-11-08",
        {},
        "when",
        "is not an EDTF year",
    ),
    (
        "20241108",
        {},
        "when",
        "is not an EDTF year",
    ),
    ("2024/11/14", {}, "when", "more than one '/'"),
    ("2024-02-30", {}, "when", "day: 2024-02-30 is not a real date (2024-02 has 29 days)"),
    ("2023-02-29", {}, "when", "day: 2023-02-29 is not a real date (2023-02 has 28 days)"),
    (
        "2024-13",
        {},
        "when",
        "month: 13 is neither a month (01-12) nor a season or division (21-41)",
    ),
    ("2024-00", {}, "when", "month: 00 matches no month 01-12"),
    ("2024-11-00", {}, "when", "day: 00 matches no day 01-31"),
    ("18xx", {}, "when", "an unspecified digit is a capital X"),
    ("2024-11-08/2024-11-09T10:00", {"tz": "America/Lima"}, "when", "two days or two date-times"),
    ("2024-11-08T09:00/2024-11-08T10:00Z", {}, "when", "joins a floating time"),
    ("2024-11-08T09:00Z/2024-11-08T10:00", {}, "when", "joins a floating time"),
    ("2024-11-08T24:00", {"tz": "America/Lima"}, "when", "not a real date and time"),
    ("2024-11-08T09:60", {"tz": "America/Lima"}, "when", "not a real date and time"),
    ("2024-11-08T09:00:60", {"tz": "America/Lima"}, "when", "not a real date and time"),
    ("2024-11-08T09", {"tz": "America/Lima"}, "when", "not in the EDTF subset"),
    ("2024-11-08T09:00:00.1234567", {"tz": "America/Lima"}, "when", "not in the EDTF subset"),
    ("2024-11-08t09:00z", {}, "when", "has no place in it"),
    ("2024-11-08T09:00+24:00", {}, "when", "24 hours or more"),
    ("2024-11-08T09:00-04:00", {"tz": "America/Lima"}, "when", "not the offset of America/Lima"),
    ("2024-03-10T02:30", {"tz": "America/New_York"}, "when", "does not exist in America/New_York"),
    # Refusals of the time built from the text still name the text's field.
    ("2024-11-15/2024-11-13", {}, "when", "interval: its end is before its start"),
    (
        "2024-11-08T10:00/2024-11-08T09:00",
        {"tz": "America/Lima"},
        "when",
        "end must not be before start",
    ),
    ("9999-12-31", {}, "when", "last must be before 9999-12-31"),
    ("0001-01-01T00:00+05:00", {}, "when", "too close to the ends"),
    # Digits are ASCII digits: other scripts' digits are not EDTF.
    (
        "٢٠٠٩",
        {},
        "when",
        "has no place in it",
    ),
    (
        "２０２４-11-14",
        {},
        "when",
        "has no place in it",
    ),
]


@pytest.mark.parametrize(
    ("text", "zones", "field", "rule"),
    [pytest.param(*row, id=repr(row[0])) for row in REFUSED],
)
def test_refuses(text: str, zones: dict[str, str], field: str, rule: str) -> None:
    with pytest.raises(EDTFError) as caught:
        from_edtf(text, **zones)
    assert caught.value.field == field
    assert rule in caught.value.rule
    assert isinstance(caught.value, ValueError)


def test_refusal_names_the_callers_field_and_value() -> None:
    with pytest.raises(EDTFError) as caught:
        from_edtf("2024-02-30", field="--from")
    assert caught.value.field == "--from"
    assert caught.value.value == "2024-02-30"
    assert str(caught.value).startswith("--from: day: 2024-02-30 is not a real date")


@pytest.mark.parametrize(
    ("zones", "field"),
    [
        ({"tz": "Mars/Olympus"}, "tz"),
        ({"tz": "America/Lima", "end_tz": "Lima"}, "end_tz"),
        ({"tz": "America/Lima", "end_tz": "x"}, "end_tz"),
        ({"tz": ["America/Lima"]}, "tz"),
    ],
)
def test_a_zone_argument_that_names_no_zone_is_refused(zones: dict[str, str], field: str) -> None:
    with pytest.raises(InvalidArgument) as caught:
        from_edtf("2024-11-08T09:00", **zones)
    assert caught.value.field == field
    assert str(caught.value).startswith(f"argument {field}: must be an IANA time zone name")
    assert isinstance(caught.value, ValueError)


def test_refuses_what_is_not_text() -> None:
    with pytest.raises(InvalidArgument, match=r"^argument text: must be a str \(got 2009\)"):
        from_edtf(2009)  # type: ignore[arg-type]
    with pytest.raises(InvalidArgument, match=r"^argument field: must be a str \(got None\)"):
        from_edtf("2009", field=None)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("time", "text", "zones"),
    [
        (
            TimeSpan(datetime(2024, 11, 8, 9, tzinfo=LIMA)),
            "2024-11-08T09:00:00",
            ("America/Lima", None),
        ),
        (TimeSpan(utc(2024, 11, 8, 14)), "2024-11-08T14:00:00Z", (None, None)),
        (
            TimeSpan(datetime(2024, 11, 8, 14, tzinfo=ZoneInfo("UTC"))),
            "2024-11-08T14:00:00",
            ("UTC", None),
        ),
        (
            # One instant, the end in another zone: written as an interval, or the zone is lost.
            TimeSpan(datetime(2024, 11, 8, 9, tzinfo=LIMA), utc(2024, 11, 8, 14)),
            "2024-11-08T09:00:00/2024-11-08T14:00:00Z",
            ("America/Lima", None),
        ),
        (
            TimeSpan(datetime(2024, 11, 8, 14, tzinfo=ZoneInfo("UTC")), utc(2024, 11, 8, 14)),
            "2024-11-08T14:00:00/2024-11-08T14:00:00Z",
            ("UTC", None),
        ),
        (
            TimeSpan(utc(2024, 11, 8, 14), datetime(2024, 11, 8, 14, tzinfo=ZoneInfo("UTC"))),
            "2024-11-08T14:00:00Z/2024-11-08T14:00:00",
            (None, "UTC"),
        ),
        (
            TimeSpan(datetime(2024, 11, 3, 1, 30, fold=1, tzinfo=NEW_YORK)),
            "2024-11-03T01:30:00-05:00",
            ("America/New_York", None),
        ),
        (
            # New York before railway time: 12:02 local mean time (-04:56:02) on 1883-11-18,
            # a wall time that came again minutes later in EST.
            TimeSpan(datetime(1883, 11, 18, 12, 2, tzinfo=NEW_YORK)),
            "1883-11-18T12:02:00-04:56:02",
            ("America/New_York", None),
        ),
        (OpenEnded(utc(2009, 3, 1, 12)), "2009-03-01T12:00:00Z/..", (None, None)),
    ],
)
def test_writes(time: Time, text: str, zones: tuple[str | None, str | None]) -> None:
    assert to_edtf(time) == text
    assert time_zones(time) == zones
    assert from_edtf(text, tz=zones[0], end_tz=zones[1]) == time


@pytest.mark.parametrize(
    ("zone", "wall"),
    [
        ("America/New_York", datetime(1883, 11, 18, 12, 2)),  # LMT -04:56:02 -> EST
        ("Asia/Shanghai", datetime(1900, 12, 31, 23, 58)),  # LMT +08:05:43 -> CST
        ("Europe/Dublin", datetime(1916, 10, 1, 2, 40)),  # IST +00:34:39 -> GMT
        ("America/St_Johns", datetime(1917, 9, 17, 1, 50)),  # NDT -02:30:52 -> NST
        ("Pacific/Kiritimati", datetime(1900, 12, 31, 23, 59)),  # LMT -10:29:20 -> -10:40
        ("Asia/Kolkata", datetime(1869, 12, 31, 23, 59)),  # HMT +05:53:20 -> MMT +05:21:10
    ],
)
@pytest.mark.parametrize("fold", [0, 1])
def test_round_trip_in_a_repeated_hour_with_an_offset_in_seconds(
    zone: str, wall: datetime, fold: int
) -> None:
    time = TimeSpan(wall.replace(tzinfo=ZoneInfo(zone), fold=fold))
    assert time.start.fold == fold  # the wall time really is repeated
    start_zone, end_zone = time_zones(time)
    assert from_edtf(to_edtf(time), tz=start_zone, end_tz=end_zone) == time


@given(times())
def test_round_trip_is_lossless(time: Time) -> None:
    start_zone, end_zone = time_zones(time)
    assert from_edtf(to_edtf(time), tz=start_zone, end_tz=end_zone) == time


@given(timed_spans(whole_seconds=False))
def test_round_trip_keeps_microseconds(time: TimeSpan) -> None:
    start_zone, end_zone = time_zones(time)
    assert from_edtf(to_edtf(time), tz=start_zone, end_tz=end_zone) == time


@given(timed_spans(min_year=1800, max_year=1920) | open_ended(min_year=1800, max_year=1920))
def test_round_trip_in_the_era_of_local_mean_time(time: Time) -> None:
    start_zone, end_zone = time_zones(time)
    assert from_edtf(to_edtf(time), tz=start_zone, end_tz=end_zone) == time


@given(times())
def test_text_needs_no_zone_beyond_those_time_zones_gives(time: Time) -> None:
    """Dates and partial dates need no zone; without its zone a local time is lost.

    It is read as floating (or as a floating and a zoned end, refused, or, ends of
    two zones, with the end's wall time before the start's, refused), or (written
    with an offset, in a repeated hour) as UTC.
    """
    text = to_edtf(time)
    start_zone, end_zone = time_zones(time)
    if start_zone is None and end_zone is None:
        assert from_edtf(text) == time
    else:
        read: Time | EDTFError
        try:
            read = from_edtf(text)
        except EDTFError as error:
            read = error
        if isinstance(read, EDTFError):
            # Read as floating, two wall times of two zones may put the end before the start.
            assert "floating time" in read.rule or "end must not be before start" in read.rule
        else:
            assert read != time
