"""An empty data folder greets with "Start here": four steps, each a button, ticked when done."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWizard
from pytestqt.qtbot import QtBot

from accountwatch.services import editing
from accountwatch.ui.main_window import MainWindow
from accountwatch.ui.navigation import Page
from accountwatch.ui.pages.overview import OverviewPage
from accountwatch.ui.state import AppState
from accountwatch.ui.widgets.start_here import Step


def _window(qtbot: QtBot, state: AppState) -> tuple[MainWindow, OverviewPage]:
    window = MainWindow(state)
    qtbot.addWidget(window)
    window.resize(1000, 600)
    window.show()
    overview = window.page(Page.OVERVIEW)
    assert isinstance(overview, OverviewPage)
    overview.refresh()
    return window, overview


def _ticked(overview: OverviewPage) -> list[Step]:
    return [step for step in Step if overview.start_here.is_done(step)]


def test_an_empty_folder_shows_start_here_with_nothing_ticked(
    qtbot: QtBot, state: AppState
) -> None:
    window, overview = _window(qtbot, state)
    assert overview.start_here.isVisible()
    assert _ticked(overview) == []
    assert [overview.start_here.marks[s].text() for s in Step] == ["1.", "2.", "3.", "4."]
    # The weekly check needs an account to walk through.
    assert not overview.start_here.buttons[Step.WEEKLY_CHECK].isEnabled()
    # Each step's button leads to the place that does it.
    qtbot.mouseClick(overview.start_here.buttons[Step.COMPANY], Qt.MouseButton.LeftButton)
    assert window.stack.currentWidget() is window.page(Page.COMPANY)
    window.nav.setCurrentRow(0)
    qtbot.mouseClick(overview.start_here.buttons[Step.MONEY], Qt.MouseButton.LeftButton)
    assert window.stack.currentWidget() is window.page(Page.CARDS)


def test_steps_tick_as_they_are_done_and_the_list_goes_when_all_are(
    qtbot: QtBot, state: AppState
) -> None:
    window, overview = _window(qtbot, state)
    state.apply(lambda ws: editing.put_section(ws, "company", {"name": "Sakura Trading K.K."}))
    assert _ticked(overview) == [Step.COMPANY]
    account = {"id": "shop", "platform": "1688", "label": "1688 shop", "login_id": "sakura"}
    state.apply(lambda ws: editing.put_item(ws, "accounts", account, replacing=None))
    assert _ticked(overview) == [Step.COMPANY, Step.ACCOUNT]
    assert overview.start_here.marks[Step.ACCOUNT].text() == "✔"
    assert overview.start_here.isVisible() and overview.content.isVisible()
    card = {"id": "visa", "label": "Visa", "brand": "visa", "last4": "4242", "expires": "2027-02"}
    state.apply(lambda ws: editing.put_item(ws, "cards", card, replacing=None))
    assert _ticked(overview) == [Step.COMPANY, Step.ACCOUNT, Step.MONEY]
    button = overview.start_here.buttons[Step.WEEKLY_CHECK]
    assert button.isEnabled()
    opened: list[QWizard] = []
    overview.open_weekly_check = lambda: opened.append(QWizard()) or opened[-1]  # type: ignore[method-assign]
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert len(opened) == 1
    state.run_health_check()
    assert overview.start_here.all_done() and not overview.start_here.isVisible()
    del window
