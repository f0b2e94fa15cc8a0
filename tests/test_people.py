"""People, alarms, links and status: the model's checks, every format, icalendar as the oracle."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from hypothesis import given
from icalendar import Calendar
from tests._components import event_components

from bri_timeline import (
    Alarm,
    AlarmAction,
    AllDay,
    Attachment,
    Attendee,
    Conference,
    DataFileError,
    Event,
    EventKind,
    EventStatus,
    FeedOptions,
    InvalidEvent,
    Organizer,
    ParticipationStatus,
    Role,
    Timeline,
    Transparency,
    TriggerRelated,
    from_ics,
    from_json,
    from_toml,
    to_ics,
    to_json,
    to_toml,
)
from bri_timeline.strategies import events

DAY = AllDay(date(2025, 3, 3))


def whole(**fields: Any) -> Event:
    return Event("planning", "Planning", DAY, **fields)


# --- the model's checks --------------------------------------------------------------

REFUSED = [
    ("attendee.address", lambda: Attendee("A", address="mailto:a@x.org\r\nX-EVIL:1")),
    ("attendee.address", lambda: Attendee("A", address='mailto:"a"@x.org')),
    ("attendee.address", lambda: Attendee("A", address="a@x.org")),  # no scheme
    ("attendee.role", lambda: Attendee("A", role="chair;x")),
    ("attendee.status", lambda: Attendee("A", status="")),
    ("attendee.rsvp", lambda: Attendee("A", rsvp="yes")),  # type: ignore[arg-type]
    ("attendee.name", lambda: Attendee(" ")),
    ("attendee.title", lambda: Attendee("A", title="a\\, b")),  # readers unescape it
    ("organizer.address", lambda: Organizer("O", address="mailto:o@x.org\n")),
    ("alarm.trigger", lambda: Alarm(timedelta(milliseconds=1))),
    ("alarm.trigger", lambda: Alarm(datetime(2025, 1, 1))),  # naive
    ("alarm.trigger", lambda: Alarm(datetime(2025, 1, 1, 0, 0, 0, 5, tzinfo=UTC))),
    ("alarm.duration", lambda: Alarm(timedelta(0), repeat=1)),
    ("alarm.repeat", lambda: Alarm(timedelta(0), duration=timedelta(minutes=5))),
    ("alarm.repeat", lambda: Alarm(timedelta(0), repeat=-1, duration=timedelta(minutes=5))),
    ("alarm.duration", lambda: Alarm(timedelta(0), repeat=1, duration=timedelta(0))),
    ("alarm.description", lambda: Alarm(timedelta(0), action=AlarmAction.AUDIO, description="x")),
    ("alarm.related", lambda: Alarm(datetime(2025, 1, 1, tzinfo=UTC), related=TriggerRelated.END)),
    ("attachment.media_type", lambda: Attachment("https://x.org/a", media_type="pdf")),
    ("conference.features", lambda: Conference("tel:+1", features=["video", "VIDEO"])),
    ("priority", lambda: whole(priority=10)),
    ("priority", lambda: whole(priority=True)),
    ("color", lambda: whole(color="#ff0000")),
    ("status", lambda: whole(status="done")),
    ("transparency", lambda: whole(transparency=None)),
    ("image", lambda: whole(image="https://x.org/a b.png")),
    ("created", lambda: whole(created=datetime(2025, 1, 1))),
    ("attendees", lambda: whole(attendees=["Jorge Chain"])),
]


@pytest.mark.parametrize(("field", "make"), REFUSED, ids=[f for f, _ in REFUSED])
def test_refused_values_name_their_field(field: str, make: Any) -> None:
    with pytest.raises(InvalidEvent) as caught:
        make()
    assert caught.value.field == field
    assert str(caught.value).startswith(f"{field}: ")


def test_tokens_of_other_calendars_are_kept_in_upper_case() -> None:
    person = Attendee("A", role="x-host", status="accepted", kind="x-robot")
    assert (person.role, person.status, person.kind) == (
        "X-HOST",
        ParticipationStatus.ACCEPTED,
        "X-ROBOT",
    )
    assert whole(classification="x-secret").classification == "X-SECRET"


# --- round trips: every format, generated events ----------------------------------------


@given(events())
def test_events_round_trip_through_every_format(event: Event) -> None:
    timeline = Timeline([event])
    assert from_ics(to_ics(timeline))[0] == event
    assert from_toml(to_toml(timeline))[0] == event
    assert from_json(to_json(timeline))[0] == event


def _params(prop: Any) -> dict[str, str]:
    return {key: ",".join(v) if isinstance(v, list) else str(v) for key, v in prop.params.items()}


def _all(component: Any, name: str) -> list[Any]:
    value = component.get(name)
    return [] if value is None else value if isinstance(value, list) else [value]


def _token(value: object) -> str:
    return str(getattr(value, "value", value))


@given(events())
def test_icalendar_reads_every_property_back_with_the_same_value(event: Event) -> None:
    vevent: Any
    # The event's own VEVENT, then one for each override (tests/test_ics_overrides.py).
    vevent, *changed = event_components(to_ics(Timeline([event])))
    assert len(changed) == len(event.overrides)
    attendees = _all(vevent, "ATTENDEE")
    assert [_params(prop)["CN"] for prop in attendees] == [a.name for a in event.attendees]
    for prop, person in zip(attendees, event.attendees, strict=True):
        params = _params(prop)
        assert (params["ROLE"], params["PARTSTAT"]) == (_token(person.role), _token(person.status))
        assert params.get("RSVP", "FALSE") == ("TRUE" if person.rsvp else "FALSE")
        assert params.get("CUTYPE", "INDIVIDUAL") == _token(person.kind)
        assert params.get("X-BRI-TITLE") == person.title
        assert params.get("X-BRI-ORGANIZATION") == person.organization
        if person.address is not None:
            assert str(prop) == person.address
    if event.organizer is not None:
        assert _params(vevent["ORGANIZER"])["CN"] == event.organizer.name
    attached = [(str(p), _params(p).get("FMTTYPE")) for p in _all(vevent, "ATTACH")]
    assert attached == [(a.uri, a.media_type) for a in event.attachments]
    links = [(str(p), _params(p).get("FEATURE", "")) for p in _all(vevent, "CONFERENCE")]
    assert links == [(c.uri, ",".join(map(_token, c.features))) for c in event.conference]
    # TRANSP is a VEVENT's (a to-do or a journal entry takes no time: see test_kinds.py)
    assert str(vevent.get("TRANSP", "TRANSPARENT")) == event.transparency.value
    assert ("TRANSP" in vevent) == (event.kind is EventKind.EVENT)
    assert vevent.get("STATUS") == (None if event.status is None else event.status.value)
    assert vevent.get("CLASS") == (
        None if event.classification is None else _token(event.classification)
    )
    assert int(vevent.get("PRIORITY", 0)) == event.priority
    assert vevent.get("COLOR") == event.color
    assert (None if "IMAGE" not in vevent else str(vevent["IMAGE"])) == event.image
    assert (None if "CREATED" not in vevent else vevent["CREATED"].dt) == event.created
    alarms = vevent.walk("VALARM")
    assert len(alarms) == len(event.alarms)
    for found, alarm in zip(alarms, event.alarms, strict=True):
        assert found["TRIGGER"].dt == alarm.trigger
        assert _params(found["TRIGGER"]).get("RELATED", "START") == alarm.related.value
        assert str(found["ACTION"]) == alarm.action.value
        assert found.get("DESCRIPTION") == alarm.description
        assert int(found.get("REPEAT", 0)) == alarm.repeat
        assert (None if "DURATION" not in found else found["DURATION"].dt) == alarm.duration


# --- injection ----------------------------------------------------------------------------


def test_a_quote_or_line_break_in_a_name_cannot_end_its_parameter() -> None:
    hostile = 'Eve"; ROLE=CHAIR:mailto:eve@evil.example\nATTENDEE:mailto:x@evil.example ^'
    feed = to_ics(Timeline([whole(attendees=[Attendee(hostile, title=hostile)])]))
    for escaped in (b"^'", b"^n", b"^^"):  # RFC 6868
        assert escaped in feed
    vevent: Any
    (vevent,) = Calendar.from_ical(feed).walk("VEVENT")
    (prop,) = _all(vevent, "ATTENDEE")
    assert _params(prop)["CN"] == _params(prop)["X-BRI-TITLE"] == hostile
    assert _params(prop)["ROLE"] == "REQ-PARTICIPANT"
    assert from_ics(feed)[0].attendees[0].name == hostile


def test_both_engines_write_the_same_bytes_for_every_field() -> None:
    event = whole(
        organizer=Organizer("Ana Torres", address="mailto:ana@example.org"),
        attendees=[Attendee('O\'Neil ^ "x"', rsvp=True, kind="room", organization="a, b")],
        alarms=[Alarm(timedelta(minutes=-15)), Alarm(datetime(2025, 1, 1, tzinfo=UTC))],
        conference=[Conference("https://meet.example.org/x", features=["video", "chat"])],
        image="https://example.org/i.png",
    )
    timeline = Timeline([event])
    assert to_ics(timeline) == to_ics(timeline, engine="icalendar")


# --- iCalendar import ----------------------------------------------------------------------


def calendar(*events: str) -> bytes:
    body = "".join(f"BEGIN:VEVENT\r\n{text.strip()}\r\nEND:VEVENT\r\n" for text in events)
    return f"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:x\r\n{body}END:VCALENDAR\r\n".encode()


def test_a_cancelled_event_is_kept_with_its_status() -> None:
    data = calendar("UID:x\r\nDTSTART;VALUE=DATE:20241114\r\nSTATUS:CANCELLED\r\nSUMMARY:X")
    (event,) = from_ics(data)
    assert event.status is EventStatus.CANCELLED
    assert event.transparency is Transparency.OPAQUE  # RFC 5545's default


def test_another_calendars_attendees_and_alarms() -> None:
    data = calendar(
        "UID:x\r\nDTSTART;VALUE=DATE:20241114\r\nSUMMARY:X\r\n"
        "ORGANIZER;CN=Ana:mailto:ana@example.org\r\n"
        "ATTENDEE;ROLE=OPT-PARTICIPANT;PARTSTAT=DECLINED;CUTYPE=X-ROBOT:mailto:bob@example.org\r\n"
        "BEGIN:VALARM\r\nACTION:EMAIL\r\nTRIGGER:-PT1H\r\nEND:VALARM\r\n"
        "BEGIN:VALARM\r\nACTION:AUDIO\r\nTRIGGER;RELATED=END:PT5M\r\nEND:VALARM"
    )
    (event,) = from_ics(data)
    assert event.organizer == Organizer("Ana", address="mailto:ana@example.org")
    (bob,) = event.attendees
    assert (bob.name, bob.role, bob.status, bob.kind) == (
        "bob@example.org",
        Role.OPT_PARTICIPANT,
        ParticipationStatus.DECLINED,
        "X-ROBOT",
    )
    assert event.participants == ()
    assert event.alarms == (
        Alarm(timedelta(minutes=5), action=AlarmAction.AUDIO, related=TriggerRelated.END),
    )


def test_a_person_without_an_address_gets_an_undeliverable_placeholder() -> None:
    feed = to_ics(Timeline([whole(attendees=[Attendee("Ángel Manero")])]))
    assert b":mailto:angel-manero@address-unknown.invalid" in feed.replace(b"\r\n ", b"")
    assert from_ics(feed)[0].attendees[0].address is None


def test_the_feed_can_carry_an_image() -> None:
    feed = to_ics(Timeline([]), feed=FeedOptions(image="https://example.org/logo.png"))
    assert b"IMAGE;DISPLAY=BADGE;VALUE=URI:https://example.org/logo.png" in feed
    with pytest.raises(Exception, match="image"):
        FeedOptions(image="https://example.org/a\r\nX:1")


# --- the data file ---------------------------------------------------------------------------

HEAD = '[[events]]\nid = "e"\ntitle = "E"\nwhen = "2025-03-03"\n'


@pytest.mark.parametrize(
    ("text", "field"),
    [
        ('attendees = [{ name = "A", role = "boss man" }]', "attendees[0].role"),
        ('attendees = [{ name = "A", rsvp = "yes" }]', "attendees[0].rsvp"),
        ('attendees = [{ name = "A", email = "a@x.org" }]', "attendees[0].email"),
        ('alarms = [{ trigger = "15 minutes" }]', "alarms[0].trigger"),
        ('alarms = [{ description = "x" }]', "alarms[0].trigger"),
        ('alarms = [{ trigger = "-PT15M", repeat = 2 }]', "alarms[0].duration"),
        ('alarms = [{ trigger = "-PT15M", action = "EMAIL" }]', "alarms[0].action"),
        ('attachments = [{ uri = "not a uri" }]', "attachments[0].uri"),
        ('status = "DONE"', "status"),
        ("priority = 12", "priority"),
        ('color = "bluish"', "color"),
    ],
)
def test_data_file_errors_name_the_field(text: str, field: str) -> None:
    with pytest.raises(DataFileError) as caught:
        from_toml(HEAD + text + "\n")
    assert f"field '{field}'" in str(caught.value)
    assert "event 'e'" in str(caught.value)


def test_the_data_file_in_a_persons_words() -> None:
    text = HEAD + (
        'status = "confirmed"\n'
        'alarms = [{ trigger = "-PT15M", description = "Leave now" }]\n'
        'attendees = [{ name = "Ana", address = "mailto:ana@example.org", role = "chair" }]\n'
    )
    (event,) = from_toml(text)
    assert event.status is EventStatus.CONFIRMED
    assert event.alarms == (Alarm(timedelta(minutes=-15), description="Leave now"),)
    assert event.attendees[0].role is Role.CHAIR
