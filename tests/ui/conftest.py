"""Real widgets on a real data folder; background tasks run synchronously so tests are exact."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from accountwatch.core.demo import demo_profile
from accountwatch.services import profiles
from accountwatch.services.workspace import Workspace
from accountwatch.ui.state import AppState
from accountwatch.ui.tasks import TaskRunner

NOW = dt.datetime(2026, 11, 29, 10, 0, tzinfo=dt.UTC)


@pytest.fixture
def workspace(tmp_path: Path) -> Iterator[Workspace]:
    ws = Workspace.open(tmp_path / "data")
    yield ws
    ws.close()


@pytest.fixture
def demo_workspace(workspace: Workspace, tmp_path: Path) -> Workspace:
    source = tmp_path / "demo.json"
    source.write_text(json.dumps(demo_profile(NOW.date())), "utf-8")
    profiles.import_profile(
        workspace, profiles.read_import(source), replace_all=True, today=NOW.date()
    )
    return workspace


def make_state(ws: Workspace) -> AppState:
    state = AppState(ws, TaskRunner(synchronous=True), clock=lambda: NOW)
    state.reload()
    return state


@pytest.fixture
def state(qtbot: object, workspace: Workspace) -> AppState:
    """An empty profile."""
    return make_state(workspace)


@pytest.fixture
def demo_state(qtbot: object, demo_workspace: Workspace) -> AppState:
    """The demo profile as of 2026-11-29."""
    return make_state(demo_workspace)
