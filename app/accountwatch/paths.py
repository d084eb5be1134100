"""Where AccountWatch keeps its data: the data folder and how it is kept private."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import platformdirs

from accountwatch import APP_NAME

DATA_DIR_ENV = "ACCOUNTWATCH_DATA_DIR"


def data_dir(cli_value: str | None) -> Path:
    """The data folder: `--data-dir`, else `$ACCOUNTWATCH_DATA_DIR`, else the platform's place."""
    if cli_value:
        return Path(cli_value).expanduser()
    from_env = os.environ.get(DATA_DIR_ENV)
    if from_env:
        return Path(from_env).expanduser()
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def ensure_private_dir(path: Path) -> Path:
    """Create `path` (and its parents) readable by its owner only; tighten it if it exists."""
    path.mkdir(mode=0o700, parents=True, exist_ok=True)
    # mkdir's mode is filtered by the umask and does nothing to an existing folder.
    if os.name == "posix":
        path.chmod(0o700)
    return path


def make_private_file(path: Path) -> None:
    """Create `path` as an empty owner-only (0600) file unless it exists; tighten it if it does."""
    try:
        fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
    except FileExistsError:
        pass
    else:
        os.close(fd)
    if os.name == "posix":
        path.chmod(0o600)


def write_private_file(path: Path, data: bytes) -> None:
    """Replace `path` atomically with `data`, readable by the user only (exports may hold
    secrets): written beside it under a temporary name (mode 0600), then renamed."""
    fd, tmp = tempfile.mkstemp(dir=path.parent if str(path.parent) else ".", prefix=".aw-")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        Path(tmp).replace(path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
