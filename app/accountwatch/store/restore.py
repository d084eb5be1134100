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
from accountwatch.store.backup import backup_problems, backup_version
from accountwatch.store.db import (
    DB_FILENAME,
    SIDECARS,
    DataDirError,
    DiskFull,
    data_dir_error,
    require_backups_writable,
    require_writable,
)
from accountwatch.store.lock import WriterLock
from accountwatch.store.untouched import reading


@dataclass(frozen=True)
class Restored:
    """Which backup went back in place, and where the file it replaced was kept."""

    backup: Path
    kept_aside: Path | None


class BackupRefused(DataDirError):  # noqa: N818 - reads as the condition the CLI reports
    """The backup named cannot be restored (no such file, damaged, not ours, newer): the
    name is what is wrong, not the data folder, whose database is where it was."""


def restore_backup(data_dir: Path, backup: Path, *, latest: int, reason: str) -> Restored:
    """Put `backup` in place of the data folder's database, holding the writer lock; the file it
    replaces (and SQLite's files beside it) is renamed `accountwatch-<reason>-<time>.sqlite3`.

    BackupRefused when the backup cannot be restored, DataDirError when the folder is in use or
    cannot be written (FolderReadOnly when it, the database or the lock is read-only;
    BackupsReadOnly when a backup of an older schema, upgraded as it is next opened, could not
    be backed up first): then the database is where it was."""
    problems = backup_problems(backup, latest)
    if problems:
        raise BackupRefused(
            _("The backup {path} cannot be restored: {problems}.").format(
                path=backup, problems="; ".join(problems)
            )
        )
    require_writable(data_dir)
    if backup_version(backup) < latest:
        require_backups_writable(data_dir)
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
    with (
        reading(source) as src,
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
