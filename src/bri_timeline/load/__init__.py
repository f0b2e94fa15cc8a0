"""Loaders: from a data file (or the bundled BRI data) to a Timeline."""

from bri_timeline.load.bundled import BRI_DATA, load_bri
from bri_timeline.load.datafile import load, loads

__all__ = ["BRI_DATA", "load", "load_bri", "loads"]
