"""`kill -9` in the middle of an import: the profile is the old one or the new one, whole, and
no lock is left behind (issue 16)."""

from __future__ import annotations

import datetime as dt
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from accountwatch.core.demo import demo_profile
from accountwatch.services import profiles
from accountwatch.services.storage import damage
from accountwatch.services.workspace import Workspace
from cli_process import accountwatch

pytestmark = pytest.mark.skipif(os.name != "posix", reason="SIGKILL")

# Kill points spread over the import (start-up, validation, stretching passwords, writing):
# fixed, so the test never depends on luck to pass; where each lands is printed with -s.
KILL_AFTER = (0.35, 0.6, 0.85, 1.1)


def _profiles(tmp_path: Path) -> dict[int, Path]:
    """Two profiles told apart by their number of payments."""
    small = demo_profile(dt.date(2026, 11, 29))
    big = json.loads(json.dumps(small))
    first = big["payments"][0]
    big["payments"] += [dict(first, id=f"extra-{i}", description="x" * 80) for i in range(400)]
    files = {}
    for name, document in (("small", small), ("big", big)):
        files[len(document["payments"])] = tmp_path / f"{name}.json"
        files[len(document["payments"])].write_text(json.dumps(document), "utf-8")
    return files


def _payments(data: Path) -> int:
    with Workspace.open_existing(data) as ws:
        return len(json.loads(profiles.export_profile(ws, include_secrets=False))["payments"])


def test_a_killed_import_loses_nothing_and_leaves_no_lock(tmp_path: Path) -> None:
    files = _profiles(tmp_path)
    small, big = sorted(files)
    data = tmp_path / "data"
    assert accountwatch("import", str(files[small]), "--data-dir", str(data)).returncode == 0
    outcomes = []
    for delay in KILL_AFTER:
        before = _payments(data)
        target = big if before == small else small
        env = {**os.environ, "ACCOUNTWATCH_LANG": "en"}
        args = ["import", str(files[target]), "--replace", "--data-dir", str(data)]
        process = subprocess.Popen(
            [sys.executable, "-m", "accountwatch", *args], env=env, stdout=subprocess.DEVNULL
        )
        time.sleep(delay)
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=60)

        assert damage(data) == []
        # The lock went with the process: it is taken again at once.
        with Workspace.open_existing(data) as ws, ws.writing():
            pass
        after = _payments(data)
        assert after in (before, target)  # the old profile or the new one, never a mix
        outcomes.append("done" if after == target else "not done")
    print(f"imports killed after {KILL_AFTER} s: {outcomes}")
