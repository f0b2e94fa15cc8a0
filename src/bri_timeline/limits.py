"""How much work a loader may do for one input: the limits that keep hostile input cheap.

Every loader takes a ``limits`` keyword (default :class:`Limits` ``()``); an input
beyond a limit is refused with the loader's error (:class:`~bri_timeline.errors.DataFileError`
or :class:`~bri_timeline.errors.ICalendarError`) naming the limit, before the work is
done. Within the limits, time and memory stay bounded: a loader never walks to the
year 9999, never recurses without bound, and never reads a file to its end when the
file has no end (``/dev/zero``).

>>> Limits().max_bytes
16777216
>>> Limits(max_bytes=-1)
Traceback (most recent call last):
...
bri_timeline.errors.InvalidArgument: argument max_bytes: must be an int of 1 or more (got -1)
"""

from __future__ import annotations

import errno
import os

import attrs

from bri_timeline.errors import InvalidArgument, shown

__all__ = ["Limits", "file_name", "limits_or_default", "read_limited", "utf8_size"]


def _positive(instance: object, attribute: attrs.Attribute[int], value: object) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise InvalidArgument(attribute.name, "must be an int of 1 or more", value)


@attrs.frozen
class Limits:
    """The most a loader reads, nests, expands and walks for one input.

    The defaults are far beyond any real timeline or calendar we know of, and
    small enough that the worst input costs seconds and a few hundred megabytes.
    Raise them for a bigger trusted file; lower them to serve many users.

    Args:
        max_bytes: The largest input, in bytes (a ``str`` is counted in UTF-8).
            Default 16 MiB. A file is never read further than this.
        max_line_bytes: The longest line of an iCalendar file once unfolded, in
            bytes. Default 1 MiB: 100 KB of text, escaped, fits ten times over.
        max_depth: How deeply the components of an iCalendar file may nest
            (``VCALENDAR`` > ``VEVENT`` > ``VALARM`` is 3). Default 16.
        max_components: How many components (``BEGIN:`` lines) an iCalendar file
            may hold. Default 100,000.
        max_occurrences: How many occurrences the repeating events of one file may
            give, in all, counting those walked through before a window. Default
            100,000.
        max_empty_months: How many months (years, for a yearly rule) the repeat
            rules of one file may be walked through, in all, without giving an
            occurrence. A rule that never matches, such as
            ``FREQ=DAILY;BYMONTH=2;BYMONTHDAY=30``, is refused after this many
            instead of being walked to the year 9999. Default 12,000 (a thousand
            years of months).
    """

    max_bytes: int = attrs.field(default=16 * 1024 * 1024, kw_only=True, validator=_positive)
    max_line_bytes: int = attrs.field(default=1024 * 1024, kw_only=True, validator=_positive)
    max_depth: int = attrs.field(default=16, kw_only=True, validator=_positive)
    max_components: int = attrs.field(default=100_000, kw_only=True, validator=_positive)
    max_occurrences: int = attrs.field(default=100_000, kw_only=True, validator=_positive)
    max_empty_months: int = attrs.field(default=12_000, kw_only=True, validator=_positive)

    def size_error(self, size: int) -> str | None:
        """Why an input of ``size`` bytes is refused, or None if it is not."""
        if isinstance(size, bool) or not isinstance(size, int):
            raise InvalidArgument("size", "must be an int", size)
        if size > self.max_bytes:
            return f"is larger than the limit of {self.max_bytes} bytes (Limits.max_bytes)"
        return None


def limits_or_default(limits: object) -> Limits:
    """The ``limits`` argument of a loader: ``Limits()`` for None, else it must be a Limits.

    >>> limits_or_default(None) == Limits()
    True
    """
    if limits is None:
        return Limits()
    if not isinstance(limits, Limits):
        raise InvalidArgument("limits", "must be a Limits", limits)
    return limits


def file_name(path: object) -> str:
    """The name errors give a file: the path as the caller wrote it.

    >>> from pathlib import Path
    >>> file_name(Path("data") / "bri.toml"), file_name(42)
    ('data/bri.toml', '42')
    """
    if isinstance(path, str | bytes | os.PathLike):
        try:
            name = os.fspath(path)
        except TypeError:  # a PathLike whose __fspath__ gives neither str nor bytes
            return shown(path)
        return name if isinstance(name, str) else os.fsdecode(name)
    return shown(path)


def read_limited(path: str | os.PathLike[str], limits: Limits) -> bytes:
    """A file's bytes, of which at most ``max_bytes + 1`` are read (enough to tell it is too big).

    Never further: a file may have no end (``/dev/zero``, a pipe that keeps writing).

    Raises:
        OSError: The file cannot be read, or ``path`` is not a file name.
    """
    if not isinstance(path, str | bytes | os.PathLike):
        # Not open()'s to take: an int is a file descriptor (1 would close stdout).
        raise OSError(errno.EINVAL, f"is not a file name (got {type(path).__name__})")
    try:
        file = open(path, "rb")  # noqa: SIM115  (closed just below)
    except (TypeError, ValueError) as error:  # a PathLike that gives no path; a NUL in it
        raise OSError(errno.EINVAL, f"is not a file name ({error})") from None
    with file:
        return file.read(limits.max_bytes + 1)


def utf8_size(text: str) -> int:
    """The size of text in UTF-8, without encoding it when its length alone tells.

    >>> utf8_size("Perú")
    5
    """
    return len(text) if text.isascii() else len(text.encode("utf-8", errors="surrogatepass"))
