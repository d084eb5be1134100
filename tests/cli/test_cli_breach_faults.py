"""The breach file under faults: a damaged line, a pipe in its place, conflicting arguments,
and Ctrl-C, on the command line."""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

import pytest

from accountwatch.cli import EXIT_BAD_INPUT, EXIT_INTERRUPTED, EXIT_OK, main
from accountwatch.services import checks
from accountwatch.services.pwned_file import sha1_hex
from cli_process import accountwatch

PASSWORD = "Fresh-Typed-Pw-88"


def _profile(tmp_path: Path) -> Path:
    profile = tmp_path / "profile.json"
    profile.write_text(
        json.dumps(
            {
                "format": "accountwatch.profile",
                "version": 1,
                "accounts": [{"id": "a", "login_id": "a", "password": PASSWORD}],
            }
        ),
        "utf-8",
    )
    return profile


def _hibp(path: Path, count: str) -> Path:
    lines = {sha1_hex(f"filler-{i}"): "3" for i in range(500)}
    lines[sha1_hex(PASSWORD)] = count
    path.write_text("".join(f"{h}:{lines[h]}\n" for h in sorted(lines)))
    return path


def _breached(data: Path, capsys: pytest.CaptureFixture[str]) -> list[str]:
    capsys.readouterr()
    assert main(["check", "--json", "--no-record", "--data-dir", str(data)]) in (0, 1)
    report = json.loads(capsys.readouterr().out)
    return [
        f["message"]
        for a in report["accounts"]
        for f in a["findings"]
        if f["rule"] == "SEC-PASSWORD-BREACHED"
    ]


@pytest.mark.parametrize("count", ["+5", "1" * 31, "5.5"])
def test_a_damaged_line_found_by_a_lookup_skips_the_check_not_the_import(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], count: str
) -> None:
    data = tmp_path / "data"
    profile = _profile(tmp_path)
    assert main(["import", str(profile), "--data-dir", str(data)]) == EXIT_OK
    hibp = _hibp(tmp_path / "pwned.txt", "12")
    assert main(["passwords", "breach-file", str(hibp), "--data-dir", str(data)]) == EXIT_OK
    # The file is damaged after it was chosen, on the very line the import looks up.
    _hibp(hibp, count)
    capsys.readouterr()
    assert main(["import", str(profile), "--data-dir", str(data)]) == EXIT_OK
    assert "The breach check with pwned.txt was skipped" in capsys.readouterr().err
    assert _breached(data, capsys) == []


def test_a_pipe_in_place_of_the_chosen_file_does_not_hang_an_import(tmp_path: Path) -> None:
    data = tmp_path / "data"
    profile = _profile(tmp_path)
    hibp = _hibp(tmp_path / "pwned.txt", "12")
    assert accountwatch("import", str(profile), "--data-dir", str(data)).returncode == EXIT_OK
    chosen = accountwatch("passwords", "breach-file", str(hibp), "--data-dir", str(data))
    assert chosen.returncode == EXIT_OK
    hibp.unlink()
    os.mkfifo(hibp)
    began = time.monotonic()
    done = accountwatch("import", str(profile), "--data-dir", str(data))
    assert done.returncode == EXIT_OK, done.stderr
    assert "not a regular file" in done.stderr and "Traceback" not in done.stderr
    assert time.monotonic() - began < 60
    refused = accountwatch("passwords", "breach-file", str(hibp), "--data-dir", str(data))
    assert refused.returncode == EXIT_BAD_INPUT and "not a regular file" in refused.stderr


@pytest.mark.parametrize("args", [["--off", "PATH"], [""]], ids=["a-path-and-off", "an-empty-name"])
def test_breach_file_refuses_arguments_that_say_two_things(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], args: list[str]
) -> None:
    data = tmp_path / "data"
    assert main(["import", str(_profile(tmp_path)), "--data-dir", str(data)]) == EXIT_OK
    hibp = _hibp(tmp_path / "pwned.txt", "12")
    assert main(["passwords", "breach-file", str(hibp), "--data-dir", str(data)]) == EXIT_OK
    capsys.readouterr()
    given = [str(hibp) if a == "PATH" else a for a in args]
    assert main(["passwords", "breach-file", *given, "--data-dir", str(data)]) == EXIT_BAD_INPUT
    assert "breach-file" in capsys.readouterr().err
    # The setting is as it was.
    assert main(["passwords", "breach-file", "--data-dir", str(data)]) == EXIT_OK
    assert str(hibp) in capsys.readouterr().out


def test_ctrl_c_ends_quietly_with_the_shells_status(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    data = tmp_path / "data"
    assert main(["import", str(_profile(tmp_path)), "--data-dir", str(data)]) == EXIT_OK

    def interrupted(*args: object, **kwargs: object) -> None:
        raise KeyboardInterrupt  # what Python raises in the main thread on SIGINT

    monkeypatch.setattr(checks, "run_check", interrupted)
    capsys.readouterr()
    assert main(["check", "--data-dir", str(data)]) == EXIT_INTERRUPTED == 130
    err = capsys.readouterr().err
    assert err.strip() == "accountwatch: interrupted"


@pytest.mark.parametrize("count", ["1" * 16, "5.5"])
def test_breach_file_refuses_a_small_file_with_a_damaged_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], count: str
) -> None:
    # Under 64 MiB every line is read when the file is chosen: refused now, not skipped at every
    # later import.
    data = tmp_path / "data"
    assert main(["import", str(_profile(tmp_path)), "--data-dir", str(data)]) == EXIT_OK
    hibp = _hibp(tmp_path / "pwned.txt", count)
    capsys.readouterr()
    assert main(["passwords", "breach-file", str(hibp), "--data-dir", str(data)]) == (
        EXIT_BAD_INPUT
    )
    assert "is not a line HASH:COUNT" in capsys.readouterr().err
    assert main(["passwords", "breach-file", "--data-dir", str(data)]) == EXIT_OK
    assert "No Pwned Passwords file is set" in capsys.readouterr().out


def test_analyse_names_the_breach_file_chosen_in_settings(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = tmp_path / "data"
    assert main(["import", str(_profile(tmp_path)), "--data-dir", str(data)]) == EXIT_OK
    hibp = _hibp(tmp_path / "pwned.txt", "12")
    assert main(["passwords", "breach-file", str(hibp), "--data-dir", str(data)]) == EXIT_OK
    _hibp(hibp, "+5")  # damaged after it was chosen, on the line looked up
    export = tmp_path / "chrome.csv"
    export.write_text(f"name,url,username,password\nA,https://a.example/,a,{PASSWORD}\n")
    capsys.readouterr()
    code = main(["passwords", "analyse", str(export), "--data-dir", str(data)])
    assert code == EXIT_BAD_INPUT
    assert f"Pwned Passwords file {hibp.resolve()}:" in capsys.readouterr().err
