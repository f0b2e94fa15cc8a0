"""The model: times, events and the relations between them. It knows nothing of files or formats."""

from bri_timeline.model.edtf import from_edtf, time_zones, to_edtf
from bri_timeline.model.event import (
    Event,
    Frequency,
    Inference,
    Location,
    Participant,
    Recurrence,
    Source,
)
from bri_timeline.model.relations import Relation, certainly_overlaps, overlaps, relation
from bri_timeline.model.rrule import Weekday
from bri_timeline.model.times import AllDay, OpenEnded, PartialDate, Precision, Time, TimeSpan

__all__ = [
    "AllDay",
    "Event",
    "Frequency",
    "Inference",
    "Location",
    "OpenEnded",
    "PartialDate",
    "Participant",
    "Precision",
    "Recurrence",
    "Relation",
    "Source",
    "Time",
    "TimeSpan",
    "Weekday",
    "certainly_overlaps",
    "from_edtf",
    "overlaps",
    "relation",
    "time_zones",
    "to_edtf",
]
