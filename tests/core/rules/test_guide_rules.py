"""Rules v2 adds from the guide: another's card, phishing, dormancy, stalled recovery, 法人番号."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest

from accountwatch.core.model import (
    AccountStatus,
    Card,
    CardHolder,
    PaymentMethod,
    PaymentMethodType,
    Recovery,
    YearMonth,
)

AT = dt.date(2026, 11, 29)


def days(n: int) -> dt.date:
    return AT - dt.timedelta(days=n)


# -- PAY-CARD-NOT-OWN ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("holder", "weights"),
    [
        (CardHolder.COMPANY, []),
        (CardHolder.REPRESENTATIVE, []),
        (CardHolder.EMPLOYEE, [0.10]),
        (CardHolder.OTHER, [0.40]),
    ],
)
def test_a_card_in_someone_elses_name(build, holder: CardHolder, weights: list[float]) -> None:
    card = Card("visa", "4242", YearMonth(2028, 1), label="Visa", holder=holder)
    account = build.account(payment_methods=(PaymentMethod(PaymentMethodType.CARD, card="visa"),))
    profile = build.profile(account, cards=(card,))
    assert build.weights(profile, "PAY-CARD-NOT-OWN") == weights
    for finding in build.findings(profile, "PAY-CARD-NOT-OWN"):
        assert finding.subject == "card:visa"
        assert "Visa ending in 4242" in finding.message


def test_a_card_nobody_pays_with_is_not_a_finding(build) -> None:
    card = Card("visa", "4242", YearMonth(2028, 1), holder=CardHolder.OTHER)
    assert build.weights(build.profile(cards=(card,)), "PAY-CARD-NOT-OWN") == []


# -- SEC-PASSWORD-EXPOSED ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("exposed", "changed", "weights"),
    [
        (None, days(30), []),
        (days(3), days(30), [0.45]),  # changed before it was given away
        (days(3), None, [0.45]),
        (days(3), days(4), [0.45]),  # the day before
        (days(3), days(3), []),  # changed on the day: the exposed password no longer works
        (days(3), days(1), []),
    ],
)
def test_a_password_entered_on_a_phishing_page(build, exposed, changed, weights) -> None:
    account = build.account(password_exposed_on=exposed, password_changed_on=changed)
    assert build.weights(build.profile(account), "SEC-PASSWORD-EXPOSED") == weights


# -- SEC-DORMANT -----------------------------------------------------------------------------------


@pytest.mark.parametrize(("last", "weights"), [(None, []), (days(180), []), (days(181), [0.10])])
def test_no_sign_in_for_more_than_180_days(build, last, weights) -> None:
    account = build.account(last_login_on=last)
    assert build.weights(build.profile(account), "SEC-DORMANT") == weights


# -- CON-RECOVERY-STALLED ------------------------------------------------------------------------


def stalled(build, status: AccountStatus, **recovery_and_since):
    since = recovery_and_since.pop("since", None)
    account = build.account(
        status=status, status_since=since, recovery=Recovery(**recovery_and_since)
    )
    return build.findings(build.profile(account), "CON-RECOVERY-STALLED")


def test_an_active_account_needs_no_follow_up(build) -> None:
    assert stalled(build, AccountStatus.ACTIVE, since=days(200)) == []


@pytest.mark.parametrize("status", [AccountStatus.RESTRICTED, AccountStatus.FROZEN])
def test_support_never_contacted(build, status: AccountStatus) -> None:
    (found,) = stalled(build, status, notice_on=days(2))
    assert found.weight == 0.10
    assert "No one has contacted support" in found.message


@pytest.mark.parametrize(("last", "weights"), [(days(7), []), (days(8), [0.05])])
def test_last_contact_more_than_7_days_ago(build, last, weights) -> None:
    found = stalled(
        build, AccountStatus.RESTRICTED, contacted_support_on=days(20), last_follow_up_on=last
    )
    assert [f.weight for f in found] == weights


def test_the_first_contact_counts_when_there_was_no_follow_up(build) -> None:
    assert stalled(build, AccountStatus.FROZEN, contacted_support_on=days(7)) == []
    (found,) = stalled(build, AccountStatus.FROZEN, contacted_support_on=days(8))
    assert "8 days ago" in found.message


@pytest.mark.parametrize(("since", "weights"), [(days(90), []), (days(91), [0.20])])
def test_frozen_more_than_90_days(build, since, weights) -> None:
    found = stalled(build, AccountStatus.FROZEN, since=since, last_follow_up_on=days(1))
    assert [f.weight for f in found] == weights


def test_the_notice_date_stands_in_for_an_unknown_status_date(build) -> None:
    (found,) = stalled(build, AccountStatus.FROZEN, notice_on=days(91), last_follow_up_on=days(1))
    assert found.weight == 0.20 and "may be deleted" in found.message


def test_a_restricted_account_is_not_warned_of_deletion(build) -> None:
    assert (
        stalled(build, AccountStatus.RESTRICTED, since=days(300), last_follow_up_on=days(1)) == []
    )


def test_every_problem_is_said_and_the_heaviest_counts(build) -> None:
    (found,) = stalled(build, AccountStatus.FROZEN, since=days(120), case_number="AE-1")
    assert found.weight == 0.20
    deletion, no_contact = found.message.split(". ", 1)
    assert "may be deleted" in deletion and "No one has contacted support" in no_contact


def test_the_follow_up_advice_quotes_the_case_number(build) -> None:
    (found,) = stalled(
        build, AccountStatus.RESTRICTED, case_number="AE-20261024-0387", last_follow_up_on=days(9)
    )
    assert "(AE-20261024-0387)" in found.action


# -- REG-MISMATCH and the 法人番号 ------------------------------------------------------------


NTA = "7000012050002"


@pytest.mark.parametrize(
    ("own_registration", "on_file", "mismatch"),
    [
        ("", NTA, False),  # the platform shows the 法人番号
        ("", "7000-01-205-0002", False),
        ("", "5979845669845", True),  # another company's number
        ("REG-77", NTA, False),  # either of the company's own numbers matches
        ("REG-77", "REG-77", False),
        ("REG-77", "REG-78", True),
    ],
)
def test_the_corporate_number_is_compared_with_the_number_on_file(
    build, own_registration: str, on_file: str, mismatch: bool
) -> None:
    company = replace(build.company, registration_number=own_registration, corporate_number=NTA)
    record = replace(company, registration_number=on_file)
    profile = build.profile(build.account(registered_company=record), company=company)
    found = build.findings(profile, "REG-MISMATCH")
    assert [f.weight for f in found] == ([0.35] if mismatch else [])
    if mismatch:
        assert "registration number" in found[0].message
