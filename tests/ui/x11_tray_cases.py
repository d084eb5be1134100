"""Tray cases run by test_tray_x11.py on Xvfb with trayer (not collected on their own)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QSystemTrayIcon, QWidget
from pytestqt.qtbot import QtBot

from accountwatch.services import preferences, reminders
from accountwatch.services.workspace import Workspace
from accountwatch.ui.app import start_reminders
from accountwatch.ui.common import band_text
from accountwatch.ui.main_window import MainWindow
from accountwatch.ui.navigation import Page, Target
from accountwatch.ui.pages.cards import CardsPage
from accountwatch.ui.state import AppState
from accountwatch.ui.tray import Route, Tray
from conftest import NOW, FakeClock, make_state


def balloons() -> list[QWidget]:
    """Qt's own notification balloons (drawn when the tray has no notification service)."""
    return [
        w
        for w in QApplication.topLevelWidgets()
        if w.metaObject().className() == "QBalloonTip" and w.isVisible()
    ]


@pytest.fixture
def app(qtbot: QtBot, card_workspace: Workspace) -> tuple[AppState, MainWindow, Tray]:
    """The app wired as `run_app` wires it, with a fake clock."""
    assert QSystemTrayIcon.isSystemTrayAvailable(), "trayer should provide a tray"
    state = make_state(card_workspace)
    state.clock = FakeClock(NOW).now
    window = MainWindow(state)
    qtbot.addWidget(window)
    tray = start_reminders(window, state)
    window.show()
    qtbot.waitExposed(window)
    return state, window, tray


def test_a_due_card_is_a_tray_notification_and_a_click_opens_it(
    qtbot: QtBot, app: tuple[AppState, MainWindow, Tray]
) -> None:
    state, window, tray = app
    assert tray.available and tray.messages
    assert tray.icon is not None and tray.icon.isVisible()
    state.reload()  # the first load starts the reminder watch, as at start-up
    qtbot.waitUntil(lambda: bool(balloons()), timeout=5000)
    assert not window.banner.isVisible()  # the tray said it; no banner as well
    # No notification service on the bus: the balloon is the path, and Settings says so.
    assert tray.route() == Route.BALLOON
    assert tray.route_text() == (
        "Notifications: tray balloon (no desktop notification service answered)"
    )
    [balloon] = balloons()
    assert reminders.due_now(state.ws, NOW) == []  # recorded as delivered

    window.showMinimized()
    qtbot.mouseClick(balloon, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not window.isMinimized())
    cards = window.page(Page.CARDS)
    assert isinstance(cards, CardsPage)
    assert window.stack.currentWidget() is cards
    assert cards.editor is not None and cards.editor.item_id == "visa"


def test_the_tray_shows_the_band_and_offers_its_menu(
    qtbot: QtBot, app: tuple[AppState, MainWindow, Tray]
) -> None:
    state, _window, tray = app
    state.reload()
    assert tray.icon is not None
    assert state.result is not None
    assessment = state.result.assessment
    # The band in words as well as in the icon's colour.
    words = band_text(assessment.band)
    assert tray.icon.toolTip() == f"AccountWatch — freeze risk: {words} ({assessment.score}/100)"
    menu = tray.icon.contextMenu()
    assert menu is not None
    texts = [a.text() for a in menu.actions() if not a.isSeparator()]
    assert texts == ["Open AccountWatch", "Run health check", "Snooze all for today", "Quit"]

    tray.snooze_action.trigger()
    states = {e.reminder_id: e.state for e in reminders.log(state.ws)}
    assert set(states.values()) == {reminders.reminders.State.SNOOZED}


def test_closing_keeps_running_in_the_tray_when_chosen(
    qtbot: QtBot, app: tuple[AppState, MainWindow, Tray]
) -> None:
    state, window, tray = app
    preferences.set_close_to_tray(state.ws, True)
    window.close()
    assert not window.isVisible() and not window.quitting
    assert tray.told_still_running
    qtbot.waitUntil(lambda: bool(balloons()), timeout=5000)
    tray.open_action.trigger()
    assert window.isVisible()

    preferences.set_close_to_tray(state.ws, False)
    window.close()
    assert not window.isVisible()


def test_quit_from_the_tray_really_closes(
    qtbot: QtBot, app: tuple[AppState, MainWindow, Tray]
) -> None:
    state, window, tray = app
    preferences.set_close_to_tray(state.ws, True)
    tray.quit_action.trigger()
    assert window.quitting and not window.isVisible()
    assert not QApplication.quitOnLastWindowClosed()  # the tray keeps the app, not the window


def test_a_check_run_from_the_tray_says_its_result_there(
    qtbot: QtBot, app: tuple[AppState, MainWindow, Tray]
) -> None:
    state, window, tray = app
    state.reload()
    qtbot.waitUntil(lambda: bool(balloons()), timeout=5000)  # the card's reminder
    for balloon in balloons():
        balloon.close()
    window.hide()
    runs_before = len(state.ws.repo.runs())
    tray.check_action.trigger()
    assert len(state.ws.repo.runs()) == runs_before + 1
    qtbot.waitUntil(lambda: bool(balloons()), timeout=5000)
    assert state.result is not None
    assert tray.click_target is not None and tray.click_target.page == Page.OVERVIEW


def test_start_at_login_also_keeps_the_app_in_the_tray(
    qtbot: QtBot, app: tuple[AppState, MainWindow, Tray]
) -> None:
    from PySide6.QtCore import QPoint

    from accountwatch.ui.pages.settings import SettingsPage

    state, window, _tray = app
    window.go_to(Target(Page.SETTINGS))
    page = window.page(Page.SETTINGS)
    assert isinstance(page, SettingsPage)
    page.resize(1000, 2400)
    assert page.desktop.close_to_tray.isEnabled() and not page.desktop.close_to_tray.isChecked()
    box = page.desktop.start_at_login
    qtbot.mouseClick(box, Qt.MouseButton.LeftButton, pos=QPoint(8, box.height() // 2))
    assert box.isChecked() and page.desktop.close_to_tray.isChecked()
    page.save()  # both choices are saved with the page, as every setting is
    qtbot.waitUntil(lambda: preferences.close_to_tray(state.ws), timeout=5000)
    window.close()
    assert not window.isVisible() and not window.quitting  # back in the tray
