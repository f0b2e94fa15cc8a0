"""Plain text for people at a terminal: a timeline as a table, an event in full, the overlaps.

What ``bri-timeline list``, ``show``, ``overlaps`` and ``import`` print. Columns
are two spaces apart, padded to the widest cell, and a line has no trailing
spaces; times are in the words of :func:`~bri_timeline.model.describe.describe`.
The text is Unicode (en dashes, curly quotes, the data's own names): a terminal
that cannot show a character is the command's business, not the format's.

>>> from bri_timeline import load_bri
>>> bri = load_bri()
>>> print(to_text(bri.in_category("summit")), end="")
WHEN            ID                TITLE
13–15 Nov 2024  apec-summit-2024  APEC Summit
>>> print(event_text(bri.get("apec-summit-2024")).splitlines()[2])
when:        13–15 Nov 2024
>>> print(pairs_text(bri.overlapping(bri.get("apec-summit-2024"))), end="")
FIRST                      RELATION  SECOND            CERTAINTY
apec-summit-2024           during    peru-china-fta    certain
chancay-port-inauguration  during    peru-china-fta    certain
chancay-port-inauguration  during    apec-summit-2024  certain
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import BinaryIO

from bri_timeline.errors import InvalidArgument
from bri_timeline.formats._files import write_utf8
from bri_timeline.formats.text._calendar import calendar_fields
from bri_timeline.formats.text._overrides import override_fields
from bri_timeline.model.describe import describe
from bri_timeline.model.edtf import to_edtf
from bri_timeline.model.event import Event
from bri_timeline.model.relations import Relation
from bri_timeline.timeline import Timeline, check_timeline

__all__ = ["event_text", "pairs_text", "to_text", "write_text"]

# Relations read from the other side, so that each line reads naturally
# ("chancay during apec" rather than "apec contains chancay").
_FLIPPED = frozenset(
    {
        Relation.CONTAINS,
        Relation.STARTED_BY,
        Relation.FINISHED_BY,
        Relation.OVERLAPPED_BY,
        Relation.MET_BY,
        Relation.AFTER,
    }
)

_LABEL_WIDTH = 13  # "description:" and a space


def _one_line(text: str) -> str:
    """A cell on one line: a line break (LF, NEL, U+2028...) shows as `` / ``, a tab as a space."""
    return " / ".join(text.splitlines()).replace("\t", " ")


def _table(header: tuple[str, ...], rows: Iterable[tuple[str, ...]]) -> str:
    """The rows under the header, each column as wide as its widest cell but the last.

    Every cell is kept on one line, so that a row is one line of text whatever it holds.
    """
    lines: Sequence[tuple[str, ...]] = [header, *(tuple(map(_one_line, row)) for row in rows)]
    widths = [max(len(row[i]) for row in lines) for i in range(len(header) - 1)]
    out = []
    for row in lines:
        cells = [cell.ljust(width) for cell, width in zip(row, widths, strict=False)]
        out.append("  ".join([*cells, row[-1]]).rstrip() + "\n")
    return "".join(out)


def to_text(timeline: Timeline) -> str:
    """The events in order, one line each: when (in words), id and title, under a header.

    >>> from datetime import date
    >>> from bri_timeline.model.times import AllDay
    >>> print(to_text(Timeline([Event("a", "A day", AllDay(date(2024, 11, 14)))])), end="")
    WHEN         ID  TITLE
    14 Nov 2024  a   A day
    """
    check_timeline(timeline)
    rows = ((describe(event.time), event.id, event.title) for event in timeline)
    return _table(("WHEN", "ID", "TITLE"), rows)


def pairs_text(timeline: Timeline, *, certain: bool = False) -> str:
    """Every overlapping pair, with Allen's relation and whether the overlap is certain.

    Each pair is written the way round that reads naturally ("during", not
    "contains"). A pair is ``possible`` when a partial date makes the overlap
    uncertain.

    Args:
        timeline: The timeline.
        certain: Keep only the pairs that certainly overlap.
    """
    rows = []
    check_timeline(timeline)
    for pair in timeline.overlapping_pairs(certain=certain):
        first, second, relation = pair.first, pair.second, pair.relation
        if relation in _FLIPPED:
            first, second, relation = second, first, relation.inverse
        certainty = "certain" if pair.certain else "possible"
        rows.append((first.id, relation.value, second.id, certainty))
    return _table(("FIRST", "RELATION", "SECOND", "CERTAINTY"), rows)


def _fields(event: Event) -> list[tuple[str, str]]:
    fields = [("id", event.id), ("title", event.title), ("when", describe(event.time))]
    fields.append(("edtf", to_edtf(event.time)))
    if event.location is not None:
        place = event.location.name
        if event.location.has_coordinates:
            place += f" ({event.location.latitude}, {event.location.longitude})"
        fields.append(("where", place))
    if event.categories:
        fields.append(("categories", ", ".join(event.categories)))
    if event.url:
        fields.append(("url", event.url))
    if event.description:
        fields.append(("description", event.description))
    for person in event.participants:
        role = ", ".join(part for part in (person.role, person.organization) if part)
        fields.append(("participant", f"{person.name} ({role})" if role else person.name))
    fields.extend(calendar_fields(event))
    fields.extend(override_fields(event))
    if event.source is not None:
        fields.append(("source", f"“{event.source.quote}”"))
        where = ", ".join(p for p in (event.source.document, event.source.locator) if p)
        if where:
            fields.append(("from", where))
    fields.extend(("inferred", f"{note.field}: {note.reason}") for note in event.inferred)
    return fields


def event_text(event: Event) -> str:
    """One event in full, a ``label: value`` line for each field it has.

    The fields, in this order: id, title, when (in words), edtf, where, categories,
    url, description, a participant line for each person, the people, alarms,
    links and status (organizer, an attendee, alarm, attachment and conference
    line for each, status, free/busy, class, priority, color, image, created),
    the rule of a repeating event (repeats, also on, except on) and an occurrence
    line for each occurrence it changes or cancels (its start, and what changed),
    source (the quote) and from (the document and place in it), and an inferred
    line for each note.

    >>> from bri_timeline.model.edtf import from_edtf
    >>> print(event_text(Event("fta", "FTA in place", from_edtf("2009/.."))), end="")
    id:          fta
    title:       FTA in place
    when:        since 2009
    edtf:        2009/..
    """
    if not isinstance(event, Event):
        raise InvalidArgument("event", "must be an Event", event)
    indent = "\n" + " " * _LABEL_WIDTH  # a value's further lines line up under its first
    return "".join(
        f"{label + ':':<{_LABEL_WIDTH}}{indent.join(value.splitlines())}\n"
        for label, value in _fields(event)
    )


def write_text(timeline: Timeline, file: BinaryIO) -> None:
    """Write the table of :func:`to_text` to a binary file, in UTF-8.

    Raises:
        InvalidArgument: ``file`` is not an open binary file, or ``timeline`` not a Timeline.
    """
    write_utf8(file, lambda: to_text(timeline))
