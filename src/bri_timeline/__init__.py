"""bri_timeline: typed event timelines you can import, query and subscribe to as a calendar.

Data flows one way: the errors and limits <- the model (:mod:`bri_timeline.model`:
times, events, relations) <- :class:`Timeline` and its index <- the formats
(:mod:`bri_timeline.formats`: one package per format, reading and writing side by
side) <- delivery (the command line, the feed server, the site). See
``docs/architecture.md``.

Every format has the same verbs, all exported here: ``to_F`` and ``from_F`` in
memory, ``write_F`` to an open binary file and ``read_F`` from a path, for ``F``
in ``ics``, ``toml`` and ``json``; ``to_F`` and ``write_F`` for ``timelinejs``,
``svg``, ``html`` and ``text``.

>>> from bri_timeline import from_json, load_bri, to_json
>>> timeline = load_bri()
>>> timeline[0].title
'Chinese immigrants settle across Peru'
>>> from_json(to_json(timeline)) == timeline
True
"""

from bri_timeline._version import __version__
from bri_timeline.errors import (
    DataFileError,
    DuplicateEventId,
    EDTFError,
    FeedError,
    ICalendarError,
    IndexOutOfRange,
    InvalidArgument,
    InvalidEvent,
    InvalidTime,
    InvalidValue,
    TimelineError,
    UnknownEvent,
)
from bri_timeline.formats.html_page import PageLinks, to_html, write_html
from bri_timeline.formats.ical import (
    FeedBuilder,
    FeedOptions,
    from_ics,
    load_ics,
    loads_ics,
    read_ics,
    to_ics,
    write_ics,
)
from bri_timeline.formats.json_document import (
    from_json,
    load_json,
    loads_json,
    read_json,
    to_json,
    write_json,
)
from bri_timeline.formats.svg import to_svg, write_svg
from bri_timeline.formats.text import to_text, write_text
from bri_timeline.formats.timelinejs import to_timelinejs, write_timelinejs
from bri_timeline.formats.toml import (
    from_toml,
    load,
    load_bri,
    loads,
    read_toml,
    to_toml,
    write_toml,
)
from bri_timeline.limits import Limits
from bri_timeline.model import (
    AllDay,
    Event,
    Frequency,
    Inference,
    Location,
    OpenEnded,
    PartialDate,
    Participant,
    Precision,
    Recurrence,
    Relation,
    Source,
    Time,
    TimeSpan,
    Weekday,
    certainly_overlaps,
    from_edtf,
    overlaps,
    relation,
    time_zones,
    to_edtf,
)
from bri_timeline.model.describe import describe
from bri_timeline.model.recurrence import occurrences
from bri_timeline.timeline import Gap, Overlap, Timeline, TimelineInfo

__all__ = [
    "AllDay",
    "DataFileError",
    "DuplicateEventId",
    "EDTFError",
    "Event",
    "FeedBuilder",
    "FeedError",
    "FeedOptions",
    "Frequency",
    "Gap",
    "ICalendarError",
    "IndexOutOfRange",
    "Inference",
    "InvalidArgument",
    "InvalidEvent",
    "InvalidTime",
    "InvalidValue",
    "Limits",
    "Location",
    "OpenEnded",
    "Overlap",
    "PageLinks",
    "PartialDate",
    "Participant",
    "Precision",
    "Recurrence",
    "Relation",
    "Source",
    "Time",
    "TimeSpan",
    "Timeline",
    "TimelineError",
    "TimelineInfo",
    "UnknownEvent",
    "Weekday",
    "__version__",
    "certainly_overlaps",
    "describe",
    "from_edtf",
    "from_ics",
    "from_json",
    "from_toml",
    "load",
    "load_bri",
    "load_ics",
    "load_json",
    "loads",
    "loads_ics",
    "loads_json",
    "occurrences",
    "overlaps",
    "read_ics",
    "read_json",
    "read_toml",
    "relation",
    "time_zones",
    "to_edtf",
    "to_html",
    "to_ics",
    "to_json",
    "to_svg",
    "to_text",
    "to_timelinejs",
    "to_toml",
    "write_html",
    "write_ics",
    "write_json",
    "write_svg",
    "write_text",
    "write_timelinejs",
    "write_toml",
]
