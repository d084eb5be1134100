"""A sparse index of a sorted Pwned Passwords file: the first 32 bits of the first line at or
after every STEP-th byte, built in one pass and kept in the cache folder for the next opening.

It holds nothing but prefixes of the public file's own lines, never a hash that was looked up:
the same file always gives the same index, whatever was asked of it."""

from __future__ import annotations

import hashlib
import os
import re
import struct
import sys
import tempfile
from array import array
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import platformdirs

from accountwatch import APP_NAME
from accountwatch.core.regular_file import read_regular

# Bytes between two sampled lines: a look-up reads one such stretch (about 23 lines) and
# finds the hash in it. A smaller step makes that find shorter but the index larger and slower
# to build (bench/breach_lookup.py here: 2,048 cost 10-20% more a look-up, 512 no less than
# 1,024). Larger files take a larger step, so that the index stays within _MOST_KEYS entries
# (16 MiB in memory and on disk): 1,024 bytes up to 4 GiB, 9,216 for the 38 GB official file.
STEP = 1024
_MOST_KEYS = 1 << 22
# How far after its sampled byte a sampled line may start (the official lines are 42-54 bytes
# long; farther is a damaged line): a look-up reads this much past its stretch.
TAIL = 128
_BLOCK = 1 << 20  # the build reads the file in blocks of this size

_HEX8 = re.compile(rb"[0-9A-Fa-f]{8}")
# The file that keeps an index: magic, version, step, then the indexed file's size,
# modification time (ns) and inode, then how many keys follow (little-endian uint32 each).
_HEADER = struct.Struct("<8sIIQQQQ")
_MAGIC = b"AWPWNIDX"
# 2: built by a pass that checked every line (a version-1 index was built without that check)
_VERSION = 2


class IndexBuildError(ValueError):
    """The file is not in order or a sampled line is damaged; `offset` is where."""

    def __init__(self, offset: int, unsorted: bool) -> None:
        super().__init__(offset, unsorted)
        self.offset = offset
        self.unsorted = unsorted


@dataclass(frozen=True)
class Identity:
    """What an index was built from: a changed size, modification time or inode makes a kept
    index stale."""

    size: int
    mtime_ns: int
    inode: int

    @classmethod
    def of(cls, fd: int) -> Identity:
        stat = os.fstat(fd)
        return cls(stat.st_size, stat.st_mtime_ns, stat.st_ino)


@dataclass(frozen=True)
class SparseIndex:
    """keys[i]: the first 32 bits of the first line starting at or after byte i × step."""

    step: int
    keys: array[int]


