"""CSV tables and spreadsheets: one row an event (see ``docs/spreadsheets.md``).

:mod:`~bri_timeline.formats.csv_table.write` writes a table and
:mod:`~bri_timeline.formats.csv_table.read` reads one back, or one made by a
spreadsheet or pandas; :mod:`~bri_timeline.formats.csv_table.sheet` reads the
columns of the TimelineJS Google Sheet template. The columns are named once, in
the private ``_columns`` module; the stdlib :mod:`csv` module does the parsing.
"""

from bri_timeline.formats.csv_table.read import from_csv, read_csv
from bri_timeline.formats.csv_table.write import to_csv, write_csv

__all__ = ["from_csv", "read_csv", "to_csv", "write_csv"]
