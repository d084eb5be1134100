"""Keyring hygiene against a real gnome-keyring, run as a user runs the command line and
checked from outside with `secret-tool search --all`: after import, after `import --replace`
without two-factor by authenticator, and after `secrets prune`, exactly the entries that should
exist, with labels a person understands."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

import keyring
import pytest

from accountwatch.secrets.vault import SERVICE
from accountwatch.services.workspace import Workspace
from cli_process import accountwatch

pytestmark = [pytest.mark.keyring, pytest.mark.usefixtures("secret_service")]

ALIBABA_SECRET = "JBSWY3DPEHPK3PXP"
SHOP_SECRET = "GEZDGNBVGY3TQOJQ"
EXPRESS_SECRET = "MFRGGZDFMZTWQ2LK"

KEY_LABEL = "AccountWatch — reuse-check key (not a password)"
INDEX_LABEL = "AccountWatch — list of accounts with a kept secret (not a password)"


def _totp_label(account: str) -> str:
    return f"AccountWatch — authenticator secret for {account}"


def _account(ident: str, platform: str, label: str, method: str, secret: str | None) -> Any:
    two_factor: dict[str, str] = {"method": method}
    if secret is not None:
        two_factor["totp_secret"] = secret
    return {
        "id": ident,
        "platform": platform,
        "label": label,
        "login_id": f"{ident}-login",
        "email": "buyer@sakura-trading.example",
        "two_factor": two_factor,
    }


def _profile(tmp_path: Path, name: str, accounts: list[Any], password: bool = True) -> Path:
    if password:
        accounts[0] = {**accounts[0], "password": "correct horse battery staple 1"}
    path = tmp_path / name
    path.write_text(
        json.dumps({"format": "accountwatch.profile", "version": 1, "accounts": accounts}),
        encoding="utf-8",
    )
    return path


def _three_accounts() -> list[Any]:
    return [
        _account("alibaba-main", "alibaba.com", "Alibaba.com main", "totp", ALIBABA_SECRET),
        _account("shop-1688", "1688", "1688 shop", "totp", SHOP_SECRET),
        _account("express", "aliexpress", "AliExpress store", "totp", EXPRESS_SECRET),
    ]


def _search(**attributes: str) -> list[dict[str, str]]:
    """Every item libsecret finds with these attributes: label, secret, attributes."""
    tool = shutil.which("secret-tool")
    if tool is None:
        pytest.fail("secret-tool not found: apt-get install -y libsecret-tools", pytrace=False)
    query = [part for pair in attributes.items() for part in pair]
    # secret-tool prints each item's path, label and secret on standard output and its
    # attributes on standard error: both into one pipe, unbuffered (stdbuf), keep them in order.
    found = subprocess.run(
        ["stdbuf", "-o0", "-e0", tool, "search", "--all", *query],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        timeout=30,
        check=False,
    )
    items: list[dict[str, str]] = []
    for line in found.stdout.splitlines():
        if line.startswith("[/"):  # the item's path starts each item
            items.append({})
            continue
        name, sep, value = line.partition(" = ")
        if sep and items:
            items[-1][name] = value
    return items


def _entries_of(folder: Path) -> dict[str, dict[str, str]]:
    """This data folder's entries by label (secret-tool's view)."""
    found = _search(service=SERVICE, **{"data-folder": str(folder)})
    by_label = {item["label"]: item for item in found}
    assert len(by_label) == len(found), f"two entries with one label: {found}"
    return by_label


def _import(profile: Path, folder: Path, *more: str) -> None:
    done = accountwatch("import", str(profile), "--data-dir", str(folder), *more)
    assert done.returncode == 0, done.stderr


def test_import_replace_and_prune_leave_exactly_the_entries_in_use(tmp_path: Path) -> None:
    folder = tmp_path / "sakura"
    _import(_profile(tmp_path, "full.json", _three_accounts()), folder)

    entries = _entries_of(folder)
    assert set(entries) == {
        KEY_LABEL,
        INDEX_LABEL,
        _totp_label("Alibaba.com main"),
        _totp_label("1688 shop"),
        _totp_label("AliExpress store"),
    }
    alibaba = entries[_totp_label("Alibaba.com main")]
    assert alibaba["secret"] == ALIBABA_SECRET
    assert alibaba["attribute.account"] == "alibaba-main"
    assert alibaba["attribute.data-folder"] == str(folder)
    # keyring's own attributes stay, so that any keyring reader still finds the entry.
    namespace = alibaba["attribute.username"].split("/")[0]
    assert alibaba["attribute.username"] == f"{namespace}/totp/alibaba-main"
    assert keyring.get_password(SERVICE, f"{namespace}/totp/alibaba-main") == ALIBABA_SECRET
    assert not any(e["label"].startswith("Password for") for e in entries.values())

    # The same company again: the 1688 account gone, AliExpress signing in by SMS now, and no
    # secret in the file for Alibaba.com (it keeps the one it has).
    replaced = _profile(
        tmp_path,
        "replace.json",
        [
            _account("alibaba-main", "alibaba.com", "Alibaba.com main", "totp", None),
            _account("express", "aliexpress", "AliExpress store", "sms", None),
        ],
    )
    _import(replaced, folder, "--replace")

    entries = _entries_of(folder)
    assert set(entries) == {KEY_LABEL, INDEX_LABEL, _totp_label("Alibaba.com main")}
    assert json.loads(entries[INDEX_LABEL]["secret"]) == ["alibaba-main"]
    exported = accountwatch("export", "-", "--include-secrets", "--data-dir", str(folder))
    assert json.loads(exported.stdout)["accounts"][0]["two_factor"]["totp_secret"] == (
        ALIBABA_SECRET
    )

    # A second data folder, then deleted: prune removes its entries and nothing of the first.
    other = tmp_path / "deleted"
    _import(_profile(tmp_path, "other.json", _three_accounts()[:1]), other)
    assert set(_entries_of(other)) == {KEY_LABEL, INDEX_LABEL, _totp_label("Alibaba.com main")}
    shutil.rmtree(other)

    listed = accountwatch("secrets", "list", "--json", "--data-dir", str(folder))
    assert listed.returncode == 0, listed.stderr
    uses = {(e["data_folder"], e["label"]): e["use"] for e in json.loads(listed.stdout)["entries"]}
    assert uses[(str(other), _totp_label("Alibaba.com main"))] == "unused"
    assert uses[(str(folder), _totp_label("Alibaba.com main"))] == "in-use"
    assert ALIBABA_SECRET not in listed.stdout  # never a secret

    dry = accountwatch("secrets", "prune", "--dry-run", "--data-dir", str(folder))
    assert dry.returncode == 0, dry.stderr
    assert f"Would remove: {_totp_label('Alibaba.com main')}" in dry.stdout
    assert set(_entries_of(other)) == {KEY_LABEL, INDEX_LABEL, _totp_label("Alibaba.com main")}

    pruned = accountwatch("secrets", "prune", "--data-dir", str(folder))
    assert pruned.returncode == 0, pruned.stderr

    assert _entries_of(other) == {}
    assert set(_entries_of(folder)) == {KEY_LABEL, INDEX_LABEL, _totp_label("Alibaba.com main")}


def test_entries_labelled_by_an_earlier_version_are_relabelled_as_they_are_read(
    tmp_path: Path,
) -> None:
    folder = tmp_path / "older"
    _import(_profile(tmp_path, "p.json", _three_accounts()[:1], password=False), folder)
    with Workspace.open(folder) as ws:
        namespace = ws.db.install_id
    username = f"{namespace}/totp/alibaba-main"
    # What AccountWatch wrote before: keyring's own label and attributes.
    for item in _search(service=SERVICE, username=username):
        assert item["label"] == _totp_label("Alibaba.com main")
    keyring.delete_password(SERVICE, username)
    keyring.set_password(SERVICE, username, ALIBABA_SECRET)
    (old,) = _search(service=SERVICE, username=username)
    assert old["label"] == f"Password for '{username}' on '{SERVICE}'"

    listed = accountwatch("secrets", "list", "--json", "--data-dir", str(folder))
    (entry,) = [e for e in json.loads(listed.stdout)["entries"] if e["username"] == username]
    # No folder recorded, but the install id is the given folder's: in use, never pruned.
    assert (entry["data_folder"], entry["use"]) == (str(folder), "in-use")

    exported = accountwatch("export", "-", "--include-secrets", "--data-dir", str(folder))
    assert exported.returncode == 0, exported.stderr

    (relabelled,) = _search(service=SERVICE, username=username)
    assert relabelled["label"] == _totp_label("Alibaba.com main")
    assert relabelled["attribute.data-folder"] == str(folder)
    assert relabelled["secret"] == ALIBABA_SECRET


def test_a_data_folder_in_use_is_never_pruned_of_an_entry_whose_folder_is_unknown(
    tmp_path: Path,
) -> None:
    # Written by an earlier version for a folder this command was not given: kept, said so.
    username = "0123456789abcdef0123456789abcdef/totp/unknown-folder"
    keyring.set_password(SERVICE, username, SHOP_SECRET)
    try:
        pruned = accountwatch("secrets", "prune", "--data-dir", str(tmp_path / "none"))
        assert pruned.returncode == 0, pruned.stderr
        assert "kept because" in pruned.stderr
        assert [i["secret"] for i in _search(service=SERVICE, username=username)] == [SHOP_SECRET]
    finally:
        keyring.delete_password(SERVICE, username)
