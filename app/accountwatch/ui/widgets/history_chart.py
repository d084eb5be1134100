"""A chart of each account's freeze-risk score over the recorded health checks, over band zones."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from PySide6.QtCore import QEvent, QPointF, QRectF, QSize, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QHelpEvent,
    QPainter,
    QPainterPath,
    QPaintEvent,
    QPen,
    QPixmap,
    QPolygonF,
)
from PySide6.QtWidgets import QSizePolicy, QToolTip, QWidget

from accountwatch.core.findings import Band
from accountwatch.i18n import _, format_date, join_clauses, ngettext
from accountwatch.services.history import ScorePoint
from accountwatch.services.wording import days_until
from accountwatch.ui.common import axis_dates, band_color, band_text

# Score ranges of the bands (risk-model.md), for the background zones.
ZONES = ((Band.LOW, 0, 20), (Band.MODERATE, 20, 50), (Band.HIGH, 50, 80), (Band.CRITICAL, 80, 100))

# Line colours kept apart from the band colours; a lighter set for dark palettes. Each line
# also has its own marker shape, so colour is never the only way to tell them apart.
_LIGHT = ("#1565c0", "#6a1b9a", "#00838f", "#5d4037", "#ad1457", "#37474f", "#283593")
_DARK = ("#64b5f6", "#ce93d8", "#4dd0e1", "#bcaaa4", "#f48fb1", "#cfd8dc", "#9fa8da")
_SHAPES = ("circle", "square", "triangle", "diamond")

Series = dict[str, list[tuple[dt.date, int]]]

# Lines drawn at most: beyond a dozen, lines and legend are a tangle nobody reads (a thousand
# accounts' legend alone was taller than the chart, and took a tenth of a second to draw). The
# accounts with the highest latest scores are the ones to watch; the legend says how many more.
MOST_LINES = 12


class HistoryChart(QWidget):
    """One line per account (legend by label), dates on the x axis, scores 0–100 on the y axis."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._series: Series = {}
        self._labels: dict[str, str] = {}
        self._not_drawn = 0
        # Each account's label and latest point, when some have no line (else: the lines').
        self._described: list[tuple[str, tuple[dt.date, int]]] = []
        self._dates: list[dt.date] = []
        # Each marker drawn, with its account, day and score (its tooltip's words are made
        # when it is pointed at: a large profile draws thousands of markers).
        self._hits: list[tuple[QPointF, str, dt.date, int]] = []
        self._drawn: tuple[tuple[object, ...], QPixmap] | None = None  # the chart as last drawn
        self.setMinimumHeight(240)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setAccessibleName(_("Score of each account over past health checks"))

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        return QSize(640, 300)

    def set_series(self, points: list[ScorePoint], labels: dict[str, str]) -> None:
        """`points`: (date evaluated, {account id: score}) oldest first; `labels`: account id →
        label in legend order (accounts missing from it are shown by id)."""
        series: Series = {}
        for day, scores in points:
            for account_id, score in scores.items():
                series.setdefault(account_id, []).append((day, score))
        order = [a for a in labels if a in series] + [a for a in series if a not in labels]
        self._not_drawn = max(0, len(order) - MOST_LINES)
        if self._not_drawn:
            place = {a: i for i, a in enumerate(order)}
            riskiest = sorted(order, key=lambda a: (-series[a][-1][1], place[a]))[:MOST_LINES]
            drawn = set(riskiest)
            self._described = [(labels.get(a, a), series[a][-1]) for a in order]
            order = [a for a in order if a in drawn]
        else:
            self._described = []
        self._series = {a: series[a] for a in order}
        self._labels = {a: labels.get(a, a) for a in order}
        self._dates = sorted({day for day, _scores in points})
        # Read out for every account, drawn or not.
        latest = self._described or [
            (self._labels[a], line[-1]) for a, line in self._series.items()
        ]
        self.setAccessibleDescription(
            join_clauses(
                _("{account}: {score} on {date}").format(
                    account=label, score=score, date=format_date(day)
                )
                for label, (day, score) in latest
            )
        )
        self._drawn = None
        self.update()

    def series(self) -> Series:
        """Each account's points as drawn, by account id (legend order)."""
        return {a: list(line) for a, line in self._series.items()}

    def labels(self) -> dict[str, str]:
        return dict(self._labels)

    def not_drawn(self) -> int:
        """How many accounts have no line (all but the MOST_LINES with the highest scores)."""
        return self._not_drawn

    def _colours(self) -> tuple[str, ...]:
        return _DARK if self.palette().window().color().lightness() < 128 else _LIGHT

    def _legend(self, painter: QPainter, width: float) -> float:
        """Draw the legend (wrapping) at the top; returns its height."""
        metrics = self.fontMetrics()
        line_height = metrics.height() + 6
        x, y = 0.0, 0.0
        colours = self._colours()
        for number, label in enumerate(self._labels.values()):
            item_width = 28 + metrics.horizontalAdvance(label) + 18
            if x > 0 and x + item_width > width:
                x, y = 0.0, y + line_height
            colour = QColor(colours[number % len(colours)])
            middle = y + line_height / 2
            painter.setPen(QPen(colour, 2))
            painter.drawLine(QPointF(x, middle), QPointF(x + 22, middle))
            _marker(painter, QPointF(x + 11, middle), number, colour, self.palette().base().color())
            painter.setPen(self.palette().windowText().color())
            painter.drawText(
                QRectF(x + 28, y, item_width, line_height),
                Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                label,
            )
            x += item_width
        if self._not_drawn:
            more = ngettext(
                "and {count} more account with lower scores (not drawn)",
                "and {count} more accounts with lower scores (not drawn)",
                self._not_drawn,
            ).format(count=self._not_drawn)
            item_width = metrics.horizontalAdvance(more) + 18
            if x > 0 and x + item_width > width:
                x, y = 0.0, y + line_height
            painter.setPen(self.palette().placeholderText().color())
            painter.drawText(
                QRectF(x, y, item_width, line_height),
                Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                more,
            )
        return y + line_height + 6 if self._labels else 0.0

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt's name
        # Drawn once per series, size and look, then copied: a large profile's chart (a line
        # and a legend entry per account) takes tens of milliseconds to draw, and the page is
        # painted again for many reasons (a selection, a tooltip, the window's status bar).
        ratio = self.devicePixelRatioF()
        key = (self.width(), self.height(), ratio, self.palette().cacheKey(), self.font().key())
        if self._drawn is None or self._drawn[0] != key:
            pixmap = QPixmap(round(self.width() * ratio), round(self.height() * ratio))
            pixmap.setDevicePixelRatio(ratio)
            pixmap.fill(Qt.GlobalColor.transparent)
            drawing = QPainter(pixmap)
            drawing.setFont(self.font())
            self._draw(drawing)
            drawing.end()
            self._drawn = (key, pixmap)
        painter = QPainter(self)
        painter.drawPixmap(0, 0, self._drawn[1])
        painter.end()

    def _draw(self, painter: QPainter) -> None:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        metrics = self.fontMetrics()
        text = self.palette().windowText().color()
        muted = self.palette().placeholderText().color()
        dark = self.palette().window().color().lightness() < 128
        legend = self._legend(painter, self.width())
        small = QFont(self.font())
        small.setPointSizeF(max(7.0, small.pointSizeF() * 0.85))
        zone_names = [band_text(band) for band, _low, _high in ZONES]
        painter.setFont(small)
        gutter = max(painter.fontMetrics().horizontalAdvance(n) for n in zone_names) + 12
        painter.setFont(self.font())
        left = metrics.horizontalAdvance("100") + 10
        plot = QRectF(
            left,
            legend + 4,
            max(10.0, self.width() - left - gutter),
            max(10.0, self.height() - legend - metrics.height() - 16),
        )

        def y_of(score: float) -> float:
            return plot.bottom() - plot.height() * score / 100

        for (band, low, high), name in zip(ZONES, zone_names, strict=True):
            zone = QColor(band_color(band))
            zone.setAlpha(60 if dark else 40)
            painter.fillRect(
                QRectF(plot.left(), y_of(high), plot.width(), y_of(low) - y_of(high)), zone
            )
            painter.setFont(small)
            painter.setPen(muted)
            painter.drawText(
                QRectF(plot.right() + 6, y_of(high), gutter - 6, y_of(low) - y_of(high)),
                Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                name,
            )
        painter.setFont(self.font())
        painter.setPen(text)
        for value in (0, 20, 50, 80, 100):
            painter.drawText(
                QRectF(0, y_of(value) - 9, left - 6, 18),
                Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                str(value),
            )
        self._hits = []
        if not self._dates:
            painter.drawText(plot, Qt.AlignmentFlag.AlignCenter, _("No health checks recorded yet"))
            return

        inner = plot.adjusted(14, 0, -14, 0)
        first, last = self._dates[0], self._dates[-1]
        span = days_until(last, first)

        def x_of(day: dt.date) -> float:
            if span == 0:
                return inner.center().x()
            return inner.left() + inner.width() * days_until(day, first) / span

        grid = QColor(muted)
        grid.setAlpha(90)
        painter.setPen(QPen(grid, 1, Qt.PenStyle.DotLine))
        for day in self._dates:
            painter.drawLine(QPointF(x_of(day), plot.top()), QPointF(x_of(day), plot.bottom()))
        self._date_labels(painter, plot, x_of)

        colours = self._colours()
        base = self.palette().base().color()
        for number, (account_id, line) in enumerate(self._series.items()):
            colour = QColor(colours[number % len(colours)])
            points = [QPointF(x_of(day), y_of(score)) for day, score in line]
            painter.setPen(QPen(colour, 2.2))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            if len(points) > 1:
                painter.drawPolyline(QPolygonF(points))
            for point, (day, score) in zip(points, line, strict=True):
                _marker(painter, point, number, colour, base)
                self._hits.append((point, account_id, day, score))

    def _date_labels(
        self, painter: QPainter, plot: QRectF, x_of: Callable[[dt.date], float]
    ) -> None:
        """The run dates under the plot, skipping those that would overlap (the last stays)."""
        metrics = painter.fontMetrics()
        painter.setPen(self.palette().windowText().color())
        boxes: list[tuple[QRectF, str]] = []
        for day, label in zip(self._dates, axis_dates(self._dates), strict=True):
            width = metrics.horizontalAdvance(label) + 8
            x = min(max(x_of(day) - width / 2, 0.0), self.width() - width)
            box = QRectF(x, plot.bottom() + 6, width, metrics.height())
            if boxes and boxes[-1][0].intersects(box):
                if day != self._dates[-1]:
                    continue
                boxes.pop()
            boxes.append((box, label))
        for box, label in boxes:
            painter.drawText(box, Qt.AlignmentFlag.AlignCenter, label)

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            position = QPointF(event.pos())
            near = [
                (abs(p.x() - position.x()) + abs(p.y() - position.y()), number)
                for number, (p, _account, _day, _score) in enumerate(self._hits)
            ]
            near = [n for n in near if n[0] <= 12]
            if near:
                _point, account_id, day, score = self._hits[min(near)[1]]
                text = _("{account}\n{date}: {score} ({band})").format(
                    account=self._labels[account_id],
                    date=format_date(day),
                    score=score,
                    band=band_text(Band.of(score)),
                )
                QToolTip.showText(event.globalPos(), text, self)
            else:
                QToolTip.hideText()
                event.ignore()
            return True
        return super().event(event)


def _marker(painter: QPainter, at: QPointF, number: int, colour: QColor, fill: QColor) -> None:
    """The marker of line `number`: its shape says which line it is, even without colour."""
    shape = _SHAPES[number % len(_SHAPES)]
    r = 4.0
    painter.save()
    painter.setPen(QPen(colour, 2))
    painter.setBrush(fill)
    if shape == "circle":
        painter.drawEllipse(at, r, r)
    elif shape == "square":
        painter.drawRect(QRectF(at.x() - r, at.y() - r, 2 * r, 2 * r))
    else:
        path = QPainterPath()
        if shape == "triangle":
            corners = [(0.0, -r - 1), (r + 1, r), (-r - 1, r)]
        else:
            corners = [(0.0, -r - 1), (r + 1, 0.0), (0.0, r + 1), (-r - 1, 0.0)]
        path.moveTo(at + QPointF(*corners[0]))
        for dx, dy in corners[1:]:
            path.lineTo(at + QPointF(dx, dy))
        path.closeSubpath()
        painter.drawPath(path)
    painter.restore()
