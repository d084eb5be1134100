"""Storage faults end in status 3 and a sentence saying what to do, never a traceback; restore
puts the newest good backup back; reading commands work on a read-only data folder."""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import stat
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from accountwatch.core.demo import demo_profile
from fault_tools import Ran, as_user, damage_a_page, in_process, needs_permissions, read_only

DB = "accountwatch.sqlite3"
LOCK = "accountwatch.lock"
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


def _files(folder: Path) -> dict[str, tuple[int, bytes]]:
    """Every file and folder under `folder` with its mode and content: what must not change."""
    found = {".": (stat.S_IMODE(folder.stat().st_mode), b"")}
    for path in sorted(folder.rglob("*")):
        content = path.read_bytes() if path.is_file() else b""
        found[str(path.relative_to(folder))] = (stat.S_IMODE(path.stat().st_mode), content)
    return found


@needs_permissions
def test_a_folder_made_read_only_is_refused_for_writing_and_left_as_it_was(
    imported: Path, profile_file: Path
) -> None:
    imported.chmod(0o500)
    try:
        before = _files(imported)
        for args in (("check",), ("import", str(profile_file)), ("reminders", "--due")):
            result = as_user(*args, "--data-dir", str(imported))
            assert result.returncode == 3, (args, result.stderr)
            assert f"The data folder {imported} is read-only" in result.stderr
        for args in (("check", "--no-record"), ("export", "-"), ("reminders",)):
            result = as_user(*args, "--data-dir", str(imported))
            assert result.returncode == 0, (args, result.stderr)
        assert _files(imported) == before  # still 0500, no run recorded, no -wal or -shm
    finally:
        imported.chmod(0o700)


@needs_permissions
def test_a_database_made_read_only_is_refused_for_writing_and_left_as_it_was(
    imported: Path,
) -> None:
    (imported / DB).chmod(0o400)
    before = _files(imported)
    recorded = as_user("check", "--data-dir", str(imported))
    assert recorded.returncode == 3, recorded.stderr
    assert f"The database {DB} in the data folder {imported} is read-only" in recorded.stderr
    read = as_user("check", "--no-record", "--data-dir", str(imported))
    assert read.returncode == 0, read.stderr
    assert _files(imported) == before


@needs_permissions
def test_an_unreadable_data_folder_or_database_is_status_3_naming_it(
    imported: Path, profile_file: Path
) -> None:
    (imported / DB).chmod(0)
    result = as_user("check", "--no-record", "--data-dir", str(imported))
    assert result.returncode == 3, result.stderr
    assert f"{DB} in the data folder {imported} cannot be used: permission denied" in (
        result.stderr
    )
    (imported / DB).chmod(0o600)
    imported.chmod(0)
    try:
        for args in (
            ("check", "--no-record", "--lang", "en"),
            ("import", str(profile_file)),
            ("restore",),
        ):
            result = as_user(*args, "--data-dir", str(imported))
            assert result.returncode == 3, (args, result.stderr)
            assert f"The data folder {imported} cannot be used: permission denied" in (
                result.stderr
            )
            assert "unexpected" not in result.stderr
    finally:
        imported.chmod(0o700)


def test_a_folder_in_the_database_s_place_is_status_3_naming_it(
    imported: Path, profile_file: Path, accountwatch: Callable[..., Ran]
) -> None:
    (imported / DB).unlink()
    (imported / DB).mkdir()
    for args in (("check", "--no-record"), ("import", str(profile_file)), ("restore",)):
        result = accountwatch(*args, "--data-dir", str(imported))
        assert result.returncode == 3, (args, result.stderr)
        assert f"{DB} in the data folder {imported} cannot be used: it is a folder" in (
            result.stderr
        )
        _no_traceback(result)


def test_a_database_with_its_header_overwritten_points_to_restore(
    imported: Path, accountwatch: Callable[..., Ran]
) -> None:
    with (imported / DB).open("r+b") as handle:
        handle.write(b"overwritten by something")
    result = accountwatch("check", "--data-dir", str(imported))
    assert result.returncode == 3, result.stderr
    assert "not a SQLite file" in result.stderr
    assert f"run: accountwatch restore --data-dir {imported}" in result.stderr
    restored = accountwatch("restore", "--data-dir", str(imported))
    assert restored.returncode == 0, restored.stderr


@pytest.mark.skipif(os.name != "posix", reason="symbolic links")
def test_a_linked_lock_or_database_is_named_and_restore_refuses_it_as_check_does(
    imported: Path, tmp_path: Path, profile_file: Path, accountwatch: Callable[..., Ran]
) -> None:
    victim = tmp_path / "victim.txt"
    victim.write_text("precious\n")
    (imported / "accountwatch.lock").unlink()
    (imported / "accountwatch.lock").symlink_to(victim)
    result = accountwatch("import", str(profile_file), "--data-dir", str(imported))
    assert result.returncode == 3, result.stderr
    assert f"accountwatch.lock in the data folder {imported} is a symbolic link" in (result.stderr)
    (imported / "accountwatch.lock").unlink()
    real = tmp_path / "real.sqlite3"
    (imported / DB).replace(real)
    (imported / DB).symlink_to(real)
    content = real.read_bytes()
    for args in (("check",), ("restore",)):
        result = accountwatch(*args, "--data-dir", str(imported))
        assert result.returncode == 3, (args, result.stderr)
        assert f"{DB} in the data folder {imported} is a symbolic link" in result.stderr
    assert real.read_bytes() == content and victim.read_text() == "precious\n"
    assert (imported / DB).is_symlink()


