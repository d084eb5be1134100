"""No reminder is about a date before the data folder existed (`since`)."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from accountwatch.core.model import Account, Card, Payment, Profile, YearMonth
from accountwatch.core.reminders import Kind, due_now, upcoming

TOKYO = ZoneInfo("Asia/Tokyo")
ACCOUNT = Account(id="shop", login_id="shop", label="Shop")
# A Wednesday: the default weekly check (Monday 09:00) was two days before.
MADE = dt.datetime(2026, 12, 2, 14, 0, tzinfo=TOKYO)


def test_a_folder_made_today_owes_no_weekly_check_of_last_monday() -> None:
    profile = Profile(accounts=(ACCOUNT,))
    minutes_later = MADE + dt.timedelta(minutes=5)
    # Without knowing when the folder was made, Monday's check is overdue at once.
    before = due_now(profile, [], minutes_later, TOKYO)
    assert [r.due_date for r in before if r.kind == Kind.WEEKLY_CHECK] == [dt.date(2026, 11, 30)]
    assert due_now(profile, [], minutes_later, TOKYO, since=MADE) == []
    # The next Monday's check still comes, on its day.
    coming = upcoming(profile, [], minutes_later, TOKYO, 14, since=MADE)
    assert [r.due_date for r in coming if r.kind == Kind.WEEKLY_CHECK] == [
        dt.date(2026, 12, 7),
        dt.date(2026, 12, 14),
    ]
    monday = dt.datetime(2026, 12, 7, 9, 0, tzinfo=TOKYO)
    assert [r.kind for r in due_now(profile, [], monday, TOKYO, since=MADE)] == [Kind.WEEKLY_CHECK]


def test_a_check_due_earlier_the_same_day_is_not_owed_either() -> None:
    monday_noon = dt.datetime(2026, 11, 30, 12, 0, tzinfo=TOKYO)
    profile = Profile(accounts=(ACCOUNT,))
    later = monday_noon + dt.timedelta(minutes=1)
    assert due_now(profile, [], later, TOKYO, since=monday_noon) == []


def test_a_payment_due_before_the_folder_is_a_finding_not_a_reminder() -> None:
    overdue = Payment(id="fee", account="shop", due=dt.date(2026, 11, 28), description="Fee")
    soon = Payment(id="rent", account="shop", due=dt.date(2026, 12, 5), description="Rent")
    profile = Profile(accounts=(ACCOUNT,), payments=(overdue, soon))
    now = MADE + dt.timedelta(hours=1)
    kept = due_now(profile, [], now, TOKYO, since=MADE)
    assert [r.subject for r in kept if r.kind == Kind.PAYMENT_DUE] == ["payment:rent"]
    assert all(r.due_date >= MADE.date() for r in kept)
    unknown = due_now(profile, [], now, TOKYO)  # a folder of unknown age: both
    assert {r.subject for r in unknown if r.kind == Kind.PAYMENT_DUE} == {
        "payment:fee",
        "payment:rent",
    }


def test_a_card_expiring_after_the_folder_was_made_is_reminded_at_once() -> None:
    # Its 60- and 30-day tiers passed before the folder existed; the date itself is after.
    card = Card(id="visa", label="Visa", last4="4242", expires=YearMonth(2026, 12))
    profile = Profile(accounts=(ACCOUNT,), cards=(card,))
    now = MADE + dt.timedelta(minutes=5)
    [reminder] = due_now(profile, [], now, TOKYO, since=MADE)
    assert (reminder.kind, reminder.due_date, reminder.tier) == (
        Kind.CARD_EXPIRY,
        dt.date(2026, 12, 31),
        "30",
    )


def test_as_of_a_moment_before_the_folder_nothing_before_it_is_reminded_of() -> None:
    # `--at` an earlier day: the folder owed nothing then either.
    overdue = Payment(id="fee", account="shop", due=dt.date(2026, 11, 28), description="Fee")
    card = Card(id="visa", label="Visa", last4="4242", expires=YearMonth(2026, 12))
    profile = Profile(accounts=(ACCOUNT,), cards=(card,), payments=(overdue,))
    earlier = MADE - dt.timedelta(days=5)
    assert due_now(profile, [], earlier, TOKYO)  # a folder of unknown age: the fee, Monday's check
    assert [r.kind for r in due_now(profile, [], earlier, TOKYO, since=MADE)] == [Kind.CARD_EXPIRY]
    coming = upcoming(profile, [], earlier, TOKYO, 30, since=MADE)
    assert coming and all(r.due_date >= MADE.date() for r in coming)
    assert min(r.due_date for r in coming if r.kind == Kind.WEEKLY_CHECK) == dt.date(2026, 12, 7)
    long_ago = dt.datetime(1900, 1, 1, tzinfo=TOKYO)
    assert upcoming(profile, [], long_ago, TOKYO, 3660, since=MADE) == []
