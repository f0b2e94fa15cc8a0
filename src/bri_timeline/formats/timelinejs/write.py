"""A timeline in Knight Lab's TimelineJS3 JSON format, for its storytelling timeline.

TimelineJS3 reads one JSON object: ``events``, a list of *slides*; an optional
``title`` slide; and a ``scale``. A slide has a ``start_date`` (and optionally an
``end_date``), each a *date object* of numbers: ``year`` (required), then
``month`` (1-12), ``day``, ``hour`` (0-23), ``minute``, ``second`` (0-59) and
``millisecond``, plus a ``display_date`` string. A slide also has ``text``
(``headline`` and ``text``, both rendered as HTML), a ``group`` (events of one
group share a row), a slide-level ``display_date`` and a ``unique_id``.

How each kind of time maps, never inventing precision:

======================  ==============================================================
Time                    Slide dates
======================  ==============================================================
``TimeSpan``            year to second (and millisecond) in the event's own zone;
                        an instant has no ``end_date``
``AllDay``              year, month, day; ``end_date`` is the last day (inclusive),
                        only for several days
``PartialDate``         a month: year and month; a year: year only; a decade or a
                        century: ``start_date`` its first year and ``end_date`` its
                        last (``2000``-``2009``, ``1800``-``1899``): never a day
``OpenEnded``           ``start_date`` only, at the start's own precision, and the
                        ``display_date`` ``"since …"``
``FloatingSpan``        as ``TimeSpan``, its wall times; the display date says
                        ``floating``
======================  ==============================================================

Open ends: TimelineJS has no open-ended slide, and any ``end_date`` (today, the
last event, the end of the data) would invent an end the data does not give. So
an open-ended event is a slide at its start whose display date says
``"since 2009"``; readers see it is still going without a false end on the axis.

Every date object carries a ``display_date`` in the words of
:func:`~bri_timeline.model.describe.describe_point` (the first and last years
for a decade or a century), and every slide the
:func:`~bri_timeline.model.describe.describe` of its time, so a partial date
reads ``"19th century"`` rather than TimelineJS's own ``1800``. Times of day
are wall-clock times in the event's zone (TimelineJS has no zones); the
display date names the zone.

Text is escaped for HTML, since TimelineJS renders ``headline`` and ``text``
(and ``group``) as markup: a title such as ``"<b>"`` shows as written. The
description keeps its paragraphs; the location, the source's quote, the
inference notes and the event's link (``http`` and ``https`` only) follow it.

``unique_id`` is the event's id, so ``timeline.goToId("apec-summit-2024")`` and
``#apec-summit-2024`` bookmarks work. The title slide (made from the timeline's
name and description, when it has either) is ``_title``, which no event id can
be (event ids start with a letter or a digit). No ``eras`` are written: the
model has no eras, and an era needs an end. ``scale`` is ``human``: years 1-9999
are in its range. Output is deterministic: sorted keys, events in timeline
order.

>>> from datetime import date
>>> from bri_timeline import Event, OpenEnded, PartialDate, Timeline
>>> fta = Event("fta", "Free Trade Agreement", OpenEnded(PartialDate.of_year(2009)))
>>> found = to_timelinejs_document(Timeline([fta]))["events"][0]
>>> found["start_date"], found["display_date"], "end_date" in found
({'year': 2009, 'display_date': '2009'}, 'since 2009', False)
"""

from __future__ import annotations

import json
from datetime import date, datetime
from html import escape
from typing import Any, BinaryIO

from bri_timeline.formats._files import write_utf8
from bri_timeline.model.describe import describe, describe_point
from bri_timeline.model.event import Event
from bri_timeline.model.floating import FloatingSpan
from bri_timeline.model.times import AllDay, OpenEnded, PartialDate, Precision, TimeSpan
from bri_timeline.model.vague import Vague
from bri_timeline.timeline import Timeline, TimelineInfo, check_timeline

__all__ = ["TITLE_ID", "to_timelinejs", "to_timelinejs_document", "write_timelinejs"]

TITLE_ID = "_title"
"""The ``unique_id`` of the title slide: not a valid event id, so it never clashes."""

_LAST_YEAR_OFFSET = {Precision.DECADE: 9, Precision.CENTURY: 99}


def date_object(value: datetime | date | PartialDate) -> dict[str, Any]:
    """A TimelineJS date object with exactly the fields the value knows.

    >>> date_object(PartialDate.of_month(2024, 11))
    {'year': 2024, 'month': 11, 'display_date': 'Nov 2024'}
    >>> date_object(date(2024, 11, 14))
    {'year': 2024, 'month': 11, 'day': 14, 'display_date': '14 Nov 2024'}
    """
    found: dict[str, Any]
    if isinstance(value, datetime):
        found = {
            "year": value.year,
            "month": value.month,
            "day": value.day,
            "hour": value.hour,
            "minute": value.minute,
            "second": value.second,
        }
        if value.microsecond:
            found["millisecond"] = value.microsecond // 1000
    elif isinstance(value, date):
        found = {"year": value.year, "month": value.month, "day": value.day}
    elif value.precision is Precision.MONTH:
        found = {"year": value.year, "month": value.month}
    else:
        found = {"year": value.year}
        if value.precision in _LAST_YEAR_OFFSET:
            # The first year of a decade or century: its end_date shows the last.
            found["display_date"] = f"{value.year:04d}"
            return found
    found["display_date"] = describe_point(value)
    return found


