"""Reading the properties of a VEVENT: text, dates and times, and the event's time.

Over 400 lines: the Reader (errors and repairs) and the readings of a date or time
that every part of the importer shares, kept in one place.

Part of :mod:`bri_timeline.formats.ical.read`; every problem becomes an
:class:`~bri_timeline.errors.ICalendarError` through :class:`Reader`.
"""

from __future__ import annotations

import contextlib
import warnings
from collections.abc import Callable, Iterable
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from functools import lru_cache
from typing import Any, TypeVar
from zoneinfo import ZoneInfo

import attrs
from icalendar import Component, Timezone
from icalendar.prop import vUnknown
from icalendar.timezone.windows_to_olson import WINDOWS_TO_OLSON

from bri_timeline.errors import ICalendarError, InvalidValue
from bri_timeline.formats.ical._floating import floating_time
from bri_timeline.formats.ical._kinds import kind_of, time_names
from bri_timeline.formats.ical._mapping import (
    DTEND,
    DTSTART,
    DUE,
    DURATION,
    EDTF,
    END_ZONE,
    STATUS,
    X_TZID,
    Placement,
    Prop,
    placement,
)
from bri_timeline.formats.ical._values import unescape_text
from bri_timeline.formats.ical._zone_match import LAST_YEAR, matching_zone
from bri_timeline.model.edtf import from_edtf, parse_zone
from bri_timeline.model.keys import instant_key
from bri_timeline.model.recurrence import resolve_gap
from bri_timeline.model.text import strip_controls
from bri_timeline.model.times import AllDay, Time, TimeSpan
from bri_timeline.notes import ImportNote

__all__ = [
    "X_REMOVED",
    "Param",
    "Reader",
    "all_of",
    "exact_time",
    "first_value",
    "has",
    "is_cancelled",
    "is_removed",
    "named_zones",
    "one",
    "optional_text",
    "optional_uri",
    "plain_time",
    "raw_text",
    "read_datetime",
    "read_when",
    "text_of",
    "value_of",
    "zone_named",
]

_T = TypeVar("_T")


