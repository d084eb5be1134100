"""The in-app reminder banner: where reminders appear when there is no tray to show them."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt, QTimer, Signal, SignalInstance
from PySide6.QtGui import QAction, QFont, QResizeEvent
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QMenu,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
)

from accountwatch.core import notices
from accountwatch.core.reminders import SNOOZE_CHOICES, Reminder
from accountwatch.i18n import _
from accountwatch.ui.common import plain_label

# How long the banner offers to undo a dismissal.
UNDO_MS = 10_000


def summary(reminders: list[Reminder]) -> tuple[str, str]:
    """Heading and text for reminders shown together, most urgent first (`core.notices`)."""
    told = notices.notice(reminders)
    return told.summary, told.body


def snooze_label(delay: dt.timedelta) -> str:
    labels = {
        dt.timedelta(hours=1): _("For 1 hour"),
        dt.timedelta(days=1): _("For 1 day"),
        dt.timedelta(weeks=1): _("For 1 week"),
    }
    return labels[delay]


def snooze_menu(parent: QPushButton, chosen: SignalInstance) -> QMenu:
    """The Snooze button's menu; each choice emits `chosen` with its delay."""
    menu = QMenu(parent)
    for delay in SNOOZE_CHOICES:
        action = QAction(snooze_label(delay), menu)
        action.triggered.connect(lambda _checked=False, d=delay: chosen.emit(d))
        menu.addAction(action)
    parent.setMenu(menu)
    return menu


