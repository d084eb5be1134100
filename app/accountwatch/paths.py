"""Where AccountWatch keeps its data: the data folder and how it is kept private."""

from __future__ import annotations

import errno
import os
import stat
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
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


# Opening with this flag fails (ELOOP) on a symbolic link instead of following it: a link planted
# in the data folder must not make AccountWatch write, or tighten, the file it points to.
O_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
# Folders inside the data folder whose files are AccountWatch's own (tightened on every open).
_OWN_SUBFOLDERS = ("backups", "logs")
# The error log's file name (errorlog.py), in "logs" or the platform's log folder.
LOG_NAME = "accountwatch.log"


def ensure_private_dir(path: Path) -> Path:
    """Create `path` (and its parents) readable by its owner only; tighten it if it exists."""
    path.mkdir(mode=0o700, parents=True, exist_ok=True)
    # mkdir's mode is filtered by the umask and does nothing to an existing folder.
    tighten(path)
    return path


def private_mode(mode: int) -> int:
    """`mode` with the group's and others' rights taken away, the owner's left as they are."""
    return stat.S_IMODE(mode) & ~0o077


def tighten(path: Path) -> None:
    """Take the group's and others' rights away from `path`. Never gives the owner a right: a
    folder or file the user made read-only (`chmod -w`) stays read-only, so that commands that
    write refuse it instead of writing it. chmod only when needed: a read-only medium refuses
    even a chmod that changes nothing."""
    if os.name != "posix":
        return
    mode = path.stat().st_mode
    if stat.S_IMODE(mode) != private_mode(mode):
        path.chmod(private_mode(mode))


def refuses_writing(path: Path) -> bool:
    """Whether `path` (a file or folder) is read-only. One of this user's without the owner's
    write bit is: the user made it so with chmod, and root, who could write it anyway, must
    not. Otherwise access() decides (someone else's file; a read-only medium, which refuses
    even root). False when there is nothing there, or a symbolic link (refused as one)."""
    try:
        found = path.lstat()
    except FileNotFoundError:
        return False
    if stat.S_ISLNK(found.st_mode):
        return False
    if os.name == "posix" and found.st_uid == os.geteuid() and not found.st_mode & stat.S_IWUSR:
        return True
    return not os.access(path, os.W_OK)


def open_private(path: Path, flags: int) -> int:
    """`os.open` of a data-folder file: created 0600, never through a symbolic link (OSError
    ELOOP), and tightened (see `tighten`) if it existed looser."""
    fd = os.open(path, flags | O_NOFOLLOW, 0o600)
    try:
        mode = os.fstat(fd).st_mode
        if os.name == "posix" and stat.S_IMODE(mode) != private_mode(mode):
            # The mode given to open is ignored for an existing file.
            os.fchmod(fd, private_mode(mode))
    except BaseException:
        os.close(fd)
        raise
    return fd


def make_private_file(path: Path) -> None:
    """Create `path` as an empty owner-only (0600) file unless it exists; tighten it if it does.
    OSError (ELOOP) when it is a symbolic link."""
    os.close(open_private(path, os.O_CREAT | os.O_RDONLY))


def tighten_data_folder(folder: Path) -> None:
    """The data folder and AccountWatch's files in it (database, lock, key, backups, logs)
    closed to the group and others (see `tighten`), whatever loosened them; symbolic links are
    left alone, never followed."""
    if os.name != "posix":
        return
    tighten(folder)
    for entry in os.scandir(folder):
        if entry.is_dir(follow_symlinks=False) and entry.name in _OWN_SUBFOLDERS:
            tighten(Path(entry.path))
            for inner in os.scandir(entry.path):
                if inner.is_file(follow_symlinks=False):
                    tighten(Path(inner.path))
        elif entry.is_file(follow_symlinks=False) and _is_own_file(entry.name):
            tighten(Path(entry.path))


def _is_own_file(name: str) -> bool:
    return name.startswith(("accountwatch", ".accountwatch")) or name == "fingerprint.key"


