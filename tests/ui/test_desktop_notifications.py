"""Native notifications on a private D-Bus session with a real notification daemon (dunst) and
no tray: what goes out on the bus, what a click on it opens, and the banner when nobody answers.

Each test starts its own bus (not the one tools/with-keyring gives the whole run, so no other
test ever meets dunst), an Xvfb display for dunst to draw on and dunst with a minimal dunstrc.
Nothing is mocked: the app talks to dunst, dbus-monitor watches, dunstctl clicks.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from accountwatch import APP_ID
from accountwatch.services import reminders
from accountwatch.services.workspace import Workspace
from accountwatch.ui.app import start_reminders
from accountwatch.ui.desktop_notifications import DesktopNotifications
from accountwatch.ui.main_window import MainWindow
from accountwatch.ui.navigation import Page, Target
from accountwatch.ui.pages.cards import CardsPage
from accountwatch.ui.pages.payments import PaymentsPage
from accountwatch.ui.pages.settings import SettingsPage
from accountwatch.ui.reminder_watch import ReminderWatch
from accountwatch.ui.state import AppState
from accountwatch.ui.tray import Route, Tray
from conftest import NOW, FakeClock, make_state

DUNSTRC = """\
[global]
    monitor = 0
    follow = none
    history_length = 20
"""


def need(program: str) -> str:
    """The program's path; CI (or ACCOUNTWATCH_REQUIRE_KEYRING=1) fails instead of skipping."""
    path = shutil.which(program)
    if path is None:
        message = f"{program} is missing: tools/install-system-deps installs it"
        if os.environ.get("CI") or os.environ.get("ACCOUNTWATCH_REQUIRE_KEYRING") == "1":
            pytest.fail(message)
        pytest.skip(message)
    return path


def wait_for(predicate: object, seconds: float = 10) -> bool:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        if callable(predicate) and predicate():
            return True
        time.sleep(0.05)
    return False


# A session bus like the stock one but with no service files: nothing is started on demand,
# so "no notification service" holds even where a notification daemon is installed.
BUS_CONFIG = """\
<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>session</type>
  <listen>unix:tmpdir={tmp}</listen>
  <auth>EXTERNAL</auth>
  <policy context="default">
    <allow send_destination="*" eavesdrop="true"/>
    <allow eavesdrop="true"/>
    <allow own="*"/>
  </policy>
</busconfig>
"""


