"""The History page: each account's score over the recorded checks, and every run as it was."""

from __future__ import annotations

from html import escape
from typing import TYPE_CHECKING

from PySide6.QtCore import QModelIndex, QSize, Qt
from PySide6.QtGui import QFont, QIcon, QPainter, QPixmap
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSplitter,
    QTextBrowser,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from accountwatch.core.findings import Band
from accountwatch.i18n import _, format_date, format_moment
from accountwatch.services import history
from accountwatch.services.history import ScorePoint, score_series
from accountwatch.services.types import RecordedRun, RunFinding
from accountwatch.services.wording import acknowledged_because, category_words
from accountwatch.ui.common import band_color, band_text, emphasis_html
from accountwatch.ui.navigation import Page, Target
from accountwatch.ui.pages.base import Navigate, PageWidget
from accountwatch.ui.state import AppState
from accountwatch.ui.widgets.fit import open_within_screen
from accountwatch.ui.widgets.history_chart import HistoryChart
from accountwatch.ui.widgets.page import page_column, page_header
from accountwatch.ui.widgets.row_model import Row, RowModel
from accountwatch.ui.widgets.table import fit_columns, make_table, select_id, selected_id

if TYPE_CHECKING:
    from accountwatch.ui.dialogs.why_score import WhyScoreDialog

# A year of weekly checks: enough to see a trend, few enough to read each point.
CHART_RUNS = 52
FINDING_ROLE = Qt.ItemDataRole.UserRole + 1
ACCOUNT_ROLE = Qt.ItemDataRole.UserRole + 2  # on an account's line: its id


def band_icon(band: Band, size: int = 12) -> QIcon:
    """A small disc in the band's colour (always shown beside the band's word)."""
    pixmap = QPixmap(size, size)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(band_color(band))
    painter.drawEllipse(1, 1, size - 2, size - 2)
    painter.end()
    return QIcon(pixmap)


