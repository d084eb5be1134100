"""The assessment: noisy-OR scores, bands, the worst account, acknowledgements."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import replace

import pytest

from accountwatch.core.catalogue import Catalogue, load_catalogue
from accountwatch.core.demo import demo_profile
from accountwatch.core.findings import Band, Category
from accountwatch.core.model import (
    Account,
    Acknowledgement,
    Card,
    CompanyRecord,
    PasswordAnalysis,
    PaymentMethod,
    PaymentMethodType,
    Platform,
    Profile,
    TwoFactor,
    TwoFactorMethod,
    YearMonth,
)
from accountwatch.core.profile_io import parse_profile
from accountwatch.core.risk import assess, category_points, contributions, worst_finding

AT = dt.date(2026, 11, 29)


ON_FILE = CompanyRecord(
    name="Sakura", registration_number="1", address="Tokyo", phone="1", email="a@b.c"
)
# The company as it is, confirmed today: no registration finding.
COMPANY = replace(ON_FILE, verified_on=AT)


def _account(account_id: str, **changes) -> Account:
    """An account with no findings on AT unless changed."""
    account = Account(
        id=account_id,
        login_id=account_id,
        platform=Platform.ALIBABA,
        password=PasswordAnalysis(score=4, guesses_log10=14.0, fingerprint=f"fp-{account_id}"),
        password_changed_on=AT,
        two_factor=TwoFactor(TwoFactorMethod.TOTP, backup_codes_saved=True),
        logins_reviewed_on=AT,
        terms_reviewed_on=AT,
        registered_company=ON_FILE,
    )
    return replace(account, **changes)


EXPIRED_CARD = Card(id="visa", last4="4242", expires=YearMonth(2026, 10), label="Company Visa")
PAYS_BY_CARD = (
    PaymentMethod(PaymentMethodType.CARD, card="visa"),
    PaymentMethod(PaymentMethodType.BANK_TRANSFER),
)


def _risky_profile(**changes) -> Profile:
    """'main': expired card (0.45) and no two-step verification (0.30) → 62; 'calm': clean."""
    main = _account(
        "main", payment_methods=PAYS_BY_CARD, two_factor=TwoFactor(TwoFactorMethod.NONE)
    )
    profile = Profile(company=COMPANY, accounts=(_account("calm"), main), cards=(EXPIRED_CARD,))
    return replace(profile, **changes)


def test_no_accounts_is_low():
    assessment = assess(Profile(), AT)
    assert (assessment.score, assessment.band, assessment.accounts) == (0, Band.LOW, ())


def test_noisy_or_and_overall_is_the_worst_account():
    assessment = assess(_risky_profile(), AT)
    calm, main = assessment.accounts
    assert (calm.account_id, calm.score, calm.band, calm.findings) == ("calm", 0, Band.LOW, ())
    assert [f.weight for f in main.findings] == [0.45, 0.30]
    assert (main.score, main.band, main.platform) == (62, Band.HIGH, Platform.ALIBABA)
    assert (assessment.score, assessment.band, assessment.at) == (62, Band.HIGH, AT)
    assert assessment.account("main") is main
    assert assessment.findings == main.findings


def test_open_count_is_the_findings_not_acknowledged() -> None:
    document = demo_profile(AT)
    profile, _secrets = parse_profile(json.dumps(document).encode())
    assessment = assess(profile, AT)
    findings = assessment.findings
    assert any(f.acknowledged for f in findings)  # the demo acknowledges one
    assert assessment.open_count == sum(not f.acknowledged for f in findings)


def _catalogue_with(rule: str, weight: float) -> Catalogue:
    rules = dict(load_catalogue().rules)
    rules[rule] = replace(rules[rule], weights=(weight,))
    return Catalogue(rules)


@pytest.mark.parametrize(
    ("weight", "score", "band"),
    [
        (0.19, 19, Band.LOW),
        (0.20, 20, Band.MODERATE),
        (0.49, 49, Band.MODERATE),
        (0.50, 50, Band.HIGH),
        (0.79, 79, Band.HIGH),
        (0.80, 80, Band.CRITICAL),
        (1.00, 100, Band.CRITICAL),
    ],
)
def test_bands_follow_the_catalogue_weights(weight, score, band):
    profile = Profile(
        company=COMPANY, accounts=(_account("main", two_factor=TwoFactor(TwoFactorMethod.NONE)),)
    )
    assessment = assess(profile, AT, catalogue=_catalogue_with("SEC-2FA-OFF", weight))
    assert (assessment.score, assessment.band) == (score, band)


def _acknowledging(until: dt.date | None) -> Acknowledgement:
    return Acknowledgement(
        rule="PAY-CARD-EXPIRED", subject="card:visa", reason="new card ordered", until=until
    )


@pytest.mark.parametrize("until", [None, AT])
def test_an_acknowledged_finding_stays_visible_but_does_not_count(until):
    assessment = assess(_risky_profile(acknowledged=(_acknowledging(until),)), AT)
    main = assessment.account("main")
    assert main is not None
    expired = next(f for f in main.findings if f.rule == "PAY-CARD-EXPIRED")
    assert expired.acknowledged
    assert main.score == 30
    assert worst_finding(main).rule == "SEC-2FA-OFF"


def test_an_acknowledgement_past_its_end_date_counts_no_more():
    ended = _acknowledging(AT - dt.timedelta(days=1))
    main = assess(_risky_profile(acknowledged=(ended,)), AT).account("main")
    assert main is not None
    assert main.score == 62
    assert not any(f.acknowledged for f in main.findings)


def test_worst_finding_is_the_heaviest_that_counts():
    main = assess(_risky_profile(), AT).account("main")
    assert main is not None
    assert worst_finding(main).rule == "PAY-CARD-EXPIRED"
    calm = assess(_risky_profile(), AT).account("calm")
    assert calm is not None and worst_finding(calm) is None
    everything = tuple(Acknowledgement(rule=f.rule, subject=f.subject) for f in main.findings)
    quiet = assess(_risky_profile(acknowledged=everything), AT).account("main")
    assert quiet is not None
    assert (quiet.score, worst_finding(quiet)) == (0, None)


def test_company_findings_count_for_every_account():
    company = CompanyRecord(name="Sakura", verified_on=AT, license_expires=AT - dt.timedelta(1))
    profile = Profile(company=company, accounts=(_account("a"), _account("b")))
    assessment = assess(profile, AT)
    assert [r.score for r in assessment.accounts] == [35, 35]
    assert all(r.findings[0].subject == "company" for r in assessment.accounts)


def test_same_data_and_date_same_result():
    assert assess(_risky_profile(), AT) == assess(_risky_profile(), AT)


def test_points_are_sequential_heaviest_first_and_add_up_to_the_unrounded_score():
    # 0.45 then 0.30 of what is left: 45 + 16.5 = 61.5, rounded to 62.
    main = assess(_risky_profile(), AT).account("main")
    assert main is not None
    found = contributions(main)
    assert [(c.finding.rule, c.points) for c in found] == [
        ("PAY-CARD-EXPIRED", pytest.approx(45.0)),
        ("SEC-2FA-OFF", pytest.approx(16.5)),
    ]
    assert category_points(found) == {
        Category.SECURITY: pytest.approx(16.5),
        Category.PAYMENT: pytest.approx(45.0),
        Category.REGISTRATION: 0.0,
        Category.CONDUCT: 0.0,
    }


def test_equal_weights_take_the_catalogues_order_and_acknowledged_add_nothing():
    # Both weigh 0.30; the catalogue lists SEC-PASSWORD-WEAK first, so it takes the larger share.
    weak = PasswordAnalysis(score=0, guesses_log10=1.0, fingerprint="fp-main")
    main = _account("main", password=weak, two_factor=TwoFactor(TwoFactorMethod.NONE))
    profile = Profile(company=COMPANY, accounts=(main,))
    result = assess(profile, AT).account("main")
    assert result is not None
    assert [(c.finding.rule, round(c.points, 2)) for c in contributions(result)] == [
        ("SEC-PASSWORD-WEAK", 30.0),
        ("SEC-2FA-OFF", 21.0),
    ]
    quiet = assess(
        replace(profile, acknowledged=(Acknowledgement("SEC-PASSWORD-WEAK", "account:main"),)),
        AT,
    ).account("main")
    assert quiet is not None
    assert [(c.finding.rule, c.points) for c in contributions(quiet)] == [
        ("SEC-2FA-OFF", pytest.approx(30.0))
    ]


def test_the_points_of_every_demo_account_add_up_to_its_score():
    profile, _secrets = parse_profile(json.dumps(demo_profile(AT)).encode())
    assessment = assess(profile, AT)
    assert any(len(result.open_findings) > 2 for result in assessment.accounts)
    for result in assessment.accounts:
        total = sum(c.points for c in contributions(result))
        assert abs(total - result.score) <= 1, result.account_id
        assert sum(category_points(contributions(result)).values()) == pytest.approx(total)


def test_findings_are_listed_in_the_order_their_points_are_counted():
    # Equal weights tie in the catalogue's order, not by rule name: read top down, the list adds
    # its points as the model says (SEC-PASSWORD-WEAK before SEC-2FA-OFF, both 0.30).
    profile, _secrets = parse_profile(json.dumps(demo_profile(AT)).encode())
    weak = PasswordAnalysis(score=0, guesses_log10=1.0, fingerprint="fp-main")
    main = _account("main", password=weak, two_factor=TwoFactor(TwoFactorMethod.NONE))
    for tried in (profile, Profile(company=COMPANY, accounts=(main,))):
        for result in assess(tried, AT).accounts:
            counted = [c.finding for c in contributions(result)]
            assert list(result.open_findings) == counted, result.account_id
