"""The SQLite database in the data folder: opening it safely, migrations and transactions."""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import re
import secrets
import sqlite3
import threading
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path

from accountwatch.core.error_words import os_error_words
from accountwatch.i18n import _
from accountwatch.paths import ensure_private_dir, make_private_file
from accountwatch.store.backup import backup_database

DB_FILENAME = "accountwatch.sqlite3"
SQLITE_HEADER = b"SQLite format 3\x00"
BUSY_TIMEOUT_MS = 5000
# When the data folder's database was made (aware ISO 8601, UTC): reminders never speak of a
# date before it.
CREATED_KEY = "created_at"
_MIGRATION_NAME = re.compile(r"^(\d{4})_[a-z0-9_]+\.sql$")


class DataDirError(Exception):
    """The data folder cannot be used: locked, written by a newer version, unreadable or corrupt."""


@dataclass(frozen=True)
class Migration:
    version: int
    name: str
    sql: str


def default_migrations() -> Traversable:
    return resources.files("accountwatch.store") / "migrations"


def load_migrations(source: Traversable | None = None) -> list[Migration]:
    """The numbered `NNNN_name.sql` files of `source`, in order; numbering must be 1, 2, 3…"""
    folder = source if source is not None else default_migrations()
    found: list[Migration] = []
    for entry in folder.iterdir():
        match = _MIGRATION_NAME.match(entry.name)
        if match and entry.is_file():
            found.append(Migration(int(match.group(1)), entry.name, entry.read_text("utf-8")))
    found.sort(key=lambda m: m.version)
    versions = [m.version for m in found]
    if versions != list(range(1, len(found) + 1)):
        raise ValueError(f"migrations must be numbered 1, 2, 3… without gaps, found {versions}")
    return found


class Database:
    """One open connection to the profile database; every write goes through `transaction()`."""

    def __init__(self, connection: sqlite3.Connection, path: Path) -> None:
        self._connection = connection
        self.path = path
        # The GUI reads and writes from different threads; one at a time keeps transactions whole.
        self._lock = threading.RLock()
        self._depth = 0

    @property
    def connection(self) -> sqlite3.Connection:
        return self._connection

    @property
    def data_dir(self) -> Path:
        return self.path.parent

    @property
    def schema_version(self) -> int:
        return _user_version(self._connection)

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """BEGIN IMMEDIATE … COMMIT, or ROLLBACK on an exception; nested calls are savepoints."""
        with self._lock:
            self._depth += 1
            savepoint = f"sp{self._depth}"
            outermost = self._depth == 1
            try:
                begin = "BEGIN IMMEDIATE" if outermost else f"SAVEPOINT {savepoint}"
                self._connection.execute(begin)
                try:
                    yield self._connection
                    self._connection.execute("COMMIT" if outermost else f"RELEASE {savepoint}")
                except BaseException:
                    # Some errors (a full disk) make SQLite roll back by itself already.
                    if self._connection.in_transaction:
                        if outermost:
                            self._connection.execute("ROLLBACK")
                        else:
                            self._connection.execute(f"ROLLBACK TO {savepoint}")
                            self._connection.execute(f"RELEASE {savepoint}")
                    raise
            finally:
                self._depth -= 1

    @contextmanager
    def held(self) -> Iterator[None]:
        """No other thread uses the connection meanwhile (transactions inside are fine)."""
        with self._lock:
            yield

    def state_token(self) -> tuple[int, int]:
        """Changes whenever the database may have: rows changed through this connection
        (`total_changes`, rolled back or not) or anything committed by another connection
        (`data_version`). Equal tokens mean nothing was written in between."""
        with self._lock:
            (version,) = self._connection.execute("PRAGMA data_version").fetchone()
            return int(version), self._connection.total_changes

    @contextmanager
    def snapshot(self) -> Iterator[sqlite3.Connection]:
        """A read transaction, so several SELECTs see one consistent state."""
        with self._lock:
            if self._depth:
                yield self._connection
                return
            self._depth += 1
            try:
                self._connection.execute("BEGIN DEFERRED")
                try:
                    yield self._connection
                finally:
                    self._connection.execute("COMMIT")
            finally:
                self._depth -= 1

    def get_meta(self, key: str) -> str | None:
        with self._lock:
            row = self._connection.execute(
                "SELECT value FROM meta WHERE key = ?", (key,)
            ).fetchone()
        return None if row is None else str(row[0])

    def set_meta(self, key: str, value: str) -> None:
        with self.transaction() as conn:
            conn.execute(
                "INSERT INTO meta (key, value) VALUES (?, ?)"
                " ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                (key, value),
            )

    def delete_meta(self, key: str) -> None:
        with self.transaction() as conn:
            conn.execute("DELETE FROM meta WHERE key = ?", (key,))

    @property
    def install_salt(self) -> bytes:
        """Random per-install salt for password fingerprints."""
        value = self.get_meta("install_salt")
        if value is None:
            raise DataDirError(
                _("The database in {folder} has no install salt.").format(folder=self.data_dir)
            )
        return bytes.fromhex(value)

    @property
    def install_id(self) -> str:
        """Random per-install id, used to namespace keyring entries."""
        value = self.get_meta("install_id")
        if value is None:
            raise DataDirError(
                _("The database in {folder} has no install id.").format(folder=self.data_dir)
            )
        return value

    @property
    def created_at(self) -> dt.datetime | None:
        """When this data folder's database was made (None: unreadable)."""
        text = self.get_meta(CREATED_KEY)
        try:
            moment = dt.datetime.fromisoformat(text) if text else None
        except ValueError:
            return None
        return moment if moment is not None and moment.tzinfo is not None else None

    def set_created_at(self, moment: dt.datetime) -> None:
        """Date the folder back (the demo's pretends to be as old as its first recorded check)."""
        self.set_meta(CREATED_KEY, moment.astimezone(dt.UTC).isoformat())

    def backup(self) -> Path:
        """Copy the database into the backups folder (the newest 10 are kept)."""
        with self._lock:
            return backup_database(self._connection, self.data_dir, version=self.schema_version)

    def close(self) -> None:
        with self._lock:
            self._connection.close()

    def __enter__(self) -> Database:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()


