"""A line chart of the freeze-risk score over past health checks, over the four band zones."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPaintEvent, QPen, QPolygonF
from PySide6.QtWidgets import QSizePolicy, QWidget

from accountwatch.core.findings import Band
from accountwatch.i18n import _, format_date, join_clauses
from accountwatch.ui.common import axis_dates, band_color

# Score ranges of the bands (risk-model.md), for the background zones only.
_ZONES = ((Band.LOW, 0, 20), (Band.MODERATE, 20, 50), (Band.HIGH, 50, 80), (Band.CRITICAL, 80, 100))


class TrendChart(QWidget):
    """Points are (date evaluated, score), oldest first; the last ones are drawn."""

    MAX_POINTS = 26  # half a year of weekly checks

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._points: list[tuple[dt.date, int]] = []
        self.setMinimumHeight(140)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.setAccessibleName(_("Score over past health checks"))

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        return QSize(360, 160)

    def set_points(self, points: list[tuple[dt.date, int]]) -> None:
        self._points = points[-self.MAX_POINTS :]
        if self._points:
            summary = join_clauses(
                _("{date}: {score}").format(date=format_date(d), score=s)
                for d, s in self._points[-5:]
            )
            self.setAccessibleDescription(summary)
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt's name
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        metrics = self.fontMetrics()
        left = metrics.horizontalAdvance("100") + 8
        plot = QRectF(left, 6, self.width() - left - 8, self.height() - metrics.height() - 14)
        text = self.palette().windowText().color()
        for band, low, high in _ZONES:
            zone = QColor(band_color(band))
            zone.setAlpha(38)
            top = plot.bottom() - plot.height() * high / 100
            painter.fillRect(
                QRectF(plot.left(), top, plot.width(), plot.height() * (high - low) / 100), zone
            )
        painter.setPen(text)
        for value in (0, 50, 100):
            y = plot.bottom() - plot.height() * value / 100
            painter.drawText(
                QRectF(0, y - 8, left - 6, 16),
                Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                str(value),
            )
        if not self._points:
            # Wrapped: on a narrow window the plot is narrower than the sentence.
            flags = Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap
            empty = _("No health checks recorded yet")
            painter.drawText(plot.adjusted(8, 0, -8, 0), int(flags), empty)
            painter.end()
            return
        step = plot.width() / max(1, len(self._points) - 1)
        points = [
            QPointF(
                plot.left() + (i * step if len(self._points) > 1 else plot.width() / 2),
                plot.bottom() - plot.height() * score / 100,
            )
            for i, (_day, score) in enumerate(self._points)
        ]
        painter.setPen(QPen(text, 2))
        painter.drawPolyline(QPolygonF(points))
        painter.setBrush(self.palette().base())
        for point in points:
            painter.drawEllipse(point, 3.5, 3.5)
        first, last = self._points[0][0], self._points[-1][0]
        first_label, last_label = axis_dates([first, last])
        baseline = QRectF(plot.left(), plot.bottom() + 4, plot.width(), metrics.height())
        painter.drawText(baseline, Qt.AlignmentFlag.AlignLeft, first_label)
        if last != first:
            painter.drawText(baseline, Qt.AlignmentFlag.AlignRight, last_label)
        painter.end()
