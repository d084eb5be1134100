"""Which native notification path a platform takes: jeepney on Linux, desktop-notifier on
Windows and macOS, none elsewhere (then the tray balloon, then the banner)."""

from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtCore import QObject

from accountwatch.ui import desktop_notifications, native_notifier
from accountwatch.ui.desktop_notifications import DesktopNotifications
from accountwatch.ui.native_notifier import NativeNotifier

log = logging.getLogger(__name__)

Notifier = DesktopNotifications | NativeNotifier

# The platforms (sys.platform) whose notifications desktop-notifier shows.
NATIVE_PLATFORMS = ("win32", "darwin")


def notifier_for(
    platform: str,
    parent: QObject | None = None,
    *,
    native_available: Callable[[], bool] = native_notifier.available,
) -> Notifier | None:
    """The notifier for `platform` (sys.platform), not started; None when it has none."""
    if desktop_notifications.supported(platform):
        return DesktopNotifications(parent=parent)
    if platform in NATIVE_PLATFORMS:
        if native_available():
            return NativeNotifier(parent)
        log.info("desktop-notifier is not installed: reminders use the tray or the banner")
    return None
