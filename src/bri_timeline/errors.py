"""The one exception tree of bri_timeline.

Every refusal of an input raises a subclass of :class:`TimelineError`. Each
leaf also subclasses the builtin exception a caller would naturally catch
(``ValueError`` for a bad value, ``KeyError`` for a missing id), so code that
knows nothing of this library still handles it.

>>> from bri_timeline.errors import InvalidTime, TimelineError
>>> issubclass(InvalidTime, TimelineError) and issubclass(InvalidTime, ValueError)
True
"""

from __future__ import annotations

from typing import Any, ClassVar

__all__ = [
    "DataFileError",
    "DuplicateEventId",
    "EDTFError",
    "FeedError",
    "ICalendarError",
    "IndexOutOfRange",
    "InvalidArgument",
    "InvalidEvent",
    "InvalidTime",
    "InvalidValue",
    "MergeConflict",
    "SyncAuthError",
    "SyncError",
    "TimelineError",
    "UnknownEvent",
    "shown",
]

_SHOWN = 120


def shown(value: object) -> str:
    """The ``repr`` of a value as error messages show it: at most about 120 characters.

    The refused value itself is kept whole in the error's attributes; only the
    message is cut, so that a 50 MB string or a deeply nested list still makes a
    message of one short line. An int too long for ``repr`` is shown by its size.

    >>> shown("abc")
    "'abc'"
    >>> shown("x" * 1000)
    "'xxxxxxxx...xxxxxxx… (1002 characters)"
    >>> shown(10**5000)
    '<an int of 16610 bits>'
    """
    try:
        text = repr(value)
    except ValueError:  # an int beyond sys.get_int_max_str_digits()
        if not isinstance(value, int):
            raise
        return f"<an int of {value.bit_length()} bits>"
    except RecursionError:
        return f"<a {type(value).__name__} nested too deeply to show>"
    if len(text) <= _SHOWN:
        return text
    return f"{text[:_SHOWN]}… ({len(text)} characters)"


class TimelineError(Exception):
    """Base class of every error bri_timeline raises for a bad input."""


class InvalidValue(TimelineError, ValueError):
    """A value was refused when a model object was built.

    Raised by the constructors of the model classes. The message names the
    field, the rule it broke and the value; the same parts are kept as the
    attributes ``field``, ``rule`` and ``value``.

    Args:
        field: The name of the field that was refused, e.g. ``"end"``.
        rule: What the value should have been, in words.
        value: The value that was refused.
    """

    _NAMED: ClassVar[str] = ""  # the word a message puts before the field's name

    def __init__(self, field: str, rule: str, value: object) -> None:
        self.field = field
        self.rule = rule
        self.value = value
        super().__init__(f"{self._NAMED}{field}: {rule} (got {shown(value)})")

    def __reduce__(self) -> tuple[type[InvalidValue], tuple[str, str, object]]:
        return (type(self), (self.field, self.rule, self.value))


class InvalidTime(InvalidValue):
    """A time could not be built.

    Raised for a naive datetime, an end before its start, an unknown time zone,
    or a day or a local time that does not exist.
    """


class EDTFError(InvalidTime):
    """A string is not in the EDTF subset bri_timeline reads (see ``bri_timeline.model.edtf``)."""


class InvalidEvent(InvalidValue):
    """An event (or a part of one: location, participant, source) was refused.

    Also raised for the text of a :class:`~bri_timeline.TimelineInfo`, which follows
    the same rules as an event's text, and for something other than events given
    to a :class:`~bri_timeline.Timeline`.
    """


class InvalidArgument(InvalidValue):
    """An argument was refused: a command-line option, or a public function's or method's.

    Raised at the boundary, before any work is done, for an argument of the
    wrong kind or value: a loader's ``tz``, an exporter's ``width``, a query's
    ``window``. ``field`` names the option (``--to``) or the parameter (``width``
    of ``to_svg``, ``min_length`` of ``Timeline.gaps``, the ``index`` of
    ``timeline[index]``), and the message says so in argparse's words:

    >>> print(InvalidArgument("tz", "must be an IANA time zone name", []))
    argument tz: must be an IANA time zone name (got [])
    """

    _NAMED: ClassVar[str] = "argument "


class FeedError(InvalidValue):
    """A value cannot be written to an iCalendar feed.

    Raised by :mod:`bri_timeline.formats.ical.write` when a
    :class:`~bri_timeline.formats.ical.FeedOptions` field is refused (``field`` names it) or
    when a timeline's text holds a character that iCalendar cannot carry.
    """


class ICalendarError(TimelineError, ValueError):
    """An iCalendar (.ics) file could not be read.

    Raised by :mod:`bri_timeline.formats.ical.read` for a file to import, and by the
    exporter for the previous feed it is given. The message names the file, and where known
    the line, the event's UID, the property and the value; the parts are kept as attributes.

    Attributes:
        path: The file, as the caller named it (or ``"<bytes>"``).
        message: What is wrong, in words.
        line: The 1-based line number (of the unfolded content line), if known.
        uid: The UID of the event at fault, if any.
        prop: The property at fault (e.g. ``"DTSTART"``), if any.
        value: The value at fault, if any.
    """

    def __init__(
        self,
        path: str,
        message: str,
        *,
        line: int | None = None,
        uid: str | None = None,
        prop: str | None = None,
        value: object = None,
    ) -> None:
        self.path = path
        self.message = message
        self.line = line
        self.uid = uid
        self.prop = prop
        self.value = value
        parts = [path if line is None else f"{path}:{line}"]
        if uid is not None:
            parts.append(f"event {shown(uid)}")
        if prop is not None:
            parts.append(f"property {prop}")
        text = f"{': '.join(parts)}: {message}"
        if value is not None:
            text += f" (got {shown(value)})"
        super().__init__(text)

    def __reduce__(self) -> tuple[object, ...]:
        where = {"line": self.line, "uid": self.uid, "prop": self.prop, "value": self.value}
        return (_rebuild_icalendar_error, (type(self), self.path, self.message, where))


