"""A damaged database at start: the app offers the newest good backup, Enter keeps it closed."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox, QPushButton
from pytestqt.qtbot import QtBot

from accountwatch.core.demo import demo_profile
from accountwatch.services import profiles
from accountwatch.services.storage import DatabaseDamaged, damage
from accountwatch.services.workspace import Workspace
from accountwatch.ui.restore_prompt import offer_restore
from fault_tools import damage_a_page


def _damaged_folder(tmp_path: Path) -> tuple[Path, DatabaseDamaged]:
    """A data folder imported twice (its newest backup holds the profile), then damaged."""
    source = tmp_path / "demo.json"
    document = demo_profile(dt.date(2026, 11, 29))
    for account in document["accounts"]:
        account.pop("password", None)
    source.write_text(json.dumps(document), "utf-8")
    folder = tmp_path / "data"
    for _round in range(2):
        with Workspace.open(folder) as ws:
            profiles.import_profile(
                ws, profiles.read_import(source), replace_all=True, today=dt.date(2026, 11, 29)
            )
    damage_a_page(folder / "accountwatch.sqlite3")
    problem = DatabaseDamaged(folder / "accountwatch.sqlite3", "; ".join(damage(folder)))
    return folder, problem


def _answer(qtbot: QtBot, text: str | None, shots: list[QMessageBox]) -> None:
    def act() -> None:
        box = QApplication.activeModalWidget()
        assert isinstance(box, QMessageBox)
        shots.append(box)
        if text is None:
            qtbot.keyClick(box, "\r")
            return
        [button] = [b for b in box.findChildren(QPushButton) if b.text() == text]
        button.click()

    QTimer.singleShot(0, act)


def test_enter_quits_and_leaves_the_damaged_file(qtbot: QtBot, tmp_path: Path) -> None:
    folder, problem = _damaged_folder(tmp_path)
    before = (folder / "accountwatch.sqlite3").read_bytes()
    shots: list[QMessageBox] = []
    _answer(qtbot, None, shots)
    assert offer_restore(None, folder, problem) is None
    assert shots and "is damaged" in shots[0].text()
    assert (folder / "accountwatch.sqlite3").read_bytes() == before


def test_restoring_puts_the_backup_back_and_the_app_can_open(qtbot: QtBot, tmp_path: Path) -> None:
    folder, problem = _damaged_folder(tmp_path)
    shots: list[QMessageBox] = []
    _answer(qtbot, "Restore the newest backup", shots)
    said = offer_restore(None, folder, problem)
    assert said is not None and "kept as accountwatch-damaged-" in said
    assert damage(folder) == []
    with Workspace.open_existing(folder) as ws:
        assert len(json.loads(profiles.export_profile(ws, include_secrets=False))["accounts"]) == 3
