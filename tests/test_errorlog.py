"""Tests for the log of unexpected errors: private, rotated, never in a missing data folder."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from accountwatch.errorlog import BACKUP_COUNT, MAX_BYTES, log_unexpected

posix_only = pytest.mark.skipif(os.name != "posix", reason="POSIX permissions")


def _raised(message: str) -> Exception:
    try:
        raise ValueError(message)
    except ValueError as exc:
        return exc


@pytest.fixture(autouse=True)
def _state_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))


@posix_only
def test_the_log_is_rotated_capped_and_private(tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir()
    for attempt in range(40):
        written = log_unexpected(_raised(f"attempt {attempt} " + "x" * 100_000), "check", data)
        assert written is not None and written.in_data_folder
    files = sorted((data / "logs").iterdir())
    assert len(files) == BACKUP_COUNT + 1
    assert all(f.stat().st_size <= MAX_BYTES + 200_000 for f in files)
    assert all(stat.S_IMODE(f.stat().st_mode) == 0o600 for f in files)
    assert "attempt 39" in written.path.read_text("utf-8")


@posix_only
def test_a_loosened_log_is_tightened_again(tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir()
    first = log_unexpected(_raised("one"), "check", data)
    assert first is not None
    first.path.chmod(0o666)
    (data / "logs").chmod(0o755)
    log_unexpected(_raised("two"), "check", data)
    assert stat.S_IMODE(first.path.stat().st_mode) == 0o600
    assert stat.S_IMODE((data / "logs").stat().st_mode) == 0o700


def test_a_data_folder_that_is_a_file_sends_the_log_to_the_fallback(tmp_path: Path) -> None:
    not_a_folder = tmp_path / "data"
    not_a_folder.write_text("", "utf-8")
    written = log_unexpected(_raised("boom"), "check", not_a_folder)
    assert written is not None and not written.in_data_folder
    assert written.path.is_relative_to(tmp_path / "state")
    assert "ValueError: boom" in written.path.read_text("utf-8")
