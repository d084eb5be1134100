"""Unexpected errors: their tracebacks go to a private, rotated log file instead of the screen."""

from __future__ import annotations

import io
import logging
import os
import tempfile
from dataclasses import dataclass
from logging.handlers import RotatingFileHandler
from pathlib import Path

import platformdirs

from accountwatch import APP_NAME, __version__
from accountwatch.paths import LOG_NAME, ensure_private_dir

# A few crashes' tracebacks fit many times over; a crash loop (cron every minute) cannot fill
# the disk: at most (BACKUP_COUNT + 1) × MAX_BYTES.
MAX_BYTES = 1024 * 1024
BACKUP_COUNT = 3


@dataclass(frozen=True)
class Written:
    """Where an error was logged, and whether that is the data folder's `logs/`."""

    path: Path
    in_data_folder: bool


class _PrivateRotatingFileHandler(RotatingFileHandler):
    """Opens its file 0600 (also the new one after rotating), never through a symlink, and
    lets a failed write raise so that the next folder can be tried."""

    def _open(self) -> io.TextIOWrapper:
        flags = os.O_WRONLY | os.O_APPEND | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0)
        fd = os.open(self.baseFilename, flags, 0o600)
        if os.name == "posix":
            os.fchmod(fd, 0o600)  # the mode given to open is ignored for an existing file
        return io.TextIOWrapper(
            io.FileIO(fd, "a"), encoding=self.encoding, errors=self.errors, write_through=True
        )

    def handleError(self, record: logging.LogRecord) -> None:  # noqa: N802 - logging's name
        # Called from emit's except block: this re-raises the write's own error.
        raise


def _folders(data_folder: Path) -> list[tuple[Path, bool]]:
    # A data folder that does not exist is not created for a log (it may be a mistyped path).
    own = [(data_folder / "logs", True)] if data_folder.is_dir() else []
    return [*own, (Path(platformdirs.user_log_dir(APP_NAME, appauthor=False)), False)]


def _write(folder: Path, exc: BaseException, command: str) -> Path:
    path = ensure_private_dir(folder) / LOG_NAME
    handler = _PrivateRotatingFileHandler(
        path, maxBytes=MAX_BYTES, backupCount=BACKUP_COUNT, encoding="utf-8"
    )
    handler.setFormatter(logging.Formatter("%(asctime)s %(message)s"))
    logger = logging.getLogger("accountwatch.unexpected")
    logger.propagate = False
    logger.addHandler(handler)
    try:
        logger.error(
            "AccountWatch %s, command %s: unexpected error", __version__, command, exc_info=exc
        )
    finally:
        logger.removeHandler(handler)
        handler.close()
    return path


def log_unexpected(exc: BaseException, command: str, data_folder: Path) -> Written | None:
    """Log `exc` with its traceback in the data folder's `logs/`, else in the user's log folder,
    else in a new private temporary folder; None when none of them can be written."""
    for folder, in_data_folder in _folders(data_folder):
        try:
            return Written(_write(folder, exc, command), in_data_folder)
        except OSError:
            continue
    try:
        return Written(
            _write(Path(tempfile.mkdtemp(prefix="accountwatch-log-")), exc, command), False
        )
    except OSError:
        return None
