"""The Settings page: language, reminder lead times, weekly check, passwords, data folder,
desktop and import/export, one section widget each."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QWidget

from accountwatch.core.problems import ProfileError
from accountwatch.i18n import _
from accountwatch.services.workspace import Workspace
from accountwatch.ui.common import FieldError, show_problems
from accountwatch.ui.navigation import Page, Target
from accountwatch.ui.pages.base import Navigate, PageWidget
from accountwatch.ui.pages.settings_sections.desktop import DesktopSection
from accountwatch.ui.pages.settings_sections.form import muted
from accountwatch.ui.pages.settings_sections.password_manager import PasswordManagerSection
from accountwatch.ui.pages.settings_sections.profile_settings import (
    LanguageSection,
    PasswordsSection,
    RemindersSection,
)
from accountwatch.ui.pages.settings_sections.storage import StorageSection
from accountwatch.ui.pages.settings_sections.transfer import TransferSection
from accountwatch.ui.state import AppState
from accountwatch.ui.widgets.page import page_header, save_revert_bar, scrolling_column


class SettingsPage(PageWidget):
    """The sections in a column. The settings (language, reminders, passwords and this
    computer's desktop choices) are saved together by one Save; the sections below it (data,
    import and export, password manager) are actions that act when their button is pressed."""

    page = Page.SETTINGS

    def __init__(self, state: AppState, navigate: Navigate, parent: QWidget | None = None) -> None:
        super().__init__(state, navigate, parent)
        self.dirty = False
        self._after_save: Callable[[], object] | None = None
        self.general = LanguageSection()
        self.reminders = RemindersSection()
        self.passwords = PasswordsSection()
        self.sections = (self.general, self.reminders, self.passwords)
        self.errors: dict[str, FieldError] = {}
        for section in self.sections:
            self.errors.update(section.errors)
            section.changed.connect(self._mark_dirty)
        self.general_error = FieldError()
        self.saved_note = muted()
        footer, self.save_button, self.revert_button = save_revert_bar(
            self.saved_note,
            (_("Save the settings"), _("Revert to the saved settings")),
            self.save,
            self.revert,
        )
        self.storage = StorageSection(state)
        self.desktop = DesktopSection(state)
        self.desktop.changed.connect(self._mark_dirty)
        self.transfer = TransferSection(state)
        self.password_manager = PasswordManagerSection(state)

        # One label column width in every form lines the fields up across the page.
        labels = [label for form in (*self.sections, self.storage) for label in form.labels]
        widest = max(label.sizeHint().width() for label in labels)
        for label in labels:
            label.setMinimumWidth(widest)

        layout = scrolling_column(self)
        layout.addWidget(page_header(self.title()))
        for section in self.sections:
            layout.addWidget(section)
        layout.addWidget(self.desktop)
        layout.addWidget(self.general_error)
        layout.addLayout(footer)
        layout.addSpacing(6)
        layout.addWidget(self.storage)
        layout.addWidget(self.transfer)
        layout.addWidget(self.password_manager)
        layout.addStretch(1)
        self.refresh()

    def title(self) -> str:
        return _("Settings")

    def refresh(self) -> None:
        # What the user is typing survives changes made on other pages.
        if not self.dirty:
            self._load()

    def _load(self) -> None:
        for section in self.sections:
            section.blockSignals(True)  # showing the stored values is no edit
            section.load(self.state.profile.settings)
            section.blockSignals(False)
        self.desktop.load()
        show_problems([], self.errors, self.general_error)
        self._set_dirty(False)

    def show_target(self, target: Target) -> None:
        for section in self.sections:
            field = section.fields().get(target.field or "")
            if field is not None:
                field.setFocus()

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt's name
        super().showEvent(event)
        if not self.dirty:  # the desktop's own state may have changed meanwhile
            self.desktop.load()
        # The probe can wait for the user to unlock the keyring: only when the page is seen.
        if not self.storage.checked:
            self.storage.check_keyring()

    def import_profile(self) -> None:
        self.transfer.import_profile()

    # -- editing -----------------------------------------------------------------------------

    def _set_dirty(self, dirty: bool) -> None:
        self.dirty = dirty
        self.save_button.setEnabled(dirty)
        self.revert_button.setEnabled(dirty)

    def _mark_dirty(self) -> None:
        self.saved_note.clear()
        self._set_dirty(True)

    def document(self) -> dict[str, Any]:
        """The settings as typed, in profile-file form (what the page does not show is kept)."""
        # The editing use cases load when the settings are saved, not with the page (16 ms of its
        # first showing on a busy machine).
        from accountwatch.services import editing

        doc = editing.section_document(self.state.profile, "settings")
        for section in self.sections:
            section.put(doc)
        return doc

    def save(self) -> None:
        doc = self.document()
        if not self.desktop.apply():
            return  # the reason is under the box; the rest waits for the next Save
        self.save_button.setEnabled(False)

        def change(ws: Workspace) -> object:
            from accountwatch.services import editing  # loaded by `document` above

            return editing.put_section(ws, "settings", doc)

        self.state.apply(change, self._saved, self._save_failed)

    def _saved(self, _value: object) -> None:
        self._load()
        self.saved_note.setText(_("Settings saved."))
        then, self._after_save = self._after_save, None
        if then is not None:
            then()

    def _save_failed(self, exc: BaseException) -> None:
        self._after_save = None  # the user stays to read why
        self.save_button.setEnabled(True)
        if isinstance(exc, ProfileError):
            problems = [self.reminders.explain(problem) for problem in exc.problems]
            first = show_problems(problems, self.errors, self.general_error)
            if first is not None:
                first.setFocus()
        else:
            self.general_error.show_message(_("Not saved: {error}").format(error=exc))

    def revert(self) -> None:
        self._load()
        self.saved_note.clear()

    def has_unsaved_changes(self) -> bool:
        return self.dirty

    def unsaved_question(self) -> str:
        return _("Save the changes to the settings?")

    def save_changes(self, then: Callable[[], object]) -> None:
        self._after_save = then
        self.save()

    def discard_changes(self) -> None:
        self.revert()
