r"""The checks shared by people, alarms and links: RFC 5545 tokens, URIs, CSS colour names.

An RFC 5545 value with fixed choices (ROLE, PARTSTAT, CUTYPE, STATUS...) is an
enum member; a value of another calendar that the enum does not know (an
``X-`` name, or an IANA token registered later) is kept as its upper-case text
rather than dropped:

>>> import enum
>>> class Kind(enum.Enum):
...     ROOM = "ROOM"
>>> token_of("kind", Kind, "room"), token_of("kind", Kind, "x-boat")
(<Kind.ROOM: 'ROOM'>, 'X-BOAT')
>>> check_uri("url", "mailto:a@example.org\r\nX-EVIL:1")
Traceback (most recent call last):
...
bri_timeline.errors.InvalidEvent: url: must be a URI: a scheme such as https:, ...
"""

from __future__ import annotations

import enum
import re
from typing import TypeVar

from bri_timeline.errors import InvalidEvent
from bri_timeline.model.text import check_text

__all__ = ["CSS3_COLORS", "Choices", "check_uri", "optional_label", "optional_uri", "token_of"]

_E = TypeVar("_E", bound=enum.Enum)
_TOKEN = re.compile(r"[A-Za-z0-9-]{1,64}")
_URI = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:[^\s\x00-\x1f\x7f\"<>\\^`{|}]*")

_CSS3 = """aliceblue antiquewhite aqua aquamarine azure beige bisque black blanchedalmond blue
    blueviolet brown burlywood cadetblue chartreuse chocolate coral cornflowerblue cornsilk
    crimson cyan darkblue darkcyan darkgoldenrod darkgray darkgreen darkgrey darkkhaki
    darkmagenta darkolivegreen darkorange darkorchid darkred darksalmon darkseagreen
    darkslateblue darkslategray darkslategrey darkturquoise darkviolet deeppink deepskyblue
    dimgray dimgrey dodgerblue firebrick floralwhite forestgreen fuchsia gainsboro ghostwhite
    gold goldenrod gray green greenyellow grey honeydew hotpink indianred indigo ivory khaki
    lavender lavenderblush lawngreen lemonchiffon lightblue lightcoral lightcyan
    lightgoldenrodyellow lightgray lightgreen lightgrey lightpink lightsalmon lightseagreen
    lightskyblue lightslategray lightslategrey lightsteelblue lightyellow lime limegreen linen
    magenta maroon mediumaquamarine mediumblue mediumorchid mediumpurple mediumseagreen
    mediumslateblue mediumspringgreen mediumturquoise mediumvioletred midnightblue mintcream
    mistyrose moccasin navajowhite navy oldlace olive olivedrab orange orangered orchid
    palegoldenrod palegreen paleturquoise palevioletred papayawhip peachpuff peru pink plum
    powderblue purple red rosybrown royalblue saddlebrown salmon sandybrown seagreen seashell
    sienna silver skyblue slateblue slategray slategrey snow springgreen steelblue tan teal
    thistle tomato turquoise violet wheat white whitesmoke yellow yellowgreen"""
CSS3_COLORS = frozenset(_CSS3.split())
"""The CSS3 colour keywords, which RFC 7986 COLOR takes (``rebeccapurple`` came with CSS4)."""


class Choices(enum.Enum):
    """The base of the enums of fixed RFC 5545 values: their ``repr`` is how code names them."""

    def __repr__(self) -> str:
        return f"{type(self).__name__}.{self.name}"


def token_of(field: str, kind: type[_E], value: object) -> _E | str:
    """``value`` as a member of ``kind``, or, when ``kind`` has no such member, as a token.

    A token (letters, digits and ``-``, as RFC 5545's iana-token and x-name) is
    kept in upper case, as RFC 5545 compares them without regard to case.
    """
    if isinstance(value, kind):
        return value
    if not isinstance(value, str) or not _TOKEN.fullmatch(value):
        choices = ", ".join(str(member.value) for member in kind)
        raise InvalidEvent(field, f"must be a {kind.__name__} ({choices}) or an X- token", value)
    try:
        return kind(value.upper())
    except ValueError:
        return value.upper()


def check_uri(field: str, value: object) -> str:
    r"""``value``, once it is a URI: a scheme, then no space, control character, quote or ``\\``.

    Such a URI can go as it is into an iCalendar value or a quoted parameter:
    neither a line break nor a double quote can end the line or the parameter.
    """
    if not isinstance(value, str) or not _URI.fullmatch(value) or len(value) > 8192:
        raise InvalidEvent(
            field,
            "must be a URI: a scheme such as https:, then no space, quote, backslash, "
            "control character or <>^`{|}, at most 8192 characters",
            value,
        )
    return value


def optional_uri(field: str, value: object) -> str | None:
    """:func:`check_uri` for a field that may be None."""
    return None if value is None else check_uri(field, value)


def optional_label(field: str, value: object, *, required: bool = False) -> str | None:
    r"""A text that iCalendar carries in a parameter (a name, a title), without surrounding blanks.

    An unquoted parameter value loses them when read back, so they are not kept;
    one of only blanks is None (or refused, when ``required``). A backslash is
    refused: RFC 5545 allows it in a parameter, but readers (icalendar among
    them) take ``\,`` or ``\;`` there for an escape and read another value.

    >>> optional_label("attendee.title", "  general manager "), optional_label("x", " ")
    ('general manager', None)
    """
    if value is None and not required:
        return None
    text = check_text(field, value, required=required).strip()
    if "\\" in text:
        raise InvalidEvent(
            field,
            "must not hold a backslash: iCalendar carries it in a parameter, "
            "where readers take a backslash for an escape",
            value,
        )
    return text or None
