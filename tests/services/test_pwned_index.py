"""The sparse index of a Pwned Passwords file: built by the first look-up, kept and reused at the
next opening, built anew when the file changed (even in place, with its size and time kept) or
the kept index is damaged, and never the cause of a wrong answer."""

from __future__ import annotations

import hashlib
import os
import random
import struct
from pathlib import Path

import pytest

from accountwatch.services import pwned_file, pwned_index
from accountwatch.services.pwned_file import BreachFileError, PwnedFile, open_pwned


def _hashes(count: int, seed: int) -> dict[str, int]:
    """Random SHA-1 values with counts of six digits (so that two files of as many lines have
    the same size)."""
    rng = random.Random(seed)
    return {
        hashlib.sha1(rng.randbytes(8)).hexdigest().upper(): rng.randint(100_000, 999_999)
        for _ in range(count)
    }


def _write(path: Path, hashes: dict[str, int], newline: str = "\n", lower: bool = False) -> Path:
    text = "".join(f"{h}:{hashes[h]}{newline}" for h in sorted(hashes))
    path.write_bytes((text.lower() if lower else text).encode("ascii"))
    return path


def _wanted(*sources: dict[str, int], seed: int = 1) -> list[str]:
    """Some hashes of each source, absent ones, and the two ends of the hash range."""
    rng = random.Random(seed)
    wanted = [h for source in sources for h in rng.sample(sorted(source), 150)]
    wanted += [hashlib.sha1(b"absent %d" % i).hexdigest().upper() for i in range(150)]
    return [*wanted, "0" * 40, "F" * 40]


def _expected(wanted: list[str], *sources: dict[str, int]) -> list[int]:
    """What a scan of the last source finds (the file as it is now)."""
    return [sources[-1].get(sha1, 0) for sha1 in wanted]


def _kept(folder: Path) -> Path:
    (index,) = folder.iterdir()
    return index


@pytest.mark.parametrize(("newline", "lower"), [("\n", False), ("\r\n", False), ("\n", True)])
def test_the_index_is_kept_and_used_again_at_the_next_opening(
    tmp_path: Path, newline: str, lower: bool
) -> None:
    hashes = _hashes(30_000, seed=2)
    path = _write(tmp_path / "pwned.txt", hashes, newline, lower)
    keep = tmp_path / "cache"
    wanted = _wanted(hashes)
    with PwnedFile(path, keep) as source:
        assert source.counts(wanted) == _expected(wanted, hashes)
    kept = _kept(keep).stat()
    with PwnedFile(path, keep) as source:
        assert source.prepare_index()
        assert source.counts(wanted) == _expected(wanted, hashes)
        assert [source.count(sha1) for sha1 in wanted[:50]] == _expected(wanted[:50], hashes)
    again = _kept(keep).stat()
    assert (again.st_ino, again.st_mtime_ns) == (kept.st_ino, kept.st_mtime_ns)  # not rebuilt


def test_the_index_holds_only_the_file_never_what_was_looked_up(tmp_path: Path) -> None:
    hashes = _hashes(20_000, seed=3)
    path = _write(tmp_path / "pwned.txt", hashes)
    with PwnedFile(path, tmp_path / "one") as source:
        source.counts(_wanted(hashes, seed=4))
    with PwnedFile(path, tmp_path / "two") as source:
        assert source.prepare_index()
        source.count(hashlib.sha1(b"another password").hexdigest())
    assert _kept(tmp_path / "one").read_bytes() == _kept(tmp_path / "two").read_bytes()


def test_a_replaced_file_gets_a_new_index(tmp_path: Path) -> None:
    before, after = _hashes(20_000, seed=5), _hashes(25_000, seed=6)
    path = _write(tmp_path / "pwned.txt", before)
    keep = tmp_path / "cache"
    with PwnedFile(path, keep) as source:
        source.prepare_index()
    old = _kept(keep).read_bytes()
    _write(tmp_path / "new.txt", after).replace(path)  # as a new download would
    wanted = _wanted(before, after)
    with PwnedFile(path, keep) as source:
        source.prepare_index()
        assert _kept(keep).read_bytes() != old  # seen stale by its size, time and inode
        assert source.counts(wanted) == _expected(wanted, before, after)


