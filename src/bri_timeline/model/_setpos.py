"""The most starts one period of a rule can hold: a BYSETPOS past it never matches.

Part of :mod:`bri_timeline.model.rrule` (and of the iCalendar reader's own walk of
the rules no one Recurrence holds). A rule whose BYSETPOS no period reaches gives
nothing, period after period, and the guard of a walk
(``Limits.max_empty_months``) counts months: for ``FREQ=MINUTELY;BYSECOND=1,2;
BYSETPOS=-3`` that is half a billion empty minutes before it gives up. Such a
rule is refused when it is read, before any walk.

The bound is the period's most days times the values of each finer time part
(one when a part is not given): a day, an hour, a minute or a second holds the
same starts in every period the walk does not skip, so for those frequencies it
is exact; a month, a week or a year varies, and their walk meets a month or a
year at a time, which the guard counts.

>>> largest_set("HOURLY", {"BYMINUTE": 2})
2
>>> largest_set("MONTHLY", {"BYHOUR": 2, "BYMINUTE": 3})
186
>>> setpos_problem("MINUTELY", {"BYSECOND": 2}, [-3])
'BYSETPOS never matches: a period of this rule holds at most 2 starts'
>>> setpos_problem("MINUTELY", {"BYSECOND": 2}, [-3, 1]) is None
True
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

__all__ = ["largest_set", "setpos_problem"]

_DAYS = {"YEARLY": 366, "MONTHLY": 31, "WEEKLY": 7}
_TIMES = ("BYHOUR", "BYMINUTE", "BYSECOND")
_FINER = {"HOURLY": _TIMES[1:], "MINUTELY": _TIMES[2:], "SECONDLY": ()}


def largest_set(frequency: str, sizes: Mapping[str, int]) -> int:
    """The most starts a period of ``FREQ=frequency`` holds.

    Args:
        frequency: The FREQ value (``"DAILY"``); an unknown one is taken as a year.
        sizes: How many values each BY part holds (``{"BYHOUR": 2}``), by its RRULE name.
    """
    days = 1 if frequency in ("DAILY", *_FINER) else _DAYS.get(frequency, 366)
    size = days
    for name in _FINER.get(frequency, _TIMES):
        size *= max(sizes.get(name, 0), 1)
    return size


def setpos_problem(
    frequency: str, sizes: Mapping[str, int], positions: Iterable[int]
) -> str | None:
    """Why a BYSETPOS never matches (every position is past :func:`largest_set`), or None."""
    positions = list(positions)
    largest = largest_set(frequency, sizes)
    if not positions or any(abs(position) <= largest for position in positions):
        return None
    starts = "start" if largest == 1 else "starts"
    return f"BYSETPOS never matches: a period of this rule holds at most {largest} {starts}"
