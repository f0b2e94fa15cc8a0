"""The static site: its files, the page's structure and links, atomic writes, and a real render."""

from __future__ import annotations

import itertools
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import textwrap
from datetime import date
from html.parser import HTMLParser
from pathlib import Path
from xml.etree import ElementTree as ET

import attrs
import pytest
from icalendar import Calendar
from tests._chromium import chromium, near, png_pixels, screenshot
from tests._serving import DATA

from bri_timeline import (
    AllDay,
    Event,
    FeedOptions,
    InvalidArgument,
    Source,
    Timeline,
    TimelineInfo,
    load,
    load_bri,
    to_ics,
)
from bri_timeline.delivery.cli import main
from bri_timeline.delivery.site import build_site, feed_links
from bri_timeline.formats.json_document.read import loads_json
from bri_timeline.formats.json_document.write import to_json
from bri_timeline.formats.svg.write import to_svg
from bri_timeline.formats.timelinejs.write import to_timelinejs

BASE = "https://example.org/timelines/bri/"
FILES = ["bri.svg", "bri.json", "bri.timelinejs.json", "bri.ics", "index.html"]
VOID = {"meta", "link", "br", "img", "input", "hr", "wbr", "source", "area", "base", "col"}
SVG_NS = "{http://www.w3.org/2000/svg}"


@attrs.define
class Element:
    tag: str
    attrs: dict[str, str]
    text: str = ""
    parents: tuple[str, ...] = ()


