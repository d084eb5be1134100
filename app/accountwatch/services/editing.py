"""Edits from the desktop app, as the editors hand them over; each is one command of
`services.edits` (one item validated as import would read it, only its rows written)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any, Literal

from accountwatch.core import passwords, twofactor
from accountwatch.core.model import (
    Account,
    Acknowledgement,
    Card,
    PasswordAnalysis,
    Payment,
    Profile,
)
from accountwatch.core.problems import Problem, ProfileError
from accountwatch.core.profile_io import item_to_dict, section_to_dict
from accountwatch.i18n import _
from accountwatch.paths import write_private_file
from accountwatch.secrets.vault import KeyringUnavailable, VaultStatus
from accountwatch.services import edits, profiles, secret_upkeep
from accountwatch.services.edits import Collection as Collection
from accountwatch.services.workspace import Workspace


def put_item(
    ws: Workspace, collection: Collection, item: dict[str, Any], *, replacing: str | None
) -> Profile:
    """Add `item` to a collection, or put it in place of the item with id `replacing`.

    Renaming an id carries its references along (payments of an account, uses of a card).
    Raises ProfileError with paths relative to the item.
    """
    return edits.apply(ws, edits.PutItem(collection, item, replacing)).profile


def delete_item(ws: Workspace, collection: Collection, item_id: str) -> Profile:
    """Remove an item; an account's payments go with it, a card leaves its users card-less."""
    return edits.apply(ws, edits.RemoveItem(collection, item_id)).profile


def remove_account(ws: Workspace, account_id: str) -> tuple[str, ...]:
    """Remove an account with its payments and its kept two-factor secret; what the user should
    know when the keyring could not remove the secret yet (recorded, removed later)."""
    return edits.apply(ws, edits.RemoveItem("accounts", account_id)).notes


def save_account(
    ws: Workspace,
    item: dict[str, Any],
    *,
    replacing: str | None,
    password: PasswordAnalysis | None = None,
    totp_secret: str | None = None,
) -> tuple[str, ...]:
    """Add or replace an account as the editor holds it, with what was set up for it before it
    was saved: a password's analysis and a verified authenticator's secret (to the keyring now,
    never earlier). What the user should know: keyring work not done yet, a secret not kept."""
    with ws.writing():
        notes = list(edits.apply(ws, edits.PutItem("accounts", item, replacing)).notes)
        account_id = item["id"]
        if password is not None:
            edits.apply(ws, edits.KeepPasswordAnalysis(account_id, password, None))
        if totp_secret is not None:
            try:
                keep_totp_secret(ws, account_id, totp_secret)
            except KeyringUnavailable as exc:
                notes.append(
                    _("Two-factor sign-in is saved, but the secret was not kept: {reason}").format(
                        reason=exc
                    )
                )
    return tuple(notes)


def put_section(
    ws: Workspace, key: Literal["company", "settings"], value: dict[str, Any] | None
) -> Profile:
    """Replace the company record or the settings (None: no company record)."""
    if key == "company":
        return edits.apply(ws, edits.PutCompany(value)).profile
    return edits.apply(ws, edits.PutSettings(value or {})).profile


def mark_paid(ws: Workspace, payment_id: str, paid_on: dt.date) -> Profile:
    """A one-off payment is paid; a recurring one moves on to its next due date."""
    return edits.apply(ws, edits.MarkPaid(payment_id, paid_on)).profile


def payment_history(ws: Workspace, payment_id: str) -> list[tuple[dt.date, dt.date]]:
    return ws.repo.payment_history(payment_id)


def set_acknowledgement(ws: Workspace, ack: Acknowledgement) -> Profile:
    return edits.apply(ws, edits.Acknowledge(ack)).profile


def remove_acknowledgement(ws: Workspace, rule: str, subject: str) -> Profile:
    return edits.apply(ws, edits.Withdraw(rule, subject)).profile


def check_password(
    ws: Workspace, profile: Profile, account_id: str | None, password: str, today: dt.date
) -> PasswordAnalysis:
    """Analyse a password for an account without saving (the dialog shows it as one types)."""
    account = profile.account(account_id) if account_id else None
    key, _degraded = ws.vault.fingerprint_key()
    inputs = passwords.user_inputs(account, profile.company) if account else []
    return passwords.analyse(password, inputs, key=key, salt=ws.db.install_salt, today=today)


def reused_by(profile: Profile, account_id: str | None, analysis: PasswordAnalysis) -> list[str]:
    """Names of the other accounts whose password has the same fingerprint."""
    return [
        a.display_name
        for a in profile.accounts
        if a.id != account_id
        and analysis.fingerprint
        and (
            (a.password is not None and a.password.fingerprint == analysis.fingerprint)
            or analysis.fingerprint in a.other_fingerprints
        )
    ]


