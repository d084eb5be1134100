"""What AccountWatch keeps in the system keyring, which data folder uses each entry, and the
removal of what none uses (`accountwatch secrets list` and `secrets prune`)."""

from __future__ import annotations

import contextlib
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from accountwatch.i18n import _
from accountwatch.secrets.vault import (
    KeptEntry,
    KeyringUnavailable,
    Vault,
    erase_entry,
    kept_entries,
)
from accountwatch.services import secret_upkeep
from accountwatch.services.workspace import Workspace
from accountwatch.store.db import DB_FILENAME
from accountwatch.store.peek import FolderUnreadableError, FolderUse, folder_use


class Use(StrEnum):
    IN_USE = "in-use"
    UNUSED = "unused"  # prune removes it
    UNKNOWN = "unknown"  # its data folder cannot tell: kept


@dataclass(frozen=True)
class KeptSecret:
    """One keyring entry, where it belongs and whether that data folder still uses it."""

    entry: KeptEntry
    folder: Path | None
    use: Use
    why: str


@dataclass(frozen=True)
class Inventory:
    secrets: tuple[KeptSecret, ...]
    # False: the keyring cannot list its entries, so only the given data folder's are known.
    complete: bool


def inventory(current: Path | None) -> Inventory:
    """Every AccountWatch entry in the keyring and whether its data folder uses it.

    `current` is the data folder the command was given: entries written before entries named
    their folder are matched to it by its install id. KeyringUnavailable when the keyring
    cannot be reached.
    """
    current = None if current is None else current.absolute()
    current_use = _peek(current)
    found = kept_entries()
    if found is None:
        return Inventory(_this_folder_only(current, current_use), complete=False)
    looks: dict[Path, FolderUse | FolderUnreadableError | None] = {}
    kept = []
    for entry in found:
        folder = entry.data_folder
        legacy_of_current = (
            isinstance(current_use, FolderUse) and current_use.install_id == entry.namespace
        )
        if folder is None and legacy_of_current:
            folder = current
        if folder is not None and folder not in looks:
            looks[folder] = _peek(folder)
        use, why = _judge(entry, folder, None if folder is None else looks[folder])
        kept.append(KeptSecret(entry, folder, use, why))
    return Inventory(tuple(kept), complete=True)


def _peek(folder: Path | None) -> FolderUse | FolderUnreadableError | None:
    if folder is None:
        return None
    try:
        return folder_use(folder)
    except FolderUnreadableError as exc:
        return exc


def _judge(
    entry: KeptEntry, folder: Path | None, use: FolderUse | FolderUnreadableError | None
) -> tuple[Use, str]:
    if entry.name == "probe":
        return Use.UNUSED, _("a keyring test left over; nothing uses it")
    if folder is None:
        return Use.UNKNOWN, _(
            "written by an earlier version that did not record its data folder; kept (it is "
            "labelled anew the next time its data folder uses it)"
        )
    if isinstance(use, FolderUnreadableError):
        return Use.UNKNOWN, _("its data folder's database cannot be read; kept")
    if use is None:
        if not folder.exists():
            return Use.UNUSED, _("its data folder no longer exists")
        return Use.UNUSED, _("its data folder holds no AccountWatch data any more")
    if use.install_id != entry.namespace:
        return Use.UNUSED, _("its data folder was started anew since; the new data does not use it")
    if entry.name in ("fingerprint-key", "index"):
        return Use.IN_USE, _("used by its data folder")
    account = entry.account_id
    if account is None:
        return Use.UNKNOWN, _("not an entry this version knows; kept")
    if account in use.totp_accounts:
        return Use.IN_USE, _("used by account {account}").format(account=account)
    return Use.UNUSED, _("account {account} no longer has a two-factor secret here").format(
        account=account
    )


def _this_folder_only(
    current: Path | None, current_use: FolderUse | FolderUnreadableError | None
) -> tuple[KeptSecret, ...]:
    """Where the keyring cannot list its entries: the given folder's, from its index."""
    vault = Vault(
        current_use.install_id if isinstance(current_use, FolderUse) else "accountwatch-check",
        current or Path.cwd(),
    )
    status = vault.status()  # a keyring that cannot be used at all is said, not shown empty
    if not status.usable:
        raise KeyringUnavailable(status.detail)
    if current is None or not isinstance(current_use, FolderUse):
        return ()
    kept = []
    for account in vault.indexed_accounts():
        entry = KeptEntry(f"{vault.namespace}/totp/{account}", _totp_label(account), {})
        kept.append(KeptSecret(entry, current, *_judge(entry, current, current_use)))
    return tuple(kept)


def _totp_label(account: str) -> str:
    return _("AccountWatch — authenticator secret for {account}").format(account=account)


def prune(current: Path | None, *, dry_run: bool) -> tuple[list[KeptSecret], Inventory]:
    """Remove the entries no data folder uses (`dry_run`: only say which); what was (or would
    be) removed, and the inventory before. KeyringUnavailable when the keyring cannot be
    reached; what was removed before that stays removed."""
    if not dry_run and current is not None and (current / DB_FILENAME).is_file():
        # What the given folder recorded for later is done first: it may move a secret.
        with Workspace.open_existing(current) as ws:
            secret_upkeep.settle(ws)
    found = inventory(current)
    unused = [s for s in found.secrets if s.use is Use.UNUSED]
    if dry_run:
        return unused, found
    for secret in unused:
        _remove(secret)
    return unused, found


def _remove(secret: KeptSecret) -> None:
    entry = secret.entry
    account = entry.account_id
    folder = secret.folder
    if account is not None and folder is not None:
        use = _peek(folder)
        if isinstance(use, FolderUse) and use.install_id == entry.namespace:
            # A live folder's orphan: through its vault, so that its index is kept right.
            Vault(entry.namespace, folder).delete_totp_secret(account)
            return
    erase_entry(entry.username)


def forget_everything(ws: Workspace) -> None:
    """Remove every keyring entry of this data folder (KeyringUnavailable: nothing removed
    from the keyring; the fallback key file may be gone)."""
    ws.vault.delete_all()
    with contextlib.suppress(KeyringUnavailable):
        # Entries of this folder written under an earlier install id of the same folder.
        for secret in inventory(ws.data_dir).secrets:
            if secret.folder == ws.data_dir.absolute() and secret.use is Use.UNUSED:
                _remove(secret)
