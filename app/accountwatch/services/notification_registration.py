"""Windows' registration of the app for notifications: removed with all data.

On Windows desktop-notifier registers the app name and icon under
HKEY_CURRENT_USER\\SOFTWARE\\Classes\\AppUserModelId\\AccountWatch the first time it shows a
notification (its backends/winrt.py, register_hkey). It is the one trace AccountWatch leaves
outside its data folder, the keyring and the login entry, so "Remove all data" removes it too;
the next notification, if the app runs again, registers it again."""

from __future__ import annotations

import sys
from typing import Protocol

from accountwatch import APP_NAME

SUBKEY = rf"SOFTWARE\Classes\AppUserModelId\{APP_NAME}"


class Registry(Protocol):
    def delete_key(self, subkey: str) -> bool:
        """Delete `subkey` of HKEY_CURRENT_USER; False when it was not there."""


class CurrentUserRegistry:
    """HKEY_CURRENT_USER through winreg (which exists only on Windows)."""

    def delete_key(self, subkey: str) -> bool:
        # The `else` keeps mypy checking the winreg calls with --platform win32 only.
        if sys.platform == "win32":
            import winreg

            try:
                winreg.DeleteKey(winreg.HKEY_CURRENT_USER, subkey)
            except FileNotFoundError:
                return False
            return True
        else:
            raise OSError("the Windows registry exists only on Windows")


def forget(registry: Registry | None = None) -> bool:
    """Remove the registration; True when there was one. Off Windows there is none.

    OSError when the registry refused."""
    if registry is not None:
        return registry.delete_key(SUBKEY)
    if sys.platform == "win32":
        return CurrentUserRegistry().delete_key(SUBKEY)
    else:
        return False
