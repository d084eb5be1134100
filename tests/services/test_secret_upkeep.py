"""A kept two-factor secret follows its account: removed with it, with its authenticator
sign-in turned off, moved with a new id; what a locked keyring cannot do is recorded and done
later. The keyring is the in-memory double: it is locked and unlocked at will here (the real
Secret Service's lock is exercised in tests/integration)."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from accountwatch.services import editing, edits, profiles, secret_upkeep
from accountwatch.services.workspace import Workspace
from keyring_doubles import MemoryKeyring

SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"


def _kept(keyring: MemoryKeyring, account: str) -> bool:
    return any(name.endswith(f"/totp/{account}") for _service, name in keyring.entries)


def _with_secret(ws: Workspace, account: str) -> None:
    assert editing.enable_totp(ws, account, SECRET) is None


def _item(ws: Workspace, account: str, **changes: Any) -> dict[str, Any]:
    item = editing.item_document(ws.repo.load_profile(), "accounts", account)
    item.update(changes)
    return item


def test_removing_an_account_removes_its_secret(
    ws: Workspace, memory_keyring: MemoryKeyring
) -> None:
    _with_secret(ws, "1688-shop")
    assert _kept(memory_keyring, "1688-shop")

    assert editing.remove_account(ws, "1688-shop") == ()

    assert not _kept(memory_keyring, "1688-shop")
    assert ws.vault.indexed_accounts() == []


def test_turning_the_authenticator_off_in_the_editor_removes_the_secret(
    ws: Workspace, memory_keyring: MemoryKeyring
) -> None:
    _with_secret(ws, "1688-shop")
    item = _item(ws, "1688-shop", two_factor={"method": "sms"})

    editing.put_item(ws, "accounts", item, replacing="1688-shop")

    assert not _kept(memory_keyring, "1688-shop")
    account = ws.repo.load_profile().account("1688-shop")
    assert account is not None and not account.has_totp_secret


def test_a_new_label_or_id_keeps_the_secret_under_the_new_name(
    ws: Workspace, memory_keyring: MemoryKeyring
) -> None:
    _with_secret(ws, "1688-shop")

    editing.put_item(ws, "accounts", _item(ws, "1688-shop", id="shop-b"), replacing="1688-shop")

    assert not _kept(memory_keyring, "1688-shop")
    assert ws.vault.get_totp_secret("shop-b") == SECRET
    assert ws.vault.indexed_accounts() == ["shop-b"]


def test_a_locked_keyring_is_said_and_recorded_and_the_removal_done_once_it_opens(
    ws: Workspace, memory_keyring: MemoryKeyring
) -> None:
    _with_secret(ws, "1688-shop")
    memory_keyring.broken = True

    notes = editing.remove_account(ws, "1688-shop")

    assert ws.repo.load_profile().account("1688-shop") is None  # the account is gone
    (note,) = notes
    assert "could not be removed from the system keyring now" in note
    assert "The system keyring is locked." in note
    assert secret_upkeep.pending(ws) == [("1688-shop", None)]

    assert secret_upkeep.settle(ws) == 1  # still locked: kept for later
    memory_keyring.broken = False
    assert _kept(memory_keyring, "1688-shop")

    assert editing.settle_keyring(ws) == 0

    assert not _kept(memory_keyring, "1688-shop")
    assert secret_upkeep.pending(ws) == []


def test_a_recorded_removal_spares_a_new_secret_of_an_account_of_the_same_id(
    ws: Workspace, memory_keyring: MemoryKeyring
) -> None:
    _with_secret(ws, "1688-shop")
    item = _item(ws, "1688-shop")
    memory_keyring.broken = True
    editing.remove_account(ws, "1688-shop")
    memory_keyring.broken = False
    editing.put_item(ws, "accounts", item, replacing=None)
    editing.keep_totp_secret(ws, "1688-shop", "GEZDGNBVGY3TQOJQ")  # settles first, then keeps

    assert editing.settle_keyring(ws) == 0
    assert ws.vault.get_totp_secret("1688-shop") == "GEZDGNBVGY3TQOJQ"


def test_a_move_the_keyring_refused_is_done_later(
    ws: Workspace, memory_keyring: MemoryKeyring
) -> None:
    _with_secret(ws, "1688-shop")
    memory_keyring.broken = True

    applied = edits.apply(
        ws, edits.PutItem("accounts", _item(ws, "1688-shop", id="shop-b"), "1688-shop")
    )

    assert "could not be moved" in applied.notes[0]
    memory_keyring.broken = False
    assert secret_upkeep.settle(ws) == 0
    assert ws.vault.get_totp_secret("shop-b") == SECRET
    assert not _kept(memory_keyring, "1688-shop")


def test_an_import_that_turns_the_authenticator_off_removes_the_secret(
    ws: Workspace, memory_keyring: MemoryKeyring
) -> None:
    _with_secret(ws, "1688-shop")
    _with_secret(ws, "alibaba-main")
    off = _item(ws, "1688-shop", two_factor={"method": "email"}, payment_methods=[])
    document = json.dumps({"format": "accountwatch.profile", "version": 1, "accounts": [off]})

    result = profiles.import_profile(
        ws, profiles.parse_import(document), replace_all=False, today=dt.date(2026, 11, 29)
    )

    assert result.notes == ()
    assert not _kept(memory_keyring, "1688-shop")
    assert _kept(memory_keyring, "alibaba-main")  # merged, untouched
