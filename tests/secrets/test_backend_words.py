"""Keyrings named as their users know them, never by a Python class path."""

from __future__ import annotations

import pytest

from accountwatch.secrets.backend_words import backend_words


@pytest.mark.parametrize(
    ("backend", "words"),
    [
        ("keyring.backends.SecretService.Keyring", "GNOME Keyring / Secret Service"),
        ("keyring.backends.libsecret.Keyring", "GNOME Keyring / Secret Service"),
        ("keyring.backends.kwallet.DBusKeyring", "KDE Wallet"),
        ("keyring.backends.macOS.Keyring", "macOS Keychain"),
        ("keyring.backends.Windows.WinVaultKeyring", "Windows Credential Manager"),
        ("keyrings.alt.file.PlaintextKeyring", "file (PlaintextKeyring)"),
    ],
)
def test_each_backend_has_its_name(backend: str, words: str) -> None:
    assert backend_words(backend) == words
