"""Offline look-ups in a Pwned Passwords SHA-1 file: the single sorted `HASH:COUNT` file
(searched in place, never read whole) or the per-prefix folder of the official downloader."""

from __future__ import annotations

import hashlib
import mmap
import os
import re
from pathlib import Path
from types import TracebackType

from accountwatch.i18n import _

HASH_CHARS = 40
PREFIX_CHARS = 5
# Below this many bytes left between the bounds, the last step is one search of that window.
_WINDOW = 8192
# Lines read at the start of a file to tell what it is, and to see that it is in order.
_SAMPLE_LINES = 64

_LINE = re.compile(rb"([0-9A-Fa-f]+):(\d+)\r?$")


class BreachFileError(ValueError):
    """Not a Pwned Passwords SHA-1 file or folder this program can search."""


def sha1_hex(password: str) -> str:
    """The SHA-1 of a password as the file writes it: 40 upper-case hex digits."""
    return hashlib.sha1(password.encode("utf-8"), usedforsecurity=False).hexdigest().upper()


def _check_line(line: bytes, digits: int, where: str) -> tuple[bytes, int]:
    """(hash, count) of one line, BreachFileError naming `where` when it is not one."""
    found = _LINE.fullmatch(line)
    if found is None:
        raise BreachFileError(
            _("{where} is not a line HASH:COUNT of a Pwned Passwords file").format(where=where)
        )
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

    The single file is searched by interpolation over its bytes (SHA-1 values are spread
    evenly, so a few probes reach the line), with halving as a fallback, through a memory map:
    only the pages probed are read. A probe that breaks the order reports an unsorted file."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.name = path.name
        self._map: mmap.mmap | None = None
        self._lower = False
        self._folder = path.is_dir()
        if self._folder:
            self._check_folder()
        else:
            self._open_single()

    # -- opening and checking ------------------------------------------------------------------

    def _check_folder(self) -> None:
        first = self.path / ("0" * PREFIX_CHARS + ".txt")
        if not first.is_file():
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
            with self.path.open("rb") as handle:
                size = os.fstat(handle.fileno()).st_size
                if size == 0:
                    raise BreachFileError(_("the file is empty"))
                self._map = mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ)
        except OSError as exc:
            raise BreachFileError(str(exc)) from exc
        self._size = size
        head = self._map[: 64 * _SAMPLE_LINES].split(b"\n")[:_SAMPLE_LINES]
        if len(head) > 1 and head[-1] and size > 64 * _SAMPLE_LINES:
            head = head[:-1]  # the sample cut the last line short
        previous = b""
        self._lower = head[0][:HASH_CHARS] != head[0][:HASH_CHARS].upper()
        for number, line in enumerate((h for h in head if h), start=1):
            where = _("line {line}").format(line=number)
            digest, _count = _check_line(line, HASH_CHARS, where)
            if digest < previous:
                raise BreachFileError(self._unsorted())
            previous = digest
        last_start = self._map.rfind(b"\n", 0, size - 1) + 1
        _check_line(self._map[last_start:].rstrip(b"\n"), HASH_CHARS, _("the last line"))

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
        # The file's own case (the official one is upper case): the search compares bytes.
        text = sha1.lower() if self._lower else sha1.upper()
        return self._count_in_file(text.encode("ascii"))

    def _count_in_folder(self, digest: bytes) -> int:
        prefix = digest[:PREFIX_CHARS].decode("ascii")
        file = self.path / f"{prefix}.txt"
        if not file.is_file():
            raise BreachFileError(
                _("{file} is missing from {folder}: the download is incomplete").format(
                    file=file.name, folder=self.name
                )
            )
        suffix = digest[PREFIX_CHARS:]
        for number, line in enumerate(self._prefix_lines(file), start=1):
            if line[: HASH_CHARS - PREFIX_CHARS].upper() == suffix:
                where = _("line {line} of {file}").format(line=number, file=file.name)
                return _check_line(line, HASH_CHARS - PREFIX_CHARS, where)[1]
        return 0

    @staticmethod
    def _prefix_lines(file: Path) -> list[bytes]:
        try:
            return [line for line in file.read_bytes().splitlines() if line]
        except OSError as exc:
            raise BreachFileError(str(exc)) from exc

    def counts(self, sha1s: list[str]) -> list[int]:
        """`count` of each, in the same order: looked up in hash order, so that each search
        starts where the one before it ended (in the single file)."""
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

    def _count_in_file(self, digest: bytes) -> int:
        return self._search(digest, (0, 0))[0]

    def _search(self, digest: bytes, floor: tuple[int, int]) -> tuple[int, tuple[int, int]]:
        """(count, where the next larger hash's search may start) for `digest`. `floor` is a
        line start before which every line is smaller, and the value (first 64 bits) of a hash
        at most that line's.

        The hot path: per probe a search back for the line's start, one slice and a compare;
        the line found is checked whole, the others only for their order."""
        mm = self._map
        assert mm is not None
        rfind, find = mm.rfind, mm.find
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
            start = rfind(b"\n", lo, probe) + 1 or lo
            key = mm[start : start + HASH_CHARS]
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
                lo, lo_key, lo_value = find(b"\n", start + HASH_CHARS) + 1 or hi, key, value
            else:
                hi, hi_key, hi_value = start, key, value
            # Interpolation shrinks the range a hundredfold or more on even data; when it did
            # not even halve it, the next probe halves.
            halve = not halve and (hi - lo) * 2 > width
        stop = min(hi + HASH_CHARS, self._size)
        at = find(digest, lo, stop)
        while at > 0 and mm[at - 1 : at] != b"\n":  # only a match at a line's start counts
            at = find(digest, at + 1, stop)
        return (0, (lo, lo_value)) if at < 0 else (self._count_at(at), (at, target))

    def _count_at(self, start: int) -> int:
        assert self._map is not None
        end = self._map.find(b"\n", start)
        line = self._map[start : self._size if end < 0 else end].rstrip(b"\r")
        found = _LINE.fullmatch(line)
        if found is not None and len(found.group(1)) == HASH_CHARS:
            return int(found.group(2))
        # Only now the words that say what is wrong (translating them costs more than the search).
        return _check_line(line, HASH_CHARS, _("the line at byte {at}").format(at=start))[1]

    # -- closing ---------------------------------------------------------------------------------

    def close(self) -> None:
        if self._map is not None:
            self._map.close()
            self._map = None

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
    is wrong (missing, not a hash file, NTLM, unsorted)."""
    if not path.exists():
        raise BreachFileError(_("{path} does not exist").format(path=path))
    return PwnedFile(path)
