"""The dialog that acknowledges a finding: a reason (required) and an optional last day."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QVBoxLayout,
    QWidget,
)

from accountwatch.core.cardnumbers import find_card_number
from accountwatch.core.findings import Finding
from accountwatch.core.model import Acknowledgement
from accountwatch.core.problems import ProfileError
from accountwatch.i18n import _
from accountwatch.services import editing
from accountwatch.ui.common import (
    FieldError,
    field_box,
    plain_label,
    show_placeholder_whole,
    show_problems,
    text_line,
)
from accountwatch.ui.state import AppState
from accountwatch.ui.widgets.date_input import DateInput


class AcknowledgeDialog(QDialog):
    """Acknowledge a finding: a reason (required) and an optional last day."""

    def __init__(self, state: AppState, finding: Finding, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.state = state
        self.finding = finding
        self.setWindowTitle(_("Acknowledge finding"))
        self.setMinimumWidth(460)
        current = next(
            (
                a
                for a in state.profile.acknowledged
                if (a.rule, a.subject) == (finding.rule, finding.subject)
            ),
            None,
        )
        message = plain_label(finding.message)
        font = message.font()
        font.setBold(True)
        message.setFont(font)
        explain = plain_label(
            _(
                "An acknowledged finding stays on the list but no longer counts towards the "
                "score. Say why you accept it, so you remember at the next check."
            ),
            muted=True,
        )
        self.reason = text_line(current.reason if current else "")
        self.reason.setAccessibleName(_("Reason"))
        self.reason.setPlaceholderText(_("e.g. The platform offers SMS codes only"))
        show_placeholder_whole(self.reason)
        # No Today button: a finding accepted only until today is hardly accepted.
        self.until = DateInput(_("Until (optional)"), lambda: state.today, today_button=False)
        self.until.set_date(current.until if current else None)
        self.until.edit.setToolTip(_("After this day the finding counts again. Empty: no end."))
        self.reason_error = FieldError()
        self.until_error = FieldError()
        self.general_error = FieldError()
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        form.addRow(_("Reason"), field_box(self.reason, self.reason_error)[0])
        form.addRow(_("Until (optional)"), field_box(self.until, self.until_error)[0])
        if finding.subject.startswith(("card:", "payment:", "company")):
            form.addRow(
                "",
                plain_label(
                    _("This applies to every account the card, payment or company concerns."),
                    muted=True,
                ),
            )
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(_("Acknowledge"))
        self.ok_button.setAccessibleName(_("Acknowledge the finding"))
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 18, 20, 14)
        layout.setSpacing(12)
        layout.addWidget(message)
        layout.addWidget(explain)
        layout.addLayout(form)
        layout.addWidget(self.general_error)
        layout.addWidget(self.buttons)
        self.reason.setFocus()

    def acknowledgement(self) -> Acknowledgement | None:
        """The acknowledgement as typed, or None with the problems shown under the fields."""
        reason = self.reason.text().strip()
        self.reason_error.show_message("")
        self.until_error.show_message("")
        ok = True
        if not reason:
            self.reason_error.show_message(_("Say why you accept this finding."))
            ok = False
        elif find_card_number(reason):
            self.reason_error.show_message(
                _("looks like a full card number; only the last 4 digits of a card are kept")
            )
            ok = False
        until = self.until.date()
        problem = self.until.problem()
        if problem:
            self.until_error.show_message(problem)
            ok = False
        elif until is not None and until < self.state.today:
            self.until_error.show_message(_("The day has passed; choose a later one."))
            ok = False
        if not ok:
            (self.reason if self.reason_error.isVisibleTo(self) else self.until).setFocus()
            return None
        return Acknowledgement(self.finding.rule, self.finding.subject, reason, until)

    def save(self) -> None:
        ack = self.acknowledgement()
        if ack is None:
            return
        self.ok_button.setEnabled(False)
        self.state.apply(
            lambda ws: editing.set_acknowledgement(ws, ack),
            lambda _profile: self.accept(),
            self._failed,
        )

    def _failed(self, exc: BaseException) -> None:
        self.ok_button.setEnabled(True)
        if not isinstance(exc, ProfileError):
            self.general_error.show_message(str(exc))
            return
        # The checks an import makes (a control character, a date out of range): each under
        # its field, in the user's words, not under the file's key.
        errors = {"reason": self.reason_error, "until": self.until_error}
        shown = show_problems(exc.problems, errors, self.general_error)
        if shown is self.reason_error:
            self.reason.setFocus()
        elif shown is self.until_error:
            self.until.edit.setFocus()
