"""How much work a loader may do for one input: the limits that bound what an input costs.

Every loader takes a ``limits`` keyword (default :class:`Limits` ``()``); an input
beyond a limit is refused with the loader's error (:class:`~bri_timeline.errors.DataFileError`
or :class:`~bri_timeline.errors.ICalendarError`) naming the limit, before the work is
done. Within the limits, time and memory stay bounded: a loader never walks to the
year 9999, never recurses without bound, and never reads a file to its end when the
file has no end (``/dev/zero``).

>>> Limits().max_bytes
268435456
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

__all__ = [
    "SMALLEST_EVENT",
    "Limits",
    "file_name",
    "limits_or_default",
    "read_limited",
    "utf8_size",
]


_MAX_BYTES = 256 * 1024 * 1024
"""1,000,000 events of the benchmark's timeline are 238 MB of iCalendar: this is 12% more."""
SMALLEST_EVENT = 130
"""The fewest bytes our writer gives a VEVENT: one-letter id, title and domain, an instant."""
_MAX_EVENTS = _MAX_BYTES // SMALLEST_EVENT + 1
"""The most components a feed we write within max_bytes can hold (the VCALENDAR is one)."""


def _positive(instance: object, attribute: attrs.Attribute[int], value: object) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise InvalidArgument(attribute.name, "must be an int of 1 or more", value)


@attrs.frozen
class Limits:
    """The most a loader reads, nests, expands and walks for one input.

    The defaults let in what the library writes at the sizes its documentation
    claims: a feed of 1,000,000 events (238 MB). Each is sized by what an input
    at that limit costs, measured by ``benchmarks/limits.py`` (one load a
    process: CPU seconds, and peak memory above the process before the load;
    Python 3.11 on 2 shared cores; ``docs/performance.md`` has the table).
    Loading iCalendar costs about 1.1 µs and 29 bytes of memory for each byte of
    our own feeds, in proportion to their size: the 1,000,000-event feed takes
    271 s and 6.8 GB, a feed at ``max_bytes`` about 305 s and 7.7 GB. The
    costliest bytes found, thousands of one-letter CATEGORIES values, take
    1.8 µs and 132 bytes each: about 8 minutes and 35 GB at ``max_bytes``, more
    memory than most machines have. For a file you did not write, lower
    ``max_bytes``: at 16 MiB that input costs 30 s and 2.2 GB.

    Args:
        max_bytes: The largest input, in bytes (a ``str`` is counted in UTF-8).
            A file is never read further than this. Default 256 MiB
            (268,435,456): the 1,000,000-event feed and 12% more. As many
            bytes cost less as a data file (TOML, 263,095 events: 40 s, 1.9 GB)
            or a JSON document (479,349 events: 19 s, 1.5 GB); a JSON document
            of 1,000,000 events is 556 MB, beyond this default.
        max_line_bytes: The longest line of an iCalendar file once unfolded, in
            bytes. Default: as large as ``max_bytes``. A long line costs less
            than as many bytes of short ones (one line of 268 MB: 38 s,
            1.6 GB), so the size limit bounds it; lower this one to refuse long
            lines outright.
        max_depth: How deeply the components of an iCalendar file may nest
            (``VCALENDAR`` > ``VEVENT`` > ``VALARM`` is 3). Default 16. Nesting
            costs nothing of its own (components are counted below); the limit
            keeps icalendar's recursive walk far from Python's recursion limit.
        max_components: How many components (``BEGIN:`` lines) an iCalendar file
            may hold. Default 2,064,889: ``max_bytes`` over the 130 bytes of the
            smallest VEVENT we write (a one-letter id, title and domain, an
            instant), and the VCALENDAR, so that it never refuses a feed of ours
            that ``max_bytes`` lets in. At the default, empty components cost 38 s and 1.5 GB; the
            1,982,013 smallest events that fit in ``max_bytes``, 359 s and 8.6 GB.
        max_occurrences: How many occurrences the repeating events of one file may
            give, in all, counting those walked through before a window. Default
            that of ``max_components`` (repeats give no more events than a file
            could list): 40 s and 1.3 GB at the default.
        max_empty_months: How many months (a yearly rule's year counts twelve) the
            repeat rules of one file may be walked through, in all, without giving an
            occurrence. A rule that never matches, such as
            ``FREQ=DAILY;BYMONTH=2;BYMONTHDAY=30``, is refused after this many
            instead of being walked to the year 9999. Default 12,000 (a thousand
            years of months; the calendar repeats every 400 years, so a rule of
            interval 1 that has not matched in 400 years never will): 0.36 s.
    """

    max_bytes: int = attrs.field(default=_MAX_BYTES, kw_only=True, validator=_positive)
    max_line_bytes: int = attrs.field(default=_MAX_BYTES, kw_only=True, validator=_positive)
    max_depth: int = attrs.field(default=16, kw_only=True, validator=_positive)
    max_components: int = attrs.field(default=_MAX_EVENTS, kw_only=True, validator=_positive)
    max_occurrences: int = attrs.field(default=_MAX_EVENTS, kw_only=True, validator=_positive)
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
