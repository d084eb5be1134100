"""The account editor: every field of one account in sections, saved through the profile reader."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QIcon, QKeySequence, QPixmap, QShortcut
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QListWidget,
    QListWidgetItem,
    QStackedWidget,
    QStyle,
    QVBoxLayout,
    QWidget,
)

from accountwatch.core.model import Account, PasswordAnalysis, TwoFactorMethod
from accountwatch.core.problems import ProfileError
from accountwatch.i18n import _
from accountwatch.services import editing
from accountwatch.ui.common import FieldError, show_problems
from accountwatch.ui.dialogs.account_company import CompanySection
from accountwatch.ui.dialogs.account_recovery import RecoverySection
from accountwatch.ui.dialogs.account_section import Section
from accountwatch.ui.dialogs.account_sections import (
    AccountSection,
    ConductSection,
    SignInSection,
    TwoFactorSection,
)
from accountwatch.ui.dialogs.account_tables import (
    ListingsSection,
    PaymentMethodsSection,
    PenaltiesSection,
    with_row,
)
from accountwatch.ui.state import AppState
from accountwatch.ui.unsaved import may_leave
from accountwatch.ui.widgets.fit import open_within_screen
from accountwatch.ui.widgets.page import scrolled


class AccountEditor(QDialog):
    """Adds an account (`account_id` None) or edits one; nothing is saved until it validates."""

    def __init__(self, state: AppState, account_id: str | None, parent: QWidget | None = None):
        super().__init__(parent)
        self.state = state
        self.account_id = account_id
        self.saved_id: str | None = None
        # Set up on a new account before its first save, kept with it when it is saved: a
        # password's analysis and a verified authenticator (its secret, when it is to be kept,
        # None when not; the keyring sees it only on save).
        self.pending_password: PasswordAnalysis | None = None
        self.totp_verified = False
        self.pending_secret: str | None = None
        account = state.profile.account(account_id) if account_id else None
        if account is None:
            self.setWindowTitle(_("New account"))
        else:
            self.setWindowTitle(_("Edit account — {name}").format(name=account.display_name))
        self.setModal(True)
        self.setSizeGripEnabled(True)
        open_within_screen(self, QSize(900, 640))

        self.account = AccountSection(state, account_id)
        self.sign_in = SignInSection(state, self.check_password)
        self.two_factor = TwoFactorSection(self.set_up_authenticator)
        self.company = CompanySection(state)
        self.payment_methods = PaymentMethodsSection(state)
        self.conduct = ConductSection(state)
        self.listings = ListingsSection()
        self.penalties = PenaltiesSection(state)
        self.recovery = RecoverySection(state)
        self.sections: list[Section] = [
            self.account,
            self.sign_in,
            self.two_factor,
            self.company,
            self.payment_methods,
            self.conduct,
            self.listings,
            self.penalties,
            self.recovery,
        ]

        self.nav = QListWidget()
        self.nav.setAccessibleName(_("Sections"))
        self.nav.setFixedWidth(190)
        self.nav.setIconSize(QSize(16, 16))
        self.nav.setStyleSheet("QListWidget::item { padding: 5px 4px; }")
        self._no_icon = self._blank_icon()
        self.stack = QStackedWidget()
        for number, section in enumerate(self.sections, start=1):
            item = QListWidgetItem(self._no_icon, section.title)
            item.setToolTip(f"{section.title} (Alt+{number})")
            self.nav.addItem(item)
            self.stack.addWidget(scrolled(section))
            shortcut = QShortcut(QKeySequence(f"Alt+{number}"), self)
            shortcut.activated.connect(lambda row=number - 1: self.nav.setCurrentRow(row))
        self.nav.currentRowChanged.connect(self.stack.setCurrentIndex)
        self.nav.setCurrentRow(0)

        self.general_error = FieldError()
        # Save stores and closes (the default, as Enter in a field); Apply stores and stays.
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save
            | QDialogButtonBox.StandardButton.Apply
            | QDialogButtonBox.StandardButton.Cancel,
            self,
        )
        save = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        save.setAccessibleName(_("Save and close"))
        save.setToolTip(_("Save the account and close the editor"))
        save.setDefault(True)
        self.apply_button = self.buttons.button(QDialogButtonBox.StandardButton.Apply)
        self.apply_button.setAccessibleName(_("Save and keep editing"))
        self.apply_button.setToolTip(_("Save the account and keep the editor open"))
        self.apply_button.clicked.connect(self.apply)
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setAccessibleName(_("Cancel"))
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)

        body = QHBoxLayout()
        body.setSpacing(16)
        body.addWidget(self.nav)
        body.addWidget(self.stack, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 16, 16, 12)
        layout.addLayout(body, 1)
        layout.addWidget(self.general_error)
        layout.addWidget(self.buttons)

        doc = editing.item_document(state.profile, "accounts", account_id) if account_id else {}
        for section in self.sections:
            section.load(doc)
        # What the fields held when opened: anything else is an edit not saved yet.
        self._loaded = self.typed()
        self._show_account()
        state.changed.connect(self._state_changed)
        self.sign_in.login_id.textEdited.connect(self.account.guess_from_login)
        self.setTabOrder(self.nav, self.account.label)

    @staticmethod
    def _blank_icon() -> QIcon:
        # Every item keeps an icon's room, so a warning icon does not shift the list.
        pixmap = QPixmap(16, 16)
        pixmap.fill(Qt.GlobalColor.transparent)
        return QIcon(pixmap)

    # --- reading the account as stored ------------------------------------------------

    def stored_account(self) -> Account | None:
        return self.state.profile.account(self.account_id) if self.account_id else None

    def _show_account(self) -> None:
        account = self.stored_account()
        self.sign_in.show_account(account, self.pending_password)
        self.two_factor.show_account(account, pending=self.totp_verified)

    def _state_changed(self) -> None:
        if self.isVisible():
            self._show_account()
            self.company.update_comparison()

    # --- the dialogs that save on their own -------------------------------------------

    def check_password(self) -> None:
        from accountwatch.ui.dialogs.password_dialog import PasswordDialog  # written alongside

        dialog = PasswordDialog(self.state, self.account_id, self, name=self._name())
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        if self.account_id is None:  # nothing stored yet: the rating waits for Save
            self.pending_password = dialog.analysis
            if dialog.changed_date() is not None:
                self.sign_in.changed_on.set_date(dialog.changed_date())
        else:
            account = self.stored_account()
            if account is not None and account.password_changed_on is not None:
                self.sign_in.changed_on.set_date(account.password_changed_on)
                self._saved_elsewhere("password_changed_on")
        self._show_account()

    def set_up_authenticator(self) -> None:
        from accountwatch.ui.dialogs.twofactor_dialog import (  # written alongside
            NewAccount,
            TwoFactorDialog,
        )

        new = None
        if self.account_id is None:
            new = NewAccount(
                self._name(), self.sign_in.login_id.text().strip(), self.account.platform.value()
            )
        dialog = TwoFactorDialog(self.state, self.account_id, self, new_account=new)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        self.two_factor.method.set_value(TwoFactorMethod.TOTP.value)
        if self.account_id is None:
            self.totp_verified, self.pending_secret = True, dialog.kept_secret
        else:
            self._saved_elsewhere("two_factor", "method")
        self._show_account()

    def _name(self) -> str:
        """The account's name as typed so far (a dialog's title and text name it)."""
        return self.account.label.text().strip() or self.sign_in.login_id.text().strip()

    def _saved_elsewhere(self, *path: str) -> None:
        """A field a dialog of its own has just stored is no edit waiting to be saved here."""
        *parents, key = path
        typed, loaded = self.typed(), self._loaded
        for parent in parents:
            typed, loaded = typed.get(parent, {}), loaded.setdefault(parent, {})
        if key in typed:
            loaded[key] = typed[key]
        else:
            loaded.pop(key, None)

    # --- navigation -------------------------------------------------------------------

    def show_section(self, section: Section) -> None:
        self.nav.setCurrentRow(self.sections.index(section))

    def focus_field(self, field: str) -> None:
        """Show the section holding the profile field `field` and put the focus on it."""
        for section in self.sections:
            keys = [k for k in section.focus if field == k or field.startswith((k + ".", k + "["))]
            if keys:
                self.show_section(section)
                if section is self.account and field == "id":
                    self.account.advanced.expand()
                widget = section.focus_widget(field)
                if widget is not None:
                    widget.setFocus(Qt.FocusReason.OtherFocusReason)
                return

    # --- saving -----------------------------------------------------------------------

    def document(self) -> dict[str, Any]:
        """The account in profile-file form, as typed; fields the editor does not show are kept."""
        doc = (
            editing.item_document(self.state.profile, "accounts", self.account_id)
            if self.account_id
            else {}
        )
        for section in self.sections:
            section.store(doc)
        return doc

    def typed(self) -> dict[str, Any]:
        """What the sections hold, without the stored fields the editor does not show."""
        doc: dict[str, Any] = {}
        for section in self.sections:
            section.store(doc)
        return doc

    def has_unsaved_changes(self) -> bool:
        pending = self.pending_password is not None or self.totp_verified
        return pending or self.typed() != self._loaded

    def reject(self) -> None:
        # Esc, Cancel and the window's close button all come here: none may lose edits silently.
        if self.has_unsaved_changes():
            account = self.stored_account()
            question = (
                _("Save the changes to “{account}”?").format(account=account.display_name)
                if account is not None
                else _("Save the new account?")
            )
            if not may_leave(self, question, self.save):
                return
        super().reject()

    def save(self) -> None:
        """Save and close."""
        self._store(close=True)

    def apply(self) -> None:
        """Save and keep the editor open on the saved account."""
        self._store(close=False)

    def _store(self, *, close: bool) -> None:
        if not self.account.check_id():
            self.show_section(self.account)
            self.account.id.setFocus(Qt.FocusReason.OtherFocusReason)
            return
        item = self.document()
        old_id = self.account_id
        password = self.pending_password
        # A verified authenticator's secret is kept only while the method is still TOTP.
        secret = self.pending_secret if self._method_is_totp() else None
        self.buttons.setEnabled(False)

        def change(ws: Any) -> tuple[str, ...]:
            return editing.save_account(
                ws, item, replacing=old_id, password=password, totp_secret=secret
            )

        def done(notes: tuple[str, ...]) -> None:
            self.buttons.setEnabled(True)
            self.saved_id = item["id"]
            name = self.state.profile.account(item["id"])
            said = _("Account “{account}” saved.").format(
                account=name.display_name if name else item["id"]
            )
            # What the keyring could not do yet is said where the user looks next.
            self.state.announce(" ".join((said, *notes)))
            if close:
                self.accept()
            else:
                self._saved_as(item["id"])

        self.state.apply(change, on_done=done, on_error=self.show_error)

    def _method_is_totp(self) -> bool:
        return self.two_factor.method.value() == TwoFactorMethod.TOTP.value

    def _saved_as(self, account_id: str) -> None:
        """After Apply: the editor goes on with the account as stored."""
        self.account_id = account_id
        self.pending_password = None
        self.totp_verified, self.pending_secret = False, None
        self.account.saved_as(account_id)
        doc = editing.item_document(self.state.profile, "accounts", account_id)
        for section in self.sections:
            section.load(doc)
        self._loaded = self.typed()
        account = self.stored_account()
        if account is not None:
            self.setWindowTitle(_("Edit account — {name}").format(name=account.display_name))
        self._show_account()

    def show_error(self, exc: BaseException) -> None:
        self.buttons.setEnabled(True)
        if not isinstance(exc, ProfileError):
            self.state.failed.emit(exc)
            return
        errors: dict[str, FieldError] = {}
        owner: dict[FieldError, Section] = {}
        for section in self.sections:
            for path, error in section.errors.items():
                errors[path] = error
                owner[error] = section
        show_problems([with_row(p) for p in exc.problems], errors, self.general_error)
        if not self.account.id_error.isHidden():  # the id sits folded under "Advanced"
            self.account.advanced.expand()
        self._mark_sections(owner)
        # The first error in the editor's own order, not the file's: that is where one reads.
        for section in self.sections:
            for path, error in section.errors.items():
                if not error.isHidden():
                    self.show_section(section)
                    widget = section.focus.get(path)
                    if widget is not None:
                        widget.setFocus(Qt.FocusReason.OtherFocusReason)
                    return

    def _mark_sections(self, owner: dict[FieldError, Section]) -> None:
        warning = self.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning)
        flagged = {section for error, section in owner.items() if not error.isHidden()}
        for row, section in enumerate(self.sections):
            item = self.nav.item(row)
            if section in flagged:
                item.setIcon(warning)
                item.setToolTip(_("{section}: has problems to fix").format(section=section.title))
            else:
                item.setIcon(self._no_icon)
                item.setToolTip(section.title)
