"""The picture: a timeline drawn as SVG, an overview and a zoomed panel for each cluster."""

from bri_timeline.formats.svg.write import DEFAULT_WIDTH, MAX_WIDTH, MIN_WIDTH, to_svg, write_svg

__all__ = ["DEFAULT_WIDTH", "MAX_WIDTH", "MIN_WIDTH", "to_svg", "write_svg"]
