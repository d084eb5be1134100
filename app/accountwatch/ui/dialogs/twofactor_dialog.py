"""The two-factor setup dialog: a secret as QR code and text, verified by a code before saving."""

from __future__ import annotations

import io
from dataclasses import dataclass

import segno
from PySide6.QtCore import QRegularExpression, Qt
from PySide6.QtGui import (
    QFontDatabase,
    QGuiApplication,
    QPalette,
    QPixmap,
    QRegularExpressionValidator,
)
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from accountwatch.core.model import Account, Platform
from accountwatch.i18n import _
from accountwatch.services import editing
from accountwatch.services.types import VaultStatus
from accountwatch.services.workspace import Workspace
from accountwatch.ui.common import FieldError
from accountwatch.ui.state import AppState
from accountwatch.ui.widgets.fit import grow_to_fit

QR_MODULE_PX = 4  # pixels per QR module at 1× scale: about 180 px for a typical link
CODE_DIGITS = 6
# The issuer an authenticator app lists the entry under.
ISSUERS = {
    Platform.ALIBABA: "Alibaba.com",
    Platform.P1688: "1688",
    Platform.ALIEXPRESS: "AliExpress",
}


@dataclass(frozen=True)
class NewAccount:
    """An account not saved yet, as typed so far: what the authenticator app lists it as."""

    name: str
    login: str
    platform: str


def grouped(secret: str, per_line: int = 4) -> str:
    """The secret in groups of four, as setup pages print it (easier to type and compare)."""
    groups = [secret[i : i + 4] for i in range(0, len(secret), 4)]
    lines = (" ".join(groups[i : i + per_line]) for i in range(0, len(groups), per_line))
    return "\n".join(lines)


def qr_pixmap(text: str, device_pixel_ratio: float = 1.0) -> QPixmap:
    """`text` as a QR code, dark on light whatever the palette (scanners need the contrast)."""
    code = segno.make(text, error="m", micro=False)
    buffer = io.BytesIO()
    code.save(buffer, kind="png", scale=max(1, round(QR_MODULE_PX * device_pixel_ratio)), border=4)
    pixmap = QPixmap()
    pixmap.loadFromData(buffer.getvalue(), "PNG")
    pixmap.setDevicePixelRatio(device_pixel_ratio)
    return pixmap


