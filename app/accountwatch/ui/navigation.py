"""Where in the app a finding is fixed: the page, the item and the editor field."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from accountwatch.core.findings import Finding
from accountwatch.core.reminders import Kind


class Page(StrEnum):
    OVERVIEW = "overview"
    ACCOUNTS = "accounts"
    COMPANY = "company"
    CARDS = "cards"
    PAYMENTS = "payments"
    FINDINGS = "findings"
    REMINDERS = "reminders"
    HISTORY = "history"
    SETTINGS = "settings"


@dataclass(frozen=True)
class Target:
    page: Page
    item: str | None = None  # account, card or payment id
    field: str | None = None  # profile-format key of the field, e.g. "two_factor.method"


# The overview's field that stands for "open the weekly check".
WEEKLY_CHECK = "weekly_check"

# Rule id → (page, field) of the editor that fixes it; the item comes from the finding.
_FIELDS: dict[str, tuple[Page, str | None]] = {
    "SEC-PASSWORD-WEAK": (Page.ACCOUNTS, "password"),
    "SEC-PASSWORD-REUSED": (Page.ACCOUNTS, "password"),
    "SEC-PASSWORD-UNCHECKED": (Page.ACCOUNTS, "password"),
    "SEC-PASSWORD-OLD": (Page.ACCOUNTS, "password_changed_on"),
    "SEC-2FA-OFF": (Page.ACCOUNTS, "two_factor.method"),
    "SEC-2FA-WEAK": (Page.ACCOUNTS, "two_factor.method"),
    "SEC-2FA-NO-BACKUP": (Page.ACCOUNTS, "two_factor.backup_codes_saved"),
    "SEC-ACCOUNT-SHARED": (Page.ACCOUNTS, "shared_with"),
    "SEC-LOGINS-UNREVIEWED": (Page.ACCOUNTS, "logins_reviewed_on"),
    "PAY-CARD-EXPIRED": (Page.CARDS, "expires"),
    "PAY-CARD-EXPIRING": (Page.CARDS, "expires"),
    "PAY-NO-VALID-METHOD": (Page.ACCOUNTS, "payment_methods"),
    "PAY-OVERDUE": (Page.PAYMENTS, "paid_on"),
    "PAY-DUE-SOON": (Page.PAYMENTS, "paid_on"),
    "PAY-CARD-EXPIRES-BEFORE-DUE": (Page.PAYMENTS, "card"),
    "PAY-OFF-PLATFORM": (Page.ACCOUNTS, "payment_methods"),
    "PAY-HIGH-CANCELLATION": (Page.ACCOUNTS, "cancellations_90d"),
    "REG-INCOMPLETE": (Page.ACCOUNTS, "registered_company"),
    "REG-MISMATCH": (Page.ACCOUNTS, "registered_company"),
    "REG-UNVERIFIED": (Page.COMPANY, "verified_on"),
    "REG-LICENSE-EXPIRED": (Page.COMPANY, "license_expires"),
    "REG-LICENSE-EXPIRING": (Page.COMPANY, "license_expires"),
    "REG-TERMS-UNREVIEWED": (Page.ACCOUNTS, "terms_reviewed_on"),
    "CON-PENALTY-POINTS": (Page.ACCOUNTS, "penalties"),
    "CON-IPR-STRIKES": (Page.ACCOUNTS, "penalties"),
    "CON-PROHIBITED-LISTING": (Page.ACCOUNTS, "listings"),
    "CON-BRAND-LISTING": (Page.ACCOUNTS, "listings"),
    "CON-EXAGGERATED-CLAIM": (Page.ACCOUNTS, "listings"),
    "CON-INCENTIVIZED-REVIEWS": (Page.ACCOUNTS, "incentivized_reviews"),
    "CON-BULK-MESSAGING": (Page.ACCOUNTS, "messages_per_day"),
    # A restricted or frozen account needs recovery help first (risk-model.md).
    "CON-ACCOUNT-RESTRICTED": (Page.FINDINGS, None),
}


def target_for(finding: Finding) -> Target:
    """The editor field that fixes `finding`, on the item the finding is about."""
    page, field = _FIELDS.get(finding.rule, (Page.ACCOUNTS, None))
    kind, _, rest = finding.subject.partition(":")
    if page == Page.CARDS and kind == "card":
        return Target(page, rest, field)
    if page == Page.PAYMENTS and kind == "payment":
        return Target(page, rest, field)
    if page == Page.COMPANY:
        return Target(page, None, field)
    if page == Page.FINDINGS:
        return Target(page, finding.account)
    return Target(Page.ACCOUNTS, finding.account, field)


# Reminder kind → (page, field) where the user deals with it; the item comes from the subject.
_REMINDER_FIELDS: dict[Kind, tuple[Page, str | None]] = {
    Kind.CARD_EXPIRY: (Page.CARDS, "expires"),
    Kind.PAYMENT_DUE: (Page.PAYMENTS, "paid_on"),
    Kind.LICENSE_EXPIRY: (Page.COMPANY, "license_expires"),
    Kind.WEEKLY_CHECK: (Page.OVERVIEW, WEEKLY_CHECK),
    Kind.TERMS_REVIEW: (Page.ACCOUNTS, "terms_reviewed_on"),
    Kind.COMPANY_CONFIRMATION: (Page.COMPANY, "verified_on"),
    Kind.PENALTY_LAPSE: (Page.ACCOUNTS, "penalties"),
}


def target_for_reminder(kind: Kind, subject: str) -> Target:
    """Where a notification leads: the card, the payment, the account or the weekly check."""
    page, field = _REMINDER_FIELDS[kind]
    _kind, _sep, item = subject.partition(":")
    return Target(page, item or None, field)
