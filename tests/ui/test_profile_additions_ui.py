"""Version 1 additions in the editors: recovery, sign-in dates, card holder, 法人番号."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox
from pytestqt.qtbot import QtBot

from accountwatch.core.model import CardHolder
from accountwatch.ui.dialogs.account_editor import AccountEditor
from accountwatch.ui.dialogs.card_editor import CardEditor
from accountwatch.ui.navigation import Target, target_for
from accountwatch.ui.pages.accounts import AccountsPage
from accountwatch.ui.pages.company import CompanyPage
from accountwatch.ui.state import AppState


def open_editor(qtbot: QtBot, state: AppState, account_id: str) -> AccountEditor:
    page = AccountsPage(state, lambda _target: None)
    qtbot.addWidget(page)
    page.show()
    return page.open_editor(account_id)


def type_date(qtbot: QtBot, field, text: str) -> None:  # type: ignore[no-untyped-def]
    field.edit.setFocus()
    field.edit.clear()
    qtbot.keyClicks(field.edit, text)


def save(qtbot: QtBot, editor: AccountEditor) -> None:
    button = editor.buttons.button(QDialogButtonBox.StandardButton.Save)
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def findings(state: AppState, rule: str) -> list[str]:
    assert state.result is not None
    return [f.account for f in state.result.assessment.findings if f.rule == rule]


def test_the_demo_store_shows_its_recovery_case(qtbot: QtBot, demo_state: AppState) -> None:
    editor = open_editor(qtbot, demo_state, "aliexpress-store")
    recovery = editor.recovery
    assert recovery.case_number.text() == "AE-20261024-0387"
    assert recovery.dates["notice_on"].text() == "2026-10-22"
    assert editor.account.status_since.text() == "2026-10-22"


def test_a_follow_up_recorded_today_is_saved_and_clears_the_finding(
    qtbot: QtBot, demo_state: AppState
) -> None:
    editor = open_editor(qtbot, demo_state, "aliexpress-store")
    type_date(qtbot, editor.recovery.dates["last_follow_up_on"], "2026-11-15")
    save(qtbot, editor)
    assert not editor.isVisible()
    assert findings(demo_state, "CON-RECOVERY-STALLED") == ["aliexpress-store"]

    editor = open_editor(qtbot, demo_state, "aliexpress-store")
    qtbot.mouseClick(
        editor.recovery.dates["last_follow_up_on"].today_button, Qt.MouseButton.LeftButton
    )
    save(qtbot, editor)
    account = demo_state.ws.repo.load_profile().account("aliexpress-store")
    assert account is not None
    assert account.recovery.last_follow_up_on == demo_state.today
    assert account.recovery.case_number == "AE-20261024-0387"  # untouched fields survive
    assert findings(demo_state, "CON-RECOVERY-STALLED") == []


def test_a_stalled_recovery_finding_opens_the_recovery_section(
    qtbot: QtBot, demo_state: AppState
) -> None:
    editor = open_editor(qtbot, demo_state, "aliexpress-store")
    type_date(qtbot, editor.recovery.dates["last_follow_up_on"], "2026-11-01")
    save(qtbot, editor)
    assert demo_state.result is not None
    finding = next(
        f for f in demo_state.result.assessment.findings if f.rule == "CON-RECOVERY-STALLED"
    )
    page = AccountsPage(demo_state, lambda _target: None)
    qtbot.addWidget(page)
    page.show()
    page.show_target(target_for(finding))
    editor = page.editor
    assert editor is not None
    assert editor.stack.currentIndex() == editor.sections.index(editor.recovery)
    assert editor.focusWidget() is editor.recovery.dates["contacted_support_on"].edit


def test_a_bad_recovery_date_is_shown_under_its_field_and_nothing_is_saved(
    qtbot: QtBot, demo_state: AppState
) -> None:
    before = demo_state.ws.repo.load_profile()
    editor = open_editor(qtbot, demo_state, "aliexpress-store")
    type_date(qtbot, editor.recovery.dates["last_follow_up_on"], "2026-10-01")
    save(qtbot, editor)
    assert editor.isVisible()
    error = editor.recovery.errors["recovery.last_follow_up_on"]
    assert error.isVisible() and "before the first contact" in error.text()
    assert demo_state.ws.repo.load_profile() == before


def test_sign_in_dates_are_kept(qtbot: QtBot, demo_state: AppState) -> None:
    editor = open_editor(qtbot, demo_state, "alibaba-main")
    type_date(qtbot, editor.sign_in.last_login, "2026-05-01")
    type_date(qtbot, editor.sign_in.exposed_on, "2026-11-28")
    save(qtbot, editor)
    account = demo_state.ws.repo.load_profile().account("alibaba-main")
    assert account is not None
    assert account.last_login_on == dt.date(2026, 5, 1)
    assert account.password_exposed_on == dt.date(2026, 11, 28)
    assert "alibaba-main" in findings(demo_state, "SEC-DORMANT")
    assert "alibaba-main" in findings(demo_state, "SEC-PASSWORD-EXPOSED")


def test_the_card_holder_is_chosen_and_saved(qtbot: QtBot, demo_state: AppState) -> None:
    editor = CardEditor(demo_state, "visa-main")
    qtbot.addWidget(editor)
    editor.open()
    assert editor.holder.currentData() == "company"
    editor.holder.setCurrentIndex(editor.holder.findData(CardHolder.OTHER.value))
    qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)
    card = demo_state.ws.repo.load_profile().card("visa-main")
    assert card is not None and card.holder is CardHolder.OTHER
    assert set(findings(demo_state, "PAY-CARD-NOT-OWN")) == {"alibaba-main", "aliexpress-store"}


def test_the_company_page_checks_the_corporate_number(qtbot: QtBot, demo_state: AppState) -> None:
    page = CompanyPage(demo_state, lambda _t: None)
    qtbot.addWidget(page)
    page.show()
    assert page.edits["postal_code"].text() == "150-0013"
    number = page.edits["corporate_number"]
    assert number.text() == "8011001045678"  # the demo's
    number.setFocus()
    number.clear()
    qtbot.keyClicks(number, "7000012050003")
    qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    assert page.errors["corporate_number"].isVisible()
    assert "check digit" in page.errors["corporate_number"].text()

    number.clear()
    qtbot.keyClicks(number, "7000-01-205-0002")  # separators are dropped
    qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    # A corporation's invoice number is its 法人番号 after the T: the old one no longer fits.
    assert "does not match the corporate number" in page.errors["invoice_number"].text()
    invoice = page.edits["invoice_number"]
    invoice.setFocus()
    invoice.clear()
    qtbot.keyClicks(invoice, "T7000012050002")
    qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    company = demo_state.ws.repo.load_profile().company
    assert company is not None and company.corporate_number == "7000012050002"
    page.show_target(Target(page.page, None, "corporate_number"))
    assert number.text() == "7000012050002"
