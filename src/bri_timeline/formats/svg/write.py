"""Draw a timeline as an SVG picture: an overview of the whole span and zoomed panels.

Over 400 lines: a fifth of it is this design note; the rest is one renderer whose layout steps
share its measures (the panels, the axes and the text metrics are modules of their own).

The design
----------
Real timelines are lumpy. The BRI data runs from the 19th century to November
2024, and five of its seven events fall in eight days of November 2024: on one
linear axis those eight days are 0.01% of the width, a fraction of a pixel. So
the picture is a stack of panels, each with its own linear axis:

* The **overview** spans everything, so the long events (a century, an
  agreement in place since 2009) are drawn to true scale.
* A **zoomed panel** is made for each dense cluster: two or more short events
  (each under 2% of the panel's span) close together (gaps under 2%), whose
  stretch is at most a tenth of the panel's. The cluster is drawn as a marked
  stretch on the panel above, labelled with the zoomed panel's letter ("A ·
  5 events"), and its events are drawn only in panel A, where they have room.
  Panels nest (at most four levels) when a cluster has clusters of its own.

Why not one broken axis? Its segments share one row of width, so at phone width
each would be too narrow for a label, and the picture of "how long" is lost
at every break. Panels stacked vertically keep each axis honest and linear, use
the full width for every period, and stack naturally on a narrow screen. A
logarithmic axis would distort every duration.

Every event is drawn once, as a ``<g class="event …" data-id="…">`` holding its
bar (``<rect class="bar">``), its label and a ``<title>`` tooltip with the full
title and date. Kinds of time look different, not by colour alone:

* ``exact`` (a timed span or whole days): a solid blue bar; an instant gets the
  class ``instant`` too, and a bar of the minimum width.
* ``partial`` (a month, a year, a decade, a century): a hatched orange bar with
  a dashed outline and faded ends: some time within it, not all of it.
* ``open`` (still going): a solid green bar to the right edge, ending in an
  arrow past the last known date; a partial start is hatched.
* ``floating`` (a wall-clock time with no zone): hatched as ``partial``, over all
  it may cover from UTC+14 to UTC-12; the legend names it when the timeline holds one.
* ``vague`` (EDTF levels 1 and 2): a faded plum bar with whiskers over all it
  may cover, solid where it certainly is, a set as its members, and an arrow
  for an open or unknown side (see ``_vague.py``); the legend names it when the
  timeline holds one.

Layout rules, which the tests check:

* **Lanes.** Each event (with its label) takes a horizontal stretch of its
  panel: the union of its bar and its label, which sits just above the bar and
  starts where the bar starts (shifted left near the right edge). Stretches are
  packed first-fit into rows, so no two bars and no two labels overlap.
* **Labels** are "Title · date", wrapped onto two lines and then cut with an
  ellipsis when wider than the panel; the full text is in the tooltip. Text is
  measured by :mod:`bri_timeline.formats.svg._text_metrics`, which estimates
  generously (DejaVu Sans, the widest common sans-serif, which is named first).
  Tick labels that would touch are skipped.
* **Phone width.** The picture has a ``viewBox`` and ``width="100%"`` (with a
  ``max-width`` of its natural size), so it shrinks to fit a narrow screen; the
  default width of 520 with 14-unit labels keeps labels at about 11 px on a
  400 px phone. Pass a smaller ``width`` for a phone-first page.
* **General.** Any timeline: none, one or thousands of events, years 1 to 9999,
  instants to millennia. Output depends only on the timeline and the arguments
  (no clock, no randomness), so it can be compared in tests and cached.

Axes are in UTC (days float on UTC days, as in spans); a panel whose ticks are
hours says so. All text is XML-escaped; characters XML cannot carry become
U+FFFD.

>>> from datetime import date
>>> from bri_timeline import AllDay, Event, Timeline
>>> svg = to_svg(Timeline([Event("apec", "APEC Summit",
...                              AllDay(date(2024, 11, 13), date(2024, 11, 15)))]))
>>> svg.startswith("<svg") and 'data-id="apec"' in svg
True
"""

from __future__ import annotations

import re
from typing import BinaryIO
from xml.sax.saxutils import escape, quoteattr

import attrs

