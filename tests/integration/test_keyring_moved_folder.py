"""A data folder moved or copied keeps its keyring secrets through `secrets prune`, against a
real gnome-keyring and the command line as a user runs it; a truly deleted folder's entries still
go."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from collections.abc import Mapping
from pathlib import Path

import keyring
import pytest

from accountwatch.core import twofactor
from accountwatch.core.demo import demo_profile
from accountwatch.secrets.vault import (
    SERVICE,
    KeptEntry,
    KeyringUnavailable,
    Vault,
    erase_entry,
    kept_entries,
)
from accountwatch.services import editing, profiles, remove_data
from accountwatch.services.workspace import Workspace
from accountwatch.store.db import DB_FILENAME
from accountwatch.store.peek import folder_use
from cli_process import accountwatch

pytestmark = [pytest.mark.keyring, pytest.mark.usefixtures("secret_service")]

SECRET = "JBSWY3DPEHPK3PXPJBSWY3DP"
DEMO_DAY = dt.date(2026, 11, 29)
AT = dt.datetime(2026, 11, 29, 9, 0, tzinfo=dt.UTC)


def _profile_with_totp(tmp_path: Path) -> tuple[Path, list[str]]:
    """The demo profile with an authenticator secret for its first and third accounts."""
    profile = demo_profile(DEMO_DAY)
    with_secret = []
    for index in (0, 2):
        account = profile["accounts"][index]
        account["two_factor"] = {**account["two_factor"], "method": "totp", "totp_secret": SECRET}
        with_secret.append(account["id"])
    path = tmp_path / "totp.json"
    path.write_text(json.dumps(profile), encoding="utf-8")
    return path, with_secret


def _run(*args: str) -> str:
    done = accountwatch(*args)
    assert done.returncode == 0, done.stderr
    return done.stdout


def _install_id(folder: Path) -> str:
    use = folder_use(folder)
    assert use is not None
    return use.install_id


def _entries(namespace: str) -> list[KeptEntry]:
    return [e for e in kept_entries() or () if e.namespace == namespace]


def _listed(folder: Path) -> dict[str, dict[str, str]]:
    """`secrets list --json --data-dir folder`, by keyring username."""
    listed = json.loads(_run("secrets", "list", "--json", "--data-dir", str(folder)))
    return {e["username"]: e for e in listed["entries"]}


def _codes(folder: Path, accounts: list[str]) -> dict[str, str | None]:
    with Workspace.open_existing(folder) as ws:
        return {a: editing.totp_code(ws, a, AT) for a in accounts}


def _exported_secrets(folder: Path) -> dict[str, str]:
    exported = json.loads(_run("export", "-", "--include-secrets", "--data-dir", str(folder)))
    return {
        a["id"]: a["two_factor"]["totp_secret"]
        for a in exported["accounts"]
        if "totp_secret" in a.get("two_factor", {})
    }


def test_a_moved_folder_keeps_its_secrets_through_prune_and_its_codes_still_work(
    tmp_path: Path,
) -> None:
    profile, accounts = _profile_with_totp(tmp_path)
    _run("import", str(profile), "--data-dir", str(tmp_path / "mv1"))
    (tmp_path / "mv1").rename(tmp_path / "mv2")
    moved = tmp_path / "mv2"
    namespace = _install_id(moved)
    assert len(_entries(namespace)) == 4  # the key, the index, two secrets

    everything = _listed(moved)
    listed = {e.username: everything[e.username] for e in _entries(namespace)}
    assert {e["use"] for e in listed.values()} == {"in-use"}
    assert {e["data_folder"] for e in listed.values()} == {str(moved)}
    assert all("same install id" in e["why"] for e in listed.values())

    pruned = _run("secrets", "prune", "--data-dir", str(moved))
    assert "Nothing to remove" in pruned

    # Everything is still there, and now records where the folder is.
    kept = _entries(namespace)
    assert len(kept) == 4
    assert {e.data_folder for e in kept} == {moved}
    assert _exported_secrets(moved) == dict.fromkeys(accounts, SECRET)
    assert _codes(moved, accounts) == dict.fromkeys(accounts, twofactor.current_code(SECRET, AT))


def test_a_moved_folder_once_opened_is_not_pruned_from_another_folder(tmp_path: Path) -> None:
    profile, accounts = _profile_with_totp(tmp_path)
    _run("import", str(profile), "--data-dir", str(tmp_path / "before"))
    (tmp_path / "before").rename(tmp_path / "after")
    moved = tmp_path / "after"
    # An import (or any edit) is the folder opening for writing: its entries follow it.
    _run("import", str(profile), "--data-dir", str(moved))

    _run("secrets", "prune", "--data-dir", str(tmp_path / "another"))

    assert {e.data_folder for e in _entries(_install_id(moved))} == {moved}
    assert len(_entries(_install_id(moved))) == 4
    assert _codes(moved, accounts) == dict.fromkeys(accounts, twofactor.current_code(SECRET, AT))


def test_a_deleted_folder_is_pruned_and_one_whose_parent_is_gone_too_is_kept(
    tmp_path: Path,
) -> None:
    profile, _accounts = _profile_with_totp(tmp_path)
    deleted = tmp_path / "deleted"
    _run("import", str(profile), "--data-dir", str(deleted))
    deleted_id = _install_id(deleted)
    shutil.rmtree(deleted)
    # A folder on a drive that is not connected: its parent is missing as well.
    unplugged = tmp_path / "drive" / "AccountWatch"
    _run("import", str(profile), "--data-dir", str(unplugged))
    unplugged_id = _install_id(unplugged)
    shutil.rmtree(tmp_path / "drive")

    listed = _listed(tmp_path / "another")
    assert {listed[e.username]["use"] for e in _entries(unplugged_id)} == {"unknown"}
    assert "nor the folder that held it" in listed[f"{unplugged_id}/index"]["why"]

    pruned = accountwatch("secrets", "prune", "--data-dir", str(tmp_path / "another"))
    assert pruned.returncode == 0, pruned.stderr

    assert _entries(deleted_id) == []
    assert len(_entries(unplugged_id)) == 4
    assert "4 entries were kept" in pruned.stderr
    for entry in _entries(unplugged_id):  # not left for the next test's prune to find
        erase_entry(entry.username)


def test_a_copy_gets_secrets_of_its_own_and_outlives_its_deleted_original(
    tmp_path: Path,
) -> None:
    profile, accounts = _profile_with_totp(tmp_path)
    original, copy = tmp_path / "original", tmp_path / "copy"
    _run("import", str(profile), "--data-dir", str(original))
    shutil.copytree(original, copy)
    shared = _install_id(original)
    assert _install_id(copy) == shared
    listed = _listed(copy)
    assert {listed[e.username]["use"] for e in _entries(shared)} == {"in-use"}

    # Opened for writing, the copy takes an id of its own and copies of the secrets; the
    # original's entries are left as they were.
    _run("import", str(profile), "--data-dir", str(copy))
    own = _install_id(copy)
    assert own != shared
    assert _install_id(original) == shared
    assert {e.data_folder for e in _entries(shared)} == {original}
    assert {e.data_folder for e in _entries(own)} == {copy}
    assert len(_entries(own)) == 4

    shutil.rmtree(original)
    pruned = _run("secrets", "prune", "--data-dir", str(copy))
    assert pruned.count("Removed:") == 4

    assert _entries(shared) == []
    assert len(_entries(own)) == 4
    assert _exported_secrets(copy) == dict.fromkeys(accounts, SECRET)
    assert _codes(copy, accounts) == dict.fromkeys(accounts, twofactor.current_code(SECRET, AT))


def test_a_copy_whose_original_was_deleted_before_it_was_opened_keeps_the_secrets(
    tmp_path: Path,
) -> None:
    profile, accounts = _profile_with_totp(tmp_path)
    original, copy = tmp_path / "original", tmp_path / "copy"
    _run("import", str(profile), "--data-dir", str(original))
    shutil.copytree(original, copy)
    shutil.rmtree(original)

    pruned = _run("secrets", "prune", "--data-dir", str(copy))

    assert "Nothing to remove" in pruned
    # Nothing else uses the id: the copy is where the folder moved to.
    namespace = _install_id(copy)
    assert {e.data_folder for e in _entries(namespace)} == {copy}
    assert _codes(copy, accounts) == dict.fromkeys(accounts, twofactor.current_code(SECRET, AT))


# -- a copy not yet settled: nothing but a command that goes ahead changes the keyring ---------


def _keyring_state() -> dict[str, tuple[str, dict[str, str], str | None]]:
    """Every AccountWatch entry's label, attributes and value, by keyring username (not the
    attributes gnome-keyring adds itself, xdg:schema, as an entry is first read)."""
    return {
        e.username: (
            e.label,
            {k: v for k, v in e.attributes.items() if not k.startswith("xdg:")},
            keyring.get_password(SERVICE, e.username),
        )
        for e in kept_entries() or ()
    }


def _original_and_copy(tmp_path: Path) -> tuple[Path, Path, list[str]]:
    profile, accounts = _profile_with_totp(tmp_path)
    original, copy = tmp_path / "A", tmp_path / "A2"
    _run("import", str(profile), "--data-dir", str(original))
    shutil.copytree(original, copy)
    return original, copy, accounts


def _with_totp_secret(tmp_path: Path, account_index: int, secret: str) -> Path:
    """A file of the demo's company and one of its accounts with this authenticator secret."""
    profile = demo_profile(DEMO_DAY)
    account = profile["accounts"][account_index]
    account["two_factor"] = {**account["two_factor"], "method": "totp", "totp_secret": secret}
    account.pop("payment_methods", None)  # names cards this file does not hold
    document = {k: profile[k] for k in ("format", "version", "company")}
    path = tmp_path / f"one-{secret[:4]}.json"
    path.write_text(json.dumps({**document, "accounts": [account]}), encoding="utf-8")
    return path


