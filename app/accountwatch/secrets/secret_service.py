"""keyring's Secret Service backend, made to close its D-Bus connection when a call fails, and
entries with labels and attributes a person can read (through the collection API), all on one
D-Bus connection per process.

Why one connection: gnome-keyring aborts (SIGABRT, an assertion on a client that has gone away)
when short-lived connections come and go around it — a connection per call, closed at once, is
the pattern that other programs' reports of the crash share. Our test keyring aborted about once
in five full runs that way. So every entry operation uses the process's one connection, kept open
until the process ends (or a call on it fails: then the next call opens a new one)."""

from __future__ import annotations

import atexit
import contextlib
import threading
from collections.abc import Callable, Collection
from typing import Any, TypeVar

from keyring.backends import SecretService
from keyring.errors import InitError, KeyringLocked

_T = TypeVar("_T")


class ClosingSecretService(SecretService.Keyring):
    """The stock backend, except that a locked or unreachable collection closes its connection.

    keyring opens a new D-Bus connection per call and closes it only once it has a collection
    (jaraco/keyring#380): a locked keyring, a dismissed unlock prompt or a D-Bus error leaves the
    socket for the garbage collector. A tray app that asks every so often would pile them up.
    """

    # keyring finds its backends among the subclasses of KeyringBackend: without this, merely
    # importing this module made it chain this class and the stock one.
    viable = False

    def get_preferred_collection(self) -> Any:
        import secretstorage

        bus = secretstorage.dbus_init()
        try:
            return _collection_on(bus, self)
        except BaseException:
            bus.close()
            raise


def closing(backend: Any) -> Any:
    """`backend` itself, or for the stock Secret Service backend the same one that closes."""
    if type(backend) is not SecretService.Keyring:
        return backend
    adopted = ClosingSecretService.__new__(ClosingSecretService)
    # Same settings (scheme, preferred collection, properties from the environment).
    adopted.__dict__.update(backend.__dict__)
    return adopted


# -- labelled entries ---------------------------------------------------------------------------
# keyring's `set_password` labels every item "Password for '<username>' on '<service>'" and sets
# no attribute but service, username and application. Through the collection API an item gets a
# label a person understands and attributes naming its data folder and account, while keeping
# keyring's own service/username attributes, so `keyring.get_password` still finds it.


class _SharedConnection:
    """The process's one D-Bus connection for entry operations, used under a lock (jeepney's
    blocking connection is not for two threads at once)."""

    def __init__(self) -> None:
        self.lock = threading.RLock()
        self.bus: Any = None
        self.closes_at_exit = False

    def get(self) -> Any:
        if self.bus is None:
            import secretstorage

            self.bus = secretstorage.dbus_init()
            if not self.closes_at_exit:
                atexit.register(self.drop)
                self.closes_at_exit = True
        return self.bus

    def drop(self) -> None:
        with self.lock:
            bus, self.bus = self.bus, None
        if bus is not None:
            with contextlib.suppress(Exception):
                bus.close()


_SHARED = _SharedConnection()


def _with_collection(backend: Any, work: Callable[[Any], _T]) -> _T:
    """`work` on the unlocked preferred collection, on the process's one connection. A failure
    drops the connection (the next call opens another); one that is the connection's own
    (the daemon went away and came back) is tried once more on a new one."""
    for attempt in (1, 2):
        with _SHARED.lock:
            try:
                return work(_collection_on(_SHARED.get(), backend))
            except (OSError, EOFError):
                _SHARED.drop()
                if attempt == 2:
                    raise
            except BaseException:
                _SHARED.drop()
                raise
    raise AssertionError("not reached")


def _collection_on(bus: Any, backend: Any) -> Any:
    """The unlocked preferred collection of `backend` on `bus` (keyring's
    get_preferred_collection, on a connection that stays open)."""
    import secretstorage
    from secretstorage import exceptions

    try:
        if hasattr(backend, "preferred_collection"):
            collection = secretstorage.Collection(bus, backend.preferred_collection)
        else:
            collection = secretstorage.get_default_collection(bus)
    except exceptions.SecretStorageException as exc:
        raise InitError(f"Failed to create the collection: {exc}.") from exc
    if collection.is_locked():
        collection.unlock()
        if collection.is_locked():  # the user dismissed the prompt
            raise KeyringLocked("Failed to unlock the collection!")
    return collection


def _unlocked(item: Any) -> Any:
    if item.is_locked():
        item.unlock()
        if item.is_locked():  # the user dismissed the prompt
            raise KeyringLocked("Failed to unlock the item!")
    return item


def store(
    backend: Any, service: str, username: str, secret: str, label: str, extra: dict[str, str]
) -> None:
    """Keep `secret` under service/username with `label` and `extra` attributes.

    An existing item (labelled by keyring, or an earlier one of ours) is updated in place rather
    than a second one made beside it: Secret Service's `replace` only replaces an item whose
    attributes are exactly the new ones, and a reader takes the first match. Duplicates go.
    """

    def work(collection: Any) -> None:
        attributes = backend._query(service, username, **extra)
        found = list(collection.search_items(backend._query(service, username)))
        if not found:
            collection.create_item(label, attributes, secret.encode("utf-8"))
            return
        first, *duplicates = found
        _unlocked(first).set_secret(secret.encode("utf-8"))
        _describe(first, label, attributes)
        for item in duplicates:
            item.delete()

    _with_collection(backend, work)


def read(
    backend: Any,
    service: str,
    username: str,
    relabel: tuple[str, dict[str, str]] | None,
    keep: Collection[str] = (),
) -> str | None:
    """The secret under service/username, or None; an item still labelled the old way gets
    `relabel` (label, extra attributes) on the way, except the attributes named in `keep`
    that it already has."""

    def work(collection: Any) -> str | None:
        for item in collection.search_items(backend._query(service, username)):
            secret = _unlocked(item).get_secret().decode("utf-8")
            if relabel is not None:
                label, extra = relabel
                held = item.get_attributes()
                extra = {k: v for k, v in extra.items() if k not in keep or not held.get(k)}
                _describe(item, label, backend._query(service, username, **extra))
            return str(secret)
        return None

    return _with_collection(backend, work)


def erase(backend: Any, service: str, username: str) -> bool:
    """Delete every item under service/username; whether there was one."""

    def work(collection: Any) -> bool:
        found = list(collection.search_items(backend._query(service, username)))
        for item in found:
            item.delete()
        return bool(found)

    return _with_collection(backend, work)


def entries(backend: Any, service: str) -> list[tuple[str, dict[str, str]]]:
    """The label and attributes of every item of `service` (never a secret)."""

    def work(collection: Any) -> list[tuple[str, dict[str, str]]]:
        return [
            (item.get_label(), item.get_attributes())
            for item in collection.search_items(backend._query(service))
        ]

    return _with_collection(backend, work)


def _describe(item: Any, label: str, attributes: dict[str, str]) -> None:
    """Give `item` this label and these attributes, asking D-Bus only for what differs."""
    if item.get_label() != label:
        item.set_label(label)
    # Attributes the service adds itself (gnome-keyring's xdg:schema) stay.
    current = item.get_attributes()
    if any(current.get(name) != value for name, value in attributes.items()):
        item.set_attributes({**current, **attributes})
