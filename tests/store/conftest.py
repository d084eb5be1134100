"""Fixtures for the store tests: a data folder, an open database and a profile using every field."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import pytest

from accountwatch.core.model import (
    Account,
    AccountStatus,
    Acknowledgement,
    Card,
    CardBrand,
    CardHolder,
    CompanyRecord,
    ExtraTerms,
    Language,
    Listing,
    PasswordAnalysis,
    Payment,
    PaymentMethod,
    PaymentMethodType,
    Penalty,
    PenaltyKind,
    Platform,
    Profile,
    Recovery,
    Role,
    Settings,
    TwoFactor,
    TwoFactorMethod,
    Weekday,
    WeeklyCheck,
    YearMonth,
)
from accountwatch.store.db import Database, open_database


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    return tmp_path / "data"


@pytest.fixture
def db(data_dir: Path) -> Iterator[Database]:
    database = open_database(data_dir)
    yield database
    database.close()


@pytest.fixture
def profile() -> Profile:
    return rich_profile()


def rich_profile() -> Profile:
    """A profile in which every field differs from its default."""
    company = CompanyRecord(
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
        postal_code="150-0013",
        region="東京都",
        corporate_number="7000012050002",
        invoice_number="T7000012050002",
        contact_person="佐藤 花子",
        contact_phone="+81-3-1234-5679",
    )
    main = Account(
        id="alibaba-main",
        login_id="sakura-buyer",
        platform=Platform.ALIBABA,
        label="Alibaba.com main",
        email="buyer@sakura-trading.example",
        role=Role.BOTH,
        status=AccountStatus.RESTRICTED,
        password_changed_on=dt.date(2026, 6, 1),
        two_factor=TwoFactor(method=TwoFactorMethod.TOTP, backup_codes_saved=True),
        has_totp_secret=True,
        shared_with=2,
        logins_reviewed_on=dt.date(2026, 11, 20),
        terms_reviewed_on=dt.date(2026, 10, 1),
        registered_company=CompanyRecord(
            name="Sakura Trading Co.",
            address="old address",
            region="大阪府",
            license_expires=dt.date(2026, 1, 31),
            verified_on=dt.date(2025, 5, 5),
        ),
        payment_methods=(
            PaymentMethod(PaymentMethodType.CARD, card="visa-main"),
            PaymentMethod(PaymentMethodType.OFF_PLATFORM, approved=False),
            PaymentMethod(PaymentMethodType.TRADE_ASSURANCE),
        ),
        orders_90d=120,
        cancellations_90d=0,
        messages_per_day=40,
        incentivized_reviews=True,
        authorized_brands=("Sakura", "桜"),
        listings=(
            Listing("Ceramic cups", "Hand made in Mino"),
            Listing("", "no title"),
            Listing("Tea bowls", ""),
        ),
        penalties=(
            Penalty(dt.date(2026, 5, 10), points=6, kind=PenaltyKind.IPR, serious=True, note="n"),
            Penalty(dt.date(2026, 2, 1)),
        ),
        password=PasswordAnalysis(
            score=2,
            guesses_log10=8.123456789012345,
            warning="This is similar to a commonly used password.",
            suggestions=("Add another word or two.", "Avoid dates."),
            fingerprint="ab" * 32,
            analysed_on=dt.date(2026, 11, 2),
        ),
        other_fingerprints=("cd" * 32, "ef" * 32),
        last_login_on=dt.date(2026, 11, 28),
        status_since=dt.date(2026, 11, 25),
        recovery=Recovery(
            notice_on=dt.date(2026, 11, 25),
            case_number="ALI-123456",
            contacted_support_on=dt.date(2026, 11, 26),
            last_follow_up_on=dt.date(2026, 11, 30),
        ),
        password_exposed_on=dt.date(2026, 11, 27),
    )
    shop = Account(
        id="1688-shop",
        login_id="sakura-1688",
        platform=Platform.P1688,
        status=AccountStatus.FROZEN,
        recovery=Recovery(case_number="1688-77"),
        two_factor=TwoFactor(method=TwoFactorMethod.SMS),
        password=PasswordAnalysis(score=4, guesses_log10=14.0),
    )
    # Stored in the reverse of the alphabetical order, so order must come from `position`.
    plain = Account(id="aaa", login_id="first-by-name", platform=Platform.ALIEXPRESS)
    return Profile(
        company=company,
        accounts=(main, shop, plain),
        cards=(
            Card(
                "visa-main", "4242", YearMonth(2027, 2), label="Company Visa", brand=CardBrand.VISA
            ),
            Card(
                "jcb",
                "0005",
                YearMonth(2026, 12),
                brand=CardBrand.JCB,
                holder=CardHolder.REPRESENTATIVE,
            ),
        ),
        payments=(
            Payment(
                id="membership",
                account="alibaba-main",
                due=dt.date(2026, 12, 5),
                description="Gold Supplier fee",
                amount=Decimal("2999.00"),
                currency="USD",
                repeat="FREQ=YEARLY",
                card="visa-main",
                repeat_start=dt.date(2024, 12, 5),
            ),
            Payment(
                id="ads",
                account="1688-shop",
                due=dt.date(2026, 11, 30),
                amount=Decimal("0.10"),
                currency="CNY",
                paid_on=dt.date(2026, 11, 28),
            ),
            Payment(id="bare", account="aaa", due=dt.date(2027, 1, 31)),
        ),
        acknowledged=(
            Acknowledgement("SEC-2FA-WEAK", "account:1688-shop", "SMS only", dt.date(2027, 6, 30)),
            Acknowledgement("PAY-CARD-EXPIRING", "card:jcb"),
        ),
        settings=Settings(
            language=Language.JA,
            card_warn_days=(90, 14),
            payment_warn_days=(10, 0),
            weekly_check=WeeklyCheck(weekday=Weekday.FRI, time=dt.time(18, 30, 15)),
            password_max_age_days=180,
            extra_terms=ExtraTerms(
                prohibited=("replica",),
                brands=("Acme",),
                claims=("best",),
                unsafe=("kuma spray",),
                inappropriate=("zap",),
                promotion=("mega deal",),
            ),
        ),
    )
