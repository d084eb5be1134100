"""Exit statuses that mean what they say: an unexpected error is status 4 with a log, a closed
pipe ends quietly, and status 1 stays the `--fail-on` threshold's."""

from __future__ import annotations

import datetime as dt
import json
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from accountwatch.core.demo import demo_profile
from accountwatch.services import history
from accountwatch.services.workspace import Workspace

posix_only = pytest.mark.skipif(os.name != "posix", reason="POSIX permissions and pipes")

# Runs the command line with one use case replaced by a function that fails unexpectedly.
_FAILING = """
import sys
from accountwatch import cli
from accountwatch.services import checks

def fail(*args, **kwargs):
    raise RuntimeError("something nobody expected")

checks.run_check = fail
cli.cmd_demo_profile = fail
sys.exit(cli.main(sys.argv[1:]))
"""


def _env(tmp_path: Path) -> dict[str, str]:
    # The fallback log folder (platformdirs' user log folder) lies under XDG_STATE_HOME.
    return {**os.environ, "XDG_STATE_HOME": str(tmp_path / "state"), "ACCOUNTWATCH_LANG": "en"}


def _accountwatch(
    tmp_path: Path, *args: str, code: str | None = None
) -> subprocess.CompletedProcess[str]:
    command = (
        [sys.executable, "-c", code, *args]
        if code
        else [sys.executable, "-m", "accountwatch", *args]
    )
    return subprocess.run(command, capture_output=True, text=True, env=_env(tmp_path), timeout=120)


@pytest.fixture
def imported(tmp_path: Path) -> Path:
    source = tmp_path / "demo.json"
    source.write_text(json.dumps(demo_profile(dt.date(2026, 11, 29))), "utf-8")
    data = tmp_path / "data"
    result = _accountwatch(tmp_path, "import", str(source), "--data-dir", str(data))
    assert result.returncode == 0, result.stderr
    return data


def _one_line_naming_a_log(stderr: str) -> Path:
    lines = stderr.strip().splitlines()
    assert len(lines) == 1, stderr
    assert "Traceback" not in stderr
    named = [Path(word.rstrip(".")) for word in lines[0].split() if ".log" in word]
    assert len(named) == 1, lines[0]
    return named[0]


@posix_only
def test_an_unexpected_error_exits_4_with_its_traceback_in_a_private_log(
    tmp_path: Path, imported: Path
) -> None:
    result = _accountwatch(tmp_path, "check", "--data-dir", str(imported), code=_FAILING)
    assert result.returncode == 4, result.stderr
    log = _one_line_naming_a_log(result.stderr)
    assert log.parent == imported / "logs"
    text = log.read_text("utf-8")
    assert "Traceback" in text and "RuntimeError: something nobody expected" in text
    assert stat.S_IMODE(log.parent.stat().st_mode) == 0o700
    assert stat.S_IMODE(log.stat().st_mode) == 0o600


@posix_only
def test_without_a_usable_data_folder_the_log_goes_elsewhere_and_says_where(
    tmp_path: Path,
) -> None:
    missing = tmp_path / "no-such-folder"
    result = _accountwatch(tmp_path, "demo-profile", "--data-dir", str(missing), code=_FAILING)
    assert result.returncode == 4, result.stderr
    log = _one_line_naming_a_log(result.stderr)
    assert log.is_relative_to(tmp_path / "state")
    assert "RuntimeError: something nobody expected" in log.read_text("utf-8")
    assert stat.S_IMODE(log.stat().st_mode) == 0o600
    assert not missing.exists()  # a log is no reason to create a data folder


def _into_a_closed_pipe(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """Run with standard output a pipe nobody reads any more (as `| head -1` leaves it)."""
    read_end, write_end = os.pipe()
    os.close(read_end)
    try:
        return subprocess.run(
            [sys.executable, "-m", "accountwatch", *args],
            stdout=write_end,
            stderr=subprocess.PIPE,
            text=True,
            env=_env(tmp_path),
            timeout=120,
        )
    finally:
        os.close(write_end)


@posix_only
@pytest.mark.parametrize(
    "args",
    [
        ("demo-profile", "--at", "2026-11-29"),
        ("check", "--at", "2026-11-29", "--no-record"),
        ("check", "--json", "--at", "2026-11-29", "--no-record"),
        ("export", "-"),
        ("calendar", "-"),
    ],
)
def test_a_closed_pipe_ends_quietly_with_status_0(
    tmp_path: Path, imported: Path, args: tuple[str, ...]
) -> None:
    result = _into_a_closed_pipe(tmp_path, *args, "--data-dir", str(imported))
    assert (result.returncode, result.stderr) == (0, "")


def test_a_check_ends_its_process_with_all_its_output_its_status_and_its_run_recorded(
    tmp_path: Path, imported: Path
) -> None:
    # `check` ends its process at once after writing (cli._end_process): what it wrote, the
    # status and the recorded run must all be there, and the same as when it returns.
    args = ("check", "--json", "--at", "2026-11-29", "--fail-on", "low", "--data-dir")
    ended = _accountwatch(tmp_path, *args, str(imported))
    returned = _accountwatch(tmp_path, *args, str(imported), code=_RETURNING)
    assert (ended.returncode, ended.stderr) == (1, "")
    assert (returned.returncode, returned.stderr) == (1, "")
    assert ended.stdout.endswith("}\n")
    assert ended.stdout == returned.stdout
    assert json.loads(ended.stdout)["accounts"]
    with Workspace.open_existing(imported) as ws:
        assert [run.evaluated_on for run in history.runs(ws)] == [dt.date(2026, 11, 29)] * 2


# The command line as a function called in a process that goes on after it.
_RETURNING = """
import sys
from accountwatch import cli

sys.exit(cli.main(sys.argv[1:]))
"""
