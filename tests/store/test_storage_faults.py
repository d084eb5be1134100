"""Damaged, empty, foreign and planted files in the data folder are reported, never used."""

from __future__ import annotations

import contextlib
import os
import shutil
import sqlite3
import stat
from pathlib import Path

import pytest

from accountwatch.core.model import Profile
from accountwatch.store import health
from accountwatch.store.backup import backup_problems, list_backups
from accountwatch.store.db import (
    DB_FILENAME,
    BackupsReadOnly,
    DatabaseDamaged,
    DataDirError,
    DiskFull,
    default_migrations,
    load_migrations,
    open_database,
    open_read_only,
    storage_error,
)
from accountwatch.store.lock import LOCK_FILENAME, WriterLock
from accountwatch.store.repository import Repository
from accountwatch.store.restore import BackupRefused, restore_backup
from fault_tools import damage_a_page

posix_only = pytest.mark.skipif(os.name != "posix", reason="POSIX permissions and links")


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_a_damaged_page_is_found_by_quick_check_and_named_damaged(
    data_dir: Path, profile: Profile
) -> None:
    with open_database(data_dir) as db:
        Repository(db).save_profile(profile)
    path = data_dir / DB_FILENAME
    assert health.damage(path) == []
    damage_a_page(path)
    assert health.damage(path)
    # The failing read (whether at open or at the first query) is told apart as damage.
    with pytest.raises(sqlite3.DatabaseError) as raised, open_database(data_dir) as db:
        Repository(db).load_profile()
    except_damaged = storage_error(path, raised.value)
    assert isinstance(except_damaged, DatabaseDamaged)
    assert "accountwatch restore" in str(except_damaged)


def test_a_damaged_header_page_fails_at_open_as_damaged(data_dir: Path, profile: Profile) -> None:
    with open_database(data_dir) as db:
        Repository(db).save_profile(profile)
    path = data_dir / DB_FILENAME
    damage_a_page(path, page=0)
    path.write_bytes(b"SQLite format 3\x00" + path.read_bytes()[16:])
    before = path.read_bytes()
    with pytest.raises(DatabaseDamaged):
        open_database(data_dir)
    assert path.read_bytes() == before


def test_an_empty_database_file_is_reported_not_taken_for_a_new_profile(data_dir: Path) -> None:
    data_dir.mkdir()
    (data_dir / DB_FILENAME).touch()
    with pytest.raises(DatabaseDamaged, match="empty"):
        open_database(data_dir)
    assert (data_dir / DB_FILENAME).stat().st_size == 0


def test_another_programs_sqlite_file_is_refused_and_left_alone(data_dir: Path) -> None:
    data_dir.mkdir()
    path = data_dir / DB_FILENAME
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE notes (body TEXT)")
        conn.execute("INSERT INTO notes VALUES ('someone else''s')")
    conn.close()
    before = path.read_bytes()
    with pytest.raises(DataDirError, match="another program"):
        open_database(data_dir)
    assert path.read_bytes() == before


def test_a_new_database_appears_whole_or_not_at_all(data_dir: Path, tmp_path: Path) -> None:
    """A creation that fails half-way (here a migration) leaves no file that would later pass
    for a profile: the old code left an empty or half-made accountwatch.sqlite3 behind."""
    migrations = tmp_path / "migrations"
    migrations.mkdir()
    (migrations / "0001_broken.sql").write_text(
        "CREATE TABLE meta (x); INSERT INTO nowhere VALUES (1);"
    )
    with pytest.raises(DataDirError):
        open_database(data_dir, migrations=migrations)
    assert sorted(p.name for p in data_dir.iterdir()) == []
    with open_database(data_dir) as db:
        assert db.install_id


def test_disk_full_errors_are_told_apart() -> None:
    full = sqlite3.OperationalError("database or disk is full")
    full.sqlite_errorcode = health.SQLITE_FULL  # type: ignore[attr-defined]
    assert health.is_disk_full(full)
    assert health.is_disk_full(OSError(28, "No space left on device"))
    assert not health.is_disk_full(OSError(13, "Permission denied"))
    assert isinstance(storage_error(Path("/nonexistent/x.sqlite3"), full), DiskFull)


