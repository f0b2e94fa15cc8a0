"""Byte-level mangling strategies for the fuzz tests (test_fuzz_*.py).

Each strategy starts from real bytes (an exported feed, the bundled data, a JSON
export) and applies one to four damages: truncation, bit flips, another encoding,
other line ends, dropped or repeated lines, inserted lines from a pool of
hostile ones, values replaced by bad ones, deep nesting, junk bytes. What the
damage does is left to the loader under test: it must give a timeline or its
own error, never another exception and never a hang.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from datetime import date, datetime
from zoneinfo import ZoneInfo

import attrs
from hypothesis import strategies as st

from bri_timeline import (
    FeedError,
    Frequency,
    Location,
    Recurrence,
    Timeline,
    TimeSpan,
    load_bri,
    loads_ics,
    to_ics,
)

Damage = Callable[[st.DrawFn, bytes], bytes]

JUNK = [
    b"\x00",
    b"\r",
    b"\n",
    b"\r\n ",
    b";",
    b",",
    b"\\",
    b":",
    b'"',
    b"=",
    b"\xff",
    b"\xc3",
    b"\xed\xa0\x80",  # an encoded surrogate
    b"\xe2\x80\xae",  # right-to-left override
    b"\xcc\x81",  # a combining accent
    b"\xf0\x9f\x98\x80",  # an emoji
    b"9" * 30,
    b"9" * 5000,  # more digits than Python converts by default
    b"[" * 3000,
    b"{" * 3000,
]
ENCODINGS = ["utf-16", "utf-16-le", "utf-16-be", "utf-32", "utf-8-sig", "latin-1", "cp1252"]


def _lines(data: bytes) -> list[bytes]:
    return data.split(b"\n")


def _truncate(draw: st.DrawFn, data: bytes) -> bytes:
    return data[: draw(st.integers(0, len(data)))]


def _flip(draw: st.DrawFn, data: bytes) -> bytes:
    if not data:
        return data
    buffer = bytearray(data)
    for _ in range(draw(st.integers(1, 8))):
        at = draw(st.integers(0, len(buffer) - 1))
        buffer[at] ^= 1 << draw(st.integers(0, 7))
    return bytes(buffer)


def _reencode(draw: st.DrawFn, data: bytes) -> bytes:
    text = data.decode("utf-8", errors="replace")
    encoding = draw(st.sampled_from(ENCODINGS))
    return text.encode(encoding, errors="replace")


def _line_ends(draw: st.DrawFn, data: bytes) -> bytes:
    unified = data.replace(b"\r\n", b"\n")
    end = draw(st.sampled_from([b"\r", b"\n", b"\r\n", b"\n\r", b"\r\r\n"]))
    if draw(st.booleans()):
        return unified.replace(b"\n", end)
    lines = unified.split(b"\n")  # some of each
    return b"".join(line + draw(st.sampled_from([b"\r", b"\n", b"\r\n"])) for line in lines)


def _drop_lines(draw: st.DrawFn, data: bytes) -> bytes:
    lines = _lines(data)
    ends = [i for i, line in enumerate(lines) if line.upper().startswith(b"END")]
    only_ends = bool(ends) and draw(st.booleans())
    pool = ends if only_ends else list(range(len(lines)))
    for index in sorted(draw(st.sets(st.sampled_from(pool), max_size=4)), reverse=True):
        del lines[index]
    return b"\n".join(lines)


def _repeat_lines(draw: st.DrawFn, data: bytes) -> bytes:
    lines = _lines(data)
    start = draw(st.integers(0, len(lines) - 1))
    stop = draw(st.integers(start, min(len(lines), start + 40)))
    at = draw(st.integers(0, len(lines)))
    return b"\n".join(lines[:at] + lines[start:stop] * draw(st.integers(1, 3)) + lines[at:])


def _junk(draw: st.DrawFn, data: bytes) -> bytes:
    at = draw(st.integers(0, len(data)))
    return data[:at] + draw(st.sampled_from(JUNK)) + data[at:]


def _insert_line(pool: Sequence[bytes]) -> Damage:
    def insert(draw: st.DrawFn, data: bytes) -> bytes:
        lines = _lines(data)
        at = draw(st.integers(0, len(lines)))
        line = draw(st.sampled_from(pool))
        end = b"\r" if lines and lines[0].endswith(b"\r") else b""
        return b"\n".join([*lines[:at], line + end, *lines[at:]])

    return insert


def _replace_value(values: Mapping[bytes, Sequence[bytes]], separator: bytes) -> Damage:
    """Replace the value of a line whose key has bad values to give (``KEY:value``, ``key =``)."""

    def replace(draw: st.DrawFn, data: bytes) -> bytes:
        lines = _lines(data)
        candidates = [
            (i, key)
            for i, line in enumerate(lines)
            for key in values
            if line.lstrip().upper().startswith(key.upper())
        ]
        if not candidates:
            return data
        index, key = draw(st.sampled_from(candidates))
        line = lines[index]
        end = b"\r" if line.endswith(b"\r") else b""
        comma = b"," if line.rstrip(b"\r").endswith(b",") else b""  # JSON: keep the next member
        head = line.rstrip(b"\r").partition(separator)[0]
        lines[index] = head + separator + draw(st.sampled_from(values[key])) + comma + end
        return b"\n".join(lines)

    return replace


def _add_parameter(parameters: Sequence[bytes]) -> Damage:
    def add(draw: st.DrawFn, data: bytes) -> bytes:
        lines = _lines(data)
        index = draw(st.integers(0, len(lines) - 1))
        line = lines[index]
        name_end = min((line.find(c) for c in (b";", b":") if c in line), default=len(line))
        parameter = draw(st.sampled_from(parameters))
        lines[index] = line[:name_end] + parameter + line[name_end:]
        return b"\n".join(lines)

    return add


def _nest(opening: bytes, closing: bytes) -> Damage:
    def nest(draw: st.DrawFn, data: bytes) -> bytes:
        lines = _lines(data)
        depth = draw(st.integers(1, 3000))
        at = draw(st.integers(0, len(lines)))
        closed = draw(st.booleans())
        inner = [opening] * depth + ([closing] * depth if closed else [])
        return b"\n".join(lines[:at] + inner + lines[at:])

    return nest


def mangled(
    seed: bytes,
    *,
    lines: Sequence[bytes] = (),
    values: Mapping[bytes, Sequence[bytes]] | None = None,
    separator: bytes = b":",
    parameters: Sequence[bytes] = (),
    nesting: tuple[bytes, bytes] | None = None,
) -> st.SearchStrategy[bytes]:
    """``seed`` with one to four damages, drawn from the generic ones and those given.

    Args:
        seed: Real bytes to start from.
        lines: Hostile lines to insert.
        values: Bad values for lines whose key starts with each key.
        separator: What separates a key from its value (``:`` or ``=``).
        parameters: Bad parameters to add after a property's name.
        nesting: The lines that open and close a level of nesting.
    """
    damages: list[Damage] = [
        _truncate,
        _flip,
        _reencode,
        _line_ends,
        _drop_lines,
        _repeat_lines,
        _junk,
    ]
    if lines:
        damages.append(_insert_line(lines))
    if values:
        damages += [_replace_value(values, separator)] * 3  # the most telling damage
    if parameters:
        damages.append(_add_parameter(parameters))
    if nesting is not None:
        damages.append(_nest(*nesting))

    @st.composite
    def build(draw: st.DrawFn) -> bytes:
        data = seed
        for damage in draw(st.lists(st.sampled_from(damages), min_size=1, max_size=4)):
            data = damage(draw, data)
        return data

    return build()


TALLY: Counter[tuple[str, str]] = Counter()
"""How many cases of each class came to each outcome, for the summary at the end of a run."""


def feed_outcome(timeline: Timeline, case: str) -> str:
    """A loaded timeline exported as a feed reads back the same, or is refused by name.

    A vague date before year 1 (``0000``, ``-0100``) loads, and the feed refuses it,
    naming the event: that counts as a clear error; any other refusal fails.
    """
    try:
        feed = to_ics(timeline)
    except FeedError as error:
        if "beyond the years 1 to 9999 that iCalendar can carry" not in error.rule:
            raise
        return record(case, "clear error")
    assert loads_ics(feed) == timeline
    return record(case, "handled")


def record(case: str, outcome: str) -> str:
    """Count one case of ``case`` that came to ``outcome``; return ``outcome``."""
    TALLY[case, outcome] += 1
    return outcome


def rich_bri() -> Timeline:
    """The BRI data, with coordinates, repeats (by count, and until a day) and a revision."""
    bri = load_bri()
    apec = attrs.evolve(
        bri.get("apec-summit-2024"),
        location=Location("Lima", latitude=-12.05, longitude=-77.04),
        recurrence=Recurrence(Frequency.YEARLY, count=5),
    )
    chancay = attrs.evolve(
        bri.get("chancay-port-inauguration"),
        recurrence=Recurrence(Frequency.MONTHLY, interval=3, until=date(2030, 1, 1)),
    )
    lima = ZoneInfo("America/Lima")
    meeting = attrs.evolve(
        bri.get("bri-meeting-lima"),
        time=TimeSpan(
            datetime(2024, 11, 8, 9, tzinfo=lima), datetime(2024, 11, 8, 13, tzinfo=lima)
        ),
        url="https://example.org/meeting",
        revision=2,
    )
    changed = {apec.id, chancay.id, meeting.id}
    others = [event for event in bri if event.id not in changed]
    return Timeline([*others, apec, chancay, meeting], info=bri.info)
