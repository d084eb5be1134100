"""Benchmark: a 1,000-entry password manager export analysed, and a profile with 400 other
passwords imported, against the 20 s of issues 16 and 18; and the stretching of passwords one
at a time, on threads and on processes, in the same run.

Every password costs one scrypt (N = 2**14, r = 8: 16 MiB, about 30 ms on one core of the
machine this was written on); the analysis and the import stretch them side by side on every
core. Run with the real keyring as the tests do:
    tools/with-keyring .venv/bin/python bench/password_scale.py
"""

from __future__ import annotations

import datetime as dt
import json
import os
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parents[1] / "app"))

from accountwatch.core import passwords
from accountwatch.services import password_export, profiles
from accountwatch.services.workspace import Workspace

TARGET_S = 20.0
ENTRIES = 1000
OTHERS = 400
SAMPLE = 100  # passwords stretched each way for the comparison
TODAY = dt.date(2026, 12, 2)
KEY, SALT = b"k" * 32, b"s" * 16


def _profile(others: int) -> dict[str, object]:
    return {
        "format": "accountwatch.profile",
        "version": 1,
        "accounts": [
            {"id": "ali", "platform": "alibaba.com", "login_id": "sakura-main"},
            {"id": "shop", "platform": "1688", "login_id": "shop", "password": "Tora-Umi-4410-zz"},
            {
                "id": "ae",
                "platform": "aliexpress",
                "login_id": "ae-user",
                "password": "Unrelated-Pw-9981-q",
                "other_passwords": [f"Elsewhere-{i}-pw-zq" for i in range(others)],
            },
        ],
    }


def _export(path: Path) -> Path:
    lines = ["name,url,username,password,note"]
    lines.append("アリババ,https://login.alibaba.com/,sakura-main,Kumo-Sakura#7731,")
    lines += [
        f"Site {i},https://site{i}.example.jp/,keiri,Pw-{i}-unique-zq," for i in range(ENTRIES - 2)
    ]
    lines.append("Reused,https://reused.example.jp/,keiri,Kumo-Sakura#7731,")
    path.write_text("\n".join(lines) + "\n", "utf-8")
    return path


def _one(password: str) -> str:
    return passwords.fingerprint(password, key=KEY, salt=SALT)


def _stretching_compared() -> None:
    sample = [f"compare-{i}" for i in range(SAMPLE)]
    cores = os.cpu_count() or 1
    start = time.perf_counter()
    for password in sample:
        _one(password)
    serial = time.perf_counter() - start
    start = time.perf_counter()
    with ThreadPoolExecutor(cores) as pool:
        list(pool.map(_one, sample))
    threads = time.perf_counter() - start
    start = time.perf_counter()
    with ProcessPoolExecutor(cores) as pool:
        list(pool.map(_one, sample, chunksize=4))
    processes = time.perf_counter() - start
    print(
        f"{SAMPLE} passwords stretched on {cores} cores: one at a time {serial:.2f} s, "
        f"threads {threads:.2f} s ({serial / threads:.2f}×), processes {processes:.2f} s "
        f"({serial / processes:.2f}×)"
    )


def main() -> None:
    _stretching_compared()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        source = folder / "profile.json"
        source.write_text(json.dumps(_profile(OTHERS)), "utf-8")
        with Workspace.open(folder / "data") as ws:
            start = time.perf_counter()
            profiles.import_profile(ws, profiles.read_import(source), replace_all=True, today=TODAY)
            took = time.perf_counter() - start
            verdict = "ok" if took <= TARGET_S else "MISSED"
            print(
                f"import of a profile with {OTHERS} other passwords: {took:.1f} s "
                f"(target ≤ 20 s: {verdict})"
            )

            counts: list[tuple[int, int]] = []
            start = time.perf_counter()
            result = password_export.analyse_export(
                ws,
                _export(folder / "export.csv"),
                today=TODAY,
                progress=lambda d, t: counts.append((d, t)),
            )
            took = time.perf_counter() - start
            verdict = "ok" if took <= TARGET_S else "MISSED"
            ali = next(a for a in result.accounts if a.account_id == "ali")
            print(
                f"analysis of a {result.entries:,}-entry export "
                f"({result.distinct_passwords:,} different passwords, {len(counts)} progress "
                f"reports): {took:.1f} s (target ≤ 20 s: {verdict}); "
                f"reuse found for ali: {', '.join(ali.reused_on)}"
            )


if __name__ == "__main__":
    main()
