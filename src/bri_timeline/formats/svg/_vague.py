"""How the picture draws a vague time: faded over all it may cover, never as a day it is not.

* the possible range (the fuzzy span) is a faded plum bar with whiskers at its
  ends, so "c. 1850" reads as a stretch around 1850, not as 1 January 1850;
* what it certainly covers (an interval's core, from its latest start to its
  earliest end) is drawn solid on top;
* a set is its members, each a faded mark, joined by a dotted line over their
  hull (the hull itself is not a claim);
* an open or unknown end is an arrow to the edge of the panel, at either side.
"""

from __future__ import annotations

from collections.abc import Callable

import attrs

from bri_timeline.model.keys import OPEN_END, OPEN_START
from bri_timeline.model.vague import Vague

__all__ = ["VAGUE", "Shape", "layout", "marks"]

VAGUE, _VAGUE_BG = "#8a2b7a", "#f1d9ec"
_ARROW = 10
_MIN = 4.0


def _num(value: float) -> str:
    text = f"{value:.1f}"
    return text[:-2] if text.endswith(".0") else text


@attrs.frozen
class Shape:
    """The parts of a vague bar, in x: members and the certain core, and open sides."""

    members: tuple[tuple[float, float], ...] = ()
    core: tuple[float, float] | None = None
    open_start: bool = False
    open_end: bool = False


def layout(
    time: Vague, to_x: Callable[[int], float], left: float, right: float
) -> tuple[float, float, Shape]:
    """The bar's x and width within ``[left, right]``, and its shape."""
    open_start = time._start <= OPEN_START or time._ends[0] <= OPEN_START
    open_end = time._end >= OPEN_END
    lo = left + _ARROW if open_start else to_x(time._start)
    hi = right - _ARROW if open_end else to_x(time._end)
    width = max(_MIN, hi - lo)
    lo = min(lo, right - width)
    members = tuple(
        (to_x(start), max(_MIN, to_x(end) - to_x(start)))
        for start, end in (time._members or ())
        if start > OPEN_START and end < OPEN_END
    )
    core_lo, core_hi = time._core
    core = None
    if core_lo < core_hi:
        first = lo if core_lo <= OPEN_START else to_x(core_lo)
        last = lo + width if core_hi >= OPEN_END else to_x(core_hi)
        core = (first, max(1.0, last - first))
    return lo, width, Shape(members, core, open_start, open_end)


def _rect(x: float, y: float, w: float, h: float, extra: str) -> str:
    return f'<rect x="{_num(x)}" y="{_num(y)}" width="{_num(w)}" height="{_num(h)}" {extra}/>'


def marks(x: float, w: float, y: float, height: float, shape: Shape) -> list[str]:
    """The SVG elements of a vague bar at ``y``."""
    mid = y + height / 2
    parts: list[str] = []
    if shape.members:
        parts.append(
            _rect(x, y, w, height, 'class="bar" fill="none" stroke="none"')
            + f'<line class="hull" x1="{_num(x)}" y1="{_num(mid)}" x2="{_num(x + w)}" '
            f'y2="{_num(mid)}" stroke="{VAGUE}" stroke-width="1" stroke-dasharray="2 3"/>'
        )
        parts.extend(
            _rect(mx, y, mw, height, f'class="member" fill="{VAGUE}" fill-opacity="0.45" rx="2"')
            for mx, mw in shape.members
        )
    else:
        parts.append(
            _rect(x, y + 2, w, height - 4, f'class="bar" fill="{_VAGUE_BG}" mask="url(#bt-fuzzy)"')
        )
        ends = [] if shape.open_start else [x]
        ends += [] if shape.open_end else [x + w]
        parts.append(
            f'<line class="whisker" x1="{_num(x)}" y1="{_num(mid)}" x2="{_num(x + w)}" '
            f'y2="{_num(mid)}" stroke="{VAGUE}" stroke-width="1.5"/>'
        )
        parts.extend(
            f'<line class="whisker" x1="{_num(end)}" y1="{_num(y)}" x2="{_num(end)}" '
            f'y2="{_num(y + height)}" stroke="{VAGUE}" stroke-width="1.5"/>'
            for end in ends
        )
    if shape.core is not None:
        core_x, core_w = shape.core
        parts.append(_rect(core_x, y, core_w, height, f'class="core" fill="{VAGUE}"'))
    for side, base in ((shape.open_end, x + w), (shape.open_start, x)):
        if side:
            tip = base + (_ARROW if base > x else -_ARROW)
            points = f"{_num(base)},{_num(y - 3)} {_num(tip)},{_num(mid)} "
            points += f"{_num(base)},{_num(y + height + 3)}"
            parts.append(f'<polygon class="arrow" points="{points}" fill="{VAGUE}"/>')
    return parts
