"""A full disk, for real: a small tmpfs filled to several levels. A command that writes succeeds
or fails with status 3 and "the disk … is full", the database unchanged, nothing half-written
left; reading commands still read (issue 16)."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import shutil
from pathlib import Path

import pytest

from accountwatch.core.demo import demo_profile
from fault_tools import fill, in_process, needs_root, small_disk

DB = "accountwatch.sqlite3"
# Free space left before the second import: none, about one backup, enough.
LEVELS = (0, 250_000, 1_000_000)

pytestmark = needs_root


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _leftovers(data: Path) -> list[str]:
    return [p.name for p in data.rglob("*") if ".partial" in p.name or p.name.startswith(".")]


def test_a_full_disk_fails_writes_with_status_3_and_changes_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    accountwatch = in_process(capsys)
    small = demo_profile(dt.date(2026, 11, 29))
    for account in small["accounts"]:  # stretching passwords (scrypt) would only slow it down
        account.pop("password", None)
    big = json.loads(json.dumps(small))
    big["payments"] += [
        dict(big["payments"][0], id=f"extra-{i}", description="x" * 200) for i in range(300)
    ]
    (tmp_path / "small.json").write_text(json.dumps(small), "utf-8")
    (tmp_path / "big.json").write_text(json.dumps(big), "utf-8")
    outcomes = []
    with small_disk(tmp_path / "disk", "3m") as disk:
        for level in LEVELS:
            data = disk / f"data-{level}"
            first = accountwatch("import", str(tmp_path / "small.json"), "--data-dir", str(data))
            assert first.returncode == 0, first.stderr
            before = _digest(data / DB)
            filler = fill(disk, leave_bytes=level)
            try:
                result = accountwatch("import", str(tmp_path / "big.json"), "--data-dir", str(data))
                assert result.returncode in (0, 3), result.stderr
                assert "Traceback" not in result.stderr
                if result.returncode == 3:
                    assert "is full: nothing was changed" in result.stderr
                    assert _digest(data / DB) == before
                    assert _leftovers(data) == []
                    recorded = accountwatch("check", "--data-dir", str(data))
                    assert recorded.returncode in (0, 3), recorded.stderr
                    assert _digest(data / DB) == before or recorded.returncode == 0
                reading = accountwatch("export", "-", "--data-dir", str(data))
                assert reading.returncode == 0, reading.stderr
                outcomes.append(result.returncode)
            finally:
                filler.unlink()
                shutil.rmtree(data)
    # The levels are chosen so that both outcomes are seen: a failure, and a success.
    assert 3 in outcomes and 0 in outcomes, outcomes
