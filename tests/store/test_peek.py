"""Looking into a data folder's database without opening it for use: nothing left behind."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from accountwatch.core.model import Profile
from accountwatch.store import peek
from accountwatch.store.db import DB_FILENAME, open_database
from accountwatch.store.repository import Repository


def _files(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in folder.iterdir() if p.is_file()}


def test_a_look_leaves_the_folder_as_it_was(data_dir: Path, profile: Profile) -> None:
    db = open_database(data_dir)
    Repository(db).save_profile(profile)
    db.close()
    before = _files(data_dir)
    # A read-only connection made -wal and -shm files beside the database.
    assert peek.stored_ids(data_dir) == (
        frozenset(a.id for a in profile.accounts),
        frozenset(c.id for c in profile.cards),
    )
    assert peek.folder_use(data_dir) is not None
    assert _files(data_dir) == before


def test_rows_still_in_the_write_ahead_log_are_seen(data_dir: Path, profile: Profile) -> None:
    db = open_database(data_dir)
    Repository(db).save_profile(profile)
    db.close()
    writer = sqlite3.connect(data_dir / DB_FILENAME)
    writer.execute("PRAGMA journal_mode=WAL")
    writer.execute("PRAGMA wal_autocheckpoint=0")
    with writer:
        writer.execute("UPDATE accounts SET id = 'renamed' WHERE id = ?", (profile.accounts[0].id,))
    # The writer still holds the log open (not checkpointed): the look reads it.
    found = peek.stored_ids(data_dir)
    writer.close()
    assert found is not None and "renamed" in found[0]


def test_no_database_and_a_damaged_one(data_dir: Path) -> None:
    assert peek.stored_ids(data_dir) is None
    data_dir.mkdir(parents=True)
    (data_dir / DB_FILENAME).write_bytes(b"not a database at all" * 100)
    with pytest.raises(peek.FolderUnreadableError):
        peek.stored_ids(data_dir)
