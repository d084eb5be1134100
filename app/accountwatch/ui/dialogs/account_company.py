"""The editor's section for the company record a platform has on file, compared field by field."""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
)

from accountwatch.core import company_fields
from accountwatch.core.catalogue import fold
from accountwatch.core.model import COMPANY_IDENTITY_FIELDS, CompanyRecord
from accountwatch.i18n import _
from accountwatch.ui.common import FieldError, text_line
from accountwatch.ui.dialogs.account_section import Section, muted
from accountwatch.ui.state import AppState
from accountwatch.ui.widgets.country_input import CountryInput, country_words

PATH = "registered_company"


class Match(StrEnum):
    SAME = "same"
    DIFFERS = "differs"
    MISSING = "missing"


def compare(on_file: str, current: str) -> Match:
    """How a value on file at the platform stands against the company's current one."""
    folded = fold(on_file)
    if folded == fold(current):
        return Match.SAME
    return Match.MISSING if not folded else Match.DIFFERS


def field_label(name: str) -> str:
    return company_fields.label(name)


def _match_words(match: Match) -> tuple[str, str]:
    return {
        Match.SAME: ("✓ " + _("same"), _("Matches the current company record.")),
        Match.DIFFERS: ("≠ " + _("differs"), _("Differs from the current company record.")),
        Match.MISSING: ("∅ " + _("missing"), _("The platform has nothing on file here.")),
    }[match]


_MATCH_COLORS = {
    Match.SAME: QColor("#2e7d32"),
    Match.DIFFERS: QColor("#ef6c00"),
    Match.MISSING: QColor("#c62828"),
}


class CompanySection(Section):
    def __init__(self, state: AppState) -> None:
        super().__init__(
            _("Company on file"),
            _(
                "What the platform has on file about your company. Platforms freeze accounts "
                "whose registration data is false, incomplete or out of date."
            ),
        )
        self._state = state
        self._kept: dict[str, Any] = {}
        self._had_record = False
        top = QHBoxLayout()
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.copy_button = QPushButton(_("Copy from company"))
        self.copy_button.setAccessibleName(_("Copy from company"))
        self.copy_button.setToolTip(_("Fill every field from the current company record."))
        self.copy_button.clicked.connect(self.copy_from_company)
        top.addWidget(self.summary, 1)
        top.addWidget(self.copy_button, 0, Qt.AlignmentFlag.AlignTop)
        self.layout_.addLayout(top)

        grid = QGridLayout()
        grid.setHorizontalSpacing(14)
        grid.setVerticalSpacing(4)
        grid.setColumnStretch(1, 3)
        grid.setColumnStretch(3, 2)
        for column, text in enumerate(
            ("", _("On file at the platform"), _("Compared"), _("Current company record"))
        ):
            header = QLabel(f"<b>{text}</b>")
            grid.addWidget(header, 0, column)
        # Text fields by name; the country is chosen from the list, as on the Company page.
        self.edits: dict[str, QLineEdit] = {}
        self.country = CountryInput(_("On file: {field}").format(field=field_label("country")))
        self.matches: dict[str, QLabel] = {}
        self.current: dict[str, QLabel] = {}
        center = Qt.AlignmentFlag.AlignVCenter
        for number, name in enumerate(company_fields.FORM_ORDER):
            row = 1 + 2 * number  # each field's error line goes in the row below it
            caption = QLabel(field_label(name) + ":")
            field: QLineEdit | CountryInput
            if name == "country":
                field = self.country
                field.currentIndexChanged.connect(self.update_comparison)
            else:
                field = text_line()
                field.setAccessibleName(_("On file: {field}").format(field=field_label(name)))
                field.textChanged.connect(self.update_comparison)
                self.edits[name] = field
            caption.setBuddy(field)
            error = FieldError()
            match = QLabel()
            match.setMinimumWidth(90)
            current = QLabel()
            current.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            muted(current)
            grid.addWidget(caption, row, 0, center)
            grid.addWidget(field, row, 1)
            grid.addWidget(match, row, 2, center)
            grid.addWidget(current, row, 3, center)
            grid.addWidget(error, row + 1, 1, 1, 3)
            self.matches[name], self.current[name] = match, current
            self.register(f"{PATH}.{name}", error, field)
        self.layout_.addLayout(grid)
        whole = FieldError()
        self.layout_.addWidget(whole)
        self.register(PATH, whole, self.edits["name"])
        self.finish()

    def value(self, name: str) -> str:
        """The value on file of field `name`, as typed or chosen."""
        return self.country.code() if name == "country" else self.edits[name].text().strip()

    def set_value(self, name: str, value: str) -> None:
        if name == "country":
            self.country.set_code(value)
        else:
            self.edits[name].setText(value)

    def company(self) -> CompanyRecord | None:
        return self._state.profile.company

    def copy_from_company(self) -> None:
        company = self.company()
        if company is None:
            return
        for name in company_fields.FORM_ORDER:
            self.set_value(name, str(getattr(company, name)))

    def update_comparison(self) -> None:
        company = self.company()
        self.copy_button.setEnabled(company is not None)
        if company is None:
            self.summary.setText(
                _("There is no company record to compare with: add it on the Company page.")
            )
        counts = dict.fromkeys(Match, 0)
        for name in company_fields.FORM_ORDER:
            label = self.matches[name]
            current = str(getattr(company, name)) if company else ""
            shown = country_words(current) if name == "country" else current
            self.current[name].setText(shown or "—")
            if company is None:
                label.setText("")
                continue
            match = compare(self.value(name), current)
            counts[match] += 1
            words, tip = _match_words(match)
            label.setText(words)
            label.setToolTip(tip)
            label.setAccessibleName(f"{field_label(name)}: {words}")
            weight = "normal" if match == Match.SAME else "bold"
            label.setStyleSheet(f"color: {_MATCH_COLORS[match].name()}; font-weight: {weight};")
            label.setProperty("match", match.value)
        if company is not None:
            if counts[Match.DIFFERS] or counts[Match.MISSING]:
                self.summary.setText(
                    _(
                        "Against the current company record — differs: {differs}, "
                        "missing: {missing}, same: {same}."
                    ).format(
                        differs=counts[Match.DIFFERS],
                        missing=counts[Match.MISSING],
                        same=counts[Match.SAME],
                    )
                )
            else:
                self.summary.setText(_("Everything on file matches the current company record."))

    def load(self, doc: dict[str, Any]) -> None:
        record = doc.get(PATH)
        self._had_record = record is not None
        record = record or {}
        # Bookkeeping dates of the record (licence, verification) are kept, not edited here.
        self._kept = {k: v for k, v in record.items() if k not in COMPANY_IDENTITY_FIELDS}
        for name in company_fields.FORM_ORDER:
            self.set_value(name, str(record.get(name, "")))
        self.update_comparison()

    def store(self, doc: dict[str, Any]) -> None:
        record = dict(self._kept)
        for name in company_fields.FORM_ORDER:
            value = self.value(name)
            if value:
                record[name] = value
        if record or self._had_record:
            doc[PATH] = record
        else:
            doc.pop(PATH, None)
