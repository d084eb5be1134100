"""Starts the desktop app: one instance per data folder, the demo, Qt's own translations."""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import hashlib
import linecache
import os
import shutil
import sys
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, cast

from PySide6.QtWidgets import QApplication, QMessageBox, QSystemTrayIcon

from accountwatch import APP_ID, APP_NAME, __version__, i18n
from accountwatch.paths import data_dir
from accountwatch.services import collector, preferences
from accountwatch.services.preferences import stored_language
from accountwatch.services.storage import DatabaseDamaged
from accountwatch.services.types import DataDirError, KeyringUnavailable
from accountwatch.services.workspace import Workspace
from accountwatch.ui.main_window import MainWindow
from accountwatch.ui.navigation import Page, Target
from accountwatch.ui.qt_translations import install_qt_translations
from accountwatch.ui.quiet_collection import QuietCollection
from accountwatch.ui.restart import restart_requested, start_again
from accountwatch.ui.restore_prompt import offer_restore
from accountwatch.ui.state import AppState
from accountwatch.ui.tasks import TaskRunner

EXIT_DATA_DIR = 3
# How long a thread holding the GIL may go before handing it to one waiting (seconds).
GUI_SWITCH_INTERVAL = 0.001

if TYPE_CHECKING:
    from PySide6.QtNetwork import QLocalServer

    from accountwatch.services.types import ImportResult
    from accountwatch.ui.pages.accounts import AccountsPage
    from accountwatch.ui.pages.overview import OverviewPage
    from accountwatch.ui.pages.settings import SettingsPage
    from accountwatch.ui.tray import Tray


def instance_key(folder: Path) -> str:
    """One running app per data folder: the name of its local socket."""
    digest = hashlib.sha256(str(folder.resolve()).encode()).hexdigest()[:16]
    return f"{APP_ID}-{digest}"


def ask_running_instance(key: str) -> bool:
    """Ask an app already running on this folder to come to the front; True if one did."""
    from PySide6.QtNetwork import QLocalSocket  # not loaded by the demo, which never asks

    socket = QLocalSocket()
    socket.connectToServer(key)
    if not socket.waitForConnected(500):
        return False
    socket.write(b"raise\n")
    socket.waitForBytesWritten(500)
    socket.disconnectFromServer()
    return True


def listen_for_others(key: str, window: MainWindow) -> QLocalServer:
    from PySide6.QtNetwork import QLocalServer

    server = QLocalServer(window)
    QLocalServer.removeServer(key)  # a stale socket left by a crash
    server.listen(key)

    def on_connection() -> None:
        connection = server.nextPendingConnection()
        if connection is not None:
            connection.disconnected.connect(connection.deleteLater)
        window.bring_to_front()

    server.newConnection.connect(on_connection)
    return server


def use_language_font(app: QApplication) -> None:
    """The whole app in the language's one font family (Noto Sans CJK JP for Japanese, its
    Latin letters and digits included), at the platform's size."""
    family = i18n.font_family()
    if family:
        font = app.font()
        font.setFamilies([family])
        app.setFont(font)


def memory_backed_dir() -> Path | None:
    """A folder kept in memory (tmpfs) for the demo's throw-away data, None where there is none:
    the session's runtime folder, else Linux's /dev/shm."""
    runtime = os.environ.get("XDG_RUNTIME_DIR")
    for candidate in (Path(runtime) if runtime else None, Path("/dev/shm")):
        if candidate and candidate.is_dir() and os.access(candidate, os.W_OK | os.X_OK):
            return candidate
    return None


def make_demo_folder() -> Path:
    """An empty temporary data folder for the demo: the sample profile goes in once the window
    is up (reading it and assessing its recorded checks take a tenth of a second).

    In memory where the system has such a folder: on a disk each of the demo's commits waits for
    the disk to confirm it (tens of milliseconds each on a busy one), for data that is deleted
    when the demo ends."""
    place = memory_backed_dir()
    return Path(tempfile.mkdtemp(prefix="accountwatch-demo-", dir=place)) / "data"


def fill_demo(ws: Workspace, today: dt.date) -> ImportResult:
    """The sample profile and its past weekly checks into the demo's folder (a background
    task)."""
    # Loaded here, in the background: only the demo needs the profile format to start.
    from accountwatch.services.demo import import_demo

    # The sample company speaks the app's language (a Japanese company for Japanese users).
    return import_demo(ws, today, i18n.current_language())


def start_demo_process() -> None:
    """ "Try the demo" opens a separate app on sample data; the user's profile stays untouched."""
    from PySide6.QtCore import QProcess  # loaded here: only the button needs it (1 ms a start)

    QProcess.startDetached(sys.executable, ["-m", "accountwatch", "gui", "--demo"])


def run_app(args: argparse.Namespace) -> int:
    """The app, until its window closes; the exit status."""
    # The GUI thread shares the GIL with the workers (a check, a page's rows, the reminders).
    # Laying out or painting calls into Python many times, and each call may wait for a worker
    # to hand the GIL over: after 5 ms by default, 1 ms here (bench/pages.py: the stalls after
    # an edit). The workers lose little: they switch more often, not for longer.
    switch_interval = sys.getswitchinterval()
    sys.setswitchinterval(GUI_SWITCH_INTERVAL)
    try:
        return _run_app(args)
    finally:
        sys.setswitchinterval(switch_interval)


