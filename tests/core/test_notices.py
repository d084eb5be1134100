"""What a notification says: the most urgent reminder first, critical ones never counted away."""

from __future__ import annotations

import datetime as dt

import pytest

from accountwatch.core.notices import (
    Urgency,
    by_urgency,
    dismiss_question,
    dismissed_note,
    notice,
    urgency,
)
from accountwatch.core.reminders import Kind, Reminder, reminder_id

AT = dt.datetime(2026, 11, 29, 9, 0, tzinfo=dt.UTC)


def reminder(kind: Kind, subject: str, due: dt.date, tier: str, message: str) -> Reminder:
    return Reminder(reminder_id(kind, subject, due, tier), kind, subject, due, tier, AT, message)


TERMS = reminder(Kind.TERMS_REVIEW, "account:ali", dt.date(2026, 10, 31), "0", "Review the terms.")
COMPANY = reminder(
    Kind.COMPANY_CONFIRMATION, "company", dt.date(2026, 11, 10), "0", "Confirm the company."
)
LICENCE = reminder(
    Kind.LICENSE_EXPIRY, "company", dt.date(2027, 1, 13), "60", "The licence expires."
)
WEEKLY = reminder(Kind.WEEKLY_CHECK, "weekly-check", dt.date(2026, 11, 23), "0", "Weekly check.")
CARD_SOON = reminder(Kind.CARD_EXPIRY, "card:visa", dt.date(2026, 12, 31), "30", "Visa expires.")
CARD_TODAY = reminder(Kind.CARD_EXPIRY, "card:amex", dt.date(2026, 11, 29), "0", "Amex ends.")
PAY_SOON = reminder(Kind.PAYMENT_DUE, "payment:gold", dt.date(2026, 12, 4), "7", "Gold is due.")
PAY_LATE = reminder(
    Kind.PAYMENT_DUE, "payment:1688", dt.date(2026, 11, 23), "overdue-6", "1688 is unpaid."
)
PAY_LATER = reminder(
    Kind.PAYMENT_DUE, "payment:rent", dt.date(2026, 11, 27), "overdue-2", "Rent is unpaid."
)


def test_overdue_payments_and_cards_on_their_last_day_are_critical() -> None:
    assert urgency(PAY_LATE) == Urgency.CRITICAL == 2
    assert urgency(CARD_TODAY) == Urgency.CRITICAL
    for normal in (PAY_SOON, CARD_SOON, LICENCE, TERMS, COMPANY, WEEKLY):
        assert urgency(normal) == Urgency.NORMAL == 1, normal.id


def test_the_issue_s_six_reminders_put_the_overdue_payment_first() -> None:
    # As the issue found them: the terms review, the company record and the licence first,
    # the payment six days overdue under "…and 3 more".
    told = notice([TERMS, COMPANY, LICENCE, WEEKLY, CARD_SOON, PAY_LATE])
    assert told.summary == "6 reminders — Payment overdue"
    assert told.lines[0] == "1688 is unpaid."
    assert told.lines == ("1688 is unpaid.", "Visa expires.", "The licence expires.", "…and 3 more")
    assert told.urgency == Urgency.CRITICAL
    assert told.first is PAY_LATE


def test_every_critical_reminder_has_a_line_however_many() -> None:
    four_critical = [TERMS, PAY_SOON, CARD_TODAY, PAY_LATER, COMPANY, PAY_LATE, WEEKLY]
    extra = reminder(
        Kind.PAYMENT_DUE, "payment:ads", dt.date(2026, 11, 20), "overdue-9", "Ads unpaid."
    )
    told = notice([*four_critical, extra])
    # The longest overdue first, then the other overdue payments, then the card ending today.
    assert told.lines[:4] == ("Ads unpaid.", "1688 is unpaid.", "Rent is unpaid.", "Amex ends.")
    assert told.lines[4] == "…and 4 more"
    assert told.body.count("\n") == 4


def test_one_reminder_is_named_by_what_it_is() -> None:
    assert notice([PAY_SOON]).summary == "Payment due"
    assert notice([PAY_SOON]).urgency == Urgency.NORMAL
    assert notice([PAY_LATE]).summary == "Payment overdue"
    assert notice([CARD_TODAY]).summary == "Card expires today"
    assert notice([TERMS]).lines == ("Review the terms.",)


def test_equally_urgent_reminders_go_money_first_then_by_date() -> None:
    ordered = by_urgency([WEEKLY, TERMS, LICENCE, CARD_SOON, PAY_SOON])
    assert ordered == [PAY_SOON, CARD_SOON, LICENCE, WEEKLY, TERMS]


def test_no_reminders_is_no_notice() -> None:
    with pytest.raises(ValueError):
        notice([])


def test_dismiss_asks_naming_how_many_and_the_payments_among_them() -> None:
    question = dismiss_question([TERMS, COMPANY, LICENCE, WEEKLY, PAY_SOON, PAY_LATE])
    assert question.startswith("Dismiss 6 reminders? 2 of them are about payments. ")
    assert dismiss_question([TERMS, PAY_LATE]).startswith(
        "Dismiss 2 reminders? 1 of them is about a payment. "
    )
    assert dismiss_question([PAY_LATE]).startswith("Dismiss 1 reminder? It is about a payment. ")
    assert "payment" not in dismiss_question([TERMS, COMPANY])
    assert dismissed_note(6) == "6 reminders dismissed."
    assert dismissed_note(1) == "1 reminder dismissed."
