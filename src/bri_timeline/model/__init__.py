"""The model: times, events and the relations between them. It knows nothing of files or formats."""

from bri_timeline.model.alarms import (
    Alarm,
    AlarmAction,
    Attachment,
    Conference,
    ConferenceFeature,
    TriggerRelated,
)
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
from bri_timeline.model.extras import Extra
from bri_timeline.model.floating import FloatingSpan
from bri_timeline.model.kinds import EventKind
from bri_timeline.model.overrides import Override
from bri_timeline.model.people import (
    Attendee,
    CalendarUserType,
    Organizer,
    ParticipationStatus,
    Role,
)
from bri_timeline.model.relations import Relation, certainly_overlaps, overlaps, relation
from bri_timeline.model.rrule import Weekday
from bri_timeline.model.status import Classification, EventStatus, Transparency
from bri_timeline.model.times import AllDay, OpenEnded, PartialDate, Precision, Time, TimeSpan
from bri_timeline.model.vague import Vague

__all__ = [
    "Alarm",
    "AlarmAction",
    "AllDay",
    "Attachment",
    "Attendee",
    "CalendarUserType",
    "Classification",
    "Conference",
    "ConferenceFeature",
    "Event",
    "EventKind",
    "EventStatus",
    "Extra",
    "FloatingSpan",
    "Frequency",
    "Inference",
    "Location",
    "OpenEnded",
    "Organizer",
    "Override",
    "PartialDate",
    "Participant",
    "ParticipationStatus",
    "Precision",
    "Recurrence",
    "Relation",
    "Role",
    "Source",
    "Time",
    "TimeSpan",
    "Transparency",
    "TriggerRelated",
    "Vague",
    "Weekday",
    "certain_relation",
    "certainly_overlaps",
    "from_edtf",
    "overlaps",
    "possible_relations",
    "relation",
    "time_zones",
    "to_edtf",
]
