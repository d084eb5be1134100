"""A data folder found somewhere its database did not record: moved there, its keyring entries
are told the new place; copied there (the original, which still exists, has the same install
id), the copy becomes an install of its own with copies of the secrets, so that neither folder's
removals, nor the pruning of the other once deleted, take secrets the other still uses."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from accountwatch.secrets.vault import HeldVault, KeyringUnavailable, kept_entries
from accountwatch.store.db import LOCATION_KEY, random_uuid_hex
from accountwatch.store.peek import FolderUnreadableError, folder_use

if TYPE_CHECKING:
    from accountwatch.services.workspace import Workspace


def follow(ws: Workspace) -> None:
    """Bring the keyring up to date with where the data folder is now; asks no keyring when it
    is where it was recorded. Call it only once the command is known to go ahead (its input
    validated): a refused command changes nothing, neither here nor in the keyring.

    KeyringUnavailable: the location stays the recorded one, it is tried again the next time,
    and for the rest of this command `ws.vault` refuses every keyring call (HeldVault): the
    entries of its install id may be another folder's, the original of a copy, so this
    command neither overwrites, removes nor relabels them."""
    here = ws.data_dir.absolute()
    recorded = ws.db.get_meta(LOCATION_KEY)
    if recorded == str(here):
        return
    try:
        _follow(ws, here, recorded)
    except KeyringUnavailable as exc:
        ws.vault = HeldVault(ws.vault.namespace, ws.data_dir, exc.reason)
        raise


def _follow(ws: Workspace, here: Path, recorded: str | None) -> None:
    profile = ws.repo.load_profile()
    accounts = {a.id: a.display_name for a in profile.accounts if a.has_totp_secret}
    # Without a secret of its own in the keyring (its key in a file), none is to follow it.
    in_keyring = bool(accounts) or not ws.vault.key_in_file()
    earlier = {Path(recorded)} if recorded else set()
    if not recorded and in_keyring:
        # Made by a version that recorded the place only on the keyring's entries.
        namespace = ws.vault.namespace
        found = kept_entries() or ()
        earlier |= {e.data_folder for e in found if e.namespace == namespace and e.data_folder}
    earlier.discard(here)
    with ws.writing():
        if any(_same_install(folder, here, ws.vault.namespace) for folder in earlier):
            namespace = random_uuid_hex()
            # The copy's entries are written first and only read from the original's, which
            # stay as they were: a crash or a keyring failure part-way leaves entries that no
            # folder uses, which `secrets prune` removes, never a folder without its secrets.
            if in_keyring:
                vault = ws.vault.copy_to(namespace, accounts)
            else:
                vault = type(ws.vault)(namespace, ws.data_dir)
            with ws.db.transaction():  # the new id and the place, together or neither
                ws.db.set_meta("install_id", namespace)
                ws.db.set_meta(LOCATION_KEY, str(here))
            ws.vault = vault
            return
        if in_keyring:
            ws.vault.claim(accounts)
        ws.db.set_meta(LOCATION_KEY, str(here))


def _same_install(folder: Path, here: Path, install_id: str) -> bool:
    """Whether `folder` is another data folder of this install: the original of a copy. When
    that cannot be told, yes: copying the secrets takes nothing from anyone."""
    try:
        if not folder.exists() or folder.samefile(here):
            return False
        use = folder_use(folder)
    except (OSError, FolderUnreadableError):
        return True
    return use is not None and use.install_id == install_id