@pytest.fixture
def bus(tmp_path: Path) -> Iterator[str]:
    """A private session bus of the test's own; yields its address."""
    config = tmp_path / "bus.conf"
    config.write_text(BUS_CONFIG.format(tmp=tmp_path), "utf-8")
    daemon = subprocess.Popen(
        [need("dbus-daemon"), f"--config-file={config}", "--nofork", "--print-address=1"],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert daemon.stdout is not None
    address = daemon.stdout.readline().strip()
    daemon.stdout.close()
    assert address, "dbus-daemon gave no address"
    try:
        yield address
    finally:
        daemon.terminate()
        daemon.wait(10)


@pytest.fixture
def dunst_settings() -> str:
    """Lines added to dunstrc's [global] section (a test module may override this fixture)."""
    return ""


@pytest.fixture
def dunst(bus: str, tmp_path: Path, dunst_settings: str) -> Iterator[dict[str, str]]:
    """dunst on an Xvfb display, owning org.freedesktop.Notifications on `bus`; yields the
    environment for dunstctl."""
    xvfb, dunst_program = need("Xvfb"), need("dunst")
    need("dunstctl")
    read_end, write_end = os.pipe()
    server = subprocess.Popen(
        [xvfb, "-displayfd", str(write_end), "-screen", "0", "1024x768x24", "-nolisten", "tcp"],
        pass_fds=(write_end,),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    os.close(write_end)
    with os.fdopen(read_end) as pipe:
        number = pipe.readline().strip()
    assert number, "Xvfb did not start"
    config = tmp_path / "dunstrc"
    config.write_text(DUNSTRC + dunst_settings, "utf-8")
    env = {**os.environ, "DBUS_SESSION_BUS_ADDRESS": bus, "DISPLAY": f":{number}"}
    env.pop("WAYLAND_DISPLAY", None)
    log = (tmp_path / "dunst.log").open("w")
    daemon = subprocess.Popen(
        [dunst_program, "-conf", str(config)], env=env, stdout=log, stderr=subprocess.STDOUT
    )
    try:
        owner = [
            "dbus-send",
            f"--bus={bus}",
            "--print-reply=literal",
            "--dest=org.freedesktop.DBus",
            "/org/freedesktop/DBus",
            "org.freedesktop.DBus.NameHasOwner",
            "string:org.freedesktop.Notifications",
        ]

        def owned() -> bool:
            answer = subprocess.run(owner, capture_output=True, text=True, timeout=5)
            return "true" in answer.stdout

        assert wait_for(owned), (tmp_path / "dunst.log").read_text()
        yield env
    finally:
        for process in (daemon, server):
            process.terminate()
            process.wait(10)
        log.close()


@pytest.fixture
def monitor(bus: str, tmp_path: Path) -> Iterator[Path]:
    """dbus-monitor watching every Notify call on `bus`; yields the file it writes."""
    output = tmp_path / "monitor.log"
    with output.open("w") as sink:
        watcher = subprocess.Popen(
            [
                need("dbus-monitor"),
                "--address",
                bus,
                "type='method_call',interface='org.freedesktop.Notifications',member='Notify'",
            ],
            stdout=sink,
            stderr=subprocess.STDOUT,
        )
        try:
            # Listening once it has said its own name (its first lines).
            assert wait_for(lambda: "NameAcquired" in output.read_text()), output.read_text()
            yield output
        finally:
            watcher.terminate()
            watcher.wait(10)


def notify_calls(log: Path) -> list[str]:
    """The Notify calls dbus-monitor printed, one text block each."""
    blocks = re.split(r"(?m)^(?=method call |signal |method return |error )", log.read_text())
    return [b for b in blocks if "member=Notify" in b]


def app_with_notifications(
    qtbot: QtBot, ws: Workspace, address: str
) -> tuple[AppState, MainWindow, ReminderWatch, Tray, DesktopNotifications]:
    """The app as `start_reminders` wires it, on `address`, with no tray (stock GNOME)."""
    state = make_state(ws)
    state.clock = FakeClock(NOW).now
    window = MainWindow(state)
    qtbot.addWidget(window)
    watch = ReminderWatch(state, parent=window)
    notifications = DesktopNotifications(address, parent=window)
    tray = Tray(window, state, watch, available=False, messages=False, notifications=notifications)
    window.notification_route = tray.route_text
    window.show()
    return state, window, watch, tray, notifications


def route_in_settings(window: MainWindow) -> str:
    window.go_to(Target(Page.SETTINGS))
    page = window.page(Page.SETTINGS)
    assert isinstance(page, SettingsPage)
    return page.desktop.notifications_note.text()


def test_an_overdue_payment_is_a_critical_notification_that_opens_the_payment(
    qtbot: QtBot, demo_workspace: Workspace, dunst: dict[str, str], monitor: Path
) -> None:
    state, window, watch, tray, notifications = app_with_notifications(
        qtbot, demo_workspace, dunst["DBUS_SESSION_BUS_ADDRESS"]
    )
    try:
        # Nobody asked the service yet: the first reminder due connects and asks.
        assert not notifications.probed_once
        with qtbot.waitSignal(notifications.sent, timeout=10_000):
            watch.start()
        assert notifications.server is not None and notifications.server.name == "dunst"
        assert tray.route() == Route.DESKTOP
        assert not window.banner.isVisible()  # the desktop told the user; no banner as well

        # On the bus: our name, the actions, urgency critical (a byte), the desktop entry.
        qtbot.waitUntil(lambda: bool(notify_calls(monitor)), timeout=5000)
        [call] = notify_calls(monitor)
        assert 'string "AccountWatch"' in call
        assert re.search(r'string "default"\s+string "Open in AccountWatch"', call), call
        assert re.search(r'string "all"\s+string "All reminders"', call), call
        assert re.search(r'string "urgency"\s+variant\s+byte 2', call), call
        assert re.search(rf'string "desktop-entry"\s+variant\s+string "{APP_ID}"', call), call
        assert "7 reminders — Payment overdue" in call
        # The overdue payment is the body's first line, never under "…and N more".
        body = call.split('string "7 reminders — Payment overdue"', 1)[1]
        first_line = "1688 代行サービス月額 (¥12,000) for 1688 仕入れ用 was due on Nov 23, 2026"
        assert body.lstrip().startswith(f'string "{first_line}'), body
        count = subprocess.run(
            ["dunstctl", "count", "displayed"], env=dunst, capture_output=True, text=True
        )
        assert count.stdout.strip() == "1", count

        # A click on it (dunst's default action) opens the Payments page on that payment.
        window.showMinimized()
        subprocess.run(["dunstctl", "action", "0"], env=dunst, check=True, timeout=10)
        payments = window.page(Page.PAYMENTS)
        assert isinstance(payments, PaymentsPage)

        def landed() -> bool:
            chosen = payments.selected_payment()
            return (
                window.stack.currentWidget() is payments
                and chosen is not None
                and (chosen.id == "1688-service")
            )

        qtbot.waitUntil(landed, timeout=10_000)
        assert not window.isMinimized()
        assert payments.mark_button.isEnabled()
        # Closed (here by dunstctl): dunst says so and the app forgets it; a late click on
        # something else's notification id would then open nothing.
        assert tray._shown
        subprocess.run(["dunstctl", "close-all"], env=dunst, check=True, timeout=10)
        qtbot.waitUntil(lambda: not tray._shown, timeout=10_000)
        assert route_in_settings(window) == ("Notifications: desktop notification service (dunst)")
        assert reminders.due_now(state.ws, NOW) == []  # recorded as delivered
    finally:
        notifications.stop()


def test_a_card_reminder_is_a_normal_notification_that_opens_the_card(
    qtbot: QtBot, card_workspace: Workspace, dunst: dict[str, str], monitor: Path
) -> None:
    _state, window, watch, _tray, notifications = app_with_notifications(
        qtbot, card_workspace, dunst["DBUS_SESSION_BUS_ADDRESS"]
    )
    try:
        with qtbot.waitSignal(notifications.sent, timeout=10_000):
            watch.start()
        qtbot.waitUntil(lambda: bool(notify_calls(monitor)), timeout=5000)
        [call] = notify_calls(monitor)
        assert re.search(r'string "urgency"\s+variant\s+byte 1', call), call
        assert 'string "all"' not in call  # one reminder: opening it is the only action
        assert 'string "Card expiry"' in call
        subprocess.run(["dunstctl", "action", "0"], env=dunst, check=True, timeout=10)
        cards = window.page(Page.CARDS)
        assert isinstance(cards, CardsPage)
        qtbot.waitUntil(
            lambda: cards.editor is not None and cards.editor.item_id == "visa", timeout=10_000
        )
        assert window.stack.currentWidget() is cards
    finally:
        notifications.stop()


def test_without_a_notification_service_reminders_fall_back_to_the_banner(
    qtbot: QtBot, demo_workspace: Workspace, bus: str, monitor: Path
) -> None:
    # The same private bus, and nobody owns org.freedesktop.Notifications on it.
    _state, window, watch, tray, notifications = app_with_notifications(qtbot, demo_workspace, bus)
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


def app_as_started(
    qtbot: QtBot, state: AppState, bus: str, monkeypatch: pytest.MonkeyPatch
) -> tuple[MainWindow, Tray, DesktopNotifications]:
    """The window with the tray and notifications `start_reminders` wires, on `bus`."""
    monkeypatch.setenv("DBUS_SESSION_BUS_ADDRESS", bus)
    window = MainWindow(state)
    qtbot.addWidget(window)
    tray = start_reminders(window, state)
    assert isinstance(tray.desktop, DesktopNotifications)
    return window, tray, tray.desktop


def test_settings_opened_before_the_first_reminders_asks_the_service_and_shows_its_answer(
    qtbot: QtBot, demo_state: AppState, bus: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    window, _tray, notifications = app_as_started(qtbot, demo_state, bus, monkeypatch)
    try:
        window.show()
        assert not notifications.probed_once  # no reminder pass yet: nobody asked
        assert route_in_settings(window) == (
            "Notifications: asking the desktop's notification service…"
        )
        # Asking started when Settings wanted the answer; the page shows it when it comes.
        qtbot.waitUntil(lambda: notifications.probed_once, timeout=10_000)
        page = window.page(Page.SETTINGS)
        assert isinstance(page, SettingsPage)
        qtbot.waitUntil(
            lambda: (
                page.desktop.notifications_note.text()
                == "Notifications: in-window banner only (no notification service and no tray)"
            ),
            timeout=5_000,
        )
    finally:
        notifications.stop()


def test_settings_names_the_path_the_app_as_started_uses(
    qtbot: QtBot, demo_state: AppState, bus: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    # As the app starts it, on a session bus without a notification service and, offscreen,
    # without a tray.
    window, tray, notifications = app_as_started(qtbot, demo_state, bus, monkeypatch)
    try:
        window.show()
        # The service is asked once the first reminder pass is over, after the profile's first
        # load: until then the connection's Python work would compete with it for the GIL.
        qtbot.wait(200)
        assert not notifications.probed_once
        demo_state.reload()  # the first load, as the app starts it
        qtbot.waitUntil(lambda: notifications.probed_once, timeout=10_000)
        assert route_in_settings(window) == (
            "Notifications: in-window banner only (no notification service and no tray)"
        )
        assert tray.route() == Route.BANNER
    finally:
        notifications.stop()
