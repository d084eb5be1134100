"""Reminder use cases on a real data folder: delivery, snooze and dismiss survive a restart."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from accountwatch.core.reminders import Kind, State
from accountwatch.services import preferences, reminders, weekly
from accountwatch.services.workspace import Workspace
from accountwatch.store.db import DataDirError
from accountwatch.store.lock import WriterLock

TOKYO = ZoneInfo("Asia/Tokyo")
# The demo profile is dated 2026-11-29: its 1688 service fee is 6 days overdue then.
NOW = dt.datetime(2026, 11, 29, 10, 0, tzinfo=TOKYO)
OVERDUE = "payment-due:payment:1688-service:2026-11-23:overdue-6"


def test_due_now_and_delivery(ws: Workspace) -> None:
    due = reminders.due_now(ws, NOW, TOKYO)
    ids = [r.id for r in due]
    assert OVERDUE in ids
    assert len({(r.kind, r.subject) for r in due}) == len(due)
    reminders.mark_delivered(ws, ids, NOW)
    assert reminders.due_now(ws, NOW + dt.timedelta(minutes=5), TOKYO) == []
    assert {e.reminder_id for e in reminders.log(ws)} == set(ids)
    assert all(e.state == State.DELIVERED and e.at == NOW for e in reminders.log(ws))


def test_snooze_and_dismiss_survive_a_restart(data_dir: Path) -> None:
    with Workspace.open(data_dir) as ws:
        due = {r.id: r for r in reminders.due_now(ws, NOW, TOKYO)}
        card = next(i for i in due if i.startswith("card-expiry:"))
        reminders.snooze(ws, [OVERDUE], NOW + dt.timedelta(hours=1), NOW)
        reminders.dismiss(ws, [card], NOW)
    with Workspace.open(data_dir) as ws:
        later = {r.id for r in reminders.due_now(ws, NOW + dt.timedelta(minutes=30), TOKYO)}
        assert OVERDUE not in later and card not in later
        back = {r.id for r in reminders.due_now(ws, NOW + dt.timedelta(hours=1), TOKYO)}
        assert OVERDUE in back and card not in back
        states = {e.reminder_id: (e.state, e.until) for e in reminders.log(ws)}
        assert states[OVERDUE] == (State.SNOOZED, NOW + dt.timedelta(hours=1))
        assert states[card] == (State.DISMISSED, None)
        # Delivering never undoes a dismissal.
        reminders.mark_delivered(ws, [card], NOW + dt.timedelta(hours=2))
        assert {e.reminder_id: e.state for e in reminders.log(ws)}[card] == State.DISMISSED


def test_snooze_all_until_a_moment(ws: Workspace) -> None:
    until = dt.datetime(2026, 11, 30, 0, 0, tzinfo=TOKYO)
    snoozed = reminders.snooze_all(ws, until, NOW, TOKYO)
    assert snoozed
    assert reminders.due_now(ws, NOW + dt.timedelta(hours=13), TOKYO) == []
    assert {r.id for r in reminders.due_now(ws, until, TOKYO)} >= {OVERDUE}


def test_snooze_all_holds_everything_until_tomorrow_morning(data_dir: Path) -> None:
    until = reminders.tomorrow_morning(NOW, TOKYO)
    assert until == dt.datetime(2026, 11, 30, 9, 0, tzinfo=TOKYO)
    with Workspace.open(data_dir) as ws:
        delivered = reminders.deliver_due(ws, NOW, TOKYO)
        assert OVERDUE in {r.id for r in delivered}
        # Already delivered today: they come back tomorrow too.
        assert set(reminders.snooze_all(ws, until, NOW, TOKYO)) >= {r.id for r in delivered}
    with Workspace.open(data_dir) as ws:  # held back across a restart
        assert reminders.muted_until(ws, NOW) == until
        later = NOW + dt.timedelta(hours=5)
        assert reminders.deliver_due(ws, later, TOKYO) == []
        assert reminders.deliver_due(ws, until - dt.timedelta(minutes=1), TOKYO) == []
        back = reminders.deliver_due(ws, until, TOKYO)
        # The same things again, at their tier of tomorrow (the fee is now 7 days overdue).
        assert {(r.kind, r.subject) for r in back} >= {(r.kind, r.subject) for r in delivered}
        assert OVERDUE.replace("overdue-6", "overdue-7") in {r.id for r in back}
        assert reminders.muted_until(ws, until) is None


def test_a_damaged_mute_holds_nothing_back(ws: Workspace) -> None:
    ws.db.set_meta(reminders.MUTED_KEY, "not a time")
    assert reminders.muted_until(ws, NOW) is None
    assert reminders.deliver_due(ws, NOW, TOKYO)


def test_recent_lists_what_became_of_each_reminder(ws: Workspace) -> None:
    delivered = reminders.deliver_due(ws, NOW, TOKYO)
    card = next(r for r in delivered if r.kind == Kind.CARD_EXPIRY)
    reminders.dismiss(ws, [card.id], NOW + dt.timedelta(minutes=1))
    recent = {i.entry.reminder_id: i for i in reminders.recent(ws, NOW + dt.timedelta(hours=1))}
    assert set(recent) == {r.id for r in delivered}
    assert recent[card.id].entry.state == State.DISMISSED
    assert recent[card.id].message == card.message
    assert recent[OVERDUE].entry.state == State.DELIVERED


def test_upcoming_lists_the_next_days(ws: Workspace) -> None:
    items = reminders.upcoming(ws, NOW, 10, TOKYO)
    assert items and all(NOW < r.deliver_at <= NOW + dt.timedelta(days=10) for r in items)
    assert [r.deliver_at for r in items] == sorted(r.deliver_at for r in items)
    assert {"payment:gold-supplier", "weekly-check"} <= {r.subject for r in items}


def test_the_finished_weekly_check_moves_the_reminder(ws: Workspace) -> None:
    assert any(r.kind == Kind.WEEKLY_CHECK for r in reminders.due_now(ws, NOW, TOKYO))
    weekly.finish(ws, NOW.date(), NOW)
    assert not any(r.kind == Kind.WEEKLY_CHECK for r in reminders.due_now(ws, NOW, TOKYO))
    [following] = [r for r in reminders.upcoming(ws, NOW, 6, TOKYO) if r.kind == Kind.WEEKLY_CHECK]
    assert following.deliver_at == preferences.next_weekly_check(ws)


def test_writes_need_the_lock(ws: Workspace, data_dir: Path) -> None:
    other = WriterLock(data_dir)
    other.acquire()
    try:
        with pytest.raises(DataDirError):
            reminders.dismiss(ws, [OVERDUE], NOW)
    finally:
        other.release()
    assert reminders.log(ws) == []


def test_local_zone_follows_tz(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TZ", "America/New_York")
    assert reminders.local_zone() == ZoneInfo("America/New_York")
    monkeypatch.setenv("TZ", "Not/A_Zone")
    assert reminders.local_zone() is not None


def test_a_held_profile_s_schedule_is_made_once_a_day_with_the_same_answers(
    ws: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    from accountwatch.core import reminders as core

    profile = ws.repo.load_profile()
    log = reminders.log(ws)
    start = dt.datetime(2026, 11, 30, 0, 5, tzinfo=TOKYO)
    moments = [start + dt.timedelta(minutes=m) for m in range(0, 24 * 60 - 10, 37)]
    # Made afresh at every moment, for comparison.
    fresh = [
        core.Schedule(profile, t, TOKYO, 1, next_check=preferences.next_weekly_check(ws))
        for t in moments
    ]

    made: list[dt.datetime] = []
    real = core._candidates

    def counting(*args: object, **kwargs: object) -> object:
        made.append(args[1])  # type: ignore[arg-type]
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(core, "_candidates", counting)
    for now, expected in zip(moments, fresh, strict=True):  # through the day, as the ticks do
        held = reminders._schedule(ws, now, TOKYO, 1, profile)
        assert held.due(log) == expected.due(log), now
        assert held.coming(log) == expected.coming(log), now
    assert made == [start]  # made once, at the day's first tick
    # The next day, or another profile (an edit), makes a new one.
    reminders._schedule(ws, start + dt.timedelta(days=1), TOKYO, 1, profile)
    edited = dataclasses.replace(profile)  # what an edit hands over: another profile object
    reminders._schedule(ws, start + dt.timedelta(days=1), TOKYO, 1, edited)
    assert len(made) == 3
