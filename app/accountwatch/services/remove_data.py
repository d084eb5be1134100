"""Remove all data (Settings): a data folder's keyring entries, its files, the login entry."""

from __future__ import annotations

import contextlib
from dataclasses import dataclass
from pathlib import Path

from accountwatch.i18n import _
from accountwatch.paths import LOG_NAME
from accountwatch.secrets.vault import KEY_FILE_NAME, KeyringUnavailable
from accountwatch.services import autostart, kept_secrets, notification_registration
from accountwatch.services.workspace import Workspace
from accountwatch.store.backup import BACKUP_DIRNAME
from accountwatch.store.db import DB_FILENAME
from accountwatch.store.lock import LOCK_FILENAME


@dataclass(frozen=True)
class Contents:
    """What "Remove all data" would remove, for the question before it."""

    folder: Path
    accounts: int
    cards: int
    payments: int
    checks: int
    backups: int


@dataclass(frozen=True)
class Removed:
    folder: Path
    # Files in the folder that are not AccountWatch's own stay, and so does the folder.
    others_left: tuple[str, ...]
    notes: tuple[str, ...]


def contents(ws: Workspace) -> Contents:
    profile = ws.repo.load_profile()
    backups = ws.data_dir / BACKUP_DIRNAME
    return Contents(
        folder=ws.data_dir.absolute(),
        accounts=len(profile.accounts),
        cards=len(profile.cards),
        payments=len(profile.payments),
        checks=len(ws.repo.runs()),
        backups=len(list(backups.iterdir())) if backups.is_dir() else 0,
    )


def remove_all_data(
    ws: Workspace,
    *,
    keyring_optional: bool = False,
    registry: notification_registration.Registry | None = None,
) -> Removed:
    """Remove the data folder's keyring entries, then its files; the workspace is closed.
    On Windows also the app's registration for notifications (`registry`: the real one).

    KeyringUnavailable, with nothing removed, when the keyring cannot be reached, unless
    `keyring_optional` (the user chose to go on): its entries then stay, named with this
    folder, for `accountwatch secrets prune` to remove once the keyring can be used.
    """
    notes: list[str] = []
    with ws.writing():
        try:
            kept_secrets.forget_everything(ws)
        except KeyringUnavailable as exc:
            if not keyring_optional:
                raise
            notes.append(
                _(
                    "The system keyring could not be reached ({reason}): this data folder's "
                    "entries stay in it until you run: accountwatch secrets prune"
                ).format(reason=exc.reason)
            )
        entry = autostart.autostart_for()
        try:
            if entry.is_enabled():
                entry.disable()
        except autostart.AutostartError as exc:
            notes.append(str(exc))
        try:
            notification_registration.forget(registry)
        except OSError as exc:
            notes.append(
                _(
                    "AccountWatch's registration for notifications could not be removed from "
                    "the Windows registry ({reason}): {key}"
                ).format(reason=exc, key=notification_registration.SUBKEY)
            )
    folder = ws.data_dir
    ws.close()
    return Removed(folder.absolute(), _remove_files(folder), tuple(notes))


def _remove_files(folder: Path) -> tuple[str, ...]:
    """Delete AccountWatch's own files in `folder`, then the folder if nothing else is left;
    the names of what is left."""
    own = [
        *(folder / f"{DB_FILENAME}{suffix}" for suffix in ("", "-wal", "-shm", "-journal")),
        folder / KEY_FILE_NAME,
        folder / LOCK_FILENAME,
    ]
    for subfolder, prefix in ((BACKUP_DIRNAME, "accountwatch-"), ("logs", LOG_NAME)):
        path = folder / subfolder
        if path.is_dir():
            own += [p for p in path.iterdir() if p.name.startswith(prefix) and p.is_file()]
    for path in own:
        path.unlink(missing_ok=True)
    for subfolder in (BACKUP_DIRNAME, "logs"):
        with contextlib.suppress(OSError):  # not there, or holding files of the user's
            (folder / subfolder).rmdir()
    left = sorted(p.name for p in folder.iterdir()) if folder.is_dir() else []
    if not left:
        with contextlib.suppress(FileNotFoundError):
            folder.rmdir()
    return tuple(left)
