"""A look into a data folder's database without opening it for use: read-only, no migration."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from accountwatch.store.db import DB_FILENAME
from accountwatch.store.untouched import reading

T = TypeVar("T")


class FolderUnreadableError(Exception):
    """The folder holds a database that could not be read: what it uses is unknown."""


@dataclass(frozen=True)
class FolderUse:
    """What a data folder's database says about the keyring entries it needs."""

    install_id: str
    totp_accounts: frozenset[str]  # accounts recorded as having a TOTP secret in the keyring


def _query(data_dir: Path, read: Callable[[sqlite3.Connection], T]) -> T | None:
    """`read(connection)` of the database in `data_dir` (None: no database there);
    FolderUnreadableError when it cannot be read.

    Looking at another data folder, one an older or newer AccountWatch uses, or one about to be
    refused an import, leaves nothing there (see `untouched.reading`).
    """
    path = data_dir / DB_FILENAME
    if not path.is_file():
        return None
    try:
        with reading(path) as conn:
            return read(conn)
    except (sqlite3.Error, OSError) as exc:
        raise FolderUnreadableError(f"{path}: {exc}") from exc


def folder_use(data_dir: Path) -> FolderUse | None:
    """What the database in `data_dir` uses, or None when the folder holds no database;
    FolderUnreadableError when it holds one that cannot be read (what it uses is then unknown)."""

    def read(conn: sqlite3.Connection) -> FolderUse:
        row = conn.execute("SELECT value FROM meta WHERE key = 'install_id'").fetchone()
        if row is None:
            raise FolderUnreadableError(str(data_dir / DB_FILENAME))
        accounts = conn.execute("SELECT id FROM accounts WHERE has_totp_secret = 1")
        return FolderUse(str(row[0]), frozenset(str(a) for (a,) in accounts))

    return _query(data_dir, read)


def stored_ids(data_dir: Path) -> tuple[frozenset[str], frozenset[str]] | None:
    """The account ids and the card ids stored in `data_dir` (None: no database there);
    FolderUnreadableError when the database cannot be read."""

    def read(conn: sqlite3.Connection) -> tuple[frozenset[str], frozenset[str]]:
        accounts = frozenset(str(a) for (a,) in conn.execute("SELECT id FROM accounts"))
        cards = frozenset(str(c) for (c,) in conn.execute("SELECT id FROM cards"))
        return accounts, cards

    return _query(data_dir, read)
