"""Dialogs grow with what appears in them: a wrong code never squashes the QR code or lays
text over text, a card's hint never overprints its error (issue 14 item 7)."""

from __future__ import annotations

from PySide6.QtCore import QRect
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from accountwatch.ui.dialogs.card_editor import CardEditor
from accountwatch.ui.dialogs.twofactor_dialog import TwoFactorDialog
from accountwatch.ui.state import AppState


def box(widget: QWidget, window: QWidget) -> QRect:
    """Where `widget` is drawn in `window`."""
    return QRect(widget.mapTo(window, widget.rect().topLeft()), widget.size())


def test_a_wrong_code_keeps_the_qr_code_whole_and_nothing_overlaps(
    qtbot: QtBot, demo_state: AppState
) -> None:
    dialog = TwoFactorDialog(demo_state, "aliexpress-store")
    qtbot.addWidget(dialog)
    dialog.show()
    generated = dialog.qr.pixmap().deviceIndependentSize().toSize()
    dialog.resize(dialog.minimumSize())  # as small as the user can make it
    qtbot.keyClicks(dialog.code, "000000")
    dialog._verify()  # the code cannot match: it is not the secret's
    assert dialog.code_error.isVisible()
    qtbot.wait(20)  # the layout settles

    qr = box(dialog.qr, dialog)
    assert qr.width() >= generated.width() and qr.height() >= generated.height()
    shown = [
        w
        for w in (dialog.qr, dialog.code, dialog.code_error, dialog.keep, dialog.buttons)
        if w.isVisible()
    ]
    for i, first in enumerate(shown):
        for second in shown[i + 1 :]:
            assert not box(first, dialog).intersects(box(second, dialog)), (first, second)
    assert dialog.height() >= dialog.layout().heightForWidth(dialog.width())


def test_the_card_hint_never_overprints_the_error(qtbot: QtBot, state: AppState) -> None:
    editor = CardEditor(state, None)
    qtbot.addWidget(editor)
    editor.show()
    editor.resize(editor.minimumSize())
    qtbot.keyClicks(editor.last4, "4111111111111111")
    error = editor.errors["last4"]
    assert error.isVisible()
    qtbot.wait(20)
    hint, message = box(editor.last4_hint, editor), box(error, editor)
    assert not hint.intersects(message)
    # Each shows all its lines: the height it needs at its width.
    assert hint.height() >= editor.last4_hint.heightForWidth(hint.width())
    assert message.height() >= error.heightForWidth(message.width())
    assert not message.intersects(box(editor.expires, editor))
