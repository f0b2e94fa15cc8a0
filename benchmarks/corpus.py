"""bri_timeline's reader against the reference on the real calendars icalendar and recurring-ical-events ship.

Run from the repository root::

    .venv/bin/python benchmarks/corpus.py            # the summary
    .venv/bin/python benchmarks/corpus.py --list     # and a line for every file

For every .ics file inside the installed icalendar and recurring_ical_events
packages (``tests/_ics_corpus.py`` lists them), the reference (icalendar with
recurring-ical-events) and ``read_ics`` each give the occurrences within the
window [1990-01-01, 2040-01-01): a set of (UID, start instant) pairs. A file
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
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests._ics_corpus import WINDOW, agrees, corpus_files, corpus_name, ours, reference


def refusal(error: BaseException) -> str:
    """Our refusal without its file, line and value, so that alike ones group together."""
    message = getattr(error, "message", str(error))
    prop = getattr(error, "prop", None)
    return f"property {prop}: {message}" if prop else message


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
        if isinstance(mine, BaseException):
            verdict = "refused by both" if theirs.error else "refused by us, read by the reference"
            detail = refusal(mine)
            if theirs.error is None:
                only_ours[detail] += 1
                examples.setdefault(detail, name)
        elif theirs.occurrences is None:
            verdict, detail = "read by us, refused by the reference", str(theirs.error)
        elif agrees(theirs.occurrences, mine):
            verdict, detail = "agree", f"{len(theirs.occurrences)} (UID, start) pairs"
        else:
            verdict = "differ"
            detail = (
                f"ours {len(mine.instants)} occurrences, the reference's {len(theirs.occurrences)}"
            )
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
