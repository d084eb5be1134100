"""No advice to act "before" or "by" a day that has come: on the last day it says today."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest

from accountwatch.core.model import Card, Payment, PaymentMethod, PaymentMethodType, YearMonth
from accountwatch.i18n import format_date

# The card's last valid day is 2026-11-30; a monthly fee was just marked paid, so its next
# due day is after it (what the issue saw after "Mark paid": "before Nov 30, 2026" that day).
CARD = Card(id="visa", last4="4242", expires=YearMonth(2026, 11), label="Company Visa")
LAST_DAY = CARD.valid_through


def _profile(build, payment: Payment):
    method = PaymentMethod(PaymentMethodType.CARD, card=CARD.id)
    account = build.account("main", payment_methods=(method,))
    return build.profile(account, cards=(CARD,), payments=(payment,))


def _deadlines_passed(texts: list[str], at: dt.date) -> list[str]:
    """The texts that ask for something before or by `at` or an earlier day."""
    days = [format_date(at - dt.timedelta(days=n)) for n in range(0, 40)]
    return [t for t in texts for d in days if f"before {d}" in t or f"by {d}" in t]


@pytest.mark.parametrize("days_left", [0, 1])
def test_a_card_due_after_its_last_day(build, days_left: int) -> None:
    at = LAST_DAY - dt.timedelta(days=days_left)
    payment = Payment(id="fee", account="main", due=dt.date(2026, 12, 29), card="visa")
    found = build.findings(_profile(build, payment), at=at)
    rules = {f.rule for f in found}
    assert {"PAY-CARD-EXPIRES-BEFORE-DUE", "PAY-CARD-EXPIRING"} <= rules
    actions = [f.action for f in found]
    assert _deadlines_passed(actions, at) == []
    if days_left == 0:
        assert any("today" in a and "last valid day" in a for a in actions)
    else:  # the day after is still ahead: named as it is
        assert any(f"before {format_date(LAST_DAY)}" in a for a in actions)


def test_a_payment_due_today_is_to_be_paid_today(build) -> None:
    payment = Payment(id="fee", account="main", due=build.at, card="visa")
    profile = replace(_profile(build, payment), cards=(replace(CARD, expires=YearMonth(2028, 1)),))
    found = build.findings(profile, "PAY-DUE-SOON")
    assert [f.action for f in found] == [
        "Make sure the money or card is ready and pay today, then mark it paid."
    ]


def test_a_licence_on_its_last_day(build) -> None:
    company = replace(build.company, license_expires=build.at)
    profile = build.profile(build.account(registered_company=company), company=company)
    found = build.findings(profile, "REG-LICENSE-EXPIRING")
    assert found and _deadlines_passed([f.action for f in found], build.at) == []
    assert all("today" in f.action for f in found)
