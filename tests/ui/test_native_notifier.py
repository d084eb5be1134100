"""The Windows/macOS notification adapter (ui/native_notifier.py), driven for real on Linux.

desktop-notifier's Windows (WinRT toasts) and macOS (UNUserNotificationCenter) backends cannot
run on this machine: nothing here stands in for them. What runs is the same adapter, on its own
thread and loop, through desktop-notifier's Linux backend, which talks to the freedesktop
service: each test starts a private bus, Xvfb and dunst (the fixtures of
test_desktop_notifications.py), forces the route by naming the platform ("win32"), watches the
Notify call with dbus-monitor and clicks with dunstctl.
"""

from __future__ import annotations

import asyncio
import re
import subprocess
import threading
import time
from pathlib import Path

import pytest
import shiboken6
from desktop_notifier import DesktopNotifier
from pytestqt.qtbot import QtBot

# The private bus, Xvfb + dunst and dbus-monitor, as the Linux path's tests start them.
from test_desktop_notifications import (  # noqa: F401 - fixtures by name
    bus,
    dunst,
    monitor,
    notify_calls,
    route_in_settings,
)

from accountwatch.services.workspace import Workspace
from accountwatch.ui.desktop_notifications import app_icon
from accountwatch.ui.main_window import MainWindow
from accountwatch.ui.native_notifier import NativeNotifier
from accountwatch.ui.navigation import Page
from accountwatch.ui.notifiers import notifier_for
from accountwatch.ui.pages.cards import CardsPage
from accountwatch.ui.pages.payments import PaymentsPage
from accountwatch.ui.reminder_watch import ReminderWatch
from accountwatch.ui.tray import Route, Tray
from conftest import NOW, FakeClock, make_state


def no_loop_thread_left() -> bool:
    # (Other tests' Linux-path threads may still be ending; the adapter's are named its own.)
    return not any(t.name == "native-notifier" for t in threading.enumerate())


def app_on_windows_route(
    qtbot: QtBot, ws: Workspace, monkeypatch: pytest.MonkeyPatch, address: str
) -> tuple[MainWindow, ReminderWatch, Tray, NativeNotifier]:
    """The app wired as on Windows (the route chosen for "win32"), with no tray, on `address`
    (desktop-notifier's Linux backend connects to the session bus the environment names)."""
    monkeypatch.setenv("DBUS_SESSION_BUS_ADDRESS", address)
    state = make_state(ws)
    state.clock = FakeClock(NOW).now
    window = MainWindow(state)
    qtbot.addWidget(window)
    watch = ReminderWatch(state, parent=window)
    notifications = notifier_for("win32", parent=window)
    assert isinstance(notifications, NativeNotifier)
    tray = Tray(window, state, watch, available=False, messages=False, notifications=notifications)
    window.notification_route = tray.route_text
    window.show()
    return window, watch, tray, notifications


