"""The analysis of a password manager's export: progress with counts, Cancel, then what was
found per account, what was kept, and the offer to delete the export file."""

from __future__ import annotations

import datetime as dt
import threading
from pathlib import Path

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from accountwatch.i18n import _, join_list
from accountwatch.services import password_export
from accountwatch.services.password_wording import (
    account_lines,
    delete_warning,
    format_name,
    kept_sentence,
)
from accountwatch.services.pwned_file import BreachFileError
from accountwatch.services.workspace import Workspace
from accountwatch.ui.state import AppState


class _Progress(QObject):
    """Carries the worker's counts to the GUI thread (a queued signal)."""

    counted = Signal(int, int)


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


class ExportAnalysisDialog(QDialog):
    """Runs the analysis of `path` on the writer thread as soon as it opens."""

    def __init__(self, state: AppState, path: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.state = state
        self.path = path
        self.analysis: password_export.ExportAnalysis | None = None
        self._stop = threading.Event()
        self.setWindowTitle(_("Analyse a password manager export"))
        self.setMinimumWidth(560)

        self.status = QLabel(_("Reading {file}…").format(file=path.name))
        self.status.setWordWrap(True)
        self.bar = QProgressBar()
        self.bar.setRange(0, 0)  # busy until the first count
        self.bar.setAccessibleName(_("Passwords compared"))
        self.report = QTextBrowser()
        self.report.setOpenLinks(False)
        self.report.hide()
        self.warning = QLabel(delete_warning(path))
        self.warning.setWordWrap(True)
        self.warning.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.warning.hide()

        self.buttons = QDialogButtonBox()
        self.cancel_button = self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.cancel_button.clicked.connect(self.cancel)
        self.delete_button = QPushButton(_("Delete the export file…"))
        self.delete_button.clicked.connect(self.delete_export)
        self.delete_button.hide()
        self.buttons.addButton(self.delete_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.close_button = self.buttons.addButton(QDialogButtonBox.StandardButton.Close)
        self.close_button.clicked.connect(self.accept)
        self.close_button.hide()

        layout = QVBoxLayout(self)
        layout.addWidget(self.status)
        layout.addWidget(self.bar)
        layout.addWidget(self.report, 1)
        layout.addWidget(self.warning)
        layout.addWidget(self.buttons)

        self._progress = _Progress(self)
        self._progress.counted.connect(self._counted)
        self._start()

    # -- running -----------------------------------------------------------------------------

    def _start(self) -> None:
        path, today = self.path, self.state.today
        progress, stop = self._progress, self._stop

        def change(ws: Workspace) -> password_export.ExportAnalysis:
            return password_export.analyse_export(
                ws,
                path,
                today=today,
                progress=progress.counted.emit,
                cancelled=stop.is_set,
            )

        self.state.apply(change, self._done, self._failed)

    def _counted(self, done: int, total: int) -> None:
        if self.analysis is not None or self._stop.is_set():
            return
        self.bar.setRange(0, max(total, 1))
        self.bar.setValue(done)
        self.status.setText(
            _("Comparing the export's passwords: {done} of {total}…").format(done=done, total=total)
        )

    def cancel(self) -> None:
        """Stop the analysis (nothing is kept) or, when it has ended, close."""
        if self.analysis is not None or self.close_button.isVisible():
            self.reject()
            return
        self._stop.set()
        self.cancel_button.setEnabled(False)
        self.status.setText(_("Stopping…"))

    def reject(self) -> None:
        # Escape or the window's close button while it runs: stop it, then close.
        self._stop.set()
        super().reject()

    def _done(self, result: password_export.ExportAnalysis) -> None:
        self.analysis = result
        self.bar.setRange(0, 1)
        self.bar.setValue(1)
        self.status.setText(
            _("{format} export: {entries} passwords compared with your accounts.").format(
                format=format_name(str(result.format)), entries=result.entries
            )
        )
        self.report.setHtml(self._report_html(result))
        self.report.show()
        self._ended(offer_delete=True)

    def _failed(self, exc: BaseException) -> None:
        if isinstance(exc, password_export.AnalysisCancelledError):
            text = _("Stopped: nothing was kept.")
        elif isinstance(exc, password_export.ExportError | BreachFileError):
            text = _("The export was not analysed, nothing was changed: {problem}").format(
                problem=exc
            )
        else:
            text = _("The export was not analysed: {error}").format(error=exc)
        self.status.setText(text)
        self.bar.hide()
        self._ended(offer_delete=False)

    def _ended(self, *, offer_delete: bool) -> None:
        self.cancel_button.hide()
        self.close_button.show()
        self.close_button.setDefault(True)
        self.warning.setVisible(offer_delete)
        self.delete_button.setVisible(offer_delete and self.path.exists())
        if self.isVisible():
            self.adjustSize()

    def _report_html(self, result: password_export.ExportAnalysis) -> str:
        today: dt.date = self.state.today
        parts = []
        for account in result.accounts:
            lines = account_lines(account, today, result.breach_source)
            items = "".join(f"<li>{_escape(line)}</li>" for line in lines)
            parts.append(f"<p><b>{_escape(account.name)}</b></p><ul>{items}</ul>")
        if result.breached_sites:
            sites = join_list(list(result.breached_sites))
            parts.append(
                "<p>"
                + _escape(
                    _("Passwords of other sites found in breaches ({file}): {sites}").format(
                        file=result.breach_source, sites=sites
                    )
                )
                + "</p>"
            )
        # No italics: Japanese is never slanted (style.md).
        parts.append(f"<p>{_escape(kept_sentence())}</p>")
        return "".join(parts)

    # -- the export file ---------------------------------------------------------------------

    def delete_export(self) -> None:
        answer = QMessageBox.question(
            self,
            _("Delete the export file?"),
            _("Delete {file}? It cannot be undone.").format(file=self.path),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        try:
            password_export.delete_export(self.path)
        except OSError as exc:
            self.warning.setText(
                _("{file} could not be deleted: {error}. Delete it yourself.").format(
                    file=self.path, error=exc.strerror or exc
                )
            )
            return
        self.delete_button.hide()
        self.warning.setText(_("The export file was deleted."))
        self.state.announce(_("The export file was deleted."))
