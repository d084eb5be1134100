"""The history's runs and score series: what was recorded, oldest first, read in one query."""

from __future__ import annotations

import datetime as dt

from accountwatch.services import checks, history
from accountwatch.services.workspace import Workspace
from conftest import DEMO_DAY

NOW = dt.datetime(2026, 11, 29, 9, 0, tzinfo=dt.UTC)


def _record(ws: Workspace, days: int) -> None:
    for offset in range(days):
        checks.run_check(
            ws, DEMO_DAY + dt.timedelta(days=offset), record=True, now=NOW + dt.timedelta(offset)
        )


def test_score_series_is_each_recorded_run_oldest_first(ws: Workspace) -> None:
    _record(ws, 3)
    runs = history.runs(ws)
    assert [r.evaluated_on for r in runs] == [DEMO_DAY + dt.timedelta(days=d) for d in (2, 1, 0)]
    expected = []
    for summary in reversed(runs):
        run = history.run(ws, summary.id)
        assert run is not None
        expected.append((run.evaluated_on, {a.account_id: a.score for a in run.accounts}))
    assert history.score_series(ws) == expected
    assert history.score_series(ws, limit=2) == expected[1:]
    assert history.run(ws, 10_000) is None


def test_score_series_reads_the_runs_in_one_query(ws: Workspace) -> None:
    _record(ws, 4)
    statements: list[str] = []
    with ws.db.snapshot() as conn:  # the database's one connection, traced from here on
        conn.set_trace_callback(statements.append)
    try:
        assert len(history.score_series(ws)) == 4
    finally:
        conn.set_trace_callback(None)
    assert len([s for s in statements if s.lstrip().upper().startswith(("SELECT", "WITH"))]) == 1
