"""The vault against keyring backends that work, refuse, lock up or break mid-way."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import keyring.backend
import keyring.errors
import pytest
from keyring.backends import chainer, fail, null
from secretstorage.exceptions import SecretServiceNotAvailableException

from accountwatch.secrets.vault import KEY_FILE_NAME, SERVICE, KeyringUnavailable, Vault
from keyring_doubles import MemoryKeyring

SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
SetKeyring = Callable[[keyring.backend.KeyringBackend], None]


class PlaintextKeyring(MemoryKeyring):
    """Like keyrings.alt's file backend: high priority, but secrets sit in an ordinary file."""


class WeakKeyring(MemoryKeyring):
    priority = 0.5


def test_totp_secret_round_trip(memory_keyring: MemoryKeyring, tmp_path: Path) -> None:
    vault = Vault("install-1", tmp_path)

    vault.set_totp_secret("alibaba-main", "jbsw y3dp ehpk 3pxp jbsw y3dp ehpk 3pxp")

    assert vault.get_totp_secret("alibaba-main") == SECRET
    assert memory_keyring.entries[(SERVICE, "install-1/totp/alibaba-main")] == SECRET
    vault.delete_totp_secret("alibaba-main")
    assert vault.get_totp_secret("alibaba-main") is None
    vault.delete_totp_secret("alibaba-main")  # deleting twice is fine
    assert list(tmp_path.iterdir()) == []


def test_a_malformed_secret_is_rejected_before_the_keyring(
    memory_keyring: MemoryKeyring, tmp_path: Path
) -> None:
    with pytest.raises(ValueError, match="base32"):
        Vault("install-1", tmp_path).set_totp_secret("a", "not a secret 1890")
    assert memory_keyring.entries == {}


def test_fingerprint_key_lives_in_the_keyring(
    memory_keyring: MemoryKeyring, tmp_path: Path
) -> None:
    key, degraded = Vault("install-1", tmp_path).fingerprint_key()

    assert not degraded
    assert memory_keyring.entries[(SERVICE, "install-1/fingerprint-key")] == key.hex()
    assert Vault("install-1", tmp_path).fingerprint_key() == (key, False)
    assert not (tmp_path / KEY_FILE_NAME).exists()


def test_a_degraded_key_moves_into_the_keyring(use_keyring: SetKeyring, tmp_path: Path) -> None:
    use_keyring(fail.Keyring())
    file_key, degraded = Vault("install-1", tmp_path).fingerprint_key()
    assert degraded

    memory_keyring = MemoryKeyring()
    use_keyring(memory_keyring)
    key, degraded = Vault("install-1", tmp_path).fingerprint_key()

    assert (key, degraded) == (file_key, False)
    assert memory_keyring.entries[(SERVICE, "install-1/fingerprint-key")] == file_key.hex()
    assert not (tmp_path / KEY_FILE_NAME).exists()


def test_key_is_degraded_moves_a_left_over_key_file(
    use_keyring: SetKeyring, tmp_path: Path
) -> None:
    use_keyring(fail.Keyring())
    file_key, _ = Vault("install-1", tmp_path).fingerprint_key()
    memory_keyring = MemoryKeyring()
    use_keyring(memory_keyring)
    vault = Vault("install-1", tmp_path)

    assert not vault.key_is_degraded()
    assert not (tmp_path / KEY_FILE_NAME).exists()
    assert vault.fingerprint_key() == (file_key, False)


def test_key_is_degraded_is_false_with_a_keyring_and_creates_nothing(
    memory_keyring: MemoryKeyring, tmp_path: Path
) -> None:
    assert not Vault("install-1", tmp_path).key_is_degraded()
    assert memory_keyring.entries == {}


def test_the_keyrings_key_wins_over_a_later_key_file(
    use_keyring: SetKeyring, tmp_path: Path
) -> None:
    memory_keyring = MemoryKeyring()
    use_keyring(memory_keyring)
    keyring_key, _ = Vault("install-1", tmp_path).fingerprint_key()
    use_keyring(fail.Keyring())
    Vault("install-1", tmp_path).fingerprint_key()

    use_keyring(memory_keyring)

    assert Vault("install-1", tmp_path).fingerprint_key() == (keyring_key, False)
    assert not (tmp_path / KEY_FILE_NAME).exists()


