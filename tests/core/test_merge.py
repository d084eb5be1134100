"""Importing into a stored profile: merge by id, or replace, keeping what a file cannot carry."""

from __future__ import annotations

import datetime as dt

from accountwatch.core.merge import merge
from accountwatch.core.model import (
    Account,
    Card,
    CompanyRecord,
    PasswordAnalysis,
    Profile,
    Settings,
    TwoFactor,
    TwoFactorMethod,
    YearMonth,
)

ANALYSIS = PasswordAnalysis(score=4, guesses_log10=12.0, fingerprint="ab" * 32)


def stored() -> Profile:
    return Profile(
        company=CompanyRecord(name="Old K.K."),
        accounts=(
            Account(
                id="a",
                login_id="a-login",
                password=ANALYSIS,
                has_totp_secret=True,
                two_factor=TwoFactor(TwoFactorMethod.TOTP),
            ),
            Account(id="b", login_id="b-login"),
        ),
        cards=(Card(id="c1", last4="1111", expires=YearMonth(2027, 1)),),
        settings=Settings(password_max_age_days=90),
    )


def test_merge_replaces_by_id_and_appends_new_items_in_order() -> None:
    incoming = Profile(
        accounts=(Account(id="b", login_id="b-new"), Account(id="c", login_id="c-login")),
        cards=(Card(id="c2", last4="2222", expires=YearMonth(2028, 1)),),
    )
    result = merge(stored(), incoming)
    assert [a.id for a in result.accounts] == ["a", "b", "c"]
    assert result.account("b") == Account(id="b", login_id="b-new")
    assert [c.id for c in result.cards] == ["c1", "c2"]
    assert result.company == CompanyRecord(name="Old K.K.")
    assert result.settings.password_max_age_days == 90  # a file without settings keeps them


def test_password_analysis_and_kept_secret_survive_a_file_without_them() -> None:
    incoming = Profile(
        accounts=(Account(id="a", login_id="a-login", two_factor=TwoFactor(TwoFactorMethod.TOTP)),)
    )
    for replace_all in (False, True):
        account = merge(stored(), incoming, replace_all=replace_all).account("a")
        assert account is not None
        assert account.password == ANALYSIS
        assert account.has_totp_secret


def test_replace_keeps_only_the_file() -> None:
    incoming = Profile(accounts=(Account(id="z", login_id="z"),), settings=Settings())
    result = merge(stored(), incoming, replace_all=True)
    assert [a.id for a in result.accounts] == ["z"]
    assert result.cards == () and result.company is None
    assert result.settings == Settings()


def test_a_new_password_analysis_wins() -> None:
    fresh = PasswordAnalysis(
        score=1, guesses_log10=3.0, fingerprint="cd" * 32, analysed_on=dt.date(2026, 1, 1)
    )
    incoming = Profile(accounts=(Account(id="a", login_id="a-login", password=fresh),))
    account = merge(stored(), incoming).account("a")
    assert account is not None and account.password == fresh
    # The method changed away from TOTP: a kept secret no longer applies.
    assert not account.has_totp_secret
