"""The OS keyring behind a small interface that fails closed: TOTP secrets, the fingerprint key."""

from __future__ import annotations

import contextlib
import errno
import json
import os
import secrets
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from accountwatch.core import demo
from accountwatch.core.error_words import os_error_words
from accountwatch.i18n import _
from accountwatch.paths import tighten
from accountwatch.secrets.backend_words import backend_words

if TYPE_CHECKING:
    import keyring.backend

SERVICE = "AccountWatch"
# Attributes every entry carries besides keyring's own service and username.
FOLDER_ATTRIBUTE = "data-folder"
ACCOUNT_ATTRIBUTE = "account"
KEY_FILE_NAME = "fingerprint.key"
KEY_BYTES = 32


def _keyring() -> Any:
    """The keyring package, imported at first use: importing it (and its backends) takes tenths
    of a second, which commands that never touch a secret should not pay."""
    import keyring
    import keyring.errors

    return keyring


def _backend() -> Any:
    """The process's keyring backend, as one that closes what it opens."""
    from accountwatch.secrets.secret_service import closing

    return closing(_keyring().get_keyring())


class KeyringUnavailable(Exception):  # noqa: N818 - the name the services and UI use
    """No usable OS keyring: the message says why and what that means for the user."""

    def __init__(self, reason: str) -> None:
        self.reason = reason
        super().__init__(
            _(
                "{reason} Two-factor secrets are kept only in the system keyring, so they cannot "
                "be saved or shown until it is available; everything else keeps working."
            ).format(reason=reason)
        )


class FingerprintKeyError(Exception):
    """The reuse-check key cannot be read: its file is damaged or a symbolic link, or the
    keyring's entry is damaged. Replacing the key would silently break every stored
    fingerprint, so the user is told instead."""


@dataclass(frozen=True)
class About:
    """What an entry is, for a person reading the keyring: its label and extra attributes."""

    label: str
    attributes: dict[str, str]


@dataclass(frozen=True)
class KeptEntry:
    """One AccountWatch entry found in the keyring (never its secret)."""

    username: str  # keyring's name for it: "<namespace>/<name>"
    label: str
    attributes: dict[str, str]

    @property
    def namespace(self) -> str:
        return self.username.partition("/")[0]

    @property
    def name(self) -> str:
        """The entry's own name: "totp/<account id>", "fingerprint-key", "index" or "probe"."""
        return self.username.partition("/")[2]

    @property
    def account_id(self) -> str | None:
        kind, _sep, account = self.name.partition("/")
        return account if kind == "totp" and account else None

    @property
    def data_folder(self) -> Path | None:
        """The data folder named by the entry (None: written before entries named theirs)."""
        folder = self.attributes.get(FOLDER_ATTRIBUTE)
        return Path(folder) if folder else None


@dataclass(frozen=True)
class VaultStatus:
    """Whether secrets can be kept, where, and if not, why."""

    usable: bool
    backend: str
    detail: str