class Page(HTMLParser):
    """Parses a page, checking that every element is closed where it was opened."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[Element] = []
        self.stack: list[Element] = []
        self.doctype = ""
        self.feed(html)
        self.close()
        assert [e.tag for e in self.stack] == [], "unclosed elements"

    def handle_decl(self, decl: str) -> None:
        self.doctype = decl

    def handle_starttag(self, tag: str, attributes: list[tuple[str, str | None]]) -> None:
        element = Element(
            tag, {k: v or "" for k, v in attributes}, parents=tuple(e.tag for e in self.stack)
        )
        self.elements.append(element)
        if tag not in VOID:
            self.stack.append(element)

    def handle_startendtag(self, tag: str, attributes: list[tuple[str, str | None]]) -> None:
        self.elements.append(
            Element(
                tag, {k: v or "" for k, v in attributes}, parents=tuple(e.tag for e in self.stack)
            )
        )

    def handle_endtag(self, tag: str) -> None:
        assert self.stack, f"</{tag}> closes nothing"
        assert self.stack[-1].tag == tag, f"</{tag}> closes <{self.stack[-1].tag}>"
        self.stack.pop()

    def handle_data(self, data: str) -> None:
        for element in self.stack:
            element.text += data

    def all(self, tag: str) -> list[Element]:
        return [e for e in self.elements if e.tag == tag]

    def one(self, tag: str) -> Element:
        (found,) = self.all(tag)
        return found

    def title(self) -> str:
        (found,) = [e for e in self.all("title") if "head" in e.parents]
        return found.text

    def links(self) -> dict[str, str]:
        return {" ".join(a.text.split()): a.attrs["href"] for a in self.all("a")}


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("site")
    build_site(load_bri(), folder, base_url=BASE)
    return folder


def _page(folder: Path) -> Page:
    return Page((folder / "index.html").read_text(encoding="utf-8"))


# --- the files -----------------------------------------------------------------------------


def test_build_writes_five_files_and_nothing_else(tmp_path: Path) -> None:
    written = build_site(load_bri(), tmp_path / "new" / "site")
    assert [path.name for path in written] == FILES
    assert sorted(p.name for p in (tmp_path / "new" / "site").iterdir()) == sorted(FILES)


def test_each_file_is_its_exporters_output(site: Path) -> None:
    timeline = load_bri()
    assert (site / "bri.svg").read_text(encoding="utf-8") == to_svg(timeline)
    assert (site / "bri.json").read_text(encoding="utf-8") == to_json(timeline)
    assert (site / "bri.timelinejs.json").read_text(encoding="utf-8") == to_timelinejs(timeline)
    feed = FeedOptions(source_url=BASE + "bri.ics")
    assert (site / "bri.ics").read_bytes() == to_ics(timeline, feed=feed)


def test_the_files_load_back(site: Path) -> None:
    timeline = load_bri()
    assert loads_json((site / "bri.json").read_text(encoding="utf-8")) == timeline
    slides = json.loads((site / "bri.timelinejs.json").read_text(encoding="utf-8"))
    assert len(slides["events"]) == len(timeline)
    root = ET.fromstring((site / "bri.svg").read_text(encoding="utf-8"))
    assert root.tag == f"{SVG_NS}svg"
    calendar = Calendar.from_ical((site / "bri.ics").read_bytes())
    assert len(calendar.walk("VEVENT")) == len(timeline)
    assert str(calendar["SOURCE"]) == BASE + "bri.ics"


def test_output_is_deterministic(tmp_path: Path) -> None:
    first, second = tmp_path / "a", tmp_path / "b"
    build_site(load_bri(), first, base_url=BASE)
    build_site(load_bri(), second, base_url=BASE)
    for name in FILES:
        assert (first / name).read_bytes() == (second / name).read_bytes(), name
    build_site(load_bri(), first, base_url=BASE)  # again over itself: its feed is the previous
    for name in FILES:
        assert (first / name).read_bytes() == (second / name).read_bytes(), name


def test_the_feed_already_there_is_the_previous_feed(tmp_path: Path) -> None:
    data = tmp_path / "mine.toml"
    data.write_text(DATA, encoding="utf-8")
    out = tmp_path / "out"
    build_site(load(data), out, name="mine")
    data.write_text(
        DATA.replace('title = "Alpha"', 'title = "Alpha 2"').split('[[events]]\nid = "beta"')[0],
        encoding="utf-8",
    )
    build_site(load(data), out, name="mine")
    calendar = Calendar.from_ical((out / "mine.ics").read_bytes())
    found = {
        str(e["UID"]): (int(str(e["SEQUENCE"])), str(e.get("STATUS", "")))
        for e in calendar.walk("VEVENT")
    }
    assert found == {
        "alpha@bri-timeline.invalid": (1, ""),
        "beta@bri-timeline.invalid": (1, "CANCELLED"),
    }


def test_a_refusal_writes_nothing(tmp_path: Path) -> None:
    (tmp_path / "bri.ics").write_bytes(b"not a calendar")
    with pytest.raises(ValueError, match=r"bri\.ics"):
        build_site(load_bri(), tmp_path)
    assert [p.name for p in tmp_path.iterdir()] == ["bri.ics"]


@pytest.mark.parametrize(
    "base",
    [
        "ftp://example.org/",
        "example.org/bri",
        "https://",
        "https://x/?a=1",
        "https://x/#f",
        "https://x y/",
    ],
)
def test_a_bad_base_url_is_refused(tmp_path: Path, base: str) -> None:
    with pytest.raises(InvalidArgument, match="base_url"):
        build_site(load_bri(), tmp_path, base_url=base)
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("name", ["", ".hidden", "a/b", "a\\b", "a\nb"])
def test_a_bad_name_is_refused(tmp_path: Path, name: str) -> None:
    with pytest.raises(InvalidArgument, match="name"):
        build_site(load_bri(), tmp_path, name=name)


def test_links_to_a_feed() -> None:
    links = feed_links("my events", "http://example.org")
    assert links.https == "http://example.org/my%20events.ics"
    assert links.webcal == "webcal://example.org/my%20events.ics"
    assert links.file(".json") == "my%20events.json"
    assert feed_links("bri", None).https is None


# --- the page --------------------------------------------------------------------------------


def test_the_page_is_well_formed_and_labelled(site: Path) -> None:
    page = _page(site)
    assert page.doctype.lower() == "doctype html"
    assert page.one("html").attrs["lang"] == "en"
    assert page.all("meta")[0].attrs == {"charset": "utf-8"}
    viewport = [m for m in page.all("meta") if m.attrs.get("name") == "viewport"]
    assert viewport[0].attrs["content"] == "width=device-width, initial-scale=1"
    assert page.title() == "Peru–China Belt and Road, November 2024"
    assert page.one("h1").text == "Peru–China Belt and Road, November 2024"
    assert len(page.all("main")) == 1
    # Headings go down one level at a time.
    levels = [int(e.tag[1]) for e in page.elements if re.fullmatch(r"h[1-6]", e.tag)]
    assert levels[0] == 1
    assert all(b <= a + 1 for a, b in itertools.pairwise(levels))
    # Ids are unique, and every aria-labelledby names ids that exist.
    ids = [e.attrs["id"] for e in page.elements if "id" in e.attrs]
    assert len(ids) == len(set(ids))
    for element in page.elements:
        for name in element.attrs.get("aria-labelledby", "").split():
            assert name in ids, name
    # No script, no external style sheet, no remote resource.
    assert page.all("script") == []
    assert all(link.attrs["rel"] == "alternate" for link in page.all("link"))
    assert all(not e.attrs.get("src") for e in page.elements)


def test_the_page_draws_the_timeline_inline(site: Path) -> None:
    page = _page(site)
    svg = page.one("svg")
    assert "figure" in svg.parents
    assert svg.attrs["role"] == "img"
    html = (site / "index.html").read_text(encoding="utf-8")
    assert to_svg(load_bri()).strip() in html


def test_the_page_lists_every_event_with_its_date_source_and_notes(site: Path) -> None:
    page = _page(site)
    timeline = load_bri()
    items = [li for li in page.all("li") if li.attrs.get("id", "").startswith("event-")]
    assert [li.attrs["id"] for li in items] == [f"event-{e.id}" for e in timeline]
    for item, event in zip(items, timeline, strict=True):
        assert event.title in item.text
        assert event.source is not None
        assert " ".join(event.source.quote.split()) in " ".join(item.text.split())
        for note in event.inferred:
            assert " ".join(note.reason.split()) in " ".join(item.text.split())
    dates = [e for e in page.elements if "when" in e.attrs.get("class", "").split()]
    assert [" ".join(p.text.split()) for p in dates][:2] == [
        "19th century partial date: some time within it",
        "since 2009 open-ended: still going",
    ]
    times = {t.text: t.attrs["datetime"] for t in page.all("time")}
    assert times["since 2009"] == "2009"
    assert times["13–15 Nov 2024"] == "2024-11-13"
    assert "19th century" not in times  # HTML has no form for a century: a span, not a time


def test_the_page_links_with_a_base_url(site: Path) -> None:
    links = _page(site).links()
    assert links["Subscribe in your calendar app"] == "webcal://example.org/timelines/bri/bri.ics"
    assert links["Feed address (https)"] == "https://example.org/timelines/bri/bri.ics"
    assert links["JSON"] == "bri.json"
    assert links["TimelineJS3 JSON"] == "bri.timelinejs.json"
    assert links["SVG picture"] == "bri.svg"
    alternate = {link.attrs["type"]: link.attrs["href"] for link in _page(site).all("link")}
    assert alternate == {"text/calendar": "bri.ics", "application/json": "bri.json"}


def test_the_page_links_relatively_without_a_base_url(tmp_path: Path) -> None:
    build_site(load_bri(), tmp_path)
    page = _page(tmp_path)
    links = page.links()
    assert links["Download the feed (bri.ics)"] == "bri.ics"
    assert not any(href.startswith(("webcal:", "http")) for href in links.values())
    text = " ".join((tmp_path / "index.html").read_text(encoding="utf-8").split())
    assert "build it with <code>--base-url</code>" in text


def test_hostile_text_is_escaped_and_unsafe_links_are_not_links(tmp_path: Path) -> None:
    event = Event(
        "x",
        '<script>alert("t")</script> & co',
        AllDay(date(2024, 11, 14)),
        description="<img src=x onerror=alert(1)>",
        url="javascript:alert(1)",
        source=Source("“<b>quoted</b>”", url="javascript:void(0)", document="Doc"),
    )
    info = TimelineInfo('A "name" <i>', url="javascript:alert(2)")
    build_site(Timeline([event], info=info), tmp_path)
    page = _page(tmp_path)
    assert page.all("script") == []
    assert page.all("img") == []
    assert page.all("b") == []
    assert all(not a.attrs["href"].lower().startswith("javascript") for a in page.all("a"))
    assert '<script>alert("t")</script> & co' in page.one("h3").text
    assert page.title() == 'A "name" <i>'


# --- atomic writes ---------------------------------------------------------------------------

_INTERRUPTED = textwrap.dedent(
    """\
    import contextlib, sys, time
    from pathlib import Path
    import bri_timeline.delivery._atomic as atomic
    import bri_timeline.delivery.site as site
    from bri_timeline import load

    real = atomic.atomic_file
    target = sys.argv[3]

    @contextlib.contextmanager
    def slow(path):
        with real(path) as file:
            class HalfThenStop:
                def write(self, data):
                    file.write(data[: len(data) // 2])
                    file.flush()
                    if Path(path).name == target:
                        print("half written", flush=True)
                        time.sleep(120)
                    file.write(data[len(data) // 2 :])
            yield HalfThenStop()

    atomic.atomic_file = slow
    site.build_site(load(sys.argv[1]), sys.argv[2], name="mine")
    """
)


@pytest.mark.parametrize("target", ["mine.ics", "index.html", "mine.json"])
def test_a_writer_killed_mid_write_leaves_the_old_files(tmp_path: Path, target: str) -> None:
    data = tmp_path / "mine.toml"
    data.write_text(DATA, encoding="utf-8")
    out = tmp_path / "out"
    build_site(load(data), out, name="mine")
    old = {path.name: path.read_bytes() for path in out.iterdir()}
    data.write_text(DATA.replace("Alpha", "Alpha, new").replace("Beta", "Beta, new"), "utf-8")
    script = tmp_path / "interrupted.py"
    script.write_text(_INTERRUPTED, encoding="utf-8")
    process = subprocess.Popen(
        [sys.executable, str(script), str(data), str(out), target],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert process.stdout is not None
        assert process.stdout.readline() == "half written\n", process.stderr
        temporary = [p for p in out.iterdir() if p.name.startswith(f".{target}.")]
        # The new file is half there: unnamed (Linux O_TMPFILE) or under another name.
        assert len(temporary) <= 1
        for half in temporary:
            assert 0 < half.stat().st_size < len(old[target]) + 20
    finally:
        process.send_signal(signal.SIGKILL)
        process.communicate(timeout=60)
    assert (out / target).read_bytes() == old[target]
    for name, content in old.items():  # every file is whole: the old one or the new one
        now = (out / name).read_bytes()
        if now != content:
            assert name in FILES_OF_MINE[: FILES_OF_MINE.index(target)], name
            assert now.endswith((b"\n", b"END:VCALENDAR\r\n")), name


FILES_OF_MINE = [name.replace("bri", "mine") for name in FILES]


# --- bri-timeline build -------------------------------------------------------------------


def test_build_command(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    out = tmp_path / "site"
    assert main(["build", str(out), "--base-url", BASE]) == 0
    printed = capsys.readouterr().out.splitlines()
    assert printed == [str(out / name) for name in FILES]
    assert (out / "bri.ics").read_bytes() == to_ics(
        load_bri(), feed=FeedOptions(source_url=BASE + "bri.ics")
    )


def test_build_command_with_a_data_file(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    data = tmp_path / "mine.toml"
    data.write_text(DATA, encoding="utf-8")
    assert main(["build", str(tmp_path / "out"), "--data", str(data)]) == 0
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == sorted(FILES_OF_MINE)
    assert _page(tmp_path / "out").one("h1").text == "Mine"


def _one_line_error(capsys: pytest.CaptureFixture[str], *argv: str) -> str:
    assert main(list(argv)) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    lines = captured.err.splitlines()
    assert len(lines) == 1, captured.err
    assert "Traceback" not in captured.err
    return lines[0]


def test_build_errors_are_one_line(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    line = _one_line_error(capsys, "build", str(tmp_path / "s"), "--base-url", "ftp://x/")
    assert line.startswith(
        "bri-timeline: error: argument --base-url: must be an absolute http(s) address"
    )
    blocker = tmp_path / "file"
    blocker.write_text("", encoding="utf-8")
    line = _one_line_error(capsys, "build", str(blocker / "site"))
    assert line.startswith("bri-timeline: error: argument OUT_DIR: cannot write the site")
    hidden = tmp_path / ".hidden.toml"
    hidden.write_text(DATA, encoding="utf-8")
    assert "--data" in _one_line_error(capsys, "build", str(tmp_path / "s"), "--data", str(hidden))


def test_build_help(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as stopped:
        main(["build", "--help"])
    assert stopped.value.code == 0
    assert "--base-url" in capsys.readouterr().out


# --- a real render ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "width", "height"), [("desktop", 1280, 2200), ("phone", 390, 2600)]
)
def test_chromium_shows_the_page(
    site: Path, tmp_path: Path, name: str, width: int, height: int
) -> None:
    browser = chromium()
    png = tmp_path / f"site-{name}.png"
    screenshot(browser, site / "index.html", png, (width, height), tmp_path / "profile")
    found_width, found_height, pixels = png_pixels(png.read_bytes())
    assert (found_width, found_height) == (width, height)
    inked = sum(1 for pixel in pixels if min(pixel) < 200)
    assert inked > 0.02 * len(pixels), "the screenshot is (nearly) blank"
    # The picture is on screen: its three kinds of mark in their colours.
    for color in ("#1f5fa8", "#a84f00", "#2a7a4b"):
        assert sum(1 for pixel in pixels if near(pixel, color)) > 50, color
    # One column that fits: nothing is drawn past the right edge's last 4 pixels on a phone.
    right = [pixels[row * width + width - 1] for row in range(height)]
    assert all(min(pixel) > 200 for pixel in right)
    if os.environ.get("BRI_KEEP_SCREENSHOTS"):
        shutil.copy(png, Path(os.environ["BRI_KEEP_SCREENSHOTS"]) / png.name)


def test_unchanged_files_are_not_rewritten(tmp_path: Path) -> None:
    """A static server's validators come from mtimes: a rebuild must not change them for nothing."""
    data = tmp_path / "mine.toml"
    data.write_text(DATA, encoding="utf-8")
    out = tmp_path / "out"
    build_site(load(data), out, name="mine")
    before = {p.name: p.stat().st_mtime_ns for p in out.iterdir()}
    for path in out.iterdir():
        os.utime(path, ns=(1, 1))  # so that any rewrite shows
    build_site(load(data), out, name="mine")
    assert {p.name: p.stat().st_mtime_ns for p in out.iterdir()} == dict.fromkeys(before, 1)
    data.write_text(DATA.replace("Alpha", "Alpha 2"), encoding="utf-8")
    build_site(load(data), out, name="mine")
    rewritten = {p.name for p in out.iterdir() if p.stat().st_mtime_ns != 1}
    assert rewritten == set(FILES_OF_MINE)  # the title shows in every file
