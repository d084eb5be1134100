"""Settings → Data → "Restore a backup…": lists the backups (damaged ones shown, not choosable),
Cancel is the default, the chosen one goes back with the current database kept aside, and the
app restarts. Message boxes are answered by replacing the function that shows them, and the
restart is recorded instead of starting a second app (nobody clicks offscreen)."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox, QMessageBox
from pytestqt.qtbot import QtBot

from accountwatch.services import editing
from accountwatch.services.workspace import Workspace
from accountwatch.ui.pages.settings import SettingsPage
from accountwatch.ui.pages.settings_sections.restore_backup import BackupDialog, list_entries
from accountwatch.ui.state import AppState


def label_of(folder: Path, account_id: str) -> str:
    ws = Workspace.open(folder)
    try:
        account = ws.repo.load_profile().account(account_id)
        return account.label if account else ""
    finally:
        ws.close()


def test_the_chosen_backup_comes_back_and_the_app_restarts(
    qtbot: QtBot, demo_state: AppState, monkeypatch: pytest.MonkeyPatch
) -> None:
    ws = demo_state.ws
    folder = ws.data_dir
    backup = ws.db.backup()
    doc = editing.item_document(ws.repo.load_profile(), "accounts", "alibaba-main")
    doc["label"] = "Renamed by mistake"
    demo_state.apply(lambda w: editing.put_item(w, "accounts", doc, replacing="alibaba-main"))
    told: list[str] = []
    monkeypatch.setattr(QMessageBox, "information", lambda parent, title, text: told.append(text))
    restarted: list[bool] = []
    page = SettingsPage(demo_state, lambda target: None)
    qtbot.addWidget(page)
    page.show()
    offered: list[list[Path]] = []

    def choose(entries: list, parent: object) -> Path:  # type: ignore[type-arg]
        offered.append([e.path for e in entries])
        return backup

    page.storage.restoring.choose = choose
    page.storage.restoring.restart = lambda: restarted.append(True)
    qtbot.mouseClick(page.storage.restore_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(restarted), timeout=10_000)

    assert backup in offered[0]
    assert "AccountWatch restarts now" in told[0] and backup.name in told[0]
    assert label_of(folder, "alibaba-main") == "Alibaba.com main"
    assert list(folder.glob("accountwatch-replaced-*.sqlite3"))  # the replaced file is kept


def test_cancel_restores_nothing(
    qtbot: QtBot, demo_state: AppState, monkeypatch: pytest.MonkeyPatch
) -> None:
    demo_state.ws.db.backup()
    page = SettingsPage(demo_state, lambda target: None)
    qtbot.addWidget(page)
    page.show()
    restarted: list[bool] = []
    page.storage.restoring.choose = lambda entries, parent: None
    page.storage.restoring.restart = lambda: restarted.append(True)
    qtbot.mouseClick(page.storage.restore_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not page.storage.restoring.busy, timeout=10_000)
    assert not restarted
    assert demo_state.ws.repo.load_profile().accounts  # still open and working


def test_the_dialog_offers_good_backups_and_defaults_to_cancel(
    qtbot: QtBot, demo_state: AppState
) -> None:
    good = demo_state.ws.db.backup()
    damaged = good.with_name("accountwatch-20200101-000000-v1.sqlite3")  # an older one
    damaged.write_bytes(b"SQLite format 3\x00" + b"\x00" * 4000)
    entries = list_entries(demo_state.ws.data_dir)
    assert {e.path for e in entries} >= {good, damaged}
    dialog = BackupDialog(entries)
    qtbot.addWidget(dialog)
    dialog.show()
    cancel = dialog.buttons.button(QDialogButtonBox.StandardButton.Cancel)
    assert cancel.isDefault() and not dialog.restore_button.isDefault()
    texts = {dialog.list.item(i).text(): dialog.list.item(i) for i in range(dialog.list.count())}
    broken = [item for text, item in texts.items() if "cannot be restored" in text]
    assert len(broken) == 1 and not broken[0].flags() & Qt.ItemFlag.ItemIsEnabled
    assert dialog.chosen() is not None and dialog.chosen() != damaged
    assert dialog.restore_button.isEnabled()
