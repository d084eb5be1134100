"""Changes to the stored profile as commands: one item validated as import would read it,
written in one transaction that touches only its rows.

An editor hands over the item in profile-file form (`{"id": …, "label": …}`), the values as
the user typed them, so every rule of the format (dates, ids, card-number lookalikes in any text,
references) holds for typed input exactly as for an imported file. Problems come back with paths
relative to the item, for the editor to show beside the field. `apply` returns the profile as
stored afterwards and which accounts the change may concern, so only those need a new look.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from typing import Any, Literal

from accountwatch.core.dates import next_due_after, series_start
from accountwatch.core.merge import keep_local_knowledge
from accountwatch.core.model import (
    Account,
    Acknowledgement,
    Card,
    Listing,
    OtherSite,
    PasswordAnalysis,
    Payment,
    PaymentMethod,
    Penalty,
    Profile,
    place_of,
)
from accountwatch.core.problems import Problem, ProfileError
from accountwatch.core.profile_io import (
    acknowledgement_to_dict,
    parse_item,
    parse_piece,
    parse_profile,
    profile_to_dict,
)
from accountwatch.i18n import _
from accountwatch.services import secret_upkeep
from accountwatch.services.workspace import Workspace
from accountwatch.store.repository import ProfileRows

Collection = Literal["accounts", "cards", "payments"]
AccountPart = Literal["penalties", "listings"]


# -- the commands ------------------------------------------------------------------------------


@dataclass(frozen=True)
class PutItem:
    """Add an account, card or payment (`replacing` None), or put it in place of the one with
    id `replacing`; a new id carries its references along (payments of an account, uses of a
    card)."""

    collection: Collection
    item: Mapping[str, Any]
    replacing: str | None = None


@dataclass(frozen=True)
class RemoveItem:
    """Remove an account (its payments go with it), a card (its users are left without it) or
    a payment; nothing happens when it is gone already."""

    collection: Collection
    item_id: str


@dataclass(frozen=True)
class PutAccountPart:
    """Add a penalty or listing to an account (`index` None) or put it in place of one."""

    account_id: str
    part: AccountPart
    item: Mapping[str, Any]
    index: int | None = None


@dataclass(frozen=True)
class RemoveAccountPart:
    account_id: str
    part: AccountPart
    index: int


@dataclass(frozen=True)
class PutCompany:
    """The company as it really is (None: no record)."""

    record: Mapping[str, Any] | None


@dataclass(frozen=True)
class PutSettings:
    settings: Mapping[str, Any]


@dataclass(frozen=True)
class Acknowledge:
    """Accept a finding (rule, subject), in place of an earlier acknowledgement of it."""

    ack: Acknowledgement


@dataclass(frozen=True)
class Withdraw:
    """Withdraw the acknowledgement of (rule, subject)."""

    rule: str
    subject: str


@dataclass(frozen=True)
class MarkPaid:
    """A one-off payment is paid; a recurring one moves on to its next due date."""

    payment_id: str
    paid_on: dt.date


@dataclass(frozen=True)
class KeepPasswordAnalysis:
    """Keep a password's analysis (never the password) and, when given, its change date."""

    account_id: str
    analysis: PasswordAnalysis
    changed_on: dt.date | None = None


@dataclass(frozen=True)
class AccountFromExport:
    """What a password manager export's analysis keeps for one account: its password's new
    analysis and change date when the export held the account's own entry, and the other
    sites (fingerprints and host names) in place of those of an earlier export."""

    account_id: str
    analysis: PasswordAnalysis | None
    changed_on: dt.date | None
    other_sites: tuple[OtherSite, ...]


@dataclass(frozen=True)
class KeepExportAnalysis:
    """Keep the analysis of a password manager export for every account, in one transaction."""

    accounts: tuple[AccountFromExport, ...]


@dataclass(frozen=True)
class MarkTotpSecret:
    """Record whether the keyring holds the account's TOTP secret."""

    account_id: str
    kept: bool


Edit = (
    PutItem
    | RemoveItem
    | PutAccountPart
    | RemoveAccountPart
    | PutCompany
    | PutSettings
    | Acknowledge
    | Withdraw
    | MarkPaid
    | KeepPasswordAnalysis
    | KeepExportAnalysis
    | MarkTotpSecret
)


