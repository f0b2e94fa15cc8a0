"""Find conflicts: every overlapping pair, its Allen relation, and whether it is certain.

A made-up room schedule in which some bookings are vague: an audit "some time in March"
possibly clashes with everything that month, but certainly with nothing.
"""

from datetime import date, datetime
from zoneinfo import ZoneInfo

from bri_timeline import (
    AllDay,
    Event,
    OpenEnded,
    PartialDate,
    Timeline,
    TimeSpan,
    relation,
)

berlin = ZoneInfo("Europe/Berlin")


def at(hour: int, minute: int = 0) -> datetime:
    return datetime(2025, 3, 14, hour, minute, tzinfo=berlin)


room = Timeline(
    [
        Event("board-meeting", "Board meeting", TimeSpan(at(9), at(11))),
        Event("team-sync", "Team sync", TimeSpan(at(9, 30), at(10))),
        Event("cleaning", "Cleaning", TimeSpan(at(11), at(11, 30))),
        Event("workshop", "Workshop (all day)", AllDay(date(2025, 3, 14))),
        Event("audit", "Safety audit, some day in March", PartialDate.of_month(2025, 3)),
        Event("renovation", "Closed for renovation", OpenEnded(at(16))),
    ]
)

print("Every overlapping pair:")
for pair in room.overlapping_pairs():
    certainty = "certain" if pair.certain else "possible"
    print(f"  {pair.first.id:<15}{pair.relation.value:<10}{pair.second.id:<15}{certainty}")

print("Certain conflicts:")
for pair in room.overlapping_pairs(certain=True):
    print(f"  {pair.first.id} / {pair.second.id}")

# Half-open spans: a booking that ends at 11:00 and one that starts at 11:00 do not overlap.
back_to_back = relation(room.get("board-meeting"), room.get("cleaning"))
print(f"board-meeting {back_to_back.value} cleaning: back to back, no conflict")
