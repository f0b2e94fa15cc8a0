r"""Read a timeline from a TOML data file: the format of the bundled BRI data and of users' own.

A data file has an optional ``[timeline]`` table and an array of ``[[events]]``::

    [timeline]
    name = "My timeline"                 # optional, as are all of this table
    description = "..."
    url = "https://example.org/"
    source = "The document the events come from"
    updated = 2024-11-20T00:00:00Z      # a TOML date-time with an offset

    [[events]]
    id = "apec-2024"                     # required: letters, digits, . _ @ + -
    title = "APEC summit"                # required
    when = "2024-11-13/2024-11-15"       # required: EDTF, see bri_timeline.model.edtf
    tz = "America/Lima"                  # the zone of local times in `when`
    end_tz = "Europe/Madrid"             # the zone of a local end time, if another
    description = "..."
    url = "https://..."
    categories = ["summit"]
    location = { name = "Lima", latitude = -12.05, longitude = -77.04 }
    participants = [{ name = "...", role = "...", organization = "..." }]
    source = { quote = "...", document = "...", locator = "paragraph 1", url = "..." }
    inferred = [{ field = "when", reason = "..." }]
    recurrence = { frequency = "YEARLY", interval = 1, count = 10 }   # or until = 2030-01-01
    revision = 0                         # raise it when the event changes
    updated = 2024-11-20T00:00:00Z
    created = 2024-11-01T00:00:00Z
    event_kind = "TODO"                  # EVENT (the default), TODO or JOURNAL
    status = "CONFIRMED"                 # TENTATIVE, CONFIRMED or CANCELLED (an EVENT's)
    transparency = "OPAQUE"              # TRANSPARENT (the default) or OPAQUE
    classification = "PUBLIC"            # PUBLIC, PRIVATE, CONFIDENTIAL or an X- token
    priority = 1                         # 1 (highest) to 9, 0 for none
    color = "teal"                       # a CSS3 colour name
    image = "https://..."
    organizer = { name = "...", address = "mailto:..." }
    attendees = [{ name = "...", role = "CHAIR", status = "ACCEPTED", title = "..." }]
    alarms = [{ trigger = "-PT15M", description = "..." }]   # or at = 2024-11-13T08:00:00Z
    attachments = [{ uri = "https://...", media_type = "application/pdf" }]
    conference = [{ uri = "https://...", features = ["VIDEO"], label = "..." }]
    overrides = [{ original = "2024-11-20", status = "CANCELLED" }]  # see _overrides

An override (:mod:`bri_timeline.formats._overrides`) changes one occurrence of a
repeating event: its ``original`` start, as EDTF in the event's zone, and only
the keys that differ from the occurrence the rule gives. An event's
``source.document`` defaults to ``[timeline] source``. Every other
field is exactly as written: nothing is defaulted, and any key not listed here
is an error. Every error is a :class:`~bri_timeline.errors.DataFileError` that
names the file, the line where it can, the event and the field. The fields are those
of the JSON document; :mod:`~bri_timeline.formats.toml.write` writes a data file.

>>> timeline = from_toml('''
... [[events]]
... id = "fta"
... title = "Free Trade Agreement in place"
... when = "2009/.."
... ''')
>>> timeline.get("fta").time
OpenEnded(start=PartialDate(precision=Precision.YEAR, year=2009, month=None))
>>> from_toml('[[events]]\nid = "x"\ntitle = "X"\nwhen = "2024-02-30"\n', path="my.toml")
Traceback (most recent call last):
...
bri_timeline.errors.DataFileError: my.toml:2: event 'x': field 'when': day: ...
"""

from __future__ import annotations

import os
import re
import tomllib
from datetime import date, datetime
from typing import Any, ClassVar

from bri_timeline.formats._document import EVENTS, TIMELINE, Kinds, Reader, read_timeline
from bri_timeline.formats._where import read_utf8
from bri_timeline.limits import Limits, limits_or_default
from bri_timeline.timeline import Timeline

__all__ = ["from_toml", "load", "loads", "read_toml"]

_TOP_KEYS = frozenset({TIMELINE, EVENTS})
_TOML_LINE = re.compile(r"at line (\d+)")


class _Context(Reader):
    """Reads one TOML data file: dates and date-times are TOML's own, its rules a person's."""

    # What a value should have been, in the words of TOML, which is what the user wrote.
    KINDS: ClassVar[Kinds] = {
        str: "a string",
        int: "an integer",
        (int, float): "an integer or a float",
        list: "an array",
        dict: "a table",
        datetime: "a date-time with an offset",
        (date, datetime): "a date or a date-time with an offset",
    }
    TOO_DEEP = "is not valid TOML here: arrays or tables nest too deeply"
    ANY_CASE_FREQUENCY = True
    INHERITED_DOCUMENT = True

    def id_pattern(self, event_id: str) -> re.Pattern[str]:
        """How the TOML file writes the id of the event ``event_id``: ``id = "..."``."""
        return re.compile(
            rf"""^[ \t]*id[ \t]*=[ \t]*(["']){re.escape(event_id)}\1[ \t]*(#.*)?$""", re.M
        )

    def loads(self, text: str) -> dict[str, Any]:
        """The parsed text; where it is not TOML, an error naming the line."""
        try:
            return tomllib.loads(text)
        except tomllib.TOMLDecodeError as error:
            line = _TOML_LINE.search(str(error))
            self.line = int(line.group(1)) if line else None
            raise self.error(f"is not valid TOML: {error}") from None

    def instant(self, table: dict[str, Any], key: str, field: str) -> datetime | None:
        """The TOML date-time ``table[key]``, or None when absent."""
        value: datetime | None = self.get(table, key, datetime, field=field)
        return value

    def until(self, table: dict[str, Any]) -> date | datetime | None:
        """The TOML date or date-time ``until``, or None when absent."""
        value: date | datetime | None = self.get(
            table, "until", (date, datetime), field="recurrence.until"
        )
        return value


def from_toml(text: str, *, path: str = "<string>", limits: Limits | None = None) -> Timeline:
    """Read a timeline from the text of a TOML data file.

    Args:
        text: The file's text.
        path: The name errors give the file.
        limits: What reading it may cost (default :class:`~bri_timeline.limits.Limits`):
            its size.

    Raises:
        DataFileError: The text is not TOML, is too large, or an event or a field is wrong.
    """
    ctx = _Context.of(text, path, limits)
    document = ctx.parse()
    ctx.keys(document, _TOP_KEYS, "")
    return read_timeline(ctx, document)


def read_toml(path: str | os.PathLike[str], *, limits: Limits | None = None) -> Timeline:
    r"""Read a timeline from a TOML data file (UTF-8).

    Raises:
        DataFileError: The file cannot be read, is not UTF-8 TOML, is too large,
            or an event or a field is wrong.
    """
    limits = limits_or_default(limits)
    name, text = read_utf8(path, limits)
    return from_toml(text, path=name, limits=limits)


loads = from_toml
"""The former name of :func:`~bri_timeline.formats.toml.read.from_toml`."""
load = read_toml
"""The former name of :func:`~bri_timeline.formats.toml.read.read_toml`."""
