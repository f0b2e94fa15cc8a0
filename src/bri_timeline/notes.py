"""What a lenient reader repaired or left out of a file: one :class:`ImportNote` for each.

A file that a real producer got slightly wrong (a blank line, a component left
open at the end, a VEVENT with no VCALENDAR around it) is still read, the way
icalendar reads it, and nothing is repaired without a word: each repair is an
``ImportNote`` naming the file, the line, the event's UID, the property and the
value, and saying what was done. With ``strict=True`` the reader refuses the
file instead, with an :class:`~bri_timeline.errors.ICalendarError` at the first
of them.

This module sits at the bottom layer, beside :mod:`bri_timeline.errors`, so that
the formats that make notes and the command that prints them both import it.

>>> note = ImportNote("cal.ics", 7, None, None, "", "blank line skipped")
>>> str(note)
"cal.ics:7: blank line skipped (got '')"
"""

from __future__ import annotations

from collections.abc import Sequence

import attrs

from bri_timeline.errors import shown

__all__ = ["ImportNote", "summary"]


@attrs.frozen
class ImportNote:
    """One repair a lenient reader made to a file, or one thing it left out, and where.

    Attributes:
        file: The file, as the caller named it (or ``"<bytes>"``).
        line: The 1-based line of the file where the content line starts, if known.
        uid: The UID of the component the note is about, if it has one.
        property: The property (``"DTSTART"``), or the component (``"VEVENT"``), if any.
        value: The value as the file gives it, if any.
        action: What was done, in words (``"blank line skipped"``).
        skipped: How many components of the kind ``property`` names were left out
            (not read at all: a VTODO, a VFREEBUSY, an X- component); 0 for a repair.

    >>> str(ImportNote("cal.ics", 3, "a1", "VALARM", None, "END:VALARM added at the end"))
    "cal.ics:3: event 'a1': VALARM: END:VALARM added at the end"
    """

    file: str
    line: int | None
    uid: str | None
    property: str | None
    value: str | None
    action: str
    skipped: int = attrs.field(default=0, kw_only=True)

    def __str__(self) -> str:
        parts = [self.file if self.line is None else f"{self.file}:{self.line}"]
        if self.uid is not None:
            parts.append(f"event {shown(self.uid)}")
        if self.property is not None:
            parts.append(self.property)
        text = f"{': '.join(parts)}: {self.action}"
        if self.value is not None:
            text += f" (got {shown(self.value)})"
        return text


def summary(notes: Sequence[ImportNote]) -> str:
    """How many repairs and skipped components the notes hold, in words ("" for none).

    >>> skipped = ImportNote("a.ics", 9, None, "VTODO", None, "2 left out", skipped=2)
    >>> summary([ImportNote("a.ics", 3, "x", "UID", "x", "kept once"), skipped])
    '1 repair, 2 components skipped'
    >>> summary([])
    ''
    """
    repairs = sum(1 for note in notes if not note.skipped)
    components = sum(note.skipped for note in notes)
    parts = []
    if repairs:
        parts.append(f"{repairs} repair{'s' if repairs != 1 else ''}")
    if components:
        parts.append(f"{components} component{'s' if components != 1 else ''} skipped")
    return ", ".join(parts)
