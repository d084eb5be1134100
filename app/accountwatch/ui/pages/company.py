"""The Company page: the current company record, its licence expiry and when it was confirmed."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtGui import QPalette
from PySide6.QtWidgets import (
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QWidget,
)

from accountwatch.core import company_fields
from accountwatch.core.catalogue import FixPlace
from accountwatch.core.fixes import first_by_field
from accountwatch.core.model import Profile
from accountwatch.core.problems import ProfileError
from accountwatch.i18n import _
from accountwatch.services import editing
from accountwatch.ui.common import ORANGE, FieldError, field_box, show_problems, text_line
from accountwatch.ui.navigation import Page, Target
from accountwatch.ui.pages.base import Navigate, PageWidget
from accountwatch.ui.state import AppState
from accountwatch.ui.widgets.country_input import CountryInput
from accountwatch.ui.widgets.date_input import DateInput
from accountwatch.ui.widgets.page import page_header, save_revert_bar, scrolling_column

# The country is chosen from a list; everything else that describes the company is typed.
TEXT_FIELDS = tuple(name for name in company_fields.FORM_ORDER if name != "country")
DATE_FIELDS = ("license_expires", "verified_on")


class CompanyPage(PageWidget):
    page = Page.COMPANY

    def __init__(self, state: AppState, navigate: Navigate, parent: QWidget | None = None) -> None:
        super().__init__(state, navigate, parent)
        self.edits: dict[str, QLineEdit] = {}
        self.errors: dict[str, FieldError] = {}
        self.row_labels: list[QLabel] = []
        # What the rules say about the dates, under each date field.
        self.hints = {key: QLabel() for key in DATE_FIELDS}
        for hint in self.hints.values():
            hint.setWordWrap(True)
            hint.setStyleSheet(f"color: {ORANGE.name()};")
            hint.hide()
        self.dirty = False
        self._after_save: Callable[[], object] | None = None

        identity = QGroupBox(_("Company record"))
        form = QFormLayout(identity)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        labels = {name: company_fields.label(name) for name in TEXT_FIELDS}
        labels["name"] = _("{field} (required)").format(field=labels["name"])
        placeholders = {
            "name": _("e.g. Sakura Trading K.K."),
            "name_local": _("e.g. さくら貿易株式会社"),
            "email": _("e.g. info@example.com"),
            "website": _("e.g. https://example.com"),
            "phone": _("e.g. +81-3-1234-5678"),
            "contact_phone": _("e.g. +81-3-1234-5678"),
            "corporate_number": _("13 digits, e.g. 7000012050002"),
            "invoice_number": _("T and 13 digits, e.g. T7000012050002"),
            "postal_code": _("e.g. 150-0013"),
            "region": _("e.g. 東京都"),
            "contact_person": _("e.g. 佐藤 花子"),
        }
        for key in TEXT_FIELDS:
            edit = text_line()
            edit.setPlaceholderText(placeholders.get(key, ""))
            self._add_row(form, key, labels[key], edit)
            if key == "registration_number":
                self.country = CountryInput(_("Country"))
                self.country.activated.connect(self._mark_dirty)
                self.errors["country"] = FieldError()
                form.addRow(
                    self._label(_("Country"), self.country),
                    self._with_error(self.country, "country"),
                )

        dates = QGroupBox(_("Licence and verification"))
        dates_form = QFormLayout(dates)
        # Each date is the app's one date input; `edits` holds its line edit like any field.
        licence = DateInput(_("Business licence expires"), lambda: self.state.today)
        licence.edit.setToolTip(
            _(
                "When the business licence expires (leave empty if it does not); platforms "
                "restrict accounts whose licence has lapsed."
            )
        )
        self.date_inputs = {"license_expires": licence}
        self._add_row(
            dates_form, "license_expires", _("Business licence expires"), licence.edit, licence
        )
        # Today is "Confirmed today" here: it sets the day and saves.
        verified = DateInput(_("Verified on"), lambda: self.state.today, today_button=False)
        verified.edit.setToolTip(_("The day you last checked that this record is still true."))
        self.date_inputs["verified_on"] = verified
        self.confirm_button = QPushButton(_("Confirmed today"))
        self.confirm_button.setAccessibleName(_("Confirm the record as of today"))
        self.confirm_button.setToolTip(
            _("You checked every field above today: set the date and save.")
        )
        self.confirm_button.clicked.connect(self.confirm_today)
        row = QWidget()
        row_layout = QHBoxLayout(row)
        row_layout.setContentsMargins(0, 0, 0, 0)
        row_layout.addWidget(verified)
        row_layout.addWidget(self.confirm_button)
        row_layout.addStretch(1)
        self.edits["verified_on"] = verified.edit
        self.errors["verified_on"] = FieldError()
        verified.edit.textEdited.connect(self._mark_dirty)
        dates_form.addRow(
            self._label(_("Verified on"), verified), self._with_error(row, "verified_on")
        )
        widest = max(label.sizeHint().width() for label in self.row_labels)
        for label in self.row_labels:
            label.setMinimumWidth(widest)

        self.general_error = FieldError()
        self.saved_note = QLabel()
        self.saved_note.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        footer, self.save_button, self.revert_button = save_revert_bar(
            self.saved_note,
            (_("Save the company record"), _("Revert to the saved company record")),
            self.save,
            self.revert,
        )

        layout = scrolling_column(self)
        layout.addWidget(
            page_header(
                _("Company"),
                _(
                    "Keep this record exactly as your company is registered today. False or "
                    "outdated registration details are one of the most common reasons "
                    "marketplaces freeze accounts; each account's record on file is compared "
                    "with this one."
                ),
            )
        )
        layout.addWidget(identity)
        layout.addWidget(dates)
        layout.addWidget(self.general_error)
        layout.addLayout(footer)
        layout.addStretch(1)
        self._update_buttons()
        self.refresh()

    def title(self) -> str:
        return _("Company")

    def _with_error(self, field: QWidget, key: str) -> QWidget:
        box, layout = field_box(field)
        if key in self.hints:
            layout.addWidget(self.hints[key])
        layout.addWidget(self.errors[key])
        return box

    def _label(self, text: str, buddy: QWidget) -> QLabel:
        label = QLabel(text)
        label.setBuddy(buddy)
        self.row_labels.append(label)
        return label

    def _add_row(
        self, form: QFormLayout, key: str, label: str, edit: QLineEdit, field: QWidget | None = None
    ) -> None:
        """A row for `edit`, shown as `field` when it is part of a larger input (a date's)."""
        edit.setAccessibleName(label)
        edit.textEdited.connect(self._mark_dirty)
        self.edits[key] = edit
        self.errors[key] = FieldError()
        form.addRow(self._label(label, field or edit), self._with_error(field or edit, key))

    def _mark_dirty(self) -> None:
        self.dirty = True
        self.saved_note.clear()
        self._update_buttons()

    def _update_buttons(self) -> None:
        self.save_button.setEnabled(self.dirty)
        self.revert_button.setEnabled(self.dirty)

    def refresh(self) -> None:
        # Keep what the user is typing when another page changes the profile.
        if not self.dirty:
            self._load()
        result = self.state.result
        # What the check says is fixed in a field of the company record shows under that field.
        found = first_by_field(result.assessment.findings, FixPlace.COMPANY) if result else {}
        for key, hint in self.hints.items():
            finding = found.get(key)
            hint.setText(finding.message if finding else "")
            hint.setVisible(finding is not None)

    def _load(self) -> None:
        doc = self._stored()
        for key, edit in self.edits.items():
            edit.setText(str(doc.get(key, "")))
        self.country.set_code(str(doc.get("country", "")))
        show_problems([], self.errors, self.general_error)

    def _stored(self) -> dict[str, Any]:
        # Only the company record: converting a profile of thousands of payments is slow.
        return editing.section_document(Profile(company=self.state.profile.company), "company")

    def document(self) -> dict[str, Any]:
        """The record as typed, on top of the stored one (empty optional fields left out)."""
        doc = self._stored()
        values = {key: edit.text().strip() for key, edit in self.edits.items()}
        values["country"] = self.country.code()
        for key, value in values.items():
            if value or key == "name":
                doc[key] = value
            else:
                doc.pop(key, None)
        return doc

    def save(self) -> None:
        doc = self.document()
        self.save_button.setEnabled(False)
        self.state.apply(
            lambda ws: editing.put_section(ws, "company", doc), self._saved, self._failed
        )

    def _saved(self, _value: object) -> None:
        self.dirty = False
        self._load()
        self._update_buttons()
        self.saved_note.setText(_("Saved."))
        then, self._after_save = self._after_save, None
        if then is not None:
            then()

    def _failed(self, exc: BaseException) -> None:
        self._after_save = None  # the user stays to read why
        self._update_buttons()
        if not isinstance(exc, ProfileError):
            self.state.failed.emit(exc)
            return
        shown = show_problems(exc.problems, self.errors, self.general_error)
        for key, error in self.errors.items():
            if error is shown and key in self.edits:
                self.edits[key].setFocus()

    def revert(self) -> None:
        self.dirty = False
        self._load()
        self._update_buttons()
        self.saved_note.clear()

    def has_unsaved_changes(self) -> bool:
        return self.dirty

    def unsaved_question(self) -> str:
        return _("Save the changes to the company record?")

    def save_changes(self, then: Callable[[], object]) -> None:
        self._after_save = then
        self.save()

    def discard_changes(self) -> None:
        self.revert()

    def confirm_today(self) -> None:
        self.edits["verified_on"].setText(self.state.today.isoformat())
        self.dirty = True
        self.save()

    def show_target(self, target: Target) -> None:
        field = target.field or "name"
        if field == "country":
            self.country.setFocus()
        elif field in self.edits:
            self.edits[field].setFocus()
            self.edits[field].selectAll()
