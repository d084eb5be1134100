"""The shared frame of the card and payment editors: save, inline errors and focus."""

from __future__ import annotations

from typing import Any, ClassVar

from PySide6.QtCore import Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from accountwatch.core.problems import ProfileError
from accountwatch.i18n import _
from accountwatch.services import editing
from accountwatch.ui.common import FieldError, show_problems
from accountwatch.ui.state import AppState
from accountwatch.ui.unsaved import may_leave
from accountwatch.ui.widgets.fit import grow_to_fit


class ItemEditor(QDialog):
    """Adds (item_id None) or edits one item of `collection`; `saved` carries the id once stored.

    Subclasses build `fields` and `errors` (keyed by profile-file field names), call
    `finish(form, save_name)` and implement `document()`.
    """

    saved = Signal(str)
    collection: ClassVar[editing.Collection]

    def __init__(self, state: AppState, item_id: str | None, parent: QWidget | None) -> None:
        super().__init__(parent)
        self.state = state
        self.item_id = item_id
        self.base: dict[str, Any] = (
            editing.item_document(state.profile, self.collection, item_id) if item_id else {}
        )
        self.fields: dict[str, QWidget] = {}
        self.errors: dict[str, FieldError] = {}
        self.general_error = FieldError()
        self._shown_document: dict[str, Any] | None = None

    def finish(self, form: QFormLayout, save_name: str) -> None:
        """Lays out the form, the general error and Save / Cancel."""
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.save_button = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        self.save_button.setAccessibleName(save_name)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 18, 20, 14)
        layout.setSpacing(12)
        layout.addLayout(form)
        layout.addWidget(self.general_error)
        layout.addWidget(self.buttons)
        grow_to_fit(self)

    def focus_widget(self, key: str) -> QWidget:
        """The widget that takes the focus for field `key` (the id field when unknown)."""
        return self.fields.get(key, self.fields["id"])

    def focus_on(self, key: str) -> None:
        widget = self.focus_widget(key)
        widget.setFocus()
        # A date or month input focuses its line edit: what is there is selected to retype.
        line = widget if isinstance(widget, QLineEdit) else getattr(widget, "edit", None)
        if isinstance(line, QLineEdit):
            line.selectAll()

    def document(self) -> dict[str, Any]:
        """The item as typed, on top of the stored one."""
        raise NotImplementedError

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt's name
        # The fields as first shown, after the subclass filled them: the rest is an edit.
        if self._shown_document is None:
            self._shown_document = self.document()
        super().showEvent(event)

    def has_unsaved_changes(self) -> bool:
        return self._shown_document is not None and self.document() != self._shown_document

    def reject(self) -> None:
        # Esc, Cancel and the window's close button all come here: none may lose edits silently.
        question = _("Save the changes made in “{editor}”?").format(editor=self.windowTitle())
        if self.has_unsaved_changes() and not may_leave(self, question, self.save):
            return
        super().reject()

    def save(self) -> None:
        doc = self.document()
        self.save_button.setEnabled(False)
        self.state.apply(
            lambda ws: editing.put_item(ws, self.collection, doc, replacing=self.item_id),
            lambda _profile: self._saved(doc["id"], self.item_name(doc)),
            self._failed,
        )

    def item_name(self, doc: dict[str, Any]) -> str:
        """What the user calls the item: its label, its description (a payment's), else its id."""
        return str(doc.get("label") or doc.get("description") or doc["id"])

    def _saved(self, item_id: str, name: str) -> None:
        # Said in the status bar: the editor closes, and the list may not show the item.
        self.state.announce(_("“{item}” saved.").format(item=name))
        self.saved.emit(item_id)
        self.accept()

    def _failed(self, exc: BaseException) -> None:
        self.save_button.setEnabled(True)
        if not isinstance(exc, ProfileError):
            self.state.failed.emit(exc)
            return
        shown = show_problems(exc.problems, self.errors, self.general_error)
        for key, error in self.errors.items():
            if error is shown:
                self.focus_on(key)