def test_an_overdue_payment_goes_out_critical_and_a_click_opens_the_payment(
    qtbot: QtBot,
    demo_workspace: Workspace,
    dunst: dict[str, str],  # noqa: F811
    monitor: Path,  # noqa: F811
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    window, watch, tray, notifications = app_on_windows_route(
        qtbot, demo_workspace, monkeypatch, dunst["DBUS_SESSION_BUS_ADDRESS"]
    )
    try:
        assert not notifications.probed_once  # the first reminder due asks
        with qtbot.waitSignal(notifications.sent, timeout=10_000):
            watch.start()
        assert notifications.server is not None and notifications.server.name == "D-Bus"
        assert tray.route() == Route.DESKTOP
        assert not window.banner.isVisible()

        # On the bus: the app's name and icon, title and body from core/notices.py (the overdue
        # payment first), urgency critical, a click action and the "All reminders" button.
        qtbot.waitUntil(lambda: bool(notify_calls(monitor)), timeout=5000)
        [call] = notify_calls(monitor)
        assert 'string "AccountWatch"' in call
        assert f'string "{Path(app_icon()).as_uri()}"' in call
        assert 'string "7 reminders — Payment overdue"' in call
        body = call.split('string "7 reminders — Payment overdue"', 1)[1]
        first_line = "1688 代行サービス月額 (¥12,000) for 1688 仕入れ用 was due on Nov 23, 2026"
        assert body.lstrip().startswith(f'string "{first_line}'), body
        assert re.search(r'string "default"\s+string ""', call), call
        assert re.search(r'string "all"\s+string "All reminders"', call), call
        assert re.search(r'string "urgency"\s+variant\s+byte 2', call), call

        # dunst's default action (a click on it) opens the Payments page on that payment.
        window.showMinimized()
        subprocess.run(["dunstctl", "action", "0"], env=dunst, check=True, timeout=10)
        payments = window.page(Page.PAYMENTS)
        assert isinstance(payments, PaymentsPage)

        def landed() -> bool:
            chosen = payments.selected_payment()
            return (
                window.stack.currentWidget() is payments
                and chosen is not None
                and chosen.id == "1688-service"
            )

        qtbot.waitUntil(landed, timeout=10_000)
        assert not window.isMinimized()
        qtbot.waitUntil(lambda: not tray._shown, timeout=5000)  # acted on: forgotten
        assert route_in_settings(window) == "Notifications: desktop notification service (D-Bus)"
    finally:
        notifications.stop()
    assert no_loop_thread_left()


@pytest.fixture
def dunst_settings(tmp_path: Path) -> str:
    """dunst offers a notification's buttons in its context menu, through the program its
    `dmenu` setting names; this one picks the "All reminders" line as a user would."""
    picker = tmp_path / "pick-all.sh"
    picker.write_text("#!/bin/sh\ngrep -m1 'All reminders'\n", "utf-8")
    picker.chmod(0o755)
    return f"    dmenu = {picker}\n"


def test_the_all_reminders_button_opens_the_reminders_page(
    qtbot: QtBot,
    demo_workspace: Workspace,
    dunst: dict[str, str],  # noqa: F811
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    window, watch, _tray, notifications = app_on_windows_route(
        qtbot, demo_workspace, monkeypatch, dunst["DBUS_SESSION_BUS_ADDRESS"]
    )
    try:
        with qtbot.waitSignal(notifications.sent, timeout=10_000):
            watch.start()
        with qtbot.waitSignal(notifications.action_invoked, timeout=10_000) as invoked:
            subprocess.run(["dunstctl", "context"], env=dunst, check=True, timeout=10)
        assert invoked.args is not None and invoked.args[1] == "all"
        qtbot.waitUntil(lambda: window.stack.currentWidget() is window.page(Page.REMINDERS))
    finally:
        notifications.stop()
    assert no_loop_thread_left()


def test_a_card_reminder_goes_out_normal_and_opens_the_card(
    qtbot: QtBot,
    card_workspace: Workspace,
    dunst: dict[str, str],  # noqa: F811
    monitor: Path,  # noqa: F811
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    window, watch, _tray, notifications = app_on_windows_route(
        qtbot, card_workspace, monkeypatch, dunst["DBUS_SESSION_BUS_ADDRESS"]
    )
    try:
        with qtbot.waitSignal(notifications.sent, timeout=10_000):
            watch.start()
        qtbot.waitUntil(lambda: bool(notify_calls(monitor)), timeout=5000)
        [call] = notify_calls(monitor)
        assert re.search(r'string "urgency"\s+variant\s+byte 1', call), call
        assert 'string "Card expiry"' in call
        assert 'string "all"' not in call  # one reminder: no "All reminders" button
        subprocess.run(["dunstctl", "action", "0"], env=dunst, check=True, timeout=10)
        cards = window.page(Page.CARDS)
        assert isinstance(cards, CardsPage)
        qtbot.waitUntil(
            lambda: cards.editor is not None and cards.editor.item_id == "visa", timeout=10_000
        )
    finally:
        notifications.stop()
    assert no_loop_thread_left()


def test_without_a_notification_service_reminders_fall_back_to_the_banner(
    qtbot: QtBot,
    demo_workspace: Workspace,
    bus: str,  # noqa: F811
    monitor: Path,  # noqa: F811
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    window, watch, tray, notifications = app_on_windows_route(
        qtbot, demo_workspace, monkeypatch, bus
    )
    try:
        with qtbot.waitSignal(notifications.failed, timeout=10_000):
            watch.start()
        assert notifications.probed_once and notifications.server is None
        assert window.banner.isVisible()
        assert window.banner.heading.text() == "7 reminders — Payment overdue"
        assert notify_calls(monitor) == []
        assert tray.route() == Route.BANNER
        assert route_in_settings(window) == (
            "Notifications: in-window banner only (no notification service and no tray)"
        )
    finally:
        notifications.stop()
    assert no_loop_thread_left()


class RefusingNotifier(DesktopNotifier):
    """The user turned the app's notifications off (Windows Settings, macOS System Settings):
    no such setting exists on Linux, so this stands in for the platform's answer."""

    async def request_authorisation(self) -> bool:
        await super().request_authorisation()
        return False


def test_notifications_turned_off_for_the_app_are_not_used(
    qtbot: QtBot,
    demo_workspace: Workspace,
    dunst: dict[str, str],  # noqa: F811
    monitor: Path,  # noqa: F811
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # A service that would show them, but the user said no: the next path is taken (the tray
    # balloon where a tray is, here, offscreen and without one, the banner).
    monkeypatch.setenv("DBUS_SESSION_BUS_ADDRESS", dunst["DBUS_SESSION_BUS_ADDRESS"])
    state = make_state(demo_workspace)
    state.clock = FakeClock(NOW).now
    window = MainWindow(state)
    qtbot.addWidget(window)
    watch = ReminderWatch(state, parent=window)
    notifications = NativeNotifier(window, make_notifier=lambda: RefusingNotifier("AccountWatch"))
    tray = Tray(window, state, watch, available=False, messages=False, notifications=notifications)
    window.notification_route = tray.route_text
    window.show()
    try:
        with qtbot.waitSignal(notifications.failed, timeout=10_000):
            watch.start()
        assert notifications.probed_once and notifications.server is None
        assert window.banner.isVisible()
        assert notify_calls(monitor) == []
        assert route_in_settings(window) == (
            "Notifications: in-window banner only (no notification service and no tray)"
        )
    finally:
        notifications.stop()
    assert no_loop_thread_left()


def test_the_loop_ends_with_the_window_even_without_stop(
    qtbot: QtBot,
    bus: str,  # noqa: F811
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("DBUS_SESSION_BUS_ADDRESS", bus)
    notifications = NativeNotifier()
    notifications.start()
    qtbot.waitUntil(lambda: notifications.probed_once, timeout=10_000)
    thread = notifications._thread
    assert thread is not None and thread.is_alive()
    shiboken6.delete(notifications)  # as when its window goes
    qtbot.waitUntil(lambda: not thread.is_alive(), timeout=10_000)


class UnansweredNotifier(DesktopNotifier):
    """macOS asking "allow notifications?" and the user not answering yet (a prompt that cannot
    appear on Linux: this stands in for it)."""

    async def request_authorisation(self) -> bool:
        await asyncio.Event().wait()  # never set
        return True


def test_quitting_does_not_wait_for_an_unanswered_permission_prompt(
    qtbot: QtBot,
    bus: str,  # noqa: F811
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("DBUS_SESSION_BUS_ADDRESS", bus)
    notifications = NativeNotifier(make_notifier=lambda: UnansweredNotifier("AccountWatch"))
    notifications.start()
    thread = notifications._thread
    assert thread is not None
    qtbot.wait(300)  # the worker is waiting for the answer now
    assert not notifications.probed_once
    started = time.monotonic()
    notifications.stop()
    assert time.monotonic() - started < 2
    assert not thread.is_alive()
