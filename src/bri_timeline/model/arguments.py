"""The checks of a public function's arguments, made before any work is done.

Each refusal is an :class:`~bri_timeline.errors.InvalidArgument` that names the
argument, what it must be and what it got, so that a caller's mistake never
surfaces as a ``TypeError`` or an ``AttributeError`` from deep inside:

>>> check_str("domain", b"example.org")
Traceback (most recent call last):
...
bri_timeline.errors.InvalidArgument: argument domain: must be a str (got b'example.org')
>>> check_file_name("path", 42)
Traceback (most recent call last):
...
bri_timeline.errors.InvalidArgument: argument path: must be a file name, a str or a path (got 42)

A model class checks its fields itself, with the error of its kind
(:class:`~bri_timeline.errors.InvalidTime`, :class:`~bri_timeline.errors.InvalidEvent`).
"""

from __future__ import annotations

import os

from bri_timeline.errors import InvalidArgument
from bri_timeline.limits import file_name
from bri_timeline.model.event import Event
from bri_timeline.model.floating import FloatingSpan
from bri_timeline.model.times import AllDay, OpenEnded, PartialDate, Time, TimeSpan
from bri_timeline.model.vague import Vague

__all__ = [
    "check_bool",
    "check_file_name",
    "check_optional_str",
    "check_str",
    "check_unicode",
    "check_window",
]


def check_str(name: str, value: object) -> str:
    """``value``, once it is a str."""
    if not isinstance(value, str):
        raise InvalidArgument(name, "must be a str", value)
    return value


def check_optional_str(name: str, value: object) -> str | None:
    """``value``, once it is a str or None."""
    if value is not None and not isinstance(value, str):
        raise InvalidArgument(name, "must be a str or None", value)
    return value


def check_unicode(name: str, value: object) -> str:
    r"""``value``, once it is a str that UTF-8 can carry: text that goes into a file.

    >>> check_unicode("name", "bri\ud800")
    Traceback (most recent call last):
    ...
    bri_timeline.errors.InvalidArgument: argument name: must be valid Unicode (no lone ...
    """
    text = check_str(name, value)
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        raise InvalidArgument(name, "must be valid Unicode (no lone surrogates)", value) from None
    return text


def check_bool(name: str, value: object) -> bool:
    """``value``, once it is True or False (not merely truthy: ``"no"`` is not False).

    >>> check_bool("certain", 1)
    Traceback (most recent call last):
    ...
    bri_timeline.errors.InvalidArgument: argument certain: must be True or False (got 1)
    """
    if not isinstance(value, bool):
        raise InvalidArgument(name, "must be True or False", value)
    return value


def check_file_name(name: str, value: object) -> str:
    """The name errors give a file, once ``value`` is one: a str, a path or bytes.

    >>> from pathlib import Path
    >>> check_file_name("path", Path("data") / "bri.toml")
    'data/bri.toml'
    """
    if not isinstance(value, str | bytes | os.PathLike):
        raise InvalidArgument(name, "must be a file name, a str or a path", value)
    return file_name(value)


def check_window(name: str, value: object) -> Time | Event:
    """``value``, once it is a time or an event (a query's window, a loader's).

    >>> check_window("window", "2024")
    Traceback (most recent call last):
    ...
    bri_timeline.errors.InvalidArgument: argument window: must be a time or an event (got '2024')
    """
    if not isinstance(
        value, Event | TimeSpan | AllDay | PartialDate | OpenEnded | Vague | FloatingSpan
    ):
        raise InvalidArgument(name, "must be a time or an event", value)
    return value
