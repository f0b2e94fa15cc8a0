"""Benchmarks of bri_timeline, each against a baseline measured in the same run.

Run from the repository root (see the README)::

    .venv/bin/python benchmarks/run.py                 # N = 10,000 / 100,000 / 1,000,000
    .venv/bin/python benchmarks/run.py --sizes 10000   # a quick look
    .venv/bin/python benchmarks/run.py --cases export,import,rebuild --sizes 10000,100000

Every case prints its time, its baseline's time and the ratio (ours / baseline:
below 1 is faster than the baseline). Times are the median of ``--repeat``
runs. The machines are shared and noisy: compare ratios, not seconds; with
``--clock cpu`` the times are the process's CPU time, which other processes on
the machine disturb less. The iCalendar cases (export, import, rebuild) run up
to N = 100,000: at 1,000,000 an import takes minutes and gigabytes, and so does
its baseline (``benchmarks/limits.py`` measures that import once, in its ``feed``
case).
"""

from __future__ import annotations

import argparse
import gc
import random
import statistics
import sys
import time
import tracemalloc
from bisect import bisect_left
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from heapq import heappop, heappush
from operator import attrgetter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import attrs
import icalendar
import recurring_ical_events
import synthetic

from bri_timeline import (
    AllDay,
    Event,
    FeedBuilder,
    Recurrence,
    Timeline,
    TimeSpan,
    loads_ics,
    to_ics,
)
from bri_timeline.model.keys import instant_key

WINDOWS = 1000
ICS_MAX = 100_000
"""The iCalendar cases run up to this N (their baselines take minutes beyond)."""
STAMP = datetime(1970, 1, 1, tzinfo=UTC)
CASES = ("build", "windows", "points", "pairs", "export", "import", "rebuild", "repeating")
REPEATING_MAX = 1_000
"""The repeating case holds at most this many rules (its baseline expands each, per query)."""

clock = time.perf_counter


def median_time(work: Callable[[], object], repeat: int) -> float:
    """The median time (wall, or CPU with --clock cpu) of ``repeat`` calls of ``work``, in seconds."""
    times = []
    for _ in range(repeat):
        gc.collect()
        start = clock()
        work()
        times.append(clock() - start)
    return statistics.median(times)


def report(case: str, size: int, ours: float, baseline: str, theirs: float, unit: str = "") -> None:
    ratio = ours / theirs if theirs else float("inf")
    print(
        f"{case:<22} N={size:>9,}  ours {ours * 1e3:>11.3f} ms{unit}  "
        f"{baseline:<34} {theirs * 1e3:>11.3f} ms{unit}  ratio {ratio:>8.3g}",
        flush=True,
    )


def keys_of(events: list[Event]) -> tuple[list[int], list[int]]:
    return [e._start for e in events], [e._end for e in events]


def floor_index(events: list[Event]) -> tuple[list[int], list[int], int]:
    """Plain floor: integer start keys sorted, their ends, and the longest span."""
    pairs = sorted((e._start, e._end) for e in events)
    starts = [s for s, _ in pairs]
    ends = [e for _, e in pairs]
    return starts, ends, max(e - s for s, e in pairs)


def floor_query(starts: list[int], ends: list[int], longest: int, lo: int, hi: int) -> list[int]:
    first = bisect_left(starts, lo - longest + 1)
    stop = bisect_left(starts, hi, first)
    return [i for i in range(first, stop) if ends[i] > lo]


def floor_sweep(starts: list[int], ends: list[int]) -> Iterator[tuple[int, int]]:
    active: list[tuple[int, int]] = []
    for position, start in enumerate(starts):
        while active and active[0][0] <= start:
            heappop(active)
        for _, earlier in active:
            yield earlier, position
        heappush(active, (ends[position], position))


