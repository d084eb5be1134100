"""Without a keyring the vault fails closed: TOTP secrets refused, the key in a 0600 file."""

from __future__ import annotations

import stat
from collections.abc import Callable
from pathlib import Path

import keyring.backend
import pytest
from keyring.backends import fail

from accountwatch.secrets.vault import (
    KEY_FILE_NAME,
    FingerprintKeyError,
    KeyringUnavailable,
    Vault,
)

SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
SetKeyring = Callable[[keyring.backend.KeyringBackend], None]


@pytest.fixture
def data_dir(tmp_path: Path, use_keyring: SetKeyring) -> Path:
    use_keyring(fail.Keyring())
    return tmp_path / "data"


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_status_says_there_is_no_keyring(data_dir: Path) -> None:
    status = Vault("install-1", data_dir).status()

    assert not status.usable
    assert status.backend == "keyring.backends.fail.Keyring"
    assert status.detail == "No system keyring was found on this computer."


def test_totp_secret_is_refused_and_written_nowhere(data_dir: Path) -> None:
    vault = Vault("install-1", data_dir)
    vault.fingerprint_key()

    with pytest.raises(KeyringUnavailable) as refused:
        vault.set_totp_secret("alibaba-main", SECRET)

    message = str(refused.value)
    assert message.startswith("No system keyring was found on this computer.")
    assert "Two-factor secrets are kept only in the system keyring" in message
    assert [p.name for p in data_dir.iterdir()] == [KEY_FILE_NAME]
    assert SECRET.encode() not in (data_dir / KEY_FILE_NAME).read_bytes()


def test_reading_or_deleting_a_totp_secret_is_refused_too(data_dir: Path) -> None:
    vault = Vault("install-1", data_dir)

    with pytest.raises(KeyringUnavailable):
        vault.get_totp_secret("alibaba-main")
    with pytest.raises(KeyringUnavailable):
        vault.delete_totp_secret("alibaba-main")
    assert not data_dir.exists()


def test_fingerprint_key_is_degraded_private_and_stable(data_dir: Path) -> None:
    key, degraded = Vault("install-1", data_dir).fingerprint_key()

    assert degraded
    assert len(key) == 32
    assert _mode(data_dir / KEY_FILE_NAME) == 0o600
    assert _mode(data_dir) == 0o700
    assert Vault("install-1", data_dir).fingerprint_key() == (key, True)
    assert Vault("install-1", data_dir).fingerprint_key() == (key, True)


def test_key_is_degraded_without_creating_a_key(data_dir: Path) -> None:
    vault = Vault("install-1", data_dir)

    assert vault.key_is_degraded()
    assert not data_dir.exists()


def test_a_loosened_key_file_is_made_private_again(data_dir: Path) -> None:
    key, _ = Vault("install-1", data_dir).fingerprint_key()
    (data_dir / KEY_FILE_NAME).chmod(0o644)

    assert Vault("install-1", data_dir).fingerprint_key() == (key, True)
    assert _mode(data_dir / KEY_FILE_NAME) == 0o600


def test_a_damaged_key_file_is_reported_not_replaced(data_dir: Path) -> None:
    data_dir.mkdir()
    (data_dir / KEY_FILE_NAME).write_text("not a key\n")

    with pytest.raises(FingerprintKeyError, match="not a key"):
        Vault("install-1", data_dir).fingerprint_key()
    assert (data_dir / KEY_FILE_NAME).read_text() == "not a key\n"


def test_a_symlinked_key_file_is_reported_and_not_followed(data_dir: Path, tmp_path: Path) -> None:
    # Issue 16: a planted link made the key be read from (or, dangling, written to) elsewhere.
    data_dir.mkdir()
    elsewhere = tmp_path / "elsewhere.key"
    elsewhere.write_text("ab" * 32 + "\n")
    (data_dir / KEY_FILE_NAME).symlink_to(elsewhere)
    with pytest.raises(FingerprintKeyError, match="symbolic link"):
        Vault("install-1", data_dir).fingerprint_key()
    dangling = data_dir / "other"
    dangling.mkdir()
    (dangling / KEY_FILE_NAME).symlink_to(tmp_path / "missing.key")
    with pytest.raises(FingerprintKeyError, match="symbolic link"):
        Vault("install-1", dangling).fingerprint_key()
    assert not (tmp_path / "missing.key").exists()


def test_a_new_key_file_is_whole_or_absent(data_dir: Path) -> None:
    """Written under a name of its own and linked into place: no empty key after a failure."""
    vault = Vault("install-1", data_dir)
    key, degraded = vault.fingerprint_key()
    assert degraded
    assert sorted(p.name for p in data_dir.iterdir()) == [KEY_FILE_NAME]
    assert (data_dir / KEY_FILE_NAME).read_text() == key.hex() + "\n"


def test_delete_all_removes_the_key_file_and_says_the_keyring_is_missing(data_dir: Path) -> None:
    vault = Vault("install-1", data_dir)
    vault.fingerprint_key()

    with pytest.raises(KeyringUnavailable):
        vault.delete_all()
    assert not (data_dir / KEY_FILE_NAME).exists()
