"""Card and payment editors' ids: made from the label, folded under "Advanced", checked early."""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtWidgets import QLineEdit, QWidget

from accountwatch.core.naming import derive_id, id_problem
from accountwatch.i18n import _
from accountwatch.ui.common import text_line
from accountwatch.ui.dialogs.item_editor import ItemEditor
from accountwatch.ui.widgets.disclosure import Disclosure


class DerivedIdEditor(ItemEditor):
    """An item editor whose id follows the label (for a new item) until the user types one.

    A subclass calls `make_id_field(taken)` before building its form, puts `id_edit` into the
    widget it folds under `make_advanced(box)`, implements `id_source()` and, after `finish`,
    calls `follow(*edits)` with the fields the id is made from."""

    id_edit: QLineEdit
    advanced: Disclosure

    def make_id_field(self, taken: Iterable[str]) -> None:
        self._taken = frozenset(taken) - {self.item_id}
        self._follow_label = self.item_id is None
        self._id_checked = False
        self.id_edit = text_line(str(self.base.get("id", "")))
        self.id_edit.setToolTip(
            _("A short name for files and references: lower-case letters, digits, . _ -")
        )

    def make_advanced(self, box: QWidget) -> Disclosure:
        self.advanced = Disclosure(_("Advanced"), box)
        return self.advanced

    def id_source(self) -> tuple[str, str]:
        """The text the id is made from, and what to make it from when that text has none."""
        raise NotImplementedError

    def follow(self, *signals: object) -> None:
        """Make the id again whenever one of `signals` (a field's edit signal) fires."""
        for signal in signals:
            signal.connect(self._derive_id)  # type: ignore[attr-defined]
        self.id_edit.textEdited.connect(self._id_edited)
        self.id_edit.textChanged.connect(self._id_changed)
        self._id_changed(self.id_edit.text())

    def _derive_id(self) -> None:
        if self._follow_label:
            text, fallback = self.id_source()
            self.id_edit.setText(derive_id(text, fallback, self._taken))

    def _id_edited(self) -> None:
        self._follow_label = False

    def _id_changed(self, text: str) -> None:
        self.advanced.set_summary(text.strip())
        if self._id_checked:  # once found wrong, the error follows the field until fixed
            self.errors["id"].show_message(id_problem(text.strip(), self._taken) or "")

    def focus_on(self, key: str) -> None:
        if key == "id":
            self.advanced.expand()
        super().focus_on(key)

    def save(self) -> None:
        problem = id_problem(self.id_edit.text().strip(), self._taken)
        if problem:
            self._id_checked = True
            self.errors["id"].show_message(problem)
            self.focus_on("id")
            return
        super().save()

    def _failed(self, exc: BaseException) -> None:
        super()._failed(exc)
        if not self.errors["id"].isHidden():
            self._id_checked = True
            self.advanced.expand()
