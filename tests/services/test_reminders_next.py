"""What the app does every minute: deliver what is due and learn when the next one comes."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from accountwatch.core.model import Account, Payment, Profile
from accountwatch.core.reminders import State
from accountwatch.services import reminders
from accountwatch.services.workspace import Workspace

TOKYO = ZoneInfo("Asia/Tokyo")
NOW = dt.datetime(2026, 11, 29, 10, 0, tzinfo=TOKYO)  # the demo profile's day


def test_what_is_due_is_delivered_and_the_next_one_is_known(ws: Workspace) -> None:
    expected = reminders.due_now(ws, NOW, TOKYO)
    assert expected
    due, next_at = reminders.deliver_due_and_next(ws, NOW, TOKYO)
    assert due == expected
    assert {e.reminder_id: e.state for e in reminders.log(ws)} == {
        r.id: State.DELIVERED for r in due
    }
    later = reminders.upcoming(ws, NOW, 1, TOKYO)
    assert next_at == (later[0].deliver_at if later else None)
    assert reminders.deliver_due_and_next(ws, NOW + dt.timedelta(minutes=1), TOKYO)[0] == []


def test_while_all_is_snoozed_the_next_one_is_the_end_of_the_snooze(ws: Workspace) -> None:
    until = NOW + dt.timedelta(hours=2)
    reminders.snooze_all(ws, until, NOW - dt.timedelta(minutes=1), TOKYO)
    due, next_at = reminders.deliver_due_and_next(ws, NOW, TOKYO)
    assert due == []
    assert next_at is not None and next_at <= until


def test_a_pass_is_quick_up_to_five_hundred_accounts_cards_and_payments() -> None:
    # The app starts a quick pass as soon as the window has drawn (ReminderWatch).
    def payments(n: int) -> tuple[Payment, ...]:
        return tuple(Payment(f"p{i}", "a", dt.date(2026, 12, 1)) for i in range(n))

    account = Account("a", "login")
    assert reminders.quick_pass(Profile(accounts=(account,), payments=payments(499)))
    assert not reminders.quick_pass(Profile(accounts=(account,), payments=payments(500)))
