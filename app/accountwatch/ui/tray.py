"""The tray icon (overall band in colour and words), its menu, and how reminders reach the user."""

from __future__ import annotations

import logging
from enum import StrEnum

from PySide6.QtCore import QObject, QPointF, QRectF
from PySide6.QtGui import QAction, QColor, QIcon, QPainter, QPen
from PySide6.QtWidgets import QApplication, QMenu, QSystemTrayIcon

from accountwatch import APP_NAME
from accountwatch.core import notices
from accountwatch.core.findings import Band
from accountwatch.core.reminders import LogEntry, Reminder
from accountwatch.i18n import _
from accountwatch.services import reminders as reminder_service
from accountwatch.services.checks import CheckResult
from accountwatch.ui import reminder_watch
from accountwatch.ui.common import band_color, band_text
from accountwatch.ui.desktop_notifications import ALL_ACTION, DEFAULT_ACTION
from accountwatch.ui.main_window import MainWindow, icon
from accountwatch.ui.navigation import Page, Target, target_for_reminder
from accountwatch.ui.notifiers import Notifier
from accountwatch.ui.reminder_watch import ReminderWatch
from accountwatch.ui.state import AppState
from accountwatch.ui.widgets.banner import summary

log = logging.getLogger(__name__)

MESSAGE_MS = 15_000


def band_icon(band: Band | None) -> QIcon:
    """The app's shield with a dot in the band's colour (the tooltip says the band in words)."""
    base = icon("accountwatch")
    result = QIcon()
    for size in (16, 22, 24, 32, 48, 64):
        pixmap = base.pixmap(size, size)
        if band is not None:
            painter = QPainter(pixmap)
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            radius = size * 0.22
            centre = QPointF(size - radius - 0.5, size - radius - 0.5)
            painter.setPen(QPen(QColor("white"), max(1.0, size / 16)))
            painter.setBrush(band_color(band))
            painter.drawEllipse(
                QRectF(centre.x() - radius, centre.y() - radius, 2 * radius, 2 * radius)
            )
            painter.end()
        result.addPixmap(pixmap)
    return result


class Route(StrEnum):
    """How reminders reach the user, best first."""

    # The desktop's notification service: freedesktop over D-Bus, Windows' toasts or macOS'
    # Notification Center.
    DESKTOP = "desktop"
    BALLOON = "balloon"  # Qt's tray message
    BANNER = "banner"  # the in-window banner only


def route_text(route: Route, server: str | None = None) -> str:
    """What Settings says about the path in use."""
    if route == Route.DESKTOP:
        return _("Notifications: desktop notification service ({name})").format(
            name=server or _("unnamed")
        )
    if route == Route.BALLOON:
        return _("Notifications: tray balloon (no desktop notification service answered)")
    return _("Notifications: in-window banner only (no notification service and no tray)")


def reminder_target(reminder: Reminder | None) -> Target:
    """Where opening a reminder leads; several at once lead to the Reminders page."""
    if reminder is None:
        return Target(Page.REMINDERS)
    return target_for_reminder(reminder.kind, reminder.subject)


