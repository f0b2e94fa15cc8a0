"""The JSON document: every field of a timeline, lossless, for programs and the site.

See ``docs/reference/formats.md`` for its keys.
"""

from bri_timeline.formats.json_document.read import load_json, loads_json
from bri_timeline.formats.json_document.write import (
    FORMAT,
    FORMAT_VERSION,
    to_json,
    to_json_document,
)

__all__ = ["FORMAT", "FORMAT_VERSION", "load_json", "loads_json", "to_json", "to_json_document"]
