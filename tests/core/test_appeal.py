"""The appeal letter: Japanese business-mail form, the English letter, the language choice."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import re
import tomllib
from importlib import resources

import pytest

from accountwatch.core import appeal
from accountwatch.core.appeal import (
    AppealFacts,
    Fix,
    Part,
    draft,
    english_date,
    fix_sentence,
    japanese_date,
    letter_language,
    missing_facts,
)
from accountwatch.core.catalogue import rule_ids
from accountwatch.core.demo import demo_profile
from accountwatch.core.model import Account, AccountStatus, CompanyRecord, Platform, Recovery
from accountwatch.core.profile_io import parse_profile
from accountwatch.core.recovery import Attachment, Contact, shipped_contacts

DAY = dt.date(2026, 11, 29)


def demo_store_facts(**changes: object) -> AppealFacts:
    """The demo's restricted AliExpress store, with what a user would fill in."""
    profile, _secrets = parse_profile(json.dumps(demo_profile(DAY)).encode())
    store = next(a for a in profile.accounts if a.id == "aliexpress-store")
    facts = AppealFacts(
        account=store,
        company=dataclasses.replace(
            profile.company or CompanyRecord(), corporate_number="5010401089998"
        ),
        contact=shipped_contacts()[Platform.ALIEXPRESS],
        reason="Suspected intellectual property infringement",
        explanation="A supplier's product title used a brand name we are not licensed to use.",
        fixes=(Fix("CON-PROHIBITED-LISTING", 2), Fix("CON-BRAND-LISTING", 2), Fix("PAY-DUE-SOON")),
        actions=("出品前に商品名を二人で確認する体制にしました",),
        attachments=frozenset({Attachment.TRANSACTIONS, Attachment.IDENTITY}),
    )
    return dataclasses.replace(facts, **changes)  # type: ignore[arg-type]


def in_order(text: str, *pieces: str) -> None:
    at = 0
    for piece in pieces:
        found = text.find(piece, at)
        assert found >= 0, f"{piece!r} missing after position {at}:\n{text}"
        at = found + len(piece)


def test_the_japanese_letter_has_every_part_of_a_business_mail_in_order() -> None:
    facts = demo_store_facts()
    notice_on = facts.account.recovery.notice_on
    assert notice_on == dt.date(2026, 10, 22)
    text = draft(facts, "ja").text
    in_order(
        text,
        "件名：アカウント利用制限解除のお願い（お問い合わせ番号：AE-20261024-0387）",
        "AliExpressカスタマーサポート ご担当者様",
        "いつもお世話になっております。",
        "さくら貿易株式会社のKenji Itoと申します。",
        "2026年10月22日(木)付けで、弊社のAliExpressアカウント（ログインID：sakura-store）",
        "利用制限のご通知をいただきました（お問い合わせ番号：AE-20261024-0387）。",
        "法人番号：5010401089998",
        "「Suspected intellectual property infringement」",
        "A supplier's product title used a brand name",
        "・偽造品と受け取られるおそれのある表記を含む出品2件を、取り下げまたは修正いたしました。",
        "・使用許諾のないブランド名を含む出品2件を、取り下げまたは修正いたしました。",
        "・出品前に商品名を二人で確認する体制にしました。",
        "深くお詫び申し上げます。",
        "利用制限を解除していただけますようお願い申し上げます。",
        "・本人確認書類（パスポートまたは運転免許証）\n・取引履歴",
        "何卒よろしくお願い申し上げます。",
        "さくら貿易株式会社\n担当：Kenji Ito\n電話：03-1234-5680\n",
        "メール：info@sakura-trading.example",
    )
    assert "私" not in text and "謹んで" not in text
    assert text.count("よろしくお願い申し上げます") == 1
    # What was done says what was done; a rule with no action to report adds nothing.
    assert len(re.findall(r"^・", text, re.MULTILINE)) == 5
    assert "弊社" in draft(facts, "ja").part(Part.NOTICE)
    # Contacts with support from the account's recovery record.
    assert "なお、2026年10月23日(金)に貴社サポート窓口へご連絡し、" in text


