"""Offline look-ups in a Pwned Passwords SHA-1 file: the single sorted `HASH:COUNT` file
(through a sparse index of it, or searched in place) or the per-prefix folder of the official
downloader."""

from __future__ import annotations

import errno
import hashlib
import os
import re
import stat
import threading
from bisect import bisect_left, bisect_right
from collections.abc import Callable
from math import isqrt
from pathlib import Path
from types import TracebackType

from accountwatch.core.error_words import os_error_words
from accountwatch.core.regular_file import (
    FileTooLargeError,
    NotRegularFileError,
    open_regular,
    read_regular,
)
from accountwatch.i18n import _
from accountwatch.services import pwned_index
from accountwatch.services.pwned_index import Identity, IndexBuildError, SparseIndex

HASH_CHARS = 40
PREFIX_CHARS = 5
# Below this many bytes left between the bounds, the last step is one search of that window.
_WINDOW = 8192
# Lines read at the start of a file to tell what it is, and to see that it is in order.
_SAMPLE_LINES = 64

# Files from this size on keep their index in the cache folder for the next opening; a smaller
# one is indexed anew by each opening that looks something up (64 MiB in about 40 ms here).
KEEP_INDEX_FROM = 64 << 20
# From this many hashes at once (an export's passwords) the look-ups build a large file's index
# when none is kept; fewer (a typed password, an import's accounts) search without one.
BATCH_BUILDS_INDEX = 100

# A count has at most pwned_index.COUNT_DIGITS digits (a longer one is a damaged line).
_COUNT_DIGITS = pwned_index.COUNT_DIGITS
_LINE = re.compile(rb"([0-9A-Fa-f]+):(\d{1,%d})\r?$" % _COUNT_DIGITS)


# Reading a stretch: one system call (Windows has no pread: a seek and a read under a lock).
_pread = getattr(os, "pread", None)


_DIGITS = b"0123456789"
# A prefix file of the official folder holds about 800-2,000 lines of 40 bytes.
_PREFIX_FILE_BYTES = 4 << 20
_PREFIX_LINES = re.compile(rb"(?:[0-9A-Fa-f]{35}:[0-9]{1,%d}+\r?\n)*+" % _COUNT_DIGITS)
# Longer than any line of the file can be (the official ones are 42-54 bytes): what a check reads
# around a line, so that a damaged stretch of gigabytes is never copied whole.
_LONGEST_LINE = 256


def _damaged(where: str) -> str:
    """What a damaged line is told, `where` naming it ("the line at byte 12", "line 3 of …")."""
    return _("{where} is not a line HASH:COUNT of a Pwned Passwords file").format(where=where)


def _at_byte(offset: int) -> str:
    return _("the line at byte {at}").format(at=offset)


def _not_a_file(name: str) -> str:
    return _("{file} is not a regular file (a pipe, device or socket cannot be searched)").format(
        file=name
    )


class _IndexMisfitError(Exception):
    """The lines around the stretch an index gave do not enclose the hash sought."""


class BreachFileError(ValueError):
    """Not a Pwned Passwords SHA-1 file or folder this program can search."""


def sha1_hex(password: str) -> str:
    """The SHA-1 of a password as the file writes it: 40 upper-case hex digits."""
    return hashlib.sha1(password.encode("utf-8"), usedforsecurity=False).hexdigest().upper()


def _check_line(line: bytes, digits: int, where: str) -> tuple[bytes, int]:
    """(hash, count) of one line, BreachFileError naming `where` when it is not one."""
    found = _LINE.fullmatch(line)
    if found is None:
        raise BreachFileError(_damaged(where))
    digest = found.group(1)
    if len(digest) != digits:
        if len(digest) == 32 and digits == HASH_CHARS:
            raise BreachFileError(
                _("the file holds NTLM hashes; the SHA-1 file is needed (the downloader's default)")
            )
        raise BreachFileError(
            _("{where} holds a hash of {count} digits; {expected} were expected").format(
                where=where, count=len(digest), expected=digits
            )
        )
    return digest, int(found.group(2))


