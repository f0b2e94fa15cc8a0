"""Benchmarks of bri_timeline, each against a baseline measured in the same run.

Run from the repository root (see the README)::

    .venv/bin/python benchmarks/run.py                 # N = 10,000 / 100,000 / 1,000,000
    .venv/bin/python benchmarks/run.py --sizes 10000   # a quick look
    .venv/bin/python benchmarks/run.py --cases export,import,rebuild --sizes 10000,100000
    .venv/bin/python benchmarks/run.py --cases sync --sync-size 1000   # CalDAV, Radicale
    .venv/bin/python benchmarks/run.py --cases parse --sizes 100000 --clock cpu  # issue 15

Every case prints its time, its baseline's time and the ratio (ours / baseline:
below 1 is faster than the baseline). Times are the median of ``--repeat``
runs. The machines are shared and noisy: compare ratios, not seconds; with
``--clock cpu`` the times are the process's CPU time, which other processes on
the machine disturb less. The iCalendar and CSV cases (export, import, parse, rebuild,
jcal, csv-read, csv-write; ``tables.py`` has the CSV and DuckDB cases) run up to
N = 100,000: at 1,000,000 an import takes minutes and gigabytes, and so does
its baseline (``benchmarks/limits.py`` measures that import once, in its ``feed``
case).
"""

from __future__ import annotations

import argparse
import gc
import random
import statistics
import sys
import tempfile
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
import tables

from bri_timeline import (
    AllDay,
    Conference,
    Event,
    FeedBuilder,
    Frequency,
    Recurrence,
    Timeline,
    TimeSpan,
    Vague,
    from_edtf,
    from_jcal,
    loads_ics,
    override_occurrence,
    to_ics,
    to_jcal,
)
from bri_timeline.formats.ical import _decode, _parse
from bri_timeline.limits import Limits
from bri_timeline.model.keys import instant_key
from bri_timeline.model.times import first_date

WINDOWS = 1000
ICS_MAX = 100_000
"""The iCalendar cases run up to this N (their baselines take minutes beyond)."""
STAMP = datetime(1970, 1, 1, tzinfo=UTC)
CASES = (
    "build",
    "windows",
    "points",
    "pairs",
    "changes",
    "export",
    "import",
    "parse",
    "rebuild",
    "jcal",
    "vague",
    "repeating",
    "csv-read",
    "csv-write",
    "duckdb-pairs",
    "sync",
)
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


def plain_gaps(starts: list[int], ends: list[int], lo: int, hi: int) -> list[tuple[int, int]]:
    """Baseline: the free stretches of [lo, hi) over int keys in start order, no objects made."""
    found, reach = [], lo
    for start, end in zip(starts, ends, strict=True):
        if start > reach:
            found.append((reach, start))
        reach = max(reach, end)
    if hi > reach:
        found.append((reach, hi))
    return found


def bench_gaps(size: int, timeline: Timeline, events: list[Event], repeat: int) -> None:
    windows = [TimeSpan(a, b) for a, b in synthetic.windows(WINDOWS, size)]
    timeline.overlapping(windows[0])  # the index is built once, on first use
    ours = median_time(lambda: [timeline.gaps(within=w) for w in windows], repeat) / WINDOWS
    starts, ends, longest = floor_index(events)

    def plain(lo: int, hi: int) -> list[tuple[int, int]]:
        found = floor_query(starts, ends, longest, lo, hi)
        return plain_gaps([starts[i] for i in found], [min(ends[i], hi) for i in found], lo, hi)

    spans = [(w._start, w._end) for w in windows]
    floor = median_time(lambda: [plain(lo, hi) for lo, hi in spans], repeat) / WINDOWS
    report("free time 7d (per query)", size, ours, "plain bisect + sweep (int keys)", floor)


