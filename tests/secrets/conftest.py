"""Fixtures for the vault tests: swap the process-wide keyring backend and put it back."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import keyring
import keyring.backend
import pytest


@pytest.fixture
def use_keyring() -> Iterator[Callable[[keyring.backend.KeyringBackend], None]]:
    """Make a backend the current keyring for this test; the previous one returns afterwards."""
    previous = keyring.get_keyring()
    yield keyring.set_keyring
    keyring.set_keyring(previous)
