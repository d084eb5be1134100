"""A file merged into a data folder may name the accounts and cards stored there (the contract:
import merges by id; only references to what exists nowhere are refused)."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest

from accountwatch.cli import EXIT_BAD_INPUT, EXIT_DATA_DIR, EXIT_OK, main
from accountwatch.core.problems import ProfileError
from accountwatch.services import profiles
from accountwatch.services.workspace import Workspace

HEAD = {"format": "accountwatch.profile", "version": 1}
BASE = {
    **HEAD,
    "accounts": [{"id": "a1", "login_id": "x"}],
    "cards": [{"id": "c1", "brand": "visa", "last4": "4242", "expires": "2027-02"}],
}
ADDED = {
    **HEAD,
    "payments": [{"id": "p2", "account": "a1", "due": "2026-12-24", "card": "c1"}],
    "accounts": [
        {"id": "a2", "login_id": "y", "payment_methods": [{"type": "card", "card": "c1"}]}
    ],
}


def write(tmp_path: Path, name: str, doc: Any) -> str:
    path = tmp_path / name
    path.write_text(json.dumps(doc), "utf-8")
    return str(path)


def test_a_merged_file_may_name_stored_accounts_and_cards(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = str(tmp_path / "data")
    assert main(["import", write(tmp_path, "base.json", BASE), "--data-dir", data]) == EXIT_OK
    assert main(["import", write(tmp_path, "add.json", ADDED), "--data-dir", data]) == EXIT_OK
    capsys.readouterr()
    assert main(["export", "-", "--data-dir", data]) == EXIT_OK
    exported = json.loads(capsys.readouterr().out)
    assert [p["account"] for p in exported["payments"]] == ["a1"]
    assert {a["id"] for a in exported["accounts"]} == {"a1", "a2"}


def test_names_found_nowhere_are_still_refused_and_replace_names_only_its_own(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = str(tmp_path / "data")
    assert main(["import", write(tmp_path, "base.json", BASE), "--data-dir", data]) == EXIT_OK
    capsys.readouterr()
    elsewhere = {**HEAD, "payments": [{"id": "p3", "account": "zz", "due": "2026-12-24"}]}
    args = ["import", write(tmp_path, "bad.json", elsewhere), "--data-dir", data]
    before = _files(Path(data))
    assert main(args) == EXIT_BAD_INPUT
    assert "payments[0].account: no account with id 'zz'" in capsys.readouterr().err
    assert _files(Path(data)) == before  # looking up the stored ids left no file behind
    # --replace keeps nothing stored: the file's references must be its own.
    args = ["import", write(tmp_path, "add.json", ADDED), "--replace", "--data-dir", data]
    assert main(args) == EXIT_BAD_INPUT
    err = capsys.readouterr().err
    assert "no account with id 'a1'" in err and "no card with id 'c1'" in err


def test_an_account_removed_after_the_file_was_read_is_refused_when_written(
    tmp_path: Path,
) -> None:
    data = tmp_path / "data"
    with Workspace.open(data) as ws:
        profiles.import_profile(
            ws,
            profiles.read_import(write(tmp_path, "b.json", BASE)),
            replace_all=False,
            today=_day(),
        )
        parsed = profiles.read_import_into(ws, write(tmp_path, "a.json", ADDED), replace_all=False)
        # Meanwhile everything is replaced by a file without a1 and c1.
        other = {**HEAD, "accounts": [{"id": "b1", "login_id": "z"}]}
        profiles.import_profile(
            ws,
            profiles.read_import(write(tmp_path, "o.json", other)),
            replace_all=True,
            today=_day(),
        )
        before = ws.repo.load_profile()
        with pytest.raises(ProfileError) as refused:
            profiles.import_profile(ws, parsed, replace_all=False, today=_day())
        assert {p.path for p in refused.value.problems} >= {
            "payments[0].account",
            "payments[0].card",
        }
        assert ws.repo.load_profile() == before


def _day() -> dt.date:
    return dt.date(2026, 12, 3)


def _files(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def test_merged_settings_keep_what_the_file_does_not_give_and_take_what_it_does(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = str(tmp_path / "data")

    def imported(name: str, settings: dict[str, Any]) -> dict[str, Any]:
        path = write(tmp_path, name, {**HEAD, "settings": settings})
        assert main(["import", path, "--data-dir", data]) == EXIT_OK
        capsys.readouterr()
        assert main(["export", "-", "--data-dir", data]) == EXIT_OK
        exported: dict[str, Any] = json.loads(capsys.readouterr().out).get("settings", {})
        return exported

    first = imported("s1.json", {"language": "ja", "card_warn_days": [90]})
    assert first["language"] == "ja" and first["card_warn_days"] == [90]
    # A value equal to the default, given, is taken (it was ignored).
    second = imported("s2.json", {"card_warn_days": [60, 30, 7]})
    assert second.get("card_warn_days", [60, 30, 7]) == [60, 30, 7]
    assert second["language"] == "ja"
    # A block of one setting leaves the others as they were (they were reset to defaults).
    third = imported("s3.json", {"weekly_check": {"weekday": "tue", "time": "10:00"}})
    assert third["language"] == "ja" and third["weekly_check"]["time"] == "10:00"
    # A block's parts likewise: the stored weekday stays when only the time is given.
    fourth = imported("s4.json", {"weekly_check": {"time": "18:30"}})
    assert fourth["weekly_check"] == {"weekday": "tue", "time": "18:30"}
    imported("s5.json", {"extra_terms": {"brands": ["Kumo"], "claims": ["best ever"]}})
    sixth = imported("s6.json", {"extra_terms": {"claims": ["No.1"]}, "weekly_check": {}})
    assert sixth["extra_terms"] == {"brands": ["Kumo"], "claims": ["No.1"]}
    assert sixth["weekly_check"] == {"weekday": "tue", "time": "18:30"}


@pytest.mark.parametrize("damage", ["garbled", "empty"])
def test_a_damaged_database_is_said_to_be_damaged_not_the_files_references(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], damage: str
) -> None:
    data = tmp_path / "data"
    assert main(["import", write(tmp_path, "base.json", BASE), "--data-dir", str(data)]) == EXIT_OK
    database = data / "accountwatch.sqlite3"
    if damage == "empty":
        database.write_bytes(b"")
    else:
        with database.open("r+b") as file:
            file.seek(100)
            file.write(b"\xff" * 4000)
    capsys.readouterr()
    args = ["import", write(tmp_path, "add.json", ADDED), "--data-dir", str(data)]
    assert main(args) == EXIT_DATA_DIR
    err = capsys.readouterr().err
    assert "no account with id" not in err and "restore" in err
