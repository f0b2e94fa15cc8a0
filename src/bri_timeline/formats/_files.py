r"""The one way every format's ``write_F`` writes: to an open binary file, checked first.

A format's ``write_F(timeline, file)`` is its ``to_F`` written to ``file`` in
UTF-8. The file is checked before the text is made, so that a text file or a
path given by mistake gets an error naming the argument at once, not an
``AttributeError`` or a ``TypeError`` from inside after the work is done.

>>> import io
>>> buffer = io.BytesIO()
>>> write_utf8(buffer, lambda: "Lima – 2024")
>>> buffer.getvalue()
b'Lima \xe2\x80\x93 2024'
>>> write_utf8(io.StringIO(), lambda: "x")
Traceback (most recent call last):
...
bri_timeline.errors.InvalidArgument: argument file: must be a binary file (open it with 'wb') ...
"""

from __future__ import annotations

import io
from collections.abc import Callable
from typing import BinaryIO, TypeGuard

from bri_timeline.errors import InvalidArgument

__all__ = ["check_binary_file", "write_utf8"]


def _is_binary_file(file: object) -> TypeGuard[BinaryIO]:
    return callable(getattr(file, "write", None)) and not isinstance(file, io.TextIOBase)


def check_binary_file(file: object) -> BinaryIO:
    """``file``, once it is known to be an open binary file.

    Raises:
        InvalidArgument: ``file`` cannot be written bytes (a text file, a path, None).
    """
    if not _is_binary_file(file):
        raise InvalidArgument("file", "must be a binary file (open it with 'wb')", file)
    return file


def write_utf8(file: object, text: Callable[[], str]) -> None:
    """Write the text that ``text()`` makes to the binary ``file``, in UTF-8.

    Raises:
        InvalidArgument: ``file`` is not an open binary file (before ``text`` is called).
    """
    check_binary_file(file).write(text().encode("utf-8"))
