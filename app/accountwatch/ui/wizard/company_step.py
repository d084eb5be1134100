"""Step 1: is the company record still true, and does the platform have the same one on file?"""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from accountwatch.core import company_fields
from accountwatch.core.model import COMPANY_IDENTITY_FIELDS, CompanyRecord
from accountwatch.core.problems import ProfileError
from accountwatch.core.weekly import Question, Step
from accountwatch.i18n import _, ngettext
from accountwatch.services import weekly
from accountwatch.ui.common import format_date
from accountwatch.ui.dialogs.account_company import Match, compare, field_label
from accountwatch.ui.models_accounts import platform_text
from accountwatch.ui.pages.company import CompanyPage
from accountwatch.ui.state import AppState
from accountwatch.ui.widgets.country_input import country_words
from accountwatch.ui.widgets.fit import open_within_screen
from accountwatch.ui.wizard.base import Change, StepPage, group, muted_label

GREEN = QColor("#2e7d32")


def shown_value(name: str, value: str) -> str:
    """A field's value as the Company page shows it: a country by its name, 日本 (JP)."""
    return country_words(value) if name == "country" else value


ORANGE = QColor("#ef6c00")
RED = QColor("#c62828")
_MATCH = {
    Match.SAME: ("✓ " + "{same}", GREEN),
    Match.DIFFERS: ("≠ " + "{differs}", ORANGE),
    Match.MISSING: ("∅ " + "{missing}", RED),
}


def match_text(match: Match) -> str:
    words = {"same": _("same"), "differs": _("differs"), "missing": _("missing")}
    return _MATCH[match][0].format(**words)


class CompanyDialog(QDialog):
    """The Company page in a dialog, for "something changed" inside the check."""

    def __init__(self, state: AppState, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Company record"))
        self.setModal(True)
        open_within_screen(self, QSize(760, 640))
        self.page = CompanyPage(state, lambda _target: None)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 10)
        layout.addWidget(self.page, 1)
        row = QHBoxLayout()
        row.setContentsMargins(24, 0, 24, 0)
        row.addWidget(buttons)
        layout.addLayout(row)


