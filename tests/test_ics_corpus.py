"""The real calendars icalendar and recurring-ical-events ship, read as the reference reads them.

Every .ics file inside the installed icalendar and recurring_ical_events packages
(their own test suites: Google, Outlook, Apple and Thunderbird exports, and files
made to break readers) is read by ``read_ics`` and by the reference, icalendar
with recurring-ical-events, over one fixed window (``tests/_ics_corpus.py``). The
two must give the same set of (UID, start instant) pairs, unless the file is in
:data:`KNOWN`, the short list of the differences we know of, each with its
reason. A file on that list that comes to be read alike fails too, so that the
list only ever shrinks, and no file that the reference reads is refused by us,
listed or not. A file that the reference itself refuses is refused by us with
one ICalendarError of one line, or read.

``benchmarks/corpus.py`` prints the same comparison for every file.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from tests._ics_corpus import agrees, corpus_files, corpus_name, ours, reference

from bri_timeline import ICalendarError

FILES = corpus_files()

_UNTIL_BEFORE_START = (
    "an UNTIL before DTSTART: RFC 5545 (3.8.5.3) counts DTSTART as the first occurrence "
    "always, as the model does; recurring-ical-events gives none"
)

# Why we read a file otherwise than the reference, by reason; each file once.
_REASONS: dict[str, tuple[str, ...]] = {
    _UNTIL_BEFORE_START: (
        "recurring_ical_events/test/calendars/issue_117_until_before_dtstart.ics",
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
    # No file that the reference reads is refused by us, listed or not.
    assert not isinstance(mine, BaseException), f"{name}: we refuse it: {mine}"
    alike = agrees(theirs.occurrences, mine)
    if name in KNOWN:
        assert not alike, f"{name} is read alike now: take it off KNOWN"
        return
    assert alike, f"{name}: our occurrences differ from the reference's"
