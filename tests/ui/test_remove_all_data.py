"""Settings → Data → "Remove all data…": asks first (saying what and from where), removes on the
writer thread, says what happened and closes the app; a keyring out of reach removes nothing
unless the user goes on. Message boxes are answered by replacing the functions that show them
(nobody clicks offscreen); the keyring is the in-memory double or none at all."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from accountwatch.ui.pages.settings import SettingsPage
from accountwatch.ui.pages.settings_sections import remove_all
from accountwatch.ui.state import AppState
from keyring_doubles import MemoryKeyring


class Answers:
    """Records each question and answers it from a list."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch, *answers: bool) -> None:
        self.asked: list[str] = []
        self.answers = list(answers)
        self.told: list[str] = []
        monkeypatch.setattr(remove_all, "confirm", self._confirm)
        monkeypatch.setattr(
            QMessageBox, "information", lambda parent, title, text: self.told.append(text)
        )

    def _confirm(self, parent: object, text: str) -> bool:
        self.asked.append(text)
        return self.answers.pop(0)


def open_page(qtbot: QtBot, state: AppState, closed: list[bool]) -> SettingsPage:
    page = SettingsPage(state, lambda target: None)
    qtbot.addWidget(page)
    page.storage.removal.on_removed = lambda: closed.append(True)
    page.show()
    return page


def remove(qtbot: QtBot, page: SettingsPage) -> None:
    qtbot.mouseClick(page.storage.remove_button, Qt.MouseButton.LeftButton)


def test_asks_with_what_goes_then_removes_and_closes(
    qtbot: QtBot,
    demo_state: AppState,
    memory_keyring: MemoryKeyring,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    folder: Path = demo_state.ws.data_dir
    demo_state.ws.vault.set_totp_secret("1688-shop", "JBSWY3DPEHPK3PXP", "1688 shop")
    closed: list[bool] = []
    answers = Answers(monkeypatch, True)
    page = open_page(qtbot, demo_state, closed)

    remove(qtbot, page)

    (question,) = answers.asked
    accounts = len(demo_state.profile.accounts)
    assert f"{accounts} accounts" in question
    assert str(folder.absolute()) in question
    assert "system keyring" in question and "cannot be undone" in question
    assert not folder.exists()
    assert memory_keyring.entries == {}
    assert "All AccountWatch data was removed" in answers.told[0]
    assert closed == [True]


def test_keep_my_data_removes_nothing(
    qtbot: QtBot,
    demo_state: AppState,
    memory_keyring: MemoryKeyring,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    closed: list[bool] = []
    Answers(monkeypatch, False)
    page = open_page(qtbot, demo_state, closed)

    remove(qtbot, page)

    assert (demo_state.ws.data_dir / "accountwatch.sqlite3").exists()
    assert demo_state.ws.repo.load_profile().accounts
    assert closed == []


def test_without_a_keyring_nothing_goes_unless_the_user_goes_on(
    qtbot: QtBot, demo_state: AppState, no_keyring: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = demo_state.ws.data_dir
    closed: list[bool] = []
    answers = Answers(monkeypatch, True, False)
    page = open_page(qtbot, demo_state, closed)

    remove(qtbot, page)

    assert "could not be reached" in answers.asked[1]
    assert "accountwatch secrets prune" in answers.asked[1]
    assert folder.exists() and closed == []

    answers.answers = [True, True]
    remove(qtbot, page)

    assert not folder.exists()
    assert closed == [True]
    assert "accountwatch secrets prune" in answers.told[0]


def test_the_dialog_keeps_the_data_on_enter(qtbot: QtBot, demo_state: AppState) -> None:
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    def press_enter() -> None:
        box = QApplication.activeModalWidget()
        assert isinstance(box, QMessageBox)
        qtbot.keyClick(box, Qt.Key.Key_Return)

    QTimer.singleShot(0, press_enter)
    assert not remove_all.confirm(None, "Remove all AccountWatch data from this computer?")  # type: ignore[arg-type]
