"""When the database is damaged at start: the app offers to put the newest good backup back."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QMessageBox, QWidget

from accountwatch import APP_NAME
from accountwatch.i18n import _
from accountwatch.services import storage
from accountwatch.services.storage import DatabaseDamaged
from accountwatch.services.types import DataDirError


def offer_restore(parent: QWidget | None, folder: Path, damaged: DatabaseDamaged) -> str | None:
    """Say that the database is damaged and offer to restore the newest good backup; the
    sentence saying what was restored, or None when the user quit or nothing could be
    restored (then said)."""
    problem = _("The database {path} is damaged ({detail}). Nothing was changed.").format(
        path=damaged.path, detail=damaged.detail
    )
    box = QMessageBox(QMessageBox.Icon.Critical, APP_NAME, problem, parent=parent)
    box.setInformativeText(
        _(
            "AccountWatch can put the newest good backup back in its place; the damaged file is "
            "kept aside in the data folder. Changes made after that backup are not in it."
        )
    )
    restore = box.addButton(_("Restore the newest backup"), QMessageBox.ButtonRole.AcceptRole)
    quit_button = box.addButton(_("Quit"), QMessageBox.ButtonRole.RejectRole)
    # Enter or Esc never replaces the database: restoring is chosen, not fallen into.
    box.setDefaultButton(quit_button)
    box.setEscapeButton(quit_button)
    box.exec()
    if box.clickedButton() is not restore:
        return None
    try:
        restored = storage.restore(folder)
    except (DataDirError, storage.NothingToRestoreError) as exc:
        QMessageBox.critical(parent, APP_NAME, str(exc))
        return None
    return _("Restored the backup {file}; the damaged file was kept as {path}.").format(
        file=restored.backup.name,
        path=restored.kept_aside.name if restored.kept_aside else "—",
    )