def _run_app(args: argparse.Namespace) -> int:
    QApplication.setApplicationName(APP_NAME)
    QApplication.setApplicationVersion(__version__)
    QApplication.setDesktopFileName(APP_ID)
    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    stored = stored_language(data_dir(getattr(args, "data_dir", None)))
    language = i18n.set_language(i18n.choose_language(getattr(args, "lang", None), stored))
    install_qt_translations(app, language)
    use_language_font(app)

    demo = bool(getattr(args, "demo", False))
    today = dt.datetime.now().astimezone().date()
    folder = make_demo_folder() if demo else data_dir(args.data_dir)
    # The demo's folder is new and its name random: no other launch can ask for it, so it
    # neither asks nor listens (nor loads QtNetwork, megabytes with the libraries it links).
    key = None if demo else instance_key(folder)
    if key is not None and ask_running_instance(key):
        return 0
    restored: str | None = None
    try:
        # The demo's secrets (sample data) stay in memory, out of the user's keyring.
        try:
            ws = Workspace.open(folder, memory_secrets=demo)
        except DatabaseDamaged as exc:
            restored = offer_restore(None, folder, exc)
            if restored is None:
                return EXIT_DATA_DIR
            ws = Workspace.open(folder, memory_secrets=demo)
        writer = ws.writing()
        writer.__enter__()  # the app is the data folder's one writer for as long as it runs
    except DataDirError as exc:
        QMessageBox.critical(None, APP_NAME, str(exc))
        return EXIT_DATA_DIR
    state = AppState(ws, TaskRunner())
    collect_once_started(state)
    server: QLocalServer | None = None
    collection = QuietCollection(app)
    collection.start()
    try:
        window = MainWindow(state, demo=demo)
        wire_empty_state(window)
        if key is not None:
            server = listen_for_others(key, window)
        # Without a tray a hidden window could never be found again: it shows after all.
        hidden = getattr(args, "hidden", False) and QSystemTrayIcon.isSystemTrayAvailable()
        if not hidden:
            window.show()
        start_reminders(window, state)  # after the window shows: not needed for its first paint
        # What shiboken's import hook read into linecache before accountwatch.ui replaced its
        # check (the modules PySide6 itself loads): lines nobody reads.
        linecache.clearcache()
        if demo:  # the sample profile and its history, then today's assessment: one task
            state.apply(lambda ws: fill_demo(ws, today))
        else:
            state.reload()
        if restored is not None:
            state.announce(restored)
        return app.exec()
    finally:
        if server is not None:  # no new instance may hand over to this one any more
            server.close()
        state.tasks.wait()
        collection.stop()
        writer.__exit__(None, None, None)
        if demo:
            # The demo's secrets, held in memory: gone with the process, cleared all the same.
            with contextlib.suppress(KeyringUnavailable):
                ws.forget_secrets()
        ws.close()
        if demo:
            shutil.rmtree(folder.parent, ignore_errors=True)
        if restart_requested():  # after a restore: the data folder is free for the new one
            start_again()


def collect_once_started(state: AppState) -> None:
    """The garbage collector, held off since the program's entry (`collector.hold_for_start`),
    back on once the first result is in (or the first load failed)."""

    def started(*_args: object) -> None:
        state.changed.disconnect(started)
        state.failed.disconnect(started)
        collector.started()

    state.changed.connect(started)
    state.failed.connect(started)


def start_reminders(window: MainWindow, state: AppState) -> Tray:
    """The tray icon and the minute-by-minute reminder watch, started once the profile is in."""
    # Loaded here, after the window exists: the tray is not needed for the first paint.
    from accountwatch.ui.notifiers import notifier_for
    from accountwatch.ui.reminder_watch import ReminderWatch
    from accountwatch.ui.tray import Tray

    watch = ReminderWatch(state, parent=window)
    # jeepney on Linux, desktop-notifier on Windows and macOS (README "Notifications").
    notifications = notifier_for(sys.platform, parent=window)
    if notifications is not None:
        app_instance = QApplication.instance()
        if app_instance is not None:
            app_instance.aboutToQuit.connect(notifications.stop)
    tray = Tray(window, state, watch, notifications=notifications)
    window.notification_route = tray.route_text
    if tray.available:
        app = QApplication.instance()
        assert isinstance(app, QApplication)
        # Hidden in the tray the app lives on; a closed dialog must not end it.
        app.setQuitOnLastWindowClosed(False)
        window.keep_in_tray = lambda: preferences.close_to_tray(state.ws)
        window.hidden_to_tray = tray.window_hidden

    def first_load() -> None:
        state.changed.disconnect(first_load)
        watch.start()

    state.changed.connect(first_load)
    return tray


def wire_empty_state(window: MainWindow) -> None:
    """The overview's first-run buttons lead to the accounts editor, the import, the demo."""
    overview = cast("OverviewPage", window.page(Page.OVERVIEW))

    def add_first() -> None:
        window.go_to(Target(Page.ACCOUNTS))
        cast("AccountsPage", window.page(Page.ACCOUNTS)).open_editor(None)

    def import_profile() -> None:
        window.go_to(Target(Page.SETTINGS))
        cast("SettingsPage", window.page(Page.SETTINGS)).import_profile()

    overview.add_first_account = add_first
    overview.import_profile = import_profile
    overview.try_demo = start_demo_process
