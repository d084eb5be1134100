"""Which delivered reminders are still to act on (the banner's refresh), and undoing a dismissal."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from accountwatch.core import reminders as core_reminders
from accountwatch.core.reminders import State
from accountwatch.services import editing, reminders, weekly
from accountwatch.services.workspace import Workspace

TOKYO = ZoneInfo("Asia/Tokyo")
# The demo profile is dated 2026-11-29: its 1688 service fee is 6 days overdue then.
NOW = dt.datetime(2026, 11, 29, 10, 0, tzinfo=TOKYO)
OVERDUE = "payment-due:payment:1688-service:2026-11-23:overdue-6"


def delivered(ws: Workspace) -> list[str]:
    ids = [r.id for r in reminders.deliver_due(ws, NOW, TOKYO)]
    assert OVERDUE in ids
    return ids


def test_what_was_delivered_stays_open_until_acted_on(ws: Workspace) -> None:
    ids = delivered(ws)
    assert reminders.still_open(ws, ids, NOW, TOKYO) == ids
    weekly_id = next(i for i in ids if i.startswith("weekly-check:"))
    card = next(i for i in ids if i.startswith("card-expiry:"))
    terms = next(i for i in ids if i.startswith("terms-review:"))

    reminders.snooze(ws, [card], NOW + dt.timedelta(hours=1), NOW)
    reminders.dismiss(ws, [terms], NOW)
    editing.mark_paid(ws, "1688-service", NOW.date())
    weekly.finish(ws, NOW.date(), NOW)

    still = reminders.still_open(ws, ids, NOW + dt.timedelta(minutes=1), TOKYO)
    for gone in (card, terms, OVERDUE, weekly_id):
        assert gone not in still, gone
    assert still and set(still) < set(ids)


def test_a_dismissal_undone_is_as_before_and_survives_a_restart(data_dir: Path) -> None:
    with Workspace.open(data_dir) as ws:
        ids = delivered(ws)
        before = reminders.dismiss(ws, ids, NOW + dt.timedelta(minutes=1))
        assert {e.reminder_id for e in before} == set(ids)
        assert all(e.state == State.DELIVERED and e.at == NOW for e in before)
        assert reminders.still_open(ws, ids, NOW, TOKYO) == []
        reminders.undo_dismiss(ws, ids, before)
    with Workspace.open(data_dir) as ws:
        states = {e.reminder_id: (e.state, e.at) for e in reminders.log(ws)}
        assert all(states[i] == (State.DELIVERED, NOW) for i in ids)
        assert reminders.still_open(ws, ids, NOW, TOKYO) == ids
        # Delivered again, not due again: undo brings back the banner, not a second notice.
        assert reminders.due_now(ws, NOW + dt.timedelta(minutes=2), TOKYO) == []


def test_undo_of_a_reminder_never_logged_takes_it_out_of_the_log(ws: Workspace) -> None:
    due = [r.id for r in reminders.due_now(ws, NOW, TOKYO)]
    before = reminders.dismiss(ws, due, NOW)
    assert before == []
    reminders.undo_dismiss(ws, due, before)
    assert reminders.log(ws) == []
    assert [r.id for r in reminders.due_now(ws, NOW, TOKYO)] == due


def test_the_banner_uses_the_schedule_of_the_minutes_pass(
    ws: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The app holds the profile: its reminder pass and the banner's refresh after it make one
    # schedule, not one each (a tenth of a second of Python on a large profile).
    profile = ws.repo.load_profile()
    made: list[object] = []
    schedule = core_reminders.Schedule

    def counted(*args: Any, **kwargs: Any) -> core_reminders.Schedule:
        made.append(args)
        return schedule(*args, **kwargs)

    monkeypatch.setattr(core_reminders, "Schedule", counted)
    due, _next = reminders.deliver_due_and_next(ws, NOW, TOKYO, profile=profile)
    ids = [r.id for r in due]
    assert OVERDUE in ids
    later = NOW + dt.timedelta(minutes=3)
    assert reminders.still_open(ws, ids, later, TOKYO, profile=profile) == ids
    assert len(made) == 1
    # What it says is what a schedule made for that moment says.
    fresh = reminders.still_open(ws, ids, later, TOKYO)
    assert fresh == ids and len(made) == 2
