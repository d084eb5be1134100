"""Dated obligations: which day each thing falls due, within a window, with its text."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal
from zoneinfo import ZoneInfo

from accountwatch.core import obligations as ob
from accountwatch.core.model import (
    Account,
    AccountStatus,
    Card,
    CompanyRecord,
    Payment,
    Penalty,
    Profile,
    Recovery,
    Settings,
    Weekday,
    WeeklyCheck,
    YearMonth,
)
from accountwatch.core.obligations import Kind, Obligation

SHOP = Account(
    id="shop",
    login_id="shop",
    label="Shop",
    terms_reviewed_on=dt.date(2026, 10, 1),
    penalties=(
        Penalty(date=dt.date(2026, 3, 1), points=4),
        Penalty(date=dt.date(2026, 3, 1), points=2),
        Penalty(date=dt.date(2026, 5, 10), points=0),
    ),
)
FROZEN = Account(
    id="store",
    login_id="store",
    status=AccountStatus.FROZEN,
    status_since=dt.date(2026, 11, 10),
    recovery=Recovery(contacted_support_on=dt.date(2026, 11, 12)),
)
PROFILE = Profile(
    company=CompanyRecord(
        name="Sakura",
        license_expires=dt.date(2027, 3, 31),
        verified_on=dt.date(2026, 6, 1),
    ),
    accounts=(SHOP, FROZEN),
    cards=(Card(id="visa", label="Visa", last4="4242", expires=YearMonth(2028, 2)),),
    payments=(
        Payment(
            id="rent",
            account="shop",
            description="Store rent",
            repeat="FREQ=MONTHLY",
            due=dt.date(2027, 1, 31),
            currency="USD",
            amount=Decimal("45.50"),
        ),
    ),
    settings=Settings(weekly_check=WeeklyCheck(Weekday.TUE, dt.time(8, 30))),
)
FAR = dt.date(2030, 12, 31)


def days(items: Iterable[Obligation]) -> list[dt.date]:
    return [item.date for item in items]


def test_every_kind_falls_due_on_its_day() -> None:
    start = dt.date(2026, 11, 1)
    items = [
        *ob.card_expiries(PROFILE, start, FAR),
        *ob.payments_due(PROFILE, start, FAR),
        *ob.licence_expiry(PROFILE, start, FAR),
        *ob.weekly_checks(PROFILE, start, FAR),
        *ob.terms_reviews(PROFILE, start, FAR),
        *ob.company_confirmation(PROFILE, start, FAR),
        *ob.penalty_lapses(PROFILE, start, FAR, given_by=start),
        *ob.recovery_follow_ups(PROFILE, start, FAR),
        *ob.frozen_warnings(PROFILE, start, FAR),
    ]
    found: dict[Kind, Obligation] = {}
    for item in items:  # the first of each kind
        found.setdefault(item.kind, item)
    assert set(found) == set(Kind)
    assert {kind: (item.subject, item.date) for kind, item in found.items()} == {
        Kind.CARD_EXPIRY: ("card:visa", dt.date(2028, 2, 29)),
        Kind.PAYMENT_DUE: ("payment:rent", dt.date(2027, 1, 31)),
        Kind.LICENSE_EXPIRY: ("company", dt.date(2027, 3, 31)),
        Kind.WEEKLY_CHECK: ("weekly-check", dt.date(2026, 11, 3)),
        # REG-TERMS-UNREVIEWED fires after 90 days, REG-UNVERIFIED after 180.
        Kind.TERMS_REVIEW: ("account:shop", dt.date(2026, 12, 31)),
        Kind.COMPANY_CONFIRMATION: ("company", dt.date(2026, 11, 29)),
        Kind.PENALTY_LAPSE: ("account:shop", dt.date(2027, 3, 1)),
        # A week after the last contact; 30 days after it was frozen.
        Kind.RECOVERY_FOLLOW_UP: ("account:store", dt.date(2026, 11, 19)),
        Kind.FROZEN_WARNING: ("account:store", dt.date(2026, 12, 10)),
    }


def test_kind_values_stay_what_stored_reminder_ids_hold() -> None:
    assert [kind.value for kind in Kind] == [
        "card-expiry",
        "payment-due",
        "license-expiry",
        "weekly-check",
        "terms-review",
        "company-confirmation",
        "penalty-lapse",
        "recovery-follow-up",
        "frozen-warning",
    ]


def test_a_monthly_payment_due_on_the_31st_falls_on_the_last_day_of_short_months() -> None:
    items = list(ob.payments_due(PROFILE, dt.date(2027, 1, 1), dt.date(2027, 5, 31)))
    assert days(items) == [
        dt.date(2027, 1, 31),
        dt.date(2027, 2, 28),
        dt.date(2027, 3, 31),
        dt.date(2027, 4, 30),
        dt.date(2027, 5, 31),
    ]
    assert items[1].message == "Store rent ($45.50) for Shop is due on Feb 28, 2027."
    assert items[1].names == {"payment": "Store rent", "amount": " ($45.50)", "account": "Shop"}


def test_a_one_off_payment_is_due_once_and_a_paid_one_not_at_all() -> None:
    once = Payment(id="once", account="shop", due=dt.date(2026, 12, 5))
    paid = Payment(
        id="paid", account="shop", due=dt.date(2026, 12, 6), paid_on=dt.date(2026, 12, 1)
    )
    profile = Profile(accounts=(SHOP,), payments=(once, paid))
    window = (dt.date(2026, 12, 1), dt.date(2026, 12, 31))
    assert [(i.subject, i.date) for i in ob.payments_due(profile, *window)] == [
        ("payment:once", dt.date(2026, 12, 5))
    ]
    # Both ends of the window count; a day outside it does not.
    assert days(ob.payments_due(profile, dt.date(2026, 12, 5), dt.date(2026, 12, 5))) == [
        dt.date(2026, 12, 5)
    ]
    assert list(ob.payments_due(profile, dt.date(2026, 12, 6), dt.date(2026, 12, 31))) == []


def test_payments_alike_fall_due_together_each_under_its_own_name() -> None:
    fees = tuple(
        Payment(
            id=f"fee-{n}",
            account="shop",
            due=dt.date(2027, 1, 31),
            repeat="FREQ=MONTHLY",
            description=f"Fee {n}",
            paid_on=dt.date(2027, 1, 30) if n == 1 else None,
        )
        for n in range(3)
    )
    profile = Profile(accounts=(SHOP,), payments=fees)
    items = list(ob.payments_due(profile, dt.date(2027, 1, 1), dt.date(2027, 3, 1)))
    assert [(i.subject, i.date, i.message.split(" for ")[0]) for i in items] == [
        (f"payment:fee-{n}", day, f"Fee {n}")
        for n in (0, 2)  # fee 1 is paid
        for day in (dt.date(2027, 1, 31), dt.date(2027, 2, 28))
    ]


def test_a_card_is_valid_through_the_last_day_of_its_month() -> None:
    [card] = ob.card_expiries(PROFILE, dt.date(2028, 2, 29), dt.date(2028, 2, 29))
    assert card.date == dt.date(2028, 2, 29)  # a leap year
    assert card.message == "Card Visa (…4242) expires on Feb 29, 2028."
    assert card.item_id == "visa"
    assert list(ob.card_expiries(PROFILE, dt.date(2028, 3, 1), FAR)) == []


def test_the_weekly_check_follows_the_settings_after_the_wizards_own_date() -> None:
    checks = list(ob.weekly_checks(PROFILE, dt.date(2026, 11, 29), dt.date(2026, 12, 16)))
    assert days(checks) == [dt.date(2026, 12, 1), dt.date(2026, 12, 8), dt.date(2026, 12, 15)]
    assert {c.time for c in checks} == {dt.time(8, 30)}
    assert checks[0].message == "Weekly health check on Dec 1, 2026 at 08:30."
    tokyo = ZoneInfo("Asia/Tokyo")
    scheduled = dt.datetime(2026, 12, 3, 19, 0, tzinfo=tokyo)
    moved = list(
        ob.weekly_checks(
            PROFILE, dt.date(2026, 11, 29), dt.date(2026, 12, 16), tz=tokyo, scheduled=scheduled
        )
    )
    assert [(c.date, c.time) for c in moved] == [
        (dt.date(2026, 12, 3), dt.time(19, 0)),
        (dt.date(2026, 12, 8), dt.time(8, 30)),
        (dt.date(2026, 12, 15), dt.time(8, 30)),
    ]
    assert moved[0].at(tokyo, dt.time(9, 0)) == scheduled
    assert list(ob.weekly_checks(Profile(), dt.date(2026, 11, 29), FAR)) == []


def test_penalty_points_lapsing_on_one_day_add_up_and_later_ones_wait() -> None:
    start, end = dt.date(2026, 12, 1), dt.date(2027, 12, 31)
    [lapse] = ob.penalty_lapses(PROFILE, start, end, given_by=start)
    assert lapse.message == "6 penalty points of Shop lapse on Mar 1, 2027."
    # A penalty dated after `given_by` is not on record yet.
    assert list(ob.penalty_lapses(PROFILE, start, end, given_by=dt.date(2026, 2, 28))) == []


def test_lead_times_come_from_the_settings_or_the_licence() -> None:
    settings = Settings(card_warn_days=(14, 1), payment_warn_days=(2,))
    profile = Profile(settings=settings)
    assert ob.warn_days(profile, Kind.CARD_EXPIRY) == (14, 1)
    assert ob.warn_days(profile, Kind.PAYMENT_DUE) == (2,)
    assert ob.warn_days(profile, Kind.LICENSE_EXPIRY) == ob.LICENSE_WARN_DAYS == (60, 30, 7)
    assert ob.warn_days(profile, Kind.WEEKLY_CHECK) == (0,)
