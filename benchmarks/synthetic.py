"""A seeded generator of synthetic timelines for the benchmarks.

N events at a constant density of about ten a day (so a 7-day window holds
about the same number of events whatever N is): 70% timed, in three time zones,
lasting 15 minutes to 4 hours; 30% all-day, lasting 1 to 3 days; about one
title in five holds non-ASCII text.
"""

from __future__ import annotations

import random
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from bri_timeline import AllDay, Event, TimeSpan

ZONES = (ZoneInfo("America/Lima"), ZoneInfo("Asia/Shanghai"), ZoneInfo("Europe/Madrid"))
FIRST_DAY = date(2000, 1, 1)
PER_DAY = 10
WORDS = ("meeting", "summit", "port", "trade", "forum", "launch", "visit", "talks", "expo")
ACCENTED = ("Perú", "北京", "inauguración", "Chancay—Lima", "São Paulo", "Ñuñoa")


def span_days(count: int) -> int:
    """How many days ``count`` events spread over."""
    return max(1, count // PER_DAY)


def events(count: int, *, seed: int = 2024) -> list[Event]:
    """``count`` synthetic events, the same for the same seed."""
    rng = random.Random(seed)
    days = span_days(count)
    found: list[Event] = []
    for number in range(count):
        day = FIRST_DAY + timedelta(days=rng.randrange(days))
        words = rng.sample(WORDS, 2)
        if rng.random() < 0.2:
            words.append(rng.choice(ACCENTED))
        title = " ".join(words).capitalize()
        if rng.random() < 0.7:
            zone = ZONES[number % 3]
            start = datetime(day.year, day.month, day.day, rng.randrange(7, 20), rng.randrange(60))
            start = start.replace(tzinfo=zone)
            end = start + timedelta(minutes=rng.randrange(15, 241))
            time: TimeSpan | AllDay = TimeSpan(start, end)
        else:
            time = AllDay(day, day + timedelta(days=rng.randrange(3)))
        found.append(Event(f"ev-{number}", title, time, categories=(words[0],)))
    return found


def windows(count: int, total: int, *, seed: int = 7) -> list[tuple[datetime, datetime]]:
    """``count`` random 7-day windows (as UTC datetimes) within the span of ``total`` events."""
    rng = random.Random(seed)
    days = span_days(total)
    found = []
    for _ in range(count):
        start = datetime.combine(
            FIRST_DAY + timedelta(days=rng.randrange(days)), datetime.min.time()
        )
        start = start.replace(tzinfo=ZoneInfo("UTC"))
        found.append((start, start + timedelta(days=7)))
    return found
