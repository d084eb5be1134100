"""Copies of the database in `<data_dir>/backups`, taken before migrations and imports, and
which of them can be restored."""

from __future__ import annotations

import contextlib
import datetime as dt
import re
import sqlite3
from pathlib import Path

from accountwatch.i18n import _
from accountwatch.paths import ensure_private_dir, make_private_file
from accountwatch.store import health
from accountwatch.store.untouched import reading

BACKUP_DIRNAME = "backups"
KEEP_BACKUPS = 10
_BACKUP_NAME = re.compile(r"^accountwatch-(\d{8})-(\d{6})-v(\d+)(?:-(\d+))?\.sqlite3$")


def backup_dir(data_dir: Path) -> Path:
    return data_dir / BACKUP_DIRNAME


def _sort_key(path: Path) -> tuple[str, str, int]:
    match = _BACKUP_NAME.match(path.name)
    assert match is not None  # only called on names that matched
    return (match.group(1), match.group(2), int(match.group(4) or 0))


def list_backups(data_dir: Path) -> list[Path]:
    """The backups in the data folder, newest first."""
    folder = backup_dir(data_dir)
    if not folder.is_dir():
        return []
    found = [p for p in folder.iterdir() if _BACKUP_NAME.match(p.name) and p.is_file()]
    return sorted(found, key=_sort_key, reverse=True)


def backup_database(
    connection: sqlite3.Connection,
    data_dir: Path,
    *,
    version: int,
    now: dt.datetime | None = None,
    keep: int = KEEP_BACKUPS,
) -> Path:
    """Copy the open database to `backups/accountwatch-YYYYmmdd-HHMMSS-vN.sqlite3` (0600).

    `version` is the schema version of the copy; only the newest `keep` backups are kept.
    """
    folder = ensure_private_dir(backup_dir(data_dir))
    # The name is for people browsing the folder, so it is in their local time.
    stamp = (now or dt.datetime.now().astimezone()).strftime("%Y%m%d-%H%M%S")
    # Backups within one second get a counter, so they never overwrite each other and sort.
    same_second = [
        _sort_key(p)[2]
        for p in list_backups(data_dir)
        if _sort_key(p)[:2] == (stamp[:8], stamp[9:])
    ]
    suffix = f"-{max(same_second) + 1}" if same_second else ""
    target = folder / f"accountwatch-{stamp}-v{version}{suffix}.sqlite3"
    partial = target.with_name(target.name + ".partial")
    partial.unlink(missing_ok=True)
    make_private_file(partial)
    try:
        with contextlib.closing(sqlite3.connect(partial)) as copy:
            connection.backup(copy)
        partial.replace(target)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    prune_backups(data_dir, keep)
    return target


def prune_backups(data_dir: Path, keep: int = KEEP_BACKUPS) -> list[Path]:
    """Delete all but the newest `keep` backups; returns the deleted ones."""
    stale = list_backups(data_dir)[keep:]
    for path in stale:
        path.unlink(missing_ok=True)
    return stale


def backup_problems(path: Path, latest: int) -> list[str]:
    """Why the file at `path` cannot be restored ([] when it can): damaged, not ours, or newer
    than this AccountWatch."""
    if not path.is_file():
        return [_("there is no such file")]
    problems = health.damage(path)
    if problems:
        return problems
    try:
        with reading(path) as conn:
            version = _user_version(conn)
            row = conn.execute("SELECT value FROM meta WHERE key = 'install_id'").fetchone()
    except sqlite3.Error:
        row, version = None, 0
    if row is None:
        return [_("it is not an AccountWatch database")]
    if version > latest:
        return [_("it was written by a newer AccountWatch")]
    return []


def backup_version(path: Path) -> int:
    """The schema version of the backup at `path` (one `backup_problems` passed)."""
    with reading(path) as conn:
        return _user_version(conn)


def _user_version(conn: sqlite3.Connection) -> int:
    return int(conn.execute("PRAGMA user_version").fetchone()[0])


def newest_good_backup(data_dir: Path, latest: int) -> Path | None:
    """The newest backup of the data folder that passes quick_check and is ours."""
    return next((b for b in list_backups(data_dir) if not backup_problems(b, latest)), None)
