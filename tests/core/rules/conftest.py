"""Builders for rule tests: a clean profile that yields no finding, changed one field at a time."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from typing import Any

import pytest

from accountwatch.core.findings import Finding
from accountwatch.core.model import (
    Account,
    CompanyRecord,
    PasswordAnalysis,
    Profile,
    TwoFactor,
    TwoFactorMethod,
)
from accountwatch.core.rules import evaluate

AT = dt.date(2026, 11, 29)

COMPANY = CompanyRecord(
    name="Sakura Trading K.K.",
    name_local="さくら貿易株式会社",
    registration_number="1234567890123",
    country="JP",
    address="1-2-3 Shibuya, Tokyo",
    representative="Hanako Sato",
    phone="+81-3-1234-5678",
    email="info@sakura-trading.example",
    website="https://sakura-trading.example",
    license_expires=dt.date(2028, 3, 31),
    verified_on=AT - dt.timedelta(days=10),
)


class Build:
    """Makes profiles that are clean on `AT` except for what a test changes."""

    at = AT
    company = COMPANY

    def account(self, account_id: str = "main", **changes: Any) -> Account:
        account = Account(
            id=account_id,
            login_id=f"{account_id}-login",
            label=f"{account_id.title()} account",
            password=PasswordAnalysis(score=4, guesses_log10=14.0, fingerprint=f"fp-{account_id}"),
            password_changed_on=AT - dt.timedelta(days=30),
            two_factor=TwoFactor(TwoFactorMethod.TOTP, backup_codes_saved=True),
            logins_reviewed_on=AT - dt.timedelta(days=3),
            terms_reviewed_on=AT - dt.timedelta(days=3),
            registered_company=COMPANY,
        )
        return replace(account, **changes)

    def profile(self, *accounts: Account, **changes: Any) -> Profile:
        profile = Profile(company=COMPANY, accounts=accounts or (self.account(),))
        return replace(profile, **changes)

    def findings(
        self, profile: Profile, rule: str | None = None, at: dt.date = AT
    ) -> list[Finding]:
        found = evaluate(profile, at)
        return [f for f in found if rule is None or f.rule == rule]

    def weights(self, profile: Profile, rule: str, at: dt.date = AT) -> list[float]:
        return [f.weight for f in self.findings(profile, rule, at)]


@pytest.fixture
def build() -> Build:
    return Build()
