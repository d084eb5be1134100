"""Payment rules: card expiry (month ends, leap years), due dates, methods and cancellations."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from decimal import Decimal

import pytest

from accountwatch.core.model import (
    Card,
    Payment,
    PaymentMethod,
    PaymentMethodType,
    Platform,
    Settings,
    YearMonth,
)

NOV_2026 = YearMonth(2026, 11)  # valid through 2026-11-30; the tests' day is 2026-11-29


def _card(expires: YearMonth = NOV_2026, card_id: str = "visa") -> Card:
    return Card(id=card_id, last4="4242", expires=expires, label="Company Visa")


def _card_profile(build, card: Card, *account_ids: str):
    method = PaymentMethod(PaymentMethodType.CARD, card=card.id)
    accounts = [build.account(a, payment_methods=(method,)) for a in account_ids or ("main",)]
    return build.profile(*accounts, cards=(card,))


def _on(card: Card, days: int) -> dt.date:
    """The day `days` before the card's last valid day (negative: after it)."""
    return card.valid_through - dt.timedelta(days=days)


@pytest.mark.parametrize(
    ("days_left", "expired", "expiring"),
    [
        (-1, [0.45], []),
        (0, [], [0.20]),
        (30, [], [0.20]),
        (31, [], [0.10]),
        (60, [], [0.10]),
        (61, [], []),
    ],
)
def test_card_expiry_tiers(build, days_left, expired, expiring):
    card = _card(YearMonth(2027, 3))
    profile = _card_profile(build, card)
    at = _on(card, days_left)
    assert build.weights(profile, "PAY-CARD-EXPIRED", at) == expired
    assert build.weights(profile, "PAY-CARD-EXPIRING", at) == expiring


def test_card_messages_name_the_card_and_the_days(build):
    card = _card()
    expiring = build.findings(_card_profile(build, card), "PAY-CARD-EXPIRING")[0]
    assert expiring.subject == "card:visa"
    assert "Company Visa ending in 4242" in expiring.message
    assert "1 day" in expiring.message and "Nov 30, 2026" in expiring.message
    expired = build.findings(_card_profile(build, card), "PAY-CARD-EXPIRED", _on(card, -3))[0]
    assert "3 days ago" in expired.message


def test_leap_year_card_is_valid_through_29_february(build):
    card = _card(YearMonth(2028, 2))
    assert card.valid_through == dt.date(2028, 2, 29)
    profile = _card_profile(build, card)
    assert build.findings(profile, "PAY-CARD-EXPIRED", dt.date(2028, 2, 29)) == []
    assert build.weights(profile, "PAY-CARD-EXPIRING", dt.date(2028, 2, 29)) == [0.20]
    assert build.weights(profile, "PAY-CARD-EXPIRED", dt.date(2028, 3, 1)) == [0.45]


def test_card_findings_go_to_every_account_using_the_card(build):
    card = _card()
    by_payment = build.account("payer")
    profile = _card_profile(build, card, "first", "second")
    profile = build.profile(
        *profile.accounts,
        by_payment,
        build.account("bystander"),
        cards=(card,),
        payments=(Payment(id="fee", account="payer", due=dt.date(2027, 5, 1), card="visa"),),
    )
    found = build.findings(profile, "PAY-CARD-EXPIRED", _on(card, -1))
    assert [f.account for f in found] == ["first", "second", "payer"]
    assert {f.subject for f in found} == {"card:visa"}


def test_a_card_nobody_uses_yields_nothing(build):
    profile = build.profile(cards=(_card(YearMonth(2020, 1)),))
    assert build.findings(profile) == []


def _payment(build, days_from_at: int, **changes) -> Payment:
    return Payment(
        id="fee",
        account="main",
        due=build.at + dt.timedelta(days=days_from_at),
        description="Gold Supplier fee",
        **changes,
    )


@pytest.mark.parametrize(
    ("days", "overdue", "due_soon"),
    [
        (-31, [0.70], []),
        (-30, [0.50], []),
        (-1, [0.50], []),
        (0, [], [0.10]),
        (7, [], [0.10]),
        (8, [], []),
    ],
)
def test_due_date_tiers(build, days, overdue, due_soon):
    method = PaymentMethod(PaymentMethodType.BANK_TRANSFER)
    profile = build.profile(
        build.account(payment_methods=(method,)), payments=(_payment(build, days),)
    )
    assert build.weights(profile, "PAY-OVERDUE") == overdue
    assert build.weights(profile, "PAY-DUE-SOON") == due_soon
    for finding in build.findings(profile):
        assert finding.subject == "payment:fee"


