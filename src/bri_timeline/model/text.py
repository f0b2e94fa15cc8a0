r"""The one rule for text in the model: what any text field may hold.

Every text of an event (title, description, location, participant, source,
inference notes, categories, url) and of a timeline's info passes through
:func:`check_text` when it is built:

* CR LF and a lone CR become LF, so a line break is one character everywhere;
* NUL, the other C0 control characters but TAB and LF, and DEL are refused:
  iCalendar TEXT cannot carry them (RFC 5545 section 3.3.11), nor can XML (SVG);
* lone surrogates are refused: they are not Unicode text and cannot be encoded;
* everything else is kept as given: emoji, right-to-left text and its marks,
  combining characters, any length.

The iCalendar importer reads other people's feeds, which break the rule more
often than one would think; it drops what the rule refuses with
:func:`strip_controls` instead of refusing the whole feed (see ``docs/ical.md``).

>>> check_text("title", "APEC\r\nLima")
'APEC\nLima'
>>> check_text("title", "APEC\x00")
Traceback (most recent call last):
...
bri_timeline.errors.InvalidEvent: title: must not hold the control character U+0000 (got 'APEC\x00')
>>> strip_controls("A\x00P\x1bEC\r\n")
'APEC\n'
"""

from __future__ import annotations

import re
from collections.abc import Callable

from bri_timeline.errors import InvalidEvent

__all__ = ["FORBIDDEN", "check_text", "optional_text", "set_built", "strip_controls"]

FORBIDDEN = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
"""What no text may hold once CR is folded into LF: C0 controls but TAB and LF, and DEL."""


_SURROGATE = re.compile("[\ud800-\udfff]")


def _lines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


def check_text(field: str, value: object, *, required: bool = False) -> str:
    """The text, CR LF and CR made LF, or :class:`~bri_timeline.errors.InvalidEvent`.

    Args:
        field: The name errors give the field.
        value: The value to check.
        required: Refuse an empty text (or one of only white space).
    """
    if not isinstance(value, str):
        raise InvalidEvent(field, "must be a string", value)
    if value.__class__ is str and value.isprintable():  # no CR, LF, control or surrogate
        if required and not value.strip():
            raise InvalidEvent(field, "must not be empty", value)
        return value
    text = _lines(value)
    if required and not text.strip():
        raise InvalidEvent(field, "must not be empty", value)
    if bad := FORBIDDEN.search(text):
        raise InvalidEvent(
            field, f"must not hold the control character U+{ord(bad.group()):04X}", value
        )
    if not text.isascii():
        try:
            text.encode("utf-8")
        except UnicodeEncodeError:
            raise InvalidEvent(field, "must be valid Unicode (no lone surrogates)", value) from None
    return text


def optional_text(field: str, value: object) -> str | None:
    """:func:`check_text` for a field that may be None."""
    return None if value is None else check_text(field, value)


def strip_controls(text: str) -> str:
    """The text with CR LF and CR made LF, and the characters :func:`check_text` refuses dropped.

    Lone surrogates are replaced by U+FFFD.
    """
    if text.__class__ is str and text.isprintable():  # no CR, LF, control or surrogate
        return text
    text = FORBIDDEN.sub("", _lines(text))
    return text if text.isascii() else _SURROGATE.sub("\ufffd", text)


set_built: Callable[[object, str, object], None] = object.__setattr__
"""Set a field of a frozen attrs instance while it is being built (its checks normalize it).

``object.__setattr__`` itself, not a function that calls it: an event sets a dozen
fields so, and an import makes a million events.
"""
