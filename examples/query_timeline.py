"""Query a timeline: windows (overlapping, inside), a day and a moment (on, at), before and after.

Every query returns a new Timeline, in order, so queries chain.
"""

from collections.abc import Iterable
from datetime import UTC, date, datetime

from bri_timeline import AllDay, Event, PartialDate, load_bri

timeline = load_bri()


def show(question: str, found: Iterable[Event]) -> None:
    print(question)
    ids = [event.id for event in found]
    for event_id in ids or ["(none)"]:
        print(f"  {event_id}")


november = AllDay(date(2024, 11, 1), date(2024, 11, 30))
show("Overlapping November 2024:", timeline.overlapping(november))
show("Inside November 2024:", timeline.inside(november))

# A vague window: the year 2009. The agreement "in place since 2009" may have started in it,
# but need not have been in place during any given part of it.
show("Possibly in 2009:", timeline.overlapping(PartialDate.of_year(2009)))
show("Certainly in 2009:", timeline.overlapping(PartialDate.of_year(2009), certain=True))

show("On 14 November 2024:", timeline.on(date(2024, 11, 14)))
show("At 12:00 UTC on 8 November 2024:", timeline.at(datetime(2024, 11, 8, 12, tzinfo=UTC)))

apec = timeline.get("apec-summit-2024")
show("Over before the APEC Summit began:", timeline.before(apec))
show("Begun on or after 9 November 2024:", timeline.after(date(2024, 11, 9)))
show("BRI events inside November 2024:", timeline.inside(november).in_category("bri"))