def test_a_file_changed_in_place_with_its_size_and_time_kept_answers_right(
    tmp_path: Path,
) -> None:
    """The kept index matches the file's size, time and inode but no longer its lines: each
    look-up reads the lines around its stretch, sees they do not enclose the hash, and the
    index is built anew from the file."""
    before, after = _hashes(20_000, seed=7), _hashes(20_000, seed=8)
    path = _write(tmp_path / "pwned.txt", before)
    keep = tmp_path / "cache"
    with PwnedFile(path, keep) as source:
        source.prepare_index()
    stat = path.stat()
    new = _write(tmp_path / "new.txt", after).read_bytes()
    with path.open("r+b") as handle:
        handle.write(new)
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    now = path.stat()
    assert (now.st_size, now.st_mtime_ns, now.st_ino) == (
        stat.st_size,
        stat.st_mtime_ns,
        stat.st_ino,
    )
    wanted = _wanted(before, after)
    with PwnedFile(path, keep) as source:
        assert source.counts(wanted) == _expected(wanted, before, after)
    with PwnedFile(path, keep) as source:  # the index kept now is the new file's
        assert source.counts(wanted) == _expected(wanted, before, after)


@pytest.mark.parametrize("damage", ["cut short", "keys garbled", "header garbled", "empty"])
def test_a_damaged_index_is_built_anew_and_never_answers_wrong(tmp_path: Path, damage: str) -> None:
    hashes = _hashes(30_000, seed=9)
    path = _write(tmp_path / "pwned.txt", hashes)
    keep = tmp_path / "cache"
    with PwnedFile(path, keep) as source:
        source.prepare_index()
    index = _kept(keep)
    whole = index.read_bytes()
    if damage == "cut short":
        index.write_bytes(whole[: len(whole) // 2])
    elif damage == "keys garbled":  # the header still fits the file
        index.write_bytes(whole[:48] + random.Random(1).randbytes(len(whole) - 48))
    elif damage == "header garbled":
        index.write_bytes(b"\0" * 16 + whole[16:])
    else:
        index.write_bytes(b"")
    wanted = _wanted(hashes)
    with PwnedFile(path, keep) as source:
        assert source.counts(wanted) == _expected(wanted, hashes)
    assert _kept(keep).read_bytes() == whole


def test_a_large_file_whose_index_cannot_be_kept_is_searched_without_one(
    tmp_path: Path,
) -> None:
    hashes = _hashes(20_000, seed=10)
    path = _write(tmp_path / "pwned.txt", hashes)
    (tmp_path / "a-file").write_text("not a folder")
    wanted = _wanted(hashes)
    with PwnedFile(path, tmp_path / "a-file" / "cache") as source:
        assert not source.prepare_index()  # building it at every opening would read it all
        assert source.counts(wanted) == _expected(wanted, hashes)
    with PwnedFile(path, build_index=False) as source:
        assert not source.prepare_index()
        assert source.counts(wanted) == _expected(wanted, hashes)


def test_open_pwned_keeps_the_index_of_a_large_file_in_the_cache_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    hashes = _hashes(5_000, seed=11)
    path = _write(tmp_path / "pwned.txt", hashes)
    wanted = _wanted(hashes)
    with open_pwned(path) as source:  # small: indexed in memory, nothing written
        assert source.counts(wanted) == _expected(wanted, hashes)
    assert not list((tmp_path / "cache").rglob("*.idx"))
    # A 64 MiB file in a test would only be slower: the threshold is lowered instead.
    monkeypatch.setattr(pwned_file, "KEEP_INDEX_FROM", 100_000)
    with open_pwned(path) as source:
        assert source.counts(wanted) == _expected(wanted, hashes)
    (kept,) = (tmp_path / "cache").rglob("*.idx")
    assert kept.parent == pwned_index.default_folder()


def test_a_line_far_too_long_is_named_by_the_index_build(tmp_path: Path) -> None:
    ordered = sorted(_hashes(20_000, seed=12))
    lines = [f"{h}:1\n" for h in ordered]
    lines[10_000] = f"{ordered[10_000]}:{'7' * 3000}\n"
    path = tmp_path / "long.txt"
    path.write_text("".join(lines))
    with open_pwned(path) as source, pytest.raises(BreachFileError, match="line at byte"):
        source.count(ordered[0])


def test_the_step_keeps_the_index_small() -> None:
    assert pwned_index.step_for(962_366_950) == pwned_index.STEP == 1024
    assert pwned_index.step_for(4 << 30) == 1024
    official = 38_000_000_000
    assert pwned_index.step_for(official) == 9216
    for size in (10, 4 << 30, (4 << 30) + 1, official, 200 << 30):
        assert size // pwned_index.step_for(size) <= 1 << 22


def test_one_look_up_does_not_wait_for_a_large_files_index(tmp_path: Path) -> None:
    """A typed password is looked up at once: without a kept index it is searched for; an
    export's passwords (a batch) or prepare_index build the index."""
    hashes = _hashes(20_000, seed=13)
    path = _write(tmp_path / "pwned.txt", hashes)
    keep = tmp_path / "cache"
    wanted = _wanted(hashes)
    few = wanted[: pwned_file.BATCH_BUILDS_INDEX - 1]
    with PwnedFile(path, keep) as source:
        assert [source.count(sha1) for sha1 in wanted] == _expected(wanted, hashes)
        assert source.counts(few) == _expected(few, hashes)
        assert not keep.exists()
        assert source.counts(wanted) == _expected(wanted, hashes)  # a batch: built and kept
    assert _kept(keep).is_file()
    with PwnedFile(path, keep) as source:
        assert [source.count(sha1) for sha1 in wanted] == _expected(wanted, hashes)
        assert source.prepare_index()


def test_one_look_up_through_a_kept_index_that_no_longer_fits_searches_without_it(
    tmp_path: Path,
) -> None:
    hashes = _hashes(20_000, seed=14)
    path = _write(tmp_path / "pwned.txt", hashes)
    keep = tmp_path / "cache"
    with PwnedFile(path, keep) as source:
        assert source.prepare_index()
    index = _kept(keep)
    whole = index.read_bytes()
    index.write_bytes(whole[:48] + random.Random(2).randbytes(len(whole) - 48))
    wanted = _wanted(hashes)
    with PwnedFile(path, keep) as source:
        assert [source.count(sha1) for sha1 in wanted] == _expected(wanted, hashes)
    assert _kept(keep).read_bytes()[48:] != whole[48:]  # not rebuilt by a single look-up
    with PwnedFile(path, keep) as source:
        assert source.counts(wanted) == _expected(wanted, hashes)
    assert _kept(keep).read_bytes() == whole  # rebuilt by a batch


def test_an_index_kept_by_a_version_that_did_not_check_every_line_is_built_anew(
    tmp_path: Path,
) -> None:
    # An index of the first version was built without reading every line: a file it was made
    # of may hide a misplaced line, so it is not taken.
    folder, path, identity = _kept_index(tmp_path)
    assert pwned_index.load(folder, path, identity) is not None
    kept = next(folder.glob("*.idx"))
    head = bytearray(kept.read_bytes())
    struct.pack_into("<I", head, 8, 1)  # the version field, after the 8-byte magic
    kept.write_bytes(bytes(head))
    assert pwned_index.load(folder, path, identity) is None


def _kept_index(tmp_path: Path) -> tuple[Path, Path, pwned_index.Identity]:
    data = b"".join(b"%040X:1\n" % (i * 7919) for i in range(5_000))
    path = tmp_path / "pwned.txt"
    path.write_bytes(data)
    fd = os.open(path, os.O_RDONLY)
    try:
        identity = pwned_index.Identity.of(fd)
    finally:
        os.close(fd)
    index = pwned_index.build(lambda length, offset: data[offset : offset + length], len(data))
    folder = tmp_path / "kept"
    assert pwned_index.keep(folder, path, identity, index)
    return folder, path, identity


def test_a_kept_index_whose_count_no_file_of_that_size_has_is_set_aside(tmp_path: Path) -> None:
    # The count is read before the keys: 2**40 of them would ask for 4 TiB (MemoryError).
    folder, path, identity = _kept_index(tmp_path)
    kept = next(folder.glob("*.idx"))
    head = bytearray(kept.read_bytes())
    struct.pack_into("<Q", head, 40, 1 << 40)  # the key count, after magic, version, step...
    kept.write_bytes(bytes(head))
    assert pwned_index.load(folder, path, identity) is None


def test_a_pipe_in_place_of_a_kept_index_is_set_aside_at_once(tmp_path: Path) -> None:
    folder, path, identity = _kept_index(tmp_path)
    kept = next(folder.glob("*.idx"))
    kept.unlink()
    os.mkfifo(kept)  # opened as a file it would wait for a writer for ever
    assert pwned_index.load(folder, path, identity) is None
