"""Input widgets of the account editor: optional counts and enum combos (dates: date_input)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from enum import StrEnum
from typing import Generic, TypeVar

from PySide6.QtWidgets import QComboBox, QSpinBox, QWidget

from accountwatch.i18n import _

E = TypeVar("E", bound=StrEnum)

# Counts in a profile stop at a billion (profile_io.MAX_COUNT), which a QSpinBox can hold.
MAX_COUNT = 1_000_000_000


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
