"""Exports as Google Calendar, Outlook/Exchange, Apple Calendar and Thunderbird write them.

Each file in ``tests/vendors/`` is written the way that application writes its
exports, quirks and all:

* Google: ``X-WR-TIMEZONE``, an empty ``LOCATION:``, a series with an EXDATE, a
  moved and a cancelled occurrence, attendees with ``X-NUM-GUESTS``, a
  ``DURATION``-less all-day event.
* Outlook/Exchange: Windows zone names with their own VTIMEZONE (rules from
  1601), UIDs of 112 hex digits, an UNTIL in UTC against a local start, the
  ``X-MICROSOFT-CDO-*`` properties, a moved occurrence.
* Apple: properties in no particular order, ``X-APPLE-STRUCTURED-LOCATION`` with
  quoted parameters, an alarm with its own UID and ``ACKNOWLEDGED``, an endless
  yearly all-day event.
* Thunderbird: VTIMEZONE offsets with seconds (``+010000``), ``X-MOZ-*``
  properties, an EXDATE in UTC against a local series, a moved occurrence.

Each is read as the reference (icalendar with recurring-ical-events) reads it,
and goes out again with its own UIDs, its changed occurrences and its ``X-``
properties, so that the reference reads our export as it read the original.
"""

from __future__ import annotations

from pathlib import Path

import icalendar
import pytest
from tests._ics_corpus import agrees, occurrences, reference_of, window

from bri_timeline import from_ics, to_ics

VENDORS = sorted((Path(__file__).parent / "vendors").glob("*.ics"))


def test_every_vendor_is_there() -> None:
    assert [path.stem for path in VENDORS] == ["apple", "google", "outlook", "thunderbird"]


@pytest.mark.parametrize("path", VENDORS, ids=lambda path: path.stem)
def test_read_as_the_reference_reads_it(path: Path) -> None:
    data = path.read_bytes()
    expected = reference_of(data).occurrences
    assert expected, "the reference reads the file"
    assert agrees(expected, occurrences(from_ics(data, window=window())))


@pytest.mark.parametrize("path", VENDORS, ids=lambda path: path.stem)
def test_goes_out_again_as_it_came(path: Path) -> None:
    data = path.read_bytes()
    timeline = from_ics(data)
    exported = to_ics(timeline)
    # The same occurrences under the same UIDs: a calendar that had the file sees no copy.
    assert reference_of(exported).occurrences == reference_of(data).occurrences
    assert from_ics(exported) == timeline
    original = icalendar.Calendar.from_ical(data)
    again = icalendar.Calendar.from_ical(exported)
    for before, after in zip(_events(original), _events(again), strict=True):
        for name in ("UID", "RECURRENCE-ID", "SEQUENCE"):
            assert _text(before, name) == _text(after, name)
        kept = {key for key in before if key.startswith("X-")}
        assert {key: before[key] for key in kept} == {key: after.get(key) for key in kept}


def _events(calendar: icalendar.Component) -> list[icalendar.Component]:
    found = calendar.walk("VEVENT")
    return sorted(found, key=lambda item: (str(item["UID"]), _text(item, "RECURRENCE-ID")))


def _text(component: icalendar.Component, name: str) -> str:
    value = component.get(name)
    return "" if value is None else value.to_ical().decode()
