"""Benchmark: `check --json` on large profiles, as a ratio to merely parsing the same JSON.

Generates 1,000 accounts (50 with passwords), 2,000 cards, 20,000 payments and 50,000 listings,
then three times as much, imports each into a fresh data folder and times, in the same run:
  - a process that only parses the profile JSON (the baseline), taking turns with the check,
  - `accountwatch import` of the file (target: under 20 s for 1,000 accounts),
  - `accountwatch check --json` (target: at most 5 × the baseline at both sizes).
Passwords are analysed at import, never at check time, so `check` does no scrypt or zxcvbn.
Beside the times, the processor time of both processes (user and system, from the children's
resource usage) and its ratio: on a busy machine it varies far less than the time on the clock.
The command is the `accountwatch` that pip installed beside this Python, as the README runs it
(`python -m accountwatch` where there is none: runpy's few milliseconds more).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

AT = dt.date(2026, 11, 29)
ACCOUNTS, WITH_PASSWORDS, CARDS, PAYMENTS, LISTINGS = 1_000, 50, 2_000, 20_000, 50_000
REPEATS = 5


def accountwatch_command() -> list[str]:
    """The `accountwatch` command installed beside this Python, else `python -m accountwatch`."""
    name = "accountwatch.exe" if os.name == "nt" else "accountwatch"
    script = Path(sys.executable).with_name(name)
    return [str(script)] if script.is_file() else [sys.executable, "-m", "accountwatch"]


PLATFORMS = ["alibaba.com", "1688", "aliexpress", "other"]
WORDS = [
    "ceramic",
    "mug",
    "bamboo",
    "tray",
    "cotton",
    "towel",
    "steel",
    "bottle",
    "linen",
    "bag",
    "paper",
    "lamp",
    "glass",
    "vase",
]


def make_profile(rng: random.Random, scale: int = 1) -> dict[str, Any]:
    """The benchmark profile; `scale` times as many accounts, cards, payments and listings."""
    accounts_n, cards_n, payments_n = ACCOUNTS * scale, CARDS * scale, PAYMENTS * scale

    def day(offset: int) -> str:
        return (AT + dt.timedelta(days=offset)).isoformat()

    cards = [
        {
            "id": f"card-{i}",
            "label": f"Card {i}",
            "brand": rng.choice(["visa", "mastercard", "jcb", "amex"]),
            "last4": f"{rng.randrange(10_000):04d}",
            "expires": f"{rng.randint(2025, 2031)}-{rng.randint(1, 12):02d}",
        }
        for i in range(cards_n)
    ]
    accounts = []
    for i in range(accounts_n):
        account: dict[str, Any] = {
            "id": f"acct-{i}",
            "platform": PLATFORMS[i % len(PLATFORMS)],
            "label": f"Account {i}",
            "login_id": f"user{i}",
            "email": f"user{i}@example.com",
            "role": rng.choice(["buyer", "seller", "both"]),
            "two_factor": {
                "method": rng.choice(["none", "sms", "totp"]),
                "backup_codes_saved": True,
            },
            "shared_with": rng.randint(0, 2),
            "logins_reviewed_on": day(-rng.randint(0, 90)),
            "terms_reviewed_on": day(-rng.randint(0, 200)),
            "payment_methods": [{"type": "card", "card": f"card-{(2 * i) % cards_n}"}],
            "orders_90d": rng.randint(0, 300),
            "cancellations_90d": 0,
            "messages_per_day": rng.randint(0, 300),
            "listings": [
                {
                    "title": " ".join(rng.choices(WORDS, k=4)) + (" replica" if j == 0 else ""),
                    "description": " ".join(rng.choices(WORDS, k=10)),
                }
                for j in range(LISTINGS // ACCOUNTS)
            ],
            "penalties": [{"date": day(-rng.randint(0, 400)), "points": rng.randint(1, 6)}],
        }
        if i < WITH_PASSWORDS:
            account["password"] = f"shop-pass-{i % 10}"
        accounts.append(account)
    payments = [
        {
            "id": f"pay-{i}",
            "account": f"acct-{i % accounts_n}",
            "description": f"Fee {i}",
            "amount": f"{rng.randint(1, 5000)}.00",
            "currency": rng.choice(["USD", "JPY", "CNY"]),
            "due": day(rng.randint(-40, 120)),
            "repeat": rng.choice([None, "FREQ=MONTHLY", "FREQ=YEARLY"]),
            "card": f"card-{i % cards_n}",
        }
        for i in range(payments_n)
    ]
    for payment in payments:
        if payment["repeat"] is None:
            del payment["repeat"]
    return {
        "format": "accountwatch.profile",
        "version": 1,
        "company": {"name": "Bench Trading", "verified_on": day(-30)},
        "accounts": accounts,
        "cards": cards,
        "payments": payments,
    }


# As installed: with compiled bytecode (pip writes it; a shell may forbid it for checkouts).
ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def timed(cmd: list[str]) -> float:
    return run_timed(cmd)[0]


def run_timed(cmd: list[str]) -> tuple[float, float]:
    """(seconds on the clock, seconds of processor time) of running `cmd` to its end."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=ENV)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def medians(*cmds: list[str]) -> list[tuple[float, float]]:
    """Per command, the median clock and the median processor time of REPEATS runs. The
    commands take turns, one run each per round, so that a spell of load on the machine slows
    the baseline as much as the check."""
    runs: list[list[tuple[float, float]]] = [[] for _ in cmds]
    for _round in range(REPEATS):
        for cmd, seen in zip(cmds, runs, strict=True):
            seen.append(run_timed(cmd))
    return [
        (statistics.median(w for w, _ in seen), statistics.median(c for _, c in seen))
        for seen in runs
    ]


