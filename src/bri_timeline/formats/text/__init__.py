"""Plain text: a timeline as a table, an event in full, the overlapping pairs (the CLI's output)."""

from bri_timeline.formats.text.write import event_text, pairs_text, to_text, write_text

__all__ = ["event_text", "pairs_text", "to_text", "write_text"]
