"""Build a timeline in Python: the four kinds of time, events with their details, the order.

The events are made up (a harbour festival), so that no date is more precise than we know.
"""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import attrs

from bri_timeline import (
    AllDay,
    Event,
    InvalidTime,
    Location,
    OpenEnded,
    PartialDate,
    Participant,
    Source,
    Timeline,
    TimelineInfo,
    TimeSpan,
    describe,
)

lima = ZoneInfo("America/Lima")

events = [
    # Some time in the 19th century (1800-1899): never turned into 1 January 1800.
    Event("harbour-built", "Harbour built", PartialDate.of_century(1800)),
    # Running since 2009, with no end.
    Event("ferry-service", "Ferry service running", OpenEnded(PartialDate.of_year(2009))),
    # Whole days, the last one included; days have no time zone.
    Event(
        "harbour-days",
        "Harbour Days festival",
        AllDay(date(2025, 7, 4), date(2025, 7, 6)),
        location=Location("Old Harbour", latitude=-11.78, longitude=-77.17),
        categories=["festival"],
    ),
    # A timed span, in a named zone.
    Event(
        "opening",
        "Opening ceremony",
        TimeSpan(datetime(2025, 7, 4, 10, tzinfo=lima), datetime(2025, 7, 4, 11, tzinfo=lima)),
        participants=[Participant("Rosa Huaman", role="mayor")],
        categories=["festival"],
    ),
    # An instant: a span of zero length.
    Event("fireworks", "Fireworks", TimeSpan(datetime(2025, 7, 5, 21, tzinfo=lima))),
    # Known only to the month, with the words it rests on.
    Event(
        "regatta-results",
        "Regatta results published",
        PartialDate.of_month(2025, 7),
        source=Source("Results will be published in July.", document="programme"),
    ),
]

# Events may come in any order: the timeline sorts them (span start, then end, then id).
timeline = Timeline(events, info=TimelineInfo("Harbour Days 2025"))
print(f"{timeline.info.name}: {len(timeline)} events")
for event in timeline:
    print(f"{describe(event.time):<36}  {event.id:<16}  {event.title}")

# Events are immutable: change one with attrs.evolve, and raise its revision so that
# calendar apps take the new version.
opening = timeline.get("opening")
moved = attrs.evolve(opening, title="Opening ceremony (main stage)", revision=opening.revision + 1)
# An event's time is one of four classes (the alias Time); isinstance tells which.
assert isinstance(moved.time, TimeSpan)
print(f"{moved.title!r}, revision {moved.revision}, lasts {moved.time.duration}")

# Values are checked when they are built; the error names the field, the rule and the value.
try:
    AllDay(date(2025, 7, 6), date(2025, 7, 4))
except InvalidTime as error:
    print(f"refused: {error}")
