"""Security rules: each tier just inside and just outside its threshold."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest

from accountwatch.core.findings import Category
from accountwatch.core.model import PasswordAnalysis, Settings, TwoFactor, TwoFactorMethod
from accountwatch.core.platforms import Source, TwoFactorMethods, load_platforms
from accountwatch.core.rules import evaluate


def test_a_clean_profile_has_no_findings(build):
    assert build.findings(build.profile()) == []


@pytest.mark.parametrize(("score", "weights"), [(0, [0.30]), (1, [0.30]), (2, [0.15]), (3, [])])
def test_weak_password_tiers(build, score, weights):
    account = build.account(password=PasswordAnalysis(score=score, guesses_log10=3.0))
    found = build.findings(build.profile(account), "SEC-PASSWORD-WEAK")
    assert [f.weight for f in found] == weights
    if found:
        assert found[0].subject == "account:main"
        assert found[0].category is Category.SECURITY
        assert f"{score} of 4" in found[0].message


def test_unchecked_password_only_without_analysis(build):
    assert build.weights(build.profile(build.account(password=None)), "SEC-PASSWORD-UNCHECKED") == [
        0.05
    ]
    assert build.findings(build.profile(), "SEC-PASSWORD-UNCHECKED") == []
    # Unknown strength is not called weak.
    assert build.findings(build.profile(build.account(password=None)), "SEC-PASSWORD-WEAK") == []


def _with_fingerprint(build, account_id, fingerprint, **changes):
    analysis = PasswordAnalysis(score=4, guesses_log10=14.0, fingerprint=fingerprint)
    return build.account(account_id, password=analysis, **changes)


def test_reused_password_names_the_other_account_on_both(build):
    profile = build.profile(
        _with_fingerprint(build, "alibaba", "same"),
        _with_fingerprint(build, "shop", "same"),
        _with_fingerprint(build, "other", "different"),
    )
    found = build.findings(profile, "SEC-PASSWORD-REUSED")
    assert [(f.account, f.weight) for f in found] == [("alibaba", 0.30), ("shop", 0.30)]
    assert "Shop account" in found[0].message
    assert "Alibaba account" in found[1].message
    assert "same" not in found[0].message


def test_password_used_on_another_service_counts_as_reuse(build):
    own = _with_fingerprint(build, "main", "secret-fp", other_fingerprints=("secret-fp",))
    assert "another service" in build.findings(build.profile(own), "SEC-PASSWORD-REUSED")[0].message
    # Marked on a different account: still a password used elsewhere.
    marked = _with_fingerprint(build, "second", "x", other_fingerprints=("secret-fp",))
    main = _with_fingerprint(build, "main", "secret-fp")
    found = build.findings(build.profile(main, marked), "SEC-PASSWORD-REUSED")
    assert [f.account for f in found] == ["main"]


def test_empty_fingerprints_never_match(build):
    profile = build.profile(
        _with_fingerprint(build, "a", "", other_fingerprints=("",)),
        _with_fingerprint(build, "b", ""),
    )
    assert build.findings(profile, "SEC-PASSWORD-REUSED") == []


def test_many_reusers_are_counted_not_all_named(build):
    accounts = [_with_fingerprint(build, f"acc{i}", "same") for i in range(9)]
    message = build.findings(build.profile(*accounts), "SEC-PASSWORD-REUSED")[0].message
    assert "3 other accounts" in message


@pytest.mark.parametrize(("age", "expected"), [(365, []), (366, [0.05])])
def test_old_password_after_the_max_age(build, age, expected):
    account = build.account(password_changed_on=build.at - dt.timedelta(days=age))
    assert build.weights(build.profile(account), "SEC-PASSWORD-OLD") == expected


def test_old_password_rule_is_off_without_a_max_age(build):
    old = build.account(password_changed_on=dt.date(2000, 1, 1))
    off = build.profile(old, settings=Settings(password_max_age_days=None))
    assert build.findings(off, "SEC-PASSWORD-OLD") == []


def test_an_analysed_password_of_unknown_age_asks_for_the_date(build):
    # Without `password_changed_on` the rule used to stay silent for ever.
    no_date = build.profile(build.account(password_changed_on=None))
    found = build.findings(no_date, "SEC-PASSWORD-OLD")
    assert [f.weight for f in found] == [0.03]
    assert "record when" in found[0].action.lower()


def test_an_unanalysed_password_of_unknown_age_is_only_unchecked(build):
    profile = build.profile(build.account(password_changed_on=None, password=None))
    assert build.findings(profile, "SEC-PASSWORD-OLD") == []


def test_custom_max_age(build):
    account = build.account(password_changed_on=build.at - dt.timedelta(days=91))
    profile = build.profile(account, settings=Settings(password_max_age_days=90))
    assert "91 days ago" in build.findings(profile, "SEC-PASSWORD-OLD")[0].message


@pytest.mark.parametrize(
    ("method", "backup", "rules"),
    [
        (TwoFactorMethod.NONE, False, {"SEC-2FA-OFF": 0.30}),
        (TwoFactorMethod.SMS, True, {"SEC-2FA-WEAK": 0.08}),
        (TwoFactorMethod.EMAIL, True, {"SEC-2FA-WEAK": 0.08}),
        (TwoFactorMethod.SMS, False, {"SEC-2FA-WEAK": 0.08, "SEC-2FA-NO-BACKUP": 0.05}),
        (TwoFactorMethod.TOTP, False, {"SEC-2FA-NO-BACKUP": 0.05}),
        (TwoFactorMethod.SECURITY_KEY, True, {}),
    ],
)
def test_two_factor(build, method, backup, rules):
    account = build.account(two_factor=TwoFactor(method, backup_codes_saved=backup))
    found = build.findings(build.profile(account))
    assert {f.rule: f.weight for f in found} == rules


def _offering(*methods: TwoFactorMethod):
    """The shipped platform facts, except that every platform offers exactly `methods`."""
    source = Source(("a test",), dt.date(2026, 12, 1))
    return {
        platform: replace(facts, two_factor=TwoFactorMethods(frozenset(methods), source))
        for platform, facts in load_platforms().items()
    }


@pytest.mark.parametrize(
    ("offered", "method", "expected"),
    [
        ((TwoFactorMethod.SMS,), TwoFactorMethod.SMS, []),
        ((TwoFactorMethod.SMS, TwoFactorMethod.EMAIL), TwoFactorMethod.EMAIL, []),
        ((TwoFactorMethod.SMS, TwoFactorMethod.TOTP), TwoFactorMethod.SMS, [0.08]),
        ((TwoFactorMethod.SMS, TwoFactorMethod.SECURITY_KEY), TwoFactorMethod.SMS, [0.08]),
    ],
)
def test_weak_two_factor_only_where_the_platform_offers_better(build, offered, method, expected):
    account = build.account(two_factor=TwoFactor(method, backup_codes_saved=True))
    found = evaluate(build.profile(account), build.at, platforms=_offering(*offered))
    assert [f.weight for f in found if f.rule == "SEC-2FA-WEAK"] == expected


def test_weak_two_factor_where_the_offer_is_not_known(build):
    account = build.account(two_factor=TwoFactor(TwoFactorMethod.SMS, backup_codes_saved=True))
    unknown = {
        platform: replace(facts, two_factor=replace(facts.two_factor, offered=None))
        for platform, facts in load_platforms().items()
    }
    found = evaluate(build.profile(account), build.at, platforms=unknown)
    assert [f.weight for f in found if f.rule == "SEC-2FA-WEAK"] == [0.08]


@pytest.mark.parametrize(("people", "expected"), [(0, []), (1, [0.15]), (3, [0.15])])
def test_shared_account(build, people, expected):
    account = build.account(shared_with=people)
    assert build.weights(build.profile(account), "SEC-ACCOUNT-SHARED") == expected


@pytest.mark.parametrize(("days", "expected"), [(30, []), (31, [0.05]), (None, [0.05])])
def test_logins_unreviewed(build, days, expected):
    reviewed = None if days is None else build.at - dt.timedelta(days=days)
    account = build.account(logins_reviewed_on=reviewed)
    assert build.weights(build.profile(account), "SEC-LOGINS-UNREVIEWED") == expected


def test_messages_say_what_and_what_to_do(build):
    account = replace(build.account(), shared_with=2, logins_reviewed_on=None)
    for finding in build.findings(build.profile(account)):
        assert finding.message and finding.action and finding.why
        assert "{" not in finding.message + finding.action + finding.why
