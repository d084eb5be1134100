"""Tests for opening the database: creation, permissions, migrations, refusals, transactions."""

from __future__ import annotations

import os
import shutil
import sqlite3
import stat
import uuid
from contextlib import closing
from pathlib import Path

import pytest

from accountwatch.core.model import Profile
from accountwatch.store.backup import list_backups
from accountwatch.store.db import (
    DB_FILENAME,
    Database,
    DataDirError,
    default_migrations,
    load_migrations,
    open_database,
    random_uuid_hex,
)
from accountwatch.store.repository import Repository

posix_only = pytest.mark.skipif(os.name != "posix", reason="POSIX permissions")
LATEST = len(load_migrations())


def _fake_migrations(tmp_path: Path, extra_sql: str) -> Path:
    """The shipped migrations plus a 9999-free `NNNN_extra.sql` that comes next."""
    folder = tmp_path / "migrations"
    folder.mkdir()
    for entry in default_migrations().iterdir():
        if entry.name.endswith(".sql"):
            (folder / entry.name).write_text(entry.read_text("utf-8"), "utf-8")
    (folder / f"{LATEST + 1:04d}_extra.sql").write_text(extra_sql, "utf-8")
    return folder


def _user_version(path: Path) -> int:
    with closing(sqlite3.connect(path)) as conn:
        return int(conn.execute("PRAGMA user_version").fetchone()[0])


def test_new_database_is_migrated_to_the_latest_schema(db: Database, data_dir: Path) -> None:
    assert db.path == data_dir / DB_FILENAME
    assert db.schema_version == LATEST >= 1
    tables = {r[0] for r in db.connection.execute("SELECT name FROM sqlite_master")}
    assert {"accounts", "cards", "payments", "runs", "run_findings", "meta"} <= tables
    assert db.connection.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert db.connection.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert db.connection.execute("PRAGMA busy_timeout").fetchone()[0] > 0


def test_no_backup_is_taken_of_a_brand_new_database(db: Database, data_dir: Path) -> None:
    assert list_backups(data_dir) == []


def test_install_salt_and_id_are_random_and_stable(data_dir: Path, tmp_path: Path) -> None:
    with open_database(data_dir) as first:
        salt, install_id = first.install_salt, first.install_id
    assert len(salt) == 16
    assert len(install_id) == 32
    int(install_id, 16)
    with open_database(data_dir) as again:
        assert (again.install_salt, again.install_id) == (salt, install_id)
    with open_database(tmp_path / "other") as other:
        assert other.install_salt != salt
        assert other.install_id != install_id


def test_the_install_id_is_a_random_uuid_as_uuid4_makes_it(db: Database) -> None:
    # Made without the uuid module (it loads the platform module at every new database).
    for value in (db.install_id, *(random_uuid_hex() for _ in range(200))):
        parsed = uuid.UUID(hex=value)
        assert (parsed.hex, parsed.version, parsed.variant) == (value, 4, uuid.RFC_4122)
    assert len({random_uuid_hex() for _ in range(200)}) == 200


def test_meta_values_can_be_set_and_replaced(db: Database) -> None:
    assert db.get_meta("missing") is None
    db.set_meta("reminder-log", "1")
    db.set_meta("reminder-log", "2")
    assert db.get_meta("reminder-log") == "2"


@posix_only
def test_folder_is_0700_and_files_are_0600(data_dir: Path, profile: Profile) -> None:
    data_dir.mkdir(mode=0o755)
    data_dir.chmod(0o755)
    with open_database(data_dir) as db:
        Repository(db).save_profile(profile)
        db.backup()
        created = [p for p in data_dir.rglob("*") if p.is_file()]
        # The WAL and shared-memory files exist while the database is open.
        assert {p.name for p in created} >= {
            DB_FILENAME,
            DB_FILENAME + "-wal",
            DB_FILENAME + "-shm",
        }
        for path in created:
            assert stat.S_IMODE(path.stat().st_mode) == 0o600, path
    assert stat.S_IMODE(data_dir.stat().st_mode) == 0o700
    assert stat.S_IMODE((data_dir / "backups").stat().st_mode) == 0o700