def test_a_frozen_account_asks_for_its_unfreezing() -> None:
    facts = demo_store_facts()
    frozen = dataclasses.replace(facts.account, status=AccountStatus.FROZEN)
    letter = draft(dataclasses.replace(facts, account=frozen), "ja")
    assert (
        letter.subject == "件名：アカウント凍結解除のお願い（お問い合わせ番号：AE-20261024-0387）"
    )
    assert "凍結を解除していただけますよう" in letter.text
    assert "利用制限" not in letter.text
    english = draft(dataclasses.replace(facts, account=frozen), "en")
    assert (
        english.subject
        == "Subject: Request to unfreeze account sakura-store (case AE-20261024-0387)"
    )


def test_the_english_letter_says_the_same_facts_in_business_english() -> None:
    text = draft(demo_store_facts(), "en").text
    in_order(
        text,
        "Subject: Request to lift the restriction on account sakura-store (case AE-20261024-0387)",
        "Dear AliExpress customer service team,",
        "writing on behalf of Sakura Trading K.K. about our AliExpress account,",
        "login ID sakura-store",
        "On 22 October 2026 we received your notice that the account has been restricted",
        "(case AE-20261024-0387)",
        "Corporate number: 5010401089998",
        "“Suspected intellectual property infringement”",
        "- We withdrew or corrected 2 listings with wording that could be read as counterfeit.",
        "- We withdrew or corrected 2 listings with brand names we are not authorised to use.",
        "We sincerely apologise",
        "lift the restriction on the account",
        "- Identity document (passport or driving licence)\n- Transaction history",
        "Kind regards,",
        "Kenji Ito\nSakura Trading K.K.\nPhone: +81-3-1234-5680",
        "2-5-8 Ebisu, Shibuya-ku, Tokyo 150-0013, Japan",
    )
    assert text.count("Kind regards") == 1
    assert not re.search(
        r"[\u3040-\u30ff]", text.replace("出品前に商品名を二人で確認する体制にしました", "")
    )


def test_a_sender_named_in_kanji_is_a_blank_in_latin_letters_in_the_english_letter() -> None:
    facts = demo_store_facts()
    assert facts.company is not None
    kanji = dataclasses.replace(facts.company, contact_person="伊藤 健二")
    english = draft(dataclasses.replace(facts, company=kanji), "en").text
    assert "伊藤" not in english
    assert "My name is [your name in Latin letters], and I am writing" in english
    assert "Kind regards,\n\n[your name in Latin letters]\nSakura Trading K.K." in english
    # The Japanese letter still signs with the name as recorded.
    assert "伊藤 健二" in draft(dataclasses.replace(facts, company=kanji), "ja").text
    assert appeal.in_latin_letters("Kenji Ito") and appeal.in_latin_letters("Jürgen Müller")
    assert not appeal.in_latin_letters("伊藤 Kenji") and not appeal.in_latin_letters("")


@pytest.mark.parametrize("language", ["ja", "en"])
def test_the_apology_is_there_only_when_chosen(language: str) -> None:
    with_it = draft(demo_store_facts(apology=True), language)
    without = draft(demo_store_facts(apology=False), language)
    assert with_it.part(Part.APOLOGY)
    assert without.part(Part.APOLOGY) == ""
    assert "お詫び" not in without.text and "apologise" not in without.text
    assert [p for p, _t in with_it.parts if p != Part.APOLOGY] == [p for p, _t in without.parts]


def test_the_language_follows_the_support_desk() -> None:
    assert letter_language(Contact(languages=("en",))) == "en"
    assert letter_language(Contact(languages=("en", "ja"))) == "ja"
    assert letter_language(Contact(languages=("ja",)), "en") == "ja"
    assert letter_language(Contact(languages=("zh",)), "en") == "en"
    assert letter_language(Contact(), "ja") == "ja"
    shipped = shipped_contacts()
    assert letter_language(shipped[Platform.ALIEXPRESS]) == "en"
    assert letter_language(shipped[Platform.ALIBABA]) == "ja"
    assert letter_language(shipped[Platform.P1688]) == "ja"


