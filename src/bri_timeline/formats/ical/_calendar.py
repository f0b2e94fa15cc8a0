"""The feed's options and the calendar's own properties (the lines before the first component).

Part of :mod:`bri_timeline.formats.ical.write`, which re-exports :class:`FeedOptions`
and :data:`PRODID`. The calendar's properties are few and written once per feed,
by icalendar, whichever engine writes the events.
"""

from __future__ import annotations

import os
import re
from datetime import UTC, datetime, timedelta
from operator import attrgetter
from typing import Literal

import attrs
from icalendar import Calendar

from bri_timeline.errors import FeedError, InvalidArgument, InvalidEvent
from bri_timeline.formats.ical._components import Raw
from bri_timeline.formats.ical._mapping import DEFAULT_DOMAIN, X_DOCUMENT
from bri_timeline.formats.ical._values import CONTROL, escape_text, utc_stamp
from bri_timeline.model._tokens import optional_uri
from bri_timeline.timeline import Timeline, TimelineInfo, check_timeline

__all__ = [
    "PRODID",
    "SOURCE_DATE_EPOCH",
    "FeedOptions",
    "calendar_head",
    "feed_or_default",
    "feed_stamp",
]

PRODID = "-//bri_timeline//bri-timeline//EN"
"""The feed's PRODID (no version, so that an upgrade alone does not change the bytes)."""

_UPDATED = attrgetter("updated")

SOURCE_DATE_EPOCH = "SOURCE_DATE_EPOCH"
"""The environment variable of the reproducible-builds convention: the build's time, in seconds."""

_DOMAIN = re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9.-]{0,200}[A-Za-z0-9])?")
_COLOR = re.compile(r"[a-z]{3,30}")
_TEXT_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def _domain(value: object) -> str:
    if not isinstance(value, str) or not _DOMAIN.fullmatch(value):
        raise FeedError("domain", "must be a domain name such as 'example.org'", value)
    return value


def _duration(field: str, value: object, *, positive: bool) -> timedelta:
    if not isinstance(value, timedelta) or value.microseconds:
        raise FeedError(field, "must be a timedelta of whole seconds", value)
    if value < timedelta(0) or (positive and not value):
        raise FeedError(field, "must be positive" if positive else "must not be negative", value)
    return value


def _refresh_interval(value: object) -> timedelta:
    return _duration("refresh_interval", value, positive=True)


def _cancelled_for(value: object) -> timedelta:
    return _duration("cancelled_for", value, positive=False)


def _color(value: object) -> str | None:
    if value is not None and (not isinstance(value, str) or not _COLOR.fullmatch(value)):
        raise FeedError("color", "must be a CSS3 color name in lower case, e.g. 'darkred'", value)
    return value


def _uri(value: object) -> str | None:
    if value is not None and (
        not isinstance(value, str) or not value or CONTROL.search(value) or " " in value
    ):
        raise FeedError("source_url", "must be a URI without spaces or control characters", value)
    return value


def _image(value: object) -> str | None:
    try:
        return optional_uri("image", value)
    except InvalidEvent as error:
        raise FeedError("image", error.rule, value) from None


OnUnrepresentable = Literal["error", "skip"]
"""What a feed writer does with an event iCalendar cannot carry: raise, or leave it out."""


_CHOICES: tuple[OnUnrepresentable, ...] = ("error", "skip")


def _on_unrepresentable(value: object) -> OnUnrepresentable:
    for choice in _CHOICES:
        if value == choice:
            return choice
    raise FeedError("on_unrepresentable", "must be 'error' or 'skip'", value)


def _fallback_stamp(value: object) -> datetime | None:
    if value is None:
        return None
    if not isinstance(value, datetime) or value.utcoffset() is None:
        raise FeedError("fallback_stamp", "must be an aware datetime or None", value)
    try:
        return value.astimezone(UTC).replace(microsecond=0)
    except OverflowError:  # datetime.max at -05:00 is past the year 9999 in UTC
        raise FeedError(
            "fallback_stamp", "must be within the years 1 to 9999 in UTC", value
        ) from None


