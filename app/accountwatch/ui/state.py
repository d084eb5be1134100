"""The app's state: the open workspace, the profile and its current assessment, for every page."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

import shiboken6
from PySide6.QtCore import QObject, Signal

from accountwatch.core.model import Profile
from accountwatch.i18n import format_moment
from accountwatch.services import checks, collector, history
from accountwatch.services.types import RunSummary
from accountwatch.services.workspace import Workspace
from accountwatch.ui.tasks import TaskRunner

Clock = Callable[[], dt.datetime]


def local_now() -> dt.datetime:
    return dt.datetime.now().astimezone()


class AppState(QObject):
    """Holds the latest profile and check result; pages listen to `changed` and redraw.

    Every change goes through `apply()`: the service call and the re-assessment run on the
    writer thread, and `changed` fires on the GUI thread with the new state.
    """

    changed = Signal()
    # The history's runs are read (`runs`) before the profile: the Overview shows the last
    # recorded score from them while the profile and the recorded findings are still loading.
    recalled = Signal()
    failed = Signal(object)  # an exception no caller handled
    busy = Signal(bool)
    # The reminder log changed (delivered, snoozed, dismissed): the Reminders page redraws.
    reminders_changed = Signal()
    # What an action that writes has just done, for the status bar, and the file it wrote.
    announced = Signal(str, object)

    def __init__(
        self,
        ws: Workspace,
        tasks: TaskRunner,
        clock: Clock = local_now,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.ws = ws
        self.tasks = tasks
        self.clock = clock
        self.profile = Profile()
        self.result: checks.CheckResult | None = None
        self.runs: list[RunSummary] = []
        self._pending = 0
        # The newest result worked out on the writer thread, settled or not yet: each
        # assessment there builds on it (an edit made while the one at start-up runs is
        # assessed after it, for its accounts only). Read and written on that thread only.
        self._latest: checks.CheckResult | None = None
        # What waits for the profile read whole (see `with_whole_profile`), and whether that
        # read is on its way.
        self._whole_waiting: list[tuple[QObject, Callable[[], object]]] = []
        self._completing = False

    def announce(self, text: str, file: Path | None = None) -> None:
        """Say that an action is done (`file`: the file it wrote, whose folder can be opened)."""
        self.announced.emit(text, file)

    @property
    def today(self) -> dt.date:
        return self.clock().date()

    @property
    def working(self) -> bool:
        """Whether the profile is being loaded, assessed or changed: a new `changed` follows."""
        return self._pending > 0

    @property
    def idle(self) -> bool:
        """Whether the profile has been assessed and no background task is left: started."""
        return self.result is not None and not self.tasks.pending

    @property
    def whole(self) -> bool:
        """Whether `profile` holds every listing's text (see `with_whole_profile`)."""
        return self.result is None or not self.result.partial

    def with_whole_profile(self, owner: QObject, fn: Callable[[], object]) -> None:
        """Call `fn` once `profile` holds every listing's text: at once nearly always; just
        after start-up, once the text is read (an editor opened on listings without it could
        not save them). Not called once Qt has deleted `owner`."""
        if self.whole:
            fn()
            return
        self._whole_waiting.append((owner, fn))
        self._complete()  # asked for: read now, not once the window is idle

    def _evaluate(self, whole: bool = True) -> tuple[checks.CheckResult, list[RunSummary]]:
        # On the writer thread. Only what changed since the newest result is assessed again.
        result = checks.run_check(
            self.ws, self.today, record=False, now=self.clock(), since=self._since(), whole=whole
        )
        result.fix_first  # noqa: B018 - worked out here, off the GUI thread
        self._latest = result
        return result, history.runs(self.ws)

    def _since(self) -> checks.CheckResult | None:
        return self._latest if self._latest is not None else self.result

    def _settle(self, outcome: tuple[checks.CheckResult, list[RunSummary]]) -> None:
        self.result, self.runs = outcome
        self.profile = self.result.profile
        self.changed.emit()
        if self.result.partial:
            # The listings' text is read once the window has drawn the result.
            self.tasks.when_idle(self._complete)
        else:
            self._call_whole_waiting()

    def _complete(self) -> None:
        """Read the listings' text that the check at start-up left out (`checks.completed`):
        the same profile, read whole, in place of the one shown. Nothing on screen changes,
        so `changed` is not emitted."""
        result = self.result
        if result is None or not result.partial or self._completing:
            return
        self._completing = True

        def complete() -> checks.CheckResult | None:
            # On the writer thread. An assessment there since has read the profile whole.
            if self._latest is not result:
                return None
            whole = checks.completed(self.ws, result)
            if whole is not None:
                self._latest = whole
            return whole

        def done(whole: checks.CheckResult | None) -> None:
            self._completing = False
            if self.result is result:
                if whole is not None:
                    self.result, self.profile = whole, whole.profile
                elif not self.working:
                    # The stored profile changed meanwhile (another process wrote) and no
                    # change of ours is on its way: assessed again, read whole.
                    self.apply(lambda _ws: None)
            if self.whole:
                self._call_whole_waiting()
            elif self.result is not result:  # a newer check, partial too: read that one
                self._complete()

        def failed(exc: BaseException) -> None:
            self._completing = False
            self._whole_waiting.clear()
            self._fail(exc)

        self.tasks.write(complete, done, failed)

    def _call_whole_waiting(self) -> None:
        waiting, self._whole_waiting = self._whole_waiting, []
        for owner, fn in waiting:
            if shiboken6.isValid(owner):  # not for a window closed meanwhile
                fn()

    def _track(self, delta: int) -> None:
        self._pending += delta
        self.busy.emit(self._pending > 0)

    def reload(self, on_done: Callable[[], None] | None = None) -> None:
        """Show the last recorded score at once, marked with its date; then the profile with
        that check's findings when it assessed the profile as it stands today, else with a
        fresh assessment (all off the GUI thread).

        The first step reads only the history's summary rows (a small query), so a score is on
        screen before the profile, which takes a large part of a second to load, is read.
        """

        def fresh() -> tuple[checks.CheckResult, list[RunSummary]]:
            # Listings in which no term was found are read without their text: the score is on
            # screen a tenth of a second sooner on a large profile; `_complete` reads the rest.
            return self._evaluate(whole=False)

        def finished(outcome: tuple[checks.CheckResult, list[RunSummary]] | None) -> None:
            self._track(-1)  # before `changed`: what waits for the state to settle may start
            if outcome is not None:
                self._settle(outcome)
            if on_done is not None:
                on_done()

        def recalled(outcome: tuple[checks.CheckResult | None, list[RunSummary]]) -> None:
            recorded, runs = outcome
            if self.result is not None:  # a change landed meanwhile: it is newer
                finished(None)
                return
            if recorded is None:
                self.tasks.write(fresh, finished, self._fail)
                return
            if not recorded.stale:  # it assessed this very profile today: nothing to redo
                finished((recorded, runs))
                return
            self._settle((recorded, runs))
            # Assessing while the window draws the recorded check would stall it (the GIL).
            self.tasks.when_idle(lambda: self.tasks.write(fresh, finished, self._fail))

        def recall() -> tuple[checks.CheckResult | None, list[RunSummary]]:
            # On the writer thread, as every assessment: an edit made meanwhile waits for it,
            # then builds on it; two threads of Python work would starve the window.
            with collector.spared():
                recorded = checks.last_recorded(self.ws, self.today)
                if recorded is not None:
                    recorded.fix_first  # noqa: B018 - worked out here, off the GUI thread
                    if self._latest is None:
                        self._latest = recorded
            return recorded, history.runs(self.ws)

        def summarised(outcome: tuple[list[RunSummary], bool]) -> None:
            if self.result is not None:  # a change landed meanwhile: it is newer
                finished(None)
                return
            self.runs, current = outcome
            if not self.runs:  # nothing recorded yet: there is only the fresh assessment
                self.tasks.write(fresh, finished, self._fail)
                return
            self.recalled.emit()
            if current:  # it assessed this very profile today: it is the result
                # Building its findings while the window draws the score would stall it.
                self.tasks.when_idle(lambda: self.tasks.write(recall, recalled, self._fail))
            else:
                # Out of date: its score stays on screen, marked with its date, until the
                # fresh result replaces it. Its findings are not read to be shown meanwhile:
                # reading and drawing them would hold the fresh result back by as long. The
                # assessment starts at once: the score is a few widgets to draw, and the
                # profile's first tenth of a second is spent reading it from SQLite.
                self.tasks.write(fresh, finished, self._fail)

        def summary() -> tuple[list[RunSummary], bool]:
            runs = history.runs(self.ws)
            if runs:
                # The words of the date beside the score: babel's locale data loads here, off
                # the GUI thread, not while the score is drawn.
                format_moment(runs[0].recorded_at)
            return runs, checks.last_recorded_current(self.ws, self.today)

        self._track(+1)
        if self.result is None:
            self.tasks.run(summary, summarised, self._fail)
        else:  # what is on screen is newer than any recorded check
            self.tasks.write(self._evaluate, finished, self._fail)

    def apply(
        self,
        change: Callable[[Workspace], Any],
        on_done: Callable[[Any], None] | None = None,
        on_error: Callable[[BaseException], None] | None = None,
    ) -> None:
        """Run a service call that writes, then refresh everything that depends on it."""

        def work() -> tuple[Any, tuple[checks.CheckResult, list[RunSummary]]]:
            value = change(self.ws)
            return value, self._evaluate()

        def done(outcome: tuple[Any, tuple[checks.CheckResult, list[RunSummary]]]) -> None:
            self._track(-1)
            value, evaluated = outcome
            self._settle(evaluated)
            if on_done is not None:
                on_done(value)

        def error(exc: BaseException) -> None:
            self._track(-1)
            (on_error or self._report)(exc)

        self._track(+1)
        self.tasks.write(work, done, error)

    def run_health_check(self, on_done: Callable[[checks.CheckResult], None] | None = None) -> None:
        """Assess and record the run in the history."""

        def record(ws: Workspace) -> checks.CheckResult:
            return checks.run_check(
                ws, self.today, record=True, now=self.clock(), since=self._since()
            )

        self.apply(record, on_done)

    def _fail(self, exc: BaseException) -> None:
        self._track(-1)
        self._report(exc)

    def _report(self, exc: BaseException) -> None:
        self.failed.emit(exc)
