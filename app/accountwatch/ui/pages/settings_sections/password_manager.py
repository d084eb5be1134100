"""The Password manager and breaches section: analyse a password manager's export, and the
Pwned Passwords file that the offline breach check searches."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import (
    QApplication,
    QFileDialog,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from accountwatch.i18n import _
from accountwatch.services import breaches
from accountwatch.ui.common import FieldError
from accountwatch.ui.pages.settings_sections.form import muted
from accountwatch.ui.state import AppState

if TYPE_CHECKING:
    from accountwatch.ui.dialogs.export_analysis import ExportAnalysisDialog

EXPORT_FILTER = "CSV (*.csv);;*"
PWNED_FILTER = "Pwned Passwords (*.txt);;*"


class _Progress(QObject):
    """Carries the index build's percent to the GUI thread (a queued signal)."""

    percent = Signal(int)


class _StoppedError(Exception):
    """The index build was stopped: another file chosen, the check turned off, the app closing."""


class PasswordManagerSection(QGroupBox):
    def __init__(self, state: AppState, parent: QWidget | None = None) -> None:
        super().__init__(_("Password manager and breaches"), parent)
        self.state = state
        self.dialog: ExportAnalysisDialog | None = None
        self.analyse_button = QPushButton(_("Analyse a password manager export…"))
        self.analyse_button.clicked.connect(self.choose_export)
        self.pwned_path = QLabel()
        self.pwned_path.setWordWrap(True)
        self.pwned_path.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.choose_file_button = QPushButton(_("Choose file…"))
        self.choose_file_button.clicked.connect(self.choose_pwned_file)
        self.choose_folder_button = QPushButton(_("Choose folder…"))
        self.choose_folder_button.clicked.connect(self.choose_pwned_folder)
        self.off_button = QPushButton(_("Turn off"))
        self.off_button.clicked.connect(lambda: self._use(None))
        self.choose_file_button.setAccessibleName(_("Choose the Pwned Passwords file"))
        self.choose_folder_button.setAccessibleName(_("Choose the Pwned Passwords folder"))
        self.off_button.setAccessibleName(_("Turn the breach check off"))
        self.pwned_path.setAccessibleName(_("Pwned Passwords file in use"))
        # How look-ups in the chosen file go: its index is built once, in the background.
        self.index_state = muted("")
        self.index_state.hide()
        self._stop_index = threading.Event()
        self._progress = _Progress(self)
        self._progress.percent.connect(self._index_percent)
        app = QApplication.instance()
        if app is not None:  # the build ends with the app, which waits for its tasks
            app.aboutToQuit.connect(lambda: self._stop_index.set())
        self.error = FieldError()

        layout = QVBoxLayout(self)
        layout.setSpacing(8)
        layout.addWidget(
            muted(
                _(
                    "Compares a CSV export of Bitwarden, 1Password, KeePassXC, Chrome/Edge or "
                    "Firefox with your accounts: which other sites use the same password, and "
                    "how old it is. Only keyed fingerprints and host names are kept; the "
                    "export's passwords are written nowhere."
                )
            )
        )
        row = QHBoxLayout()
        row.addWidget(self.analyse_button)
        row.addStretch(1)
        layout.addLayout(row)
        layout.addSpacing(4)
        layout.addWidget(QLabel(_("Breach check (Pwned Passwords file, offline):")))
        layout.addWidget(self.pwned_path)
        layout.addWidget(self.index_state)
        buttons = QHBoxLayout()
        for button in (self.choose_file_button, self.choose_folder_button, self.off_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        layout.addWidget(
            muted(
                _(
                    "The SHA-1 file ordered by hash, or the folder of per-prefix files, that "
                    "the official Pwned Passwords downloader writes. Every password you enter "
                    "is looked up in it on this computer; only how often it was found is kept."
                )
            )
        )
        layout.addWidget(self.error)
        self.load()

    def load(self) -> None:
        """Show the file in use (asked off the GUI thread: it reads the database)."""
        self.state.tasks.run(lambda: breaches.configured_path(self.state.ws), self._show_path)

    def _show_path(self, path: Path | None) -> None:
        self.pwned_path.setText(str(path) if path else _("Not set: passwords are not checked."))
        self.off_button.setEnabled(path is not None)
        self._prepare_index(path)

    # -- the file's index ----------------------------------------------------------------------

    def _prepare_index(self, path: Path | None) -> None:
        """Build the single file's index in the background (one pass over the file, minutes for
        the official one), or find it kept: then each look-up costs microseconds."""
        self._stop_index.set()  # a build for another file, or for none, is no longer wanted
        self.index_state.hide()
        if path is None:
            return
        stop = self._stop_index = threading.Event()

        def asked(is_file: bool) -> None:
            # A folder (or a file gone meanwhile) has no index to make.
            if is_file and not stop.is_set():
                self._build_index(stop)

        # Asked off the GUI thread: the file may sit on a network share that is slow to answer.
        self.state.tasks.run(lambda: breaches.may_index(path), asked)

    def _build_index(self, stop: threading.Event) -> None:
        percent = self._progress.percent
        ws = self.state.ws
        shown = [-1]

        def step(done: int, size: int) -> None:
            if stop.is_set():
                raise _StoppedError
            now = done * 100 // max(size, 1)
            if now != shown[0]:  # a signal per percent, not per block of a 38 GB file
                shown[0] = now
                percent.emit(now)

        def done(indexed: bool) -> None:
            if stop.is_set():
                return
            self.index_state.setText(
                _("Ready: each password is looked up through the file's index.")
                if indexed
                else _("Looked up without an index: correct, a little slower.")
            )

        def failed(exc: BaseException) -> None:
            if stop.is_set():
                return
            # The pass that builds the index reads every line: what it found wrong makes the
            # file unusable (look-ups skip it), not merely slower.
            self.index_state.setText(
                _(
                    "This file cannot be used for the breach check: {problem}. Download it again "
                    "or choose another."
                ).format(problem=exc)
            )

        self.index_state.setText(_("Preparing quick look-ups in this file…"))
        self.index_state.show()
        self.state.tasks.run(lambda: breaches.prepare_index(ws, step), done, failed)

    def _index_percent(self, percent: int) -> None:
        if not self._stop_index.is_set():
            self.index_state.setText(
                _("Preparing quick look-ups in this file (read {percent}%)").format(percent=percent)
            )

    # -- the breach file ---------------------------------------------------------------------

    def choose_pwned_file(self) -> None:
        path, _chosen = QFileDialog.getOpenFileName(
            self, _("Pwned Passwords file"), str(Path.home()), PWNED_FILTER
        )
        if path:
            self._use(Path(path))

    def choose_pwned_folder(self) -> None:
        path = QFileDialog.getExistingDirectory(self, _("Pwned Passwords folder"), str(Path.home()))
        if path:
            self._use(Path(path))

    def _use(self, path: Path | None) -> None:
        self.error.show_message("")
        ws = self.state.ws

        def failed(exc: BaseException) -> None:
            self.error.show_message(_("Not used: {problem}").format(problem=exc))

        self.state.tasks.write(
            lambda: breaches.set_path(ws, path), lambda _v: self._show_path(path), failed
        )

    # -- the export --------------------------------------------------------------------------

    def choose_export(self) -> None:
        path, _chosen = QFileDialog.getOpenFileName(
            self, _("Password manager export"), str(Path.home()), EXPORT_FILTER
        )
        if path:
            self.analyse(Path(path))

    def analyse(self, path: Path) -> None:
        # The analysis (multiprocessing, the export readers) loads when first asked for, not
        # with the Settings page.
        from accountwatch.ui.dialogs.export_analysis import ExportAnalysisDialog

        self.dialog = ExportAnalysisDialog(self.state, path, self)
        self.dialog.open()
