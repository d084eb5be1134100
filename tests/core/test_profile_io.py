"""Tests for reading, validating and writing the profile file (format version 1)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from accountwatch.core.model import (
    Account,
    AccountStatus,
    Acknowledgement,
    Card,
    CardBrand,
    CompanyRecord,
    ExtraTerms,
    Language,
    Listing,
    Payment,
    PaymentMethod,
    PaymentMethodType,
    Penalty,
    PenaltyKind,
    Platform,
    Profile,
    Role,
    Settings,
    TwoFactor,
    TwoFactorMethod,
    Weekday,
    WeeklyCheck,
    YearMonth,
)
from accountwatch.core.problems import Problem, ProfileError
from accountwatch.core.profile_io import (
    MAX_BYTES,
    dump_profile,
    parse_profile,
    profile_to_dict,
    read_profile_file,
)

TOTP = "JBSWY3DPEHPK3PXP"
PASSWORD = "correct horse battery staple"
OTHER_PASSWORD = "hunter2-elsewhere"


def rich() -> dict[str, Any]:
    """A profile using every field of the format."""
    return {
        "format": "accountwatch.profile",
        "version": 1,
        "company": {
            "name": "Sakura Trading K.K.",
            "name_local": "さくら貿易株式会社",
            "registration_number": "1234567890123",
            "country": "JP",
            "address": "1-2-3 Shibuya, Tokyo",
            "representative": "Hanako Sato",
            "phone": "+81-3-1234-5678",
            "email": "info@sakura-trading.example",
            "website": "https://sakura-trading.example",
            "license_expires": "2027-03-31",
            "verified_on": "2026-11-01",
        },
        "accounts": [
            {
                "id": "alibaba-main",
                "platform": "alibaba.com",
                "label": "Alibaba.com main",
                "login_id": "sakura-buyer",
                "email": "buyer@sakura-trading.example",
                "role": "both",
                "status": "restricted",
                "password": PASSWORD,
                "other_passwords": [OTHER_PASSWORD],
                "password_changed_on": "2026-06-01",
                "two_factor": {
                    "method": "totp",
                    "backup_codes_saved": True,
                    "totp_secret": "jbsw y3dp ehpk 3pxp",
                },
                "shared_with": 2,
                "logins_reviewed_on": "2026-11-20",
                "terms_reviewed_on": "2026-10-01",
                "registered_company": {
                    "name": "Sakura Trading",
                    "country": "JP",
                    "address": "Old address",
                },
                "payment_methods": [
                    {"type": "card", "card": "visa-main"},
                    {"type": "off_platform", "approved": False},
                    {"type": "bank_transfer", "approved": False},
                    {"type": "paypal"},
                ],
                "orders_90d": 120,
                "cancellations_90d": 2,
                "messages_per_day": 40,
                "incentivized_reviews": True,
                "authorized_brands": ["Sakura"],
                "listings": [
                    {"title": "Green tea 1 kg", "description": "Uji matcha\nfirst harvest"},
                    {"title": "Empty description"},
                ],
                "penalties": [
                    {
                        "date": "2026-05-10",
                        "points": 6,
                        "kind": "ipr",
                        "serious": True,
                        "note": "x",
                    },
                    {"date": "2026-07-01"},
                ],
            },
            {"id": "1688-shop", "platform": "1688", "login_id": "sakura1688"},
        ],
        "cards": [
            {
                "id": "visa-main",
                "label": "Company Visa",
                "brand": "visa",
                "last4": "4242",
                "expires": "2027-02",
            },
            {"id": "jcb.2", "last4": "0005", "expires": "2028-12"},
        ],
        "payments": [
            {
                "id": "membership",
                "account": "alibaba-main",
                "description": "Gold Supplier fee",
                "amount": "2999.00",
                "currency": "USD",
                "due": "2026-12-05",
                "repeat": "FREQ=YEARLY",
                "card": "visa-main",
            },
            {
                "id": "rent",
                "account": "1688-shop",
                "amount": "100",
                "currency": "CNY",
                "due": "2026-12-31",
                "repeat": "FREQ=MONTHLY",
                "repeat_start": "2026-01-31",
            },
            {"id": "one-off", "account": "1688-shop", "due": "2026-10-01", "paid_on": "2026-09-30"},
        ],
        "acknowledged": [
            {
                "rule": "SEC-2FA-WEAK",
                "subject": "account:1688-shop",
                "reason": "platform offers SMS only",
                "until": "2027-06-30",
            },
            {"rule": "REG-UNVERIFIED", "subject": "company"},
        ],
        "settings": {
            "language": "ja",
            "card_warn_days": [90, 30],
            "payment_warn_days": [],
            "weekly_check": {"weekday": "fri", "time": "17:30"},
            "password_max_age_days": None,
            "extra_terms": {
                "prohibited": ["fake"],
                "brands": ["Acme"],
                "claims": ["best ever"],
                "unsafe": ["kuma spray"],
                "inappropriate": ["zap"],
                "promotion": ["mega deal"],
            },
        },
    }


def raw(document: Any) -> bytes:
    return json.dumps(document, ensure_ascii=False).encode("utf-8")


def problems(data: bytes | dict[str, Any]) -> list[str]:
    with pytest.raises(ProfileError) as caught:
        parse_profile(data if isinstance(data, bytes) else raw(data))
    # Path-tagged even for the whole file ("$"), whose message is shown without it.
    return [f"{problem.path}: {problem.message}" for problem in caught.value.problems]


def paths(data: bytes | dict[str, Any]) -> list[str]:
    return [line.split(": ", 1)[0] for line in problems(data)]


# --- A valid profile ------------------------------------------------------------------------


def test_rich_profile_parses_to_the_model() -> None:
    profile, secrets = parse_profile(raw(rich()))

    assert profile.company == CompanyRecord(
        name="Sakura Trading K.K.",
        name_local="さくら貿易株式会社",
        registration_number="1234567890123",
        country="JP",
        address="1-2-3 Shibuya, Tokyo",
        representative="Hanako Sato",
        phone="+81-3-1234-5678",
        email="info@sakura-trading.example",
        website="https://sakura-trading.example",
        license_expires=dt.date(2027, 3, 31),
        verified_on=dt.date(2026, 11, 1),
    )
    assert profile.accounts[0] == Account(
        id="alibaba-main",
        login_id="sakura-buyer",
        platform=Platform.ALIBABA,
        label="Alibaba.com main",
        email="buyer@sakura-trading.example",
        role=Role.BOTH,
        status=AccountStatus.RESTRICTED,
        password_changed_on=dt.date(2026, 6, 1),
        two_factor=TwoFactor(TwoFactorMethod.TOTP, backup_codes_saved=True),
        has_totp_secret=True,
        shared_with=2,
        logins_reviewed_on=dt.date(2026, 11, 20),
        terms_reviewed_on=dt.date(2026, 10, 1),
        registered_company=CompanyRecord(
            name="Sakura Trading", country="JP", address="Old address"
        ),
        payment_methods=(
            PaymentMethod(PaymentMethodType.CARD, card="visa-main", approved=True),
            PaymentMethod(PaymentMethodType.OFF_PLATFORM, approved=False),
            PaymentMethod(PaymentMethodType.BANK_TRANSFER, approved=False),
            PaymentMethod(PaymentMethodType.PAYPAL, approved=True),
        ),
        orders_90d=120,
        cancellations_90d=2,
        messages_per_day=40,
        incentivized_reviews=True,
        authorized_brands=("Sakura",),
        listings=(
            Listing("Green tea 1 kg", "Uji matcha\nfirst harvest"),
            Listing("Empty description"),
        ),
        penalties=(
            Penalty(dt.date(2026, 5, 10), points=6, kind=PenaltyKind.IPR, serious=True, note="x"),
            Penalty(dt.date(2026, 7, 1)),
        ),
    )
    assert profile.accounts[0].password is None
    assert profile.accounts[1] == Account(
        id="1688-shop", login_id="sakura1688", platform=Platform.P1688
    )
    assert profile.cards == (
        Card("visa-main", "4242", YearMonth(2027, 2), label="Company Visa", brand=CardBrand.VISA),
        Card("jcb.2", "0005", YearMonth(2028, 12)),
    )
    assert profile.payments == (
        Payment(
            id="membership",
            account="alibaba-main",
            due=dt.date(2026, 12, 5),
            description="Gold Supplier fee",
            amount=Decimal("2999.00"),
            currency="USD",
            repeat="FREQ=YEARLY",
            card="visa-main",
        ),
        Payment(
            id="rent",
            account="1688-shop",
            due=dt.date(2026, 12, 31),
            amount=Decimal("100"),
            currency="CNY",
            repeat="FREQ=MONTHLY",
            repeat_start=dt.date(2026, 1, 31),
        ),
        Payment(
            id="one-off",
            account="1688-shop",
            due=dt.date(2026, 10, 1),
            paid_on=dt.date(2026, 9, 30),
        ),
    )
    assert profile.acknowledged == (
        Acknowledgement(
            "SEC-2FA-WEAK", "account:1688-shop", "platform offers SMS only", dt.date(2027, 6, 30)
        ),
        Acknowledgement("REG-UNVERIFIED", "company"),
    )
    assert profile.settings == Settings(
        language=Language.JA,
        card_warn_days=(90, 30),
        payment_warn_days=(),
        weekly_check=WeeklyCheck(Weekday.FRI, dt.time(17, 30)),
        password_max_age_days=None,
        extra_terms=ExtraTerms(
            ("fake",), ("Acme",), ("best ever",), ("kuma spray",), ("zap",), ("mega deal",)
        ),
    )
    assert secrets.passwords == {"alibaba-main": PASSWORD}
    assert secrets.other_passwords == {"alibaba-main": (OTHER_PASSWORD,)}
    assert secrets.totp_secrets == {"alibaba-main": TOTP}


def test_minimal_profile_gets_the_documented_defaults() -> None:
    document = {
        "format": "accountwatch.profile",
        "version": 1,
        "accounts": [{"id": "a", "login_id": "me", "payment_methods": [{"type": "other"}]}],
    }
    profile, secrets = parse_profile(raw(document))
    account = profile.accounts[0]
    assert (account.role, account.status) == (Role.BUYER, AccountStatus.ACTIVE)
    assert account.two_factor == TwoFactor(TwoFactorMethod.NONE, backup_codes_saved=False)
    assert account.payment_methods[0].approved is True
    assert profile.company is None
    assert profile.settings == Settings()
    assert profile.settings.password_max_age_days == 365
    assert secrets.passwords == {} and secrets.totp_secrets == {}


def test_utf8_bom_and_null_optionals_are_accepted() -> None:
    document = rich()
    document["payments"][0]["paid_on"] = None
    profile, _ = parse_profile(b"\xef\xbb\xbf" + raw(document))
    assert profile.payments[0].paid_on is None


def test_leap_day_in_a_leap_year_is_a_date() -> None:
    document = rich()
    document["company"]["verified_on"] = "2028-02-29"
    profile, _ = parse_profile(raw(document))
    assert profile.company is not None
    assert profile.company.verified_on == dt.date(2028, 2, 29)


# --- Writing --------------------------------------------------------------------------------


def test_export_parse_export_is_byte_identical() -> None:
    profile, secrets = parse_profile(raw(rich()))
    first = dump_profile(profile, secrets.totp_secrets)
    again, again_secrets = parse_profile(first.encode("utf-8"))
    assert dump_profile(again, again_secrets.totp_secrets) == first
    assert again == profile  # nothing is lost on the way either
    without = dump_profile(profile)
    assert dump_profile(parse_profile(without.encode("utf-8"))[0]) == without


def test_export_is_indented_utf8_json_in_the_documented_key_order() -> None:
    profile, _ = parse_profile(raw(rich()))
    text = dump_profile(profile)
    assert text.endswith("}\n")
    assert '\n  "format": "accountwatch.profile",' in text
    assert "さくら貿易株式会社" in text  # not \u escapes
    data = json.loads(text)
    assert list(data) == [
        "format",
        "version",
        "company",
        "accounts",
        "cards",
        "payments",
        "acknowledged",
        "settings",
    ]
    assert list(data["accounts"][0])[:4] == ["id", "platform", "label", "login_id"]
    assert list(data["payments"][1]) == [
        "id",
        "account",
        "amount",
        "currency",
        "due",
        "repeat",
        "repeat_start",
    ]


def test_passwords_are_never_written() -> None:
    profile, secrets = parse_profile(raw(rich()))
    text = dump_profile(profile, secrets.totp_secrets)
    assert PASSWORD not in text and OTHER_PASSWORD not in text
    assert '"password"' not in text and "other_passwords" not in text


def test_totp_secret_is_written_only_when_passed() -> None:
    profile, secrets = parse_profile(raw(rich()))
    assert TOTP not in dump_profile(profile)
    assert "totp_secret" not in json.dumps(profile_to_dict(profile))
    data = profile_to_dict(profile, secrets.totp_secrets)
    assert data["accounts"][0]["two_factor"]["totp_secret"] == TOTP
    assert "two_factor" not in data["accounts"][1]


def test_repeat_start_is_written_only_when_it_differs_from_due() -> None:
    document = rich()
    document["payments"][0]["repeat_start"] = "2026-12-05"
    profile, _ = parse_profile(raw(document))
    payments = profile_to_dict(profile)["payments"]
    assert "repeat_start" not in payments[0]
    assert payments[1]["repeat_start"] == "2026-01-31"


@pytest.mark.parametrize(("given", "expected"), [(None, None), (90, 90), ("absent", 365)])
def test_password_max_age_null_means_off_and_absent_means_default(
    given: int | str | None, expected: int | None
) -> None:
    document: dict[str, Any] = {"format": "accountwatch.profile", "version": 1, "settings": {}}
    if given != "absent":
        document["settings"]["password_max_age_days"] = given
    profile, _ = parse_profile(raw(document))
    assert profile.settings.password_max_age_days == expected
    text = dump_profile(profile)
    assert parse_profile(text.encode())[0].settings.password_max_age_days == expected
    if given is None:
        assert '"password_max_age_days": null' in text


def test_amount_is_written_as_a_plain_decimal_string() -> None:
    profile = Profile(
        accounts=(Account("a", "me"),),
        payments=(Payment("p", "a", dt.date(2026, 1, 1), amount=Decimal("1E+3"), currency="EUR"),),
    )
    assert profile_to_dict(profile)["payments"][0]["amount"] == "1000"


# --- Bad input: one case per kind of problem ------------------------------------------------


def change(path: str, value: Any) -> dict[str, Any]:
    """The rich profile with the value at a dotted path (list indexes as numbers) replaced."""
    document = rich()
    *parents, last = path.split(".")
    target: Any = document
    for part in parents:
        target = target[int(part)] if part.isdigit() else target[part]
    if value is DELETE:
        del target[int(last) if last.isdigit() else last]
    elif last.isdigit():
        target[int(last)] = value
    else:
        target[last] = value
    return document


DELETE = object()

BAD_VALUES = [
    ("format", "something.else", "format"),
    ("version", 2, "version"),
    ("version", "1", "version"),
    ("version", True, "version"),
    ("company.name", DELETE, "company.name"),
    ("company.name", "   ", "company.name"),
    ("company.country", "jp", "company.country"),
    ("company.country", "ZZ", "company.country"),
    ("company.email", "info.example", "company.email"),
    ("company.email", "a@b@c", "company.email"),
    ("company.license_expires", "2026-02-30", "company.license_expires"),
    ("company.license_expires", "2027-02-29", "company.license_expires"),
    ("company.license_expires", "２０２６-０１-０１", "company.license_expires"),
    ("company.verified_on", "2026/11/01", "company.verified_on"),
    ("company.lable", "x", "company.lable"),
    ("accounts", {}, "accounts"),
    ("accounts.0", "alibaba-main", "accounts[0]"),
    ("accounts.0.id", "Alibaba Main", "accounts[0].id"),
    ("accounts.0.id", "ａｂｃ", "accounts[0].id"),
    ("accounts.0.id", "a" * 65, "accounts[0].id"),
    ("accounts.1.id", "alibaba-main", "accounts[1].id"),
    ("accounts.0.login_id", DELETE, "accounts[0].login_id"),
    ("accounts.0.platform", "amazon", "accounts[0].platform"),
    ("accounts.0.role", "admin", "accounts[0].role"),
    ("accounts.0.status", "banned", "accounts[0].status"),
    ("accounts.0.password", "", "accounts[0].password"),
    ("accounts.0.password", 12345, "accounts[0].password"),
    ("accounts.0.other_passwords", [""], "accounts[0].other_passwords[0]"),
    ("accounts.0.other_passwords", "x", "accounts[0].other_passwords"),
    ("accounts.0.two_factor.method", "totp2", "accounts[0].two_factor.method"),
    ("accounts.0.two_factor.method", "sms", "accounts[0].two_factor.totp_secret"),
    ("accounts.0.two_factor.totp_secret", "not base32!", "accounts[0].two_factor.totp_secret"),
    ("accounts.0.two_factor.totp_secret", "JBSW", "accounts[0].two_factor.totp_secret"),
    (
        "accounts.0.two_factor.backup_codes_saved",
        "yes",
        "accounts[0].two_factor.backup_codes_saved",
    ),
    ("accounts.0.shared_with", -1, "accounts[0].shared_with"),
    ("accounts.0.shared_with", 1.5, "accounts[0].shared_with"),
    ("accounts.0.shared_with", "2", "accounts[0].shared_with"),
    ("accounts.0.orders_90d", 1, "accounts[0].cancellations_90d"),
    ("accounts.0.messages_per_day", False, "accounts[0].messages_per_day"),
    ("accounts.0.incentivized_reviews", 0, "accounts[0].incentivized_reviews"),
    ("accounts.0.authorized_brands", [""], "accounts[0].authorized_brands[0]"),
    ("accounts.0.payment_methods.0.type", "cash", "accounts[0].payment_methods[0].type"),
    ("accounts.0.payment_methods.0.card", DELETE, "accounts[0].payment_methods[0].card"),
    ("accounts.0.payment_methods.0.card", "visa-old", "accounts[0].payment_methods[0].card"),
    ("accounts.0.payment_methods.3.card", "visa-main", "accounts[0].payment_methods[3].card"),
    ("accounts.0.payment_methods.1.approved", "no", "accounts[0].payment_methods[1].approved"),
    ("accounts.0.registered_company.country", "Japan", "accounts[0].registered_company.country"),
    ("accounts.0.listings.0", [], "accounts[0].listings[0]"),
    ("accounts.0.penalties.0.kind", "minor", "accounts[0].penalties[0].kind"),
    ("accounts.0.penalties.0.points", -6, "accounts[0].penalties[0].points"),
    ("accounts.0.penalties.1.date", DELETE, "accounts[0].penalties[1].date"),
    ("cards.0.id", DELETE, "cards[0].id"),
    ("cards.0.last4", "424", "cards[0].last4"),
    ("cards.0.last4", "４２４２", "cards[0].last4"),
    ("cards.0.last4", 4242, "cards[0].last4"),
    ("cards.0.expires", "2027-13", "cards[0].expires"),
    ("cards.0.expires", "2027-2", "cards[0].expires"),
    ("cards.0.brand", "maestro", "cards[0].brand"),
    ("cards.1.id", "visa-main", "cards[1].id"),
    ("payments.0.id", "Membership", "payments[0].id"),
    ("payments.0.account", "nobody", "payments[0].account"),
    ("payments.0.account", DELETE, "payments[0].account"),
    ("payments.0.card", "visa-old", "payments[0].card"),
    ("payments.0.due", DELETE, "payments[0].due"),
    ("payments.0.due", "2026-12-5", "payments[0].due"),
    ("payments.0.amount", 2999.0, "payments[0].amount"),
    ("payments.0.amount", 2999, "payments[0].amount"),
    ("payments.0.amount", "-1", "payments[0].amount"),
    ("payments.0.amount", "1e5", "payments[0].amount"),
    ("payments.0.amount", "NaN", "payments[0].amount"),
    ("payments.0.amount", "12,000", "payments[0].amount"),
    ("payments.0.amount", "12.", "payments[0].amount"),
    ("payments.0.currency", "usd", "payments[0].currency"),
    ("payments.0.currency", "XYZ", "payments[0].currency"),
    ("payments.0.repeat", "FREQ=SOMETIMES", "payments[0].repeat"),
    ("payments.0.repeat", "FREQ=HOURLY", "payments[0].repeat"),
    ("payments.0.repeat", "FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30", "payments[0].repeat"),
    ("payments.0.paid_on", "yesterday", "payments[0].paid_on"),
    ("payments.1.repeat_start", "2026-01-32", "payments[1].repeat_start"),
    ("acknowledged.0.rule", "SEC-2FA-WEEK", "acknowledged[0].rule"),
    ("acknowledged.0.subject", DELETE, "acknowledged[0].subject"),
    ("acknowledged.0.until", "2027-06-31", "acknowledged[0].until"),
    ("acknowledged.1.subject", "account:1688-shop", "acknowledged[1]"),
    ("settings.language", "de", "settings.language"),
    ("settings.card_warn_days", [30, -1], "settings.card_warn_days[1]"),
    ("settings.payment_warn_days", 7, "settings.payment_warn_days"),
    ("settings.weekly_check.weekday", "monday", "settings.weekly_check.weekday"),
    ("settings.weekly_check.time", "24:00", "settings.weekly_check.time"),
    ("settings.password_max_age_days", 0, "settings.password_max_age_days"),
    ("settings.password_max_age_days", "365", "settings.password_max_age_days"),
    ("settings.extra_terms.claims", [""], "settings.extra_terms.claims[0]"),
    ("settings.extra_terms.colors", ["red"], "settings.extra_terms.colors"),
    ("settings", [], "settings"),
]


@pytest.mark.parametrize(("where", "value", "path"), BAD_VALUES)
def test_bad_value_is_reported_at_its_path(where: str, value: Any, path: str) -> None:
    if where == "acknowledged.1.subject":
        change_both = change("acknowledged.1.rule", "SEC-2FA-WEAK")
        change_both["acknowledged"][1]["subject"] = value
        document = change_both
    else:
        document = change(where, value)
    assert path in paths(document)


def test_message_wording_for_common_mistakes() -> None:
    document = rich()
    document["accounts"][0]["two_factor"]["method"] = "totp2"
    document["accounts"][0]["two_factor"].pop("totp_secret")
    document["accounts"].append({"id": "alibaba-main", "lable": "typo"})
    document["cards"][0]["expires"] = "2027-13"
    document["payments"][2]["card"] = "visa-old"
    document["accounts"][0]["listings"][1]["description"] = "pay with 4111 1111 1111 1111"
    assert problems(document) == [
        "accounts[0].two_factor.method: 'totp2' is not one of none, sms, email, totp, security_key",
        "accounts[0].listings[1].description: looks like a full card number; only the last 4 "
        "digits of a card are kept",
        "accounts[2].id: duplicate id 'alibaba-main' (also accounts[0])",
        "accounts[2].lable: unknown key (did you mean 'label'?)",
        "accounts[2].login_id: required",
        "cards[0].expires: '2027-13' is not a valid month (YYYY-MM)",
        "payments[2].card: no card with id 'visa-old'",
    ]


def test_every_problem_is_listed_in_document_order() -> None:
    document = rich()
    document["settings"]["language"] = "de"
    document["company"]["country"] = "jp"
    document["cards"][1]["expires"] = "2028-00"
    found = paths(document)
    assert found == ["company.country", "cards[1].expires", "settings.language"]


def test_unknown_key_without_a_close_match_has_no_suggestion() -> None:
    assert "xyzzy: unknown key" in problems(change("xyzzy", 1))


def test_unsupported_version_is_the_only_problem() -> None:
    document = rich()
    document["version"] = 2
    document["future_field"] = {}
    assert problems(document) == [
        "version: unsupported version 2 (this AccountWatch reads version 1)"
    ]


def test_error_lists_one_problem_per_line() -> None:
    error = ProfileError([Problem("a", "first"), Problem("$", "second")])
    # A problem with the whole file reads as its message alone: "$: …" would say nothing.
    assert str(error) == "a: first\nsecond"


# --- Card numbers anywhere ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("where", "value", "path"),
    [
        ("company.registration_number", "4111111111111111", "company.registration_number"),
        ("accounts.0.label", "Visa ４１１１ １１１１ １１１１ １１１１", "accounts[0].label"),
        ("accounts.0.login_id", "4111-1111-1111-1111", "accounts[0].login_id"),
        ("accounts.0.orders_90d", 4111111111111111, "accounts[0].orders_90d"),
        ("accounts.0.listings.1.title", "Card 5555555555554444", "accounts[0].listings[1].title"),
        ("acknowledged.0.reason", "paid by 378282246310005", "acknowledged[0].reason"),
        ("settings.extra_terms.brands", ["4111111111111111"], "settings.extra_terms.brands[0]"),
        ("unknown", "4111111111111111", "unknown"),
    ],
)
def test_card_numbers_are_rejected_in_any_field(where: str, value: Any, path: str) -> None:
    found = problems(change(where, value))
    assert f"{path}: looks like a full card number; only the last 4 digits of a card are kept" in (
        found
    )
    assert not any("4111" in line or "5555" in line or "3782" in line for line in found)


@pytest.mark.parametrize(
    ("where", "value", "path"),
    [
        (
            "accounts.0.authorized_brands",
            ["4111", "1111", "1111", "1111"],
            "accounts[0].authorized_brands",
        ),
    ],
)
def test_a_card_number_split_over_a_lists_items_is_rejected(
    where: str, value: Any, path: str
) -> None:
    # The account editor splits "4111, 1111, 1111, 1111" at its commas: no item alone is one.
    found = problems(change(where, value))
    assert f"{path}: looks like a full card number; only the last 4 digits of a card are kept" in (
        found
    )
    # A list of short numbers that makes no card number together stays.
    parse_profile(raw(change(where, ["4111", "2024"])))


@pytest.mark.parametrize(
    ("where", "value"),
    [
        ("settings.card_warn_days", [120, 90, 60, 45, 30, 14, 7, 3, 1]),
        ("settings.payment_warn_days", [90, 60, 45, 30, 21, 14, 7, 3, 1]),
        ("settings.payment_warn_days", [180, 90, 60, 30, 14, 7, 3, 1, 0]),
        ("settings.extra_terms.prohibited", ["1000", "2000", "3000", "4000"]),
    ],
)
def test_lists_whose_numbers_join_into_a_luhn_run_by_chance_are_no_card(
    where: str, value: Any
) -> None:
    # Joined, these pass the Luhn check: only lists typed as one text are read joined.
    parse_profile(raw(change(where, value)))


@pytest.mark.parametrize("character", ["\x7f", "\x85", "\x9b"])
def test_del_and_c1_control_characters_are_rejected(character: str) -> None:
    # U+009B starts a terminal's escape sequence: "check" would print it as it is.
    found = problems(change("accounts.0.label", f"Shop{character}[31m"))
    assert found == [f"accounts[0].label: contains a control character (U+{ord(character):04X})"]


def test_registration_number_that_fails_luhn_is_not_a_card() -> None:
    profile, _ = parse_profile(raw(rich()))
    assert profile.company is not None
    assert profile.company.registration_number == "1234567890123"


def test_passwords_are_not_scanned_nor_echoed() -> None:
    document = rich()
    document["accounts"][0]["password"] = "4111111111111111"
    document["accounts"][0]["other_passwords"] = ["5555555555554444"]
    _, secrets = parse_profile(raw(document))
    assert secrets.passwords["alibaba-main"] == "4111111111111111"


def test_secrets_never_appear_in_messages() -> None:
    document = rich()
    document["accounts"][0]["password"] = "s3cret\x00pass"
    document["accounts"][0]["two_factor"]["totp_secret"] = "SECRET!!SECRET!!"
    document["accounts"][0]["two_factor"]["method"] = "sms"
    text = "\n".join(problems(document))
    assert "accounts[0].password: contains a control character (U+0000)" in text
    assert "s3cret" not in text and "SECRET" not in text


# --- Hostile files --------------------------------------------------------------------------


def _valid_prefix() -> bytes:
    return b'{"format": "accountwatch.profile", "version": 1, '


@pytest.mark.parametrize(
    ("data", "path", "fragment"),
    [
        (b'{"format": "\xff\xfe"}', "$", "not UTF-8"),
        ("{}".encode("utf-16"), "$", "not UTF-8"),
        (b'{"format": "accountwatch.profile",\n  "version": 1,,}', "$", "line 2, column 16: a"),
        (b"", "$", "the file is empty"),
        (b"  \n\t", "$", "the file is empty"),
        (b"[]", "$", "expected an object"),
        (b'"accountwatch.profile"', "$", "expected an object"),
        (
            _valid_prefix() + b'"settings": {"card_warn_days": [NaN]}}',
            "settings.card_warn_days[0]",
            "NaN",
        ),
        (
            _valid_prefix() + b'"settings": {"card_warn_days": [Infinity]}}',
            "settings.card_warn_days[0]",
            "Infinity",
        ),
        (
            _valid_prefix() + b'"company": {"name": "A", "name": "B"}}',
            "company.name",
            "more than once",
        ),
        (_valid_prefix() + b'"company": {"name": "\\ud800"}}', "company.name", "surrogate"),
        (_valid_prefix() + b'"company": {"name": "a\\u0000b"}}', "company.name", "U+0000"),
        (_valid_prefix() + b'"company": {"name": "a\\u001bb"}}', "company.name", "U+001B"),
        (_valid_prefix() + b'"x": ' + b"[" * 200_000 + b"]" * 200_000 + b"}", "$", "deeply"),
        (
            _valid_prefix() + b'"settings": {"card_warn_days": [' + b"9" * 5000 + b"]}}",
            "settings.card_warn_days[0]",
            "too large",
        ),
        (
            b'{"format": "accountwatch.profile", "version": 1' + b"0" * 5000 + b"}",
            "version",
            "too large",
        ),
        (
            _valid_prefix() + b'"accounts": [{"id": "a", "login_id": "b", "label": "a\\tb\\nc"}]}',
            None,
            None,
        ),
    ],
)
def test_hostile_input_becomes_problems(data: bytes, path: str | None, fragment: str) -> None:
    if path is None:
        parse_profile(data)  # tab and newline are ordinary text
        return
    found = problems(data)
    assert any(line.startswith(f"{path}: ") and fragment in line for line in found), found


def test_file_larger_than_the_limit_is_refused_before_reading(tmp_path: Path) -> None:
    big = tmp_path / "big.json"
    with big.open("wb") as stream:
        stream.truncate(MAX_BYTES + 1)  # sparse: nothing needs to be read to refuse it
    with pytest.raises(ProfileError) as caught:
        read_profile_file(big)
    assert caught.value.problems[0].path == "file"
    assert "20 MB" in caught.value.problems[0].message
    assert problems(b" " * (MAX_BYTES + 1))[0].startswith("$: ")


def test_missing_and_unreadable_files(tmp_path: Path) -> None:
    for target in (tmp_path / "missing.json", tmp_path):
        with pytest.raises(ProfileError) as caught:
            read_profile_file(target)
        assert caught.value.problems[0].path == "file"


def test_reads_a_file(tmp_path: Path) -> None:
    target = tmp_path / "profile.json"
    target.write_bytes(raw(rich()))
    profile, secrets = read_profile_file(str(target))
    assert profile == parse_profile(raw(rich()))[0]
    assert secrets.totp_secrets == {"alibaba-main": TOTP}


def test_reads_standard_input(monkeypatch: pytest.MonkeyPatch) -> None:
    import io
    import sys

    stdin = io.TextIOWrapper(io.BytesIO(raw(rich())))
    monkeypatch.setattr(sys, "stdin", stdin)
    profile, _ = read_profile_file("-")
    assert [a.id for a in profile.accounts] == ["alibaba-main", "1688-shop"]


def _with_repeat(rule: str) -> dict[str, Any]:
    document = rich()
    document["payments"][0]["repeat"] = rule
    return document


def test_count_and_until_together_are_refused_naming_the_field() -> None:
    assert problems(_with_repeat("FREQ=MONTHLY;COUNT=2;UNTIL=20270101")) == [
        "payments[0].repeat: 'FREQ=MONTHLY;COUNT=2;UNTIL=20270101': COUNT and UNTIL must not "
        "both be given (RFC 5545): keep COUNT for a number of payments or UNTIL for the last date"
    ]


def test_an_empty_part_of_a_rule_is_named_in_plain_words() -> None:
    assert problems(_with_repeat("FREQ=MONTHLY;;")) == [
        "payments[0].repeat: 'FREQ=MONTHLY;;': it has an empty part (';' twice in a row, or at "
        "the start or end)"
    ]


def test_a_rule_with_a_long_number_says_why_without_repeating_it() -> None:
    # A UTC UNTIL holds 14 digits, which could be a card number's: the rule is not quoted.
    assert problems(_with_repeat("FREQ=MONTHLY;UNTIL=20261220T000000Z")) == [
        "payments[0].repeat: not a usable RRULE: UNTIL must be a date written YYYYMMDD, "
        "without a time"
    ]


def test_a_valid_rule_with_many_digits_is_accepted() -> None:
    # 15 digits, no card number: only a refusal's message leaves such a rule out.
    rule = "FREQ=YEARLY;BYMONTH=1,2,3,4,5,6,7,8,9,10,11,12"
    profile, _secrets = parse_profile(raw(_with_repeat(rule)))
    assert profile.payments[0].repeat == rule


@pytest.mark.parametrize(
    "subject",
    ["whatever", "account:", "Account:1688-shop", "listing:1688-shop", "company:x", "card:a b"],
)
def test_an_acknowledgement_names_what_a_finding_is_about(subject: str) -> None:
    # A subject no finding can have was kept and silently never applied.
    doc = rich()
    doc["acknowledged"] = [{"rule": "SEC-2FA-WEAK", "subject": subject}]
    assert paths(doc) == ["acknowledged[0].subject"]
    assert "is not what a finding is about" in problems(doc)[0]


def test_every_subject_form_the_rules_give_is_accepted() -> None:
    doc = rich()
    doc["acknowledged"] = [
        {"rule": "SEC-2FA-WEAK", "subject": s}
        for s in ("account:a.b_c-1", "card:visa-main", "payment:one-off", "listing:x:12", "company")
    ]
    profile, _secrets = parse_profile(raw(doc))
    assert len(profile.acknowledged) == 5


def test_an_acknowledgement_of_no_finding_kept_before_is_left_out_of_an_export() -> None:
    # Kept before subjects were checked; in a file it would make the file unreadable.
    profile, _secrets = parse_profile(raw(rich()))
    old = Acknowledgement("SEC-2FA-OFF", "aliexpress-store", "old free text")
    with_old = dataclasses.replace(profile, acknowledged=(*profile.acknowledged, old))
    again, _secrets = parse_profile(dump_profile(with_old).encode())
    assert again.acknowledged == profile.acknowledged