@dataclass(frozen=True)
class Applied:
    """The profile as stored before and after an edit, and the accounts whose findings it may
    change (None: every account)."""

    before: Profile
    profile: Profile
    touched: frozenset[str] | None
    # What the user should know about keyring work the edit needed (a secret not removed yet).
    notes: tuple[str, ...] = ()


def apply(ws: Workspace, edit: Edit) -> Applied:
    """Validate and store one edit, in one transaction; ProfileError (paths relative to the
    edited item) leaves everything as it was."""
    with ws.writing():
        stored = ws.repo.load_profile()
        change = _HANDLERS[type(edit)](ws, stored, edit)
        if change.result is not stored:
            with ws.repo.changing(change.result) as rows:
                change.write(rows)
        notes: list[str] = []
        if change.after is not None:
            # Keyring work: first what earlier edits left to do, while the keyring is asked.
            secret_upkeep.settle(ws)
            notes = change.after()
        applied = ws.last_edit = Applied(stored, change.result, change.touched, tuple(notes))
        return applied


# -- how each command is carried out ------------------------------------------------------------


@dataclass(frozen=True)
class _Change:
    result: Profile
    write: Callable[[ProfileRows], None]
    touched: frozenset[str] | None
    # Keyring work that follows a stored change (a renamed or removed account's secret); its
    # notes tell the user what the keyring could not do yet.
    after: Callable[[], list[str]] | None = None


_NOTHING = frozenset[str]()


def _unchanged(stored: Profile) -> _Change:
    return _Change(stored, lambda rows: None, _NOTHING)


def _gone() -> ProfileError:
    return ProfileError([Problem("", _("It was deleted meanwhile."))])


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


@contextlib.contextmanager
def _relative_to(prefix: str) -> Any:
    try:
        yield
    except ProfileError as exc:
        raise ProfileError(_relative(exc.problems, prefix)) from None


def _users_of_card(profile: Profile, card_id: str) -> set[str]:
    return {a.id for a in profile.accounts_using_card(card_id)}


def _sharing_password(profile: Profile, account: Account | None) -> set[str]:
    """Accounts whose reuse findings depend on this account's password fingerprints."""
    if account is None:
        return set()
    mine = {account.password.fingerprint} if account.password else set()
    mine |= set(account.other_fingerprints)
    mine |= {site.fingerprint for site in account.other_sites}
    mine.discard("")
    if not mine:
        return set()
    return {
        a.id
        for a in profile.accounts
        if (a.password and a.password.fingerprint in mine)
        or mine & set(a.other_fingerprints)
        or mine & {site.fingerprint for site in a.other_sites}
    }


# Items of a collection


def _whole_document_item(
    stored: Profile, collection: Collection, index: int, item: Mapping[str, Any], renaming: bool
) -> Any:
    """Read the edited item within the whole profile (a new or clashing id: only the whole
    document tells what that means for references and duplicates)."""
    doc = profile_to_dict(stored)
    items_doc: list[Any] = doc.setdefault(collection, [])
    old_id = items_doc[index]["id"] if index < len(items_doc) else None
    items_doc[index : index + 1] = [dict(item)]
    new_id = item.get("id")
    if renaming and isinstance(new_id, str) and isinstance(old_id, str):
        _rename_references(doc, collection, old_id, new_id)
    profile, _secrets = parse_profile(json.dumps(doc, ensure_ascii=False).encode("utf-8"))
    return getattr(profile, collection)[index]


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


def _place_of(stored: Profile, collection: Collection, item_id: str) -> int | None:
    """Where the item with this id is in its collection (by the profile's index)."""
    find = {"accounts": stored.account, "cards": stored.card, "payments": stored.payment}
    item = find[collection](item_id)
    return None if item is None else place_of(getattr(stored, collection), item)


