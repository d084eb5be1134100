"""The real Secret Service for `keyring` tests: skipped when absent, unless CI requires it."""

from __future__ import annotations

import os
from collections.abc import Iterator

import keyring
import keyring.backend
import pytest
from keyring.backends import SecretService

HOW_TO_RUN = (
    "run the tests through tools/with-keyring, which starts a private D-Bus session with an "
    "unlocked gnome-keyring"
)


def _unreachable_reason() -> str | None:
    """Why the throw-away Secret Service cannot be used, or None when it can."""
    # Without the marker set by tools/with-keyring this may be the developer's own keyring.
    if not os.environ.get("ACCOUNTWATCH_TEST_KEYRING"):
        return "ACCOUNTWATCH_TEST_KEYRING is not set"
    if not os.environ.get("DBUS_SESSION_BUS_ADDRESS"):
        return "no D-Bus session bus (DBUS_SESSION_BUS_ADDRESS is not set)"
    try:
        # The priority check connects to the bus and asks for org.freedesktop.secrets.
        SecretService.Keyring.priority  # noqa: B018
    except Exception as exc:
        return f"no Secret Service on the session bus ({exc})"
    return None


@pytest.fixture(scope="session")
def secret_service_available() -> None:
    reason = _unreachable_reason()
    if reason is None:
        return
    if os.environ.get("ACCOUNTWATCH_REQUIRE_KEYRING") == "1":
        pytest.fail(
            f"ACCOUNTWATCH_REQUIRE_KEYRING=1 but the Secret Service is not usable: {reason}; "
            f"{HOW_TO_RUN}",
            pytrace=False,
        )
    pytest.skip(f"no Secret Service to test against: {reason}; {HOW_TO_RUN}")


@pytest.fixture
def secret_service(secret_service_available: None) -> Iterator[keyring.backend.KeyringBackend]:
    """The Secret Service backend as the current keyring for one test."""
    previous = keyring.get_keyring()
    backend = SecretService.Keyring()
    keyring.set_keyring(backend)
    yield backend
    keyring.set_keyring(previous)