def bench_build(size: int, events: list[Event], repeat: int) -> None:
    shuffled = events[:]
    random.Random(1).shuffle(shuffled)
    ours = median_time(lambda: Timeline(shuffled), repeat)
    starts, _ = keys_of(shuffled)
    plain = median_time(lambda: sorted(starts), repeat)
    report("build (Python)", size, ours, "plain sorted(int keys)", plain)
    order, ids = attrgetter("_order"), attrgetter("id")
    floor = median_time(lambda: (sorted(shuffled, key=order), len(set(map(ids, shuffled)))), repeat)
    report("build (Python)", size, ours, "sort by an int attr + set of ids", floor)
    sort_key = attrgetter("sort_key")
    ours = median_time(lambda: sorted(shuffled, key=sort_key), repeat)
    report("sort by sort_key", size, ours, "plain sorted(int keys)", plain)


def bench_windows(size: int, timeline: Timeline, events: list[Event], repeat: int) -> None:
    windows = [TimeSpan(a, b) for a, b in synthetic.windows(WINDOWS, size)]
    timeline.overlapping(windows[0])  # the index is built once, on first use
    ours = median_time(lambda: [timeline.overlapping(w) for w in windows], repeat) / WINDOWS
    starts, ends, longest = floor_index(events)
    spans = [(w._start, w._end) for w in windows]
    floor = median_time(
        lambda: [floor_query(starts, ends, longest, lo, hi) for lo, hi in spans], repeat
    )
    report("window 7d (per query)", size, ours, "plain bisect floor", floor / WINDOWS)
    few = spans[:20]
    brute = median_time(
        lambda: [[e for e in events if e._start < hi and e._end > lo] for lo, hi in few], 1
    )
    report("window 7d (per query)", size, ours, "brute-force filter", brute / len(few))
    if size <= 100_000:
        bench_ics_py(size, ours, events, windows)


def bench_ics_py(size: int, ours: float, events: list[Event], windows: list[TimeSpan]) -> None:
    try:
        import ics
    except ImportError:
        print("  (ics-py not installed: pip install ics==0.7.3 for its timeline baseline)")
        return
    calendar = ics.Calendar()
    for event in events:
        item = ics.Event(name=event.title, uid=event.id)
        if isinstance(event.time, TimeSpan):
            item.begin, item.end = event.time.start, event.time.end
        else:
            assert isinstance(event.time, AllDay)
            item.begin = event.time.first.isoformat()
            item.make_all_day()
            item.end = event.time.end.isoformat()
        calendar.events.add(item)
    few = windows[:3] if size > 10_000 else windows[:10]
    theirs = median_time(
        lambda: [list(calendar.timeline.overlapping(w.start, w.end)) for w in few], 1
    ) / len(few)
    report("window 7d (per query)", size, ours, "ics-py 0.7.3 timeline.overlapping", theirs)


def bench_points(size: int, timeline: Timeline, events: list[Event], repeat: int) -> None:
    rng = random.Random(3)
    days = [
        synthetic.FIRST_DAY + timedelta(days=rng.randrange(synthetic.span_days(size)))
        for _ in range(WINDOWS)
    ]
    moments = [datetime(d.year, d.month, d.day, rng.randrange(24), tzinfo=UTC) for d in days]
    starts, ends, longest = floor_index(events)
    ours = median_time(lambda: [timeline.at(m) for m in moments], repeat) / WINDOWS
    keys = [instant_key(m) for m in moments]
    floor = median_time(
        lambda: [floor_query(starts, ends, longest, k, k + 1) for k in keys], repeat
    )
    report("at (per query)", size, ours, "plain bisect floor", floor / WINDOWS)
    ours = median_time(lambda: [timeline.on(d) for d in days], repeat) / WINDOWS
    spans = [(AllDay(d)._start, AllDay(d)._end) for d in days]
    floor = median_time(
        lambda: [floor_query(starts, ends, longest, lo, hi) for lo, hi in spans], repeat
    )
    report("on (per query)", size, ours, "plain bisect floor", floor / WINDOWS)


def bench_pairs(size: int, timeline: Timeline, repeat: int) -> None:
    ours = median_time(lambda: sum(1 for _ in timeline.overlapping_pairs()), repeat)
    starts, ends = keys_of(list(timeline))
    plain = median_time(lambda: sum(1 for _ in floor_sweep(starts, ends)), repeat)
    report("all overlapping pairs", size, ours, "plain sweep over int keys", plain)
    # Kept, the pairs are objects the garbage collector walks, with every event they hold.
    ours = median_time(lambda: list(timeline.overlapping_pairs()), 1)
    plain = median_time(lambda: list(floor_sweep(starts, ends)), 1)
    report("all pairs, in a list", size, ours, "plain sweep (int keys), in a list", plain)


