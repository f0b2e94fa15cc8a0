"""Export an iCalendar feed: to_ics and write_ics, FeedOptions, and updating subscribers in place.

Writes bri.ics in the current folder, then publishes a change to it.
"""

from datetime import timedelta
from pathlib import Path

import attrs

from bri_timeline import FeedOptions, Timeline, load_bri, to_ics, write_ics

timeline = load_bri()
options = FeedOptions(
    domain="timeline.example.org",  # UIDs are f"{event.id}@{domain}": keep it for good
    refresh_interval=timedelta(hours=12),  # REFRESH-INTERVAL and X-PUBLISHED-TTL
    color="darkred",
    source_url="https://timeline.example.org/bri.ics",  # where subscribers fetch it
)

# to_ics gives the feed's bytes: no clock, no random UIDs, so the same data gives the same bytes.
feed = to_ics(timeline, feed=options)
again = to_ics(timeline, feed=options)
print(f"{feed.count(b'BEGIN:VEVENT')} events; the same bytes on every run: {feed == again}")
lines = feed.decode().splitlines()
for name in ("REFRESH-INTERVAL", "X-PUBLISHED-TTL", "COLOR", "SOURCE"):
    print(next(line for line in lines if line.startswith(name)))

# write_ics streams the same bytes to a binary file.
path = Path("bri.ics")
with path.open("wb") as file:
    write_ics(timeline, file, feed=options)
print(f"wrote {path}: {path.read_bytes() == feed}")


def vevents(feed: bytes) -> dict[str, list[str]]:
    """Each event's content lines (unfolded), by UID."""
    text = feed.decode().replace("\r\n ", "")
    found = {}
    for block in text.split("BEGIN:VEVENT\r\n")[1:]:
        event = block.split("END:VEVENT")[0].splitlines()
        uid = next(line.removeprefix("UID:") for line in event if line.startswith("UID:"))
        found[uid] = event
    return found


# Later the data changes: one event is renamed, another removed. Given the feed as last
# published, the exporter raises the changed event's SEQUENCE, so that calendar apps replace
# their copy, and publishes the removed one as cancelled.
apec = timeline.get("apec-summit-2024")
changed = Timeline(
    [attrs.evolve(apec, title="APEC Leaders' Week")]
    + [event for event in timeline if event.id not in {apec.id, "chancay-port-inauguration"}],
    info=timeline.info,
)
update = to_ics(changed, feed=options, previous=path.read_bytes())
path.write_bytes(update)
published = vevents(update)
for event_id in ("apec-summit-2024", "chancay-port-inauguration", "bri-meeting-lima"):
    event = published[f"{event_id}@{options.domain}"]
    shown = [line for line in event if line.startswith(("SUMMARY", "STATUS", "SEQUENCE"))]
    print(f"{event_id}: {', '.join(shown)}")
