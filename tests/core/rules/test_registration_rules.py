"""Registration rules: the record on file, its comparison with the real company, licence, terms."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest

from accountwatch.core.model import CompanyRecord


def test_missing_record_on_file_is_incomplete(build):
    profile = build.profile(build.account(registered_company=None))
    found = build.findings(profile, "REG-INCOMPLETE")
    assert [(f.weight, f.subject) for f in found] == [(0.10, "account:main")]
    assert build.findings(profile, "REG-MISMATCH") == []


def test_incomplete_record_lists_what_is_missing(build):
    on_file = replace(build.company, phone="", email="  ", website="")
    found = build.findings(build.profile(build.account(registered_company=on_file)))
    assert [f.rule for f in found] == ["REG-INCOMPLETE"]
    assert "phone, e-mail" in found[0].message
    assert "website" not in found[0].message


def test_complete_record_without_optional_fields_is_fine(build):
    on_file = CompanyRecord(
        name=build.company.name,
        registration_number=build.company.registration_number,
        address=build.company.address,
        phone=build.company.phone,
        email=build.company.email,
    )
    assert build.findings(build.profile(build.account(registered_company=on_file))) == []


@pytest.mark.parametrize(
    ("changes", "weight", "fields"),
    [
        ({"name": "Sakura Trading Co., Ltd."}, 0.35, "name"),
        ({"registration_number": "9999999999999"}, 0.35, "registration number"),
        # The name in Japanese is the company's name as much as the English one.
        ({"name_local": "風貿易株式会社"}, 0.35, "company name (local script)"),
        ({"address": "4-5-6 Minato, Tokyo"}, 0.15, "address"),
        ({"phone": "+81-3-0000-0000", "website": "https://old.example"}, 0.15, "phone, website"),
        ({"name": "Old Name", "address": "Osaka"}, 0.35, "company name (English), address"),
    ],
)
def test_mismatch_tiers_and_fields(build, changes, weight, fields):
    on_file = replace(build.company, **changes)
    found = build.findings(build.profile(build.account(registered_company=on_file)), "REG-MISMATCH")
    assert [f.weight for f in found] == [weight]
    assert fields in found[0].message


def test_mismatch_ignores_case_width_and_white_space(build):
    on_file = replace(
        build.company,
        name="  SAKURA   trading k.k. ",
        registration_number="１２３４５６７８９０１２３",  # full-width digits
        name_local="さくら貿易株式会社",
    )
    profile = build.profile(build.account(registered_company=on_file))
    assert build.findings(profile, "REG-MISMATCH") == []


def test_a_field_missing_on_one_side_is_not_a_mismatch(build):
    on_file = replace(build.company, website="", representative="")
    profile = build.profile(
        build.account(registered_company=on_file), company=replace(build.company, country="")
    )
    assert build.findings(profile, "REG-MISMATCH") == []


def test_no_company_record_at_all_is_incomplete(build):
    # Used to yield no registration finding at all.
    profile = build.profile(build.account("a"), build.account("b"), company=None)
    found = build.findings(profile)
    assert [(f.rule, f.subject, f.account, f.weight) for f in found] == [
        ("REG-INCOMPLETE", "company", "a", 0.10),
        ("REG-INCOMPLETE", "company", "b", 0.10),
    ]


def test_a_company_record_with_blank_optional_fields_is_on_file(build):
    profile = build.profile(company=replace(build.company, name_local=""))
    assert build.findings(profile, "REG-INCOMPLETE") == []


@pytest.mark.parametrize(("days", "expected"), [(180, []), (181, [0.05]), (None, [0.05])])
def test_unverified_company(build, days, expected):
    verified = None if days is None else build.at - dt.timedelta(days=days)
    profile = build.profile(
        build.account("a"), build.account("b"), company=replace(build.company, verified_on=verified)
    )
    found = build.findings(profile, "REG-UNVERIFIED")
    assert [f.weight for f in found] == expected * 2
    assert {f.subject for f in found} <= {"company"}
    assert [f.account for f in found] == (["a", "b"] if expected else [])


@pytest.mark.parametrize(
    ("days_left", "expired", "expiring"),
    [(-1, [0.35], []), (0, [], [0.10]), (60, [], [0.10]), (61, [], [])],
)
def test_licence(build, days_left, expired, expiring):
    company = replace(build.company, license_expires=build.at + dt.timedelta(days=days_left))
    profile = build.profile(company=company)
    assert build.weights(profile, "REG-LICENSE-EXPIRED") == expired
    assert build.weights(profile, "REG-LICENSE-EXPIRING") == expiring
    for finding in build.findings(profile):
        assert finding.subject == "company"


def test_no_licence_date_no_licence_findings(build):
    profile = build.profile(company=replace(build.company, license_expires=None))
    assert build.findings(profile) == []


@pytest.mark.parametrize(("days", "expected"), [(90, []), (91, [0.05]), (None, [0.05])])
def test_terms_unreviewed(build, days, expected):
    reviewed = None if days is None else build.at - dt.timedelta(days=days)
    profile = build.profile(build.account(terms_reviewed_on=reviewed))
    assert build.weights(profile, "REG-TERMS-UNREVIEWED") == expected


def test_the_record_on_file_is_named_as_the_platforms_not_the_accounts(build):
    """Not "The company record Main has on file": the platform keeps it, for the account."""
    missing = build.findings(build.profile(build.account(registered_company=None)))
    lacking = build.findings(
        build.profile(build.account(registered_company=replace(build.company, phone="")))
    )
    differing = build.findings(
        build.profile(build.account(registered_company=replace(build.company, name="Other KK")))
    )
    for found in (missing, lacking, differing):
        message = next(f.message for f in found if f.rule.startswith("REG-"))
        assert message.startswith("The company details on file for ")
        assert "at the platform" in message and "has on file" not in message