class DuplicateEventId(TimelineError, ValueError):
    """Two different events with the same id were put in one :class:`~bri_timeline.Timeline`.

    Attributes:
        event_id: The id both events carry.
    """

    def __init__(self, event_id: str) -> None:
        self.event_id = event_id
        super().__init__(f"id: two different events share the id {shown(event_id)}")

    def __reduce__(self) -> tuple[type[DuplicateEventId], tuple[str]]:
        return (type(self), (self.event_id,))


class MergeConflict(TimelineError, ValueError):
    """Two timelines being merged hold different events under one id.

    Raised by :meth:`~bri_timeline.Timeline.merge` (and ``|``) when ``on_conflict``
    is ``"error"``, or ``"newer"`` and neither event is newer.

    Attributes:
        event_id: The id both events carry.
        first: The source of the one event (see :attr:`~bri_timeline.TimelineInfo.origins`).
        second: The source of the other.
        reason: Why neither was kept.
    """

    def __init__(self, event_id: str, first: str, second: str, reason: str) -> None:
        self.event_id, self.first, self.second, self.reason = event_id, first, second, reason
        super().__init__(
            f"id {shown(event_id)}: {shown(first)} and {shown(second)} hold different "
            f"events ({reason})"
        )

    def __reduce__(self) -> tuple[type[MergeConflict], tuple[str, str, str, str]]:
        return (type(self), (self.event_id, self.first, self.second, self.reason))


class UnknownEvent(TimelineError, KeyError):
    """No event with the given id is in the timeline (raised by ``Timeline.get``).

    Attributes:
        event_id: The id that was asked for.
    """

    def __init__(self, event_id: str) -> None:
        self.event_id = event_id
        super().__init__(event_id)

    def __str__(self) -> str:
        return f"no event with id {shown(self.event_id)}"

    def __reduce__(self) -> tuple[type[UnknownEvent], tuple[str]]:
        return (type(self), (self.event_id,))


class IndexOutOfRange(TimelineError, IndexError):
    """A position past either end of a :class:`~bri_timeline.Timeline` (``timeline[i]``).

    An ``IndexError`` too, as the sequence protocol wants.

    Attributes:
        index: The position that was asked for.
        length: How many events the timeline holds.
    """

    def __init__(self, index: int, length: int) -> None:
        self.index = index
        self.length = length
        super().__init__(f"index: {shown(index)} is out of range for {length} events")

    def __reduce__(self) -> tuple[type[IndexOutOfRange], tuple[int, int]]:
        return (type(self), (self.index, self.length))


class DataFileError(TimelineError, ValueError):
    """A data file could not be read into a timeline.

    Raised by the loaders. The message names the file, and where known the line,
    the event and the field; the parts are kept as attributes.

    Attributes:
        path: The file, as the caller named it (or ``"<string>"``).
        message: What is wrong, in words.
        event: The id (or ``events[i]`` position) of the event at fault, if any.
        field: The field at fault, if any.
        line: The 1-based line number, if known.
    """

    def __init__(
        self,
        path: str,
        message: str,
        *,
        event: str | None = None,
        field: str | None = None,
        line: int | None = None,
    ) -> None:
        self.path = path
        self.message = message
        self.event = event
        self.field = field
        self.line = line
        where = path if line is None else f"{path}:{line}"
        parts = [where]
        if event is not None:
            parts.append(f"event {event}")
        if field is not None:
            parts.append(f"field {field!r}")
        super().__init__(f"{': '.join(parts)}: {message}")

    def __reduce__(self) -> tuple[object, ...]:
        where = {"event": self.event, "field": self.field, "line": self.line}
        return (_rebuild_data_file_error, (type(self), self.path, self.message, where))


def _rebuild_data_file_error(
    cls: type[DataFileError], path: str, message: str, where: dict[str, Any]
) -> DataFileError:
    return cls(path, message, **where)


def _rebuild_icalendar_error(
    cls: type[ICalendarError], path: str, message: str, where: dict[str, Any]
) -> ICalendarError:
    return cls(path, message, **where)


class SyncError(TimelineError, ConnectionError):
    """A CalDAV server could not be reached, or refused or misunderstood a request.

    Raised by :func:`~bri_timeline.sync`. The message names the calendar's URL (never
    a password) and what went wrong; what the sync did before the error is kept in its
    state file, so the next sync goes on from there.

    Attributes:
        url: The calendar's URL, without credentials.
        message: What went wrong, in words.
        status: The HTTP status of the server's answer, if there was one.
    """

    def __init__(self, url: str, message: str, *, status: int | None = None) -> None:
        self.url = url
        self.message = message
        self.status = status
        super().__init__(f"{url}: {message}")

    def __reduce__(self) -> tuple[object, ...]:
        return (_rebuild_sync_error, (type(self), self.url, self.message, self.status))


class SyncAuthError(SyncError):
    """The CalDAV server refused the credentials, or asked for some and none were given."""


def _rebuild_sync_error(
    cls: type[SyncError], url: str, message: str, status: int | None
) -> SyncError:
    return cls(url, message, status=status)
