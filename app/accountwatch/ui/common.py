"""Small pieces every page shares: band words and colours, inline field errors, formatting."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QLabel, QWidget

from accountwatch.core.findings import Band
from accountwatch.core.profile_io import Problem
from accountwatch.i18n import _

# Colour never carries the band alone: every use shows the band's word beside it.
BAND_COLORS = {
    Band.LOW: QColor("#2e7d32"),
    Band.MODERATE: QColor("#f9a825"),
    Band.HIGH: QColor("#ef6c00"),
    Band.CRITICAL: QColor("#c62828"),
}


def band_text(band: Band) -> str:
    return {
        Band.LOW: _("Low risk"),
        Band.MODERATE: _("Moderate risk"),
        Band.HIGH: _("High risk"),
        Band.CRITICAL: _("Critical risk"),
    }[band]


def band_color(band: Band) -> QColor:
    return BAND_COLORS[band]


def format_date(day: dt.date | None) -> str:
    return day.isoformat() if day else "—"


class FieldError(QLabel):
    """A red line under a field; hidden while there is nothing to say."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("fieldError")
        self.setWordWrap(True)
        self.setStyleSheet("color: #c62828;")
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.hide()

    def show_message(self, message: str) -> None:
        self.setText(message)
        self.setVisible(bool(message))
        self.setAccessibleName(message)


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
