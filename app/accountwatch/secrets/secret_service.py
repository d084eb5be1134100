"""keyring's Secret Service backend, made to close its D-Bus connection when a call fails."""

from __future__ import annotations

from typing import Any

from keyring.backends import SecretService
from keyring.errors import InitError, KeyringLocked


class ClosingSecretService(SecretService.Keyring):
    """The stock backend, except that a locked or unreachable collection closes its connection.

    keyring opens a new D-Bus connection per call and closes it only once it has a collection
    (jaraco/keyring#380): a locked keyring, a dismissed unlock prompt or a D-Bus error leaves the
    socket for the garbage collector. A tray app that asks every so often would pile them up.
    """

    def get_preferred_collection(self) -> Any:
        import secretstorage
        from secretstorage import exceptions

        bus = secretstorage.dbus_init()
        try:
            try:
                if hasattr(self, "preferred_collection"):
                    collection = secretstorage.Collection(bus, self.preferred_collection)
                else:
                    collection = secretstorage.get_default_collection(bus)
            except exceptions.SecretStorageException as exc:
                raise InitError(f"Failed to create the collection: {exc}.") from exc
            if collection.is_locked():
                collection.unlock()
                if collection.is_locked():  # the user dismissed the prompt
                    raise KeyringLocked("Failed to unlock the collection!")
        except BaseException:
            bus.close()
            raise
        return collection


def closing(backend: Any) -> Any:
    """`backend` itself, or for the stock Secret Service backend the same one that closes."""
    if type(backend) is not SecretService.Keyring:
        return backend
    adopted = ClosingSecretService.__new__(ClosingSecretService)
    # Same settings (scheme, preferred collection, properties from the environment).
    adopted.__dict__.update(backend.__dict__)
    return adopted
