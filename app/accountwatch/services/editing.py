"""Edits from the desktop app, validated by the same reader as a profile file, then saved.

An editor hands over one item in profile-file form (`{"id": …, "label": …}`), with the values as
the user typed them. The item is read as it would be in the whole stored profile (`parse_item`;
`parse_profile` on the whole document when only that can tell), so every rule of the format
(dates, ids, card-number lookalikes in any text, references) holds for typed input exactly as
for an imported file. Problems come back with paths relative to the item, for the editor to
show beside the field.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
from dataclasses import replace
from pathlib import Path
from typing import Any, Literal

from accountwatch.core import passwords, twofactor
from accountwatch.core.dates import next_due_after, series_start
from accountwatch.core.merge import keep_local_knowledge, merge
from accountwatch.core.model import Acknowledgement, PasswordAnalysis, Profile
from accountwatch.core.problems import Problem, ProfileError
from accountwatch.core.profile_io import parse_item, parse_profile, profile_to_dict
from accountwatch.i18n import _
from accountwatch.paths import write_private_file
from accountwatch.secrets.vault import KeyringUnavailable, VaultStatus
from accountwatch.services import profiles
from accountwatch.services.workspace import Workspace

Collection = Literal["accounts", "cards", "payments"]


def _relative(problems: list[Problem], prefix: str) -> list[Problem]:
    """Problems of the edited item with the item's own prefix cut off (`accounts[3].email` →
    `email`); problems elsewhere that the edit caused (e.g. a dangling reference) are kept."""
    result = []
    for problem in problems:
        path = problem.path
        if path == prefix:
            path = ""
        elif path.startswith(prefix + ".") or path.startswith(prefix + "["):
            path = path[len(prefix) :].lstrip(".")
        result.append(Problem(path, problem.message))
    return result


def _validated(doc: dict[str, Any], prefix: str) -> Profile:
    try:
        profile, _secrets = parse_profile(json.dumps(doc, ensure_ascii=False).encode("utf-8"))
    except ProfileError as exc:
        raise ProfileError(_relative(exc.problems, prefix)) from None
    return profile


def _save(ws: Workspace, stored: Profile, edited: Profile) -> Profile:
    # Keep what a profile document cannot carry: password analyses, fingerprints, kept secrets.
    result = merge(stored, edited, replace_all=True)
    with ws.writing():
        ws.repo.save_profile(result)
    return result


def put_item(
    ws: Workspace, collection: Collection, item: dict[str, Any], *, replacing: str | None
) -> Profile:
    """Add `item` to a collection, or put it in place of the item with id `replacing`.

    Renaming an id carries its references along (payments of an account, uses of a card).
    Raises ProfileError with paths relative to the item.
    """
    stored = ws.repo.load_profile()
    current: tuple[Any, ...] = getattr(stored, collection)
    at = next((i for i, x in enumerate(current) if x.id == replacing), None)
    if replacing is not None and at is None:
        raise ProfileError([Problem("", _("It was deleted meanwhile."))])
    index = len(current) if at is None else at
    try:
        read = parse_item(stored, collection, index, item)
    except ProfileError as exc:
        raise ProfileError(_relative(exc.problems, f"{collection}[{index}]")) from None
    if read is not None:  # the item alone told: no need to read the whole profile again
        items = list(current)
        items[index : index + 1] = [read]
        changed: dict[str, Any] = {collection: tuple(items)}
        return _save(ws, stored, replace(stored, **changed))
    doc = profile_to_dict(stored)
    items_doc: list[dict[str, Any]] = doc.setdefault(collection, [])
    renamed: str | None = None
    if at is None:
        items_doc.append(item)
    else:
        items_doc[index] = item
        new_id = item.get("id")
        if isinstance(new_id, str) and new_id != replacing and replacing is not None:
            _rename_references(doc, collection, replacing, new_id)
            renamed = new_id
    edited = _validated(doc, f"{collection}[{index}]")
    if collection == "accounts" and renamed is not None and replacing is not None:
        edited = _carry_over(ws, stored, edited, replacing, renamed)
    return _save(ws, stored, edited)


def _carry_over(ws: Workspace, stored: Profile, edited: Profile, old: str, new: str) -> Profile:
    """A renamed account keeps its password analysis and its kept two-factor secret."""
    before = stored.account(old)
    if before is None:
        return edited
    accounts = tuple(keep_local_knowledge(before, a) if a.id == new else a for a in edited.accounts)
    if before.has_totp_secret:
        with contextlib.suppress(KeyringUnavailable):
            secret = ws.vault.get_totp_secret(old)
            if secret:
                ws.vault.set_totp_secret(new, secret)
                ws.vault.delete_totp_secret(old)
    return replace(edited, accounts=accounts)


def _rename_references(doc: dict[str, Any], collection: Collection, old: str, new: str) -> None:
    if collection == "accounts":
        for payment in doc.get("payments", []):
            if payment.get("account") == old:
                payment["account"] = new
    elif collection == "cards":
        for payment in doc.get("payments", []):
            if payment.get("card") == old:
                payment["card"] = new
        for account in doc.get("accounts", []):
            for method in account.get("payment_methods", []):
                if method.get("card") == old:
                    method["card"] = new


def delete_item(ws: Workspace, collection: Collection, item_id: str) -> Profile:
    """Remove an item; an account's payments go with it, a card leaves its users card-less."""
    stored = ws.repo.load_profile()
    doc = profile_to_dict(stored)
    doc[collection] = [x for x in doc.get(collection, []) if x.get("id") != item_id]
    if collection == "accounts":
        doc["payments"] = [p for p in doc.get("payments", []) if p.get("account") != item_id]
    if collection == "cards":
        for payment in doc.get("payments", []):
            if payment.get("card") == item_id:
                del payment["card"]
        for account in doc.get("accounts", []):
            methods = account.get("payment_methods", [])
            account["payment_methods"] = [m for m in methods if m.get("card") != item_id]
    edited = _validated(doc, collection)
    result = _save(ws, stored, edited)
    account = stored.account(item_id) if collection == "accounts" else None
    if account is not None and account.has_totp_secret:
        # Without a keyring there is no secret to delete either.
        with contextlib.suppress(KeyringUnavailable):
            ws.vault.delete_totp_secret(item_id)
    return result


