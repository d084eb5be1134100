"""`accountwatch passwords analyse`: the reuse and ages it prints (text and --json), what it
says was kept and that the export should be deleted, and exit 2 with nothing changed for a
file that is not an export or a Pwned Passwords file that cannot be searched."""

from __future__ import annotations

import contextlib
import json
import os
import sys
import threading
from pathlib import Path
from typing import Any

import pytest

from accountwatch.cli import EXIT_BAD_INPUT, EXIT_OK, main
from accountwatch.services import password_export
from accountwatch.services.pwned_file import sha1_hex
from export_files import FORMATS, LOGINS, PROFILE, write_export


@pytest.fixture
def data(tmp_path: Path) -> Path:
    profile = tmp_path / "profile.json"
    profile.write_text(json.dumps(PROFILE), "utf-8")
    assert main(["import", str(profile), "--data-dir", str(tmp_path / "data")]) == EXIT_OK
    return tmp_path / "data"


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def _pwned(tmp_path: Path) -> Path:
    hashes = {sha1_hex(login.password): 7 for login in LOGINS if login.password}
    path = tmp_path / "pwned.txt"
    path.write_text("".join(f"{h}:{hashes[h]}\n" for h in sorted(hashes)))
    return path


@pytest.mark.parametrize("fmt", FORMATS)
def test_json_names_the_sites_the_age_and_the_breaches(
    data: Path, tmp_path: Path, fmt: str, capsys: pytest.CaptureFixture[str]
) -> None:
    export = write_export(tmp_path, fmt)
    capsys.readouterr()
    code = main(
        ["passwords", "analyse", str(export), "--json", "--hibp", str(_pwned(tmp_path)),
         "--data-dir", str(data)]
    )  # fmt: skip
    out, err = capsys.readouterr()
    assert code == EXIT_OK, err
    report = json.loads(out)
    assert report["format"] == fmt
    assert (report["entries"], report["distinct_passwords"]) == (6, 3)
    ali, shop = report["accounts"]
    assert ali["found_in_export"] and ali["reused_on"] == ["rakuten.co.jp", "amazon.co.jp"]
    assert shop["reused_on"] == ["login.1688.com", "sakura.slack.com"]
    dated = fmt in ("firefox", "keepassxc")
    assert ali["password_changed_on"] == ("2025-03-04" if dated else None)
    assert (ali["password_age_days"] is not None) == dated
    assert ali["breach_count"] == 7 and report["breach_file"] == "pwned.txt"
    assert "written nowhere" in report["kept"]
    assert "Delete the export file now" in err and str(export) in err
    for login in LOGINS:  # never printed
        if login.password:
            assert login.password not in out + err


