"""`accountwatch restore` underneath: the newest good backup back in place, the old file aside."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from accountwatch.core.model import Profile
from accountwatch.store.backup import (
    backup_database,
    backup_problems,
    list_backups,
    newest_good_backup,
)
from accountwatch.store.db import DB_FILENAME, DataDirError, load_migrations, open_database
from accountwatch.store.lock import DataDirLocked, WriterLock
from accountwatch.store.repository import Repository
from accountwatch.store.restore import restore_backup
from fault_tools import damage_a_page

LATEST = len(load_migrations())


def _two_backups(data_dir: Path, profile: Profile) -> tuple[Path, Path]:
    """An older backup holding `profile`, a newer one holding an empty profile."""
    with open_database(data_dir) as db:
        Repository(db).save_profile(profile)
        older = backup_database(
            db.connection, data_dir, version=LATEST, now=dt.datetime(2026, 11, 1, 9, 0)
        )
        Repository(db).save_profile(Profile())
        newer = backup_database(
            db.connection, data_dir, version=LATEST, now=dt.datetime(2026, 11, 2, 9, 0)
        )
    return older, newer


def test_the_newest_good_backup_is_chosen_past_a_damaged_one(
    data_dir: Path, profile: Profile
) -> None:
    older, newer = _two_backups(data_dir, profile)
    assert newest_good_backup(data_dir, LATEST) == newer
    damage_a_page(newer, page=1)
    assert backup_problems(newer, LATEST)
    assert newest_good_backup(data_dir, LATEST) == older


def test_restoring_keeps_the_damaged_file_and_its_wal_aside(
    data_dir: Path, profile: Profile
) -> None:
    older, _newer = _two_backups(data_dir, profile)
    damage_a_page(data_dir / DB_FILENAME)
    damaged = (data_dir / DB_FILENAME).read_bytes()
    (data_dir / (DB_FILENAME + "-wal")).write_bytes(b"")  # left by a crash

    restored = restore_backup(data_dir, older, latest=LATEST, reason="damaged")

    assert restored.backup == older
    assert restored.kept_aside is not None
    assert restored.kept_aside.name.startswith("accountwatch-damaged-")
    assert restored.kept_aside.read_bytes() == damaged
    assert (data_dir / (restored.kept_aside.name + "-wal")).exists()
    assert not (data_dir / (DB_FILENAME + "-wal")).exists()
    with open_database(data_dir) as db:
        assert Repository(db).load_profile() == profile
    # Only the restored database and the file kept aside: no partial copy left.
    names = sorted(p.name for p in data_dir.iterdir() if p.is_file())
    assert [n for n in names if "restore" in n or n.startswith(".")] == []


def test_a_backup_that_is_not_ours_is_refused_and_nothing_moves(
    data_dir: Path, tmp_path: Path, profile: Profile
) -> None:
    with open_database(data_dir) as db:
        Repository(db).save_profile(profile)
    before = (data_dir / DB_FILENAME).read_bytes()
    stranger = tmp_path / "stranger.sqlite3"
    stranger.write_bytes(b"SQLite format 3\x00" + b"\x00" * 100)
    with pytest.raises(DataDirError, match="cannot be restored"):
        restore_backup(data_dir, stranger, latest=LATEST, reason="replaced")
    assert (data_dir / DB_FILENAME).read_bytes() == before
    assert sorted(p.name for p in data_dir.iterdir() if "accountwatch-" in p.name) == []


def test_restore_waits_for_no_one_while_another_process_writes(
    data_dir: Path, profile: Profile
) -> None:
    older, _newer = _two_backups(data_dir, profile)
    before = (data_dir / DB_FILENAME).read_bytes()
    with WriterLock(data_dir), pytest.raises(DataDirLocked):
        restore_backup(data_dir, older, latest=LATEST, reason="replaced")
    assert (data_dir / DB_FILENAME).read_bytes() == before
    assert len(list_backups(data_dir)) == 2
