"""Fuzzing the Python API: every constructor, query, exporter and loader, given anything.

Each entry point is called with values of every kind (None, numbers at the
edges, NaN, huge ints, strings, bytes, naive and aware datetimes at the ends of
their range, lists, plain objects) in its arguments. It returns, or it raises a
subclass of :class:`~bri_timeline.TimelineError`: no AttributeError, TypeError,
OverflowError or KeyError from deep inside.
"""

from __future__ import annotations

import contextlib
import enum
import importlib
import inspect
import io
import pkgutil
import re
import sys
import tempfile
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any
from unittest import mock
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st
from tests.mangling import record

import bri_timeline as b
from bri_timeline import formats, strategies
from bri_timeline.delivery.cli import main
from bri_timeline.formats.ical import feed_stamp, to_jcal_object
from bri_timeline.formats.json_document import to_json_document
from bri_timeline.formats.text import event_text, pairs_text
from bri_timeline.formats.timelinejs import to_timelinejs_document
from bri_timeline.model.edtf import parse_zone

DAY = b.AllDay(date(2024, 11, 14))
MIDNIGHT = datetime(2024, 11, 14, tzinfo=UTC)
SMALL = b.Timeline(
    [
        b.Event("a", "A", DAY, recurrence=b.Recurrence(b.Frequency.DAILY, count=3)),
        b.Event("b", "B", b.OpenEnded(b.PartialDate.of_year(2009))),
    ],
    info=b.TimelineInfo("Small"),
)
ICS = b.to_ics(SMALL)
NOWHERE = "http://127.0.0.1:1/calendar/"
TOML = b.to_toml(SMALL)
JSON = b.to_json(SMALL)
JCAL = b.to_jcal(SMALL)
TIMELINEJS = b.to_timelinejs(SMALL)
CSV = b.to_csv(SMALL)
SHEET = "Year,Month,Day,Time,Headline,Media Credit\n2024,11,14,10:00,A,x\n"

ANYTHING = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.sampled_from([0, -1, 2**31, 2**63, 10**400, -(10**5000)]),
    st.floats(),
    st.text(max_size=8),
    st.sampled_from(["\ud800", "a\udfffb", "\x00", "\r\n"]),
    st.binary(max_size=8),
    st.dates(),
    st.datetimes(),
    st.datetimes(
        timezones=st.sampled_from(
            [UTC, ZoneInfo("Pacific/Kiritimati"), timezone(timedelta(hours=-23, minutes=-59))]
        )
    ),
    st.sampled_from(
        [
            date.min,
            date.max,
            datetime.max.replace(tzinfo=UTC),
            datetime.min.replace(tzinfo=timezone(timedelta(hours=5))),
            datetime.max.replace(tzinfo=timezone(timedelta(hours=-5))),
        ]
    ),
    st.timedeltas(),
    st.lists(st.integers(), max_size=2),
    st.just(object()),
    st.just({"a": 1}),
    st.just(DAY),
    st.just(SMALL),
    st.just(SMALL[0]),
    # Values some argument takes, so that calls get past the first check too.
    st.sampled_from(["America/Lima", "2024-11-14T09:00", "in.ics", "icalendar", ICS, TOML]),
    st.sampled_from([ZoneInfo("Asia/Kathmandu"), b.Limits(), b.FeedOptions(), b.PageLinks("x")]),
    st.builds(io.BytesIO),
    st.just(strategies.times()),
    # Vague times, deep time and sets among them, and the text of one.
    st.sampled_from(
        [b.Vague("2009~"), b.Vague("Y-17E7"), b.Vague("../2009"), b.Vague("[1667,1670..1672]")]
    ),
    st.sampled_from(["2009-21", "1984?/2004~", "Y170000002"]),
    st.just(b.FloatingSpan(datetime(2024, 11, 14, 9))),  # a floating time
)

Call = Callable[[Any, Any], object]


def _drawn(strategy: Callable[..., Any], **arguments: object) -> None:
    """Build a strategy from the fuzzed arguments and check it can be drawn from."""
    strategy(**arguments).validate()


def _file(name: str, data: bytes) -> str:
    """A file of ``data`` in the working directory (the test's tmp_path), by its name."""
    Path(name).write_bytes(data)
    return name


def _written(write: Callable[[io.BytesIO], object]) -> bytes:
    buffer = io.BytesIO()
    write(buffer)
    return buffer.getvalue()


