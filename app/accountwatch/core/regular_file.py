"""Reading a file the user chose, whole: a folder or a device is refused unread, and a pipe is
read only when something writes into it."""

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


def open_regular(path: Path, *, pipes: bool = False) -> int:
    """A descriptor of the regular file at `path` (with `pipes`, of a pipe too), for reading.

    Opened without blocking, so that a named pipe nobody writes into (whose opening would wait
    for a writer for ever) returns at once; then what was opened is looked at, not the path
    again, so nothing can be swapped in between. NotRegularFileError for anything else."""
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    try:
        mode = os.fstat(fd).st_mode
        if not stat.S_ISREG(mode) and not (pipes and stat.S_ISFIFO(mode)):
            raise NotRegularFileError(path, folder=stat.S_ISDIR(mode))
    except BaseException:
        os.close(fd)
        raise
    return fd


def read_regular(path: Path, limit: int, *, pipes: bool = False) -> bytes:
    """The bytes of the regular file at `path`, at most `limit` of them; with `pipes`, of a
    pipe too (`import <(gpg -d profile.json.gpg)`, /dev/stdin fed by another program).

    Opened by `open_regular`: a named pipe nobody writes into is at its end when read, and
    reads as empty; /dev/zero, which never ends, is a device and refused. A file (or a pipe's
    stream) longer than the limit is refused from the one byte too many read."""
    fd = open_regular(path, pipes=pipes)
    try:
        info = os.fstat(fd)
        pipe = stat.S_ISFIFO(info.st_mode)
        if info.st_size > limit:
            raise FileTooLargeError(info.st_size)
        if pipe:
            os.set_blocking(fd, True)  # a writer's data may come in pieces: wait for each
        with open(fd, "rb", closefd=False) as file:
            data = file.read(limit + 1)
    finally:
        os.close(fd)
    if len(data) > limit:
        raise FileTooLargeError(len(data))
    return data
