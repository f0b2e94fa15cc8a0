"""bri_timeline: typed event timelines you can import, query and subscribe to as a calendar.

Data flows one way: a data file (or Python) -> :mod:`bri_timeline.load` -> the
model (:mod:`bri_timeline.model`: times, events) -> :class:`Timeline` and its
queries -> exporters -> delivery (the command line).

>>> from bri_timeline import load_bri
>>> timeline = load_bri()
>>> timeline[0].title
'Chinese immigrants settle across Peru'
"""

from bri_timeline.errors import (
    DataFileError,
    DuplicateEventId,
    EDTFError,
    InvalidArgument,
    InvalidEvent,
    InvalidTime,
    InvalidValue,
    TimelineError,
    UnknownEvent,
)
from bri_timeline.load import load, load_bri, loads
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
from bri_timeline.timeline import Gap, Overlap, Timeline, TimelineInfo

__version__ = "0.1.0"

__all__ = [
    "AllDay",
    "DataFileError",
    "DuplicateEventId",
    "EDTFError",
    "Event",
    "Frequency",
    "Gap",
    "Inference",
    "InvalidArgument",
    "InvalidEvent",
    "InvalidTime",
    "InvalidValue",
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
    "loads",
    "overlaps",
    "relation",
    "time_zones",
    "to_edtf",
]
