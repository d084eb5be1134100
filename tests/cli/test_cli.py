"""The command line against a real data folder: exit codes, JSON output, bad input, round trips."""

from __future__ import annotations

import datetime as dt
import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from accountwatch.cli import main
from accountwatch.core.demo import demo_profile
from accountwatch.store.lock import WriterLock

AT = "2026-11-29"
DAY = dt.date(2026, 11, 29)


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


@pytest.fixture
def data(tmp_path: Path) -> Path:
    return tmp_path / "data"


@pytest.fixture
def demo_file(tmp_path: Path) -> Path:
    path = tmp_path / "demo.json"
    path.write_text(json.dumps(demo_profile(DAY)), "utf-8")
    return path


@pytest.fixture
def imported(capsys: pytest.CaptureFixture[str], data: Path, demo_file: Path) -> Path:
    code, _out, err = run(capsys, "import", str(demo_file), "--data-dir", str(data))
    assert code == 0, err
    return data


def write_json(path: Path, doc: Any) -> Path:
    path.write_text(json.dumps(doc, ensure_ascii=False), "utf-8")
    return path


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["--version"])
    assert exit_info.value.code == 0
    assert capsys.readouterr().out.startswith("AccountWatch ")


def test_check_json_follows_the_report_format(
    capsys: pytest.CaptureFixture[str], imported: Path
) -> None:
    code, out, _err = run(capsys, "check", "--json", "--at", AT, "--data-dir", str(imported))
    assert code == 0
    report = json.loads(out)
    assert (report["format"], report["version"], report["at"]) == ("accountwatch.report", 1, AT)
    assert report["score"] == max(a["score"] for a in report["accounts"])
    assert [a["id"] for a in report["accounts"]] == [
        "alibaba-main",
        "1688-shop",
        "aliexpress-store",
    ]
    finding = report["accounts"][0]["findings"][0]
    assert set(finding) == {
        "rule",
        "category",
        "subject",
        "weight",
        "message",
        "action",
        "why",
        "acknowledged",
        "points",
    }
    rules = {f["rule"] for a in report["accounts"] for f in a["findings"]}
    assert {"PAY-CARD-EXPIRING", "SEC-PASSWORD-REUSED", "PAY-OVERDUE", "REG-MISMATCH"} <= rules
    acknowledged = [
        f for a in report["accounts"] for f in a["findings"] if f["rule"] == "SEC-2FA-WEAK"
    ]
    assert acknowledged and all(f["acknowledged"] for f in acknowledged)
    kinds = {u["kind"] for u in report["upcoming"]}
    assert {"payment-due", "weekly-check"} <= kinds
    # One "coming up" window everywhere: the next 30 days (a card expiring later is a finding).
    last = (dt.date.fromisoformat(AT[:10]) + dt.timedelta(days=30)).isoformat()
    assert all(u["date"] <= last for u in report["upcoming"])


def test_check_json_explains_every_score_with_points(
    capsys: pytest.CaptureFixture[str], imported: Path
) -> None:
    code, out, _err = run(capsys, "check", "--json", "--at", AT, "--data-dir", str(imported))
    assert code == 0
    for account in json.loads(out)["accounts"]:
        findings = account["findings"]
        total = sum(f["points"] for f in findings)
        assert abs(total - account["score"]) <= 1, account["id"]
        assert all(f["points"] == 0 for f in findings if f["acknowledged"])
        by_category = account["points_by_category"]
        assert list(by_category) == ["security", "payment", "registration", "conduct"]
        for category, subtotal in by_category.items():
            expected = sum(f["points"] for f in findings if f["category"] == category)
            assert subtotal == pytest.approx(expected, abs=0.02)


def test_the_demo_password_built_from_the_company_name_is_weak(
    capsys: pytest.CaptureFixture[str], imported: Path
) -> None:
    # "Sakura2024!" for Sakura Trading K.K. passed as strong.
    code, out, _err = run(capsys, "check", "--json", "--at", AT, "--data-dir", str(imported))
    assert code == 0
    main = json.loads(out)["accounts"][0]
    assert main["id"] == "alibaba-main"
    assert [f["weight"] for f in main["findings"] if f["rule"] == "SEC-PASSWORD-WEAK"] == [0.30]


def test_check_text_shows_the_three_biggest_contributors(
    capsys: pytest.CaptureFixture[str], imported: Path
) -> None:
    code, out, _err = run(capsys, "check", "--no-record", "--at", AT, "--data-dir", str(imported))
    assert code == 0
    assert "one severe problem dominates" in out
    blocks = out.split("Biggest contributors:")[1:]
    assert len(blocks) == 3  # one per account of the demo
    for block in blocks:
        lines = [line for line in block.splitlines() if line.strip().startswith("+")]
        assert len(lines) == 3
        points = [float(line.split()[0]) for line in lines]
        assert points == sorted(points, reverse=True)


