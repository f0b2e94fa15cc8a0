"""TimelineJS3: a timeline as the JSON story that TimelineJS shows."""

from bri_timeline.formats.timelinejs.write import (
    TITLE_ID,
    to_timelinejs,
    to_timelinejs_document,
    write_timelinejs,
)

__all__ = ["TITLE_ID", "to_timelinejs", "to_timelinejs_document", "write_timelinejs"]
