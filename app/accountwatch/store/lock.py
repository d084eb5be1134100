"""One writer at a time: an exclusive OS lock on `<data_dir>/accountwatch.lock`."""

from __future__ import annotations

import contextlib
import os
import sys
from pathlib import Path
from types import TracebackType

from accountwatch.i18n import _
from accountwatch.paths import ensure_private_dir, open_private
from accountwatch.store.db import LOCK_FILENAME as LOCK_FILENAME
from accountwatch.store.db import DataDirError, data_dir_error

# Windows locks byte ranges and a locked range cannot be read by others, so the lock sits on a
# byte well past the pid that a second instance wants to read.
_WINDOWS_LOCK_OFFSET = 1 << 20


class DataDirLocked(DataDirError):  # noqa: N818 - reads as the condition the CLI reports
    """Another AccountWatch process is writing to the data folder."""

    def __init__(self, data_dir: Path, holder: int | None) -> None:
        self.holder = holder
        if holder is None:
            message = _("The data folder {folder} is in use by another AccountWatch.")
        else:
            message = _(
                "The data folder {folder} is in use by another AccountWatch (process {pid})."
            )
        super().__init__(message.format(folder=data_dir, pid=holder))


class WriterLock:
    """Held by the GUI for its lifetime and by the command line for commands that write."""

    def __init__(self, data_dir: Path) -> None:
        self.data_dir = data_dir
        self.path = data_dir / LOCK_FILENAME
        self._fd: int | None = None

    @property
    def held(self) -> bool:
        return self._fd is not None

    def acquire(self) -> None:
        """Take the lock now or raise DataDirLocked; never waits."""
        if self._fd is not None:
            return
        try:
            ensure_private_dir(self.data_dir)
            # Never through a planted symbolic link: that would truncate the file it points to.
            fd = open_private(self.path, os.O_RDWR | os.O_CREAT)
        except OSError as exc:
            raise data_dir_error(self.data_dir, exc) from exc
        try:
            _lock(fd)
        except OSError as exc:
            holder = _read_pid(fd)
            os.close(fd)
            raise DataDirLocked(self.data_dir, holder) from exc
        _write_pid(fd)
        self._fd = fd

    def release(self) -> None:
        if self._fd is None:
            return
        fd, self._fd = self._fd, None
        try:
            # The file stays: deleting it would let a third process lock a different inode.
            with contextlib.suppress(OSError):
                os.ftruncate(fd, 0)
            _unlock(fd)
        finally:
            os.close(fd)

    def __enter__(self) -> WriterLock:
        self.acquire()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.release()


def _write_pid(fd: int) -> None:
    """Who holds the lock, for the message a second instance shows. Only a courtesy: on a full
    disk the lock is held all the same (the command then fails where it writes, with its
    own clear message), and an empty file just names no process."""
    try:
        os.lseek(fd, 0, os.SEEK_SET)
        os.ftruncate(fd, 0)
        os.write(fd, f"{os.getpid()}\n".encode("ascii"))
    except OSError:
        with contextlib.suppress(OSError):
            os.ftruncate(fd, 0)


def _read_pid(fd: int) -> int | None:
    try:
        os.lseek(fd, 0, os.SEEK_SET)
        text = os.read(fd, 32).decode("ascii", "replace").strip()
    except OSError:
        return None
    return int(text) if text.isdigit() else None


if sys.platform == "win32":
    import msvcrt

    def _lock(fd: int) -> None:
        os.lseek(fd, _WINDOWS_LOCK_OFFSET, os.SEEK_SET)
        msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)

    def _unlock(fd: int) -> None:
        os.lseek(fd, _WINDOWS_LOCK_OFFSET, os.SEEK_SET)
        msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)

else:
    import fcntl

    def _lock(fd: int) -> None:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)

    def _unlock(fd: int) -> None:
        fcntl.flock(fd, fcntl.LOCK_UN)