def _period_end(value: PartialDate) -> dict[str, Any] | None:
    offset = _LAST_YEAR_OFFSET.get(value.precision)
    if offset is None:
        return None
    last = value.year + offset
    return {"year": last, "display_date": f"{last:04d}"}


def _dates(event: Event) -> dict[str, Any]:
    time = event.time
    end: dict[str, Any] | None = None
    if isinstance(time, TimeSpan | FloatingSpan):  # wall times: TimelineJS has no zones
        start = date_object(time.start)
        end = None if time.is_instant else date_object(time.end)
    elif isinstance(time, AllDay):
        start = date_object(time.first)
        end = None if time.first == time.last else date_object(time.last)
    elif isinstance(time, PartialDate):
        start = date_object(time)
        end = _period_end(time)
    elif isinstance(time, Vague):
        # The years it may name, and its words: never a day it does not know.
        first, last = time.years
        start = {"year": last if first is None else first, "display_date": describe(time)}
        if last is not None and first is not None and last != first:
            end = {"year": last, "display_date": describe(time)}
    else:
        assert isinstance(time, OpenEnded)
        start = date_object(time.start)
    dates = {"start_date": start}
    if end is not None:
        dates["end_date"] = end
    return dates


def _paragraphs(text: str) -> list[str]:
    blocks = [block.strip() for block in text.split("\n\n")]
    return [f"<p>{escape(block).replace(chr(10), '<br>')}</p>" for block in blocks if block]


def _html(event: Event) -> str:
    parts = []
    if event.location is not None:
        parts.append(f"<p><strong>Where:</strong> {escape(event.location.name)}</p>")
    parts.extend(_paragraphs(event.description))
    if event.source is not None:
        parts.append(f"<blockquote>{escape(event.source.quote)}</blockquote>")
        where = ", ".join(p for p in (event.source.document, event.source.locator) if p)
        if where:
            parts.append(f"<p><small>Source: {escape(where)}</small></p>")
    parts.extend(
        f"<p><small>Inferred {escape(note.field)}: {escape(note.reason)}</small></p>"
        for note in event.inferred
    )
    if event.url is not None and event.url.lower().startswith(("https://", "http://")):
        parts.append(f'<p><a href="{escape(event.url)}">More about this event</a></p>')
    return "".join(parts)


def slide(event: Event) -> dict[str, Any]:
    """The TimelineJS slide of one event.

    >>> from bri_timeline import AllDay, Event
    >>> from datetime import date
    >>> found = slide(Event("apec", "APEC <Summit>", AllDay(date(2024, 11, 13),
    ...                                                     date(2024, 11, 15))))
    >>> found["unique_id"], found["text"]["headline"], found["end_date"]["day"]
    ('apec', 'APEC &lt;Summit&gt;', 15)
    """
    found: dict[str, Any] = {
        "unique_id": event.id,
        **_dates(event),
        "display_date": describe(event.time),
        "text": {"headline": escape(event.title), "text": _html(event)},
    }
    if event.categories:
        found["group"] = escape(event.categories[0])
    return found


def _title(info: TimelineInfo) -> dict[str, Any] | None:
    if not info.name and not info.description:
        return None
    text = "".join(_paragraphs(info.description))
    if info.source:
        text += f"<p><small>Source: {escape(info.source)}</small></p>"
    return {"unique_id": TITLE_ID, "text": {"headline": escape(info.name), "text": text}}


def to_timelinejs_document(timeline: Timeline) -> dict[str, Any]:
    """The TimelineJS3 JSON object of a timeline, as Python values.

    >>> from bri_timeline import load_bri
    >>> document = to_timelinejs_document(load_bri())
    >>> document["title"]["unique_id"], len(document["events"]), document["scale"]
    ('_title', 7, 'human')
    """
    check_timeline(timeline)
    document: dict[str, Any] = {
        "events": [slide(event) for event in timeline],
        "scale": "human",
    }
    title = _title(timeline.info)
    if title is not None:
        document["title"] = title
    return document


def to_timelinejs(timeline: Timeline) -> str:
    """The TimelineJS3 JSON text of a timeline: sorted keys, two-space indents, final newline."""
    return (
        json.dumps(
            to_timelinejs_document(timeline),
            ensure_ascii=False,
            allow_nan=False,
            indent=2,
            sort_keys=True,
        )
        + "\n"
    )


def write_timelinejs(timeline: Timeline, file: BinaryIO) -> None:
    """Write the TimelineJS3 JSON of :func:`to_timelinejs` to a binary file, in UTF-8.

    Raises:
        InvalidArgument: ``file`` is not an open binary file, or ``timeline`` not a Timeline.
    """
    write_utf8(file, lambda: to_timelinejs(timeline))
