"""Real widgets on a real data folder; background tasks run synchronously so tests are exact."""

from __future__ import annotations

import datetime as dt
import json
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from accountwatch.core.demo import demo_profile, demo_started
from accountwatch.services import editing, profiles, weekly
from accountwatch.services.workspace import Workspace
from accountwatch.ui import unsaved
from accountwatch.ui.state import AppState
from accountwatch.ui.tasks import TaskRunner

NOW = dt.datetime(2026, 11, 29, 10, 0, tzinfo=dt.UTC)


@pytest.hookimpl(hookwrapper=True, tryfirst=True)
def pytest_runtest_teardown(item: pytest.Item) -> Iterator[None]:
    """Widgets a test leaves with unsaved edits are closed at teardown without asking: a
    Save / Discard / Cancel box nobody answers would hang the whole run (offscreen, nobody
    clicks). Wraps pytest-qt's own teardown, which closes the test's widgets."""
    ask = unsaved.ask_to_save
    unsaved.ask_to_save = lambda parent, question: unsaved.Button.Discard
    try:
        yield
    finally:
        unsaved.ask_to_save = ask


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
    # Dated back as the app's demo is: no reminder is about a day before the folder was made.
    workspace.db.set_created_at(dt.datetime.combine(demo_started(NOW.date()), dt.time(0), dt.UTC))
    return workspace


def make_state(ws: Workspace) -> AppState:
    state = AppState(ws, TaskRunner(synchronous=True), clock=lambda: NOW)
    state.reload()
    return state


def threaded_state(qtbot: QtBot, ws: Workspace) -> AppState:
    """A state whose tasks run on real worker threads, as in the app (make_state's run
    synchronously), loaded and idle."""
    state = AppState(ws, TaskRunner(), clock=lambda: NOW)
    state.reload()
    qtbot.waitUntil(lambda: state.idle, timeout=10_000)
    return state


@pytest.fixture
def state(qtbot: object, workspace: Workspace) -> AppState:
    """An empty profile."""
    return make_state(workspace)


@pytest.fixture
def demo_state(qtbot: object, demo_workspace: Workspace) -> AppState:
    """The demo profile as of 2026-11-29."""
    return make_state(demo_workspace)


class FakeClock:
    """Wall and monotonic time the test moves; `running` lets wall time follow real time."""

    def __init__(self, start: dt.datetime) -> None:
        self.wall = start
        self.mono = 1000.0
        self.running_since: float | None = None

    def now(self) -> dt.datetime:
        if self.running_since is None:
            return self.wall
        return self.wall + dt.timedelta(seconds=time.monotonic() - self.running_since)

    def monotonic(self) -> float:
        return self.mono

    def advance(self, delta: dt.timedelta) -> None:
        self.wall += delta
        self.mono += delta.total_seconds()


@pytest.fixture
def card_workspace(workspace: Workspace) -> Workspace:
    """One account and a card valid through Dec 2026: its 60-day reminder is due on Nov 29."""
    account = {"id": "shop", "platform": "1688", "label": "1688 shop", "login_id": "sakura"}
    card = {"id": "visa", "label": "Company Visa", "brand": "visa", "last4": "4242"}
    editing.put_item(workspace, "accounts", account, replacing=None)
    editing.put_item(workspace, "cards", {**card, "expires": "2026-12"}, replacing=None)
    # The weekly check is done until Dec 7: within these tests only the card reminds.
    done = dt.datetime(2026, 12, 1, 9, 0, tzinfo=dt.UTC)
    weekly.finish(workspace, done.date(), done)
    return workspace
