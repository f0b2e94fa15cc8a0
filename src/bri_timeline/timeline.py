"""The Timeline: an immutable, sorted, indexed collection of events, and its queries.

Over 400 lines: one class, its queries sharing its sorted events and index; the index
itself is ``_index.py``.

Queries share one vocabulary, the main argument positional and options
keyword-only: :meth:`~Timeline.overlapping`, :meth:`~Timeline.inside`,
:meth:`~Timeline.at`, :meth:`~Timeline.on`, :meth:`~Timeline.before`,
:meth:`~Timeline.after`. Each returns a new :class:`Timeline`, so they chain.
All use the spans and the one boundary rule of
:mod:`bri_timeline.model.relations`.

>>> from datetime import date
>>> from bri_timeline import AllDay, Event
>>> apec = Event("apec", "APEC summit", AllDay(date(2024, 11, 13), date(2024, 11, 15)))
>>> chancay = Event("chancay", "Chancay Port inaugurated", AllDay(date(2024, 11, 14)))
>>> meeting = Event("meeting", "BRI meeting", AllDay(date(2024, 11, 8)))
>>> timeline = Timeline([chancay, apec, meeting])
>>> [event.id for event in timeline]
['meeting', 'apec', 'chancay']
>>> [event.id for event in timeline.on(date(2024, 11, 14))]
['apec', 'chancay']
>>> [(pair.first.id, pair.relation.value, pair.second.id) for pair in timeline.overlapping_pairs()]
[('apec', 'contains', 'chancay')]
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from datetime import date, datetime, timedelta
from itertools import compress, count, islice, repeat
from operator import add, attrgetter, eq, ne, sub
from typing import TYPE_CHECKING, NamedTuple, TypeGuard, TypeVar, overload

import attrs

from bri_timeline._gaps import Bounds, clipped, free, moment, stretch_times
from bri_timeline._index import SpanIndex
from bri_timeline._repeating import Repeats
from bri_timeline.errors import (
    DuplicateEventId,
    IndexOutOfRange,
    InvalidArgument,
    InvalidEvent,
    InvalidTime,
    UnknownEvent,
)
from bri_timeline.model.arguments import check_bool, check_str, check_window
from bri_timeline.model.event import Event
from bri_timeline.model.floating import FloatingSpan
from bri_timeline.model.keys import OPEN_END, US_PER_DAY, date_key, instant_key
from bri_timeline.model.relations import Relation, certainly_overlaps, overlaps, relation
from bri_timeline.model.text import check_text, optional_text
from bri_timeline.model.times import (
    AllDay,
    OpenEnded,
    PartialDate,
    Time,
    TimeSpan,
    first_date,
    in_utc,
)
from bri_timeline.model.vague import Vague
from bri_timeline.notes import ImportNote

if TYPE_CHECKING:
    from bri_timeline.changes import Diff

__all__ = ["Gap", "Overlap", "Timeline", "TimelineInfo", "check_timeline"]

_order_of = attrgetter("_order")
_start_of = attrgetter("_start")
_end_of = attrgetter("_end")
_id_of = attrgetter("id")
_K = TypeVar("_K", int, tuple[int, int])  # group keys: a year, a (year, month)
Keep = Callable[[Event], bool] | None  # which occurrences a query keeps


def _name(value: object) -> str:
    return "" if value is None else check_text("name", value)


def _description(value: object) -> str:
    return "" if value is None else check_text("description", value)


def _url(value: object) -> str | None:
    return optional_text("url", value)


def _source(value: object) -> str | None:
    return optional_text("source", value)


def _updated(value: object) -> datetime | None:
    return None if value is None else in_utc("updated", value)


def _notes(value: object) -> tuple[ImportNote, ...]:
    if isinstance(value, str | bytes) or not isinstance(value, Iterable):
        raise InvalidArgument("notes", "must be a sequence of ImportNote", value)
    found = tuple(value)
    for note in found:
        if not isinstance(note, ImportNote):
            raise InvalidArgument("notes", "must hold ImportNote values only", note)
    return found


def _origins(value: object) -> tuple[tuple[str, tuple[str, ...]], ...]:
    from bri_timeline.changes import origins_value  # the merge's own notation

    return origins_value(value)


@attrs.frozen
class TimelineInfo:
    r"""What a timeline as a whole is: its name, description, home page, source, last change.

    Its text follows the rules of an event's text (:mod:`bri_timeline.model.text`):
    CR LF and CR become LF, and control characters are refused. ``updated`` is
    kept in UTC.

    Args:
        name: A short name, e.g. for a calendar app's list of calendars.
        description: A longer description.
        url: The timeline's home page.
        source: The document the events come from (a title or a file name).
        updated: When the data last changed (aware); exporters use it, not the clock.
        origins: Where the events of a merged timeline came from: each source's name
            and the ids of the events it gave (a mapping or pairs), kept sorted.
            Empty for a timeline that was not merged. It lives in memory only: the
            formats do not write it. See :meth:`Timeline.merge`.
        notes: What a lenient reader repaired in the file, or left out of it, in
            file order: an :class:`~bri_timeline.notes.ImportNote` for each (see
            ``docs/ical.md``). Empty for a file that read as it is, and for a
            timeline built in code. It lives in memory only, as ``origins`` does,
            and it is not part of the info's equality (nor its repr): the same
            events and info read from a file that needed repairs equal those
            read from a clean one. Filtering or sorting a timeline keeps them; a
            merge does not (see :meth:`Timeline.merge`).

    >>> TimelineInfo("BRI\r\nPeru").name
    'BRI\nPeru'
    >>> TimelineInfo("BRI\x00")
    Traceback (most recent call last):
    ...
    bri_timeline.errors.InvalidEvent: name: must not hold the control character U+0000 ...
    """

    name: str = attrs.field(default="", converter=_name)
    description: str = attrs.field(default="", kw_only=True, converter=_description)
    url: str | None = attrs.field(default=None, kw_only=True, converter=_url)
    source: str | None = attrs.field(default=None, kw_only=True, converter=_source)
    updated: datetime | None = attrs.field(default=None, kw_only=True, converter=_updated)
    origins: tuple[tuple[str, tuple[str, ...]], ...] = attrs.field(
        default=(), kw_only=True, converter=_origins
    )
    notes: tuple[ImportNote, ...] = attrs.field(
        default=(), kw_only=True, converter=_notes, eq=False, repr=False
    )

    def origins_of(self, event_id: str) -> tuple[str, ...]:
        """The sources that gave the event ``event_id`` to a merge, sorted (empty if none)."""
        check_str("event_id", event_id)
        return tuple(name for name, ids in self.origins if event_id in ids)


class Overlap(NamedTuple):
    """Two events whose spans overlap; ``first`` comes before ``second`` in timeline order.

    A named pair rather than an attrs class: a sweep makes one per overlapping
    pair, and a tuple is the cheapest immutable value to make.
    """

    first: Event
    second: Event

    @property
    def relation(self) -> Relation:
        """Allen's relation of ``first`` to ``second`` (never a disjoint one)."""
        return relation(self.first, self.second)

    @property
    def certain(self) -> bool:
        """Whether they overlap however their unknown parts turn out."""
        return certainly_overlaps(self.first, self.second)