def test_check_records_a_run_unless_told_not_to(
    capsys: pytest.CaptureFixture[str], imported: Path
) -> None:
    def runs() -> int:
        with sqlite3.connect(imported / "accountwatch.sqlite3") as db:
            return int(db.execute("select count(*) from runs").fetchone()[0])

    run(capsys, "check", "--no-record", "--at", AT, "--data-dir", str(imported))
    assert runs() == 0
    run(capsys, "check", "--at", AT, "--data-dir", str(imported))
    assert runs() == 1


@pytest.mark.parametrize("output", [["--json"], []])
def test_check_reads_no_earlier_run_it_would_not_report(
    capsys: pytest.CaptureFixture[str],
    imported: Path,
    monkeypatch: pytest.MonkeyPatch,
    output: list[str],
) -> None:
    """Neither report tells what changed since the previous run: its findings are not read
    (a fifth of `check --json` on 1,000 accounts was comparing with them)."""
    from accountwatch.store.repository import Repository

    assert run(capsys, "check", "--at", AT, "--data-dir", str(imported))[0] == 0

    def unread(self: Repository) -> None:
        raise AssertionError("the previous run's findings were read")

    monkeypatch.setattr(Repository, "last_run_keys", unread)
    code, out, err = run(capsys, "check", *output, "--at", AT, "--data-dir", str(imported))
    assert code == 0, err
    assert out


def test_check_text_names_findings_and_actions(
    capsys: pytest.CaptureFixture[str], imported: Path
) -> None:
    code, out, _err = run(capsys, "check", "--at", AT, "--data-dir", str(imported))
    assert code == 0
    assert "Overall freeze risk:" in out
    assert "PAY-OVERDUE" in out and "→" in out


@pytest.mark.parametrize(("band", "expected"), [("critical", 1), ("high", 1), ("low", 1)])
def test_fail_on_a_reached_band_exits_1(
    capsys: pytest.CaptureFixture[str], imported: Path, band: str, expected: int
) -> None:
    args = ("check", "--no-record", "--at", AT, "--fail-on", band, "--data-dir", str(imported))
    assert run(capsys, *args)[0] == expected


def test_fail_on_not_reached_exits_0(capsys: pytest.CaptureFixture[str], data: Path) -> None:
    profile = {
        "format": "accountwatch.profile",
        "version": 1,
        "accounts": [],
    }
    source = write_json(data.parent / "empty.json", profile)
    assert run(capsys, "import", str(source), "--data-dir", str(data))[0] == 0
    code, out, _ = run(capsys, "check", "--json", "--fail-on", "moderate", "--data-dir", str(data))
    assert code == 0
    assert json.loads(out)["band"] == "low"


def test_export_import_replace_export_round_trips(
    capsys: pytest.CaptureFixture[str], imported: Path, tmp_path: Path
) -> None:
    first, second = tmp_path / "first.json", tmp_path / "second.json"
    assert run(capsys, "export", str(first), "--data-dir", str(imported))[0] == 0
    other = tmp_path / "other-data"
    assert run(capsys, "import", str(first), "--replace", "--data-dir", str(other))[0] == 0
    assert run(capsys, "export", str(second), "--data-dir", str(other))[0] == 0
    assert first.read_bytes() == second.read_bytes()
    # And back over the original data: --replace leaves exactly the file's content.
    assert run(capsys, "import", str(second), "--replace", "--data-dir", str(imported))[0] == 0
    _code, out, _ = run(capsys, "export", "-", "--data-dir", str(imported))
    assert out.encode() == first.read_bytes()


def test_export_never_contains_a_password(
    capsys: pytest.CaptureFixture[str], imported: Path, demo_file: Path
) -> None:
    code, out, _ = run(capsys, "export", "-", "--include-secrets", "--data-dir", str(imported))
    assert code == 0
    assert "Sakura2024!" not in out and '"password"' not in out
    assert "Sakura2024!" in demo_file.read_text("utf-8")


def test_no_secret_reaches_the_data_folder(
    capsys: pytest.CaptureFixture[str], data: Path, tmp_path: Path
) -> None:
    doc = demo_profile(DAY)
    account = doc["accounts"][0]
    account["password"] = "Unique-Horse-Battery-417"
    account["other_passwords"] = ["my-webmail-pass-9931", "bank-login-pass-2210"]
    account["two_factor"] = {
        "method": "totp",
        "backup_codes_saved": True,
        "totp_secret": "JBSWY3DPEHPK3PXPJBSWY3DP",
    }
    code, _out, err = run(
        capsys, "import", str(write_json(tmp_path / "p.json", doc)), "--data-dir", str(data)
    )
    assert code == 0, err
    secrets = [b"Unique-Horse-Battery-417", b"my-webmail-pass-9931", b"bank-login-pass-2210"]
    secrets += [b"JBSWY3DPEHPK3PXPJBSWY3DP", "Unique-Horse-Battery-417".encode("utf-16-le")]
    for name, content in snapshot(data).items():
        for secret in secrets:
            assert secret not in content, f"{secret!r} found in {name}"


