"""The task helper counts its work until each result has reached the GUI thread."""

from __future__ import annotations

import threading
import time

import pytest
import shiboken6
from PySide6.QtCore import QEventLoop, QObject, QTimer
from PySide6.QtGui import QPaintEvent
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from accountwatch.services.workspace import Workspace
from accountwatch.ui import tasks
from accountwatch.ui.state import AppState
from accountwatch.ui.tasks import IDLE_FALLBACK_MS, TaskRunner


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


class _Canvas(QWidget):
    def __init__(self, events: list[str]) -> None:
        super().__init__()
        self.events = events

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt's name
        self.events.append("painted")
        super().paintEvent(event)


def test_work_for_when_idle_starts_after_the_window_has_painted(qtbot: QtBot) -> None:
    events: list[str] = []
    canvas = _Canvas(events)
    qtbot.addWidget(canvas)
    canvas.show()
    qtbot.waitExposed(canvas)
    runner = TaskRunner()
    loop = QEventLoop()  # a loop that blocks when idle, as the app's does
    events.clear()
    canvas.update()  # Qt paints a few milliseconds later, on a timer
    runner.when_idle(lambda: events.append("idle"))
    runner.when_idle(loop.quit)
    assert runner.pending == 2
    QTimer.singleShot(5_000, loop.quit)  # a safety net: the assertion below tells
    loop.exec()
    assert events[:2] == ["painted", "idle"]
    assert runner.pending == 0


def test_when_idle_also_runs_under_a_loop_that_never_blocks(qtbot: QtBot) -> None:
    # qtbot.waitUntil turns the loop with processEvents(): the fallback timer starts the work.
    runner = TaskRunner()
    calls: list[str] = []
    runner.when_idle(lambda: calls.append("ran"))
    qtbot.waitUntil(lambda: runner.pending == 0, timeout=2_000)
    assert calls == ["ran"]


class _Watch(QObject):
    def __init__(self) -> None:
        super().__init__()
        self.calls = 0

    def evaluate(self) -> None:
        self.calls += 1


def test_work_queued_twice_for_idle_runs_once(qtbot: QtBot) -> None:
    runner = TaskRunner()
    watch = _Watch()
    runner.when_idle(watch.evaluate)
    runner.when_idle(watch.evaluate)
    assert runner.pending == 1
    qtbot.waitUntil(lambda: runner.pending == 0)
    assert watch.calls == 1


def test_work_for_a_deleted_object_is_dropped(qtbot: QtBot) -> None:
    runner = TaskRunner()
    calls: list[str] = []
    watch = _Watch()
    watch.destroyed.connect(lambda: calls.append("deleted"))
    runner.when_idle(watch.evaluate)
    shiboken6.delete(watch)  # its window closed before the loop came round
    qtbot.waitUntil(lambda: runner.pending == 0)
    assert calls == ["deleted"]
    assert watch.calls == 0  # not called on what is left of it


def test_a_synchronous_runner_does_idle_work_at_once() -> None:
    runner = TaskRunner(synchronous=True)
    calls: list[str] = []
    runner.when_idle(lambda: calls.append("ran"))
    assert calls == ["ran"]
    assert runner.pending == 0


def test_idle_work_waits_for_the_drawing_steps_of_the_next_turns(qtbot: QtBot) -> None:
    # A result drawn over several turns, the first one long: work waiting for idle starts
    # after the last step, not between two of them when its fallback timer runs out (a
    # worker's Python work would make the next step stall the window).
    runner = TaskRunner()
    owner = QObject()
    events: list[str] = []
    loop = QEventLoop()

    def step(n: int) -> None:
        events.append(f"step {n}")
        if n == 1:
            time.sleep(IDLE_FALLBACK_MS / 1000 * 1.5)  # a long turn: laying out many widgets
        if n < 3:
            runner.next_turn(owner, lambda: step(n + 1))

    runner.when_idle(lambda: events.append("idle"))
    runner.when_idle(loop.quit)
    runner.next_turn(owner, lambda: step(1))
    assert runner.pending == 3
    QTimer.singleShot(5_000, loop.quit)  # a safety net: the assertion below tells
    loop.exec()
    assert events == ["step 1", "step 2", "step 3", "idle"]
    assert runner.pending == 0


