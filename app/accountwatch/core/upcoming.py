"""Due dates coming up: card expiries, payments, the business licence and the weekly check."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum

from accountwatch.core.dates import next_weekday_at, occurrences
from accountwatch.core.model import Payment, Profile
from accountwatch.i18n import _, format_date, format_money


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
    return f" ({format_money(payment.amount, payment.currency)})"


# What a payment's due dates depend on: paid on, due, repeat rule, start of the series.
_Series = tuple[dt.date | None, dt.date, str | None, dt.date | None]
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
                        card=card.display_name, last4=card.last4, date=format_date(valid_through)
                    ),
                )
            )
    payment_message = _("{payment}{amount} for {account} is due on {date}.")
    # The due dates depend only on these fields of a payment, and a large profile has many
    # payments alike in them (a monthly fee per account): each series is worked out once.
    due_dates: dict[_Series, list[tuple[dt.date, str]]] = {}
    for payment in profile.payments:
        series = (payment.paid_on, payment.due, payment.repeat, payment.repeat_start)
        dates = due_dates.get(series)
        if dates is None:
            dates = [(day, format_date(day)) for day in occurrences(payment, today, end)]
            due_dates[series] = dates
        if not dates:
            continue
        account = profile.account(payment.account)
        names = {
            "payment": payment.display_name,
            "amount": _amount(payment),
            "account": account.display_name if account else payment.account,
        }
        subject = f"payment:{payment.id}"
        for day, written in dates:
            items.append(
                Upcoming(
                    Kind.PAYMENT_DUE, subject, day, payment_message.format(date=written, **names)
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
                    company=company.name, date=format_date(company.license_expires)
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
                        date=format_date(check_day), time=weekly.time.strftime("%H:%M")
                    ),
                )
            )
    items.sort(key=lambda item: (item.date, _KIND_ORDER[item.kind], item.subject))
    return items
