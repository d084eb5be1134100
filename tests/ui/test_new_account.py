"""A new account as a first-time user adds it: no technical id first, the platform guessed,
the password rated and the authenticator set up before the first save (issue 14 item 4)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication, QDialog, QDialogButtonBox, QWidget
from pytestqt.qtbot import QtBot

from accountwatch.core import twofactor
from accountwatch.core.model import TwoFactorMethod
from accountwatch.services import editing
from accountwatch.ui.dialogs.account_editor import AccountEditor
from accountwatch.ui.dialogs.card_editor import CardEditor
from accountwatch.ui.dialogs.password_dialog import PasswordDialog
from accountwatch.ui.dialogs.twofactor_dialog import TwoFactorDialog
from accountwatch.ui.state import AppState


def new_editor(qtbot: QtBot, state: AppState) -> AccountEditor:
    editor = AccountEditor(state, None)
    qtbot.addWidget(editor)
    editor.show()
    return editor


def type_into(qtbot: QtBot, widget: QWidget, text: str) -> None:
    """Type `text`; what a keyboard cannot send (Japanese) arrives as an input method commits it."""
    widget.setFocus()
    if text.isascii():
        qtbot.keyClicks(widget, text)
        return
    event = QInputMethodEvent()
    event.setCommitString(text)
    QApplication.sendEvent(widget, event)


def click(qtbot: QtBot, widget: QWidget) -> None:
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)


def in_next_dialog(work: Callable[[QWidget], None]) -> list[QWidget]:
    """Run `work` on the modal dialog the next call opens (exec() blocks the test until then).

    Should `work` fail, the dialog is closed before the error goes on: left open, its exec()
    would never return and the whole suite would hang instead of reporting the failure."""
    seen: list[QWidget] = []

    def run() -> None:
        dialog = QApplication.activeModalWidget()
        if dialog is None:  # not shown yet (a loaded machine): look again shortly
            QTimer.singleShot(20, run)
            return
        seen.append(dialog)
        try:
            work(dialog)
        except BaseException:
            if dialog.isVisible() and isinstance(dialog, QDialog):
                dialog.reject()
            raise

    QTimer.singleShot(0, run)
    return seen


def test_the_label_comes_first_and_the_id_waits_under_advanced(
    qtbot: QtBot, state: AppState
) -> None:
    editor = new_editor(qtbot, state)
    section = editor.account
    # The first field of the form is the label; the id is folded away, yet its value is named.
    form_first = section.focus["label"]
    assert form_first is section.label
    assert not section.id.isVisible() and not section.advanced.expanded
    type_into(qtbot, section.label, "Alibaba.com main")
    assert section.id.text() == "alibaba.com-main"
    assert "alibaba.com-main" in section.advanced.toggle.text()
    click(qtbot, section.advanced.toggle)
    assert section.id.isVisible()


def test_the_platform_follows_the_label_until_the_user_picks_one(
    qtbot: QtBot, state: AppState
) -> None:
    editor = new_editor(qtbot, state)
    section = editor.account
    for label, platform in (
        ("Alibaba.com main", "alibaba.com"),
        ("1688 仕入れ", "1688"),
        ("AliExpress store", "aliexpress"),
    ):
        section.label.clear()
        type_into(qtbot, section.label, label)
        assert section.platform.value() == platform, label
    assert section.id.text() == "aliexpress-store"

    # The login can name it too, while the label does not.
    section.label.clear()
    type_into(qtbot, section.label, "本店")
    assert section.platform.value() == "other"
    type_into(qtbot, editor.sign_in.login_id, "sakura@1688")
    assert section.platform.value() == "1688"
    assert section.id.text() == "1688"  # a Japanese-only label: named after the platform

    # Picked by the user: a later label no longer changes it.
    section.platform.setFocus()
    qtbot.keyClick(section.platform, Qt.Key.Key_Down)  # a key press is the user's choice
    picked = section.platform.value()
    type_into(qtbot, section.label, " AliExpress")
    assert section.platform.value() == picked


def test_a_bad_id_says_what_is_wrong_and_the_error_clears_once_fixed(
    qtbot: QtBot, demo_state: AppState
) -> None:
    editor = new_editor(qtbot, demo_state)
    section = editor.account
    type_into(qtbot, section.label, "Shop")
    click(qtbot, section.advanced.toggle)
    section.id.clear()
    type_into(qtbot, section.id, "alibaba-main")  # the demo's Alibaba account has it
    type_into(qtbot, editor.sign_in.login_id, "shop-login")
    click(qtbot, editor.buttons.button(QDialogButtonBox.StandardButton.Save))
    assert editor.isVisible()
    assert section.id_error.isVisible()
    assert "already the id of another item" in section.id_error.text()
    assert section.id_error.text() != "required"
    qtbot.keyClicks(section.id, "-2")
    assert section.id_error.isHidden()  # fixed: the message goes at once
    section.id.clear()
    assert "An id is needed" in section.id_error.text()
    qtbot.keyClicks(section.id, "Bad Id")
    assert "cannot be an id" in section.id_error.text()


def test_the_password_rating_is_kept_with_the_new_account_when_it_is_saved(
    qtbot: QtBot, state: AppState
) -> None:
    editor = new_editor(qtbot, state)
    type_into(qtbot, editor.account.label, "AliExpress store")
    type_into(qtbot, editor.sign_in.login_id, "sakura")
    assert editor.sign_in.check_button.isEnabled()

    def rate(dialog: QWidget) -> None:
        assert isinstance(dialog, PasswordDialog)
        assert "AliExpress store" in dialog.windowTitle()
        qtbot.keyClicks(dialog.password, "password1")
        qtbot.waitUntil(lambda: dialog.save_button.isEnabled(), timeout=5000)
        click(qtbot, dialog.save_button)

    seen = in_next_dialog(rate)
    click(qtbot, editor.sign_in.check_button)
    assert seen
    assert editor.sign_in.strength.text() == "Very weak"
    assert state.profile.accounts == ()  # nothing stored before Save
    click(qtbot, editor.buttons.button(QDialogButtonBox.StandardButton.Save))
    assert not editor.isVisible()
    account = state.profile.account("aliexpress-store")
    assert account is not None and account.password is not None
    assert account.password.score == 0
    assert account.password_changed_on is None  # a rating is not a change
    assert state.result is not None
    rules = {f.rule for f in state.result.assessment.findings if f.account == account.id}
    assert "SEC-PASSWORD-UNCHECKED" not in rules


def test_the_authenticator_is_set_up_before_the_first_save_and_kept_only_on_save(
    qtbot: QtBot, state: AppState
) -> None:
    """With the real keyring (tools/with-keyring): the secret reaches it on Save, not before."""
    editor = new_editor(qtbot, state)
    type_into(qtbot, editor.account.label, "Alibaba.com main")
    type_into(qtbot, editor.sign_in.login_id, "sakura-main")
    secrets: list[str] = []

    def verify(dialog: QWidget) -> None:
        assert isinstance(dialog, TwoFactorDialog)
        assert "sakura-main" in dialog.uri() and "Alibaba.com" in dialog.uri()
        qtbot.waitUntil(lambda: dialog.keep.isEnabled(), timeout=5000)
        if not dialog.keep.isChecked():
            click(qtbot, dialog.keep)
        secrets.append(dialog.secret)
        qtbot.keyClicks(dialog.code, twofactor.current_code(dialog.secret, state.clock()))
        click(qtbot, dialog.verify_button)

    in_next_dialog(verify)
    click(qtbot, editor.two_factor.set_up_button)
    assert secrets
    assert editor.two_factor.method.value() == TwoFactorMethod.TOTP.value
    assert "verified" in editor.two_factor.secret_note.text()
    assert state.ws.vault.get_totp_secret("alibaba.com-main") is None  # not before Save

    click(qtbot, editor.buttons.button(QDialogButtonBox.StandardButton.Save))
    account = state.profile.account("alibaba.com-main")
    assert account is not None
    assert account.two_factor.method is TwoFactorMethod.TOTP and account.has_totp_secret
    now = state.clock()
    assert editing.totp_code(state.ws, account.id, now) == twofactor.current_code(secrets[0], now)
    state.ws.vault.delete_totp_secret(account.id)  # the real keyring outlives the test


def test_apply_saves_and_keeps_the_editor_open_on_the_saved_account(
    qtbot: QtBot, state: AppState
) -> None:
    editor = new_editor(qtbot, state)
    save = editor.buttons.button(QDialogButtonBox.StandardButton.Save)
    assert save.isDefault()  # Enter in a field saves and closes, as editors do
    type_into(qtbot, editor.account.label, "1688 仕入れ")
    type_into(qtbot, editor.sign_in.login_id, "sakura")
    click(qtbot, editor.apply_button)
    assert editor.isVisible()
    assert state.profile.account("1688") is not None
    assert editor.account_id == "1688" and "1688" in editor.windowTitle()
    assert not editor.has_unsaved_changes()
    # From now on it edits that account: a changed label no longer renames it.
    type_into(qtbot, editor.account.label, " 2")
    assert editor.account.id.text() == "1688"
    qtbot.keyClick(editor.account.label, Qt.Key.Key_Return)
    assert not editor.isVisible()
    account = state.profile.account("1688")
    assert account is not None and account.label == "1688 仕入れ 2"
    assert len(state.profile.accounts) == 1


def test_a_new_card_asks_for_its_label_and_makes_the_id_from_it(
    qtbot: QtBot, demo_state: AppState
) -> None:
    editor = CardEditor(demo_state, None)
    qtbot.addWidget(editor)
    editor.show()
    assert editor.focusWidget() is editor.label_edit  # the label first, not an id
    assert not editor.id_edit.isVisible() and not editor.advanced.expanded
    type_into(qtbot, editor.label_edit, "Company Visa")
    assert editor.id_edit.text() == "company-visa"
    assert "company-visa" in editor.advanced.toggle.text()
    editor.label_edit.clear()
    type_into(qtbot, editor.label_edit, "会社のカード")  # no Latin letters: brand and digits
    type_into(qtbot, editor.last4, "4242")
    assert editor.id_edit.text() == "other-4242"
    editor.brand.setCurrentIndex(editor.brand.findData("visa"))
    type_into(qtbot, editor.expires.edit, "2028-04")
    click(qtbot, editor.save_button)
    card = demo_state.profile.card("visa-4242")
    assert card is not None and card.label == "会社のカード"


def test_a_card_id_already_taken_is_explained_under_advanced(
    qtbot: QtBot, demo_state: AppState
) -> None:
    editor = CardEditor(demo_state, None)
    qtbot.addWidget(editor)
    editor.show()
    taken = demo_state.profile.cards[0].id
    editor.advanced.expand()
    editor.id_edit.clear()
    type_into(qtbot, editor.id_edit, taken)
    type_into(qtbot, editor.last4, "4242")
    type_into(qtbot, editor.expires.edit, "2028-04")
    click(qtbot, editor.save_button)
    assert editor.isVisible()
    assert "already the id of another item" in editor.errors["id"].text()
    qtbot.keyClick(editor.id_edit, Qt.Key.Key_End)
    type_into(qtbot, editor.id_edit, "-b")
    assert editor.errors["id"].isHidden()
