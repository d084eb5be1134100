"""Look-ups in a Pwned Passwords file: the single sorted file (through its index, and searched
without one) and the per-prefix folder give the same answers as a scan, and every kind of wrong
file is refused saying why. (The index kept between openings: test_pwned_index.py; the
20-million line figures: bench/breach_lookup.py.)"""

from __future__ import annotations

import hashlib
import os
import random
import tracemalloc
from pathlib import Path

import pytest

from accountwatch.services.pwned_file import BreachFileError, PwnedFile, open_pwned, sha1_hex

KNOWN = {"password": 9_659_365, "123456": 37_359_195, "Kumo-Sakura#7731-shared": 3}


def _hashes(count: int, seed: int = 7) -> dict[str, int]:
    rng = random.Random(seed)
    found = {
        hashlib.sha1(rng.randbytes(8)).hexdigest().upper(): rng.randint(1, 999)
        for _ in range(count)
    }
    found.update({sha1_hex(p): n for p, n in KNOWN.items()})
    return found


def _single(path: Path, hashes: dict[str, int], newline: str = "\n") -> Path:
    path.write_text("".join(f"{h}:{hashes[h]}{newline}" for h in sorted(hashes)), newline="")
    return path


def _folder(path: Path, hashes: dict[str, int]) -> Path:
    path.mkdir()
    by_prefix: dict[str, list[str]] = {"00000": []}
    for h in sorted(hashes):
        by_prefix.setdefault(h[:5], []).append(f"{h[5:]}:{hashes[h]}\r\n")
    for prefix, lines in by_prefix.items():
        (path / f"{prefix}.txt").write_text("".join(lines), newline="")
    return path


def _open(path: Path, indexed: bool) -> PwnedFile:
    """As the program opens it (a small file: indexed in memory by the first look-up), or
    searched without an index (what a large file whose index cannot be kept gets)."""
    return open_pwned(path) if indexed else PwnedFile(path, build_index=False)


def _scan(path: Path, wanted: list[str]) -> dict[str, int]:
    """What one full scan finds for each wanted hash: the reference answer."""
    answers = dict.fromkeys(wanted, 0)
    for line in path.read_text().splitlines():
        digest, _sep, count = line.partition(":")
        if digest in answers:
            answers[digest] = int(count)
    return answers


@pytest.mark.parametrize("indexed", [True, False])
@pytest.mark.parametrize("newline", ["\n", "\r\n"])
def test_the_single_file_answers_as_a_scan_does(
    tmp_path: Path, newline: str, indexed: bool
) -> None:
    hashes = _hashes(20_000)
    path = _single(tmp_path / "pwned.txt", hashes, newline)
    rng = random.Random(1)
    present = rng.sample(sorted(hashes), 300)
    absent = [hashlib.sha1(str(i).encode() + b"absent").hexdigest().upper() for i in range(300)]
    ordered = sorted(hashes)
    edges = [ordered[0], ordered[-1], "0" * 40, "F" * 40]
    wanted = present + absent + edges
    expected = _scan(path, wanted)
    with _open(path, indexed) as source:
        assert source.prepare_index() is indexed
        assert {sha1: source.count(sha1) for sha1 in wanted} == expected
        assert source.count(sha1_hex("password")) == KNOWN["password"]
        assert source.name == "pwned.txt"


def test_the_per_prefix_folder_answers_as_the_single_file(tmp_path: Path) -> None:
    hashes = _hashes(3_000)
    hashes["00000" + "A" * 35] = 5  # the downloader's first file is never empty
    single = _single(tmp_path / "pwned.txt", hashes)
    folder = _folder(tmp_path / "pwned", hashes)
    with open_pwned(single) as one, open_pwned(folder) as many:
        for sha1 in [*list(hashes)[:200], sha1_hex("not in it at all")]:
            if (folder / f"{sha1[:5]}.txt").exists():
                assert many.count(sha1) == one.count(sha1)
        assert many.count(sha1_hex("123456")) == KNOWN["123456"]