def _aware(field: str, value: object) -> None:
    if not isinstance(value, datetime) or value.utcoffset() is None:
        raise InvalidTime(field, "must be a timezone-aware datetime", value)


def _event(field: str, value: object) -> None:
    if value is not None and not isinstance(value, Event):
        raise InvalidEvent(field, "must be an Event or None", value)


@attrs.frozen
class Gap:
    """A stretch of time that no event covers (see :meth:`Timeline.gaps`).

    ``start`` and ``end`` are UTC datetimes (days float on UTC, as everywhere in spans).
    ``after`` is the event whose end opens the gap (None when the gap opens at the
    start of the window asked about), ``before`` the one whose start closes it (None
    when it runs to the window's end). ``certain``: no event can fall in the gap,
    however the unknown parts of vague dates turn out; a gap that is not certain is
    free only if some of them turn out one way.
    """

    start: datetime = attrs.field(validator=lambda _, field, value: _aware(field.name, value))
    end: datetime = attrs.field(validator=lambda _, field, value: _aware(field.name, value))
    after: Event | None = attrs.field(validator=lambda _, field, value: _event(field.name, value))
    before: Event | None = attrs.field(validator=lambda _, field, value: _event(field.name, value))
    certain: bool = attrs.field(
        default=True, kw_only=True, validator=lambda _, field, value: check_bool(field.name, value)
    )

    @property
    def duration(self) -> timedelta:
        """How long the gap lasts."""
        return self.end - self.start


