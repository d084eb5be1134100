"""Input widgets of the account editor: dates that may stay empty, optional counts, enum combos."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from enum import StrEnum
from typing import Generic, TypeVar

from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLineEdit, QPushButton, QSpinBox, QWidget

from accountwatch.i18n import _

E = TypeVar("E", bound=StrEnum)

# Counts in a profile stop at a billion (profile_io.MAX_COUNT), which a QSpinBox can hold.
MAX_COUNT = 1_000_000_000


class DateField(QWidget):
    """A date typed as YYYY-MM-DD, possibly empty, with a "Today" button.

    The text goes to the profile reader as typed, so a bad date gets the reader's own message.
    """

    def __init__(self, name: str, today: Callable[[], dt.date], parent: QWidget | None = None):
        super().__init__(parent)
        self._today = today
        self.edit = QLineEdit()
        self.edit.setPlaceholderText(_("YYYY-MM-DD"))
        self.edit.setAccessibleName(name)
        self.edit.setClearButtonEnabled(True)
        self.edit.setMaximumWidth(180)
        self.today_button = QPushButton(_("Today"))
        self.today_button.setAccessibleName(_("{field}: today").format(field=name))
        self.today_button.setToolTip(_("Fill in today's date"))
        self.today_button.clicked.connect(self.set_today)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.edit)
        layout.addWidget(self.today_button)
        layout.addStretch(1)
        self.setFocusProxy(self.edit)

    def set_today(self) -> None:
        self.edit.setText(self._today().isoformat())

    def set_date(self, value: str | dt.date | None) -> None:
        self.edit.setText(value.isoformat() if isinstance(value, dt.date) else value or "")

    def text(self) -> str:
        return self.edit.text().strip()


class CountField(QSpinBox):
    """A count that may be "not recorded" (the special value below zero)."""

    def __init__(self, name: str, *, optional: bool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.optional = optional
        self.setRange(-1 if optional else 0, MAX_COUNT)
        if optional:
            self.setSpecialValueText(_("not recorded"))
        self.setAccessibleName(name)
        self.setFixedWidth(180)
        self.setGroupSeparatorShown(True)

    def set_count(self, value: object) -> None:
        self.setValue(value if isinstance(value, int) else self.minimum())

    def count(self) -> int | None:
        return None if self.optional and self.value() < 0 else self.value()


class EnumCombo(QComboBox, Generic[E]):
    """A combo showing translated words and holding the enum's profile value."""

    def __init__(
        self,
        name: str,
        members: Iterable[E],
        words: Callable[[E], str],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setAccessibleName(name)
        for member in members:
            self.addItem(words(member), member.value)

    def set_value(self, value: object) -> None:
        index = self.findData(value)
        if index >= 0:
            self.setCurrentIndex(index)

    def value(self) -> str:
        return str(self.currentData())