class Vault:
    """This install's secrets in the OS keyring under service "AccountWatch", keyed by namespace.

    The namespace (the install id) keeps the entries of separate data folders (tests, the demo,
    the real one) apart. Every keyring call is guarded: a backend may raise anything (D-Bus,
    jeepney, secretstorage errors), and each becomes `KeyringUnavailable`.
    """

    def __init__(self, namespace: str, data_dir: Path) -> None:
        if not namespace or "/" in namespace:
            raise ValueError("the namespace must be a non-empty name without '/'")
        self.namespace = namespace
        self.data_dir = Path(data_dir)
        # Set after a successful probe, so each secret operation does not repeat the round trip;
        # cleared as soon as a keyring call fails.
        self._verified = False

    @property
    def key_file(self) -> Path:
        return self.data_dir / KEY_FILE_NAME

    # -- status ------------------------------------------------------------------------------

    def status(self) -> VaultStatus:
        """Whether secrets can be kept, probed by a real write, read and delete of a test entry."""
        try:
            backend = _keyring().get_keyring()
        except Exception as exc:
            self._verified = False
            return VaultStatus(False, "", _describe_error(exc))
        name = _backend_name(backend)
        refusal = _refusal(backend)
        if refusal is not None:
            self._verified = False
            return VaultStatus(False, name, refusal)
        try:
            self._probe()
        except KeyringUnavailable as exc:
            self._verified = False
            return VaultStatus(False, name, exc.reason)
        self._verified = True
        return VaultStatus(
            True,
            name,
            _("Secrets are kept in the system keyring ({backend}).").format(
                backend=backend_words(name)
            ),
        )

    def _probe(self) -> None:
        entry = self._entry("probe")
        token = secrets.token_hex(16)
        self._write(entry, token, self._about("probe"))
        read_back = self._read(entry)
        self._erase(entry)
        if read_back != token:
            raise KeyringUnavailable(_("The system keyring did not return what was stored in it."))

    def _require(self) -> None:
        if self._verified:
            return
        status = self.status()
        if not status.usable:
            raise KeyringUnavailable(status.detail)

    # -- TOTP secrets ------------------------------------------------------------------------

    def set_totp_secret(self, account_id: str, secret: str, account_label: str = "") -> None:
        """Keep an account's TOTP secret (normalised; ValueError if not base32) in the keyring,
        labelled with the account's label (`account_label`, else its id)."""
        # Loaded here: pyotp is for entering a secret, not for every start and check.
        from accountwatch.core.twofactor import normalize_secret

        canonical = normalize_secret(secret)
        self._require()
        self._write(
            self._totp_entry(account_id), canonical, self._totp_about(account_id, account_label)
        )
        ids = self._indexed_accounts()
        if account_id not in ids:
            self._write_index([*ids, account_id])

    def get_totp_secret(self, account_id: str, account_label: str = "") -> str | None:
        """The account's TOTP secret, or None; an entry still labelled the old way is
        relabelled (with `account_label` when given) as it is read. The data folder it records
        stays: a copy of the data folder not yet opened for writing reads the original's
        entries, and a read does not make them the copy's (services.relocation does, for a
        folder that moved)."""
        self._require()
        about = self._totp_about(account_id, account_label) if account_label else None
        value = self._read(self._totp_entry(account_id), about)
        return None if value is None else str(value)

    def relabel_totp_secret(self, account_id: str, account_label: str) -> None:
        """Give a kept secret the account's new label (nothing happens when there is none)."""
        self.get_totp_secret(account_id, account_label)

    def delete_totp_secret(self, account_id: str) -> None:
        """Forget an account's TOTP secret; nothing happens when there is none."""
        self._require()
        self._erase(self._totp_entry(account_id))
        ids = self._indexed_accounts()
        if account_id in ids:
            self._write_index([i for i in ids if i != account_id])

    # -- fingerprint key ---------------------------------------------------------------------

    def fingerprint_key(self) -> tuple[bytes, bool]:
        """The install's reuse-fingerprint key, and whether it is degraded (kept in a file).

        With a usable keyring the key lives there; a key file left from a degraded time is moved
        into the keyring, so fingerprints made with it keep matching. Without one the key lives
        in `<data_dir>/fingerprint.key` (0600).
        """
        try:
            self._require()
        except KeyringUnavailable:
            return self._file_key(), True
        try:
            return self._keyring_key(), False
        except KeyringUnavailable:
            self._verified = False
            return self._file_key(), True

    def key_in_file(self) -> bool:
        """Whether the fingerprint key is kept in the data folder (no keyring held it). Asks no
        keyring, so it costs nothing."""
        return self.key_file.exists()

    def key_is_degraded(self) -> bool:
        """Whether the fingerprint key is (or would be) kept in the data folder, not the keyring.

        Creates no key; a key file left from a degraded time is moved into a usable keyring.
        """
        if self.key_file.exists():
            return self.fingerprint_key()[1]
        try:
            self._require()
        except KeyringUnavailable:
            return True
        return False

    def _keyring_key(self) -> bytes:
        entry = self._entry("fingerprint-key")
        stored = self._read(entry, self._about("fingerprint-key"))
        file_key = self._read_key_file()
        if stored is not None:
            key = _parse_key(stored)
            if key is None:
                # Replacing it would silently break every stored fingerprint; say so instead.
                raise FingerprintKeyError(
                    _("The fingerprint key in the system keyring is damaged ({entry}).").format(
                        entry=entry
                    )
                )
            # The keyring's key predates the file's: fingerprints made while degraded will match
            # again once their passwords are entered again.
        else:
            key = file_key if file_key is not None else secrets.token_bytes(KEY_BYTES)
            self._write(entry, key.hex(), self._about("fingerprint-key"))
            if _parse_key(self._read(entry) or "") != key:
                raise KeyringUnavailable(
                    _("The system keyring did not return what was stored in it.")
                )
        if file_key is not None:
            # On a read-only medium the file stays; the keyring's key is used all the same.
            with contextlib.suppress(OSError):
                self.key_file.unlink(missing_ok=True)
        return key

    def _read_key_file(self) -> bytes | None:
        try:
            # Never through a planted symbolic link (ELOOP): the key is the data folder's own.
            fd = os.open(self.key_file, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
        except FileNotFoundError:
            return None
        except OSError as exc:
            raise FingerprintKeyError(self._key_file_problem(_describe_os_error(exc))) from exc
        with os.fdopen(fd, "rb") as handle:
            data = handle.read(4 * KEY_BYTES)
        key = _parse_key(data.decode("ascii", "replace"))
        if key is None:
            raise FingerprintKeyError(self._key_file_problem(_("its content is not a key")))
        return key

    def _key_file_problem(self, problem: str) -> str:
        return _(
            "The reuse-check key file {path} cannot be used ({problem}). Move it away to start "
            "a new key; reuse is then detected again once the passwords have been entered "
            "again."
        ).format(path=self.key_file, problem=problem)

    def _file_key(self) -> bytes:
        existing = self._read_key_file()
        if existing is not None:
            with contextlib.suppress(OSError):
                tighten(self.key_file)
            return existing
        self.data_dir.mkdir(mode=0o700, parents=True, exist_ok=True)
        key = secrets.token_bytes(KEY_BYTES)
        # Written whole under a name of its own, then linked into place: a full disk or a crash
        # never leaves an empty or half-written key that would later read as damaged.
        partial = self.key_file.with_name(f".{KEY_FILE_NAME}.{os.getpid()}.new")
        try:
            partial.unlink(missing_ok=True)
            fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(fd, "w", encoding="ascii") as handle:
                handle.write(key.hex() + "\n")
                handle.flush()
                os.fsync(handle.fileno())
            os.link(partial, self.key_file)
        except FileExistsError:
            # Another process created it between our read and our create: use theirs.
            return self._file_key()
        finally:
            partial.unlink(missing_ok=True)
        return key

    # -- removal -----------------------------------------------------------------------------

    def delete_all(self) -> None:
        """Remove this namespace's secrets: its keyring entries and any fallback key file.

        KeyringUnavailable (the key file already gone) when the keyring cannot be reached.
        """
        self.key_file.unlink(missing_ok=True)
        self._require()
        names = {self._totp_entry(i) for i in self._indexed_accounts()}
        # Entries the index missed (a crash between a secret and its index) go too, where the
        # keyring can list them.
        names.update(self._listed())
        for entry in sorted(names):
            self._erase(entry)
        for name in ("fingerprint-key", "index", "probe"):
            self._erase(self._entry(name))
        self._verified = False

    # -- a data folder moved or copied ------------------------------------------------------

    def claim(self, accounts: Mapping[str, str]) -> None:
        """Record this vault's data folder on the namespace's entries (the folder moved here):
        the key, the index and the secrets of `accounts` (id -> label). Writes no secret."""
        self._require()
        for name in ("fingerprint-key", "index"):
            self._read(self._entry(name), self._about(name), moving=True)
        for account_id, label in accounts.items():
            about = self._totp_about(account_id, label)
            self._read(self._totp_entry(account_id), about, moving=True)

    def copy_to(self, namespace: str, accounts: Mapping[str, str]) -> Vault:
        """A vault of this class under `namespace`, for this vault's data folder, holding a copy
        of the fingerprint key and of the secrets of `accounts` (id -> label). The entries here
        are neither changed nor relabelled: another data folder (the original) uses them."""
        self._require()
        copy = type(self)(namespace, self.data_dir)
        key = self._read(self._entry("fingerprint-key"))
        if key is not None:
            copy._require()
            copy._write(copy._entry("fingerprint-key"), key, copy._about("fingerprint-key"))
        for account_id, label in accounts.items():
            secret = self._read(self._totp_entry(account_id))
            if secret:
                copy.set_totp_secret(account_id, secret, label)
        return copy

    def indexed_accounts(self) -> list[str]:
        """The accounts whose TOTP secret this namespace keeps, as its index lists them."""
        self._require()
        return self._indexed_accounts()

    # -- helpers -----------------------------------------------------------------------------

    def _entry(self, name: str) -> str:
        return f"{self.namespace}/{name}"

    def _listed(self) -> list[str]:
        """This namespace's entries as the keyring lists them (none where it cannot)."""
        return [e.username for e in kept_entries() or () if e.namespace == self.namespace]

    def _about(self, name: str) -> About:
        """The label and attributes of one of this namespace's entries other than a TOTP
        secret: a person going through the keyring sees what each is, and that the key and
        the index are no passwords of theirs."""
        labels = {
            "fingerprint-key": _("AccountWatch — reuse-check key (not a password)"),
            "index": _("AccountWatch — list of accounts with a kept secret (not a password)"),
            "probe": _("AccountWatch — keyring test (safe to delete)"),
        }
        return About(labels[name], self._attributes(name))

    def _totp_about(self, account_id: str, account_label: str) -> About:
        label = _("AccountWatch — authenticator secret for {account}").format(
            account=account_label or account_id
        )
        return About(label, {**self._attributes("totp"), ACCOUNT_ATTRIBUTE: account_id})

    def _attributes(self, kind: str) -> dict[str, str]:
        return {
            "application": SERVICE,
            "kind": kind,
            FOLDER_ATTRIBUTE: str(self.data_dir.absolute()),
        }

    def _totp_entry(self, account_id: str) -> str:
        return self._entry(f"totp/{account_id}")

    def _indexed_accounts(self) -> list[str]:
        # The keyring API cannot list entries, so the ids with a TOTP secret are kept alongside.
        text = self._read(self._entry("index"))
        if not text:
            return []
        try:
            ids = json.loads(str(text))
        except ValueError:
            return []
        return [str(i) for i in ids] if isinstance(ids, list) else []

    def _write_index(self, ids: list[str]) -> None:
        self._write(self._entry("index"), json.dumps(ids), self._about("index"))

    # The three keyring operations everything else goes through. With the Secret Service the
    # entries get their label and attributes (secret_service); any other keyring stores them
    # through keyring's plain API, which has no room for either.

    def _read(self, entry: str, about: About | None = None, *, moving: bool = False) -> str | None:
        """The entry's value; `about` relabels it, keeping the data folder it records unless
        `moving` (the folder moved here)."""
        relabel = None if about is None else (about.label, about.attributes)
        keep = () if moving else (FOLDER_ATTRIBUTE,)
        return self._call(lambda: _read_entry(entry, relabel, keep))

    def _write(self, entry: str, value: str, about: About) -> None:
        self._call(lambda: _write_entry(entry, value, about))

    def _erase(self, entry: str) -> None:
        try:
            erase_entry(entry)
        except KeyringUnavailable:
            self._verified = False
            raise

    def _call(self, function: Callable[[], object]) -> str | None:
        try:
            result = function()
        except KeyringUnavailable:
            raise
        except Exception as exc:
            self._verified = False
            raise KeyringUnavailable(_describe_error(exc)) from exc
        return None if result is None else str(result)


class MemoryVault(Vault):
    """The demo's secrets, kept in this process's memory and gone when it ends.

    The sample data's fingerprint key and TOTP secrets are not the user's: they need not reach
    the system keyring, nor make the demo wait for it (or for the user to unlock it). Its
    fingerprint key is the demo's fixed one, which the sample passwords' shipped analyses were
    made with.
    """

    # Shared by every vault of the process: the demo's folder is opened twice (import, app).
    _entries: dict[str, str] = {}  # noqa: RUF012 - one store for the process, on purpose

    def status(self) -> VaultStatus:
        self._verified = True
        return VaultStatus(
            True,
            _("memory"),
            _("The demo keeps its secrets in memory only; they are gone when it closes."),
        )

    def fingerprint_key(self) -> tuple[bytes, bool]:
        return demo.FINGERPRINT_KEY, False

    def _listed(self) -> list[str]:
        return [e for e in self._entries if e.startswith(self.namespace + "/")]

    def _read(self, entry: str, about: About | None = None, *, moving: bool = False) -> str | None:
        return self._entries.get(entry)

    def _write(self, entry: str, value: str, about: About) -> None:
        self._entries[entry] = value

    def _erase(self, entry: str) -> None:
        self._entries.pop(entry, None)


class HeldVault(Vault):
    """A data folder's secrets while the keyring could not be told where the folder is now
    (services.relocation): the entries of its install id may still be another folder's, the
    original of a copy, so every keyring call is KeyringUnavailable, as though no keyring
    could be used, until a later command settles the folder's place."""

    def __init__(self, namespace: str, data_dir: Path, reason: str) -> None:
        super().__init__(namespace, data_dir)
        self.reason = reason

    def status(self) -> VaultStatus:
        self._verified = False
        return VaultStatus(False, "", self.reason)


def _labels_entries(backend: Any) -> bool:
    """Whether entries can carry labels and attributes: the Secret Service can."""
    from keyring.backends import SecretService

    return isinstance(backend, SecretService.Keyring)


def _labelling(backend: Any) -> Any:
    """The Secret Service backend that writes go to, or None: `backend` itself, or the first
    of a chain (keyring's chainer writes to its first backend)."""
    from keyring.backends import chainer

    if isinstance(backend, chainer.ChainerBackend):
        members = list(backend.backends)
        backend = members[0] if members else None
    if backend is None or not _labels_entries(backend):
        return None
    from accountwatch.secrets.secret_service import closing

    return closing(backend)


def kept_entries() -> list[KeptEntry] | None:
    """Every AccountWatch entry in the keyring, whichever data folder wrote it (never a secret);
    None when the keyring cannot list its entries (only the Secret Service can).

    KeyringUnavailable when it cannot be reached.
    """
    from accountwatch.secrets import secret_service

    try:
        labelled = _labelling(_backend())
        if labelled is None:
            return None
        found = secret_service.entries(labelled, SERVICE)
        scheme = labelled.schemes[labelled.scheme]
    except Exception as exc:
        raise KeyringUnavailable(_describe_error(exc)) from exc
    entries = [
        KeptEntry(attributes.get(scheme["username"], ""), label, attributes)
        for label, attributes in found
    ]
    return sorted((e for e in entries if "/" in e.username), key=lambda e: e.username)


def _read_entry(
    username: str, relabel: tuple[str, dict[str, str]] | None, keep: tuple[str, ...]
) -> str | None:
    from accountwatch.secrets import secret_service

    backend = _backend()
    labelled = _labelling(backend)
    if labelled is not None:
        return secret_service.read(labelled, SERVICE, username, relabel, keep)
    value = backend.get_password(SERVICE, username)
    return None if value is None else str(value)


def _write_entry(username: str, value: str, about: About) -> None:
    from accountwatch.secrets import secret_service

    backend = _backend()
    labelled = _labelling(backend)
    if labelled is not None:
        secret_service.store(labelled, SERVICE, username, value, about.label, about.attributes)
    else:
        backend.set_password(SERVICE, username, value)


def erase_entry(username: str) -> None:
    """Delete one AccountWatch entry by keyring username (nothing happens when it is absent);
    KeyringUnavailable when the keyring cannot be reached."""
    from accountwatch.secrets import secret_service

    try:
        backend = _backend()
        labelled = _labelling(backend)
        if labelled is not None:
            secret_service.erase(labelled, SERVICE, username)
        else:
            backend.delete_password(SERVICE, username)
    except _keyring().errors.PasswordDeleteError:
        return  # already absent
    except Exception as exc:
        raise KeyringUnavailable(_describe_error(exc)) from exc


def _backend_name(backend: keyring.backend.KeyringBackend) -> str:
    kind = type(backend)
    return f"{kind.__module__}.{kind.__qualname__}"


def _refusal(backend: keyring.backend.KeyringBackend) -> str | None:
    """Why this backend is not a real OS keyring, or None when it is one."""
    from keyring.backends import chainer, fail, null

    if isinstance(backend, fail.Keyring | null.Keyring):
        return _("No system keyring was found on this computer.")
    if isinstance(backend, chainer.ChainerBackend):
        inner = list(backend.backends)
        if not inner:
            return _("No system keyring was found on this computer.")
        # A chain writes to its first backend that accepts; every one must be acceptable.
        for member in inner:
            reason = _refusal(member)
            if reason is not None:
                return reason
        return None
    kind = type(backend)
    if kind.__module__.startswith("keyrings.alt") or "plaintext" in kind.__name__.lower():
        return _("The configured keyring ({backend}) keeps secrets in an ordinary file.").format(
            backend=backend_words(_backend_name(backend))
        )
    try:
        priority = float(backend.priority)
    except Exception as exc:
        return _describe_error(exc)
    if priority < 1:
        return _("The configured keyring ({backend}) is not a system keyring.").format(
            backend=backend_words(_backend_name(backend))
        )
    return None


def _describe_error(exc: BaseException) -> str:
    if isinstance(exc, _keyring().errors.KeyringLocked) or "locked" in type(exc).__name__.lower():
        return _("The system keyring is locked.")
    if isinstance(exc, _keyring().errors.NoKeyringError):
        return _("No system keyring was found on this computer.")
    return _("The system keyring reported an error: {error}").format(
        error=f"{type(exc).__name__}: {exc}".rstrip(": ")
    )


def _describe_os_error(exc: OSError) -> str:
    if exc.errno == errno.ELOOP:
        return _("it is a symbolic link, which AccountWatch does not follow")
    return os_error_words(exc)


def _parse_key(text: str) -> bytes | None:
    try:
        key = bytes.fromhex(text.strip())
    except ValueError:
        return None
    return key if len(key) == KEY_BYTES else None
