"""The Import and export section: a profile file in (merged or replacing) and out."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from accountwatch.core.error_words import cannot_write
from accountwatch.core.problems import Problem, ProfileError
from accountwatch.i18n import _
from accountwatch.services.types import ImportResult
from accountwatch.services.workspace import Workspace
from accountwatch.ui.common import FieldError
from accountwatch.ui.pages.settings_sections.form import muted
from accountwatch.ui.state import AppState

PROFILE_FILTER = "JSON (*.json);;*"


class ProblemsDialog(QDialog):
    """Every problem of a rejected profile file, one a line with its JSON path."""

    def __init__(self, problems: list[Problem], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("The profile was not imported"))
        self.resize(640, 360)
        intro = QLabel(
            _(
                "The file was rejected whole and nothing was changed. Correct these problems "
                "and import it again:"
            )
        )
        intro.setWordWrap(True)
        self.text = QPlainTextEdit("\n".join(str(p).lstrip(": ") for p in problems))
        self.text.setReadOnly(True)
        self.text.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        self.text.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.text.setAccessibleName(_("Problems in the file"))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.text, 1)
        layout.addWidget(buttons)


class _Progress(QObject):
    """Carries the import's password count to the GUI thread (a queued signal)."""

    counted = Signal(int, int)


class TransferSection(QGroupBox):
    def __init__(self, state: AppState, parent: QWidget | None = None) -> None:
        super().__init__(_("Import and export"), parent)
        self.state = state
        self.progress = _Progress(self)
        self.progress.counted.connect(self._counted)
        self.problems_dialog: ProblemsDialog | None = None
        self.import_button = QPushButton(_("Import profile…"))
        self.import_button.setAccessibleName(_("Import a profile file"))
        self.import_button.clicked.connect(self.import_profile)
        self.replace_all = QCheckBox(_("Replace everything instead of merging by id"))
        self.replace_all.setAccessibleName(self.replace_all.text())
        self.export_button = QPushButton(_("Export profile…"))
        self.export_button.setAccessibleName(_("Export the profile to a file"))
        self.export_button.clicked.connect(self.export_profile)
        self.include_secrets = QCheckBox(_("Include two-factor secrets"))
        self.include_secrets.setAccessibleName(self.include_secrets.text())
        self.include_secrets.setToolTip(
            _("Anyone with the file can then make your sign-in codes: keep it safe.")
        )
        self.transfer_note = muted()
        self.transfer_note.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.transfer_note.hide()
        self.transfer_error = FieldError()
        layout = QVBoxLayout(self)
        layout.setSpacing(8)
        layout.addWidget(
            muted(
                _(
                    "A profile file moves your data between computers or into a backup. "
                    "Passwords are never exported; an import takes a backup first."
                )
            )
        )
        for button, option in (
            (self.import_button, self.replace_all),
            (self.export_button, self.include_secrets),
        ):
            row = QHBoxLayout()
            button.setMinimumWidth(150)
            row.addWidget(button)
            row.addSpacing(8)
            row.addWidget(option)
            row.addStretch(1)
            layout.addLayout(row)
        layout.addWidget(self.transfer_note)
        layout.addWidget(self.transfer_error)

    def import_profile(self) -> None:
        path, _chosen = QFileDialog.getOpenFileName(
            self, _("Import profile"), str(Path.home()), PROFILE_FILTER
        )
        if not path:
            return
        replace_all = self.replace_all.isChecked()
        if replace_all:
            answer = QMessageBox.question(
                self,
                _("Replace everything?"),
                _(
                    "Every account, card and payment not in the file will be removed. A backup "
                    "is taken first. Replace everything with the file's contents?"
                ),
                QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                QMessageBox.StandardButton.No,  # Enter keeps everything
            )
            if answer != QMessageBox.StandardButton.Yes:
                return
        today: dt.date = self.state.today
        self.transfer_error.show_message("")
        self.transfer_note.hide()

        counted = self.progress.counted.emit

        def change(ws: Workspace) -> ImportResult:
            # The import and export use cases load when used, on the worker: not with the page.
            from accountwatch.services import profiles

            parsed = profiles.read_import_into(ws, path, replace_all=replace_all)
            return profiles.import_profile(
                ws, parsed, replace_all=replace_all, today=today, progress=counted
            )

        self.state.apply(change, self._imported, self._import_failed)

    def _counted(self, done: int, total: int) -> None:
        """A file with many passwords takes seconds: say how far it is."""
        if total:
            self._note(
                _("Checking the file's passwords: {done} of {total}…").format(
                    done=done, total=total
                )
            )

    def _imported(self, result: ImportResult) -> None:
        lines = [
            _("Imported — accounts: {accounts}, cards: {cards}, payments: {payments}.").format(
                accounts=result.accounts, cards=result.cards, payments=result.payments
            ),
            *result.notes,
        ]
        self._note("\n".join(lines))
        self.state.announce(lines[0])

    def _import_failed(self, exc: BaseException) -> None:
        if isinstance(exc, ProfileError):
            self.problems_dialog = ProblemsDialog(exc.problems, self)
            self.problems_dialog.open()
        else:
            self.transfer_error.show_message(_("Not imported: {error}").format(error=exc))

    def export_profile(self) -> None:
        suggested = Path.home() / "accountwatch-profile.json"
        path, _chosen = QFileDialog.getSaveFileName(
            self, _("Export profile"), str(suggested), PROFILE_FILTER
        )
        if not path:
            return
        target, include = Path(path), self.include_secrets.isChecked()
        ws = self.state.ws
        self.transfer_error.show_message("")
        self.transfer_note.hide()
        self.export_button.setEnabled(False)

        def done(_value: object) -> None:
            self.export_button.setEnabled(True)
            text = _("Exported to {path}.").format(path=target)
            self._note(text)
            self.state.announce(text, target)

        def failed(exc: BaseException) -> None:
            self.export_button.setEnabled(True)
            # The file chosen and why, not the temporary file it is written beside first.
            error = cannot_write(target, exc) if isinstance(exc, OSError) else exc
            self.transfer_error.show_message(_("Not exported: {error}").format(error=error))

        # After any write still queued, so the file holds the latest edits.
        self.state.tasks.write(lambda: _export_to_file(ws, target, include), done, failed)

    def _note(self, text: str) -> None:
        self.transfer_note.setText(text)
        self.transfer_note.show()


def _export_to_file(ws: Workspace, target: Path, include_secrets: bool) -> None:
    from accountwatch.services import editing  # on the worker, as the import's use case

    editing.export_to_file(ws, target, include_secrets=include_secrets)
