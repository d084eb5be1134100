"""The restart after a restore: the new instance starts only once this one has let go of its
data folder, else it would hand over to the quitting one and no app would be left."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
import time
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from accountwatch.core.demo import demo_profile
from accountwatch.services import profiles
from accountwatch.services.workspace import Workspace
from accountwatch.store.lock import WriterLock
from accountwatch.ui import app as app_module
from accountwatch.ui.main_window import MainWindow
from accountwatch.ui.restart import request_restart, restart_requested, start_again


def test_the_new_instance_starts_after_this_one_let_go(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "data"
    Workspace.open(folder).close()
    key = app_module.instance_key(folder)
    seen: dict[str, object] = {}

    def event_loop(_app: QApplication) -> int:
        [window] = [
            w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow) and w.isVisible()
        ]
        qtbot.waitUntil(lambda: window.state.idle, timeout=20_000)
        seen["answering while running"] = app_module.ask_running_instance(key)
        request_restart()  # what "Restore this backup" does once the backup is back
        window.close()
        return 0

    def started() -> bool:
        # The moment the new instance would start: nobody answers on the folder's socket and
        # the folder's lock is free, so it would open the folder, not hand over and exit.
        seen["answering at restart"] = app_module.ask_running_instance(key)
        with WriterLock(folder):
            seen["lock free at restart"] = True
        return True

    monkeypatch.setattr(QApplication, "exec", event_loop)
    monkeypatch.setattr(app_module, "start_again", started)
    try:
        args = argparse.Namespace(demo=False, data_dir=str(folder), lang=None, hidden=False)
        assert app_module.run_app(args) == 0
    finally:
        QApplication.instance().setProperty("accountwatchRestart", False)  # type: ignore[union-attr]
    assert seen == {
        "answering while running": True,
        "answering at restart": False,
        "lock free at restart": True,
    }
    assert not restart_requested()


def test_start_again_runs_the_same_command(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A real detached process with this process's arguments: here an import, seen in the
    data folder it writes."""
    source = tmp_path / "demo.json"
    source.write_text(json.dumps(demo_profile(dt.date(2026, 12, 2))), "utf-8")
    folder = tmp_path / "data"
    monkeypatch.setattr(
        sys, "argv", ["accountwatch", "import", str(source), "--data-dir", str(folder)]
    )
    assert start_again()
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if (folder / "accountwatch.sqlite3").exists():
            try:
                with Workspace.open_existing(folder) as ws:
                    if profiles.export_profile(ws, include_secrets=False).count('"alibaba-main"'):
                        return
            except Exception:  # the import may still be writing
                pass
        time.sleep(0.2)
    pytest.fail("the restarted command did not import the profile within 60 s")
