"""`evaluate`: every catalogue rule is reachable, order, one finding per subject, speed."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from accountwatch.core.catalogue import keywords, load_catalogue, rule_ids
from accountwatch.core.findings import Category
from accountwatch.core.model import (
    AccountStatus,
    Acknowledgement,
    Card,
    CardHolder,
    Listing,
    PasswordAnalysis,
    Payment,
    PaymentMethod,
    PaymentMethodType,
    Penalty,
    PenaltyKind,
    Profile,
    TwoFactor,
    TwoFactorMethod,
    YearMonth,
)
from accountwatch.core.rules import evaluate


def _everything_wrong(build, licence_days: int) -> Profile:
    at = build.at
    cards = (
        Card(id="old", last4="1111", expires=YearMonth(2026, 10)),
        Card(id="soon", last4="2222", expires=YearMonth(2026, 12), holder=CardHolder.OTHER),
    )
    weak = PasswordAnalysis(score=1, guesses_log10=2.0, fingerprint="same", breach_count=7)
    worst = build.account(
        "worst",
        status=AccountStatus.FROZEN,
        password=weak,
        password_changed_on=dt.date(2020, 1, 1),
        password_exposed_on=at - dt.timedelta(days=3),
        last_login_on=at - dt.timedelta(days=400),
        two_factor=TwoFactor(TwoFactorMethod.SMS, backup_codes_saved=False),
        shared_with=2,
        logins_reviewed_on=None,
        terms_reviewed_on=None,
        registered_company=replace(build.company, name="Other", phone=""),
        payment_methods=(
            PaymentMethod(PaymentMethodType.CARD, card="old"),
            PaymentMethod(PaymentMethodType.OFF_PLATFORM, approved=False),
        ),
        orders_90d=100,
        cancellations_90d=10,
        messages_per_day=500,
        incentivized_reviews=True,
        listings=(
            Listing("Nike replica, 100% guaranteed"),
            Listing("スタンガン 激安"),
            Listing("18禁 DVD"),
        ),
        penalties=(
            Penalty(date=at - dt.timedelta(days=5), points=30, kind=PenaltyKind.IPR, serious=True),
        ),
    )
    other = build.account("other", two_factor=TwoFactor(TwoFactorMethod.NONE), password=None)
    payments = (
        Payment(id="late", account="worst", due=at - dt.timedelta(days=40)),
        Payment(id="next", account="worst", due=at + dt.timedelta(days=3)),
        Payment(id="later", account="worst", due=dt.date(2027, 1, 15), card="soon"),
    )
    company = replace(
        build.company, verified_on=None, license_expires=at + dt.timedelta(days=licence_days)
    )
    reuser = build.account("reuser", password=weak)
    return Profile(company=company, accounts=(worst, other, reuser), cards=cards, payments=payments)


def test_every_catalogue_rule_can_fire(build):
    fired = {f.rule for f in build.findings(_everything_wrong(build, -1))}
    fired |= {f.rule for f in build.findings(_everything_wrong(build, 10))}
    assert fired == set(rule_ids())


def test_findings_carry_the_catalogue_category_and_weight(build):
    catalogue = load_catalogue()
    for finding in build.findings(_everything_wrong(build, -1)):
        spec = catalogue[finding.rule]
        assert finding.category is Category(spec.category)
        assert finding.weight in spec.weights
        assert finding.message and finding.action and finding.why


def test_order_is_account_then_heaviest_first_and_stable(build):
    profile = _everything_wrong(build, -1)
    found = evaluate(profile, build.at)
    accounts = [f.account for f in found]
    assert accounts == sorted(accounts, key=["worst", "other", "reuser"].index)
    worst = [f for f in found if f.account == "worst"]
    assert worst[0].rule == "CON-ACCOUNT-RESTRICTED"
    # Ties: the catalogue's order (the order risk.contributions counts them in), then subject.
    rank = list(load_catalogue().rules).index
    keys = [(-f.weight, rank(f.rule), f.subject) for f in worst]
    assert keys == sorted(keys)
    assert evaluate(profile, build.at) == found


def test_one_finding_per_rule_subject_and_account(build):
    found = evaluate(_everything_wrong(build, -1), build.at)
    assert len({f.key for f in found}) == len(found)


def test_acknowledgement_marks_only_its_rule_and_subject(build):
    profile = _everything_wrong(build, -1)
    ack = Acknowledgement(rule="REG-UNVERIFIED", subject="company", until=build.at)
    found = evaluate(replace(profile, acknowledged=(ack,)), build.at)
    marked = {(f.rule, f.subject) for f in found if f.acknowledged}
    assert marked == {("REG-UNVERIFIED", "company")}
    assert sum(f.acknowledged for f in found) == 3  # shown on each of the three accounts
    later = evaluate(replace(profile, acknowledged=(ack,)), build.at + dt.timedelta(days=1))
    assert not any(f.acknowledged for f in later)


def test_explicit_keywords_replace_the_users_terms(build):
    account = build.account(listings=(Listing("Kuma plush"),))
    profile = Profile(company=build.company, accounts=(account,))
    assert evaluate(profile, build.at) == []
    found = evaluate(profile, build.at, keywords=keywords(extra_brands=("Kuma",)))
    assert [f.rule for f in found] == ["CON-BRAND-LISTING"]
