"""Timelines that change: what changed between two (:func:`diff`), several in one (:func:`merge`).

:meth:`Timeline.diff <bri_timeline.Timeline.diff>`, :meth:`Timeline.merge
<bri_timeline.Timeline.merge>` and ``|`` call them.

Events are matched by id. A :class:`Diff` lists the events added, the events
removed, and each changed event with the fields that changed (:class:`Change`,
:class:`FieldChange`), compared as events are compared (``updated`` by its
instant); :meth:`Diff.apply` makes the newer timeline from the older one.

A merge keeps one event per id. The same event in two timelines is one event;
two different events under one id are a conflict, settled by ``on_conflict``.
Each timeline is known by its *source name*: its ``info.source``, else its
``info.name``, else ``timeline N`` (its place in the merge, from 1). The result
says which sources gave each event in :attr:`TimelineInfo.origins
<bri_timeline.TimelineInfo.origins>` (a timeline that was merged before passes
on its own origins), and its other info fields are those of the first timeline
that has them (``updated``: the latest); its ``source`` is None.

>>> from datetime import date
>>> import attrs
>>> from bri_timeline import AllDay, Event, Timeline, TimelineInfo
>>> apec = Event("apec", "APEC", AllDay(date(2024, 11, 13), date(2024, 11, 15)))
>>> port = Event("port", "Port opened", AllDay(date(2024, 11, 14)))
>>> old = Timeline([apec], info=TimelineInfo(source="old.toml"))
>>> new = Timeline([attrs.evolve(apec, title="APEC 2024"), port],
...                info=TimelineInfo(source="new.toml"))
>>> changes = old.diff(new)
>>> [event.id for event in changes.added], [c.fields[0].field for c in changes.changed]
(['port'], ['title'])
>>> changes.apply(old) == new
True
>>> merged = old.merge(new, on_conflict="right")
>>> merged.get("apec").title, merged.info.origins_of("apec")
('APEC 2024', ('new.toml',))
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime
from typing import Any, TypeVar

import attrs

from bri_timeline.errors import InvalidArgument, MergeConflict
from bri_timeline.model.arguments import check_str
from bri_timeline.model.event import Event
from bri_timeline.timeline import Timeline, TimelineInfo, check_timeline

__all__ = ["ON_CONFLICT", "Change", "Diff", "FieldChange", "diff", "merge"]

ON_CONFLICT = ("error", "newer", "left", "right")
"""The values of ``on_conflict``, in the order the docs describe them."""

_T = TypeVar("_T")
_Origins = tuple[tuple[str, tuple[str, ...]], ...]


def _tuple_of(kind: type[_T], field: str, value: object) -> tuple[_T, ...]:
    """``value`` as a tuple of ``kind`` values; anything else is an InvalidArgument."""
    if not isinstance(value, tuple | list):
        raise InvalidArgument(field, f"must be a tuple of {kind.__name__} values", value)
    wrong = [item for item in value if not isinstance(item, kind)]
    if wrong:
        raise InvalidArgument(field, f"must hold only {kind.__name__} values", wrong[0])
    return tuple(value)


def _added(value: object) -> tuple[Event, ...]:
    return _tuple_of(Event, "added", value)


def _removed(value: object) -> tuple[Event, ...]:
    return _tuple_of(Event, "removed", value)


def _field_changes(value: object) -> tuple[FieldChange, ...]:
    return _tuple_of(FieldChange, "fields", value)


def _info_changes(value: object) -> tuple[FieldChange, ...]:
    return _tuple_of(FieldChange, "info", value)


def _changes(value: object) -> tuple[Change, ...]:
    return _tuple_of(Change, "changed", value)


@attrs.frozen
class FieldChange:
    """One field that differs between two versions: its name, its old and its new value."""

    field: str = attrs.field(validator=lambda _, field, value: check_str(field.name, value))
    old: Any
    new: Any


@attrs.frozen
class Change:
    """An event that changed: its old and new versions and the fields that differ, in order."""

    old: Event = attrs.field(validator=lambda _, field, value: _event(field.name, value))
    new: Event = attrs.field(validator=lambda _, field, value: _event(field.name, value))
    fields: tuple[FieldChange, ...] = attrs.field(converter=_field_changes)

    def __attrs_post_init__(self) -> None:
        if self.old.id != self.new.id:
            raise InvalidArgument("new", f"must have the id of old, {self.old.id!r}", self.new.id)

    @property
    def id(self) -> str:
        """The id both versions share."""
        return self.new.id


def field_changes(old: attrs.AttrsInstance, new: attrs.AttrsInstance) -> tuple[FieldChange, ...]:
    """The fields in which two attrs values of one class differ, as ``==`` compares them."""
    found = []
    for field in attrs.fields(type(old)):
        if not field.eq or not field.init:
            continue
        before, after = getattr(old, field.name), getattr(new, field.name)
        key = field.eq_key or (lambda value: value)
        if key(before) != key(after):
            found.append(FieldChange(field.name, before, after))
    return tuple(found)


def _event(field: str, value: object) -> None:
    if not isinstance(value, Event):
        raise InvalidArgument(field, "must be an Event", value)


def _refuse(event_id: str, rule: str, found: object) -> InvalidArgument:
    return InvalidArgument("timeline", f"must hold {rule} {event_id!r} as the diff has it", found)


@attrs.frozen
class Diff:
    """What changed from one timeline to another (:meth:`bri_timeline.Timeline.diff`).

    False when nothing changed. Events come in the order of the timeline they are
    in (the old one for ``removed``, the new one otherwise).

    Attributes:
        added: The events of the new timeline whose id the old one lacks.
        removed: The events of the old timeline whose id the new one lacks.
        changed: The events in both that differ.
        info: The fields of :class:`~bri_timeline.TimelineInfo` that differ.
    """

    added: tuple[Event, ...] = attrs.field(converter=_added)
    removed: tuple[Event, ...] = attrs.field(converter=_removed)
    changed: tuple[Change, ...] = attrs.field(converter=_changes)
    info: tuple[FieldChange, ...] = attrs.field(converter=_info_changes)

    def __bool__(self) -> bool:
        return bool(self.added or self.removed or self.changed or self.info)

    def apply(self, timeline: Timeline) -> Timeline:
        """The timeline with these changes made: ``old.diff(new).apply(old) == new``.

        Raises:
            InvalidArgument: ``timeline`` is not a Timeline, or does not hold the old
                versions this diff changes (an event removed or changed is missing or
                differs, an event added is there already, or an info field differs).
        """
        events = {event.id: event for event in check_timeline(timeline)}
        for event in self.removed:
            if events.pop(event.id, None) != event:
                raise _refuse(event.id, "the removed event", timeline)
        for change in self.changed:
            if events.get(change.id) != change.old:
                raise _refuse(change.id, "the old version of", events.get(change.id))
            events[change.id] = change.new
        for event in self.added:
            if event.id in events:
                raise InvalidArgument("timeline", "must not hold an added event", events[event.id])
        info = timeline.info
        for field in self.info:
            if getattr(info, field.field) != field.old:
                raise _refuse(field.field, "the old info field", info)
        return Timeline(
            [*events.values(), *self.added],
            info=attrs.evolve(info, **{field.field: field.new for field in self.info}),
        )


def diff(old: Timeline, new: Timeline) -> Diff:
    """What changed from ``old`` to ``new``, matching events by id. O(n).

    Raises:
        InvalidArgument: Either is not a Timeline.
    """
    check_timeline(old)
    if not isinstance(new, Timeline):
        raise InvalidArgument("other", "must be a Timeline", new)
    # Each timeline's own map of ids, made once and kept: a second diff of it is cheaper.
    before, after = old._ids(), new._ids()
    changed = []
    for event in new:
        earlier = before.get(event.id)
        if earlier is not None and earlier is not event and earlier != event:
            changed.append(Change(earlier, event, field_changes(earlier, event)))
    return Diff(
        added=tuple(event for event in new if event.id not in before),
        removed=tuple(event for event in old if event.id not in after),
        changed=tuple(changed),
        info=field_changes(old.info, new.info),
    )


def origins_value(value: object) -> _Origins:
    """:attr:`TimelineInfo.origins <bri_timeline.TimelineInfo.origins>` from a mapping or pairs.

    >>> origins_value({"b.toml": ["y", "x"], "a.toml": ("z",)})
    (('a.toml', ('z',)), ('b.toml', ('x', 'y')))
    """
    pairs = value.items() if isinstance(value, Mapping) else value
    if isinstance(pairs, str | bytes) or not isinstance(pairs, Iterable):
        raise InvalidArgument("origins", "must map source names to event ids", value)
    found: dict[str, set[str]] = {}
    for pair in pairs:
        if not isinstance(pair, tuple | list) or len(pair) != 2:
            raise InvalidArgument("origins", "must hold (source name, event ids) pairs", pair)
        name, ids = check_str("origins", pair[0]), pair[1]
        if isinstance(ids, str | bytes) or not isinstance(ids, Iterable):
            raise InvalidArgument("origins", "must give each source a collection of ids", ids)
        found.setdefault(name, set()).update(check_str("origins", item) for item in ids)
    return tuple((name, tuple(sorted(found[name]))) for name in sorted(found) if found[name])


def source_name(info: TimelineInfo, position: int) -> str:
    """What a merge calls a timeline: its source, its name, or ``timeline N``."""
    return info.source or info.name or f"timeline {position}"


def _newer(left: Event, right: Event) -> Event | None:
    """The newer of two versions by revision, then by updated (unknown: oldest); None on a tie."""

    def age(event: Event) -> tuple[int, bool, datetime | None]:
        return event.revision, event.updated is not None, event.updated

    a, b = age(left), age(right)
    if a[:2] != b[:2]:
        return left if a[:2] > b[:2] else right
    if a[2] is None or b[2] is None or a[2] == b[2]:
        return None
    return left if a[2] > b[2] else right


def _settle(kept: Event, event: Event, on_conflict: str, sources: tuple[str, str]) -> Event:
    """Which of two different events under one id a merge keeps."""
    if on_conflict == "left":
        return kept
    if on_conflict == "right":
        return event
    if on_conflict == "newer":
        newer = _newer(kept, event)
        if newer is None:
            raise MergeConflict(kept.id, *sources, "neither is newer by revision or updated")
        return newer
    raise MergeConflict(kept.id, *sources, "pass on_conflict to choose")


def _info(infos: Sequence[TimelineInfo], origins: dict[str, set[str]]) -> TimelineInfo:
    """The merged info: each field from the first timeline that has it; the latest update."""
    updates = [info.updated for info in infos if info.updated is not None]
    return TimelineInfo(
        next((info.name for info in infos if info.name), ""),
        description=next((info.description for info in infos if info.description), ""),
        url=next((info.url for info in infos if info.url is not None), None),
        updated=max(updates, default=None),
        origins=origins,
    )


def merge(timelines: Sequence[Timeline], *, on_conflict: str = "error") -> Timeline:
    """Timelines as one, one event per id. O(n) for n events in all, then a sort.

    Args:
        timelines: The timelines, in order (``"left"`` means earlier here).
        on_conflict: One of :data:`ON_CONFLICT` (see :meth:`bri_timeline.Timeline.merge`).

    Raises:
        MergeConflict: Two timelines hold different events under one id, and
            ``on_conflict`` does not settle it.
        InvalidArgument: Something other than a Timeline was given, or
            ``on_conflict`` is not one of :data:`ON_CONFLICT`.
    """
    for timeline in timelines:
        if not isinstance(timeline, Timeline):
            raise InvalidArgument("others", "must be Timeline values", timeline)
    if not isinstance(on_conflict, str) or on_conflict not in ON_CONFLICT:
        raise InvalidArgument(
            "on_conflict", f"must be one of {', '.join(ON_CONFLICT)}", on_conflict
        )
    kept: dict[str, Event] = {}
    given: dict[str, set[str]] = {}  # id -> the sources that gave the kept version
    for position, timeline in enumerate(timelines, 1):
        own = (source_name(timeline.info, position),)
        passed_on: dict[str, tuple[str, ...]] = {}
        for name, ids in timeline.info.origins:
            for event_id in ids:
                passed_on[event_id] = (*passed_on.get(event_id, ()), name)
        for event in timeline:
            sources = passed_on.get(event.id, own)
            earlier = kept.get(event.id)
            if earlier is None or earlier is event or earlier == event:
                kept[event.id] = event if earlier is None else earlier
                given.setdefault(event.id, set()).update(sources)
            elif _settle(earlier, event, on_conflict, (min(given[event.id]), sources[0])) is event:
                kept[event.id], given[event.id] = event, set(sources)
    origins: dict[str, set[str]] = {}
    for event_id, names in given.items():
        for name in names:
            origins.setdefault(name, set()).add(event_id)
    return Timeline(kept.values(), info=_info([timeline.info for timeline in timelines], origins))
