"""What falls due soon: cards, payments, the licence and the weekly check."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from accountwatch.core.model import (
    Account,
    Card,
    CompanyRecord,
    Payment,
    Profile,
    Settings,
    Weekday,
    WeeklyCheck,
    YearMonth,
)
from accountwatch.core.upcoming import Kind, upcoming, upcoming_again

TODAY = dt.date(2026, 11, 29)  # a Sunday


def profile() -> Profile:
    return Profile(
        company=CompanyRecord(name="Sakura", license_expires=dt.date(2026, 12, 20)),
        accounts=(Account(id="a", login_id="a"),),
        cards=(
            Card(id="soon", label="Visa", last4="4242", expires=YearMonth(2026, 12)),
            Card(id="later", last4="1111", expires=YearMonth(2027, 6)),
        ),
        payments=(
            Payment(
                id="fee",
                account="a",
                due=dt.date(2026, 12, 5),
                repeat="FREQ=WEEKLY",
                description="Fee",
            ),
            Payment(
                id="paid", account="a", due=dt.date(2026, 12, 1), paid_on=dt.date(2026, 11, 20)
            ),
        ),
        settings=Settings(weekly_check=WeeklyCheck(Weekday.MON, dt.time(9, 0))),
    )


def test_upcoming_lists_each_kind_in_date_order() -> None:
    items = upcoming(profile(), TODAY, 32)
    assert [(i.kind, i.subject, i.date) for i in items] == [
        (Kind.WEEKLY_CHECK, "weekly-check", dt.date(2026, 11, 30)),
        (Kind.PAYMENT_DUE, "payment:fee", dt.date(2026, 12, 5)),
        (Kind.PAYMENT_DUE, "payment:fee", dt.date(2026, 12, 12)),
        (Kind.PAYMENT_DUE, "payment:fee", dt.date(2026, 12, 19)),
        (Kind.LICENSE_EXPIRY, "company", dt.date(2026, 12, 20)),
        (Kind.PAYMENT_DUE, "payment:fee", dt.date(2026, 12, 26)),
        (Kind.CARD_EXPIRY, "card:soon", dt.date(2026, 12, 31)),
    ]
    assert "Visa (…4242)" in items[-1].message


def test_the_window_includes_both_ends() -> None:
    assert [i.date for i in upcoming(profile(), dt.date(2026, 12, 5), 0)] == [dt.date(2026, 12, 5)]


def test_no_accounts_no_weekly_check() -> None:
    assert upcoming(Profile(), TODAY, 30) == []


def test_made_again_after_a_change_as_made_whole() -> None:
    before = profile()
    earlier = upcoming(before, TODAY, 30)
    renamed = before.changed(accounts=(replace(before.accounts[0], label="Main shop"),))
    moved = renamed.changed(
        payments=(replace(before.payments[0], due=dt.date(2026, 12, 2)), before.payments[1])
    )
    for after in (renamed, moved, moved.changed(cards=before.cards[1:], company=None)):
        again = upcoming_again(earlier, before, after, TODAY, 30)
        assert again == upcoming(after, TODAY, 30)
    # The account's new name is in its payment's texts; what did not change is kept as it was.
    again = upcoming_again(earlier, before, renamed, TODAY, 30)
    assert any("Main shop" in item.message for item in again)
    assert [i for i in again if i.kind != Kind.PAYMENT_DUE] == [
        i for i in earlier if i.kind != Kind.PAYMENT_DUE
    ]


def test_given_other_items_than_upcoming_gave_everything_is_made_again() -> None:
    before = profile()
    after = before.changed(accounts=(replace(before.accounts[0], label="Main shop"),))
    assert upcoming_again((), before, after, TODAY, 30) == upcoming(after, TODAY, 30)
