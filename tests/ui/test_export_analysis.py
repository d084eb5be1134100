"""Analysing a password manager's export in the app: counts while it runs (off the GUI
thread), Cancel keeps nothing, the results per account, and the offer to delete the export;
the Pwned Passwords file chosen in Settings."""

from __future__ import annotations

import json
import threading
import time
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from accountwatch.services import breaches, profiles, pwned_file, pwned_index
from accountwatch.services.pwned_file import sha1_hex
from accountwatch.services.workspace import Workspace
from accountwatch.ui.dialogs.export_analysis import ExportAnalysisDialog
from accountwatch.ui.pages.settings_sections.password_manager import PasswordManagerSection
from accountwatch.ui.state import AppState
from accountwatch.ui.tasks import TaskRunner
from conftest import NOW, make_state
from export_files import PROFILE, write_export


@pytest.fixture
def accounts(workspace: Workspace, tmp_path: Path) -> Workspace:
    source = tmp_path / "profile.json"
    source.write_text(json.dumps(PROFILE), "utf-8")
    profiles.import_profile(
        workspace, profiles.read_import(source), replace_all=True, today=NOW.date()
    )
    return workspace


def test_the_results_per_account_and_deleting_the_export(
    qtbot: QtBot, accounts: Workspace, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    state = make_state(accounts)
    export = write_export(tmp_path, "firefox")
    dialog = ExportAnalysisDialog(state, export)
    qtbot.addWidget(dialog)
    dialog.show()

    assert dialog.analysis is not None
    text = dialog.report.toPlainText()
    assert "Alibaba.com main" in text and "rakuten.co.jp, amazon.co.jp" in text
    assert "login.1688.com, sakura.slack.com" in text
    assert "Mar 4, 2025" in text  # Firefox says when the password changed
    assert "written nowhere" in text
    assert dialog.warning.isVisible() and "Delete the export file now" in dialog.warning.text()
    assert dialog.bar.value() == dialog.bar.maximum()
    # What was found is on the accounts page's findings at once.
    reused = [f for f in state.result.assessment.findings if f.rule == "SEC-PASSWORD-REUSED"]
    assert any("rakuten.co.jp" in f.message for f in reused)

    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    dialog.delete_button.click()
    assert not export.exists()
    assert not dialog.delete_button.isVisible()
    assert dialog.warning.text() == "The export file was deleted."


def test_cancel_while_it_runs_keeps_nothing_and_the_window_stays_live(
    qtbot: QtBot, accounts: Workspace, tmp_path: Path
) -> None:
    state = AppState(accounts, TaskRunner(), clock=lambda: NOW)  # real background threads
    state.reload()
    qtbot.waitUntil(lambda: state.idle, timeout=10_000)
    lines = ["name,url,username,password,note"]
    lines += [f"Site {i},https://site{i}.example/,me,Pw-{i}-unique-zq," for i in range(400)]
    export = tmp_path / "chrome.csv"
    export.write_text("\n".join(lines) + "\n", "utf-8")
    dialog = ExportAnalysisDialog(state, export)
    qtbot.addWidget(dialog)
    dialog.show()

    # Counts arrive while the passwords are stretched on other threads.
    qtbot.waitUntil(lambda: dialog.bar.value() > 0, timeout=20_000)
    assert "of 400" in dialog.status.text()
    dialog.cancel_button.click()
    qtbot.waitUntil(lambda: dialog.status.text() == "Stopped: nothing was kept.", timeout=20_000)
    assert state.tasks.wait(20_000)
    assert all(not a.other_sites for a in accounts.repo.load_profile().accounts)
    assert dialog.close_button.isVisible() and not dialog.delete_button.isVisible()


def test_a_file_that_is_not_an_export_says_why_and_changes_nothing(
    qtbot: QtBot, accounts: Workspace, tmp_path: Path
) -> None:
    state = make_state(accounts)
    before = accounts.repo.load_profile()
    wrong = tmp_path / "payees.csv"
    wrong.write_text("date,amount,payee\n2026-01-01,3,x\n", "utf-8")
    dialog = ExportAnalysisDialog(state, wrong)
    qtbot.addWidget(dialog)
    dialog.show()
    assert "nothing was changed" in dialog.status.text()
    assert "not the header of a Bitwarden" in dialog.status.text()
    assert not dialog.delete_button.isVisible()
    assert accounts.repo.load_profile() == before


def test_settings_choose_the_pwned_passwords_file(
    qtbot: QtBot, accounts: Workspace, tmp_path: Path
) -> None:
    state = make_state(accounts)
    section = PasswordManagerSection(state)
    qtbot.addWidget(section)
    assert "Not set" in section.pwned_path.text()

    wrong = tmp_path / "ntlm.txt"
    wrong.write_text("8846F7EAEE8FB117AD06BDD830B7586C:10\n")
    section._use(wrong)
    assert "NTLM" in section.error.text() and "Not set" in section.pwned_path.text()

    good = tmp_path / "pwned.txt"
    good.write_text(f"{sha1_hex('Tora-Umi-4410-zz')}:12\n")
    section._use(good)
    assert section.pwned_path.text() == str(good)
    assert section.off_button.isEnabled()
    section._use(None)
    assert "Not set" in section.pwned_path.text()


def _large_pwned(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A 2.6 MB hash file that counts as large (its index is kept in the cache folder); a real
    large one is 64 MiB and more."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.setattr(pwned_file, "KEEP_INDEX_FROM", 100_000)
    hashes = sorted(sha1_hex(f"pw-{i}") for i in range(60_000))
    path = tmp_path / "pwned-large.txt"
    path.write_text("".join(f"{h}:3\n" for h in hashes), "ascii")
    return path


def test_choosing_the_file_prepares_its_index_with_progress(
    qtbot: QtBot, accounts: Workspace, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = _large_pwned(tmp_path, monkeypatch)
    section = PasswordManagerSection(make_state(accounts))
    qtbot.addWidget(section)
    assert section.index_state.isHidden()
    percents: list[int] = []
    section._progress.percent.connect(percents.append)
    section._use(path)
    assert percents and percents[-1] == 100 and percents == sorted(set(percents))
    assert "Ready" in section.index_state.text() and not section.index_state.isHidden()
    assert list((tmp_path / "cache").rglob("*.idx"))
    # A folder needs no index; turning the check off neither.
    section._use(None)
    assert section.index_state.isHidden()


def test_turning_the_check_off_stops_the_build(
    qtbot: QtBot, accounts: Workspace, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Real worker threads: the build is under way when the check is turned off.
    path = _large_pwned(tmp_path, monkeypatch)
    state = AppState(accounts, TaskRunner(), clock=lambda: NOW)
    section = PasswordManagerSection(state)
    qtbot.addWidget(section)
    qtbot.waitUntil(lambda: not state.tasks.pending, timeout=10_000)  # the file in use: none
    started = threading.Event()
    real = pwned_index.build

    def slow_build(read: Any, size: int, progress: Any = None) -> Any:
        def step(done: int, total: int) -> None:
            started.set()
            time.sleep(0.05)  # as a large file's blocks take
            if progress is not None:
                progress(done, total)

        return real(read, size, step)

    monkeypatch.setattr(pwned_index, "build", slow_build)
    breaches.set_path(accounts, path)
    section._show_path(path)
    # Whether the path is a file is asked on a worker too: the GUI thread turns meanwhile.
    qtbot.waitUntil(started.is_set, timeout=10_000)
    section._use(None)
    qtbot.waitUntil(lambda: not state.tasks.pending, timeout=10_000)
    assert section.index_state.isHidden()
    assert "Not set" in section.pwned_path.text()
    assert not list((tmp_path / "cache").rglob("*.idx"))  # stopped: nothing kept


def test_the_file_is_looked_at_off_the_gui_thread(
    qtbot: QtBot, accounts: Workspace, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A breach file on a network share may take seconds to answer whether it is a file.
    path = _large_pwned(tmp_path, monkeypatch)
    breaches.set_path(accounts, path)
    asked_on: list[threading.Thread] = []

    def watched(real: Any) -> Any:
        def asked(self: Path) -> bool:
            if self == path:
                asked_on.append(threading.current_thread())
            return bool(real(self))

        return asked

    for name in ("is_file", "is_dir", "exists"):
        monkeypatch.setattr(Path, name, watched(getattr(Path, name)))
    state = AppState(accounts, TaskRunner(), clock=lambda: NOW)
    section = PasswordManagerSection(state)
    qtbot.addWidget(section)
    qtbot.waitUntil(lambda: not state.tasks.pending, timeout=10_000)  # the file in use: none
    section._show_path(path)
    qtbot.waitUntil(lambda: "Ready" in section.index_state.text(), timeout=10_000)
    assert asked_on and threading.main_thread() not in asked_on
    # A folder: nothing to index, and nothing said about an index.
    section._show_path(tmp_path)
    qtbot.waitUntil(lambda: not state.tasks.pending, timeout=10_000)
    assert section.index_state.isHidden()
