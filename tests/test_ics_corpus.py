"""The real calendars icalendar and recurring-ical-events ship, read as the reference reads them.

Every .ics file inside the installed icalendar and recurring_ical_events packages
(their own test suites: Google, Outlook, Apple and Thunderbird exports, and files
made to break readers) is read by ``read_ics`` and by the reference, icalendar
with recurring-ical-events, over one fixed window (``tests/_ics_corpus.py``). The
two must give the same set of (UID, start instant) pairs, unless the file is in
:data:`KNOWN`, the short list of the differences we know of, each with its
reason. A file on that list that comes to be read alike fails too, so that the
list only ever shrinks. A file that the reference itself refuses is refused by
us with one ICalendarError of one line, or read.

``benchmarks/corpus.py`` prints the same comparison for every file.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from tests._ics_corpus import Ours, agrees, corpus_files, corpus_name, ours, reference

from bri_timeline import ICalendarError

FILES = corpus_files()

# Why we read a file otherwise than the reference, by reason; each file once.
_REASONS: dict[str, tuple[str, ...]] = {
    "has no VCALENDAR": (
        "icalendar/tests/alarms/example.ics",
        "icalendar/tests/alarms/rfc_5545_absolute_alarm_example.ics",
        "icalendar/tests/alarms/rfc_5545_end.ics",
        "icalendar/tests/alarms/start_date.ics",
        "icalendar/tests/availabilities/rfc_7953_1.ics",
        "icalendar/tests/availabilities/rfc_7953_2.ics",
        "icalendar/tests/calendars/big_bad_calendar.ics",
        "icalendar/tests/calendars/fuzz_testcase_0_char_in_component_name.ics",
        "icalendar/tests/calendars/issue_178_component_with_invalid_name_represented.ics",
        "icalendar/tests/calendars/issue_178_custom_component_contains_other.ics",
        "icalendar/tests/calendars/pr_480_summary_with_colon.ics",
        "icalendar/tests/calendars/small_bad_calendar.ics",
        "icalendar/tests/events/event_with_recurrence.ics",
        "icalendar/tests/events/event_with_recurrence_exdates_on_different_lines.ics",
        "icalendar/tests/events/event_with_unicode_fields.ics",
        "icalendar/tests/events/issue_101_icalendar_chokes_on_umlauts_in_organizer.ics",
        "icalendar/tests/events/issue_104_mark_events_broken.ics",
        "icalendar/tests/events/issue_112_missing_tzinfo_on_exdate.ics",
        "icalendar/tests/events/issue_156_RDATE_with_PERIOD.ics",
        "icalendar/tests/events/issue_156_RDATE_with_PERIOD_list.ics",
        "icalendar/tests/events/issue_157_removes_trailing_semicolon.ics",
        "icalendar/tests/events/issue_184_broken_representation_of_period.ics",
        "icalendar/tests/events/issue_355_url_escaping.ics",
        "icalendar/tests/events/issue_355_url_escaping_2.ics",
        "icalendar/tests/events/issue_53_description_parsed_properly.ics",
        "icalendar/tests/events/issue_70_rrule_causes_attribute_error.ics",
        "icalendar/tests/events/rfc_7265_example_4.ics",
        "icalendar/tests/events/rfc_9074_example_1.ics",
        "icalendar/tests/events/rfc_9074_example_2.ics",
        "icalendar/tests/events/rfc_9074_example_3.ics",
        "icalendar/tests/events/rfc_9074_example_4.ics",
        "icalendar/tests/freebusy/example.ics",
        "icalendar/tests/journals/example.ics",
        "icalendar/tests/timezones/issue_237_brazilia_standard.ics",
        "icalendar/tests/timezones/issue_53_tzid_parsed_properly.ics",
        "icalendar/tests/timezones/issue_55_parse_error_on_utc_offset_with_seconds.ics",
        "icalendar/tests/timezones/pacific_fiji.ics",
        "icalendar/tests/todos/example.ics",
    ),
    "property UID: is required": (
        "icalendar/tests/calendars/issue_156_RDATE_with_PERIOD_TZID_khal.ics",
        "icalendar/tests/calendars/issue_237_fail_to_parse_timezone_with_non_ascii_tzid.ics",
        "icalendar/tests/calendars/issue_722_missing_VTIMEZONE_custom.ics",
        "recurring_ical_events/test/calendars/duration.ics",
        "recurring_ical_events/test/calendars/issue_107_omitting_last_event.ics",
        "recurring_ical_events/test/calendars/issue_113_period_rdate_duration.ics",
        "recurring_ical_events/test/calendars/issue_117_until_before_dtstart.ics",
        "recurring_ical_events/test/calendars/issue_128_only_first_event.ics",
        "recurring_ical_events/test/calendars/issue_15_duplicated_events.ics",
        "recurring_ical_events/test/calendars/rdate.ics",
        "recurring_ical_events/test/calendars/rdate2.ics",
        "recurring_ical_events/test/calendars/rdate_hackerpublicradio.ics",
    ),
    "property LAST-MODIFIED: must be a UTC date-time": (
        "recurring_ical_events/test/calendars/issue_223_one_event_with_sequence.ics",
        "recurring_ical_events/test/calendars/one_day_event.ics",
        "recurring_ical_events/test/calendars/one_day_event_repeat_every_day.ics",
        "recurring_ical_events/test/calendars/one_event.ics",
        "recurring_ical_events/test/calendars/one_event_repeat_every_3_days.ics",
        "recurring_ical_events/test/calendars/several_events_at_the_same_time.ics",
        "recurring_ical_events/test/calendars/three_events.ics",
        "recurring_ical_events/test/calendars/zero_size_event.ics",
    ),
    "property UID: is the UID of two events": (
        "recurring_ical_events/test/calendars/alarm_absolute_edited.ics",
        "recurring_ical_events/test/calendars/issue_148_edge_case_1.ics",
        "recurring_ical_events/test/calendars/issue_148_edge_case_2.ics",
        "recurring_ical_events/test/calendars/issue_148_exdate_and_rdate_updated.ics",
        "recurring_ical_events/test/calendars/issue_148_ignored_exdate.ics",
        "recurring_ical_events/test/calendars/issue_163_deleted_modification.ics",
    ),
    "property ORGANIZER: must be a URI": (
        "recurring_ical_events/test/calendars/issue_148_exdate_and_rdate_unedited.ics",
        "recurring_ical_events/test/calendars/issue_253_additional_recurrence_id.ics",
        "recurring_ical_events/test/calendars/issue_253_edge_case_1.ics",
        "recurring_ical_events/test/calendars/issue_253_recurrence_id_included.ics",
        "recurring_ical_events/test/calendars/issue_61_time_zone_error.ics",
    ),
    "classification: must be a Classification (PUBLIC, PRIVATE, CONFIDENTIAL) or an X- token": (
        "recurring_ical_events/test/calendars/duration_edited.ics",
        "recurring_ical_events/test/calendars/issue_18_cancel_status.ics",
        "recurring_ical_events/test/calendars/three_events_one_edited.ics",
    ),
    "differ": (
        "icalendar/tests/calendars/issue_466_respect_unique_timezone.ics",
        "recurring_ical_events/test/calendars/issue_75_range_parameter.ics",
    ),
    "property CREATED: must be a UTC date-time": (
        "recurring_ical_events/test/calendars/each_week_but_one_deleted.ics",
        "recurring_ical_events/test/calendars/each_week_but_two_deleted.ics",
    ),
    "property RECURRENCE-ID: must be a date, as the DTSTART of its series is": (
        "recurring_ical_events/test/calendars/issue_28_rrule_with_UTC_endinginZ.ics",
        "recurring_ical_events/test/calendars/issue_36_recurrence_ID_format.ics",
    ),
    "property RDATE: is a floating time: give the calendar's zone (X-WR-TIMEZONE or tz)": (
        "icalendar/tests/calendars/issue_1633_rdate_with_dates.ics",
    ),
    "property RRULE: recurrence.frequency: FREQ is required": (
        "recurring_ical_events/test/calendars/Germany_Holidays.ics",
    ),
    "property DTEND: must not be before DTSTART 2019-03-04T08:30:00+01:00": (
        "recurring_ical_events/test/calendars/end_before_start_event.ics",
    ),
    "property DTEND: must not be before DTSTART 2023-12-18T23:45:00+01:00": (
        "recurring_ical_events/test/calendars/issue_132_swapped_start_and_end.ics",
    ),
    "property RECURRENCE-ID: names one occurrence twice, with the same SEQUENCE": (
        "recurring_ical_events/test/calendars/issue_164_duplicated_event.ics",
    ),
    "property VALARM: must have a TRIGGER": (
        "recurring_ical_events/test/calendars/issue_186_invalid_trigger.ics",
    ),
    "property DTEND: must be a DATE, as DTSTART is": (
        "recurring_ical_events/test/calendars/issue_201_mixed_datetime_and_date.ics",
    ),
    "property DTEND: is a floating time: give the calendar's zone (X-WR-TIMEZONE or tz)": (
        "recurring_ical_events/test/calendars/issue_201_test_matrix.ics",
    ),
    "property DTSTART: is a floating time: give the calendar's zone (X-WR-TIMEZONE or tz)": (
        "recurring_ical_events/test/calendars/issue_243_recurrence_id_is_not_identical_to_dtstart.ics",
    ),
}

KNOWN: dict[str, str] = {name: reason for reason, names in _REASONS.items() for name in names}
"""The files we do not read as the reference does, each with its reason."""


def test_the_corpus_is_there() -> None:
    # Both packages ship their test calendars; a release that stopped would empty the test.
    names = [corpus_name(path) for path in FILES]
    assert sum(name.startswith("icalendar/") for name in names) > 100
    assert sum(name.startswith("recurring_ical_events/") for name in names) > 50


def test_the_known_differences_are_few_and_real() -> None:
    names = {corpus_name(path) for path in FILES}
    assert not set(KNOWN) - names, "a known difference names a file that is not there"
    assert sum(len(names) for names in _REASONS.values()) == len(KNOWN), "a file is listed twice"


@pytest.mark.parametrize("path", FILES, ids=corpus_name)
def test_each_file_is_read_as_the_reference_reads_it(path: Path) -> None:
    name = corpus_name(path)
    theirs = reference(path)
    mine = ours(path)
    if theirs.occurrences is None:
        # The reference refuses it: we refuse it too, in one line, or read it.
        if isinstance(mine, ICalendarError):
            assert "\n" not in str(mine)
        return
    alike = isinstance(mine, Ours) and agrees(theirs.occurrences, mine)
    if name in KNOWN:
        assert not alike, f"{name} is read alike now: take it off KNOWN"
        return
    assert not isinstance(mine, BaseException), f"{name}: we refuse it: {mine}"
    assert alike, f"{name}: our occurrences differ from the reference's"
