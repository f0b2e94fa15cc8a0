"""iCalendar (RFC 5545): a timeline as a feed people subscribe to, and any .ics file read back.

:mod:`~bri_timeline.formats.ical.write` writes the feed, :mod:`~bri_timeline.formats.ical.read`
reads a calendar, :mod:`~bri_timeline.formats.ical.jcal` is the same calendar as
jCal (RFC 7265, JSON); how each field maps is written once, in the private ``_mapping``
module both use (with ``_values``, how each value is written). See ``docs/ical.md``.
"""

from bri_timeline.formats.ical._reach import LeftOut, left_out_of_feed
from bri_timeline.formats.ical.jcal import (
    from_jcal,
    read_jcal,
    to_jcal,
    to_jcal_object,
    write_jcal,
)
from bri_timeline.formats.ical.read import from_ics, load_ics, loads_ics, read_ics
from bri_timeline.formats.ical.write import (
    PRODID,
    FeedBuilder,
    FeedOptions,
    feed_stamp,
    to_ics,
    write_ics,
)

__all__ = [
    "PRODID",
    "FeedBuilder",
    "FeedOptions",
    "LeftOut",
    "feed_stamp",
    "from_ics",
    "from_jcal",
    "left_out_of_feed",
    "load_ics",
    "loads_ics",
    "read_ics",
    "read_jcal",
    "to_ics",
    "to_jcal",
    "to_jcal_object",
    "write_ics",
    "write_jcal",
]
