"""The static site's ``index.html``: the visual timeline, the event list and the subscribe links.

Over 400 lines: its style sheet (80 lines of CSS) and the small writers of each part of
the page, which share its escaping and its address checks.

One self-contained page: the SVG is inline, the style sheet is in the page, and
there is no script, font or image to fetch. It is semantic (``header``, ``main``,
sections labelled by their headings, an ordered list of articles with
``time`` elements), readable without colour, and its one column fits a phone.
Every text from the data is HTML-escaped, and only ``http``, ``https`` and
``mailto`` addresses from the data become links.

>>> from bri_timeline import load_bri
>>> html = to_html(load_bri(), svg="<svg></svg>", links=PageLinks("bri"))
>>> html.startswith("<!doctype html>"), "<h1>Peru–China Belt and Road, November 2024</h1>" in html
(True, True)
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from html import escape
from typing import BinaryIO
from urllib.parse import quote, urlsplit

import attrs

from bri_timeline.errors import InvalidArgument
from bri_timeline.formats._files import write_utf8
from bri_timeline.model.arguments import check_unicode
from bri_timeline.model.describe import describe
from bri_timeline.model.event import Event, Source
from bri_timeline.model.floating import FloatingSpan
from bri_timeline.model.times import AllDay, OpenEnded, PartialDate, Precision, Time, TimeSpan
from bri_timeline.model.vague import Vague
from bri_timeline.timeline import Timeline, check_timeline

__all__ = ["PageLinks", "to_html", "write_html"]

_SAFE_SCHEMES = frozenset({"http", "https", "mailto"})
_KIND = {
    "exact": "exact",
    "partial": "partial date: some time within it",
    "open": "open-ended: still going",
    "vague": "vague: uncertain, approximate or one of several",
    "floating": "floating: this wall-clock time in every zone",
}

_STYLE = """\
:root { color-scheme: light; --ink: #1a1a1a; --muted: #555; --rule: #ddd; --accent: #1f5fa8;
  --partial: #a84f00; --open: #2a7a4b; }
* { box-sizing: border-box; }
body { margin: 0; font: 1rem/1.55 system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans",
  sans-serif; color: var(--ink); background: #fff; }
.wrap { max-width: 46rem; margin: 0 auto; padding: 1rem 1.25rem 3rem; }
.skip { position: absolute; left: -999px; }
.skip:focus { left: 1rem; top: 1rem; background: #fff; padding: .5rem; z-index: 1; }
h1 { font-size: 1.75rem; line-height: 1.2; margin: .5rem 0; }
h2 { font-size: 1.3rem; margin: 2rem 0 .75rem; border-bottom: 1px solid var(--rule); }
h3 { font-size: 1.1rem; margin: 0 0 .25rem; }
h4 { font-size: .95rem; margin: .75rem 0 .25rem; }
a { color: var(--accent); }
a:focus-visible { outline: 3px solid var(--accent); outline-offset: 2px; }
.lede, .meta, .note, figcaption, .when { color: var(--muted); }
.subscribe { display: flex; flex-wrap: wrap; gap: .5rem; padding: 0; list-style: none; }
.subscribe a { display: inline-block; padding: .5rem .9rem; border: 1px solid var(--accent);
  border-radius: .4rem; text-decoration: none; font-weight: 600; }
.subscribe a.primary { background: var(--accent); color: #fff; }
.address { font-family: ui-monospace, "DejaVu Sans Mono", monospace; font-size: .9rem;
  overflow-wrap: anywhere; }
figure { margin: 0; }
.picture svg { display: block; width: 100%; height: auto; margin: 0 auto; }
.events { list-style: none; padding: 0; margin: 0; }
.events > li { border-top: 1px solid var(--rule); padding: 1rem 0; }
.events > li:first-child { border-top: 0; padding-top: 0; }
.when { font-weight: 600; margin: 0 0 .5rem; }
.kind { font-weight: normal; font-size: .85rem; border-left: 4px solid var(--accent);
  padding-left: .4rem; margin-left: .4rem; }
.kind-partial { border-left-style: dashed; border-left-color: var(--partial); }
.kind-open { border-left-color: var(--open); }
.text { white-space: pre-line; }
blockquote { margin: .75rem 0 .25rem; padding: .25rem .9rem; border-left: 3px solid var(--rule);
  font-style: italic; }
blockquote p { margin: 0; }
dl { display: grid; grid-template-columns: max-content 1fr; gap: .15rem .75rem; margin: .5rem 0; }
dt { font-weight: 600; }
dd { margin: 0; }
.inferred { background: #fff8e6; border-left: 3px solid #d9a400; padding: .25rem .9rem;
  margin-top: .75rem; }
.inferred ul { margin: .25rem 0; padding-left: 1.1rem; }
footer { color: var(--muted); font-size: .9rem; margin-top: 3rem; }
@media (max-width: 30rem) { body { font-size: .95rem; } .wrap { padding: .75rem .9rem 2rem; }
  h1 { font-size: 1.45rem; } dl { grid-template-columns: 1fr; } dd { margin-bottom: .3rem; } }
"""


@attrs.frozen
class PageLinks:
    """Where the page's files are, relative to it, and the feed's absolute addresses.

    Args:
        name: The base name of the site's files (``bri``: ``bri.ics``, ``bri.json``, ...).
        https: The feed's absolute ``http(s)://`` address, if the site's address is known.
        webcal: The same with the ``webcal://`` scheme.

    Raises:
        InvalidArgument: ``name`` or an address is not text UTF-8 can carry (an
            address may be None).
    """

    name: str = attrs.field(validator=lambda _, field, value: check_unicode(field.name, value))
    https: str | None = attrs.field(
        default=None,
        kw_only=True,
        validator=lambda _, field, value: _address(field.name, value),
    )
    webcal: str | None = attrs.field(
        default=None,
        kw_only=True,
        validator=lambda _, field, value: _address(field.name, value),
    )

    def file(self, suffix: str) -> str:
        """The relative, percent-encoded link to ``name + suffix``."""
        return quote(self.name + check_unicode("suffix", suffix))


def _address(field: str, value: object) -> None:
    if value is not None:
        check_unicode(field, value)


def _a(href: str, text: str, css: str = "") -> str:
    css = f' class="{css}"' if css else ""
    return f'<a href="{escape(href)}"{css}>{escape(text)}</a>'


def _link_or_text(url: str | None, text: str) -> str:
    """A link when the address is a safe scheme (never ``javascript:``), else plain text."""
    if url and urlsplit(url).scheme.lower() in _SAFE_SCHEMES:
        return _a(url, text)
    return escape(text)


def _datetime_attribute(point: datetime | date | PartialDate) -> str | None:
    """The HTML ``datetime`` value of a point, where HTML has a form for its precision."""
    if isinstance(point, datetime) and point.tzinfo is None:
        return point.isoformat(timespec="seconds")  # floating: HTML's local date and time
    if isinstance(point, datetime):
        return point.astimezone(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")
    if isinstance(point, date):
        return point.isoformat()
    if point.precision is Precision.MONTH:
        return f"{point.year:04d}-{point.month:02d}"
    if point.precision is Precision.YEAR:
        return f"{point.year:04d}"
    return None


def _kind(time: Time) -> str:
    if isinstance(time, PartialDate):
        return "partial"
    if isinstance(time, OpenEnded):
        return "open"
    if isinstance(time, Vague):
        return "vague"
    if isinstance(time, FloatingSpan):
        return "floating"
    return "exact"


def _when(time: Time) -> str:
    start: datetime | date | PartialDate | None
    if isinstance(time, Vague):
        start = None
    elif isinstance(time, TimeSpan | FloatingSpan):
        start = time.start
    elif isinstance(time, AllDay):
        start = time.first
    elif isinstance(time, OpenEnded):
        start = time.start
    else:
        start = time
    words = escape(describe(time))
    value = None if start is None else _datetime_attribute(start)
    shown = f'<time datetime="{value}">{words}</time>' if value else f"<span>{words}</span>"
    kind = _kind(time)
    return f'<p class="when">{shown} <span class="kind kind-{kind}">{_KIND[kind]}</span></p>'


def _source(source: Source) -> list[str]:
    parts = [part for part in (source.document, source.locator) if part]
    cite = ", ".join(escape(part) for part in parts)
    if source.url:
        cite = _link_or_text(source.url, ", ".join(parts) or source.url)
    lines = ['<figure class="source">', f"<blockquote><p>{escape(source.quote)}</p></blockquote>"]
    if cite:
        lines.append(f"<figcaption>Source: {cite}</figcaption>")
    lines.append("</figure>")
    return lines


def _details(event: Event) -> list[str]:
    rows: list[tuple[str, str]] = []
    if event.location is not None:
        rows.append(("Where", escape(event.location.name)))
    for person in event.participants:
        role = ", ".join(part for part in (person.role, person.organization) if part)
        rows.append(("Who", escape(f"{person.name} ({role})" if role else person.name)))
    for guest in event.attendees:
        about = ", ".join(part for part in (guest.title, guest.organization) if part)
        rows.append(("Who", escape(f"{guest.name} ({about})" if about else guest.name)))
    if event.categories:
        rows.append(("Tags", escape(", ".join(event.categories))))
    if event.url:
        rows.append(("Link", _link_or_text(event.url, event.url)))
    if not rows:
        return []
    cells = "".join(f"<dt>{label}</dt><dd>{value}</dd>" for label, value in rows)
    return [f"<dl>{cells}</dl>"]


def _event(event: Event) -> list[str]:
    anchor = f"event-{event.id}"
    lines = [
        f'<li id="{escape(anchor)}"><article aria-labelledby="{escape(anchor)}-title">',
        f'<h3 id="{escape(anchor)}-title">{escape(event.title)}</h3>',
        _when(event.time),
    ]
    if event.description:
        lines.append(f'<p class="text">{escape(event.description)}</p>')
    lines += _details(event)
    if event.source is not None:
        lines += _source(event.source)
    if event.inferred:
        lines.append('<aside class="inferred"><h4>Inferred, not read</h4><ul>')
        lines += [
            f"<li><strong>{escape(note.field)}</strong>: {escape(note.reason)}</li>"
            for note in event.inferred
        ]
        lines.append("</ul></aside>")
    lines.append("</article></li>")
    return lines


def _subscribe(links: PageLinks) -> list[str]:
    feed = links.file(".ics")
    lines = [
        '<section aria-labelledby="subscribe">',
        '<h2 id="subscribe">Subscribe</h2>',
        '<ul class="subscribe">',
    ]
    if links.webcal and links.https:
        lines += [
            f"<li>{_a(links.webcal, 'Subscribe in your calendar app', 'primary')}</li>",
            f"<li>{_a(links.https, 'Feed address (https)')}</li>",
        ]
    else:
        lines.append(f"<li>{_a(feed, f'Download the feed ({links.name}.ics)', 'primary')}</li>")
    lines.append("</ul>")
    if links.https:
        lines.append(
            f'<p class="note">Calendar apps that ask for an address (Google Calendar: “From '
            f'URL”) take this one: <span class="address">{escape(links.https)}</span>. '
            "They fetch it again on their own schedule, so changes reach you by themselves.</p>"
        )
    else:
        lines.append(
            '<p class="note">The subscribe links need the address this site is published at: '
            "build it with <code>--base-url</code>. Meanwhile, copy the address of the "
            "download link into your calendar app’s “subscribe by URL”.</p>"
        )
    downloads = ", ".join(
        [
            _a(links.file(".json"), "JSON"),
            _a(links.file(".timelinejs.json"), "TimelineJS3 JSON"),
            _a(links.file(".svg"), "SVG picture"),
        ]
    )
    lines += [f"<p>The same timeline as {downloads}.</p>", "</section>"]
    return lines


def _header(timeline: Timeline) -> list[str]:
    info = timeline.info
    lines = ["<header>", f"<h1>{escape(info.name or 'Timeline')}</h1>"]
    if info.description:
        lines.append(f'<p class="lede">{escape(info.description)}</p>')
    meta = []
    if info.source:
        meta.append(f"From: {escape(info.source)}.")
    if info.url:
        meta.append(_link_or_text(info.url, "More about this timeline") + ".")
    if info.updated is not None:
        stamp = info.updated.astimezone(UTC)
        shown = f"{stamp.day} {stamp:%b %Y}"
        value = stamp.isoformat(timespec="seconds").replace("+00:00", "Z")
        meta.append(f'Updated <time datetime="{value}">{shown}</time>.')
    if meta:
        lines.append(f'<p class="meta">{" ".join(meta)}</p>')
    lines.append("</header>")
    return lines


def _picture(svg: str) -> list[str]:
    return [
        '<section aria-labelledby="picture">',
        '<h2 id="picture">Timeline</h2>',
        '<figure class="picture">',
        svg.strip(),
        "<figcaption>Long events are drawn to scale in the overview; busy periods are "
        "drawn again, zoomed in, below it. Hatched bars are partial dates, arrows are "
        "still going.</figcaption>",
        "</figure>",
        "</section>",
    ]


def _check(timeline: object, svg: object, links: object) -> None:
    check_timeline(timeline)
    if svg is not None and not isinstance(svg, str):
        raise InvalidArgument("svg", "must be the SVG text, a str, or None", svg)
    if svg is not None:
        check_unicode("svg", svg)
    if links is not None and not isinstance(links, PageLinks):
        raise InvalidArgument("links", "must be a PageLinks or None", links)


def to_html(timeline: Timeline, *, svg: str | None = None, links: PageLinks | None = None) -> str:
    """A timeline as one self-contained HTML page: the site's ``index.html``.

    Args:
        timeline: The events to show.
        svg: The picture to show inline (:func:`~bri_timeline.to_svg`), if any.
        links: Where the site's feed and exports are, for the subscribe links; without
            them the page has none.

    Raises:
        InvalidArgument: An argument is not of its type.

    >>> from bri_timeline import Timeline
    >>> "<h1>Timeline</h1>" in to_html(Timeline())
    True
    """
    _check(timeline, svg, links)
    info = timeline.info
    title = escape(info.name or "Timeline")
    count = len(timeline)
    lines = [
        "<!doctype html>",
        '<html lang="en">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{title}</title>",
    ]
    if info.description:
        lines.append(f'<meta name="description" content="{escape(info.description)}">')
    if links is not None:
        lines += [
            f'<link rel="alternate" type="text/calendar" title="{title}" '
            f'href="{links.file(".ics")}">',
            f'<link rel="alternate" type="application/json" href="{links.file(".json")}">',
        ]
    lines += [
        f"<style>\n{_STYLE}</style>",
        "</head>",
        "<body>",
        '<a class="skip" href="#events">Skip to the events</a>',
        '<div class="wrap">',
        *_header(timeline),
        "<main>",
        *(_subscribe(links) if links is not None else []),
        *(_picture(svg) if svg is not None else []),
        '<section aria-labelledby="events">',
        f'<h2 id="events">Events <span class="meta">({count})</span></h2>',
        '<ol class="events">',
    ]
    for event in timeline:
        lines += _event(event)
    lines += [
        "</ol>",
        "</section>",
        "</main>",
        "<footer><p>Made with bri-timeline. Dates marked partial are known only to the "
        "month, year, decade or century given; nothing here claims more precision than "
        "its source.</p></footer>",
        "</div>",
        "</body>",
        "</html>",
    ]
    return "\n".join(lines) + "\n"


def write_html(
    timeline: Timeline,
    file: BinaryIO,
    *,
    svg: str | None = None,
    links: PageLinks | None = None,
) -> None:
    """Write the page of :func:`to_html` to a binary file, in UTF-8.

    Raises:
        InvalidArgument: ``file`` is not an open binary file, or another argument is not
            of its type.
    """
    write_utf8(file, lambda: to_html(timeline, svg=svg, links=links))
