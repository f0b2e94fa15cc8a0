"""How wide a line of text will be drawn, without a font engine: for laying out SVG labels.

The SVG renderer must place labels so that they never collide, yet it cannot
measure text: the browser picks the font. So it estimates generously. Widths
are the advances of DejaVu Sans (the widest common sans-serif, and the one
Debian's Chromium uses), which the renderer names first in its font list; a
narrower font (Verdana is close, Arial and Roboto narrower) only leaves more
room. Characters outside ASCII count as their base letter (``é`` as ``e``), as
zero when combining or invisible, as a full em when East Asian wide (CJK,
emoji), common punctuation (dashes, quotes, the ellipsis) as drawn, and
anything else as 0.85 em.

>>> round(text_width("APEC Summit", 10), 1)
71.6
>>> fit_text("Chancay Port inaugurated", 80, 10)
'Chancay Por…'
>>> wrap_text("Latin America Liaison Office for the BRI inaugurated", 200, 10)
['Latin America Liaison Office for the', 'BRI inaugurated']
"""

from __future__ import annotations

import unicodedata
from functools import cache

__all__ = ["ELLIPSIS", "fit_text", "text_width", "wrap_text"]

ELLIPSIS = "…"

# Advance widths of DejaVu Sans for the printable ASCII characters U+0020 to
# U+007E, in hundredths of an em, rounded up.
_ASCII = (
    "32 40 46 84 64 96 78 28 40 40 50 84 32 37 32 34 64 64 64 64 64 64 64 64 64 64 34 34 84 84 "
    "84 54 100 69 69 70 78 64 58 78 76 30 30 66 56 87 75 79 61 79 70 64 62 74 69 99 69 62 69 40 "
    "34 40 84 50 50 62 64 56 64 62 36 64 64 28 28 58 28 98 64 62 64 64 42 53 40 64 60 82 60 60 "
    "53 64 34 64 84"
)
_ASCII_EM = tuple(int(value) / 100 for value in _ASCII.split())
_OTHER_EM = 0.85
# Common punctuation beyond ASCII, as DejaVu Sans draws it.
_PUNCTUATION_EM = {"–": 0.5, "—": 1.0, "…": 1.0, "·": 0.32, "‘": 0.32, "’": 0.32, "“": 0.52}
_PUNCTUATION_EM |= {"”": 0.52, "•": 0.59, "«": 0.56, "»": 0.56, "€": 0.64, "×": 0.84}
_WIDE_EM = 1.0
_BOLD = 1.1  # DejaVu Sans Bold is about a tenth wider
_MARGIN = 1.04  # kerning and hinting slack


@cache
def _em(char: str) -> float:
    code = ord(char)
    if 0x20 <= code < 0x7F:
        return _ASCII_EM[code - 0x20]
    if char in _PUNCTUATION_EM:
        return _PUNCTUATION_EM[char]
    if unicodedata.combining(char) or unicodedata.category(char) in ("Mn", "Me", "Cf"):
        return 0.0
    if unicodedata.east_asian_width(char) in ("W", "F"):
        return _WIDE_EM
    base = unicodedata.normalize("NFD", char)[0]
    if base != char and 0x20 <= ord(base) < 0x7F:
        return _ASCII_EM[ord(base) - 0x20]
    return _OTHER_EM


def text_width(text: str, size: float, *, bold: bool = False) -> float:
    """The estimated width, in user units, of ``text`` drawn at font size ``size``.

    >>> text_width("", 14)
    0.0
    >>> text_width("W", 10, bold=True) > text_width("W", 10)
    True
    """
    em = sum(_em(char) for char in text)
    return em * size * _MARGIN * (_BOLD if bold else 1.0)


def fit_text(text: str, width: float, size: float, *, bold: bool = False) -> str:
    """``text``, cut at the end with an ellipsis if it is wider than ``width``.

    Returns the ellipsis alone when not even one character fits beside it.
    """
    if text_width(text, size, bold=bold) <= width:
        return text
    room = width - text_width(ELLIPSIS, size, bold=bold)
    used = 0.0
    for end, char in enumerate(text):
        used += text_width(char, size, bold=bold)
        if used > room:
            return text[:end].rstrip() + ELLIPSIS
    return ELLIPSIS  # unreachable: the whole text would have fitted


def wrap_text(
    text: str, width: float, size: float, *, bold: bool = False, max_lines: int = 2
) -> list[str]:
    """``text`` broken at spaces into lines no wider than ``width``; at most ``max_lines``.

    A word wider than a line is cut; the last line takes all the words left
    and ends in an ellipsis if they do not fit.

    >>> wrap_text("one two three four", 50, 10, max_lines=2)
    ['one two', 'three f…']
    """
    words = text.split()
    lines: list[str] = []
    position = 0
    while position < len(words):
        if len(lines) == max_lines - 1:
            lines.append(fit_text(" ".join(words[position:]), width, size, bold=bold))
            break
        line = words[position]
        position += 1
        while position < len(words):
            longer = f"{line} {words[position]}"
            if text_width(longer, size, bold=bold) > width:
                break
            line = longer
            position += 1
        lines.append(fit_text(line, width, size, bold=bold))
    return lines
