"""Analysing a password manager's export: the reuse found in each of the five formats, what is
kept (fingerprints and host names, the accounts' analyses, the breach result) and what is not
(any password or its hash, anywhere in the data folder), progress, cancelling and the cap."""

from __future__ import annotations

import datetime as dt
import json
import os
import signal
import subprocess
import sys
import tracemalloc
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest

from accountwatch.core import passwords
from accountwatch.core.password_exports import MAX_EXPORT_BYTES
from accountwatch.core.risk import assess
from accountwatch.services import breaches, edits, password_export, profiles
from accountwatch.services.pwned_file import BreachFileError, sha1_hex
from accountwatch.services.workspace import Workspace
from export_files import FORMATS, HEADERS, LOGINS, SHARED, write_export
from export_files import PROFILE as BASE_PROFILE

TODAY = dt.date(2026, 12, 2)
# The shared profile, and an AliExpress account whose password is in no export.
PROFILE = {
    **BASE_PROFILE,
    "accounts": [
        *BASE_PROFILE["accounts"],
        {
            "id": "ae",
            "platform": "aliexpress",
            "login_id": "ae-user",
            "password": "Unrelated-Pw-9981-q",
        },
    ],
}


@pytest.fixture
def ws(tmp_path: Path) -> Iterator[Workspace]:
    source = tmp_path / "profile.json"
    source.write_text(json.dumps(PROFILE), "utf-8")
    with Workspace.open(tmp_path / "data") as workspace:
        profiles.import_profile(
            workspace, profiles.read_import(source), replace_all=True, today=TODAY
        )
        yield workspace


@pytest.fixture
def buyer_ws(tmp_path: Path) -> Iterator[Workspace]:
    """A data folder with one Alibaba.com account, login sakura-buyer, never checked."""
    source = tmp_path / "buyer.json"
    account = {"id": "buyer", "platform": "alibaba.com", "login_id": "sakura-buyer"}
    source.write_text(json.dumps({**BASE_PROFILE, "accounts": [account]}), "utf-8")
    with Workspace.open(tmp_path / "buyer-data") as workspace:
        profiles.import_profile(
            workspace, profiles.read_import(source), replace_all=True, today=TODAY
        )
        yield workspace


def _reuse_messages(ws: Workspace) -> dict[str, str]:
    findings = assess(ws.repo.load_profile(), TODAY).findings
    return {f.account: f.message for f in findings if f.rule == "SEC-PASSWORD-REUSED"}


def _pwned(tmp_path: Path) -> Path:
    hashes = {sha1_hex(SHARED): 3, sha1_hex("Tora-Umi-4410-zz"): 12, "0" * 40: 1, "F" * 40: 1}
    path = tmp_path / "pwned.txt"
    path.write_text("".join(f"{h}:{hashes[h]}\n" for h in sorted(hashes)))
    return path


@pytest.mark.parametrize("fmt", FORMATS)
def test_the_reuse_in_each_export_is_found_and_kept(
    ws: Workspace, tmp_path: Path, fmt: str
) -> None:
    export = write_export(tmp_path, fmt)
    seen: list[tuple[int, int]] = []

    result = password_export.analyse_export(
        ws, export, today=TODAY, progress=lambda done, total: seen.append((done, total))
    )

    by_id = {a.account_id: a for a in result.accounts}
    assert by_id["ali"].found_in_export
    assert by_id["ali"].reused_on == ("rakuten.co.jp", "amazon.co.jp")
    assert not by_id["shop"].found_in_export  # the export's 1688 login is someone else's
    assert by_id["shop"].reused_on == ("login.1688.com", "sakura.slack.com")
    assert by_id["ae"].reused_on == ()
    assert result.entries == 6 and result.distinct_passwords == 3
    assert seen[0] == (0, 3) and seen[-1] == (3, 3)

    stored = ws.repo.load_profile()
    ali = stored.account("ali")
    assert ali is not None and ali.password is not None  # analysed from the export
    hosts = {site.host for site in ali.other_sites}
    assert hosts == {
        "rakuten.co.jp",
        "amazon.co.jp",
        "github.com",
        "login.1688.com",
        "sakura.slack.com",
    }
    dated = fmt in ("firefox", "keepassxc")
    assert ali.password_changed_on == (dt.date(2025, 3, 4) if dated else None)
    assert by_id["ali"].changed_on == ali.password_changed_on

    reused = [f for f in assess(stored, TODAY).findings if f.rule == "SEC-PASSWORD-REUSED"]
    messages = {f.account: f.message for f in reused}
    assert "rakuten.co.jp" in messages["ali"] and "amazon.co.jp" in messages["ali"]
    assert "sakura.slack.com" in messages["shop"]
    assert "ae" not in messages


