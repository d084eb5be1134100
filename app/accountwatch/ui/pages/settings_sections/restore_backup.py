"""Settings → Data → "Restore a backup…": list the backups, ask, put one back, restart."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QVBoxLayout,
    QWidget,
)

from accountwatch.i18n import _, format_date, join_clauses
from accountwatch.services import storage
from accountwatch.ui.restart import request_restart
from accountwatch.ui.state import AppState


@dataclass(frozen=True)
class BackupEntry:
    """One backup as the list shows it: when it was taken, its size, what is wrong with it."""

    path: Path
    taken: dt.datetime
    size: int
    problems: tuple[str, ...]


def list_entries(data_dir: Path) -> list[BackupEntry]:
    """The data folder's backups, newest first, each checked (PRAGMA quick_check): slow work."""
    entries = []
    for path in storage.backups(data_dir):
        stat = path.stat()
        entries.append(
            BackupEntry(
                path,
                dt.datetime.fromtimestamp(stat.st_mtime).astimezone(),
                stat.st_size,
                tuple(storage.backup_problems(path)),
            )
        )
    return entries


def entry_text(entry: BackupEntry) -> str:
    size = _("{size} KB").format(size=max(1, round(entry.size / 1024)))
    when = _("{date} {time}").format(
        date=format_date(entry.taken.date()), time=entry.taken.strftime("%H:%M")
    )
    if entry.problems:
        return _("{when} — {size} — cannot be restored: {problems}").format(
            when=when, size=size, problems=join_clauses(entry.problems)
        )
    return _("{when} — {size}").format(when=when, size=size)


class BackupDialog(QDialog):
    """Choose the backup to put back; Cancel is the default, restoring is chosen on purpose."""

    def __init__(self, entries: list[BackupEntry], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Restore a backup"))
        self.setMinimumWidth(520)
        intro = QLabel(
            _(
                "AccountWatch takes a backup before every import and before it upgrades its "
                "database (the newest 10 are kept). The backup you choose replaces the current "
                "data; the current database is kept aside in the data folder, and AccountWatch "
                "restarts."
            )
        )
        intro.setWordWrap(True)
        self.list = QListWidget()
        self.list.setAccessibleName(_("Backups, newest first"))
        for entry in entries:
            item = QListWidgetItem(entry_text(entry))
            item.setData(Qt.ItemDataRole.UserRole, str(entry.path))
            if entry.problems:
                item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEnabled)
            self.list.addItem(item)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.restore_button = self.buttons.addButton(
            _("Restore this backup"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.restore_button.setAutoDefault(False)
        cancel = self.buttons.button(QDialogButtonBox.StandardButton.Cancel)
        cancel.setDefault(True)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.list.currentItemChanged.connect(self._update)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.buttons)
        good = [i for i in range(self.list.count()) if not entries[i].problems]
        if good:
            self.list.setCurrentRow(good[0])
        self._update()

    def _update(self) -> None:
        item = self.list.currentItem()
        usable = item is not None and bool(item.flags() & Qt.ItemFlag.ItemIsEnabled)
        self.restore_button.setEnabled(usable)

    def chosen(self) -> Path | None:
        item = self.list.currentItem()
        return None if item is None else Path(str(item.data(Qt.ItemDataRole.UserRole)))


class BackupRestore:
    """Drives "Restore a backup…" for the Data section: list off the GUI thread, ask, close the
    workspace and restore on the writer thread, then restart (the app opens the restored file)."""

    def __init__(
        self,
        state: AppState,
        parent: QWidget,
        restart: Callable[[], object] = request_restart,
        choose: Callable[[list[BackupEntry], QWidget], Path | None] | None = None,
    ) -> None:
        self.state = state
        self.parent = parent
        self.restart = restart
        self.choose = choose or _choose_in_dialog
        self.busy = False

    def start(self) -> None:
        if self.busy:
            return
        self.busy = True
        data_dir = self.state.ws.data_dir
        self.state.tasks.run(lambda: list_entries(data_dir), self._listed, self._failed)

    def _listed(self, entries: list[BackupEntry]) -> None:
        if not entries:
            QMessageBox.information(
                self.parent,
                _("Restore a backup"),
                _("There is no backup in {folder} yet.").format(
                    folder=self.state.ws.data_dir / "backups"
                ),
            )
            self.busy = False
            return
        backup = self.choose(entries, self.parent)
        if backup is None:
            self.busy = False
            return
        ws = self.state.ws

        def work() -> storage.Restored:
            # The app holds the data folder's lock for its lifetime: let go before restoring.
            ws.close()
            return storage.restore(ws.data_dir, backup)

        self.state.tasks.write(work, self._restored, self._failed_after_close)

    def _restored(self, restored: storage.Restored) -> None:
        QMessageBox.information(
            self.parent,
            _("Restore a backup"),
            _(
                "Restored the backup {file}; the database it replaced was kept as {kept}. "
                "AccountWatch restarts now."
            ).format(
                file=restored.backup.name,
                kept=restored.kept_aside.name if restored.kept_aside else "—",
            ),
        )
        self.restart()

    def _failed_after_close(self, exc: BaseException) -> None:
        # The workspace is closed: whatever happened, the app starts again on what is there.
        QMessageBox.warning(
            self.parent,
            _("Restore a backup"),
            _("Nothing was restored: {error} AccountWatch restarts now.").format(error=exc),
        )
        self.restart()

    def _failed(self, exc: BaseException) -> None:
        self.busy = False
        QMessageBox.warning(
            self.parent,
            _("Restore a backup"),
            _("The backups could not be read: {error}").format(error=exc),
        )


def _choose_in_dialog(entries: list[BackupEntry], parent: QWidget) -> Path | None:
    dialog = BackupDialog(entries, parent)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    return dialog.chosen()
