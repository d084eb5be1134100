"""The demo's data folder: its sample comes in analysed and scanned as shipped, in one commit,
with eight weeks of recorded checks."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest

from accountwatch.core import demo, passwords
from accountwatch.core.profile_io import parse_profile
from accountwatch.core.risk import assess
from accountwatch.core.rules.terms import TermScanner
from accountwatch.services import checks, editing, history
from accountwatch.services import demo as demo_service
from accountwatch.services.workspace import Workspace

DAY = dt.date(2026, 11, 29)
NOW = dt.datetime.combine(DAY, dt.time(10, 0)).astimezone()


@pytest.fixture
def ws(tmp_path: Path) -> Iterator[Workspace]:
    with Workspace.open(tmp_path / "data") as workspace:
        yield workspace


@pytest.fixture
def demo_ws(tmp_path: Path) -> Iterator[Workspace]:
    with Workspace.open(tmp_path / "demo", memory_secrets=True) as workspace:
        yield workspace


def test_the_demo_comes_in_analysed_without_zxcvbn_or_scrypt(
    demo_ws: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refused(*_args: object, **_kwargs: object) -> None:
        raise AssertionError("the demo's passwords come analysed")

    monkeypatch.setattr(passwords, "analyse", refused)
    monkeypatch.setattr(passwords, "fingerprint", refused)
    result = demo_service.import_demo(demo_ws, DAY)
    assert result.accounts == 3
    by_id = {a.id: a.password for a in demo_ws.repo.load_profile().accounts}
    reused = [i for i, p in by_id.items() if p is not None]
    assert reused == ["alibaba-main", "1688-shop"]
    first, second = (by_id[i] for i in reused)
    assert first is not None and second is not None
    assert first.fingerprint == second.fingerprint  # one password on both: reuse shows
    assert first.analysed_on == DAY - dt.timedelta(weeks=8)  # before the first recorded check
    # Nothing in the database is a password.
    dump = "\n".join(demo_ws.db.connection.iterdump())
    assert "Sakura2024!" not in dump


@pytest.mark.parametrize("language", demo.DEMO_LANGUAGES)
def test_the_demo_comes_in_scanned_without_the_scanners_expressions(
    demo_ws: Workspace, monkeypatch: pytest.MonkeyPatch, language: str
) -> None:
    def refused(*_args: object, **_kwargs: object) -> None:
        raise AssertionError("the demo's listings come scanned")

    monkeypatch.setattr(TermScanner, "scan", refused)
    demo_service.import_demo(demo_ws, DAY, language)
    stored = demo_ws.repo.load_profile()
    listings = [listing for account in stored.accounts for listing in account.listings]
    assert listings
    for listing in listings:
        found = demo.LISTING_SCANS[listing.title, listing.description]
        assert listing.scan == demo.LISTING_SCAN_KEY + found
    kept = assess(stored, DAY)
    monkeypatch.undo()
    # The same findings as the same listings scanned anew (`replace` drops a kept scan).
    anew = replace(
        stored,
        accounts=tuple(
            replace(a, listings=tuple(replace(listing) for listing in a.listings))
            for a in stored.accounts
        ),
    )
    assert all(listing.scan is None for a in anew.accounts for listing in a.listings)
    assert kept == assess(anew, DAY)


def test_a_scanner_of_other_terms_scans_the_demo_listings_anew(demo_ws: Workspace) -> None:
    document = demo.demo_profile(DAY, "en")
    document["settings"] = {**document.get("settings", {}), "extra_terms": {"brands": ["Sakura"]}}
    profile, _secrets = parse_profile(json.dumps(document).encode())
    demo_service._keep_shipped_scans(profile)
    assert all(listing.scan is None for a in profile.accounts for listing in a.listings)


def test_the_demo_goes_in_with_one_commit(demo_ws: Workspace) -> None:
    # Its eight recorded checks, the profile and the folder's dates: each commit waits for the
    # disk, for data that is thrown away when the demo ends.
    statements: list[str] = []
    demo_ws.db.connection.set_trace_callback(statements.append)
    try:
        demo_service.import_demo(demo_ws, DAY)
    finally:
        demo_ws.db.connection.set_trace_callback(None)
    assert [s for s in statements if s.strip().upper() == "COMMIT"] == ["COMMIT"]
    assert len(demo_ws.repo.runs()) == 8


def test_the_japanese_demo_opens_with_eight_weeks_of_history_in_a_folder_as_old(
    demo_ws: Workspace,
) -> None:
    demo_service.import_demo(demo_ws, DAY, "ja")
    profile = demo_ws.repo.load_profile()
    assert profile.company.representative == "佐藤 花子"
    assert profile.cards[0].label == "法人カード（Visa）"
    runs = demo_ws.repo.runs()
    first = DAY - dt.timedelta(weeks=8)
    assert sorted(r.evaluated_on for r in runs) == [first + dt.timedelta(weeks=w) for w in range(8)]
    # The folder dates from the first recorded check: its reminders have that much past.
    created = demo_ws.db.created_at
    assert created is not None and created.astimezone().date() == first


def test_checking_a_password_in_the_demo_recognises_the_sample_reuse(demo_ws: Workspace) -> None:
    demo_service.import_demo(demo_ws, DAY)
    profile = demo_ws.repo.load_profile()
    analysis = editing.check_password(demo_ws, profile, "aliexpress-store", "Sakura2024!", DAY)
    assert editing.reused_by(profile, "aliexpress-store", analysis) == [
        "Alibaba.com main",
        "1688 仕入れ用",
    ]


def test_the_demo_has_weeks_of_checks_recorded_with_scores_improving(
    demo_ws: Workspace,
) -> None:
    demo_service.import_demo(demo_ws, DAY)
    runs = history.runs(demo_ws)  # newest first
    assert [r.evaluated_on for r in runs] == [DAY - dt.timedelta(weeks=w) for w in range(1, 9)]
    assert [r.recorded_at.astimezone().time() for r in runs] == [dt.time(9, 0)] * 8
    scores = [r.score for r in runs]
    assert scores == sorted(scores) and scores[0] < scores[-1]
    # Each is what the rules made of the profile as it stood then: today's check finds less.
    today = checks.run_check(demo_ws, DAY, record=False, now=NOW)
    assert today.assessment.score <= scores[0]
    assert today.change.resolved and today.change.score_delta <= 0
    oldest = history.run(demo_ws, runs[-1].id)
    assert oldest is not None
    assert len(oldest.accounts) == 3


def test_the_demo_needs_the_demo_vault(ws: Workspace) -> None:
    with pytest.raises(ValueError, match="demo's vault"):
        demo_service.import_demo(ws, DAY)
    assert ws.repo.load_profile().accounts == ()
