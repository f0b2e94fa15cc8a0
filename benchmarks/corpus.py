"""bri_timeline's reader against the reference on the real calendars icalendar and recurring-ical-events ship.

Run from the repository root::

    .venv/bin/python benchmarks/corpus.py            # the summary
    .venv/bin/python benchmarks/corpus.py --list     # and a line for every file

For every .ics file inside the installed icalendar and recurring_ical_events
packages (``tests/_ics_corpus.py`` lists them), the reference (icalendar with
recurring-ical-events) and ``read_ics`` each give the occurrences within the
window [1990-01-01, 2040-01-01): a set of (UID, start instant) pairs (two
occurrences of one series at one start are one pair). A file
*agrees* when the two sets are equal, *differs* when both read it and the sets
are not, and is *refused* by either. The refusals that only we make are grouped
by their message: that is the work left (issue 15).

UIDs are compared as our reader turns them into ids, and our occurrences as
``id+start``; a floating time that the reference gives without a zone is
compared with our wall time.
"""

from __future__ import annotations

import argparse
import sys
import warnings
from collections import Counter
from datetime import UTC, date, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests._ics_corpus import WINDOW, corpus_files, corpus_name, reference

from bri_timeline import AllDay, ICalendarError, TimeSpan, read_ics
from bri_timeline.formats.ical._mapping import DEFAULT_DOMAIN
from bri_timeline.formats.ical._vevent import id_from_uid

Pair = tuple[str, "datetime | date"]


def ours(path: Path) -> tuple[set[Pair], set[Pair]] | str:
    """Our occurrences as (id, UTC instant) and (id, wall time) pairs, or why we refuse the file."""
    first, end = WINDOW
    window = AllDay(first, date.fromordinal(end.toordinal() - 1))
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            timeline = read_ics(path, window=window)
    except ICalendarError as error:
        return f"property {error.prop}: {error.message}" if error.prop else error.message
    instants: set[Pair] = set()
    walls: set[Pair] = set()
    for event in timeline:
        when = event.time
        if isinstance(when, TimeSpan):
            instants.add((event.id, when.start.astimezone(UTC)))
            walls.add((event.id, when.start.replace(tzinfo=None)))
        elif isinstance(when, AllDay):
            instants.add((event.id, when.first))
            walls.add((event.id, when.first))
        else:
            instants.add((event.id, str(when)))
    return instants, walls


def agrees(expected: frozenset[Pair], instants: set[Pair], walls: set[Pair]) -> bool:
    """The reference's pairs are ours: by instant, or by wall time where it gives no zone.

    Ours are taken by the id of their series (an occurrence's ``id+start`` by ``id``), so
    that two occurrences at one start count once, as in the reference's set.
    """
    bases = {id_from_uid(uid, DEFAULT_DOMAIN) for uid, _ in expected}

    def series(event_id: str) -> str:
        if event_id in bases:
            return event_id
        return next((base for base in bases if event_id.startswith(base + "+")), event_id)

    mine = {(series(event_id), start) for event_id, start in instants}
    mine_walls = {(series(event_id), start) for event_id, start in walls}
    if len(mine) != len({(id_from_uid(uid, DEFAULT_DOMAIN), start) for uid, start in expected}):
        return False
    for uid, start in expected:
        floating = isinstance(start, datetime) and start.tzinfo is None
        if (id_from_uid(uid, DEFAULT_DOMAIN), start) not in (mine_walls if floating else mine):
            return False
    return True


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--list", action="store_true", help="a line for every file")
    parser.add_argument("--files", type=int, default=0, help="only the first N files (0: all)")
    args = parser.parse_args()
    files = corpus_files()
    if args.files:
        files = files[: args.files]
    verdicts: Counter[str] = Counter()
    only_ours: Counter[str] = Counter()
    examples: dict[str, str] = {}
    differ: list[str] = []
    for path in files:
        name = corpus_name(path)
        theirs = reference(path)
        mine = ours(path)
        if isinstance(mine, str):
            verdict = "refused by both" if theirs.error else "refused by us, read by the reference"
            if theirs.error is None:
                only_ours[mine] += 1
                examples.setdefault(mine, name)
            detail = mine
        elif theirs.occurrences is None:
            verdict, detail = "read by us, refused by the reference", str(theirs.error)
        elif agrees(theirs.occurrences, *mine):
            verdict, detail = "agree", f"{len(mine[0])} occurrences"
        else:
            verdict = "differ"
            detail = f"ours {len(mine[0])} occurrences, the reference's {len(theirs.occurrences)}"
            differ.append(f"  {name}: {detail}")
        verdicts[verdict] += 1
        if args.list:
            print(f"{verdict:<38} {name}: {detail}")
    start, end = WINDOW
    print(f"{len(files)} files, window [{start}, {end})")
    for verdict in (
        "agree",
        "differ",
        "refused by us, read by the reference",
        "refused by both",
        "read by us, refused by the reference",
    ):
        print(f"{verdict:<38} {verdicts[verdict]:>4}")
    print("refused by us, read by the reference, by our message (files, an example):")
    for message, count in only_ours.most_common():
        print(f"  {count:>3}  {message}  [{examples[message]}]")
    print("differ:")
    print("\n".join(differ) if differ else "  none")


if __name__ == "__main__":
    main()
