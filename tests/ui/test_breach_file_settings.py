"""Settings → the breach file: a file whose index's pass finds damage says it cannot be used."""

from __future__ import annotations

from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from accountwatch.services import breaches, pwned_file
from accountwatch.services.pwned_file import sha1_hex
from accountwatch.services.workspace import Workspace
from accountwatch.ui.pages.settings_sections.password_manager import PasswordManagerSection
from accountwatch.ui.state import AppState
from accountwatch.ui.tasks import TaskRunner
from conftest import NOW


def test_a_file_with_a_misplaced_line_is_said_to_be_unusable(
    qtbot: QtBot, workspace: Workspace, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.setattr(pwned_file, "KEEP_INDEX_FROM", 100_000)  # counts as large: kept index
    hashes = sorted(sha1_hex(f"pw-{i}") for i in range(60_000))
    hashes.insert(30_000, hashes.pop(100))  # sorted but for one line, far from its place
    path = tmp_path / "pwned.txt"
    path.write_text("".join(f"{h}:3\n" for h in hashes), "ascii")
    breaches.set_path(workspace, path)  # its first and last lines are in order: accepted
    state = AppState(workspace, TaskRunner(), clock=lambda: NOW)
    section = PasswordManagerSection(state)
    qtbot.addWidget(section)
    qtbot.waitUntil(lambda: "cannot be used" in section.index_state.text(), timeout=10_000)
    assert "not sorted by hash" in section.index_state.text()
    assert not list((tmp_path / "cache").rglob("*.idx"))  # nothing kept of it
