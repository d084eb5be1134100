"""Use cases for the profile file: import (merge or replace) and export."""

from __future__ import annotations

import datetime as dt
import functools
import os
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path

from accountwatch.core import passwords
from accountwatch.core.merge import merge
from accountwatch.core.model import Account, Profile, Secrets
from accountwatch.core.problems import ProfileError
from accountwatch.core.profile_io import (
    KnownIds,
    dump_profile,
    parse_profile,
    read_profile_file,
    reference_problems,
)
from accountwatch.i18n import _
from accountwatch.secrets.vault import KeyringUnavailable
from accountwatch.services.types import ImportResult
from accountwatch.services.workspace import Workspace
from accountwatch.store import peek
from accountwatch.store.db import require_backups_writable

# Passwords stretched at once at most: each scrypt holds 16 MB while it runs.
MAX_STRETCHING = 4


def degraded_note() -> str:
    return _(
        "No usable keyring: reuse detection is degraded (its key is kept in a private file in the "
        "data folder) and two-factor secrets cannot be kept."
    )


def analyse_secrets(
    ws: Workspace,
    profile: Profile,
    secrets: Secrets,
    today: dt.date,
    progress: Callable[[int, int], None] | None = None,
) -> Profile:
    """The profile with passwords replaced by their analysis and fingerprints (slow: scrypt);
    `progress(done, total)` hears how many passwords are stretched."""
    if not secrets.passwords and not secrets.other_passwords:
        return profile
    key, _degraded = ws.vault.fingerprint_key()
    salt = ws.db.install_salt
    # One scrypt per distinct password: one password on several accounts is what reuse
    # detection is for, and common.
    distinct = list(
        dict.fromkeys(
            [
                *secrets.passwords.values(),
                *(p for ps in secrets.other_passwords.values() for p in ps),
            ]
        )
    )
    # Loaded here: multiprocessing and the export readers weigh on every start of the demo,
    # which imports through this module without a password to stretch.
    from accountwatch.services import password_export

    if len(distinct) >= password_export.MIN_FOR_PROCESSES or progress is not None:
        # Many passwords (a long other_passwords list): worker processes on every core.
        fingerprints = password_export.stretch(distinct, key, salt, progress=progress)
        return _analysed(profile, secrets, today, key, salt, fingerprints.__getitem__)
    with _stretching(distinct, key, salt) as stretched:
        return _analysed(profile, secrets, today, key, salt, stretched)


@contextmanager
def _stretching(distinct: list[str], key: bytes, salt: bytes) -> Iterator[Callable[[str], str]]:
    """The fingerprint of each password, stretched side by side: hashlib.scrypt lets go of the
    GIL, so the passwords use every core while the caller scores them with zxcvbn."""
    cores = os.cpu_count() or 1
    if not distinct or cores < 2:
        yield functools.cache(lambda password: passwords.fingerprint(password, key=key, salt=salt))
        return
    # Even one password gains: it stretches while zxcvbn loads (tenths of a second) and scores.
    workers = min(len(distinct), cores, MAX_STRETCHING)
    with ThreadPoolExecutor(workers, thread_name_prefix="scrypt") as pool:
        futures = {
            password: pool.submit(passwords.fingerprint, password, key=key, salt=salt)
            for password in distinct
        }
        yield lambda password: futures[password].result()


def _analysed(
    profile: Profile,
    secrets: Secrets,
    today: dt.date,
    key: bytes,
    salt: bytes,
    fingerprint: Callable[[str], str],
) -> Profile:
    accounts: list[Account] = []
    for account in profile.accounts:
        password = secrets.passwords.get(account.id)
        if password is not None:
            inputs = passwords.user_inputs(account, profile.company)
            analysis = passwords.analyse(
                password,
                inputs,
                key=key,
                salt=salt,
                today=today,
                known_fingerprint=fingerprint(password),
            )
            account = replace(account, password=analysis)
        others = secrets.other_passwords.get(account.id, ())
        if others:
            fingerprints = (fingerprint(p) for p in others)
            account = replace(account, other_fingerprints=tuple(dict.fromkeys(fingerprints)))
        accounts.append(account)
    return replace(profile, accounts=tuple(accounts))


def _keep_totp_secrets(
    ws: Workspace, profile: Profile, secrets: Secrets
) -> tuple[Profile, list[str]]:
    """Store the file's TOTP secrets in the keyring; without one they are refused, never kept."""
    notes: list[str] = []
    kept: set[str] = set()
    labels = {a.id: a.display_name for a in profile.accounts}
    for account_id, secret in secrets.totp_secrets.items():
        try:
            ws.vault.set_totp_secret(account_id, secret, labels.get(account_id, account_id))
        except KeyringUnavailable as exc:
            notes.append(
                _("{account}: the two-factor secret was not kept: {reason}").format(
                    account=account_id, reason=exc
                )
            )
        else:
            kept.add(account_id)
    # The file's secret makes the account say it has one (profile_io); only what the keyring
    # took may say so, or the account would claim a secret that is nowhere.
    accounts = tuple(
        replace(a, has_totp_secret=a.id in kept) if a.id in secrets.totp_secrets else a
        for a in profile.accounts
    )
    return replace(profile, accounts=accounts), notes


