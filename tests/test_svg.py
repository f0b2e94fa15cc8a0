"""The SVG renderer: well-formed, one mark per event, lanes and labels apart, kinds told apart.

The layout checks re-measure every label with the renderer's own text estimate
and require that no two text boxes, and no two marks, intersect, and that no text
crosses a mark. A last test draws the BRI picture in headless Chromium.
"""

from __future__ import annotations

import os
import shutil
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from xml.etree import ElementTree as ET

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st
from tests._chromium import chromium, near, png_pixels, screenshot

from bri_timeline import (
    AllDay,
    Event,
    FloatingSpan,
    InvalidArgument,
    OpenEnded,
    PartialDate,
    Timeline,
    TimelineInfo,
    TimeSpan,
    load_bri,
)
from bri_timeline.formats.svg._text_metrics import text_width
from bri_timeline.formats.svg.write import DEFAULT_WIDTH, MIN_WIDTH, to_svg
from bri_timeline.strategies import events, open_ended, partial_dates, timelines

NS = "{http://www.w3.org/2000/svg}"


@attrs.frozen
class Box:
    x0: float
    y0: float
    x1: float
    y1: float
    what: str

    def meets(self, other: Box) -> bool:
        return (
            self.x0 < other.x1 and other.x0 < self.x1 and self.y0 < other.y1 and other.y0 < self.y1
        )


def _parse(svg: str) -> ET.Element:
    root = ET.fromstring(svg)
    assert root.tag == f"{NS}svg"
    return root


def _size(root: ET.Element) -> tuple[float, float]:
    _, _, width, height = map(float, root.attrib["viewBox"].split())
    return width, height


def _text_boxes(root: ET.Element) -> list[Box]:
    boxes = []
    for element in root.iter(f"{NS}text"):
        text = "".join(element.itertext())
        if not text:
            continue
        size = float(element.attrib["font-size"])
        width = text_width(text, size, bold=element.get("font-weight") == "bold")
        x, y = float(element.attrib["x"]), float(element.attrib["y"])
        anchor = element.get("text-anchor", "start")
        left = {"start": x, "middle": x - width / 2, "end": x - width}[anchor]
        boxes.append(Box(left, y - 0.95 * size, left + width, y + 0.25 * size, text))
    return boxes


def _shape_box(element: ET.Element, what: str) -> Box:
    if element.tag == f"{NS}rect":
        x, y = float(element.attrib["x"]), float(element.attrib["y"])
        w, h = float(element.attrib["width"]), float(element.attrib["height"])
        return Box(x, y, x + w, y + h, what)
    points = [tuple(map(float, p.split(","))) for p in element.attrib["points"].split()]
    xs, ys = [p[0] for p in points], [p[1] for p in points]
    return Box(min(xs), min(ys), max(xs), max(ys), what)


def _union(boxes: list[Box]) -> Box:
    return Box(
        min(b.x0 for b in boxes),
        min(b.y0 for b in boxes),
        max(b.x1 for b in boxes),
        max(b.y1 for b in boxes),
        boxes[0].what,
    )


def _marks(root: ET.Element) -> dict[str, Box]:
    """Each event's and zoom marker's drawn shape (bar, arrow, hatched start), by name."""
    found = {}
    for group in root.iter(f"{NS}g"):
        classes = group.get("class", "").split()
        if "event" not in classes and "zoom" not in classes:
            continue
        name = group.get("data-id") or f"zoom {group.get('data-zoom')}"
        shapes = [
            _shape_box(child, name) for child in group if child.tag in (f"{NS}rect", f"{NS}polygon")
        ]
        assert shapes, name
        found[name] = _union(shapes)
    return found


def _event_groups(root: ET.Element) -> list[ET.Element]:
    return [g for g in root.iter(f"{NS}g") if "event" in g.get("class", "").split()]


def _no_two_meet(boxes: list[Box]) -> None:
    """Sweep by x0: no two boxes intersect (fast enough for thousands)."""
    ordered = sorted(boxes, key=lambda b: b.x0)
    active: list[Box] = []
    for box in ordered:
        active = [b for b in active if b.x1 > box.x0]
        for other in active:
            assert not box.meets(other), (box, other)
        active.append(box)


