"""Tests for database backups: names, content, permissions and how many are kept."""

from __future__ import annotations

import datetime as dt
import sqlite3
from contextlib import closing
from pathlib import Path

from accountwatch.core.model import Profile
from accountwatch.store.backup import backup_database, list_backups
from accountwatch.store.db import Database
from accountwatch.store.repository import Repository

NOON = dt.datetime(2026, 11, 29, 12, 0, 0)


def test_backup_is_a_readable_copy_named_by_time_and_schema(
    db: Database, data_dir: Path, profile: Profile
) -> None:
    Repository(db).save_profile(profile)
    path = backup_database(db.connection, data_dir, version=7, now=NOON)
    assert path == data_dir / "backups" / "accountwatch-20261129-120000-v7.sqlite3"
    with closing(sqlite3.connect(path)) as copy:
        logins = [r[0] for r in copy.execute("SELECT login_id FROM accounts ORDER BY position")]
    assert logins == [a.login_id for a in profile.accounts]
    assert not list((data_dir / "backups").glob("*.partial"))


def test_backups_in_the_same_second_do_not_overwrite_each_other(
    db: Database, data_dir: Path
) -> None:
    first = backup_database(db.connection, data_dir, version=1, now=NOON)
    second = backup_database(db.connection, data_dir, version=1, now=NOON)
    third = backup_database(db.connection, data_dir, version=2, now=NOON)
    assert len({first, second, third}) == 3
    assert list_backups(data_dir) == [third, second, first]


def test_only_the_newest_ten_are_kept(db: Database, data_dir: Path) -> None:
    made = [
        backup_database(db.connection, data_dir, version=1, now=NOON + dt.timedelta(minutes=i))
        for i in range(13)
    ]
    assert list_backups(data_dir) == made[::-1][:10]
    assert not any(p.exists() for p in made[:3])


def test_database_backup_uses_its_schema_version(db: Database, data_dir: Path) -> None:
    path = db.backup()
    assert path.name.endswith(f"-v{db.schema_version}.sqlite3")
    assert list_backups(data_dir) == [path]


def test_no_backups_folder_means_no_backups(tmp_path: Path) -> None:
    assert list_backups(tmp_path) == []
