"""The Settings page: language, reminder lead times, weekly check, data folder, import/export."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, QTime, QUrl
from PySide6.QtGui import QDesktopServices, QFontDatabase, QPalette, QShowEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QSizePolicy,
    QSpinBox,
    QSystemTrayIcon,
    QTimeEdit,
    QVBoxLayout,
    QWidget,
)

from accountwatch import APP_NAME
from accountwatch.core.model import Language, Weekday
from accountwatch.core.problems import Problem, ProfileError
from accountwatch.core.profile_io import MAX_PASSWORD_AGE_DAYS
from accountwatch.i18n import _
from accountwatch.paths import data_dir
from accountwatch.services import autostart, editing, preferences, profiles
from accountwatch.services.types import VaultStatus
from accountwatch.services.workspace import Workspace
from accountwatch.ui.common import FieldError, show_problems
from accountwatch.ui.navigation import Page, Target
from accountwatch.ui.pages.base import Navigate, PageWidget
from accountwatch.ui.state import AppState
from accountwatch.ui.widgets.page import inline, page_header, save_revert_bar, scrolling_column

PROFILE_FILTER = "JSON (*.json);;*"
DEFAULT_MAX_AGE = 365
HINT_WIDTH = 420
DAY_ITEM = re.compile(r"(card_warn_days|payment_warn_days)\[(\d+)\]")


def weekday_names() -> dict[Weekday, str]:
    return {
        Weekday.MON: _("Monday"),
        Weekday.TUE: _("Tuesday"),
        Weekday.WED: _("Wednesday"),
        Weekday.THU: _("Thursday"),
        Weekday.FRI: _("Friday"),
        Weekday.SAT: _("Saturday"),
        Weekday.SUN: _("Sunday"),
    }


def parse_days(text: str) -> list[int | str]:
    """Comma-separated days as typed: whole numbers become ints, anything else stays text so
    the profile reader names it in its error."""
    pieces = [piece.strip() for piece in text.replace("、", ",").split(",")]
    return [int(p) if p.lstrip("-").isdigit() else p for p in pieces if p]


def muted(text: str = "") -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setForegroundRole(QPalette.ColorRole.PlaceholderText)
    return label


class ProblemsDialog(QDialog):
    """Every problem of a rejected profile file, one a line with its JSON path."""

    def __init__(self, problems: list[Problem], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("The profile was not imported"))
        self.resize(640, 360)
        intro = QLabel(
            _(
                "The file was rejected whole and nothing was changed. Correct these problems "
                "and import it again:"
            )
        )
        intro.setWordWrap(True)
        self.text = QPlainTextEdit("\n".join(str(p).lstrip(": ") for p in problems))
        self.text.setReadOnly(True)
        self.text.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        self.text.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.text.setAccessibleName(_("Problems in the file"))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.text, 1)
        layout.addWidget(buttons)


class SettingsPage(PageWidget):
    page = Page.SETTINGS

    def __init__(self, state: AppState, navigate: Navigate, parent: QWidget | None = None) -> None:
        super().__init__(state, navigate, parent)
        self.dirty = False
        self.errors: dict[str, FieldError] = {}
        self.row_labels: list[QLabel] = []
        self.problems_dialog: ProblemsDialog | None = None
        self._vault_checked = False

        # -- language --------------------------------------------------------------------
        self.language = QComboBox()
        self.language.setAccessibleName(_("Language"))
        self.language.addItem(_("System default"), "")
        self.language.addItem("日本語", Language.JA.value)
        self.language.addItem("English", Language.EN.value)
        self.language.activated.connect(self._mark_dirty)
        general = QGroupBox(_("Language"))
        general_form = self._form(general)
        self._row(
            general_form,
            "language",
            _("&Language:"),
            self.language,
            muted(_("Takes effect after a restart.")),
        )

        # -- reminders -------------------------------------------------------------------
        self.card_warn_days = self._days_edit(
            _("Card warnings"), _("Days before a card expires, e.g. 60, 30, 7")
        )
        self.payment_warn_days = self._days_edit(
            _("Payment warnings"), _("Days before a payment is due, e.g. 7, 3, 1, 0 (the day)")
        )
        self.weekday = QComboBox()
        self.weekday.setAccessibleName(_("Weekly check day"))
        for day, name in weekday_names().items():
            self.weekday.addItem(name, day.value)
        self.weekday.activated.connect(self._mark_dirty)
        self.check_time = QTimeEdit()
        self.check_time.setDisplayFormat("HH:mm")
        self.check_time.setAccessibleName(_("Weekly check time"))
        self.check_time.timeChanged.connect(self._mark_dirty)
        weekly = inline(self.weekday, QLabel(_("at")), self.check_time)
        reminders = QGroupBox(_("Reminders"))
        reminders_form = self._form(reminders)
        self._row(
            reminders_form,
            "card_warn_days",
            _("&Card expiry warnings:"),
            self.card_warn_days,
            muted(_("Days before a card expires, separated by commas.")),
        )
        self._row(
            reminders_form,
            "payment_warn_days",
            _("&Payment warnings:"),
            self.payment_warn_days,
            muted(_("Days before a payment is due; 0 is the due day itself.")),
        )
        self._row(reminders_form, "weekly_check", _("&Weekly check:"), weekly, buddy=self.weekday)

        # -- passwords -------------------------------------------------------------------
        self.max_age = QSpinBox()
        self.max_age.setRange(1, MAX_PASSWORD_AGE_DAYS)
        self.max_age.setSuffix(" " + _("days"))
        self.max_age.setAccessibleName(_("Password maximum age in days"))
        self.max_age.valueChanged.connect(self._mark_dirty)
        self.max_age_off = QCheckBox(_("Off"))
        self.max_age_off.setAccessibleName(_("No maximum password age"))
        self.max_age_off.setToolTip(_("Never remind me to change a password because of its age"))
        self.max_age_off.toggled.connect(self._max_age_toggled)
        age = inline(self.max_age, self.max_age_off)
        passwords = QGroupBox(_("Passwords"))
        passwords_form = self._form(passwords)
        self._row(
            passwords_form,
            "password_max_age_days",
            _("&Change passwords after:"),
            age,
            muted(_("An older password is reported so that you change it.")),
            buddy=self.max_age,
        )

        self.general_error = FieldError()
        self.saved_note = muted()
        footer, self.save_button, self.revert_button = save_revert_bar(
            self.saved_note,
            (_("Save the settings"), _("Revert to the saved settings")),
            self.save,
            self.revert,
        )

        # -- data folder and keyring -----------------------------------------------------
        self.data_dir = QLineEdit(str(state.ws.data_dir))
        self.data_dir.setReadOnly(True)
        self.data_dir.setAccessibleName(_("Data folder"))
        self.data_dir.setCursorPosition(0)
        self.open_folder_button = QPushButton(_("Open folder"))
        self.open_folder_button.setAccessibleName(_("Open the data folder"))
        self.open_folder_button.clicked.connect(self.open_data_folder)
        folder = inline(self.data_dir, self.open_folder_button, grow=self.data_dir)
        self.keyring_status = QLabel(_("Checking the system keyring…"))
        self.keyring_status.setWordWrap(True)
        self.keyring_status.setAccessibleName(_("Keyring status"))
        self.keyring_button = QPushButton(_("Check again"))
        self.keyring_button.setAccessibleName(_("Check the keyring again"))
        self.keyring_button.clicked.connect(self.check_keyring)
        keyring_box = inline(self.keyring_status, self.keyring_button, grow=self.keyring_status)
        storage = QGroupBox(_("Data"))
        storage_form = self._form(storage)
        storage_form.addRow(self._label(_("Data folder:"), self.data_dir), folder)
        storage_form.addRow(self._label(_("Keyring:"), self.keyring_status), keyring_box)

        # -- desktop: start at login, the tray -------------------------------------------
        desktop = self._desktop_group()

        # -- import and export -----------------------------------------------------------
        self.import_button = QPushButton(_("Import profile…"))
        self.import_button.setAccessibleName(_("Import a profile file"))
        self.import_button.clicked.connect(self.import_profile)
        self.replace_all = QCheckBox(_("Replace everything instead of merging by id"))
        self.replace_all.setAccessibleName(self.replace_all.text())
        self.export_button = QPushButton(_("Export profile…"))
        self.export_button.setAccessibleName(_("Export the profile to a file"))
        self.export_button.clicked.connect(self.export_profile)
        self.include_secrets = QCheckBox(_("Include two-factor secrets"))
        self.include_secrets.setAccessibleName(self.include_secrets.text())
        self.include_secrets.setToolTip(
            _("Anyone with the file can then make your sign-in codes: keep it safe.")
        )
        self.transfer_note = muted()
        self.transfer_note.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.transfer_note.hide()
        self.transfer_error = FieldError()
        transfer = QGroupBox(_("Import and export"))
        transfer_layout = QVBoxLayout(transfer)
        transfer_layout.setSpacing(8)
        transfer_layout.addWidget(
            muted(
                _(
                    "A profile file moves your data between computers or into a backup. "
                    "Passwords are never exported; an import takes a backup first."
                )
            )
        )
        for button, option in (
            (self.import_button, self.replace_all),
            (self.export_button, self.include_secrets),
        ):
            row = QHBoxLayout()
            button.setMinimumWidth(150)
            row.addWidget(button)
            row.addSpacing(8)
            row.addWidget(option)
            row.addStretch(1)
            transfer_layout.addLayout(row)
        transfer_layout.addWidget(self.transfer_note)
        transfer_layout.addWidget(self.transfer_error)

        # One label column width in every group lines the fields up across the page.
        widest = max(label.sizeHint().width() for label in self.row_labels)
        for label in self.row_labels:
            label.setMinimumWidth(widest)

        layout = scrolling_column(self)
        layout.addWidget(page_header(self.title()))
        for group in (general, reminders, passwords):
            layout.addWidget(group)
        layout.addWidget(self.general_error)
        layout.addLayout(footer)
        layout.addSpacing(6)
        layout.addWidget(desktop)
        layout.addWidget(storage)
        layout.addWidget(transfer)
        layout.addStretch(1)
        self.refresh()

    def title(self) -> str:
        return _("Settings")

    def _desktop_group(self) -> QGroupBox:
        """Start at login and the tray: this computer's choices, applied at once."""
        self.autostart = autostart.autostart_for()
        self.start_at_login = QCheckBox(_("Start {app} when I log in").format(app=APP_NAME))
        self.start_at_login.setAccessibleName(self.start_at_login.text())
        self.start_at_login.setToolTip(
            _("It starts hidden in the system tray and reminds you when something falls due.")
        )
        self.start_at_login_note = muted()
        self.start_at_login_note.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse
        )
        self.start_at_login_error = FieldError()
        self.start_at_login.toggled.connect(self._start_at_login_toggled)
        self.close_to_tray = QCheckBox(_("Keep running in the tray when the window is closed"))
        self.close_to_tray.setAccessibleName(self.close_to_tray.text())
        self.close_to_tray.toggled.connect(self._close_to_tray_toggled)
        self.tray_note = muted()
        box = QGroupBox(_("Desktop"))
        column = QVBoxLayout(box)
        column.setSpacing(4)
        for widget in (
            self.start_at_login,
            self.start_at_login_note,
            self.start_at_login_error,
            self.close_to_tray,
            self.tray_note,
        ):
            column.addWidget(widget)
        self._load_desktop()
        return box

    def _load_desktop(self) -> None:
        demo = bool(getattr(self.window(), "demo", False))
        for box in (self.start_at_login, self.close_to_tray):
            box.blockSignals(True)
        self.start_at_login.setChecked(not demo and self.autostart.is_enabled())
        self.start_at_login.setEnabled(not demo)
        if demo:
            self.start_at_login_note.setText(_("Not with the demo's sample data."))
        else:
            self.start_at_login_note.setText(
                _("Turning it on adds {location}; turning it off removes it.").format(
                    location=self.autostart.location
                )
            )
        tray = QSystemTrayIcon.isSystemTrayAvailable()
        self.close_to_tray.setEnabled(tray)
        self.close_to_tray.setChecked(tray and preferences.close_to_tray(self.state.ws))
        self.tray_note.setText(
            _("Closing the window then leaves the app in the tray; quit from the tray's menu.")
            if tray
            else _("No system tray was found: reminders appear at the top of the window.")
        )
        for box in (self.start_at_login, self.close_to_tray):
            box.blockSignals(False)

    def _start_at_login_toggled(self, on: bool) -> None:
        folder = self.state.ws.data_dir
        # The default folder is found again without naming it; another one must be named.
        named = None if folder.resolve() == data_dir(None).resolve() else folder
        try:
            if on:
                self.autostart.enable(autostart.launch_command(named))
            else:
                self.autostart.disable()
        except autostart.AutostartError as exc:
            self.start_at_login_error.show_message(str(exc))
            self.start_at_login.blockSignals(True)
            self.start_at_login.setChecked(self.autostart.is_enabled())
            self.start_at_login.blockSignals(False)
            return
        self.start_at_login_error.show_message("")
        if on and self.close_to_tray.isEnabled() and not self.close_to_tray.isChecked():
            # Started hidden in the tray, it should go back there when its window is closed.
            self.close_to_tray.setChecked(True)

    def _close_to_tray_toggled(self, on: bool) -> None:
        self.state.tasks.write(
            lambda: preferences.set_close_to_tray(self.state.ws, on), None, self.state.failed.emit
        )

    # -- building ----------------------------------------------------------------------------

    def _form(self, group: QGroupBox) -> QFormLayout:
        form = QFormLayout(group)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        form.setHorizontalSpacing(12)
        form.setVerticalSpacing(10)
        return form

    def _label(self, text: str, buddy: QWidget) -> QLabel:
        label = QLabel(text)
        label.setBuddy(buddy)
        self.row_labels.append(label)
        return label

    def _row(
        self,
        form: QFormLayout,
        key: str,
        label: str,
        field: QWidget,
        hint: QLabel | None = None,
        *,
        buddy: QWidget | None = None,
    ) -> None:
        box = QWidget()
        box.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        column = QVBoxLayout(box)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(3)
        column.addWidget(field, 0, Qt.AlignmentFlag.AlignLeft)
        if hint is not None:
            # A wrapped label is laid out at its preferred width: make that a realistic one.
            hint.setMinimumWidth(HINT_WIDTH)
            column.addWidget(hint)
        self.errors[key] = FieldError()
        column.addWidget(self.errors[key])
        form.addRow(self._label(label, buddy or field), box)

    def _days_edit(self, name: str, tooltip: str) -> QLineEdit:
        edit = QLineEdit()
        edit.setAccessibleName(name)
        edit.setToolTip(tooltip)
        edit.setPlaceholderText(_("none"))
        edit.setFixedWidth(self.fontMetrics().horizontalAdvance("0" * 24))
        edit.textEdited.connect(self._mark_dirty)
        return edit

    # -- showing -----------------------------------------------------------------------------

    def refresh(self) -> None:
        # What the user is typing survives changes made on other pages.
        if not self.dirty:
            self._load()

    def _load(self) -> None:
        settings = self.state.profile.settings
        widgets: list[QWidget] = [
            self.language,
            self.card_warn_days,
            self.payment_warn_days,
            self.weekday,
            self.check_time,
            self.max_age,
            self.max_age_off,
        ]
        for widget in widgets:
            widget.blockSignals(True)
        language = settings.language.value if settings.language else ""
        self.language.setCurrentIndex(max(0, self.language.findData(language)))
        self.card_warn_days.setText(", ".join(str(d) for d in settings.card_warn_days))
        self.payment_warn_days.setText(", ".join(str(d) for d in settings.payment_warn_days))
        self.weekday.setCurrentIndex(self.weekday.findData(settings.weekly_check.weekday.value))
        time = settings.weekly_check.time
        self.check_time.setTime(QTime(time.hour, time.minute))
        age = settings.password_max_age_days
        self.max_age.setValue(age if age is not None else DEFAULT_MAX_AGE)
        self.max_age.setEnabled(age is not None)
        self.max_age_off.setChecked(age is None)
        for widget in widgets:
            widget.blockSignals(False)
        show_problems([], self.errors, self.general_error)
        self._set_dirty(False)

    def show_target(self, target: Target) -> None:
        if target.field in self.errors:
            focus = {
                "language": self.language,
                "card_warn_days": self.card_warn_days,
                "payment_warn_days": self.payment_warn_days,
                "weekly_check": self.weekday,
                "password_max_age_days": self.max_age,
            }[target.field]
            focus.setFocus()

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt's name
        super().showEvent(event)
        # The entry may have been removed in the desktop's own settings meanwhile.
        self._load_desktop()
        # The probe can wait for the user to unlock the keyring: only when the page is seen.
        if not self._vault_checked:
            self.check_keyring()

    # -- editing -----------------------------------------------------------------------------

    def _set_dirty(self, dirty: bool) -> None:
        self.dirty = dirty
        self.save_button.setEnabled(dirty)
        self.revert_button.setEnabled(dirty)

    def _mark_dirty(self) -> None:
        self.saved_note.clear()
        self._set_dirty(True)

    def _max_age_toggled(self, off: bool) -> None:
        self.max_age.setEnabled(not off)
        self._mark_dirty()

    def document(self) -> dict[str, Any]:
        """The settings as typed, in profile-file form (what the page does not show is kept)."""
        doc = editing.section_document(self.state.profile, "settings")
        language = self.language.currentData()
        if language:
            doc["language"] = language
        else:
            doc.pop("language", None)
        doc["card_warn_days"] = parse_days(self.card_warn_days.text())
        doc["payment_warn_days"] = parse_days(self.payment_warn_days.text())
        doc["weekly_check"] = {
            "weekday": self.weekday.currentData(),
            "time": self.check_time.time().toString("HH:mm"),
        }
        doc["password_max_age_days"] = (
            None if self.max_age_off.isChecked() else self.max_age.value()
        )
        return doc

    def save(self) -> None:
        doc = self.document()
        self.save_button.setEnabled(False)

        def change(ws: Workspace) -> object:
            return editing.put_section(ws, "settings", doc)

        self.state.apply(change, self._saved, self._save_failed)

    def _saved(self, _value: object) -> None:
        self._load()
        self.saved_note.setText(_("Settings saved."))

    def _save_failed(self, exc: BaseException) -> None:
        self.save_button.setEnabled(True)
        if isinstance(exc, ProfileError):
            problems = [self._explained(problem) for problem in exc.problems]
            first = show_problems(problems, self.errors, self.general_error)
            if first is not None:
                first.setFocus()
        else:
            self.general_error.show_message(_("Not saved: {error}").format(error=exc))

    def _explained(self, problem: Problem) -> Problem:
        """The reader's "expected an integer" for a typed day, said in the field's own words."""
        match = DAY_ITEM.fullmatch(problem.path)
        if match is None:
            return problem
        days = parse_days(self._days_fields()[match[1]].text())
        index = int(match[2])
        if index < len(days) and isinstance(days[index], str):
            message = _("“{value}” is not a whole number of days.").format(value=days[index])
            return Problem(problem.path, message)
        return problem

    def _days_fields(self) -> dict[str, QLineEdit]:
        return {"card_warn_days": self.card_warn_days, "payment_warn_days": self.payment_warn_days}

    def revert(self) -> None:
        self._load()
        self.saved_note.clear()

    # -- data folder and keyring -------------------------------------------------------------

    def open_data_folder(self) -> None:
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.state.ws.data_dir)))

    def check_keyring(self) -> None:
        self._vault_checked = True
        self.keyring_button.setEnabled(False)
        self.keyring_status.setText(_("Checking the system keyring…"))
        ws = self.state.ws
        self.state.tasks.run(lambda: editing.vault_status(ws), self._vault_known, self._vault_error)

    def _vault_known(self, status: VaultStatus) -> None:
        self.keyring_button.setEnabled(True)
        if status.usable:
            text = _("OS keyring: {backend} — in use").format(backend=status.backend)
        else:
            text = " ".join(
                (
                    status.detail,
                    _(
                        "Reuse detection still works, with its key kept in a private file in the "
                        "data folder; two-factor secrets cannot be kept."
                    ),
                )
            )
        self.keyring_status.setText(text)
        self.keyring_status.setToolTip(status.detail)

    def _vault_error(self, exc: BaseException) -> None:
        self._vault_known(VaultStatus(False, "", str(exc)))

    # -- import and export -------------------------------------------------------------------

    def import_profile(self) -> None:
        path, _chosen = QFileDialog.getOpenFileName(
            self, _("Import profile"), str(Path.home()), PROFILE_FILTER
        )
        if not path:
            return
        replace_all = self.replace_all.isChecked()
        if replace_all:
            answer = QMessageBox.question(
                self,
                _("Replace everything?"),
                _(
                    "Every account, card and payment not in the file will be removed. A backup "
                    "is taken first. Replace everything with the file's contents?"
                ),
            )
            if answer != QMessageBox.StandardButton.Yes:
                return
        today: dt.date = self.state.today
        self.transfer_error.show_message("")
        self.transfer_note.hide()

        def change(ws: Workspace) -> profiles.ImportResult:
            parsed = profiles.read_import(path)
            return profiles.import_profile(ws, parsed, replace_all=replace_all, today=today)

        self.state.apply(change, self._imported, self._import_failed)

    def _imported(self, result: profiles.ImportResult) -> None:
        lines = [
            _("Imported — accounts: {accounts}, cards: {cards}, payments: {payments}.").format(
                accounts=result.accounts, cards=result.cards, payments=result.payments
            ),
            *result.notes,
        ]
        self._note("\n".join(lines))

    def _import_failed(self, exc: BaseException) -> None:
        if isinstance(exc, ProfileError):
            self.problems_dialog = ProblemsDialog(exc.problems, self)
            self.problems_dialog.open()
        else:
            self.transfer_error.show_message(_("Not imported: {error}").format(error=exc))

    def export_profile(self) -> None:
        suggested = Path.home() / "accountwatch-profile.json"
        path, _chosen = QFileDialog.getSaveFileName(
            self, _("Export profile"), str(suggested), PROFILE_FILTER
        )
        if not path:
            return
        target, include = Path(path), self.include_secrets.isChecked()
        ws = self.state.ws
        self.transfer_error.show_message("")
        self.transfer_note.hide()
        self.export_button.setEnabled(False)

        def done(_value: object) -> None:
            self.export_button.setEnabled(True)
            self._note(_("Exported to {path}.").format(path=target))

        def failed(exc: BaseException) -> None:
            self.export_button.setEnabled(True)
            self.transfer_error.show_message(_("Not exported: {error}").format(error=exc))

        # After any write still queued, so the file holds the latest edits.
        self.state.tasks.write(
            lambda: editing.export_to_file(ws, target, include_secrets=include), done, failed
        )

    def _note(self, text: str) -> None:
        self.transfer_note.setText(text)
        self.transfer_note.show()
