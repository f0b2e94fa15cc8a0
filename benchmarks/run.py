"""Benchmarks of bri_timeline, each against a baseline measured in the same run.

Run from the repository root (see the README)::

    .venv/bin/python benchmarks/run.py                 # N = 10,000 / 100,000 / 1,000,000
    .venv/bin/python benchmarks/run.py --sizes 10000   # a quick look

Every case prints its time, its baseline's time and the ratio (ours / baseline:
below 1 is faster than the baseline). Times are the median of ``--repeat``
runs. The machines are shared and noisy: compare ratios, not seconds.
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

import synthetic

from bri_timeline import AllDay, Event, Timeline, TimeSpan
from bri_timeline.model.times import instant_key

WINDOWS = 1000


def median_time(work: Callable[[], object], repeat: int) -> float:
    """The median wall time of ``repeat`` calls of ``work``, in seconds."""
    times = []
    for _ in range(repeat):
        gc.collect()
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def report(case: str, size: int, ours: float, baseline: str, theirs: float, unit: str = "") -> None:
    ratio = ours / theirs if theirs else float("inf")
    print(
        f"{case:<22} N={size:>9,}  ours {ours * 1e3:>11.3f} ms{unit}  "
        f"{baseline:<34} {theirs * 1e3:>11.3f} ms{unit}  ratio {ratio:>8.2f}",
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000,100000,1000000", help="comma-separated N")
    parser.add_argument("--repeat", type=int, default=3, help="runs per case (median)")
    parser.add_argument(
        "--memory", action="store_true", help="also measure memory per event (slow)"
    )
    args = parser.parse_args()
    print(f"python {sys.version.split()[0]}, median of {args.repeat} runs", flush=True)
    for size in (int(s) for s in args.sizes.split(",")):
        started = time.perf_counter()
        events = synthetic.events(size)
        print(f"-- N={size:,}: generated in {time.perf_counter() - started:.1f} s", flush=True)
        bench_build(size, events, args.repeat)
        timeline = Timeline(events)
        bench_windows(size, timeline, events, args.repeat)
        bench_points(size, timeline, events, args.repeat)
        bench_pairs(size, timeline, args.repeat)
        if args.memory:
            del timeline, events
            bench_memory(size)


if __name__ == "__main__":
    main()
