"""A realistic sample profile that trips most rules, dated relative to the day it is made for."""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import replace
from typing import Any

from accountwatch.core.dates import add_months
from accountwatch.core.model import (
    Account,
    AccountStatus,
    Listing,
    PasswordAnalysis,
    Payment,
    Profile,
    Recovery,
    TwoFactor,
    TwoFactorMethod,
)

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

# What the keyword scanner finds in each sample listing (title, description): `Listing.scan`
# without the scanner's key in front, "" for nothing. Shipped like the analyses above, so that
# the demo starts without compiling the scanner's expressions; used only while the shipped
# terms give the scanner the key LISTING_SCAN_KEY (tests/core/test_demo.py scans them again).
LISTING_SCAN_KEY = "61337dfda3e84160"
LISTING_SCANS: dict[tuple[str, str], str] = {
    ("Sakura 有田焼 マグカップ 2個セット", "佐賀県有田町の窯元で焼いたマグカップです。"): "",
    (
        "ナイキ風 ランニングシューズ 軽量",
        "Nike style running shoes, lightweight mesh.",
    ): '{"brands":["ナイキ","nike"]}',
    (
        "Wireless earbuds — No.1 sound quality",
        "100% guaranteed best sound, 1:1 mirror quality case.",
    ): '{"claims":["no.1","100% guaranteed"],"prohibited":["1:1 mirror"]}',
    ("Luxury steel watch, super copy", ""): '{"prohibited":["super copy"]}',
    ("アディダス風 スライドサンダル", ""): '{"brands":["アディダス"]}',
    ("Designer tote bag, 1:1 replica", ""): '{"prohibited":["1:1 replica"]}',
    ("Gucci pattern phone case", ""): '{"brands":["gucci"]}',
    ("Leather wallet, high copy, brand logo", ""): '{"prohibited":["high copy"]}',
    ("Designer belt, counterfeit buckle", ""): '{"prohibited":["counterfeit"]}',
    ("Nike Air sneakers, knockoff edition", ""): '{"brands":["nike"],"prohibited":["knockoff"]}',
    (
        "ナイキ風 ランニングシューズ 軽量",
        "ナイキ風のランニングシューズ。軽量メッシュ素材。",
    ): '{"brands":["ナイキ"]}',
    (
        "ワイヤレスイヤホン 音質No.1",
        "100%保証の最高音質。ケースはブランドコピー品です。",
    ): '{"claims":["no.1","100%保証"],"prohibited":["ブランドコピー"]}',
    ("高級ステンレス腕時計 スーパーコピー", ""): '{"prohibited":["スーパーコピー"]}',
    ("デザイナーズ トートバッグ N級品", ""): '{"prohibited":["n級品"]}',
    ("グッチ柄 スマホケース", ""): '{"brands":["グッチ"]}',
    ("本革財布 コピー品 ブランドロゴ入り", ""): '{"prohibited":["コピー品"]}',
    ("ブランドベルト 偽物 バックル", ""): '{"prohibited":["偽物"]}',
    ("ナイキ エア スニーカー 模倣品", ""): '{"brands":["ナイキ"],"prohibited":["模倣品"]}',
}

# The languages the sample's own words come in: a Japanese user sees a Japanese company.
DEMO_LANGUAGES = ("en", "ja")