def _not_a_folder(path: Path) -> None:
    """IsADirectoryError when `path` is a folder: renaming a file onto one fails with EISDIR,
    but onto ".", ".." or a mount point with EBUSY ("it is in use"), which misleads."""
    if path.is_dir():
        raise IsADirectoryError(errno.EISDIR, os.strerror(errno.EISDIR), str(path))


@contextmanager
def private_output(path: Path) -> Iterator[Path]:
    """A new 0600 file beside `path` for the block to write by any means (a PDF writer, say),
    renamed onto `path` when the block ends without an error, removed when it fails: reports,
    calendars and exports are private whatever the umask, and never half-written."""
    written = begin_private_output(path)
    try:
        yield written
        commit_private_output(written, path)
    except BaseException:
        written.unlink(missing_ok=True)
        raise


def begin_private_output(path: Path) -> Path:
    """The new file beside `path` that `private_output` hands its block, for a writer that
    works across several turns of an event loop: then `commit_private_output`, or unlink it.
    For a stream (see `write_private_file`) it is a private file in the temporary folder."""
    if _is_stream(path):
        fd, tmp = tempfile.mkstemp(prefix=".aw-", suffix=path.suffix)
    else:
        _not_a_folder(path)
        fd, tmp = tempfile.mkstemp(
            dir=path.parent if str(path.parent) else ".", prefix=".aw-", suffix=path.suffix
        )
    os.close(fd)
    return Path(tmp)


def commit_private_output(written: Path, path: Path) -> None:
    """`written` (from `begin_private_output`), made private and on the disk, renamed onto
    `path` (a stream is written into, as `write_private_file` does); removed if that fails."""
    try:
        if _is_stream(path):
            _write_into(path, written.read_bytes())
            written.unlink()
            return
        if os.name == "posix":
            written.chmod(0o600)  # a writer that made the file anew made it by the umask
        with written.open("rb") as handle:
            os.fsync(handle.fileno())
        written.replace(path)
    except BaseException:
        written.unlink(missing_ok=True)
        raise


def write_private_file(path: Path, data: bytes) -> None:
    """Replace `path` atomically with `data`, readable by the user only (exports may hold
    secrets): written beside it under a temporary name (mode 0600), then renamed.

    A stream given as the target — a device, a terminal or a pipe someone reads
    (`/dev/stdout`, `/dev/fd/N`, a named pipe) — is written into instead: renaming a file over
    it would put a file in the device's place and print nothing."""
    if _is_stream(path):
        _write_into(path, data)
        return
    _not_a_folder(path)
    fd, tmp = tempfile.mkstemp(dir=path.parent if str(path.parent) else ".", prefix=".aw-")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            # On the disk before the rename: a crash never leaves an empty file in its place.
            handle.flush()
            os.fsync(handle.fileno())
        Path(tmp).replace(path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _is_stream(path: Path) -> bool:
    """Whether `path` names a stream rather than a place for a file: something that exists and
    is no regular file or folder, or a name for a descriptor (/dev/stdout, /proc/self/fd/1,
    which may lead to a regular file the shell opened)."""
    try:
        found = path.stat()
    except OSError:
        return False  # nothing there yet (or unreachable: the write says why)
    if not stat.S_ISREG(found.st_mode):
        return not stat.S_ISDIR(found.st_mode)
    # A regular file reached through a descriptor's name (the shell redirected the output to a
    # file); any other regular file, /dev/shm's included, is replaced as usual.
    name = str(path.absolute())
    return name in ("/dev/stdout", "/dev/stderr") or name.startswith(("/dev/fd/", "/proc/"))


def _write_into(path: Path, data: bytes) -> None:
    """Write `data` into the stream at `path`; a named pipe nobody reads fails at once (ENXIO)
    instead of waiting for a reader."""
    fd = os.open(path, os.O_WRONLY | os.O_APPEND | getattr(os, "O_NONBLOCK", 0))
    try:
        os.set_blocking(fd, True)
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view) :]
    finally:
        os.close(fd)