from bri_timeline.errors import InvalidArgument
from bri_timeline.formats._files import write_utf8
from bri_timeline.formats.svg._panels import Panel, Zoom, span
from bri_timeline.formats.svg._panels import panels as find_panels
from bri_timeline.formats.svg._text_metrics import fit_text, text_width, wrap_text
from bri_timeline.formats.svg._time_axis import MAX_KEY, range_words, step_for, ticks
from bri_timeline.formats.svg._vague import Shape
from bri_timeline.formats.svg._vague import layout as vague_layout
from bri_timeline.formats.svg._vague import marks as vague_marks
from bri_timeline.model.describe import describe
from bri_timeline.model.edtf import to_edtf
from bri_timeline.model.event import Event
from bri_timeline.model.floating import FloatingSpan
from bri_timeline.model.keys import OPEN_END, US_PER_DAY, date_key
from bri_timeline.model.text import FORBIDDEN
from bri_timeline.model.times import OpenEnded, PartialDate, TimeSpan
from bri_timeline.model.vague import Vague
from bri_timeline.timeline import Timeline, check_timeline

__all__ = ["DEFAULT_WIDTH", "MAX_WIDTH", "MIN_WIDTH", "to_svg", "write_svg"]

DEFAULT_WIDTH = 520
"""The natural width of the picture, in CSS pixels (the width of its ``viewBox``)."""
MIN_WIDTH = 280
"""The narrowest picture :func:`to_svg` draws."""
MAX_WIDTH = 10_000
"""The widest picture :func:`to_svg` draws."""

FONT = "'DejaVu Sans', Verdana, Geneva, sans-serif"
_MARGIN = 12
_TITLE, _SUBTITLE, _HEADER, _LABEL, _TICK, _LEGEND = 20, 13, 14, 14, 12, 13
_LINE = 1.25  # line height, in font sizes
_BAR = 10
_ROW_GAP = 10
_GAP_X = 12  # between two stretches in one row
_MIN_BAR = 4
_MIN_ZOOM_BAR = 6
_ARROW = 10
_INK, _MUTED, _RULE, _GRID = "#1a1a1a", "#555555", "#8a8a8a", "#e4e4e4"
_EXACT, _PARTIAL, _PARTIAL_BG, _OPEN = "#1f5fa8", "#a84f00", "#fbe1c8", "#2a7a4b"
_ZOOM_FILL, _ZOOM_LINE = "#e9e3f5", "#5b3f99"
_SEPARATOR = " · "

_LABEL_LIMIT = 100  # events in a panel; past it, bars only, and titles in tooltips
_PAD = 0.03  # of a panel's span, on each side

_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def _text(value: str) -> str:
    """XML character data: escaped, with characters XML cannot hold replaced."""
    return escape(_NOT_XML.sub("\ufffd", value))


def _attr(value: str) -> str:
    return quoteattr(_NOT_XML.sub("\ufffd", value))


def _num(value: float) -> str:
    text = f"{value:.1f}"
    return text[:-2] if text.endswith(".0") else text


def _one_line(value: str) -> str:
    return " ".join(value.split())


# --- laying out one panel ----------------------------------------------------------------


@attrs.frozen
class _Item:
    """A mark and its label, placed on a stretch ``[left, right]`` of a row."""

    kind: str  # "exact", "partial", "floating", "open", "vague" or "zoom"
    bar_x: float
    bar_w: float
    label_x: float
    lines: tuple[tuple[str, str], ...]  # (text, grey date text) per line
    event: Event | None = None
    zoom: Zoom | None = None
    fuzz_w: float = 0.0  # the hatched start of an open-ended bar
    shape: Shape | None = None  # the parts of a vague bar (see _vague.py)

    @property
    def label_w(self) -> float:
        return max((text_width(text + date, _LABEL) for text, date in self.lines), default=0.0)

    @property
    def left(self) -> float:
        return min(self.bar_x, self.label_x)

    @property
    def right(self) -> float:
        return max(self.bar_x + self.bar_w, self.label_x + self.label_w)


def _label_lines(title: str, date: str, width: float) -> tuple[tuple[str, str], ...]:
    tail = _SEPARATOR + date
    if text_width(title + tail, _LABEL) <= width:
        return ((title, tail),)
    lines = wrap_text(title, width, _LABEL, max_lines=2)
    if text_width(lines[-1] + tail, _LABEL) <= width:
        return (*((line, "") for line in lines[:-1]), (lines[-1], tail))
    return (*((line, "") for line in lines), ("", fit_text(date, width, _LABEL)))


def _kind(event: Event) -> str:
    if isinstance(event.time, PartialDate):
        return "partial"
    if isinstance(event.time, OpenEnded):
        return "open"
    if isinstance(event.time, Vague):
        return "vague"
    if isinstance(event.time, FloatingSpan):
        return "floating"
    return "exact"


