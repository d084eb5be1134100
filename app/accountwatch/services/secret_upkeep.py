"""Secrets follow their accounts: removed or moved with them, and when the keyring cannot do it
now, a record in the database of what it still has to do, done the next time it can."""

from __future__ import annotations

import contextlib
import json
from collections.abc import Iterable

from accountwatch.core.model import Profile
from accountwatch.i18n import _
from accountwatch.secrets.vault import KeyringUnavailable
from accountwatch.services import relocation
from accountwatch.services.workspace import Workspace

# Meta key of the record: a JSON list of [account id, new account id or null], the secret kept
# under the first id to be removed (null) or moved to the second.
PENDING_KEY = "keyring_pending"

Pending = list[tuple[str, str | None]]


def pending(ws: Workspace) -> Pending:
    """What the keyring still has to do for this data folder (asks no keyring)."""
    text = ws.db.get_meta(PENDING_KEY)
    if not text:
        return []
    try:
        rows = json.loads(text)
    except ValueError:
        return []
    return [(str(r[0]), None if r[1] is None else str(r[1])) for r in rows if len(r) == 2]


def _record(ws: Workspace, rows: Pending) -> None:
    if rows == pending(ws):
        return
    with ws.writing():
        if rows:
            ws.db.set_meta(PENDING_KEY, json.dumps([list(r) for r in dict.fromkeys(rows)]))
        else:
            ws.db.delete_meta(PENDING_KEY)


def _not_now(account: str, reason: str) -> str:
    return _(
        "{account}: its two-factor secret could not be removed from the system keyring now "
        "({reason}). AccountWatch removes it as soon as the keyring can be used again "
        "(or run: accountwatch secrets prune)."
    ).format(account=account, reason=reason)


def forget_totp_secrets(ws: Workspace, accounts: Iterable[tuple[str, str]]) -> list[str]:
    """Remove the secrets of these (account id, label) pairs; what the keyring cannot remove
    now is recorded and the notes say so (no note when all went)."""
    notes: list[str] = []
    later: Pending = []
    for account_id, label in accounts:
        try:
            ws.vault.delete_totp_secret(account_id)
        except KeyringUnavailable as exc:
            later.append((account_id, None))
            notes.append(_not_now(label, exc.reason))
    if later:
        _record(ws, [*pending(ws), *later])
    return notes


def move_totp_secret(ws: Workspace, old: str, new: str, label: str) -> list[str]:
    """A renamed account's secret goes under its new id; recorded when the keyring cannot."""
    try:
        _move(ws, old, new, label)
    except KeyringUnavailable as exc:
        _record(ws, [*pending(ws), (old, new)])
        return [
            _(
                "{account}: its two-factor secret could not be moved in the system keyring now "
                "({reason}); AccountWatch moves it as soon as the keyring can be used again."
            ).format(account=label, reason=exc.reason)
        ]
    return []


def _move(ws: Workspace, old: str, new: str, label: str) -> None:
    secret = ws.vault.get_totp_secret(old)
    if secret:
        ws.vault.set_totp_secret(new, secret, label)
    ws.vault.delete_totp_secret(old)


def relabel_totp_secret(ws: Workspace, account_id: str, label: str) -> None:
    """The keyring entry of a renamed account shows the new name (without a keyring: later,
    as the entry is next read)."""
    with contextlib.suppress(KeyringUnavailable):
        ws.vault.relabel_totp_secret(account_id, label)


def settle(ws: Workspace) -> int:
    """Do what the record says the keyring still has to do, after telling it where the data
    folder is now (relocation); how many steps are left (the keyring still cannot be used).
    Asks no keyring when nothing is recorded and the folder has stayed where it was."""
    rows = pending(ws)
    try:
        relocation.follow(ws)
    except KeyringUnavailable:
        return len(rows) + 1
    if not rows:
        return 0
    profile = ws.repo.load_profile()
    left = list(rows)
    try:
        for old, new in rows:
            _settle_one(ws, profile, old, new)
            left.remove((old, new))
    except KeyringUnavailable:
        pass
    _record(ws, left)
    return len(left)


def _settle_one(ws: Workspace, profile: Profile, old: str, new: str | None) -> None:
    current = profile.account(old)
    # An account of that id with a secret of its own since: that secret is not to go.
    keep_old = current is not None and current.has_totp_secret
    if new is not None:
        target = profile.account(new)
        if target is not None and target.has_totp_secret and not ws.vault.get_totp_secret(new):
            secret = ws.vault.get_totp_secret(old)
            if secret:
                ws.vault.set_totp_secret(new, secret, target.display_name)
    if not keep_old:
        ws.vault.delete_totp_secret(old)
