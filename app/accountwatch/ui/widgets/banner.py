"""The in-app reminder banner: where reminders appear when there is no tray to show them."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt, Signal, SignalInstance
from PySide6.QtGui import QAction, QFont
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QMenu, QPushButton, QVBoxLayout

from accountwatch.core.reminders import SNOOZE_CHOICES, Reminder, kind_name
from accountwatch.i18n import _, ngettext
from accountwatch.ui.common import plain_label

SHOWN = 3  # reminder lines in the banner or a notification; the rest are counted


def summary(reminders: list[Reminder]) -> tuple[str, str]:
    """Heading and text for reminders shown together (a notification, the banner)."""
    if len(reminders) == 1:
        return kind_name(reminders[0].kind), reminders[0].message
    heading = ngettext("{count} reminder", "{count} reminders", len(reminders)).format(
        count=len(reminders)
    )
    lines = [r.message for r in reminders[:SHOWN]]
    if len(reminders) > SHOWN:
        more = len(reminders) - SHOWN
        lines.append(ngettext("…and {count} more", "…and {count} more", more).format(count=more))
    return heading, "\n".join(lines)


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
    """Reminders just delivered, with Open, Snooze and Dismiss; hidden when there are none."""

    open_requested = Signal(object)  # the Reminder to open, or None for the Reminders page
    snooze_requested = Signal(list, object)  # reminder ids, timedelta
    dismiss_requested = Signal(list)  # reminder ids
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
        layout = QHBoxLayout(self)
        layout.setContentsMargins(14, 10, 10, 10)
        layout.setSpacing(12)
        text = QVBoxLayout()
        text.setSpacing(2)
        self.heading = QLabel()
        font = QFont(self.heading.font())
        font.setBold(True)
        self.heading.setFont(font)
        self.lines = plain_label()
        text.addWidget(self.heading)
        text.addWidget(self.lines)
        layout.addLayout(text, 1)

        self.open_button = QPushButton(_("Open…"))
        self.open_button.clicked.connect(self._open)
        self.snooze_button = QPushButton(_("Snooze"))
        self._snooze_chosen.connect(
            lambda delay: self._answer(self.snooze_requested, self._ids(), delay)
        )
        snooze_menu(self.snooze_button, self._snooze_chosen)
        self.dismiss_button = QPushButton(_("Dismiss"))
        self.dismiss_button.setToolTip(_("Do not remind me of these again"))
        self.dismiss_button.clicked.connect(
            lambda: self._answer(self.dismiss_requested, self._ids())
        )
        self.close_button = QPushButton(_("Hide"))
        self.close_button.setToolTip(_("Hide the banner; the Reminders page still lists them"))
        self.close_button.clicked.connect(self.clear)
        for button in (
            self.open_button,
            self.snooze_button,
            self.dismiss_button,
            self.close_button,
        ):
            layout.addWidget(button, 0, Qt.AlignmentFlag.AlignTop)
        self.hide()

    def _ids(self) -> list[str]:
        return [r.id for r in self.reminders]

    def show_reminders(self, reminders: list[Reminder]) -> None:
        """Add newly delivered reminders (newest first) and show the banner."""
        known = set(self._ids())
        self.reminders = [r for r in reminders if r.id not in known] + self.reminders
        heading, text = summary(self.reminders)
        self.heading.setText(heading)
        self.lines.setText(text)
        self.open_button.setToolTip(
            _("Open the item") if len(self.reminders) == 1 else _("Open the Reminders page")
        )
        self.show()

    def clear(self) -> None:
        self.reminders = []
        self.hide()

    def _open(self) -> None:
        self.open_requested.emit(self.reminders[0] if len(self.reminders) == 1 else None)
        self.clear()

    def _answer(self, signal: SignalInstance, *args: object) -> None:
        signal.emit(*args)
        self.clear()