def test_a_backup_that_cannot_be_restored_or_no_data_folder_is_a_bad_argument(
    imported: Path, tmp_path: Path, accountwatch: Callable[..., Ran]
) -> None:
    text = tmp_path / "notes.txt"
    text.write_text("not a database\n")
    database = (imported / DB).read_bytes()
    for backup in ("nope.sqlite3", str(text)):
        result = accountwatch("restore", backup, "--data-dir", str(imported))
        assert result.returncode == 2, (backup, result.stderr)
        assert "cannot be restored" in result.stderr
    assert (imported / DB).read_bytes() == database
    missing = tmp_path / "none"
    for args in (("restore",), ("restore", "--list")):
        result = accountwatch(*args, "--data-dir", str(missing))
        assert result.returncode == 2, (args, result.stderr)
        assert f"There is no data folder {missing}" in result.stderr
    assert not missing.exists()


def test_listing_backups_or_refusing_a_restore_leaves_no_files_beside_them(
    imported: Path, accountwatch: Callable[..., Ran]
) -> None:
    backups = sorted(p.name for p in (imported / "backups").iterdir())
    listed = accountwatch("restore", "--list", "--data-dir", str(imported))
    assert listed.returncode == 0, listed.stderr
    assert sorted(p.name for p in (imported / "backups").iterdir()) == backups
    shutil.rmtree(imported / "backups")
    with (imported / DB).open("r+b") as handle:
        handle.truncate(3000)
    before = _files(imported)
    refused = accountwatch("restore", "--data-dir", str(imported))
    assert refused.returncode == 3, refused.stderr
    assert "There is no good backup" in refused.stderr
    assert _files(imported) == before  # no -wal or -shm beside the damaged database


# Made read-only with chmod and nothing else: root, who could write it anyway, is refused too.
_READ_ONLY = {
    "folder": (".", 0o500, "The data folder {folder} is read-only"),
    "database": (DB, 0o400, "The database " + DB + " in the data folder {folder} is read-only"),
    "lock": (LOCK, 0o400, LOCK + " in the data folder {folder} is read-only"),
}


@posix_only
@pytest.mark.parametrize("what", sorted(_READ_ONLY))
def test_what_chmod_made_read_only_is_refused_for_writing_whoever_runs_it(
    imported: Path, profile_file: Path, accountwatch: Callable[..., Ran], what: str
) -> None:
    name, mode, message = _READ_ONLY[what]
    backup = min(p.name for p in (imported / "backups").iterdir())
    (imported / name).chmod(mode)
    try:
        before = _files(imported)
        for args in (
            ("check",),
            ("import", str(profile_file)),
            ("reminders", "--due"),
            ("restore", backup),
        ):
            result = accountwatch(*args, "--data-dir", str(imported))
            assert result.returncode == 3, (args, result.stderr)
            assert message.format(folder=imported) in result.stderr, result.stderr
        for args in (("check", "--no-record"), ("export", "-")):
            result = accountwatch(*args, "--data-dir", str(imported))
            assert result.returncode == 0, (args, result.stderr)
        assert _files(imported) == before  # no run, no backup, no -wal, no log: as it was
    finally:
        (imported / name).chmod(0o700 if name == "." else 0o600)


def _copied_with_read_only_backups(imported: Path, tmp_path: Path) -> Path:
    """A copy of the data folder (which an import would make an install of its own, changing
    its database, were it allowed to go on) whose backups folder is read-only."""
    copy = tmp_path / "copy"
    shutil.copytree(imported, copy, symlinks=True)
    (copy / "backups").chmod(0o500)
    return copy


@posix_only
def test_a_read_only_backups_folder_refuses_an_import_before_anything_changes(
    imported: Path, tmp_path: Path, profile_file: Path, accountwatch: Callable[..., Ran]
) -> None:
    copy = _copied_with_read_only_backups(imported, tmp_path)
    try:
        before = _files(copy)
        result = accountwatch("import", str(profile_file), "--data-dir", str(copy))
        assert result.returncode == 3, result.stderr
        assert f"The backups folder {copy / 'backups'} is read-only" in result.stderr
        _no_traceback(result)
        assert _files(copy) == before  # the database's install id and location too
        # A command that takes no backup still writes: check records its run.
        recorded = accountwatch("check", "--data-dir", str(copy))
        assert recorded.returncode == 0, recorded.stderr
    finally:
        (copy / "backups").chmod(0o700)


@needs_permissions
def test_a_read_only_backups_folder_refuses_an_import_for_a_user_too(
    imported: Path, tmp_path: Path, profile_file: Path
) -> None:
    copy = _copied_with_read_only_backups(imported, tmp_path)
    try:
        before = _files(copy)
        result = as_user("import", str(profile_file), "--data-dir", str(copy))
        assert result.returncode == 3, result.stderr
        assert f"The backups folder {copy / 'backups'} is read-only" in result.stderr
        assert "unexpected" not in result.stderr
        assert _files(copy) == before
    finally:
        (copy / "backups").chmod(0o700)
