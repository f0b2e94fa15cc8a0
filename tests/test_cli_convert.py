"""``convert``, ``export --format`` and ``--data`` in any readable format: one table of formats.

Every case is drawn from ``delivery/_formats.FORMATS``, so that a format added
there is converted from and to every other one here without a new test.
"""

from __future__ import annotations

import io
import sys
from pathlib import Path

import pytest
from hypothesis import assume, given
from tests.test_cli import assert_one_line_error
from tests.test_jcal import _no_leading_bom

from bri_timeline import FeedOptions, Timeline, load_bri
from bri_timeline.delivery._formats import FORMATS, Format, by_name, reading, writing
from bri_timeline.delivery.cli import main
from bri_timeline.delivery.live_feed import LiveFeed
from bri_timeline.strategies import timelines

# The formats a test can write a file of to read: a read-only one (the TimelineJS sheet,
# which has no suffix either) has its own tests in test_csv_sheet.py.
READABLE = [one for one in FORMATS if one.read_path is not None and one.write and one.suffixes]
WRITABLE = [one for one in FORMATS if one.write is not None]
# What each keeps is tested in test_timelinejs_read.py and test_csv.py.
LOSSY = {"timelinejs", "csv", "tsv"}


def run(capsysbinary: pytest.CaptureFixture[bytes], *argv: str) -> tuple[int, bytes, str]:
    status = main(list(argv))
    out, err = capsysbinary.readouterr()
    return status, out, err.decode("utf-8")


def written(form: Format, timeline: Timeline) -> bytes:
    """What the format's writer gives, called directly."""
    assert form.write is not None
    buffer = io.BytesIO()
    form.write(timeline, buffer, FeedOptions())
    return buffer.getvalue()


def read(form: Format, path: Path) -> Timeline:
    assert form.read_path is not None
    return form.read_path(str(path))


def file_of(form: Format, tmp_path: Path, timeline: Timeline, stem: str = "bri") -> Path:
    path = tmp_path / f"{stem}{form.suffixes[0]}"
    path.write_bytes(written(form, timeline))
    return path


@pytest.mark.parametrize("source", READABLE, ids=lambda one: one.name)
@pytest.mark.parametrize("target", WRITABLE, ids=lambda one: one.name)
def test_convert_writes_what_the_writer_writes_of_what_the_reader_reads(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsysbinary: pytest.CaptureFixture[bytes],
    source: Format,
    target: Format,
) -> None:
    # A feed of data that says not when it changed is stamped with the file's time, unless:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    given = file_of(source, tmp_path, load_bri())
    out = tmp_path / f"out{target.suffixes[-1]}"
    assert run(capsysbinary, "convert", str(given), str(out)) == (0, b"", "")
    assert out.read_bytes() == written(target, read(source, given))


TWO_WAY = [one for one in READABLE if one.write and one.name not in LOSSY]


@pytest.mark.parametrize("form", TWO_WAY, ids=lambda one: one.name)
def test_every_lossless_two_way_format_round_trips_through_convert(
    tmp_path: Path, capsysbinary: pytest.CaptureFixture[bytes], form: Format
) -> None:
    data = file_of(by_name("toml", "--from", to_read=True), tmp_path, load_bri())
    there = tmp_path / f"there{form.suffixes[0]}"
    back = tmp_path / "back.toml"
    assert run(capsysbinary, "convert", str(data), str(there))[0] == 0
    assert run(capsysbinary, "convert", str(there), str(back))[0] == 0
    assert back.read_bytes() == data.read_bytes()


@pytest.mark.parametrize("form", TWO_WAY, ids=lambda one: one.name)
@given(timelines(max_size=4))
def test_every_lossless_two_way_format_gives_back_generated_timelines(
    form: Format, timeline: Timeline
) -> None:
    assert form.read_bytes is not None
    if form.name == "jcal":  # its known losses through icalendar: see tests/test_jcal.py
        assume(_no_leading_bom(timeline))
    assert form.read_bytes(written(form, timeline), "in") == timeline


@pytest.mark.parametrize("form", READABLE, ids=lambda one: one.name)
def test_data_of_every_command_reads_every_readable_format_by_its_suffix(
    tmp_path: Path, capsysbinary: pytest.CaptureFixture[bytes], form: Format
) -> None:
    given = str(file_of(form, tmp_path, load_bri()))
    commands = [["list"], ["overlaps"], ["show", "apec-summit-2024"], ["export"]]
    for argv in commands[: 2 if form.name in LOSSY else 4]:  # a lossy format: the same times
        assert run(capsysbinary, *argv, "--data", given) == run(capsysbinary, *argv), argv


