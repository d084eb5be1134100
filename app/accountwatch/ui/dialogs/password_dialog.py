"""The password check dialog: live strength and reuse as one types; only the analysis is kept.

A check is not a change: the change date moves only when the user ticks that it changed."""

from __future__ import annotations

import datetime as dt
import html

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from accountwatch.core.model import PasswordAnalysis, Profile
from accountwatch.core.passwords import feedback_text
from accountwatch.i18n import _, format_date, join_list, ngettext
from accountwatch.services import breaches, editing, password_export
from accountwatch.services.workspace import Workspace
from accountwatch.ui.common import FieldError
from accountwatch.ui.state import AppState
from accountwatch.ui.widgets.date_input import DateInput
from accountwatch.ui.widgets.fit import grow_to_fit
from accountwatch.ui.widgets.strength_meter import StrengthMeter

# Long enough to skip the work for every keystroke, short enough to feel live.
DEBOUNCE_MS = 250
WARNING_COLOR = "#c62828"
FIELD_WIDTH = 380


class PasswordDialog(QDialog):
    """Rates the typed password (off the GUI thread) and saves its analysis for one account.

    With `account_id` None (an account not saved yet, `name` as typed so far) it rates and
    hands the rating back on Keep (`analysis`, `changed_date()`): the editor keeps it with the
    account when it saves it.
    """

    def __init__(
        self,
        state: AppState,
        account_id: str | None,
        parent: QWidget | None = None,
        *,
        name: str = "",
    ):
        super().__init__(parent)
        self.state = state
        self.account_id = account_id
        self.account = state.profile.account(account_id) if account_id else None
        self.analysis: PasswordAnalysis | None = None
        # Numbers each rating asked for; an answer for an older text than the latest is dropped.
        self._asked = 0
        self._closed = False

        if self.account is not None:
            name = self.account.display_name
        self.setWindowTitle(
            _("Check password — {account}").format(account=name)
            if name
            else _("Check password — new account")
        )
        self.setMinimumWidth(520)

        intro = QLabel(
            (
                _("Type the password you use for the account “{account}”.").format(account=name)
                if name
                else _("Type the password of the account you are adding.")
            )
            + " "
            + _(
                "AccountWatch rates it and checks whether another of your accounts uses it. "
                "The password itself is never stored: only its strength and a fingerprint that "
                "recognises reuse."
            )
        )
        intro.setWordWrap(True)

        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setAccessibleName(_("Password"))
        self.password.setPlaceholderText(_("Type or paste the password"))
        self.password.setClearButtonEnabled(True)
        self.show_button = QToolButton()
        self.show_button.setCheckable(True)
        self.show_button.setText(_("Show"))
        self.show_button.setAccessibleName(_("Show password"))
        self.show_button.setToolTip(_("Show or hide the password as you type it"))
        self.show_button.toggled.connect(self._toggle_shown)
        password_row = QHBoxLayout()
        password_row.setSpacing(6)
        password_row.addWidget(self.password, 1)
        password_row.addWidget(self.show_button)

        self.meter = StrengthMeter()
        self.feedback = QLabel()
        self.feedback.setWordWrap(True)
        self.feedback.setTextFormat(Qt.TextFormat.RichText)
        # A form row takes a wrapped label's preferred height, computed for its preferred width:
        # a realistic width keeps that height from being several lines too tall.
        self.feedback.setMinimumWidth(FIELD_WIDTH)
        self.feedback.setAccessibleName(_("Advice on the password"))
        self.feedback.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.reuse = QLabel()
        self.reuse.setObjectName("reuseWarning")
        self.reuse.setWordWrap(True)
        self.reuse.setStyleSheet(f"color: {WARNING_COLOR}; font-weight: bold;")
        self.reuse.setAccessibleName(_("Password reuse"))
        self.reuse.setMinimumWidth(FIELD_WIDTH)

        # Off by default: rating a password says nothing about when it was set.
        self.changed_box = QCheckBox(_("I &changed this password on:"))
        self.changed_box.setToolTip(
            _("Tick this only when you have just changed the password at the platform")
        )
        # A change is not in the future; no Today button: today is already filled in. No words
        # beside it: the row also holds the box, and the note under it words the dates.
        self.changed_on = DateInput(
            _("Password changed on"),
            lambda: state.today,
            optional=False,
            today_button=False,
            latest=lambda: state.today,
            show_words=False,
        )
        self.changed_on.set_date(state.today)
        self.changed_on.edit.setToolTip(_("When you changed this password (YYYY-MM-DD)"))
        self.changed_on.setEnabled(False)
        self.changed_box.toggled.connect(self.changed_on.setEnabled)
        self.date_note = QLabel()
        self.date_note.setWordWrap(True)
        self.date_note.setMinimumWidth(FIELD_WIDTH)
        self.date_note.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self._note_date(same=False)

        date_row = QHBoxLayout()
        date_row.addWidget(self.changed_box)
        date_row.addWidget(self.changed_on)
        date_row.addStretch(1)
        dating = QVBoxLayout()
        dating.setSpacing(6)
        dating.addLayout(date_row)
        dating.addWidget(self.date_note)

        self.form = form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.setVerticalSpacing(12)
        form.setHorizontalSpacing(12)
        password_label = QLabel(_("&Password:"))
        password_label.setBuddy(self.password)
        form.addRow(password_label, password_row)
        form.addRow(_("Strength:"), self.meter)
        form.addRow("", self.feedback)
        form.addRow("", self.reuse)
        form.addRow("", dating)

        self.unsaved_note = QLabel(
            _(
                "The account is not saved yet: Keep hands the rating to the editor, and it is "
                "stored with the account when you save it."
            )
        )
        self.unsaved_note.setWordWrap(True)
        self.unsaved_note.setVisible(account_id is None)
        self.error = FieldError()

        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.save_button = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        self.save_button.setAccessibleName(_("Save the analysis"))
        if account_id is None:
            self.save_button.setText(_("&Keep"))
            self.save_button.setAccessibleName(_("Keep the rating with the new account"))
        self.buttons.accepted.connect(self._save)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(18, 18, 18, 14)
        layout.setSpacing(14)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.unsaved_note)
        layout.addWidget(self.error)
        layout.addStretch(1)
        layout.addWidget(self.buttons)
        self.setTabOrder(self.password, self.show_button)
        self.setTabOrder(self.show_button, self.changed_box)
        self.setTabOrder(self.changed_box, self.changed_on)
        grow_to_fit(self)

        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(DEBOUNCE_MS)
        self._timer.timeout.connect(self._rate)
        self.password.textChanged.connect(self._typed)
        self.password.setFocus()
        self.form.setRowVisible(self.feedback, False)
        self.form.setRowVisible(self.reuse, False)
        self._update_save()

    # -- rating ------------------------------------------------------------------------------

    def _typed(self, text: str) -> None:
        if self._closed:  # the field emptied as the dialog closes: the rating stays for Keep
            return
        self.analysis = None
        self.error.show_message("")
        self._asked += 1  # whatever is still on its way is for an older text
        if text:
            self._timer.start()
            if self.meter.score is None:
                self.meter.set_score(None, pending=True)
        else:
            self._timer.stop()
            self._show(None)
        self._update_save()

    def _rate(self) -> None:
        self._asked += 1
        number, text = self._asked, self.password.text()
        state, account_id, profile, today = (
            self.state,
            self.account_id,
            self.state.profile,
            self.state.today,
        )
        self.state.tasks.run(
            # The breach check looks the password up in the Pwned Passwords file, if one is set.
            lambda: breaches.check_typed(
                state.ws,
                editing.check_password(state.ws, profile, account_id, text, today),
                text,
                today,
            ),
            lambda analysis: self._rated(number, analysis),
            lambda exc: self._rating_failed(number, exc),
        )

    def _rated(self, number: int, analysis: PasswordAnalysis) -> None:
        if self._closed or number != self._asked:
            return
        self.analysis = analysis
        self._show(analysis)
        self._update_save()

    def _rating_failed(self, number: int, exc: BaseException) -> None:
        if self._closed or number != self._asked:
            return
        self.meter.set_score(None)
        self.error.show_message(_("The password could not be rated: {error}").format(error=exc))

    def _show(self, analysis: PasswordAnalysis | None) -> None:
        if analysis is None:
            self.meter.set_score(None)
            self.form.setRowVisible(self.feedback, False)
            self.form.setRowVisible(self.reuse, False)
            return
        self.meter.set_score(analysis.score)
        # zxcvbn's advice is plain text; escaped because the label shows rich text.
        warning = feedback_text(analysis.warning)
        lines = [f"<b>{html.escape(warning)}</b>"] if warning else []
        lines += [f"• {html.escape(feedback_text(text))}" for text in analysis.suggestions]
        if analysis.breach_count:
            breached = ngettext(
                "Found {count} time in known breaches ({file}): choose another password.",
                "Found {count} times in known breaches ({file}): choose another password.",
                analysis.breach_count,
            ).format(count=f"{analysis.breach_count:,}", file=analysis.breach_source)
            lines.insert(0, f"<b>{html.escape(breached)}</b>")
        self.feedback.setText("<br>".join(lines))
        self.form.setRowVisible(self.feedback, bool(lines))
        others = editing.reused_by(self.state.profile, self.account_id, analysis)
        # The other sites of the last password manager export analysed.
        others += password_export.sites_using(self.state.profile, analysis.fingerprint)
        if others:
            self.reuse.setText(
                _(
                    "Also used for: {accounts}. Use a different password for every account: "
                    "one leak would open all of them."
                ).format(accounts=join_list(others))
            )
        self.form.setRowVisible(self.reuse, bool(others))
        self._note_date(same=self._on_record(analysis))
        # Advice and warnings come and go as one types: grow so no line is cut off.
        self.adjustSize()

    def _on_record(self, analysis: PasswordAnalysis) -> bool:
        """Whether `analysis` is of the password already on record for the account."""
        account = self.account
        return (
            account is not None
            and account.password is not None
            and account.password.fingerprint == analysis.fingerprint
        )

    def _note_date(self, *, same: bool) -> None:
        """Say which change date stays when the box is left unticked."""
        on_record = self.account.password_changed_on if self.account else None
        if self.account is None:
            text = ""
        elif same:
            text = _("This is the password already on record: it has not changed.")
        elif on_record is not None:
            text = _(
                "Changed on {date}, as on record. Tick the box only if it changed since."
            ).format(date=format_date(on_record))
        else:
            text = _("No change date is on record: tick the box if you know it.")
        self.date_note.setText(text)
        self.date_note.setVisible(bool(text))

    # -- saving ------------------------------------------------------------------------------

    def _toggle_shown(self, shown: bool) -> None:
        mode = QLineEdit.EchoMode.Normal if shown else QLineEdit.EchoMode.Password
        self.password.setEchoMode(mode)
        self.show_button.setText(_("Hide") if shown else _("Show"))
        self.show_button.setAccessibleName(_("Hide password") if shown else _("Show password"))

    def _update_save(self) -> None:
        self.save_button.setEnabled(self.analysis is not None)

    def changed_date(self) -> dt.date | None:
        """The change date the user gave, or None (the box unticked: only a check)."""
        if not self.changed_box.isChecked():
            return None
        return self.changed_on.date()

    def _save(self) -> None:
        analysis, account_id = self.analysis, self.account_id
        if analysis is None:
            return
        problem = self.changed_on.problem() if self.changed_box.isChecked() else None
        if problem:
            self.error.show_message(problem)
            self.changed_on.setFocus()
            return
        if account_id is None:  # the editor keeps it with the account it saves later
            self.accept()
            return
        changed_on = self.changed_date()
        self.save_button.setEnabled(False)

        def change(ws: Workspace) -> Profile:
            return editing.save_password_analysis(ws, account_id, analysis, changed_on)

        self.state.apply(change, self._saved, self._save_failed)

    def _saved(self, _profile: Profile) -> None:
        self.password.clear()
        if self.account is not None:
            self.state.announce(
                _("Password rating saved for “{account}”.").format(
                    account=self.account.display_name
                )
            )
        self.accept()

    def _save_failed(self, exc: BaseException) -> None:
        self.error.show_message(_("The analysis was not saved: {error}").format(error=exc))
        self._update_save()

    def done(self, result: int) -> None:
        # Nothing of the password stays behind in the widget once the dialog is closed.
        self._closed = True
        self._timer.stop()
        self.password.clear()
        super().done(result)
