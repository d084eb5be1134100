"""The task helper counts its work until each result has reached the GUI thread."""

from __future__ import annotations

import threading

from pytestqt.qtbot import QtBot

from accountwatch.services.workspace import Workspace
from accountwatch.ui.state import AppState
from accountwatch.ui.tasks import TaskRunner


def test_a_task_is_pending_until_its_callback_has_run(qtbot: QtBot) -> None:
    runner = TaskRunner()
    release = threading.Event()
    results: list[int] = []
    runner.run(lambda: release.wait(10) and 1, results.append)
    runner.write(lambda: 2, results.append)
    assert runner.pending == 2
    qtbot.waitUntil(lambda: results == [2])
    assert runner.pending == 1
    release.set()
    qtbot.waitUntil(lambda: runner.pending == 0)
    assert sorted(results) == [1, 2]


def test_a_failed_task_is_no_longer_pending(qtbot: QtBot) -> None:
    runner = TaskRunner()
    errors: list[BaseException] = []

    def fail() -> None:
        raise ValueError("broken")

    runner.write(fail, on_error=errors.append)
    qtbot.waitUntil(lambda: runner.pending == 0)
    assert [str(e) for e in errors] == ["broken"]


def test_a_task_started_by_a_callback_keeps_the_runner_busy(qtbot: QtBot) -> None:
    runner = TaskRunner()
    seen: list[int] = []

    def first_done(_value: object) -> None:
        seen.append(runner.pending)  # this task still counts while its callback runs
        runner.run(lambda: None, lambda _none: seen.append(runner.pending))

    runner.run(lambda: None, first_done)
    qtbot.waitUntil(lambda: runner.pending == 0)
    assert seen == [1, 1]


def test_the_state_is_idle_once_assessed_with_nothing_left_to_do(
    qtbot: QtBot, workspace: Workspace
) -> None:
    state = AppState(workspace, TaskRunner())
    assert not state.idle
    state.reload()
    assert not state.idle
    qtbot.waitUntil(lambda: state.idle)
    assert state.result is not None
    state.apply(lambda _ws: None)
    assert not state.idle
    qtbot.waitUntil(lambda: state.idle)
