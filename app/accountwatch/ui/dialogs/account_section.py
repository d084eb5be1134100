"""What every section of the account editor shares: a titled form with inline errors per field."""

from __future__ import annotations

from typing import Any

from PySide6.QtGui import QFont, QPalette
from PySide6.QtWidgets import QFormLayout, QLabel, QVBoxLayout, QWidget

from accountwatch.ui.common import FieldError, field_box


def put(doc: dict[str, Any], key: str, value: Any) -> None:
    """Set `key`, or leave it out when the value is empty (optional fields are omitted)."""
    if value is None or value == "" or value == [] or value == {}:
        doc.pop(key, None)
    else:
        doc[key] = value


def muted(label: QLabel) -> None:
    """Secondary text in the palette's placeholder colour, readable in light and dark themes."""
    palette = label.palette()
    palette.setColor(
        QPalette.ColorRole.WindowText, palette.color(QPalette.ColorRole.PlaceholderText)
    )
    label.setPalette(palette)


class Section(QWidget):
    """One page of the editor: loads its fields from an account document and stores them back.

    `errors` maps a profile path (relative to the account) to the inline error under its field;
    `focus` maps the same paths to the widget that takes the focus for it.
    """

    title = ""

    def __init__(self, title: str, intro: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = title
        self.errors: dict[str, FieldError] = {}
        self.focus: dict[str, QWidget] = {}
        self.layout_ = QVBoxLayout(self)
        self.layout_.setContentsMargins(4, 0, 4, 4)
        self.layout_.setSpacing(10)
        heading = QLabel(title)
        font = QFont(heading.font())
        font.setPointSizeF(font.pointSizeF() * 1.3)
        font.setBold(True)
        heading.setFont(font)
        heading.setAccessibleName(title)
        self.layout_.addWidget(heading)
        if intro:
            note = QLabel(intro)
            note.setWordWrap(True)
            muted(note)
            self.layout_.addWidget(note)

    def new_form(self) -> QFormLayout:
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.DontWrapRows)
        form.setHorizontalSpacing(14)
        form.setVerticalSpacing(8)
        self.layout_.addLayout(form)
        return form

    def add_field(
        self, form: QFormLayout, label: str, widget: QWidget, path: str, *, tip: str = ""
    ) -> FieldError:
        """A form row with the field and its (hidden) error line below it."""
        error = FieldError()
        box, _column = field_box(widget, error)
        caption = QLabel(label)
        caption.setBuddy(widget.focusProxy() or widget)
        if tip:
            widget.setToolTip(tip)
            caption.setToolTip(tip)
        form.addRow(caption, box)
        self.register(path, error, widget)
        return error

    def register(self, path: str, error: FieldError, widget: QWidget) -> None:
        self.errors[path] = error
        self.focus[path] = widget

    def finish(self) -> None:
        self.layout_.addStretch(1)

    def load(self, doc: dict[str, Any]) -> None:
        raise NotImplementedError

    def store(self, doc: dict[str, Any]) -> None:
        """Write the fields as typed into `doc` (the account in profile-file form)."""
        raise NotImplementedError

    def focus_widget(self, field: str) -> QWidget | None:
        """The widget for a profile path, or the section's first field."""
        keys = [k for k in self.focus if field == k or field.startswith((k + ".", k + "["))]
        if keys:
            return self.focus[max(keys, key=len)]
        return next(iter(self.focus.values()), None)