@posix_only
def test_an_existing_folder_and_database_are_tightened(data_dir: Path) -> None:
    open_database(data_dir).close()
    data_dir.chmod(0o755)
    (data_dir / DB_FILENAME).chmod(0o644)
    open_database(data_dir, create=False).close()
    assert stat.S_IMODE(data_dir.stat().st_mode) == 0o700
    assert stat.S_IMODE((data_dir / DB_FILENAME).stat().st_mode) == 0o600


def test_missing_database_is_an_error_when_creation_is_not_allowed(data_dir: Path) -> None:
    with pytest.raises(DataDirError, match="no AccountWatch database"):
        open_database(data_dir, create=False)
    assert not data_dir.exists()


def test_existing_database_opens_without_create(data_dir: Path) -> None:
    open_database(data_dir).close()
    with open_database(data_dir, create=False) as db:
        assert db.schema_version == LATEST


def test_a_file_that_is_not_sqlite_is_refused_and_left_alone(data_dir: Path) -> None:
    data_dir.mkdir()
    path = data_dir / DB_FILENAME
    content = b'{"format": "accountwatch.profile", "version": 1}\n' * 20
    path.write_bytes(content)
    with pytest.raises(DataDirError, match="not a SQLite file"):
        open_database(data_dir)
    assert path.read_bytes() == content
    assert sorted(p.name for p in data_dir.iterdir()) == [DB_FILENAME]


def test_a_corrupt_sqlite_file_is_refused_without_a_traceback(data_dir: Path) -> None:
    data_dir.mkdir()
    path = data_dir / DB_FILENAME
    content = b"SQLite format 3\x00" + b"\xff" * 4000
    path.write_bytes(content)
    with pytest.raises(DataDirError):
        open_database(data_dir)
    assert path.read_bytes() == content


def test_a_folder_in_place_of_the_file_is_a_data_dir_error(data_dir: Path) -> None:
    (data_dir / DB_FILENAME).mkdir(parents=True)
    with pytest.raises(DataDirError):
        open_database(data_dir)


def test_a_newer_database_is_refused_and_left_byte_identical(
    data_dir: Path, profile: Profile
) -> None:
    with open_database(data_dir) as db:
        Repository(db).save_profile(profile)
        db.connection.execute(f"PRAGMA user_version = {LATEST + 5}")
    path = data_dir / DB_FILENAME
    before = path.read_bytes()
    with pytest.raises(DataDirError) as raised:
        open_database(data_dir)
    message = str(raised.value)
    assert "was written by a newer AccountWatch" in message
    assert f"schema {LATEST + 5}, this version knows {LATEST}" in message
    assert path.read_bytes() == before
    assert list_backups(data_dir) == []


def test_migrating_an_existing_database_backs_it_up_first(
    data_dir: Path, tmp_path: Path, profile: Profile
) -> None:
    with open_database(data_dir) as db:
        Repository(db).save_profile(profile)
    migrations = _fake_migrations(
        tmp_path, "CREATE TABLE extra (x INTEGER); INSERT INTO extra VALUES (42);"
    )

    with open_database(data_dir, migrations=migrations) as db:
        assert db.schema_version == LATEST + 1
        assert db.connection.execute("SELECT x FROM extra").fetchall() == [(42,)]
        assert Repository(db).load_profile() == profile

    [backup] = list_backups(data_dir)
    assert backup.name.endswith(f"-v{LATEST}.sqlite3")
    assert _user_version(backup) == LATEST
    restored = tmp_path / "restored"
    restored.mkdir()
    shutil.copy(backup, restored / DB_FILENAME)
    with open_database(restored) as old:
        assert Repository(old).load_profile() == profile
        tables = {r[0] for r in old.connection.execute("SELECT name FROM sqlite_master")}
        assert "extra" not in tables


def test_a_copy_at_an_older_version_is_migrated_step_by_step(
    data_dir: Path, tmp_path: Path
) -> None:
    open_database(data_dir).close()
    copy_dir = tmp_path / "copy"
    copy_dir.mkdir()
    shutil.copy(data_dir / DB_FILENAME, copy_dir / DB_FILENAME)
    migrations = _fake_migrations(tmp_path, "ALTER TABLE cards ADD COLUMN nickname TEXT;")

    with open_database(copy_dir, migrations=migrations) as db:
        columns = [r[1] for r in db.connection.execute("PRAGMA table_info(cards)")]
    assert "nickname" in columns
    assert _user_version(copy_dir / DB_FILENAME) == LATEST + 1
    assert _user_version(data_dir / DB_FILENAME) == LATEST
    # The migrated copy is refused by the code that knows one schema fewer.
    with pytest.raises(DataDirError, match="newer AccountWatch"):
        open_database(copy_dir)


