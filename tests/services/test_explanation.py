"""Why a score is what it is: each counting finding's points, the category subtotals, and the
same explanation from a recorded run as from the fresh check."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from accountwatch.core.findings import Category
from accountwatch.core.model import Acknowledgement
from accountwatch.services import checks, editing
from accountwatch.services.explanation import explain, explain_recorded
from accountwatch.services.workspace import Workspace

DAY = dt.date(2026, 11, 29)
NOW = dt.datetime(2026, 11, 29, 10, 0, tzinfo=dt.UTC)


def test_every_demo_score_is_the_sum_of_its_points_heaviest_first(ws: Workspace) -> None:
    result = checks.run_check(ws, DAY, record=False, now=NOW)
    for account in result.assessment.accounts:
        explanation = explain(account)
        assert explanation.score == account.score
        assert abs(sum(line.points for line in explanation.lines) - account.score) <= 1
        assert explanation.total == pytest.approx(sum(line.points for line in explanation.lines))
        points = [line.points for line in explanation.lines]
        assert points == sorted(points, reverse=True)
        # Only counting findings have a line; the acknowledged ones are counted apart.
        assert len(explanation.lines) == len(account.open_findings)
        assert explanation.acknowledged == len(account.findings) - len(account.open_findings)
        subtotals = dict(explanation.subtotals)
        for category in Category:
            expected = sum(line.points for line in explanation.lines if line.category == category)
            assert subtotals.get(category, 0.0) == pytest.approx(expected)
        assert [p for _c, p in explanation.subtotals] == sorted(subtotals.values(), reverse=True)


def test_an_acknowledged_finding_adds_no_points_and_is_said_apart(ws: Workspace) -> None:
    before = checks.run_check(ws, DAY, record=False, now=NOW).assessment.account("alibaba-main")
    assert before is not None
    heaviest = explain(before).lines[0]
    _account, rule, subject = heaviest.key
    editing.set_acknowledgement(ws, Acknowledgement(rule, subject, "accepted for the test"))

    after = checks.run_check(ws, DAY, record=False, now=NOW).assessment.account("alibaba-main")
    assert after is not None
    explanation = explain(after)
    assert heaviest.key not in {line.key for line in explanation.lines}
    assert explanation.acknowledged == explain(before).acknowledged + 1
    assert abs(explanation.total - after.score) <= 1
    assert after.score < before.score


def test_a_recorded_run_explains_its_scores_as_the_check_did(ws: Workspace) -> None:
    result = checks.run_check(ws, DAY, record=True, now=NOW)
    run = checks.to_run(result.profile, result.assessment, NOW)
    for live, recorded in zip(result.assessment.accounts, run.accounts, strict=True):
        fresh = explain(live)
        again = explain_recorded(recorded)
        assert again.score == fresh.score
        assert [dataclasses.astuple(line) for line in again.lines] == [
            dataclasses.astuple(line) for line in fresh.lines
        ]
        assert again.subtotals == fresh.subtotals
        assert again.acknowledged == fresh.acknowledged
