"""TimelineJS3: a timeline as the JSON story that TimelineJS shows, and such a story read back."""

from bri_timeline.formats.timelinejs.read import from_timelinejs, read_timelinejs
from bri_timeline.formats.timelinejs.write import (
    TITLE_ID,
    to_timelinejs,
    to_timelinejs_document,
    write_timelinejs,
)

__all__ = [
    "TITLE_ID",
    "from_timelinejs",
    "read_timelinejs",
    "to_timelinejs",
    "to_timelinejs_document",
    "write_timelinejs",
]