def save_password_analysis(
    ws: Workspace, account_id: str, analysis: PasswordAnalysis, changed_on: dt.date | None
) -> Profile:
    """Keep a password's analysis (never the password) and, when given, its change date."""
    return edits.apply(ws, edits.KeepPasswordAnalysis(account_id, analysis, changed_on)).profile


def item_document(profile: Profile, collection: Collection, item_id: str) -> dict[str, Any]:
    """One item in profile-file form, the shape `put_item` takes back (for editors)."""
    items: tuple[Account | Card | Payment, ...] = getattr(profile, collection)
    found = next((x for x in items if x.id == item_id), None)
    return {} if found is None else item_to_dict(found)


def section_document(profile: Profile, key: Literal["company", "settings"]) -> dict[str, Any]:
    """The company record or the settings in profile-file form, for `put_section`."""
    return section_to_dict(profile, key) or {}


# -- two-factor secrets, the keyring and export files (the two-factor dialog, the settings page)


def new_totp_secret() -> str:
    """A fresh random TOTP secret (base32) for an authenticator app."""
    return twofactor.generate_secret()


def normalize_totp_secret(text: str) -> str:
    """A secret typed or pasted by the user, or the secret of an otpauth:// link; ValueError
    saying what is wrong otherwise."""
    if text.strip().lower().startswith("otpauth:"):
        return twofactor.parse_uri(text).secret
    return twofactor.normalize_secret(text)


def totp_uri(secret: str, account_label: str, issuer: str) -> str:
    """The otpauth:// link an authenticator app reads from the QR code."""
    return twofactor.provisioning_uri(secret, account_label, issuer)


def verify_totp(secret: str, code: str, at: dt.datetime) -> bool:
    """Whether `code` is the secret's code at `at` (one step of clock drift either way)."""
    return twofactor.verify(secret, code, at)


def vault_status(ws: Workspace) -> VaultStatus:
    """Whether the system keyring can be used (a real round trip: may block on an unlock)."""
    return ws.vault.status()


def settle_keyring(ws: Workspace) -> int:
    """Do what earlier changes left for the keyring (a secret to remove); how many are left."""
    return secret_upkeep.settle(ws)


def keep_totp_secret(ws: Workspace, account_id: str, secret: str) -> Profile:
    """Keep an account's TOTP secret in the keyring (KeyringUnavailable: nowhere else)."""
    account = ws.repo.load_profile().account(account_id)
    if account is None:
        raise ProfileError([Problem("", _("It was deleted meanwhile."))])
    # First where the folder is: in a copy not yet settled, the id's entries are the original's.
    secret_upkeep.settle(ws)
    ws.vault.set_totp_secret(account_id, secret, account.display_name)
    return edits.apply(ws, edits.MarkTotpSecret(account_id, kept=True)).profile


def totp_code(ws: Workspace, account_id: str, at: dt.datetime) -> str | None:
    """The code an authenticator shows at `at` for an account whose secret is kept, else None."""
    account = ws.repo.load_profile().account(account_id)
    if account is None or not account.has_totp_secret:
        return None
    secret = ws.vault.get_totp_secret(account_id, account.display_name)
    return None if secret is None else twofactor.current_code(secret, at)


def enable_totp(ws: Workspace, account_id: str, keep_secret: str | None) -> str | None:
    """Record that the account signs in with an authenticator app; keep its secret when given.

    The method is saved even when the keyring refuses the secret: the returned text says why
    the secret was not kept (None when all went well).
    """
    stored = ws.repo.load_profile()
    item = item_document(stored, "accounts", account_id)
    if not item:
        raise ProfileError([Problem("", _("It was deleted meanwhile."))])
    two_factor = dict(item.get("two_factor") or {})
    two_factor["method"] = "totp"
    item["two_factor"] = two_factor
    with ws.writing():
        saved = put_item(ws, "accounts", item, replacing=account_id)
        account = saved.account(account_id)
        had_secret = account is not None and account.has_totp_secret
        try:
            if keep_secret is not None:
                keep_totp_secret(ws, account_id, keep_secret)
            elif had_secret:
                # The kept secret belongs to the old setup: its codes no longer sign in.
                secret_upkeep.settle(ws)
                ws.vault.delete_totp_secret(account_id)
                edits.apply(ws, edits.MarkTotpSecret(account_id, kept=False))
        except KeyringUnavailable as exc:
            return str(exc)
    return None


def export_to_file(ws: Workspace, path: Path, *, include_secrets: bool) -> None:
    """Write the profile to `path` atomically, readable by the user only (it may hold secrets)."""
    text = profiles.export_profile(ws, include_secrets=include_secrets)
    write_private_file(path, text.encode("utf-8"))
