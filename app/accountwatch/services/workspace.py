"""An open data folder: the database, its repository, the vault and the one-writer lock."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import TYPE_CHECKING

from accountwatch.core.error_words import os_error_words
from accountwatch.i18n import _
from accountwatch.paths import ensure_private_dir
from accountwatch.secrets.vault import MemoryVault, Vault
from accountwatch.store.db import (
    Database,
    DataDirError,
    DiskFull,
    has_database,
    open_database,
    open_read_only,
    writable,
)
from accountwatch.store.lock import DataDirLocked, WriterLock
from accountwatch.store.repository import Repository

if TYPE_CHECKING:
    from accountwatch.services.edits import Applied


class NoDataFolderError(Exception):
    """The data folder does not exist or holds no database: there is nothing to read yet."""


class Workspace:
    """What both front ends work on. Writes happen inside `writing()`, which holds the lock."""

    def __init__(self, data_dir: Path, db: Database, *, memory_secrets: bool = False) -> None:
        self.data_dir = data_dir
        self.db = db
        self.repo = Repository(db)
        vault = MemoryVault if memory_secrets else Vault
        self.vault = vault(db.install_id, data_dir)
        self._lock: WriterLock | None = None
        self._lock_depth = 0
        # The last edit made through this workspace (services.edits), for the check after it
        # to assess only the accounts it touched.
        self.last_edit: Applied | None = None

    @classmethod
    def open(cls, data_dir: Path, *, memory_secrets: bool = False) -> Workspace:
        """Open (creating when new) the data folder; DataDirError when it cannot be used.

        `memory_secrets`: secrets stay in this process's memory, not the system keyring (the
        demo's sample data).
        """
        try:
            ensure_private_dir(data_dir)
        except OSError as exc:
            raise DataDirError(
                _("The data folder {path} cannot be used: {error}").format(
                    path=data_dir, error=os_error_words(exc)
                )
            ) from exc
        return cls(data_dir, open_database(data_dir), memory_secrets=memory_secrets)

    @classmethod
    def open_existing(cls, data_dir: Path, *, read_only_ok: bool = False) -> Workspace:
        """Open a data folder that already holds a database; NoDataFolderError when it does not, so
        that a mistyped path is reported instead of becoming a new, empty profile.

        `read_only_ok`: for commands that only read, a folder that cannot be written (a read-only
        medium, or one made read-only by its owner) is read from a copy in memory; anything
        written then fails with DataDirError. Without it such a folder is FolderReadOnly.

        DataDirError, not NoDataFolderError, when the folder cannot be looked into or something
        else stands in the database's place: that is no mistyped path."""
        if not has_database(data_dir):
            raise NoDataFolderError(
                _(
                    "There is no AccountWatch data in {path}: import a profile first "
                    "(accountwatch import FILE --data-dir {path}) or open the app."
                ).format(path=data_dir)
            )
        if read_only_ok and not writable(data_dir):
            return cls(data_dir, open_read_only(data_dir))
        if read_only_ok:
            try:
                return cls.open(data_dir)
            except DiskFull:
                # SQLite cannot even make its shared-memory file: read from a copy instead.
                return cls(data_dir, open_read_only(data_dir))
        return cls.open(data_dir)

    @contextmanager
    def writing(self) -> Iterator[None]:
        """Hold the one-writer lock (re-entrant within this workspace) for the block."""
        if self._lock_depth == 0:
            lock = WriterLock(self.data_dir)
            try:
                lock.acquire()
            except DataDirLocked as exc:
                raise DataDirError(str(exc)) from exc
            self._lock = lock
        self._lock_depth += 1
        try:
            yield
        finally:
            self._lock_depth -= 1
            if self._lock_depth == 0 and self._lock is not None:
                self._lock.release()
                self._lock = None

    def forget_secrets(self) -> None:
        """Delete every secret this data folder keeps in the vault (the demo's, as it ends)."""
        self.vault.delete_all()

    def close(self) -> None:
        with suppress(sqlite3.Error):
            self.db.close()
        if self._lock is not None:
            self._lock.release()
            self._lock = None
            self._lock_depth = 0

    def __enter__(self) -> Workspace:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
