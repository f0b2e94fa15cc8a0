"""The few CalDAV requests a sync makes, through the ``caldav`` package's client.

One PROPFIND (Depth 1, ``getetag`` and ``resourcetype``) lists the calendar, and says
whether the URL is a calendar at all; GET, PUT (with ``If-Match`` or
``If-None-Match: *``) and DELETE (with ``If-Match``) act on one resource. ``caldav`` does
the HTTP: the session, the authentication it negotiates (Basic or Digest), the parsing of
the multistatus answer. Every failure becomes a :class:`~bri_timeline.errors.SyncError`
whose message names the calendar's URL and never the password.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any
from urllib.parse import quote, unquote, urlsplit

import attrs

from bri_timeline.errors import InvalidArgument, SyncAuthError, SyncError

if TYPE_CHECKING:
    from caldav.response import DAVResponse

__all__ = ["Answer", "Calendar", "resource_name"]

_LISTING = (
    '<?xml version="1.0" encoding="utf-8"?>'
    '<d:propfind xmlns:d="DAV:"><d:prop><d:getetag/><d:resourcetype/></d:prop></d:propfind>'
)
_CALENDAR = "{urn:ietf:params:xml:ns:caldav}calendar"
_NOT_A_CALENDAR = "must be the URL of a CalDAV calendar itself (see docs/sync.md)"
_ICS = {"Content-Type": "text/calendar; charset=utf-8"}
_MISSING = (
    "syncing needs the 'caldav' package, which is not installed: pip install 'bri-timeline[sync]'"
)


def resource_name(uid: str) -> str:
    """The name of an event's resource in the calendar: its UID, percent-encoded, and ``.ics``.

    >>> resource_name("apec@bri-timeline.invalid")
    'apec%40bri-timeline.invalid.ics'
    """
    return f"{quote(uid, safe='')}.ics"


@attrs.frozen
class Answer:
    """A server's answer to one request: its status, the resource's ETag, and its body."""

    status: int
    etag: str | None
    body: bytes


class Calendar:
    """A CalDAV calendar collection at ``url`` (which ends with ``/``), for one sync.

    Attributes:
        requests: How many HTTP requests were sent, those of authentication included.
    """

    def __init__(self, url: str, user: str | None, password: str | None, timeout: float):
        try:
            from caldav.davclient import DAVClient
        except ImportError:  # the sync extra is not installed
            raise SyncError(url, _MISSING) from None
        self.url = url
        self._user = user
        self._password = password
        self.requests = 0
        self._client = DAVClient(
            url=url,
            username=user,
            password=password,
            timeout=timeout,  # type: ignore[arg-type]  # typed int; niquests takes any seconds
            enable_rfc6764=False,
        )
        self._client.session.hooks["response"].append(self._count)

    def _count(self, response: object, *args: object, **kwargs: object) -> None:
        self.requests += 1

    def close(self) -> None:
        """Close the client's connections."""
        self._client.close()

    def _error(self, message: str, status: int | None = None) -> SyncError:
        if self._password:  # a server or a library may echo what it was sent
            message = message.replace(self._password, "***")
        return SyncError(self.url, message, status=status)

    def _send(self, what: str, call: Callable[[], DAVResponse]) -> DAVResponse:
        from caldav.lib.error import AuthorizationError, DAVError

        try:
            return call()
        except AuthorizationError as error:
            if error.status == 403:  # who asks is known, and may not do this
                who = "" if self._user is None else f" to user {self._user!r}"
                raise self._error(f"{what}: the server forbids it{who} (403)", 403) from None
            if self._user is None:
                message = "the server asks for a user and a password, and none were given"
            else:
                message = f"the server refused the password of user {self._user!r}"
            raise SyncAuthError(self.url, message, status=401) from None
        except NotImplementedError:  # caldav's word for a challenge it cannot answer
            message = "the server asks for an authentication other than Basic, Digest or Bearer"
            raise SyncAuthError(self.url, message, status=401) from None
        except (OSError, DAVError, SyntaxError) as error:  # HTTP's are OSErrors, lxml's XML
            reason = " ".join(str(error).split()) or type(error).__name__
            raise self._error(f"{what}: cannot reach the server ({reason})") from None

    def _answer(self, what: str, response: DAVResponse, *expected: int) -> Answer:
        status = int(response.status)
        if status not in expected:
            reason = f" {response.reason}" if response.reason else ""
            raise self._error(f"{what}: the server answered {status}{reason}", status)
        etag = response.headers.get("ETag") if response.headers else None
        return Answer(status, etag if isinstance(etag, str) else None, b"")

    def etags(self) -> dict[str, str | None]:
        """Every resource in the calendar, by its name (decoded), with its ETag: one request."""
        response = self._send(
            "PROPFIND", lambda: self._client.propfind(self.url, _LISTING, depth=1)
        )
        if response.status in (200, 404, 405):  # a web page, nothing, or not WebDAV
            raise InvalidArgument("url", _NOT_A_CALENDAR, self.url)
        self._answer("PROPFIND", response, 207)
        base = unquote(urlsplit(self.url).path)
        found: dict[str, str | None] = {}
        calendar = False
        for result in response.results or []:
            path = unquote(urlsplit(result.href).path)
            properties = getattr(result, "properties", {})
            if path.rstrip("/") == base.rstrip("/"):
                calendar = _CALENDAR in (properties.get("{DAV:}resourcetype") or ())
            parent, _, name = path.rstrip("/").rpartition("/")
            if not name or f"{parent}/" != base or path.endswith("/"):
                continue  # the calendar itself, or not in it
            etag = properties.get("{DAV:}getetag")
            found[name] = etag if isinstance(etag, str) else None
        if not calendar:
            raise InvalidArgument("url", _NOT_A_CALENDAR, self.url)
        return found

    def get(self, name: str) -> Answer:
        """The resource's body and ETag; status 404 if it is not there."""
        what = f"GET {name}"
        response = self._send(what, lambda: self._client.request(self.url + name, "GET"))
        answer = self._answer(what, response, 200, 404)
        raw: Any = response.raw if answer.status == 200 else b""
        body = raw.encode("utf-8") if isinstance(raw, str) else bytes(raw)
        return attrs.evolve(answer, body=body)

    def put(self, name: str, body: bytes, *, etag: str | None) -> Answer:
        """Write the resource if its ETag is ``etag`` (None: if there is none); 412 if not."""
        headers = {**_ICS, **({"If-None-Match": "*"} if etag is None else {"If-Match": etag})}
        what = f"PUT {name}"
        text = body.decode("utf-8")
        response = self._send(
            what, lambda: self._client.request(self.url + name, "PUT", text, headers)
        )
        return self._answer(what, response, 200, 201, 204, 412)

    def delete(self, name: str, *, etag: str | None) -> Answer:
        """Delete the resource if its ETag is ``etag``; 412 if not, 404 if it is gone."""
        headers = {} if etag is None else {"If-Match": etag}
        what = f"DELETE {name}"
        response = self._send(
            what, lambda: self._client.request(self.url + name, "DELETE", "", headers)
        )
        return self._answer(what, response, 200, 204, 404, 412)
