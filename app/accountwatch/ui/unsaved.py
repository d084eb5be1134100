"""Asks what becomes of unsaved edits before they are left behind: Save, Discard or Cancel."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QMessageBox, QWidget

from accountwatch.i18n import _

Button = QMessageBox.StandardButton


def ask_to_save(parent: QWidget, question: str) -> Button:
    """Save, Discard or Cancel; Enter saves and Esc cancels, so no key loses the edits."""
    box = QMessageBox(
        QMessageBox.Icon.Question,
        _("Unsaved changes"),
        question,
        Button.Save | Button.Discard | Button.Cancel,
        parent,
    )
    box.setInformativeText(_("Changes you do not save are lost."))
    for button, text in (
        (Button.Save, _("Save")),
        (Button.Discard, _("Discard")),
        (Button.Cancel, _("Cancel")),
    ):
        box.button(button).setText(text)
    box.setDefaultButton(Button.Save)
    box.setEscapeButton(Button.Cancel)
    return Button(box.exec())


def may_leave(parent: QWidget, question: str, save: Callable[[], None]) -> bool:
    """Whether the edits may be left behind now: only when the user discards them.

    Save runs `save`, which goes on (closes, moves on) by itself once the edits are stored,
    and stays put showing the errors when they are refused."""
    answer = ask_to_save(parent, question)
    if answer == Button.Save:
        save()
    return answer == Button.Discard