@attrs.frozen
class _Scale:
    """Keys to x: a linear map of ``[start, end]`` onto ``[left, right]``."""

    start: int
    end: int
    left: float
    right: float

    def __call__(self, key: int) -> float:
        key = min(max(key, self.start), self.end)
        return self.left + (key - self.start) / (self.end - self.start) * (self.right - self.left)


def _scale(panel: Panel, left: float, right: float) -> _Scale:
    pad = max(1, int((panel.hi - panel.lo) * _PAD))
    return _Scale(max(0, panel.lo - pad), min(MAX_KEY, panel.hi + pad), left, right)


def _place(bar_x: float, bar_w: float, lines: tuple[tuple[str, str], ...], right: float) -> float:
    """Where the label starts: at the bar, or further left so that it ends by ``right``."""
    width = max(text_width(text + date, _LABEL) for text, date in lines)
    return min(bar_x, right - width)


def _event_item(event: Event, scale: _Scale, left: float, right: float, *, labelled: bool) -> _Item:
    kind = _kind(event)
    start, end = span(event)
    bar_x = scale(start)
    shape = None
    if isinstance(event.time, Vague):
        bar_x, bar_w, shape = vague_layout(event.time, scale, scale.left - 4, right)
    elif kind == "open":
        bar_w = max(_MIN_BAR, right - _ARROW - bar_x)
        bar_x = min(bar_x, right - _ARROW - bar_w)
    else:
        bar_w = max(_MIN_BAR, scale(end) - bar_x)
        bar_x = min(bar_x, scale.right - bar_w)
    fuzz = 0.0
    if isinstance(event.time, OpenEnded) and isinstance(event.time.start, PartialDate):
        period = event.time.start
        fuzz = min(bar_w, max(8.0, scale(span(event)[0] + _period(period)) - scale(start)))
    if not labelled:
        return _Item(kind, bar_x, bar_w, bar_x, (), event=event, fuzz_w=fuzz, shape=shape)
    lines = _label_lines(_one_line(event.title), describe(event.time), right - left)
    label_x = _place(bar_x, bar_w, lines, right)
    return _Item(kind, bar_x, bar_w, label_x, lines, event=event, fuzz_w=fuzz, shape=shape)


def _period(value: PartialDate) -> int:
    return date_key(value.last_day) + US_PER_DAY - date_key(value.first_day)


def _zoom_item(zoom: Zoom, scale: _Scale, left: float, right: float) -> _Item:
    bar_x = scale(zoom.lo)
    bar_w = max(_MIN_ZOOM_BAR, scale(zoom.hi) - bar_x)
    bar_x = min(bar_x, scale.right - bar_w)
    count = f"{zoom.count} event" + ("" if zoom.count == 1 else "s")
    lines = ((f"{zoom.name}", f"{_SEPARATOR}{count} zoomed in below"),)
    if text_width("".join(lines[0]), _LABEL) > right - left:
        lines = ((zoom.name, _SEPARATOR + count),)
    return _Item("zoom", bar_x, bar_w, _place(bar_x, bar_w, lines, right), lines, zoom=zoom)


def _rows(items: list[_Item], gap: float) -> list[list[_Item]]:
    """Items packed first-fit into rows so that stretches in a row stay apart."""
    rows: list[list[_Item]] = []
    reach: list[float] = []
    # Any order keeps rows apart (a row's reach only grows); this one reads in time order.
    order = sorted(range(len(items)), key=lambda i: (items[i].bar_x, i))
    for index in order:
        item = items[index]
        for row, end in enumerate(reach):
            if end + gap <= item.left:
                rows[row].append(item)
                reach[row] = item.right
                break
        else:
            rows.append([item])
            reach.append(item.right)
    return rows


# --- drawing -------------------------------------------------------------------------------


def _text_element(
    x: float,
    y: float,
    size: int,
    text: str,
    *,
    grey: str = "",
    bold: bool = False,
    anchor: str = "start",
    fill: str = _INK,
    cls: str = "",
) -> str:
    attributes = f'x="{_num(x)}" y="{_num(y)}" font-size="{size}"'
    if bold:
        attributes += ' font-weight="bold"'
    if anchor != "start":
        attributes += f' text-anchor="{anchor}"'
    if cls:
        attributes += f' class="{cls}"'
    body = _text(text)
    if grey:
        body += f'<tspan fill="{_MUTED}">{_text(grey)}</tspan>'
    return f'<text {attributes} fill="{fill}">{body}</text>'