def bench_repeating(size: int, repeat: int) -> None:
    """A daily endless rule queried in 2090 against 2025; then many rules, against recurring-ical-events."""
    standup = Event(
        "standup",
        "Stand-up",
        TimeSpan(datetime(2025, 1, 1, 9, tzinfo=UTC), datetime(2025, 1, 1, 9, 15, tzinfo=UTC)),
        recurrence=Recurrence.from_rrule("FREQ=DAILY"),
    )
    one = Timeline([standup])
    late = AllDay(datetime(2090, 3, 6).date(), datetime(2090, 3, 12).date())
    early = AllDay(datetime(2025, 3, 6).date(), datetime(2025, 3, 12).date())
    ours = median_time(lambda: [one.overlapping(late) for _ in range(WINDOWS)], repeat)
    base = median_time(lambda: [one.overlapping(early) for _ in range(WINDOWS)], repeat)
    report("endless daily, week 2090", 1, ours / WINDOWS, "the same, week 2025", base / WINDOWS)
    count = min(size, REPEATING_MAX)
    rng = random.Random(5)
    rules = ["FREQ=WEEKLY;BYDAY=MO,WE", "FREQ=MONTHLY;BYDAY=1MO", "FREQ=DAILY;INTERVAL=3"]
    many = []
    for n in range(count):
        start = datetime(2020, 1, 1, 8, tzinfo=UTC) + timedelta(days=rng.randrange(2000))
        many.append(
            Event(
                f"r{n}",
                f"Rule {n}",
                TimeSpan(start, start + timedelta(hours=1)),
                recurrence=Recurrence.from_rrule(rng.choice(rules)),
            )
        )
    timeline = Timeline(many)
    calendar = icalendar.Calendar.from_ical(to_ics(timeline))
    week = (datetime(2026, 6, 1, tzinfo=UTC), datetime(2026, 6, 8, tzinfo=UTC))
    ours = median_time(lambda: timeline.overlapping(TimeSpan(*week)), repeat)
    theirs = median_time(lambda: recurring_ical_events.of(calendar).between(*week), repeat)
    report("repeating, week 2026", count, ours, "recurring-ical-events between()", theirs)


def bench_memory(size: int) -> None:
    gc.collect()
    tracemalloc.start()
    timeline = Timeline(synthetic.events(size))
    timeline.overlapping(timeline[0])
    timeline.before(timeline[0])
    current, _ = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    print(
        f"{'memory per event':<22} N={size:>9,}  {current / size:>8.0f} bytes (events, timeline and index)"
    )


def icalendar_feed(events: list[Event]) -> bytes:
    """Baseline: the same events as icalendar components (its own API), serialized by icalendar."""
    calendar = icalendar.Calendar()
    calendar.add("prodid", "-//bri_timeline benchmark//EN")
    calendar.add("version", "2.0")
    for event in events:
        item = icalendar.Event()
        item.add("summary", event.title)
        if isinstance(event.time, TimeSpan):
            item.add("dtstart", event.time.start)
            item.add("dtend", event.time.end)
        else:
            assert isinstance(event.time, AllDay)
            item.add("dtstart", event.time.first)
            item.add("dtend", event.time.end)
        item.add("dtstamp", STAMP)
        item.add("uid", f"{event.id}@bri-timeline.invalid")
        item.add("sequence", event.revision)
        item.add("categories", list(event.categories))
        item.add("transp", "TRANSPARENT")
        calendar.add_component(item)
    calendar.add_missing_timezones()
    return bytes(calendar.to_ical())


def bench_export(size: int, timeline: Timeline, events: list[Event], repeat: int) -> None:
    ours = median_time(lambda: to_ics(timeline), repeat)
    theirs = median_time(lambda: icalendar_feed(events), repeat)
    report("export .ics", size, ours, "icalendar component tree + to_ical", theirs)
    reference = median_time(lambda: to_ics(timeline, engine="icalendar"), 1)
    report("export .ics", size, ours, "our engine='icalendar' (1 run)", reference)


