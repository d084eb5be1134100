"""Where a finding is fixed comes from the catalogue, for every rule, on the item it is about."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from accountwatch.core.catalogue import FixPlace, load_catalogue, rule_ids
from accountwatch.core.demo import demo_profile
from accountwatch.core.fixes import Fix, first_by_field, fix_for
from accountwatch.core.profile_io import parse_profile
from accountwatch.core.risk import assess
from finding_doubles import finding

DAY = dt.date(2026, 11, 29)


@pytest.mark.parametrize("rule", rule_ids())
def test_every_rule_says_where_it_is_fixed(rule: str) -> None:
    spec = load_catalogue()[rule]
    assert isinstance(spec.fix, FixPlace)
    # Only the recovery help is opened without a field to put the cursor in.
    assert (spec.fix_field is None) == (spec.fix == FixPlace.RECOVERY)
    assert "fix" not in spec.extra


def test_every_finding_of_the_demo_leads_to_an_item_of_the_profile() -> None:
    profile, _secrets = parse_profile(json.dumps(demo_profile(DAY)).encode())
    findings = assess(profile, DAY).findings
    assert findings
    for found in findings:
        fix = fix_for(found)
        if fix.place == FixPlace.CARD:
            assert profile.card(fix.item or "") is not None
        elif fix.place == FixPlace.PAYMENT:
            assert fix.item in {p.id for p in profile.payments}
        elif fix.place == FixPlace.COMPANY:
            assert fix.item is None
        else:
            assert profile.account(fix.item or "") is not None


def test_a_card_or_payment_finding_opens_that_card_or_payment() -> None:
    assert fix_for(finding("PAY-CARD-EXPIRING", "card:visa")) == Fix(
        FixPlace.CARD, "visa", "expires"
    )
    assert fix_for(finding("PAY-OVERDUE", "payment:fee")) == Fix(FixPlace.PAYMENT, "fee", "paid_on")


def test_a_card_rule_about_the_account_opens_the_account() -> None:
    assert fix_for(finding("PAY-CARD-EXPIRED", "account:shop")) == Fix(
        FixPlace.ACCOUNT, "shop", "expires"
    )


def test_company_and_recovery_findings() -> None:
    assert fix_for(finding("REG-UNVERIFIED", "company")) == Fix(
        FixPlace.COMPANY, None, "verified_on"
    )
    assert fix_for(finding("CON-ACCOUNT-RESTRICTED", "account:shop")) == Fix(
        FixPlace.RECOVERY, "shop", None
    )


def test_first_by_field_keeps_the_first_finding_of_each_field_of_the_place() -> None:
    expired = finding("REG-LICENSE-EXPIRED", "company", "a")
    found = first_by_field(
        [
            finding("SEC-2FA-OFF", "account:a"),
            expired,
            finding("REG-LICENSE-EXPIRED", "company", "b"),
            finding("REG-UNVERIFIED", "company"),
        ],
        FixPlace.COMPANY,
    )
    assert found == {
        "license_expires": expired,
        "verified_on": finding("REG-UNVERIFIED", "company"),
    }