# The sample's words in each language: the same company, accounts and situations (ids, dates,
# amounts and every finding alike), its names, addresses, labels and notes as a company of
# that language would write them. Product names (Gold Supplier) stay as the platforms spell them.
_WORDS: dict[str, dict[str, str]] = {
    "en": {
        "address": "2-5-8 Ebisu, Shibuya-ku, Tokyo",
        "old_address": "1-2-3 Shibuya, Shibuya-ku, Tokyo",
        "region": "Tokyo",
        "representative": "Hanako Sato",
        "contact_person": "Kenji Ito",
        "alibaba_label": "Alibaba.com main",
        "shop_label": "1688 仕入れ用",
        "store_label": "AliExpress store",
        "mug_title": "Sakura 有田焼 マグカップ 2個セット",
        "mug_description": "佐賀県有田町の窯元で焼いたマグカップです。",
        "shoes_title": "ナイキ風 ランニングシューズ 軽量",
        "shoes_description": "Nike style running shoes, lightweight mesh.",
        "earbuds_title": "Wireless earbuds — No.1 sound quality",
        "earbuds_description": "100% guaranteed best sound, 1:1 mirror quality case.",
        "penalty_category": "Listing in the wrong category",
        "penalty_brand": "Brand name in a product title",
        "visa_label": "Company Visa",
        "mastercard_label": "Old Mastercard",
        "jcb_label": "JCB backup",
        "gold_supplier": "Gold Supplier membership",
        "service_fee": "1688 代行サービス月額",
        "deposit": "Store deposit top-up",
        "sms_only": "1688 offers SMS verification only",
        # Listings the store has taken down since (see _store_as_it_stood).
        "watch": "Luxury steel watch, super copy",
        "sandals": "アディダス風 スライドサンダル",
        "tote": "Designer tote bag, 1:1 replica",
        "case": "Gucci pattern phone case",
        "wallet": "Leather wallet, high copy, brand logo",
        "belt": "Designer belt, counterfeit buckle",
        "sneakers": "Nike Air sneakers, knockoff edition",
    },
    "ja": {
        "address": "渋谷区恵比寿2-5-8",
        "old_address": "渋谷区渋谷1-2-3",
        "region": "東京都",
        "representative": "佐藤 花子",
        "contact_person": "伊藤 健二",
        "alibaba_label": "Alibaba.com メイン",
        "shop_label": "1688 仕入れ用",
        "store_label": "AliExpress ストア",
        "mug_title": "Sakura 有田焼 マグカップ 2個セット",
        "mug_description": "佐賀県有田町の窯元で焼いたマグカップです。",
        "shoes_title": "ナイキ風 ランニングシューズ 軽量",
        "shoes_description": "ナイキ風のランニングシューズ。軽量メッシュ素材。",
        "earbuds_title": "ワイヤレスイヤホン 音質No.1",
        "earbuds_description": "100%保証の最高音質。ケースはブランドコピー品です。",
        "penalty_category": "カテゴリー違いの出品",
        "penalty_brand": "商品タイトルにブランド名",
        "visa_label": "法人カード（Visa）",
        "mastercard_label": "旧法人カード（Mastercard）",
        "jcb_label": "予備カード（JCB）",
        "gold_supplier": "Gold Supplier 年会費",
        "service_fee": "1688 代行サービス月額",
        "deposit": "ストア保証金の追加入金",
        "sms_only": "1688 はSMS認証にしか対応していないため",
        "watch": "高級ステンレス腕時計 スーパーコピー",
        "sandals": "アディダス風 スライドサンダル",
        "tote": "デザイナーズ トートバッグ N級品",
        "case": "グッチ柄 スマホケース",
        "wallet": "本革財布 コピー品 ブランドロゴ入り",
        "belt": "ブランドベルト 偽物 バックル",
        "sneakers": "ナイキ エア スニーカー 模倣品",
    },
}


