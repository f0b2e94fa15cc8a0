"""bri_timeline: typed event timelines you can import, query and subscribe to as a calendar.

Data flows one way: the errors and limits <- the model (:mod:`bri_timeline.model`:
times, events, relations) <- :class:`Timeline` and its index <- the formats
(:mod:`bri_timeline.formats`: one package per format, reading and writing side by
side) <- delivery (the command line, the feed server, the site, the CalDAV sync). See
``docs/architecture.md``.

Every format has the same verbs, all exported here: ``to_F`` and ``from_F`` in
memory, ``write_F`` to an open binary file and ``read_F`` from a path, for ``F``
in ``ics``, ``jcal``, ``toml``, ``json`` and ``timelinejs`` (which keeps less: see
its reader); ``to_F`` and ``write_F`` for ``svg``, ``html`` and ``text``.

>>> from bri_timeline import from_json, load_bri, to_json
>>> timeline = load_bri()
>>> timeline[0].title
'Chinese immigrants settle across Peru'
>>> from_json(to_json(timeline)) == timeline
True
"""

from bri_timeline._version import __version__
from bri_timeline.changes import Change, Diff, FieldChange
from bri_timeline.delivery.sync import Credentials, SyncAction, SyncReport, sync
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
    MergeConflict,
    SyncAuthError,
    SyncError,
    TimelineError,
    UnknownEvent,
)
from bri_timeline.formats.arrow_table import (
    from_arrow,
    from_parquet,
    read_parquet,
    to_arrow,
    write_parquet,
)
from bri_timeline.formats.csv_table import from_csv, read_csv, to_csv, write_csv
from bri_timeline.formats.csv_table.sheet import from_timelinejs_sheet, read_timelinejs_sheet
from bri_timeline.formats.html_page import PageLinks, to_html, write_html
from bri_timeline.formats.ical import (
    FeedBuilder,
    FeedOptions,
    LeftOut,
    from_ics,
    from_jcal,
    left_out_of_feed,
    load_ics,
    loads_ics,
    read_ics,
    read_jcal,
    to_ics,
    to_jcal,
    write_ics,
    write_jcal,
)
from bri_timeline.formats.json_document import (
    from_json,
    load_json,
    loads_json,
    read_json,
    to_json,
    write_json,
)
from bri_timeline.formats.pandas_frame import from_pandas, to_pandas
from bri_timeline.formats.svg import to_svg, write_svg
from bri_timeline.formats.text import to_text, write_text
from bri_timeline.formats.timelinejs import (
    from_timelinejs,
    read_timelinejs,
    to_timelinejs,
    write_timelinejs,
)
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
    Alarm,
    AlarmAction,
    AllDay,
    Attachment,
    Attendee,
    CalendarUserType,
    Classification,
    Conference,
    ConferenceFeature,
    Event,
    EventStatus,
    Extra,
    Frequency,
    Inference,
    Location,
    OpenEnded,
    Organizer,
    Override,
    PartialDate,
    Participant,
    ParticipationStatus,
    Precision,
    Recurrence,
    Relation,
    Role,
    Source,
    Time,
    TimeSpan,
    Transparency,
    TriggerRelated,
    Vague,
    Weekday,
    certain_relation,
    certainly_overlaps,
    from_edtf,
    overlaps,
    possible_relations,
    relation,
    time_zones,
    to_edtf,
)
from bri_timeline.model.describe import describe
from bri_timeline.model.overriding import cancel_occurrence, override_occurrence
from bri_timeline.model.recurrence import occurrences
from bri_timeline.notes import ImportNote
from bri_timeline.timeline import Gap, Overlap, Timeline, TimelineInfo

__all__ = [
    "Alarm",
    "AlarmAction",
    "AllDay",
    "Attachment",
    "Attendee",
    "CalendarUserType",
    "Change",
    "Classification",
    "Conference",
    "ConferenceFeature",
    "Credentials",
    "DataFileError",
    "Diff",
    "DuplicateEventId",
    "EDTFError",
    "Event",
    "EventStatus",
    "Extra",
    "FeedBuilder",
    "FeedError",
    "FeedOptions",
    "FieldChange",
    "Frequency",
    "Gap",
    "ICalendarError",
    "ImportNote",
    "IndexOutOfRange",
    "Inference",
    "InvalidArgument",
    "InvalidEvent",
    "InvalidTime",
    "InvalidValue",
    "LeftOut",
    "Limits",
    "Location",
    "MergeConflict",
    "OpenEnded",
    "Organizer",
    "Overlap",
    "Override",
    "PageLinks",
    "PartialDate",
    "Participant",
    "ParticipationStatus",
    "Precision",
    "Recurrence",
    "Relation",
    "Role",
    "Source",
    "SyncAction",
    "SyncAuthError",
    "SyncError",
    "SyncReport",
    "Time",
    "TimeSpan",
    "Timeline",
    "TimelineError",
    "TimelineInfo",
    "Transparency",
    "TriggerRelated",
    "UnknownEvent",
    "Vague",
    "Weekday",
    "__version__",
    "cancel_occurrence",
    "certain_relation",
    "certainly_overlaps",
    "describe",
    "from_arrow",
    "from_csv",
    "from_edtf",
    "from_ics",
    "from_jcal",
    "from_json",
    "from_pandas",
    "from_parquet",
    "from_timelinejs",
    "from_timelinejs_sheet",
    "from_toml",
    "left_out_of_feed",
    "load",
    "load_bri",
    "load_ics",
    "load_json",
    "loads",
    "loads_ics",
    "loads_json",
    "occurrences",
    "overlaps",
    "override_occurrence",
    "possible_relations",
    "read_csv",
    "read_ics",
    "read_jcal",
    "read_json",
    "read_parquet",
    "read_timelinejs",
    "read_timelinejs_sheet",
    "read_toml",
    "relation",
    "sync",
    "time_zones",
    "to_arrow",
    "to_csv",
    "to_edtf",
    "to_html",
    "to_ics",
    "to_jcal",
    "to_json",
    "to_pandas",
    "to_svg",
    "to_text",
    "to_timelinejs",
    "to_toml",
    "write_csv",
    "write_html",
    "write_ics",
    "write_jcal",
    "write_json",
    "write_parquet",
    "write_svg",
    "write_text",
    "write_timelinejs",
    "write_toml",
]