def test_a_missing_prefix_file_says_the_download_is_incomplete(tmp_path: Path) -> None:
    folder = _folder(tmp_path / "pwned", {**_hashes(10), "00000" + "B" * 35: 1})
    with open_pwned(folder) as source, pytest.raises(BreachFileError, match="incomplete"):
        source.count("ABCDE" + "0" * 35)


@pytest.mark.parametrize(
    ("content", "words"),
    [
        ("", "empty"),
        ("name,url,username,password\n", "not a line HASH:COUNT"),
        ("8846F7EAEE8FB117AD06BDD830B7586C:10\n", "NTLM"),
        ("ABCDEF:3\n", "6 digits"),
    ],
)
def test_what_is_not_a_sha1_file_is_refused(tmp_path: Path, content: str, words: str) -> None:
    path = tmp_path / "file.txt"
    path.write_text(content)
    with pytest.raises(BreachFileError, match=words):
        open_pwned(path)


def test_a_file_ordered_by_prevalence_is_refused_at_once(tmp_path: Path) -> None:
    hashes = _hashes(500)
    by_count = sorted(hashes, key=lambda h: -hashes[h])
    path = tmp_path / "by-count.txt"
    path.write_text("".join(f"{h}:{hashes[h]}\n" for h in by_count))
    with pytest.raises(BreachFileError, match="not sorted by hash"):
        open_pwned(path)


@pytest.mark.parametrize("indexed", [True, False])
def test_disorder_deeper_in_the_file_is_found_by_the_search(tmp_path: Path, indexed: bool) -> None:
    """Found by the index's build (which reads a line every STEP bytes) or by the search's
    probes."""
    ordered = sorted(_hashes(50_000))
    # Sorted start and end, a shuffled middle: the first probes land in the shuffle.
    middle = ordered[1000:-1000]
    random.Random(3).shuffle(middle)
    path = tmp_path / "partly.txt"
    path.write_text("".join(f"{h}:1\n" for h in ordered[:1000] + middle + ordered[-1000:]))
    with _open(path, indexed) as source, pytest.raises(BreachFileError, match="not sorted"):
        for sha1 in ordered[2000:2200]:
            source.count(sha1)


def test_a_missing_path_and_a_folder_without_prefix_files(tmp_path: Path) -> None:
    with pytest.raises(BreachFileError, match="does not exist"):
        open_pwned(tmp_path / "nowhere.txt")
    (tmp_path / "empty-folder").mkdir()
    with pytest.raises(BreachFileError, match=r"00000\.txt"):
        open_pwned(tmp_path / "empty-folder")


@pytest.mark.parametrize("indexed", [True, False])
@pytest.mark.parametrize("lower", [False, True])
def test_many_at_once_answer_as_one_at_a_time(tmp_path: Path, lower: bool, indexed: bool) -> None:
    """`counts` searches in hash order from where the last search ended: the same answers in
    the caller's order, repeated and absent hashes included, in either layout."""
    hashes = _hashes(20_000, seed=11)
    hashes["00000" + "A" * 35] = 5  # the downloader's first file is never empty
    single = _single(tmp_path / "pwned.txt", hashes)
    if lower:
        single.write_text(single.read_text().lower())
    folder = _folder(tmp_path / "pwned", {h: n for h, n in hashes.items() if h[:2] == "00"})
    rng = random.Random(5)
    wanted = rng.sample(sorted(hashes), 400)
    wanted += [hashlib.sha1(str(i).encode()).hexdigest() for i in range(100)]  # lower case
    wanted += [wanted[0], wanted[17], "0" * 40, "F" * 40]
    rng.shuffle(wanted)
    with _open(single, indexed) as source:
        assert source.counts(wanted) == [source.count(sha1) for sha1 in wanted]
        assert source.counts([]) == []
    in_folder = [sha1 for sha1 in wanted if sha1.upper().startswith("00")] + ["0" * 40]
    with open_pwned(folder) as source:
        assert source.counts(in_folder) == [source.count(sha1) for sha1 in in_folder]
    with _open(single, indexed) as source, pytest.raises(ValueError, match="40 hex digits"):
        source.counts([wanted[0], "ABC"])


