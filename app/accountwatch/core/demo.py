"""A realistic sample profile that trips most rules, dated relative to the day it is made for."""

from __future__ import annotations

import datetime as dt
import hashlib
from typing import Any

from accountwatch.core.dates import add_months
from accountwatch.core.model import PasswordAnalysis

# The demo's reuse-fingerprint key and install salt, fixed (and public: the data is a sample) so
# that its passwords' analyses can ship with it: the demo starts without zxcvbn or scrypt.
# The demo's vault and database use them, so "Check password…" still recognises reuse.
FINGERPRINT_KEY = hashlib.sha256(b"AccountWatch demo: fingerprint key").digest()
INSTALL_SALT = hashlib.sha256(b"AccountWatch demo: install salt").digest()[:16]

_SAKURA2024 = PasswordAnalysis(
    score=1,
    guesses_log10=7.000434077479318,
    warning=(
        "The password contains a word tied to you or the site: the company's name, the login, "
        "the e-mail or the platform's name."
    ),
    suggestions=(
        "Add another word or two. Uncommon words are better.",
        "Capitalization doesn't help very much.",
    ),
    fingerprint="70d875a6b0b856640bef226972f694188bde1861577b29cc0df2847a2d1bf726",
)
# What `passwords.analyse` makes of each sample account's password with the key and salt above
# (without its date); tests/core/test_demo.py recomputes them and fails when they drift.
PASSWORD_ANALYSES: dict[str, PasswordAnalysis] = {
    "alibaba-main": _SAKURA2024,
    "1688-shop": _SAKURA2024,
}


def demo_profile(today: dt.date) -> dict[str, Any]:
    """Sakura Trading's three marketplace accounts, as profile JSON v1 (see profile-format.md)."""

    def day(offset: int) -> str:
        return (today + dt.timedelta(days=offset)).isoformat()

    def month(offset: int) -> str:
        return add_months(today, offset).strftime("%Y-%m")

    company = {
        "name": "Sakura Trading K.K.",
        "name_local": "さくら貿易株式会社",
        "registration_number": "1234567890123",
        "country": "JP",
        "address": "2-5-8 Ebisu, Shibuya-ku, Tokyo",
        "representative": "Hanako Sato",
        "phone": "+81-3-1234-5678",
        "email": "info@sakura-trading.example",
        "website": "https://sakura-trading.example",
        "license_expires": day(45),
        "verified_on": day(-200),
        "postal_code": "150-0013",
        "region": "Tokyo",
        "contact_person": "Kenji Ito",
        "contact_phone": "+81-3-1234-5680",
    }
    # The company moved last year; the record at Alibaba.com still has the old address.
    on_file_at_alibaba = {**company, "address": "1-2-3 Shibuya, Shibuya-ku, Tokyo"}
    del on_file_at_alibaba["license_expires"], on_file_at_alibaba["verified_on"]
    on_file_at_1688 = {k: v for k, v in on_file_at_alibaba.items() if k != "email"}
    on_file_at_1688["address"] = company["address"]
    return {
        "format": "accountwatch.profile",
        "version": 1,
        "company": company,
        "accounts": [
            {
                "id": "alibaba-main",
                "platform": "alibaba.com",
                "label": "Alibaba.com main",
                "login_id": "sakura-buyer",
                "email": "buyer@sakura-trading.example",
                "role": "buyer",
                "password": "Sakura2024!",
                "password_changed_on": day(-420),
                "two_factor": {"method": "totp", "backup_codes_saved": True},
                "shared_with": 0,
                "logins_reviewed_on": day(-9),
                "terms_reviewed_on": day(-120),
                "registered_company": on_file_at_alibaba,
                "payment_methods": [
                    {"type": "card", "card": "visa-main"},
                    {"type": "trade_assurance"},
                ],
                "last_login_on": day(-1),
                "orders_90d": 48,
                "cancellations_90d": 1,
                "messages_per_day": 30,
                "authorized_brands": ["Sakura"],
            },
            {
                "id": "1688-shop",
                "platform": "1688",
                "label": "1688 仕入れ用",
                "login_id": "sakura_trading",
                "email": "purchase@sakura-trading.example",
                "role": "buyer",
                "password": "Sakura2024!",
                "password_changed_on": day(-95),
                "two_factor": {"method": "sms", "backup_codes_saved": False},
                "shared_with": 2,
                "logins_reviewed_on": day(-45),
                "terms_reviewed_on": day(-30),
                "registered_company": on_file_at_1688,
                "payment_methods": [
                    {"type": "alipay"},
                    {"type": "card", "card": "mc-old"},
                    {"type": "off_platform", "approved": False},
                ],
                "last_login_on": day(-2),
                "orders_90d": 130,
                "cancellations_90d": 2,
                "messages_per_day": 60,
            },
            {
                "id": "aliexpress-store",
                "platform": "aliexpress",
                "label": "AliExpress store",
                "login_id": "sakura-store",
                "email": "store@sakura-trading.example",
                "role": "seller",
                "status": "restricted",
                # Restricted after the IPR complaint below; support has been contacted since.
                "status_since": day(-38),
                "recovery": {
                    "notice_on": day(-38),
                    "case_number": "AE-20261024-0387",
                    "contacted_support_on": day(-37),
                    "last_follow_up_on": day(-4),
                },
                "last_login_on": day(-1),
                "two_factor": {"method": "none"},
                "logins_reviewed_on": day(-3),
                "terms_reviewed_on": day(-10),
                "registered_company": {
                    "name": "Sakura Trading K.K.",
                    "registration_number": "1234567890123",
                    "country": "JP",
                    "address": company["address"],
                    "phone": company["phone"],
                    "email": company["email"],
                },
                "payment_methods": [{"type": "card", "card": "jcb-backup"}],
                "orders_90d": 210,
                "cancellations_90d": 8,
                "messages_per_day": 260,
                "incentivized_reviews": False,
                "authorized_brands": ["Sakura"],
                "listings": [
                    {
                        "title": "Sakura 有田焼 マグカップ 2個セット",
                        "description": "佐賀県有田町の窯元で焼いたマグカップです。",
                    },
                    {
                        "title": "ナイキ風 ランニングシューズ 軽量",
                        "description": "Nike style running shoes, lightweight mesh.",
                    },
                    {
                        "title": "Wireless earbuds — No.1 sound quality",
                        "description": "100% guaranteed best sound, 1:1 mirror quality case.",
                    },
                ],
                "penalties": [
                    {
                        "date": day(-300),
                        "points": 4,
                        "kind": "general",
                        "note": "Listing in the wrong category",
                    },
                    {
                        "date": day(-40),
                        "points": 6,
                        "kind": "ipr",
                        "serious": False,
                        "note": "Brand name in a product title",
                    },
                ],
            },
        ],
        "cards": [
            {
                "id": "visa-main",
                "label": "Company Visa",
                "brand": "visa",
                "last4": "4242",
                "expires": month(1),
            },
            {
                "id": "mc-old",
                "label": "Old Mastercard",
                "brand": "mastercard",
                "last4": "5100",
                "expires": month(-1),
            },
            {
                "id": "jcb-backup",
                "label": "JCB backup",
                "brand": "jcb",
                "last4": "3530",
                "expires": month(26),
            },
        ],
        "payments": [
            {
                "id": "gold-supplier",
                "account": "alibaba-main",
                "description": "Gold Supplier membership",
                "amount": "2999.00",
                "currency": "USD",
                "due": day(5),
                "repeat": "FREQ=YEARLY",
                "card": "visa-main",
            },
            {
                "id": "1688-service",
                "account": "1688-shop",
                "description": "1688 代行サービス月額",
                "amount": "12000",
                "currency": "JPY",
                "due": day(-6),
                "repeat": "FREQ=MONTHLY",
                "card": "mc-old",
            },
            {
                "id": "aliexpress-deposit",
                "account": "aliexpress-store",
                "description": "Store deposit top-up",
                "amount": "500.00",
                "currency": "USD",
                "due": day(70),
                "card": "visa-main",
            },
        ],
        "acknowledged": [
            {
                "rule": "SEC-2FA-WEAK",
                "subject": "account:1688-shop",
                "reason": "1688 offers SMS verification only",
                "until": day(180),
            }
        ],
        "settings": {
            "card_warn_days": [60, 30, 7],
            "payment_warn_days": [7, 3, 1, 0],
            "weekly_check": {"weekday": "mon", "time": "09:00"},
            "password_max_age_days": 365,
        },
    }


