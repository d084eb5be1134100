"""The one month input of the app (a card's expiry): YYYY-MM, or MM/YY as printed on the card."""

from __future__ import annotations

import re
import unicodedata

from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QWidget

from accountwatch.core.model import YearMonth
from accountwatch.i18n import _, format_date

# 2028-10 and 2028/10 (year first), or 10/28 and 10/2028 as cards print it (month first).
_YEAR_FIRST = re.compile(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*月?")
_MONTH_FIRST = re.compile(r"(\d{1,2})\s*/\s*(\d{2}|\d{4})")


def parse_month(text: str) -> YearMonth | None:
    """The month `text` names (2028-10, 2028/10, 2028年10月, 10/28, 10/2028), or None."""
    folded = unicodedata.normalize("NFKC", text).strip()
    if match := _YEAR_FIRST.fullmatch(folded):
        year, month = int(match[1]), int(match[2])
    elif match := _MONTH_FIRST.fullmatch(folded):
        month, year = int(match[1]), int(match[2])
        if year < 100:  # cards print two digits; they run a few years ahead, never a century
            year += 2000
    else:
        return None
    try:
        return YearMonth(year, month)
    except ValueError:
        return None


class MonthInput(QWidget):
    """A month typed as YYYY-MM or as the card prints it (MM/YY, rewritten to YYYY-MM), with
    the last valid day beside it in the language's words.

    `text()` goes to the profile reader as typed, so a month it refuses gets its own message.
    """

    def __init__(self, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.edit = QLineEdit()
        self.edit.setAccessibleName(name)
        self.edit.setPlaceholderText(_("YYYY-MM"))
        self.edit.setToolTip(
            _(
                "The month printed on the card, as YYYY-MM or as on the card (MM/YY); the "
                "card is valid through its last day."
            )
        )
        self.edit.setFixedWidth(self.fontMetrics().horizontalAdvance("0000-00000") + 28)
        self.edit.editingFinished.connect(self._tidy)
        self.edit.textChanged.connect(self._update_words)
        self.words = QLabel()
        self.words.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.edit)
        layout.addSpacing(4)
        layout.addWidget(self.words)
        layout.addStretch(1)
        self.setFocusProxy(self.edit)
        self._update_words()

    def text(self) -> str:
        return self.edit.text().strip()

    def month(self) -> YearMonth | None:
        return parse_month(self.edit.text())

    def set_month(self, value: str | YearMonth | None) -> None:
        self.edit.setText(str(value) if value else "")

    def _tidy(self) -> None:
        # 10/28 becomes 2028-10: the form the profile file and the Cards page use.
        month = self.month()
        if month is not None and str(month) != self.edit.text():
            self.edit.setText(str(month))
            self.edit.textEdited.emit(str(month))

    def _update_words(self) -> None:
        month = self.month()
        self.words.setText(
            _("Valid through {date}").format(date=format_date(month.valid_through)) if month else ""
        )
        self.words.setVisible(month is not None)
