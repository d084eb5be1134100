"""Restarting the app (after a restore): the new instance starts once this one has let go.

Started before this instance had quit, the new one would find it still answering on the
data folder's socket (or still holding the folder's lock), hand over to it and exit, leaving
no app at all. So a restart is only asked for here; `run_app` starts the new instance after
its own clean-up: socket closed, lock released, database closed."""

from __future__ import annotations

import sys

from PySide6.QtWidgets import QApplication

# A property of the QApplication: set, the app starts again once it has quit.
_RESTART = "accountwatchRestart"


def request_restart() -> None:
    """Quit, and start again with the same arguments once this instance has let go."""
    app = QApplication.instance()
    if app is not None:
        app.setProperty(_RESTART, True)
    QApplication.quit()


def restart_requested() -> bool:
    app = QApplication.instance()
    return app is not None and bool(app.property(_RESTART))


def start_again() -> bool:
    """The same program with the same arguments, detached; False when it could not start."""
    from PySide6.QtCore import QProcess  # loaded here: only a restart needs it (1 ms a start)

    if getattr(sys, "frozen", False):  # the packaged app: the executable is the app itself
        started = QProcess.startDetached(sys.executable, sys.argv[1:])
    else:
        started = QProcess.startDetached(sys.executable, ["-m", "accountwatch", *sys.argv[1:]])
    # PySide6 answers (ok, pid) for the overload that reports the new process's id.
    return bool(started[0] if isinstance(started, tuple) else started)
