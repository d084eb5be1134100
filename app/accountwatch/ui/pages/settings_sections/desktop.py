"""The Desktop section: start at login and the tray, this computer's choices, saved with the
rest of the Settings page."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QCheckBox, QGroupBox, QSystemTrayIcon, QVBoxLayout, QWidget

from accountwatch import APP_NAME
from accountwatch.i18n import _
from accountwatch.paths import data_dir
from accountwatch.services import autostart, preferences
from accountwatch.ui.common import FieldError
from accountwatch.ui.pages.settings_sections.form import muted
from accountwatch.ui.state import AppState


class DesktopSection(QGroupBox):
    # A choice was changed: the page's Save applies it (`apply`), Revert shows it as it is.
    changed = Signal()

    def __init__(self, state: AppState, parent: QWidget | None = None) -> None:
        super().__init__(_("Desktop"), parent)
        self.state = state
        self._route_followed = False  # listening to the window for a new notification route
        self.autostart = autostart.autostart_for()
        self.start_at_login = QCheckBox(_("Start {app} when I log in").format(app=APP_NAME))
        self.start_at_login.setAccessibleName(self.start_at_login.text())
        self.start_at_login.setToolTip(
            _("It starts hidden in the system tray and reminds you when something falls due.")
        )
        self.start_at_login_note = muted()
        self.start_at_login_note.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse
        )
        self.start_at_login_error = FieldError()
        self.start_at_login.toggled.connect(self._start_at_login_toggled)
        self.close_to_tray = QCheckBox(_("Keep running in the tray when the window is closed"))
        self.close_to_tray.setAccessibleName(self.close_to_tray.text())
        self.close_to_tray.toggled.connect(self.changed)
        self.tray_note = muted()
        # Which path reminders take: the desktop's notification service, the tray, the banner.
        self.notifications_note = muted()
        self.notifications_note.setObjectName("notificationRoute")
        self.notifications_note.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse
        )
        column = QVBoxLayout(self)
        column.setSpacing(4)
        for widget in (
            self.start_at_login,
            self.start_at_login_note,
            self.start_at_login_error,
            self.close_to_tray,
            self.tray_note,
            self.notifications_note,
        ):
            column.addWidget(widget)
        self.load()

    def load(self) -> None:
        """Show the choices as they stand (the entry may be removed in the desktop's settings)."""
        demo = bool(getattr(self.window(), "demo", False))
        for box in (self.start_at_login, self.close_to_tray):
            box.blockSignals(True)
        self.start_at_login.setChecked(not demo and self.autostart.is_enabled())
        self.start_at_login.setEnabled(not demo)
        if demo:
            self.start_at_login_note.setText(_("Not with the demo's sample data."))
        else:
            self.start_at_login_note.setText(
                _("Turning it on adds {location}; turning it off removes it.").format(
                    location=self.autostart.location
                )
            )
        tray = QSystemTrayIcon.isSystemTrayAvailable()
        self.close_to_tray.setEnabled(tray)
        self.close_to_tray.setChecked(tray and preferences.close_to_tray(self.state.ws))
        self.tray_note.setText(
            _("Closing the window then leaves the app in the tray; quit from the tray's menu.")
            if tray
            else _("No system tray was found: reminders appear at the top of the window.")
        )
        for box in (self.start_at_login, self.close_to_tray):
            box.blockSignals(False)
        self._show_route()

    def _show_route(self) -> None:
        window = self.window()
        route = getattr(window, "notification_route", None)
        self.notifications_note.setText(route() if callable(route) else "")
        self.notifications_note.setVisible(callable(route))
        changed = getattr(window, "notification_route_changed", None)
        if changed is not None and not self._route_followed:
            self._route_followed = True
            changed.connect(self._show_route)

    def _start_at_login_toggled(self, on: bool) -> None:
        if on and self.close_to_tray.isEnabled() and not self.close_to_tray.isChecked():
            # Started hidden in the tray, it should go back there when its window is closed.
            self.close_to_tray.setChecked(True)
        self.changed.emit()

    def apply(self) -> bool:
        """Make the choices as shown so: the login entry at once (one small file), the tray
        choice on the writer thread. False when the entry could not be written (said under it,
        and the box shows what is really there)."""
        on = self.start_at_login.isChecked()
        if self.start_at_login.isEnabled() and on != self.autostart.is_enabled():
            folder = self.state.ws.data_dir
            # The default folder is found again without naming it; another one must be named.
            named = None if folder.resolve() == data_dir(None).resolve() else folder
            try:
                if on:
                    self.autostart.enable(autostart.launch_command(named))
                else:
                    self.autostart.disable()
            except autostart.AutostartError as exc:
                self.start_at_login_error.show_message(str(exc))
                self.start_at_login.blockSignals(True)
                self.start_at_login.setChecked(self.autostart.is_enabled())
                self.start_at_login.blockSignals(False)
                return False
        self.start_at_login_error.show_message("")
        keep = self.close_to_tray.isChecked()
        if self.close_to_tray.isEnabled() and keep != preferences.close_to_tray(self.state.ws):
            ws = self.state.ws
            self.state.tasks.write(
                lambda: preferences.set_close_to_tray(ws, keep), None, self.state.failed.emit
            )
        return True
