"""Where in the app a finding is fixed: the page, the item and the editor field."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from accountwatch.core.catalogue import FixPlace
from accountwatch.core.findings import Finding
from accountwatch.core.fixes import fix_for
from accountwatch.core.model import Profile
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
    """Where the window goes: a page and, on it, an item, a field or a finding."""

    page: Page
    item: str | None = None  # account, card or payment id
    field: str | None = None  # profile-format key of the field, e.g. "two_factor.method"
    finding: tuple[str, str, str] | None = None  # Findings page: the (account, rule, subject)


# The overview's field that stands for "open the weekly check".
WEEKLY_CHECK = "weekly_check"

# Where the catalogue says a finding is fixed → the page that fixes it there.
_PAGES = {
    FixPlace.ACCOUNT: Page.ACCOUNTS,
    FixPlace.CARD: Page.CARDS,
    FixPlace.PAYMENT: Page.PAYMENTS,
    FixPlace.COMPANY: Page.COMPANY,
    FixPlace.RECOVERY: Page.FINDINGS,
}


def target_for(finding: Finding, profile: Profile | None = None) -> Target:
    """The editor field that fixes `finding`, on the item (and table row) it is about."""
    fix = fix_for(finding, profile)
    return Target(_PAGES[fix.place], fix.item, fix.field)


def finding_target(key: tuple[str, str, str]) -> Target:
    """The Findings page with the finding `key` (account, rule, subject) selected."""
    return Target(Page.FINDINGS, key[0], finding=key)


# Reminder kind → (page, field) where the user deals with it; the item comes from the subject.
_REMINDER_FIELDS: dict[Kind, tuple[Page, str | None]] = {
    Kind.CARD_EXPIRY: (Page.CARDS, "expires"),
    Kind.PAYMENT_DUE: (Page.PAYMENTS, "paid_on"),
    Kind.LICENSE_EXPIRY: (Page.COMPANY, "license_expires"),
    Kind.WEEKLY_CHECK: (Page.OVERVIEW, WEEKLY_CHECK),
    Kind.TERMS_REVIEW: (Page.ACCOUNTS, "terms_reviewed_on"),
    Kind.COMPANY_CONFIRMATION: (Page.COMPANY, "verified_on"),
    Kind.PENALTY_LAPSE: (Page.ACCOUNTS, "penalties"),
    Kind.RECOVERY_FOLLOW_UP: (Page.ACCOUNTS, "recovery.last_follow_up_on"),
    Kind.FROZEN_WARNING: (Page.ACCOUNTS, "recovery.last_follow_up_on"),
}


def target_for_reminder(kind: Kind, subject: str) -> Target:
    """Where a notification leads: the card, the payment, the account or the weekly check."""
    page, field = _REMINDER_FIELDS[kind]
    _kind, _sep, item = subject.partition(":")
    return Target(page, item or None, field)