def check_layout(timeline: Timeline, svg: str) -> ET.Element:
    root = _parse(svg)
    width, height = _size(root)
    assert root.attrib["width"] == "100%"
    # One mark per event, and every event has one.
    groups = _event_groups(root)
    ids = [g.attrib["data-id"] for g in groups]
    assert sorted(ids) == sorted(event.id for event in timeline)
    assert len(ids) == len(set(ids))
    marks = _marks(root)
    texts = _text_boxes(root)
    # Lanes: marks never meet; labels never meet; no label crosses a mark.
    _no_two_meet(list(marks.values()))
    _no_two_meet(texts)
    _no_two_meet([*marks.values(), *texts])
    # Everything is inside the picture.
    for box in [*marks.values(), *texts]:
        assert box.x0 >= 0, box
        assert box.x1 <= width, box
        assert box.y0 >= 0, box
        assert box.y1 <= height, box
    return root


def _kind_of(event: Event) -> str:
    if isinstance(event.time, PartialDate):
        return "partial"
    if isinstance(event.time, OpenEnded):
        return "open"
    if isinstance(event.time, FloatingSpan):
        return "floating"
    return "exact"


# --- properties -----------------------------------------------------------------------


@given(timelines())
def test_generated_timelines_lay_out_cleanly(timeline: Timeline) -> None:
    check_layout(timeline, to_svg(timeline))


def _crowded_times() -> st.SearchStrategy[AllDay | TimeSpan | PartialDate | OpenEnded]:
    """Times bunched into November 2024 and one morning, among long and open ones."""
    days = st.builds(
        lambda day, length: AllDay(day, day + timedelta(days=length)),
        st.dates(date(2024, 11, 1), date(2024, 11, 30)),
        st.integers(0, 3),
    )
    moments = st.builds(
        lambda minute: TimeSpan(datetime(2024, 11, 8, 9, tzinfo=UTC) + timedelta(minutes=minute)),
        st.integers(0, 240),
    )
    return st.one_of(days, moments, partial_dates(), open_ended())


@given(timelines(max_size=30, event=events(time=_crowded_times())))
def test_crowded_timelines_lay_out_cleanly(timeline: Timeline) -> None:
    root = check_layout(timeline, to_svg(timeline))
    # Every zoom marker names a panel that exists, below the one it is drawn in.
    panels = [g.get("data-panel") for g in root.iter(f"{NS}g") if "panel" in g.get("class", "")]
    for group in root.iter(f"{NS}g"):
        if group.get("class") == "zoom":
            assert panels.index(group.get("data-zoom")) > panels.index(group.get("data-panel"))


@given(timelines(max_size=8), st.integers(MIN_WIDTH, 900))
def test_any_width_lays_out_cleanly(timeline: Timeline, width: int) -> None:
    root = check_layout(timeline, to_svg(timeline, width=width))
    assert _size(root)[0] == width


@given(st.lists(events(), min_size=1, max_size=10, unique_by=lambda e: e.id))
def test_kinds_are_drawn_with_their_own_classes(found: list[Event]) -> None:
    timeline = Timeline(found)
    root = _parse(to_svg(timeline))
    for group in _event_groups(root):
        event = timeline.get(group.attrib["data-id"])
        classes = set(group.attrib["class"].split())
        kinds = classes & {"exact", "partial", "open", "floating"}
        assert kinds == {_kind_of(event)}
        is_instant = isinstance(event.time, TimeSpan) and event.time.is_instant
        assert ("instant" in classes) == is_instant
        assert group.find(f"{NS}title") is not None


# --- the BRI picture --------------------------------------------------------------------


def test_bri_has_title_legend_and_every_event() -> None:
    timeline = load_bri()
    root = check_layout(timeline, to_svg(timeline))
    assert root.findtext(f"{NS}title") == "Peru–China Belt and Road, November 2024"
    heading = [t for t in root.iter(f"{NS}text") if t.get("class") == "title"]
    assert " ".join("".join(t.itertext()) for t in heading) == root.findtext(f"{NS}title")
    legend = next(g for g in root.iter(f"{NS}g") if g.get("class") == "legend")
    keys = {g.get("class") for g in legend.iter(f"{NS}g")} - {"legend"}
    assert keys == {"key exact", "key partial", "key open", "key zoom"}
    assert len(_event_groups(root)) == 7