class PwnedFile:
    """An open Pwned Passwords source; `count(sha1)` is how often a hash was seen (0: never).

    The single file is looked up through its sparse index (pwned_index): a bisection in memory,
    one read of about STEP bytes and a find. The lines just before and after that stretch are
    read with it and must enclose the hash, else the index is built anew from the file: a stale
    or damaged index never gives an answer. Opened with `keep_index_in` (open_pwned does so for
    a large file), the index kept there is loaded; when there is none, `prepare_index()` or a
    batch of BATCH_BUILDS_INDEX `counts` builds it in one pass over the file and keeps it, while
    a single look-up does not wait for that. Opened without, the file is indexed in memory by
    its first look-up. Without an index (`build_index` False, a place where it cannot be kept,
    or a single look-up before it was built) the file is searched by interpolation over its
    bytes (SHA-1 values are spread evenly, so a few probes reach the line), with halving as a
    fallback, one small read around each probe (no memory map: a file cut short meanwhile
    would end the program with SIGBUS). A sampled line or a probe that breaks the order reports
    an unsorted file."""

    def __init__(
        self, path: Path, keep_index_in: Path | None = None, *, build_index: bool = True
    ) -> None:
        self.path = path
        self.name = path.name
        self._seek_lock = threading.Lock()
        self._fd = -1
        self._lower = False
        self._keep_in = keep_index_in
        self._progress: Callable[[int, int], None] | None = None
        self._build = build_index
        self._index: SparseIndex | None = None
        self._index_from_disk = False
        self._load_tried = False
        self._build_tried = False
        self._folder = path.is_dir()
        if self._folder:
            self._check_folder()
            return
        try:
            self._open_single()
        except BaseException:
            self.close()
            raise

    # -- opening and checking ------------------------------------------------------------------

    def _check_folder(self) -> None:
        first = self.path / ("0" * PREFIX_CHARS + ".txt")
        if not first.exists():
            raise BreachFileError(
                _(
                    "{folder} has no file 00000.txt: not the per-prefix folder of the Pwned "
                    "Passwords downloader"
                ).format(folder=self.name)
            )
        lines = self._prefix_lines(first)
        if not lines:
            raise BreachFileError(_("{file} is empty").format(file=first.name))
        for number, line in enumerate(lines[:_SAMPLE_LINES], start=1):
            where = _("line {line} of {file}").format(line=number, file=first.name)
            _check_line(line, HASH_CHARS - PREFIX_CHARS, where)

    def _open_single(self) -> None:
        try:
            # A pipe put in the file's place must not hang the opening: refused at once.
            try:
                self._fd = open_regular(self.path)
            except NotRegularFileError:
                raise BreachFileError(_not_a_file(self.name)) from None
            self._identity = Identity.of(self._fd)
            size = self._identity.size
            if size == 0:
                raise BreachFileError(_("the file is empty"))
            self._size = size
            head = self._read(64 * _SAMPLE_LINES, 0).split(b"\n")[:_SAMPLE_LINES]
        except OSError as exc:
            raise BreachFileError(str(exc)) from exc
        if len(head) > 1 and head[-1] and size > 64 * _SAMPLE_LINES:
            head = head[:-1]  # the sample cut the last line short
        previous = b""
        # The file's letter case, from the first line that has a letter (a hash may be digits).
        lettered = next((h[:HASH_CHARS] for h in head if h[:HASH_CHARS].strip(_DIGITS)), b"")
        self._lower = lettered != lettered.upper()
        for number, line in enumerate((h for h in head if h), start=1):
            where = _("line {line}").format(line=number)
            digest, _count = _check_line(line, HASH_CHARS, where)
            if digest < previous:
                raise BreachFileError(self._unsorted())
            previous = digest
        # The last line that is not blank (an editor may have left a newline too many), read
        # from a bounded tail: a file padded with gigabytes of NULs is not copied whole.
        tail_at = max(0, size - _LONGEST_LINE)
        tail = self._read(size - tail_at, tail_at).rstrip(b"\r\n")
        newline = tail.rfind(b"\n")
        if newline < 0 and tail_at > 0:
            raise BreachFileError(_damaged(_("the last line")))
        _check_line(tail[newline + 1 :], HASH_CHARS, _("the last line"))

    def _unsorted(self) -> str:
        return _(
            "{file} is not sorted by hash: download the file ordered by hash (the downloader's "
            "default), not by prevalence"
        ).format(file=self.name)

    # -- looking up ----------------------------------------------------------------------------

    def count(self, sha1: str) -> int:
        """How many times the password with this SHA-1 (40 hex digits) was seen; 0: never."""
        if len(sha1) != HASH_CHARS:
            raise ValueError("a SHA-1 has 40 hex digits")
        if self._folder:
            return self._count_in_folder(sha1.upper().encode("ascii"))
        # One look-up does not build a large file's index (a pass over the whole file, minutes
        # for the 38 GB one): it uses a kept one, else searches without.
        build = self._keep_in is None
        if self._usable_index(build) is not None:
            answer = self._counts_in_file([sha1], build)
            if answer is not None:
                return answer[0]
        # The file's own case (the official one is upper case): the search compares bytes.
        text = sha1.lower() if self._lower else sha1.upper()
        return self._search(text.encode("ascii"), (0, 0))[0]

    def _count_in_folder(self, digest: bytes) -> int:
        prefix = digest[:PREFIX_CHARS].decode("ascii")
        file = self.path / f"{prefix}.txt"
        suffix = digest[PREFIX_CHARS:]
        for number, line in enumerate(self._prefix_lines(file), start=1):
            if line[: HASH_CHARS - PREFIX_CHARS].upper() == suffix:
                where = _("line {line} of {file}").format(line=number, file=file.name)
                return _check_line(line, HASH_CHARS - PREFIX_CHARS, where)[1]
        return 0

    def _prefix_lines(self, file: Path) -> list[bytes]:
        """The lines of one prefix file, every one checked (about 50 µs, in C): a file of
        garbage must not read as "not found"."""
        try:
            data = read_regular(file, _PREFIX_FILE_BYTES)
        except FileNotFoundError:
            raise BreachFileError(
                _("{file} is missing from {folder}: the download is incomplete").format(
                    file=file.name, folder=self.name
                )
            ) from None
        except NotRegularFileError:
            raise BreachFileError(_not_a_file(f"{self.name}/{file.name}")) from None
        except FileTooLargeError:
            raise BreachFileError(
                _("{file} in {folder} is far larger than a prefix file can be").format(
                    file=file.name, folder=self.name
                )
            ) from None
        except OSError as exc:
            raise BreachFileError(f"{file.name}: {os_error_words(exc)}") from None
        text = data.rstrip(b"\r\n") + b"\n" if data.strip() else b""
        whole = _PREFIX_LINES.match(text)
        if whole is None or whole.end() != len(text):
            number = text.count(b"\n", 0, whole.end() if whole else 0) + 1
            bad = text[whole.end() if whole else 0 :].split(b"\n", 1)[0].rstrip(b"\r")
            where = _("line {line} of {file}").format(line=number, file=file.name)
            _check_line(bad[:_LONGEST_LINE], HASH_CHARS - PREFIX_CHARS, where)
            raise BreachFileError(  # a count too long still reads as a line of its form
                _damaged(where)
            )
        return text.replace(b"\r", b"").split(b"\n")[:-1]

    def counts(self, sha1s: list[str]) -> list[int]:
        """`count` of each, in the same order; BATCH_BUILDS_INDEX hashes or more build a large
        file's index when none is kept. Without an index they are looked up in hash order, so
        that each search starts where the one before it ended (in the single file)."""
        build = self._keep_in is None or len(sha1s) >= BATCH_BUILDS_INDEX
        if not self._folder and self._usable_index(build) is not None:
            answers = self._counts_in_file(sha1s, build)
            if answers is not None:
                return answers
        answers = [0] * len(sha1s)
        floor = (0, 0)
        for index in sorted(range(len(sha1s)), key=lambda i: sha1s[i].upper()):
            sha1 = sha1s[index]
            if len(sha1) != HASH_CHARS:
                raise ValueError("a SHA-1 has 40 hex digits")
            if self._folder:
                answers[index] = self._count_in_folder(sha1.upper().encode("ascii"))
            else:
                text = sha1.lower() if self._lower else sha1.upper()
                answers[index], floor = self._search(text.encode("ascii"), floor)
        return answers

    @property
    def keeps_index(self) -> bool:
        """Whether this file's index is kept between openings (a large single file)."""
        return self._keep_in is not None

    def prepare_index(self, progress: Callable[[int, int], None] | None = None) -> bool:
        """Load or build the index now, as the first look-up would; whether look-ups use one.
        `progress(bytes read, size)` while it is built; what it raises ends the build, and
        nothing is kept."""
        self._progress = progress
        try:
            return not self._folder and self._usable_index() is not None
        finally:
            self._progress = None

    # -- the single file, through its index ------------------------------------------------------

    def _counts_in_file(self, sha1s: list[str], build: bool) -> list[int] | None:
        """Through the index; None when a kept index did not fit the file and may not be
        built anew now (it is dropped: the search goes on without one)."""
        index = self._index
        assert index is not None
        try:
            return self._look_up(sha1s, index)
        except _IndexMisfitError:
            if not self._index_from_disk:
                raise BreachFileError(self._unsorted()) from None  # disorder inside a stretch
        # The kept index does not fit the file (changed in place, or the index damaged): this
        # file's own index, built now, decides.
        if not (build and self._build):
            self._index = None
            self._build_tried = True
            return None
        self._index = index = self._new_index()
        try:
            return self._look_up(sha1s, index)
        except _IndexMisfitError:
            raise BreachFileError(self._unsorted()) from None

    def _usable_index(self, build: bool = True) -> SparseIndex | None:
        """The index kept for this file, else (when `build`) one built now, if it can be kept
        or the file was opened without a place to keep it; None: search without one."""
        keep_in = self._keep_in
        if not self._load_tried:
            self._load_tried = True
            if keep_in is not None:
                self._index = pwned_index.load(keep_in, self.path, self._identity)
                self._index_from_disk = self._index is not None
        if self._index is None and build and self._build and not self._build_tried:
            self._build_tried = True
            # A large file whose index cannot be kept would be read whole at every opening:
            # it is searched without one instead.
            if keep_in is None or pwned_index.can_keep(keep_in):
                self._index = self._new_index()
        return self._index

    def _new_index(self) -> SparseIndex:
        try:
            index = pwned_index.build(self._reader(), self._size, self._progress)
        except IndexBuildError as exc:
            if exc.unsorted:
                raise BreachFileError(self._unsorted()) from None
            start = self._line_start(exc.offset)
            self._count_at(start)  # raises for a line that is not HASH:COUNT, naming it
            raise BreachFileError(  # a line far too long may still read as HASH:COUNT
                _damaged(_at_byte(start))
            ) from None
        if self._keep_in is not None:
            pwned_index.keep(self._keep_in, self.path, self._identity, index)
        self._index_from_disk = False
        return index

    def _reader(self) -> Callable[[int, int], bytes]:
        """`read(length, offset)`: bytes of the file, each read a system call of its own. Not a
        memory map: a file cut short while it is read (downloaded again meanwhile) would kill
        the whole program with SIGBUS at the first page past its new end; a read returns fewer
        bytes instead, which the checks then take for a damaged line."""
        return self._read

    def _read(self, length: int, offset: int) -> bytes:
        if _pread is not None:
            data: bytes = _pread(self._fd, length, offset)
            return data
        with self._seek_lock:  # Windows: no pread; one seek and read at a time
            os.lseek(self._fd, offset, os.SEEK_SET)
            return os.read(self._fd, length)

    def _line_start(self, offset: int) -> int:
        """Where the line holding byte `offset` starts (looked for within _LONGEST_LINE bytes:
        a longer line is damaged anyway, and the offset is named as it is)."""
        at = max(0, offset - _LONGEST_LINE)
        before = self._read(offset - at, at)
        newline = before.rfind(b"\n")
        return at + newline + 1 if newline >= 0 else (0 if at == 0 else offset)

    def _look_up(self, sha1s: list[str], index: SparseIndex) -> list[int]:
        """How often each hash is in the stretch of the file the index gives, read with the
        line before it and the line after it; _IndexMisfitError when those two do not enclose the
        hash (the index does not fit the file). The hot path: a bisection of a few steps, one
        read and a few finds per hash."""
        keys, step, size = index.keys, index.step, self._size
        nkeys = len(keys)
        # Sampled hashes are spread evenly: the sample after a hash's is within a few standard
        # deviations (sqrt(n) / 2) of its share of n; outside that, the whole index is bisected.
        spread = 2 * isqrt(nkeys) + 8
        length = step + pwned_index.TAIL + HASH_CHARS
        read = self._reader()
        lower = self._lower
        answers = []
        for sha1 in sha1s:
            if len(sha1) != HASH_CHARS:
                raise ValueError("a SHA-1 has 40 hex digits")
            # The file's own case (the official one is upper case): the search compares bytes.
            digest = (sha1.lower() if lower else sha1.upper()).encode("ascii")
            target = int(digest[:8], 16)
            guess = (target * nkeys) >> 32
            low = guess - spread if guess > spread else 0
            high = guess + spread if guess + spread < nkeys else nkeys
            # keys[j - 1] < target <= keys[j]: a line holding `digest` starts after sample
            # j - 1's line and before the line of the first sample with a larger key.
            j = bisect_left(keys, target, low, high)
            if (j == low and low) or (j == high and high < nkeys):
                j = bisect_left(keys, target)
            after = j
            if j < nkeys and keys[j] == target:
                after = bisect_right(keys, target, j)
            lo = (j - 1) * step if j else 0
            if after < nkeys:
                data = read(after * step - lo + length - step if after > j else length, lo)
            else:
                data = read(size - lo, lo)
            # A sample's line is the first to start after the sampled byte (pwned_index).
            first = data.find(b"\n") + 1 if lo else 0
            if lo and not (first and data[first : first + HASH_CHARS] < digest):
                raise _IndexMisfitError
            if after < nkeys:
                last = data.find(b"\n", after * step - lo) + 1 if after else 0
                if not ((last or not after) and digest < data[last : last + HASH_CHARS]):
                    raise _IndexMisfitError
            else:
                last = len(data)
            stop = last + HASH_CHARS - 1  # a match starts before the line after the stretch
            at = data.find(digest, first, stop)
            while at > first and data[at - 1] != 10:  # only a match at a line's start counts
                at = data.find(digest, at + 1, stop)
            if at < 0:
                answers.append(0)
                continue
            end = data.find(b"\n", at)
            count = data[at + HASH_CHARS + 1 : len(data) if end < 0 else end].rstrip(b"\r")
            # Not ":" and a number of at most _COUNT_DIGITS digits:
            if data[at + HASH_CHARS] != 58 or not count.isdigit() or len(count) > _COUNT_DIGITS:
                line = data[at : len(data) if end < 0 else end].rstrip(b"\r")
                where = _at_byte(lo + at)
                _check_line(line, HASH_CHARS, where)  # raises, naming the line
            answers.append(int(count))
        return answers

    # -- the single file, searched without an index ----------------------------------------------

    def _search(self, digest: bytes, floor: tuple[int, int]) -> tuple[int, tuple[int, int]]:
        """(count, where the next larger hash's search may start) for `digest`. `floor` is a
        line start before which every line is smaller, and the value (first 64 bits) of a hash
        at most that line's.

        The hot path: per probe one read around it (the line it falls in and the start of the
        next), a search back for the line's start and a compare; the line found is checked
        whole, the others only for their order."""
        read = self._read
        target = int(digest[:16], 16)
        # The line sought starts in [lo, hi]; every line before lo is smaller, hi's is larger.
        (lo, lo_value), hi, hi_value = floor, self._size, 1 << 64
        lo_key, hi_key = b"", b"\xff"  # before and after every hash
        halve = False
        while hi - lo > _WINDOW:
            if halve:
                probe = (lo + hi) // 2
            else:
                probe = lo + (target - lo_value) * (hi - lo) // max(hi_value - lo_value, 1)
            probe = min(max(probe, lo + 1), hi - 1)
            # The probed line and the next line's start lie within this window (a line longer
            # than _LONGEST_LINE is damaged).
            at = max(lo, probe - _LONGEST_LINE)
            window = read(probe - at + 2 * _LONGEST_LINE, at)
            newline = window.rfind(b"\n", 0, probe - at)
            if newline < 0 and at > lo:  # no line start near the probe: a line far too long
                raise BreachFileError(_damaged(_at_byte(probe)))
            start = at + newline + 1 if newline >= 0 else lo
            key = window[start - at : start - at + HASH_CHARS]
            if not lo_key < key < hi_key and key != digest:
                self._count_at(start)  # a damaged line is named as such
                raise BreachFileError(self._unsorted())
            if key == digest:
                return self._count_at(start), (start, target)
            try:
                value = int(key[:16], 16)
            except ValueError:
                self._count_at(start)  # raises, naming the line
                raise
            width = hi - lo
            if key < digest:
                after = window.find(b"\n", start - at + HASH_CHARS)
                if after < 0 and at + len(window) < self._size:  # a line far too long
                    raise BreachFileError(_damaged(_at_byte(start)))
                lo, lo_key, lo_value = (at + after + 1 if after >= 0 else hi), key, value
            else:
                hi, hi_key, hi_value = start, key, value
            # Interpolation shrinks the range a hundredfold or more on even data; when it did
            # not even halve it, the next probe halves.
            halve = not halve and (hi - lo) * 2 > width
        stop = min(hi + HASH_CHARS, self._size)
        data = read(stop - lo, lo)
        found = data.find(digest)
        while found > 0 and data[found - 1] != 10:  # only a match at a line's start counts
            found = data.find(digest, found + 1)
        if found < 0:
            return 0, (lo, lo_value)
        return self._count_at(lo + found), (lo + found, target)

    def _count_at(self, start: int) -> int:
        chunk = self._read(_LONGEST_LINE, start)
        end = chunk.find(b"\n")
        if end < 0:
            if start + len(chunk) < self._size:  # no end within reach: a damaged line
                raise BreachFileError(_damaged(_at_byte(start)))
            end = len(chunk)
        line = chunk[:end].rstrip(b"\r")
        found = _LINE.fullmatch(line)
        if found is not None and len(found.group(1)) == HASH_CHARS:
            return int(found.group(2))
        # Only now the words that say what is wrong (translating them costs more than the search).
        return _check_line(line, HASH_CHARS, _at_byte(start))[1]

    # -- closing ---------------------------------------------------------------------------------

    def close(self) -> None:
        if self._fd >= 0:
            os.close(self._fd)
            self._fd = -1

    def __enter__(self) -> PwnedFile:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        value: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()


def open_pwned(path: Path) -> PwnedFile:
    """The single file or the per-prefix folder at `path`, checked; BreachFileError says what
    is wrong (missing, not a hash file, NTLM, unsorted). A single file of KEEP_INDEX_FROM bytes
    or more keeps its index in the user's cache folder."""
    try:
        found = path.stat()
    except FileNotFoundError:
        if path.is_symlink():
            raise BreachFileError(
                _("{path} is a symbolic link to something that does not exist").format(path=path)
            ) from None
        raise BreachFileError(_("{path} does not exist").format(path=path)) from None
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise BreachFileError(
                _("{path} is a symbolic link that leads back to itself").format(path=path)
            ) from None
        raise BreachFileError(f"{path}: {os_error_words(exc)}") from None
    if not stat.S_ISDIR(found.st_mode) and not stat.S_ISREG(found.st_mode):
        raise BreachFileError(_not_a_file(str(path)))
    large = stat.S_ISREG(found.st_mode) and found.st_size >= KEEP_INDEX_FROM
    return PwnedFile(path, pwned_index.default_folder() if large else None)