def bench_changes(size: int, timeline: Timeline, repeat: int) -> None:
    events = list(timeline)
    edited = Timeline(
        attrs.evolve(e, title=e.title + "!") if n % 100 == 0 else e for n, e in enumerate(events)
    )
    ours = median_time(lambda: timeline.diff(edited), repeat)

    def plain() -> list[str]:
        old = {e.id: e for e in timeline}
        return [e.id for e in edited if (o := old.get(e.id)) is not e and o != e]

    report(
        "diff, 1% changed", size, ours, "dict by id, is or == on each", median_time(plain, repeat)
    )
    half = len(events) // 2
    left, right = Timeline(events[: half + half // 10]), Timeline(events[half:])
    ours = median_time(lambda: left | right, repeat)
    concat = median_time(lambda: Timeline([*left, *right]), repeat)
    report("merge, 10% shared", size, ours, "Timeline(a + b), duplicates dropped", concat)


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
    reference = median_time(lambda: loads_ics(feed, engine="icalendar"), 1)
    report("import .ics", size, ours, "our engine='icalendar' (1 run)", reference)
    for case, every, change in _MIXED:
        feed = to_ics(Timeline(changed(timeline, every, change)))
        ours = median_time(lambda feed=feed: loads_ics(feed), repeat)  # type: ignore[misc]
        theirs = median_time(lambda feed=feed: icalendar.Calendar.from_ical(feed), repeat)  # type: ignore[misc]
        report(case, size, ours, "icalendar Calendar.from_ical alone", theirs)
        reference = median_time(lambda feed=feed: loads_ics(feed, engine="icalendar"), 1)  # type: ignore[misc]
        report(case, size, ours, "our engine='icalendar' (1 run)", reference)


_WEEKLY = Recurrence(Frequency.WEEKLY, count=4)
_LINK = (Conference("https://meet.example.org/chancay"),)


def _changed_series(event: Event) -> Event:
    """The event repeating weekly, its first occurrence renamed (a RECURRENCE-ID change)."""
    time = event.time
    assert isinstance(time, TimeSpan | AllDay)  # the synthetic events' kinds
    first = time.start if isinstance(time, TimeSpan) else time.first
    series = attrs.evolve(event, recurrence=_WEEKLY)
    return override_occurrence(series, first, title=f"{event.title}, changed")


_MIXED = (
    # Read directly: a weekly rule is plain.
    ("import, 1 in 10 repeats", 10, lambda event: attrs.evolve(event, recurrence=_WEEKLY)),
    # Left to icalendar with its change (the file parsed twice to find them).
    ("import, 1 in 100 changed series", 100, _changed_series),
    # Left to icalendar, as a calendar of their own: a conference link is not plain.
    ("import, 1 in 10 with a link", 10, lambda event: attrs.evolve(event, conference=_LINK)),
    ("import, all with a link", 1, lambda event: attrs.evolve(event, conference=_LINK)),
)
"""The import's other feeds: the plain one with every ``every``-th event changed so."""


def changed(timeline: Timeline, every: int, change: Callable[[Event], Event]) -> Iterator[Event]:
    """The timeline's events, one in ``every`` of them changed by ``change``."""
    for number, event in enumerate(timeline):
        yield change(event) if number % every == 0 else event


def bench_jcal(size: int, timeline: Timeline, repeat: int) -> None:
    """jCal is the feed made JSON: its cost against the feed's, both ways."""
    feed, text = to_ics(timeline), to_jcal(timeline)
    ours = median_time(lambda: to_jcal(timeline), repeat)
    base = median_time(lambda: to_ics(timeline), repeat)
    report("export jCal", size, ours, "to_ics of the same timeline", base)
    ours = median_time(lambda: from_jcal(text), repeat)
    base = median_time(lambda: loads_ics(feed), repeat)
    report("import jCal", size, ours, "from_ics of the same feed", base)


def parse_and_decode(feed: bytes) -> int:
    """The direct reader's tree of a feed, and every property's value decoded: how many."""
    count = 0
    stack = list(_parse.parse(feed, "feed.ics", Limits()).components)
    while stack:
        component = stack.pop()
        stack.extend(component.components)
        for prop in component.properties:
            _decode.decode(prop, "feed.ics")
            count += 1
    return count


def bench_parse(size: int, timeline: Timeline, repeat: int) -> None:
    """The direct reader's parse layer (issue 15) against icalendar's parser, on one feed."""
    feed = to_ics(timeline)
    theirs = median_time(lambda: icalendar.Calendar.from_ical(feed), repeat)
    ours = median_time(lambda: _parse.parse(feed, "feed.ics", Limits()), repeat)
    report("parse .ics (tree)", size, ours, "icalendar Calendar.from_ical alone", theirs)
    ours = median_time(lambda: parse_and_decode(feed), repeat)
    report("parse .ics + values", size, ours, "icalendar Calendar.from_ical alone", theirs)
    for streamed in (False, True):
        gc.collect()
        tracemalloc.start()
        tree = _parse.parse(feed, "feed.ics", Limits(), consume=dropped if streamed else None)
        kept, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        del tree
        print(
            f"{'parse .ics memory':<22} N={size:>9,}  peak {peak / len(feed):5.2f}x the file's "
            f"{len(feed):,} bytes, kept {kept / len(feed):5.2f}x "
            f"({'each VEVENT consumed as it ends' if streamed else 'the whole tree'})",
            flush=True,
        )


def dropped(component: _parse.Component, parent: str | None) -> bool:
    """A consumer that maps nothing: the memory of the parse alone, without a tree of events."""
    return component.name == "VEVENT"


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


def run_size(size: int, cases: set[str], repeat: int, *, memory: bool) -> None:
    """The cases chosen, at one N, in the order of CASES."""
    started = time.perf_counter()
    events = synthetic.events(size)
    print(f"-- N={size:,}: generated in {time.perf_counter() - started:.1f} s", flush=True)
    if "build" in cases:
        bench_build(size, events, repeat)
    timeline = Timeline(events)
    steps: dict[str, Callable[[], object]] = {
        "windows": lambda: bench_windows(size, timeline, events, repeat),
        "points": lambda: bench_points(size, timeline, events, repeat),
        "pairs": lambda: bench_pairs(size, timeline, repeat),
        # free time in windows, diff and merge
        "changes": lambda: (
            bench_gaps(size, timeline, events, repeat),
            bench_changes(size, timeline, repeat),
        ),
        "vague": lambda: bench_vague(size, repeat),
        "repeating": lambda: bench_repeating(size, repeat),
    }
    if size <= ICS_MAX:  # the iCalendar cases
        steps |= {
            "export": lambda: bench_export(size, timeline, list(timeline), repeat),
            "import": lambda: bench_import(size, timeline, repeat),
            "parse": lambda: bench_parse(size, timeline, repeat),
            "rebuild": lambda: bench_rebuild(size, events, repeat),
            "jcal": lambda: bench_jcal(size, timeline, repeat),
        }
    for name in CASES:
        if name in cases and name in steps:
            steps[name]()
    tables.run(cases, size, timeline, repeat, median_time, report, csv=size <= ICS_MAX)
    if memory:
        del timeline, events, steps
        bench_memory(size)


_VAGUE_FORMS = (
    "{y}~",
    "{y}?",
    "{y}-{s}",
    "{y}-{m:02d}-{d:02d}%",
    "{c}X",
    "{y}-{m:02d}-XX",
    "{y}?/{z}~",
    "../{y}",
    "[{y},{z}]",
    "{{{y},{z}-{m:02d}}}",
)


def vague_texts(size: int) -> list[str]:
    """EDTF level 1 and 2 dates of every kind, years 1900-2099, seeded."""
    pick = random.Random(16)
    texts = []
    for index in range(size):
        year = pick.randint(1900, 2098)
        month, day = pick.randint(1, 12), pick.randint(1, 28)
        form = _VAGUE_FORMS[index % len(_VAGUE_FORMS)]
        texts.append(
            form.format(y=year, z=year + 1, m=month, d=day, s=pick.randint(21, 41), c=year // 10)
        )
    return texts


def bench_vague(size: int, repeat: int) -> None:
    """Ordering and querying vague dates, against the same with exact days.

    The exact days of each vague date are the widest span it may cover (from year 1
    for an open start), so that both answer queries of the same size: the ratio is
    the cost of vagueness, not of more results.
    """
    vague = [Event(f"v{i}", "V", from_edtf(t)) for i, t in enumerate(vague_texts(size))]
    pick = random.Random(17)
    exact = [
        Event(event.id, "D", AllDay(first_date(event.time), event.time.upper))
        for event in vague
        if isinstance(event.time, Vague)
    ] + [event for event in vague if not isinstance(event.time, Vague)]
    pick.shuffle(vague)
    pick.shuffle(exact)
    windows = [
        from_edtf(f"{pick.randint(1900, 2098)}-{pick.randint(1, 12):02d}") for _ in range(100)
    ]

    def work(events: list[Event]) -> object:
        timeline = Timeline(events)
        return [len(timeline.overlapping(window)) for window in windows]

    report(
        "vague: sort + 100 windows",
        size,
        median_time(lambda: work(vague), repeat),
        "same with exact days",
        median_time(lambda: work(exact), repeat),
    )


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
        "--sync-size",
        type=int,
        default=1000,
        help="N of the sync case, which runs once, against a Radicale server (default: 1000)",
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
    for size in (int(s) for s in args.sizes.split(",")) if cases - {"sync"} else ():
        run_size(size, cases, args.repeat, memory=args.memory)
    if "sync" in cases:
        from sync_case import bench_sync

        print(f"-- sync: N={args.sync_size:,} events, a Radicale server on 127.0.0.1", flush=True)
        with tempfile.TemporaryDirectory() as folder:
            bench_sync(args.sync_size, synthetic.events(args.sync_size), report, Path(folder))


if __name__ == "__main__":
    main()
