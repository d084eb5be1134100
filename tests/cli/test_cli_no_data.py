"""Reading commands on a data folder that does not exist or holds no database say so, exit 2
and create nothing; import still starts a new folder."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from accountwatch.core.demo import demo_profile
from cli_process import accountwatch

READING = [
    ("check",),
    ("check", "--no-record", "--json"),
    ("reminders",),
    ("calendar", "-"),
    ("report", "OUT.html"),
    ("export", "-"),
]


@pytest.mark.parametrize("args", READING)
def test_a_missing_data_folder_is_reported_not_created(
    tmp_path: Path, args: tuple[str, ...]
) -> None:
    typo = tmp_path / "dataa"
    args = tuple(str(tmp_path / a) if a == "OUT.html" else a for a in args)
    result = accountwatch(*args, "--data-dir", str(typo))
    assert result.returncode == 2, result.stderr
    assert str(typo) in result.stderr and "import" in result.stderr
    assert result.stdout == ""
    assert not typo.exists()
    assert not (tmp_path / "OUT.html").exists()


@pytest.mark.parametrize("args", READING)
def test_a_folder_without_a_database_is_left_as_it_is(
    tmp_path: Path, args: tuple[str, ...]
) -> None:
    folder = tmp_path / "empty"
    folder.mkdir()
    args = tuple(str(tmp_path / a) if a == "OUT.html" else a for a in args)
    result = accountwatch(*args, "--data-dir", str(folder))
    assert result.returncode == 2, result.stderr
    assert list(folder.iterdir()) == []


def test_import_still_creates_a_new_data_folder(tmp_path: Path) -> None:
    source = tmp_path / "demo.json"
    source.write_text(json.dumps(demo_profile(dt.date(2026, 11, 29))), "utf-8")
    new = tmp_path / "new" / "data"
    assert accountwatch("import", str(source), "--data-dir", str(new)).returncode == 0
    result = accountwatch("check", "--no-record", "--data-dir", str(new))
    assert result.returncode == 0, result.stderr
