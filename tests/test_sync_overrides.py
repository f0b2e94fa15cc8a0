"""A series with changed and cancelled occurrences syncs to a real CalDAV server as one resource.

Radicale (``tests/_radicale.py``) holds the series' VEVENT and those of its overrides
(RECURRENCE-ID) in one calendar object resource, as RFC 4791 wants of one UID; another
client reads it back as the same event, and a second sync finds nothing to do.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import attrs
import icalendar
from tests._radicale import PASSWORD, USER, make_calendar, radicale
from tests.test_sync import on_server

from bri_timeline import AllDay, Event, Recurrence, Timeline, TimeSpan, from_ics
from bri_timeline.delivery.sync import Credentials, sync
from bri_timeline.model.overriding import cancel_occurrence, override_occurrence

LIMA = ZoneInfo("America/Lima")


def _timeline() -> Timeline:
    ten = datetime(2026, 1, 5, 10, tzinfo=LIMA)
    monthly = Recurrence.from_rrule("FREQ=MONTHLY;BYDAY=1MO;COUNT=6")
    council = Event(
        "council", "Council", TimeSpan(ten, ten + timedelta(hours=1)), recurrence=monthly
    )
    moved = datetime(2026, 2, 3, 15, tzinfo=LIMA)
    council = override_occurrence(
        council,
        datetime(2026, 2, 2, 10, tzinfo=LIMA),
        time=TimeSpan(moved, moved + timedelta(hours=2)),
        title="Council (moved to Tuesday)",
    )
    council = cancel_occurrence(council, datetime(2026, 3, 2, 10, tzinfo=LIMA))
    closed = Event(
        "closed", "Office closed", AllDay(date(2026, 12, 24)),
        recurrence=Recurrence.from_rrule("FREQ=YEARLY;COUNT=3"),
    )  # fmt: skip
    return Timeline([council, cancel_occurrence(closed, date(2027, 12, 24))])


def test_a_series_with_overrides_round_trips_through_radicale(tmp_path: Path) -> None:
    timeline = _timeline()
    login = Credentials(USER, PASSWORD)
    folder = tmp_path / "radicale"
    folder.mkdir()
    with radicale(folder) as server:
        url = server.calendar("overrides")
        make_calendar(url)
        report = sync(timeline, url, state="state.json", credentials=login)
        assert len(report.uids("create")) == 2
        found = on_server(url)
        assert len(found) == 2  # one resource per series
        back = [event for body in found.values() for event in from_ics(body)]
        assert Timeline(back) == timeline
        for body in found.values():
            vevents = icalendar.Calendar.from_ical(body).walk("VEVENT")
            assert len({str(vevent["UID"]) for vevent in vevents}) == 1
            assert sum("RECURRENCE-ID" in vevent for vevent in vevents) == len(vevents) - 1
        again = sync(timeline, url, state="state.json", credentials=login)
        assert again.unchanged == 2
        assert not again.uids("update")
        council = timeline.get("council")
        edited = attrs.evolve(
            council,
            overrides=[
                attrs.evolve(o, event=attrs.evolve(o.event, title="Council (Wednesday)"))
                if o.event.title.startswith("Council (moved")
                else o
                for o in council.overrides
            ],
        )
        changed = Timeline([edited, timeline.get("closed")])
        update = sync(changed, url, state="state.json", credentials=login)
        assert len(update.uids("update")) == 1
        back = [event for body in on_server(url).values() for event in from_ics(body)]
        assert Timeline(back) == changed