def open_database(
    data_dir: Path, *, create: bool = True, migrations: Traversable | None = None
) -> Database:
    """Open (or create) `<data_dir>/accountwatch.sqlite3` and bring its schema up to date.

    `migrations` replaces the packaged migrations folder (tests use it to fake a newer schema).
    Raises DataDirError when the folder or file cannot be used; a file that is not ours or is
    newer than this code is left exactly as it was.
    """
    steps = load_migrations(migrations)
    path = data_dir / DB_FILENAME
    try:
        if not path.exists() and not create:
            raise DataDirError(
                _("There is no AccountWatch database in {folder}.").format(folder=data_dir)
            )
        ensure_private_dir(data_dir)
        _check_header(path)
        make_private_file(path)
    except OSError as exc:
        raise DataDirError(
            _("The data folder {folder} cannot be used: {error}").format(
                folder=data_dir, error=os_error_words(exc)
            )
        ) from exc
    try:
        connection = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    except sqlite3.Error as exc:
        raise DataDirError(
            _("The database {path} cannot be opened: {error}").format(path=path, error=exc)
        ) from exc
    try:
        _prepare(connection, path, steps)
    except BaseException:
        connection.close()
        raise
    return Database(connection, path)


def _check_header(path: Path) -> None:
    if not path.exists():
        return
    with path.open("rb") as file:
        header = file.read(len(SQLITE_HEADER))
    if header and header != SQLITE_HEADER:
        raise DataDirError(
            _(
                "{path} is not an AccountWatch database (not a SQLite file); it was left untouched."
            ).format(path=path)
        )


def _user_version(connection: sqlite3.Connection) -> int:
    return int(connection.execute("PRAGMA user_version").fetchone()[0])


