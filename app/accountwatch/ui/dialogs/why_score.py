""" "Why this score?": the points each finding adds to an account's score, as bars by category."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, QSize, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPaintEvent, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSizePolicy,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from accountwatch.core.findings import Band, Category
from accountwatch.core.risk import SCORE_SENTENCE
from accountwatch.i18n import _, format_date, join_list, ngettext
from accountwatch.services.explanation import Explanation, explain, explain_recorded
from accountwatch.services.types import RecordedRun
from accountwatch.services.wording import category_words
from accountwatch.ui.common import band_color, band_text, plain_label
from accountwatch.ui.navigation import finding_target
from accountwatch.ui.pages.base import Navigate
from accountwatch.ui.state import AppState

# One colour per category, apart from the band colours; the category's word always goes along.
CATEGORY_COLORS = {
    Category.SECURITY: QColor("#1565c0"),
    Category.PAYMENT: QColor("#6a1b9a"),
    Category.REGISTRATION: QColor("#00838f"),
    Category.CONDUCT: QColor("#8d6e63"),
}

POINTS_ROLE = Qt.ItemDataRole.UserRole + 1  # float: the points a line adds
COLOR_ROLE = Qt.ItemDataRole.UserRole + 2  # QColor of the line's category
POINTS_COLUMN = 2


@dataclass(frozen=True)
class _Scored:
    """An account's score and band, and how to explain it (worked out when shown)."""

    account_id: str
    score: int
    band: Band
    explain: Callable[[], Explanation]


def points_text(points: float) -> str:
    return f"+{points:.1f}"


