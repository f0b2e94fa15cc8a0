r"""Write a file so that a reader sees the old one or the new one, never half of either.

The bytes go to a temporary file in the same folder, are flushed to disk, and
then take the target's name with :func:`os.replace`, which is atomic on POSIX
and Windows. A failure leaves the target as it was and removes the temporary
file. The new file gets the old one's permissions, or the usual ones for a new
file (``0o666`` less the umask), not the private ``0o600`` of a temporary file.

A process killed while it writes (``SIGKILL``, a power cut) cannot clean up.
Where the system has them (Linux ``O_TMPFILE``), the temporary file has no name
until the write is complete, so a killed writer leaves nothing behind; elsewhere
it leaves a hidden ``.NAME.XXXXXXXX.tmp`` beside the target, which no one serves
as the target. Either way the target is the old file, whole.

A target that is a symbolic link is written through it (the link stays); a
target that exists but is not a regular file (a folder, a device such as
``/dev/stdout``, a pipe) is refused, since replacing it would not write it.

What a file held before it is replaced matters to a feed: it is the *previous
feed*, from which SEQUENCE numbers and cancellations follow. A
:class:`Replacement` reads it, within :class:`~bri_timeline.limits.Limits`,
and then writes the new content; ``bri-timeline export -o`` and the static site
both publish their feed through it.

>>> import pathlib, shutil, tempfile
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> with atomic_file(folder / "plot.svg") as file:
...     _ = file.write(b"<svg/>\n")
>>> (folder / "plot.svg").read_text(), sorted(p.name for p in folder.iterdir())
('<svg/>\n', ['plot.svg'])
>>> shutil.rmtree(folder)
"""

from __future__ import annotations

import contextlib
import errno
import os
import secrets
import stat
import tempfile
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import BinaryIO

import attrs

from bri_timeline.errors import DataFileError
from bri_timeline.limits import Limits, file_name, limits_or_default, read_limited

__all__ = ["Replacement", "atomic_file", "check_target", "file_time"]

_PROC_FD = "/proc/self/fd"


def file_time(mtime_ns: int) -> datetime:
    """A file's modification time (``st_mtime_ns``) as a UTC datetime, to the microsecond."""
    return datetime.fromtimestamp(mtime_ns // 1000 / 1e6, UTC)


def check_target(path: str | os.PathLike[str]) -> str:
    """The file that writing ``path`` replaces: ``path`` with its symbolic links followed.

    Raises:
        OSError: It exists and is not a regular file.
    """
    target = os.path.realpath(os.fspath(path))
    try:
        mode = os.stat(target).st_mode
    except FileNotFoundError:
        return target
    if not stat.S_ISREG(mode):
        raise OSError(errno.EINVAL, "is not a regular file", os.fspath(path))
    return target


def _mode(path: str) -> int:
    try:
        return stat.S_IMODE(os.stat(path).st_mode)
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def _unnamed(folder: str) -> int | None:
    """An unnamed file in ``folder`` (Linux O_TMPFILE), or None where there is none."""
    flag = getattr(os, "O_TMPFILE", None)
    if flag is None or not os.path.isdir(_PROC_FD):
        return None
    try:
        return os.open(folder, flag | os.O_WRONLY, 0o600)
    except OSError:  # a file system without it
        return None


def _link(handle: int, name: str) -> None:
    """Give the unnamed file open as ``handle`` the name ``name``.

    Through linkat(2) with AT_SYMLINK_FOLLOW on ``/proc/self/fd/N``, as open(2)
    shows; os.link calls linkat only when given a folder descriptor (it is
    ignored for absolute paths), and plain link(2) would link the /proc link itself.
    """
    folder = os.open(os.path.dirname(name), os.O_RDONLY)
    try:
        os.link(f"{_PROC_FD}/{handle}", name, src_dir_fd=folder, follow_symlinks=True)
    finally:
        os.close(folder)


def _hidden_name(folder: str, target: str) -> str:
    return os.path.join(folder, f".{os.path.basename(target)}.{secrets.token_hex(4)}.tmp")


@contextlib.contextmanager
def atomic_file(path: str | os.PathLike[str]) -> Iterator[BinaryIO]:
    """A binary file that replaces ``path`` atomically when the block ends without error.

    Raises:
        OSError: The target is not a regular file, the folder cannot be
            written, or the disk is full, and so on.
    """
    target = check_target(path)
    folder = os.path.dirname(target)
    mode = _mode(target)
    handle = _unnamed(folder)
    temporary: str | None = None
    if handle is None:
        handle, temporary = tempfile.mkstemp(
            prefix=f".{os.path.basename(target)}.", suffix=".tmp", dir=folder
        )
    try:
        with os.fdopen(handle, "wb") as file:
            yield file
            file.flush()
            os.fsync(file.fileno())
            if temporary is None:  # give the unnamed file a name only now that it is whole
                os.fchmod(file.fileno(), mode)
                temporary = _hidden_name(folder, target)
                _link(file.fileno(), temporary)
            else:
                os.chmod(temporary, mode)
        os.replace(temporary, target)
    except BaseException:
        if temporary is not None:
            with contextlib.suppress(OSError):
                os.unlink(temporary)
        raise
    with contextlib.suppress(OSError):  # make the rename itself durable, where supported
        directory = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(directory)
        finally:
            os.close(directory)


@attrs.frozen
class Replacement:
    """A file about to be replaced atomically, and what it holds before (for a feed: the last one).

    >>> import pathlib, shutil, tempfile
    >>> feed = pathlib.Path(tempfile.mkdtemp()) / "bri.ics"
    >>> Replacement.read(feed).previous is None  # no file yet
    True
    >>> Replacement.read(feed).write(b"first")
    >>> Replacement.read(feed).previous
    b'first'
    >>> shutil.rmtree(feed.parent)

    Attributes:
        name: The file as the caller named it: the name errors give it.
        path: The file replaced (once :meth:`read` has, with its symbolic links followed).
        previous: What the file holds now, read no further than ``Limits.max_bytes
            + 1`` bytes (enough for a reader to tell it is too big); None when
            there is no such file.
    """

    name: str
    path: str
    previous: bytes | None

    @classmethod
    def read(cls, path: str | os.PathLike[str], *, limits: Limits | None = None) -> Replacement:
        """The file ``path`` about to be replaced, with what it holds now.

        Args:
            path: The file.
            limits: How much of it to read (default :class:`~bri_timeline.limits.Limits`).

        Raises:
            DataFileError: The file exists and cannot be read, or is not a
                regular file (a folder, a device), or a folder on its way is a file.
        """
        limits = limits_or_default(limits)
        name = file_name(path)
        try:
            target = check_target(path)
            try:
                previous: bytes | None = read_limited(target, limits)
            except FileNotFoundError:
                previous = None
        except OSError as error:
            raise DataFileError(name, f"cannot be read: {error.strerror or error}") from None
        return cls(name, target, previous)

    def open(self) -> contextlib.AbstractContextManager[BinaryIO]:
        """A binary file that replaces the file when the block ends without error.

        See :func:`atomic_file`, which raises OSError.
        """
        return atomic_file(self.path)

    def write(self, data: bytes) -> None:
        """Replace the file with ``data``, atomically.

        Raises:
            OSError: The target is not a regular file, the folder cannot be
                written, or the disk is full, and so on.
        """
        with self.open() as file:
            file.write(data)
