"""A check is recorded in the history only once the whole of it has succeeded."""

from __future__ import annotations

import datetime as dt

import pytest

from accountwatch.services import checks, history
from accountwatch.services.workspace import Workspace

NOW = dt.datetime(2026, 11, 29, 10, 0, tzinfo=dt.UTC)


def test_a_check_that_fails_after_assessing_records_no_run(
    ws: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = history.runs(ws)

    def broken(*args: object) -> None:
        raise OverflowError("date value out of range")

    monkeypatch.setattr(checks, "upcoming", broken)
    with pytest.raises(OverflowError):
        checks.run_check(ws, NOW.date(), record=True, now=NOW)
    assert history.runs(ws) == before


def test_a_check_that_succeeds_is_recorded(ws: Workspace) -> None:
    before = len(history.runs(ws))
    result = checks.run_check(ws, NOW.date(), record=True, now=NOW)
    assert result.run_id is not None
    assert len(history.runs(ws)) == before + 1
