"""Tests for the writer lock: one process at a time, across processes."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

import accountwatch
from accountwatch.store.db import DataDirError
from accountwatch.store.lock import LOCK_FILENAME, DataDirLocked, WriterLock

# Exits 0 when it got the lock, 3 (the CLI's "data folder cannot be used") when it did not.
_TRY_LOCK = """
import sys
from pathlib import Path
from accountwatch.store.lock import DataDirLocked, WriterLock
try:
    with WriterLock(Path(sys.argv[1])):
        pass
except DataDirLocked as exc:
    print(exc)
    sys.exit(3)
"""


def _try_in_other_process(data_dir: Path) -> subprocess.CompletedProcess[str]:
    package_root = Path(accountwatch.__file__).parent.parent
    env = {**os.environ, "PYTHONPATH": str(package_root)}
    return subprocess.run(
        [sys.executable, "-c", _TRY_LOCK, str(data_dir)],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_another_process_cannot_lock_until_release(tmp_path: Path) -> None:
    lock = WriterLock(tmp_path / "data")
    lock.acquire()
    try:
        held = _try_in_other_process(tmp_path / "data")
        assert held.returncode == 3, held.stderr
        assert f"process {os.getpid()}" in held.stdout
    finally:
        lock.release()
    free = _try_in_other_process(tmp_path / "data")
    assert free.returncode == 0, free.stdout + free.stderr


def test_holder_pid_is_in_the_lock_file_while_held(tmp_path: Path) -> None:
    with WriterLock(tmp_path) as lock:
        assert lock.held
        assert (tmp_path / LOCK_FILENAME).read_text().strip() == str(os.getpid())
        if os.name == "posix":
            assert stat.S_IMODE((tmp_path / LOCK_FILENAME).stat().st_mode) == 0o600
    assert not lock.held


def test_second_lock_in_the_same_process_is_refused(tmp_path: Path) -> None:
    with WriterLock(tmp_path), pytest.raises(DataDirLocked) as raised:
        WriterLock(tmp_path).acquire()
    assert raised.value.holder == os.getpid()
    assert isinstance(raised.value, DataDirError)
    with WriterLock(tmp_path):
        pass


def test_acquire_and_release_are_idempotent(tmp_path: Path) -> None:
    lock = WriterLock(tmp_path)
    lock.acquire()
    lock.acquire()
    lock.release()
    lock.release()
    assert not lock.held


def test_lock_creates_the_data_folder(tmp_path: Path) -> None:
    target = tmp_path / "new" / "data"
    with WriterLock(target):
        assert (target / LOCK_FILENAME).exists()


def test_unusable_folder_is_a_data_dir_error(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("")
    with pytest.raises(DataDirError):
        WriterLock(blocker).acquire()