@posix_only
def test_a_symlink_planted_as_the_lock_is_not_followed(tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir()
    victim = tmp_path / "victim.txt"
    victim.write_text("precious\n")
    (data / LOCK_FILENAME).symlink_to(victim)
    with pytest.raises(DataDirError, match=f"^{LOCK_FILENAME} in the data folder .* symbolic link"):
        WriterLock(data).acquire()
    assert victim.read_text() == "precious\n"


@posix_only
def test_a_symlink_planted_as_the_database_or_its_wal_is_not_followed(
    data_dir: Path, tmp_path: Path
) -> None:
    open_database(data_dir).close()
    victim = tmp_path / "victim.sqlite3"
    victim.write_bytes(b"precious")
    wal = data_dir / (DB_FILENAME + "-wal")
    wal.symlink_to(victim)
    with pytest.raises(DataDirError, match=f"^{DB_FILENAME}-wal in the data folder .* link"):
        open_database(data_dir)
    assert victim.read_bytes() == b"precious"
    wal.unlink()
    (data_dir / DB_FILENAME).unlink()
    (data_dir / DB_FILENAME).symlink_to(victim)
    for opening in (open_database, open_read_only):
        with pytest.raises(DataDirError, match=f"^{DB_FILENAME} in the data folder .* link"):
            opening(data_dir)
    assert victim.read_bytes() == b"precious"


@posix_only
def test_permissions_loosened_by_hand_are_tightened_on_every_open(
    data_dir: Path, profile: Profile
) -> None:
    with open_database(data_dir) as db:
        Repository(db).save_profile(profile)
        db.backup()
    with WriterLock(data_dir):
        pass
    logs = data_dir / "logs"
    logs.mkdir()
    (logs / "accountwatch.log").write_text("x")
    loosened = [data_dir / LOCK_FILENAME, data_dir / DB_FILENAME, logs / "accountwatch.log"]
    loosened += list((data_dir / "backups").iterdir())
    for path in loosened:
        path.chmod(0o666)
    for folder in (data_dir, logs, data_dir / "backups"):
        folder.chmod(0o777)

    open_database(data_dir).close()

    assert {p.name: _mode(p) for p in loosened} == {p.name: 0o600 for p in loosened}
    assert [_mode(f) for f in (data_dir, logs, data_dir / "backups")] == [0o700] * 3


@posix_only
def test_a_loosened_lock_is_tightened_when_taken(tmp_path: Path) -> None:
    data = tmp_path / "data"
    with WriterLock(data):
        pass
    (data / LOCK_FILENAME).chmod(0o666)
    with WriterLock(data):
        assert _mode(data / LOCK_FILENAME) == 0o600


def test_sqlite_s_own_words_are_said_in_the_user_s_language(tmp_path: Path) -> None:
    from accountwatch import i18n

    foreign = tmp_path / "foreign.sqlite3"
    foreign.write_bytes(b"not a database at all, just text " * 200)
    assert health.damage(foreign) == ["the file is not a database"]
    i18n.set_language("ja")
    try:
        [words] = health.damage(foreign)
    finally:
        i18n.set_language("en")
    assert words != "the file is not a database" and "データベース" in words


def test_a_folder_in_the_database_s_place_is_named_not_taken_for_no_database(
    data_dir: Path,
) -> None:
    (data_dir / DB_FILENAME).mkdir(parents=True)
    for create in (True, False):
        with pytest.raises(DataDirError, match=f"^{DB_FILENAME} in the data folder .* folder"):
            open_database(data_dir, create=create)


@posix_only
def test_a_database_that_cannot_be_read_is_named(data_dir: Path) -> None:
    open_database(data_dir).close()
    (data_dir / DB_FILENAME).chmod(0)
    try:
        if os.access(data_dir / DB_FILENAME, os.R_OK):
            pytest.skip("this user reads any file (root): tests/cli runs it without that right")
        with pytest.raises(DataDirError, match=f"^{DB_FILENAME} in .* permission denied"):
            open_read_only(data_dir)
    finally:
        (data_dir / DB_FILENAME).chmod(0o600)


def test_an_overwritten_header_points_to_restore_only_when_a_good_backup_exists(
    data_dir: Path, profile: Profile
) -> None:
    with open_database(data_dir) as db:
        Repository(db).save_profile(profile)
        db.backup()
    with (data_dir / DB_FILENAME).open("r+b") as handle:
        handle.write(b"garbage, not a header")
    with pytest.raises(DataDirError, match="not a SQLite file") as refused:
        open_database(data_dir)
    assert f"run: accountwatch restore --data-dir {data_dir}" in str(refused.value)
    shutil.rmtree(data_dir / "backups")
    with pytest.raises(DataDirError, match="not a SQLite file") as refused:
        open_database(data_dir)
    assert "accountwatch restore" not in str(refused.value)  # it would find nothing to restore


def test_checking_a_database_or_a_backup_leaves_nothing_beside_it(
    data_dir: Path, profile: Profile
) -> None:
    with open_database(data_dir) as db:
        Repository(db).save_profile(profile)
        backup = db.backup()
    before = sorted(p.name for p in data_dir.rglob("*"))
    assert health.damage(data_dir / DB_FILENAME) == []
    assert backup_problems(backup, len(load_migrations())) == []
    truncated = data_dir / DB_FILENAME
    with truncated.open("r+b") as handle:
        handle.truncate(3000)
    assert health.damage(truncated)
    assert sorted(p.name for p in data_dir.rglob("*")) == before


def test_a_backup_that_cannot_be_restored_is_refused_as_such(
    data_dir: Path, tmp_path: Path
) -> None:
    open_database(data_dir).close()
    text = tmp_path / "notes.txt"
    text.write_text("not a database\n")
    for backup in (tmp_path / "nope.sqlite3", text):
        with pytest.raises(BackupRefused, match="cannot be restored"):
            restore_backup(data_dir, backup, latest=len(load_migrations()), reason="replaced")
    assert list_backups(data_dir) == []


def _older_schema(data_dir: Path, tmp_path: Path) -> int:
    """A data folder whose database has the first three migrations only, and a backup of it;
    its schema version."""
    older = tmp_path / "older"
    older.mkdir()
    for entry in default_migrations().iterdir():
        if entry.name.endswith(".sql") and entry.name < "0004":
            (older / entry.name).write_text(entry.read_text("utf-8"), "utf-8")
    with open_database(data_dir, migrations=older) as db:
        db.backup()
        return db.schema_version


def _user_version(path: Path) -> int:
    with contextlib.closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as conn:
        return int(conn.execute("PRAGMA user_version").fetchone()[0])


@posix_only
def test_an_upgrade_is_refused_before_anything_when_the_backups_folder_is_read_only(
    data_dir: Path, tmp_path: Path
) -> None:
    # The upgrade is backed up first: a backups folder made read-only (chmod, as root too)
    # refuses it before the database is touched, never halfway with an unexpected error.
    version = _older_schema(data_dir, tmp_path)
    database = (data_dir / DB_FILENAME).read_bytes()
    (data_dir / "backups").chmod(0o500)
    try:
        with pytest.raises(BackupsReadOnly, match=f"^The backups folder {data_dir}/backups is"):
            open_database(data_dir)
        assert (data_dir / DB_FILENAME).read_bytes() == database
        assert len(list_backups(data_dir)) == 1
    finally:
        (data_dir / "backups").chmod(0o700)
    with open_database(data_dir) as db:  # writable again: upgraded, and backed up first
        assert db.schema_version == len(load_migrations()) > version
    assert len(list_backups(data_dir)) == 2


@posix_only
def test_restoring_an_older_backup_is_refused_when_its_upgrade_could_not_be_backed_up(
    data_dir: Path, tmp_path: Path
) -> None:
    _older_schema(data_dir, tmp_path)
    [older] = list_backups(data_dir)
    open_database(data_dir).close()  # upgraded, the older schema backed up once more
    latest = len(load_migrations())
    database = (data_dir / DB_FILENAME).read_bytes()
    (data_dir / "backups").chmod(0o500)
    try:
        with pytest.raises(BackupsReadOnly):
            restore_backup(data_dir, older, latest=latest, reason="replaced")
        assert (data_dir / DB_FILENAME).read_bytes() == database
        assert not list(data_dir.glob("accountwatch-replaced-*"))
    finally:
        (data_dir / "backups").chmod(0o700)
    # A backup of this version needs no upgrade: the backups folder is only read.
    with open_database(data_dir) as db:
        current = db.backup()
    (data_dir / "backups").chmod(0o500)
    try:
        restored = restore_backup(data_dir, current, latest=latest, reason="replaced")
    finally:
        (data_dir / "backups").chmod(0o700)
    assert restored.kept_aside is not None and _user_version(data_dir / DB_FILENAME) == latest
