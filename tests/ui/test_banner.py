"""The reminder banner: Dismiss asks and can be undone, it drops what was acted on at once, and
it takes one row over pages other than the Overview."""

from __future__ import annotations

import datetime as dt
import threading
import time
from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from accountwatch.core.reminders import State
from accountwatch.services import reminders, weekly
from accountwatch.services.workspace import Workspace
from accountwatch.ui.main_window import MainWindow
from accountwatch.ui.navigation import Page, Target
from accountwatch.ui.pages.payments import PaymentsPage
from accountwatch.ui.pages.reminders import RemindersPage
from accountwatch.ui.reminder_watch import ReminderWatch
from accountwatch.ui.state import AppState
from accountwatch.ui.tasks import TaskRunner
from accountwatch.ui.tray import Tray
from accountwatch.ui.widgets.banner import ReminderBanner
from accountwatch.ui.widgets.table import select_id
from conftest import NOW, FakeClock, make_state

OVERDUE = "payment-due:payment:1688-service:2026-11-23:overdue-6"


@pytest.fixture(autouse=True)
def _utc(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


@pytest.fixture
def shown(qtbot: QtBot, demo_workspace: Workspace) -> tuple[AppState, MainWindow, ReminderBanner]:
    """The demo's seven reminders in the banner (no tray, no notification service)."""
    state = make_state(demo_workspace)
    state.clock = FakeClock(NOW).now
    window = MainWindow(state)
    qtbot.addWidget(window)
    watch = ReminderWatch(state, tz=dt.UTC, parent=window)
    Tray(window, state, watch, available=False, messages=False)
    window.show()
    with qtbot.waitSignal(watch.delivered):
        watch.start()
    assert window.banner.isVisible() and len(window.banner.reminders) == 7
    return state, window, window.banner


def states(state: AppState) -> dict[str, State]:
    return {e.reminder_id: e.state for e in reminders.log(state.ws)}


def answer(banner: ReminderBanner, text: str) -> None:
    box = banner.confirm_box
    assert box is not None and box.isVisible()
    [button] = [b for b in box.buttons() if b.text() == text]
    button.click()


def test_dismiss_asks_first_naming_the_reminders_and_the_payments(
    qtbot: QtBot, shown: tuple[AppState, MainWindow, ReminderBanner]
) -> None:
    state, _window, banner = shown
    qtbot.mouseClick(banner.dismiss_button, Qt.MouseButton.LeftButton)
    box = banner.confirm_box
    assert isinstance(box, QMessageBox)
    assert box.text().startswith("Dismiss 7 reminders? 2 of them are about payments.")
    assert box.defaultButton() is box.escapeButton()  # Enter or Esc keeps them
    answer(banner, "Cancel")
    assert banner.isVisible() and len(banner.reminders) == 7
    assert set(states(state).values()) == {State.DELIVERED}


def test_dismiss_then_undo_brings_them_back(
    qtbot: QtBot, shown: tuple[AppState, MainWindow, ReminderBanner]
) -> None:
    state, _window, banner = shown
    qtbot.mouseClick(banner.dismiss_button, Qt.MouseButton.LeftButton)
    answer(banner, "Dismiss")
    assert set(states(state).values()) == {State.DISMISSED}
    assert banner.isVisible() and banner.heading.text() == "7 reminders dismissed."
    assert banner.undo_button.isVisible() and not banner.dismiss_button.isVisible()
    assert banner.undo_timer.isActive()

    qtbot.mouseClick(banner.undo_button, Qt.MouseButton.LeftButton)
    assert set(states(state).values()) == {State.DELIVERED}
    assert banner.heading.text() == "7 reminders — Payment overdue"
    assert banner.dismiss_button.isVisible() and not banner.undo_button.isVisible()


def test_the_undo_offer_ends_and_the_dismissal_stays(
    qtbot: QtBot, shown: tuple[AppState, MainWindow, ReminderBanner]
) -> None:
    state, _window, banner = shown
    qtbot.mouseClick(banner.dismiss_button, Qt.MouseButton.LeftButton)
    answer(banner, "Dismiss")
    banner.undo_timer.setInterval(10)
    banner.undo_timer.start()
    qtbot.waitUntil(lambda: not banner.isVisible())
    assert set(states(state).values()) == {State.DISMISSED}


def test_marking_the_payment_paid_takes_it_off_the_banner_at_once(
    qtbot: QtBot, shown: tuple[AppState, MainWindow, ReminderBanner]
) -> None:
    _state, window, banner = shown
    window.go_to(Target(Page.PAYMENTS, "1688-service", "paid_on"))
    page = window.page(Page.PAYMENTS)
    assert isinstance(page, PaymentsPage)
    dialog = page.mark_paid()
    assert dialog is not None
    dialog.accept()
    ids = [r.id for r in banner.reminders]
    assert OVERDUE not in ids and len(ids) == 6
    assert banner.heading.text().startswith("6 reminders — Payment due")


def test_a_snooze_on_the_reminders_page_takes_it_off_the_banner(
    qtbot: QtBot, shown: tuple[AppState, MainWindow, ReminderBanner]
) -> None:
    _state, window, banner = shown
    window.go_to(Target(Page.REMINDERS))
    page = window.page(Page.REMINDERS)
    assert isinstance(page, RemindersPage)
    assert select_id(page.recent_table, OVERDUE)
    menu = page.recent_snooze.menu()
    assert menu is not None
    menu.actions()[0].trigger()  # for an hour
    assert OVERDUE not in [r.id for r in banner.reminders]
    assert len(banner.reminders) == 6


def test_a_finished_weekly_check_takes_it_off_the_banner(
    qtbot: QtBot, shown: tuple[AppState, MainWindow, ReminderBanner]
) -> None:
    state, _window, banner = shown
    assert any(r.kind == "weekly-check" for r in banner.reminders)
    state.apply(lambda ws: weekly.finish(ws, NOW.date(), NOW))
    assert not any(r.kind == "weekly-check" for r in banner.reminders)
    assert len(banner.reminders) == 6


def test_over_other_pages_the_banner_takes_at_most_two_lines(
    qtbot: QtBot, shown: tuple[AppState, MainWindow, ReminderBanner]
) -> None:
    _state, window, banner = shown
    lines = QFontMetrics(banner.heading.font()).lineSpacing()
    on_overview = banner.height()
    assert not banner.compact and on_overview > 3 * lines  # heading and four lines there
    for page in (Page.PAYMENTS, Page.ACCOUNTS, Page.SETTINGS):
        window.go_to(Target(page))
        # The window may grow to the page's minimum first (the test screen is 800 px wide):
        # the banner settles on its compact height after that.
        qtbot.waitUntil(lambda: banner.height() <= 2 * lines + 6)
        assert banner.compact
        assert banner.height() <= 2 * lines + 6, (page, banner.height(), lines)
        # One line, elided, the most urgent first; the whole text on hover.
        assert banner.heading.text().startswith("7 reminders — Payment overdue: 1688")
        assert "…and 4 more" in banner.heading.toolTip()
    window.go_to(Target(Page.OVERVIEW))
    assert not banner.compact and banner.lines.isVisible()


def test_the_banner_is_brought_up_to_date_once_the_window_has_caught_up(
    qtbot: QtBot,
    shown: tuple[AppState, MainWindow, ReminderBanner],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # A pass over a large profile's reminders, beside the repaint of a page whose rows were
    # still coming, stalled the window: it waits for them now.
    state, _window, banner = shown
    state.tasks = TaskRunner()  # threads, as in the app
    events: list[str] = []

    def still_open(*_args: object, **_kwargs: object) -> list[str]:
        events.append("banner")
        return [r.id for r in banner.reminders]

    monkeypatch.setattr(reminders, "still_open", still_open)
    release = threading.Event()
    state.tasks.run(lambda: release.wait(10), lambda _ok: events.append("rows drawn"))
    state.changed.emit()
    QTimer.singleShot(300, release.set)
    qtbot.waitUntil(lambda: "banner" in events and state.tasks.pending == 0, timeout=5_000)
    assert events == ["rows drawn", "banner"]
