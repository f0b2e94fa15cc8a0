"""A timeline as an Arrow table and Parquet files: the optional extra ``bri-timeline[arrow]``.

pyarrow is imported when a function here is called, so that the rest of the library never
needs it. The table carries the integer span keys the timeline's index uses, for an engine
(DuckDB, Spark, Polars...) to query a timeline too large for one Python list: see
``docs/big-timelines.md``.
"""

from bri_timeline.formats.arrow_table.read import from_arrow, from_parquet, read_parquet
from bri_timeline.formats.arrow_table.write import to_arrow, write_parquet

__all__ = ["from_arrow", "from_parquet", "read_parquet", "to_arrow", "write_parquet"]