def test_what_is_missing_shows_as_a_blank_to_fill_and_is_listed() -> None:
    bare = AppealFacts(
        account=Account(
            id="x", login_id="buyer-1", platform=Platform.P1688, status=AccountStatus.FROZEN
        )
    )
    assert missing_facts(bare) == ["notice_on", "case_number", "sender", "phone"]
    japanese = draft(bare, "ja").text
    for blank in (
        "【会社名】",
        "【担当者名】",
        "【ご通知の日付】",
        "【電話番号】",
        "【ご通知に記載された理由",
    ):
        assert blank in japanese
    assert "お問い合わせ番号" not in japanese and "■ 弊社の対応" not in japanese
    english = draft(bare, "en").text
    for blank in ("[company name]", "[your name]", "[date of the notice]", "[phone number]"):
        assert blank in english
    assert "What we have done" not in english and "Attachments" not in english
    complete = demo_store_facts()
    assert missing_facts(complete) == []


def test_the_other_attachment_uses_the_users_words_and_reasons_quote_line_by_line() -> None:
    facts = demo_store_facts(
        attachments=frozenset({Attachment.OTHER, Attachment.SCREENSHOTS}),
        other_attachment="ブランドの使用許諾書",
        reason="Line one\n\nLine two",
    )
    japanese = draft(facts, "ja").text
    assert "■ 添付資料\n・スクリーンショット\n・ブランドの使用許諾書" in japanese
    assert "■ ご通知の理由\n「Line one」\n「Line two」" in japanese


def test_dates_phones_and_sentences() -> None:
    assert japanese_date(dt.date(2026, 12, 7)) == "2026年12月7日(月)"
    assert english_date(dt.date(2026, 12, 7)) == "7 December 2026"
    assert fix_sentence(Fix("CON-PROHIBITED-LISTING", 1), "en") == (
        "We withdrew or corrected 1 listing with wording that could be read as counterfeit."
    )
    assert fix_sentence(Fix("SEC-2FA-OFF"), "ja") == "二段階認証を設定しました。"
    assert fix_sentence(Fix("CON-ACCOUNT-RESTRICTED"), "ja") is None
    # Contacts with support: one day, or the first and the latest.
    once = demo_store_facts()
    record = Recovery(notice_on=dt.date(2026, 11, 2), contacted_support_on=dt.date(2026, 11, 3))
    account = dataclasses.replace(once.account, recovery=record)
    text = draft(dataclasses.replace(once, account=account), "ja").text
    assert "なお、2026年11月3日(火)に貴社サポート窓口へご連絡しております。" in text
    assert "お問い合わせ番号" not in text
    english = draft(dataclasses.replace(once, account=account), "en").text
    assert "We contacted your support team about this on 3 November 2026." in english


def test_a_japanese_address_and_a_landline_read_the_japanese_way() -> None:
    company = CompanyRecord(
        name="Sakura Trading K.K.",
        name_local="さくら貿易株式会社",
        postal_code="150-0013",
        region="東京都",
        address="渋谷区恵比寿2-5-8",
        contact_person="佐藤 花子",
        contact_phone="+81 3-1234-5678",
        country="JP",
    )
    facts = demo_store_facts(company=company)
    japanese = draft(facts, "ja").text
    assert "〒150-0013 東京都渋谷区恵比寿2-5-8" in japanese
    assert "電話：03-1234-5678" in japanese
    assert "さくら貿易株式会社の佐藤 花子と申します。" in japanese
    # No sender recorded: the representative signs.
    signed = draft(
        demo_store_facts(
            company=dataclasses.replace(company, contact_person="", representative="山田 太郎")
        ),
        "ja",
    )
    assert "担当：山田 太郎" in signed.text


def test_the_japanese_letter_uses_the_glossarys_words() -> None:
    glossary = tomllib.loads(
        (resources.files("accountwatch") / "resources" / "glossary.toml").read_text("utf-8")
    )
    # Every rule the letter has a sentence for is a rule of the catalogue (none misspelled).
    assert set(appeal._DONE) | set(appeal._LISTING_WHAT) <= set(rule_ids())
    assert len(_every_fixed_rule()) == len(set(appeal._DONE) | set(appeal._LISTING_WHAT))
    text = draft(demo_store_facts(fixes=tuple(Fix(rule) for rule in _every_fixed_rule())), "ja")
    for term in glossary["term"]:
        for variant in term["forbidden"]:
            assert not re.search(variant, text.text), (variant, term["ja"])


def _every_fixed_rule() -> list[str]:
    return [rule for rule in rule_ids() if fix_sentence(Fix(rule), "ja") is not None]
