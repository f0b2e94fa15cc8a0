"""The bundled BRI timeline: the package's embedded default data.

>>> timeline = load_bri()
>>> timeline.get("apec-summit-2024").title
'APEC Summit'
"""

from __future__ import annotations

from importlib.resources import files

from bri_timeline.formats.toml.read import from_toml
from bri_timeline.timeline import Timeline

__all__ = ["BRI_DATA", "load_bri"]

BRI_DATA = "bri_timeline/data/bri.toml"
"""Where the bundled data lives inside the package, as errors name it."""


def load_bri() -> Timeline:
    """The Peru–China Belt and Road timeline of November 2024, from the bundled data file."""
    text = files("bri_timeline").joinpath("data", "bri.toml").read_text(encoding="utf-8")
    return from_toml(text, path=BRI_DATA)
