"""The system keyring's name as its user knows it, not the Python class behind it."""

from __future__ import annotations

from accountwatch.i18n import _


def backend_words(backend: str) -> str:
    """The keyring's own name: "GNOME Keyring / Secret Service" for
    "keyring.backends.SecretService.Keyring" (`backend` as VaultStatus.backend holds it)."""
    module, _dot, kind = backend.rpartition(".")
    known = {
        # Secret Service is the desktop's keyring service: GNOME Keyring, KeePassXC or KWallet
        # may answer it; GNOME Keyring is by far the usual one.
        "keyring.backends.SecretService": _("GNOME Keyring / Secret Service"),
        "keyring.backends.libsecret": _("GNOME Keyring / Secret Service"),
        "keyring.backends.kwallet": _("KDE Wallet"),
        "keyring.backends.macOS": _("macOS Keychain"),
        "keyring.backends.OS_X": _("macOS Keychain"),
        "keyring.backends.Windows": _("Windows Credential Manager"),
        "keyring.backends.chainer": _("several keyrings"),
    }
    if module in known:
        return known[module]
    # Another package's backend: its own module and class are all there is to name it by.
    return f"{module.rsplit('.', 1)[-1]} ({kind})" if module else backend
