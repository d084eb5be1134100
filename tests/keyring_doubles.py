"""A keyring backend for tests: a dict standing in for the OS keyring, failing on demand."""

from __future__ import annotations

import keyring.backend
import keyring.errors


class MemoryKeyring(keyring.backend.KeyringBackend):
    """Stands in for an OS keyring: a dict, with the errors real backends raise.

    Set `failure` to make every call raise it, or `broken` for a locked keyring.
    """

    priority: float = 5
    # Kept out of keyring's own backend discovery, which would otherwise chain it in.
    viable = False

    def __init__(self) -> None:
        super().__init__()
        self.entries: dict[tuple[str, str], str] = {}
        self.failure: Exception | None = None

    @property
    def broken(self) -> bool:
        return self.failure is not None

    @broken.setter
    def broken(self, broken: bool) -> None:
        self.failure = keyring.errors.KeyringLocked("locked") if broken else None

    def _check(self) -> None:
        if self.failure is not None:
            raise self.failure

    def get_password(self, service: str, username: str) -> str | None:
        self._check()
        return self.entries.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self._check()
        self.entries[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        self._check()
        if self.entries.pop((service, username), None) is None:
            raise keyring.errors.PasswordDeleteError("not found")