# The weekly checks the demo has on record, in weeks before the day it is made for.
RECORDED_WEEKS_AGO = (4, 3, 2, 1)


def demo_history(today: dt.date) -> list[tuple[dt.date, dict[str, Any]]]:
    """The sample profile as it stood at each recorded weekly check, oldest first: the same
    accounts, with what has been fixed since still to do, so the checks show the way to today's."""
    history = []
    for weeks in RECORDED_WEEKS_AGO:
        day = today - dt.timedelta(weeks=weeks)
        history.append((day, _as_it_stood(demo_profile(today), today, day)))
    return history


def _as_it_stood(document: dict[str, Any], today: dt.date, day: dt.date) -> dict[str, Any]:
    """`document` (the profile of `today`) with every fix made after `day` undone."""

    def not_yet(days_ago: int) -> bool:
        return day < today - dt.timedelta(days=days_ago)

    alibaba, _shop, store = document["accounts"]
    if not_yet(26):  # Alibaba.com main moved from SMS codes to an authenticator app
        alibaba["two_factor"] = {"method": "sms", "backup_codes_saved": False}
    if not_yet(24):  # 1688 offers SMS only: the finding was acknowledged once that was known
        document["acknowledged"] = []
    # Listings the store has taken down since, each appended after the ones taken down later
    # (which takes nothing from the positions of the others).
    for days_ago, title in (
        (5, "Luxury steel watch, super copy"),
        (10, "アディダス風 スライドサンダル"),
        (17, "Designer tote bag, 1:1 replica"),
        (24, "Gucci pattern phone case"),
    ):
        if not_yet(days_ago):
            store["listings"].append({"title": title})
    # The store has followed up with support every week since its first contact.
    follow_ups = (today - dt.timedelta(days=d) for d in range(4, 38, 7))
    store["recovery"]["last_follow_up_on"] = next(d for d in follow_ups if d <= day).isoformat()
    for account in document["accounts"]:
        if dt.date.fromisoformat(account["last_login_on"]) > day:
            account["last_login_on"] = day.isoformat()
    # A review made since: the one before it was a good while earlier.
    for account in document["accounts"]:
        for field, gap in (("logins_reviewed_on", 60), ("terms_reviewed_on", 210)):
            reviewed = dt.date.fromisoformat(account[field])
            if reviewed > day:
                account[field] = (reviewed - dt.timedelta(days=gap)).isoformat()
    return document
