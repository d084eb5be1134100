"""What the analysis of a password manager's export says, the same in the app and on the
command line."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING

from accountwatch.i18n import _, format_date, join_list, ngettext

if TYPE_CHECKING:  # the analysis itself loads only in the command that runs it
    from accountwatch.services.password_export import AccountResult


def kept_sentence() -> str:
    return _(
        "Kept: the keyed fingerprints of the other sites' passwords and their host names, and "
        "each account's password analysis. The export's passwords were written nowhere and "
        "are dropped from memory now."
    )


def delete_warning(path: Path) -> str:
    return _("Delete the export file now: it holds every password in plain text ({file}).").format(
        file=path
    )


def format_name(value: str) -> str:
    names = {
        "bitwarden": "Bitwarden",
        "1password": "1Password",
        "keepassxc": "KeePassXC",
        "chrome": "Chrome/Edge",
        "firefox": "Firefox",
    }
    return names.get(value, value)


def account_lines(account: AccountResult, today: dt.date, breach_source: str) -> list[str]:
    """What the analysis found for one account, a line each (the app shows the same)."""
    lines = []
    if account.found_in_export:
        lines.append(_("The export holds this account's password."))
        if account.password_differs:
            lines.append(_("It differs from the password checked before: it is checked now."))
    elif account.password_known:
        lines.append(_("Not in the export: compared by the fingerprint checked before."))
    else:
        lines.append(_("Not in the export and never checked: enter its password to compare it."))
    if account.reused_on:
        lines.append(
            _("Same password on: {sites}").format(sites=join_list(list(account.reused_on)))
        )
    elif account.password_known:
        lines.append(_("No other site in the export uses the same password."))
    if account.changed_on is not None:
        days = (today - account.changed_on).days
        lines.append(
            ngettext(
                "Password last changed on {date}, {days} day ago.",
                "Password last changed on {date}, {days} days ago.",
                days,
            ).format(date=format_date(account.changed_on), days=days)
        )
    if account.breach_count is not None and breach_source:
        if account.breach_count:
            lines.append(
                ngettext(
                    "Found {count} time in known breaches ({file}).",
                    "Found {count} times in known breaches ({file}).",
                    account.breach_count,
                ).format(count=f"{account.breach_count:,}", file=breach_source)
            )
        else:
            lines.append(_("Not found in known breaches ({file}).").format(file=breach_source))
    return lines