def test_without_a_keyring_totp_secrets_are_refused_with_a_message(
    capsys: pytest.CaptureFixture[str], data: Path, tmp_path: Path, no_keyring: None
) -> None:
    doc = demo_profile(DAY)
    doc["accounts"][0]["two_factor"]["totp_secret"] = "JBSWY3DPEHPK3PXPJBSWY3DP"
    source = write_json(tmp_path / "p.json", doc)
    code, _out, err = run(capsys, "import", str(source), "--data-dir", str(data))
    assert code == 0
    assert "alibaba-main: the two-factor secret was not kept" in err
    assert "reuse detection is degraded" in err
    code, out, _ = run(capsys, "export", "-", "--include-secrets", "--data-dir", str(data))
    assert "totp_secret" not in out
    code, _out, err = run(capsys, "check", "--no-record", "--data-dir", str(data))
    assert "reuse detection is degraded" in err


def _valid() -> dict[str, Any]:
    return demo_profile(DAY)


def _bad_cases() -> list[tuple[str, Any, str]]:
    def with_(change: Any) -> dict[str, Any]:
        doc = _valid()
        change(doc)
        return doc

    def acct(key: str, value: Any) -> Any:
        return lambda d: d["accounts"][1].__setitem__(key, value)

    return [
        ("unknown key", with_(acct("lable", "x")), "accounts[1].lable"),
        (
            "bad enum",
            with_(lambda d: d["accounts"][1]["two_factor"].__setitem__("method", "totp2")),
            "accounts[1].two_factor.method",
        ),
        ("duplicate id", with_(acct("id", "alibaba-main")), "accounts[1].id"),
        (
            "missing card",
            with_(lambda d: d["payments"][0].__setitem__("card", "nope")),
            "payments[0].card",
        ),
        (
            "missing account",
            with_(lambda d: d["payments"][0].__setitem__("account", "nope")),
            "payments[0].account",
        ),
        (
            "impossible date",
            with_(acct("terms_reviewed_on", "2026-02-30")),
            "accounts[1].terms_reviewed_on",
        ),
        (
            "bad card month",
            with_(lambda d: d["cards"][0].__setitem__("expires", "2027-13")),
            "cards[0].expires",
        ),
        ("negative count", with_(acct("orders_90d", -1)), "accounts[1].orders_90d"),
        (
            "malformed rrule",
            with_(lambda d: d["payments"][0].__setitem__("repeat", "FREQ=SOMETIMES")),
            "payments[0].repeat",
        ),
        (
            "non-base32 totp",
            with_(
                lambda d: d["accounts"][0]["two_factor"].__setitem__("totp_secret", "not base32!!")
            ),
            "accounts[0].two_factor.totp_secret",
        ),
        (
            "non-ISO currency",
            with_(lambda d: d["payments"][0].__setitem__("currency", "XYZ")),
            "payments[0].currency",
        ),
        (
            "amount not decimal",
            with_(lambda d: d["payments"][0].__setitem__("amount", "12,000")),
            "payments[0].amount",
        ),
        ("full card number", with_(acct("label", "card 4111 1111 1111 1111")), "accounts[1].label"),
        ("unsupported version", with_(lambda d: d.__setitem__("version", 2)), "version"),
        ("company without name", with_(lambda d: d["company"].pop("name")), "company.name"),
    ]


@pytest.mark.parametrize(("case", "doc", "path"), _bad_cases(), ids=[c[0] for c in _bad_cases()])
def test_bad_input_exits_2_names_the_path_and_changes_nothing(
    capsys: pytest.CaptureFixture[str],
    imported: Path,
    tmp_path: Path,
    case: str,
    doc: Any,
    path: str,
) -> None:
    before = snapshot(imported)
    source = write_json(tmp_path / "bad.json", doc)
    code, _out, err = run(capsys, "import", str(source), "--data-dir", str(imported))
    assert code == 2, case
    assert any(line.startswith(f"{path}:") for line in err.splitlines()), err
    assert snapshot(imported) == before


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"\xff\xfe{\x00}\x00", "UTF-8"),
        (b'{"format": "accountwatch.profile", ', "JSON"),
        (b"[1, 2]", "object"),
    ],
    ids=["not utf-8", "not json", "not an object"],
)
def test_unreadable_files_exit_2(
    capsys: pytest.CaptureFixture[str],
    imported: Path,
    tmp_path: Path,
    content: bytes,
    expected: str,
) -> None:
    before = snapshot(imported)
    source = tmp_path / "bad.json"
    source.write_bytes(content)
    code, _out, err = run(capsys, "import", str(source), "--data-dir", str(imported))
    assert code == 2
    assert expected in err
    assert snapshot(imported) == before