@attrs.frozen
class FeedOptions:
    """How a timeline is published as a feed.

    Args:
        domain: The domain of every UID (``f"{event.id}@{domain}"``); keep it for
            the life of the feed, or subscribers get duplicates.
        refresh_interval: How often clients should fetch the feed again
            (REFRESH-INTERVAL and X-PUBLISHED-TTL).
        color: A CSS3 color name for the calendar (RFC 7986 COLOR).
        source_url: Where the feed itself can be fetched (RFC 7986 SOURCE).
        image: The URI of a picture for the calendar, which apps may show beside
            its name (RFC 7986 IMAGE, with ``DISPLAY=BADGE``).
        cancelled_for: How long an event that left the data stays in the feed
            as cancelled, measured against the feed's stamp
            (:func:`~bri_timeline.formats.ical.write.feed_stamp`);
            zero drops it at once.
        fallback_stamp: The feed's stamp when neither ``SOURCE_DATE_EPOCH`` nor any
            ``updated`` of the timeline gives one: the data file's modification time,
            which the command line, the feed server and the site give. Without it, the
            start of the current day (UTC).
        on_unrepresentable: What to do with an event iCalendar cannot carry (a
            vague time wholly beyond the years 1 to 9999): ``"error"`` raises a
            FeedError naming it, ``"skip"`` leaves it out of the feed (and of
            jCal); :func:`~bri_timeline.left_out_of_feed`
            says which events those are and why.

    >>> FeedOptions(domain="example.org").domain
    'example.org'
    >>> FeedOptions(domain="exa mple")
    Traceback (most recent call last):
    ...
    bri_timeline.errors.FeedError: domain: must be a domain name ... (got 'exa mple')
    """

    domain: str = attrs.field(default=DEFAULT_DOMAIN, converter=_domain)
    refresh_interval: timedelta = attrs.field(
        default=timedelta(days=1),
        kw_only=True,
        converter=_refresh_interval,
    )
    color: str | None = attrs.field(default=None, kw_only=True, converter=_color)
    source_url: str | None = attrs.field(default=None, kw_only=True, converter=_uri)
    image: str | None = attrs.field(default=None, kw_only=True, converter=_image)
    cancelled_for: timedelta = attrs.field(
        default=timedelta(days=30),
        kw_only=True,
        converter=_cancelled_for,
    )
    fallback_stamp: datetime | None = attrs.field(
        default=None, kw_only=True, converter=_fallback_stamp
    )
    on_unrepresentable: OnUnrepresentable = attrs.field(
        default="error", kw_only=True, converter=_on_unrepresentable
    )


def _source_date_epoch() -> datetime | None:
    text = os.environ.get(SOURCE_DATE_EPOCH)
    if text is None or not text.strip():
        return None
    rule = "must be a whole number of seconds since 1970-01-01T00:00:00Z"
    if not text.strip().isascii() or not text.strip().isdigit():
        raise FeedError(SOURCE_DATE_EPOCH, rule, text)
    try:
        return datetime.fromtimestamp(int(text.strip()), UTC)
    except (ValueError, OverflowError, OSError):
        raise FeedError(SOURCE_DATE_EPOCH, rule, text) from None


def newest_update(timeline: Timeline) -> datetime | None:
    """The newest ``updated`` of a timeline: its own, or any of its events'."""
    # Every build of a FeedBuilder asks, so the walk over the events stays in C.
    newest = max(filter(None, map(_UPDATED, timeline)), default=None)
    own = timeline.info.updated
    return own if newest is None or (own is not None and own > newest) else newest


def feed_stamp(timeline: Timeline, feed: FeedOptions | None = None) -> datetime:
    """The feed's stamp: the DTSTAMP of every event without an ``updated`` of its own.

    It is also the instant cancelled events are measured against. The first of:

    1. ``SOURCE_DATE_EPOCH``, when the environment sets it (the reproducible-builds
       convention: a build given the same data and the same variable gives the same bytes);
    2. the newest ``updated`` of the timeline, its own or any event's;
    3. :attr:`FeedOptions.fallback_stamp` (the data file's modification time);
    4. the start of the current day, UTC: a feed made twice on one day is the same.

    Never the 1970 of a clock at zero.

    Raises:
        FeedError: ``SOURCE_DATE_EPOCH`` is set to something other than whole seconds.
        InvalidArgument: ``timeline`` is not a Timeline, or ``feed`` not FeedOptions.
    """
    check_timeline(timeline)
    feed = feed_or_default(feed)
    found = _source_date_epoch() or newest_update(timeline) or feed.fallback_stamp
    if found is not None:
        return found
    today = datetime.now(UTC).date()
    return datetime(today.year, today.month, today.day, tzinfo=UTC)


