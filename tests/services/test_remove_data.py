"""Remove all data (Settings): the folder's keyring entries, then its own files; the user's
files stay; with the keyring locked nothing is removed unless the user goes on. The keyring is
the in-memory double, locked at will (the real one's entries: tests/integration)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from accountwatch.services import editing, remove_data
from accountwatch.services.types import KeyringUnavailable
from accountwatch.services.workspace import Workspace
from keyring_doubles import MemoryKeyring

SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"


def test_contents_count_what_goes(ws: Workspace) -> None:
    contents = remove_data.contents(ws)
    profile = ws.repo.load_profile()
    assert contents.folder == ws.data_dir.absolute()
    assert (contents.accounts, contents.cards) == (len(profile.accounts), len(profile.cards))
    assert contents.backups >= 1  # the import took one


def test_everything_goes_keyring_entries_first(
    ws: Workspace, memory_keyring: MemoryKeyring
) -> None:
    editing.enable_totp(ws, "1688-shop", SECRET)
    ws.vault.fingerprint_key()
    assert memory_keyring.entries
    folder = ws.data_dir

    removed = remove_data.remove_all_data(ws)

    assert memory_keyring.entries == {}
    assert not folder.exists()
    assert removed.others_left == () and removed.notes == ()


def test_files_of_the_user_stay_and_so_does_the_folder(
    ws: Workspace, memory_keyring: MemoryKeyring
) -> None:
    (ws.data_dir / "notes.txt").write_text("mine", "utf-8")

    removed = remove_data.remove_all_data(ws)

    assert removed.others_left == ("notes.txt",)
    assert sorted(p.name for p in ws.data_dir.iterdir()) == ["notes.txt"]


def test_a_locked_keyring_removes_nothing_unless_the_user_goes_on(
    ws: Workspace, memory_keyring: MemoryKeyring, data_dir: Path
) -> None:
    editing.enable_totp(ws, "1688-shop", SECRET)
    memory_keyring.broken = True

    with pytest.raises(KeyringUnavailable):
        remove_data.remove_all_data(ws)
    assert (data_dir / "accountwatch.sqlite3").exists()
    assert ws.repo.load_profile().account("1688-shop") is not None

    removed = remove_data.remove_all_data(ws, keyring_optional=True)

    assert not data_dir.exists()
    assert "accountwatch secrets prune" in removed.notes[0]
    assert SECRET in memory_keyring.entries.values()  # named with its folder, for prune


class _Registry:
    """HKEY_CURRENT_USER as a set of key names (the real one exists only on Windows)."""

    def __init__(self, *keys: str, refuse: bool = False) -> None:
        self.keys = set(keys)
        self.refuse = refuse

    def delete_key(self, subkey: str) -> bool:
        if self.refuse:
            raise PermissionError("access denied")
        if subkey not in self.keys:
            return False
        self.keys.remove(subkey)
        return True


def test_the_windows_notification_registration_goes_too(
    ws: Workspace, memory_keyring: MemoryKeyring
) -> None:
    key = r"SOFTWARE\Classes\AppUserModelId\AccountWatch"  # where desktop-notifier writes
    other = r"SOFTWARE\Classes\AppUserModelId\SomeoneElse"
    registry = _Registry(key, other)

    removed = remove_data.remove_all_data(ws, registry=registry)

    assert registry.keys == {other}
    assert removed.notes == ()


def test_a_registry_that_refuses_is_reported_and_the_rest_still_goes(
    ws: Workspace, memory_keyring: MemoryKeyring
) -> None:
    folder = ws.data_dir
    removed = remove_data.remove_all_data(ws, registry=_Registry(refuse=True))

    assert not folder.exists()
    assert "Windows registry (access denied)" in removed.notes[0]
    assert r"AppUserModelId\AccountWatch" in removed.notes[0]


def test_off_windows_there_is_no_registration_to_remove() -> None:
    from accountwatch.services import notification_registration

    if sys.platform == "win32":
        pytest.skip("the real registry")
    assert notification_registration.forget() is False
