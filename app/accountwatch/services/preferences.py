"""Preferences needed before the data folder is opened: the profile's language."""

from __future__ import annotations

import contextlib
import json
import sqlite3
from pathlib import Path

from accountwatch.i18n import LANGUAGES
from accountwatch.store.db import DB_FILENAME


def stored_language(data_dir: Path) -> str | None:
    """settings.language of the profile in `data_dir`, or None when there is none to read.

    Cheap and harmless: read-only, creates nothing (no folder, no database, no migration), and
    a missing, locked, damaged or newer database simply gives None; opening the workspace later
    reports any real problem, in the language chosen without it.
    """
    path = data_dir / DB_FILENAME
    if not path.is_file():
        return None
    # A read-only connection to a WAL database creates its -shm and -wal files; with neither
    # there, everything is in the main file, which is then read as immutable (touching nothing).
    sidecars = any(path.with_name(path.name + end).exists() for end in ("-wal", "-shm"))
    try:
        uri = path.resolve().as_uri() + ("?mode=ro" if sidecars else "?immutable=1")
        connection = sqlite3.connect(uri, uri=True, timeout=0.5)
    except (OSError, ValueError, sqlite3.Error):
        return None
    try:
        row = connection.execute("SELECT value FROM settings WHERE key = 'language'").fetchone()
    except sqlite3.Error:
        return None
    finally:
        connection.close()
    if row is None:
        return None
    value: object = None
    with contextlib.suppress(TypeError, ValueError):
        value = json.loads(row[0])
    return value if isinstance(value, str) and value in LANGUAGES else None
