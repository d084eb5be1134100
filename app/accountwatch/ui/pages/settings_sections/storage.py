"""The Data section: where the data folder is, and whether the system keyring is in use."""

from __future__ import annotations

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QLabel, QLineEdit, QPushButton, QWidget

from accountwatch.i18n import _
from accountwatch.services.types import VaultStatus
from accountwatch.services.wording import keyring_words
from accountwatch.services.workspace import Workspace
from accountwatch.ui.pages.settings_sections.form import FormGroup, muted
from accountwatch.ui.pages.settings_sections.remove_all import AllDataRemoval
from accountwatch.ui.pages.settings_sections.restore_backup import BackupRestore
from accountwatch.ui.state import AppState
from accountwatch.ui.widgets.page import inline


class StorageSection(FormGroup):
    def __init__(self, state: AppState, parent: QWidget | None = None) -> None:
        super().__init__(_("Data"), parent)
        self.state = state
        self.checked = False  # the keyring is asked once the page is first seen
        self.data_dir = QLineEdit(str(state.ws.data_dir))
        self.data_dir.setReadOnly(True)
        self.data_dir.setAccessibleName(_("Data folder"))
        self.data_dir.setCursorPosition(0)
        self.open_folder_button = QPushButton(_("Open folder"))
        self.open_folder_button.setAccessibleName(_("Open the data folder"))
        self.open_folder_button.clicked.connect(self.open_data_folder)
        folder = inline(self.data_dir, self.open_folder_button, grow=self.data_dir)
        self.keyring_status = QLabel(_("Checking the system keyring…"))
        self.keyring_status.setWordWrap(True)
        self.keyring_status.setAccessibleName(_("Keyring status"))
        self.keyring_button = QPushButton(_("Check again"))
        self.keyring_button.setAccessibleName(_("Check the keyring again"))
        self.keyring_button.clicked.connect(self.check_keyring)
        keyring_box = inline(self.keyring_status, self.keyring_button, grow=self.keyring_status)
        self.form.addRow(self.label(_("Data folder:"), self.data_dir), folder)
        self.form.addRow(self.label(_("Keyring:"), self.keyring_status), keyring_box)
        self.restoring = BackupRestore(state, self)
        self.restore_button = QPushButton(_("Restore a backup…"))
        self.restore_button.setAccessibleName(_("Restore a backup of the data"))
        self.restore_button.clicked.connect(self.restoring.start)
        restore_note = muted(_("Put an earlier copy of the data back, e.g. after a mistake."))
        restoring = inline(self.restore_button, restore_note, grow=restore_note)
        self.form.addRow(self.label(_("Backups:"), self.restore_button), restoring)
        self.removal = AllDataRemoval(state, self)
        self.remove_button = QPushButton(_("Remove all data…"))
        self.remove_button.setAccessibleName(_("Remove all data from this computer"))
        self.remove_button.clicked.connect(self.removal.start)
        remove_note = muted(
            _("The data folder, its backups and this folder's entries in the system keyring.")
        )
        removal = inline(self.remove_button, remove_note, grow=remove_note)
        self.form.addRow(self.label(_("Remove:"), self.remove_button), removal)

    def open_data_folder(self) -> None:
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.state.ws.data_dir)))

    def check_keyring(self) -> None:
        self.checked = True
        self.keyring_button.setEnabled(False)
        self.keyring_status.setText(_("Checking the system keyring…"))
        ws = self.state.ws
        self.state.tasks.run(lambda: _vault_status(ws), self._vault_known, self._vault_error)

    def _vault_known(self, status: VaultStatus) -> None:
        self.keyring_button.setEnabled(True)
        if status.usable:
            text = _("OS keyring: {backend} — in use").format(backend=keyring_words(status.backend))
        else:
            text = " ".join(
                (
                    status.detail,
                    _(
                        "Reuse detection still works, with its key kept in a private file in the "
                        "data folder; two-factor secrets cannot be kept."
                    ),
                )
            )
        self.keyring_status.setText(text)
        self.keyring_status.setToolTip(status.detail)
        if status.usable:
            # What earlier changes could not do in the keyring (a secret to remove) is done now.
            ws = self.state.ws
            self.state.tasks.write(
                lambda: _settle_keyring(ws), lambda _left: None, lambda _exc: None
            )

    def _vault_error(self, exc: BaseException) -> None:
        self._vault_known(VaultStatus(False, "", str(exc)))


def _vault_status(ws: Workspace) -> VaultStatus:
    """On a worker: the editing use cases load there when the page is first shown, not in the
    GUI thread's turn that shows it."""
    from accountwatch.services import editing

    return editing.vault_status(ws)


def _settle_keyring(ws: Workspace) -> int:
    """On the writer thread, as `_vault_status`."""
    from accountwatch.services import editing

    return editing.settle_keyring(ws)
