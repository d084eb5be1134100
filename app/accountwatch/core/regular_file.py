"""Reading a file the user chose, whole: what is not a regular file is refused unread."""

from __future__ import annotations

import os
import stat
from pathlib import Path


class NotRegularFileError(OSError):
    """A folder, a pipe, a device or a socket where a file was expected."""

    def __init__(self, path: Path, folder: bool) -> None:
        super().__init__(f"{path} is not a regular file")
        self.folder = folder


class FileTooLargeError(OSError):
    """A file over the limit, refused before it is read (`size` in bytes, as far as known)."""

    def __init__(self, size: int) -> None:
        super().__init__(f"{size} bytes")
        self.size = size


def read_regular(path: Path, limit: int) -> bytes:
    """The bytes of the regular file at `path`, at most `limit` of them.

    Opened without blocking, so that a pipe (which would wait for a writer for ever) returns at
    once; then what was opened is looked at, not the path again, so nothing can be swapped in
    between. /dev/zero, which never ends, is a device and refused like a pipe. A file that grew
    past the limit since it was looked at is refused from the one byte too many read."""
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise NotRegularFileError(path, folder=stat.S_ISDIR(info.st_mode))
        if info.st_size > limit:
            raise FileTooLargeError(info.st_size)
        with open(fd, "rb", closefd=False) as file:
            data = file.read(limit + 1)
    finally:
        os.close(fd)
    if len(data) > limit:
        raise FileTooLargeError(len(data))
    return data