# Each key names a public callable and, in parentheses, the arguments its call gives x and y
# (a method is Class.method): test_every_public_argument_is_fuzzed checks that together they
# give every argument of every public function, class and method something of ANYTHING.
CALLS: dict[str, Call] = {
    # The model: times, events and what they are made of.
    "TimeSpan(start, end)": b.TimeSpan,
    "AllDay(first, last)": b.AllDay,
    "PartialDate(precision, year)": b.PartialDate,
    "PartialDate(year, month)": lambda x, y: b.PartialDate(b.Precision.MONTH, x, y),
    "PartialDate.of_month(year, month)": b.PartialDate.of_month,
    "PartialDate.of_year(year)": lambda x, y: b.PartialDate.of_year(x),
    "PartialDate.of_decade(first_year)": lambda x, y: b.PartialDate.of_decade(x),
    "PartialDate.of_century(first_year)": lambda x, y: b.PartialDate.of_century(x),
    "OpenEnded(start)": lambda x, y: b.OpenEnded(x),
    "Vague(edtf)": lambda x, y: b.Vague(x),
    "FloatingSpan(start, end)": b.FloatingSpan,
    "FloatingSpan.pinned(tz)": lambda x, y: b.FloatingSpan(datetime(2024, 11, 8, 7)).pinned(x),
    "Event(id, title)": lambda x, y: b.Event(x, y, DAY),
    "Event(time, recurrence)": lambda x, y: b.Event("e", "E", x, recurrence=y),
    "Event(description, url)": lambda x, y: b.Event("e", "E", DAY, description=x, url=y),
    "Event(categories)": lambda x, y: b.Event("e", "E", DAY, categories=x),
    "Event(participants, inferred)": lambda x, y: b.Event(
        "e", "E", DAY, participants=x, inferred=y
    ),
    "Event(location, source)": lambda x, y: b.Event("e", "E", DAY, location=x, source=y),
    "Event(revision, updated)": lambda x, y: b.Event("e", "E", DAY, revision=x, updated=y),
    "Location(latitude, longitude)": lambda x, y: b.Location("L", latitude=x, longitude=y),
    "Location(name)": lambda x, y: b.Location(x),
    "Participant(name, role)": lambda x, y: b.Participant(x, role=y),
    "Participant(organization)": lambda x, y: b.Participant("P", organization=x),
    "Source(quote, url)": lambda x, y: b.Source(x, url=y),
    "Source(document, locator)": lambda x, y: b.Source("Q", document=x, locator=y),
    "Inference(field, reason)": b.Inference,
    "Recurrence(interval, count)": lambda x, y: b.Recurrence(
        b.Frequency.DAILY, interval=x, count=y
    ),
    "Recurrence(frequency, until)": lambda x, y: b.Recurrence(x, until=y),
    "Event(organizer, attendees)": lambda x, y: b.Event("e", "E", DAY, organizer=x, attendees=y),
    "Event(alarms, attachments)": lambda x, y: b.Event("e", "E", DAY, alarms=x, attachments=y),
    "Event(status, transparency)": lambda x, y: b.Event("e", "E", DAY, status=x, transparency=y),
    "Event(classification, priority)": lambda x, y: b.Event(
        "e", "E", DAY, classification=x, priority=y
    ),
    "Event(color, image)": lambda x, y: b.Event("e", "E", DAY, color=x, image=y),
    "Event(conference, created)": lambda x, y: b.Event("e", "E", DAY, conference=x, created=y),
    "Event(uid, extras)": lambda x, y: b.Event("e", "E", DAY, uid=x, extras=y),
    "Event(kind, status)": lambda x, y: b.Event("e", "E", DAY, kind=x, status=y),
    "Extra(name, value)": lambda x, y: b.Extra(x, value=y),
    "Extra(params)": lambda x, y: b.Extra("X-A", "1", params=x),
    "Organizer(name, address)": lambda x, y: b.Organizer(x, address=y),
    "Attendee(name, address)": lambda x, y: b.Attendee(x, address=y),
    "Attendee(role, status)": lambda x, y: b.Attendee("A", role=x, status=y),
    "Attendee(rsvp, kind)": lambda x, y: b.Attendee("A", rsvp=x, kind=y),
    "Attendee(title, organization)": lambda x, y: b.Attendee("A", title=x, organization=y),
    "Alarm(trigger, action)": lambda x, y: b.Alarm(x, action=y),
    "Alarm(description, related)": lambda x, y: b.Alarm(
        timedelta(minutes=-5), description=x, related=y
    ),
    "Alarm(repeat, duration)": lambda x, y: b.Alarm(timedelta(0), repeat=x, duration=y),
    "Attachment(uri, media_type)": lambda x, y: b.Attachment(x, media_type=y),
    "Conference(uri, features)": lambda x, y: b.Conference(x, features=y),
    "Conference(label)": lambda x, y: b.Conference("tel:+1", label=x),
    "Recurrence(byday, bysetpos)": lambda x, y: b.Recurrence(
        b.Frequency.MONTHLY, byday=x, bysetpos=y
    ),
    "Recurrence(bymonthday, wkst)": lambda x, y: b.Recurrence(
        b.Frequency.YEARLY, bymonthday=x, wkst=y
    ),
    "Recurrence(rdates, exdates)": lambda x, y: b.Recurrence(
        b.Frequency.DAILY, rdates=x, exdates=y
    ),
    "Recurrence(byhour, byminute)": lambda x, y: b.Recurrence(
        b.Frequency.DAILY, byhour=x, byminute=y
    ),
    "Recurrence(bysecond, bymonth)": lambda x, y: b.Recurrence(
        b.Frequency.YEARLY, bysecond=x, bymonth=y
    ),
    "Recurrence(byweekno, byyearday)": lambda x, y: b.Recurrence(
        b.Frequency.YEARLY, byweekno=x, byyearday=y
    ),
    "Recurrence.from_rrule(text)": lambda x, y: b.Recurrence.from_rrule(x),
    "Recurrence.from_rrule(rdates, exdates)": lambda x, y: b.Recurrence.from_rrule(
        "FREQ=DAILY", rdates=x, exdates=y
    ),
    "Recurrence.to_rrule()": lambda x, y: b.Recurrence(b.Frequency.DAILY, byhour=x).to_rrule(),
    "Weekday(day, nth)": b.Weekday,
    "Weekday.parse(text)": lambda x, y: b.Weekday.parse(x),
    "occurrences(limits)": lambda x, y: list(b.occurrences(SMALL[0], x, limits=y)),
    "Override(original, event)": b.Override,
    "Event(overrides)": lambda x, y: b.Event("a", "A", DAY, recurrence=y, overrides=x),
    "override_occurrence(event, original)": b.override_occurrence,
    "override_occurrence(original, changes)": lambda x, y: b.override_occurrence(
        SMALL[0], x, title=y
    ),
    "override_occurrence(limits)": lambda x, y: b.override_occurrence(
        SMALL[0], DAY.first, limits=x, status=y
    ),
    "cancel_occurrence(event, original)": b.cancel_occurrence,
    "cancel_occurrence(limits)": lambda x, y: b.cancel_occurrence(SMALL[0], y, limits=x),
    "relation(a, b)": b.relation,
    "overlaps(a, b)": b.overlaps,
    "certainly_overlaps(a, b)": b.certainly_overlaps,
    "possible_relations(a, b)": b.possible_relations,
    "certain_relation(a, b)": b.certain_relation,
    "describe(time)": lambda x, y: b.describe(x),
    "to_edtf(time)": lambda x, y: b.to_edtf(x),
    "from_edtf(text, tz)": lambda x, y: b.from_edtf(x, tz=y),
    "from_edtf(end_tz, field)": lambda x, y: b.from_edtf("2024-11-14T09:00", end_tz=x, field=y),
    "time_zones(time)": lambda x, y: b.time_zones(x),
    "parse_zone": lambda x, y: parse_zone(x),
    "occurrences(window)": lambda x, y: list(b.occurrences(SMALL[0], x)),
    "occurrences(event, window)": lambda x, y: list(b.occurrences(x, y)),
    # The timeline and its queries.
    "TimelineInfo(name, updated)": lambda x, y: b.TimelineInfo(x, updated=y),
    "TimelineInfo(url, source)": lambda x, y: b.TimelineInfo(url=x, source=y),
    "TimelineInfo(description)": lambda x, y: b.TimelineInfo(description=x),
    "Timeline(events, info)": lambda x, y: b.Timeline(x, info=y),
    "Timeline[]": lambda x, y: SMALL[x],
    "in": lambda x, y: x in SMALL,
    "Timeline.get(event_id)": lambda x, y: SMALL.get(x),
    "Timeline.at(moment)": lambda x, y: SMALL.at(x),
    "Timeline.on(day)": lambda x, y: SMALL.on(x),
    "Timeline.before(moment)": lambda x, y: SMALL.before(x),
    "Timeline.after(moment)": lambda x, y: SMALL.after(x),
    "Timeline.overlapping(window, certain)": lambda x, y: SMALL.overlapping(x, certain=y),
    "Timeline.inside(window)": lambda x, y: SMALL.inside(x),
    "Timeline.overlapping_pairs(certain)": lambda x, y: list(SMALL.overlapping_pairs(certain=x)),
    "Timeline.gaps(min_length)": lambda x, y: SMALL.gaps(min_length=x),
    "Timeline.gaps(within, certain)": lambda x, y: SMALL.gaps(within=x, certain=y),
    "Timeline.merge(others, on_conflict)": lambda x, y: SMALL.merge(x, on_conflict=y),
    "Timeline.diff(other)": lambda x, y: SMALL.diff(x),
    "TimelineInfo(origins)": lambda x, y: b.TimelineInfo(origins=x),
    "TimelineInfo(notes)": lambda x, y: b.TimelineInfo(notes=x),
    "ImportNote(file, line, uid, property)": lambda x, y: b.ImportNote(x, y, x, y, None, "a"),
    "ImportNote(value, action, skipped)": lambda x, y: b.ImportNote(
        "a", 1, None, None, x, y, skipped=x
    ),
    "TimelineInfo.origins_of(event_id)": lambda x, y: SMALL.info.origins_of(x),
    "Diff(added, removed, changed, info)": lambda x, y: b.Diff(x, y, x, y),
    "Diff.apply(timeline)": lambda x, y: SMALL.diff(b.Timeline()).apply(x),
    "Change(old, new)": lambda x, y: b.Change(x, y, ()),
    "Change(fields)": lambda x, y: b.Change(SMALL[0], SMALL[0], x),
    "FieldChange(field, old, new)": lambda x, y: b.FieldChange(x, y, x),
    "Timeline.by_year()": lambda x, y: SMALL.by_year(),
    "Timeline.by_month()": lambda x, y: SMALL.by_month(),
    "Timeline.in_category(name)": lambda x, y: SMALL.in_category(x),
    "Timeline.filter(predicate)": lambda x, y: SMALL.filter(x),
    "Timeline.span()": lambda x, y: SMALL.span(),
    "Gap(start, end)": lambda x, y: b.Gap(x, y, SMALL[0], SMALL[1]),
    "Gap(after, before)": lambda x, y: b.Gap(MIDNIGHT, MIDNIGHT + timedelta(days=1), x, y),
    "Gap(certain)": lambda x, y: b.Gap(MIDNIGHT, MIDNIGHT, None, None, certain=x),
    "Overlap(first, second)": b.Overlap,
    "Limits(max_bytes, max_depth)": lambda x, y: b.Limits(max_bytes=x, max_depth=y),
    "Limits(max_line_bytes, max_components)": lambda x, y: b.Limits(
        max_line_bytes=x, max_components=y
    ),
    "Limits(max_occurrences, max_empty_months)": lambda x, y: b.Limits(
        max_occurrences=x, max_empty_months=y
    ),
    "Limits.size_error(size)": lambda x, y: b.Limits().size_error(x),
    # iCalendar.
    "FeedOptions(domain, color)": lambda x, y: b.FeedOptions(x, color=y),
    "FeedOptions(image)": lambda x, y: b.FeedOptions(image=x),
    "FeedOptions(refresh_interval, cancelled_for)": lambda x, y: b.FeedOptions(
        refresh_interval=x, cancelled_for=y
    ),
    "FeedOptions(source_url, fallback_stamp)": lambda x, y: b.FeedOptions(
        source_url=x, fallback_stamp=y
    ),
    "FeedOptions(on_unrepresentable)": lambda x, y: b.FeedOptions(on_unrepresentable=x),
    "LeftOut(event, time)": lambda x, y: b.LeftOut(x, y, "reason"),
    "LeftOut(reason)": lambda x, y: b.LeftOut("e", "Y-17E7", x),
    "left_out_of_feed(timeline)": lambda x, y: b.left_out_of_feed(x),
    "feed_stamp(timeline, feed)": feed_stamp,
    "to_ics(timeline)": lambda x, y: b.to_ics(x),
    "to_ics(feed, previous)": lambda x, y: b.to_ics(SMALL, feed=x, previous=y),
    "to_ics(previous_name, engine)": lambda x, y: b.to_ics(
        SMALL, previous=ICS, previous_name=x, engine=y
    ),
    "write_ics(timeline, file)": b.write_ics,
    "write_ics(feed, previous)": lambda x, y: _written(
        lambda file: b.write_ics(SMALL, file, feed=x, previous=y)
    ),
    "write_ics(previous_name, engine)": lambda x, y: _written(
        lambda file: b.write_ics(SMALL, file, previous=ICS, previous_name=x, engine=y)
    ),
    "FeedBuilder(feed)": lambda x, y: b.FeedBuilder(x),
    "FeedBuilder.build(timeline, previous)": lambda x, y: b.FeedBuilder().build(x, y),
    "FeedBuilder.build(previous_name)": lambda x, y: b.FeedBuilder().build(
        SMALL, ICS, previous_name=x
    ),
    "from_ics(data, path)": lambda x, y: b.from_ics(x, path=y),
    "from_ics(window, domain)": lambda x, y: b.from_ics(ICS, window=x, domain=y),
    "from_ics(tz, limits)": lambda x, y: b.from_ics(ICS, tz=x, limits=y),
    "from_ics(strict, engine)": lambda x, y: b.from_ics(ICS, strict=x, engine=y),
    "read_ics(path, window)": lambda x, y: b.read_ics(x, window=y),
    "read_ics(domain, tz)": lambda x, y: b.read_ics(_file("in.ics", ICS), domain=x, tz=y),
    "read_ics(limits, strict)": lambda x, y: b.read_ics(_file("in.ics", ICS), limits=x, strict=y),
    "from_ics(kinds)": lambda x, y: b.from_ics(ICS, kinds=x),
    "read_ics(kinds, engine)": lambda x, y: b.read_ics(_file("in.ics", ICS), kinds=x, engine=y),
    # jCal.
    "to_jcal(timeline, feed)": lambda x, y: b.to_jcal(x, feed=y),
    "to_jcal_object(timeline, feed)": lambda x, y: to_jcal_object(x, feed=y),
    "write_jcal(timeline, file)": b.write_jcal,
    "write_jcal(feed)": lambda x, y: _written(lambda file: b.write_jcal(SMALL, file, feed=x)),
    "from_jcal(data, path)": lambda x, y: b.from_jcal(x, path=y),
    "from_jcal(window, domain)": lambda x, y: b.from_jcal(JCAL, window=x, domain=y),
    "from_jcal(tz, limits)": lambda x, y: b.from_jcal(JCAL, tz=x, limits=y),
    "read_jcal(path, window)": lambda x, y: b.read_jcal(x, window=y),
    "read_jcal(domain, tz)": lambda x, y: b.read_jcal(
        _file("in.jcal", JCAL.encode()), domain=x, tz=y
    ),
    "read_jcal(limits)": lambda x, y: b.read_jcal(_file("in.jcal", JCAL.encode()), limits=x),
    "from_jcal(kinds)": lambda x, y: b.from_jcal(JCAL, kinds=x),
    "read_jcal(kinds)": lambda x, y: b.read_jcal(_file("in.jcal", JCAL.encode()), kinds=x),
    # The data file, the JSON document.
    "to_toml(timeline)": lambda x, y: b.to_toml(x),
    "write_toml(timeline, file)": b.write_toml,
    "from_toml(text, path)": lambda x, y: b.from_toml(x, path=y),
    "from_toml(limits)": lambda x, y: b.from_toml(TOML, limits=x),
    "read_toml(path, limits)": lambda x, y: b.read_toml(x, limits=y),
    "read_toml(limits)": lambda x, y: b.read_toml(_file("in.toml", TOML.encode()), limits=x),
    "load_bri()": lambda x, y: b.load_bri(),
    "to_json(timeline)": lambda x, y: b.to_json(x),
    "to_json_document(timeline)": lambda x, y: to_json_document(x),
    "write_json(timeline, file)": b.write_json,
    "from_json(text, path)": lambda x, y: b.from_json(x, path=y),
    "from_json(limits)": lambda x, y: b.from_json(JSON, limits=x),
    "read_json(path, limits)": lambda x, y: b.read_json(x, limits=y),
    "read_json(limits)": lambda x, y: b.read_json(_file("in.json", JSON.encode()), limits=x),
    # The CSV table, and the TimelineJS sheet.
    "to_csv(timeline, delimiter)": lambda x, y: b.to_csv(x, delimiter=y),
    "write_csv(timeline, file)": b.write_csv,
    "write_csv(delimiter, bom)": lambda x, y: _written(
        lambda file: b.write_csv(SMALL, file, delimiter=x, bom=y)
    ),
    "from_csv(text, path)": lambda x, y: b.from_csv(x, path=y),
    "from_csv(delimiter, limits)": lambda x, y: b.from_csv(CSV, delimiter=x, limits=y),
    "read_csv(path, limits)": lambda x, y: b.read_csv(x, limits=y),
    "read_csv(delimiter)": lambda x, y: b.read_csv(_file("in.csv", CSV.encode()), delimiter=x),
    "from_timelinejs_sheet(text, path)": lambda x, y: b.from_timelinejs_sheet(x, path=y),
    "from_timelinejs_sheet(tz, ignore)": lambda x, y: b.from_timelinejs_sheet(
        SHEET, tz=x, ignore=y
    ),
    "from_timelinejs_sheet(delimiter, limits)": lambda x, y: b.from_timelinejs_sheet(
        SHEET, delimiter=x, limits=y
    ),
    "read_timelinejs_sheet(path, tz)": lambda x, y: b.read_timelinejs_sheet(x, tz=y),
    "read_timelinejs_sheet(ignore, delimiter)": lambda x, y: b.read_timelinejs_sheet(
        _file("in.csv", SHEET.encode()), ignore=x, delimiter=y
    ),
    "read_timelinejs_sheet(limits)": lambda x, y: b.read_timelinejs_sheet(
        _file("in.csv", SHEET.encode()), limits=x
    ),
    # DataFrames, Arrow tables and Parquet files.
    "to_pandas(timeline)": lambda x, y: b.to_pandas(x),
    "from_pandas(frame, path)": lambda x, y: b.from_pandas(x, path=y),
    "from_pandas(path)": lambda x, y: b.from_pandas(b.to_pandas(SMALL), path=x),
    "to_arrow(timeline)": lambda x, y: b.to_arrow(x),
    "from_arrow(table, path)": lambda x, y: b.from_arrow(x, path=y),
    "from_arrow(path)": lambda x, y: b.from_arrow(b.to_arrow(SMALL), path=x),
    "write_parquet(timeline, file)": b.write_parquet,
    "read_parquet(path, limits)": lambda x, y: b.read_parquet(x, limits=y),
    "from_parquet(data, path)": lambda x, y: b.from_parquet(x, path=y),
    "from_parquet(path)": lambda x, y: b.from_parquet(
        _written(lambda file: b.write_parquet(SMALL, file)), path=x
    ),
    "read_parquet(limits)": lambda x, y: b.read_parquet(
        _file("in.parquet", _written(lambda file: b.write_parquet(SMALL, file))), limits=x
    ),
    # The pictures, the page, the story, the text.
    "to_svg(timeline, title)": lambda x, y: b.to_svg(x, title=y),
    "to_svg(width)": lambda x, y: b.to_svg(SMALL, width=x),
    "write_svg(timeline, file)": b.write_svg,
    "write_svg(title, width)": lambda x, y: _written(
        lambda file: b.write_svg(SMALL, file, title=x, width=y)
    ),
    "to_timelinejs(timeline)": lambda x, y: b.to_timelinejs(x),
    "to_timelinejs_document(timeline)": lambda x, y: to_timelinejs_document(x),
    "write_timelinejs(timeline, file)": b.write_timelinejs,
    "from_timelinejs(text, path)": lambda x, y: b.from_timelinejs(x, path=y),
    "from_timelinejs(tz, limits)": lambda x, y: b.from_timelinejs(TIMELINEJS, tz=x, limits=y),
    "read_timelinejs(path, tz)": lambda x, y: b.read_timelinejs(x, tz=y),
    "read_timelinejs(limits)": lambda x, y: b.read_timelinejs(
        _file("in.timelinejs.json", TIMELINEJS.encode()), limits=x
    ),
    "PageLinks(name, https)": lambda x, y: b.PageLinks(x, https=y),
    "PageLinks(webcal)": lambda x, y: b.PageLinks("bri", webcal=x),
    "PageLinks.file(suffix)": lambda x, y: b.PageLinks("bri").file(x),
    "to_html(timeline, svg)": lambda x, y: b.to_html(x, svg=y),
    "to_html(links)": lambda x, y: b.to_html(SMALL, links=x),
    "write_html(timeline, file)": b.write_html,
    "write_html(svg, links)": lambda x, y: _written(
        lambda file: b.write_html(SMALL, file, svg=x, links=y)
    ),
    "to_text(timeline)": lambda x, y: b.to_text(x),
    "write_text(timeline, file)": b.write_text,
    "event_text(event)": lambda x, y: event_text(x),
    "pairs_text(timeline, certain)": lambda x, y: pairs_text(x, certain=y),
    # CalDAV sync: nothing listens on port 1, so a call that passes every check fails to connect.
    "sync(timeline, url)": lambda x, y: b.sync(x, y, state="state.json"),
    "sync(state, credentials)": lambda x, y: b.sync(SMALL, NOWHERE, state=x, credentials=y),
    "sync(feed, dry_run)": lambda x, y: b.sync(SMALL, NOWHERE, state="s.json", feed=x, dry_run=y),
    "sync(overwrite, timeout)": lambda x, y: b.sync(
        SMALL, NOWHERE, state="s.json", overwrite=x, timeout=y
    ),
    "Credentials(user, password)": b.Credentials,
    "SyncAction(kind, uid)": b.SyncAction,
    "SyncAction(reason)": lambda x, y: b.SyncAction("create", "a@b", x),
    "SyncReport(url, actions)": lambda x, y: b.SyncReport(x, y, 0, 0),
    "SyncReport(unchanged, requests)": lambda x, y: b.SyncReport("http://h/", (), x, y),
    "SyncReport(dry_run)": lambda x, y: b.SyncReport("http://h/", (), 0, 0, x),
    "SyncReport.uids(kind)": lambda x, y: b.SyncReport("http://h/", (), 0, 0).uids(x),
    # The Hypothesis strategies: built (and validated), not drawn from.
    "strategies.time_zones()": lambda x, y: strategies.time_zones().validate(),
    "strategies.recurrences(all_day, endless)": lambda x, y: strategies.recurrences(
        all_day=x, endless=y
    ).validate(),
    "strategies.aware_datetimes(min_year, max_year)": lambda x, y: strategies.aware_datetimes(
        min_year=x, max_year=y
    ).validate(),
    "strategies.aware_datetimes(whole_seconds)": lambda x, y: strategies.aware_datetimes(
        whole_seconds=x
    ).validate(),
    "strategies.timed_spans(min_year, whole_seconds)": lambda x, y: strategies.timed_spans(
        min_year=x, whole_seconds=y
    ).validate(),
    "strategies.timed_spans(max_year)": lambda x, y: strategies.timed_spans(max_year=x).validate(),
    "strategies.all_day_spans(min_year, max_year)": lambda x, y: strategies.all_day_spans(
        min_year=x, max_year=y
    ).validate(),
    "strategies.partial_dates(min_year, max_year)": lambda x, y: strategies.partial_dates(
        min_year=x, max_year=y
    ).validate(),
    "strategies.open_ended(min_year, max_year)": lambda x, y: strategies.open_ended(
        min_year=x, max_year=y
    ).validate(),
    "strategies.floating_spans(min_year, whole_seconds)": lambda x, y: _drawn(
        strategies.floating_spans, min_year=x, whole_seconds=y
    ),
    "strategies.floating_spans(max_year)": lambda x, y: _drawn(
        strategies.floating_spans, max_year=x
    ),
    "strategies.times(min_year, max_year)": lambda x, y: strategies.times(
        min_year=x, max_year=y
    ).validate(),
    "strategies.edtf_texts(min_year, deep)": lambda x, y: _drawn(
        strategies.edtf_texts, min_year=x, deep=y
    ),
    "strategies.edtf_texts(max_year)": lambda x, y: _drawn(strategies.edtf_texts, max_year=x),
    "strategies.vague_times(max_year, deep)": lambda x, y: _drawn(
        strategies.vague_times, max_year=x, deep=y
    ),
    "strategies.vague_times(min_year)": lambda x, y: _drawn(strategies.vague_times, min_year=x),
    "strategies.windows(timeline, min_year)": lambda x, y: strategies.windows(
        x, min_year=y
    ).validate(),
    "strategies.windows(max_year)": lambda x, y: strategies.windows(max_year=x).validate(),
    "strategies.time_pairs(first, min_year)": lambda x, y: strategies.time_pairs(
        x, min_year=y
    ).validate(),
    "strategies.time_pairs(max_year)": lambda x, y: strategies.time_pairs(max_year=x).validate(),
    "strategies.event_pairs(time, brief)": lambda x, y: strategies.event_pairs(
        time=x, brief=y
    ).validate(),
    "strategies.events(time, brief)": lambda x, y: strategies.events(time=x, brief=y).validate(),
    "strategies.overridden(event)": lambda x, y: strategies.overridden(x).validate(),
    "strategies.texts(min_size, max_size)": lambda x, y: strategies.texts(
        min_size=x, max_size=y
    ).validate(),
    "strategies.organizers()": lambda x, y: strategies.organizers().validate(),
    "strategies.attendees()": lambda x, y: strategies.attendees().validate(),
    "strategies.alarms()": lambda x, y: strategies.alarms().validate(),
    "strategies.attachments()": lambda x, y: strategies.attachments().validate(),
    "strategies.conferences()": lambda x, y: strategies.conferences().validate(),
    "strategies.timelines(max_size, event)": lambda x, y: strategies.timelines(
        max_size=x, event=y
    ).validate(),
}


