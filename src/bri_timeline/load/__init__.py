"""Loaders: from a data file (TOML), a JSON export or the bundled BRI data to a Timeline."""

from bri_timeline.load.bundled import BRI_DATA, load_bri
from bri_timeline.load.datafile import load, loads
from bri_timeline.load.json_document import load_json, loads_json

__all__ = ["BRI_DATA", "load", "load_bri", "load_json", "loads", "loads_json"]