def test_text_output_and_the_format_option(
    data: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    export = write_export(tmp_path, "keepassxc")
    capsys.readouterr()
    args = ["passwords", "analyse", str(export), "--format", "keepassxc", "--data-dir", str(data)]
    assert main(args) == EXIT_OK
    out, err = capsys.readouterr()
    assert "KeePassXC export: 6 entries with a password (1 without), 3 different passwords." in out
    assert "Same password on: rakuten.co.jp, amazon.co.jp" in out
    assert "Password last changed on Mar 4, 2025" in out
    assert "Kept: the keyed fingerprints" in err


@pytest.mark.parametrize(
    ("content", "words"),
    [
        (b"\x00\x01binary", "not a CSV text file"),
        (b"date,amount,payee\n2026-01-01,3,x\n", "not the header of a Bitwarden"),
        (b'name,url,username,password,note\n"open,quote\n', "not valid CSV"),
    ],
)
def test_a_file_that_is_not_an_export_is_exit_2_and_changes_nothing(
    data: Path, tmp_path: Path, content: bytes, words: str, capsys: pytest.CaptureFixture[str]
) -> None:
    wrong = tmp_path / "wrong.csv"
    wrong.write_bytes(content)
    before = _snapshot(data)
    capsys.readouterr()
    assert main(["passwords", "analyse", str(wrong), "--data-dir", str(data)]) == EXIT_BAD_INPUT
    err = capsys.readouterr().err
    assert words in err and str(wrong) in err
    assert _snapshot(data) == before


def test_a_file_without_header_is_refused_without_printing_its_first_login(
    data: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    no_header = tmp_path / "nohdr.csv"
    no_header.write_text("Alibaba,https://www.alibaba.com/,sakura-buyer,TopSecretPw-123\n")
    capsys.readouterr()
    args = ["passwords", "analyse", str(no_header), "--data-dir", str(data)]
    assert main(args) == EXIT_BAD_INPUT
    out, err = capsys.readouterr()
    assert "line 1 has 4 columns and is not the header" in err
    assert "TopSecretPw-123" not in out + err and "sakura-buyer" not in out + err


def test_an_account_deleted_meanwhile_is_named_with_what_to_do(
    data: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    smaller = tmp_path / "smaller.json"
    smaller.write_text(json.dumps({**PROFILE, "accounts": PROFILE["accounts"][:1]}), "utf-8")
    stretch = password_export.stretch

    def import_meanwhile(*args: Any, **kwargs: Any) -> dict[str, str]:
        # `import --replace` in another process while the passwords are stretched.
        assert main(["import", str(smaller), "--replace", "--data-dir", str(data)]) == EXIT_OK
        return stretch(*args, **kwargs)

    monkeypatch.setattr(password_export, "stretch", import_meanwhile)
    export = write_export(tmp_path, "chrome")
    capsys.readouterr()
    assert main(["passwords", "analyse", str(export), "--data-dir", str(data)]) == EXIT_BAD_INPUT
    assert capsys.readouterr().err == (
        "accountwatch: the account shop was deleted while the export was analysed, so nothing "
        "was kept: analyse the export again\n"
    )


def _open_for_writing_later(fifo: Path) -> threading.Timer:
    """Ends a reader's wait on `fifo` after a while, so that code which blocks on it fails the
    test instead of hanging it (code that does not wait reads it as empty before that)."""

    def unblock() -> None:
        with contextlib.suppress(OSError):  # OSError: nobody is waiting on it
            os.close(os.open(fifo, os.O_WRONLY | os.O_NONBLOCK))

    timer = threading.Timer(5, unblock)
    timer.daemon = True
    timer.start()
    return timer


@pytest.mark.skipif(sys.platform == "win32", reason="no FIFOs or /dev/zero on Windows")
@pytest.mark.parametrize("kind", ["fifo", "folder", "device"])
def test_what_is_not_a_regular_file_is_refused_without_reading_it(
    data: Path, tmp_path: Path, kind: str, capsys: pytest.CaptureFixture[str]
) -> None:
    if kind == "fifo":
        given = tmp_path / "export.csv"
        os.mkfifo(given)
        timer = _open_for_writing_later(given)
    elif kind == "folder":
        given, timer = tmp_path / "folder.csv", None
        given.mkdir()
    else:
        given, timer = Path("/dev/zero"), None  # a character device that never ends
    before = _snapshot(data)
    capsys.readouterr()
    try:
        code = main(["passwords", "analyse", str(given), "--data-dir", str(data)])
    finally:
        if timer is not None:
            timer.cancel()
    err = capsys.readouterr().err
    assert code == EXIT_BAD_INPUT
    if kind == "fifo":  # nobody writes into it: read at once, at its end, it is empty
        assert f"accountwatch: {given}: the file is empty" in err
    else:
        assert f"accountwatch: {given}: it is not a regular file" in err
    assert _snapshot(data) == before


@pytest.mark.skipif(sys.platform == "win32", reason="no named pipes as paths on Windows")
def test_an_export_fed_through_a_pipe_is_read(
    data: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # As `passwords analyse <(gpg -d export.csv.gpg)`: the export never lies decrypted on disk.
    plain = write_export(tmp_path, "chrome")
    readable, writable = os.pipe()  # what the shell hands the command for <(...)

    def feed() -> None:
        with os.fdopen(writable, "wb") as writer:
            writer.write(plain.read_bytes())

    writer = threading.Thread(target=feed, daemon=True)
    writer.start()
    capsys.readouterr()
    try:
        given = f"/dev/fd/{readable}"
        assert main(["passwords", "analyse", given, "--json", "--data-dir", str(data)]) == EXIT_OK
    finally:
        os.close(readable)
        writer.join(10)
    assert json.loads(capsys.readouterr().out)["format"] == "chrome"


@pytest.mark.parametrize("name", ["", "  "])
def test_an_empty_file_name_is_a_usage_error(
    data: Path, name: str, capsys: pytest.CaptureFixture[str]
) -> None:
    # Path("") is ".", the current folder: it was refused as "not a regular file".
    before = _snapshot(data)
    capsys.readouterr()
    assert main(["passwords", "analyse", name, "--data-dir", str(data)]) == EXIT_BAD_INPUT
    err = capsys.readouterr().err
    assert err == "accountwatch: passwords analyse: the file name is empty\n"
    assert _snapshot(data) == before


def test_a_format_that_does_not_match_names_the_missing_columns(
    data: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    export = write_export(tmp_path, "chrome")
    capsys.readouterr()
    args = ["passwords", "analyse", str(export), "--format", "bitwarden", "--data-dir", str(data)]
    assert main(args) == EXIT_BAD_INPUT
    assert "no column login_uri, login_username, login_password" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("content", "words"),
    [
        ("name,url\n", "not a line HASH:COUNT"),
        ("8846F7EAEE8FB117AD06BDD830B7586C:10\n", "NTLM"),
        (
            "".join(
                f"{h}:1\n" for h in sorted((sha1_hex(str(i)) for i in range(200)), reverse=True)
            ),
            "not sorted by hash",
        ),
    ],
)
def test_a_pwned_file_that_cannot_be_searched_is_exit_2_and_changes_nothing(
    data: Path, tmp_path: Path, content: str, words: str, capsys: pytest.CaptureFixture[str]
) -> None:
    hibp = tmp_path / "pwned.txt"
    hibp.write_text(content)
    export = write_export(tmp_path, "chrome")
    before = _snapshot(data)
    capsys.readouterr()
    args = ["passwords", "analyse", str(export), "--hibp", str(hibp), "--data-dir", str(data)]
    assert main(args) == EXIT_BAD_INPUT
    assert words in capsys.readouterr().err
    assert _snapshot(data) == before


def test_without_an_action_or_a_data_folder(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["passwords"]) == EXIT_BAD_INPUT
    assert "analyse" in capsys.readouterr().err
    export = write_export(tmp_path, "chrome")
    missing = ["passwords", "analyse", str(export), "--data-dir", str(tmp_path / "typo")]
    assert main(missing) == EXIT_BAD_INPUT
    assert not (tmp_path / "typo").exists()


def test_breach_file_sets_shows_and_turns_off_the_file_import_uses(
    data: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    hibp = tmp_path / "pwned.txt"
    hibp.write_text(f"{sha1_hex('Fresh-Typed-Pw-88')}:42\n")
    capsys.readouterr()
    assert main(["passwords", "breach-file", "--data-dir", str(data)]) == EXIT_OK
    assert "No Pwned Passwords file is set" in capsys.readouterr().out
    assert main(["passwords", "breach-file", str(hibp), "--data-dir", str(data)]) == EXIT_OK
    assert f"checked for breaches in {hibp}" in capsys.readouterr().out

    # An import now looks its passwords up in that file.
    profile = tmp_path / "more.json"
    profile.write_text(
        json.dumps(
            {
                "format": "accountwatch.profile",
                "version": 1,
                "accounts": [{"id": "new", "login_id": "n", "password": "Fresh-Typed-Pw-88"}],
            }
        ),
        "utf-8",
    )
    assert main(["import", str(profile), "--data-dir", str(data)]) == EXIT_OK
    capsys.readouterr()
    assert main(["check", "--json", "--no-record", "--data-dir", str(data)]) in (0, 1)
    findings = json.loads(capsys.readouterr().out)["accounts"]
    new = next(a for a in findings if a["id"] == "new")
    breached = [f for f in new["findings"] if f["rule"] == "SEC-PASSWORD-BREACHED"]
    assert breached and "42 times" in breached[0]["message"]

    assert main(["passwords", "breach-file", "--off", "--data-dir", str(data)]) == EXIT_OK
    assert "No Pwned Passwords file is set" in capsys.readouterr().out


def test_breach_file_refuses_what_is_not_one_and_keeps_the_setting(
    data: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    wrong = tmp_path / "ntlm.txt"
    wrong.write_text("8846F7EAEE8FB117AD06BDD830B7586C:10\n")
    capsys.readouterr()
    assert main(["passwords", "breach-file", str(wrong), "--data-dir", str(data)]) == EXIT_BAD_INPUT
    assert "NTLM" in capsys.readouterr().err
    assert main(["passwords", "breach-file", "--data-dir", str(data)]) == EXIT_OK
    assert "No Pwned Passwords file is set" in capsys.readouterr().out