class ReminderBanner(QFrame):
    """Reminders just delivered, with Open, Snooze and Dismiss; hidden when there are none.

    Compact (on every page but the Overview) it takes one row: the heading and the most
    urgent line, elided. Dismiss asks first; afterwards the banner offers Undo for a while.
    """

    open_requested = Signal(object)  # the Reminder to open, or None for the Reminders page
    snooze_requested = Signal(list, object)  # reminder ids, timedelta
    dismiss_requested = Signal(list)  # reminder ids, after the user confirmed
    undo_requested = Signal(list)  # reminder ids whose dismissal to undo
    _snooze_chosen = Signal(object)

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("reminderBanner")
        self.setAccessibleName(_("Reminders"))
        # A palette colour keeps it readable in light and dark themes; the stripe marks it.
        self.setStyleSheet(
            "#reminderBanner { background: palette(alternate-base);"
            " border-left: 5px solid #e65100; }"
        )
        self.reminders: list[Reminder] = []
        self._heading_text = ""
        self.compact = False
        self.confirm_box: QMessageBox | None = None
        self._dismissed: list[Reminder] = []
        self.undo_timer = QTimer(self)
        self.undo_timer.setSingleShot(True)
        self.undo_timer.setInterval(UNDO_MS)
        self.undo_timer.timeout.connect(self._undo_expired)
        self.row = QHBoxLayout(self)
        self.row.setSpacing(12)
        text = QVBoxLayout()
        text.setSpacing(2)
        self.heading = QLabel()
        font = QFont(self.heading.font())
        font.setBold(True)
        self.heading.setFont(font)
        self.heading.setMinimumWidth(1)  # elided when compact, never widening the window
        self.lines = plain_label()
        text.addWidget(self.heading)
        text.addWidget(self.lines)
        self.row.addLayout(text, 1)

        self.open_button = QPushButton(_("Open…"))
        self.open_button.clicked.connect(self._open)
        self.snooze_button = QPushButton(_("Snooze"))
        self._snooze_chosen.connect(
            lambda delay: self._answer(self.snooze_requested, self._ids(), delay)
        )
        snooze_menu(self.snooze_button, self._snooze_chosen)
        self.dismiss_button = QPushButton(_("Dismiss…"))
        self.dismiss_button.setToolTip(_("Do not remind me of these again (asks first)"))
        self.dismiss_button.clicked.connect(self.ask_dismiss)
        self.undo_button = QPushButton(_("Undo"))
        self.undo_button.setToolTip(_("Bring the dismissed reminders back"))
        self.undo_button.clicked.connect(self.undo)
        self.close_button = QPushButton(_("Hide"))
        self.close_button.setToolTip(_("Hide the banner; the Reminders page still lists them"))
        self.close_button.clicked.connect(self.clear)
        for button in (
            self.open_button,
            self.snooze_button,
            self.dismiss_button,
            self.undo_button,
            self.close_button,
        ):
            self.row.addWidget(button, 0, Qt.AlignmentFlag.AlignTop)
        self._lay_out()
        self.hide()

    def _ids(self) -> list[str]:
        return [r.id for r in self.reminders]

    def set_compact(self, compact: bool) -> None:
        """One row (pages other than the Overview) or the heading over the lines."""
        if compact != self.compact:
            self.compact = compact
            self._lay_out()

    def _lay_out(self) -> None:
        undoing = bool(self._dismissed)
        if self.compact:
            self.row.setContentsMargins(12, 4, 6, 4)
        else:
            self.row.setContentsMargins(14, 10, 10, 10)
        self.lines.setVisible(not self.compact and not undoing)
        for button in (self.open_button, self.snooze_button, self.dismiss_button):
            button.setVisible(not undoing)
        self.undo_button.setVisible(undoing)
        self._set_heading()

    def _set_heading(self) -> None:
        if self._dismissed:
            text = notices.dismissed_note(len(self._dismissed))
            self.heading.setToolTip("")
        elif not self.reminders:
            return
        else:
            heading, body = summary(self.reminders)
            text = heading
            if self.compact:
                text = f"{heading}: {body.splitlines()[0]}"
                self.heading.setToolTip(f"{heading}\n{body}")
            else:
                self.heading.setToolTip("")
        self._heading_text = text
        self._elide()

    def _elide(self) -> None:
        text = self._heading_text
        if self.compact:
            width = max(40, self.heading.width())
            text = self.heading.fontMetrics().elidedText(text, Qt.TextElideMode.ElideRight, width)
        self.heading.setText(text)

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt's name
        super().resizeEvent(event)
        self._elide()

    def show_reminders(self, reminders: list[Reminder]) -> None:
        """Add newly delivered reminders and show the banner, most urgent first."""
        self._forget_dismissed()
        known = set(self._ids())
        self.reminders = notices.by_urgency(
            [r for r in reminders if r.id not in known] + self.reminders
        )
        self._show_current()

    def _show_current(self) -> None:
        _heading, text = summary(self.reminders)
        self.lines.setText(text)
        self.open_button.setToolTip(
            _("Open the item") if len(self.reminders) == 1 else _("Open the Reminders page")
        )
        self._lay_out()
        self.show()

    def keep_only(self, open_ids: set[str], asked: set[str]) -> None:
        """Drop the reminders asked about (`asked`) that are no longer open: snoozed,
        dismissed, paid, renewed or checked meanwhile."""
        if self._dismissed:
            return
        kept = [r for r in self.reminders if r.id not in asked or r.id in open_ids]
        if len(kept) == len(self.reminders):
            return
        self.reminders = kept
        if kept:
            self._show_current()
        else:
            self.clear()

    def clear(self) -> None:
        self.reminders = []
        self._forget_dismissed()
        self.hide()

    def _forget_dismissed(self) -> None:
        self.undo_timer.stop()
        if self._dismissed:
            self._dismissed = []
            self._lay_out()

    def _open(self) -> None:
        self.open_requested.emit(self.reminders[0] if len(self.reminders) == 1 else None)
        self.clear()

    def _answer(self, signal: SignalInstance, *args: object) -> None:
        signal.emit(*args)
        self.clear()

    def ask_dismiss(self) -> QMessageBox:
        """Dismiss asks first, naming how many reminders and how many payments among them."""
        box = QMessageBox(self.window())
        box.setIcon(QMessageBox.Icon.Question)
        box.setWindowTitle(_("Dismiss reminders"))
        box.setText(notices.dismiss_question(self.reminders))
        dismiss = box.addButton(_("Dismiss"), QMessageBox.ButtonRole.DestructiveRole)
        cancel = box.addButton(QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(cancel)
        box.setEscapeButton(cancel)
        asked = list(self.reminders)

        def answered() -> None:
            self.confirm_box = None
            if box.clickedButton() is dismiss:
                self.dismiss_confirmed(asked)

        box.finished.connect(answered)
        box.finished.connect(box.deleteLater)
        self.confirm_box = box
        box.open()  # window-modal, and the event loop goes on (reminders keep coming)
        return box

    def dismiss_confirmed(self, asked: list[Reminder]) -> None:
        """Dismiss the reminders the user was asked about (any delivered since stay for
        later), then offer Undo for a while."""
        ids = {r.id for r in asked}
        self._dismissed = [r for r in self.reminders if r.id in ids]
        self.reminders = [r for r in self.reminders if r.id not in ids]
        if not self._dismissed:
            return
        self.dismiss_requested.emit([r.id for r in self._dismissed])
        self._lay_out()
        self.show()
        self.undo_timer.start()

    def undo(self) -> None:
        dismissed, self._dismissed = self._dismissed, []
        self.undo_timer.stop()
        if not dismissed:
            return
        self.undo_requested.emit([r.id for r in dismissed])
        self.reminders = notices.by_urgency(dismissed + self.reminders)
        self._show_current()

    def _undo_expired(self) -> None:
        self._dismissed = []
        if self.reminders:
            self._show_current()
        else:
            self.clear()
