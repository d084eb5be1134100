"""No edit is lost without asking: editors, the Company and Settings pages, and quitting."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget
from pytestqt.qtbot import QtBot

from accountwatch.ui.dialogs.account_editor import AccountEditor
from accountwatch.ui.dialogs.card_editor import CardEditor
from accountwatch.ui.main_window import MainWindow
from accountwatch.ui.navigation import Page
from accountwatch.ui.pages.company import CompanyPage
from accountwatch.ui.pages.settings import SettingsPage
from accountwatch.ui.state import AppState

Button = QMessageBox.StandardButton


def answer_next_question(qtbot: QtBot, button: Button, asked: list[str]) -> None:
    """Click `button` in the next message box that opens, noting its text in `asked`."""

    def click() -> None:
        box = QApplication.activeModalWidget()
        assert isinstance(box, QMessageBox)
        asked.append(box.text())
        qtbot.mouseClick(box.button(button), Qt.MouseButton.LeftButton)

    QTimer.singleShot(0, click)


def leave_without_saving(qtbot: QtBot, widget: QWidget) -> None:
    """Close `widget` discarding its edits (left open, it would ask again at teardown)."""
    answer_next_question(qtbot, Button.Discard, [])
    assert widget.close()


def open_editor(qtbot: QtBot, state: AppState) -> AccountEditor:
    editor = AccountEditor(state, "alibaba-main")
    qtbot.addWidget(editor)
    editor.open()
    return editor


def label_of(state: AppState, account_id: str) -> str:
    account = state.profile.account(account_id)
    assert account is not None
    return account.label


def test_esc_in_an_unchanged_editor_closes_it_without_asking(
    qtbot: QtBot, demo_state: AppState
) -> None:
    editor = open_editor(qtbot, demo_state)
    qtbot.keyClick(editor, Qt.Key.Key_Escape)
    assert not editor.isVisible()


def test_esc_with_unsaved_edits_asks_and_cancel_keeps_them(
    qtbot: QtBot, demo_state: AppState
) -> None:
    editor = open_editor(qtbot, demo_state)
    qtbot.keyClicks(editor.account.label, " (EU)")
    asked: list[str] = []
    answer_next_question(qtbot, Button.Cancel, asked)
    qtbot.keyClick(editor, Qt.Key.Key_Escape)
    assert asked and "Alibaba.com main" in asked[0]
    assert editor.isVisible()
    assert editor.account.label.text() == "Alibaba.com main (EU)"
    assert label_of(demo_state, "alibaba-main") == "Alibaba.com main"
    leave_without_saving(qtbot, editor)


def test_closing_with_unsaved_edits_can_save_them(qtbot: QtBot, demo_state: AppState) -> None:
    editor = open_editor(qtbot, demo_state)
    qtbot.keyClicks(editor.account.label, " (EU)")
    answer_next_question(qtbot, Button.Save, [])
    editor.close()
    assert not editor.isVisible()
    assert label_of(demo_state, "alibaba-main") == "Alibaba.com main (EU)"


def test_discard_closes_and_saves_nothing(qtbot: QtBot, demo_state: AppState) -> None:
    editor = open_editor(qtbot, demo_state)
    qtbot.keyClicks(editor.account.label, " (EU)")
    answer_next_question(qtbot, Button.Discard, [])
    qtbot.keyClick(editor, Qt.Key.Key_Escape)
    assert not editor.isVisible()
    assert label_of(demo_state, "alibaba-main") == "Alibaba.com main"


def test_a_card_editor_with_edits_asks_too(qtbot: QtBot, demo_state: AppState) -> None:
    card = demo_state.profile.cards[0]
    editor = CardEditor(demo_state, card.id)
    qtbot.addWidget(editor)
    editor.open()
    qtbot.keyClicks(editor.fields["label"], " 2")
    asked: list[str] = []
    answer_next_question(qtbot, Button.Cancel, asked)
    qtbot.keyClick(editor, Qt.Key.Key_Escape)
    assert asked and editor.isVisible()
    leave_without_saving(qtbot, editor)


def make_window(qtbot: QtBot, state: AppState) -> MainWindow:
    window = MainWindow(state)
    qtbot.addWidget(window)
    window.show()
    return window


def show_page(window: MainWindow, page: Page) -> None:
    window.nav.setCurrentRow(window._order.index(page))


def test_leaving_a_changed_company_page_asks(qtbot: QtBot, demo_state: AppState) -> None:
    window = make_window(qtbot, demo_state)
    show_page(window, Page.COMPANY)
    company = window.page(Page.COMPANY)
    assert isinstance(company, CompanyPage)
    qtbot.keyClicks(company.edits["phone"], "9")

    asked: list[str] = []
    answer_next_question(qtbot, Button.Cancel, asked)
    show_page(window, Page.CARDS)
    assert asked
    assert window.stack.currentWidget() is company
    assert window.nav.currentRow() == window._order.index(Page.COMPANY)

    answer_next_question(qtbot, Button.Save, asked)
    show_page(window, Page.CARDS)
    assert window.stack.currentWidget() is window.page(Page.CARDS)
    assert demo_state.profile.company is not None
    assert demo_state.profile.company.phone.endswith("9")


def test_quitting_with_changed_settings_asks(qtbot: QtBot, demo_state: AppState) -> None:
    window = make_window(qtbot, demo_state)
    show_page(window, Page.SETTINGS)
    settings = window.page(Page.SETTINGS)
    assert isinstance(settings, SettingsPage)
    settings.reminders.changed.emit()  # as typing in any of its fields does

    asked: list[str] = []
    answer_next_question(qtbot, Button.Cancel, asked)
    assert not window.close()
    assert asked and window.isVisible()

    answer_next_question(qtbot, Button.Discard, asked)
    assert window.close()
    assert len(asked) == 2