@pytest.mark.parametrize("fmt", FORMATS)
def test_no_password_of_the_export_nor_its_hash_is_left_in_the_data_folder(
    ws: Workspace, tmp_path: Path, fmt: str
) -> None:
    export = write_export(tmp_path, fmt)
    password_export.analyse_export(ws, export, today=TODAY, pwned=_pwned(tmp_path))
    ws.close()
    secrets = [login.password for login in LOGINS if login.password]
    needles = [s.encode() for s in secrets]
    needles += [sha1_hex(s).encode() for s in secrets] + [
        sha1_hex(s).lower().encode() for s in secrets
    ]
    files = [p for p in (tmp_path / "data").rglob("*") if p.is_file()]
    assert any(p.name.endswith(".sqlite3") for p in files)
    for path in files:
        data = path.read_bytes()
        for needle in needles:
            assert needle not in data, f"{path.name} holds a password of the export or its hash"


def test_the_breach_check_keeps_the_count_the_day_and_the_file_name(
    ws: Workspace, tmp_path: Path
) -> None:
    result = password_export.analyse_export(
        ws, write_export(tmp_path, "chrome"), today=TODAY, pwned=_pwned(tmp_path)
    )
    ali = ws.repo.load_profile().account("ali")
    assert ali is not None and ali.password is not None
    assert (ali.password.breach_count, ali.password.breach_checked_on) == (3, TODAY)
    assert ali.password.breach_source == "pwned.txt"
    assert set(result.breached_sites or ()) == {
        "rakuten.co.jp",
        "amazon.co.jp",
        "login.1688.com",
        "sakura.slack.com",
    }
    findings = assess(ws.repo.load_profile(), TODAY).findings
    breached = [f for f in findings if f.rule == "SEC-PASSWORD-BREACHED"]
    assert [f.account for f in breached] == ["ali"]
    assert "3 times" in breached[0].message and "pwned.txt" in breached[0].message


def test_a_configured_file_is_used_without_the_option(ws: Workspace, tmp_path: Path) -> None:
    breaches.set_path(ws, _pwned(tmp_path))
    password_export.analyse_export(ws, write_export(tmp_path, "chrome"), today=TODAY)
    ali = ws.repo.load_profile().account("ali")
    assert ali is not None and ali.password is not None and ali.password.breach_count == 3


def test_a_wrong_breach_file_changes_nothing(ws: Workspace, tmp_path: Path) -> None:
    before = ws.repo.load_profile()
    wrong = tmp_path / "wrong.txt"
    wrong.write_text("not a hash file\n")
    with pytest.raises(BreachFileError):
        password_export.analyse_export(
            ws, write_export(tmp_path, "chrome"), today=TODAY, pwned=wrong
        )
    assert ws.repo.load_profile() == before
    with pytest.raises(BreachFileError):
        breaches.set_path(ws, wrong)
    assert breaches.configured_path(ws) is None


def test_cancelling_keeps_nothing(ws: Workspace, tmp_path: Path) -> None:
    before = ws.repo.load_profile()
    with pytest.raises(password_export.AnalysisCancelledError):
        password_export.analyse_export(
            ws, write_export(tmp_path, "firefox"), today=TODAY, cancelled=lambda: True
        )
    assert ws.repo.load_profile() == before