def demo_profile(today: dt.date, language: str = "en") -> dict[str, Any]:
    """Sakura Trading's three marketplace accounts, as profile JSON v1 (see profile-format.md),
    in `language`'s words ("en" or "ja"; the findings are the same in both)."""
    words = _WORDS[language if language in _WORDS else "en"]

    def day(offset: int) -> str:
        return (today + dt.timedelta(days=offset)).isoformat()

    def month(offset: int) -> str:
        return add_months(today, offset).strftime("%Y-%m")

    company = {
        "name": "Sakura Trading K.K.",
        "name_local": "さくら貿易株式会社",
        # The platforms show the 法人番号 as the registration number (check digit 8 is right).
        "registration_number": "8011001045678",
        "corporate_number": "8011001045678",
        "invoice_number": "T8011001045678",
        "country": "JP",
        "address": words["address"],
        "representative": words["representative"],
        "phone": "+81-3-1234-5678",
        "email": "info@sakura-trading.example",
        "website": "https://sakura-trading.example",
        "license_expires": day(45),
        "verified_on": day(-200),
        "postal_code": "150-0013",
        "region": words["region"],
        "contact_person": words["contact_person"],
        "contact_phone": "+81-3-1234-5680",
    }
    # The company moved last year; the record at Alibaba.com still has the old address.
    on_file_at_alibaba = {**company, "address": words["old_address"]}
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
                "label": words["alibaba_label"],
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
                "label": words["shop_label"],
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
                "label": words["store_label"],
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
                    "registration_number": "8011001045678",
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
                    {"title": words["mug_title"], "description": words["mug_description"]},
                    {"title": words["shoes_title"], "description": words["shoes_description"]},
                    {
                        "title": words["earbuds_title"],
                        "description": words["earbuds_description"],
                    },
                ],
                "penalties": [
                    {
                        "date": day(-300),
                        "points": 4,
                        "kind": "general",
                        "note": words["penalty_category"],
                    },
                    {
                        "date": day(-40),
                        "points": 6,
                        "kind": "ipr",
                        "serious": False,
                        "note": words["penalty_brand"],
                    },
                ],
            },
        ],
        "cards": [
            {
                "id": "visa-main",
                "label": words["visa_label"],
                "brand": "visa",
                "last4": "4242",
                "expires": month(1),
            },
            {
                "id": "mc-old",
                "label": words["mastercard_label"],
                "brand": "mastercard",
                "last4": "5100",
                "expires": month(-1),
            },
            {
                "id": "jcb-backup",
                "label": words["jcb_label"],
                "brand": "jcb",
                "last4": "3530",
                "expires": month(26),
            },
        ],
        "payments": [
            {
                "id": "gold-supplier",
                "account": "alibaba-main",
                "description": words["gold_supplier"],
                "amount": "2999.00",
                "currency": "USD",
                "due": day(5),
                "repeat": "FREQ=YEARLY",
                "card": "visa-main",
            },
            {
                "id": "1688-service",
                "account": "1688-shop",
                "description": words["service_fee"],
                "amount": "12000",
                "currency": "JPY",
                "due": day(-6),
                "repeat": "FREQ=MONTHLY",
                "card": "mc-old",
            },
            {
                "id": "aliexpress-deposit",
                "account": "aliexpress-store",
                "description": words["deposit"],
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
                "reason": words["sms_only"],
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


# The weekly checks the demo has on record, in weeks before the day it is made for: the data
# folder dates from the first of them.
RECORDED_WEEKS_AGO = (8, 7, 6, 5, 4, 3, 2, 1)


def demo_started(today: dt.date) -> dt.date:
    """The day the demo's data folder pretends to have been made: its first recorded check."""
    return today - dt.timedelta(weeks=RECORDED_WEEKS_AGO[0])


def demo_history(
    profile: Profile, today: dt.date, language: str = "en"
) -> list[tuple[dt.date, Profile]]:
    """`profile` (the sample of `today` in `language`'s words, read) as it stood at each recorded
    weekly check, oldest first: the same accounts, with what has been fixed since still to do,
    so the checks show the way to today's. What has not changed is shared with `profile`."""
    words = _WORDS[language if language in _WORDS else "en"]
    # The listings taken down since, made once: each earlier state has those not yet taken down.
    taken_down = tuple((days_ago, Listing(title=words[key])) for days_ago, key in _TAKEN_DOWN)
    history = []
    for weeks in RECORDED_WEEKS_AGO:
        day = today - dt.timedelta(weeks=weeks)
        history.append((day, _as_it_stood(profile, today, day, taken_down)))
    return history


# What happened when, in days before today. The store sold counterfeit goods; a brand owner's
# complaint brought an IPR penalty (40 days ago) and the restriction two days later. The store
# then stopped rewarding reviews and the listings came down one by one; support was contacted
# the day after the notice and followed up every week; Alibaba.com main moved to an
# authenticator app; the 1688 SMS-only finding was acknowledged once that was known.
_TAKEN_DOWN = (  # days ago, the listing's key in _WORDS
    (5, "watch"),
    (10, "sandals"),
    (17, "tote"),
    (24, "case"),
    (31, "wallet"),
    (39, "belt"),
    (52, "sneakers"),
)
_RESTRICTED = 38
_STOPPED_REVIEW_REWARDS = 39
_CONTACTED = 37
_AUTHENTICATOR = 26
_ACKNOWLEDGED = 24


def _as_it_stood(
    profile: Profile, today: dt.date, day: dt.date, taken_down: tuple[tuple[int, Listing], ...]
) -> Profile:
    """`profile` (the sample of `today`) with everything that happened after `day` undone."""

    def not_yet(days_ago: int) -> bool:
        return day < today - dt.timedelta(days=days_ago)

    accounts = []
    for account in profile.accounts:
        changes: dict[str, Any] = {}
        if account.last_login_on is not None and account.last_login_on > day:
            changes["last_login_on"] = day
        # A review made since: the one before it was a good while earlier.
        for field, gap in (("logins_reviewed_on", 90), ("terms_reviewed_on", 210)):
            reviewed = getattr(account, field)
            if reviewed is not None and reviewed > day:
                changes[field] = reviewed - dt.timedelta(days=gap)
        # Alibaba.com main moved from SMS codes to an authenticator app.
        if account.id == "alibaba-main" and not_yet(_AUTHENTICATOR):
            changes["two_factor"] = TwoFactor(TwoFactorMethod.SMS, backup_codes_saved=False)
        if account.id == "aliexpress-store":
            changes.update(_store_as_it_stood(account, today, day, taken_down))
        accounts.append(replace(account, **changes) if changes else account)
    return profile.changed(
        accounts=tuple(accounts),
        payments=tuple(_payment_as_it_stood(payment, day) for payment in profile.payments),
        # 1688 offers SMS only: acknowledged once that was known.
        acknowledged=() if not_yet(_ACKNOWLEDGED) else profile.acknowledged,
    )


def _store_as_it_stood(
    store: Account, today: dt.date, day: dt.date, taken_down: tuple[tuple[int, Listing], ...]
) -> dict[str, Any]:
    """What was different about the AliExpress store on `day`: its listings, reviews,
    penalties, restriction and recovery case."""

    def not_yet(days_ago: int) -> bool:
        return day < today - dt.timedelta(days=days_ago)

    changes: dict[str, Any] = {
        # Listings it has taken down since, each after the ones taken down later (which takes
        # nothing from the positions of the others).
        "listings": store.listings + tuple(li for ago, li in taken_down if not_yet(ago)),
        "penalties": tuple(p for p in store.penalties if p.date <= day),
    }
    if not_yet(_STOPPED_REVIEW_REWARDS):  # a coupon for every five-star review, until then
        changes["incentivized_reviews"] = True
    if not_yet(_RESTRICTED):  # the restriction and its recovery case came after `day`
        changes.update(status=AccountStatus.ACTIVE, status_since=None, recovery=Recovery())
    elif not_yet(_CONTACTED):  # support was contacted the day after the notice
        changes["recovery"] = replace(
            store.recovery, contacted_support_on=None, last_follow_up_on=None
        )
    else:  # then followed up every week
        follow_ups = [today - dt.timedelta(days=d) for d in range(_CONTACTED - 5, 3, -7)]
        made = [d for d in follow_ups if d <= day]
        changes["recovery"] = replace(store.recovery, last_follow_up_on=max(made, default=None))
    return changes


def _payment_as_it_stood(payment: Payment, day: dt.date) -> Payment:
    """A monthly payment's next due date on `day`: each earlier instalment was paid when due."""
    if payment.repeat != "FREQ=MONTHLY":
        return payment
    due = payment.due
    while add_months(due, -1) >= day:
        due = add_months(due, -1)
    return replace(payment, due=due) if due != payment.due else payment