def test_dash_is_stdin_and_stdout_with_the_formats_named(
    monkeypatch: pytest.MonkeyPatch, capsysbinary: pytest.CaptureFixture[bytes]
) -> None:
    ics = written(by_name("ics", "--to", to_read=False), load_bri())
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(ics)))
    status, out, err = run(capsysbinary, "convert", "-", "-", "--from", "ics", "--to", "jcal")
    assert (status, err) == (0, "")
    assert out == written(by_name("jcal", "--to", to_read=False), load_bri())


def test_names_beat_suffixes(tmp_path: Path, capsysbinary: pytest.CaptureFixture[bytes]) -> None:
    given = file_of(by_name("json", "--from", to_read=True), tmp_path, load_bri(), "odd.ics")
    status, out, _ = run(capsysbinary, "convert", str(given), "-", "--from", "JSON", "--to", "ics")
    assert status == 0
    assert out == written(by_name("ics", "--to", to_read=False), load_bri())


@pytest.mark.parametrize("form", WRITABLE, ids=lambda one: one.name)
def test_export_format_writes_every_writable_format(
    capsysbinary: pytest.CaptureFixture[bytes], form: Format
) -> None:
    assert run(capsysbinary, "export", "--format", form.name) == (
        0,
        written(form, load_bri()),
        "",
    )


def test_export_without_format_is_the_feed_as_before(
    capsysbinary: pytest.CaptureFixture[bytes],
) -> None:
    golden = Path(__file__).parent / "golden" / "bri.ics"
    assert run(capsysbinary, "export") == (0, golden.read_bytes(), "")


@pytest.mark.parametrize(
    ("argv", "words"),
    [
        (["convert", "-", "out.json"], ["argument IN", "give --from"]),
        (["convert", "in.toml", "-"], ["argument OUT", "give --to"]),
        (["convert", "in.toml", "out.docx"], ["argument OUT", ".timelinejs.json", "'out.docx'"]),
        (["convert", "in.toml", "-", "--to", "pdf"], ["argument --to", "svg", "'pdf'"]),
        (["convert", "in.toml", "-", "--from", "svg"], ["argument --from", "can read", "'svg'"]),
        (["convert", "missing.ics", "out.json"], ["missing.ics", "cannot be read"]),
        (["convert", "in.toml", "no/such/dir/out.json"], ["out.json", "cannot be written"]),
        (["export", "--format", "docx"], ["argument --format", "'docx'"]),
        (["list", "--data", "in.ics"], ["in.ics", "not an iCalendar file"]),
    ],
)
def test_mistakes_are_one_line(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    argv: list[str],
    words: list[str],
) -> None:
    (tmp_path / "in.toml").write_text('[[events]]\nid = "a"\ntitle = "A"\nwhen = "2024"\n')
    (tmp_path / "in.ics").write_text("[[events]]\n")
    status = main(argv)
    captured = capsys.readouterr()
    assert_one_line_error(status, captured.out, captured.err, *words)
    assert sorted(path.name for path in tmp_path.iterdir()) == ["in.ics", "in.toml"]


@pytest.mark.parametrize(
    ("path", "name"),
    [
        ("a.TOML", "toml"),
        ("a.json", "json"),
        ("site/bri.timelinejs.json", "timelinejs"),
        ("a.jcal.json", "jcal"),
        ("a.jcal", "jcal"),
        ("a.ICS", "ics"),
        ("notes.txt", "toml"),  # text is written only: read as a data file, as always
        ("a", "toml"),
    ],
)
def test_a_file_to_read_is_in_the_format_its_longest_suffix_names(path: str, name: str) -> None:
    assert reading(path).name == name


def test_a_file_to_write_is_in_the_format_its_longest_suffix_names() -> None:
    assert [writing(f"x{one.suffixes[0]}") for one in WRITABLE] == WRITABLE


@pytest.mark.parametrize("form", TWO_WAY, ids=lambda one: one.name)
def test_the_live_feed_serves_a_data_file_in_any_lossless_format(
    tmp_path: Path, form: Format
) -> None:
    data = file_of(form, tmp_path, load_bri())
    assert LiveFeed(data).current().body == LiveFeed().current().body
