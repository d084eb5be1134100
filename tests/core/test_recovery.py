"""Recovery help: the article's steps and shipped support contacts (the letter: test_appeal)."""

from __future__ import annotations

from accountwatch.core.model import Account, AccountStatus, Platform
from accountwatch.core.recovery import (
    STEPS,
    Contact,
    contact_from,
    needs_recovery,
    parse_contacts,
    shipped_contact,
    shipped_contacts,
)

STORE = Account(
    id="aliexpress-store",
    login_id="sakura-store",
    platform=Platform.ALIEXPRESS,
    label="AliExpress store",
    email="store@sakura-trading.example",
    status=AccountStatus.RESTRICTED,
)


def test_the_steps_follow_the_article_in_order() -> None:
    assert [s.id for s in STEPS] == [
        "read-notice",
        "review-actions",
        "gather-evidence",
        "contact-support",
        "follow-up",
    ]
    contact = next(s for s in STEPS if s.id == "contact-support")
    for word in ("account ID", "reason", "explanation", "restore", "identity document"):
        assert word in contact.detail


def test_only_restricted_or_frozen_accounts_need_recovery() -> None:
    assert needs_recovery(STORE)
    assert needs_recovery(Account(id="a", login_id="x", status=AccountStatus.FROZEN))
    assert not needs_recovery(Account(id="a", login_id="x"))


def test_shipped_contacts_keep_the_articles_address_exactly() -> None:
    contacts = shipped_contacts()
    assert set(contacts) == set(Platform)
    alibaba = contacts[Platform.ALIBABA]
    assert alibaba.email == "alibabajapan.inqurity@alibaba-inc.jp"
    assert "ja" in alibaba.languages
    assert contacts[Platform.P1688].email == "alibabajapan.inqurity@alibaba-inc.jp"
    for contact in contacts.values():
        assert contact.name
        assert contact.url == "" or contact.url.startswith("https://")
        assert contact.email or "help centre" in contact.notes


def test_contacts_parse_leniently() -> None:
    parsed = parse_contacts(
        '[platforms."1688"]\nname = " Desk "\nlanguages = ["ja", 3, ""]\nemail = 5\n'
        '[platforms."nowhere"]\nname = "skipped"\n'
    )
    assert parsed == {Platform.P1688: Contact(name="Desk", languages=("ja",))}
    assert contact_from({"languages": "ja"}).languages == ()


def test_shipped_contacts_speak_the_users_language_and_never_cite_a_source() -> None:
    from accountwatch import i18n

    english = shipped_contacts()
    i18n.set_language("ja")
    try:
        japanese = shipped_contacts()
    finally:
        i18n.set_language("en")
    assert japanese[Platform.ALIBABA].name == "アリババ日本 カスタマーサポート"
    assert "日本語" in japanese[Platform.ALIBABA].notes
    assert english[Platform.ALIBABA].name == "Alibaba Japan customer support"
    for contacts in (english, japanese):
        for contact in contacts.values():
            # Users have not read the article the facts come from: no note may cite it.
            assert "article" not in contact.notes.lower() and "記事" not in contact.notes
        # The address is the same whatever the language.
        assert contacts[Platform.ALIBABA].email == "alibabajapan.inqurity@alibaba-inc.jp"
    assert shipped_contact(Platform.ALIEXPRESS, "en").name == "AliExpress customer service"


def test_a_contacts_language_variant_falls_back_to_the_plain_field() -> None:
    table = {"name": "Desk", "name_ja": "窓口", "notes": "Open 9–17", "notes_ja": " "}
    assert contact_from(table, "ja") == contact_from({"name": "窓口", "notes": "Open 9–17"})
    assert contact_from(table).name == "Desk"
