"""Draw a timeline as an SVG picture: an overview of the whole span and zoomed panels.

Writes bri-timeline.svg (as in the README) and a narrower one for phones in the current folder.
"""

import re
from pathlib import Path

from bri_timeline import InvalidArgument, load_bri, to_svg

timeline = load_bri()

# The default width is 520 CSS pixels; the picture shrinks to fit a narrower screen.
svg = to_svg(timeline)
Path("bri-timeline.svg").write_text(svg, encoding="utf-8")

# Every event is one <g class="event KIND" data-id="ID" data-panel="PANEL"> group.
drawn = re.findall(r'<g class="event (\w+)[^"]*" data-id="([^"]+)" data-panel="(\w*)"', svg)
once = sorted(event_id for _, event_id, _ in drawn) == sorted(event.id for event in timeline)
print(f"bri-timeline.svg: {len(drawn)} events, each drawn once: {once}")
kinds = [kind for kind, _, _ in drawn]
print(", ".join(f"{kind} {kinds.count(kind)}" for kind in ("exact", "partial", "open")))
print("overview:", ", ".join(event_id for _, event_id, panel in drawn if panel == ""))
print("panel A, zoomed in:", ", ".join(event_id for _, event_id, panel in drawn if panel == "A"))

# A narrower picture, with a heading of its own.
phone = to_svg(timeline, title="Peru and China, November 2024", width=360)
Path("bri-timeline-phone.svg").write_text(phone, encoding="utf-8")
width = re.search(r'viewBox="0 0 (\d+) ', phone)
heading = re.search(r"<title[^>]*>([^<]*)", phone)
assert width is not None
assert heading is not None
print(width.group(1), heading.group(1))

try:
    to_svg(timeline, width=100)
except InvalidArgument as error:
    print(f"refused: {error}")