class Reader:
    """Where in which file: builds the errors, and reads properties of one component.

    The file's text is decoded and searched for line numbers only when an error
    is raised, never on the way of a file that reads well. A lenient reader
    (``strict=False``) records each repair as an :class:`~bri_timeline.notes.ImportNote`
    in ``notes`` (see :meth:`repair`); a strict one refuses it.
    """

    def __init__(
        self, path: str, data: bytes | str, default_zone: ZoneInfo | None, *, strict: bool = True
    ) -> None:
        self.path = path
        self.data = data
        self.default_zone = default_zone
        self.uid: str | None = None
        self.line: int | None = None  # where the component begins, when its UID cannot tell
        self.strict = strict
        self.notes: list[ImportNote] = []
        self.said: set[str] = set()  # what is noted once for the whole file (a TZID)
        self.file_zones: dict[str, tzinfo] = {}  # a TZID that is no IANA name: how it is read
        self._zone_sources: tuple[Component, ...] = ()  # where the file's VTIMEZONEs are
        self._vtimezones: dict[str, Component] | None = None  # by TZID, once looked for
        self._own_zones: dict[str, tzinfo | None] = {}
        # No X-WR-TIMEZONE: floating times are wall times (an RRULE's UNTIL is read so too).
        self.floating_is_wall = True

    def know_zones(self, components: Iterable[Component]) -> None:
        """Keep where the file's own VTIMEZONEs are, for :meth:`own_zone`.

        They are looked for on first use only: a file whose TZIDs are all IANA names
        (most files) never walks its components for them.
        """
        self._zone_sources = tuple(components)
        self._vtimezones = None

    def _file_vtimezones(self) -> dict[str, Component]:
        """The file's own VTIMEZONEs by TZID (the first of each)."""
        if self._vtimezones is None:
            self._vtimezones = {}
            for component in self._zone_sources:
                for zone in component.walk("VTIMEZONE"):
                    self._vtimezones.setdefault(str(zone.get("TZID", "")), zone)
        return self._vtimezones

    def own_zone(self, tzid: str) -> tzinfo | None:
        """The zone this file's own VTIMEZONE of ``tzid`` defines, None if none (or unreadable).

        Made from this file's definition each time, never from icalendar's cache of
        TZIDs, which keeps the first definition of a name for the whole process: two
        files that define "Customized Time Zone" otherwise would read alike. A Windows
        name is not made: it is read as its IANA zone (see ``_file_zone``).
        """
        if tzid not in self._own_zones:
            zones = self._file_vtimezones()
            component = zones.get(tzid) or zones.get(tzid.strip("/"))
            made = None
            if isinstance(component, Timezone) and tzid not in WINDOWS_TO_OLSON:
                # dateutil warns of its own deprecations (COUNT beside UNTIL in a rule)
                with (
                    warnings.catch_warnings(),
                    contextlib.suppress(ValueError, TypeError, KeyError, AttributeError),
                ):
                    warnings.simplefilter("ignore")
                    made = component.to_tz(lookup_tzid=False)
            self._own_zones[tzid] = made
        return self._own_zones[tzid]

    @property
    def text(self) -> str:
        """The file's text (undecodable bytes replaced)."""
        data = self.data
        return data if isinstance(data, str) else data.decode("utf-8", errors="replace")

    def error(self, message: str, prop: str | None = None, value: object = None) -> ICalendarError:
        """An ICalendarError naming the file, the line, the UID and the property."""
        return ICalendarError(
            self.path, message, line=self.locate(), uid=self.uid, prop=prop, value=value
        )

    def locate(self) -> int | None:
        """The line of the current UID in the file, else where the component begins, if known."""
        if self.uid is None:
            return self.line
        lines = self.text.splitlines()
        for first in dict.fromkeys((self.line or 1, 1)):  # in the component first, where known
            for number, line in enumerate(lines[first - 1 :], first):
                if line.upper().startswith("UID") and line.rstrip().endswith(self.uid[-40:]):
                    return number
        return self.line

    def line_of(self, name: str, digits: str = "") -> int | None:
        """The line where the current component's property ``name`` begins, else :meth:`locate`.

        Of several such lines, the first whose text holds ``digits`` (a value's digits,
        as in ``19970101``), else the first one. Looked for only when a note or an
        error needs it.
        """
        lines = self.text.splitlines()
        first = self.line or 1
        found = None
        for number, line in enumerate(lines[first - 1 :], first):
            upper = line.upper()
            if upper.startswith(("END:VEVENT", "END:VTODO", "END:VJOURNAL")):
                break
            if upper.startswith(name) and upper[len(name) : len(name) + 1] in (":", ";"):
                if digits in line:
                    return number
                found = found or number
        return found or self.locate()

    def repair(
        self, message: str, prop: str | None, value: object, action: str, line: int | None = None
    ) -> None:
        """One thing a real producer got wrong: refused if strict, else noted with what was done.

        Args:
            message: Why it is wrong, as the strict error says it.
            prop: The property (or component) it is about.
            value: The value as the file gives it.
            action: What the lenient reading does instead.
            line: Its line, where known better than the current UID's.
        """
        line = line or self.locate()
        if self.strict:
            raise ICalendarError(
                self.path, message, line=line, uid=self.uid, prop=prop, value=value
            )
        self.note(line, prop, action, value)

    def note(
        self,
        line: int | None,
        prop: str | None,
        action: str,
        value: object = None,
        *,
        skipped: int = 0,
    ) -> None:
        """Record a note (never refused): a repair, or components left out (``skipped``)."""
        shown_value = None if value is None else str(value)
        self.notes.append(
            ImportNote(self.path, line, self.uid, prop, shown_value, action, skipped=skipped)
        )

    def guard(self, prop: str | None, make: Callable[[], _T], value: object = None) -> _T:
        """Call ``make``; a refused value becomes an ICalendarError for ``prop``."""
        try:
            return make()
        except ICalendarError:
            raise
        except InvalidValue as error:
            raise self.error(f"{error.field}: {error.rule}", prop, error.value) from None
        except (
            ValueError,
            TypeError,
            KeyError,
            AttributeError,
            IndexError,
            OverflowError,
            OSError,  # icalendar looks up a TZID as a file name
        ) as error:
            raise self.error(f"cannot be read ({error})", prop, value) from None


