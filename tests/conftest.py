"""Every test runs in English, with its data folder in a temporary directory."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from accountwatch import i18n

# tests/ is on sys.path (pytest puts this conftest's folder there): shared test doubles live here.
from keyring_doubles import MemoryKeyring
from keyring_watch import KeyringWatch

# Outside the private keyring session of tools/with-keyring, never touch the developer's own
# keyring: the "fail" backend makes the app run as on a machine without one.
if not os.environ.get("ACCOUNTWATCH_TEST_KEYRING"):
    os.environ["PYTHON_KEYRING_BACKEND"] = "keyring.backends.fail.Keyring"

_WATCH = pytest.StashKey[KeyringWatch]()
_ABORTS = pytest.StashKey[list[str]]()


@pytest.fixture(autouse=True)
def _isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setenv("ACCOUNTWATCH_DATA_DIR", str(tmp_path / "default-data"))
    # Start-at-login entries go here, never into the developer's own ~/.config/autostart.
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.delenv("ACCOUNTWATCH_LANG", raising=False)
    i18n.set_language("en")
    yield
    i18n.set_language("en")


@pytest.fixture
def no_keyring() -> Iterator[None]:
    """Run as on a machine without a usable keyring, whatever this one has."""
    import keyring
    from keyring.backends import fail

    previous = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())
    yield
    keyring.set_keyring(previous)


@pytest.fixture
def memory_keyring() -> Iterator[MemoryKeyring]:
    """An in-memory keyring as the process-wide backend; the previous one returns afterwards."""
    import keyring

    previous = keyring.get_keyring()
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    yield backend
    keyring.set_keyring(previous)


def pytest_configure(config: pytest.Config) -> None:
    # Only inside tools/with-keyring: there the Secret Service is a throw-away one to watch.
    if os.environ.get("ACCOUNTWATCH_TEST_KEYRING") and os.environ.get("DBUS_SESSION_BUS_ADDRESS"):
        config.stash[_WATCH] = KeyringWatch()


def pytest_unconfigure(config: pytest.Config) -> None:
    watch = config.stash.get(_WATCH, None)
    if watch is not None:
        watch.close()


@pytest.fixture(autouse=True)
def _keyring_daemon_watched(request: pytest.FixtureRequest) -> Iterator[None]:
    """Fails the test during which the test keyring's daemon went away, unless gnome-keyring
    aborted on its own known bug: then the run's summary says so (see keyring_watch)."""
    yield
    watch = request.config.stash.get(_WATCH, None)
    gone = watch.check() if watch is not None else None
    if gone is None:
        return
    message, aborted = gone
    if not aborted:
        pytest.fail(message)
    request.config.stash.setdefault(_ABORTS, []).append(f"{request.node.nodeid}: {message}")


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    aborts = terminalreporter.config.stash.get(_ABORTS, [])
    if aborts:
        terminalreporter.section("test keyring")
        terminalreporter.write_line(
            f"gnome-keyring-daemon aborted {len(aborts)} time(s) (its own bug with short-lived "
            "clients, see tests/keyring_watch.py) and was started again:"
        )
        for line in aborts:
            terminalreporter.write_line(f"  {line}")
