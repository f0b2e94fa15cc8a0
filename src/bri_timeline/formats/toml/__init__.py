"""The TOML data file (see ``docs/data-file.md``), and the bundled BRI timeline written in one.

:mod:`~bri_timeline.formats.toml.read` reads a data file and
:mod:`~bri_timeline.formats.toml.write` writes one; the fields are those of the
JSON document, named once in the private ``bri_timeline.formats._document``.
"""

from bri_timeline.formats.toml.bundled import BRI_DATA, load_bri
from bri_timeline.formats.toml.read import from_toml, load, loads, read_toml
from bri_timeline.formats.toml.write import to_toml, write_toml

__all__ = [
    "BRI_DATA",
    "from_toml",
    "load",
    "load_bri",
    "loads",
    "read_toml",
    "to_toml",
    "write_toml",
]