def _rect(x: float, y: float, w: float, h: float, extra: str) -> str:
    return f'<rect x="{_num(x)}" y="{_num(y)}" width="{_num(w)}" height="{_num(h)}" {extra}/>'


def _bar(item: _Item, y: float) -> list[str]:
    x, w = item.bar_x, item.bar_w
    if item.kind == "exact":
        return [_rect(x, y, w, _BAR, f'class="bar" fill="{_EXACT}" rx="2"')]
    if item.kind in ("partial", "floating"):  # some time within it
        look = (
            f'class="bar" fill="url(#bt-hatch)" stroke="{_PARTIAL}" stroke-width="1" '
            'stroke-dasharray="3 2" mask="url(#bt-fuzzy)"'
        )
        return [_rect(x, y, w, _BAR, look)]
    if item.kind == "vague":
        return vague_marks(x, w, y, _BAR, item.shape or Shape())
    if item.kind == "zoom":
        look = f'class="bar" fill="{_ZOOM_FILL}" stroke="{_ZOOM_LINE}" stroke-width="1.5" rx="2"'
        return [_rect(x, y - 2, w, _BAR + 4, look)]
    parts = [_rect(x, y, w, _BAR, f'class="bar" fill="{_OPEN}"')]
    if item.fuzz_w:
        parts.append(_rect(x, y, item.fuzz_w, _BAR, 'class="fuzz" fill="url(#bt-hatch)"'))
    tip = x + w + _ARROW
    points = f"{_num(x + w)},{_num(y - 3)} {_num(tip)},{_num(y + _BAR / 2)} {_num(x + w)},"
    points += _num(y + _BAR + 3)
    parts.append(f'<polygon class="arrow" points="{points}" fill="{_OPEN}"/>')
    return parts


def _tooltip(item: _Item) -> str:
    if item.event is not None:
        event = item.event
        return f"{_one_line(event.title)} — {describe(event.time)} ({to_edtf(event.time)})"
    assert item.zoom is not None
    return f"{item.zoom.count} events, drawn larger in panel {item.zoom.name}"


def _row_size(lines: int) -> tuple[float, float]:
    """Where a row's bars sit below its top, and the row's height, for labels of ``lines``."""
    if not lines:
        return 3, 3 + _BAR + 6  # room for an arrow's points
    above = lines * _LABEL * _LINE + 5
    return above, above + _BAR + _ROW_GAP


def _item_svg(item: _Item, bar_y: float, panel: str) -> list[str]:
    if item.event is not None:
        classes = f"event {item.kind}"
        if isinstance(item.event.time, TimeSpan) and item.event.time.is_instant:
            classes += " instant"
        head = f'<g class="{classes}" data-id={_attr(item.event.id)} data-panel="{panel}">'
    else:
        assert item.zoom is not None
        head = f'<g class="zoom" data-zoom="{item.zoom.name}" data-panel="{panel}">'
    parts = [head, f"<title>{_text(_tooltip(item))}</title>", *_bar(item, bar_y)]
    count = len(item.lines)
    for number, (text, grey) in enumerate(item.lines):
        baseline = bar_y - 7 - (count - 1 - number) * _LABEL * _LINE
        parts.append(
            _text_element(
                item.label_x,
                baseline,
                _LABEL,
                text,
                grey=grey,
                fill=_ZOOM_LINE if item.kind == "zoom" else _INK,
            )
        )
    parts.append("</g>")
    return parts


def _axis(scale: _Scale, top: float, axis_y: float, right: float) -> list[str]:
    parts = [
        f'<line class="axis" x1="{_num(scale.left)}" y1="{_num(axis_y)}" '
        f'x2="{_num(right)}" y2="{_num(axis_y)}" stroke="{_RULE}"/>'
    ]
    reach = -1e9
    labelled = False
    for tick in ticks(scale.start, scale.end, scale.right - scale.left):
        x = scale(tick.key)
        parts.append(
            f'<line class="grid" x1="{_num(x)}" y1="{_num(top)}" x2="{_num(x)}" '
            f'y2="{_num(axis_y + 5)}" stroke="{_GRID}"/>'
        )
        # The first label shown names the year (later ones only at a new year).
        label = tick.label if labelled else tick.long_label
        half = text_width(label, _TICK) / 2
        if x - half < max(reach + 6, _MARGIN) or x + half > right:
            continue
        reach = x + half
        labelled = True
        parts.append(
            _text_element(
                x, axis_y + 5 + _TICK, _TICK, label, anchor="middle", fill=_MUTED, cls="tick"
            )
        )
    return parts


