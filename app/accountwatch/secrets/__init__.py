"""Secrets (fingerprint key, TOTP secrets) in the OS keyring, failing closed."""

import sys

if sys.platform != "darwin":
    # keyring's macOS backend loads Apple's frameworks through ctypes.util.find_library when
    # its module is imported, and on Linux that runs ldconfig and gcc: 40-50 ms of the first
    # keyring use in every process (a check, the app's start), for a backend whose priority
    # refuses any system but macOS. Marked absent here, its import fails at once, as keyring
    # expects on other systems (it catches the failure); every other backend is found as before.
    sys.modules.setdefault("keyring.backends.macOS.api", None)  # type: ignore[arg-type]
