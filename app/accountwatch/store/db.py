"""The SQLite database in the data folder: opening it safely, migrations and transactions."""

from __future__ import annotations

import contextlib
import datetime as dt
import errno
import os
import re
import secrets
import sqlite3
import stat
import threading
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path

from accountwatch.core.error_words import os_error_words
from accountwatch.i18n import _
from accountwatch.paths import (
    ensure_private_dir,
    make_private_file,
    refuses_writing,
    tighten,
    tighten_data_folder,
)
from accountwatch.store import health
from accountwatch.store.backup import backup_database, backup_dir, newest_good_backup
from accountwatch.store.untouched import reading

DB_FILENAME = "accountwatch.sqlite3"
SQLITE_HEADER = b"SQLite format 3\x00"
BUSY_TIMEOUT_MS = 5000
# Files SQLite keeps beside the database while it is open or after a crash.
SIDECARS = ("-wal", "-shm", "-journal")
# The one-writer lock (store.lock); named here, where what a command writes is checked.
LOCK_FILENAME = "accountwatch.lock"
# The files a command that writes may write, beside new ones: one of them read-only refuses it.
_WRITTEN_FILES = (DB_FILENAME, *(DB_FILENAME + s for s in SIDECARS), LOCK_FILENAME)
# When the data folder's database was made (aware ISO 8601, UTC): reminders never speak of a
# date before it.
CREATED_KEY = "created_at"
# Where the data folder was when its keyring entries last recorded it: a folder found elsewhere
# has been moved or copied (services.relocation).
LOCATION_KEY = "data_folder"
_MIGRATION_NAME = re.compile(r"^(\d{4})_[a-z0-9_]+\.sql$")


class DataDirError(Exception):
    """The data folder cannot be used: locked, written by a newer version, unreadable or corrupt."""


class DatabaseDamaged(DataDirError):  # noqa: N818 - reads as the condition the CLI reports
    """The database file is damaged (or empty): `accountwatch restore` puts a backup back."""

    def __init__(self, path: Path, detail: str) -> None:
        self.path = path
        self.detail = detail
        super().__init__(
            _(
                "The database {path} is damaged ({detail}). Nothing was changed. To go back to "
                "the newest good backup, run: accountwatch restore --data-dir {folder} (the app "
                "offers the same as it starts); the damaged file is kept aside."
            ).format(path=path, detail=detail, folder=path.parent)
        )