def test_bri_zooms_into_november_2024() -> None:
    root = _parse(to_svg(load_bri()))
    by_panel: dict[str, set[str]] = {}
    for group in _event_groups(root):
        by_panel.setdefault(group.attrib["data-panel"], set()).add(group.attrib["data-id"])
    assert by_panel[""] == {"chinese-immigration-peru", "peru-china-fta"}
    assert by_panel["A"] == {
        "bri-meeting-lima",
        "belt-and-road-portal-spanish",
        "bri-latin-america-liaison-office",
        "apec-summit-2024",
        "chancay-port-inauguration",
    }
    headers = ["".join(t.itertext()) for t in root.iter(f"{NS}text") if t.get("class") == "header"]
    assert headers == ["Whole span · 1800–2024", "Zoom A · 8–15 Nov 2024"]
    zoom = next(g for g in root.iter(f"{NS}g") if g.get("class") == "zoom")
    assert (zoom.get("data-zoom"), zoom.get("data-panel")) == ("A", "")
    assert "5 events" in "".join(zoom.itertext())


def test_bri_kinds() -> None:
    root = _parse(to_svg(load_bri()))
    classes = {g.attrib["data-id"]: g.attrib["class"] for g in _event_groups(root)}
    assert classes["chinese-immigration-peru"] == "event partial"
    assert classes["peru-china-fta"] == "event open"
    assert classes["apec-summit-2024"] == "event exact"
    fta = next(g for g in _event_groups(root) if g.attrib["data-id"] == "peru-china-fta")
    assert fta.find(f"{NS}polygon[@class='arrow']") is not None
    assert fta.find(f"{NS}rect[@class='fuzz']") is not None  # "since 2009": the year is hatched


def test_wide_events_are_drawn_to_scale() -> None:
    root = _parse(to_svg(load_bri()))
    marks = _marks(root)
    century = marks["chinese-immigration-peru"]
    width = _size(root)[0]
    # The 19th century is 100 of the ~232 years on the overview axis.
    assert 0.35 < (century.x1 - century.x0) / width < 0.5
    # An open end runs to the right edge.
    assert marks["peru-china-fta"].x1 > width - 20


# --- general timelines --------------------------------------------------------------------


def test_empty_timeline() -> None:
    root = check_layout(Timeline(), to_svg(Timeline()))
    assert root.findtext(f"{NS}title") == "Timeline"
    assert "No events to show." in "".join(root.itertext())
    assert any(g.get("class") == "legend" for g in root.iter(f"{NS}g"))


def test_one_event_and_one_instant() -> None:
    day = Timeline([Event("one", "One day", AllDay(date(2024, 11, 14)))])
    check_layout(day, to_svg(day))
    instant = Timeline([Event("now", "An instant", TimeSpan(datetime(2024, 11, 8, 9, tzinfo=UTC)))])
    root = check_layout(instant, to_svg(instant))
    headers = ["".join(t.itertext()) for t in root.iter(f"{NS}text") if t.get("class") == "header"]
    assert headers[0] == "Whole span · 8 Nov 2024 08:30–09:30 UTC"


def _many(count: int) -> Timeline:
    """A deterministic mix of kinds over four centuries, with clusters."""
    found = []
    for number in range(count):
        kind = number % 5
        year = 1700 + (number * 37) % 330
        day = date(year, 1 + number % 12, 1 + number % 28)
        time: AllDay | PartialDate | OpenEnded | TimeSpan
        if kind == 0:
            time = AllDay(day, day + timedelta(days=number % 40))
        elif kind == 1:
            time = PartialDate.of_year(year)
        elif kind == 2:
            time = TimeSpan(datetime(2024, 11, 8, number % 24, tzinfo=UTC))
        elif kind == 3:
            time = AllDay(date(2024, 11, 1 + number % 28))
        else:
            time = OpenEnded(day) if number % 50 == 4 else PartialDate.of_decade(year - year % 10)
        found.append(Event(f"e{number}", f"Event number {number}", time))
    return Timeline(found)


def test_a_thousand_events() -> None:
    timeline = _many(1000)
    svg = to_svg(timeline)
    root = check_layout(timeline, svg)
    panels = {g.get("data-panel") for g in root.iter(f"{NS}g") if "panel" in g.get("class", "")}
    assert len(panels) >= 2  # the clusters in November 2024 get panels of their own


