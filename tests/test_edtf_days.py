"""The shortcut for plain days in from_edtf reads exactly what the general path reads.

A day (``2024-11-13``) or an interval of days (``2024-11-13/2024-11-15``) is read
without the EDTF grammar, for speed (benchmarks/run.py, case csv-read); any other text,
or days that are not real or not in order, goes the general way, which names the part at
fault. These tests hold the two paths to the same result.
"""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bri_timeline import AllDay, EDTFError, InvalidTime, from_edtf
from bri_timeline.model import edtf

SHAPED = st.builds(
    "{}-{}-{}".format,
    st.text("0123456789", min_size=4, max_size=4),
    st.text("0123456789", min_size=2, max_size=2),
    st.text("0123456789", min_size=2, max_size=2),
)
"""Text of a day's shape, mostly not a real day (month 00, day 45, year 0000...)."""
DAY = st.one_of(st.dates().map(date.isoformat), SHAPED)
TEXT = st.one_of(DAY, st.builds("{}/{}".format, DAY, DAY))


def general(text: str) -> object:
    """What the path without the shortcut gives: a time, or the error's message."""
    try:
        return edtf._read_any(text, None, None, "when")
    except (EDTFError, InvalidTime) as error:
        return f"{type(error).__name__}: {error}"


@given(TEXT)
def test_the_shortcut_reads_what_the_general_path_reads(text: str) -> None:
    """It gives the general path's time, and leaves to it exactly the text it refuses."""
    taken, given_ = edtf._plain_days(text), general(text)
    if taken is None:  # an error naming the part at fault, or no day of the calendar
        assert isinstance(given_, str) or not isinstance(given_, AllDay)  # '0000-01-01': Vague
    else:
        assert taken == given_


@given(st.dates(), st.dates())
def test_days_in_order_take_the_shortcut_and_round_trip(first: date, last: date) -> None:
    first, last = min(first, last), max(first, last)
    text = f"{first.isoformat()}/{last.isoformat()}"
    assert edtf._plain_days(text) == AllDay(first, last) == general(text) == from_edtf(text)


@pytest.mark.parametrize(
    "text",
    ["2024-02-30", "0000-01-01", "2024-13-01", "2024-11-15/2024-11-13", "2024-11-13/..", "2024"],
)
def test_other_text_goes_the_general_way(text: str) -> None:
    assert edtf._plain_days(text) is None
