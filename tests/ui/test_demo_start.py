"""`accountwatch --demo` shows its window first and fills in the sample profile after."""

from __future__ import annotations

import argparse
import gc
import hashlib
import json
import os
import subprocess
import sys
import types

import pytest
from PySide6.QtWidgets import QApplication, QMessageBox
from pytestqt.qtbot import QtBot

from accountwatch.ui.app import GUI_SWITCH_INTERVAL, run_app
from accountwatch.ui.main_window import MainWindow
from accountwatch.ui.navigation import Page
from accountwatch.ui.pages.overview import AccountTile, OverviewPage
from accountwatch.ui.quiet_collection import NEVER


def test_the_demo_window_shows_before_its_passwords_are_analysed(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen: dict[str, object] = {}

    def event_loop(_app: QApplication) -> int:
        # Earlier tests' windows may wait, closed, for their deferred deletion: the shown one.
        [window] = [
            w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow) and w.isVisible()
        ]
        state = window.state
        # The sample data's secrets stay out of the user's keyring.
        seen["vault"] = type(state.ws.vault).__name__
        # Nothing has come back yet: the sample profile's import (with its history) and the
        # first assessment are queued as one task: no half-filled demo is ever drawn.
        seen["shown, work pending"] = (window.isVisible(), state.tasks.pending)
        qtbot.waitUntil(lambda: state.idle, timeout=20_000)
        overview = window.page(Page.OVERVIEW)
        assert isinstance(overview, OverviewPage)
        seen["tiles"] = [t.label.text() for t in overview.findChildren(AccountTile)]
        seen["analysed"] = [a.id for a in state.profile.accounts if a.password is not None]
        assert state.result is not None
        seen["findings"] = {(f.rule, f.account) for f in state.result.assessment.findings}
        # What the overview's trend chart reads out: the weekly checks on record.
        seen["trend"] = overview.trend.accessibleDescription().split("; ")
        seen["runs"] = [r.evaluated_on for r in state.runs]
        # While the app runs: full collections on its own schedule, the GIL handed over sooner.
        seen["running: collections, switch"] = (gc.get_threshold()[2], sys.getswitchinterval())
        window.close()
        return 0

    monkeypatch.setattr(QApplication, "exec", event_loop)
    args = argparse.Namespace(demo=True, data_dir=None, lang=None, hidden=False)
    thresholds, switch = gc.get_threshold(), sys.getswitchinterval()
    assert run_app(args) == 0
    assert seen["running: collections, switch"] == (NEVER, GUI_SWITCH_INTERVAL)
    # Given back when the app ends (tests and other callers go on in the same process).
    assert (gc.get_threshold(), sys.getswitchinterval()) == (thresholds, switch)
    assert seen["shown, work pending"] == (True, 1)
    assert seen["vault"] == "MemoryVault"
    assert seen["tiles"] == ["Alibaba.com main", "1688 仕入れ用", "AliExpress store"]
    assert seen["analysed"] == ["alibaba-main", "1688-shop"]
    findings = seen["findings"]
    assert isinstance(findings, set)
    assert ("SEC-PASSWORD-REUSED", "alibaba-main") in findings
    unchecked = {account for rule, account in findings if rule == "SEC-PASSWORD-UNCHECKED"}
    assert unchecked == {"aliexpress-store"}  # the one sample account without a password
    trend = seen["trend"]
    assert isinstance(trend, list) and len(trend) == 5  # the chart reads out the last five
    runs = seen["runs"]
    assert isinstance(runs, list) and len(runs) == 8  # the weekly checks of the past 8 weeks


def test_the_demo_starts_without_zxcvbn_or_scrypt(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Its passwords' analyses ship with it (core/demo.py): the start runs neither. Both are
    # replaced by functions that note the call and fail, so a call shows even when a task's
    # failure would only reach a dialog.
    called: list[str] = []

    def refuse(name: str) -> object:
        def refused(*_args: object, **_kwargs: object) -> None:
            called.append(name)
            raise AssertionError(f"{name} ran at the demo's start")

        return refused

    fake_zxcvbn = types.ModuleType("zxcvbn")
    fake_zxcvbn.zxcvbn = refuse("zxcvbn")  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "zxcvbn", fake_zxcvbn)
    monkeypatch.setattr(hashlib, "scrypt", refuse("scrypt"))
    # A task's failure would open a message box nobody can answer here: noted instead.
    monkeypatch.setattr(
        QMessageBox, "critical", lambda _parent, _title, text: called.append(f"shown: {text}")
    )
    seen: dict[str, object] = {}

    def event_loop(_app: QApplication) -> int:
        [window] = [
            w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow) and w.isVisible()
        ]
        state = window.state
        qtbot.waitUntil(lambda: state.idle or bool(called), timeout=20_000)
        if called:
            window.close()
            return 0
        assert state.result is not None
        seen["reused"] = {
            f.account for f in state.result.assessment.findings if f.rule == "SEC-PASSWORD-REUSED"
        }
        window.close()
        return 0

    monkeypatch.setattr(QApplication, "exec", event_loop)
    args = argparse.Namespace(demo=True, data_dir=None, lang="en", hidden=False)
    assert run_app(args) == 0
    assert called == []
    # The shipped analyses count as the fresh ones would: the reuse is found.
    assert seen["reused"] == {"alibaba-main", "1688-shop"}


# Starts the demo as the `accountwatch` command does, offscreen, and once it has started
# (nothing pending) prints what it has loaded of what the demo does not need.
_STARTED_DEMO = """
import json, linecache, sys
from accountwatch.cli import main
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
_exec = QApplication.exec

def _exec_until_started(*_args):
    from accountwatch.ui.main_window import MainWindow
    def poll():
        [window] = [w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow)]
        if not window.state.idle:
            QTimer.singleShot(5, poll)
            return
        unneeded = ('zxcvbn', 'babel', 'multiprocessing', 'PySide6.QtNetwork')
        print(json.dumps({
            'loaded': [m for m in unneeded if m in sys.modules],
            'sources kept': [f for f in linecache.cache if 'accountwatch' in f],
            'runs': len(window.state.runs),
        }))
        QApplication.quit()
    QTimer.singleShot(0, poll)
    return _exec()

QApplication.exec = _exec_until_started
sys.exit(main(['gui', '--demo', '--lang', sys.argv[1]]))
"""


@pytest.mark.parametrize("language", ["en", "ja"])
def test_the_started_demo_has_loaded_nothing_it_does_not_need(language: str) -> None:
    # A fresh process, as the command starts: this one has loaded everything already.
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run(
        [sys.executable, "-c", _STARTED_DEMO, language],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=True,
    )
    seen = json.loads(done.stdout.splitlines()[-1])
    # zxcvbn: the analyses ship with the sample; babel: dates, amounts and the profile's codes
    # are written out; multiprocessing: the password export's; QtNetwork: the one-instance
    # socket, which the demo's random folder has no use for.
    assert seen == {"loaded": [], "sources kept": [], "runs": 8}