def _secrets_let_go(stored: Profile, result: Profile) -> list[tuple[str, str]]:
    """(id, label) of the accounts whose kept secret the import ends: gone (--replace), or no
    longer signing in with an authenticator app."""
    let_go = []
    for before in stored.accounts:
        after = result.account(before.id)
        if before.has_totp_secret and (after is None or not after.has_totp_secret):
            let_go.append((before.id, before.display_name))
    return let_go


def read_import(
    source: Path | str, known: Callable[[], KnownIds] | None = None
) -> tuple[Profile, Secrets]:
    """Read and validate a profile file whole; ProfileError lists every problem. A file to be
    merged may name the ids stored (`known()`, asked only if a reference needs it)."""
    return read_profile_file(source, known)


def read_import_into(
    ws: Workspace, source: Path | str, *, replace_all: bool
) -> tuple[Profile, Secrets]:
    """`read_import` of a file to be imported into `ws`: merged, it may name what is stored."""
    if replace_all:
        return read_import(source)
    return read_import(source, lambda: stored_ids(ws.repo.load_profile()))


def ids_in_folder(data_dir: Path) -> KnownIds:
    """The ids stored in the data folder, read without opening it for use (nothing is created
    or migrated: an import validates its file before the folder is opened). None known when
    there is no database yet; when it cannot be read, `unread`: opening the folder then says
    what is wrong with it (a damaged database: status 3), not the file's references."""
    try:
        found = peek.stored_ids(data_dir)
    except peek.FolderUnreadableError:
        return KnownIds(unread=True)
    return KnownIds() if found is None else KnownIds(accounts=found[0], cards=found[1])


def stored_ids(profile: Profile) -> KnownIds:
    """The ids of a stored profile, which a file merged into it may name."""
    return KnownIds(
        accounts=frozenset(a.id for a in profile.accounts),
        cards=frozenset(c.id for c in profile.cards),
    )


def parse_import(document: str) -> tuple[Profile, Secrets]:
    """Validate the text of a profile file; ProfileError lists every problem."""
    return parse_profile(document.encode())


def import_profile(
    ws: Workspace,
    parsed: tuple[Profile, Secrets],
    *,
    replace_all: bool,
    today: dt.date,
    progress: Callable[[int, int], None] | None = None,
) -> ImportResult:
    """Merge a validated profile by id (or replace everything), in one transaction;
    `progress(done, total)` hears how many of the file's passwords are stretched."""
    from accountwatch.services import breaches, secret_upkeep  # not needed by the demo

    incoming, secrets = parsed
    # The import backs the database up before it changes it: a backups folder that refuses
    # must refuse the import before anything (the keyring's settling included) is changed.
    require_backups_writable(ws.data_dir)
    with ws.writing():
        # The file was read against the ids stored then; another import may have removed some.
        known = KnownIds() if replace_all else stored_ids(ws.repo.load_profile())
        problems = reference_problems(incoming, known)
        if problems:
            raise ProfileError(problems)
        notes: list[str] = []
        # What earlier changes left for the keyring, before this import adds to it (asks no
        # keyring when nothing was left).
        secret_upkeep.settle(ws)
        incoming = analyse_secrets(ws, incoming, secrets, today, progress)
        incoming, breach_notes = breaches.check_imported(ws, incoming, secrets.passwords, today)
        notes += breach_notes
        if secrets.totp_secrets:
            incoming, totp_notes = _keep_totp_secrets(ws, incoming, secrets)
            notes += totp_notes
        stored = ws.repo.load_profile()
        result = merge(
            stored, incoming, replace_all=replace_all, settings_given=secrets.settings_given
        )
        ws.db.backup()
        ws.repo.save_profile(result)
        notes += secret_upkeep.forget_totp_secrets(ws, _secrets_let_go(stored, result))
        # Only a file that brought passwords has fingerprints whose key matters here.
        if (secrets.passwords or secrets.other_passwords) and ws.vault.key_in_file():
            notes.append(degraded_note())
    return ImportResult(
        accounts=len(incoming.accounts),
        cards=len(incoming.cards),
        payments=len(incoming.payments),
        notes=tuple(notes),
    )


def export_profile(ws: Workspace, *, include_secrets: bool) -> str:
    """The stored profile as profile JSON; TOTP secrets from the keyring only when asked."""
    profile = ws.repo.load_profile()
    totp: dict[str, str] = {}
    if include_secrets:
        for account in profile.accounts:
            if account.has_totp_secret:
                secret = ws.vault.get_totp_secret(account.id, account.display_name)
                if secret:
                    totp[account.id] = secret
    return dump_profile(profile, totp)
