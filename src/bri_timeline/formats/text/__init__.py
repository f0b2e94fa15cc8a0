"""Plain text: a timeline as a table, an event in full, the overlapping pairs (the CLI's output)."""

from bri_timeline.formats.text.write import to_pairs_table, to_table, to_text

__all__ = ["to_pairs_table", "to_table", "to_text"]