class CompanyStep(StepPage):
    def __init__(
        self,
        state: AppState,
        account_id: str,
        index: int,
        count: int,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(state, Step.COMPANY, account_id, index, count, parent)
        self.company_dialog: CompanyDialog | None = None
        self.setTitle(_("{account}: company record").format(account=self.account_name()))

        # The company itself is asked about once, with the first account.
        self.asks_company = index == 0
        box, layout = group(_("Your company record — still true?"), Question.COMPANY)
        self.record = QFormLayout()
        self.record.setHorizontalSpacing(14)
        self.record.setVerticalSpacing(4)
        self.record_values: dict[str, QLabel] = {}
        for name in company_fields.FORM_ORDER:
            value = QLabel()
            value.setTextFormat(Qt.TextFormat.PlainText)
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            value.setWordWrap(True)
            self.record.addRow(field_label(name) + ":", value)
            self.record_values[name] = value
        layout.addLayout(self.record)
        self.verified = QLabel()
        self.verified.setWordWrap(True)
        buttons = QHBoxLayout()
        self.still_true = QPushButton(_("Yes, still true"))
        self.still_true.setAccessibleName(_("Yes, the company record is still true"))
        self.still_true.setToolTip(_("Record that you confirmed the company record today."))
        self.still_true.clicked.connect(self.confirm)
        self.changed_button = QPushButton(_("Something changed…"))
        self.changed_button.setAccessibleName(_("Something changed: edit the company record"))
        self.changed_button.clicked.connect(self.edit_company)
        buttons.addWidget(self.verified, 1)
        buttons.addWidget(self.still_true)
        buttons.addWidget(self.changed_button)
        layout.addLayout(buttons)
        self.company_box = box
        self.body.addWidget(box)
        self.company_note = muted_label()
        self.body.addWidget(self.company_note)
        box.setVisible(self.asks_company)
        self.company_note.setVisible(not self.asks_company)

        box, layout = group(_("On file at the platform"), Question.ON_FILE)
        self.on_file_box = box
        self.grid = QGridLayout()
        self.grid.setHorizontalSpacing(16)
        self.grid.setVerticalSpacing(4)
        self.grid.setColumnStretch(1, 1)
        self.grid.setColumnStretch(3, 1)
        for column, text in enumerate(
            ("", _("On file at the platform"), "", _("Current company record"))
        ):
            self.grid.addWidget(QLabel(f"<b>{text}</b>"), 0, column)
        self.on_file: dict[str, QLabel] = {}
        self.matches: dict[str, QLabel] = {}
        self.current: dict[str, QLabel] = {}
        self.captions: dict[str, QLabel] = {}
        for row, name in enumerate(company_fields.FORM_ORDER, start=1):
            self.captions[name] = QLabel(field_label(name) + ":")
            self.grid.addWidget(self.captions[name], row, 0)
            for column, store in ((1, self.on_file), (2, self.matches), (3, self.current)):
                label = QLabel()
                label.setTextFormat(Qt.TextFormat.PlainText)
                label.setWordWrap(column != 2)
                self.grid.addWidget(label, row, column)
                store[name] = label
        layout.addLayout(self.grid)
        footer = QHBoxLayout()
        self.diff_summary = QLabel()
        self.diff_summary.setWordWrap(True)
        self.copy_button = QPushButton(_("Copy from company"))
        self.copy_button.setAccessibleName(_("Copy the current company record to this account"))
        self.copy_button.setToolTip(
            _(
                "After you updated the record at the platform: make the record on file here "
                "the current company record."
            )
        )
        self.copy_button.clicked.connect(self.copy_from_company)
        footer.addWidget(self.diff_summary, 1)
        footer.addWidget(self.copy_button)
        layout.addLayout(footer)
        self.body.addWidget(box)
        self.error = QLabel()
        self.error.setStyleSheet(f"color: {RED.name()};")
        self.error.setWordWrap(True)
        self.error.hide()
        self.body.addWidget(self.error)
        self.body.addStretch(1)

    def company(self) -> CompanyRecord | None:
        return self.state.profile.company

    def refresh(self) -> None:
        company = self.company()
        today = self.state.today
        for row, (name, label) in enumerate(self.record_values.items()):
            value = str(getattr(company, name)) if company else ""
            label.setText(shown_value(name, value) or "—")
            # Fifteen fields would not fit a small screen: those never filled in stay out.
            self.record.setRowVisible(row, bool(value) or name == "name")
        confirmed_today = company is not None and company.verified_on == today
        if company is None:
            self.verified.setText(_("There is no company record yet."))
        elif confirmed_today:
            self.verified.setText("✓ " + _("Confirmed today."))
        else:
            self.verified.setText(
                _("Last confirmed: {date}").format(date=format_date(company.verified_on))
            )
        self.still_true.setEnabled(company is not None and not confirmed_today)
        self.company_note.setText(
            "✓ " + _("The company record was confirmed today.")
            if confirmed_today
            else _("The company record was last confirmed on {date}.").format(
                date=format_date(company.verified_on if company else None)
            )
        )
        self._show_on_file(company)

    def _show_on_file(self, company: CompanyRecord | None) -> None:
        account = self.account()
        if account is None:
            return
        self.on_file_box.setTitle(
            _("On file at {platform}").format(platform=platform_text(account.platform))
        )
        record = account.registered_company or CompanyRecord()
        counts = dict.fromkeys(Match, 0)
        for name in COMPANY_IDENTITY_FIELDS:
            on_file = str(getattr(record, name))
            current = str(getattr(company, name)) if company else ""
            shown = bool(on_file or current) or name == "name"
            for widget in (self.captions, self.on_file, self.matches, self.current):
                widget[name].setVisible(shown)
            self.on_file[name].setText(shown_value(name, on_file) or "—")
            self.current[name].setText(shown_value(name, current) or "—")
            match = compare(on_file, current)
            counts[match] += 1
            label = self.matches[name]
            label.setText(match_text(match))
            label.setProperty("match", match.value)
            weight = "normal" if match == Match.SAME else "bold"
            label.setStyleSheet(f"color: {_MATCH[match][1].name()}; font-weight: {weight};")
            label.setAccessibleName(f"{field_label(name)}: {match_text(match)}")
        differs = counts[Match.DIFFERS] + counts[Match.MISSING]
        if company is None:
            self.diff_summary.setText(_("Add the company record to compare with."))
        elif differs:
            self.diff_summary.setText(
                ngettext(
                    "{count} field differs from your company. Correct it at the platform, "
                    "then copy the current record here.",
                    "{count} fields differ from your company. Correct them at the platform, "
                    "then copy the current record here.",
                    differs,
                ).format(count=differs)
            )
        else:
            self.diff_summary.setText("✓ " + _("The record on file matches your company."))
        self.copy_button.setEnabled(company is not None and differs > 0)

    def confirm(self) -> None:
        today = self.state.today
        self._write(lambda ws: weekly.confirm_company(ws, today))

    def copy_from_company(self) -> None:
        account_id = self.account_id
        assert account_id is not None
        self._write(lambda ws: weekly.copy_company_to(ws, account_id))

    def _write(self, change: Change) -> None:
        self.error.hide()
        self.state.apply(change, None, self.show_error)

    def show_error(self, exc: BaseException) -> None:
        if isinstance(exc, ProfileError):
            self.error.setText("\n".join(str(p).lstrip(": ") for p in exc.problems))
            self.error.show()
        else:
            self.state.failed.emit(exc)

    def edit_company(self) -> None:
        self.company_dialog = CompanyDialog(self.state, self)
        self.company_dialog.open()