def _put_item(ws: Workspace, stored: Profile, edit: PutItem) -> _Change:
    current: tuple[Any, ...] = getattr(stored, edit.collection)
    at = None if edit.replacing is None else _place_of(stored, edit.collection, edit.replacing)
    if edit.replacing is not None and at is None:
        raise _gone()
    index = len(current) if at is None else at
    with _relative_to(f"{edit.collection}[{index}]"):
        read: Any = parse_item(stored, edit.collection, index, edit.item)
        if read is None:
            read = _whole_document_item(stored, edit.collection, index, edit.item, at is not None)
    old = current[at] if at is not None else None
    items = list(current)
    items[index : index + 1] = [read]
    if edit.collection == "accounts":
        return _put_account(ws, stored, old, read, tuple(items))
    if edit.collection == "cards":
        return _put_card(stored, old, read, tuple(items))
    payment: Payment = read
    before: Payment | None = old
    touched = {payment.account} | ({before.account} if before else set())
    return _Change(
        stored.changed(payments=tuple(items)),
        lambda rows: rows.put_payment(payment, replacing=edit.replacing),
        frozenset(touched),
    )


def _put_account(
    ws: Workspace, stored: Profile, old: Account | None, read: Account, items: tuple[Any, ...]
) -> _Change:
    # What the item cannot carry (password analysis, fingerprints, a kept secret) stays. A
    # secret written in the item itself was taken by no keyring: the account only says it has
    # one when the keyring holds it (services.editing.keep_totp_secret puts it there).
    account = keep_local_knowledge(old, replace(read, has_totp_secret=False))
    accounts = tuple(account if a is read else a for a in items)
    payments = stored.payments
    if old is not None and old.id != account.id:
        payments = tuple(
            replace(p, account=account.id) if p.account == old.id else p for p in payments
        )
    result = stored.changed(accounts=accounts, payments=payments)
    touched = {account.id} | _sharing_password(stored, old) | _sharing_password(result, account)
    replacing = None if old is None else old.id
    return _Change(
        result,
        lambda rows: rows.put_account(account, replacing=replacing, stored=old),
        frozenset(touched),
        _following_secret(ws, old, account),
    )


def _following_secret(
    ws: Workspace, old: Account | None, new: Account
) -> Callable[[], list[str]] | None:
    """The keyring work a changed account needs: its secret removed when two-factor by
    authenticator was turned off, moved with a new id, relabelled with a new name."""
    if old is None or not old.has_totp_secret:
        return None
    if not new.has_totp_secret:
        return _forgetting_totp_secret(ws, old)
    if old.id != new.id:
        return lambda: secret_upkeep.move_totp_secret(ws, old.id, new.id, new.display_name)
    if old.display_name != new.display_name:

        def relabel() -> list[str]:
            secret_upkeep.relabel_totp_secret(ws, new.id, new.display_name)
            return []

        return relabel
    return None


def _forgetting_totp_secret(ws: Workspace, account: Account) -> Callable[[], list[str]]:
    """A removed account's secret goes too; recorded for later when the keyring cannot."""
    return lambda: secret_upkeep.forget_totp_secrets(ws, [(account.id, account.display_name)])


def _put_card(stored: Profile, old: Card | None, card: Card, items: tuple[Any, ...]) -> _Change:
    result = stored.changed(cards=items)
    touched: set[str] = set()
    if old is not None:
        touched = _users_of_card(stored, old.id)
        if old.id != card.id:
            result = _rename_card(result, old.id, card.id)
    touched |= _users_of_card(result, card.id)
    replacing = None if old is None else old.id
    return _Change(
        result, lambda rows: rows.put_card(card, replacing=replacing), frozenset(touched)
    )


def _rename_card(profile: Profile, old: str, new: str | None) -> Profile:
    """Payments and payment methods that used card `old` use `new` (None: no card; the
    methods paying with it go)."""

    def methods(account: Account) -> tuple[PaymentMethod, ...]:
        if new is None:
            return tuple(m for m in account.payment_methods if m.card != old)
        return tuple(replace(m, card=new) if m.card == old else m for m in account.payment_methods)

    return profile.changed(
        accounts=tuple(
            replace(a, payment_methods=methods(a))
            if any(m.card == old for m in a.payment_methods)
            else a
            for a in profile.accounts
        ),
        payments=tuple(replace(p, card=new) if p.card == old else p for p in profile.payments),
    )