def test_a_drawing_step_of_a_deleted_object_is_dropped(qtbot: QtBot) -> None:
    runner = TaskRunner()
    calls: list[str] = []
    owner = QObject()
    runner.next_turn(owner, lambda: calls.append("ran"))
    assert runner.pending == 1
    shiboken6.delete(owner)
    qtbot.waitUntil(lambda: runner.pending == 0)
    assert calls == []


def test_a_synchronous_runner_draws_on_the_next_turn_too(qtbot: QtBot) -> None:
    # Its tasks run at once, but a step of drawing is a turn of the event loop all the same.
    runner = TaskRunner(synchronous=True)
    calls: list[str] = []
    owner = QObject()
    runner.next_turn(owner, lambda: calls.append("ran"))
    assert calls == []
    qtbot.waitUntil(lambda: calls == ["ran"])


def _held_task(runner: TaskRunner, events: list[str], done: str) -> threading.Event:
    """A task that runs until the event returned is set (`done` in `events` once its result
    is in), and idle work queued after it ("idle" in `events`)."""
    release = threading.Event()
    runner.run(lambda: release.wait(10), lambda _ok: events.append(done))
    runner.when_idle(lambda: events.append("idle"))
    return release


def test_idle_work_waits_for_a_task_in_flight(qtbot: QtBot) -> None:
    # A page's rows read in the background are drawn when they come back: work waiting for
    # idle starts after that, not beside the drawing.
    runner = TaskRunner()
    events: list[str] = []
    release = _held_task(runner, events, "rows drawn")
    QTimer.singleShot(IDLE_FALLBACK_MS * 3, release.set)  # the loop blocks many times before
    qtbot.waitUntil(lambda: runner.pending == 0, timeout=5_000)
    assert events == ["rows drawn", "idle"]


def test_a_long_task_holds_idle_work_back_only_so_long(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    # An export running for minutes must not hold the reminders back.
    monkeypatch.setattr(tasks, "IDLE_MAX_WAIT_MS", 300)
    runner = TaskRunner()
    events: list[str] = []
    release = _held_task(runner, events, "exported")
    qtbot.waitUntil(lambda: events == ["idle"], timeout=5_000)
    release.set()
    qtbot.waitUntil(lambda: runner.pending == 0, timeout=5_000)
    assert events == ["idle", "exported"]


def test_a_drawing_that_never_ends_holds_idle_work_back_only_so_long(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A page that began drawing in steps and never said it was done must not silence reminders.
    monkeypatch.setattr(tasks, "IDLE_MAX_WAIT_MS", 300)
    runner = TaskRunner()
    calls: list[str] = []
    runner.drawing_begins()
    runner.when_idle(lambda: calls.append("ran"))
    qtbot.waitUntil(lambda: calls == ["ran"], timeout=5_000)
    runner.drawing_ends()
    assert runner.pending == 0


def test_work_once_drawn_follows_the_last_step_without_waiting_for_idle(qtbot: QtBot) -> None:
    # A reminder pass of milliseconds starts as the last step is drawn: before the work that
    # waits for the window to block and repaint after it.
    runner = TaskRunner()
    owner = QObject()
    events: list[str] = []

    def step(n: int) -> None:
        events.append(f"step {n}")
        if n < 2:
            runner.next_turn(owner, lambda: step(n + 1))

    runner.when_idle(lambda: events.append("idle"))
    runner.next_turn(owner, lambda: step(1))
    watch = _Watch()
    runner.once_drawn(watch.evaluate)
    runner.once_drawn(watch.evaluate)  # queued twice: runs once
    runner.once_drawn(lambda: events.append(f"drawn, {watch.calls} evaluation"))
    assert events == [] and runner.pending == 2  # the idle work and the step
    qtbot.waitUntil(lambda: runner.pending == 0)
    assert events == ["step 1", "step 2", "drawn, 1 evaluation", "idle"]
    # Nothing drawing: at once.
    runner.once_drawn(lambda: events.append("at once"))
    assert events[-1] == "at once"


def test_work_once_drawn_for_a_deleted_object_is_dropped(qtbot: QtBot) -> None:
    runner = TaskRunner()
    owner = QObject()
    runner.next_turn(owner, lambda: None)
    watch = _Watch()
    runner.once_drawn(watch.evaluate)
    shiboken6.delete(watch)
    qtbot.waitUntil(lambda: runner.pending == 0)
    assert watch.calls == 0