class Tray(QObject):
    """Shows reminders as native desktop notifications (`notifications`, when a service
    answers: freedesktop over jeepney on Linux, desktop-notifier on Windows and macOS), else as
    tray messages where the tray supports them, else in the banner.

    `available` / `messages` override what Qt reports (tests of the fallback path).
    """

    def __init__(
        self,
        window: MainWindow,
        state: AppState,
        watch: ReminderWatch,
        *,
        available: bool | None = None,
        messages: bool | None = None,
        notifications: Notifier | None = None,
    ) -> None:
        super().__init__(window)
        self.window = window
        self.state = state
        self.watch = watch
        if available is None:
            available = QSystemTrayIcon.isSystemTrayAvailable()
        if messages is None:
            messages = available and QSystemTrayIcon.supportsMessages()
        self.messages = messages
        # Where a click on the last notification leads (None: just the window).
        self.click_target: Target | None = None
        self.told_still_running = False
        self.icon: QSystemTrayIcon | None = None
        self._band_shown: Band | None = None
        if available:
            self.icon = QSystemTrayIcon(band_icon(None), self)
            self.icon.setContextMenu(self._menu())
            self.icon.activated.connect(self._activated)
            self.icon.messageClicked.connect(self._message_clicked)
            self.icon.show()
        banner = window.banner
        banner.open_requested.connect(self.open_reminder)
        banner.snooze_requested.connect(lambda ids, delay: reminder_watch.snooze(state, ids, delay))
        banner.dismiss_requested.connect(self._dismiss)
        banner.undo_requested.connect(self._undo_dismiss)
        self._before_dismissal: dict[str, LogEntry] = {}
        watch.delivered.connect(self.notify)
        state.changed.connect(self.update_status)
        # Paid, snoozed, dismissed, checked: the banner drops what is no longer to act on.
        # After a change of the profile, once the window has drawn it (a pass over a large
        # profile's reminders beside the page's repaint stalled it; see TaskRunner.when_idle).
        state.changed.connect(self._refresh_banner_when_idle)
        state.reminders_changed.connect(self.refresh_banner)
        # The desktop's notification service, its notifications by id and sends in flight.
        self.desktop = notifications
        self._shown: dict[int, list[Reminder]] = {}
        self._sending: dict[int, list[Reminder]] = {}
        if notifications is not None:
            notifications.sent.connect(self._sent)
            notifications.failed.connect(self._send_failed)
            notifications.action_invoked.connect(self._action_invoked)
            notifications.closed.connect(self._closed)
            notifications.probed.connect(lambda _server: window.notification_route_changed.emit())
            # Asked who the service is once the first reminders are out: connecting and asking
            # is Python work on a thread of its own that would compete with the first load for
            # the GIL, and a reminder due meanwhile starts it itself (`notify`).
            watch.passed.connect(self._start_desktop)
        self.update_status()

    def _start_desktop(self) -> None:
        self.watch.passed.disconnect(self._start_desktop)
        if self.desktop is not None:
            self.desktop.start()

    @property
    def available(self) -> bool:
        return self.icon is not None

    def _menu(self) -> QMenu:
        menu = QMenu(self.window)
        self.open_action = QAction(_("Open {app}").format(app=APP_NAME), menu)
        self.open_action.triggered.connect(self.window.bring_to_front)
        self.check_action = QAction(_("Run health check"), menu)
        self.check_action.triggered.connect(self.run_health_check)
        self.snooze_action = QAction(_("Snooze all for today"), menu)
        self.snooze_action.triggered.connect(self.snooze_all)
        self.quit_action = QAction(_("Quit"), menu)
        self.quit_action.triggered.connect(self.window.quit_app)
        menu.addAction(self.open_action)
        menu.addAction(self.check_action)
        menu.addAction(self.snooze_action)
        menu.addSeparator()
        menu.addAction(self.quit_action)
        return menu

    def tooltip(self) -> str:
        result = self.state.result
        if result is None or not self.state.profile.accounts:
            return APP_NAME
        assessment = result.assessment
        return _("{app} — freeze risk: {band} ({score}/100)").format(
            app=APP_NAME, band=band_text(assessment.band), score=assessment.score
        )

    def update_status(self) -> None:
        if self.icon is None:
            return
        result = self.state.result
        has_accounts = bool(self.state.profile.accounts)
        band = result.assessment.band if result and has_accounts else None
        if band != self._band_shown:  # drawn again only when the band changes
            self._band_shown = band
            self.icon.setIcon(band_icon(band))
        self.icon.setToolTip(self.tooltip())

    def route(self) -> Route:
        """The path reminders take now (Settings says which)."""
        if self.desktop is not None and self.desktop.server is not None:
            return Route.DESKTOP
        if self.icon is not None and self.messages:
            return Route.BALLOON
        return Route.BANNER

    def route_text(self) -> str:
        desktop = self.desktop
        if desktop is not None and not desktop.probed_once:
            # Asked after the first reminders (see __init__); asked now if Settings comes first
            # (the window's notification_route_changed follows the answer).
            desktop.start()
            return _("Notifications: asking the desktop's notification service…")
        server = desktop.server if desktop is not None else None
        return route_text(self.route(), server.name if server is not None else None)

    def notify(self, reminders: list[Reminder]) -> None:
        """Tell the user: a desktop notification, else a tray message, else the banner."""
        if not reminders:
            return
        if self.desktop is not None:
            notice = notices.notice(reminders)
            actions = [(DEFAULT_ACTION, _("Open in {app}").format(app=APP_NAME))]
            if notice.count > 1:
                actions.append((ALL_ACTION, _("All reminders")))
            token = self.desktop.notify(notice, tuple(actions))
            self._sending[token] = list(reminders)  # falls back if the service fails
            return
        self._fall_back(reminders)

    def _fall_back(self, reminders: list[Reminder]) -> None:
        if self.icon is not None and self.messages:
            title, text = summary(reminders)
            self.click_target = reminder_target(reminders[0] if len(reminders) == 1 else None)
            self.icon.showMessage(title, text, self.icon.icon(), MESSAGE_MS)
        else:
            self.window.banner.show_reminders(reminders)
            QApplication.alert(self.window)

    def _sent(self, token: int, ident: int) -> None:
        reminders = self._sending.pop(token, None)
        if reminders is not None:
            self._shown[ident] = reminders

    def _send_failed(self, token: int, _why: str) -> None:
        reminders = self._sending.pop(token, None)
        if reminders is not None:
            self._fall_back(reminders)

    def _action_invoked(self, ident: int, key: str) -> None:
        """A click on our notification (the service tells every listener: others' are not)."""
        reminders = self._shown.get(ident)
        if reminders is None:
            return
        self.window.bring_to_front()
        if key == ALL_ACTION:
            self.window.go_to(Target(Page.REMINDERS))
        else:
            self.window.go_to(reminder_target(notices.by_urgency(reminders)[0]))

    def _closed(self, ident: int, _reason: int) -> None:
        self._shown.pop(ident, None)

    def _refresh_banner_when_idle(self) -> None:
        if self.window.banner.reminders:  # else nothing to drop: no wait for idle either
            self.state.tasks.when_idle(self.refresh_banner)

    def refresh_banner(self) -> None:
        """Drop from the banner what was paid, renewed, snoozed, dismissed or checked."""
        banner = self.window.banner
        asked = [r.id for r in banner.reminders]
        if not asked:
            return
        now, profile, tz, ws = self.state.clock(), self.state.profile, self.watch.tz, self.state.ws

        def work() -> list[str]:
            return reminder_service.still_open(ws, asked, now, tz, profile=profile)

        def failed(exc: BaseException) -> None:
            # The banner just stays as it was; the next change tries again.
            log.info("the banner could not be refreshed: %s", exc)

        self.state.tasks.run(
            work, lambda open_ids: banner.keep_only(set(open_ids), set(asked)), failed
        )

    def _dismiss(self, ids: list[str]) -> None:
        def done(before: list[LogEntry]) -> None:
            self._before_dismissal = {e.reminder_id: e for e in before}

        reminder_watch.dismiss(self.state, ids, done)

    def _undo_dismiss(self, ids: list[str]) -> None:
        before = [self._before_dismissal[i] for i in ids if i in self._before_dismissal]
        reminder_watch.undo_dismiss(self.state, ids, before)

    def _message_clicked(self) -> None:
        self.window.bring_to_front()
        if self.click_target is not None:
            self.window.go_to(self.click_target)

    def open_reminder(self, reminder: Reminder | None) -> None:
        self.window.bring_to_front()
        self.window.go_to(reminder_target(reminder))

    def _activated(self, reason: QSystemTrayIcon.ActivationReason) -> None:
        if reason in (
            QSystemTrayIcon.ActivationReason.Trigger,
            QSystemTrayIcon.ActivationReason.DoubleClick,
        ):
            if self.window.isVisible() and not self.window.isMinimized():
                self.window.hide_to_tray()
            else:
                self.window.bring_to_front()

    def run_health_check(self) -> None:
        """From the tray menu: the result comes back where the user is, the window may be hidden."""

        def done(result: CheckResult) -> None:
            assessment = result.assessment
            text = _("Health check recorded: freeze risk {band} ({score}/100).").format(
                band=band_text(assessment.band), score=assessment.score
            )
            self.window.statusBar().showMessage(text, 15_000)
            if self.icon is not None and self.messages and not self.window.isVisible():
                self.click_target = Target(Page.OVERVIEW)
                self.icon.showMessage(APP_NAME, text, self.icon.icon(), MESSAGE_MS)

        self.state.run_health_check(done)

    def snooze_all(self) -> None:
        def done(until: object) -> None:
            self.window.banner.clear()
            self.window.statusBar().showMessage(
                _("Reminders are quiet until tomorrow morning."), 15_000
            )

        reminder_watch.snooze_all_today(self.state, self.watch.tz, done)

    def window_hidden(self) -> None:
        """Closing the window kept the app running: say so once, where the user looks next."""
        if self.icon is not None and self.messages and not self.told_still_running:
            self.told_still_running = True
            self.click_target = None
            self.icon.showMessage(
                APP_NAME,
                _(
                    "{app} keeps running in the tray and will remind you. Quit from its menu."
                ).format(app=APP_NAME),
                self.icon.icon(),
                MESSAGE_MS,
            )