def _prepare(connection: sqlite3.Connection, path: Path, steps: list[Migration]) -> None:
    connection.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    connection.execute("PRAGMA foreign_keys = ON")
    # Nothing is written until the version is known to be one we understand.
    try:
        version = _user_version(connection)
        has_tables = connection.execute("SELECT count(*) FROM sqlite_master").fetchone()[0] > 0
    except sqlite3.DatabaseError as exc:
        raise DataDirError(
            _("The database {path} cannot be read: {error}").format(path=path, error=exc)
        ) from exc
    latest = len(steps)
    if version > latest:
        raise DataDirError(
            _(
                "{path} was written by a newer AccountWatch (schema {found}, this version knows "
                "{known}); update AccountWatch to open it."
            ).format(path=path, found=version, known=latest)
        )
    try:
        connection.execute("PRAGMA journal_mode = WAL")
        _tighten_sidecars(path)
        if version < latest:
            backup = None
            if has_tables or version > 0:
                backup = backup_database(connection, path.parent, version=version)
            _migrate(connection, steps[version:], path, backup)
        _ensure_install_meta(connection)
        _ensure_created_at(connection, fresh=not has_tables and version == 0)
    except OSError as exc:
        raise DataDirError(
            _("The data folder {folder} cannot be used: {error}").format(
                folder=path.parent, error=os_error_words(exc)
            )
        ) from exc
    except sqlite3.DatabaseError as exc:
        raise DataDirError(
            _("The database {path} cannot be used: {error}").format(path=path, error=exc)
        ) from exc
    _tighten_sidecars(path)


def _migrate(
    connection: sqlite3.Connection, pending: list[Migration], path: Path, backup: Path | None
) -> None:
    for step in pending:
        # executescript commits any open transaction first, so BEGIN/COMMIT go in the script.
        script = (
            f"BEGIN IMMEDIATE;\n{step.sql}\n;\nPRAGMA user_version = {step.version};\nCOMMIT;\n"
        )
        try:
            connection.executescript(script)
        except sqlite3.Error as exc:
            if connection.in_transaction:
                connection.execute("ROLLBACK")
            # Another process opening the same folder may have applied this step meanwhile.
            if _user_version(connection) >= step.version:
                continue
            if backup is None:
                message = _("Upgrading {path} with {migration} failed: {error}.")
            else:
                message = _(
                    "Upgrading {path} with {migration} failed: {error}. A backup of the "
                    "previous state is in {backup}."
                )
            raise DataDirError(
                message.format(path=path, migration=step.name, error=exc, backup=backup)
            ) from exc


def _ensure_install_meta(connection: sqlite3.Connection) -> None:
    present = connection.execute(
        "SELECT count(*) FROM meta WHERE key IN ('install_salt', 'install_id')"
    ).fetchone()[0]
    if present == 2:
        return
    connection.execute("BEGIN IMMEDIATE")
    try:
        connection.executemany(
            "INSERT OR IGNORE INTO meta (key, value) VALUES (?, ?)",
            [("install_salt", secrets.token_hex(16)), ("install_id", uuid.uuid4().hex)],
        )
    except BaseException:
        connection.execute("ROLLBACK")
        raise
    connection.execute("COMMIT")


def _ensure_created_at(connection: sqlite3.Connection, *, fresh: bool) -> None:
    """Record when the folder was made: now for a new one; for a folder made by an earlier
    version, its first recorded check or reminder (now when it has neither)."""
    if connection.execute("SELECT 1 FROM meta WHERE key = ?", (CREATED_KEY,)).fetchone():
        return
    now = dt.datetime.now(dt.UTC)
    moment = now
    if not fresh:
        earliest = connection.execute(
            "SELECT min(t) FROM (SELECT min(recorded_at) AS t FROM runs"
            " UNION ALL SELECT min(at) FROM reminder_log)"
        ).fetchone()[0]
        with contextlib.suppress(TypeError, ValueError):
            found = dt.datetime.fromisoformat(earliest)
            if found.tzinfo is not None:
                moment = min(found, now)
    connection.execute("BEGIN IMMEDIATE")
    try:
        connection.execute(
            "INSERT OR IGNORE INTO meta (key, value) VALUES (?, ?)",
            (CREATED_KEY, moment.astimezone(dt.UTC).isoformat()),
        )
    except BaseException:
        connection.execute("ROLLBACK")
        raise
    connection.execute("COMMIT")


def _tighten_sidecars(path: Path) -> None:
    if os.name != "posix":
        return
    for suffix in ("-wal", "-shm", "-journal"):
        sidecar = path.with_name(path.name + suffix)
        if sidecar.exists():
            sidecar.chmod(0o600)
