"""Full garbage collections while the user is away from the window, not in the middle of a click."""

from __future__ import annotations

import gc
import time
from collections.abc import Callable

from PySide6.QtCore import QObject, Qt, QTimer
from PySide6.QtWidgets import QApplication

# Python starts a full collection on its own once enough objects have outlived the younger
# generations; with a large profile in memory (a million objects) it walks them all in one call
# of about 100 ms that holds the GIL, whichever thread it lands on: after an edit the window
# froze that long (bench/pages.py). Those collections are left to this module instead.
NEVER = 1_000_000_000
# While the window is in use, a full collection at most this often all the same (seconds): what
# only the cyclic collector frees (objects in reference cycles) must not pile up for hours.
LONGEST_WITHOUT = 30 * 60
# How soon after the last one a collection may run again when the user leaves the window.
SHORTEST_BETWEEN = 60
CHECK_EVERY_MS = 60_000


class QuietCollection(QObject):
    """Takes the full (oldest-generation) collections off Python's own schedule and makes them
    when the app is left (another window active, the window hidden to the tray), or once
    LONGEST_WITHOUT has passed. The young generations are collected as before: they are small.
    """

    def __init__(
        self,
        app: QApplication,
        monotonic: Callable[[], float] = time.monotonic,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._app = app
        self._monotonic = monotonic
        self._thresholds = gc.get_threshold()
        self._last = monotonic()
        self.collections = 0
        self._timer = QTimer(self)
        self._timer.setInterval(CHECK_EVERY_MS)
        self._timer.timeout.connect(self._check)
        app.applicationStateChanged.connect(self._application_state)

    def start(self) -> None:
        young, middle, _oldest = self._thresholds
        gc.set_threshold(young, middle, NEVER)
        self._last = self._monotonic()
        self._timer.start()

    def stop(self) -> None:
        """Python's own schedule again (the app is closing, or a test is done with it)."""
        self._timer.stop()
        gc.set_threshold(*self._thresholds)

    def _application_state(self, state: Qt.ApplicationState) -> None:
        if self._timer.isActive() and state != Qt.ApplicationState.ApplicationActive:
            self._collect_after(SHORTEST_BETWEEN)

    def _check(self) -> None:
        away = self._app.applicationState() != Qt.ApplicationState.ApplicationActive
        self._collect_after(SHORTEST_BETWEEN if away else LONGEST_WITHOUT)

    def _collect_after(self, seconds: float) -> None:
        if self._monotonic() - self._last < seconds:
            return
        gc.collect()
        self._last = self._monotonic()
        self.collections += 1
