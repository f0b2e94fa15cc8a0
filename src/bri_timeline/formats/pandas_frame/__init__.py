"""A timeline as a pandas DataFrame, and back: the optional extra ``bri-timeline[pandas]``.

pandas is imported when :func:`~bri_timeline.formats.pandas_frame.write.to_pandas` or
:func:`~bri_timeline.formats.pandas_frame.read.from_pandas` is called, so that the rest of
the library never needs it. The columns are those of the Arrow table (the private
``bri_timeline.formats._frame`` names them once).
"""

from bri_timeline.formats.pandas_frame.read import from_pandas
from bri_timeline.formats.pandas_frame.write import to_pandas

__all__ = ["from_pandas", "to_pandas"]
