"""The report's HTML: complete, escaped, and faithful to a fresh check or a recorded run."""

from __future__ import annotations

import datetime as dt
import re
from html import escape
from pathlib import Path

import pytest

from accountwatch.services import checks, editing, report
from accountwatch.services.history import score_series
from accountwatch.services.report import (
    report_format,
    report_html,
    report_title,
    unknown_extension,
)
from accountwatch.services.workspace import Workspace

DAY = dt.date(2026, 11, 29)
NOW = dt.datetime(2026, 11, 29, 10, 0, tzinfo=dt.UTC)


def test_the_report_has_the_company_every_account_and_every_finding(ws: Workspace) -> None:
    result = checks.run_check(ws, DAY, record=False, now=NOW)
    html = report_html(result.profile, result, generated_at=NOW)

    assert html.startswith("<!DOCTYPE html>")
    assert "Sakura Trading K.K." in html
    assert "さくら貿易株式会社" in html
    assert "Nov 29, 2026" in html
    for account in result.profile.accounts:
        assert escape(account.display_name) in html
    findings = result.assessment.findings
    assert len(findings) > 20
    for finding in findings:
        assert escape(finding.message) in html
        assert escape(finding.action) in html
    for item in result.upcoming:
        assert escape(item.message) in html
    # The overall band in words (colour is never alone), and the acknowledged finding's reason.
    assert "Critical risk" in html
    assert "Acknowledged: 1688 offers SMS verification only (until May 28, 2027)" in html
    # Each account after the first starts a new sheet.
    assert html.count("page-break-before: always") == len(result.profile.accounts) - 1
    assert report_title(result) == "AccountWatch report — Nov 29, 2026"


def test_user_text_is_escaped(ws: Workspace) -> None:
    profile = ws.repo.load_profile()
    doc = editing.item_document(profile, "accounts", "aliexpress-store")
    doc["label"] = "Store <b>&</b> co"
    doc["listings"] = [{"title": "<script>alert(1)</script> Nike running shoes"}]
    editing.put_item(ws, "accounts", doc, replacing="aliexpress-store")
    result = checks.run_check(ws, DAY, record=False, now=NOW)

    html = report_html(result.profile, result, generated_at=NOW, company_name="A <i>B</i>")

    assert "<script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; Nike running shoes" in html
    assert "Store &lt;b&gt;&amp;&lt;/b&gt; co" in html
    assert "<b>&</b>" not in html
    assert "A &lt;i&gt;B&lt;/i&gt;" in html


def test_a_recorded_run_is_reported_as_it_was(ws: Workspace) -> None:
    recorded = checks.run_check(ws, DAY, record=True, now=NOW)
    overdue = next(f for f in recorded.assessment.findings if f.rule == "PAY-OVERDUE")
    editing.mark_paid(ws, "1688-service", DAY)
    now = checks.run_check(ws, DAY, record=False, now=NOW)
    assert overdue.message not in {f.message for f in now.assessment.findings}
    assert recorded.run_id is not None
    run = ws.repo.run(recorded.run_id)
    assert run is not None

    html = report_html(now.profile, run, generated_at=NOW + dt.timedelta(days=2))

    assert escape(overdue.message) in html
    # Why a finding was acknowledged, as it stood then, though the acknowledgement is gone now.
    editing.remove_acknowledgement(ws, "SEC-2FA-WEAK", "account:1688-shop")
    assert "1688 offers SMS" not in report_html(ws.repo.load_profile(), now, generated_at=NOW)
    assert "Acknowledged: 1688 offers SMS verification only (until May 28, 2027)" in html
    assert "Recorded at" in html
    assert "Dec 1, 2026" in html  # generated
    assert "Coming up" not in html  # a run does not keep what was coming up


def test_the_extension_names_the_reports_format_in_either_case() -> None:
    # One answer for the command line, the export and the save dialog.
    assert [report_format(Path(n)) for n in ("a.html", "a.HTM", "a.Pdf", "a.txt", "a")] == [
        "html",
        "html",
        "pdf",
        None,
        None,
    ]


def test_unknown_extension_message_names_the_file() -> None:
    assert unknown_extension(Path("report.txt")) == (
        "A report is saved as .html or .pdf, not “.txt” (report.txt)."
    )


def test_score_series_gives_each_accounts_score_per_run_oldest_first(ws: Workspace) -> None:
    days = [DAY - dt.timedelta(days=14), DAY - dt.timedelta(days=7), DAY]
    results = []
    for day in days:
        moment = dt.datetime.combine(day, dt.time(10), tzinfo=dt.UTC)
        results.append(checks.run_check(ws, day, record=True, now=moment))
        if day == days[0]:
            editing.mark_paid(ws, "1688-service", day)

    series = score_series(ws)

    assert [day for day, _scores in series] == days
    for (_day, scores), result in zip(series, results, strict=True):
        assert scores == {a.account_id: a.score for a in result.assessment.accounts}
    assert score_series(ws, limit=2) == series[1:]


def test_a_pdfs_long_tables_come_in_runs_of_a_few_sheets_each_beginning_a_document(
    ws: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The app lays a PDF out a document per turn of its event loop: a table of thousands of
    # rows (what a large profile has coming up) in one document kept the window still for
    # seconds. Here a run is one row.
    monkeypatch.setattr(report, "_TABLE_ROWS", 1)
    result = checks.run_check(ws, DAY, record=False, now=NOW)
    accounts = result.profile.accounts
    upcoming = [escape(u.message) for u in result.upcoming]
    assert len(accounts) == 3 and len(upcoming) == 3
    documents = report.report_documents(result.profile, result, generated_at=NOW)
    # The header with the first score; the second and the third score, the first account with
    # the third; an account each; the first item coming up with the last account, then one each.
    assert len(documents) == 3 + (len(accounts) - 1) + (len(upcoming) - 1)
    scores = [f"<tr><td><bdi>{escape(a.display_name)}</bdi></td>" for a in accounts]
    for runs in (scores, upcoming):
        holding = [[i for i, document in enumerate(documents) if run in document] for run in runs]
        assert all(len(places) == 1 for places in holding), holding  # each once
        places = [found[0] for found in holding]
        assert places == sorted(set(places)), places  # in order, a document each
    assert "".join(documents).count("<h2>Coming up</h2>") == 1
    assert len(re.findall("<thead>", documents[-1])) == 1  # each run has the table's head