def put_section(
    ws: Workspace, key: Literal["company", "settings"], value: dict[str, Any] | None
) -> Profile:
    """Replace the company record or the settings (None: no company record)."""
    stored = ws.repo.load_profile()
    doc = profile_to_dict(stored)
    if value is None:
        doc.pop(key, None)
    else:
        doc[key] = value
    return _save(ws, stored, _validated(doc, key))


def mark_paid(ws: Workspace, payment_id: str, paid_on: dt.date) -> Profile:
    """A one-off payment is paid; a recurring one moves on to its next due date."""
    stored = ws.repo.load_profile()
    payment = next((p for p in stored.payments if p.id == payment_id), None)
    if payment is None:
        raise ProfileError([Problem("", _("It was deleted meanwhile."))])
    if payment.repeat is None:
        updated = replace(payment, paid_on=paid_on)
    else:
        following = next_due_after(payment, payment.due)
        if following is None:  # the series has ended: this was its last instalment
            updated = replace(payment, paid_on=paid_on)
        else:
            updated = replace(payment, due=following, repeat_start=series_start(payment))
    payments = tuple(updated if p.id == payment_id else p for p in stored.payments)
    result = replace(stored, payments=payments)
    with ws.writing(), ws.db.transaction():
        ws.repo.record_payment(payment_id, payment.due, paid_on)
        ws.repo.save_profile(result)
    return result


def payment_history(ws: Workspace, payment_id: str) -> list[tuple[dt.date, dt.date]]:
    return ws.repo.payment_history(payment_id)


def set_acknowledgement(ws: Workspace, ack: Acknowledgement) -> Profile:
    stored = ws.repo.load_profile()
    others = tuple(a for a in stored.acknowledged if (a.rule, a.subject) != (ack.rule, ack.subject))
    result = replace(stored, acknowledged=(*others, ack))
    with ws.writing():
        ws.repo.save_profile(result)
    return result


def remove_acknowledgement(ws: Workspace, rule: str, subject: str) -> Profile:
    stored = ws.repo.load_profile()
    kept = tuple(a for a in stored.acknowledged if (a.rule, a.subject) != (rule, subject))
    result = replace(stored, acknowledged=kept)
    with ws.writing():
        ws.repo.save_profile(result)
    return result


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
    stored = ws.repo.load_profile()
    accounts = tuple(
        replace(
            a,
            password=analysis,
            password_changed_on=changed_on or a.password_changed_on,
        )
        if a.id == account_id
        else a
        for a in stored.accounts
    )
    result = replace(stored, accounts=accounts)
    with ws.writing():
        ws.repo.save_profile(result)
    return result


def item_document(profile: Profile, collection: Collection, item_id: str) -> dict[str, Any]:
    """One item in profile-file form, the shape `put_item` takes back (for editors)."""
    items = profile_to_dict(profile).get(collection, [])
    return next((dict(x) for x in items if x.get("id") == item_id), {})


def section_document(profile: Profile, key: Literal["company", "settings"]) -> dict[str, Any]:
    """The company record or the settings in profile-file form, for `put_section`."""
    value = profile_to_dict(profile).get(key)
    return dict(value) if isinstance(value, dict) else {}


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


def keep_totp_secret(ws: Workspace, account_id: str, secret: str) -> Profile:
    """Keep an account's TOTP secret in the keyring (KeyringUnavailable: nowhere else)."""
    stored = ws.repo.load_profile()
    if stored.account(account_id) is None:
        raise ProfileError([Problem("", _("It was deleted meanwhile."))])
    ws.vault.set_totp_secret(account_id, secret)
    return _mark_totp_secret(ws, stored, account_id, kept=True)


def _mark_totp_secret(ws: Workspace, stored: Profile, account_id: str, *, kept: bool) -> Profile:
    accounts = tuple(
        replace(a, has_totp_secret=kept) if a.id == account_id else a for a in stored.accounts
    )
    result = replace(stored, accounts=accounts)
    with ws.writing():
        ws.repo.save_profile(result)
    return result


def totp_code(ws: Workspace, account_id: str, at: dt.datetime) -> str | None:
    """The code an authenticator shows at `at` for an account whose secret is kept, else None."""
    account = ws.repo.load_profile().account(account_id)
    if account is None or not account.has_totp_secret:
        return None
    secret = ws.vault.get_totp_secret(account_id)
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
                ws.vault.delete_totp_secret(account_id)
                _mark_totp_secret(ws, saved, account_id, kept=False)
        except KeyringUnavailable as exc:
            return str(exc)
    return None


def export_to_file(ws: Workspace, path: Path, *, include_secrets: bool) -> None:
    """Write the profile to `path` atomically, readable by the user only (it may hold secrets)."""
    text = profiles.export_profile(ws, include_secrets=include_secrets)
    write_private_file(path, text.encode("utf-8"))
