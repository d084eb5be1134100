"""A card's or a payment's status as the pages show it, from the check's findings and the date."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from enum import StrEnum

from accountwatch.core.findings import Finding
from accountwatch.core.model import Card, Payment
from accountwatch.i18n import _
from accountwatch.services.wording import expires_in_words


class CardStatus(StrEnum):
    EXPIRED = "expired"
    EXPIRING = "expiring"
    NOT_USED = "not_used"
    VALID = "valid"


class PaymentStatus(StrEnum):
    OVERDUE = "overdue"
    DUE_SOON = "due_soon"
    UPCOMING = "upcoming"
    PAID = "paid"


# The rules whose findings set a status: they own the thresholds ("expiring", "due soon").
_CARD_RULES = {"PAY-CARD-EXPIRED": CardStatus.EXPIRED, "PAY-CARD-EXPIRING": CardStatus.EXPIRING}
_PAYMENT_RULES = {"PAY-OVERDUE": PaymentStatus.OVERDUE, "PAY-DUE-SOON": PaymentStatus.DUE_SOON}


def _first_by_subject(findings: Iterable[Finding], rules: Iterable[str]) -> dict[str, Finding]:
    """The first finding of each subject among `rules` (they repeat once per account)."""
    wanted = set(rules)
    found: dict[str, Finding] = {}
    for finding in findings:
        if finding.rule in wanted:
            found.setdefault(finding.subject, finding)
    return found


def card_findings(findings: Iterable[Finding]) -> dict[str, Finding]:
    """The finding that sets each card's status, by subject ("card:<id>")."""
    return _first_by_subject(findings, _CARD_RULES)


def payment_findings(findings: Iterable[Finding]) -> dict[str, Finding]:
    """The finding that sets each payment's status, by subject ("payment:<id>")."""
    return _first_by_subject(findings, _PAYMENT_RULES)


def card_status(card: Card, finding: Finding | None, used: bool, today: dt.date) -> CardStatus:
    if card.valid_through < today:
        return CardStatus.EXPIRED
    if finding is not None and _CARD_RULES.get(finding.rule) == CardStatus.EXPIRING:
        return CardStatus.EXPIRING
    return CardStatus.VALID if used else CardStatus.NOT_USED


def card_status_words(status: CardStatus, card: Card, today: dt.date) -> str:
    if status == CardStatus.EXPIRING:
        return expires_in_words(card.valid_through, today)
    return {
        CardStatus.EXPIRED: _("Expired"),
        CardStatus.NOT_USED: _("Not used"),
        CardStatus.VALID: _("Valid"),
    }[status]


def payment_status(payment: Payment, finding: Finding | None) -> PaymentStatus:
    if payment.is_paid:
        return PaymentStatus.PAID
    if finding is not None:
        return _PAYMENT_RULES.get(finding.rule, PaymentStatus.UPCOMING)
    return PaymentStatus.UPCOMING


def payment_status_words(status: PaymentStatus) -> str:
    return {
        PaymentStatus.OVERDUE: _("Overdue"),
        PaymentStatus.DUE_SOON: _("Due soon"),
        PaymentStatus.UPCOMING: _("Upcoming"),
        PaymentStatus.PAID: _("Paid"),
    }[status]
