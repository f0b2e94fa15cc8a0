"""``bri-timeline import``: a line on stderr for the repairs, ``--report`` lists them, ``--strict``.

The data (the table) stays on stdout; the repairs and the components left out go
to stderr, one line in all or one line each with ``--report``; ``--strict``
refuses the file with one line, as any file the command cannot read.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from bri_timeline.delivery.cli import main

REPAIRED = (
    "BEGIN:VCALENDAR\r\n"
    "VERSION:2.0\r\n"
    "BEGIN:VTODO\r\n"
    "UID:t\r\n"
    "END:VTODO\r\n"
    "BEGIN:VEVENT\r\n"
    "DTSTART;VALUE=DATE:20241114\r\n"
    "SUMMARY:Lima – Chancay\r\n"
    "LAST-MODIFIED:20241101T120000\r\n"
    "END:VEVENT\r\n"
    "END:VCALENDAR\r\n"
).encode()
CLEAN = REPAIRED.replace(b"BEGIN:VTODO\r\nUID:t\r\nEND:VTODO\r\n", b"").replace(
    b"LAST-MODIFIED:20241101T120000\r\n", b"UID:x\r\n"
)


@pytest.fixture(autouse=True)
def _in_tmp_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("COLUMNS", "200")


def _run(capsysbinary: pytest.CaptureFixture[bytes], *argv: str) -> tuple[int, str, str]:
    """Run the command on the repaired file (cal.ics, unless another is written first)."""
    if not Path("cal.ics").exists():
        Path("cal.ics").write_bytes(REPAIRED)
    status = main(list(argv))
    out, err = capsysbinary.readouterr()
    return status, out.decode("utf-8"), err.decode("utf-8")


def test_the_repairs_are_counted_on_one_line_of_stderr(
    capsysbinary: pytest.CaptureFixture[bytes],
) -> None:
    status, out, err = _run(capsysbinary, "import", "cal.ics")
    assert status == 0
    assert "Lima – Chancay" in out
    assert err == ("bri-timeline: 2 repairs, 1 component skipped; --report to list them\n")


def test_report_lists_every_note_on_stderr_in_file_order(
    capsysbinary: pytest.CaptureFixture[bytes],
) -> None:
    status, out, err = _run(capsysbinary, "import", "cal.ics", "--report")
    assert (status, "Lima – Chancay" in out) == (0, True)
    lines = err.splitlines()
    assert len(lines) == 3
    assert lines[0].startswith("cal.ics:3: VTODO: 1 left out")
    assert lines[1].startswith("cal.ics:6: UID: read as the event 'event-")
    assert lines[2].startswith("cal.ics:6: LAST-MODIFIED: a floating time read as UTC")


def test_strict_refuses_the_first_repair_with_one_line(
    capsysbinary: pytest.CaptureFixture[bytes],
) -> None:
    status, out, err = _run(capsysbinary, "import", "cal.ics", "--strict")
    assert (status, out) == (1, "")
    assert err.count("\n") == 1
    assert err.startswith("bri-timeline: error: cal.ics:6: property UID: is required")


def test_a_clean_file_says_nothing_on_stderr(capsysbinary: pytest.CaptureFixture[bytes]) -> None:
    Path("cal.ics").write_bytes(CLEAN)
    for argv in (["import", "cal.ics"], ["import", "cal.ics", "--report", "--strict"]):
        status, out, err = _run(capsysbinary, *argv)
        assert (status, err) == (0, "")
        assert "Lima – Chancay" in out


def test_convert_of_a_repaired_calendar_says_so_on_stderr(
    capsysbinary: pytest.CaptureFixture[bytes],
) -> None:
    status, _, err = _run(capsysbinary, "convert", "cal.ics", "out.json")
    assert status == 0
    assert err == (
        "bri-timeline: cal.ics: 2 repairs, 1 component skipped; "
        "`bri-timeline import --report` lists them\n"
    )