def test_more_different_passwords_than_the_cap_are_refused(
    ws: Workspace, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(passwords, "MAX_OTHER_PASSWORDS", 2)
    before = ws.repo.load_profile()
    with pytest.raises(password_export.ExportError, match="3 different passwords; at most 2"):
        password_export.analyse_export(ws, write_export(tmp_path, "chrome"), today=TODAY)
    assert ws.repo.load_profile() == before


BITWARDEN = ",".join(HEADERS["bitwarden"]) + "\n"


def test_the_accounts_entry_is_found_by_any_address_and_its_own_app_is_no_other_site(
    buyer_ws: Workspace, tmp_path: Path
) -> None:
    export = tmp_path / "bitwarden.csv"
    export.write_text(
        BITWARDEN
        + ',,login,Alibaba,,,0,"androidapp://com.alibaba.intl.android.apps.poseidon,'
        + 'https://www.alibaba.com/",sakura-buyer,Ali-Secret-7731zq,\n'
    )
    result = password_export.analyse_export(buyer_ws, export, today=TODAY)
    (buyer,) = result.accounts
    assert buyer.found_in_export and buyer.reused_on == ()
    assert "buyer" not in _reuse_messages(buyer_ws)


def test_a_phishing_page_naming_the_platform_in_its_query_is_another_site(
    buyer_ws: Workspace, tmp_path: Path
) -> None:
    # The commas of its query string made "login.alibaba.com" one of its hosts: it was taken
    # for the account's own entry, and the password given to it went unreported.
    export = tmp_path / "chrome.csv"
    export.write_text(
        "name,url,username,password,note\n"
        "Alibaba,https://www.alibaba.com/,sakura-buyer,PhishPass77!!,\n"
        'Phish,"https://phish.example/?next=1,login.alibaba.com",sakura-buyer,PhishPass77!!,\n'
    )
    result = password_export.analyse_export(buyer_ws, export, today=TODAY)
    (buyer,) = result.accounts
    assert buyer.found_in_export and buyer.reused_on == ("phish.example",)
    assert "phish.example" in _reuse_messages(buyer_ws)["buyer"]


def test_another_entry_is_named_by_all_its_addresses_or_as_a_site_without_address(
    buyer_ws: Workspace, tmp_path: Path
) -> None:
    export = tmp_path / "bitwarden.csv"
    export.write_text(
        BITWARDEN
        + ",,login,Alibaba,,,0,https://www.alibaba.com/,sakura-buyer,Same-Pw-4410-q,\n"
        + ',,login,Shop,,,0,"androidapp://com.shop.app\nhttps://shop.example/",me,Same-Pw-4410-q,\n'
        + ",,login,Formula,,,0,=cmd|' /C calc'!A0,me,Same-Pw-4410-q,\n"
    )
    pwned = tmp_path / "pwned.txt"
    pwned.write_text(f"{sha1_hex('Same-Pw-4410-q')}:5\n")
    result = password_export.analyse_export(buyer_ws, export, today=TODAY, pwned=pwned)
    (buyer,) = result.accounts
    named = ("shop.example", "com.shop.app", "a site without address")
    assert buyer.reused_on == named
    assert result.breached_sites == named
    # `check` names them alike.
    message = _reuse_messages(buyer_ws)["buyer"]
    for name in named:
        assert name in message


def test_two_accounts_in_the_export_with_one_password_are_each_reused_on_the_other(
    tmp_path: Path,
) -> None:
    source = tmp_path / "two.json"
    accounts = [
        {"id": "alibaba-main", "platform": "alibaba.com", "login_id": "sakura-buyer"},
        {"id": "1688-shop", "platform": "1688", "login_id": "sakura_trading"},
    ]
    source.write_text(json.dumps({**BASE_PROFILE, "accounts": accounts}), "utf-8")
    export = tmp_path / "chrome.csv"
    export.write_text(
        "name,url,username,password,note\n"
        "A,https://www.alibaba.com/,sakura-buyer,Same-For-Both-55x,\n"
        "B,https://login.1688.com/,sakura_trading,Same-For-Both-55x,\n"
    )
    with Workspace.open(tmp_path / "data") as ws:
        profiles.import_profile(ws, profiles.read_import(source), replace_all=True, today=TODAY)
        result = password_export.analyse_export(ws, export, today=TODAY)
        reused = {a.account_id: (a.found_in_export, a.reused_on) for a in result.accounts}
        assert reused == {
            "alibaba-main": (True, ("login.1688.com",)),
            "1688-shop": (True, ("alibaba.com",)),
        }
        assert set(_reuse_messages(ws)) == {"alibaba-main", "1688-shop"}  # as check says


def test_a_change_date_after_today_is_unknown_and_not_kept(ws: Workspace, tmp_path: Path) -> None:
    future = dt.datetime(2100, 1, 1, tzinfo=dt.UTC)
    logins = (replace(LOGINS[0], changed=future), *LOGINS[1:])
    result = password_export.analyse_export(
        ws, write_export(tmp_path, "firefox", logins), today=TODAY
    )
    ali_result = next(a for a in result.accounts if a.account_id == "ali")
    assert ali_result.found_in_export and ali_result.changed_on is None
    ali = ws.repo.load_profile().account("ali")
    assert ali is not None and ali.password is not None and ali.password_changed_on is None


def test_an_account_deleted_during_the_analysis_is_named_and_nothing_is_kept(
    ws: Workspace, tmp_path: Path
) -> None:
    def delete_shop_meanwhile(done: int, total: int) -> None:
        if done == 0:
            edits.apply(ws, edits.RemoveItem("accounts", "shop"))

    with pytest.raises(password_export.AccountsDeletedError) as stopped:
        password_export.analyse_export(
            ws, write_export(tmp_path, "chrome"), today=TODAY, progress=delete_shop_meanwhile
        )
    assert str(stopped.value) == (
        "the account shop was deleted while the export was analysed, so nothing was kept: "
        "analyse the export again"
    )
    ali = ws.repo.load_profile().account("ali")
    assert ali is not None and ali.password is None and ali.other_sites == ()


def test_a_file_over_the_limit_is_refused_before_it_is_read(ws: Workspace, tmp_path: Path) -> None:
    huge = tmp_path / "huge.csv"
    with huge.open("wb") as file:  # sparse: takes no room on the disk
        file.truncate(MAX_EXPORT_BYTES + 1)
    tracemalloc.start()
    try:
        with pytest.raises(password_export.ExportError, match="larger than 20 MB"):
            password_export.analyse_export(ws, huge, today=TODAY)
        _size, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < MAX_EXPORT_BYTES // 10


def test_a_second_export_replaces_the_sites_of_the_first(ws: Workspace, tmp_path: Path) -> None:
    password_export.analyse_export(ws, write_export(tmp_path, "chrome"), today=TODAY)
    smaller = tmp_path / "small.csv"
    smaller.write_text(
        "name,url,username,password,note\nOnly,https://only.example/,me,Solo-Pass-3321,\n"
    )
    password_export.analyse_export(ws, smaller, today=TODAY)
    shop = ws.repo.load_profile().account("shop")
    assert shop is not None and [s.host for s in shop.other_sites] == ["only.example"]


def test_stretching_is_the_fingerprint_of_each_password(ws: Workspace) -> None:
    key, _degraded = ws.vault.fingerprint_key()
    salt = ws.db.install_salt
    found = password_export.stretch(["a-1", "b-2", "c-3"], key, salt)
    assert found == {p: passwords.fingerprint(p, key=key, salt=salt) for p in ("a-1", "b-2", "c-3")}


def test_many_passwords_are_stretched_by_worker_processes_with_progress(ws: Workspace) -> None:
    key, _degraded = ws.vault.fingerprint_key()
    salt = ws.db.install_salt
    many = [f"pw-{i}-many" for i in range(password_export.MIN_FOR_PROCESSES + 4)]
    seen: list[tuple[int, int]] = []
    found = password_export.stretch(many, key, salt, progress=lambda d, t: seen.append((d, t)))
    assert found == {p: passwords.fingerprint(p, key=key, salt=salt) for p in many}
    assert seen[0] == (0, len(many)) and seen[-1] == (len(many), len(many))
    assert [d for d, _t in seen] == sorted(d for d, _t in seen)


INTERRUPTED_STRETCH = """
import signal, sys
# As a command started from a terminal: a process started in the background by a shell script
# (a CI runner, `make ... &`) inherits SIGINT ignored, and Ctrl-C would then do nothing at all.
signal.signal(signal.SIGINT, signal.default_int_handler)
from accountwatch.services.password_export import stretch

said = []

def progress(done: int, total: int) -> None:
    # Finished passwords are reported in batches: "10" may be passed over on the way to 12.
    if done >= int(sys.argv[1]) and not said:
        said.append(done)
        print("stretching", flush=True)

if __name__ == "__main__":
    try:
        stretch([f"pw-{i}" for i in range(300)], b"k" * 32, b"s" * 16, progress=progress)
    except KeyboardInterrupt:
        print("interrupted", flush=True)
"""


@pytest.mark.skipif(sys.platform == "win32", reason="Ctrl-C is no signal to a process group there")
@pytest.mark.parametrize("after", [0, 1, 10])
def test_ctrl_c_while_stretching_stops_the_workers_quietly(tmp_path: Path, after: int) -> None:
    # Ctrl-C in a terminal interrupts its whole process group: the command and its workers,
    # some of them perhaps still starting.
    script = tmp_path / "stretch.py"
    script.write_text(INTERRUPTED_STRETCH)
    run = subprocess.Popen(
        [sys.executable, str(script), str(after)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    try:
        assert run.stdout is not None and run.stdout.readline() == "stretching\n"
        os.killpg(run.pid, signal.SIGINT)
        out, err = run.communicate(timeout=30)
    except BaseException:
        os.killpg(run.pid, signal.SIGKILL)  # the command and its workers hung, or the test failed
        run.communicate()
        raise
    assert out == "interrupted\n"
    assert "Traceback" not in err and "KeyboardInterrupt" not in err


def test_a_stopped_analysis_leaves_no_password_in_its_traceback(
    ws: Workspace, tmp_path: Path
) -> None:
    with pytest.raises(password_export.AnalysisCancelledError) as stopped:
        password_export.analyse_export(
            ws, write_export(tmp_path, "firefox"), today=TODAY, cancelled=lambda: True
        )
    frame = stopped.value.__traceback__
    frames = 0
    while frame is not None:
        assert SHARED not in repr(frame.tb_frame.f_locals), frame.tb_frame.f_code.co_name
        frame, frames = frame.tb_next, frames + 1
    assert frames >= 3  # analyse_export, _analyse, stretch, …: all looked at