def test_a_failing_migration_changes_nothing_and_names_the_backup(
    data_dir: Path, tmp_path: Path, profile: Profile
) -> None:
    with open_database(data_dir) as db:
        Repository(db).save_profile(profile)
    migrations = _fake_migrations(
        tmp_path, "CREATE TABLE half (x INTEGER);\nINSERT INTO no_such_table VALUES (1);"
    )
    with pytest.raises(DataDirError, match="backup") as raised:
        open_database(data_dir, migrations=migrations)
    [backup] = list_backups(data_dir)
    assert str(backup) in str(raised.value)
    with open_database(data_dir) as db:
        assert db.schema_version == LATEST
        tables = {r[0] for r in db.connection.execute("SELECT name FROM sqlite_master")}
        assert "half" not in tables
        assert Repository(db).load_profile() == profile


def test_migration_files_must_be_numbered_without_gaps(tmp_path: Path) -> None:
    (tmp_path / "0001_a.sql").write_text("SELECT 1;")
    (tmp_path / "0003_c.sql").write_text("SELECT 1;")
    (tmp_path / "README.txt").write_text("not a migration")
    with pytest.raises(ValueError, match="without gaps"):
        load_migrations(tmp_path)


def test_transaction_commits_or_rolls_back_whole(db: Database) -> None:
    with db.transaction() as conn:
        conn.execute("INSERT INTO meta VALUES ('a', '1')")
    with pytest.raises(RuntimeError), db.transaction() as conn:
        conn.execute("INSERT INTO meta VALUES ('b', '2')")
        raise RuntimeError("mid-transaction")
    assert db.get_meta("a") == "1"
    assert db.get_meta("b") is None
    assert not db.connection.in_transaction


def test_nested_transaction_rolls_back_only_its_own_part(db: Database) -> None:
    with db.transaction() as conn:
        conn.execute("INSERT INTO meta VALUES ('outer', '1')")
        with pytest.raises(KeyError), db.transaction():
            conn.execute("INSERT INTO meta VALUES ('inner', '1')")
            raise KeyError("inner")
        db.set_meta("after", "1")
    assert db.get_meta("outer") == "1"
    assert db.get_meta("inner") is None
    assert db.get_meta("after") == "1"


def test_a_second_connection_cannot_write_during_a_transaction(db: Database) -> None:
    with closing(sqlite3.connect(db.path, timeout=0.05)) as other, db.transaction() as conn:
        conn.execute("INSERT INTO meta VALUES ('mine', '1')")
        with pytest.raises(sqlite3.OperationalError, match="locked"):
            other.execute("INSERT INTO meta VALUES ('theirs', '1')")


def test_runs_recorded_before_acknowledgement_reasons_were_kept_read_without_one(
    data_dir: Path, tmp_path: Path
) -> None:
    older = tmp_path / "older"
    older.mkdir()
    for entry in default_migrations().iterdir():
        if entry.name.endswith(".sql") and entry.name < "0004":
            (older / entry.name).write_text(entry.read_text("utf-8"), "utf-8")
    with open_database(data_dir, migrations=older) as db, db.transaction() as conn:
        conn.execute(
            "INSERT INTO runs (id, recorded_at, evaluated_on, score, band)"
            " VALUES (1, '2026-11-02T09:00:00+00:00', '2026-11-02', 40, 'moderate')"
        )
        conn.execute(
            "INSERT INTO run_accounts (run_id, position, account_id, score, band)"
            " VALUES (1, 0, 'alibaba-main', 40, 'moderate')"
        )
        conn.execute(
            "INSERT INTO run_findings (run_id, account_position, position, rule, category,"
            " subject, weight, message, action, why, acknowledged)"
            " VALUES (1, 0, 0, 'SEC-2FA-WEAK', 'security', 'account:alibaba-main', 0.2,"
            " 'SMS only.', 'Use an app.', 'SIM swaps.', 1)"
        )
    with open_database(data_dir) as db:
        run = Repository(db).run(1)
    assert run is not None
    [finding] = run.accounts[0].findings
    assert finding.acknowledged
    assert (finding.ack_reason, finding.ack_until) == ("", None)
