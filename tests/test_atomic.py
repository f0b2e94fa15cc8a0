"""Nothing lost: a writer killed mid-write leaves the old file whole and no temporary file behind.

``bri-timeline export -o`` and ``plot -o`` run in a child process that is killed
with SIGKILL while it writes: once in a child whose file pauses after its first
write (so the kill lands mid-write every time), and once on a large real export,
killed as soon as its temporary file is seen open. The target must then be the
old file, byte for byte, or (had the kill come after the rename) the whole new
one; no temporary file may be left where a server would find it.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from tests.mangling import record

from bri_timeline import loads_ics
from bri_timeline.delivery._atomic import atomic_file, check_target

pytestmark = pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")

OLD = b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//old//EN\r\nEND:VCALENDAR\r\n"

# A child that runs the real command line, with a file that stops after its first write
# and waits (for a kill) until its stdin closes: a disk that hangs mid-write.
PAUSING = textwrap.dedent(
    """
    import contextlib, sys
    from bri_timeline.delivery import _atomic, cli

    real = _atomic.atomic_file

    class Pausing:
        def __init__(self, file):
            self.file = file
        def write(self, data):
            written = self.file.write(data[: len(data) // 2 or 1])
            self.file.flush()
            print("mid-write", flush=True)
            sys.stdin.read()
            return written
        def __getattr__(self, name):
            return getattr(self.file, name)

    @contextlib.contextmanager
    def pausing(path):
        with real(path) as file:
            yield Pausing(file)

    _atomic.atomic_file = cli.atomic_file = pausing
    sys.exit(cli.main(sys.argv[1:]))
    """
)


def data_file(folder: Path, events: int) -> Path:
    path = folder / "data.toml"
    path.write_text(
        "".join(
            f'[[events]]\nid = "e{i}"\ntitle = "Event {i} ✓"\nwhen = "2024-11-{i % 28 + 1:02d}"\n'
            f'description = "{"Perú; Lima, Chancay " * 10}"\n'
            for i in range(events)
        ),
        encoding="utf-8",
    )
    return path


def leftovers(folder: Path, *kept: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p not in kept)


def unnamed_files_open(pid: int) -> list[str]:
    """The files the process holds open that have no name (O_TMPFILE), from /proc."""
    found = []
    for fd in os.listdir(f"/proc/{pid}/fd"):
        try:
            target = os.readlink(f"/proc/{pid}/fd/{fd}")
        except OSError:
            continue
        if target.endswith(("(deleted)", ".tmp")):
            found.append(target)
    return found


@pytest.mark.parametrize(
    ("command", "name"),
    [(["export", "-o"], "bri.ics"), (["plot", "-o"], "bri.svg")],
    ids=["export", "plot"],
)
def test_killed_mid_write_the_old_file_stays_and_nothing_is_left(
    tmp_path: Path, command: list[str], name: str
) -> None:
    target = tmp_path / name
    target.write_bytes(OLD)
    data = data_file(tmp_path, 50)
    with subprocess.Popen(
        [sys.executable, "-c", PAUSING, *command, str(target), "--data", str(data)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
    ) as child:
        try:
            assert child.stdout is not None
            assert child.stdout.readline() == b"mid-write\n"  # half the bytes are on their way
            if os.path.isdir(f"/proc/{child.pid}/fd"):
                assert unnamed_files_open(child.pid)  # it is writing, into a temporary file
        finally:
            child.send_signal(signal.SIGKILL)
            child.wait(timeout=60)
    assert child.returncode == -signal.SIGKILL
    assert target.read_bytes() == OLD
    assert leftovers(tmp_path, target, data) == []
    record("nothing lost: SIGKILL mid-write", "handled")


def test_a_large_export_killed_while_it_writes(tmp_path: Path) -> None:
    if not os.path.isdir("/proc/self/fd"):
        pytest.skip("needs /proc to see the writer's open files")
    target = tmp_path / "bri.ics"
    target.write_bytes(OLD)
    data = data_file(tmp_path, 3000)
    command = [sys.executable, "-m", "bri_timeline", "export", "-o", str(target)]
    with subprocess.Popen([*command, "--data", str(data)]) as child:
        try:
            while child.poll() is None and not unnamed_files_open(child.pid):
                pass  # until it opens its temporary file (or ends first, on a very fast machine)
        finally:
            child.send_signal(signal.SIGKILL)
            child.wait(timeout=120)
    content = target.read_bytes()
    if content != OLD:  # the kill came after the rename: then the new file is whole
        assert len(loads_ics(content)) == 3000
    left = leftovers(tmp_path, target, data)
    # Only in the microseconds between naming the finished file and the rename can a
    # hidden temporary file be left; never a file a server would take for the feed.
    assert all(n.startswith(".bri.ics.") and n.endswith(".tmp") for n in left), left
    record("nothing lost: SIGKILL mid-write", "handled")


def test_a_failure_inside_the_block_leaves_the_old_file(tmp_path: Path) -> None:
    target = tmp_path / "feed.ics"
    target.write_bytes(OLD)

    def fail() -> None:
        with atomic_file(target) as file:
            file.write(b"half")
            raise RuntimeError

    with pytest.raises(RuntimeError):
        fail()
    assert target.read_bytes() == OLD
    assert leftovers(tmp_path, target) == []


def test_a_symbolic_link_is_written_through(tmp_path: Path) -> None:
    real = tmp_path / "real.ics"
    real.write_bytes(OLD)
    link = tmp_path / "link.ics"
    link.symlink_to(real)
    with atomic_file(link) as file:
        file.write(b"new")
    assert link.is_symlink()
    assert real.read_bytes() == b"new"


@pytest.mark.parametrize("target", ["/dev/null", "{tmp}", "{tmp}/fifo"])
def test_a_target_that_is_not_a_regular_file_is_refused(tmp_path: Path, target: str) -> None:
    path = target.format(tmp=tmp_path)
    if path.endswith("fifo"):
        os.mkfifo(path)
    if not os.path.exists(path):
        pytest.skip(f"no {path} here")
    with pytest.raises(OSError, match="is not a regular file"):
        check_target(path)
    record("nothing lost: a target that is not a file", "clear error")


def test_export_to_a_device_is_refused_and_the_device_stays(tmp_path: Path) -> None:
    if not os.path.exists("/dev/null"):
        pytest.skip("no /dev/null here")
    result = subprocess.run(
        [sys.executable, "-m", "bri_timeline", "export", "-o", "/dev/null"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 1
    assert "is not a regular file" in result.stderr
    assert not Path("/dev/null").is_file()  # still the device, not a feed