@pytest.mark.parametrize("name", sorted(CALLS))
@given(x=ANYTHING, y=ANYTHING)
def test_every_entry_point_returns_or_raises_a_timeline_error(name: str, x: Any, y: Any) -> None:
    try:
        CALLS[name](x, y)
    except b.TimelineError as error:
        message = str(error)  # a message, and one that can be made
        assert message
        record("Python API: anything in any argument", "clear error")
    else:
        record("Python API: anything in any argument", "handled")


# The public modules whose __all__ the fuzz must cover, and the prefix of their names in
# CALLS: the package and each format's package, and the strategies.
PUBLIC = {
    b: "",
    **{
        importlib.import_module(f"{formats.__name__}.{module.name}"): ""
        for module in pkgutil.iter_modules(formats.__path__)
        if not module.name.startswith("_")
    },
    strategies: "strategies.",
}
KEY = re.compile(r"(?P<name>[\w.]+)\((?P<arguments>[\w, ]*)\)")


def _is_checked(value: object) -> bool:
    """Whether a public name is a callable whose arguments the library must check.

    Not the errors (the library builds them) nor the enums (``Frequency("x")`` is
    the enum protocol's own ValueError), nor constants.
    """
    if isinstance(value, type):
        return not issubclass(value, BaseException | enum.Enum)
    return callable(value)


