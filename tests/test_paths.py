"""Tests for choosing the data folder and keeping it private."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import platformdirs
import pytest

from accountwatch.paths import (
    DATA_DIR_ENV,
    data_dir,
    ensure_private_dir,
    make_private_file,
    refuses_writing,
)

posix_only = pytest.mark.skipif(os.name != "posix", reason="POSIX permissions")


def test_command_line_wins_over_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(DATA_DIR_ENV, str(tmp_path / "env"))
    assert data_dir(str(tmp_path / "cli")) == tmp_path / "cli"


def test_environment_wins_over_platform_default(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(DATA_DIR_ENV, str(tmp_path / "env"))
    assert data_dir(None) == tmp_path / "env"


def test_platform_default_without_flag_or_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(DATA_DIR_ENV, raising=False)
    expected = Path(platformdirs.user_data_dir("AccountWatch", appauthor=False))
    assert data_dir(None) == expected
    assert data_dir("") == expected


def test_home_is_expanded(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("HOME", str(tmp_path))
    assert data_dir("~/aw") == tmp_path / "aw"


@posix_only
def test_new_folder_and_parents_are_created_private(tmp_path: Path) -> None:
    target = tmp_path / "a" / "b" / "data"
    assert ensure_private_dir(target) == target
    assert stat.S_IMODE(target.stat().st_mode) == 0o700


@posix_only
def test_existing_folder_is_tightened(tmp_path: Path) -> None:
    target = tmp_path / "open"
    target.mkdir(mode=0o755)
    target.chmod(0o755)
    ensure_private_dir(target)
    assert stat.S_IMODE(target.stat().st_mode) == 0o700


@posix_only
def test_private_file_is_created_0600_and_keeps_its_content(tmp_path: Path) -> None:
    new = tmp_path / "new"
    make_private_file(new)
    assert stat.S_IMODE(new.stat().st_mode) == 0o600
    existing = tmp_path / "existing"
    existing.write_text("keep me")
    existing.chmod(0o644)
    make_private_file(existing)
    assert stat.S_IMODE(existing.stat().st_mode) == 0o600
    assert existing.read_text() == "keep me"


@posix_only
def test_tightening_takes_rights_from_others_and_never_gives_the_owner_write(
    tmp_path: Path,
) -> None:
    # A folder and a file the user made read-only stay read-only: AccountWatch must not undo a
    # `chmod -w` and then write what the user meant to keep as it was.
    folder = tmp_path / "kept"
    folder.mkdir()
    folder.chmod(0o555)
    ensure_private_dir(folder)
    assert stat.S_IMODE(folder.stat().st_mode) == 0o500
    folder.chmod(0o700)
    kept = folder / "kept"
    kept.write_text("keep me")
    kept.chmod(0o444)
    make_private_file(kept)
    assert stat.S_IMODE(kept.stat().st_mode) == 0o400


@posix_only
def test_what_its_owner_made_read_only_refuses_writing_even_to_root(tmp_path: Path) -> None:
    # Root may write anything (access() says yes): the owner's mode is what the user said.
    folder = tmp_path / "folder"
    folder.mkdir(mode=0o700)
    file = folder / "file"
    file.write_text("kept")
    assert not refuses_writing(folder) and not refuses_writing(file)
    file.chmod(0o400)
    assert refuses_writing(file)
    folder.chmod(0o500)
    try:
        assert refuses_writing(folder)
    finally:
        folder.chmod(0o700)
    # Nothing there, or a link (refused as a link wherever one is found): not read-only.
    assert not refuses_writing(folder / "missing")
    (folder / "link").symlink_to(file)
    assert not refuses_writing(folder / "link")