@pytest.mark.parametrize("indexed", [True, False])
def test_a_damaged_line_deep_in_the_file_is_named(tmp_path: Path, indexed: bool) -> None:
    ordered = sorted(_hashes(50_000))
    lines = [f"{h}:1\n" for h in ordered]
    # A damaged stretch, long enough that the search cannot step over it.
    lines[23_000:27_000] = ["this line was damaged in the download\n"] * 4000
    path = tmp_path / "damaged.txt"
    path.write_text("".join(lines))
    with _open(path, indexed) as source, pytest.raises(BreachFileError, match="line at byte"):
        source.counts(ordered[24_000:26_000])


def _wanted_answer(path: Path, sha1: str) -> int:
    with open_pwned(path) as source:
        return source.count(sha1)


@pytest.mark.parametrize("where", ["middle", "end"])
def test_one_misplaced_line_anywhere_is_refused_not_missed(tmp_path: Path, where: str) -> None:
    """A look-up reads only the stretch where its hash belongs: one line moved elsewhere would
    read as "not found". The index's pass reads every line and refuses the file instead."""
    ordered = sorted(_hashes(20_000))
    moved = sha1_hex("password")
    lines = [h for h in ordered if h != moved]
    if where == "middle":
        lines.insert(len(lines) // 2, moved)
    else:
        lines[-2], lines[-1] = lines[-1], lines[-2]
    path = tmp_path / f"moved-{where}.txt"
    path.write_text("".join(f"{h}:{KNOWN.get('password', 1)}\n" for h in lines))
    with pytest.raises(BreachFileError, match="not sorted by hash"):
        _wanted_answer(path, moved)


@pytest.mark.parametrize(
    "damage",
    [b"\x00\x01\x02 binary\n", b"  " + b"A" * 40 + b":3\n", b"\n"],
    ids=["binary", "leading-space", "blank"],
)
def test_a_damaged_line_between_the_samples_is_named(tmp_path: Path, damage: bytes) -> None:
    ordered = sorted(_hashes(20_000))
    lines = [f"{h}:1\n".encode() for h in ordered]
    lines.insert(9_999, damage)
    path = tmp_path / "damaged.txt"
    path.write_bytes(b"".join(lines))
    with pytest.raises(BreachFileError, match="line at byte"):
        _wanted_answer(path, ordered[3])


def test_a_count_too_large_to_be_real_is_a_damaged_line(tmp_path: Path) -> None:
    hashes = _hashes(2_000)
    target = sha1_hex("password")
    path = _single(tmp_path / "huge.txt", hashes)
    path.write_text(path.read_text().replace(f"{target}:{hashes[target]}", f"{target}:{10**30}"))
    with pytest.raises(BreachFileError, match="line at byte"):
        _wanted_answer(path, target)
    # 15 digits are still a count (nothing real comes near).
    path.write_text(path.read_text().replace(f"{target}:{10**30}", f"{target}:{10**15 - 1}"))
    assert _wanted_answer(path, target) == 10**15 - 1


def test_a_lower_case_file_that_starts_with_digits_only(tmp_path: Path) -> None:
    hashes = _hashes(2_000)
    hashes["0" * 40] = 1  # the first line has no letter to tell the case by
    path = _single(tmp_path / "lower.txt", hashes)
    path.write_text(path.read_text().lower())
    assert _wanted_answer(path, sha1_hex("password")) == KNOWN["password"]


def test_trailing_blank_lines_and_a_last_line_without_newline_are_no_damage(
    tmp_path: Path,
) -> None:
    hashes = _hashes(30_000)
    text = "".join(f"{h}:{hashes[h]}\n" for h in sorted(hashes))
    for ending, name in ((text + "\n\n\r\n", "blank-end.txt"), (text[:-1], "no-newline.txt")):
        path = tmp_path / name
        path.write_text(ending, newline="")
        last = sorted(hashes)[-1]
        assert _wanted_answer(path, last) == hashes[last]
        assert _wanted_answer(path, sha1_hex("password")) == KNOWN["password"]


def test_a_pipe_device_or_symlink_loop_is_refused_at_once(tmp_path: Path) -> None:
    fifo = tmp_path / "pwned.txt"
    os.mkfifo(fifo)
    with pytest.raises(BreachFileError, match="not a regular file"):
        open_pwned(fifo)  # would wait for a writer if it were opened as a file
    with pytest.raises(BreachFileError, match="not a regular file"):
        PwnedFile(fifo)  # the same when it takes a file's place after the path was checked
    with pytest.raises(BreachFileError, match="not a regular file"):
        open_pwned(Path("/dev/zero"))
    (tmp_path / "a").symlink_to(tmp_path / "b")
    (tmp_path / "b").symlink_to(tmp_path / "a")
    with pytest.raises(BreachFileError, match="leads back to itself"):
        open_pwned(tmp_path / "a")
    (tmp_path / "dangling").symlink_to(tmp_path / "nowhere")
    with pytest.raises(BreachFileError, match="to something that does not exist"):
        open_pwned(tmp_path / "dangling")


def _sparse(path: Path, size: int, *, newline_before_last: bool) -> Path:
    """A download cut short and padded with NULs: a good first and last line, gigabytes of
    zeros between (sparse: no disk used)."""
    first = b"0" * 39 + b"1:1\n"
    last = (b"\n" if newline_before_last else b"") + b"F" * 40 + b":1\n"
    with path.open("wb") as out:
        out.write(first)
        out.truncate(size - len(last))
        out.seek(size - len(last))
        out.write(last)
    return path


@pytest.mark.parametrize("newline_before_last", [False, True])
def test_gigabytes_of_zeros_are_refused_without_being_copied(
    tmp_path: Path, newline_before_last: bool
) -> None:
    path = _sparse(tmp_path / "cut.txt", 1 << 30, newline_before_last=newline_before_last)
    tracemalloc.start()
    try:
        # The last line is read from a bounded tail; else a probe lands in the zeros.
        damaged = pytest.raises(BreachFileError, match="not a line HASH:COUNT")
        with damaged, open_pwned(path) as source:
            source.count(sha1_hex("password"))
        # The index's build stops at the first zero.
        damaged = pytest.raises(BreachFileError, match="not a line HASH:COUNT")
        with damaged, PwnedFile(path) as source:
            source.counts([sha1_hex(f"pw-{i}") for i in range(200)])
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 16 << 20  # it copied the 1 GiB "line" (4 GiB at the peak for 2 GiB)


def test_a_file_cut_short_while_it_is_searched_is_a_damaged_line_not_a_crash(
    tmp_path: Path,
) -> None:
    # Through a memory map the first page past the new end raised SIGBUS: the whole program died.
    hashes = _hashes(50_000)
    path = _single(tmp_path / "pwned.txt", hashes)
    with PwnedFile(path, build_index=False) as source:
        assert source.count(sha1_hex("password")) == KNOWN["password"]
        with path.open("r+b") as cut:
            cut.truncate(1000)
        with pytest.raises(BreachFileError):
            for sha1 in sorted(hashes)[-200:]:
                source.count(sha1)


def test_a_prefix_file_of_garbage_or_no_file_is_refused_not_read_as_not_found(
    tmp_path: Path,
) -> None:
    hashes = _hashes(2_000)
    hashes["00000" + "A" * 35] = 5  # the downloader's first file is never empty
    folder = _folder(tmp_path / "pwned", hashes)
    target = sha1_hex("password")
    (folder / f"{target[:5]}.txt").write_text("this is garbage, not a hash file\n")
    with open_pwned(folder) as source, pytest.raises(BreachFileError, match="line 1 of"):
        source.count(target)
    (folder / f"{target[:5]}.txt").unlink()
    os.mkfifo(folder / f"{target[:5]}.txt")
    with open_pwned(folder) as source, pytest.raises(BreachFileError, match="not a regular"):
        source.count(target)
