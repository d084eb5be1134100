"""Faults made real for the tests: a damaged page, a small (full) disk, a read-only folder."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest


@dataclass
class Ran:
    """What a command run in this process returned and printed."""

    returncode: int
    stdout: str
    stderr: str
    folder: Path | None


def in_process(capsys: pytest.CaptureFixture[str]) -> Callable[..., Ran]:
    """The command line run in this process: a process each would cost about a second."""
    from accountwatch.cli import main

    def run(*args: str) -> Ran:
        capsys.readouterr()
        code = main(list(args))
        out, err = capsys.readouterr()
        folder = Path(args[args.index("--data-dir") + 1]) if "--data-dir" in args else None
        return Ran(code, out, err, folder)

    return run


IS_ROOT = os.name == "posix" and os.geteuid() == 0
needs_root = pytest.mark.skipif(
    not IS_ROOT or shutil.which("mount") is None,
    reason="a small file system (tmpfs with size=…) can only be mounted by root",
)


# Root reads and writes whatever the modes say: a command run as a user is run without that
# right (setpriv drops it), so that a folder made read-only or unreadable is one for it too.
_WITHOUT_OVERRIDE = (
    "setpriv",
    "--bounding-set=-dac_override,-dac_read_search",
    "--inh-caps=-dac_override,-dac_read_search",
)
needs_permissions = pytest.mark.skipif(
    os.name != "posix" or (IS_ROOT and shutil.which("setpriv") is None),
    reason="POSIX modes; as root, setpriv drops the right to ignore them",
)


def as_user(*args: str) -> subprocess.CompletedProcess[str]:
    """`accountwatch ARGS` in a process of its own, in English, bound by file modes as a user
    is (as root too, where modes alone would not refuse it anything)."""
    prefix = _WITHOUT_OVERRIDE if IS_ROOT else ()
    return subprocess.run(
        [*prefix, sys.executable, "-m", "accountwatch", *args],
        capture_output=True,
        text=True,
        env={**os.environ, "ACCOUNTWATCH_LANG": "en"},
        timeout=120,
    )


def damage_a_page(path: Path, page: int = 3) -> None:
    """Overwrite one 4 KiB page of a closed database with garbage, as a failing disk would."""
    with path.open("r+b") as handle:
        handle.seek(4096 * page)
        handle.write(b"\xff" * 4096)


def _mount(*args: str) -> None:
    subprocess.run(["mount", *args], check=True, capture_output=True, timeout=30)


@contextmanager
def small_disk(folder: Path, size: str = "2m") -> Iterator[Path]:
    """A tmpfs of `size` mounted on `folder` (root only), unmounted afterwards."""
    folder.mkdir(parents=True, exist_ok=True)
    _mount("-t", "tmpfs", "-o", f"size={size},mode=0700", "tmpfs", str(folder))
    try:
        yield folder
    finally:
        subprocess.run(["umount", "-l", str(folder)], capture_output=True, timeout=30)


def fill(folder: Path, leave_bytes: int = 0) -> Path:
    """Fill the file system holding `folder` until `leave_bytes` (about) are free."""
    filler = folder / "filler"
    free = os.statvfs(folder).f_bavail * os.statvfs(folder).f_frsize
    with filler.open("wb") as handle:
        remaining = max(free - leave_bytes, 0)
        chunk = b"\0" * 65536
        try:
            while remaining > 0:
                remaining -= handle.write(chunk[: min(len(chunk), remaining)])
            handle.flush()
        except OSError:
            pass  # full a little earlier than statvfs said
    return filler


@contextmanager
def read_only(folder: Path) -> Iterator[Path]:
    """`folder` made read-only: a read-only bind mount as root (root ignores permissions),
    else mode 0500 on the folder and 0400 on its files."""
    if IS_ROOT:
        _mount("--bind", str(folder), str(folder))
        try:
            _mount("-o", "remount,bind,ro", str(folder))
            yield folder
        finally:
            subprocess.run(["umount", "-l", str(folder)], capture_output=True, timeout=30)
        return
    modes = {p: p.stat().st_mode for p in [folder, *folder.rglob("*")]}
    for path in modes:
        path.chmod(0o500 if path.is_dir() else 0o400)
    try:
        yield folder
    finally:
        for path, mode in modes.items():
            path.chmod(mode)
