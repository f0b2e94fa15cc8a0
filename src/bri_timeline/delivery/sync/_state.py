r"""The sync's memory: which resources it wrote to each calendar, with what ETag and content.

A JSON file, one object per calendar URL, each mapping a UID to what the last sync left
on the server: the resource's name, the ETag the server gave it, and the digest of its
content. It is how a sync knows a resource is its own (and so may delete it), and whether
another client changed it since (its ETag moved). It is written atomically, also when a
sync stops on an error, so the next one goes on from what was done::

    {"format": "bri-timeline sync state", "version": 1,
     "calendars": {"https://dav.example.org/alice/bri/": {
         "apec@bri-timeline.invalid": {"name": "apec%40bri-timeline.invalid.ics",
                                       "etag": "\\"6b4a...\\"", "digest": "1f0c..."}}}}
"""

from __future__ import annotations

import json
import os

import attrs

from bri_timeline.delivery._atomic import atomic_file
from bri_timeline.errors import DataFileError

__all__ = ["FORMAT", "Known", "read_state", "write_state"]

FORMAT = "bri-timeline sync state"
_VERSION = 1


@attrs.frozen
class Known:
    """What the last sync left on the server for one UID.

    Attributes:
        name: The resource's name in the calendar (the last segment of its URL).
        etag: The server's ETag for it, or None if the server gave none.
        digest: The digest of its content (``_resource.content_digest``).
    """

    name: str
    etag: str | None
    digest: str


State = dict[str, dict[str, Known]]
"""Per calendar URL, per UID, what the last sync left there."""


def _known(path: str, uid: object, value: object) -> Known:
    fields = ("name", "etag", "digest")
    if (
        not isinstance(uid, str)
        or not isinstance(value, dict)
        or set(value) != set(fields)
        or not isinstance(value["name"], str)
        or not isinstance(value["digest"], str)
        or not isinstance(value["etag"], str | None)
    ):
        raise DataFileError(path, f"is not a sync state: the entry of {uid!r} is not {fields}")
    return Known(value["name"], value["etag"], value["digest"])


def read_state(path: str | os.PathLike[str]) -> State:
    """The state in ``path``; an empty one if the file does not exist yet.

    Raises:
        DataFileError: The file cannot be read, or is not a sync state.
    """
    name = os.fspath(path)
    try:
        with open(name, "rb") as file:
            document = json.loads(file.read())
    except FileNotFoundError:
        return {}
    except OSError as error:
        raise DataFileError(name, f"cannot be read: {error.strerror or error}") from None
    except (ValueError, UnicodeDecodeError) as error:
        raise DataFileError(name, f"is not a sync state: not JSON ({error})") from None
    if (
        not isinstance(document, dict)
        or document.get("format") != FORMAT
        or document.get("version") != _VERSION
        or not isinstance(document.get("calendars"), dict)
    ):
        rule = f'must be a JSON object with "format": "{FORMAT}", "version": {_VERSION}'
        raise DataFileError(name, f'is not a sync state: {rule} and "calendars"')
    state: State = {}
    for url, entries in document["calendars"].items():
        if not isinstance(entries, dict):
            raise DataFileError(name, f"is not a sync state: {url!r} does not map UIDs")
        state[url] = {uid: _known(name, uid, value) for uid, value in entries.items()}
    return state


def write_state(path: str | os.PathLike[str], state: State) -> None:
    """Replace ``path`` atomically with ``state``.

    Raises:
        DataFileError: The file cannot be written.
    """
    document = {
        "format": FORMAT,
        "version": _VERSION,
        "calendars": {
            url: {uid: attrs.asdict(known) for uid, known in sorted(entries.items())}
            for url, entries in sorted(state.items())
        },
    }
    data = json.dumps(document, indent=1, ensure_ascii=False).encode("utf-8") + b"\n"
    try:
        with atomic_file(path) as file:
            file.write(data)
    except OSError as error:
        name = os.fspath(path)
        raise DataFileError(name, f"cannot be written: {error.strerror or error}") from None
