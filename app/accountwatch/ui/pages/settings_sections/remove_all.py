"""Remove all data, from the Data section: what goes is counted and said first, the removal runs
on the writer thread, and the app closes once the folder it works on is gone."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from accountwatch.i18n import _, join_list, ngettext
from accountwatch.services.types import KeyringUnavailable
from accountwatch.ui.state import AppState

if TYPE_CHECKING:
    from accountwatch.services import remove_data


def question(contents: remove_data.Contents) -> str:
    """The question before anything is removed: what, from where, and that it is for good."""
    c = contents
    counts = (
        ngettext("{n} account", "{n} accounts", c.accounts).format(n=c.accounts),
        ngettext("{n} card", "{n} cards", c.cards).format(n=c.cards),
        ngettext("{n} payment", "{n} payments", c.payments).format(n=c.payments),
        ngettext("{n} recorded check", "{n} recorded checks", c.checks).format(n=c.checks),
        ngettext("{n} backup", "{n} backups", c.backups).format(n=c.backups),
    )
    listed = join_list(counts)
    return "\n\n".join(
        (
            _("Remove all AccountWatch data from this computer?"),
            _("From the data folder {folder}: {counts}.").format(
                folder=contents.folder, counts=listed
            ),
            _(
                "From the system keyring: the two-factor secrets and the reuse-check key of this "
                "data folder. The start-at-login entry goes too."
            ),
            _(
                "This cannot be undone. If you may need the data again, export the profile "
                "first (Settings → Export profile). AccountWatch closes when it is done."
            ),
        )
    )


def confirm(parent: QWidget, text: str) -> bool:
    """Ask before removing; Enter and Esc keep everything."""
    box = QMessageBox(QMessageBox.Icon.Warning, _("Remove all data"), text, parent=parent)
    remove = box.addButton(_("Remove all data"), QMessageBox.ButtonRole.DestructiveRole)
    keep = box.addButton(_("Keep my data"), QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(keep)
    box.setEscapeButton(keep)
    box.exec()
    return box.clickedButton() is remove


def go_on_without_keyring(parent: QWidget, reason: str) -> bool:
    """The keyring cannot be reached: remove the data anyway, the entries staying for now?"""
    text = _(
        "The system keyring could not be reached ({reason}), so nothing was removed.\n\n"
        "Unlock the keyring and try again, or remove the data now: the keyring entries of this "
        "data folder then stay until you run “accountwatch secrets prune” while the keyring "
        "is available."
    ).format(reason=reason)
    return confirm(parent, text)


class AllDataRemoval:
    """Drives "Remove all data" for a Data section: ask, remove off the GUI thread, close."""

    def __init__(
        self,
        state: AppState,
        parent: QWidget,
        on_removed: Callable[[], object] = QApplication.quit,
    ) -> None:
        self.state = state
        self.parent = parent
        self.on_removed = on_removed
        self.busy = False

    def start(self) -> None:
        if self.busy:
            return
        self.busy = True
        ws = self.state.ws
        # Loaded when asked for, not with the Settings page (a tenth of its first showing).
        from accountwatch.services import remove_data

        self.state.tasks.run(lambda: remove_data.contents(ws), self._counted, self._failed)

    def _counted(self, contents: remove_data.Contents) -> None:
        if not confirm(self.parent, question(contents)):
            self.busy = False
            return
        self._remove(keyring_optional=False)

    def _remove(self, *, keyring_optional: bool) -> None:
        ws = self.state.ws

        def work() -> remove_data.Removed:
            from accountwatch.services import remove_data  # loaded by `start` already

            return remove_data.remove_all_data(ws, keyring_optional=keyring_optional)

        self.state.tasks.write(work, self._removed, self._failed)

    def _removed(self, removed: remove_data.Removed) -> None:
        lines = [_("All AccountWatch data was removed from this computer.")]
        if removed.others_left:
            lines.append(
                _(
                    "The folder {folder} stays: it holds files that are not AccountWatch's: {names}"
                ).format(folder=removed.folder, names=join_list(removed.others_left))
            )
        lines += removed.notes
        lines.append(_("AccountWatch closes now."))
        QMessageBox.information(self.parent, _("Remove all data"), "\n\n".join(lines))
        self.on_removed()

    def _failed(self, exc: BaseException) -> None:
        if isinstance(exc, KeyringUnavailable):
            if go_on_without_keyring(self.parent, exc.reason):
                self._remove(keyring_optional=True)
                return
        else:
            QMessageBox.warning(
                self.parent,
                _("Remove all data"),
                _("The removal stopped: {error}").format(error=exc),
            )
        self.busy = False