def _panel_svg(panel: Panel, top: float, width: int) -> tuple[list[str], float]:
    """The SVG of one panel starting at ``top``, and the y where it ends."""
    left, right = float(_MARGIN), float(width - _MARGIN)
    has_open = any(span(event)[1] == OPEN_END for event in panel.events)
    scale = _scale(panel, left + 4, right - 4 - (_ARROW + 4 if has_open else 0))
    labelled = len(panel.events) <= _LABEL_LIMIT
    items = [
        _event_item(event, scale, left + 4, right - 4, labelled=labelled) for event in panel.events
    ]
    items += [_zoom_item(zoom, scale, left + 4, right - 4) for zoom in panel.zooms]
    rows = _rows(items, _GAP_X if labelled else 2)

    words = range_words(panel.lo, panel.hi)
    unit, _ = step_for(scale.start, scale.end, scale.right - scale.left)
    utc = " (UTC)" if unit in ("hour", "minute") and not words.endswith("UTC") else ""
    header = f"Zoom {panel.name} · {words}{utc}" if panel.name else f"Whole span · {words}{utc}"
    if not labelled:
        header += f" · {len(panel.events)} events, titles on hover"
    header_y = top + 6 + _HEADER
    body = [
        _text_element(
            left + 4,
            header_y,
            _HEADER,
            fit_text(header, right - left - 8, _HEADER, bold=True),
            bold=True,
            cls="header",
        )
    ]
    row_top = header_y + 8
    marks: list[str] = []
    for row in rows:
        above, height = _row_size(max(len(item.lines) for item in row))
        for item in sorted(row, key=lambda item: item.left):
            marks.extend(_item_svg(item, row_top + above, panel.name))
        row_top += height
    axis_y = row_top + 2
    grid = _axis(scale, header_y + 8, axis_y, right - 4)
    bottom = axis_y + 5 + _TICK * _LINE + 6
    kind = "zoomed" if panel.name else "overview"
    background = _rect(
        left, top, right - left, bottom - top, 'class="backdrop" fill="#f7f7f7" rx="6"'
    )
    name = f' data-panel="{panel.name}"' if panel.name else ' data-panel=""'
    svg = [f'<g class="panel {kind}"{name}>', background, *grid, *body, *marks, "</g>"]
    return svg, bottom


_DEFS = f"""<defs>
<pattern id="bt-hatch" patternUnits="userSpaceOnUse" width="6" height="6" \
patternTransform="rotate(45)"><rect width="6" height="6" fill="{_PARTIAL_BG}"/>\
<rect width="2.5" height="6" fill="{_PARTIAL}"/></pattern>
<linearGradient id="bt-fade"><stop offset="0" stop-color="#fff" stop-opacity="0.2"/>\
<stop offset="0.25" stop-color="#fff"/><stop offset="0.75" stop-color="#fff"/>\
<stop offset="1" stop-color="#fff" stop-opacity="0.2"/></linearGradient>
<mask id="bt-fuzzy" maskContentUnits="objectBoundingBox">\
<rect width="1" height="1" fill="url(#bt-fade)"/></mask>
</defs>"""


def _legend(
    top: float, width: int, zoomed: bool, vague: bool, *, floating: bool = False
) -> tuple[list[str], float]:
    entries = [
        ("exact", "Exact day or time"),
        ("partial", "Partial: month, year, decade, century"),
        ("open", "Open-ended: still going"),
    ]
    if floating:
        entries.append(("floating", "Floating: a wall-clock time, over all zones"))
    if vague:
        entries.append(("vague", "Vague (c., ?, one of): faded over all it may cover"))
    if zoomed:
        entries.append(("zoom", "Shown zoomed in below"))
    parts = ['<g class="legend">']
    x, y = float(_MARGIN), top
    right = width - _MARGIN
    swatch = 26
    for kind, words in entries:
        label = fit_text(words, right - _MARGIN - swatch - 6, _LEGEND)
        size = swatch + 6 + text_width(label, _LEGEND)
        if x > _MARGIN and x + size > right:
            x, y = float(_MARGIN), y + _LEGEND * _LINE + 6
        item = _Item(kind, x, swatch - (_ARROW if kind == "open" else 0), x, (), shape=Shape())
        parts.append(f'<g class="key {kind}">')
        parts.extend(_bar(item, y + _LEGEND / 2 - _BAR / 2 - 4))
        parts.append(_text_element(x + swatch + 6, y + _LEGEND - 3, _LEGEND, label))
        parts.append("</g>")
        x += size + 16
    parts.append("</g>")
    return parts, y + _LEGEND * _LINE + 4


