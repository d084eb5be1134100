"""Storage faults for the front ends: what an error means (damage, full disk), and restoring."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from accountwatch.i18n import _
from accountwatch.services.workspace import NoDataFolderError
from accountwatch.store import health
from accountwatch.store.backup import backup_problems as restore_problems
from accountwatch.store.backup import list_backups, newest_good_backup
from accountwatch.store.db import (
    DB_FILENAME,
    DatabaseDamaged,
    DataDirError,
    DiskFull,
    has_database,
    load_migrations,
    storage_error,
)
from accountwatch.store.restore import BackupRefused, Restored, restore_backup

__all__ = ["BackupRefused", "DatabaseDamaged", "DiskFull", "Restored"]


class NothingToRestoreError(Exception):
    """The database is sound and no backup was named: restoring would only lose changes."""


def fault(exc: BaseException, data_dir: Path) -> DataDirError | None:
    """The data-folder error an unexpected exception stands for (a full disk, a damaged
    database, checked with quick_check), or None when it is none of these."""
    if isinstance(exc, sqlite3.Error):
        return storage_error(data_dir / DB_FILENAME, exc)
    if isinstance(exc, OSError) and health.is_disk_full(exc):
        return DiskFull(data_dir)
    return None


def damage(data_dir: Path) -> list[str]:
    """What is wrong with the data folder's database ([] when it is sound): an empty file or
    what PRAGMA quick_check finds."""
    path = data_dir / DB_FILENAME
    try:
        if path.stat().st_size == 0:
            return [_("the file is empty")]
    except FileNotFoundError:
        return [_("there is no such file")]
    return health.damage(path)


def backups(data_dir: Path) -> list[Path]:
    """The data folder's backups, newest first; NoDataFolderError when there is no folder."""
    _require_folder(data_dir)
    return list_backups(data_dir)


def _require_folder(data_dir: Path) -> None:
    """NoDataFolderError when `data_dir` is no folder: a mistyped path is said to be one, not
    taken for a data folder without backups."""
    if not data_dir.is_dir():
        raise NoDataFolderError(
            _("There is no data folder {folder}; nothing was changed.").format(folder=data_dir)
        )


def backup_problems(backup: Path) -> list[str]:
    """Why `backup` cannot be restored ([] when it can)."""
    return restore_problems(backup, len(load_migrations()))


def restore(data_dir: Path, backup: Path | None = None) -> Restored:
    """Put a backup back: `backup`, else the newest good one when the database is damaged,
    empty or missing. The replaced file is kept aside in the data folder.

    NoDataFolderError when `data_dir` does not exist; NothingToRestoreError when no backup is
    named and the database is sound; BackupRefused when the backup named cannot be restored;
    DataDirError when there is no good backup, a link or a folder stands in the database's
    place, or the folder cannot be changed (then nothing was)."""
    _require_folder(data_dir)
    # Before the database is looked at: quick_check would follow a link and find it sound.
    has_database(data_dir)
    latest = len(load_migrations())
    if backup is None:
        problems = damage(data_dir)
        if not problems:
            raise NothingToRestoreError(
                _(
                    "The database in {folder} is sound: nothing was restored. To go back to an "
                    "earlier state on purpose, name the backup: accountwatch restore BACKUP."
                ).format(folder=data_dir)
            )
        chosen = newest_good_backup(data_dir, latest)
        if chosen is None:
            raise DataDirError(
                _(
                    "There is no good backup in {folder} to restore; the database was left as "
                    "it is. If you have an export of your profile, import it into a new data "
                    "folder."
                ).format(folder=data_dir / "backups")
            )
        return restore_backup(data_dir, chosen, latest=latest, reason="damaged")
    reason = "damaged" if damage(data_dir) else "replaced"
    return restore_backup(data_dir, backup, latest=latest, reason=reason)
