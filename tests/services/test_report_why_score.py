"""The report's "Why this score?" table: one per account, its points adding up to the score."""

from __future__ import annotations

import datetime as dt
import re
from html import escape

from accountwatch.services import checks
from accountwatch.services.explanation import explain
from accountwatch.services.report import report_html
from accountwatch.services.workspace import Workspace

DAY = dt.date(2026, 11, 29)
NOW = dt.datetime(2026, 11, 29, 10, 0, tzinfo=dt.UTC)


def _tables(html: str) -> list[str]:
    """Each account's "Why this score?" table, in the report's order."""
    parts = html.split("<h3>Why this score?</h3>")[1:]
    return [part.split("</table>\n")[0] for part in parts]


def test_each_account_has_the_table_and_its_points_add_up_to_the_score(ws: Workspace) -> None:
    result = checks.run_check(ws, DAY, record=False, now=NOW)
    html = report_html(result.profile, result, generated_at=NOW)

    tables = _tables(html)
    accounts = result.assessment.accounts
    assert len(tables) == len(accounts)
    for table, account in zip(tables, accounts, strict=True):
        explanation = explain(account)
        # The bars are tables of their own: the numbers are found by their cells' class.
        points = [float(p) for p in re.findall(r'class="num">\+([\d.]+)<', table)]
        subtotals = [float(p) for p in re.findall(r'class="num"><b>\+([\d.]+)</b>', table)]
        assert len(points) == len(account.open_findings) == len(explanation.lines)
        assert abs(sum(points) - account.score) <= 1
        assert points == sorted(points, reverse=True)
        assert points == [round(line.points, 1) for line in explanation.lines]
        # Each line names its finding, heaviest first.
        where = [table.index(escape(line.message)) for line in explanation.lines]
        assert where == sorted(where)
        assert len(subtotals) == len(explanation.subtotals)
        assert abs(sum(subtotals) - sum(points)) <= 0.2  # each rounded to one decimal
        assert f"Total (the score, rounded: {account.score})" in table
    assert html.count("one severe problem dominates, several small ones add up") == len(accounts)


def test_a_recorded_run_gets_the_same_table(ws: Workspace) -> None:
    fresh = checks.run_check(ws, DAY, record=True, now=NOW)
    recorded = checks.last_recorded(ws, DAY)
    assert recorded is not None
    run = checks.to_run(fresh.profile, fresh.assessment, NOW)
    from_run = report_html(fresh.profile, run, generated_at=NOW)
    from_check = report_html(fresh.profile, fresh, generated_at=NOW)
    assert _tables(from_run) == _tables(from_check)
