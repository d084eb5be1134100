"""Benchmark: offline breach look-ups in a Pwned Passwords file, against a full scan (issue 18).

Generates, in a temporary folder, a SHA-1 file ordered by hash of LINES lines (default
2**20 × 20 = 20,971,520, about 944 MB, the layout of the official file: `HASH:COUNT`) and the
same hashes in the per-prefix layout of the official downloader (1,048,576 files `ABCDE.txt` of
`SUFFIX:COUNT` lines), with the SHA-1 of 500 of LOOKUPS test passwords among them. Then, in the
same run and with the file in the page cache for all of them:
  - one sequential read of the whole file in 1 MiB blocks (the least any full scan costs);
  - one full scan that compares every line with the 1,000 hashes wanted (what a tool that scans
    the file does, keepassxc-cli analyze --hibp; it answers all of them in one pass);
  - LOOKUPS look-ups in the single file (services/pwned_file.py `counts`: interpolation search
    through a memory map, in hash order) and in the per-prefix folder (one small file each);
and prints each as a ratio to the sequential read, against the target of issue 18 (the look-ups
≤ 1/1,000 of the scan), and checks that the look-ups give the scan's answers for every password.

Usage: .venv/bin/python bench/breach_lookup.py [LINES]   (about 7 minutes and 5 GB of disk)
"""

from __future__ import annotations

import hashlib
import os
import random
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parents[1] / "app"))

from accountwatch.services.pwned_file import open_pwned, sha1_hex

PREFIXES = 16**5
LOOKUPS = 1000
TARGET = 1 / 1000


def _wanted() -> tuple[list[str], dict[str, int]]:
    """The test passwords and, for the half that is in the file, its count."""
    passwords = [
        f"bench-password-{i}-{hashlib.md5(str(i).encode()).hexdigest()[:6]}" for i in range(LOOKUPS)
    ]
    rng = random.Random(18)
    present = {sha1_hex(p): rng.randint(1, 50_000) for p in passwords[::2]}
    return passwords, present


def generate(folder: Path, lines: int, present: dict[str, int]) -> tuple[Path, Path, int]:
    """The single file and the per-prefix folder; how many lines they hold."""
    single = folder / "pwnedpasswords.txt"
    per_prefix = folder / "pwnedpasswords"
    per_prefix.mkdir()
    by_prefix: dict[str, list[str]] = {}
    for digest, count in present.items():
        by_prefix.setdefault(digest[:5], []).append(f"{digest[5:]}:{count}")
    each, extra = divmod(lines - len(present), PREFIXES)
    rng = random.Random(20)
    written = 0
    with single.open("w", encoding="ascii", newline="") as out:
        for number in range(PREFIXES):
            prefix = f"{number:05X}"
            count = each + (1 if number < extra else 0)
            blob = os.urandom(18 * count).hex().upper()
            suffixes = [
                f"{blob[i * 36 : i * 36 + 35]}:{rng.randint(1, 9999)}" for i in range(count)
            ]
            suffixes += by_prefix.get(prefix, ())
            suffixes.sort()
            text = "\r\n".join(suffixes) + "\r\n"
            (per_prefix / f"{prefix}.txt").write_text(text, encoding="ascii", newline="")
            out.write("".join(f"{prefix}{line}\n" for line in suffixes))
            written += len(suffixes)
    return single, per_prefix, written


def sequential_read(path: Path) -> float:
    start = time.perf_counter()
    with path.open("rb", buffering=0) as handle:
        while handle.read(1 << 20):
            pass
    return time.perf_counter() - start


def full_scan(path: Path, wanted: set[bytes]) -> tuple[float, dict[bytes, int]]:
    start = time.perf_counter()
    found: dict[bytes, int] = {}
    with path.open("rb") as handle:
        for line in handle:
            if line[:40] in wanted:
                found[line[:40]] = int(line[41:])
    return time.perf_counter() - start, found


def lookups(path: Path, hashes: list[str]) -> tuple[float, list[int]]:
    with open_pwned(path) as source:
        start = time.perf_counter()
        answers = source.counts(hashes)
        return time.perf_counter() - start, answers


def main() -> None:
    lines = int(sys.argv[1]) if len(sys.argv) > 1 else PREFIXES * 20
    passwords, present = _wanted()
    hashes = [sha1_hex(p) for p in passwords]
    folder = Path(tempfile.mkdtemp(prefix="breach-bench-"))
    try:
        began = time.perf_counter()
        single, per_prefix, written = generate(folder, lines, present)
        size = single.stat().st_size
        print(f"generated {written:,} lines ({size / 1e6:,.0f} MB) and {PREFIXES:,} prefix files "
              f"in {time.perf_counter() - began:.0f} s: {folder}")  # fmt: skip
        sequential_read(single)  # into the page cache, for every measurement alike
        read = min(sequential_read(single) for _ in range(2))
        scan, scanned = full_scan(single, {h.encode() for h in hashes})
        in_file, file_answers = lookups(single, hashes)
        in_folder, folder_answers = lookups(per_prefix, hashes)

        expected = [scanned.get(h.encode(), 0) for h in hashes]
        same = file_answers == expected and folder_answers == expected
        found = sum(1 for n in expected if n)
        print(f"{LOOKUPS:,} passwords looked up, {found} of them in the file; answers identical "
              f"to the full scan's for all of them: {'yes' if same else 'NO'}")  # fmt: skip
        print(f"sequential read of the file: {read:.3f} s")
        print(f"full scan comparing every line: {scan:.3f} s = {scan / read:.1f}× the read")
        for name, took in (("single file", in_file), ("per-prefix folder", in_folder)):
            ratio = took / read
            verdict = "ok" if ratio <= TARGET else "MISSED"
            print(
                f"{LOOKUPS:,} look-ups, {name}: {took * 1000:.1f} ms = 1/{read / took:,.0f} of "
                f"the read, 1/{scan / took:,.0f} of the scan (target ≤ 1/1,000 of the read: "
                f"{verdict}); one look-up = 1/{read * LOOKUPS / took:,.0f} of the read"
            )
        if not same:
            raise SystemExit("the look-ups disagree with the scan")
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
