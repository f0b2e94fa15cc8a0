r"""VEVENTs written as content lines directly: the fast twin of :mod:`._components`.

Part of :mod:`bri_timeline.formats.ical.write`, which uses it for every VEVENT unless
asked for ``engine="icalendar"``. The properties, their value text and their order
are :func:`~bri_timeline.formats.ical._mapping.event_items`, as the reference engine
has them (TEXT escaped by :func:`~bri_timeline.formats.ical._values.escape_text`,
never icalendar's escaper, which turns a literal ``\N`` into a newline); what
this module does itself is what icalendar's component tree does around them:

* DTSTAMP, UID and SEQUENCE between the properties icalendar writes before them
  and those it writes after, ``SEQUENCE`` as a plain integer;
* parameters: sorted by name, RFC 6868 escaped, quoted when they hold ``,``
  ``;`` ``:`` or ``’`` (and CN when it holds a space or ``'``), a list's values
  each on its own (:func:`param_text`);
* folding: at 74 octets of content, so that a folded line with its leading
  space is at most 75, never inside a UTF-8 character, and never right after a
  ``\`` or ``^`` (icalendar moves it to the next line, so that no client reads
  an escape split in two) (:func:`fold`). One departure from icalendar: a folded
  line is never blank, as icalendar's may be when text holds blanks at a fold.
  vobject, and so Radicale, takes a line of only blanks for the end of the
  property and drops it (and with it the blanks of the text), so :func:`fold`
  moves the fold back a character or two; :func:`mend_folds` does the same to
  what icalendar folds, so that both engines still agree.

The result is byte for byte what icalendar serializes from the component tree
of :func:`~._components.event_component`, folds mended: ``tests/test_ics_engines.py`` checks it
on generated timelines (every kind of time, many zones, hostile text, previous
feeds). Equal bytes rather than equal parsed values, because the bytes are what
subscribers compare: a feed that changes bytes when nothing changed would look
like an update, and the golden file would drift.

>>> from datetime import date
>>> from bri_timeline import AllDay, Event
>>> lines = render(Event("apec", "APEC; Lima", AllDay(date(2024, 11, 13))), "apec@example.org")
>>> print(lines.vevent(b"19700101T000000Z", 0).decode().replace("\r\n", "\n"), end="")
BEGIN:VEVENT
SUMMARY:APEC\; Lima
DTSTART;VALUE=DATE:20241113
DTEND;VALUE=DATE:20241114
DTSTAMP:19700101T000000Z
UID:apec@example.org
SEQUENCE:0
TRANSP:TRANSPARENT
END:VEVENT
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from functools import lru_cache
from zoneinfo import ZoneInfo

import attrs

from bri_timeline.formats.ical._mapping import UID, Item, Params, event_items, zone_of
from bri_timeline.formats.ical._overrides import (
    override_items,
    override_zone_uses,
)
from bri_timeline.formats.ical._people import ALARM, alarm_blocks
from bri_timeline.formats.ical._values import utc_stamp
from bri_timeline.model.event import Event
from bri_timeline.model.recurrence import last_start_bound
from bri_timeline.model.times import OpenEnded, TimeSpan

__all__ = [
    "LIST_PARAMETERS",
    "Rendered",
    "ZoneUse",
    "fold",
    "mend_folds",
    "param_text",
    "render",
    "written_zones",
    "zone_uses",
]

ZoneUse = tuple[ZoneInfo, datetime, datetime]
"""A zone the feed uses, with the first and last UTC instant it must be right for."""

_LIMIT = 74
"""The octets of content on a line: with the space that starts a folded line, 75."""
_NO_SPLIT = (0x5C, 0x5E)
"""``\\`` and ``^``: icalendar never ends a folded line with one (its issue #1501)."""
_CRLF = b"\r\n"
_FOLD = b"\r\n "
_RFC6868 = re.compile(r'\^|\r\n|\r|\n|"')
_RFC6868_WITH = {"^": "^^", "\r\n": "^n", "\r": "^n", "\n": "^n", '"': "^'"}
_QUOTABLE = re.compile("[,;:’]")
LIST_PARAMETERS = frozenset({"FEATURE"})
"""Parameters whose value is a list, given as one text joined by commas (no value holds one)."""


def fold(line: str) -> bytes:
    r"""A content line as UTF-8, folded as icalendar folds it.

    >>> [len(line) for line in fold("DESCRIPTION:" + "é" * 40).split(b"\r\n")]
    [74, 19]
    >>> fold("X:" + "a" * 71 + "\\," + "b" * 10)[70:]
    b'aaa\r\n \\,bbbbbbbbbb'
    """
    data = line.encode("utf-8")
    size = len(data)
    if size <= _LIMIT:
        return data
    parts: list[bytes] = []
    start = 0
    while size - start > _LIMIT:
        stop = start + _LIMIT
        while data[stop] & 0xC0 == 0x80:  # not inside a character
            stop -= 1
        if data[stop - 1] in _NO_SPLIT:
            stop -= 1
        parts.append(data[start:stop])
        start = stop
    parts.append(data[start:])
    for index in range(1, len(parts)):
        if parts[index][0] in _MAY_BE_BLANK and _blank(parts[index]):
            parts[index - 1], parts[index] = _unblanked(parts[index - 1], parts[index])
    return _FOLD.join(parts)


_MAY_BE_BLANK = frozenset(b"\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f \xc2\xe1\xe2\xe3")
"""The first octet of every character that :meth:`str.isspace` calls a blank, in UTF-8."""


def _blank(part: bytes) -> bool:
    return part.decode("utf-8").isspace()


def _unblanked(before: bytes, blank: bytes) -> tuple[bytes, bytes]:
    """The fold between two parts moved back until the second holds more than blanks.

    Left as they are where it cannot be: a run of blanks longer than a line, or
    one that would leave the first part blank or over :data:`_LIMIT` octets.
    """
    text = before.decode("utf-8")
    stop = len(text)
    while stop > 1 and text[stop - 1].isspace():
        stop -= 1
    stop -= 1  # the last character that is not a blank goes to the next line
    while stop > 1 and ord(text[stop - 1]) in _NO_SPLIT:
        stop -= 1
    head, moved = text[:stop].encode("utf-8"), text[stop:].encode("utf-8")
    if stop < 1 or _blank(head) or len(moved) + len(blank) > _LIMIT:
        return before, blank
    return head, moved + blank


_BLANK_FOLD = re.compile(r"\r\n [^\S\r\n]*(?=\r\n|\Z)")
"""A folded line of blanks only (:meth:`str.isspace`, as ``\\s`` matches)."""
_LOGICAL = re.compile(r"\r\n(?! )")


def mend_folds(data: bytes) -> bytes:
    r"""Lines folded by icalendar, folded again by :func:`fold` where a folded line is blank.

    >>> folded = b"SUMMARY:" + b"a" * 66 + b"\r\n  \r\n"  # the second line is a blank
    >>> mend_folds(folded).split(b"\r\n")
    [b'SUMMARY:aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa', b' a ', b'']
    """
    text = data.decode("utf-8")
    if not _BLANK_FOLD.search(text):
        return data
    lines = _LOGICAL.split(text)
    return "\r\n".join(
        fold(line.replace("\r\n ", "")).decode("utf-8") if _BLANK_FOLD.search(line) else line
        for line in lines
    ).encode("utf-8")


def _param_value(name: str, value: str) -> str:
    # As icalendar: CN is quoted when it holds a space or an apostrophe too.
    quoted = name == "CN" and (" " in value or "'" in value)
    value = _RFC6868.sub(lambda match: _RFC6868_WITH[match.group()], value)
    return f'"{value}"' if quoted or _QUOTABLE.search(value) else value


def _param(name: str, value: str) -> str:
    """``;NAME=value``, the value escaped and quoted; nothing for TZID=UTC.

    A parameter of several values (:data:`LIST_PARAMETERS`) has each one quoted
    on its own, ``FEATURE=AUDIO,VIDEO``, as RFC 5545 writes a list.
    """
    if name == "TZID" and value == "UTC":
        return ""  # RFC 5545: a UTC time has no TZID, so icalendar drops TZID=UTC.
    if name in LIST_PARAMETERS:
        return f";{name}=" + ",".join(_param_value(name, part) for part in value.split(","))
    return f";{name}={_param_value(name, value)}"


@lru_cache(maxsize=1024)
def param_text(params: Params) -> str:
    """The parameters of a content line, each after a ``;``, as icalendar writes them.

    >>> param_text((("X-BRI-UNTIL", "2030-01-01T00:00:00+00:00"), ("A", "b")))
    ';A=b;X-BRI-UNTIL="2030-01-01T00:00:00+00:00"'
    """
    return "".join(
        _param(name, value)
        for name, value in sorted((name.upper(), value) for name, value in params)
    )


def _encode(lines: list[str]) -> bytes:
    text = "\r\n".join(lines) + "\r\n"
    if max(map(len, lines)) <= _LIMIT and (
        text.isascii() or max(map(len, map(str.encode, lines))) <= _LIMIT
    ):
        return text.encode("utf-8")  # no line to fold: the common case
    return _CRLF.join([fold(line) for line in lines]) + _CRLF


@attrs.frozen
class Rendered:
    """The lines of one event's VEVENT, but for DTSTAMP and SEQUENCE, folded and encoded.

    Everything in it depends only on the event and its UID, so it can be kept
    and reused while the event does not change.

    Attributes:
        uid: The UID.
        head: ``BEGIN:VEVENT`` and the properties icalendar orders before DTSTAMP.
        uid_line: The UID line, which icalendar orders between DTSTAMP and SEQUENCE.
        tail: The properties after SEQUENCE, and ``END:VEVENT``.
        stamp: The DTSTAMP of an event that records when it was updated, else None
            (then the timeline's ``updated`` is used).
    """

    uid: str
    head: bytes
    uid_line: bytes
    tail: bytes
    stamp: bytes | None
    overrides: tuple[tuple[Rendered, int], ...] = ()

    def vevent(self, stamp: bytes, sequence: int) -> bytes:
        """The whole VEVENT with this DTSTAMP (``20241114T050000Z``) and SEQUENCE.

        SEQUENCE is at most ``MAX_SEQUENCE`` (see ``_values.check_sequence``),
        so its line is never folded. The VEVENTs of the event's overrides
        follow it (see ``_overrides``).
        """
        own = self._own(stamp, sequence)
        if not self.overrides:
            return own
        return own + b"".join(
            rendered._own(rendered.stamp or stamp, revision)
            for rendered, revision in self.overrides
        )

    def _own(self, stamp: bytes, sequence: int) -> bytes:
        sequence_line = b"SEQUENCE:%d\r\n" % sequence
        return b"".join(
            (self.head, b"DTSTAMP:", stamp, _CRLF, self.uid_line, sequence_line, self.tail)
        )

    def lines(self, stamp: bytes, sequence: int) -> tuple[str, ...]:
        """The unfolded lines of the event's own VEVENT (not its overrides'), BEGIN and END."""
        return tuple(_unfold(self._own(stamp, sequence)))


def _unfold(data: bytes) -> list[str]:
    return data.replace(_FOLD, b"").decode("utf-8").split("\r\n")[:-1]


def render(event: Event, uid: str) -> Rendered:
    """The VEVENT of an event, in the order and with the bytes icalendar would write.

    Costs one pass over the event's fields and text: about a tenth of building
    and serializing its icalendar component.
    """
    head, tail = event_items(event)
    overrides = tuple(
        (
            _rendered(item.override.event, uid, item.head, item.tail, [item.recurrence_id]),
            item.override.event.revision,
        )
        for item in override_items(event)
    )
    own = _rendered(event, uid, head, tail, [])
    return attrs.evolve(own, overrides=overrides) if overrides else own


def _rendered(
    event: Event, uid: str, head: list[Item], tail: list[Item], after_uid: list[Item]
) -> Rendered:
    """One VEVENT's lines: ``after_uid`` holds what icalendar orders after UID (RECURRENCE-ID)."""
    name, _, text = UID.item(uid)
    stamp = None if event.updated is None else utc_stamp(event.updated).encode()
    return Rendered(
        uid,
        _encode([f"BEGIN:{event.kind.component}", *_lines(head)]),
        _encode([f"{name}:{text}", *_lines(after_uid)]),
        _encode([*_lines(tail), *_alarm_lines(event), f"END:{event.kind.component}"]),
        stamp,
    )


def _lines(items: list[Item]) -> list[str]:
    """The content lines of these properties, unfolded."""
    return [
        f"{name}{param_text(params)}:{text}" if params else f"{name}:{text}"
        for name, params, text in items
    ]


def _alarm_lines(event: Event) -> list[str]:
    """The VALARMs of an event, which icalendar writes after the VEVENT's properties."""
    lines = []
    for items in alarm_blocks(event):
        lines.extend([f"BEGIN:{ALARM}", *_lines(items), f"END:{ALARM}"])
    return lines


def _points(event: Event) -> tuple[datetime, ...]:
    """The datetimes DTSTART and DTEND hold (see ``_mapping.placement``)."""
    time = event.time
    if isinstance(time, TimeSpan):
        return (time.start,) if time.is_instant else (time.start, time.end)
    if isinstance(time, OpenEnded) and isinstance(time.start, datetime):
        return (time.start,)
    return ()


def zone_uses(event: Event) -> tuple[ZoneUse, ...]:
    """The zones an event's VEVENT names (TZID), each with the UTC range it must be right for.

    For a repeating event the range reaches its last start (or, when it
    repeats for ever, its first: the VTIMEZONE's rules then run on).
    """
    uses: list[ZoneUse] = []
    for point in _points(event):
        zone = zone_of(point)
        if zone is None:
            continue
        instant = point.astimezone(UTC)
        bound = last_start_bound(event)
        uses.append((zone, instant, instant if bound is None else max(instant, bound)))
    return (*uses, *override_zone_uses(event)) if event.overrides else tuple(uses)


def written_zones(event: Event) -> tuple[tuple[ZoneInfo, datetime], ...]:
    """The zones and UTC instants that DTSTART and DTEND name, as a reader of the feed finds them.

    The wall time as written (whole seconds, the first pass of a repeated hour),
    in the zone its TZID names: what ``_previous.read_previous`` reads back.
    """
    found = []
    for point in _points(event):
        zone = zone_of(point)
        if zone is not None:
            wall = point.replace(tzinfo=None, microsecond=0, fold=0)
            named = ZoneInfo(zone.key)
            found.append((named, wall.replace(tzinfo=named).astimezone(UTC)))
    return tuple(found)
