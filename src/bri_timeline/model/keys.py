"""The span axis as integers: a key per microsecond, shared by the index, the timeline and SVG.

Every time occupies a half-open span ``[start, end)`` on one axis of
microseconds from 0001-01-01T00:00Z (see :mod:`bri_timeline.model.times`); an
open end is :data:`OPEN_END`, after every closed end. Integer keys compare and
subtract in C, which is what keeps the index and the sweeps fast.

>>> key_to_datetime(instant_key(datetime(2024, 11, 8, 15, tzinfo=UTC)))
datetime.datetime(2024, 11, 8, 15, 0, tzinfo=datetime.timezone.utc)
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

__all__ = ["OPEN_END", "US_PER_DAY", "date_key", "instant_key", "key_to_datetime"]

US_PER_DAY = 86_400_000_000
"""Microseconds in a day: the unit of the span axis is one microsecond."""

OPEN_END = 1 << 62
"""The span end of an open-ended time: after every closed end (year 9999 is about 2**58)."""

_EPOCH = datetime(1, 1, 1, tzinfo=UTC)
_ONE_US = timedelta(microseconds=1)


def instant_key(value: datetime) -> int:
    """Microseconds from 0001-01-01T00:00Z to an aware datetime.

    >>> instant_key(datetime(1, 1, 2, tzinfo=UTC))
    86400000000
    """
    return (value - _EPOCH) // _ONE_US


def date_key(value: date) -> int:
    """Microseconds from 0001-01-01 to the start of a (floating) day, placed on UTC.

    >>> date_key(date(1, 1, 2))
    86400000000
    """
    return (value.toordinal() - 1) * US_PER_DAY


def key_to_datetime(key: int) -> datetime:
    """The UTC datetime at a span key; the inverse of :func:`instant_key`.

    >>> key_to_datetime(instant_key(datetime(2024, 11, 8, 15, tzinfo=UTC)))
    datetime.datetime(2024, 11, 8, 15, 0, tzinfo=datetime.timezone.utc)
    """
    return _EPOCH + timedelta(microseconds=key)
