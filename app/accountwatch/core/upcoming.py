"""Due dates coming up: card expiries, payments, the business licence and the weekly check."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum

from accountwatch.core.dates import next_weekday_at, occurrences
from accountwatch.core.model import Payment, Profile
from accountwatch.i18n import _


class Kind(StrEnum):
    CARD_EXPIRY = "card-expiry"
    PAYMENT_DUE = "payment-due"
    LICENSE_EXPIRY = "license-expiry"
    WEEKLY_CHECK = "weekly-check"


@dataclass(frozen=True)
class Upcoming:
    kind: Kind
    subject: str
    date: dt.date
    message: str


def _amount(payment: Payment) -> str:
    if payment.amount is None:
        return ""
    return f" ({payment.amount} {payment.currency})".rstrip()


# The order of kinds on one day: the order they are declared in.
_KIND_ORDER = {kind: i for i, kind in enumerate(Kind)}


def upcoming(profile: Profile, today: dt.date, days: int) -> list[Upcoming]:
    """Everything falling due from `today` to `days` days later (both included), by date."""
    end = today + dt.timedelta(days=days)
    items: list[Upcoming] = []
    # A large profile has thousands of items: each message is looked up once, not per item.
    card_message = _("Card {card} (…{last4}) expires on {date}.")
    for card in profile.cards:
        valid_through = card.valid_through
        if today <= valid_through <= end:
            items.append(
                Upcoming(
                    Kind.CARD_EXPIRY,
                    f"card:{card.id}",
                    valid_through,
                    card_message.format(
                        card=card.display_name, last4=card.last4, date=valid_through.isoformat()
                    ),
                )
            )
    payment_message = _("{payment}{amount} for {account} is due on {date}.")
    for payment in profile.payments:
        names: dict[str, str] | None = None
        subject = ""
        for due in occurrences(payment, today, end):
            if names is None:
                account = profile.account(payment.account)
                names = {
                    "payment": payment.display_name,
                    "amount": _amount(payment),
                    "account": account.display_name if account else payment.account,
                }
                subject = f"payment:{payment.id}"
            items.append(
                Upcoming(
                    Kind.PAYMENT_DUE,
                    subject,
                    due,
                    payment_message.format(date=due.isoformat(), **names),
                )
            )
    company = profile.company
    if company and company.license_expires and today <= company.license_expires <= end:
        items.append(
            Upcoming(
                Kind.LICENSE_EXPIRY,
                "company",
                company.license_expires,
                _("The business licence of {company} expires on {date}.").format(
                    company=company.name, date=company.license_expires.isoformat()
                ),
            )
        )
    if profile.accounts:
        weekly = profile.settings.weekly_check
        start = dt.datetime.combine(today, dt.time(0, 0))
        check_day = next_weekday_at(start, weekly.weekday.number, weekly.time).date()
        if check_day <= end:
            items.append(
                Upcoming(
                    Kind.WEEKLY_CHECK,
                    "weekly-check",
                    check_day,
                    _("Weekly health check on {date} at {time}.").format(
                        date=check_day.isoformat(), time=weekly.time.strftime("%H:%M")
                    ),
                )
            )
    items.sort(key=lambda item: (item.date, _KIND_ORDER[item.kind], item.subject))
    return items