def public_callables() -> dict[str, Callable[..., object]]:
    """Every public function and class, and every public method of those classes, by name."""
    found: dict[str, Callable[..., object]] = {}
    for module, prefix in PUBLIC.items():
        for name in module.__all__:
            value = getattr(module, name)
            if not _is_checked(value):
                continue
            found[prefix + name] = value
            if isinstance(value, type):
                for attribute in vars(value):
                    method = getattr(value, attribute)
                    if not attribute.startswith("_") and _is_checked(method):
                        found[f"{prefix}{name}.{attribute}"] = method
    return found


def _arguments(function: Callable[..., object]) -> set[str]:
    parameters = inspect.signature(function).parameters
    return {name for name in parameters if name not in ("self", "cls")}


def test_every_public_argument_is_fuzzed() -> None:
    public = public_callables()
    fuzzed: dict[int, set[str]] = {}
    for key in CALLS:
        if (match := KEY.fullmatch(key)) is not None:
            assert match["name"] in public, f"{key}: {match['name']} is not public"
            given_ = {name.strip() for name in match["arguments"].split(",") if name.strip()}
            fuzzed.setdefault(id(public[match["name"]]), set()).update(given_)
    missing = {
        name: sorted(_arguments(function) - fuzzed[id(function)])
        if id(function) in fuzzed
        else "not called"
        for name, function in public.items()
        if id(function) not in fuzzed or _arguments(function) - fuzzed[id(function)]
    }
    assert missing == {}


