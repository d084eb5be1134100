"""The secrets package spares keyring's macOS probe off macOS, and changes no backend choice."""

import os
import subprocess
import sys

import pytest

_PROBE = """
import sys
import accountwatch.secrets
import keyring
keyring.get_keyring()
from keyring.backends import macOS
print("api" in vars(macOS), "ctypes.util" in sys.modules)
"""


@pytest.mark.skipif(sys.platform == "darwin", reason="the macOS backend is the real one there")
def test_the_macos_backend_is_not_probed_off_macos() -> None:
    # A fresh interpreter: the probe's cost is paid once per process, at keyring's first use.
    out = subprocess.run(
        [sys.executable, "-c", _PROBE],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.split()
    # Without the marker, `macOS.api` loads (then fails on the missing framework) after
    # ctypes.util has run ldconfig in a subprocess.
    assert out == ["False", "False"]


@pytest.mark.skipif(sys.platform == "darwin", reason="the macOS backend is the real one there")
@pytest.mark.skipif(
    not os.environ.get("ACCOUNTWATCH_TEST_KEYRING"), reason="needs tools/with-keyring's bus"
)
def test_keyring_still_finds_the_secret_service() -> None:
    import keyring.backend
    from keyring.backends import macOS

    import accountwatch.secrets  # noqa: F401

    names = {type(backend).__module__ for backend in keyring.backend.get_all_keyring()}
    assert "keyring.backends.SecretService" in names
    assert not macOS.Keyring.viable
