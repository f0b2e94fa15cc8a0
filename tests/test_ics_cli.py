"""The command line: `export` to stdout or atomically to a file, `import` as a table, errors."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from bri_timeline.delivery.cli import main

GOLDEN = Path(__file__).parent / "golden" / "bri.ics"


def test_export_writes_the_feed_to_stdout(capsysbinary: pytest.CaptureFixture[bytes]) -> None:
    assert main(["export"]) == 0
    out, err = capsysbinary.readouterr()
    assert out == GOLDEN.read_bytes()
    assert err == b""


def test_export_to_a_file_twice_gives_the_same_bytes(tmp_path: Path) -> None:
    target = tmp_path / "bri.ics"
    assert main(["export", "-o", str(target)]) == 0
    first = target.read_bytes()
    assert first == GOLDEN.read_bytes()
    assert main(["export", "-o", str(target)]) == 0
    assert target.read_bytes() == first
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bri.ics"]  # no temporary file left


def test_export_with_data_and_the_previous_feed(tmp_path: Path) -> None:
    data = tmp_path / "t.toml"
    data.write_text(
        '[[events]]\nid = "a"\ntitle = "A"\nwhen = "2024-11-14"\n'
        '[[events]]\nid = "b"\ntitle = "B"\nwhen = "2024-11-15"\n',
        encoding="utf-8",
    )
    target = tmp_path / "t.ics"
    assert main(["export", "--data", str(data), "-o", str(target)]) == 0
    data.write_text('[[events]]\nid = "a"\ntitle = "A!"\nwhen = "2024-11-14"\n', encoding="utf-8")
    assert main(["export", "--data", str(data), "-o", str(target)]) == 0
    text = target.read_bytes().decode()
    assert "SUMMARY:A!\r\n" in text
    assert text.count("SEQUENCE:1\r\n") == 2  # a changed, b cancelled
    assert "STATUS:CANCELLED\r\n" in text


def test_a_failed_export_leaves_the_file_as_it_was(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "bri.ics"
    target.write_bytes(b"not a calendar")
    assert main(["export", "-o", str(target)]) == 1
    assert target.read_bytes() == b"not a calendar"
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert err.startswith(f"bri-timeline: error: {target}: is not an iCalendar file")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bri.ics"]

    def broken_replace(source: str, destination: str) -> None:
        raise PermissionError(13, "Permission denied")

    target.unlink()
    monkeypatch.setattr(os, "replace", broken_replace)
    assert main(["export", "-o", str(target)]) == 1
    assert "cannot be written: Permission denied" in capsys.readouterr().err
    assert list(tmp_path.iterdir()) == []


def test_export_to_a_missing_folder_is_an_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["export", "-o", str(tmp_path / "no" / "bri.ics")]) == 1
    assert "cannot be written" in capsys.readouterr().err


def test_import_prints_the_same_table_as_list(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["list"]) == 0
    listed = capsys.readouterr().out
    assert main(["import", str(GOLDEN)]) == 0
    assert capsys.readouterr().out == listed


def test_import_with_a_window_expands_repeats(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "r.ics"
    source.write_bytes(
        b"BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:r\r\nSUMMARY:Weekly\r\n"
        b"DTSTART:20241104T140000Z\r\nRRULE:FREQ=WEEKLY;BYDAY=MO\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
    )
    assert main(["import", str(source)]) == 0  # without a window, one event with its rule
    out = capsys.readouterr().out.splitlines()
    assert len(out) == 1 + 1
    assert out[1].startswith("4 Nov 2024 14:00 UTC")
    assert main(["import", str(source), "--from", "2024-11", "--to", "2024-11"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert len(out) == 1 + 4
    assert out[1].startswith("4 Nov 2024 14:00 UTC")
    assert "r+20241104T140000Z" in out[1]


def test_import_errors_are_one_line_on_stderr(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "bad.ics"
    bad.write_bytes(b"BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:x\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n")
    assert main(["import", str(bad)]) == 1
    out, err = capsys.readouterr()
    assert out == ""
    assert err == f"bri-timeline: error: {bad}:3: event 'x': property DTSTART: is required\n"
    assert main(["import", str(tmp_path / "missing.ics")]) == 1
    assert "missing.ics: cannot be read" in capsys.readouterr().err


def test_export_of_undated_data_is_stamped_with_the_data_files_time(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsysbinary: pytest.CaptureFixture[bytes]
) -> None:
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    data = tmp_path / "undated.toml"
    data.write_text('[[events]]\nid = "a"\ntitle = "A"\nwhen = "2024-11-14"\n', encoding="utf-8")
    os.utime(data, (1_700_000_000, 1_700_000_000))  # 2023-11-14T22:13:20Z
    assert main(["export", "--data", str(data)]) == 0
    assert b"DTSTAMP:20231114T221320Z\r\n" in capsysbinary.readouterr().out
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1600000000")  # 2020-09-13T12:26:40Z
    assert main(["export", "--data", str(data)]) == 0
    assert b"DTSTAMP:20200913T122640Z\r\n" in capsysbinary.readouterr().out
