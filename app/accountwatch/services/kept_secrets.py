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
from accountwatch.services import relocation, secret_upkeep
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


Look = FolderUse | FolderUnreadableError | None


def inventory(current: Path | None) -> Inventory:
    """Every AccountWatch entry in the keyring and whether a data folder uses it.

    An entry belongs to its install id (its namespace) more than to the folder it recorded: a
    data folder moved or copied keeps the id. So the folders of an id are every one its entries
    recorded, and `current` (the data folder the command was given) when it has that id; an
    entry is judged against those of them that still hold the id. KeyringUnavailable when the
    keyring cannot be reached.
    """
    current = None if current is None else current.absolute()
    current_use = _peek(current)
    found = kept_entries()
    if found is None:
        return Inventory(_this_folder_only(current, current_use), complete=False)
    places: dict[str, set[Path]] = {}
    for entry in found:
        known = places.setdefault(entry.namespace, set())
        if entry.data_folder is not None:
            known.add(entry.data_folder)
    if current is not None and isinstance(current_use, FolderUse):
        places.setdefault(current_use.install_id, set()).add(current)
    looks: dict[Path, Look] = {} if current is None else {current: current_use}
    for place in set().union(*places.values()) - set(looks):
        looks[place] = _peek(place)
    kept = []
    for entry in found:
        candidates = {f: looks[f] for f in sorted(places[entry.namespace])}
        kept.append(KeptSecret(entry, *_judge(entry, candidates, current)))
    return Inventory(tuple(kept), complete=True)


def _peek(folder: Path | None) -> Look:
    if folder is None:
        return None
    try:
        return folder_use(folder)
    except FolderUnreadableError as exc:
        return exc


def _judge(
    entry: KeptEntry, candidates: dict[Path, Look], current: Path | None
) -> tuple[Path | None, Use, str]:
    """Where the entry belongs, whether it is used there, and why, from the data folders its
    install id was seen in."""
    recorded = entry.data_folder
    live = {
        f: u
        for f, u in candidates.items()
        if isinstance(u, FolderUse) and u.install_id == entry.namespace
    }
    if entry.name == "probe":
        return recorded, Use.UNUSED, _("a keyring test left over; nothing uses it")
    if live:
        # Its own recorded folder first, then the one the command was given.
        folder = next((f for f in (recorded, current) if f in live), min(live))
        use, why = _judge_in(entry, live, candidates)
        if recorded is not None and folder != recorded and use is Use.IN_USE:
            why = _(
                "{why}; it recorded {folder}, and this folder has the same install id (moved or "
                "copied here)"
            ).format(why=why, folder=recorded)
        return folder, use, why
    if recorded is None:
        return (
            None,
            Use.UNKNOWN,
            _(
                "written by an earlier version that did not record its data folder; kept (it is "
                "labelled anew the next time its data folder uses it)"
            ),
        )
    if any(isinstance(u, FolderUnreadableError) for u in candidates.values()):
        return recorded, Use.UNKNOWN, _("its data folder's database cannot be read; kept")
    if candidates.get(recorded) is not None:
        return (
            recorded,
            Use.UNUSED,
            _("its data folder was started anew since; the new data does not use it"),
        )
    if recorded.exists():
        return recorded, Use.UNUSED, _("its data folder holds no AccountWatch data any more")
    if not recorded.parent.is_dir():
        # The folder that held it is gone too: moved along with it, or a drive not connected.
        return (
            recorded,
            Use.UNKNOWN,
            _(
                "neither its data folder nor the folder that held it exists (moved, or on a drive "
                "that is not connected?); kept"
            ),
        )
    return (
        recorded,
        Use.UNUSED,
        _("its data folder no longer exists, and no data folder was found that it moved to"),
    )


def _judge_in(
    entry: KeptEntry, live: dict[Path, FolderUse], candidates: dict[Path, Look]
) -> tuple[Use, str]:
    """Whether the data folders holding the entry's install id use it (several: a copy not
    yet opened for writing, which then takes an id of its own)."""
    if entry.name in ("fingerprint-key", "index"):
        return Use.IN_USE, _("used by its data folder")
    account = entry.account_id
    if account is None:
        return Use.UNKNOWN, _("not an entry this version knows; kept")
    if any(account in u.totp_accounts for u in live.values()):
        return Use.IN_USE, _("used by account {account}").format(account=account)
    if any(isinstance(u, FolderUnreadableError) for u in candidates.values()):
        return Use.UNKNOWN, _("its data folder's database cannot be read; kept")
    return Use.UNUSED, _("account {account} no longer has a two-factor secret here").format(
        account=account
    )


def _this_folder_only(current: Path | None, current_use: Look) -> tuple[KeptSecret, ...]:
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
        kept.append(KeptSecret(entry, *_judge(entry, {current: current_use}, current)))
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
    # A copy not yet settled shares the original's install id: it takes one of its own first,
    # so that what goes is the copy's, never the secrets the original still uses.
    relocation.follow(ws)
    ws.vault.delete_all()
    with contextlib.suppress(KeyringUnavailable):
        # Entries of this folder written under an earlier install id of the same folder.
        for secret in inventory(ws.data_dir).secrets:
            if secret.folder == ws.data_dir.absolute() and secret.use is Use.UNUSED:
                _remove(secret)
