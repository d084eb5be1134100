"""Deleting an account from the Accounts page removes its keyring secrets and says what the
keyring could not do yet; the editor passes on the notes of a save (issue 14, keyring)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox, QMessageBox
from pytestqt.qtbot import QtBot

from accountwatch.services import editing
from accountwatch.ui.dialogs.account_editor import AccountEditor
from accountwatch.ui.pages.accounts import AccountsPage
from accountwatch.ui.state import AppState
from keyring_doubles import MemoryKeyring

SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"


def said(state: AppState) -> list[str]:
    """What the app announces in the status bar from now on."""
    texts: list[str] = []
    state.announced.connect(lambda text, _file: texts.append(text))
    return texts


def delete(qtbot: QtBot, state: AppState, account_id: str, monkeypatch: pytest.MonkeyPatch) -> None:
    page = AccountsPage(state, lambda _target: None)
    qtbot.addWidget(page)
    page.show()
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    page.select(account_id)
    qtbot.mouseClick(page.delete_button, Qt.MouseButton.LeftButton)


def test_deleting_an_account_removes_its_secret_from_the_real_keyring(
    qtbot: QtBot, demo_state: AppState, monkeypatch: pytest.MonkeyPatch
) -> None:
    demo_state.apply(lambda ws: editing.keep_totp_secret(ws, "aliexpress-store", SECRET))
    assert demo_state.ws.vault.get_totp_secret("aliexpress-store") == SECRET
    texts = said(demo_state)
    delete(qtbot, demo_state, "aliexpress-store", monkeypatch)
    assert demo_state.profile.account("aliexpress-store") is None
    assert demo_state.ws.vault.get_totp_secret("aliexpress-store") is None
    assert texts and "deleted" in texts[-1]


def test_a_secret_the_keyring_cannot_remove_yet_is_said(
    qtbot: QtBot,
    demo_state: AppState,
    memory_keyring: MemoryKeyring,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    demo_state.apply(lambda ws: editing.keep_totp_secret(ws, "aliexpress-store", SECRET))
    memory_keyring.broken = True  # locked while the account is deleted
    texts = said(demo_state)
    delete(qtbot, demo_state, "aliexpress-store", monkeypatch)
    assert demo_state.profile.account("aliexpress-store") is None
    assert texts and "deleted" in texts[-1]
    assert "could not be removed from the system keyring now" in texts[-1]


def test_the_editor_says_what_a_rename_left_for_the_keyring(
    qtbot: QtBot, demo_state: AppState, memory_keyring: MemoryKeyring
) -> None:
    demo_state.apply(lambda ws: editing.keep_totp_secret(ws, "aliexpress-store", SECRET))
    memory_keyring.broken = True  # the secret cannot move to the new id now
    texts = said(demo_state)
    editor = AccountEditor(demo_state, "aliexpress-store")
    qtbot.addWidget(editor)
    editor.show()
    editor.account.advanced.expand()
    editor.account.id.setFocus()
    qtbot.keyClick(editor.account.id, Qt.Key.Key_End)
    qtbot.keyClicks(editor.account.id, "-2")
    save = editor.buttons.button(QDialogButtonBox.StandardButton.Save)
    qtbot.mouseClick(save, Qt.MouseButton.LeftButton)
    assert demo_state.profile.account("aliexpress-store-2") is not None
    assert texts and "saved" in texts[-1]
    assert "keyring" in texts[-1]  # what the keyring could not do with the secret yet
