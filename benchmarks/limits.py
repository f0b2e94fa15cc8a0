"""What each default of ``bri_timeline.Limits`` lets in, and what an input at that limit costs.

Run from the repository root (see docs/performance.md)::

    .venv/bin/python benchmarks/limits.py                 # every case at the defaults (~30 min, 9 GB)
    .venv/bin/python benchmarks/limits.py --scale 16      # every size divided by 16: a quick look
    .venv/bin/python benchmarks/limits.py --cases feed,toml --scale 4

Each case builds one input as large as a default limit lets in (divided by
``--scale``), writes it to a temporary file, and loads it in a fresh process
with those limits. The figures: the CPU seconds of the load and its peak memory
(the process's peak resident size less its size just before, the input already
read), then the same for a baseline run in the same way on the same input: the
parser every load pays for (icalendar, tomllib, json) or python-dateutil's walk
of the same rule, and the ratios ours / baseline. Where the input is smaller
than its limit, the last line scales the figures up to the limit (both grow in
proportion to the input: see docs/performance.md). Inputs are built in this
process and written only to a temporary directory (``--tmp``), removed at the end.
POSIX only (``resource``).
"""

from __future__ import annotations

import argparse
import gc
import json
import re
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import attrs
import synthetic

from bri_timeline import Event, FeedOptions, Limits, Timeline, TimeSpan, to_ics
from bri_timeline.formats.json_document import to_json

DEFAULTS = Limits()
DATA = Path(__file__).resolve().parent.parent / "src" / "bri_timeline" / "data" / "bri.toml"
HEAD = b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//bri_timeline limits//EN\r\n"
TAIL = b"END:VCALENDAR\r\n"
EVENTS = 1_000_000
"""The events of the feed case at --scale 1: the size the docs claim."""
VALUES_BYTES = 16 * 1024 * 1024
"""The size of the many-values case at --scale 1 (at max_bytes it would take ~35 GB)."""
STAMP = datetime(2024, 1, 1, tzinfo=UTC)


@attrs.frozen
class Case:
    """One input: what it is, the limit it reaches, and the baseline to load it with."""

    name: str
    limit: str
    reader: str  # ics, toml or json
    baseline: str  # icalendar, tomllib, json.loads or dateutil
    what: str


CASES = (
    Case("feed", "max_bytes", "ics", "icalendar", "our feed of the benchmark's events"),
    Case("events", "max_bytes", "ics", "icalendar", "the smallest VEVENTs we write"),
    Case("components", "max_components", "ics", "icalendar", "empty components (BEGIN:X/END:X)"),
    Case("values", "max_bytes", "ics", "icalendar", "one-letter CATEGORIES values (costliest)"),
    Case("line", "max_line_bytes", "ics", "icalendar", "one DESCRIPTION line"),
    Case("occurrences", "max_occurrences", "ics", "dateutil", "one rule's occurrences"),
    Case("empty-months", "max_empty_months", "ics", "dateutil", "a rule that never matches"),
    Case("toml", "max_bytes", "toml", "tomllib", "the BRI data file's events, repeated"),
    Case("json", "max_bytes", "json", "json.loads", "our JSON document of the benchmark's events"),
)


def peak_bytes() -> int:
    """This process's peak resident size, in bytes.

    Linux's VmHWM, where there is one: ``ru_maxrss`` would start from the parent's
    own peak, which a child started by ``vfork`` and ``exec`` inherits.
    """
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for row in status:
                if row.startswith("VmHWM:"):
                    return int(row.split()[1]) * 1024
    except OSError:
        pass
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return int(peak if sys.platform == "darwin" else peak * 1024)


# --- the inputs ---------------------------------------------------------------------------------


def feed(size: int, limits: Limits) -> tuple[bytes, int]:
    """Our own feed of ``size`` synthetic events; within max_bytes at the docs' 1,000,000."""
    return to_ics(Timeline(synthetic.events(size))), size


def smallest_event(domain: str = "x") -> bytes:
    """The smallest VEVENT our writer writes: one-letter id, title and domain, an instant."""
    moment = TimeSpan(STAMP, STAMP)
    data = to_ics(Timeline([Event("a", "A", moment)]), feed=FeedOptions(domain=domain))
    start = data.index(b"BEGIN:VEVENT")
    return data[start : data.index(b"END:VEVENT") + len(b"END:VEVENT\r\n")]


def events(size: int, limits: Limits) -> tuple[bytes, int]:
    """As many of the smallest events (ids a0, a1, ...) as fit in max_bytes and max_components."""
    before, after = smallest_event().split(b"UID:a@", 1)
    parts, used, count = [HEAD], len(HEAD) + len(TAIL), 0
    while count < limits.max_components - 1:  # the VCALENDAR is a component too
        part = b"%sUID:a%x@%s" % (before, count, after)
        if used + len(part) > limits.max_bytes:
            break
        parts.append(part)
        used += len(part)
        count += 1
    return b"".join([*parts, TAIL]), count