def feed_or_default(feed: object) -> FeedOptions:
    """The ``feed`` argument of an exporter: ``FeedOptions()`` for None, else a FeedOptions.

    Raises:
        InvalidArgument: ``feed`` is neither a FeedOptions nor None.
    """
    if feed is None:
        return FeedOptions()
    if not isinstance(feed, FeedOptions):
        raise InvalidArgument("feed", "must be a FeedOptions", feed)
    return feed


def _text(field: str, value: str) -> Raw:
    """A TEXT value from the timeline's info, whose text the model does not check."""
    if bad := _TEXT_CONTROL.search(value):
        raise FeedError(
            field, f"must not hold the control character U+{ord(bad.group()):04X}", value
        )
    return Raw(escape_text(value))


def _calendar(info: TimelineInfo, feed: FeedOptions) -> Calendar:
    """The VCALENDAR and its properties, without components."""
    calendar = Calendar()
    calendar.add("VERSION", "2.0")
    calendar.add("PRODID", Raw(escape_text(PRODID)), encode=False)
    calendar.add("CALSCALE", "GREGORIAN")
    calendar.add("METHOD", "PUBLISH")
    if info.name:
        calendar.add("NAME", _text("name", info.name), encode=False)
        calendar.add("X-WR-CALNAME", _text("name", info.name), encode=False)
    if info.description:
        calendar.add("DESCRIPTION", _text("description", info.description), encode=False)
        calendar.add("X-WR-CALDESC", _text("description", info.description), encode=False)
    refresh = Raw(_duration_text(feed.refresh_interval), {"VALUE": "DURATION"})
    calendar.add("REFRESH-INTERVAL", refresh, encode=False)
    calendar.add("X-PUBLISHED-TTL", Raw(_duration_text(feed.refresh_interval)), encode=False)
    if feed.source_url is not None:
        calendar.add("SOURCE", Raw(feed.source_url, {"VALUE": "URI"}), encode=False)
    if info.url is not None:
        if not info.url or CONTROL.search(info.url) or " " in info.url or "\\" in info.url:
            rule = "must be a URI without spaces, backslashes or control characters"
            raise FeedError("url", rule, info.url)
        calendar.add("URL", Raw(info.url, {"VALUE": "URI"}), encode=False)
    if feed.color is not None:
        calendar.add("COLOR", Raw(feed.color), encode=False)
    if feed.image is not None:
        image = Raw(feed.image, {"VALUE": "URI", "DISPLAY": "BADGE"})
        calendar.add("IMAGE", image, encode=False)
    if info.source is not None:
        calendar.add(X_DOCUMENT, _text("source", info.source), encode=False)
    if info.updated is not None:
        calendar.add("LAST-MODIFIED", Raw(utc_stamp(info.updated)), encode=False)
    return calendar


def _duration_text(value: timedelta) -> str:
    days, seconds = value.days, value.seconds
    if not seconds:
        return f"P{days}D"
    hours, rest = divmod(seconds, 3600)
    minutes, seconds = divmod(rest, 60)
    time = "".join(
        f"{number}{unit}"
        for number, unit in ((hours, "H"), (minutes, "M"), (seconds, "S"))
        if number
    )
    return f"P{days}DT{time}" if days else f"PT{time}"


def calendar_head(info: TimelineInfo, feed: FeedOptions) -> tuple[bytes, bytes]:
    """The bytes before the first component of the feed, and after the last."""
    text = _calendar(info, feed).to_ical()
    footer = b"END:VCALENDAR\r\n"
    assert text.endswith(footer)
    return text[: -len(footer)], footer