def has(component: Component, name: str) -> bool:
    """Whether a component holds the property ``name`` (in upper case)."""
    # icalendar stores names in upper case: a plain dict lookup skips its
    # case folding, and the KeyError its Component.get raises for each absent name.
    return dict.__contains__(component, name)


def one(reader: Reader, component: Component, name: str) -> Any:
    """The value of a property (``name`` in upper case) that may appear at most once.

    A repeat is an error.
    """
    value = dict.get(component, name)
    if isinstance(value, list):
        raise reader.error("must appear once", name)
    return value


def all_of(component: Component, name: str) -> list[Any]:
    """Every value of a property (``name`` in upper case) that may repeat, as a list."""
    value = dict.get(component, name)
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def text_of(value: Any) -> str:
    """A TEXT value, less the control characters the model refuses (a feed may hold them).

    X- properties come raw (vUnknown) and are unescaped here.
    """
    if isinstance(value, vUnknown):
        return strip_controls(unescape_text(value.to_ical().decode("utf-8")))
    return strip_controls(str(value))


def optional_text(reader: Reader, component: Component, name: str) -> str | None:
    """The text of a property that may appear at most once, or None when absent."""
    value = one(reader, component, name)
    return None if value is None else text_of(value)


def optional_uri(reader: Reader, component: Component, name: str) -> str | None:
    r"""A URI value as written, not unescaped as TEXT (icalendar turns ``\N`` into a newline)."""
    value = one(reader, component, name)
    if value is None:
        return None
    return strip_controls(raw_text(value) or "")


def is_cancelled(component: Component) -> bool:
    """Whether a component says ``STATUS:CANCELLED``."""
    status = dict.get(component, STATUS.name)
    return status is not None and str(status).upper() == "CANCELLED"


X_REMOVED = "X-BRI-REMOVED"
"""On a cancelled VEVENT: the feed cancels an event its data no longer has (see ``_previous``)."""


def is_removed(component: Component) -> bool:
    """Whether a component is the feed's notice that an event was removed (not only cancelled)."""
    return is_cancelled(component) and has(component, X_REMOVED)


def value_of(reader: Reader, component: Component, prop: Prop) -> str | None:
    """The value of a property that may appear at most once, read as its type is written.

    A URI as written, any other value as TEXT; None when the property is absent.
    """
    if prop.type == "URI":
        return optional_uri(reader, component, prop.name)
    return optional_text(reader, component, prop.name)


def first_value(reader: Reader, component: Component, props: tuple[Prop, ...]) -> str | None:
    """The value of the first of these properties that the component holds (see ``value_of``)."""
    for prop in props:
        if (value := value_of(reader, component, prop)) is not None:
            return value
    return None


def raw_text(prop: Any) -> str | None:
    """The text of a property as written, for error messages."""
    try:
        return str(prop.to_ical().decode("utf-8", errors="replace"))
    except (ValueError, AttributeError, TypeError):
        return None


@lru_cache(maxsize=512)
def zone_named(name: str) -> ZoneInfo | None:
    """The IANA zone called ``name``, or None when there is none (a Windows name, say)."""
    try:
        return parse_zone(name)
    except (InvalidValue, OSError):  # OSError: a TZID that names a folder of the zone database
        return None


def read_datetime(
    reader: Reader, prop: Any, name: str, *, floating: bool = False
) -> date | datetime:
    """A DTSTART/DTEND/RECURRENCE-ID value, with its zone as the model keeps zones.

    A floating value (no TZID, no Z) takes the reader's default zone; with none it is
    refused, or kept naive where ``floating`` allows it (DTSTART and DTEND).
    """
    try:
        return _read_datetime(reader, prop, name, floating)
    except OverflowError:  # a local time whose UTC instant is past 9999 or before year 1
        raise reader.error(
            "is too close to the ends of the datetime range", name, raw_text(prop)
        ) from None