class DiskFull(DataDirError):  # noqa: N818 - reads as the condition the CLI reports
    """A write failed for want of space: nothing was changed."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        super().__init__(
            _(
                "The disk holding {folder} is full: nothing was changed. Free some space and "
                "try again."
            ).format(folder=folder)
        )


class FolderReadOnly(DataDirError):  # noqa: N818 - reads as the condition the CLI reports
    """The data folder (or its database) cannot be written: a read-only medium, or made so by
    its owner (`chmod -w`). A command that writes is refused; one that reads works on a copy."""

    def __init__(self, folder: Path, *, file: str | None = None) -> None:
        self.folder = folder
        self.file = file
        if file == DB_FILENAME:
            message = _(
                "The database {file} in the data folder {folder} is read-only: this command "
                "writes to it, so nothing was done. Commands that only read it (export, check "
                "--no-record, report, reminders) still work."
            )
        elif file is not None:
            message = _(
                "{file} in the data folder {folder} is read-only: this command writes to it, "
                "so nothing was done. Commands that only read the data folder (export, check "
                "--no-record, report, reminders) still work."
            )
        else:
            message = _(
                "The data folder {folder} is read-only: this command writes to it, so nothing "
                "was done. Commands that only read it (export, check --no-record, report, "
                "reminders) still work."
            )
        super().__init__(message.format(folder=folder, file=file))


class BackupsReadOnly(DataDirError):  # noqa: N818 - reads as the condition the CLI reports
    """The backups folder cannot be written: a command that backs the database up before it
    changes it (import, an upgrade of the database) is refused before it changes anything."""

    def __init__(self, data_dir: Path) -> None:
        self.folder = backup_dir(data_dir)
        super().__init__(
            _(
                "The backups folder {folder} is read-only: AccountWatch backs the database up "
                "before this command changes it, so nothing was done. Make the folder writable "
                "and try again."
            ).format(folder=self.folder)
        )


def data_dir_error(folder: Path, exc: OSError) -> DataDirError:
    """The error to raise when the data folder or a file in it cannot be used; a file is named
    (the folder alone would leave the user guessing which of its files is meant)."""
    if health.is_disk_full(exc):
        return DiskFull(folder)
    file = _file_in(folder, exc.filename)
    if exc.errno == errno.ELOOP and file is not None:
        return DataDirError(
            _(
                "{file} in the data folder {folder} is a symbolic link; AccountWatch never "
                "follows links there. Remove the link and try again."
            ).format(file=file, folder=folder)
        )
    if exc.errno == errno.ELOOP:
        return DataDirError(
            _(
                "A file in the data folder {folder} is a symbolic link; AccountWatch never follows "
                "links there. Remove the link and try again."
            ).format(folder=folder)
        )
    if file is not None:
        return _file_error(folder, file, os_error_words(exc))
    return DataDirError(
        _("The data folder {folder} cannot be used: {error}").format(
            folder=folder, error=os_error_words(exc)
        )
    )


def _file_error(folder: Path, file: str, words: str) -> DataDirError:
    return DataDirError(
        _("{file} in the data folder {folder} cannot be used: {error}").format(
            file=file, folder=folder, error=words
        )
    )


def _file_in(folder: Path, filename: object) -> str | None:
    """The file an OSError names, relative to the data folder; None when it names none or the
    folder itself."""
    if not isinstance(filename, str | bytes) or not filename:
        return None
    path = Path(os.fsdecode(filename))
    if path == folder:
        return None
    try:
        return str(path.relative_to(folder))
    except ValueError:
        return str(path)


def has_database(data_dir: Path) -> bool:
    """Whether `data_dir` holds a database (False: neither the folder nor the file exists).

    DataDirError when the folder cannot be looked into, or when a folder, a symbolic link or
    anything else but a file stands in the database's place or its side files': reported as
    what it is, never taken for a missing database (which would make a new one) or opened."""
    path = data_dir / DB_FILENAME
    try:
        mode = path.lstat().st_mode
    except (FileNotFoundError, NotADirectoryError):
        return False
    except OSError as exc:
        # Looking a name up needs only the folder's permission: the folder is what refuses.
        raise data_dir_error(data_dir, OSError(exc.errno, exc.strerror, str(data_dir))) from exc
    if stat.S_ISDIR(mode):
        raise _file_error(
            data_dir, DB_FILENAME, os_error_words(IsADirectoryError(errno.EISDIR, ""))
        )
    if not stat.S_ISREG(mode) and not stat.S_ISLNK(mode):
        raise _file_error(data_dir, DB_FILENAME, _("it is not a regular file"))
    refuse_links(data_dir)
    return True


def refuse_links(data_dir: Path) -> None:
    """DataDirError naming the symbolic link that stands in place of the database or a file
    beside it, if one does (SQLite would follow it)."""
    try:
        _refuse_links(data_dir / DB_FILENAME)
    except OSError as exc:
        raise data_dir_error(data_dir, exc) from exc


def read_only_part(data_dir: Path) -> str | None:
    """What in the data folder is read-only (see paths.refuses_writing): "" for the folder
    itself, else the name of the file (the database, SQLite's files beside it, the lock);
    None when a command may write there."""
    if refuses_writing(data_dir):
        return ""
    return next((name for name in _WRITTEN_FILES if refuses_writing(data_dir / name)), None)


def writable(data_dir: Path) -> bool:
    """Whether the folder and the files a command writes in it (those there) can be written."""
    return read_only_part(data_dir) is None


def require_writable(data_dir: Path) -> None:
    """FolderReadOnly, naming what is read-only, unless the data folder can be written."""
    part = read_only_part(data_dir)
    if part is not None:
        raise FolderReadOnly(data_dir, file=part or None)


def require_backups_writable(data_dir: Path) -> None:
    """BackupsReadOnly when a backup could not be written: checked before a change that backs
    the database up first, so that a refusal comes before anything is changed. (A missing
    backups folder is made in the data folder, which `require_writable` checks.)"""
    if refuses_writing(backup_dir(data_dir)):
        raise BackupsReadOnly(data_dir)


def storage_error(path: Path, exc: sqlite3.Error) -> DataDirError | None:
    """What an SQLite error on the database at `path` means for the user: a full disk or a
    damaged file (checked with quick_check); None for any other error."""
    if health.is_disk_full(exc, path.parent):
        return DiskFull(path.parent)
    if health.may_be_damage(exc):
        problems = health.damage(path)
        if problems:
            return DatabaseDamaged(path, "; ".join(problems))
    return None


@dataclass(frozen=True)
class Migration:
    """One step of the schema: its version, file name and SQL."""

    version: int
    name: str
    sql: str


def default_migrations() -> Path:
    return Path(__file__).parent / "migrations"


def load_migrations(source: Path | None = None) -> list[Migration]:
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

    def __init__(
        self, connection: sqlite3.Connection, path: Path, *, read_only: bool = False
    ) -> None:
        self._connection = connection
        self.path = path
        # A copy in memory of a database on a read-only medium: what is written would be lost.
        self.read_only = read_only
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
        if self.read_only:
            raise DataDirError(
                _(
                    "The data folder {folder} cannot be written (read-only): this command can "
                    "only read it."
                ).format(folder=self.data_dir)
            )
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
        """Copy the database into the backups folder (the newest 10 are kept); BackupsReadOnly
        when that folder cannot be written."""
        require_backups_writable(self.data_dir)
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
    data_dir: Path, *, create: bool = True, migrations: Path | None = None
) -> Database:
    """Open (or create) `<data_dir>/accountwatch.sqlite3` and bring its schema up to date.

    `migrations` replaces the packaged migrations folder (tests use it to fake a newer schema).
    Raises DataDirError when the folder or file cannot be used; a file that is not ours or is
    newer than this code is left exactly as it was.
    """
    steps = load_migrations(migrations)
    path = data_dir / DB_FILENAME
    present = has_database(data_dir)
    if not present and not create:
        raise DataDirError(
            _("There is no AccountWatch database in {folder}.").format(folder=data_dir)
        )
    # Checked before anything is tightened or made: nothing in a read-only folder is touched.
    if data_dir.exists():
        require_writable(data_dir)
    try:
        ensure_private_dir(data_dir)
        tighten_data_folder(data_dir)
        _refuse_links(path)
        if not path.exists():
            _create_database(path, steps)
        _check_header(path, len(steps))
        make_private_file(path)
    except OSError as exc:
        raise data_dir_error(data_dir, exc) from exc
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


def open_read_only(data_dir: Path, *, migrations: Path | None = None) -> Database:
    """The database of a folder that cannot be written (a read-only medium, a folder of someone
    else's), copied into memory and brought up to date there: for commands that only read.

    Nothing in the folder is written, not even SQLite's files beside the database."""
    steps = load_migrations(migrations)
    path = data_dir / DB_FILENAME
    try:
        _refuse_links(path)
        _check_header(path, len(steps))
    except OSError as exc:
        raise data_dir_error(data_dir, exc) from exc
    memory = sqlite3.connect(":memory:", isolation_level=None, check_same_thread=False)
    try:
        _copy_into(path, memory)
        _prepare(memory, path, steps, copy=True)
    except BaseException:
        memory.close()
        raise
    return Database(memory, path, read_only=True)


def _copy_into(path: Path, memory: sqlite3.Connection) -> None:
    # Read as an unchanging file unless its WAL holds rows: a read-only medium cannot hold the
    # -shm file a read-only connection needs, and a folder that could would keep it.
    try:
        with reading(path) as source:
            source.backup(memory)
    except sqlite3.DatabaseError as exc:
        if health.may_be_damage(exc):
            raise storage_error(path, exc) or _unreadable(path, exc) from exc
        raise _unreadable(path, exc) from exc


def _unreadable(path: Path, exc: sqlite3.Error) -> DataDirError:
    return DataDirError(
        _("The database {path} cannot be read: {error}").format(path=path, error=exc)
    )


def _refuse_links(path: Path) -> None:
    """SQLite follows symbolic links: a link planted in place of the database or a file beside
    it would make AccountWatch write where it points. OSError ELOOP, as O_NOFOLLOW gives."""
    for candidate in (path, *(path.with_name(path.name + s) for s in SIDECARS)):
        try:
            mode = candidate.lstat().st_mode
        except FileNotFoundError:
            continue
        if stat.S_ISLNK(mode):
            raise OSError(errno.ELOOP, os.strerror(errno.ELOOP), str(candidate))


def _create_database(path: Path, steps: list[Migration]) -> None:
    """A new database is made whole under a temporary name, then linked into place: a crash or
    a full disk never leaves a half-made (or empty) file that would later pass for a profile."""
    partial = path.with_name(f".{path.stem}-new-{os.getpid()}-{secrets.token_hex(4)}.sqlite3")
    try:
        make_private_file(partial)
        connection = sqlite3.connect(partial, isolation_level=None)
        try:
            _prepare(connection, partial, steps)
        finally:
            connection.close()  # the last connection: SQLite folds the WAL into the file
        # FileExistsError: another process created it meanwhile; that one is opened.
        with suppress(FileExistsError):
            os.link(partial, path)
    finally:
        for leftover in (partial, *(partial.with_name(partial.name + s) for s in SIDECARS)):
            leftover.unlink(missing_ok=True)


def _check_header(path: Path, latest: int) -> None:
    with path.open("rb") as file:
        header = file.read(len(SQLITE_HEADER))
    if not header:
        # A new database is never empty (see _create_database): an empty file is one that
        # lost its content, not a new profile to start over in.
        raise DatabaseDamaged(path, _("the file is empty"))
    if header != SQLITE_HEADER:
        message = _(
            "{path} is not an AccountWatch database (not a SQLite file); it was left untouched."
        ).format(path=path)
        raise DataDirError(message + _restore_hint(path.parent, latest))


def _restore_hint(data_dir: Path, latest: int) -> str:
    """What to do when the file in the database's place is not one: put the newest good backup
    back, when there is one (without one the command would only say there is none)."""
    if newest_good_backup(data_dir, latest) is None:
        return ""
    return " " + _(
        "To put the newest good backup back in its place, run: accountwatch restore "
        "--data-dir {folder} (the file is kept aside)."
    ).format(folder=data_dir)


def _user_version(connection: sqlite3.Connection) -> int:
    return int(connection.execute("PRAGMA user_version").fetchone()[0])


def _prepare(
    connection: sqlite3.Connection, path: Path, steps: list[Migration], *, copy: bool = False
) -> None:
    """Check the schema and bring it up to date. `copy`: `connection` holds a copy in memory of
    the database at `path`, which is neither backed up nor touched."""
    connection.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    connection.execute("PRAGMA foreign_keys = ON")
    # Nothing is written until the version is known to be one we understand.
    try:
        version = _user_version(connection)
        tables = {r[0] for r in connection.execute("SELECT name FROM sqlite_master")}
    except sqlite3.DatabaseError as exc:
        raise storage_error(path, exc) or DataDirError(
            _("The database {path} cannot be read: {error}").format(path=path, error=exc)
        ) from exc
    has_tables = bool(tables)
    if (version == 0 and has_tables) or (version > 0 and "meta" not in tables):
        # Another program's SQLite file: migrating it would write our tables into it.
        raise DataDirError(
            _(
                "{path} is not an AccountWatch database (a SQLite file of another program); "
                "it was left untouched."
            ).format(path=path)
        )
    latest = len(steps)
    if version > latest:
        raise DataDirError(
            _(
                "{path} was written by a newer AccountWatch (schema {found}, this version knows "
                "{known}); update AccountWatch to open it."
            ).format(path=path, found=version, known=latest)
        )
    upgrade = version < latest and (has_tables or version > 0) and not copy
    if upgrade:
        # The upgrade is backed up first: refused before anything is written.
        require_backups_writable(path.parent)
    try:
        if not copy:
            connection.execute("PRAGMA journal_mode = WAL")
            _tighten_sidecars(path)
        if version < latest:
            backup = None
            if upgrade:
                backup = backup_database(connection, path.parent, version=version)
            _migrate(connection, steps[version:], path, backup)
        fresh = not has_tables and version == 0
        _ensure_install_meta(connection, None if copy or not fresh else path.parent)
        _ensure_created_at(connection, fresh=fresh)
    except OSError as exc:
        raise data_dir_error(path.parent, exc) from exc
    except sqlite3.DatabaseError as exc:
        raise storage_error(path, exc) or DataDirError(
            _("The database {path} cannot be used: {error}").format(path=path, error=exc)
        ) from exc
    if not copy:
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


def random_uuid_hex() -> str:
    """What `uuid.uuid4().hex` gives, without the uuid module: it loads the platform module, a
    few milliseconds at each start of the demo, whose database is always new."""
    value = bytearray(secrets.token_bytes(16))
    value[6] = (value[6] & 0x0F) | 0x40  # version 4
    value[8] = (value[8] & 0x3F) | 0x80  # the RFC 4122 variant
    return value.hex()


def _ensure_install_meta(connection: sqlite3.Connection, location: Path | None) -> None:
    """The install's salt and id, made once; `location`: where a new folder is (its entries
    record it too)."""
    present = connection.execute(
        "SELECT count(*) FROM meta WHERE key IN ('install_salt', 'install_id')"
    ).fetchone()[0]
    if present == 2:
        return
    connection.execute("BEGIN IMMEDIATE")
    try:
        connection.executemany(
            "INSERT OR IGNORE INTO meta (key, value) VALUES (?, ?)",
            [("install_salt", secrets.token_hex(16)), ("install_id", random_uuid_hex())],
        )
        if location is not None:
            connection.execute(
                "INSERT OR IGNORE INTO meta (key, value) VALUES (?, ?)",
                (LOCATION_KEY, str(location.absolute())),
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
    for suffix in SIDECARS:
        sidecar = path.with_name(path.name + suffix)
        if sidecar.exists() and not sidecar.is_symlink():
            tighten(sidecar)
