"""The profile format's "Version 1 additions": read, checked, written only when set."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest

from accountwatch.core import jp_numbers
from accountwatch.core.model import CardHolder, Recovery
from accountwatch.core.problems import ProfileError
from accountwatch.core.profile_io import dump_profile, parse_profile

# The National Tax Agency's own 法人番号; its check digit (7) is right.
NTA = "7000012050002"
# A valid 法人番号 that also passes the Luhn check a card number must pass.
LUHN_TOO = "5979845669845"


def document(**parts: Any) -> dict[str, Any]:
    company = {"name": "Sakura Trading K.K.", "country": "JP"} | parts.get("company", {})
    account = {"id": "ali", "platform": "alibaba.com", "login_id": "sakura"}
    card = {"id": "visa", "last4": "4242", "expires": "2027-02"}
    return {
        "format": "accountwatch.profile",
        "version": 1,
        "company": company,
        "accounts": [account | parts.get("account", {})],
        "cards": [card | parts.get("card", {})],
    }


def parse(doc: dict[str, Any]) -> Any:
    return parse_profile(json.dumps(doc, ensure_ascii=False).encode())[0]


def problems(doc: dict[str, Any]) -> list[str]:
    with pytest.raises(ProfileError) as caught:
        parse(doc)
    return [str(problem) for problem in caught.value.problems]


FULL = {
    "company": {
        "postal_code": "150-0013",
        "region": "東京都",
        "corporate_number": NTA,
        "invoice_number": "T" + NTA,
        "contact_person": "佐藤 花子",
        "contact_phone": "+81-3-1234-5678",
    },
    "account": {
        "status": "frozen",
        "last_login_on": "2026-11-20",
        "status_since": "2026-11-25",
        "recovery": {
            "notice_on": "2026-11-25",
            "case_number": "ALI-123456",
            "contacted_support_on": "2026-11-26",
            "last_follow_up_on": "2026-11-30",
        },
        "password_exposed_on": "2026-11-28",
    },
    "card": {"holder": "employee"},
}


def test_every_addition_is_read_into_the_model() -> None:
    profile = parse(document(**FULL))
    company, account, card = profile.company, profile.accounts[0], profile.cards[0]
    assert company.postal_code == "150-0013" and company.region == "東京都"
    assert company.corporate_number == NTA and company.invoice_number == "T" + NTA
    assert (company.contact_person, company.contact_phone) == ("佐藤 花子", "+81-3-1234-5678")
    assert account.last_login_on == dt.date(2026, 11, 20)
    assert account.status_since == dt.date(2026, 11, 25)
    assert account.recovery == Recovery(
        dt.date(2026, 11, 25), "ALI-123456", dt.date(2026, 11, 26), dt.date(2026, 11, 30)
    )
    assert account.recovery.last_contact_on == dt.date(2026, 11, 30)
    assert account.password_exposed_on == dt.date(2026, 11, 28)
    assert card.holder is CardHolder.EMPLOYEE


def test_additions_survive_export_and_import_unchanged() -> None:
    text = dump_profile(parse(document(**FULL)))
    assert dump_profile(parse(json.loads(text))) == text
    written = json.loads(text)
    assert written["accounts"][0]["recovery"]["case_number"] == "ALI-123456"
    assert written["cards"][0]["holder"] == "employee"


def test_a_file_without_the_additions_stays_valid_and_export_adds_none() -> None:
    profile = parse(document())
    assert profile.cards[0].holder is CardHolder.COMPANY
    assert profile.accounts[0].recovery == Recovery()
    written = dump_profile(profile)
    for key in ("holder", "recovery", "last_login_on", "status_since", "password_exposed_on"):
        assert f'"{key}"' not in written
    for key in ("postal_code", "region", "corporate_number", "invoice_number", "contact_"):
        assert f'"{key}' not in written


@pytest.mark.parametrize(
    ("typed", "kept"),
    [
        ("7000012050002", NTA),
        ("７００００１２０５０００２", NTA),  # full-width digits, as Japanese IMEs type them
        ("7000-01-205-0002", NTA),
        (" 7000 0120 5000 2 ", NTA),
    ],
)
def test_corporate_numbers_are_kept_as_13_digits(typed: str, kept: str) -> None:
    assert parse(document(company={"corporate_number": typed})).company.corporate_number == kept


@pytest.mark.parametrize(
    "bad",
    ["7000012050003", "1234567890123", "700001205000", "70000120500021", "T7000012050002"],
)
def test_a_corporate_number_with_a_wrong_check_digit_or_length_is_refused(bad: str) -> None:
    found = problems(document(company={"corporate_number": bad}))
    # Runs of 13 digits or more are never echoed whole: it might have been a card number.
    shown = f"'{bad}'" if len(bad) < 13 else f"(a number ending in {bad[-4:]}, not repeated here)"
    assert found == [
        f"company.corporate_number: {shown} is not a valid corporate number "
        "(13 digits and its check digit)"
    ]


def test_check_digit_formula_matches_the_national_tax_agency_example() -> None:
    assert jp_numbers.check_digit("000012050002") == 7
    assert jp_numbers.corporate_number(NTA) == NTA


def test_invoice_number_is_t_and_13_digits_and_a_corporations_matches_its_number() -> None:
    assert parse(document(company={"invoice_number": "ｔ7000012050002"})).company.invoice_number
    assert problems(document(company={"invoice_number": "7000012050002"})) == [
        "company.invoice_number: (a number ending in 0002, not repeated here) is not a valid "
        "invoice registration number (T and 13 digits)"
    ]
    other = {"corporate_number": NTA, "invoice_number": "T" + LUHN_TOO}
    assert problems(document(company=other)) == [
        "company.invoice_number: (a number ending in 9845, not repeated here) does not match "
        f"the corporate number {NTA}"
    ]


def test_japanese_postal_codes_are_written_nnn_nnnn() -> None:
    for typed in ("〒150-0013", "1500013", "１５０－００１３", "150-0013"):
        parsed = parse(document(company={"postal_code": typed}))
        assert parsed.company.postal_code == "150-0013"
    assert problems(document(company={"postal_code": "15-00013"})) == [
        "company.postal_code: '15-00013' is not a Japanese postal code (NNN-NNNN)"
    ]
    # Elsewhere postal codes have other shapes: kept as typed.
    abroad = {"country": "GB", "postal_code": "SW1A 1AA"}
    assert parse(document(company=abroad)).company.postal_code == "SW1A 1AA"


def test_a_corporate_number_that_passes_luhn_is_not_taken_for_a_card_number() -> None:
    for key in ("corporate_number", "registration_number"):
        assert parse(document(company={key: LUHN_TOO})).company is not None
    # …but the same digits anywhere else still are.
    assert any("card number" in p for p in problems(document(company={"address": LUHN_TOO})))


def test_bad_additions_are_reported_at_their_paths() -> None:
    found = problems(
        document(
            account={
                "last_login_on": "2026-02-30",
                "recovery": {"notice_on": "soon", "case_numbr": "x"},
                "password_exposed_on": 5,
            },
            card={"holder": "friend"},
        )
    )
    assert found == [
        "accounts[0].last_login_on: '2026-02-30' is not a valid date (YYYY-MM-DD)",
        "accounts[0].recovery.notice_on: 'soon' is not a valid date (YYYY-MM-DD)",
        "accounts[0].recovery.case_numbr: unknown key (did you mean 'case_number'?)",
        "accounts[0].password_exposed_on: expected a date (YYYY-MM-DD), got integer",
        "cards[0].holder: 'friend' is not one of company, representative, employee, other",
    ]


def test_a_follow_up_before_the_first_contact_is_refused() -> None:
    recovery = {"contacted_support_on": "2026-11-26", "last_follow_up_on": "2026-11-20"}
    assert problems(document(account={"recovery": recovery})) == [
        "accounts[0].recovery.last_follow_up_on: 2026-11-20 is before the first contact with "
        "support (2026-11-26)"
    ]
