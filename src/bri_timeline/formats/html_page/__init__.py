"""HTML: the static site's page, a timeline as a readable, accessible document."""

from bri_timeline.formats.html_page.write import PageLinks, to_html, write_html

__all__ = ["PageLinks", "to_html", "write_html"]
