"""A list's actions sit above the list on every page (issue 14 item 11): the Accounts page had
them under its table, the Reminders groups under theirs, while Cards, Payments and History had
them on top. A form's Save and Revert close it at the bottom, as in a dialog."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from PySide6.QtCore import QPoint
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from accountwatch.ui.pages.accounts import AccountsPage
from accountwatch.ui.pages.base import PageWidget
from accountwatch.ui.pages.cards import CardsPage
from accountwatch.ui.pages.company import CompanyPage
from accountwatch.ui.pages.history import HistoryPage
from accountwatch.ui.pages.payments import PaymentsPage
from accountwatch.ui.pages.reminders import RemindersPage
from accountwatch.ui.state import AppState


def top(widget: QWidget, page: QWidget) -> int:
    return widget.mapTo(page, QPoint(0, 0)).y()


def bottom(widget: QWidget, page: QWidget) -> int:
    return top(widget, page) + widget.height()


# page → (its list, the buttons acting on it)
LISTS: dict[type[PageWidget], Callable[[PageWidget], list[tuple[QWidget, list[QWidget]]]]] = {
    AccountsPage: lambda p: [(p.views, [p.add_button, p.edit_button, p.delete_button])],
    CardsPage: lambda p: [(p.table, [p.add_button, p.edit_button, p.delete_button])],
    PaymentsPage: lambda p: [(p.table, [p.add_button, p.edit_button, p.mark_button])],
    HistoryPage: lambda p: [(p.table, [p.open_button, p.export_button])],
    RemindersPage: lambda p: [
        (p.recent_table, [p.export_button, p.recent_open, p.recent_snooze, p.recent_dismiss]),
        (p.coming_table, [p.coming_open, p.coming_skip]),
    ],
}


@pytest.mark.parametrize("kind", list(LISTS), ids=lambda k: k.__name__)
def test_a_lists_actions_are_above_it(
    qtbot: QtBot, demo_state: AppState, kind: type[PageWidget]
) -> None:
    page = kind(demo_state, lambda _target: None)
    qtbot.addWidget(page)
    page.resize(1000, 600)
    page.show()
    qtbot.waitExposed(page)
    for listing, buttons in LISTS[kind](page):
        for button in buttons:
            assert button.isVisibleTo(page), button.text()
            assert bottom(button, page) <= top(listing, page), button.text()


def test_a_forms_save_closes_it_at_the_bottom(qtbot: QtBot, demo_state: AppState) -> None:
    page = CompanyPage(demo_state, lambda _target: None)
    qtbot.addWidget(page)
    page.resize(1000, 600)
    page.show()
    for field in (*page.edits.values(), page.country):
        assert top(page.save_button, page) > top(field, page)
