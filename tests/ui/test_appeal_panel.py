"""The recovery panel's appeal: a letter that follows the facts, in the desk's language."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QCheckBox
from pytestqt.qtbot import QtBot

from accountwatch.services import checks, editing
from accountwatch.services.workspace import Workspace
from accountwatch.ui.navigation import Page, Target
from accountwatch.ui.pages.findings import FindingsPage
from accountwatch.ui.state import AppState
from accountwatch.ui.tasks import TaskRunner
from accountwatch.ui.widgets.recovery import RecoveryPanel

STORE = "aliexpress-store"
NOW = dt.datetime(2026, 11, 29, 10, 0, tzinfo=dt.UTC)


def restarted(ws: Workspace) -> AppState:
    state = AppState(ws, TaskRunner(synchronous=True), clock=lambda: NOW)
    state.reload()
    return state


def open_page(qtbot: QtBot, state: AppState, navigated: list[Target] | None) -> FindingsPage:
    page = FindingsPage(state, (navigated if navigated is not None else []).append)
    qtbot.addWidget(page)
    page.resize(1280, 860)
    page.show()
    qtbot.waitExposed(page)
    return page


def tick(qtbot: QtBot, check: QCheckBox) -> None:
    check.setFocus()
    qtbot.keyClick(check, Qt.Key.Key_Space)


def open_appeal(
    qtbot: QtBot, state: AppState, navigated: list[Target] | None = None
) -> RecoveryPanel:
    page: FindingsPage = open_page(qtbot, state, navigated)
    page.show_target(Target(Page.FINDINGS, STORE))
    panel = page.recovery_panels[STORE]
    panel.tabs.setCurrentIndex(2)
    assert panel.draft_edit.isVisible()
    return panel


def edit_store(state: AppState, **changes: object) -> None:
    doc = editing.item_document(state.profile, "accounts", STORE)
    doc.update(changes)
    state.apply(lambda ws: editing.put_item(ws, "accounts", doc, replacing=STORE))


def test_the_letter_is_in_the_desks_language_and_can_be_switched(
    qtbot: QtBot, demo_state: AppState, demo_workspace: Workspace
) -> None:
    panel = open_appeal(qtbot, demo_state)
    # AliExpress's desk lists English only: the letter starts in English.
    assert panel.language_box.currentData() == "en"
    letter = panel.draft_edit.toPlainText()
    assert letter.startswith("Subject: Request to lift the restriction on account sakura-store")
    assert "(case AE-20261024-0387)" in letter
    assert panel.language_note.text() == "Written in a language AliExpress support reads."

    panel.language_box.setCurrentIndex(panel.language_box.findData("ja"))
    letter = panel.draft_edit.toPlainText()
    assert letter.startswith(
        "件名：アカウント利用制限解除のお願い（お問い合わせ番号：AE-20261024-0387）"
    )
    assert "いつもお世話になっております。" in letter and "弊社" in letter
    assert "lists English only" in panel.language_note.text()

    # The apology is in by default and goes when unticked; both choices are kept.
    assert panel.apology_check.isChecked() and "お詫び申し上げます" in letter
    tick(qtbot, panel.apology_check)
    assert "お詫び" not in panel.draft_edit.toPlainText()
    panel.save()
    again = open_appeal(qtbot, restarted(demo_workspace))
    assert again.language_box.currentData() == "ja"
    assert not again.apology_check.isChecked()
    assert again.draft_edit.toPlainText().startswith("件名：")


def test_the_letter_follows_what_is_typed_and_what_changes_in_the_profile(
    qtbot: QtBot, demo_state: AppState
) -> None:
    panel = open_appeal(qtbot, demo_state)
    qtbot.keyClicks(panel.reason_edit, "Suspected intellectual property infringement")
    qtbot.keyClicks(panel.actions_edit, "We now check every title before it goes on sale")
    letter = panel.draft_edit.toPlainText()
    assert "“Suspected intellectual property infringement”" in letter
    assert "- We now check every title before it goes on sale." in letter
    assert panel.draft_edit.isReadOnly()  # written from the fields, never typed over

    # A new case number in the account's recovery record rewrites the letter.
    edit_store(
        demo_state,
        recovery={
            **editing.item_document(demo_state.profile, "accounts", STORE)["recovery"],
            "case_number": "AE-1",
        },
    )
    assert "(case AE-1)" in panel.draft_edit.toPlainText()
    # The sender comes from the Company page.
    company = editing.section_document(demo_state.profile, "company")
    company["contact_person"] = "Yuki Tanaka"
    demo_state.apply(lambda ws: editing.put_section(ws, "company", company))
    assert "My name is Yuki Tanaka" in panel.draft_edit.toPlainText()
    assert "Yuki Tanaka" in panel.facts_view.text()


def test_missing_facts_are_named_and_the_links_open_where_they_are_edited(
    qtbot: QtBot, demo_state: AppState
) -> None:
    navigated: list[Target] = []
    panel = open_appeal(qtbot, demo_state, navigated)
    assert "not recorded" not in panel.facts_view.text()
    assert "AE-20261024-0387" in panel.facts_view.text()
    edit_store(demo_state, recovery={})
    assert panel.facts_view.text().count("not recorded") == 2
    assert "[date of the notice]" in panel.draft_edit.toPlainText()

    qtbot.mouseClick(panel.edit_record_button, Qt.MouseButton.LeftButton)
    assert navigated[-1] == Target(Page.ACCOUNTS, STORE, "recovery.notice_on")
    qtbot.mouseClick(panel.edit_sender_button, Qt.MouseButton.LeftButton)
    assert navigated[-1] == Target(Page.COMPANY, None, "contact_person")


def test_copy_and_save_give_the_letter_as_shown(
    qtbot: QtBot, demo_state: AppState, tmp_path: Path
) -> None:
    panel = open_appeal(qtbot, demo_state)
    panel.language_box.setCurrentIndex(panel.language_box.findData("ja"))
    qtbot.mouseClick(panel.copy_button, Qt.MouseButton.LeftButton)
    assert QGuiApplication.clipboard().text() == panel.draft_edit.toPlainText()
    assert panel.copied.text() == "Copied to the clipboard."
    target = tmp_path / "appeal.txt"
    panel.save_draft(str(target))
    assert target.read_text("utf-8") == panel.draft_edit.toPlainText()
    assert panel.copied.text() == f"Saved {target}."
    panel.save_draft(str(tmp_path / "missing" / "appeal.txt"))
    assert panel.copied.text().startswith("Could not write")
    assert ".aw-" not in panel.copied.text()  # the file chosen, not a temporary one
    # A pipe nothing reads from where the letter goes: said at once, not waited on (it hung).
    pipe = tmp_path / "pipe.txt"
    os.mkfifo(pipe)
    panel.save_draft(str(pipe))
    assert panel.copied.text() == f"Could not write {pipe}: it is a pipe nothing reads from"
    assert not pipe.is_file()


def test_listings_withdrawn_since_the_notice_are_told_as_done(
    qtbot: QtBot, demo_state: AppState
) -> None:
    store = demo_state.profile.account(STORE)
    assert store is not None and store.recovery.notice_on is not None
    notice = store.recovery.notice_on
    doc = editing.item_document(demo_state.profile, "accounts", STORE)
    listings = list(doc["listings"])
    edit_store(demo_state, listings=[*listings, {"title": "Luxury steel watch, super copy"}])
    at = dt.datetime.combine(notice - dt.timedelta(days=1), dt.time(9), tzinfo=dt.UTC)
    checks.run_check(demo_state.ws, notice - dt.timedelta(days=1), record=True, now=at)
    panel = open_appeal(qtbot, demo_state)
    assert "We withdrew or corrected" not in panel.draft_edit.toPlainText()
    edit_store(demo_state, listings=listings)  # the watch is withdrawn
    assert (
        "- We withdrew or corrected 1 listing with wording that could be read as counterfeit."
    ) in panel.draft_edit.toPlainText()


def test_in_japanese_the_desk_is_shown_in_japanese_and_the_english_letter_stays_english(
    qtbot: QtBot, demo_state: AppState
) -> None:
    from accountwatch import i18n

    i18n.set_language("ja")
    try:
        panel = open_appeal(qtbot, demo_state)
        contact = panel.contact_view.text()
        assert "AliExpress カスタマーサービス" in contact
        assert "英語" in contact and "English" not in contact
        # AliExpress lists English: the letter is English and names the desk in English.
        assert panel.letter_language() == "en"
        assert "Dear AliExpress customer service team," in panel.draft_edit.toPlainText()
    finally:
        i18n.set_language("en")


def test_a_card_number_in_a_text_is_refused_naming_that_text(
    qtbot: QtBot, demo_state: AppState, tmp_path: Path
) -> None:
    panel = open_appeal(qtbot, demo_state)
    qtbot.keyClicks(panel.explanation_edit, "We paid with 4111 1111 1111 1111.")
    panel.save()

    shown = panel.error.text()
    assert shown.startswith("Not saved: “Your explanation” looks like a full card number")
    assert "4111" not in shown
    assert panel.window().focusWidget() is panel.explanation_edit  # the window is not active
    # The letter holds the explanation: saving it is refused in the same words, for the letter.
    target = tmp_path / "appeal.txt"
    panel.save_draft(str(target))
    assert panel.copied.text().startswith(
        f"Could not write {target}: the letter looks like a full card number"
    )
    assert not target.exists()

    # The support desk's fields are named as well.
    panel._edit_contact()
    panel.contact_fields["languages"].setText("4111, 1111, 1111, 1111")
    panel._save_contact()
    assert panel.error.text().startswith("Not saved: “Languages” looks like a full card number")
    assert panel.window().focusWidget() is panel.contact_fields["languages"]