class RunDialog(QDialog):
    """One recorded health check with its findings exactly as they were recorded."""

    def __init__(self, state: AppState, run: RecordedRun, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.state = state
        self.run = run
        self.setWindowTitle(_("Health check of {date}").format(date=format_date(run.evaluated_on)))
        open_within_screen(self, QSize(900, 680))
        band = Band(run.band)

        summary = QFormLayout()
        summary.setLabelAlignment(Qt.AlignmentFlag.AlignRight)
        summary.addRow(_("Date evaluated:"), QLabel(format_date(run.evaluated_on)))
        summary.addRow(_("Recorded at:"), QLabel(format_moment(run.recorded_at)))
        overall = QLabel(_("{score} of 100 — {band}").format(score=run.score, band=band_text(band)))
        bold = QFont(overall.font())
        bold.setBold(True)
        overall.setFont(bold)
        summary.addRow(_("Overall freeze risk:"), overall)

        self.tree = QTreeWidget()
        self.tree.setAccessibleName(_("Findings of this health check"))
        self.tree.setHeaderLabels([_("Finding"), _("Category"), _("Status")])
        self.tree.setAlternatingRowColors(True)
        self.tree.setUniformRowHeights(True)
        header = self.tree.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        self._fill()
        self.tree.currentItemChanged.connect(lambda current, _previous: self._details(current))

        self.details = QTextBrowser()
        self.details.setAccessibleName(_("Details of the selected finding"))
        self.details.setOpenLinks(False)
        self.details.setMinimumHeight(self.fontMetrics().height() * 5)
        self._details(None)

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.export_button = QPushButton(_("Export…"))
        self.export_button.setAccessibleName(_("Export the report of this health check"))
        self.export_button.setToolTip(_("Save this health check's report as a PDF or HTML file"))
        self.buttons.addButton(self.export_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.export_button.clicked.connect(self.export)
        self.why_button = QPushButton(_("Why this score?"))
        self.why_button.setAccessibleName(_("Why this score? The points each finding adds"))
        self.why_button.setToolTip(
            _("The points each finding added to the selected account's score")
        )
        self.buttons.addButton(self.why_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.why_button.clicked.connect(self.explain)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(18, 16, 18, 14)
        layout.setSpacing(10)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.setChildrenCollapsible(False)
        splitter.addWidget(self.tree)
        splitter.addWidget(self.details)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([460, 110])
        layout.addLayout(summary)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.buttons)
        self.tree.setFocus()

    def _fill(self) -> None:
        profile = self.state.profile
        # Room around each line (Japanese fallback fonts are taller than the Latin ones).
        row = QSize(0, self.fontMetrics().height() + 10)
        for run_account in self.run.accounts:
            account = profile.account(run_account.account_id)
            label = account.display_name if account else run_account.account_id
            band = Band(run_account.band)
            top = QTreeWidgetItem(
                [
                    _("{account} — {score} of 100").format(account=label, score=run_account.score),
                    "",
                    band_text(band),
                ]
            )
            top.setIcon(2, band_icon(band))
            top.setData(0, ACCOUNT_ROLE, run_account.account_id)
            top.setSizeHint(0, row)
            font = QFont(top.font(0))
            font.setBold(True)
            top.setFont(0, font)
            self.tree.addTopLevelItem(top)
            if not run_account.findings:
                top.addChild(QTreeWidgetItem([_("No findings."), "", ""]))
            for finding in run_account.findings:
                child = QTreeWidgetItem(
                    [
                        finding.message,
                        category_words(finding.category),
                        _("Acknowledged") if finding.acknowledged else _("Open"),
                    ]
                )
                child.setData(0, FINDING_ROLE, finding)
                child.setSizeHint(0, row)
                child.setToolTip(0, finding.message)
                if finding.acknowledged:
                    child.setForeground(0, self.palette().placeholderText())
                top.addChild(child)
        self.tree.expandAll()

    def explain(self) -> WhyScoreDialog:
        """ "Why this score?" on this run's scores, the selected account's first; its lines
        only show: the findings were as recorded then."""
        item = self.tree.currentItem()
        while item is not None and item.parent() is not None:
            item = item.parent()
        account_id = item.data(0, ACCOUNT_ROLE) if item is not None else None
        from accountwatch.ui.dialogs.why_score import show_why_score  # as the Accounts page

        return show_why_score(
            self, self.state, None, str(account_id) if account_id else None, run=self.run
        )

    def _details(self, item: QTreeWidgetItem | None) -> None:
        finding = item.data(0, FINDING_ROLE) if item is not None else None
        if not isinstance(finding, RunFinding):
            self.details.setPlainText(_("Select a finding to see why it matters and what to do."))
            return
        lines = [f"<p><b>{escape(finding.message)}</b></p>"]
        if finding.acknowledged:
            reason = acknowledged_because(finding.ack_reason, finding.ack_until)
            said = (
                _("Acknowledged at the time of this check: {reason}").format(reason=reason)
                if reason
                else _("Acknowledged at the time of this check.")
            )
            lines.append(f"<p>{emphasis_html(escape(said))}</p>")
        if finding.why:
            lines.append(f"<p>{escape(_('Why it matters: {why}').format(why=finding.why))}</p>")
        lines.append(f"<p>{escape(_('What to do: {action}').format(action=finding.action))}</p>")
        self.details.setHtml("".join(lines))

    def messages(self) -> list[str]:
        """Every finding's message as shown (for tests and accessibility checks)."""
        out = []
        for i in range(self.tree.topLevelItemCount()):
            top = self.tree.topLevelItem(i)
            assert top is not None
            for j in range(top.childCount()):
                child = top.child(j)
                if child is not None and isinstance(child.data(0, FINDING_ROLE), RunFinding):
                    out.append(child.text(0))
        return out

    def export(self) -> None:
        # The report's module (and pypdf, 50 ms) loads on the first export, not with the page.
        from accountwatch.ui.report_pdf import export_report

        export_report(self, self.state, self.run)


class HistoryPage(PageWidget):
    page = Page.HISTORY

    def __init__(self, state: AppState, navigate: Navigate, parent: QWidget | None = None) -> None:
        super().__init__(state, navigate, parent)
        self.dialog: RunDialog | None = None
        self._loading = 0  # the latest series load; older answers are dropped
        self._series_shown: tuple[list[ScorePoint], dict[str, str]] | None = None

        self.chart = HistoryChart()
        chart_box = QGroupBox(_("Score per account"))
        QVBoxLayout(chart_box).addWidget(self.chart)

        self.model = RowModel(
            [_("Date evaluated"), _("Recorded at"), _("Open findings"), _("Score"), _("Risk")],
            right_aligned=(2, 3),
        )
        self.table = make_table(self.model, _("Recorded health checks"))
        self.table.doubleClicked.connect(self._open_index)
        self.table.activated.connect(self._open_index)
        self.table.selectionModel().selectionChanged.connect(self._update_buttons)

        self.open_button = QPushButton(_("Open…"))
        self.open_button.setAccessibleName(_("Open the selected health check"))
        self.open_button.setToolTip(_("Show the findings of the selected check as they were"))
        self.open_button.clicked.connect(self.open_selected)
        self.export_button = QPushButton(_("Export report…"))
        self.export_button.setAccessibleName(_("Export the current report"))
        self.export_button.clicked.connect(self.export_current)
        buttons = QHBoxLayout()
        buttons.addWidget(self.open_button)
        buttons.addStretch(1)
        buttons.addWidget(self.export_button)

        runs_box = QGroupBox(_("Recorded health checks"))
        runs_layout = QVBoxLayout(runs_box)
        runs_layout.addLayout(buttons)
        runs_layout.addWidget(self.table)

        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.setChildrenCollapsible(False)
        splitter.addWidget(chart_box)
        splitter.addWidget(runs_box)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)

        layout = page_column(self)
        layout.addWidget(
            page_header(
                _("History"),
                _(
                    "Each recorded health check, newest first, and how every account's "
                    "freeze risk moved between them. Open a check to see its findings as "
                    "they were."
                ),
            )
        )
        layout.addWidget(splitter, 1)
        self.refresh()
        self.table.sortByColumn(1, Qt.SortOrder.DescendingOrder)

    def title(self) -> str:
        return _("History")

    def refresh(self) -> None:
        chosen = selected_id(self.table)
        rows = []
        for run in self.state.runs:
            band = Band(run.band)
            recorded = format_moment(run.recorded_at)
            rows.append(
                Row(
                    id=str(run.id),
                    cells=(
                        format_date(run.evaluated_on),
                        recorded,
                        str(run.open_findings),
                        str(run.score),
                        band_text(band),
                    ),
                    sort_keys=(
                        (run.evaluated_on, run.recorded_at),
                        (run.recorded_at, run.id),
                        run.open_findings,
                        run.score,
                        run.score,
                    ),
                    badge=band_color(band),
                )
            )
        self.model.set_rows(rows)
        fit_columns(self.table, 4)
        select_id(self.table, chosen)
        self._update_buttons()
        self._load_series()

    def _load_series(self) -> None:
        self._loading += 1
        ticket = self._loading
        ws = self.state.ws

        def done(points: list[ScorePoint]) -> None:
            if ticket == self._loading:
                self._show_series(points)

        # Reading every run is a query per run: off the GUI thread.
        self.state.tasks.run(lambda: score_series(ws, CHART_RUNS), done, self.state.failed.emit)

    def _show_series(self, points: list[ScorePoint]) -> None:
        labels = {a.id: a.display_name for a in self.state.profile.accounts}
        # An edit records no run: the chart of a thousand accounts is not drawn again for it.
        if (points, labels) != self._series_shown:
            self._series_shown = (points, labels)
            self.chart.set_series(points, labels)

    def _update_buttons(self) -> None:
        self.open_button.setEnabled(selected_id(self.table) is not None)
        # Until a check is recorded a report would have nothing in it.
        exportable = self.state.result is not None and bool(self.state.runs)
        self.export_button.setEnabled(exportable)
        self.export_button.setToolTip(
            _("Save today's report (every account's score and findings) as a PDF or HTML file")
            if exportable
            else _("Nothing to export yet: record a health check first (Run health check).")
        )

    def open_selected(self) -> None:
        run_id = selected_id(self.table)
        if run_id is not None:
            self.open_run(int(run_id))

    def _open_index(self, index: QModelIndex) -> None:
        run_id = index.data(Qt.ItemDataRole.UserRole)
        if run_id is not None:
            self.open_run(int(run_id))

    def open_run(self, run_id: int) -> None:
        """Load the run (off the GUI thread) and show it in a dialog."""
        ws = self.state.ws
        self.state.tasks.run(
            lambda: history.run(ws, run_id), self._show_run, self.state.failed.emit
        )

    def _show_run(self, run: RecordedRun | None) -> None:
        if run is None:
            return
        if self.dialog is not None:
            self.dialog.close()
        self.dialog = RunDialog(self.state, run, self)
        self.dialog.open()

    def export_current(self) -> None:
        from accountwatch.ui.report_pdf import export_report

        export_report(self, self.state)

    def show_target(self, target: Target) -> None:
        if target.item and select_id(self.table, target.item):
            self.open_run(int(target.item))
