"""Delivers reminders on time: a tick every minute, a timer to the next one, clock jumps."""

from __future__ import annotations

import datetime as dt
import logging
import time
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtGui import QGuiApplication

from accountwatch.core.reminders import LogEntry, Reminder
from accountwatch.services import reminders
from accountwatch.services.workspace import Workspace
from accountwatch.ui.state import AppState

log = logging.getLogger(__name__)

TICK_MS = 60_000
# Wall clock and monotonic clock may drift apart by this much in a minute before it counts as a
# jump (sleep and wake, a changed system time or time zone).
JUMP_TOLERANCE = dt.timedelta(seconds=90)


def timer_interval(now: dt.datetime, next_at: dt.datetime | None) -> int:
    """Milliseconds to wait for `next_at`, never longer than a tick.

    A QTimer holds a signed 32-bit millisecond count (24.8 days): a reminder weeks away must not
    overflow it, and after sleep a long timer would fire late anyway. So the wait is capped at a
    tick and the next tick looks again.
    """
    if next_at is None:
        return TICK_MS
    milliseconds = (next_at - now) / dt.timedelta(milliseconds=1)
    return int(max(0.0, min(milliseconds, float(TICK_MS))))


class ReminderWatch(QObject):
    """Finds what is due, records it as delivered and hands it on through `delivered`.

    Evaluates when started, every minute, at the moment of the next reminder, after the clock
    jumps, and whenever the profile changes (an edit can make something due or silence it).
    """

    delivered = Signal(list)  # list[Reminder], recorded as delivered before the signal
    clock_jumped = Signal()
    passed = Signal()  # an evaluation ended (after `delivered`, if anything was due)

    def __init__(
        self,
        state: AppState,
        *,
        tz: dt.tzinfo | None = None,
        monotonic: Callable[[], float] = time.monotonic,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.state = state
        self.tz = tz
        self._monotonic = monotonic
        self._last: tuple[dt.datetime, float] | None = None
        self._running = False
        self._again = False
        self._failed_once = False
        self.next_at: dt.datetime | None = None
        self.tick = QTimer(self)
        self.tick.setInterval(TICK_MS)
        self.tick.timeout.connect(self.on_tick)
        self.precise = QTimer(self)
        self.precise.setSingleShot(True)
        # A coarse timer may fire up to 5 % early, before the reminder is due.
        self.precise.setTimerType(Qt.TimerType.PreciseTimer)
        self.precise.timeout.connect(self.evaluate)
        state.changed.connect(self._evaluate_soon)  # an edit can make something due
        app = QGuiApplication.instance()
        if isinstance(app, QGuiApplication):
            # Back from sleep the user comes to the app first: look at once, not at the tick.
            app.applicationStateChanged.connect(self._application_state)

    def start(self) -> None:
        self._last = (self.state.clock(), self._monotonic())
        self.tick.start()
        self._evaluate_soon()

    def _evaluate_soon(self) -> None:
        """Evaluate once the window has drawn the new profile. A quick pass starts as soon as
        the drawing is done: beside the repaint it holds the window up no longer than its few
        milliseconds. A longer one waits until the window has repainted too."""
        if reminders.quick_pass(self.state.profile):
            self.state.tasks.once_drawn(self.evaluate)
        else:
            self.state.tasks.when_idle(self.evaluate)

    def _application_state(self, app_state: Qt.ApplicationState) -> None:
        if app_state == Qt.ApplicationState.ApplicationActive and self.tick.isActive():
            self.on_tick()

    def on_tick(self) -> None:
        if self._clock_jumped():
            log.info("the clock jumped; reminders are evaluated again")
            self.clock_jumped.emit()
        self.evaluate()

    def _clock_jumped(self) -> bool:
        wall, mono = self.state.clock(), self._monotonic()
        last, self._last = self._last, (wall, mono)
        if last is None:
            return False
        drift = (wall - last[0]) - dt.timedelta(seconds=mono - last[1])
        return abs(drift) > JUMP_TOLERANCE

    def evaluate(self) -> None:
        """Deliver what is due now (off the GUI thread); one evaluation at a time."""
        if self.state.result is None or not self.tick.isActive():
            return  # not started, or the profile is not loaded yet
        if self.state.working:
            # The profile is being assessed or changed: `changed` comes next and brings this
            # back. Meanwhile a second thread of Python work would starve the GUI thread of
            # the GIL (the recorded check shown at start, then the fresh one, would stall it).
            return
        if self._running:
            self._again = True
            return
        self._running = True
        now, profile, tz = self.state.clock(), self.state.profile, self.tz

        def work(ws: Workspace) -> tuple[list[Reminder], dt.datetime | None]:
            # Only the next minute matters: the timer is capped at a tick.
            return reminders.deliver_due_and_next(ws, now, tz, profile=profile)

        self.state.tasks.write(lambda: work(self.state.ws), self._done, self._failed)

    def _done(self, outcome: tuple[list[Reminder], dt.datetime | None]) -> None:
        due, self.next_at = outcome
        self._finish()
        if due:
            self.state.reminders_changed.emit()
            self.delivered.emit(due)

    def _failed(self, exc: BaseException) -> None:
        # Every minute: a broken evaluation is logged, never a dialog a minute.
        level = logging.DEBUG if self._failed_once else logging.WARNING
        log.log(level, "reminders could not be evaluated: %s", exc)
        self._failed_once = True
        self._finish()

    def _finish(self) -> None:
        self._running = False
        if self.tick.isActive():
            self.precise.start(timer_interval(self.state.clock(), self.next_at))
        self.passed.emit()
        if self._again:
            self._again = False
            self.evaluate()


def snooze(state: AppState, ids: list[str], delay: dt.timedelta) -> None:
    """Deliver these reminders again after `delay` (one of `core.reminders.SNOOZE_CHOICES`)."""
    now = state.clock()
    _write_log(state, lambda: reminders.snooze(state.ws, ids, now + delay, now))


def dismiss(
    state: AppState,
    ids: list[str],
    on_done: Callable[[list[LogEntry]], None] | None = None,
) -> None:
    """Never deliver these reminders again (a later tier of the same thing still comes);
    `on_done` gets what the log held of them before (for `undo_dismiss`)."""
    now = state.clock()
    _write_log(state, lambda: reminders.dismiss(state.ws, ids, now), on_done)


def undo_dismiss(state: AppState, ids: list[str], before: list[LogEntry]) -> None:
    """Put dismissed reminders back as they were."""
    _write_log(state, lambda: reminders.undo_dismiss(state.ws, ids, before))


def _write_log(
    state: AppState,
    change: Callable[[], Any],
    on_done: Callable[[Any], None] | None = None,
) -> None:
    """A change to the reminder log, off the GUI thread; the Reminders page redraws after."""

    def done(value: Any) -> None:
        state.reminders_changed.emit()
        if on_done is not None:
            on_done(value)

    state.tasks.write(change, done, state.failed.emit)


def snooze_all_today(
    state: AppState,
    tz: dt.tzinfo | None = None,
    on_done: Callable[[dt.datetime], None] | None = None,
) -> None:
    """Quiet until tomorrow morning; what was due or delivered today comes back then."""
    now = state.clock()
    until = reminders.tomorrow_morning(now, tz)

    def done(_ids: object) -> None:
        state.reminders_changed.emit()
        if on_done is not None:
            on_done(until)

    state.tasks.write(
        lambda: reminders.snooze_all(state.ws, until, now, tz), done, state.failed.emit
    )
