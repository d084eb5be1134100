"""Recovery help: the article's steps, shipped support contacts and the draft appeal."""

from __future__ import annotations

from accountwatch.core.model import Account, AccountStatus, Platform
from accountwatch.core.recovery import (
    STEPS,
    Attachment,
    Contact,
    actions_taken,
    contact_from,
    draft_appeal,
    needs_recovery,
    parse_contacts,
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


def test_the_draft_names_the_account_and_carries_everything_typed() -> None:
    text = draft_appeal(
        STORE,
        reason="Listing infringes a registered trademark.",
        explanation="I did not know the word was a brand; I removed the listing at once.",
        actions=["Removed listing 2", "", "Enabled two-step verification"],
        attachments=[Attachment.TRANSACTIONS, Attachment.IDENTITY],
        company="Sakura Trading K.K.",
    )
    assert text.startswith("Subject: Request to restore account sakura-store (AliExpress)")
    assert "Dear AliExpress customer support team," in text
    assert "has been restricted" in text
    assert "> Listing infringes a registered trademark." in text
    assert "I did not know the word was a brand" in text
    assert "- Removed listing 2\n- Enabled two-step verification" in text
    assert "restore the account" in text
    # Attachments in a fixed order, whatever order they were ticked in.
    assert (
        "Attached:\n- Identity document (passport or driving licence)\n- Transaction history"
    ) in text
    assert "Screenshots" not in text
    assert text.rstrip().endswith(
        "Sakura Trading K.K.\nAccount ID: sakura-store (AliExpress)\nstore@sakura-trading.example"
    )


def test_missing_pieces_become_reminders_not_silence() -> None:
    frozen = Account(
        id="x", login_id="buyer-1", platform=Platform.P1688, status=AccountStatus.FROZEN
    )
    text = draft_appeal(frozen, reason="  ", explanation="")
    assert "has been frozen" in text
    assert "[Quote the reason stated in the notice.]" in text
    assert "[Explain whether you knew of a violation" in text
    assert "What I have done since" not in text
    assert "Attached:" not in text


def test_the_other_attachment_uses_the_users_words() -> None:
    text = draft_appeal(
        STORE,
        reason="r",
        explanation="e",
        attachments=[Attachment.OTHER, Attachment.SCREENSHOTS],
        other_attachment="Brand authorisation letter",
    )
    assert "Attached:\n- Screenshots\n- Brand authorisation letter" in text


def test_a_multi_line_reason_is_quoted_line_by_line() -> None:
    text = draft_appeal(STORE, reason="Line one\n\nLine two", explanation="e")
    assert "> Line one\n>\n> Line two" in text


def test_actions_taken_from_resolved_and_acknowledged_findings() -> None:
    lines = actions_taken(
        ["Card ending in 5100 expired.", "Card ending in 5100 expired.", " "],
        [("Codes by SMS.", "SMS only on 1688"), ("Unreviewed.", "")],
    )
    assert lines == [
        "Resolved: Card ending in 5100 expired.",
        "Reviewed: Codes by SMS. (SMS only on 1688)",
        "Reviewed: Unreviewed.",
    ]


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
