"""The Accounts page and the account editor, driven like a user: typing, clicking, saving."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox, QMessageBox, QWidget
from pytestqt.qtbot import QtBot

from accountwatch.core.findings import Finding
from accountwatch.ui.dialogs.account_editor import AccountEditor
from accountwatch.ui.dialogs.account_section import Section
from accountwatch.ui.navigation import Target, target_for
from accountwatch.ui.pages.accounts import AccountsPage
from accountwatch.ui.state import AppState

CARD_NUMBER = "4111 1111 1111 1111"


def make_page(qtbot: QtBot, state: AppState) -> AccountsPage:
    page = AccountsPage(state, lambda _target: None)
    qtbot.addWidget(page)
    page.resize(1000, 600)
    page.show()
    return page


def table(page: AccountsPage) -> dict[str, list[str]]:
    """What the table shows, by account id, in the visible (sorted) order."""
    model = page.table.model()
    return {
        str(model.index(r, 0).data(Qt.ItemDataRole.UserRole + 2)): [
            str(model.index(r, c).data()) for c in range(model.columnCount())
        ]
        for r in range(model.rowCount())
    }


def rules(state: AppState, account_id: str) -> set[str]:
    assert state.result is not None
    result = state.result.assessment.account(account_id)
    return {f.rule for f in result.findings} if result else set()


def go(qtbot: QtBot, editor: AccountEditor, section: Section) -> None:
    """Click the section in the editor's list."""
    row = editor.sections.index(section)
    rect = editor.nav.visualItemRect(editor.nav.item(row))
    qtbot.mouseClick(editor.nav.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert editor.stack.currentIndex() == row


def type_into(qtbot: QtBot, widget: QWidget, text: str) -> None:
    widget.setFocus()
    qtbot.keyClicks(widget, text)


def replace_text(qtbot: QtBot, widget: QWidget, text: str) -> None:
    widget.setFocus()
    qtbot.keyClick(widget, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(widget, Qt.Key.Key_Delete)
    qtbot.keyClicks(widget, text)


def save(qtbot: QtBot, editor: AccountEditor) -> None:
    button = editor.buttons.button(QDialogButtonBox.StandardButton.Save)
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def test_empty_profile_shows_the_empty_state(qtbot: QtBot, state: AppState) -> None:
    page = make_page(qtbot, state)
    assert page.views.currentWidget() is page.empty
    assert page.empty_add.isVisible()
    assert not page.edit_button.isEnabled() and not page.delete_button.isEnabled()


def test_adding_an_account_by_typing_shows_it_with_its_findings(
    qtbot: QtBot, state: AppState
) -> None:
    page = make_page(qtbot, state)
    qtbot.mouseClick(page.empty_add, Qt.MouseButton.LeftButton)
    editor = page.editor
    assert editor is not None and editor.isVisible()

    type_into(qtbot, editor.account.label, "AliExpress outlet")
    assert editor.account.id.text() == "aliexpress-outlet"  # the id follows the label
    platform = editor.account.platform
    platform.setCurrentIndex(platform.findData("aliexpress"))
    go(qtbot, editor, editor.sign_in)
    assert editor.two_factor.set_up_button.isEnabled()  # also before the first save
    type_into(qtbot, editor.sign_in.login_id, "sakura-outlet")
    save(qtbot, editor)

    assert not editor.isVisible()
    rows = table(page)
    assert rows["aliexpress-outlet"][:6] == [
        "AliExpress outlet",
        "AliExpress",
        "Buyer",
        "Off",
        "Not checked",
        "Active",
    ]
    assert "risk" in rows["aliexpress-outlet"][6]
    assert page.selected_id() == "aliexpress-outlet"
    account = state.profile.account("aliexpress-outlet")
    assert account is not None and account.login_id == "sakura-outlet"
    assert {"SEC-2FA-OFF", "SEC-PASSWORD-UNCHECKED"} <= rules(state, "aliexpress-outlet")


def test_a_missing_login_id_is_shown_under_its_field(qtbot: QtBot, state: AppState) -> None:
    page = make_page(qtbot, state)
    editor = page.open_editor(None)
    type_into(qtbot, editor.account.label, "Shop")
    save(qtbot, editor)

    assert editor.isVisible()
    error = editor.sign_in.errors["login_id"]
    assert error.isVisible() and "required" in error.text()
    assert editor.stack.currentIndex() == editor.sections.index(editor.sign_in)
    assert editor.focusWidget() is editor.sign_in.login_id
    assert state.profile.accounts == ()


def conduct_of_the_main_account(qtbot: QtBot, state: AppState) -> AccountEditor:
    """The editor of the main Alibaba account, on its conduct section."""
    editor = make_page(qtbot, state).open_editor("alibaba-main")
    go(qtbot, editor, editor.conduct)
    return editor


def test_a_bad_date_is_refused_inline_and_nothing_is_saved(
    qtbot: QtBot, demo_state: AppState
) -> None:
    before = demo_state.profile
    editor = conduct_of_the_main_account(qtbot, demo_state)
    replace_text(qtbot, editor.conduct.logins_reviewed_on.edit, "2026-02-30")
    save(qtbot, editor)

    assert editor.isVisible()
    error = editor.conduct.errors["logins_reviewed_on"]
    assert error.isVisible()
    assert "'2026-02-30' is not a valid date (YYYY-MM-DD)" in error.text()
    assert editor.focusWidget() is editor.conduct.logins_reviewed_on.edit
    assert demo_state.profile == before
    assert demo_state.ws.repo.load_profile() == before


def test_a_full_card_number_in_the_label_is_refused(qtbot: QtBot, demo_state: AppState) -> None:
    page = make_page(qtbot, demo_state)
    before = demo_state.profile
    editor = page.open_editor("alibaba-main")
    go(qtbot, editor, editor.conduct)  # the error must bring the user back to the label
    editor.account.label.setFocus()
    qtbot.keyClicks(editor.account.label, " " + CARD_NUMBER)
    save(qtbot, editor)

    error = editor.account.errors["label"]
    assert error.isVisible()
    assert "only the last 4 digits of a card are kept" in error.text()
    assert CARD_NUMBER not in error.text()
    assert editor.stack.currentIndex() == editor.sections.index(editor.account)
    assert demo_state.ws.repo.load_profile() == before


def test_a_card_number_split_over_the_authorized_brands_is_refused(
    qtbot: QtBot, demo_state: AppState
) -> None:
    # The field is split at its commas: no brand alone is a card number, the list is.
    before = demo_state.profile
    editor = conduct_of_the_main_account(qtbot, demo_state)
    editor.conduct.brands.setText("4111, 1111, 1111, 1111")
    save(qtbot, editor)

    error = editor.conduct.errors["authorized_brands"]
    assert error.isVisible() and "only the last 4 digits" in error.text()
    assert "4111" not in error.text()
    assert editor.isVisible()
    assert demo_state.ws.repo.load_profile() == before


def test_a_text_longer_than_qts_default_line_is_kept_whole(
    qtbot: QtBot, demo_state: AppState
) -> None:
    # Qt cuts a line edit at 32,767 characters without a word; an import keeps any length.
    page = make_page(qtbot, demo_state)
    editor = page.open_editor("alibaba-main")
    editor.account.label.setText("L" * 100_000)
    save(qtbot, editor)
    qtbot.waitUntil(lambda: not demo_state.tasks.pending, timeout=10_000)
    stored = demo_state.ws.repo.load_profile().account("alibaba-main")
    assert stored is not None and stored.label == "L" * 100_000


def test_the_company_on_file_is_compared_and_copied_from_the_company(
    qtbot: QtBot, demo_state: AppState
) -> None:
    page = make_page(qtbot, demo_state)
    assert "REG-MISMATCH" in rules(demo_state, "alibaba-main")
    editor = page.open_editor("alibaba-main")
    go(qtbot, editor, editor.company)
    company = editor.company
    assert "differs" in company.matches["address"].text()
    assert "same" in company.matches["name"].text()

    qtbot.mouseClick(company.copy_button, Qt.MouseButton.LeftButton)
    assert company.edits["address"].text() == "2-5-8 Ebisu, Shibuya-ku, Tokyo"
    assert "same" in company.matches["address"].text()
    save(qtbot, editor)

    assert not editor.isVisible()
    assert "REG-MISMATCH" not in rules(demo_state, "alibaba-main")
    account = demo_state.profile.account("alibaba-main")
    assert account is not None and account.registered_company is not None
    assert account.registered_company.address == "2-5-8 Ebisu, Shibuya-ku, Tokyo"


def test_a_missing_field_on_file_is_marked_missing(qtbot: QtBot, demo_state: AppState) -> None:
    page = make_page(qtbot, demo_state)
    editor = page.open_editor("1688-shop")
    assert "missing" in editor.company.matches["email"].text()


def test_fields_the_editor_does_not_touch_survive_a_save(
    qtbot: QtBot, demo_state: AppState
) -> None:
    page = make_page(qtbot, demo_state)
    before = demo_state.profile.account("aliexpress-store")
    editor = page.open_editor("aliexpress-store")
    save(qtbot, editor)

    assert not editor.isVisible()
    assert demo_state.profile.account("aliexpress-store") == before


def test_a_penalty_without_a_date_is_reported_by_row(qtbot: QtBot, demo_state: AppState) -> None:
    page = make_page(qtbot, demo_state)
    editor = page.open_editor("alibaba-main")
    go(qtbot, editor, editor.penalties)
    qtbot.mouseClick(editor.penalties.add_button, Qt.MouseButton.LeftButton)
    save(qtbot, editor)

    assert editor.isVisible()
    assert "Row 1, date: required" in editor.penalties.error.text()
    assert editor.stack.currentIndex() == editor.sections.index(editor.penalties)
    account = demo_state.profile.account("alibaba-main")
    assert account is not None and account.penalties == ()


def test_a_finding_opens_the_editor_on_the_field_that_fixes_it(
    qtbot: QtBot, demo_state: AppState
) -> None:
    page = make_page(qtbot, demo_state)
    assert demo_state.result is not None
    finding: Finding = next(
        f for f in demo_state.result.assessment.findings if f.rule == "SEC-2FA-OFF"
    )
    page.show_target(target_for(finding))

    editor = page.editor
    assert editor is not None and editor.isVisible()
    assert editor.account_id == finding.account == page.selected_id()
    assert editor.stack.currentIndex() == editor.sections.index(editor.two_factor)
    assert editor.focusWidget() is editor.two_factor.method


@pytest.mark.parametrize(
    ("field", "section"),
    [
        ("registered_company", "company"),
        ("listings", "listings"),
        ("penalties", "penalties"),
        ("payment_methods", "payment_methods"),
        ("password", "sign_in"),
        ("password_changed_on", "sign_in"),
        ("status", "account"),
        ("cancellations_90d", "conduct"),
        ("incentivized_reviews", "conduct"),
        ("two_factor.backup_codes_saved", "two_factor"),
    ],
)
def test_every_field_a_finding_names_has_its_section(
    qtbot: QtBot, demo_state: AppState, field: str, section: str
) -> None:
    page = make_page(qtbot, demo_state)
    page.show_target(Target(page.page, "1688-shop", field))
    editor = page.editor
    assert editor is not None
    assert editor.stack.currentIndex() == editor.sections.index(getattr(editor, section))


def test_enter_on_a_row_opens_its_editor(qtbot: QtBot, demo_state: AppState) -> None:
    page = make_page(qtbot, demo_state)
    page.select("1688-shop")
    qtbot.keyClick(page.table, Qt.Key.Key_Return)
    assert page.editor is not None and page.editor.account_id == "1688-shop"


def test_rows_are_sorted_by_risk_first(qtbot: QtBot, demo_state: AppState) -> None:
    page = make_page(qtbot, demo_state)
    assert demo_state.result is not None
    scores = [r.score for r in demo_state.result.assessment.accounts]
    shown = [int(row[6].split(" ")[0]) for row in table(page).values()]
    assert shown == sorted(scores, reverse=True)


def test_deleting_an_account_removes_it_and_its_payments(
    qtbot: QtBot, demo_state: AppState, monkeypatch: pytest.MonkeyPatch
) -> None:
    page = make_page(qtbot, demo_state)
    asked: list[str] = []

    def answer_yes(*args: object, **_kwargs: object) -> QMessageBox.StandardButton:
        asked.append(str(args[2]))
        return QMessageBox.StandardButton.Yes

    monkeypatch.setattr(QMessageBox, "question", answer_yes)
    assert demo_state.profile.payments_of("1688-shop")
    page.select("1688-shop")
    qtbot.mouseClick(page.delete_button, Qt.MouseButton.LeftButton)

    assert "1688 仕入れ用" in asked[0] and "payment" in asked[0]
    assert "1688-shop" not in table(page)
    assert demo_state.profile.account("1688-shop") is None
    assert all(p.account != "1688-shop" for p in demo_state.profile.payments)
    assert demo_state.ws.repo.load_profile().account("1688-shop") is None