def to_svg(timeline: Timeline, *, title: str | None = None, width: int = DEFAULT_WIDTH) -> str:
    """Draw a timeline as a standalone SVG document (text, no XML declaration).

    Args:
        timeline: The events to draw.
        title: The heading; defaults to the timeline's name, or "Timeline".
        width: The picture's natural width in CSS pixels (it shrinks to fit a
            narrower screen), from :data:`~bri_timeline.formats.svg.write.MIN_WIDTH` to
            :data:`~bri_timeline.formats.svg.write.MAX_WIDTH`.

    Returns:
        The SVG text, ending in a newline.

    Raises:
        InvalidArgument: ``timeline`` is not a Timeline, ``width`` is not an int in
            range, or ``title`` is not a string or holds a control character.

    >>> to_svg(Timeline(), width=100)
    Traceback (most recent call last):
    ...
    bri_timeline.errors.InvalidArgument: argument width: must be an int from 280 to 10000 (got 100)
    """
    if isinstance(width, bool) or not isinstance(width, int) or not MIN_WIDTH <= width <= MAX_WIDTH:
        raise InvalidArgument("width", f"must be an int from {MIN_WIDTH} to {MAX_WIDTH}", width)
    check_timeline(timeline)
    if title is not None and not isinstance(title, str):
        raise InvalidArgument("title", "must be a string", title)
    if title is not None and (bad := FORBIDDEN.search(title)):
        # The model's rule for text: SVG (XML) cannot carry these either.
        rule = f"must not hold the control character U+{ord(bad.group()):04X}"
        raise InvalidArgument("title", rule, title)
    heading = _one_line(title or "") or _one_line(timeline.info.name) or "Timeline"
    panels = find_panels(list(timeline))

    parts: list[str] = []
    y = 8.0
    for line in wrap_text(heading, width - 2 * _MARGIN, _TITLE, bold=True):
        y += _TITLE * _LINE
        parts.append(_text_element(_MARGIN, y - 5, _TITLE, line, bold=True, cls="title"))
    count = len(timeline)
    summary = f"{count} event" + ("" if count == 1 else "s")
    if panels:
        summary += f" · {range_words(panels[0].lo, panels[0].hi)}"
        if len(panels) > 1:
            names = ", ".join(panel.name for panel in panels[1:])
            summary += f" · busy periods zoomed in: {names}"
    summary = fit_text(summary, width - 2 * _MARGIN, _SUBTITLE)
    y += _SUBTITLE * _LINE + 2
    parts.append(_text_element(_MARGIN, y - 3, _SUBTITLE, summary, fill=_MUTED, cls="summary"))
    vague = any(isinstance(event.time, Vague) for event in timeline)
    floating = any(isinstance(event.time, FloatingSpan) for event in timeline)
    legend, y = _legend(y + 10, width, len(panels) > 1, vague, floating=floating)
    parts.extend(legend)
    if not panels:
        y += _LABEL * _LINE + 8
        parts.append(_text_element(_MARGIN, y, _LABEL, "No events to show.", fill=_MUTED))
    for panel in panels:
        drawn, y = _panel_svg(panel, y + 10, width)
        parts.extend(drawn)
    height = round(y + _MARGIN)

    description = f"{summary}. Each event is a bar with its title and date."
    head = (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="bri-timeline" '
        f'viewBox="0 0 {width} {height}" width="100%" '
        f'style="max-width:{width}px;height:auto" role="img" '
        f'aria-labelledby="bt-title bt-desc" font-family="{FONT}">'
    )
    return (
        "\n".join(
            [
                head,
                f'<title id="bt-title">{_text(heading)}</title>',
                f'<desc id="bt-desc">{_text(description)}</desc>',
                _DEFS,
                f'<rect class="page" width="{width}" height="{height}" fill="#ffffff"/>',
                *parts,
                "</svg>",
            ]
        )
        + "\n"
    )


def write_svg(
    timeline: Timeline, file: BinaryIO, *, title: str | None = None, width: int = DEFAULT_WIDTH
) -> None:
    """Write the picture of :func:`to_svg` to a binary file, in UTF-8.

    Raises:
        InvalidArgument: ``file`` is not an open binary file, or as :func:`to_svg`.
    """
    write_utf8(file, lambda: to_svg(timeline, title=title, width=width))