def test_namespaces_keep_installs_apart(memory_keyring: MemoryKeyring, tmp_path: Path) -> None:
    test_vault, demo_vault = Vault("test", tmp_path / "t"), Vault("demo", tmp_path / "d")
    test_vault.set_totp_secret("a", SECRET)
    demo_vault.set_totp_secret("a", "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ")

    assert test_vault.fingerprint_key() != demo_vault.fingerprint_key()
    test_vault.delete_all()

    assert test_vault.get_totp_secret("a") is None
    assert demo_vault.get_totp_secret("a") == "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"
    assert all(username.startswith("demo/") for _, username in memory_keyring.entries)


def test_delete_all_leaves_nothing_behind(memory_keyring: MemoryKeyring, tmp_path: Path) -> None:
    vault = Vault("install-1", tmp_path)
    vault.set_totp_secret("a", SECRET)
    vault.set_totp_secret("b", SECRET)
    vault.delete_totp_secret("a")
    vault.set_totp_secret("c", SECRET)
    vault.fingerprint_key()

    vault.delete_all()

    assert memory_keyring.entries == {}


@pytest.mark.parametrize(
    ("backend", "detail"),
    [
        (null.Keyring(), "No system keyring was found"),
        (PlaintextKeyring(), "keeps secrets in an ordinary file"),
        (WeakKeyring(), "is not a system keyring"),
    ],
    ids=["null", "plaintext", "low-priority"],
)
def test_backends_that_are_no_os_keyring_are_refused(
    use_keyring: SetKeyring, tmp_path: Path, backend: keyring.backend.KeyringBackend, detail: str
) -> None:
    use_keyring(backend)
    vault = Vault("install-1", tmp_path)

    assert not vault.status().usable
    assert detail in vault.status().detail
    with pytest.raises(KeyringUnavailable, match=detail):
        vault.set_totp_secret("a", SECRET)
    assert vault.fingerprint_key()[1]
    if isinstance(backend, MemoryKeyring):
        assert backend.entries == {}


def test_an_empty_chain_is_refused(
    use_keyring: SetKeyring, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(chainer.ChainerBackend, "backends", [])
    use_keyring(chainer.ChainerBackend())

    status = Vault("install-1", tmp_path).status()

    assert not status.usable
    assert status.detail == "No system keyring was found on this computer."


def test_a_chain_with_a_plaintext_member_is_refused(
    use_keyring: SetKeyring, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    plaintext = PlaintextKeyring()
    monkeypatch.setattr(chainer.ChainerBackend, "backends", [MemoryKeyring(), plaintext])
    use_keyring(chainer.ChainerBackend())

    with pytest.raises(KeyringUnavailable, match="ordinary file"):
        Vault("install-1", tmp_path).set_totp_secret("a", SECRET)
    assert plaintext.entries == {}


def test_a_locked_keyring_says_so(memory_keyring: MemoryKeyring, tmp_path: Path) -> None:
    memory_keyring.failure = keyring.errors.KeyringLocked("Failed to unlock the collection!")
    vault = Vault("install-1", tmp_path)

    assert vault.status().detail == "The system keyring is locked."
    with pytest.raises(KeyringUnavailable, match=r"^The system keyring is locked\. Two-factor"):
        vault.set_totp_secret("a", SECRET)
    assert vault.fingerprint_key()[1]


def test_a_broken_secret_service_becomes_keyring_unavailable(
    memory_keyring: MemoryKeyring, tmp_path: Path
) -> None:
    memory_keyring.failure = SecretServiceNotAvailableException("no D-Bus session")
    vault = Vault("install-1", tmp_path)

    status = vault.status()

    assert not status.usable
    assert "SecretServiceNotAvailableException: no D-Bus session" in status.detail
    assert vault.fingerprint_key()[1]
    assert (tmp_path / KEY_FILE_NAME).exists()


def test_a_keyring_that_breaks_after_the_probe_still_fails_closed(
    memory_keyring: MemoryKeyring, tmp_path: Path
) -> None:
    vault = Vault("install-1", tmp_path)
    vault.set_totp_secret("a", SECRET)
    assert not vault.fingerprint_key()[1]

    memory_keyring.failure = RuntimeError("connection reset")

    with pytest.raises(KeyringUnavailable, match="connection reset"):
        vault.get_totp_secret("a")
    with pytest.raises(KeyringUnavailable):
        vault.set_totp_secret("b", SECRET)
    assert vault.fingerprint_key()[1]

    memory_keyring.failure = None
    assert vault.get_totp_secret("a") == SECRET


def test_status_names_a_usable_backend(memory_keyring: MemoryKeyring, tmp_path: Path) -> None:
    status = Vault("install-1", tmp_path).status()

    assert status.usable
    assert status.backend.endswith("MemoryKeyring")
    assert memory_keyring.entries == {}  # the probe cleans up after itself
