"""Runs slow work off the GUI thread; results come back to callbacks on the GUI thread."""

from __future__ import annotations

import logging
import time
import traceback
from collections.abc import Callable
from typing import Any

import shiboken6
from PySide6.QtCore import (
    QAbstractEventDispatcher,
    QObject,
    QRunnable,
    QThreadPool,
    QTimer,
    Signal,
    Slot,
)

log = logging.getLogger(__name__)

# `when_idle` waits for the event loop to block at most this long: a loop driven by
# processEvents() (QTest.qWait, a modal progress) never blocks.
IDLE_FALLBACK_MS = 100
# ... and then this long, for the repaint Qt schedules 5 ms (a 60 Hz frame: 16 ms) ahead.
IDLE_QUIET_MS = 20
# Idle work waits for drawing in steps and for the tasks in flight (their results are drawn
# when they come back), but no longer than this: a long export or import, or a drawing that
# never ends, must not hold the reminders back.
IDLE_MAX_WAIT_MS = 2_000

Success = Callable[[Any], None]
Failure = Callable[[BaseException], None]


class _Relay(QObject):
    """Lives on the GUI thread; a queued signal carries each result home."""

    done = Signal(object, object, object)  # callback, value, is-error

    def __init__(self, delivered: Callable[[], None]) -> None:
        super().__init__()
        self._delivered = delivered
        self.done.connect(self._deliver)

    @Slot(object, object, object)
    def _deliver(self, callback: Callable[[Any], None] | None, value: Any, _error: Any) -> None:
        try:
            if callback is not None:
                callback(value)
        finally:
            # Counted after the callback, which may well start the next task.
            self._delivered()


class _Job(QRunnable):
    def __init__(
        self, fn: Callable[[], Any], relay: _Relay, ok: Success | None, fail: Failure
    ) -> None:
        super().__init__()
        self._fn, self._relay, self._ok, self._fail = fn, relay, ok, fail

    def run(self) -> None:
        try:
            value = self._fn()
        except BaseException as exc:  # every failure goes back to the GUI thread
            log.debug("task failed: %s", "".join(traceback.format_exception(exc)))
            self._relay.done.emit(self._fail, exc, True)
        else:
            self._relay.done.emit(self._ok, value, False)