def _moment_key(moment: object, field: str) -> int:
    if isinstance(moment, datetime):
        if moment.utcoffset() is None:
            raise InvalidArgument(field, "must be timezone-aware", moment)
        return instant_key(moment)
    if isinstance(moment, date):
        return date_key(moment)
    raise InvalidArgument(field, "must be a datetime or a date", moment)


def _is_time(value: object) -> TypeGuard[Time | Event]:
    return isinstance(
        value, Event | TimeSpan | AllDay | PartialDate | OpenEnded | Vague | FloatingSpan
    )


def _window(window: Time | Event) -> tuple[int, int]:
    window = check_window("window", window)
    return window._start, window._end


def _has_set(value: Time | Event) -> bool:
    time = value.time if isinstance(value, Event) else value
    return type(time) is Vague and time._members is not None


def _sort(events: list[Event]) -> None:
    """Sort events in place by (start, end, id), comparing precomputed ints.

    One C-level sort on each event's ``_order`` (start and end as one int), then
    the runs of equal (start, end) are put in id order. Ids are unique here, so
    this is the total order of :attr:`Event.sort_key`. Runs are found in C: ``ties``
    holds each position whose event shares its span with the one before, and a
    run is a stretch of consecutive ties; only the loop over runs is in Python.
    """
    events.sort(key=_order_of)
    orders = list(map(_order_of, events))
    ties = list(compress(count(1), map(eq, orders, islice(orders, 1, None))))
    if not ties:
        return
    # Where a run of ties breaks: ties[j] is not ties[j - 1] + 1.
    breaks = list(compress(count(1), map(ne, islice(ties, 1, None), map(add, ties, repeat(1)))))
    firsts = map(ties.__getitem__, [0, *breaks])
    lasts = map(ties.__getitem__, [*map(sub, breaks, repeat(1)), -1])
    for first, last in zip(firsts, lasts, strict=True):
        events[first - 1 : last + 1] = sorted(events[first - 1 : last + 1], key=_id_of)


