"""A look into a data folder's database without opening it for use: read-only, no migration."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path

from accountwatch.store.db import DB_FILENAME


class FolderUnreadableError(Exception):
    """The folder holds a database that could not be read: what it uses is unknown."""


@dataclass(frozen=True)
class FolderUse:
    """What a data folder's database says about the keyring entries it needs."""

    install_id: str
    totp_accounts: frozenset[str]  # accounts recorded as having a TOTP secret in the keyring


def folder_use(data_dir: Path) -> FolderUse | None:
    """What the database in `data_dir` uses, or None when the folder holds no database;
    FolderUnreadableError when it holds one that cannot be read (what it uses is then unknown).

    Opened read-only (`mode=ro`), so looking at another data folder, one an older or newer
    AccountWatch uses, or one another process is writing, changes nothing there.
    """
    path = data_dir / DB_FILENAME
    if not path.is_file():
        return None
    try:
        with closing(sqlite3.connect(f"{path.absolute().as_uri()}?mode=ro", uri=True)) as conn:
            row = conn.execute("SELECT value FROM meta WHERE key = 'install_id'").fetchone()
            if row is None:
                raise FolderUnreadableError(str(path))
            accounts = conn.execute("SELECT id FROM accounts WHERE has_totp_secret = 1")
            return FolderUse(str(row[0]), frozenset(str(a) for (a,) in accounts))
    except (sqlite3.Error, OSError) as exc:
        raise FolderUnreadableError(f"{path}: {exc}") from exc


def stored_ids(data_dir: Path) -> tuple[frozenset[str], frozenset[str]] | None:
    """The account ids and the card ids stored in `data_dir` (None: no database there), read
    as `folder_use` reads; FolderUnreadableError when the database cannot be read."""
    path = data_dir / DB_FILENAME
    if not path.is_file():
        return None
    # Read as an unchanging file, so that the look creates no -wal and -shm files beside it (a
    # refused import changes nothing in the folder); unless a write-ahead log holds rows that
    # are not in the file yet (a process writing, or one that ended without tidying).
    wal = path.with_name(path.name + "-wal")
    pending = wal.is_file() and wal.stat().st_size > 0
    uri = f"{path.absolute().as_uri()}?mode=ro" + ("" if pending else "&immutable=1")
    try:
        with closing(sqlite3.connect(uri, uri=True)) as conn:
            accounts = frozenset(str(a) for (a,) in conn.execute("SELECT id FROM accounts"))
            cards = frozenset(str(c) for (c,) in conn.execute("SELECT id FROM cards"))
    except (sqlite3.Error, OSError) as exc:
        raise FolderUnreadableError(f"{path}: {exc}") from exc
    return accounts, cards