def test_paid_payments_are_never_due(build):
    paid = _payment(build, -40, paid_on=build.at - dt.timedelta(days=41))
    profile = build.profile(payments=(paid,))
    assert build.findings(profile) == []


def test_overdue_message_counts_days(build):
    profile = build.profile(payments=(_payment(build, -12),))
    message = build.findings(profile, "PAY-OVERDUE")[0].message
    assert "Gold Supplier fee" in message and "12 days overdue" in message


@pytest.mark.parametrize(
    ("due", "expected"),
    [
        (dt.date(2027, 1, 1), [0.30]),
        (dt.date(2026, 12, 31), []),
    ],
)
def test_card_expires_before_due(build, due, expected):
    card = _card(YearMonth(2026, 12))
    payment = Payment(id="fee", account="main", due=due, card="visa")
    method = PaymentMethod(PaymentMethodType.CARD, card="visa")
    profile = build.profile(
        build.account(payment_methods=(method,)), cards=(card,), payments=(payment,)
    )
    found = build.findings(profile, "PAY-CARD-EXPIRES-BEFORE-DUE")
    assert [f.weight for f in found] == expected
    if found:
        assert found[0].subject == "payment:fee"
        assert "Dec 31, 2026" in found[0].message


def _card_and_payment(build, card: Card, due_in: int):
    payment = Payment(
        id="fee", account="main", due=build.at + dt.timedelta(days=due_in), card=card.id
    )
    method = PaymentMethod(PaymentMethodType.CARD, card=card.id)
    return build.profile(
        build.account(payment_methods=(method,)), cards=(card,), payments=(payment,)
    )


@pytest.mark.parametrize(("due_in", "expected"), [(60, [0.30]), (61, []), (25 * 30, [])])
def test_card_expires_before_due_only_within_the_first_card_warning(build, due_in, expected):
    # A payment 25 months away used to be reported at full weight.
    card = _card(YearMonth(2026, 12))
    profile = _card_and_payment(build, card, due_in)
    assert build.weights(profile, "PAY-CARD-EXPIRES-BEFORE-DUE") == expected


@pytest.mark.parametrize(("warn_days", "due_in", "expected"), [((90,), 90, [0.30]), ((7,), 8, [])])
def test_card_expires_before_due_follows_the_card_warning_setting(
    build, warn_days, due_in, expected
):
    card = _card(YearMonth(2026, 12))
    profile = replace(
        _card_and_payment(build, card, due_in), settings=Settings(card_warn_days=warn_days)
    )
    assert build.weights(profile, "PAY-CARD-EXPIRES-BEFORE-DUE") == expected


@pytest.mark.parametrize(("expires", "expected"), [(NOV_2026, [0.30]), (YearMonth(2026, 10), [])])
def test_an_expired_card_is_left_to_card_expired(build, expires, expected):
    # It used to stack with PAY-CARD-EXPIRED on the same card.
    profile = _card_and_payment(build, _card(expires), 20)
    assert build.weights(profile, "PAY-CARD-EXPIRES-BEFORE-DUE") == expected


def test_card_expires_before_due_ignores_past_and_paid_payments(build):
    card = _card(YearMonth(2026, 1))
    overdue = Payment(id="late", account="main", due=build.at - dt.timedelta(days=1), card="visa")
    paid = Payment(
        id="paid", account="main", due=dt.date(2027, 1, 1), card="visa", paid_on=build.at
    )
    profile = build.profile(cards=(card,), payments=(overdue, paid))
    assert build.findings(profile, "PAY-CARD-EXPIRES-BEFORE-DUE") == []


