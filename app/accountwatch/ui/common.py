"""Small pieces every page shares: band words and colours, inline field errors, formatting."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QColor, QFont, QPalette
from PySide6.QtWidgets import (
    QComboBox,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from accountwatch.core.findings import Band
from accountwatch.core.problems import Problem
from accountwatch.i18n import _, format_short_date, italics_allowed
from accountwatch.i18n import format_date as i18n_format_date
from accountwatch.services.wording import band_words

if TYPE_CHECKING:
    from accountwatch.ui.state import AppState

# Colour never carries the band alone: every use shows the band's word beside it.
BAND_COLORS = {
    Band.LOW: QColor("#2e7d32"),
    Band.MODERATE: QColor("#f9a825"),
    Band.HIGH: QColor("#ef6c00"),
    Band.CRITICAL: QColor("#c62828"),
}


# Status colours of badges and warnings; a word always goes with them too.
RED = QColor("#c62828")
ORANGE = QColor("#e65100")
GREEN = QColor("#2e7d32")
BLUE = QColor("#1565c0")
GREY = QColor("#757575")


def band_text(band: Band) -> str:
    # The report words the bands too: one set of words for both.
    return band_words(band)


def band_color(band: Band) -> QColor:
    return BAND_COLORS[band]


# Qt cuts a line edit's text at 32,767 characters without a word. A profile's texts have no
# such limit (an import keeps them whole), so an editor must not lose what was pasted either.
LONGEST_LINE = 1 << 24


def text_line(text: str = "") -> QLineEdit:
    """A line edit for a text of the profile: whatever is typed or pasted is kept whole."""
    edit = QLineEdit(text)
    edit.setMaxLength(LONGEST_LINE)
    return edit


def plain_label(text: str = "", muted: bool = False) -> QLabel:
    """A wrapping, selectable label that shows its text as it is (messages quote user data)."""
    label = QLabel(text)
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    if muted:
        label.setForegroundRole(QPalette.ColorRole.PlaceholderText)
    return label


def link_coloured(button: QPushButton) -> None:
    """A flat button's text in the palette's link colour: plain text does not look like
    something to press. A palette, not a style sheet: a style sheet is parsed and polished
    for each button, and a page may have dozens of them."""
    palette = button.palette()
    palette.setColor(QPalette.ColorRole.ButtonText, palette.color(QPalette.ColorRole.Link))
    button.setPalette(palette)


def set_emphasis(font: QFont) -> QFont:
    """`font` in italics where the language has them (not Japanese: no synthetic oblique)."""
    font.setItalic(italics_allowed())
    return font


def emphasis_html(escaped: str) -> str:
    """Already escaped text in italics where the language has them."""
    return f"<i>{escaped}</i>" if italics_allowed() else escaped


def format_date(day: dt.date | None) -> str:
    """A day as the language writes it (the one date style of the app), "—" for none."""
    return i18n_format_date(day) if day else "—"


def axis_dates(days: list[dt.date]) -> list[str]:
    """A chart axis' labels of `days`: without the year when they all fall in one year (an
    axis has little room: 10月4日 / Oct 4), else each written in full."""
    if len({day.year for day in days}) <= 1:
        return [format_short_date(day) for day in days]
    return [i18n_format_date(day) for day in days]


class FieldError(QLabel):
    """A red line under a field; hidden while there is nothing to say."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("fieldError")
        # Messages quote what the user typed ("“<b>x</b>” is not a whole number"): shown as
        # typed, never read as markup.
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setWordWrap(True)
        self.setStyleSheet("color: #c62828;")
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.hide()

    def show_message(self, message: str) -> None:
        self.setText(message)
        self.setVisible(bool(message))
        self.setAccessibleName(message)


def field_box(*widgets: QWidget) -> tuple[QWidget, QVBoxLayout]:
    """A form cell stacking a field with its hints and inline error; add more to its column."""
    box = QWidget()
    column = QVBoxLayout(box)
    column.setContentsMargins(0, 0, 0, 0)
    column.setSpacing(2)
    for widget in widgets:
        column.addWidget(widget)
    return box, column


def show_problems(
    problems: list[Problem], errors: dict[str, FieldError], fallback: FieldError
) -> QWidget | None:
    """Put each problem under its field (the longest matching path prefix); the rest in
    `fallback`. Returns the first field error shown, to move the focus there."""
    for error in (*errors.values(), fallback):
        error.show_message("")
    messages: dict[FieldError, list[str]] = {}
    for problem in problems:
        keys = [
            k
            for k in errors
            if problem.path == k
            or problem.path.startswith(k + ".")
            or problem.path.startswith(k + "[")
        ]
        key = max(keys, key=len) if keys else None
        target = errors[key] if key is not None else fallback
        text = problem.message if key is not None else str(problem).lstrip(": ")
        messages.setdefault(target, []).append(text)
    for target, texts in messages.items():
        target.show_message("\n".join(texts))
    return next(iter(messages), None)


def finding_lines(state: AppState, subject: str) -> list[str]:
    """What the check says about `subject`: each distinct message, then the action once."""
    if state.result is None:
        return []
    found = [f for f in state.result.assessment.findings if f.subject == subject]
    messages = list(dict.fromkeys(f.message for f in found))
    actions = list(dict.fromkeys(f.action for f in found))
    return messages + [_("What to do: {action}").format(action=a) for a in actions]


def combo_width(combo: QComboBox, text: str) -> int:
    """How wide `combo` must be to show `text` whole, its arrow beside it."""
    # Loaded here: the style's type and its thirty enums cost 4 ms, and the window's start shows
    # no combo box.
    from PySide6.QtWidgets import QStyle, QStyleOptionComboBox

    option = QStyleOptionComboBox()
    combo.initStyleOption(option)
    contents = QSize(combo.fontMetrics().horizontalAdvance(text), combo.fontMetrics().height())
    style = combo.style()
    return style.sizeFromContents(QStyle.ContentsType.CT_ComboBox, option, contents, combo).width()


def show_placeholder_whole(edit: QLineEdit) -> None:
    """Make `edit` at least wide enough for its placeholder text (Japanese hints are longer
    than the English ones the widths were chosen for): cut short, a hint hides its point."""
    margins = edit.textMargins()
    # The frame and Qt's own text margin each side, and the clear button where there is one.
    extra = margins.left() + margins.right() + 16
    if edit.isClearButtonEnabled():
        extra += edit.sizeHint().height()
    edit.setMinimumWidth(edit.fontMetrics().horizontalAdvance(edit.placeholderText()) + extra)
