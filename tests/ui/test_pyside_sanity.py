"""The installed PySide6 keeps Python's reference counts straight (6.12.0 on 3.11 did not)."""

from __future__ import annotations

import sys

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QTreeWidgetItem
from pytestqt.qtbot import QtBot


def test_qt_calls_that_return_nothing_leave_none_alone(qtbot: QtBot) -> None:
    # Each call returns None to Python; a binding that forgets to take a reference for it
    # lowers None's count every time, and Python 3.11 aborts when it reaches zero.
    item, font = QTreeWidgetItem(["x"]), QFont()
    before = sys.getrefcount(None)
    for _ in range(2000):
        font.setBold(True)
        item.setFont(0, font)
        item.setData(0, Qt.ItemDataRole.UserRole, "a")
    assert sys.getrefcount(None) >= before - 100
