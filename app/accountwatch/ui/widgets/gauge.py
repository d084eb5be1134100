"""A half-ring gauge of the freeze-risk score, its band in colour and in words."""

from __future__ import annotations

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QFont, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from accountwatch.core.findings import Band
from accountwatch.i18n import _
from accountwatch.ui.common import band_color, band_text


class RiskGauge(QWidget):
    """Score 0–100 on a 180° arc; the band's name is written under the number."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._score: int | None = None
        self._band = Band.LOW
        self.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        self.setAccessibleName(_("Freeze-risk score"))

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        return QSize(220, 150)

    def set_score(self, score: int | None, band: Band) -> None:
        self._score, self._band = score, band
        if score is None:
            self.setAccessibleDescription(_("No check yet"))
        else:
            self.setAccessibleDescription(
                _("{score} of 100, {band}").format(score=score, band=band_text(band))
            )
        self.update()

    @property
    def score(self) -> int | None:
        return self._score

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt's name
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        width = 16.0
        side = min(self.width() - width, 2 * (self.height() - 40) - width)
        rect = QRectF((self.width() - side) / 2, width / 2 + 4, side, side)
        track = QPen(
            self.palette().mid().color(), width, Qt.PenStyle.SolidLine, Qt.PenCapStyle.FlatCap
        )
        painter.setPen(track)
        painter.drawArc(rect, 0, 180 * 16)
        if self._score is not None:
            color = band_color(self._band)
            painter.setPen(QPen(color, width, Qt.PenStyle.SolidLine, Qt.PenCapStyle.FlatCap))
            span = round(180 * 16 * self._score / 100)
            painter.drawArc(rect, 180 * 16, -span)
        text_color = self.palette().windowText().color()
        number = QFont(self.font())
        number.setPointSizeF(self.font().pointSizeF() * 2.6)
        number.setBold(True)
        painter.setFont(number)
        painter.setPen(text_color)
        centre = rect.center().y()
        number_rect = QRectF(0, centre - 44, self.width(), 44)
        shown = "—" if self._score is None else str(self._score)
        painter.drawText(
            number_rect, Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignBottom, shown
        )
        label = QFont(self.font())
        label.setBold(True)
        painter.setFont(label)
        words = _("No check yet") if self._score is None else band_text(self._band)
        if self._score is not None:
            painter.setPen(band_color(self._band).darker(110))
        painter.drawText(
            QRectF(0, centre + 4, self.width(), 28), Qt.AlignmentFlag.AlignHCenter, words
        )
        painter.end()
