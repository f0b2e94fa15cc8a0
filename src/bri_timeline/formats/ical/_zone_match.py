"""The IANA zone whose clock a file's own VTIMEZONE keeps, for a TZID that is no IANA name.

Part of :mod:`bri_timeline.formats.ical.read`. An export may define its zone under
a name of its own (``/Europe/CUSTOM``, Exchange's ``Customized Time Zone``) with
the rules of a real one. The model's zones are IANA zones, so such a time would
otherwise be kept at its UTC instant only, and a weekly series would keep its UTC
time across a change of clock where the file keeps its wall time. Instead the
zone is read as the IANA zone whose UTC offsets are the VTIMEZONE's on every day
from the day it is first used to 2037, and at every hour of each day its offset
changes: the same clock, so the same occurrences. Zones of the same area as the
TZID (``Europe`` in ``/Europe/CUSTOM``) are tried first, then the others in
order of their names, so the choice is the same on every run. icalendar has
already turned the VTIMEZONE into a tzinfo (with dateutil's ``tzical``): that is
the clock compared.

>>> from datetime import date, timedelta, timezone
>>> matching_zone(timezone(timedelta(hours=5, minutes=45)), "My Nepal", date(2024, 7, 4)).key
'Asia/Kathmandu'
>>> matching_zone(timezone(timedelta(hours=5, minutes=31)), "Nowhere", date(2024, 7, 4)) is None
True
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from functools import cache
from zoneinfo import ZoneInfo, available_timezones

__all__ = ["LAST_YEAR", "matching_zone"]

LAST_YEAR = 2037
"""The last year whose offsets are compared."""

_SKIPPED = ("Etc/", "SystemV/", "posix/", "right/")  # aliases of fixed offsets, or not zones
_DAY = timedelta(days=1)
_HOUR = timedelta(hours=1)


@cache
def _zones() -> tuple[ZoneInfo, ...]:
    names = (name for name in available_timezones() if "/" in name)
    return tuple(ZoneInfo(name) for name in sorted(names) if not name.startswith(_SKIPPED))


def _offset(zone: tzinfo, instant: datetime) -> timedelta | None:
    return instant.astimezone(zone).utcoffset()


def _instants(zone: tzinfo, first: date) -> Iterator[datetime]:
    """Noon UTC of each day from ``first`` to 2037, and each hour around an offset's change.

    The hours are those of the day before the change was seen, and of its day.
    """
    day = datetime.combine(first, time(12), tzinfo=UTC)
    end = datetime(LAST_YEAR + 1, 1, 1, 12, tzinfo=UTC)
    before = _offset(zone, day)
    while day < end:
        offset = _offset(zone, day)
        if offset != before:
            start = day - _DAY
            yield from (start + n * _HOUR for n in range(25))
            before = offset
        yield day
        day += _DAY


def matching_zone(defined: tzinfo, tzid: str, first: date) -> ZoneInfo | None:
    """The IANA zone with ``defined``'s offsets from ``first`` to 2037, or None.

    Args:
        defined: The clock the file's VTIMEZONE defines.
        tzid: Its TZID, whose words choose which zones are tried first.
        first: The first day compared (that of the zone's first use; a VTIMEZONE
            need not say what came before).
    """
    first = min(max(first, date(1, 1, 2)), date(LAST_YEAR, 12, 31))
    instants = list(_instants(defined, first))
    expected = [_offset(defined, instant) for instant in instants]
    samples = list(range(0, len(instants), max(1, len(instants) // 8)))
    words = tzid.lower()
    zones = sorted(_zones(), key=lambda zone: zone.key.split("/")[0].lower() not in words)
    for zone in zones:
        if any(_offset(zone, instants[n]) != expected[n] for n in samples):
            continue
        if all(_offset(zone, at) == offset for at, offset in zip(instants, expected, strict=True)):
            return zone
    return None
