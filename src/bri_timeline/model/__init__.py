"""The model: times, events and the relations between them. It knows nothing of files or formats."""

from bri_timeline.model.allen import certain_relation, possible_relations
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
from bri_timeline.model.times import AllDay, OpenEnded, PartialDate, Precision, Time, TimeSpan
from bri_timeline.model.vague import Vague

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
    "Vague",
    "certain_relation",
    "certainly_overlaps",
    "from_edtf",
    "overlaps",
    "possible_relations",
    "relation",
    "time_zones",
    "to_edtf",
]
