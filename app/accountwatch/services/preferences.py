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
from accountwatch.store.untouched import reading

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
    try:
        if not path.is_file():
            return None
        with reading(path, timeout=0.5) as connection:
            row = connection.execute("SELECT value FROM settings WHERE key = 'language'").fetchone()
    except (OSError, ValueError, sqlite3.Error):
        # A folder that cannot be looked into, a database that cannot be read: opening the
        # workspace says which, in the language chosen without this one.
        return None
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
