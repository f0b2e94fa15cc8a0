"""bri_timeline: typed event timelines you can import, query and subscribe to as a calendar.

Data flows one way: the errors and limits <- the model (:mod:`bri_timeline.model`:
times, events, relations) <- :class:`Timeline` and its index <- the formats
(:mod:`bri_timeline.formats`: one package per format, reading and writing side by
side) <- delivery (the command line, the feed server, the site). See
``docs/architecture.md``.

>>> from bri_timeline import load_bri
>>> timeline = load_bri()
>>> timeline[0].title
'Chinese immigrants settle across Peru'
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
from bri_timeline.formats.ical import (
    FeedBuilder,
    FeedOptions,
    load_ics,
    loads_ics,
    to_ics,
    write_ics,
)
from bri_timeline.formats.toml import load, load_bri, loads
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
    "__version__",
    "certainly_overlaps",
    "describe",
    "from_edtf",
    "load",
    "load_bri",
    "load_ics",
    "loads",
    "loads_ics",
    "occurrences",
    "overlaps",
    "relation",
    "time_zones",
    "to_edtf",
    "to_ics",
    "write_ics",
]
