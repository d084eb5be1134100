"""The main window as a whole: pages, navigation from a finding, first run, one instance."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import stat
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLineEdit
from pytestqt.qtbot import QtBot

from accountwatch.services.workspace import Workspace
from accountwatch.ui.app import (
    ask_running_instance,
    fill_demo,
    instance_key,
    listen_for_others,
    make_demo_folder,
    memory_backed_dir,
)
from accountwatch.ui.main_window import MainWindow
from accountwatch.ui.navigation import Page, Target
from accountwatch.ui.pages.accounts import AccountsPage
from accountwatch.ui.pages.overview import AccountTile, OverviewPage
from accountwatch.ui.state import AppState


def make_window(qtbot: QtBot, state: AppState) -> MainWindow:
    window = MainWindow(state)
    qtbot.addWidget(window)
    window.show()
    return window


def test_every_page_is_reachable_by_keyboard(qtbot: QtBot, demo_state: AppState) -> None:
    window = make_window(qtbot, demo_state)
    titles = [window.nav.item(i).text() for i in range(window.nav.count())]
    assert titles == [
        "Overview",
        "Accounts",
        "Company",
        "Cards",
        "Payments",
        "Findings",
        "Reminders",
        "History",
        "Settings",
    ]
    window.activateWindow()
    qtbot.waitActive(window)
    window.nav.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is window.nav)
    for number, page in enumerate(window._order, start=1):
        qtbot.keyClick(
            window.nav, Qt.Key(Qt.Key.Key_0 + number), Qt.KeyboardModifier.ControlModifier
        )
        assert window.stack.currentWidget() is window.page(page)


def test_adding_the_first_account_shows_it_on_the_overview(qtbot: QtBot, state: AppState) -> None:
    window = make_window(qtbot, state)
    overview = window.page(Page.OVERVIEW)
    assert isinstance(overview, OverviewPage) and overview.empty.isVisible()
    accounts = window.page(Page.ACCOUNTS)
    assert isinstance(accounts, AccountsPage)
    window.go_to(Target(Page.ACCOUNTS))
    editor = accounts.open_editor(None)
    qtbot.keyClicks(editor.account.label, "Alibaba main")
    editor.show_section(editor.sign_in)
    qtbot.keyClicks(editor.sign_in.login_id, "sakura-buyer")
    editor.save()
    assert not editor.isVisible()
    window.go_to(Target(Page.OVERVIEW))
    assert not overview.empty.isVisible()
    # A first tile is made on the next turn of the event loop (the Overview's first fill).
    qtbot.waitUntil(overview.tiles_box.isVisible)
    tiles = overview.findChildren(AccountTile)
    assert [t.label.text() for t in tiles] == ["Alibaba main"]
    assert overview.gauge.score is not None and overview.gauge.score > 0


def test_a_finding_leads_to_the_field_that_fixes_it(qtbot: QtBot, demo_state: AppState) -> None:
    window = make_window(qtbot, demo_state)
    accounts = window.page(Page.ACCOUNTS)
    assert isinstance(accounts, AccountsPage)
    window.go_to(Target(Page.ACCOUNTS, "aliexpress-store", "two_factor.method"))
    assert window.stack.currentWidget() is accounts
    editor = accounts.editor
    assert editor is not None and editor.isVisible()
    assert editor.focusWidget() is editor.two_factor.method or (editor.two_factor.method.hasFocus())
    editor.reject()


def test_a_second_launch_brings_the_first_to_the_front(
    qtbot: QtBot, demo_state: AppState, tmp_path: Path
) -> None:
    window = make_window(qtbot, demo_state)
    window.showMinimized()
    key = instance_key(tmp_path / "data")
    server = listen_for_others(key, window)
    assert ask_running_instance(key)
    qtbot.waitUntil(lambda: not window.isMinimized(), timeout=3000)
    server.close()
    assert not ask_running_instance(key)


def test_the_demo_starts_from_an_empty_private_folder() -> None:
    folder = make_demo_folder()
    try:
        assert folder.parent.name.startswith("accountwatch-demo-")
        assert not folder.exists()  # the workspace makes it, private, when it opens
        with Workspace.open(folder, memory_secrets=True) as ws:
            fill_demo(ws, dt.date(2026, 11, 29))
            labels = [a.display_name for a in ws.repo.load_profile().accounts]
        assert labels == ["Alibaba.com main", "1688 仕入れ用", "AliExpress store"]
        assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    finally:
        shutil.rmtree(folder.parent)


def _file_system_of(path: Path) -> str:
    """The type of the file system `path` is on (Linux: /proc/self/mountinfo)."""
    best, kind = "", ""
    for line in Path("/proc/self/mountinfo").read_text().splitlines():
        fields = line.split()
        mount_point, fs_type = fields[4], fields[fields.index("-") + 1]
        inside = str(path) == mount_point or str(path).startswith(mount_point.rstrip("/") + "/")
        if inside and len(mount_point) > len(best):
            best, kind = mount_point, fs_type
    return kind


@pytest.mark.skipif(sys.platform != "linux", reason="tmpfs and /dev/shm are Linux's")
def test_the_demo_folder_is_kept_in_memory(monkeypatch: pytest.MonkeyPatch) -> None:
    # Without a session's runtime folder (as here), Linux's /dev/shm: each commit of the demo's
    # throw-away data would otherwise wait for the disk.
    monkeypatch.delenv("XDG_RUNTIME_DIR", raising=False)
    folder = make_demo_folder()
    try:
        assert folder.parent.parent == Path("/dev/shm")
        assert _file_system_of(folder.parent) == "tmpfs"
        assert stat.S_IMODE(folder.parent.stat().st_mode) == 0o700  # no one else's to read
    finally:
        shutil.rmtree(folder.parent)


def test_the_session_runtime_folder_comes_first_and_a_missing_one_is_passed_over(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(tmp_path))
    assert memory_backed_dir() == tmp_path
    folder = make_demo_folder()
    assert folder.parent.parent == tmp_path and folder.parent.name.startswith("accountwatch-demo-")
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(tmp_path / "gone"))
    shm = Path("/dev/shm")
    expected = shm if shm.is_dir() and os.access(shm, os.W_OK | os.X_OK) else None
    assert memory_backed_dir() == expected


def test_typed_text_fields_carry_accessible_names(qtbot: QtBot, demo_state: AppState) -> None:
    window = make_window(qtbot, demo_state)
    accounts = window.page(Page.ACCOUNTS)
    assert isinstance(accounts, AccountsPage)
    editor = accounts.open_editor("alibaba-main")
    unnamed = [
        e for e in editor.findChildren(QLineEdit) if e.isVisible() and not e.accessibleName()
    ]
    assert unnamed == []
    editor.reject()


def test_the_weekly_check_opens_from_the_overview_and_reports_the_next_one(
    qtbot: QtBot, demo_state: AppState
) -> None:
    from accountwatch.ui.wizard import WeeklyCheckWizard

    window = make_window(qtbot, demo_state)
    overview = window.page(Page.OVERVIEW)
    assert isinstance(overview, OverviewPage)
    qtbot.mouseClick(overview.weekly_button, Qt.MouseButton.LeftButton)
    wizard = next(w for w in window.findChildren(WeeklyCheckWizard) if w.isVisible())
    while wizard.currentPage() is not None and not wizard.currentPage().isFinalPage():
        wizard.next()
    wizard.button(WeeklyCheckWizard.WizardButton.FinishButton).click()
    assert len(demo_state.runs) == 1
    assert "Next weekly check: Nov 30, 2026 09:00" in window.statusBar().currentMessage()
