"""The JSON document: every field of a timeline, lossless, for programs and the site.

Its keys are listed in :mod:`~bri_timeline.formats.json_document.write`; the fields are those
of the TOML data file, named once in the private ``bri_timeline.formats._document``.
"""

from bri_timeline.formats.json_document.read import from_json, load_json, loads_json, read_json
from bri_timeline.formats.json_document.write import (
    FORMAT,
    FORMAT_VERSION,
    to_json,
    to_json_document,
    write_json,
)

__all__ = [
    "FORMAT",
    "FORMAT_VERSION",
    "from_json",
    "load_json",
    "loads_json",
    "read_json",
    "to_json",
    "to_json_document",
    "write_json",
]
