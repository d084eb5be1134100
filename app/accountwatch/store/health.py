"""Storage faults told apart: a damaged database (PRAGMA quick_check), a full or read-only disk."""

from __future__ import annotations

import errno
import os
import sqlite3
from pathlib import Path

from accountwatch.i18n import _
from accountwatch.store.untouched import reading

# SQLite's primary result codes (sqlite3.h); the extended codes keep them in their low byte.
SQLITE_IOERR = 10
SQLITE_CORRUPT = 11
SQLITE_FULL = 13
SQLITE_NOTADB = 26
_DISK_FULL_ERRNOS = frozenset({errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)})
# quick_check stops after this many problems: a few name the damage, the rest add nothing.
_MAX_PROBLEMS = 5


def _code(exc: sqlite3.Error) -> int:
    return int(getattr(exc, "sqlite_errorcode", -1)) & 0xFF


def is_disk_full(exc: BaseException, folder: Path | None = None) -> bool:
    """The operation failed because the disk (or the user's quota) is full. SQLite reports a
    file it could not grow (its -shm, even to read) as an I/O error: with `folder`, such an
    error counts when the disk holding it has no space left."""
    if isinstance(exc, sqlite3.Error):
        code = _code(exc)
        return code == SQLITE_FULL or (
            code == SQLITE_IOERR and folder is not None and no_space_left(folder)
        )
    return isinstance(exc, OSError) and exc.errno in _DISK_FULL_ERRNOS


def no_space_left(folder: Path) -> bool:
    """The file system holding `folder` has no block left for this user."""
    try:
        usage = os.statvfs(folder)
    except (OSError, AttributeError):  # no statvfs on Windows
        return False
    # Root may write into the blocks reserved for it; other users may not.
    free = usage.f_bfree if os.geteuid() == 0 else usage.f_bavail
    return free == 0


def may_be_damage(exc: BaseException) -> bool:
    """An SQLite error that a damaged file gives (worth a quick_check to tell)."""
    if not isinstance(exc, sqlite3.DatabaseError):
        return False
    if _code(exc) in (SQLITE_CORRUPT, SQLITE_NOTADB):
        return True
    # Errors raised without a result code (older Python) still say what they are.
    text = str(exc).lower()
    return "malformed" in text or "not a database" in text


def damage(path: Path) -> list[str]:
    """What `PRAGMA quick_check` finds wrong with the database file at `path` (read-only,
    nothing written, nothing left beside it); [] when it is sound."""
    try:
        with reading(path) as conn:
            rows = conn.execute(f"PRAGMA quick_check({_MAX_PROBLEMS})").fetchall()
    except sqlite3.Error as exc:
        return [_in_words(str(exc))]
    problems = [str(row[0]) for row in rows]
    return [] if problems == ["ok"] else [_in_words(p) for p in problems]


def _in_words(problem: str) -> str:
    """SQLite's two messages a user meets, in the user's language; the technical lines of
    quick_check (pages, indexes) as SQLite wrote them, for whoever looks further."""
    known = {
        "database disk image is malformed": _("the file's contents are damaged"),
        "file is not a database": _("the file is not a database"),
    }
    return known.get(problem.strip().lower(), problem)
