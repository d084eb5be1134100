"""Due dates coming up: card expiries, payments, the business licence and the weekly check."""

from __future__ import annotations

import datetime as dt

from accountwatch.core.model import Profile
from accountwatch.core.obligations import (
    Kind,
    Obligation,
    card_expiries,
    licence_expiry,
    payments_due,
    weekly_checks,
)

__all__ = ["Kind", "Upcoming", "upcoming"]

# An item coming up is an obligation of one of these kinds (the Overview, the report, `check`).
Upcoming = Obligation
# The order of kinds on one day: the order they are declared in.
_KIND_ORDER = {kind: i for i, kind in enumerate(Kind)}


def upcoming(profile: Profile, today: dt.date, days: int) -> list[Upcoming]:
    """Everything falling due from `today` to `days` days later (both included), by date: only
    the next weekly check, not every one."""
    end = today + dt.timedelta(days=days)
    items = [
        *card_expiries(profile, today, end),
        *payments_due(profile, today, end),
        *licence_expiry(profile, today, end),
    ]
    check = next(weekly_checks(profile, today, end), None)
    if check is not None:
        items.append(check)
    items.sort(key=lambda item: (item.date, _KIND_ORDER[item.kind], item.subject))
    return items
