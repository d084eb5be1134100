"""Reading a database file without leaving anything beside it: no -wal, no -shm."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import closing, contextmanager
from pathlib import Path


@contextmanager
def reading(path: Path, *, timeout: float = 5.0) -> Iterator[sqlite3.Connection]:
    """A read-only connection to the database file at `path`.

    Opened as an unchanging file, so that looking at a database (another data folder's, a
    backup, a damaged file about to be refused or restored) leaves nothing there: a read-only
    connection to a database in WAL mode still makes -wal and -shm files beside it. Unless a
    write-ahead log holds rows that are not in the file yet (a process writing, or one that
    ended without tidying), which only a connection that reads the log sees. `timeout`: how
    long to wait for a database another process holds locked.
    """
    wal = path.with_name(path.name + "-wal")
    pending = wal.is_file() and wal.stat().st_size > 0
    uri = f"{path.absolute().as_uri()}?mode=ro" + ("" if pending else "&immutable=1")
    with closing(sqlite3.connect(uri, uri=True, timeout=timeout)) as connection:
        yield connection
