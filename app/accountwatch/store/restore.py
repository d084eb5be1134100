"""Putting a backup back in place of the database, the replaced file kept aside, never lost."""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from accountwatch.i18n import _
from accountwatch.paths import make_private_file
from accountwatch.store import health
from accountwatch.store.backup import list_backups
from accountwatch.store.db import DB_FILENAME, SIDECARS, DataDirError, DiskFull, data_dir_error
from accountwatch.store.lock import WriterLock


@dataclass(frozen=True)
class Restored:
    """Which backup went back in place, and where the file it replaced was kept."""

    backup: Path
    kept_aside: Path | None


def backup_problems(path: Path, latest: int) -> list[str]:
    """Why the file at `path` cannot be restored ([] when it can): damaged, not ours, or newer
    than this AccountWatch."""
    if not path.is_file():
        return [_("there is no such file")]
    problems = health.damage(path)
    if problems:
        return problems
    uri = f"{path.absolute().as_uri()}?mode=ro"
    try:
        with contextlib.closing(sqlite3.connect(uri, uri=True)) as conn:
            version = int(conn.execute("PRAGMA user_version").fetchone()[0])
            row = conn.execute("SELECT value FROM meta WHERE key = 'install_id'").fetchone()
    except sqlite3.Error:
        row, version = None, 0
    if row is None:
        return [_("it is not an AccountWatch database")]
    if version > latest:
        return [_("it was written by a newer AccountWatch")]
    return []


def newest_good_backup(data_dir: Path, latest: int) -> Path | None:
    """The newest backup of the data folder that passes quick_check and is ours."""
    return next((b for b in list_backups(data_dir) if not backup_problems(b, latest)), None)


def restore_backup(data_dir: Path, backup: Path, *, latest: int, reason: str) -> Restored:
    """Put `backup` in place of the data folder's database, holding the writer lock; the file it
    replaces (and SQLite's files beside it) is renamed `accountwatch-<reason>-<time>.sqlite3`.

    DataDirError when the backup cannot be restored, the folder is in use or cannot be written
    (then the database is where it was)."""
    problems = backup_problems(backup, latest)
    if problems:
        raise DataDirError(
            _("The backup {path} cannot be restored: {problems}.").format(
                path=backup, problems="; ".join(problems)
            )
        )
    target = data_dir / DB_FILENAME
    partial = data_dir / f".accountwatch-restore-{os.getpid()}.sqlite3"
    with WriterLock(data_dir):
        try:
            # The copy is made (and checked) first: a full disk stops here, nothing moved yet.
            partial.unlink(missing_ok=True)
            make_private_file(partial)
            _copy(backup, partial)
            aside = _keep_aside(target, reason)
            partial.replace(target)
        except OSError as exc:
            raise data_dir_error(data_dir, exc) from exc
        except sqlite3.Error as exc:
            if health.is_disk_full(exc):
                raise DiskFull(data_dir) from exc
            raise
        finally:
            partial.unlink(missing_ok=True)
    return Restored(backup, aside)


def _copy(source: Path, target: Path) -> None:
    uri = f"{source.absolute().as_uri()}?mode=ro"
    with (
        contextlib.closing(sqlite3.connect(uri, uri=True)) as src,
        contextlib.closing(sqlite3.connect(target)) as dst,
    ):
        src.backup(dst)
        # A backup is kept in rollback-journal mode; the database works in WAL (set on open).
    with target.open("rb+") as handle:
        os.fsync(handle.fileno())


def _keep_aside(target: Path, reason: str) -> Path | None:
    """Rename the database and its WAL files, together (a WAL belongs to its database only)."""
    if not target.exists():
        return None
    stamp = dt.datetime.now().astimezone().strftime("%Y%m%d-%H%M%S")
    aside = target.with_name(f"accountwatch-{reason}-{stamp}.sqlite3")
    counter = 1
    while aside.exists():
        counter += 1
        aside = target.with_name(f"accountwatch-{reason}-{stamp}-{counter}.sqlite3")
    for suffix in SIDECARS:
        sidecar = target.with_name(target.name + suffix)
        if sidecar.exists():
            sidecar.replace(aside.with_name(aside.name + suffix))
    target.replace(aside)
    return aside