def _seconds_apart(start: datetime, count: int) -> list[Event]:
    return [Event(f"s{i}", "S", TimeSpan(start + timedelta(seconds=i))) for i in range(count)]


@pytest.mark.parametrize(
    "found",
    [
        [Event("a", "A", AllDay(date(1, 1, 1))), Event("b", "B", AllDay(date(9999, 12, 30)))],
        [
            Event("a", "A", PartialDate.of_century(9900)),
            Event("b", "B", OpenEnded(date(9999, 12, 30))),
        ],
        [Event("a", "A", TimeSpan(datetime(9999, 12, 31, 23, 59, tzinfo=UTC)))],
        [Event("a", "A", TimeSpan(datetime(1, 1, 1, tzinfo=UTC)))],
        _seconds_apart(datetime(9999, 12, 31, 23, tzinfo=UTC), 5),
        [*_seconds_apart(datetime(1, 1, 1, tzinfo=UTC), 5), Event("z", "Z", AllDay(date(1, 1, 3)))],
    ],
    ids=[
        "years-1-to-9999",
        "last-century",
        "last-minute",
        "first-instant",
        "last-hour",
        "first-day",
    ],
)
def test_the_ends_of_the_calendar(found: list[Event]) -> None:
    timeline = Timeline(found)
    root = check_layout(timeline, to_svg(timeline))
    assert any(t.get("class") == "tick" for t in root.iter(f"{NS}text"))


def test_output_is_deterministic() -> None:
    assert to_svg(load_bri()) == to_svg(load_bri())
    assert to_svg(_many(50)) == to_svg(_many(50))


def test_text_is_escaped_and_made_xml_safe() -> None:
    event = Event("x", '<b>&amp;</b> "quoted" \uffff end', AllDay(date(2024, 11, 14)))
    svg = to_svg(Timeline([event], info=TimelineInfo("A & B <c>")))
    root = _parse(svg)
    assert root.findtext(f"{NS}title") == "A & B <c>"
    label = "".join(next(_event_groups(root)[0].iter(f"{NS}text")).itertext())
    assert label.startswith('<b>&amp;</b> "quoted" \ufffd end')


def test_title_argument_and_width() -> None:
    root = _parse(to_svg(load_bri(), title="  My\ntitle ", width=400))
    assert root.findtext(f"{NS}title") == "My title"
    assert _size(root)[0] == 400
    assert _size(_parse(to_svg(load_bri())))[0] == DEFAULT_WIDTH


@pytest.mark.parametrize("width", [MIN_WIDTH - 1, 10_001, True, 520.0, "520"])
def test_bad_width_is_refused(width: object) -> None:
    with pytest.raises(InvalidArgument, match="width"):
        to_svg(load_bri(), width=width)  # type: ignore[arg-type]


# --- a real render --------------------------------------------------------------------------


@pytest.mark.parametrize("window", [DEFAULT_WIDTH, 400])
def test_chromium_draws_the_bri_picture(tmp_path: Path, window: int) -> None:
    browser = chromium()
    svg_text = to_svg(load_bri())
    root = _parse(svg_text)
    width, height = _size(root)
    shown = min(window, width)
    svg = tmp_path / "bri.svg"
    svg.write_text(svg_text, encoding="utf-8")
    png = tmp_path / f"bri-{window}.png"
    size = (window, round(height * shown / width) + 20)
    screenshot(browser, svg, png, size, tmp_path / "profile")
    found_width, found_height, pixels = png_pixels(png.read_bytes())
    assert (found_width, found_height) == size
    inked = sum(1 for pixel in pixels if min(pixel) < 200)
    assert inked > 0.02 * len(pixels), "the screenshot is (nearly) blank"
    # The three kinds of mark are on screen in their colours.
    for color in ("#1f5fa8", "#a84f00", "#2a7a4b"):
        assert sum(1 for pixel in pixels if near(pixel, color)) > 50, color
    # The picture shrank to the window rather than being cut off: ink reaches the bottom half.
    lower = pixels[len(pixels) // 2 :]
    assert sum(1 for pixel in lower if min(pixel) < 200) > 0.01 * len(lower)
    if os.environ.get("BRI_KEEP_SCREENSHOTS"):
        shutil.copy(png, Path(os.environ["BRI_KEEP_SCREENSHOTS"]) / png.name)