def in_parts(profile: dict[str, Any], parts: int) -> list[dict[str, Any]]:
    """The profile as `parts` files, imported one after the other (merged by id): one file of
    3,000 accounts is over the 20 MB a profile file may have. Each has the cards (a file's
    references must resolve within it), its share of the accounts and their payments; the first
    also has the company."""
    accounts = profile["accounts"]
    size = -(-len(accounts) // parts)
    files = []
    for part in range(parts):
        mine = accounts[part * size : (part + 1) * size]
        ids = {account["id"] for account in mine}
        doc: dict[str, Any] = {"format": profile["format"], "version": profile["version"]}
        if part == 0:
            doc["company"] = profile["company"]
        doc["cards"] = profile["cards"]
        doc["accounts"] = mine
        doc["payments"] = [p for p in profile["payments"] if p["account"] in ids]
        files.append(doc)
    return files


def measure(scale: int) -> tuple[float, tuple[float, float], tuple[float, float]]:
    """Import, then the parse-only baseline and check --json (each clock and processor
    seconds), on `scale` × the profile."""
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        profile = make_profile(random.Random(7), scale)
        source = folder / "profile.json"
        source.write_text(json.dumps(profile), "utf-8")
        parts = []
        for i, part in enumerate(in_parts(profile, scale)):
            parts.append(folder / f"part-{i}.json")
            parts[-1].write_text(json.dumps(part), "utf-8")
        del profile
        data = folder / "data"
        cli = accountwatch_command()
        parse_only = [sys.executable, "-c", f"import json; json.load(open({str(source)!r}, 'rb'))"]
        check = [
            *cli,
            "check",
            "--json",
            "--no-record",
            "--at",
            AT.isoformat(),
            "--data-dir",
            str(data),
        ]
        import_s = sum(timed([*cli, "import", str(p), "--data-dir", str(data)]) for p in parts)
        timed(check)  # warm-up: writes the bytecode an installed package would have
        baseline, check_s = medians(parse_only, check)
    return import_s, baseline, check_s


def main() -> None:
    verdict = {True: "ok", False: "MISSED"}
    for scale in (1, 3):
        import_s, (baseline, baseline_cpu), (check_s, check_cpu) = measure(scale)
        ratio = check_s / baseline
        print(
            f"profile: {ACCOUNTS * scale} accounts, {CARDS * scale} cards,"
            f" {PAYMENTS * scale} payments, {LISTINGS * scale} listings"
        )
        print(
            f"  parse-only baseline: {baseline:.2f} s (median of {REPEATS}),"
            f" processor {baseline_cpu:.2f} s"
        )
        target = f"   target < 20 s   {verdict[import_s < 20]}" if scale == 1 else ""
        print(f"  import:              {import_s:.2f} s{target}")
        print(
            f"  check --json:        {check_s:.2f} s = {ratio:.1f} × baseline   target ≤ 5 ×   "
            f"{verdict[ratio <= 5]}"
        )
        print(
            f"                       processor {check_cpu:.2f} s ="
            f" {check_cpu / baseline_cpu:.1f} × the baseline's"
        )


if __name__ == "__main__":
    main()
