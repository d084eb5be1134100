"""Editors and dialogs that write say so in the status bar as they close (issue 14 item 8)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from accountwatch.core import twofactor
from accountwatch.ui.dialogs.card_editor import CardEditor
from accountwatch.ui.dialogs.password_dialog import PasswordDialog
from accountwatch.ui.dialogs.twofactor_dialog import TwoFactorDialog
from accountwatch.ui.state import AppState


def said(state: AppState) -> list[str]:
    texts: list[str] = []
    state.announced.connect(lambda text, _file: texts.append(text))
    return texts


def test_a_saved_card_is_announced(qtbot: QtBot, demo_state: AppState) -> None:
    texts = said(demo_state)
    editor = CardEditor(demo_state, None)
    qtbot.addWidget(editor)
    editor.show()
    qtbot.keyClicks(editor.label_edit, "Spare Visa")
    qtbot.keyClicks(editor.last4, "4242")
    qtbot.keyClicks(editor.expires.edit, "2028-04")
    qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)
    assert not editor.isVisible()
    assert texts == ["“Spare Visa” saved."]


def test_a_saved_password_rating_is_announced(qtbot: QtBot, demo_state: AppState) -> None:
    texts = said(demo_state)
    dialog = PasswordDialog(demo_state, "aliexpress-store")
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.keyClicks(dialog.password, "correct horse battery staple 1688")
    qtbot.waitUntil(dialog.save_button.isEnabled, timeout=5000)
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert texts == ["Password rating saved for “AliExpress store”."]


def test_an_authenticator_set_up_is_announced(qtbot: QtBot, demo_state: AppState) -> None:
    texts = said(demo_state)
    dialog = TwoFactorDialog(demo_state, "aliexpress-store")
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.keyClicks(dialog.code, twofactor.current_code(dialog.secret, demo_state.clock()))
    qtbot.mouseClick(dialog.verify_button, Qt.MouseButton.LeftButton)
    assert texts == ["Sign-in with an authenticator app recorded for “AliExpress store”."]
