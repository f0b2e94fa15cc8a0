r"""The HTML of a slide's ``text`` as plain blocks, for the reader (the inverse of ``write._html``).

TimelineJS renders ``headline`` and ``text`` as HTML. The reader wants plain text
back: each top-level element (a paragraph, a quote, a list) is a :class:`Block`
with its text (character references decoded, ``<br>`` a line break, tags gone),
the tags it opened first and the ``href`` of its first link, so that the parts
the writer writes in a known shape (``<p><strong>Where:</strong> Lima</p>``) can
be told from the author's paragraphs. Text outside any element is a block of its
own. Built on the stdlib's :class:`html.parser.HTMLParser`, which never fails on
broken markup.

>>> [(block.tags, block.text) for block in blocks("<p>One<br>two &amp; <b>three</b></p>Four")]
[(('p',), 'One\ntwo & three'), ((), 'Four')]
>>> plain("A &lt;b&gt; <i>title</i>")
'A <b> title'
"""

from __future__ import annotations

from html.parser import HTMLParser

import attrs

__all__ = ["Block", "blocks", "plain"]

_VOID = frozenset({"br", "img", "hr", "wbr", "input", "meta", "link", "source", "area", "col"})
"""Elements that have no end tag: they never open a level."""


@attrs.frozen
class Block:
    """One top-level part of the HTML.

    Attributes:
        tags: The element and the elements it opens first, outermost first
            (``("p", "small")`` for ``<p><small>...``); empty for loose text.
        text: Its text, with ``<br>`` as a line break.
        href: The ``href`` of its first link, if any.
    """

    tags: tuple[str, ...]
    text: str
    href: str | None = None


class _Parser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[Block] = []
        self.depth = 0
        self.tags: list[str] = []
        self.text: list[str] = []
        self.href: str | None = None
        self.opening = True  # no text yet in this block: a start tag adds to its tags

    def _close(self) -> None:
        text = "".join(self.text)
        if self.tags or text:
            self.found.append(Block(tuple(self.tags), text, self.href))
        self.tags, self.text, self.href, self.opening = [], [], None, True

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "br":
            self.text.append("\n")
            return
        if tag == "a" and self.href is None:
            self.href = dict(attrs).get("href")
        if tag in _VOID:
            return
        if self.depth == 0:
            self._close()
        if self.opening:
            self.tags.append(tag)
        self.depth += 1

    def handle_endtag(self, tag: str) -> None:
        if tag in _VOID or self.depth == 0:
            return
        self.depth -= 1
        if self.depth == 0:
            self._close()

    def handle_data(self, data: str) -> None:
        if self.depth == 0 and self.tags:
            self._close()
        if data:
            self.opening = False
        self.text.append(data)


def _parsed(html: str) -> list[Block]:
    parser = _Parser()
    parser.feed(html)
    parser.close()
    parser._close()
    return parser.found


def blocks(html: str) -> list[Block]:
    """The top-level blocks of a slide's HTML, in order (white space between them left out)."""
    return [block for block in _parsed(html) if block.tags or block.text.strip()]


def plain(html: str) -> str:
    """The text of a piece of HTML (a headline, a group): tags gone, references decoded."""
    return "".join(block.text for block in _parsed(html))
