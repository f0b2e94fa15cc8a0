"""The command line's files: ``-`` is stdin where a command reads, stdout where it writes.

Every command of ``bri-timeline`` opens the files it is given through
:func:`load_input` and :func:`open_output`, so that ``-`` means the same
everywhere. Stdin is read as bytes, no further than the
:class:`~bri_timeline.limits.Limits` allow (as a file is), and errors name it
``<stdin>``. Bytes go to stdout unchanged, whatever the terminal's encoding; a
file is replaced atomically (:class:`~bri_timeline.delivery._atomic.Replacement`).
Written to stdout, a feed has no previous feed.

>>> import io
>>> stdin = io.TextIOWrapper(io.BytesIO(b"hello"))
>>> load_input("-", lambda path: "a file", lambda data, name: (data, name), stdin=stdin)
(b'hello', '<stdin>')
>>> load_input("notes.txt", lambda path: f"the file {path}", lambda data, name: "stdin")
'the file notes.txt'
"""

from __future__ import annotations

import contextlib
import io
import sys
from collections.abc import Callable, Iterator
from typing import IO, BinaryIO, Protocol, TextIO, TypeVar

import attrs

from bri_timeline.delivery._atomic import Replacement
from bri_timeline.errors import DataFileError
from bri_timeline.limits import Limits

__all__ = ["DASH", "STDIN", "STDOUT", "Output", "StandardOutput", "load_input", "open_output"]

DASH = "-"
"""The file name that means stdin (to read) or stdout (to write)."""

STDIN = "<stdin>"
"""The name errors give stdin."""

STDOUT = "<stdout>"
"""The name errors give stdout."""

_T = TypeVar("_T")


def load_input(
    name: str,
    from_path: Callable[[str], _T],
    from_bytes: Callable[[bytes, str], _T],
    *,
    stdin: IO[str] | IO[bytes] | None = None,
    limits: Limits | None = None,
) -> _T:
    """What a command reads from ``name``: the file by its path, or stdin for ``-``.

    Args:
        name: The file, as the command line gives it.
        from_path: Reads the file of this path (with its own errors).
        from_bytes: Reads stdin's bytes; its second argument is the name errors give them.
        stdin: Stdin (default :data:`sys.stdin`); its binary buffer is read when it has one.
        limits: How far stdin is read: ``max_bytes + 1`` at most, enough for
            ``from_bytes`` to tell it is too big (default :class:`~bri_timeline.limits.Limits`).

    Raises:
        DataFileError: Stdin cannot be read.
    """
    if name != DASH:
        return from_path(name)
    stream = sys.stdin if stdin is None else stdin
    size = (Limits() if limits is None else limits).max_bytes + 1
    try:
        data = getattr(stream, "buffer", stream).read(size)
    except (OSError, ValueError) as error:  # closed, or not readable (as under pytest)
        raise DataFileError(STDIN, f"cannot be read: {error}") from None
    if isinstance(data, str):  # a text-only stream (io.StringIO): its text as UTF-8
        data = data.encode("utf-8", errors="surrogatepass")
    return from_bytes(data, STDIN)


class Output(Protocol):
    """Where a command writes: a file replaced atomically, or stdout."""

    @property
    def name(self) -> str:
        """The name errors give it."""

    @property
    def previous(self) -> bytes | None:
        """What it held before (for a feed: the previous feed), or None."""

    def open(self) -> contextlib.AbstractContextManager[BinaryIO]:
        """A binary file to write to."""


@attrs.frozen
class StandardOutput:
    """Stdout, written as bytes: it has no previous content."""

    stream: TextIO
    name: str = STDOUT
    previous: None = None

    @contextlib.contextmanager
    def open(self) -> Iterator[BinaryIO]:
        """The stream's binary buffer, after what was written to it as text.

        On a text-only stream (``io.StringIO``) the bytes are written as UTF-8 text.
        """
        binary: BinaryIO | None = getattr(self.stream, "buffer", None)
        if binary is None:
            collected = io.BytesIO()
            yield collected
            self.stream.write(collected.getvalue().decode("utf-8"))
            return
        self.stream.flush()
        yield binary
        binary.flush()


def open_output(name: str | None, stdout: TextIO, *, previous: bool = False) -> Output:
    """Where a command writes ``name``: stdout for ``-`` (or None), else the file.

    Args:
        name: The file, as the command line gives it.
        stdout: Stdout.
        previous: Read what the file holds before it is replaced (for a feed).

    Raises:
        DataFileError: With ``previous``, the file exists and cannot be read.
    """
    if name is None or name == DASH:
        return StandardOutput(stdout)
    if previous:
        return Replacement.read(name)
    return Replacement(name, name, None)
