"""Each action that writes says so in the status bar, with "Open folder" for a file written."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QFileDialog
from pytestqt.qtbot import QtBot

from accountwatch.ui.main_window import MainWindow
from accountwatch.ui.navigation import Page, Target
from accountwatch.ui.pages.overview import OverviewPage
from accountwatch.ui.pages.payments import PaymentsPage
from accountwatch.ui.pages.settings import SettingsPage
from accountwatch.ui.state import AppState


def make_window(qtbot: QtBot, state: AppState) -> MainWindow:
    window = MainWindow(state)
    qtbot.addWidget(window)
    window.show()
    return window


def click(qtbot: QtBot, widget: object) -> None:
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)  # type: ignore[arg-type]


def test_exporting_the_report_says_where_and_opens_its_folder(
    qtbot: QtBot, demo_state: AppState, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "report.html"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    opened: list[QUrl] = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(url) or True)
    window = make_window(qtbot, demo_state)
    overview = window.page(Page.OVERVIEW)
    assert isinstance(overview, OverviewPage)
    click(qtbot, overview.export_button)
    assert target.exists()
    assert str(target) in window.status_text.text()
    assert window.open_folder_button.isVisible()
    click(qtbot, window.open_folder_button)
    assert [url.toLocalFile() for url in opened] == [str(tmp_path)]


def test_a_health_check_says_it_was_recorded(qtbot: QtBot, demo_state: AppState) -> None:
    window = make_window(qtbot, demo_state)
    overview = window.page(Page.OVERVIEW)
    assert isinstance(overview, OverviewPage)
    click(qtbot, overview.run_button)
    assert "Health check recorded" in window.status_text.text()
    assert not window.open_folder_button.isVisible()  # no file written


def test_mark_paid_says_so(qtbot: QtBot, demo_state: AppState) -> None:
    window = make_window(qtbot, demo_state)
    window.go_to(Target(Page.PAYMENTS, "1688-service", "paid_on"))
    payments = window.page(Page.PAYMENTS)
    assert isinstance(payments, PaymentsPage)
    dialog = payments.mark_paid()
    assert dialog is not None
    click(qtbot, dialog.ok_button)
    assert "marked paid on Nov 29, 2026" in window.status_text.text()


def test_an_import_says_what_came_in(
    qtbot: QtBot, demo_state: AppState, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    source = tmp_path / "one.json"
    account = {"id": "extra", "platform": "1688", "label": "Extra", "login_id": "x"}
    document = {"format": "accountwatch.profile", "version": 1, "accounts": [account]}
    source.write_text(json.dumps(document), "utf-8")
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(source), ""))
    window = make_window(qtbot, demo_state)
    window.go_to(Target(Page.SETTINGS))
    settings = window.page(Page.SETTINGS)
    assert isinstance(settings, SettingsPage)
    click(qtbot, settings.transfer.import_button)
    assert "Imported — accounts: 1" in window.status_text.text()