def _floating(reader: Reader, wall: datetime, name: str, floating: bool) -> datetime:
    """A wall time with no zone: in the default zone, else kept naive where ``floating`` allows."""
    if reader.default_zone is None and floating:
        return wall.replace(fold=0)
    if reader.default_zone is None:
        raise reader.error(
            "is a floating time: give the calendar's zone (X-WR-TIMEZONE or tz)", name, wall
        )
    return resolve_gap(wall.replace(tzinfo=reader.default_zone))


def _unknown_zone(reader: Reader, name: str, tzid: str) -> None:
    """A TZID that is no IANA name and no VTIMEZONE of the file: floating, noted once a TZID."""
    if f"unknown {tzid}" in reader.said and not reader.strict:
        return
    reader.said.add(f"unknown {tzid}")
    action = "read as a floating time (no zone), as the reference reads it"
    reader.repair("names an unknown time zone", name, tzid, action)


def _read_datetime(reader: Reader, prop: Any, name: str, floating: bool) -> date | datetime:
    try:
        value = prop.dt
    except (ValueError, AttributeError, OSError):
        raise reader.error("is not a valid date or date-time", name, raw_text(prop)) from None
    if isinstance(value, timedelta) or not isinstance(value, date):
        raise reader.error("must be a date or a date-time", name, value)
    if not isinstance(value, datetime):
        return value
    params = prop.params  # icalendar keeps parameter names in upper case
    tzid, shown_in = dict.get(params, "TZID"), dict.get(params, X_TZID)
    wall = value.replace(tzinfo=None)
    if tzid:
        zone = zone_named(str(tzid))
        tz: tzinfo | None = zone or reader.own_zone(str(tzid)) or value.tzinfo
        if tz is None:
            _unknown_zone(reader, name, str(tzid))
            return _floating(reader, wall, name, floating)
        if zone is None:
            tz = _file_zone(reader, name, str(tzid), tz, wall.date())
        # icalendar has usually put the very same zone on it already.
        found = resolve_gap(value if value.tzinfo is tz else wall.replace(tzinfo=tz))
        found.astimezone(UTC)  # OverflowError (see read_datetime) if no UTC instant is there
        return found
    if value.tzinfo is None:
        return _floating(reader, wall, name, floating)
    utc = value.astimezone(UTC)
    if shown_in:
        zone = zone_named(str(shown_in))
        if zone is None:
            raise reader.error("names an unknown time zone", f"{name};{X_TZID}", str(shown_in))
        return utc.astimezone(zone)
    return utc


def _file_zone(reader: Reader, name: str, tzid: str, defined: tzinfo, first: date) -> tzinfo:
    """A TZID that the file's own VTIMEZONE defines but that is not an IANA name: noted once.

    A Windows name (Outlook's ``W. Europe Standard Time``) is read as its IANA
    zone, as icalendar maps it; another as the IANA zone whose offsets its
    VTIMEZONE gives from ``first`` (the day of its first use) to 2037 (see
    ``_zone_match``); any other keeps the file's rules for the instant, which the
    event then holds in UTC.
    """
    if tzid in reader.file_zones:
        return reader.file_zones[tzid]
    olson = WINDOWS_TO_OLSON.get(tzid)
    zone = None if olson is None else zone_named(olson)
    if zone is not None:
        action = f"a Windows zone name, read as the IANA zone {zone.key!r}"
    elif (zone := matching_zone(defined, tzid, first)) is not None:
        action = (
            f"not an IANA zone: read as {zone.key!r}, whose offsets its VTIMEZONE gives "
            f"from {first.isoformat()} to {LAST_YEAR}"
        )
    else:
        action = "not an IANA zone: the instant its VTIMEZONE gives is kept, in UTC"
    reader.repair("names a time zone that is not an IANA one", name, tzid, action)
    reader.file_zones[tzid] = defined if zone is None else zone
    return reader.file_zones[tzid]


