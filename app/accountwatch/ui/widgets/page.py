"""Pieces of a page's frame: its header, a scrolling form column and the Save / Revert bar."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QPalette
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from accountwatch.i18n import _


def bold_label(text: str, scale: float) -> QLabel:
    """A heading: `text` in bold, `scale` times the font's size."""
    label = QLabel(text)
    font = QFont(label.font())
    font.setPointSizeF(font.pointSizeF() * scale)
    font.setBold(True)
    label.setFont(font)
    return label


def page_header(title: str, intro: str | None = None) -> QWidget:
    """A page's title and a short line on why it matters (muted, wraps)."""
    box = QWidget()
    layout = QVBoxLayout(box)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.setSpacing(4)
    heading = bold_label(title, 1.5)
    heading.setAccessibleName(title)
    layout.addWidget(heading)
    if intro is not None:
        text = QLabel(intro)
        text.setWordWrap(True)
        text.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        layout.addWidget(text)
    return box


def page_column(page: QWidget, spacing: int = 12) -> QVBoxLayout:
    """The layout of a page's contents, with the margins every page keeps."""
    layout = QVBoxLayout(page)
    layout.setContentsMargins(24, 20, 24, 20)
    layout.setSpacing(spacing)
    return layout


def button_row(*buttons: QWidget) -> QHBoxLayout:
    """Buttons side by side from the left."""
    row = QHBoxLayout()
    for button in buttons:
        row.addWidget(button)
    row.addStretch(1)
    return row


def inline(*widgets: QWidget, grow: QWidget | None = None) -> QWidget:
    """Widgets side by side in one form cell; `grow` takes the spare width, else it is left
    empty at the end."""
    box = QWidget()
    row = QHBoxLayout(box)
    row.setContentsMargins(0, 0, 0, 0)
    for widget in widgets:
        row.addWidget(widget, 1 if widget is grow else 0)
    if grow is None:
        row.addStretch(1)
    return box


def scrolled(content: QWidget, fill: QWidget | None = None) -> QScrollArea:
    """A frameless scroll area around `content`, which takes the area's width; with `fill`, the
    area fills that widget edge to edge."""
    scroll = QScrollArea()
    scroll.setWidgetResizable(True)
    scroll.setFrameShape(QScrollArea.Shape.NoFrame)
    scroll.setWidget(content)
    if fill is not None:
        outer = QVBoxLayout(fill)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scroll)
    return scroll


def scrolling_column(page: QWidget) -> QVBoxLayout:
    """Fills `page` with a scroll area around a column of readable width; returns its layout."""
    content = QWidget()
    layout = page_column(content, spacing=14)
    content.setMaximumWidth(820)
    scrolled(content, page)
    return layout


def save_revert_bar(
    note: QLabel,
    names: tuple[str, str],
    save: Callable[[], None],
    revert: Callable[[], None],
) -> tuple[QHBoxLayout, QPushButton, QPushButton]:
    """`note` (e.g. "Saved.") beside Save and Revert; `names` are the buttons' accessible names."""
    from PySide6.QtWidgets import QDialogButtonBox  # loaded here: the overview has no such bar

    buttons = QDialogButtonBox()
    save_button = buttons.addButton(_("Save"), QDialogButtonBox.ButtonRole.AcceptRole)
    revert_button = buttons.addButton(_("Revert"), QDialogButtonBox.ButtonRole.ResetRole)
    save_button.setAccessibleName(names[0])
    revert_button.setAccessibleName(names[1])
    save_button.setDefault(True)
    save_button.clicked.connect(save)
    revert_button.clicked.connect(revert)
    footer = QHBoxLayout()
    footer.addWidget(note, 1)
    footer.addWidget(buttons)
    return footer, save_button, revert_button


def empty_state(headline: str, text: str, button: QPushButton) -> QWidget:
    """What a page shows while there is nothing to list: a headline, a line on what to do and
    the button that does it, centred."""
    box = QWidget()
    column = QVBoxLayout(box)
    column.setSpacing(12)
    column.addStretch(1)
    title = bold_label(headline, 1.3)
    line = QLabel(text)
    line.setWordWrap(True)
    line.setFixedWidth(460)
    # A wrapped label placed with an alignment gets no height-for-width from the layout.
    line.setMinimumHeight(line.heightForWidth(460))
    line.setAlignment(Qt.AlignmentFlag.AlignCenter)
    line.setForegroundRole(QPalette.ColorRole.PlaceholderText)
    for widget in (title, line, button):
        column.addWidget(widget, 0, Qt.AlignmentFlag.AlignHCenter)
    column.addStretch(2)
    return box
