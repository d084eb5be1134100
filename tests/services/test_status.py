"""A card's and a payment's status and the days-left words come from services, not the pages."""

from __future__ import annotations

import datetime as dt

from accountwatch import i18n
from accountwatch.core.model import Card, Payment, YearMonth
from accountwatch.services.status import (
    CardStatus,
    PaymentStatus,
    card_findings,
    card_status,
    card_status_words,
    payment_findings,
    payment_status,
)
from accountwatch.services.wording import due_words, reviewed_words
from finding_doubles import finding

TODAY = dt.date(2026, 11, 29)
CARD = Card("visa", "4242", YearMonth(2026, 12))  # valid through 31 December: 32 days left


def test_a_card_is_expiring_when_the_check_says_so_and_expired_by_its_date() -> None:
    expiring = finding("PAY-CARD-EXPIRING", "card:visa")
    assert card_status(CARD, expiring, True, TODAY) == CardStatus.EXPIRING
    assert card_status_words(CardStatus.EXPIRING, CARD, TODAY) == "Expires in 32 days"
    assert card_status(CARD, None, True, TODAY) == CardStatus.VALID
    assert card_status(CARD, None, False, TODAY) == CardStatus.NOT_USED
    assert card_status(CARD, expiring, True, dt.date(2027, 1, 1)) == CardStatus.EXPIRED


def test_status_findings_are_the_first_of_each_subject_among_the_status_rules() -> None:
    first = finding("PAY-CARD-EXPIRED", "card:visa", "a")
    findings = [
        finding("PAY-CARD-EXPIRES-BEFORE-DUE", "payment:fee"),
        first,
        finding("PAY-CARD-EXPIRED", "card:visa", "b"),
        finding("PAY-DUE-SOON", "payment:fee"),
    ]
    assert card_findings(findings) == {"card:visa": first}
    assert list(payment_findings(findings)) == ["payment:fee"]


def test_a_payment_is_overdue_or_due_soon_by_its_finding_and_paid_by_its_date() -> None:
    payment = Payment("fee", "shop", TODAY)
    overdue = finding("PAY-OVERDUE", "payment:fee")
    assert payment_status(payment, overdue) == PaymentStatus.OVERDUE
    assert payment_status(payment, finding("PAY-DUE-SOON", "payment:fee")) == PaymentStatus.DUE_SOON
    assert payment_status(payment, None) == PaymentStatus.UPCOMING
    paid = Payment("fee", "shop", TODAY, paid_on=TODAY)
    assert payment_status(paid, overdue) == PaymentStatus.PAID


def test_days_left_and_ago_in_words() -> None:
    # Dates inside these sentences read as the language writes them, never as ISO.
    assert due_words(TODAY, TODAY) == "Nov 29, 2026 — today"
    assert due_words(dt.date(2026, 12, 2), TODAY) == "Dec 2, 2026 — in 3 days"
    assert due_words(dt.date(2026, 11, 28), TODAY) == "Nov 28, 2026 — 1 day overdue"
    assert reviewed_words(None, TODAY) == "Never reviewed."
    assert reviewed_words(TODAY, TODAY) == "✓ Reviewed today."
    assert reviewed_words(dt.date(2026, 11, 19), TODAY) == (
        "Last reviewed on Nov 19, 2026 (10 days ago)."
    )


def test_japanese_sentences_take_the_japanese_date_with_its_weekday() -> None:
    i18n.set_language("ja")
    try:
        assert due_words(dt.date(2026, 12, 7), TODAY).startswith("2026年12月7日(月)")
        assert "2026年11月19日(木)" in reviewed_words(dt.date(2026, 11, 19), TODAY)
        assert i18n.format_month(2026, 10) == "2026年10月"
        assert i18n.join_list(["名称", "住所"]) == "名称、住所"
    finally:
        i18n.set_language("en")
    assert i18n.format_month(2026, 10) == "Oct 2026"
    assert i18n.join_list(["name", "address"]) == "name, address"