def test_a_file_over_20_mb_is_refused_unread(
    capsys: pytest.CaptureFixture[str], data: Path, tmp_path: Path
) -> None:
    source = tmp_path / "huge.json"
    with source.open("wb") as handle:
        handle.truncate(20 * 1024 * 1024 + 1)
    code, _out, err = run(capsys, "import", str(source), "--data-dir", str(data))
    assert code == 2
    assert "20 MB" in err
    assert not (data / "accountwatch.sqlite3").exists()


def test_a_bad_date_option_exits_2(capsys: pytest.CaptureFixture[str], data: Path) -> None:
    with pytest.raises(SystemExit) as exit_info:  # argparse refuses it
        main(["check", "--at", "2026-02-30", "--data-dir", str(data)])
    assert exit_info.value.code == 2
    assert "--at" in capsys.readouterr().err


def test_a_newer_database_exits_3_and_is_left_alone(
    capsys: pytest.CaptureFixture[str], imported: Path
) -> None:
    with sqlite3.connect(imported / "accountwatch.sqlite3") as db:
        db.execute("pragma user_version = 999")
    db.close()
    before = snapshot(imported)
    code, _out, err = run(capsys, "check", "--data-dir", str(imported))
    assert code == 3
    assert "newer" in err
    assert snapshot(imported) == before


def test_a_locked_data_folder_exits_3_for_writers(
    capsys: pytest.CaptureFixture[str], imported: Path, demo_file: Path
) -> None:
    env_code = "import sys; from accountwatch.cli import main; sys.exit(main(sys.argv[1:]))"
    with WriterLock(imported):
        result = subprocess.run(
            [sys.executable, "-c", env_code, "import", str(demo_file), "--data-dir", str(imported)],
            capture_output=True,
            text=True,
        )
    assert result.returncode == 3, result.stderr
    assert "lock" in result.stderr.lower()


def test_data_dir_from_the_environment(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    demo_file: Path,
) -> None:
    monkeypatch.setenv("ACCOUNTWATCH_DATA_DIR", str(tmp_path / "env-data"))
    assert run(capsys, "import", str(demo_file))[0] == 0
    assert (tmp_path / "env-data" / "accountwatch.sqlite3").exists()


def test_reminders_lists_what_falls_due(capsys: pytest.CaptureFixture[str], imported: Path) -> None:
    args = ("reminders", "--json", "--at", "2026-11-29T08:00", "--days", "10")
    code, out, _ = run(capsys, *args, "--data-dir", str(imported))
    assert code == 0
    items = json.loads(out)
    assert items[0]["date"] >= "2026-11-29"
    # Reminders delivered in the next 10 days; "date" is the date of the thing itself.
    assert all("2026-11-29" <= i["deliver_at"][:10] <= "2026-12-09" for i in items)
    assert {"payment:gold-supplier"} <= {i["subject"] for i in items}


def test_demo_profile_prints_a_valid_profile(
    capsys: pytest.CaptureFixture[str], data: Path, tmp_path: Path
) -> None:
    code, out, _ = run(capsys, "demo-profile", "--at", AT)
    assert code == 0
    source = tmp_path / "demo.json"
    source.write_text(out, "utf-8")
    assert run(capsys, "import", str(source), "--data-dir", str(data))[0] == 0


def test_the_installed_entry_point_runs() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "accountwatch", "--version"], capture_output=True, text=True
    )
    assert result.returncode == 0
    assert result.stdout.startswith("AccountWatch ")


def test_demo_without_a_subcommand_means_the_app_on_sample_data() -> None:
    from accountwatch.cli import build_parser

    args = build_parser().parse_args(["--demo"])
    assert args.command is None and args.demo
    args = build_parser().parse_args(["gui", "--demo"])
    assert args.command == "gui" and args.demo


def test_report_writes_html_and_pdf(
    capsys: pytest.CaptureFixture[str], imported: Path, tmp_path: Path
) -> None:
    html_file, pdf_file = tmp_path / "report.html", tmp_path / "report.pdf"
    assert run(capsys, "report", str(html_file), "--at", AT, "--data-dir", str(imported))[0] == 0
    assert "AliExpress store" in html_file.read_text("utf-8")
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "accountwatch",
            "report",
            str(pdf_file),
            "--at",
            AT,
            "--data-dir",
            str(imported),
        ],
        capture_output=True,
        text=True,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
    )
    assert result.returncode == 0, result.stderr
    assert pdf_file.read_bytes().startswith(b"%PDF")
    code, _out, err = run(capsys, "report", str(tmp_path / "r.txt"), "--data-dir", str(imported))
    assert code == 2 and ".txt" in err