class Timeline(Sequence[Event]):
    """An immutable, sorted collection of events with unique ids.

    The events are kept in their total order (see :attr:`Event.sort_key`,
    chronological by span start, then end, then id) and indexed, so that window
    queries cost O(log n + k) for k results. It is a ``Sequence``: index it,
    slice it (a slice is a Timeline, so its step cannot be negative), iterate
    it, ``reversed`` it, ``len`` it.

    Args:
        events: The events, in any order; an event given twice is kept once.
        info: What the timeline as a whole is.

    Raises:
        DuplicateEventId: Two different events share an id.
        InvalidEvent: Something other than an :class:`Event` was given.
        InvalidArgument: ``info`` is neither a :class:`TimelineInfo` nor None.
    """

    __slots__ = ("_by_id", "_events", "_index", "_info", "_repeats", "_sets")

    def __init__(self, events: Iterable[Event] = (), *, info: TimelineInfo | None = None) -> None:
        if isinstance(events, str | bytes) or not isinstance(events, Iterable):
            raise InvalidEvent("events", "must be an iterable of Event values", events)
        if info is not None and not isinstance(info, TimelineInfo):
            raise InvalidArgument("info", "must be a TimelineInfo or None", info)
        items = list(events)
        if not set(map(type, items)) <= {Event}:
            for item in items:
                if not isinstance(item, Event):
                    raise InvalidEvent("events", "must hold only Event values", item)
        if len(set(map(_id_of, items))) != len(items):
            # An event given twice (or an equal copy of it) is one event: ids stay unique.
            by_id: dict[str, Event] = {}
            for item in items:
                if by_id.setdefault(item.id, item) != item:
                    raise DuplicateEventId(item.id)
            items = list(by_id.values())
        _sort(items)
        self._events: list[Event] = items  # never changed from here on
        self._by_id: dict[str, Event] | None = None
        self._index: SpanIndex | None = None
        self._repeats: Repeats | None = None
        self._sets: frozenset[int] | None = None
        self._info = info if info is not None else TimelineInfo()

    @classmethod
    def _sorted(cls, events: list[Event], info: TimelineInfo) -> Timeline:
        # A sub-timeline: the events are already in order with unique ids.
        timeline = cls.__new__(cls)
        timeline._events = events
        timeline._by_id = None
        timeline._index = None
        timeline._repeats = None
        timeline._sets = None
        timeline._info = info
        return timeline

    def _pick(
        self, positions: Iterable[int], lo: int = 0, hi: int = 0, keep: Keep = None
    ) -> Timeline:
        # The events at these positions; with repeating events, their occurrences in
        # [lo, hi) that ``keep`` keeps in their place (see bri_timeline._repeating).
        if self._repeats is None:
            self._repeats = Repeats(self._events)
        if not self._repeats or lo >= hi:
            return Timeline._sorted(list(map(self._events.__getitem__, positions)), self._info)
        found = [
            event for event in map(self._events.__getitem__, positions) if not event.recurrence
        ]
        found.extend(self._repeats.between(lo, hi, keep))
        return Timeline(found, info=self._info)

    @property
    def info(self) -> TimelineInfo:
        """What the timeline as a whole is."""
        return self._info

    def _set_positions(self) -> frozenset[int]:
        """The positions of the events whose time is a set (found once)."""
        if self._sets is None:
            self._sets = frozenset(i for i, event in enumerate(self._events) if _has_set(event))
        return self._sets

    def _members_overlapping(self, window: Time | Event, positions: list[int]) -> list[int]:
        """The positions whose events overlap the window when sets go by their members.

        Only sets are looked at again (a set overlaps when a member does, not the
        hull of its members); a timeline without sets pays one check.
        """
        events = self._events
        if _has_set(window):
            return [p for p in positions if overlaps(events[p], window)]
        sets = self._set_positions()
        dropped = {p for p in sets.intersection(positions) if not overlaps(events[p], window)}
        return [p for p in positions if p not in dropped] if dropped else positions

    @property
    def _span_index(self) -> SpanIndex:
        """The span index, built on first use (O(n log n) once)."""
        if self._index is None:
            self._index = SpanIndex(
                list(map(_start_of, self._events)), list(map(_end_of, self._events))
            )
        return self._index

    # --- Sequence ------------------------------------------------------------

    def __len__(self) -> int:
        return len(self._events)

    @overload
    def __getitem__(self, key: int) -> Event: ...

    @overload
    def __getitem__(self, key: slice) -> Timeline: ...

    def __getitem__(self, key: int | slice) -> Event | Timeline:
        try:
            if isinstance(key, slice):
                if key.step is not None and key.step < 0:
                    # A reversed run of events is not a Timeline: its index would be wrong.
                    raise InvalidArgument(
                        "slice", "must not have a negative step (iterate reversed(timeline))", key
                    )
                return Timeline._sorted(self._events[key], self._info)
            return self._events[key]
        except IndexError:
            raise IndexOutOfRange(key, len(self._events)) from None  # type: ignore[arg-type]
        except TypeError:
            raise InvalidArgument("index", "must be an int or a slice of ints", key) from None

    def __iter__(self) -> Iterator[Event]:
        return iter(self._events)

    def __contains__(self, value: object) -> bool:
        if not isinstance(value, Event):
            return False
        found = self._ids().get(value.id)
        return found is not None and found == value

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Timeline):
            return NotImplemented
        return self._events == other._events and self._info == other._info

    def __hash__(self) -> int:
        return hash((tuple(self._events), self._info))

    def __repr__(self) -> str:
        info = "" if self._info == TimelineInfo() else f", info={self._info!r}"
        return f"Timeline({self._events!r}{info})"

    def _ids(self) -> dict[str, Event]:
        if self._by_id is None:
            self._by_id = {event.id: event for event in self._events}
        return self._by_id

    def get(self, event_id: str) -> Event:
        """The event with this id.

        Raises:
            UnknownEvent: No event has that id.
            InvalidArgument: ``event_id`` is not a str.
        """
        try:
            return self._ids()[event_id]
        except KeyError:
            raise UnknownEvent(check_str("event_id", event_id)) from None
        except TypeError:  # an unhashable "id"
            raise InvalidArgument("event_id", "must be a str", event_id) from None

    # --- window queries ---------------------------------------------------------

    def overlapping(self, window: Time | Event, *, certain: bool = False) -> Timeline:
        """Events whose span overlaps the window's span. O(log n + k).

        Args:
            window: A time or an event.
            certain: Keep only events that certainly overlap it (see
                :func:`~bri_timeline.certainly_overlaps`).
        """
        lo, hi = _window(window)
        certain = check_bool("certain", certain)
        found = self._pick(
            self._members_overlapping(window, self._span_index.overlapping(lo, hi)), lo, hi
        )
        if certain:
            return found.filter(lambda event: certainly_overlaps(event, window))
        return found

    def inside(self, window: Time | Event) -> Timeline:
        """Events whose span lies within the window's span.

        O(log n + m), for the m events that start in the window.
        """
        lo, hi = _window(window)
        inside: Keep = lambda event: lo <= event._start and event._end <= hi  # noqa: E731
        return self._pick(self._span_index.inside(lo, hi), lo, hi, inside)

    def at(self, moment: datetime) -> Timeline:
        """Events whose span contains an aware instant. O(log n + k)."""
        if not isinstance(moment, datetime):
            raise InvalidArgument("moment", "must be a timezone-aware datetime", moment)
        key = _moment_key(moment, "moment")
        return self._pick(self._span_index.overlapping(key, key + 1), key, key + 1)

    def on(self, day: date) -> Timeline:
        """Events whose span overlaps a (floating) day. O(log n + k)."""
        if not isinstance(day, date) or isinstance(day, datetime):
            raise InvalidArgument("day", "must be a date", day)
        key = date_key(day)
        return self._pick(
            self._span_index.overlapping(key, key + US_PER_DAY), key, key + US_PER_DAY
        )

    def before(self, moment: datetime | date | Time | Event) -> Timeline:
        """Events whose span ends at or before ``moment`` (the start of a time or event).

        O(log n + k log k).
        """
        key = _window(moment)[0] if _is_time(moment) else _moment_key(moment, "moment")
        ended: Keep = lambda event: event._end <= key  # noqa: E731
        return self._pick(self._span_index.ending_by(key), -1, key, ended)

    def after(self, moment: datetime | date | Time | Event) -> Timeline:
        """Events whose span starts at or after ``moment`` (the end of a time or event).

        O(log n + k).
        """
        key = _window(moment)[1] if _is_time(moment) else _moment_key(moment, "moment")
        if self._repeats is None:
            self._repeats = Repeats(self._events)
        self._repeats.check_finite("after()")
        later: Keep = lambda event: event._start >= key  # noqa: E731
        return self._pick(self._span_index.starting(key, 1 << 63), key, 1 << 63, later)

    # --- whole-timeline questions -------------------------------------------------

    def overlapping_pairs(self, *, certain: bool = False) -> Iterator[Overlap]:
        """Every pair of events whose spans overlap, by a sweep. O(n + k) on the sorted events.

        Pairs come in the order of their second event, then their first.

        Args:
            certain: Keep only pairs that certainly overlap.
        """
        timeline = self._occurrences()
        pairs = timeline._pairs()
        if timeline._set_positions():  # a set overlaps by its members, not their hull
            pairs = (pair for pair in pairs if overlaps(pair.first, pair.second))
        return (pair for pair in pairs if pair.certain) if check_bool("certain", certain) else pairs

    def _occurrences(self) -> Timeline:
        # Every occurrence of every event, for the questions about all of them.
        if self._repeats is None:
            self._repeats = Repeats(self._events)
        if not self._repeats:
            return self
        self._repeats.check_finite("overlapping_pairs()")
        return self._pick(range(len(self._events)), -1, 1 << 63)

    def _pairs(self) -> Iterator[Overlap]:
        # Sweeping in start order, the events still running when one starts are
        # exactly those it overlaps: each of them is a result, so keeping the list
        # in timeline order and filtering it costs O(k) overall.
        new = tuple.__new__  # Overlap's own __new__, less a Python-level call
        active: list[Event] = []
        for event in self._events:
            if active:
                start = event._start
                active = [earlier for earlier in active if earlier._end > start]
                for earlier in active:
                    yield new(Overlap, (earlier, event))
            active.append(event)

    def gaps(
        self,
        *,
        within: Time | Event | None = None,
        min_length: timedelta = timedelta(0),
        certain: bool = True,
    ) -> tuple[Gap, ...]:
        """The stretches no event covers, longer than ``min_length``, in order.

        Without ``within``, the stretches between the first event's start and the
        last one's end; with it, those of the window's span, the free time at both
        of its ends included. An instant covers the microsecond it names, as
        everywhere in spans. O(n) without a window; with one, O(log n + k log k)
        for the k events that overlap it.

        Args:
            within: The window (a time or an event with an end).
            min_length: The length a gap must exceed.
            certain: Only the time that no event can cover, however vague dates
                turn out (each event's span counts); with False, also the time
                they may leave free (only what each event certainly covers counts,
                as in :meth:`overlapping` with ``certain=True``): a partial date
                covers nothing for sure, an open-ended time only from its latest start.

        Raises:
            InvalidArgument: ``within`` is not a time or an event, or has no end;
                ``min_length`` is not a timedelta, or ``certain`` not a bool.
            InvalidTime: A gap lies beyond the years 1 to 9999 that a datetime
                holds (between deep-time events); it names the events around
                it. A window within those years (``within``) always works.

        >>> from datetime import datetime, UTC
        >>> from bri_timeline import Event, TimeSpan
        >>> meeting = Event("m", "Meeting", TimeSpan(datetime(2024, 11, 14, 10, tzinfo=UTC),
        ...                                          datetime(2024, 11, 14, 11, tzinfo=UTC)))
        >>> day = TimeSpan(datetime(2024, 11, 14, 9, tzinfo=UTC),
        ...                datetime(2024, 11, 14, 17, tzinfo=UTC))
        >>> [(gap.start.hour, gap.end.hour) for gap in Timeline([meeting]).gaps(within=day)]
        [(9, 10), (11, 17)]
        """
        if not isinstance(min_length, timedelta):
            raise InvalidArgument("min_length", "must be a timedelta", min_length)
        certain = check_bool("certain", certain)
        if within is None:
            if not self._events:
                return ()
            events: Sequence[Event] = self._events
            lo, hi = self._events[0]._start, max(map(_end_of, self._events))
        else:
            lo, hi = _window(within)
            if hi == OPEN_END:
                raise InvalidArgument("within", "must have an end", within)
            events = self.overlapping(within)._events
        threshold = max(min_length // timedelta(microseconds=1), 0)
        parts = zip(map(_start_of, events), map(_end_of, events), events, strict=True)
        spans = free(clipped(parts, lo, hi), lo, hi, threshold)
        if certain:
            return tuple(self._gap(*stretch, certain=True) for stretch in spans)
        sure = {(start, end) for start, end, _, _ in spans}
        cores: list[Bounds] = [  # an empty core (a partial date's) covers nothing
            (*core, event) for event in events if (core := event.time._core)[0] < core[1]
        ]
        return tuple(
            self._gap(*stretch, certain=stretch[:2] in sure)
            for stretch in free(clipped(cores, lo, hi), lo, hi, threshold)
        )

    @staticmethod
    def _gap(
        start: int, end: int, after: Event | None, before: Event | None, *, certain: bool
    ) -> Gap:
        return Gap(*stretch_times(start, end, after, before), after, before, certain=certain)

    # --- merging and comparing (the work is in bri_timeline.changes) -------------

    def merge(self, *others: Timeline, on_conflict: str = "error") -> Timeline:
        """This timeline and ``others`` as one; ``a | b`` is ``a.merge(b)``.

        Details in :func:`bri_timeline.changes.merge`: the origin of each event is
        kept in the result's :attr:`TimelineInfo.origins`.

        Args:
            others: The timelines to merge into this one, in order.
            on_conflict: When two timelines hold different events under one id:
                ``"error"`` (raise :class:`~bri_timeline.errors.MergeConflict`),
                ``"newer"`` (the higher ``revision``, then the later ``updated``),
                ``"left"`` (the earlier timeline's) or ``"right"`` (the later one's).
        """
        from bri_timeline.changes import merge

        return merge((self, *others), on_conflict=on_conflict)

    def __or__(self, other: object) -> Timeline:
        if not isinstance(other, Timeline):
            return NotImplemented
        return self.merge(other)

    def diff(self, other: Timeline) -> Diff:
        """What changed from this timeline to ``other``: see :class:`bri_timeline.changes.Diff`."""
        from bri_timeline.changes import diff

        return diff(self, other)

    def by_year(self) -> dict[int, Timeline]:
        """The events grouped by the year they begin in (their own zone's calendar).

        The years ascend; each group is in timeline order. A vague time counts
        from the first year it names, before any widening (``2009~`` is 2009,
        ``Y-17E7`` the year -170000000); one with an open or unknown start
        (``../1985``) from the last year it names.
        """
        return self._group(lambda event: _first_month(event.time)[0])

    def by_month(self) -> dict[tuple[int, int], Timeline]:
        """The events grouped by the (year, month) they begin in; the months ascend.

        A vague time counts from its first month as :meth:`by_year` counts years.
        """
        return self._group(_first_month_of)

    def _group(self, key: Callable[[Event], _K]) -> dict[_K, Timeline]:
        groups: dict[_K, list[Event]] = {}
        for event in self._events:
            groups.setdefault(key(event), []).append(event)
        # By the key itself: groups ordered by their first event's span would put
        # 2024 before 2023 when a day (on UTC) starts before a local New Year's Eve.
        return {name: Timeline._sorted(groups[name], self._info) for name in sorted(groups)}

    def in_category(self, name: str) -> Timeline:
        """Events tagged with the category ``name``. O(n)."""
        check_str("name", name)
        return self.filter(lambda event: name in event.categories)

    def filter(self, predicate: Callable[[Event], bool]) -> Timeline:
        """Events for which ``predicate`` is true, in order. O(n)."""
        if not callable(predicate):
            raise InvalidArgument("predicate", "must be a function of an event", predicate)
        return Timeline._sorted([e for e in self._events if predicate(e)], self._info)

    def span(self) -> tuple[datetime, datetime | None] | None:
        """The UTC start of the first span and the end of the last (None when open).

        None for an empty timeline.

        Raises:
            InvalidTime: The first event's start or the last end is no datetime:
                open or unknown (``../1985``), or beyond the years 1 to 9999
                (``Y-17E7``); the error names that event and its time.
        """
        if not self._events:
            return None
        first = self._events[0]
        last = max(self._events, key=_end_of)
        return moment(first._start, first, "start"), (
            None if last._end == OPEN_END else moment(last._end, last, "end")
        )


def _first_month(time: Time) -> tuple[int, int]:
    """The (year, month) a time begins in; a vague one's first year as its text names it.

    Its month is that of its first strict day in that year (January when the strict
    bounds reach into the year before, as a set's uncertain member's do); with an
    open or unknown start, the last year it names and its last month.
    """
    if isinstance(time, Vague):
        (first, last), (first_day, last_day) = time.years, time.strict_days
        if first is not None:
            return first, first_day[1] if first_day is not None and first_day[0] == first else 1
        assert last is not None  # no vague time is open on both sides
        return last, last_day[1] if last_day is not None and last_day[0] == last else 12
    day = first_date(time)
    return day.year, day.month


def _first_month_of(event: Event) -> tuple[int, int]:
    return _first_month(event.time)


def check_timeline(value: object) -> Timeline:
    """``value`` if it is a :class:`Timeline`; else :class:`~bri_timeline.errors.InvalidArgument`.

    What every exporter checks first.

    >>> check_timeline([])
    Traceback (most recent call last):
    ...
    bri_timeline.errors.InvalidArgument: argument timeline: must be a Timeline (got [])
    """
    if not isinstance(value, Timeline):
        raise InvalidArgument("timeline", "must be a Timeline", value)
    return value
