"""The Cards page: a card that expires next month shows its badge and its finding."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from accountwatch.services import editing
from accountwatch.services.workspace import Workspace
from accountwatch.ui.navigation import Page, Target
from accountwatch.ui.pages.cards import CardsPage
from accountwatch.ui.state import AppState
from accountwatch.ui.widgets.table import selected_id
from conftest import threaded_state


def table_rows(page: CardsPage) -> dict[str, list[str]]:
    model = page.table.model()
    return {
        str(model.index(r, 0).data(Qt.ItemDataRole.UserRole)): [
            str(model.index(r, c).data()) for c in range(model.columnCount())
        ]
        for r in range(model.rowCount())
    }


def card_rules(state: AppState, card_id: str) -> set[str]:
    assert state.result is not None
    return {f.rule for f in state.result.assessment.findings if f.subject == f"card:{card_id}"}


def add_card(qtbot: QtBot, page: CardsPage, **typed: str) -> None:
    qtbot.mouseClick(page.add_button, Qt.MouseButton.LeftButton)
    editor = page.editor
    assert editor is not None
    for key, text in typed.items():
        widget = editor.fields[key]
        widget.setFocus()
        # A month input takes its keys in its line edit.
        qtbot.keyClicks(getattr(widget, "edit", widget), text)
    qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)


@pytest.fixture
def account_state(state: AppState) -> AppState:
    """One account with nothing wrong that a card could change."""
    item = {"id": "shop", "platform": "1688", "label": "1688 shop", "login_id": "sakura"}
    state.apply(lambda ws: editing.put_item(ws, "accounts", item, replacing=None))
    return state


def test_a_card_expiring_next_month_shows_its_badge_finding_and_score(
    qtbot: QtBot, account_state: AppState
) -> None:
    state = account_state
    page = CardsPage(state, lambda _t: None)
    qtbot.addWidget(page)
    page.show()  # a hidden page redraws only when shown
    assert state.result is not None
    score_before = state.result.assessment.score

    add_card(qtbot, page, id="amex-new", label="New Amex", last4="1005", expires="2026-12")
    assert page.editor is not None and not page.editor.isVisible()
    row = table_rows(page)["amex-new"]
    assert row[2:5] == ["…1005", "Dec 2026", "Dec 31, 2026"]
    assert row[6] == "Not used"

    # The account starts paying with it: now it matters.
    doc = editing.item_document(state.profile, "accounts", "shop")
    doc["payment_methods"] = [{"type": "card", "card": "amex-new"}]
    state.apply(lambda ws: editing.put_item(ws, "accounts", doc, replacing="shop"))

    row = table_rows(page)["amex-new"]
    assert row[5] == "1688 shop"
    assert row[6] == "Expires in 32 days"
    assert "PAY-CARD-EXPIRING" in card_rules(state, "amex-new")
    assert state.result.assessment.score > score_before


def test_a_full_card_number_is_refused_and_nothing_is_saved(qtbot: QtBot, state: AppState) -> None:
    page = CardsPage(state, lambda _t: None)
    qtbot.addWidget(page)
    page.show()  # a hidden page redraws only when shown
    qtbot.mouseClick(page.add_button, Qt.MouseButton.LeftButton)
    editor = page.editor
    assert editor is not None
    qtbot.keyClicks(editor.id_edit, "visa-new")
    qtbot.keyClicks(editor.expires.edit, "2028-04")
    qtbot.keyClicks(editor.last4, "4111111111111111")

    error = editor.errors["last4"]
    assert error.isVisible()
    assert "Only the last 4 digits" in error.text()
    assert "4111111111111111" not in editor.last4.text()

    qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)
    assert editor.isVisible()
    assert state.ws.repo.load_profile().cards == ()
    assert table_rows(page) == {}


def test_a_bad_month_shows_an_inline_error(qtbot: QtBot, demo_state: AppState) -> None:
    page = CardsPage(demo_state, lambda _t: None)
    qtbot.addWidget(page)
    page.show()  # a hidden page redraws only when shown
    before = demo_state.ws.repo.load_profile()
    page.show_target(Target(Page.CARDS, "visa-main", "expires"))
    editor = page.editor
    assert editor is not None and editor.isVisible()
    assert editor.focusWidget() is editor.expires.edit
    editor.expires.edit.selectAll()
    qtbot.keyClicks(editor.expires.edit, "2027-13")
    qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)

    assert editor.errors["expires"].isVisible()
    assert editor.errors["expires"].text()
    assert demo_state.ws.repo.load_profile() == before


def test_the_demo_cards_and_renewing_one(qtbot: QtBot, demo_state: AppState) -> None:
    page = CardsPage(demo_state, lambda _t: None)
    qtbot.addWidget(page)
    page.show()  # a hidden page redraws only when shown
    rows = table_rows(page)
    assert rows["mc-old"][6] == "Expired"
    assert rows["visa-main"][6] == "Expires in 32 days"
    assert rows["jcb-backup"][6] == "Valid"
    assert rows["visa-main"][5] == "Alibaba.com main, AliExpress store"

    page.show_target(Target(Page.CARDS, "mc-old", "expires"))
    editor = page.editor
    assert editor is not None
    editor.expires.edit.selectAll()
    qtbot.keyClicks(editor.expires.edit, "2029-10")
    qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)
    assert table_rows(page)["mc-old"][6] == "Valid"
    assert card_rules(demo_state, "mc-old") == set()


def test_deleting_a_card_asks_first(
    qtbot: QtBot, demo_state: AppState, monkeypatch: pytest.MonkeyPatch
) -> None:
    page = CardsPage(demo_state, lambda _t: None)
    qtbot.addWidget(page)
    page.show()  # a hidden page redraws only when shown
    page.table.selectRow(0)
    chosen = page.table.selectionModel().selectedRows()[0].data(Qt.ItemDataRole.UserRole)
    answers = [QMessageBox.StandardButton.Cancel, QMessageBox.StandardButton.Yes]
    monkeypatch.setattr(QMessageBox, "question", lambda *_a: answers.pop(0))

    qtbot.mouseClick(page.delete_button, Qt.MouseButton.LeftButton)
    assert chosen in table_rows(page)
    qtbot.mouseClick(page.delete_button, Qt.MouseButton.LeftButton)
    assert chosen not in table_rows(page)
    assert demo_state.profile.card(chosen) is None


def test_fix_lands_on_a_card_once_its_row_is_made_off_the_gui_thread(
    qtbot: QtBot, demo_workspace: Workspace
) -> None:
    # Real worker threads, as in the app: the rows arrive after the page is shown.
    state = threaded_state(qtbot, demo_workspace)
    page = CardsPage(state, lambda _t: None)
    qtbot.addWidget(page)
    page.show()
    page.show_target(Target(Page.CARDS, "mc-old", "expires"))  # before its row is in
    qtbot.waitUntil(lambda: page.editor is not None, timeout=10_000)
    assert selected_id(page.table) == "mc-old"
    assert page.editor is not None and page.editor.focusWidget() is page.editor.expires.edit
    page.editor.close()
    qtbot.waitUntil(lambda: state.idle, timeout=10_000)
    state.tasks.wait()