def components(size: int, limits: Limits) -> tuple[bytes, int]:
    count = limits.max_components - 1
    return HEAD + b"BEGIN:X\r\nEND:X\r\n" * count + TAIL, count


def values(size: int, limits: Limits) -> tuple[bytes, int]:
    """Events whose CATEGORIES hold a thousand one-letter values: the costliest bytes we found."""
    part = b"BEGIN:VEVENT\r\nUID:v%d\r\nDTSTART:20240101T000000Z\r\nCATEGORIES:" + b"a," * 999
    part += b"a\r\nEND:VEVENT\r\n"
    count = max(1, size // len(part % 0))
    return HEAD + b"".join(part % i for i in range(count)) + TAIL, count


def line(size: int, limits: Limits) -> tuple[bytes, int]:
    """One event with a DESCRIPTION line of max_line_bytes (less the rest of the file)."""
    head = HEAD + b"BEGIN:VEVENT\r\nUID:l\r\nDTSTART:20240101T000000Z\r\nDESCRIPTION:"
    tail = b"\r\nEND:VEVENT\r\n" + TAIL
    room = min(limits.max_line_bytes - len(b"DESCRIPTION:"), limits.max_bytes - len(head + tail))
    return head + b"x" * room + tail, room + len(b"DESCRIPTION:")


def occurrences(size: int, limits: Limits) -> tuple[bytes, int]:
    """One hourly event (BYMINUTE makes it a rule we expand) with max_occurrences occurrences."""
    count = limits.max_occurrences
    return HEAD + rule_event(f"FREQ=HOURLY;BYMINUTE=0;COUNT={count}") + TAIL, count


def empty_months(size: int, limits: Limits) -> tuple[bytes, int]:
    """February 30th, every day: walked for max_empty_months months, then refused."""
    rule = "FREQ=DAILY;BYMONTH=2;BYMONTHDAY=30;COUNT=2"
    return HEAD + rule_event(rule) + TAIL, limits.max_empty_months


def rule_event(rule: str) -> bytes:
    return (
        "BEGIN:VEVENT\r\nUID:r\r\nDTSTART:20000101T090000Z\r\nDTEND:20000101T100000Z\r\n"
        f"RRULE:{rule}\r\nEND:VEVENT\r\n"
    ).encode()


def toml(size: int, limits: Limits) -> tuple[bytes, int]:
    """The BRI data file, its events repeated under new ids, up to max_bytes."""
    text = DATA.read_text(encoding="utf-8")
    head, _, rest = text.partition("[[events]]")
    blocks = ["[[events]]" + block for block in rest.split("[[events]]")]
    parts, used, count = [head], len(head.encode()), 0
    while True:
        for block in blocks:
            part = re.sub(r'^id = "([^"]+)"', rf'id = "\1-{count}"', block, count=1, flags=re.M)
            used += len(part.encode())
            if used > limits.max_bytes:
                return "".join(parts).encode(), count
            parts.append(part)
            count += 1


def json_document(size: int, limits: Limits) -> tuple[bytes, int]:
    """Our JSON document of as many benchmark events as max_bytes lets in (~560 bytes each)."""
    count = max(1, limits.max_bytes // 560)
    data = to_json(Timeline(synthetic.events(count))).encode()
    while len(data) > limits.max_bytes:
        count = count * limits.max_bytes // len(data) - 1
        data = to_json(Timeline(synthetic.events(count))).encode()
    return data, count


BUILD: dict[str, Callable[[int, Limits], tuple[bytes, int]]] = {
    "feed": feed,
    "events": events,
    "components": components,
    "values": values,
    "line": line,
    "occurrences": occurrences,
    "empty-months": empty_months,
    "toml": toml,
    "json": json_document,
}


# --- the child process: one load, measured --------------------------------------------------------


def load(reader: str, data: bytes, limits: Limits) -> str:
    from bri_timeline import TimelineError, loads, loads_ics
    from bri_timeline.formats.json_document import loads_json

    try:
        if reader == "ics":
            timeline = loads_ics(data, limits=limits)
        elif reader == "toml":
            timeline = loads(data.decode("utf-8"), limits=limits)
        else:
            timeline = loads_json(data.decode("utf-8"), limits=limits)
    except TimelineError as error:
        return "refused: " + (re.findall(r"Limits\.\w+", str(error)) or [str(error)])[0]
    return f"{len(timeline):,} events"


def baseline(kind: str, data: bytes) -> str:
    if kind == "icalendar":
        import icalendar

        return f"{len(icalendar.Calendar.from_ical(data).subcomponents):,} components"
    if kind == "tomllib":
        import tomllib

        return f"{len(tomllib.loads(data.decode('utf-8')).get('events', [])):,} events"
    if kind == "json.loads":
        return f"{len(json.loads(data)['events']):,} events"
    from dateutil import rrule  # the rule's walk, without our budget: to its end or year 9999

    found = re.search(rb"RRULE:(\S+)", data)
    assert found is not None
    walk = rrule.rrulestr(found[1].decode(), dtstart=datetime(2000, 1, 1, 9))
    return f"{sum(1 for _ in walk):,} occurrences"


def child(reader: str, path: str, fields: str) -> None:
    data = Path(path).read_bytes()
    limits = Limits(**json.loads(fields))
    gc.collect()
    before = peak_bytes()
    start = time.process_time()
    outcome = baseline(reader, data) if reader in BASELINES else load(reader, data, limits)
    seconds = time.process_time() - start
    print(json.dumps({"seconds": seconds, "memory": peak_bytes() - before, "outcome": outcome}))


BASELINES = ("icalendar", "tomllib", "json.loads", "dateutil")


def measure(reader: str, path: Path, limits: Limits) -> dict[str, Any]:
    fields = json.dumps(attrs.asdict(limits))
    command = [sys.executable, __file__, "--child", reader, str(path), fields]
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise SystemExit(f"{reader} on {path.name} failed:\n{done.stderr}")
    result: dict[str, Any] = json.loads(done.stdout)
    return result


# --- the report ---------------------------------------------------------------------------------


def scaled(limits: Limits, scale: int) -> Limits:
    """The limits with every size divided by ``scale`` (not max_depth, which is no size)."""
    sizes = attrs.asdict(limits)
    del sizes["max_depth"]
    return attrs.evolve(limits, **{name: max(1, value // scale) for name, value in sizes.items()})


def figures(result: dict[str, Any]) -> str:
    return f"{result['seconds']:8.2f} s {result['memory'] / 1e6:8.0f} MB"


def run_case(case: Case, limits: Limits, scale: int, folder: Path) -> None:
    size = {"feed": max(1, EVENTS // scale), "values": max(1, VALUES_BYTES // scale)}.get(
        case.name, 0
    )
    data, count = BUILD[case.name](size, limits)
    path = folder / f"{case.name}.input"
    path.write_bytes(data)
    length = len(data)
    del data
    gc.collect()
    ours = measure(case.reader, path, limits)
    theirs = measure(case.baseline, path, limits)
    path.unlink()
    limit = getattr(limits, case.limit)
    # Both figures grow in proportion to what the limit counts: scale them up to it.
    factor = limit / (length if case.limit == "max_bytes" else count)
    at_limit = (
        f"{ours['seconds'] * factor:.1f} s, {ours['memory'] * factor / 1e6:,.0f} MB"
        if factor > 1.01
        else "as measured"
    )
    print(
        f"{case.name:<12} {case.what}: {count:,} ({length / 1e6:,.1f} MB) -> {ours['outcome']}\n"
        f"{'':<12} ours {figures(ours)} | {case.baseline:<9} {figures(theirs)} "
        f"({theirs['outcome']}) | ratio time {ratio(ours, theirs, 'seconds')} "
        f"memory {ratio(ours, theirs, 'memory')}\n"
        f"{'':<12} {case.limit} = {limit:,}: {at_limit}",
        flush=True,
    )


def ratio(ours: dict[str, Any], theirs: dict[str, Any], key: str) -> str:
    """ours / theirs, or "-" where the baseline's figure is too small to divide by."""
    smallest = 0.01 if key == "seconds" else 1e6  # 10 ms, 1 MB
    return f"{ours[key] / theirs[key]:.2f}" if theirs[key] >= smallest else "-"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=int, default=1, help="divide every size by this")
    parser.add_argument(
        "--cases",
        default=",".join(case.name for case in CASES),
        help=f"comma-separated, from {','.join(case.name for case in CASES)}",
    )
    parser.add_argument("--tmp", help="the folder for the inputs (default: the system's)")
    parser.add_argument("--child", nargs=3, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(*args.child)
        return
    chosen = args.cases.split(",")
    if unknown := set(chosen) - {case.name for case in CASES}:
        parser.error(f"unknown cases: {', '.join(sorted(unknown))}")
    if args.scale < 1:
        parser.error("--scale must be 1 or more")
    limits = scaled(DEFAULTS, args.scale)
    print(
        f"python {sys.version.split()[0]}, Limits() / {args.scale}, one load a process, CPU time, "
        "peak memory above the process before the load",
        flush=True,
    )
    with tempfile.TemporaryDirectory(dir=args.tmp) as folder:
        for case in CASES:
            if case.name in chosen:
                run_case(case, limits, args.scale, Path(folder))


if __name__ == "__main__":
    main()
