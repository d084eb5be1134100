"""What the sections share: muted hints and a form whose rows carry a hint and an inline error."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QFormLayout, QGroupBox, QLabel, QSizePolicy, QVBoxLayout, QWidget

from accountwatch.ui.common import FieldError

HINT_WIDTH = 420


def muted(text: str = "") -> QLabel:
    label = QLabel(text)
    label.setTextFormat(Qt.TextFormat.PlainText)  # it may quote a path or words the user chose
    label.setWordWrap(True)
    label.setForegroundRole(QPalette.ColorRole.PlaceholderText)
    return label


class FormGroup(QGroupBox):
    """A titled form; its row labels (`labels`) line up with other groups' on the page."""

    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(title, parent)
        self.labels: list[QLabel] = []
        self.errors: dict[str, FieldError] = {}  # profile-format key → its inline error
        self.form = QFormLayout(self)
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        self.form.setHorizontalSpacing(12)
        self.form.setVerticalSpacing(10)

    def label(self, text: str, buddy: QWidget) -> QLabel:
        label = QLabel(text)
        label.setBuddy(buddy)
        self.labels.append(label)
        return label

    def row(
        self,
        key: str,
        label: str,
        field: QWidget,
        hint: QLabel | None = None,
        *,
        buddy: QWidget | None = None,
    ) -> None:
        """A row for the setting `key`: the field, its hint and its inline error below."""
        box = QWidget()
        box.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        column = QVBoxLayout(box)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(3)
        column.addWidget(field, 0, Qt.AlignmentFlag.AlignLeft)
        if hint is not None:
            # A wrapped label is laid out at its preferred width: make that a realistic one.
            hint.setMinimumWidth(HINT_WIDTH)
            column.addWidget(hint)
        self.errors[key] = FieldError()
        column.addWidget(self.errors[key])
        self.form.addRow(self.label(label, buddy or field), box)
