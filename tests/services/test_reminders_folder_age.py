"""A data folder knows when it was made; its reminders never speak of a date before that."""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path

from accountwatch.core.reminders import Kind
from accountwatch.services import editing, reminders
from accountwatch.services.workspace import Workspace
from accountwatch.store.db import CREATED_KEY, DB_FILENAME


def test_minutes_after_the_first_account_nothing_is_due(tmp_path: Path) -> None:
    before = dt.datetime.now(dt.UTC)
    with Workspace.open(tmp_path / "data") as ws:
        created = ws.db.created_at
        assert created is not None and before <= created <= dt.datetime.now(dt.UTC)
        account = {"id": "shop", "platform": "1688", "label": "1688 shop", "login_id": "sakura"}
        editing.put_item(ws, "accounts", account, replacing=None)
        later = created + dt.timedelta(minutes=3)
        # Whatever the weekday: the last scheduled weekly check was before the folder existed.
        assert reminders.deliver_due(ws, later) == []
        coming = reminders.upcoming(ws, later, days=8)
        weekly = [r for r in coming if r.kind == Kind.WEEKLY_CHECK]
        assert len(weekly) == 1 and weekly[0].deliver_at > created


def test_a_folder_keeps_its_date_when_opened_again(tmp_path: Path) -> None:
    with Workspace.open(tmp_path / "data") as ws:
        made = ws.db.created_at
    with Workspace.open(tmp_path / "data") as ws:
        assert ws.db.created_at == made


def test_a_folder_from_an_earlier_version_dates_from_its_first_check(tmp_path: Path) -> None:
    first = dt.datetime(2026, 3, 2, 0, 5, tzinfo=dt.UTC)
    with Workspace.open(tmp_path / "data") as ws:
        editing.put_item(ws, "accounts", {"id": "shop", "login_id": "x"}, replacing=None)
        from accountwatch.services import checks

        checks.run_check(ws, first.date(), record=True, now=first)
    # What a version without the key left: the key is not there.
    with sqlite3.connect(tmp_path / "data" / DB_FILENAME) as connection:
        connection.execute("DELETE FROM meta WHERE key = ?", (CREATED_KEY,))
    connection.close()
    with Workspace.open(tmp_path / "data") as ws:
        assert ws.db.created_at == first
