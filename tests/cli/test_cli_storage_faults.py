"""Storage faults end in status 3 and a sentence saying what to do, never a traceback; restore
puts the newest good backup back; reading commands work on a read-only data folder."""

from __future__ import annotations

import datetime as dt
import json
import os
import stat
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from accountwatch.core.demo import demo_profile
from fault_tools import Ran, damage_a_page, in_process, read_only

DB = "accountwatch.sqlite3"
posix_only = pytest.mark.skipif(os.name != "posix", reason="POSIX permissions")


@pytest.fixture
def accountwatch(capsys: pytest.CaptureFixture[str]) -> Callable[..., Ran]:
    return in_process(capsys)


@pytest.fixture
def profile_file(tmp_path: Path) -> Path:
    """The demo profile without passwords: stretching them (scrypt) only slows these tests."""
    document = demo_profile(dt.date(2026, 11, 29))
    for account in document["accounts"]:
        account.pop("password", None)
    source = tmp_path / "demo.json"
    source.write_text(json.dumps(document), "utf-8")
    return source


@pytest.fixture
def imported(tmp_path: Path, profile_file: Path, accountwatch: Callable[..., Ran]) -> Path:
    """A data folder after two imports: its newest backup holds the demo profile."""
    data = tmp_path / "data"
    for _round in range(2):
        result = accountwatch("import", str(profile_file), "--data-dir", str(data))
        assert result.returncode == 0, result.stderr
    return data


def _no_traceback(result: Ran) -> None:
    assert "Traceback" not in result.stderr
    assert result.folder is not None
    assert not (result.folder / "logs").exists()  # nothing unexpected was logged


def test_a_damaged_database_is_status_3_and_restore_brings_the_backup_back(
    imported: Path, profile_file: Path, accountwatch: Callable[..., Ran]
) -> None:
    damage_a_page(imported / DB)
    damaged = (imported / DB).read_bytes()
    for args in (("export", "-"), ("check",), ("import", str(profile_file))):
        result = accountwatch(*args, "--data-dir", str(imported))
        assert result.returncode == 3, (args, result.stderr)
        assert "is damaged" in result.stderr and "accountwatch restore" in result.stderr
        _no_traceback(result)
        assert (imported / DB).read_bytes() == damaged

    restored = accountwatch("restore", "--data-dir", str(imported))
    assert restored.returncode == 0, restored.stderr
    assert "Restored" in restored.stdout and "kept as" in restored.stdout
    [aside] = imported.glob("accountwatch-damaged-*.sqlite3")
    assert aside.read_bytes() == damaged
    exported = accountwatch("export", "-", "--data-dir", str(imported))
    assert exported.returncode == 0, exported.stderr
    assert len(json.loads(exported.stdout)["accounts"]) == 3


def test_restore_on_a_sound_database_needs_a_named_backup(
    imported: Path, accountwatch: Callable[..., Ran]
) -> None:
    result = accountwatch("restore", "--data-dir", str(imported))
    assert result.returncode == 2
    assert "is sound" in result.stderr
    listed = accountwatch("restore", "--list", "--data-dir", str(imported))
    assert listed.returncode == 0
    names = [line.split()[0] for line in listed.stdout.splitlines()]
    assert len(names) == 2 and all("good" in line for line in listed.stdout.splitlines())
    named = accountwatch("restore", names[-1], "--data-dir", str(imported))
    assert named.returncode == 0, named.stderr
    assert list(imported.glob("accountwatch-replaced-*.sqlite3"))


def test_an_empty_database_file_is_reported_not_used_as_a_new_profile(
    tmp_path: Path, profile_file: Path, accountwatch: Callable[..., Ran]
) -> None:
    data = tmp_path / "data"
    data.mkdir()
    (data / DB).touch()
    for args in (("check",), ("import", str(profile_file))):
        result = accountwatch(*args, "--data-dir", str(data))
        assert result.returncode == 3, result.stdout + result.stderr
        assert "empty" in result.stderr
        assert (data / DB).stat().st_size == 0


def test_a_damaged_key_file_is_reported_with_status_3(
    imported: Path, profile_file: Path, accountwatch: Callable[..., Ran]
) -> None:
    (imported / "fingerprint.key").write_text("garbage\n")
    with_passwords = profile_file.with_name("with-passwords.json")
    with_passwords.write_text(json.dumps(demo_profile(dt.date(2026, 11, 29))), "utf-8")
    result = accountwatch("import", str(with_passwords), "--data-dir", str(imported))
    assert result.returncode == 3, result.stderr
    assert "fingerprint.key" in result.stderr and "Move it away" in result.stderr
    _no_traceback(result)


@posix_only
def test_reading_commands_work_on_a_read_only_data_folder(
    imported: Path, accountwatch: Callable[..., Ran]
) -> None:
    with read_only(imported):
        exported = accountwatch("export", "-", "--data-dir", str(imported))
        assert exported.returncode == 0, exported.stderr
        assert len(json.loads(exported.stdout)["accounts"]) == 3
        checked = accountwatch("check", "--no-record", "--json", "--data-dir", str(imported))
        assert checked.returncode == 0, checked.stderr
        assert json.loads(checked.stdout)["accounts"]
        # A command that writes says the folder cannot be written: status 3, no traceback.
        recorded = accountwatch("check", "--data-dir", str(imported))
        assert recorded.returncode == 3, recorded.stderr
        assert "Traceback" not in recorded.stderr


@posix_only
@pytest.mark.parametrize("name", ["report.html", "calendar.ics", "export.json"])
def test_reports_calendars_and_exports_are_0600_under_any_umask(
    imported: Path, tmp_path: Path, name: str
) -> None:
    target = tmp_path / name
    command = {"report.html": "report", "calendar.ics": "calendar", "export.json": "export"}
    args = [command[name], str(target), "--data-dir", str(imported)]
    result = subprocess.run(
        [sys.executable, "-m", "accountwatch", *args],
        capture_output=True,
        text=True,
        env={**os.environ, "ACCOUNTWATCH_LANG": "en"},
        umask=0,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