def step_for(size: int) -> int:
    """The sampling step for a file of `size` bytes (a multiple of STEP)."""
    blocks = -(-size // (STEP * _MOST_KEYS))  # ceiling
    return STEP * max(1, blocks)


def build(
    read: Callable[[int, int], bytes],
    size: int,
    progress: Callable[[int, int], None] | None = None,
) -> SparseIndex:
    """The index of a file of `size` bytes, `read(length, offset)` giving its bytes; one pass
    in blocks. A sample's line is the file's first line for byte 0, else the first line that
    starts after the sampled byte (after the first newline at or after it).

    The pass also reads every line, not only the sampled ones: each must be `HASH:COUNT` (40
    hex digits, a count of at most 15 digits; blank lines only at the end) and none may sort
    before the one above it. A look-up goes only to the stretch where its hash belongs, so one
    misplaced or damaged line elsewhere would otherwise never be seen, and its hash would read
    as "not found". IndexBuildError gives the offset of the first line at fault.
    `progress(bytes read, size)` after each block; what it raises ends the build (a cancel)."""
    step = step_for(size)
    keys: array[int] = array("I")
    append = keys.append
    previous = 0
    lines = _LineCheck()
    for block in range(0, size, _BLOCK):
        data = read(_BLOCK + TAIL + 8, block)
        own = min(_BLOCK, size - block)
        lines.feed(data[:own], block, final=block + own >= size)
        find = data.find
        for at in range(0, own, step):
            start = find(b"\n", at) + 1 if at or block else 0
            if (at or block) and (not start or block + start >= size):
                if block + len(data) >= size:
                    return SparseIndex(step, keys)  # no line starts after this sample
                raise IndexBuildError(block + at, unsorted=False)  # a line without an end
            if start - at > TAIL:
                raise IndexBuildError(block + at, unsorted=False)  # a line far too long
            key = data[start : start + 8]
            if _HEX8.fullmatch(key) is None:
                if block + len(data) >= size and _blank_end(data, start):
                    return SparseIndex(step, keys)  # only blank lines after this sample
                raise IndexBuildError(block + start, unsorted=False)
            value = int(key, 16)
            if value < previous:
                raise IndexBuildError(block + start, unsorted=True)
            append(value)
            previous = value
        if progress is not None:
            progress(min(block + _BLOCK, size), size)
    return SparseIndex(step, keys)


# Whole lines of the file, each `HASH:COUNT`, as one expression run over a block (possessive:
# nothing to backtrack into, which makes it 2.5 times as quick).
# A count has at most COUNT_DIGITS digits: the most common password is seen tens of millions of
# times, and a longer number is a damaged line (nor could SQLite keep it).
COUNT_DIGITS = 15
_LINES = re.compile(rb"(?:[0-9A-Fa-f]{40}:[0-9]{1,%d}+\r?\n)*+" % COUNT_DIGITS)


def _blank_end(data: bytes, start: int) -> bool:
    """Whether only blank lines are left from `start` (an editor's newline too many at the end
    is no damage)."""
    return not data[start:].strip()


class _LineCheck:
    """Checks every line of the file, fed block after block: its form, and that it sorts after
    the line above it. The work is in C (one expression match, one split and sort per block),
    about 2 ms a MiB here: the index of a 917 MiB file took 2.7 s against 0.7 s without."""

    def __init__(self) -> None:
        self._carry = b""  # the start of a line the block before ended in
        self._last = b""  # the last line so far

    def feed(self, chunk: bytes, offset: int, *, final: bool) -> None:
        text = self._carry + chunk if self._carry else chunk
        at = offset - len(self._carry)  # where `text` starts in the file
        if final:
            # The last line may lack its newline, or have blank lines after it.
            text = text.rstrip(b"\r\n") + b"\n" if text.strip() else b""
            whole = len(text)
        else:
            whole = text.rfind(b"\n") + 1
        self._carry = text[whole:]
        if len(self._carry) > TAIL:
            raise IndexBuildError(at + whole, unsorted=False)  # a line far too long
        form = _LINES.match(text, 0, whole)
        if form is None or form.end() != whole:
            raise IndexBuildError(at + (form.end() if form else 0), unsorted=False)
        lines = text[:whole].replace(b"\r", b"").split(b"\n")
        lines.pop()  # after the last newline
        if not lines:
            return
        if lines[0] < self._last or lines != sorted(lines):
            raise IndexBuildError(at + self._first_out_of_order(text[:whole]), unsorted=True)
        self._last = lines[-1]

    def _first_out_of_order(self, text: bytes) -> int:
        """Where in `text` the first line that sorts before the one above it starts."""
        above, start = self._last, 0
        for line in text.split(b"\n"):
            key = line.rstrip(b"\r")
            if key:
                if key < above:
                    return start
                above = key
            start += len(line) + 1
        return 0


def default_folder() -> Path:
    """Where indexes are kept: the user's cache folder (nothing in it is secret)."""
    return Path(platformdirs.user_cache_dir(APP_NAME, appauthor=False)) / "pwned-index"


def _kept_at(folder: Path, file: Path) -> Path:
    name = hashlib.sha256(str(file.resolve()).encode("utf-8", "surrogateescape")).hexdigest()
    return folder / f"{name[:24]}.idx"


def load(folder: Path, file: Path, identity: Identity) -> SparseIndex | None:
    """The index kept for `file` when it was built from this very file (same size, time and
    inode, whole); None otherwise. Its entries are still checked by every look-up."""
    try:
        # Read as any chosen file is: a pipe or device in its place is refused unread, and
        # never more than the largest index there can be.
        data = read_regular(_kept_at(folder, file), _HEADER.size + 4 * _MOST_KEYS)
    except OSError:
        return None  # none, unreadable, no regular file, or larger than any index
    if len(data) < _HEADER.size:
        return None
    magic, version, step, size, mtime_ns, inode, count = _HEADER.unpack_from(data)
    if (magic, version) != (_MAGIC, _VERSION) or step != step_for(size):
        return None
    if Identity(size, mtime_ns, inode) != identity:
        return None
    # A file of `size` bytes has one key per `step` bytes at most.
    if count > size // step + 1 or len(data) != _HEADER.size + 4 * count:
        return None  # cut short, longer than it says, or a count no file of this size has
    keys: array[int] = array("I")
    keys.frombytes(data[_HEADER.size :])
    if len(keys) != count:
        return None  # cut short or longer than it says
    if sys.byteorder == "big":
        keys.byteswap()
    return SparseIndex(step, keys)


def keep(folder: Path, file: Path, identity: Identity, index: SparseIndex) -> bool:
    """Write the index for the next opening (whole or not at all); False when it cannot be."""
    keys = array("I", index.keys)
    if sys.byteorder == "big":
        keys.byteswap()
    head = _HEADER.pack(
        _MAGIC,
        _VERSION,
        index.step,
        identity.size,
        identity.mtime_ns,
        identity.inode,
        len(keys),
    )
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=".idx-")
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(head)
                handle.write(keys.tobytes())
            Path(tmp).replace(_kept_at(folder, file))
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
    except OSError:
        return False  # an index only saves time: without it the search still answers
    return True


def can_keep(folder: Path) -> bool:
    """Whether an index could be written to `folder` (created if need be)."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return False
    return os.access(folder, os.W_OK)
