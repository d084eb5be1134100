"""A data folder knows when it was made; its reminders never speak of a date before that."""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path
from zoneinfo import ZoneInfo

from accountwatch.core.reminders import Kind
from accountwatch.services import editing, reminders
from accountwatch.services.workspace import Workspace
from accountwatch.store.db import CREATED_KEY, DB_FILENAME

TOKYO = ZoneInfo("Asia/Tokyo")


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


def test_as_of_long_before_the_folder_existed_nothing_is_due_or_coming(ws: Workspace) -> None:
    long_ago = dt.datetime(1900, 1, 1, tzinfo=TOKYO)
    assert reminders.upcoming(ws, long_ago, days=3660, tz=TOKYO) == []
    assert reminders.due_now(ws, long_ago, TOKYO) == []
    # The app's pass, with the profile it holds: nothing delivered, nothing recorded.
    held = ws.repo.load_profile()
    assert reminders.deliver_due_and_next(ws, long_ago, TOKYO, profile=held) == ([], None)
    assert reminders.deliver_due(ws, long_ago, TOKYO) == []
    assert reminders.log(ws) == []


def test_as_of_days_before_the_folder_only_what_came_after_it_is_reminded_of(
    ws: Workspace,
) -> None:
    made = dt.datetime(2026, 11, 26, 15, 0, tzinfo=TOKYO)  # a Thursday
    ws.db.set_created_at(made)
    earlier = made - dt.timedelta(days=4)
    coming = reminders.upcoming(ws, earlier, days=30, tz=TOKYO)
    assert coming and all(r.due_date >= made.date() for r in coming)
    weekly = [r for r in coming if r.kind == Kind.WEEKLY_CHECK]
    assert weekly and weekly[0].deliver_at > made
    due = reminders.deliver_due(ws, earlier, TOKYO)
    # The 1688 fee fell due on the 23rd, before the folder: a finding, not a reminder.
    assert all(r.due_date >= made.date() for r in due)
    assert not any(r.subject == "payment:1688-service" for r in due)
    assert {e.reminder_id for e in reminders.log(ws)} == {r.id for r in due}


def test_a_folder_made_while_the_clock_was_set_ahead_holds_back_no_reminder(
    tmp_path: Path,
) -> None:
    today = dt.datetime.now(TOKYO)
    due = today.date() + dt.timedelta(days=10)
    with Workspace.open(tmp_path / "data") as ws:
        editing.put_item(ws, "accounts", {"id": "shop", "login_id": "x"}, replacing=None)
        payment = {"id": "rent", "account": "shop", "due": due.isoformat(), "description": "Rent"}
        editing.put_item(ws, "payments", payment, replacing=None)
        # Made, by the clock of then, a year from now; the clock was put right since.
        ws.db.set_created_at(today + dt.timedelta(days=365))
        assert reminders.folder_made(ws, today) is None
        coming = reminders.upcoming(ws, today, days=30, tz=TOKYO)
        assert {r.due_date for r in coming if r.kind == Kind.PAYMENT_DUE} == {due}
