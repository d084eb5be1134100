"""The two-factor setup dialog: a verified code turns on TOTP; a wrong one saves nothing."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from accountwatch.core import twofactor
from accountwatch.core.model import TwoFactorMethod
from accountwatch.services import editing
from accountwatch.ui.dialogs.twofactor_dialog import NewAccount, TwoFactorDialog
from accountwatch.ui.state import AppState
from keyring_doubles import MemoryKeyring

SITE_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"


def open_dialog(qtbot: QtBot, state: AppState, account_id: str | None) -> TwoFactorDialog:
    dialog = TwoFactorDialog(state, account_id)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def rules_for(state: AppState, account_id: str) -> set[str]:
    assert state.result is not None
    return {f.rule for f in state.result.assessment.findings if f.account == account_id}


def test_the_current_code_turns_on_totp_and_the_finding_goes(
    qtbot: QtBot, demo_state: AppState
) -> None:
    assert "SEC-2FA-OFF" in rules_for(demo_state, "aliexpress-store")
    dialog = open_dialog(qtbot, demo_state, "aliexpress-store")
    pixmap = dialog.qr.pixmap()
    assert not pixmap.isNull() and pixmap.width() >= 100
    assert dialog.key_text.text().replace(" ", "").replace("\n", "") == dialog.secret
    assert not dialog.verify_button.isEnabled()

    code = twofactor.current_code(dialog.secret, demo_state.clock())
    qtbot.keyClicks(dialog.code, code)
    assert dialog.verify_button.isEnabled()
    qtbot.mouseClick(dialog.verify_button, Qt.MouseButton.LeftButton)

    assert dialog.result() == TwoFactorDialog.DialogCode.Accepted
    account = demo_state.profile.account("aliexpress-store")
    assert account is not None
    assert account.two_factor.method is TwoFactorMethod.TOTP
    assert not account.two_factor.backup_codes_saved  # kept as it was
    assert not account.has_totp_secret
    assert "SEC-2FA-OFF" not in rules_for(demo_state, "aliexpress-store")


def test_a_wrong_code_shows_an_inline_error_and_saves_nothing(
    qtbot: QtBot, demo_state: AppState
) -> None:
    before = demo_state.ws.repo.load_profile()
    dialog = open_dialog(qtbot, demo_state, "aliexpress-store")
    right = twofactor.current_code(dialog.secret, demo_state.clock())
    wrong = f"{(int(right) + 500_000) % 1_000_000:06d}"
    qtbot.keyClicks(dialog.code, wrong)
    qtbot.mouseClick(dialog.verify_button, Qt.MouseButton.LeftButton)
    assert dialog.code_error.isVisible()
    assert "does not match" in dialog.code_error.text()
    assert dialog.isVisible() and dialog.result() == 0
    assert demo_state.ws.repo.load_profile() == before
    assert "SEC-2FA-OFF" in rules_for(demo_state, "aliexpress-store")

    dialog.code.clear()  # typing again clears the error
    assert not dialog.code_error.isVisible()


def test_without_a_keyring_the_secret_cannot_be_kept_and_the_dialog_says_why(
    qtbot: QtBot, demo_state: AppState, no_keyring: None
) -> None:
    dialog = open_dialog(qtbot, demo_state, "aliexpress-store")
    assert not dialog.keep.isEnabled() and not dialog.keep.isChecked()
    assert dialog.keep_note.isVisible()
    assert "keyring" in dialog.keep_note.text()


def test_a_kept_secret_goes_to_the_keyring(
    qtbot: QtBot, demo_state: AppState, memory_keyring: MemoryKeyring
) -> None:
    dialog = open_dialog(qtbot, demo_state, "aliexpress-store")
    assert dialog.keep.isEnabled()
    qtbot.mouseClick(dialog.keep, Qt.MouseButton.LeftButton)
    assert dialog.keep.isChecked()
    qtbot.keyClicks(dialog.code, twofactor.current_code(dialog.secret, demo_state.clock()))
    qtbot.mouseClick(dialog.verify_button, Qt.MouseButton.LeftButton)
    assert dialog.result() == TwoFactorDialog.DialogCode.Accepted
    account = demo_state.profile.account("aliexpress-store")
    assert account is not None and account.has_totp_secret
    assert dialog.secret in memory_keyring.entries.values()
    now = demo_state.clock()
    assert editing.totp_code(demo_state.ws, "aliexpress-store", now) == twofactor.current_code(
        dialog.secret, now
    )


def test_a_keyring_failing_on_save_is_explained_and_the_method_still_saved(
    qtbot: QtBot, demo_state: AppState, memory_keyring: MemoryKeyring
) -> None:
    dialog = open_dialog(qtbot, demo_state, "aliexpress-store")
    qtbot.mouseClick(dialog.keep, Qt.MouseButton.LeftButton)
    memory_keyring.broken = True  # e.g. the keyring was locked meanwhile
    qtbot.keyClicks(dialog.code, twofactor.current_code(dialog.secret, demo_state.clock()))
    qtbot.mouseClick(dialog.verify_button, Qt.MouseButton.LeftButton)
    assert dialog.isVisible()
    assert dialog.keyring_error.isVisible() and "locked" in dialog.keyring_error.text()
    account = demo_state.profile.account("aliexpress-store")
    assert account is not None and account.two_factor.method is TwoFactorMethod.TOTP
    assert not account.has_totp_secret
    assert dialog.verify_button.text() == "Close"
    qtbot.mouseClick(dialog.verify_button, Qt.MouseButton.LeftButton)
    assert dialog.result() == TwoFactorDialog.DialogCode.Accepted


def test_the_sites_own_key_can_be_used_instead(qtbot: QtBot, demo_state: AppState) -> None:
    dialog = open_dialog(qtbot, demo_state, "aliexpress-store")
    qtbot.keyClicks(dialog.own_key, "not base32!")
    qtbot.mouseClick(dialog.use_key_button, Qt.MouseButton.LeftButton)
    assert dialog.own_key_error.isVisible() and "base32" in dialog.own_key_error.text()
    assert dialog.secret != SITE_SECRET

    dialog.own_key.clear()
    qtbot.keyClicks(dialog.own_key, f"otpauth://totp/AliExpress:store?secret={SITE_SECRET}")
    qtbot.mouseClick(dialog.use_key_button, Qt.MouseButton.LeftButton)
    assert not dialog.own_key_error.isVisible()
    assert dialog.secret == SITE_SECRET
    assert dialog.key_text.text().startswith("JBSW Y3DP")
    assert f"secret={SITE_SECRET}" in dialog.uri()
    assert "issuer=AliExpress" in dialog.uri()


def test_copy_puts_the_key_on_the_clipboard(qtbot: QtBot, demo_state: AppState) -> None:
    dialog = open_dialog(qtbot, demo_state, "aliexpress-store")
    qtbot.mouseClick(dialog.copy_button, Qt.MouseButton.LeftButton)
    assert QApplication.clipboard().text() == dialog.secret


def test_a_new_account_is_verified_but_nothing_saved_yet(
    qtbot: QtBot, demo_state: AppState
) -> None:
    dialog = open_dialog(qtbot, demo_state, None)
    assert dialog.unsaved_note.isVisible()
    accounts = demo_state.profile.accounts
    qtbot.mouseClick(dialog.keep, Qt.MouseButton.LeftButton)
    qtbot.keyClicks(dialog.code, twofactor.current_code(dialog.secret, demo_state.clock()))
    assert dialog.verify_button.isEnabled()
    qtbot.mouseClick(dialog.verify_button, Qt.MouseButton.LeftButton)
    assert dialog.result() == TwoFactorDialog.DialogCode.Accepted
    assert dialog.kept_secret == dialog.secret  # for the editor to keep when it saves
    assert demo_state.profile.accounts == accounts


def test_enter_in_the_code_field_verifies_and_saves(qtbot: QtBot, demo_state: AppState) -> None:
    dialog = open_dialog(qtbot, demo_state, "aliexpress-store")
    assert dialog.verify_button.isDefault()
    qtbot.keyClicks(dialog.code, twofactor.current_code(dialog.secret, demo_state.clock()))
    qtbot.keyClick(dialog.code, Qt.Key.Key_Return)
    assert dialog.result() == TwoFactorDialog.DialogCode.Accepted
    account = demo_state.profile.account("aliexpress-store")
    assert account is not None and account.two_factor.method is TwoFactorMethod.TOTP


def test_a_key_too_long_is_refused_inline(qtbot: QtBot, demo_state: AppState) -> None:
    # About 2,500 characters is more than any QR code holds: it raised in the event loop.
    dialog = open_dialog(qtbot, demo_state, "aliexpress-store")
    dialog.own_key.setText("A" * 2600)
    qtbot.mouseClick(dialog.use_key_button, Qt.MouseButton.LeftButton)
    assert dialog.own_key_error.isVisible() and "too long" in dialog.own_key_error.text()
    assert dialog.secret != "A" * 2600


def test_an_account_name_no_qr_code_can_hold_still_shows_the_key(
    qtbot: QtBot, demo_state: AppState
) -> None:
    dialog = open_dialog(qtbot, demo_state, None)
    dialog.new_account = NewAccount("x" * 3000, "y" * 3000, "alibaba.com")
    dialog._show_secret()
    assert "No QR code" in dialog.qr.text()
    assert dialog.key_text.text().replace(" ", "").replace("\n", "") == dialog.secret
