"""Importing a profile with many passwords in the app says how far the stretching is."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from PySide6.QtWidgets import QFileDialog
from pytestqt.qtbot import QtBot

from accountwatch.services.workspace import Workspace
from accountwatch.ui.pages.settings_sections.transfer import TransferSection
from conftest import make_state


def test_the_import_reports_the_passwords_stretched(
    qtbot: QtBot, workspace: Workspace, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    doc = {
        "format": "accountwatch.profile",
        "version": 1,
        "accounts": [
            {
                "id": "ae",
                "login_id": "ae-user",
                "other_passwords": [f"Elsewhere-{i}-pw-zq" for i in range(24)],
            }
        ],
    }
    source = tmp_path / "profile.json"
    source.write_text(json.dumps(doc), "utf-8")
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(source), ""))
    section = TransferSection(make_state(workspace))
    qtbot.addWidget(section)
    notes: list[str] = []
    section.progress.counted.connect(lambda *_counts: notes.append(section.transfer_note.text()))

    section.import_profile()

    assert notes[0] == "Checking the file's passwords: 0 of 24…"
    assert notes[-1] == "Checking the file's passwords: 24 of 24…"
    assert section.transfer_note.text().startswith("Imported — accounts: 1")