def bench_import(size: int, timeline: Timeline, repeat: int) -> None:
    feed = to_ics(timeline)
    ours = median_time(lambda: loads_ics(feed), repeat)
    theirs = median_time(lambda: icalendar.Calendar.from_ical(feed), repeat)
    report("import .ics", size, ours, "icalendar Calendar.from_ical alone", theirs)


class Rebuilds:
    """Builds that alternate between two timelines one changed event apart."""

    def __init__(self, timeline: Timeline, edited: Timeline, *, previous: bool) -> None:
        self.builder = FeedBuilder()
        self.timelines = (timeline, edited)
        self.previous = previous
        self.feed = self.builder.build(timeline)
        self.count = 0

    def step(self) -> None:
        self.count += 1
        timeline = self.timelines[self.count % 2]
        self.feed = self.builder.build(timeline, self.feed if self.previous else None)


def bench_rebuild(size: int, events: list[Event], repeat: int) -> None:
    timeline = Timeline(events)
    middle = timeline[size // 2]
    changed = attrs.evolve(middle, title=middle.title + " (edited)")
    edited = Timeline([changed if event is middle else event for event in timeline])
    full = median_time(lambda: to_ics(edited), repeat)
    for previous in (False, True):
        rebuilds = Rebuilds(timeline, edited, previous=previous)
        ours = median_time(rebuilds.step, max(repeat, 5))
        if not previous:  # the builder's own tests check the rest
            assert rebuilds.feed == to_ics(rebuilds.timelines[rebuilds.count % 2])
        name = "rebuild, 1 chg, prev" if previous else "rebuild, 1 changed"
        report(name, size, ours, "full export (to_ics, no previous)", full)
    reloaded = Timeline([attrs.evolve(event) for event in edited])  # equal events, new objects
    builder = FeedBuilder()
    builder.build(timeline)
    ours = median_time(lambda: builder.build(reloaded), 1)
    report("rebuild, reloaded", size, ours, "full export (to_ics, no previous)", full)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000,100000,1000000", help="comma-separated N")
    parser.add_argument("--repeat", type=int, default=3, help="runs per case (median)")
    parser.add_argument(
        "--memory", action="store_true", help="also measure memory per event (slow)"
    )
    parser.add_argument(
        "--cases", default=",".join(CASES), help=f"comma-separated, from {','.join(CASES)}"
    )
    parser.add_argument(
        "--clock",
        choices=("wall", "cpu"),
        default="wall",
        help="wall time, or the process's CPU time",
    )
    args = parser.parse_args()
    cases = set(args.cases.split(","))
    if unknown := cases - set(CASES):
        parser.error(f"unknown cases: {', '.join(sorted(unknown))}")
    global clock  # noqa: PLW0603 -- chosen once, from the command line
    clock = time.perf_counter if args.clock == "wall" else time.process_time
    print(
        f"python {sys.version.split()[0]}, median of {args.repeat} runs, {args.clock} clock",
        flush=True,
    )
    for size in (int(s) for s in args.sizes.split(",")):
        started = time.perf_counter()
        events = synthetic.events(size)
        print(f"-- N={size:,}: generated in {time.perf_counter() - started:.1f} s", flush=True)
        if "build" in cases:
            bench_build(size, events, args.repeat)
        timeline = Timeline(events)
        if "windows" in cases:
            bench_windows(size, timeline, events, args.repeat)
        if "points" in cases:
            bench_points(size, timeline, events, args.repeat)
        if "pairs" in cases:
            bench_pairs(size, timeline, args.repeat)
        if size <= ICS_MAX:
            if "export" in cases:
                bench_export(size, timeline, list(timeline), args.repeat)
            if "import" in cases:
                bench_import(size, timeline, args.repeat)
            if "rebuild" in cases:
                bench_rebuild(size, events, args.repeat)
        if "repeating" in cases:
            bench_repeating(size, args.repeat)
        if args.memory:
            del timeline, events
            bench_memory(size)


if __name__ == "__main__":
    main()
