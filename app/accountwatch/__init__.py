"""AccountWatch: keeps B2B marketplace accounts from being frozen."""

import os
import sys
from pathlib import Path

APP_NAME = "AccountWatch"
APP_ID = "io.github.accountwatch.AccountWatch"
_DISTRIBUTION = "accountwatch"


def _metadata_version(folder: Path) -> str | None:
    """The `Version:` header of an installed distribution's metadata folder, if readable."""
    for name in ("METADATA", "PKG-INFO"):
        try:
            with (folder / name).open(encoding="utf-8") as handle:
                for line in handle:
                    if not line.strip():
                        break  # the headers end at the first blank line
                    key, _sep, value = line.partition(":")
                    if key.strip().lower() == "version":
                        return value.strip()
        except OSError:
            continue
    return None


def _installed_version() -> str:
    """The version of the installed distribution, as `importlib.metadata.version` finds it.

    Reading the first `accountwatch-*.dist-info` (or `.egg-info`) folder on `sys.path` directly
    saves importing importlib.metadata (tens of milliseconds) at every start of the command line;
    anything else (a zip, another kind of finder) is left to importlib.metadata itself.
    """
    for entry in sys.path:
        try:
            names = os.listdir(entry or ".")  # noqa: PTH208 - plain names: no Path per entry
        except OSError:
            continue
        # Only our own folders are sorted (site-packages holds hundreds of names).
        for name in sorted(n for n in names if n[: len(_DISTRIBUTION)].lower() == _DISTRIBUTION):
            stem, dot, suffix = name.rpartition(".")
            if not dot or suffix not in ("dist-info", "egg-info"):
                continue
            project = stem.partition("-")[0].lower().replace("-", "_").replace(".", "_")
            found = (
                _metadata_version(Path(entry or ".", name)) if project == _DISTRIBUTION else None
            )
            if found:
                return found
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version(_DISTRIBUTION)
    except PackageNotFoundError:  # running from a checkout that was never installed
        return "0.0.0+unknown"


__version__ = _installed_version()