def test_a_refused_import_on_a_copy_leaves_every_entry_as_it_was(tmp_path: Path) -> None:
    original, copy, _accounts = _original_and_copy(tmp_path)
    shared = _install_id(original)
    before = _keyring_state()

    refused = accountwatch(
        "import", str(_with_totp_secret(tmp_path, 0, "MZXW6YTBOI======")), "--data-dir", str(copy)
    )

    assert refused.returncode == 2, refused.stderr
    assert "too short" in refused.stderr
    assert _keyring_state() == before
    assert _install_id(copy) == shared
    listed = _listed(original)
    assert {listed[e.username]["data_folder"] for e in _entries(shared)} == {str(original)}


def test_a_keyring_failing_part_way_through_the_fork_leaves_the_originals_entries_alone(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    original, copy, accounts = _original_and_copy(tmp_path)
    shared = _install_id(original)
    before = {e.username: _keyring_state()[e.username] for e in _entries(shared)}
    copy_to = Vault.copy_to

    def failing_after_the_key(self: Vault, namespace: str, kept: Mapping[str, str]) -> Vault:
        copy_to(self, namespace, {})  # the key is copied, then the keyring gives up
        raise KeyringUnavailable("The system keyring is locked.")

    monkeypatch.setattr(Vault, "copy_to", failing_after_the_key)
    parsed = profiles.read_import(_with_totp_secret(tmp_path, 0, "KRSXG5CTMVRXEZLUKRSXG5CT"))
    with Workspace.open_existing(copy) as ws:
        result = profiles.import_profile(ws, parsed, replace_all=False, today=DEMO_DAY)

    # The import went ahead as though no keyring could be used: the new secret was not kept,
    # and the original's entries were neither overwritten nor relabelled.
    assert any("was not kept" in note for note in result.notes)
    after = _keyring_state()
    assert {u: after[u] for u in before} == before
    assert _install_id(copy) == shared
    monkeypatch.undo()
    # The next command that goes ahead forks the copy whole.
    _run(
        "import",
        str(_with_totp_secret(tmp_path, 0, "KRSXG5CTMVRXEZLUKRSXG5CT")),
        "--data-dir",
        str(copy),
    )
    assert _install_id(copy) != shared
    assert {u: _keyring_state()[u] for u in before} == before
    assert _codes(original, accounts) == dict.fromkeys(accounts, twofactor.current_code(SECRET, AT))


def test_reading_secrets_from_a_copy_relabels_nothing(tmp_path: Path) -> None:
    original, copy, accounts = _original_and_copy(tmp_path)
    shared = _install_id(original)
    before = _keyring_state()

    assert _exported_secrets(copy) == dict.fromkeys(accounts, SECRET)
    assert _codes(copy, accounts) == dict.fromkeys(accounts, twofactor.current_code(SECRET, AT))
    _run("check", "--data-dir", str(copy))

    assert _keyring_state() == before
    assert _install_id(copy) == shared
    listed = _listed(original)
    assert {listed[e.username]["data_folder"] for e in _entries(shared)} == {str(original)}


def test_keeping_a_secret_in_a_copy_leaves_the_originals_as_it_was(tmp_path: Path) -> None:
    original, copy, accounts = _original_and_copy(tmp_path)
    shared = _install_id(original)
    before = {e.username: _keyring_state()[e.username] for e in _entries(shared)}

    with Workspace.open_existing(copy) as ws:
        editing.keep_totp_secret(ws, accounts[0], "KRSXG5CTMVRXEZLUKRSXG5CT")

    assert {u: _keyring_state()[u] for u in before} == before
    assert _install_id(copy) != shared
    assert _codes(copy, accounts)[accounts[0]] == twofactor.current_code(
        "KRSXG5CTMVRXEZLUKRSXG5CT", AT
    )
    assert _codes(original, accounts) == dict.fromkeys(accounts, twofactor.current_code(SECRET, AT))


def test_removing_all_data_of_a_copy_leaves_the_originals_secrets(tmp_path: Path) -> None:
    original, copy, accounts = _original_and_copy(tmp_path)
    shared = _install_id(original)
    before = {e.username: _keyring_state()[e.username] for e in _entries(shared)}

    with Workspace.open_existing(copy) as ws:
        remove_data.remove_all_data(ws)

    assert not (copy / DB_FILENAME).exists()
    assert {e.username: _keyring_state()[e.username] for e in _entries(shared)} == before
    assert [e for e in kept_entries() or () if e.data_folder == copy] == []  # the copy's went
    assert _codes(original, accounts) == dict.fromkeys(accounts, twofactor.current_code(SECRET, AT))