COMMANDS = [
    "list",
    "show",
    "overlaps",
    "plot",
    "export",
    "convert",
    "import",
    "free",
    "diff",
    "merge",
]
OPTIONS = [
    "--from", "--to", "--category", "--data", "--title", "--width", "--tz", "-o", "--format",
    "--strict", "--report",
    "--min-minutes", "--on-conflict",
]  # fmt: skip
VALUES = [
    "-",
    "2024",
    "2024-11",
    "2024-11-14",
    "2024-02-30",
    "0000",
    "9999",
    "99999",
    "18XX",
    "2009/..",
    "apec-summit-2024",
    "nope",
    "America",
    "localtime",
    "Asia/Kathmandu",
    "-5",
    "100000000000000000000",
    "{tmp}",
    "{tmp}/out.ics",
    "{tmp}/out.svg",
    "{tmp}/missing/x",
    "{tmp}/bad.toml",
    "{tmp}/bad.ics",
    "{tmp}/good.ics",
    "{tmp}/out.jcal",
    "{tmp}/out.timelinejs.json",
    "ics",
    "jcal",
    "toml",
    "timelinejs",
    "/dev/null",
    "\u202e\x07",
    "x" * 300,
]


@st.composite
def command_lines(draw: st.DrawFn) -> list[str]:
    """A command, then options with values, a positional and a flag, in any order."""
    argv = [draw(st.sampled_from(COMMANDS))]
    for option in draw(st.lists(st.sampled_from(OPTIONS), max_size=4)):
        argv += [option, draw(st.sampled_from(VALUES))]
    if draw(st.booleans()):
        argv.append(draw(st.sampled_from(VALUES)))
    if draw(st.booleans()):
        argv.append("--certain")
    return argv


