"""Bands, platforms, card brands, finding categories, account statuses, password strengths,
acknowledgements and days left in the words the user reads (app, report, CLI)."""

from __future__ import annotations

import datetime as dt

from accountwatch.core.findings import Band, Category
from accountwatch.core.model import AccountStatus, CardBrand, Platform
from accountwatch.i18n import N_, _, format_date, ngettext
from accountwatch.secrets.backend_words import backend_words


def band_words(band: Band) -> str:
    return {
        Band.LOW: _("Low risk"),
        Band.MODERATE: _("Moderate risk"),
        Band.HIGH: _("High risk"),
        Band.CRITICAL: _("Critical risk"),
    }[band]


# Asked for in every row of a large table: only the word shown is translated.
_STRENGTH_WORDS = (N_("Very weak"), N_("Weak"), N_("Fair"), N_("Good"), N_("Strong"))


def strength_words(score: int) -> str:
    """A zxcvbn score (0–4) in words."""
    return _(_STRENGTH_WORDS[max(0, min(score, len(_STRENGTH_WORDS) - 1))])


def brand_words(brand: CardBrand) -> str:
    """A card brand as its holder reads it on the card."""
    return {
        CardBrand.VISA: "Visa",
        CardBrand.MASTERCARD: "Mastercard",
        CardBrand.JCB: "JCB",
        CardBrand.AMEX: "American Express",
        CardBrand.UNIONPAY: "UnionPay",
        CardBrand.DINERS: "Diners Club",
        CardBrand.DISCOVER: "Discover",
        CardBrand.OTHER: _("Other"),
    }[brand]


def platform_words(platform: Platform | str | None) -> str:
    names = {
        Platform.ALIBABA: _("Alibaba.com"),
        Platform.P1688: _("1688"),
        Platform.ALIEXPRESS: _("AliExpress"),
        Platform.OTHER: _("Other"),
    }
    if platform is None:
        return "—"
    try:
        return names[Platform(platform)]
    except ValueError:
        return str(platform)


def category_words(category: Category | str) -> str:
    names = {
        Category.SECURITY: _("Security"),
        Category.PAYMENT: _("Payments"),
        Category.REGISTRATION: _("Registration"),
        Category.CONDUCT: _("Conduct"),
    }
    try:
        return names[Category(category)]
    except ValueError:
        return str(category)


def acknowledged_because(reason: str, until: dt.date | None) -> str:
    """An acknowledgement's reason, with its last day when it has one."""
    if until is None:
        return reason
    return _("{reason} (until {date})").format(reason=reason, date=format_date(until))


def account_status_words(status: AccountStatus) -> str:
    return {
        AccountStatus.ACTIVE: _("Active"),
        AccountStatus.RESTRICTED: _("Restricted"),
        AccountStatus.FROZEN: _("Frozen"),
    }[status]


def account_in_status(account: str, status: AccountStatus) -> str:
    """ "{account} is frozen": a sentence per status, as languages word them differently."""
    return {
        AccountStatus.ACTIVE: _("{account} is active"),
        AccountStatus.RESTRICTED: _("{account} is restricted"),
        AccountStatus.FROZEN: _("{account} is frozen"),
    }[status].format(account=account)


def days_until(day: dt.date, today: dt.date) -> int:
    """Days from `today` to `day`; negative once it has passed."""
    return (day - today).days


def expires_in_words(day: dt.date, today: dt.date) -> str:
    days = days_until(day, today)
    return ngettext("Expires in {days} day", "Expires in {days} days", days).format(days=days)


def due_words(due: dt.date, today: dt.date) -> str:
    """The due date with how far off it is: overdue, today or in so many days."""
    days = days_until(due, today)
    if days < 0:
        return ngettext(
            "{date} — {days} day overdue", "{date} — {days} days overdue", -days
        ).format(date=format_date(due), days=-days)
    if days == 0:
        return _("{date} — today").format(date=format_date(due))
    return ngettext("{date} — in {days} day", "{date} — in {days} days", days).format(
        date=format_date(due), days=days
    )


def reviewed_words(day: dt.date | None, today: dt.date) -> str:
    """When something was last reviewed, and how long ago."""
    if day is None:
        return _("Never reviewed.")
    days = -days_until(day, today)
    if days <= 0:
        return "✓ " + _("Reviewed today.")
    return ngettext(
        "Last reviewed on {date} ({days} day ago).",
        "Last reviewed on {date} ({days} days ago).",
        days,
    ).format(date=format_date(day), days=days)


def open_findings_words(findings: int, accounts: int) -> str:
    """Says "3 open findings across 2 accounts.", each number with its own plural."""
    counted = ngettext("{count} open finding", "{count} open findings", findings).format(
        count=findings
    )
    over = ngettext("{count} account", "{count} accounts", accounts).format(count=accounts)
    return _("{findings} across {accounts}.").format(findings=counted, accounts=over)


def keyring_words(backend: str) -> str:
    """The system keyring by the name its user knows ("GNOME Keyring / Secret Service")."""
    return backend_words(backend)
