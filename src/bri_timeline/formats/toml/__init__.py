"""The TOML data file (see ``docs/data-file.md``), and the bundled BRI timeline written in one."""

from bri_timeline.formats.toml.bundled import BRI_DATA, load_bri
from bri_timeline.formats.toml.read import load, loads

__all__ = ["BRI_DATA", "load", "load_bri", "loads"]
