"""The history of health checks: the recorded runs, and each account's score over them."""

from __future__ import annotations

import datetime as dt

from accountwatch.services.workspace import Workspace
from accountwatch.store.runs import RecordedRun, RunSummary

ScorePoint = tuple[dt.date, dict[str, int]]


def runs(ws: Workspace) -> list[RunSummary]:
    """Every recorded run, newest first."""
    return ws.repo.runs()


def run(ws: Workspace, run_id: int) -> RecordedRun | None:
    """One recorded run with its findings; None once it is gone."""
    return ws.repo.run(run_id)


def score_series(ws: Workspace, limit: int | None = None) -> list[ScorePoint]:
    """(date evaluated, {account id: score}) of every recorded run (the last `limit`), oldest
    first. An account appears only in the runs that assessed it."""
    return ws.repo.account_scores(limit)
