r"""Write a file so that a reader sees the old one or the new one, never half of either.

The text goes to a temporary file in the same folder, is flushed to disk, and
then takes the target's name with :func:`os.replace`, which is atomic on POSIX
and Windows. A failure leaves the target as it was and removes the temporary
file. The new file gets the old one's permissions, or the usual ones for a new
file (``0o666`` less the umask), not the private ``0o600`` of a temporary file.

>>> import pathlib, shutil, tempfile
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> write_text_atomically(folder / "plot.svg", "<svg/>\n")
>>> (folder / "plot.svg").read_text(), sorted(p.name for p in folder.iterdir())
('<svg/>\n', ['plot.svg'])
>>> shutil.rmtree(folder)
"""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from collections.abc import Iterator
from typing import BinaryIO

__all__ = ["atomic_file", "write_text_atomically"]


def _mode(path: str) -> int:
    try:
        return stat.S_IMODE(os.stat(path).st_mode)
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


@contextlib.contextmanager
def atomic_file(path: str | os.PathLike[str]) -> Iterator[BinaryIO]:
    """A binary file that replaces ``path`` atomically when the block ends without error.

    Raises:
        OSError: The folder cannot be written, or the disk is full, and so on.
    """
    target = os.fspath(path)
    folder = os.path.dirname(os.path.abspath(target))
    mode = _mode(target)
    handle, temporary = tempfile.mkstemp(
        prefix=f".{os.path.basename(target)}.", suffix=".tmp", dir=folder
    )
    try:
        with os.fdopen(handle, "wb") as file:
            yield file
            file.flush()
            os.fsync(file.fileno())
        os.chmod(temporary, mode)
        os.replace(temporary, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise
    with contextlib.suppress(OSError):  # make the rename itself durable, where supported
        directory = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(directory)
        finally:
            os.close(directory)


def write_text_atomically(path: str | os.PathLike[str], text: str) -> None:
    """Write ``text`` as UTF-8 to ``path``, atomically.

    Raises:
        OSError: The folder cannot be written, or the disk is full, and so on.
    """
    with atomic_file(path) as file:
        file.write(text.encode("utf-8"))