class TwoFactorDialog(QDialog):
    """Sets up an authenticator app for one account; saves only after a code is verified.

    With `account_id` None (`new_account`: an account not saved yet) a verified code only
    accepts the dialog, saving nothing: the editor records the method with the account and
    hands `kept_secret` (None: not to be kept) to the keyring when it saves the account.
    """

    def __init__(
        self,
        state: AppState,
        account_id: str | None,
        parent: QWidget | None = None,
        *,
        new_account: NewAccount | None = None,
    ):
        super().__init__(parent)
        self.state = state
        self.account_id = account_id
        account = state.profile.account(account_id) if account_id else None
        self.account: Account | None = account
        self.new_account = new_account if account is None else None
        self.secret = editing.new_totp_secret()
        self.kept_secret: str | None = None
        self.saved = False
        self._closed = False
        name = (
            account.display_name
            if account
            else (new_account.name if new_account and new_account.name else _("new account"))
        )

        self.setWindowTitle(_("Set up an authenticator app — {account}").format(account=name))
        steps = QLabel(
            _(
                "1. Open your authenticator app (for example Google Authenticator, Microsoft "
                "Authenticator or 1Password) and add a new entry.\n"
                "2. Scan the QR code, or type the key shown beside it.\n"
                "3. Type the 6-digit code the app now shows and choose Verify."
            )
        )
        steps.setWordWrap(True)
        steps.setMinimumWidth(520)

        self.qr = QLabel()
        self.qr.setAccessibleName(_("QR code of the setup key"))
        self.qr.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.qr.setFrameShape(QFrame.Shape.StyledPanel)

        mono = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
        mono.setPointSizeF(mono.pointSizeF() * 1.15)
        self.key_text = QLabel()
        self.key_text.setFont(mono)
        self.key_text.setWordWrap(True)
        self.key_text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.key_text.setAccessibleName(_("Setup key"))
        self.copy_button = QPushButton(_("Copy key"))
        self.copy_button.setAccessibleName(_("Copy the setup key"))
        self.copy_button.setToolTip(_("Copy the key to paste it into an authenticator app"))
        self.copy_button.clicked.connect(self._copy)

        self.own_key = QLineEdit()
        self.own_key.setAccessibleName(_("Setup key from the site"))
        self.own_key.setPlaceholderText(_("Key or otpauth:// link"))
        self.use_key_button = QPushButton(_("Use this key"))
        self.use_key_button.setAccessibleName(_("Use the site's key"))
        self.use_key_button.setEnabled(False)
        self.use_key_button.clicked.connect(self._use_own_key)
        self.own_key.textChanged.connect(lambda text: self.use_key_button.setEnabled(bool(text)))
        self.own_key.returnPressed.connect(self._use_own_key)
        self.own_key_error = FieldError()
        own_row = QHBoxLayout()
        own_row.addWidget(self.own_key, 1)
        own_row.addWidget(self.use_key_button)
        own_hint = QLabel(
            _("Did the site show its own setup key? Paste it here to use it instead.")
        )
        own_hint.setWordWrap(True)
        own_hint.setForegroundRole(QPalette.ColorRole.PlaceholderText)

        key_box = QVBoxLayout()
        key_box.setSpacing(8)
        key_title = QLabel(_("Setup key:"))
        key_box.addWidget(key_title)
        key_box.addWidget(self.key_text)
        copy_row = QHBoxLayout()
        copy_row.addWidget(self.copy_button)
        copy_row.addStretch(1)
        key_box.addLayout(copy_row)
        key_box.addSpacing(10)
        key_box.addWidget(own_hint)
        key_box.addLayout(own_row)
        key_box.addWidget(self.own_key_error)
        key_box.addStretch(1)

        top = QGridLayout()
        top.setHorizontalSpacing(18)
        top.addWidget(self.qr, 0, 0, Qt.AlignmentFlag.AlignTop)
        top.addLayout(key_box, 0, 1)
        top.setColumnStretch(1, 1)

        self.code = QLineEdit()
        self.code.setAccessibleName(_("Code from the app"))
        self.code.setPlaceholderText("123456")
        self.code.setMaxLength(CODE_DIGITS + 1)  # "123 456" as some apps show it
        self.code.setValidator(QRegularExpressionValidator(QRegularExpression(r"[0-9 ]{0,7}")))
        self.code.setFont(mono)
        self.code.setFixedWidth(self.code.fontMetrics().horizontalAdvance("0" * 12))
        self.code.textChanged.connect(self._code_typed)
        self.code_error = FieldError()
        self.code_error.setAccessibleDescription(_("Problem with the code"))

        self.keep = QCheckBox(_("Keep the secret in the keyring to show codes in AccountWatch"))
        self.keep.setAccessibleName(self.keep.text())
        self.keep.setToolTip(
            _("The secret is kept only in the system keyring, never in AccountWatch's files.")
        )
        self.keep_note = QLabel()
        self.keep_note.setWordWrap(True)
        self.keep_note.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self.keep_note.hide()
        self.keyring_error = FieldError()
        self.unsaved_note = QLabel(
            _(
                "The account is not saved yet: once the code is verified, two-factor sign-in is "
                "recorded when you save the account, and a kept secret goes to the keyring only "
                "then."
            )
        )
        self.unsaved_note.setWordWrap(True)
        self.unsaved_note.setVisible(account_id is None)

        form = QFormLayout()
        form.setHorizontalSpacing(12)
        form.setVerticalSpacing(8)
        code_label = QLabel(_("&Code from the app:"))
        code_label.setBuddy(self.code)
        form.addRow(code_label, self.code)
        form.addRow("", self.code_error)

        # Inside the dialog from the start: a default set on a button not yet in its dialog is
        # lost when the dialog is shown (Qt then picks the first button, "Copy key").
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel, self)
        self.verify_button = self.buttons.addButton(
            _("&Verify and save"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.verify_button.setAccessibleName(_("Verify the code and save"))
        if account_id is None:  # nothing is saved here for an account not saved yet
            self.verify_button.setText(_("&Verify"))
            self.verify_button.setAccessibleName(_("Verify the code"))
        self.verify_button.setDefault(True)
        self.verify_button.setEnabled(False)
        self.buttons.accepted.connect(self._verify)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(18, 18, 18, 14)
        layout.setSpacing(14)
        layout.addWidget(steps)
        layout.addLayout(top)
        layout.addLayout(form)
        layout.addWidget(self.keep)
        layout.addWidget(self.keep_note)
        layout.addWidget(self.keyring_error)
        layout.addWidget(self.unsaved_note)
        layout.addStretch(1)
        layout.addWidget(self.buttons)
        self.setTabOrder(self.code, self.keep)
        self.setTabOrder(self.keep, self.copy_button)
        self.setTabOrder(self.copy_button, self.own_key)
        self.setTabOrder(self.own_key, self.use_key_button)

        self._show_secret()
        self.code.setFocus()
        # The dialog grows with what appears (a wrong code's message, the keyring's note)
        # instead of squeezing the QR code or laying text over text.
        grow_to_fit(self)
        ws = state.ws
        state.tasks.run(lambda: editing.vault_status(ws), self._vault_known, self._vault_failed)

    # -- the secret --------------------------------------------------------------------------

    def uri(self) -> str:
        account = self.account
        if account is None:
            new = self.new_account or NewAccount(_("new account"), "", Platform.OTHER.value)
            issuer = ISSUERS.get(Platform(new.platform), "")
            return editing.totp_uri(self.secret, new.login or new.name, issuer)
        issuer = ISSUERS.get(account.platform, account.display_name)
        return editing.totp_uri(self.secret, account.login_id or account.display_name, issuer)

    def _show_secret(self) -> None:
        try:
            self.qr.setPixmap(qr_pixmap(self.uri(), self.devicePixelRatioF()))
        except segno.DataOverflowError:
            # A login id thousands of characters long: no QR code holds it; the key still
            # works typed in by hand.
            self.qr.clear()
            self.qr.setText(_("No QR code can hold this account's name: type the key instead."))
            self.qr.setWordWrap(True)
        # Never smaller than generated: a scaled-down code may no longer scan.
        self.qr.setFixedSize(self.qr.sizeHint())
        self.key_text.setText(grouped(self.secret))

    def _copy(self) -> None:
        QGuiApplication.clipboard().setText(self.secret)

    def _use_own_key(self) -> None:
        try:
            self.secret = editing.normalize_totp_secret(self.own_key.text())
        except ValueError as exc:
            self.own_key_error.show_message(
                _("This key cannot be used: {reason}").format(reason=exc)
            )
            return
        self.own_key_error.show_message("")
        self.own_key.clear()
        self._show_secret()
        self.code.setFocus()

    # -- the keyring -------------------------------------------------------------------------

    def _vault_known(self, status: VaultStatus) -> None:
        if self._closed or status.usable:
            return
        self.keep.setChecked(False)
        self.keep.setEnabled(False)
        self.keep_note.setText(status.detail + " " + _("The secret cannot be kept."))
        self.keep_note.show()

    def _vault_failed(self, exc: BaseException) -> None:
        if not self._closed:
            self._vault_known(VaultStatus(False, "", str(exc)))

    # -- verifying and saving ----------------------------------------------------------------

    def _code_typed(self, text: str) -> None:
        self.code_error.show_message("")
        complete = len(text.replace(" ", "")) == CODE_DIGITS
        self.verify_button.setEnabled(complete)

    def _verify(self) -> None:
        if self.saved:
            self.accept()
            return
        if not editing.verify_totp(self.secret, self.code.text(), self.state.clock()):
            self.code_error.show_message(
                _(
                    "This code does not match. Check that the app shows the entry you just "
                    "added and that this computer's clock is right, then type the current code."
                )
            )
            self.code.selectAll()
            self.code.setFocus()
            return
        account_id = self.account_id
        kept = self.secret if self.keep.isChecked() else None
        if account_id is None:  # the editor saves it with the new account
            self.kept_secret = kept
            self.accept()
            return
        self.verify_button.setEnabled(False)

        def change(ws: Workspace) -> str | None:
            return editing.enable_totp(ws, account_id, kept)

        self.state.apply(change, self._saved, self._save_failed)

    def _saved(self, reason: str | None) -> None:
        self.saved = True
        if self.account is not None:
            self.state.announce(
                _("Sign-in with an authenticator app recorded for “{account}”.").format(
                    account=self.account.display_name
                )
            )
        if reason is None:
            self.accept()
            return
        # The method is saved; say why the secret was not kept and let the user close.
        self.keyring_error.show_message(
            _("Two-factor sign-in is saved, but the secret was not kept: {reason}").format(
                reason=reason
            )
        )
        for widget in (self.code, self.keep, self.own_key, self.use_key_button):
            widget.setEnabled(False)
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).hide()
        self.verify_button.setText(_("Close"))
        self.verify_button.setAccessibleName(_("Close"))
        self.verify_button.setEnabled(True)
        self.verify_button.setFocus()

    def _save_failed(self, exc: BaseException) -> None:
        self.code_error.show_message(_("Nothing was saved: {error}").format(error=exc))
        self.verify_button.setEnabled(True)

    def done(self, result: int) -> None:
        self._closed = True
        super().done(result)
