"""The one date input of the app: YYYY-MM-DD typed or picked from a calendar, possibly empty."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Callable

from PySide6.QtCore import QDate, QEvent, QObject, QPoint, Qt
from PySide6.QtGui import QFontMetrics, QKeyEvent, QPalette
from PySide6.QtWidgets import (
    QCalendarWidget,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMenu,
    QPushButton,
    QToolButton,
    QWidget,
    QWidgetAction,
)

from accountwatch.i18n import _, format_date

# What people type for a day besides 2026-12-07: 2026/12/07 (usual in Japan), 2026.12.7,
# 2026年12月7日, also with full-width digits (NFKC folds them first).
_TYPED_DAY = re.compile(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?")


def parse_day(text: str) -> dt.date | None:
    """The day `text` names (2026-12-07, 2026/12/7, 2026年12月7日, full-width digits), or None."""
    match = _TYPED_DAY.fullmatch(unicodedata.normalize("NFKC", text).strip())
    if match is None:
        return None
    try:
        return dt.date(*(int(part) for part in match.groups()))
    except ValueError:
        return None


def field_width(metrics: QFontMetrics) -> int:
    """The width of the typed part: a day and room for the clear button."""
    return metrics.horizontalAdvance("0000-00-00") + 44


def cell_width(metrics: QFontMetrics) -> int:
    """The width a table column needs for a DateInput without Today and words."""
    return field_width(metrics) + 40


def _qdate(day: dt.date) -> QDate:
    return QDate(day.year, day.month, day.day)


class DateInput(QWidget):
    """A day typed as YYYY-MM-DD (other usual spellings are rewritten so), or picked from a
    calendar (the ▾ button, Alt+Down or F4), with an optional Today button; the chosen day is
    shown beside it as the language writes it.

    `text()` is what the profile reader gets, so a date it refuses gets the reader's own message
    where the form shows its errors; dialogs checking by themselves use `problem()`.
    A pick from the calendar or Today counts as an edit: it emits the line edit's `textEdited`,
    which forms watch to know they have changes.
    """

    def __init__(
        self,
        name: str,
        today: Callable[[], dt.date],
        parent: QWidget | None = None,
        *,
        optional: bool = True,
        today_button: bool = True,
        latest: Callable[[], dt.date] | None = None,
        show_words: bool = True,
    ) -> None:
        super().__init__(parent)
        self.name = name
        self.optional = optional
        self._today = today
        self._latest = latest
        self.edit = QLineEdit()
        self.edit.setPlaceholderText(_("YYYY-MM-DD"))
        self.edit.setAccessibleName(name)
        self.edit.setToolTip(
            _("Type the day as YYYY-MM-DD, or press Alt+Down to choose it from a calendar.")
        )
        self.edit.setClearButtonEnabled(optional)
        self.edit.setFixedWidth(field_width(self.fontMetrics()))
        self.edit.editingFinished.connect(self._tidy)
        self.calendar_button = QToolButton()
        self.calendar_button.setArrowType(Qt.ArrowType.DownArrow)
        self.calendar_button.setAccessibleName(
            _("{field}: choose from a calendar").format(field=name)
        )
        self.calendar_button.setToolTip(_("Choose the day from a calendar (Alt+Down)"))
        self.calendar_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # Alt+Down from the field
        self.calendar_button.clicked.connect(self.open_calendar)
        self.calendar = QCalendarWidget()
        self.calendar.setGridVisible(True)
        self.calendar.setAccessibleName(_("{field}: calendar").format(field=name))
        self.calendar.setVerticalHeaderFormat(QCalendarWidget.VerticalHeaderFormat.NoVerticalHeader)
        self.calendar.clicked.connect(self._picked)
        self.calendar.activated.connect(self._picked)  # Enter on a day
        self.popup = QMenu(self)
        holder = QWidgetAction(self.popup)
        holder.setDefaultWidget(self.calendar)
        self.popup.addAction(holder)
        # Alt+Down and F4 open the calendar, as in a combo box or Qt's own date edit.
        self.edit.installEventFilter(self)
        self.today_button: QPushButton | None = None
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addWidget(self.edit)
        layout.addWidget(self.calendar_button)
        if today_button:
            self.today_button = QPushButton(_("Today"))
            self.today_button.setAccessibleName(_("{field}: today").format(field=name))
            self.today_button.setToolTip(_("Fill in today's date"))
            self.today_button.clicked.connect(self.set_today)
            layout.addWidget(self.today_button)
        self.words = QLabel()
        self.words.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self.words.setVisible(show_words)
        self._show_words = show_words
        layout.addSpacing(4)
        layout.addWidget(self.words)
        layout.addStretch(1)
        self.setFocusProxy(self.edit)
        self.edit.textChanged.connect(self._update_words)
        self._update_words()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if watched is self.edit and event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            alt_down = event.key() == Qt.Key.Key_Down and bool(
                event.modifiers() & Qt.KeyboardModifier.AltModifier
            )
            if alt_down or event.key() == Qt.Key.Key_F4:
                self.open_calendar()
                return True
        return super().eventFilter(watched, event)

    # -- reading and writing -----------------------------------------------------------------

    def text(self) -> str:
        return self.edit.text().strip()

    def date(self) -> dt.date | None:
        """The day typed or picked, or None (empty or not a day)."""
        return parse_day(self.edit.text())

    def set_date(self, value: str | dt.date | None) -> None:
        self.edit.setText(value.isoformat() if isinstance(value, dt.date) else value or "")

    def clear(self) -> None:
        self.edit.clear()

    def problem(self) -> str | None:
        """What is wrong with the day as typed, for dialogs that check it themselves; or None."""
        text = self.text()
        if not text:
            return None if self.optional else _("Enter the day as YYYY-MM-DD.")
        day = self.date()
        if day is None:
            return _("Write the day as YYYY-MM-DD, e.g. 2027-03-31.")
        latest = self._latest() if self._latest else None
        if latest is not None and day > latest:
            return _("The day cannot be after {date}.").format(date=format_date(latest))
        return None

    # -- the user's moves --------------------------------------------------------------------

    def set_today(self) -> None:
        self._set_by_user(self._today())

    def open_calendar(self) -> None:
        """Shows the calendar under the field, on the day typed (today when none)."""
        self.calendar.setSelectedDate(_qdate(self.date() or self._today()))
        latest = self._latest() if self._latest else None
        if latest is not None:
            self.calendar.setMaximumDate(_qdate(latest))
        # popup(), not exec(): the field stays live and nothing waits on the menu's loop.
        self.popup.popup(self.edit.mapToGlobal(QPoint(0, self.edit.height())))
        self.calendar.setFocus()

    def _picked(self, day: QDate) -> None:
        self.popup.close()
        picked = day.toPython()
        assert isinstance(picked, dt.date)
        self._set_by_user(picked)
        self.edit.setFocus()

    def _set_by_user(self, day: dt.date) -> None:
        text = day.isoformat()
        if text != self.edit.text():
            self.edit.setText(text)
            self.edit.textEdited.emit(text)

    def _tidy(self) -> None:
        # 2026/12/7 becomes 2026-12-07: the form the profile file and every other field use.
        day = self.date()
        if day is not None and day.isoformat() != self.edit.text():
            self._set_by_user(day)

    def _update_words(self) -> None:
        day = self.date()
        self.words.setText(format_date(day) if day else "")
        self.words.setVisible(self._show_words and day is not None)
