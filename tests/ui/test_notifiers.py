"""Which notification path each platform takes, the platform's name given as sys.platform
spells it (nothing here changes sys.platform)."""

from __future__ import annotations

import threading

import pytest
from pytestqt.qtbot import QtBot

from accountwatch.ui import native_notifier
from accountwatch.ui.desktop_notifications import DesktopNotifications
from accountwatch.ui.native_notifier import NativeNotifier
from accountwatch.ui.notifiers import notifier_for


@pytest.mark.parametrize(
    ("platform", "expected"),
    [
        ("linux", DesktopNotifications),  # jeepney: the production path on Linux
        ("freebsd14", DesktopNotifications),
        ("win32", NativeNotifier),  # desktop-notifier: toasts
        ("darwin", NativeNotifier),  # desktop-notifier: Notification Center
    ],
)
def test_each_platform_gets_its_notifier(qtbot: QtBot, platform: str, expected: type) -> None:
    before = set(threading.enumerate())
    notifier = notifier_for(platform, native_available=lambda: True)
    assert type(notifier) is expected
    # Chosen, not started: no thread runs until the tray starts it.
    assert set(threading.enumerate()) <= before


@pytest.mark.parametrize("platform", ["win32", "darwin"])
def test_without_desktop_notifier_windows_and_macos_use_the_tray_or_the_banner(
    qtbot: QtBot, platform: str
) -> None:
    assert notifier_for(platform, native_available=lambda: False) is None


def test_linux_never_takes_desktop_notifier_even_when_installed(qtbot: QtBot) -> None:
    # Installed here (the test extra), yet Linux keeps jeepney: exact D-Bus types, desktop-entry.
    assert native_notifier.available()
    assert isinstance(notifier_for("linux"), DesktopNotifications)


@pytest.mark.parametrize("platform", ["cygwin", "emscripten", "sunos5"])
def test_other_platforms_have_no_native_path(qtbot: QtBot, platform: str) -> None:
    assert notifier_for(platform, native_available=lambda: True) is None
