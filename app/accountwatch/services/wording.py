"""Bands, platforms, finding categories and acknowledgements in the words the user reads (app,
report, CLI)."""

from __future__ import annotations

import datetime as dt

from accountwatch.core.findings import Band, Category
from accountwatch.core.model import Platform
from accountwatch.i18n import _, format_date


def band_words(band: Band) -> str:
    return {
        Band.LOW: _("Low risk"),
        Band.MODERATE: _("Moderate risk"),
        Band.HIGH: _("High risk"),
        Band.CRITICAL: _("Critical risk"),
    }[band]


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