def _remove_item(ws: Workspace, stored: Profile, edit: RemoveItem) -> _Change:
    item_id = edit.item_id
    if edit.collection == "accounts":
        account = stored.account(item_id)
        if account is None:
            return _unchanged(stored)
        result = stored.changed(
            accounts=tuple(a for a in stored.accounts if a.id != item_id),
            payments=tuple(p for p in stored.payments if p.account != item_id),
        )
        touched = _sharing_password(stored, account) - {item_id}
        return _Change(
            result,
            lambda rows: rows.delete_account(item_id),
            frozenset(touched),
            _forgetting_totp_secret(ws, account) if account.has_totp_secret else None,
        )
    if edit.collection == "cards":
        if stored.card(item_id) is None:
            return _unchanged(stored)
        result = _rename_card(
            stored.changed(cards=tuple(c for c in stored.cards if c.id != item_id)), item_id, None
        )
        return _Change(
            result,
            lambda rows: rows.delete_card(item_id),
            frozenset(_users_of_card(stored, item_id)),
        )
    payment = stored.payment(item_id)
    if payment is None:
        return _unchanged(stored)
    at = place_of(stored.payments, payment)
    result = stored.changed(payments=stored.payments[:at] + stored.payments[at + 1 :])
    return _Change(result, lambda rows: rows.delete_payment(item_id), frozenset({payment.account}))


# Penalties and listings of an account


def _account_at(stored: Profile, account_id: str) -> int:
    index = next((i for i, a in enumerate(stored.accounts) if a.id == account_id), None)
    if index is None:
        raise _gone()
    return index


def _with_part(
    stored: Profile, index: int, part: AccountPart, items: tuple[Penalty | Listing, ...]
) -> _Change:
    changes: dict[str, Any] = {part: items}
    account = replace(stored.accounts[index], **changes)
    accounts = list(stored.accounts)
    accounts[index] = account
    return _Change(
        stored.changed(accounts=tuple(accounts)),
        lambda rows: rows.put_account_part(account, part),
        frozenset({account.id}),
    )


def _put_account_part(ws: Workspace, stored: Profile, edit: PutAccountPart) -> _Change:
    index = _account_at(stored, edit.account_id)
    items: list[Penalty | Listing] = list(getattr(stored.accounts[index], edit.part))
    at = len(items) if edit.index is None else edit.index
    if at >= len(items) and edit.index is not None:
        raise _gone()
    with _relative_to(f"accounts[{index}].{edit.part}[{at}]"):
        read = parse_piece(("accounts", index, edit.part, at), edit.item)
    items[at : at + 1] = [read]
    return _with_part(stored, index, edit.part, tuple(items))


def _remove_account_part(ws: Workspace, stored: Profile, edit: RemoveAccountPart) -> _Change:
    index = _account_at(stored, edit.account_id)
    items = list(getattr(stored.accounts[index], edit.part))
    if not 0 <= edit.index < len(items):
        return _unchanged(stored)
    del items[edit.index]
    return _with_part(stored, index, edit.part, tuple(items))


# The company, settings and acknowledgements


def _put_company(ws: Workspace, stored: Profile, edit: PutCompany) -> _Change:
    company = None
    if edit.record is not None:
        with _relative_to("company"):
            company = parse_piece(("company",), edit.record)
    return _Change(stored.changed(company=company), lambda rows: rows.put_company(company), None)


def _put_settings(ws: Workspace, stored: Profile, edit: PutSettings) -> _Change:
    with _relative_to("settings"):
        settings = parse_piece(("settings",), edit.settings)
    result = stored.changed(settings=settings)

    def write(rows: ProfileRows) -> None:
        rows.put_settings(settings)
        if settings.extra_terms != stored.settings.extra_terms:
            # Other terms, another scanner: every listing's kept scan is written anew.
            rows.put_listing_scans(result.accounts)

    return _Change(result, write, None)


def _subject_accounts(profile: Profile, subject: str) -> frozenset[str] | None:
    """The accounts a finding about `subject` can be on (None: any)."""
    kind, _sep, name = subject.partition(":")
    if kind == "account":
        return frozenset({name})
    if kind == "card":
        return frozenset(_users_of_card(profile, name))
    if kind == "payment":
        payment = profile.payment(name)
        return frozenset() if payment is None else frozenset({payment.account})
    return None


def _acknowledge(ws: Workspace, stored: Profile, edit: Acknowledge) -> _Change:
    others = tuple(
        a for a in stored.acknowledged if (a.rule, a.subject) != (edit.ack.rule, edit.ack.subject)
    )
    index = len(others)
    with _relative_to(f"acknowledged[{index}]"):
        ack = parse_piece(("acknowledged", index), acknowledgement_to_dict(edit.ack))
    return _Change(
        stored.changed(acknowledged=(*others, ack)),
        lambda rows: rows.put_acknowledgement(ack),
        _subject_accounts(stored, ack.subject),
    )