class ScoreBar(QWidget):
    """The score on 0–100 as one bar made of each category's subtotal."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.parts: tuple[tuple[Category, float], ...] = ()
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setAccessibleName(_("Points per category"))

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        return QSize(300, 16)

    def set_parts(self, parts: tuple[tuple[Category, float], ...]) -> None:
        self.parts = parts
        self.setAccessibleDescription(
            join_list(f"{category_words(c)} {points_text(p)}" for c, p in parts)
        )
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt's name
        painter = QPainter(self)
        track = self.rect().adjusted(0, 2, -1, -2)
        painter.fillRect(track, self.palette().color(QPalette.ColorRole.Mid))
        left = float(track.left())
        for category, points in self.parts:
            width = track.width() * points / 100
            painter.fillRect(
                QRect(
                    round(left),
                    track.top(),
                    max(1, round(left + width) - round(left)),
                    track.height(),
                ),
                CATEGORY_COLORS[category],
            )
            left += width
        painter.end()


class _BarDelegate(QStyledItemDelegate):
    """Draws a line's points as a bar in its category's colour, on the score's 0–100 scale,
    with the number beside it."""

    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> None:
        points = index.data(POINTS_ROLE)
        if points is None:
            super().paint(painter, option, index)
            return
        self.initStyleOption(option, index)
        option.text = ""
        style = option.widget.style() if option.widget else None
        if style is not None:
            style.drawControl(QStyle.ControlElement.CE_ItemViewItem, option, painter, option.widget)
        rect = option.rect.adjusted(6, 0, -6, 0)
        metrics = option.fontMetrics
        number_width = metrics.horizontalAdvance("+100.0") + 6
        track = QRect(rect.left(), rect.center().y() - 5, rect.width() - number_width, 10)
        painter.save()
        painter.fillRect(track, option.palette.color(QPalette.ColorRole.Midlight))
        width = max(2, round(track.width() * float(points) / 100))
        painter.fillRect(
            QRect(track.left(), track.top(), width, track.height()), index.data(COLOR_ROLE)
        )
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        role = QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        painter.setPen(option.palette.color(role))
        number = QRect(rect.right() - number_width, rect.top(), number_width, rect.height())
        painter.drawText(
            number, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, str(index.data())
        )
        painter.restore()

    def sizeHint(  # noqa: N802 - Qt's name
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> QSize:
        size = super().sizeHint(option, index)
        return QSize(max(size.width(), 220), max(size.height(), 24))


class WhyScoreDialog(QDialog):
    """Which findings make an account's score, each line opening its finding on the Findings
    page (`navigate` None: nowhere to go, the lines only show); with `overall`, says the overall
    score is the riskiest account's."""

    def __init__(
        self,
        state: AppState,
        navigate: Navigate | None,
        account_id: str | None = None,
        *,
        overall: bool = False,
        run: RecordedRun | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.state = state
        self.navigate = navigate
        self.run = run
        self.overall = overall
        self.explanation: Explanation | None = None
        self.opened = False  # a line was opened: Enter also reaches the default button
        self.setWindowTitle(_("Why this score?"))
        self.resize(800, 520)

        self.account = QComboBox()
        self.account.setAccessibleName(_("Account"))
        self.account.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        account_label = QLabel(_("&Account:"))
        account_label.setBuddy(self.account)
        top = QHBoxLayout()
        top.addWidget(account_label)
        top.addWidget(self.account, 1)
        self.overall_note = plain_label(muted=True)
        self.headline = QLabel()
        font = QFont(self.headline.font())
        font.setPointSizeF(font.pointSizeF() * 1.15)
        font.setBold(True)
        self.headline.setFont(font)
        self.bar = ScoreBar()
        self.legend = QLabel()
        self.legend.setWordWrap(True)
        self.legend.setTextFormat(Qt.TextFormat.RichText)

        self.lines = QTreeWidget()
        self.lines.setColumnCount(3)
        self.lines.setHeaderLabels([_("Finding"), _("Category"), _("Points added")])
        self.lines.setAccessibleName(_("Points each finding adds"))
        self.lines.setRootIsDecorated(False)
        self.lines.setUniformRowHeights(True)
        self.lines.setAlternatingRowColors(True)
        self.lines.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.lines.setItemDelegateForColumn(POINTS_COLUMN, _BarDelegate(self.lines))
        header = self.lines.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(POINTS_COLUMN, QHeaderView.ResizeMode.Fixed)
        header.resizeSection(POINTS_COLUMN, 230)
        self.lines.itemActivated.connect(lambda item, _column: self.open_line(item))
        self.lines.currentItemChanged.connect(lambda *_args: self._selection_changed())

        self.sentence = plain_label(_(SCORE_SENTENCE), muted=True)
        self.note = plain_label(muted=True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.open_button = QPushButton(_("&Open finding"))
        self.open_button.setAccessibleName(_("Open the selected finding on the Findings page"))
        self.open_button.setToolTip(_("Open the selected finding (Enter or double-click)"))
        self.open_button.setDefault(True)
        self.open_button.clicked.connect(lambda: self.open_line(self.lines.currentItem()))
        buttons.addButton(self.open_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.open_button.setVisible(navigate is not None)
        buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.setSpacing(8)
        layout.addLayout(top)
        for widget in (self.overall_note, self.headline, self.bar, self.legend):
            layout.addWidget(widget)
        layout.addWidget(self.lines, 1)
        layout.addWidget(self.sentence)
        layout.addWidget(self.note)
        layout.addWidget(buttons)

        self._fill_accounts(account_id)
        self.account.currentIndexChanged.connect(lambda _index: self.show_account())
        if run is None:  # a recorded run stays as it was
            state.changed.connect(self._state_changed)
        else:
            self.setWindowTitle(
                _("Why this score? — health check of {date}").format(
                    date=format_date(run.evaluated_on)
                )
            )
        self.show_account()
        self.lines.setFocus()

    # --- drawing ----------------------------------------------------------------------------

    def _scores(self) -> tuple[int, list[_Scored]]:
        """The overall score and each account's, from the recorded run or the latest check."""
        if self.run is not None:
            return self.run.score, [
                _Scored(a.account_id, a.score, Band(a.band), partial(explain_recorded, a))
                for a in self.run.accounts
            ]
        result = self.state.result
        if result is None:
            return 0, []
        return result.assessment.score, [
            _Scored(a.account_id, a.score, a.band, partial(explain, a))
            for a in result.assessment.accounts
        ]

    def _fill_accounts(self, selected: str | None) -> None:
        self.account.blockSignals(True)
        self.account.clear()
        labels = {a.id: a.display_name for a in self.state.profile.accounts}
        for scored in sorted(self._scores()[1], key=lambda a: -a.score):
            self.account.addItem(
                _("{account} — {score}, {band}").format(
                    account=labels.get(scored.account_id, scored.account_id),
                    score=scored.score,
                    band=band_text(scored.band),
                ),
                scored.account_id,
            )
        index = self.account.findData(selected) if selected is not None else 0
        self.account.setCurrentIndex(max(0, index))
        self.account.blockSignals(False)

    def _state_changed(self) -> None:
        self._fill_accounts(self.account_id())
        self.show_account()

    def account_id(self) -> str | None:
        data = self.account.currentData()
        return str(data) if data is not None else None

    def show_account(self) -> None:
        """Draw the explanation of the account chosen in the list."""
        overall, scores = self._scores()
        account_id = self.account_id()
        outcome = next((s for s in scores if s.account_id == account_id), None)
        self.lines.clear()
        if outcome is None:
            self.explanation = None
            self.headline.setText(_("No check yet"))
            self.bar.set_parts(())
            self.legend.clear()
            self.overall_note.hide()
            self.note.hide()
            self._selection_changed()
            return
        explanation = self.explanation = outcome.explain()
        label = self.account.currentText()
        self.overall_note.setVisible(self.overall)
        self.overall_note.setText(
            _("The overall score, {score}, is the score of the riskiest account.").format(
                score=overall
            )
        )
        color = band_color(outcome.band).name()
        self.headline.setText(
            _("Score {score} of 100 ({band}): the points below add up to it.").format(
                score=outcome.score, band=band_text(outcome.band)
            )
            if explanation.lines
            else _("Score {score} of 100 ({band}): nothing adds points.").format(
                score=outcome.score, band=band_text(outcome.band)
            )
        )
        self.headline.setStyleSheet(f"border-left: 5px solid {color}; padding-left: 6px;")
        self.headline.setAccessibleName(label)
        self.bar.set_parts(explanation.subtotals)
        self.legend.setText(
            " &nbsp; ".join(
                f"<span style='color:{CATEGORY_COLORS[c].name()}'>■</span> "
                f"{category_words(c)} <b>{points_text(p)}</b>"
                for c, p in explanation.subtotals
            )
        )
        self.legend.setVisible(bool(explanation.subtotals))
        self.bar.setVisible(bool(explanation.subtotals))
        items = []
        for line in explanation.lines:
            item = QTreeWidgetItem(
                [line.message, category_words(line.category), points_text(line.points)]
            )
            item.setData(POINTS_COLUMN, POINTS_ROLE, line.points)
            item.setData(POINTS_COLUMN, COLOR_ROLE, CATEGORY_COLORS[line.category])
            item.setToolTip(0, line.message)
            item.setData(
                0,
                Qt.ItemDataRole.AccessibleTextRole,
                _("{finding}: {points} points, {category}").format(
                    finding=line.message,
                    points=points_text(line.points),
                    category=category_words(line.category),
                ),
            )
            items.append(item)
        self.lines.addTopLevelItems(items)
        if items:
            self.lines.setCurrentItem(items[0])
        acknowledged = explanation.acknowledged
        self.note.setText(
            ngettext(
                "{n} acknowledged finding adds no points.",
                "{n} acknowledged findings add no points.",
                acknowledged,
            ).format(n=acknowledged)
        )
        self.note.setVisible(acknowledged > 0)
        self._selection_changed()

    def _selection_changed(self) -> None:
        self.open_button.setEnabled(self.lines.currentItem() is not None)

    # --- acting -----------------------------------------------------------------------------

    def open_line(self, item: QTreeWidgetItem | None) -> None:
        """Close and show the line's finding, selected, on the Findings page."""
        row = self.lines.indexOfTopLevelItem(item) if item is not None else -1
        if self.navigate is None or self.opened or self.explanation is None or row < 0:
            return
        self.opened = True
        self.accept()
        self.navigate(finding_target(self.explanation.lines[row].key))


def show_why_score(
    parent: QWidget,
    state: AppState,
    navigate: Navigate | None,
    account_id: str | None = None,
    *,
    overall: bool = False,
    run: RecordedRun | None = None,
) -> WhyScoreDialog:
    """Open "Why this score?" on `account_id` (None: the riskiest account) of the latest check
    or of a recorded `run`, over `parent`'s window; it goes away when closed."""
    dialog = WhyScoreDialog(
        state, navigate, account_id, overall=overall, run=run, parent=parent.window()
    )
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()
    return dialog
