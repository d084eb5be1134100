"""Which native notification path a platform takes: jeepney on Linux, desktop-notifier on
Windows and macOS, none elsewhere (then the tray balloon, then the banner)."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING, TypeAlias

from PySide6.QtCore import QObject

from accountwatch.ui import desktop_notifications
from accountwatch.ui.desktop_notifications import DesktopNotifications

if TYPE_CHECKING:
    # Loaded only where it is used (Windows, macOS): it needs asyncio, which costs a Linux
    # start about 20 ms and some memory for nothing.
    from accountwatch.ui.native_notifier import NativeNotifier

log = logging.getLogger(__name__)

Notifier: TypeAlias = "DesktopNotifications | NativeNotifier"

# The platforms (sys.platform) whose notifications desktop-notifier shows.
NATIVE_PLATFORMS = ("win32", "darwin")


def notifier_for(
    platform: str,
    parent: QObject | None = None,
    *,
    native_available: Callable[[], bool] | None = None,
) -> Notifier | None:
    """The notifier for `platform` (sys.platform), not started; None when it has none.
    `native_available`: whether desktop-notifier can be used (None: ask it)."""
    if desktop_notifications.supported(platform):
        return DesktopNotifications(parent=parent)
    if platform in NATIVE_PLATFORMS:
        from accountwatch.ui import native_notifier

        if (native_available or native_notifier.available)():
            return native_notifier.NativeNotifier(parent)
        log.info("desktop-notifier is not installed: reminders use the tray or the banner")
    return None
