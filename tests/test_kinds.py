"""The kind of an event (EVENT, TODO, JOURNAL): what each kind holds, and the documents carry it.

The statuses of each kind are RFC 5545's (section 3.8.1.11), written out here from the
RFC's text rather than taken from the module under test.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import attrs
import pytest
from hypothesis import Phase, find, given, settings
from hypothesis import strategies as st

from bri_timeline import (
    Alarm,
    AllDay,
    Conference,
    DataFileError,
    Event,
    EventKind,
    EventStatus,
    InvalidArgument,
    InvalidEvent,
    Location,
    Recurrence,
    Timeline,
    TimeSpan,
    Transparency,
    from_json,
    from_toml,
    to_json,
    to_toml,
)
from bri_timeline.formats.text.write import event_text
from bri_timeline.model.kinds import check_kinds
from bri_timeline.model.overrides import Override
from bri_timeline.model.overriding import override_occurrence
from bri_timeline.strategies import events

# RFC 5545, 3.8.1.11: statvalue-event, statvalue-todo, statvalue-jour.
RFC_STATUSES = {
    EventKind.EVENT: {"TENTATIVE", "CONFIRMED", "CANCELLED"},
    EventKind.TODO: {"NEEDS-ACTION", "COMPLETED", "IN-PROCESS", "CANCELLED"},
    EventKind.JOURNAL: {"DRAFT", "FINAL", "CANCELLED"},
}
DAY = AllDay(date(2024, 11, 14))
T0 = datetime(2024, 11, 14, 9, tzinfo=UTC)
INSTANT = TimeSpan(T0)
HOUR = TimeSpan(T0, T0 + timedelta(hours=1))


@pytest.mark.parametrize("kind", list(EventKind))
@pytest.mark.parametrize("status", list(EventStatus))
def test_each_kind_takes_its_own_statuses_and_refuses_the_others(
    kind: EventKind, status: EventStatus
) -> None:
    if status.value in RFC_STATUSES[kind]:
        made = Event("e", "E", DAY, kind=kind, status=status.value.lower())  # type: ignore[arg-type]
        assert made.status is status
        return
    with pytest.raises(InvalidEvent) as caught:
        Event("e", "E", DAY, kind=kind, status=status)
    assert (caught.value.field, caught.value.value) == ("status", status)
    assert kind.value in str(caught.value)


def test_the_statuses_are_rfc_5545s_and_only_those() -> None:
    assert {status.value for status in EventStatus} == set().union(*RFC_STATUSES.values())


def test_kind_defaults_to_event_and_is_read_from_its_name() -> None:
    assert Event("e", "E", DAY).kind is EventKind.EVENT
    assert Event("e", "E", DAY, kind="todo").kind is EventKind.TODO  # type: ignore[arg-type]
    with pytest.raises(InvalidEvent) as caught:
        Event("e", "E", DAY, kind="task")  # type: ignore[arg-type]
    assert (caught.value.field, caught.value.value) == ("kind", "task")


@pytest.mark.parametrize("kind", [EventKind.TODO, EventKind.JOURNAL])
def test_only_an_event_takes_time_in_a_schedule(kind: EventKind) -> None:
    assert Event("e", "E", DAY, kind=kind).transparency is Transparency.TRANSPARENT
    with pytest.raises(InvalidEvent) as caught:
        Event("e", "E", DAY, kind=kind, transparency=Transparency.OPAQUE)
    assert caught.value.field == "transparency"
    opaque = Event("e", "E", DAY, transparency=Transparency.OPAQUE)
    assert opaque.transparency is Transparency.OPAQUE


@pytest.mark.parametrize(
    ("time", "held"),
    [
        (DAY, True),
        (INSTANT, True),
        (AllDay(date(2024, 11, 14), date(2024, 11, 15)), False),
        (HOUR, False),
    ],
)
def test_a_journal_entry_is_one_instant_or_one_day(time: AllDay | TimeSpan, held: bool) -> None:
    if held:
        assert Event("j", "J", time, kind=EventKind.JOURNAL).time == time
    else:
        with pytest.raises(InvalidEvent) as caught:
            Event("j", "J", time, kind=EventKind.JOURNAL)
        assert (caught.value.field, caught.value.value) == ("time", time)
    assert Event("t", "T", time, kind=EventKind.TODO).time == time


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("location", Location("Lima")),
        ("priority", 1),
        ("alarms", (Alarm(timedelta(minutes=-15)),)),
        ("conference", (Conference("https://example.org/call"),)),
    ],
)
def test_a_journal_entry_holds_no_field_its_component_lacks(field: str, value: object) -> None:
    todo = Event("t", "T", DAY, kind=EventKind.TODO, **{field: value})  # type: ignore[arg-type]
    assert getattr(todo, field) == value
    with pytest.raises(InvalidEvent) as caught:
        Event("j", "J", DAY, kind=EventKind.JOURNAL, **{field: value})  # type: ignore[arg-type]
    assert (caught.value.field, caught.value.value) == (field, value)


def _series(kind: EventKind) -> Event:
    return Event("s", "S", DAY, kind=kind, recurrence=Recurrence.from_rrule("FREQ=DAILY;COUNT=3"))


@pytest.mark.parametrize("kind", list(EventKind))
def test_an_override_keeps_the_series_kind(kind: EventKind) -> None:
    series = override_occurrence(_series(kind), date(2024, 11, 15), title="Moved")
    assert series.overrides[0].event.kind is kind
    with pytest.raises(InvalidArgument) as caught:
        override_occurrence(series, date(2024, 11, 16), kind=EventKind.EVENT)
    assert caught.value.value == "kind"


def test_an_override_of_another_kind_is_refused() -> None:
    series = override_occurrence(_series(EventKind.TODO), date(2024, 11, 15), title="Moved")
    changed = series.overrides[0]
    wrong = Override(changed.original, attrs.evolve(changed.event, kind=EventKind.EVENT))
    with pytest.raises(InvalidEvent) as caught:
        attrs.evolve(series, overrides=[wrong])
    assert (caught.value.field, caught.value.value) == ("overrides.event.kind", EventKind.EVENT)


@pytest.mark.parametrize(
    ("given", "wanted"),
    [
        (["todo"], {EventKind.TODO}),
        ((EventKind.EVENT, "JOURNAL"), {EventKind.EVENT, EventKind.JOURNAL}),
        (set(EventKind), set(EventKind)),
    ],
)
def test_kinds_arguments_are_checked(given: object, wanted: set[EventKind]) -> None:
    assert check_kinds("kinds", given) == wanted


@pytest.mark.parametrize("given", ["todo", EventKind.TODO, [], ["task"], [1], None, 3])
def test_kinds_arguments_that_are_no_collection_of_kinds_are_refused(given: object) -> None:
    with pytest.raises(InvalidArgument) as caught:
        check_kinds("kinds", given)
    assert caught.value.field == "kinds"


@pytest.mark.parametrize("kind", list(EventKind))
def test_the_strategy_draws_every_kind_with_a_status_of_its_own(kind: EventKind) -> None:
    quick = settings(phases=[Phase.generate], max_examples=2000, database=None)
    # One day: a time every kind may have (a journal entry is one instant or one day), so
    # that the search does not hang on how rarely events() draws such a time.
    day = st.just(AllDay(date(2024, 11, 14)))
    found = find(
        events(time=day), lambda e: e.kind is kind and e.status is not None, settings=quick
    )
    assert found.status is not None
    assert found.status.value in RFC_STATUSES[kind]


@given(events())
def test_drawn_events_hold_only_what_their_kind_holds(event: Event) -> None:
    assert event.status is None or event.status.value in RFC_STATUSES[event.kind]
    if event.kind is not EventKind.EVENT:
        assert event.transparency is Transparency.TRANSPARENT
    if event.kind is EventKind.JOURNAL:
        assert event.location is None
        assert not event.alarms
        assert not event.conference
        assert event.priority == 0


def test_the_data_file_and_the_json_document_carry_the_kind() -> None:
    todo = Event("t", "T", HOUR, kind=EventKind.TODO, status=EventStatus.IN_PROCESS)
    memo = Event("m", "M", DAY, kind=EventKind.JOURNAL, status=EventStatus.DRAFT)
    timeline = Timeline([todo, memo, Event("e", "E", DAY)])
    data = to_toml(timeline)
    assert 'event_kind = "TODO"' in data
    assert 'event_kind = "JOURNAL"' in data
    assert data.count("event_kind") == 2  # EVENT, the default, is left out
    assert from_toml(data) == timeline
    assert from_json(to_json(timeline)) == timeline


def test_a_data_file_with_a_wrong_status_for_its_kind_names_the_field() -> None:
    data = '[timeline]\nname = "x"\n[[events]]\nid = "a"\ntitle = "A"\nwhen = "2024-11-14"\n'
    bad = data + 'event_kind = "journal"\nstatus = "COMPLETED"\n'
    with pytest.raises(DataFileError, match="status") as refused:
        from_toml(bad)
    assert "COMPLETED" in str(refused.value)


def test_show_says_the_kind_of_a_todo_or_a_journal_entry() -> None:
    assert "to-do (VTODO)" in event_text(Event("t", "T", DAY, kind=EventKind.TODO))
    assert "journal entry (VJOURNAL)" in event_text(Event("j", "J", DAY, kind=EventKind.JOURNAL))
    assert "VTODO" not in event_text(Event("e", "E", DAY))
