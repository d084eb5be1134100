"""The history of health checks as series: each account's score over the recorded runs."""

from __future__ import annotations

import datetime as dt

from accountwatch.services.workspace import Workspace

ScorePoint = tuple[dt.date, dict[str, int]]


def score_series(ws: Workspace, limit: int | None = None) -> list[ScorePoint]:
    """(date evaluated, {account id: score}) of every recorded run (the last `limit`), oldest
    first. An account appears only in the runs that assessed it."""
    summaries = ws.repo.runs()  # newest first
    if limit is not None:
        summaries = summaries[:limit]
    points: list[ScorePoint] = []
    for summary in reversed(summaries):
        run = ws.repo.run(summary.id)
        if run is not None:  # deleted meanwhile
            points.append((run.evaluated_on, {a.account_id: a.score for a in run.accounts}))
    return points
