"""Benchmark: saving one edited account and re-assessing, on 1,000 accounts, as a ratio to one
SQLite UPDATE of that account's row and its commit, measured in the same run.

The profile is check_scale's (1,000 accounts, 2,000 cards, 20,000 payments, 50,000 listings).
The edit goes the way the app's account editor sends it (`editing.put_item`), followed by the
check the app runs after every change (`checks.run_check` given the result before it).
Target: at most 20 × the bare UPDATE + commit.
"""

from __future__ import annotations

import datetime as dt
import json
import random
import sqlite3
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from accountwatch.core.profile_io import parse_profile, profile_to_dict
from accountwatch.services import checks, editing, profiles
from accountwatch.services.workspace import Workspace
from accountwatch.store.db import DB_FILENAME
from check_scale import ACCOUNTS, AT, make_profile

NOW = dt.datetime.combine(AT, dt.time(10, 0)).astimezone()
REPEATS = 15
TARGET = 20


def median_of(step: Callable[[int], object]) -> float:
    times = []
    for i in range(REPEATS):
        start = time.perf_counter()
        step(i)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp) / "data"
        doc = make_profile(random.Random(7))
        with Workspace.open(data) as ws:
            parsed = parse_profile(json.dumps(doc).encode())
            profiles.import_profile(ws, parsed, replace_all=True, today=AT)
            result = checks.run_check(ws, AT, record=False, now=NOW)
            target = result.profile.accounts[ACCOUNTS // 2]
            item = profile_to_dict(result.profile)["accounts"][ACCOUNTS // 2]

            def edit(i: int) -> None:
                nonlocal result
                changed = {**item, "label": f"Edited {i}"}
                editing.put_item(ws, "accounts", changed, replacing=target.id)
                result = checks.run_check(ws, AT, record=False, now=NOW, since=result)

            edit_s = median_of(edit)

        conn = sqlite3.connect(data / DB_FILENAME, isolation_level=None)
        try:

            def update(i: int) -> None:
                conn.execute("BEGIN IMMEDIATE")
                conn.execute("UPDATE accounts SET label = ? WHERE id = ?", (f"Bare {i}", target.id))
                conn.execute("COMMIT")

            baseline = median_of(update)
        finally:
            conn.close()

    ratio = edit_s / baseline
    verdict = "ok" if ratio <= TARGET else "MISSED"
    print(f"profile: {ACCOUNTS} accounts (check_scale's)")
    print(f"one UPDATE + commit:        {baseline * 1000:.2f} ms (median of {REPEATS})")
    print(
        f"edit one account + check:  {edit_s * 1000:.1f} ms = {ratio:.1f} × baseline   "
        f"target ≤ {TARGET} ×   {verdict}"
    )


if __name__ == "__main__":
    main()