class TaskRunner(QObject):
    """`run(fn, on_done, on_error)` for reads, `write(...)` for database writes (one at a time).

    `synchronous=True` (tests, scripts) runs everything at once on the calling thread.
    """

    def __init__(self, *, synchronous: bool = False, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.synchronous = synchronous
        self._relay = _Relay(self._delivered)
        self._reads = QThreadPool(self)
        self._reads.setMaxThreadCount(2)
        self._writes = QThreadPool(self)
        self._writes.setMaxThreadCount(1)  # serialises every write, in submission order
        self._idle_calls: list[Callable[[], None]] = []
        self._drawn_calls: list[Callable[[], None]] = []  # `once_drawn`'s
        self._idle_running = 0  # idle calls taken out of the list and not yet returned
        # Steps of drawing queued for the next turns of the event loop (`next_turn`).
        self._drawing = 0
        # Tasks started whose result has not reached its callback yet.
        self._in_flight = 0
        self._idle_since = 0.0  # when the idle work waiting now was queued (monotonic)
        self._listening = False
        self._idle_timer = QTimer(self)
        self._idle_timer.setSingleShot(True)
        self._idle_timer.timeout.connect(self._run_idle_calls)

    @property
    def pending(self) -> int:
        """What is left to do: tasks whose result has not yet reached its callback on the GUI
        thread, idle work not yet done and steps of drawing not yet drawn."""
        return self._in_flight + len(self._idle_calls) + self._idle_running + self._drawing

    def run(
        self, fn: Callable[[], Any], on_done: Success | None = None, on_error: Failure | None = None
    ) -> None:
        self._submit(self._reads, fn, on_done, on_error)

    def write(
        self, fn: Callable[[], Any], on_done: Success | None = None, on_error: Failure | None = None
    ) -> None:
        self._submit(self._writes, fn, on_done, on_error)

    def _submit(
        self,
        pool: QThreadPool,
        fn: Callable[[], Any],
        on_done: Success | None,
        on_error: Failure | None,
    ) -> None:
        fail = on_error or self._unhandled
        if self.synchronous:
            try:
                value = fn()
            except Exception as exc:
                fail(exc)
            else:
                if on_done is not None:
                    on_done(value)
            return
        self._in_flight += 1
        pool.start(_Job(fn, self._relay, on_done, fail))

    def when_idle(self, fn: Callable[[], None]) -> None:
        """Call `fn` on the GUI thread once the window has caught up with the latest change.

        Python work on a worker thread while the window lays out and paints a new result makes
        the window stall: each of Qt's many calls into Python then waits its turn for the GIL
        (half a second on a large profile). Work that a new result sets off therefore starts
        once the window has drawn it. Counted as pending until `fn` has run; `fn` queued twice
        runs once.
        """
        if self.synchronous:
            fn()
            return
        if fn in self._idle_calls:
            return
        self._idle_calls.append(fn)
        if len(self._idle_calls) == 1:
            self._idle_since = time.monotonic()
            self._listen_for_block(True)
            self._idle_timer.start(IDLE_FALLBACK_MS)

    def once_drawn(self, fn: Callable[[], None]) -> None:
        """Call `fn` on the GUI thread once the steps of drawing queued now (`next_turn`) are
        drawn, at once when there are none; unlike `when_idle`, not waiting for the repaint
        after them. For work that starts a task of milliseconds of Python: beside the repaint
        it holds the window up no longer than that. `fn` queued twice runs once."""
        if self.synchronous or not self._drawing:
            fn()
        elif fn not in self._drawn_calls:
            self._drawn_calls.append(fn)

    def next_turn(self, owner: QObject, fn: Callable[[], None]) -> None:
        """Call `fn` on the GUI thread at the next turn of the event loop: a step of drawing a
        result spread over several turns (see OverviewPage.refresh). Until it has run, the
        window has not caught up: it counts as pending, and `when_idle` work waits for it (a
        worker's Python work meanwhile would make that very step stall the window). Not
        called once Qt has deleted `owner`. A synchronous runner takes the turn as well (its
        tasks and idle work run at once: nothing waits for the step)."""
        if self.synchronous:
            QTimer.singleShot(0, owner, fn)
            return
        self.drawing_begins()

        def step() -> None:
            try:
                if shiboken6.isValid(owner):
                    fn()
            finally:
                self.drawing_ends()

        QTimer.singleShot(0, self, step)

    def drawing_begins(self) -> None:
        """The window draws something over the next turns of the event loop (a page's rows in
        slices): pending, and idle work waits, until the matching `drawing_ends`."""
        if self.synchronous:
            return
        self._drawing += 1

    def drawing_ends(self) -> None:
        if self.synchronous:
            return
        self._drawing -= 1
        try:
            if not self._drawing and self._drawn_calls:
                calls, self._drawn_calls = self._drawn_calls, []
                for fn in calls:
                    if _alive(fn):
                        fn()
        finally:
            self._caught_up()  # idle work waits on, whatever a call did

    def _caught_up(self) -> None:
        """A step drawn or a result delivered: idle work held back for it waits for the window
        to block after it, as after a change."""
        if self._idle_calls and not self._drawing and not self._in_flight:
            self._listen_for_block(True)
            self._idle_timer.start(IDLE_FALLBACK_MS)

    def _held_back(self) -> bool:
        """Whether idle work waits still: the window is drawing in steps, or a task is in
        flight whose result it will draw (a page's rows read in the background, drawn while a
        worker's Python work runs, stalled the window for a fifth of a second)."""
        waited_ms = (time.monotonic() - self._idle_since) * 1000
        return bool(self._drawing or self._in_flight) and waited_ms < IDLE_MAX_WAIT_MS

    def _listen_for_block(self, on: bool) -> None:
        dispatcher = QAbstractEventDispatcher.instance(self.thread())
        if dispatcher is None or on == self._listening:
            return
        self._listening = on
        if on:
            dispatcher.aboutToBlock.connect(self._blocking)
        else:
            dispatcher.aboutToBlock.disconnect(self._blocking)

    def _blocking(self) -> None:
        """The event loop has nothing left but timers; a repaint is one of them (Qt paints
        a window a few milliseconds after it is marked dirty), so wait a little longer."""
        self._listen_for_block(False)
        self._idle_timer.start(IDLE_QUIET_MS)

    def _run_idle_calls(self) -> None:
        self._listen_for_block(False)
        if self._held_back():
            # Looked at again (the longest wait may run out); `_caught_up` comes sooner.
            self._idle_timer.start(IDLE_FALLBACK_MS)
            return
        calls, self._idle_calls = self._idle_calls, []
        self._idle_running += len(calls)
        for fn in calls:
            # Counted down after the call, which usually starts a task of its own.
            try:
                if _alive(fn):
                    fn()
            finally:
                self._idle_running -= 1

    def _delivered(self) -> None:
        self._in_flight -= 1
        self._caught_up()

    def wait(self, msecs: int = 30_000) -> bool:
        """Block until queued work has finished (used when quitting and by tests)."""
        return self._writes.waitForDone(msecs) and self._reads.waitForDone(msecs)

    @staticmethod
    def _unhandled(exc: BaseException) -> None:
        log.error("background task failed: %s", exc, exc_info=exc)


def _alive(fn: Callable[[], None]) -> bool:
    """Whether `fn` may still be called: not a method of an object Qt has deleted in the
    meantime (a closed window)."""
    owner = getattr(fn, "__self__", None)
    return not isinstance(owner, QObject) or shiboken6.isValid(owner)