def _withdraw(ws: Workspace, stored: Profile, edit: Withdraw) -> _Change:
    kept = tuple(a for a in stored.acknowledged if (a.rule, a.subject) != (edit.rule, edit.subject))
    if len(kept) == len(stored.acknowledged):
        return _unchanged(stored)
    return _Change(
        stored.changed(acknowledged=kept),
        lambda rows: rows.delete_acknowledgement(edit.rule, edit.subject),
        _subject_accounts(stored, edit.subject),
    )


# Payments paid, passwords analysed, secrets kept


def _mark_paid(ws: Workspace, stored: Profile, edit: MarkPaid) -> _Change:
    payment = stored.payment(edit.payment_id)
    if payment is None:
        raise _gone()
    following = None if payment.repeat is None else next_due_after(payment, payment.due)
    if following is None:  # one-off, or the series has ended: this was its last instalment
        updated = replace(payment, paid_on=edit.paid_on)
    else:
        updated = replace(payment, due=following, repeat_start=series_start(payment))

    def write(rows: ProfileRows) -> None:
        rows.record_payment(payment.id, payment.due, edit.paid_on)
        rows.put_payment(updated, replacing=payment.id)

    at = place_of(stored.payments, payment)
    payments = (*stored.payments[:at], updated, *stored.payments[at + 1 :])
    return _Change(stored.changed(payments=payments), write, frozenset({payment.account}))


def _with_account(stored: Profile, account: Account) -> Profile:
    return stored.changed(
        accounts=tuple(account if a.id == account.id else a for a in stored.accounts)
    )


def _keep_password_analysis(ws: Workspace, stored: Profile, edit: KeepPasswordAnalysis) -> _Change:
    before = stored.account(edit.account_id)
    if before is None:
        raise _gone()
    account = replace(
        before,
        password=edit.analysis,
        password_changed_on=edit.changed_on or before.password_changed_on,
    )
    result = _with_account(stored, account)

    def write(rows: ProfileRows) -> None:
        rows.put_account_fields(account)
        rows.put_account_part(account, "password")

    touched = {account.id} | _sharing_password(stored, before) | _sharing_password(result, account)
    return _Change(result, write, frozenset(touched))


def _keep_export_analysis(ws: Workspace, stored: Profile, edit: KeepExportAnalysis) -> _Change:
    changed: dict[str, Account] = {}
    for kept in edit.accounts:
        before = stored.account(kept.account_id)
        if before is None:
            raise _gone()
        newer = kept.changed_on is not None and (
            before.password_changed_on is None or kept.changed_on > before.password_changed_on
        )
        changed[before.id] = replace(
            before,
            password=kept.analysis or before.password,
            password_changed_on=kept.changed_on if newer else before.password_changed_on,
            other_sites=kept.other_sites,
        )
    result = stored.changed(accounts=tuple(changed.get(a.id, a) for a in stored.accounts))

    def write(rows: ProfileRows) -> None:
        for account in changed.values():
            rows.put_account_fields(account)
            rows.put_account_part(account, "password")
            rows.put_account_part(account, "other_sites")

    # Other sites count for every account's reuse finding.
    return _Change(result, write, None)


def _mark_totp_secret(ws: Workspace, stored: Profile, edit: MarkTotpSecret) -> _Change:
    before = stored.account(edit.account_id)
    if before is None:
        raise _gone()
    account = replace(before, has_totp_secret=edit.kept)
    return _Change(
        _with_account(stored, account),
        lambda rows: rows.put_account_fields(account),
        frozenset({account.id}),
    )


_HANDLERS: dict[type, Callable[[Workspace, Profile, Any], _Change]] = {
    PutItem: _put_item,
    RemoveItem: _remove_item,
    PutAccountPart: _put_account_part,
    RemoveAccountPart: _remove_account_part,
    PutCompany: _put_company,
    PutSettings: _put_settings,
    Acknowledge: _acknowledge,
    Withdraw: _withdraw,
    MarkPaid: _mark_paid,
    KeepPasswordAnalysis: _keep_password_analysis,
    KeepExportAnalysis: _keep_export_analysis,
    MarkTotpSecret: _mark_totp_secret,
}