def named_zones(component: Component) -> tuple[tuple[ZoneInfo, datetime], ...]:
    """The IANA zones that the TZIDs of DTSTART and DTEND (or DUE) name, each with its instant.

    The instant of the wall time as written (a time in a skipped hour is not
    moved, a repeated hour is its first pass); a TZID that names no IANA zone,
    or a value that is not a date-time, is left out.
    """
    found = []
    for name in (DTSTART.name, DTEND.name, DUE.name):  # a to-do ends at DUE
        prop = component.get(name)
        tzid = None if prop is None else prop.params.get("TZID")
        try:
            value = getattr(prop, "dt", None)
        except ValueError:
            continue
        if not tzid or not isinstance(value, datetime):
            continue
        if (zone := zone_named(str(tzid))) is not None:
            with contextlib.suppress(OverflowError):
                found.append((zone, value.replace(tzinfo=zone).astimezone(UTC)))
    return tuple(found)


class Param:
    """A value with parameters, as read_datetime reads them."""

    def __init__(self, dt: object, params: Any) -> None:
        self.dt = dt
        self.params = params


def read_when(reader: Reader, component: Component) -> tuple[Placement, Time]:
    """The event's placement as written, and its time: from X-BRI-EDTF where it agrees.

    A VTODO's end is DUE, and without DTSTART it is dated by DUE alone; a VJOURNAL
    has DTSTART alone (see ``_kinds``).
    """
    start_name, end_name = time_names(kind_of(component), has_start=has(component, DTSTART.name))
    prop = one(reader, component, start_name)
    if prop is None:
        raise reader.error("is required", start_name)
    if start_name != DTSTART.name:  # a to-do dated by DUE alone: one time, as the model holds
        action = "a to-do with DUE alone: read as its one time (an export writes it as DTSTART)"
        reader.note(reader.locate(), start_name, action, raw_text(prop))
    start = read_datetime(reader, prop, start_name, floating=True)
    end: date | datetime | timedelta | None = None
    if end_name is None:
        pass
    elif (end_prop := one(reader, component, end_name)) is not None:
        end = read_datetime(reader, end_prop, end_name, floating=True)
    elif (duration := one(reader, component, DURATION.name)) is not None:
        end = duration.dt
        if not isinstance(end, timedelta):
            raise reader.error("must be a duration", DURATION.name, end)
    edtf = value_of(reader, component, EDTF)
    end_zone = value_of(reader, component, END_ZONE)
    written = Placement(start, end, edtf, end_zone)
    if edtf is not None and (exact := exact_time(written, edtf)) is not None:
        return written, exact
    written = _date_with_hours(reader, written)
    written = _one_clock(reader, written)
    names = start_name, end_name or DTEND.name
    return written, floating_time(reader, written) or plain_time(reader, written, *names)


def _date_with_hours(reader: Reader, written: Placement) -> Placement:
    """A DATE DTSTART with a DURATION of hours: its midnight, floating, as the reference has it."""
    start, end = written.start, written.end
    if isinstance(start, datetime) or not isinstance(end, timedelta):
        return written
    if end < timedelta(0) or not (end.seconds or end.microseconds):
        return written
    action = "DTSTART read as the midnight that begins its day, as the reference reads it"
    reader.repair("must be whole days after a DATE DTSTART", "DURATION", end, action)
    midnight = datetime.combine(start, time())
    if reader.default_zone is not None:
        midnight = resolve_gap(midnight.replace(tzinfo=reader.default_zone))
    return attrs.evolve(written, start=midnight)


def _one_clock(reader: Reader, written: Placement) -> Placement:
    """DTSTART and DTEND of which one only floats: read on the other's clock, as the reference.

    A DTEND with no zone after a zoned DTSTART is in DTSTART's zone; a DTSTART
    with no zone before a zoned DTEND is in DTEND's.
    """
    start, end = written.start, written.end
    if not isinstance(start, datetime) or not isinstance(end, datetime):
        return written
    if (start.tzinfo is None) == (end.tzinfo is None):
        return written
    if end.tzinfo is None:
        action = "read in DTSTART's zone, as the reference does"
        reader.repair("is floating (no zone), but DTSTART is not", "DTEND", end, action)
        return attrs.evolve(written, end=resolve_gap(end.replace(tzinfo=start.tzinfo)))
    action = "read in DTEND's zone, as the reference does"
    reader.repair("is floating (no zone), but DTEND is not", "DTSTART", start, action)
    return attrs.evolve(written, start=resolve_gap(start.replace(tzinfo=end.tzinfo)))


