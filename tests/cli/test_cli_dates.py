"""Dates at the edges are refused at the door (exit 2, nothing recorded), never a crash later."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from accountwatch.core.demo import demo_profile
from cli_process import accountwatch


@pytest.fixture
def imported(tmp_path: Path) -> Path:
    source = tmp_path / "demo.json"
    source.write_text(json.dumps(demo_profile(dt.date(2026, 11, 29))), "utf-8")
    data = tmp_path / "data"
    result = accountwatch("import", str(source), "--data-dir", str(data))
    assert result.returncode == 0, result.stderr
    return data


def snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


@pytest.mark.parametrize(
    "args",
    [
        ("check", "--at", "9999-12-31"),
        ("check", "--at", "1899-12-31"),
        ("reminders", "--at", "0001-01-01"),
        ("reminders", "--at", "9999-12-31T23:59"),
        ("report", "r.html", "--at", "9999-12-31"),
        ("demo-profile", "--at", "9999-12-31"),
        ("check", "--at", "2026-02-30"),
    ],
)
def test_a_date_option_outside_the_range_exits_2_and_changes_nothing(
    imported: Path, args: tuple[str, ...]
) -> None:
    before = snapshot(imported)
    result = accountwatch(*args, "--data-dir", str(imported))
    assert result.returncode == 2, result.stderr
    assert "--at" in result.stderr and "Traceback" not in result.stderr
    assert result.stdout == ""
    assert snapshot(imported) == before


def test_the_ends_of_the_range_are_accepted(imported: Path) -> None:
    for args in (("check", "--at", "2199-12-31"), ("reminders", "--at", "1900-01-01T00:00")):
        result = accountwatch(
            *args, "--no-record" if args[0] == "check" else "--json", "--data-dir", str(imported)
        )
        assert result.returncode == 0, result.stderr


def test_a_profile_dated_near_9999_is_refused_at_import(tmp_path: Path) -> None:
    document = demo_profile(dt.date(2026, 11, 29))
    document["cards"][0]["expires"] = "9999-12"
    document["payments"][0]["due"] = "9998-01-01"
    document["payments"][0]["repeat"] = "FREQ=YEARLY"
    source = tmp_path / "far.json"
    source.write_text(json.dumps(document), "utf-8")
    result = accountwatch("import", str(source), "--data-dir", str(tmp_path / "data"))
    assert result.returncode == 2, result.stderr
    lines = result.stderr.strip().splitlines()
    assert [line.split(": ", 1)[0] for line in lines] == ["cards[0].expires", "payments[0].due"]
    assert not (tmp_path / "data" / "accountwatch.sqlite3").exists()


def test_a_rule_dateutil_cannot_follow_is_refused_at_import(tmp_path: Path) -> None:
    document = demo_profile(dt.date(2026, 11, 29))
    document["payments"][0]["repeat"] = "FREQ=MONTHLY;BYDAY=53MO"
    source = tmp_path / "rule.json"
    source.write_text(json.dumps(document), "utf-8")
    result = accountwatch("import", str(source), "--data-dir", str(tmp_path / "data"))
    assert result.returncode == 2, result.stderr
    assert result.stderr.startswith("payments[0].repeat: ")


def test_a_card_number_given_as_a_date_is_not_repeated(imported: Path) -> None:
    result = accountwatch("check", "--at", "4111 1111 1111 1111", "--data-dir", str(imported))
    assert result.returncode == 2
    assert "1111 1111" not in result.stderr and "ending in 1111" in result.stderr


@pytest.mark.parametrize(
    ("args", "words"),
    [
        # Python's fromisoformat reads each of these, as another day than the user meant.
        (("check", "--at", "2026-W49-3"), "is not a date (YYYY-MM-DD)"),
        (("check", "--at", "20261203"), "is not a date (YYYY-MM-DD)"),
        (("report", "r.html", "--at", "2026-W49-3"), "is not a date (YYYY-MM-DD)"),
        (("demo-profile", "--at", "2026-337"), "is not a date (YYYY-MM-DD)"),
        (("reminders", "--at", "20261203"), "is not a date and time"),
        (("reminders", "--at", "2026-W49"), "is not a date and time"),
        (("reminders", "--at", "2026-12-03 10:00"), "is not a date and time"),
        (("reminders", "--at", "2026-12-03T10"), "is not a date and time"),
        (("reminders", "--at", "2026-12-03T10:00:00.5"), "is not a date and time"),
        (("reminders", "--at", "2026-12-03+09:00"), "is not a date and time"),
        (("calendar", "-", "--at", "20261203T1000"), "is not a date and time"),
    ],
)
def test_only_the_documented_date_forms_are_accepted(
    imported: Path, args: tuple[str, ...], words: str
) -> None:
    before = snapshot(imported)
    result = accountwatch(*args, "--data-dir", str(imported))
    assert result.returncode == 2, result.stdout
    assert "--at" in result.stderr and words in result.stderr
    assert result.stdout == ""
    assert snapshot(imported) == before


@pytest.mark.parametrize(
    "at", ["2026-12-03", "2026-12-03T10:00", "2026-12-03T10:00:30Z", "2026-12-03T10:00:30+09:00"]
)
def test_the_documented_date_time_forms_are_accepted(imported: Path, at: str) -> None:
    result = accountwatch("reminders", "--json", "--at", at, "--data-dir", str(imported))
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)


def test_a_rule_with_count_and_until_is_refused_at_import_and_never_calendared(
    imported: Path, tmp_path: Path
) -> None:
    document = demo_profile(dt.date(2026, 11, 29))
    document["payments"][0]["repeat"] = "FREQ=MONTHLY;COUNT=2;UNTIL=20270101"
    source = tmp_path / "both.json"
    source.write_text(json.dumps(document), "utf-8")
    before = snapshot(imported)
    result = accountwatch("import", str(source), "--data-dir", str(imported))
    assert result.returncode == 2, result.stderr
    assert result.stderr.startswith("payments[0].repeat: ")
    assert "COUNT and UNTIL must not both be given (RFC 5545)" in result.stderr
    assert snapshot(imported) == before
    calendar = accountwatch("calendar", "-", "--data-dir", str(imported))
    assert calendar.returncode == 0 and "UNTIL=20270101" not in calendar.stdout


@pytest.mark.parametrize("value", ["2026-12-31T23:59:60", "2026-12-03T10:00+24:00"])
def test_a_refused_date_and_time_is_quoted_as_typed(value: str, tmp_path: Path) -> None:
    # Fourteen digits of a leap second were hidden as if they were a card number.
    result = accountwatch("reminders", "--at", value, "--data-dir", str(tmp_path))
    assert result.returncode == 2
    err = result.stderr
    assert f"'{value}' is not a date and time (YYYY-MM-DD or YYYY-MM-DDTHH:MM[:SS]" in err