@given(command_lines())
def test_command_line_arguments_give_output_or_one_line_of_error(tokens: list[str]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        Path(folder, "bad.toml").write_text('[[events]]\nid = "x"\nwhen = 1\n', encoding="utf-8")
        Path(folder, "bad.ics").write_bytes(b"BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\n")
        Path(folder, "good.ics").write_bytes(b.to_ics(SMALL))
        argv = [token.format(tmp=folder) for token in tokens]
        out, err = io.StringIO(), io.StringIO()
        stdin = io.TextIOWrapper(io.BytesIO(b.to_ics(SMALL)))  # what '-' reads: never the terminal
        with (
            mock.patch.object(sys, "stdin", stdin),
            contextlib.redirect_stdout(out),
            contextlib.redirect_stderr(err),
        ):
            try:
                code: object = main(argv)
            except SystemExit as exit_:  # argparse: a usage message, status 2
                code = exit_.code
    assert code in (0, 1, 2), code
    if code == 2 and argv[0] == "diff" and err.getvalue().startswith("bri-timeline: error: "):
        assert err.getvalue().count("\n") == 1  # diff's trouble: status 2, as diff(1)'s
    if code == 1 and not (argv[0] == "diff" and not err.getvalue()):  # diff: 1 = they differ
        message = err.getvalue()
        assert message.startswith("bri-timeline: error: ")
        assert message.count("\n") == 1, message
    record("CLI: any arguments", "handled" if code == 0 else "clear error")
