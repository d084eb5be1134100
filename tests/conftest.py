"""Every test runs in English, with its data folder in a temporary directory."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from accountwatch import i18n

# tests/ is on sys.path (pytest puts this conftest's folder there): shared test doubles live here.
from keyring_doubles import MemoryKeyring

# Outside the private keyring session of tools/with-keyring, never touch the developer's own
# keyring: the "fail" backend makes the app run as on a machine without one.
if not os.environ.get("ACCOUNTWATCH_TEST_KEYRING"):
    os.environ["PYTHON_KEYRING_BACKEND"] = "keyring.backends.fail.Keyring"


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
