"""A five-segment password strength meter (zxcvbn score 0–4), in colour and in words."""

from __future__ import annotations

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPaintEvent
from PySide6.QtWidgets import QHBoxLayout, QLabel, QSizePolicy, QWidget

from accountwatch.i18n import _
from accountwatch.services.wording import strength_words

SEGMENTS = 5
# Red to green; the word beside the bar says the same, so colour never carries it alone.
SCORE_COLORS = ("#c62828", "#ef6c00", "#f9a825", "#7cb342", "#2e7d32")


class _Bar(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.score: int | None = None
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        return QSize(240, 10)

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        return QSize(100, 10)

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt's name
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(Qt.PenStyle.NoPen)
        gap = 4.0
        width = (self.width() - gap * (SEGMENTS - 1)) / SEGMENTS
        empty = self.palette().mid().color()
        filled = QColor(SCORE_COLORS[self.score]) if self.score is not None else empty
        for index in range(SEGMENTS):
            lit = self.score is not None and index <= self.score
            painter.setBrush(filled if lit else empty)
            rect = QRectF(index * (width + gap), 0, width, self.height())
            painter.drawRoundedRect(rect, 3, 3)


class StrengthMeter(QWidget):
    """Shows a score as lit segments (one for "very weak", five for "strong") and its word."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._bar = _Bar()
        self._word = QLabel()
        self._word.setMinimumWidth(self._word.fontMetrics().horizontalAdvance("W" * 9))
        font = self._word.font()
        font.setBold(True)
        self._word.setFont(font)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(10)
        layout.addWidget(self._bar, 1, Qt.AlignmentFlag.AlignVCenter)
        layout.addWidget(self._word)
        self.setAccessibleName(_("Password strength"))
        self.set_score(None)

    @property
    def score(self) -> int | None:
        return self._bar.score

    def word(self) -> str:
        return self._word.text()

    def set_score(self, score: int | None, *, pending: bool = False) -> None:
        """Show `score` (None: nothing to rate yet; `pending`: a rating is on its way)."""
        if score is not None and not 0 <= score < SEGMENTS:
            raise ValueError(f"not a zxcvbn score: {score}")
        self._bar.score = score
        if score is None:
            self._word.setText(_("Checking…") if pending else "")
        else:
            self._word.setText(strength_words(score))
        self.setAccessibleDescription(self._word.text() or _("Not rated"))
        self._bar.update()