def _zone_key(value: object) -> str | None:
    tz = getattr(value, "tzinfo", None) if isinstance(value, datetime) else None
    return tz.key if isinstance(tz, ZoneInfo) else None


def _point_key(value: object) -> object:
    if isinstance(value, datetime) and value.tzinfo is None:  # floating
        return value.replace(microsecond=0), "floating"
    if isinstance(value, datetime):
        return instant_key(value.replace(microsecond=0)), _zone_key(value) or "Z"
    return value


def _key(where: Placement) -> tuple[object, ...]:
    return _point_key(where.start), _point_key(where.end), where.edtf, where.end_zone


def exact_time(written: Placement, edtf: str) -> Time | None:
    """The time in X-BRI-EDTF, if exporting it writes what is written (not edited since).

    Shared by both engines, as :func:`plain_time` is.
    """
    tz = _zone_key(written.start)
    end_tz = _zone_key(written.end) or tz
    try:
        exact = from_edtf(edtf, tz=tz, end_tz=end_tz)
    except InvalidValue:
        return None
    return exact if _key(placement(exact)) == _key(written) else None


def plain_time(
    reader: Reader, written: Placement, start_name: str, end_name: str
) -> TimeSpan | AllDay:
    """The time of a DTSTART and DTEND (or DURATION) that do not float, repaired as noted.

    Shared by both engines (the direct reader's with a strict reader: a repair is
    then an error, and the file is left to the icalendar engine).
    """
    start, end = written.start, written.end
    if not isinstance(start, datetime):
        if isinstance(end, timedelta):
            if end.days < 1 or end.seconds or end.microseconds:
                raise reader.error("must be whole days after a DATE DTSTART", "DURATION", end)
            return reader.guard("DURATION", lambda: AllDay(start, start + end - timedelta(days=1)))
        if end is None or end == start:
            return AllDay(start)
        if isinstance(end, datetime):
            # As recurring-ical-events: DTSTART is the midnight that begins its day in DTEND's zone.
            action = "DTSTART read as the midnight that begins its day, in DTEND's zone"
            reader.repair("must be a DATE, as DTSTART is", end_name, end, action)
            midnight = datetime.combine(start, time(), tzinfo=end.tzinfo)
            moved = attrs.evolve(written, start=resolve_gap(midnight))
            return plain_time(reader, moved, start_name, end_name)
        first, after = start, end
        if end < start:
            reader.repair("must not be before DTSTART", end_name, end, _SWAPPED)
            first, after = end, start
        return reader.guard(end_name, lambda: AllDay(first, after - timedelta(days=1)))
    if isinstance(end, timedelta):
        stop = reader.guard(
            "DURATION", lambda: (start.astimezone(UTC) + end).astimezone(start.tzinfo)
        )
        return reader.guard("DURATION", lambda: TimeSpan(start, stop))
    if end is None:
        if written.end_zone is not None:
            other = UTC if written.end_zone == "Z" else zone_named(written.end_zone)
            if other is None:
                raise reader.error("names an unknown time zone", END_ZONE.name, written.end_zone)
            return reader.guard(END_ZONE.name, lambda: TimeSpan(start, start.astimezone(other)))
        return reader.guard(start_name, lambda: TimeSpan(start))
    last = end
    if not isinstance(last, datetime):
        action = "read as the midnight that begins that day, in DTSTART's zone"
        reader.repair("must be a date-time, as DTSTART is", end_name, last, action)
        last = resolve_gap(datetime.combine(last, time(), tzinfo=start.tzinfo))
    begin, stop = start, last
    if last < start:
        message = f"must not be before DTSTART {start.isoformat()}"
        reader.repair(message, end_name, last, _SWAPPED)
        begin, stop = last, start
    return reader.guard(end_name, lambda: TimeSpan(begin, stop))


_SWAPPED = "DTSTART and DTEND swapped, as recurring-ical-events reads them"
