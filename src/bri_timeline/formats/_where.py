"""Where in which file a loader is: the errors of the data-file and JSON loaders.

An error names the file, the event and the field, and the line of the event's
id. The line is looked for only when an error names it: looking for every
event's line as it is read would cost time in the square of the file.
"""

from __future__ import annotations

import itertools
import os
import re
import sys

from bri_timeline.errors import DataFileError
from bri_timeline.limits import Limits, read_limited
from bri_timeline.model.arguments import check_file_name

__all__ = ["Where", "decode_utf8", "long_number", "read_bytes", "read_utf8"]


def long_number() -> str:
    """Why ``json.loads`` refused a JSON text with a ValueError that is no JSONDecodeError.

    Python reads integers of at most ``sys.get_int_max_str_digits()`` digits (a guard
    against quadratic conversion); a JSON number longer than that is refused.
    """
    return f"has a number longer than {sys.get_int_max_str_digits()} digits"


def read_utf8(path: str | os.PathLike[str], limits: Limits) -> tuple[str, str]:
    """The name errors give a data file, and its UTF-8 text (without a byte order mark).

    Raises:
        DataFileError: The file cannot be read, is larger than the limits allow, or
            is not UTF-8 (naming the line and the byte).
        InvalidArgument: ``path`` is not a file name.
    """
    name = check_file_name("path", path)
    return name, decode_utf8(name, read_bytes(path, limits))


def read_bytes(path: str | os.PathLike[str], limits: Limits) -> bytes:
    """A data file's bytes, within the limits.

    Raises:
        DataFileError: The file cannot be read, or is larger than the limits allow.
        InvalidArgument: ``path`` is not a file name.
    """
    name = check_file_name("path", path)
    try:
        data = read_limited(path, limits)
    except OSError as error:
        raise DataFileError(name, f"cannot be read: {error.strerror or error}") from None
    if (refused := limits.size_error(len(data))) is not None:
        raise DataFileError(name, refused)
    return data


def decode_utf8(name: str, data: bytes) -> str:
    """The UTF-8 text of a data file's bytes, without a byte order mark.

    Raises:
        DataFileError: The bytes are not UTF-8 (naming the line and the byte).
    """
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        raise DataFileError(name, f"is not UTF-8 (byte {error.start})", line=line) from None
    return text.removeprefix("\ufeff")


class Where:
    """The file, and the event being read; subclasses say how an event's id is written."""

    def __init__(self, path: str, text: str) -> None:
        self.path = path
        self.text = text
        self.event: str | None = None
        self.line: int | None = None
        self.event_id: str | None = None  # the event whose line an error looks for

    def id_pattern(self, event_id: str) -> re.Pattern[str]:
        """How the file writes the id of the event ``event_id``."""
        raise NotImplementedError

    def at(self, event: str | None, event_id: str | None = None) -> None:
        """Errors from here on name this event (``events[i]``, or its id)."""
        self.event, self.event_id, self.line = event, event_id, None

    def error(self, message: str, field: str | None = None) -> DataFileError:
        """A DataFileError naming the file, the line, the event and ``field``."""
        line = self.line
        if line is None and self.event_id is not None:
            line = self.locate(self.event_id)
        return DataFileError(self.path, message, event=self.event, field=field, line=line)

    def locate(self, event_id: str, occurrence: int = 0) -> int | None:
        """The line of the ``occurrence``-th (from 0) id ``event_id``, if it can be found."""
        found = self.id_pattern(event_id).finditer(self.text)
        matches = list(itertools.islice(found, occurrence + 1))
        if len(matches) <= occurrence:
            return None
        return self.text.count("\n", 0, matches[occurrence].start()) + 1