@pytest.mark.parametrize(
    ("methods", "unpaid", "expected"),
    [
        ((), False, []),
        ((), True, [0.25]),
        ((PaymentMethod(PaymentMethodType.CARD, card="old"),), False, [0.25]),
        ((PaymentMethod(PaymentMethodType.CARD, card="new"),), True, []),
        ((PaymentMethod(PaymentMethodType.OFF_PLATFORM, approved=False),), False, [0.25]),
        ((PaymentMethod(PaymentMethodType.PAYPAL, approved=False),), True, [0.25]),
        ((PaymentMethod(PaymentMethodType.TRADE_ASSURANCE),), True, []),
        (
            (
                PaymentMethod(PaymentMethodType.CARD, card="old"),
                PaymentMethod(PaymentMethodType.BANK_TRANSFER),
            ),
            True,
            [],
        ),
    ],
)
def test_no_valid_method(build, methods, unpaid, expected):
    cards = (_card(YearMonth(2026, 10), "old"), _card(YearMonth(2027, 10), "new"))
    payments = (_payment(build, 20),) if unpaid else ()
    profile = build.profile(build.account(payment_methods=methods), cards=cards, payments=payments)
    found = build.findings(profile, "PAY-NO-VALID-METHOD")
    assert [f.weight for f in found] == expected
    if found and methods:
        assert "expired" in found[0].message or "not approved" in found[0].message


@pytest.mark.parametrize(
    ("method", "expected"),
    [
        (PaymentMethod(PaymentMethodType.OFF_PLATFORM, approved=False), [0.35]),
        (PaymentMethod(PaymentMethodType.OFF_PLATFORM, approved=True), [0.35]),
        (PaymentMethod(PaymentMethodType.PAYPAL, approved=False), [0.35]),
        (PaymentMethod(PaymentMethodType.PAYPAL), []),
    ],
)
def test_off_platform(build, method, expected):
    profile = build.profile(build.account(payment_methods=(method,)))
    found = build.findings(profile, "PAY-OFF-PLATFORM")
    assert [f.weight for f in found] == expected
    if found:
        assert found[0].subject == "account:main"


@pytest.mark.parametrize(
    ("platform", "method", "off_platform"),
    [
        # Alibaba.com's facts list card, bank transfer and Trade Assurance.
        (Platform.ALIBABA, PaymentMethodType.PAYPAL, True),
        (Platform.ALIBABA, PaymentMethodType.ALIPAY, True),
        (Platform.ALIBABA, PaymentMethodType.BANK_TRANSFER, False),
        (Platform.ALIBABA, PaymentMethodType.TRADE_ASSURANCE, False),
        (Platform.ALIBABA, PaymentMethodType.OTHER, False),  # names no method: not judged
        # No published list: only what the user marked unapproved, or off the platform.
        (Platform.ALIEXPRESS, PaymentMethodType.PAYPAL, False),
        (Platform.P1688, PaymentMethodType.ALIPAY, False),
    ],
)
def test_a_method_the_platforms_facts_do_not_list_is_not_approved(
    build, platform, method, off_platform
):
    profile = build.profile(
        build.account(platform=platform, payment_methods=(PaymentMethod(method),))
    )
    assert build.weights(profile, "PAY-OFF-PLATFORM") == ([0.35] if off_platform else [])
    # Nor can the account pay with it: it has no usable method left.
    assert build.weights(profile, "PAY-NO-VALID-METHOD") == ([0.25] if off_platform else [])


@pytest.mark.parametrize(
    ("orders", "cancelled", "expected"),
    [
        (9, 2, []),  # too few orders, too few cancellations to judge
        (8, 4, [0.25]),  # 50 %: used to say nothing with fewer than 10 orders
        (9, 3, [0.25]),
        (0, 3, []),
        (10, 1, [0.25]),
        (40, 1, []),  # exactly 2.5 %
        (79, 2, [0.10]),  # 2.53 %
        (100, 5, [0.10]),  # exactly 5 %
        (1000, 51, [0.25]),  # 5.1 %
        (None, 3, []),
        (120, None, []),
    ],
)
def test_high_cancellation(build, orders, cancelled, expected):
    account = build.account(orders_90d=orders, cancellations_90d=cancelled)
    assert build.weights(build.profile(account), "PAY-HIGH-CANCELLATION") == expected


def test_cancellation_message_shows_the_rate(build):
    account = build.account(orders_90d=80, cancellations_90d=3)
    message = build.findings(build.profile(account), "PAY-HIGH-CANCELLATION")[0].message
    assert "3 of 80" in message and "3.8 %" in message


def test_payment_messages_name_the_payment_and_amount(build):
    payment = Payment(
        id="fee", account="main", due=build.at, amount=Decimal("2999.00"), currency="USD"
    )
    message = build.findings(build.profile(payments=(payment,)), "PAY-DUE-SOON")[0].message
    assert message == "Payment “fee” ($2,999.00) is due today (Nov 29, 2026)."
