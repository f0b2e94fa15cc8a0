"""Merge and diff (bri_timeline.changes): their laws as properties, their choices as tables,
and the commands `bri-timeline diff` and `merge`."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from pathlib import Path

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from bri_timeline import (
    AllDay,
    Change,
    Diff,
    Event,
    InvalidArgument,
    MergeConflict,
    Timeline,
    TimelineInfo,
    read_json,
    strategies,
    to_ics,
    to_toml,
)
from bri_timeline.delivery.cli import main

pools = st.lists(strategies.events(brief=True), max_size=10, unique_by=lambda e: e.id)


def _part(draw: st.DrawFn, pool: list[Event], name: str) -> Timeline:
    chosen = draw(st.lists(st.sampled_from(pool), unique=True) if pool else st.just([]))
    return Timeline(chosen, info=TimelineInfo(draw(st.sampled_from(["", "T"])), source=name))


@st.composite
def agreeing(draw: st.DrawFn) -> tuple[Timeline, Timeline, Timeline]:
    """Three timelines whose events come from one pool: one event per id, so no conflict."""
    pool = draw(pools)
    return _part(draw, pool, "a"), _part(draw, pool, "b"), _part(draw, pool, "c")


@given(agreeing())
def test_merge_is_associative(three: tuple[Timeline, Timeline, Timeline]) -> None:
    a, b, c = three
    assert (a | b) | c == a | (b | c) == a.merge(b, c)


@given(agreeing())
def test_merge_is_commutative_in_its_events_and_origins(
    three: tuple[Timeline, Timeline, Timeline],
) -> None:
    a, b, _ = three
    assert list(a | b) == list(b | a)
    assert (a | b).info.origins == (b | a).info.origins
    for event in a | b:
        given_by = {name for name, t in (("a", a), ("b", b)) if event in t}
        assert set((a | b).info.origins_of(event.id)) == given_by


@st.composite
def versions(draw: st.DrawFn) -> tuple[Timeline, Timeline]:
    """A timeline and a later version: some events kept, some edited, some new."""
    old = draw(strategies.timelines(max_size=8))
    kept = [e for e in old if draw(st.booleans())]
    edited = [
        attrs.evolve(e, title=draw(st.sampled_from(["X", e.title])), revision=e.revision + 1)
        if draw(st.booleans())
        else e
        for e in kept
    ]
    fresh = [e for e in draw(strategies.timelines(max_size=4)) if e.id not in {x.id for x in old}]
    info = draw(st.sampled_from([old.info, TimelineInfo("New", url="https://example.org")]))
    return old, Timeline([*edited, *fresh], info=info)


@given(versions())
def test_a_diff_applied_to_the_old_timeline_gives_the_new(pair: tuple[Timeline, Timeline]) -> None:
    old, new = pair
    changes = old.diff(new)
    assert changes.apply(old) == new
    assert bool(changes) == (old != new)
    for change in changes.changed:
        assert change.fields
        assert attrs.evolve(change.old, **{f.field: f.new for f in change.fields}) == change.new


@given(strategies.timelines(max_size=5), strategies.timelines(max_size=5))
def test_a_diff_of_any_two_timelines_applies(old: Timeline, new: Timeline) -> None:
    assert old.diff(new).apply(old) == new
    assert not old.diff(old)


DAY = AllDay(date(2024, 11, 14))
A = Event("e", "Version A", DAY, revision=1, updated=datetime(2024, 1, 2, tzinfo=UTC))
B = Event("e", "Version B", DAY, revision=1, updated=datetime(2024, 1, 1, tzinfo=UTC))
LEFT = Timeline([A], info=TimelineInfo("Left", source="left.toml"))
RIGHT = Timeline([B], info=TimelineInfo("Right", description="R", source="right.toml"))


@pytest.mark.parametrize(
    ("on_conflict", "kept", "origin"),
    [("left", A, "left.toml"), ("right", B, "right.toml"), ("newer", A, "left.toml")],
)
def test_a_conflict_is_settled_as_asked(on_conflict: str, kept: Event, origin: str) -> None:
    merged = LEFT.merge(RIGHT, on_conflict=on_conflict)
    assert list(merged) == [kept]
    assert merged.info.origins_of("e") == (origin,)
    assert (merged.info.name, merged.info.description, merged.info.source) == ("Left", "R", None)


def test_newer_is_the_higher_revision_first() -> None:
    higher = attrs.evolve(B, revision=2)
    assert list(LEFT.merge(Timeline([higher]), on_conflict="newer")) == [higher]


def test_a_conflict_is_an_error_naming_both_sources() -> None:
    with pytest.raises(MergeConflict, match=r"'left\.toml' and 'right\.toml'") as caught:
        LEFT | RIGHT
    assert (caught.value.event_id, caught.value.first, caught.value.second) == (
        "e",
        "left.toml",
        "right.toml",
    )
    tie = Timeline([attrs.evolve(B, updated=A.updated)], info=TimelineInfo(source="tie"))
    with pytest.raises(MergeConflict, match="neither is newer"):
        LEFT.merge(tie, on_conflict="newer")


def test_unnamed_timelines_are_named_by_place() -> None:
    with pytest.raises(MergeConflict, match="'timeline 1' and 'timeline 2'"):
        Timeline([A]) | Timeline([B])


@pytest.mark.parametrize(
    ("call", "field"),
    [
        (lambda: LEFT.merge(RIGHT, on_conflict="first"), "on_conflict"),
        (lambda: LEFT.merge([A]), "others"),  # type: ignore[arg-type]
        (lambda: LEFT.diff([A]), "other"),  # type: ignore[arg-type]
        (lambda: LEFT.diff(RIGHT).apply(RIGHT), "timeline"),
        (lambda: TimelineInfo(origins=[("a", "x")]), "origins"),
        (lambda: Change(A, attrs.evolve(A, id="other"), ()), "new"),
        (lambda: Diff((A,), (), ("not a change",), ()), "changed"),
    ],
)
def test_wrong_arguments_are_refused(call: object, field: str) -> None:
    with pytest.raises(InvalidArgument, match=f"argument {field}"):
        call()  # type: ignore[operator]


def test_or_with_something_else_is_a_type_error() -> None:
    with pytest.raises(TypeError):
        LEFT | [A]


# --- the commands ---------------------------------------------------------------------


def _files(tmp_path: Path) -> tuple[str, str]:
    (tmp_path / "old.toml").write_text(to_toml(LEFT), encoding="utf-8")
    new = Timeline([B, Event("f", "New one", DAY)], info=LEFT.info)
    (tmp_path / "new.ics").write_bytes(to_ics(new))
    return "old.toml", "new.ics"


def test_diff_exits_like_diff(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    old, new = _files(tmp_path)
    assert main(["diff", old, old]) == 0
    assert capsys.readouterr().out == ""
    assert main(["diff", old, new]) == 1
    out = capsys.readouterr().out
    assert "+ f  New one  (2024-11-14)" in out
    assert "    title: 'Version A' -> 'Version B'" in out
    assert main(["diff", old, "missing.toml"]) == 2
    # A suffix that names no format is read as the data file, as --data reads it.
    (tmp_path / "notes.txt").write_text("not = [toml\n", encoding="utf-8")
    assert main(["diff", old, str(tmp_path / "notes.txt")]) == 2
    assert "notes.txt" in capsys.readouterr().err.splitlines()[-1]


def test_diff_json(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    old, new = _files(tmp_path)
    assert main(["diff", "--json", old, new]) == 1
    document = json.loads(capsys.readouterr().out)
    assert [event["id"] for event in document["added"]] == ["f"]
    assert document["changed"][0]["fields"] == ["title", "updated"]
    assert document["changed"][0]["new"]["title"] == "Version B"


def test_merge_writes_the_format_of_its_output(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    old, new = _files(tmp_path)
    assert main(["merge", old, new]) == 1
    assert "'old.toml' and 'new.ics' hold different events" in capsys.readouterr().err
    assert main(["merge", old, new, "--on-conflict", "right", "-o", "out.json"]) == 0
    merged = read_json("out.json")
    assert [(event.id, event.title) for event in merged] == [("e", "Version B"), ("f", "New one")]
