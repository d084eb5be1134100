"""Preferences outside the profile: the language read before the folder opens, the tray's, when
the weekly check is next due."""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import sqlite3
from pathlib import Path
from typing import TYPE_CHECKING

from accountwatch.i18n import LANGUAGES
from accountwatch.store.db import DB_FILENAME

if TYPE_CHECKING:
    from accountwatch.services.workspace import Workspace

# This machine's choice, not the profile's: an exported profile does not carry it.
CLOSE_TO_TRAY_KEY = "ui.close_to_tray"
# Set by each finished weekly check.
NEXT_CHECK_KEY = "next_weekly_check"


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


def close_to_tray(ws: Workspace) -> bool:
    """Whether closing the window keeps the app running in the tray (off unless chosen)."""
    return ws.db.get_meta(CLOSE_TO_TRAY_KEY) == "1"


def set_close_to_tray(ws: Workspace, on: bool) -> None:
    with ws.writing():
        ws.db.set_meta(CLOSE_TO_TRAY_KEY, "1" if on else "0")


def next_weekly_check(ws: Workspace) -> dt.datetime | None:
    """When the next weekly check is due (aware), as set by the last finished check."""
    text = ws.db.get_meta(NEXT_CHECK_KEY)
    if not text:
        return None
    try:
        moment = dt.datetime.fromisoformat(text)
    except ValueError:
        return None
    return moment if moment.tzinfo is not None else None
