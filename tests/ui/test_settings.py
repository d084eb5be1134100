"""The Settings page: settings saved through the profile reader, import/export, folder, keyring."""

from __future__ import annotations

import datetime as dt
import json
import shutil
import subprocess
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt, QTime, QTimer, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QApplication, QCheckBox, QFileDialog, QMessageBox, QWidget
from pytestqt.qtbot import QtBot

from accountwatch import APP_ID
from accountwatch.core.model import Language, Weekday
from accountwatch.core.profile_io import profile_to_dict
from accountwatch.services import editing
from accountwatch.ui.pages.settings import SettingsPage
from accountwatch.ui.pages.settings_sections.profile_settings import parse_days
from accountwatch.ui.state import AppState


def open_page(qtbot: QtBot, state: AppState) -> SettingsPage:
    page = SettingsPage(state, lambda target: None)
    qtbot.addWidget(page)
    page.show()
    return page


def retype(qtbot: QtBot, field: object, text: str) -> None:
    field.selectAll()  # type: ignore[attr-defined]
    qtbot.keyClick(field, Qt.Key.Key_Delete)  # type: ignore[arg-type]
    qtbot.keyClicks(field, text)  # type: ignore[arg-type]


def click(qtbot: QtBot, widget: object) -> None:
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)  # type: ignore[arg-type]


def test_the_page_shows_the_stored_settings(qtbot: QtBot, demo_state: AppState) -> None:
    page = open_page(qtbot, demo_state)
    assert page.title() == "Settings"
    assert page.reminders.card_warn_days.text() == "60, 30, 7"
    assert page.reminders.payment_warn_days.text() == "7, 3, 1, 0"
    assert page.reminders.weekday.currentText() == "Monday"
    assert page.reminders.check_time.time() == QTime(9, 0)
    assert page.passwords.max_age.value() == 365 and not page.passwords.max_age_off.isChecked()
    assert page.general.language.currentText() == "System default"
    assert not page.save_button.isEnabled()


def test_new_card_warning_days_are_saved(qtbot: QtBot, demo_state: AppState) -> None:
    page = open_page(qtbot, demo_state)
    retype(qtbot, page.reminders.card_warn_days, "45, 15")
    assert page.save_button.isEnabled()
    click(qtbot, page.save_button)
    assert demo_state.profile.settings.card_warn_days == (45, 15)
    assert demo_state.ws.repo.load_profile().settings.card_warn_days == (45, 15)
    assert page.saved_note.text() == "Settings saved."
    assert not page.save_button.isEnabled()
    assert page.reminders.card_warn_days.text() == "45, 15"


def test_a_bad_day_shows_an_inline_error_and_saves_nothing(
    qtbot: QtBot, demo_state: AppState
) -> None:
    before = demo_state.ws.repo.load_profile()
    page = open_page(qtbot, demo_state)
    retype(qtbot, page.reminders.card_warn_days, "45, x")
    click(qtbot, page.save_button)
    error = page.errors["card_warn_days"]
    assert error.isVisible() and error.text() == "“x” is not a whole number of days."
    assert not page.errors["payment_warn_days"].isVisible()
    assert demo_state.ws.repo.load_profile() == before
    assert page.reminders.card_warn_days.text() == "45, x"  # what was typed stays for correcting

    retype(qtbot, page.reminders.card_warn_days, "45")
    click(qtbot, page.save_button)
    assert not error.isVisible()
    assert demo_state.profile.settings.card_warn_days == (45,)


def test_a_negative_day_is_refused_in_the_readers_words(qtbot: QtBot, demo_state: AppState) -> None:
    page = open_page(qtbot, demo_state)
    retype(qtbot, page.reminders.payment_warn_days, "7, -5")
    click(qtbot, page.save_button)
    assert page.errors["payment_warn_days"].text() == "-5 is negative"
    assert demo_state.profile.settings.payment_warn_days == (7, 3, 1, 0)


def test_password_max_age_off_saves_null(qtbot: QtBot, demo_state: AppState) -> None:
    page = open_page(qtbot, demo_state)
    click(qtbot, page.passwords.max_age_off)
    assert not page.passwords.max_age.isEnabled()
    click(qtbot, page.save_button)
    assert demo_state.profile.settings.password_max_age_days is None
    assert editing.section_document(demo_state.profile, "settings")["password_max_age_days"] is None
    assert page.passwords.max_age_off.isChecked()


def test_language_and_weekly_check_are_saved(qtbot: QtBot, demo_state: AppState) -> None:
    page = open_page(qtbot, demo_state)
    page.general.language.setCurrentIndex(page.general.language.findText("日本語"))
    page.general.language.activated.emit(page.general.language.currentIndex())
    page.reminders.weekday.setCurrentIndex(page.reminders.weekday.findText("Friday"))
    page.reminders.weekday.activated.emit(page.reminders.weekday.currentIndex())
    page.reminders.check_time.setTime(QTime(17, 30))
    click(qtbot, page.save_button)
    settings = demo_state.profile.settings
    assert settings.language is Language.JA
    assert settings.weekly_check.weekday is Weekday.FRI
    assert settings.weekly_check.time == dt.time(17, 30)


def test_unsaved_edits_survive_changes_made_elsewhere_and_revert_restores(
    qtbot: QtBot, demo_state: AppState
) -> None:
    page = open_page(qtbot, demo_state)
    retype(qtbot, page.reminders.payment_warn_days, "5, 2")
    demo_state.apply(lambda ws: editing.delete_item(ws, "cards", "mc-old"))
    assert page.reminders.payment_warn_days.text() == "5, 2"
    click(qtbot, page.revert_button)
    assert page.reminders.payment_warn_days.text() == "7, 3, 1, 0"
    assert not page.save_button.isEnabled()


def test_the_data_folder_is_shown_and_opens(
    qtbot: QtBot, demo_state: AppState, monkeypatch: pytest.MonkeyPatch
) -> None:
    opened: list[QUrl] = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(url) or True)
    page = open_page(qtbot, demo_state)
    assert page.storage.data_dir.text() == str(demo_state.ws.data_dir)
    assert page.storage.data_dir.isReadOnly()
    click(qtbot, page.storage.open_folder_button)
    assert [url.toLocalFile() for url in opened] == [str(demo_state.ws.data_dir)]


def test_without_a_keyring_the_status_says_what_that_means(
    qtbot: QtBot, demo_state: AppState, no_keyring: None
) -> None:
    page = open_page(qtbot, demo_state)
    text = page.storage.keyring_status.text()
    assert "No system keyring" in text and "two-factor secrets cannot be kept" in text


def test_a_usable_keyring_is_named_as_its_user_knows_it(qtbot: QtBot, demo_state: AppState) -> None:
    """The real keyring of tools/with-keyring (gnome-keyring): its name, not a class path."""
    page = open_page(qtbot, demo_state)
    text = page.storage.keyring_status.text()
    assert text == "OS keyring: GNOME Keyring / Secret Service — in use"
    assert "keyring.backends" not in text and "keyring.backends" not in (
        page.storage.keyring_status.toolTip()
    )


def test_export_then_import_round_trips(
    qtbot: QtBot, demo_state: AppState, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = profile_to_dict(demo_state.ws.repo.load_profile())
    target = tmp_path / "exported.json"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *args, **kwargs: (str(target), ""))
    page = open_page(qtbot, demo_state)
    click(qtbot, page.transfer.export_button)
    assert json.loads(target.read_text("utf-8"))["format"] == "accountwatch.profile"
    assert "Exported to" in page.transfer.transfer_note.text()

    demo_state.apply(lambda ws: editing.delete_item(ws, "accounts", "aliexpress-store"))
    assert demo_state.profile.account("aliexpress-store") is None

    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *args, **kwargs: (str(target), ""))
    monkeypatch.setattr(
        QMessageBox, "question", lambda *args, **kwargs: QMessageBox.StandardButton.Yes
    )
    click(qtbot, page.transfer.replace_all)
    click(qtbot, page.transfer.import_button)
    assert "Imported — accounts: 3," in page.transfer.transfer_note.text()
    assert demo_state.profile.account("aliexpress-store") is not None
    assert profile_to_dict(demo_state.ws.repo.load_profile()) == before


def test_a_bad_profile_lists_every_problem_and_changes_nothing(
    qtbot: QtBot, demo_state: AppState, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = demo_state.ws.repo.load_profile()
    bad = tmp_path / "bad.json"
    bad.write_text(
        json.dumps(
            {
                "format": "accountwatch.profile",
                "version": 1,
                "accounts": [{"id": "x", "login_id": "y", "two_factor": {"method": "totp2"}}],
                "cards": [{"id": "c", "last4": "12", "expires": "2027-13"}],
            }
        ),
        "utf-8",
    )
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *args, **kwargs: (str(bad), ""))
    page = open_page(qtbot, demo_state)
    click(qtbot, page.transfer.import_button)
    dialog = page.transfer.problems_dialog
    assert dialog is not None and dialog.isVisible()
    lines = dialog.text.toPlainText().splitlines()
    assert any(line.startswith("accounts[0].two_factor.method: ") for line in lines)
    assert any(line.startswith("cards[0].expires: ") for line in lines)
    assert demo_state.ws.repo.load_profile() == before


def test_cancelling_the_file_dialogs_does_nothing(
    qtbot: QtBot, demo_state: AppState, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *args, **kwargs: ("", ""))
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *args, **kwargs: ("", ""))
    page = open_page(qtbot, demo_state)
    click(qtbot, page.transfer.import_button)
    click(qtbot, page.transfer.export_button)
    assert page.transfer.problems_dialog is None and not page.transfer.transfer_note.isVisible()


def test_enter_on_replace_everything_keeps_everything(
    qtbot: QtBot, demo_state: AppState, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    source = tmp_path / "one.json"
    source.write_text(json.dumps({"format": "accountwatch.profile", "version": 1}), "utf-8")
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *args, **kwargs: (str(source), ""))
    page = open_page(qtbot, demo_state)
    click(qtbot, page.transfer.replace_all)
    asked: list[str] = []

    def press_enter() -> None:
        box = QApplication.activeModalWidget()
        assert isinstance(box, QMessageBox)
        asked.append(box.text())
        qtbot.keyClick(box, Qt.Key.Key_Return)

    QTimer.singleShot(0, press_enter)
    click(qtbot, page.transfer.import_button)
    assert asked and "Replace everything" in asked[0]
    assert len(demo_state.profile.accounts) == 3  # Enter is the safe answer: nothing replaced


def test_parse_days_keeps_what_is_not_a_number_for_the_reader_to_name() -> None:
    assert parse_days("60, 30,7") == [60, 30, 7]
    assert parse_days("45, x") == [45, "x"]
    assert parse_days("-1") == [-1]
    assert parse_days(" ") == []


@pytest.mark.parametrize("typed", ["²", "①", "9" * 5000, "<b>x</b>"])
def test_digits_int_cannot_read_are_refused_inline_as_typed(
    qtbot: QtBot, demo_state: AppState, typed: str
) -> None:
    # "²" and "①" are digits to str.isdigit(); int() refused them inside the event loop.
    before = demo_state.ws.repo.load_profile()
    page = open_page(qtbot, demo_state)
    page.reminders.card_warn_days.setText(typed)
    page.reminders.card_warn_days.textEdited.emit(typed)  # as typing it would
    click(qtbot, page.save_button)
    error = page.errors["card_warn_days"]
    assert error.isVisible() and "is not a whole number of days" in error.text()
    assert error.textFormat() == Qt.TextFormat.PlainText  # "<b>x</b>" shown as typed
    assert demo_state.ws.repo.load_profile() == before


def test_export_failure_is_shown_inline(
    qtbot: QtBot, demo_state: AppState, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    missing = tmp_path / "no-such-folder" / "out.json"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *args, **kwargs: (str(missing), ""))
    page = open_page(qtbot, demo_state)
    click(qtbot, page.transfer.export_button)
    assert (
        page.transfer.transfer_error.isVisible()
        and "Not exported" in page.transfer.transfer_error.text()
    )
    # The file chosen, not the temporary one written beside it first.
    assert str(missing) in page.transfer.transfer_error.text()
    assert ".aw-" not in page.transfer.transfer_error.text()
    assert page.transfer.export_button.isEnabled()


def open_tall_page(qtbot: QtBot, state: AppState) -> SettingsPage:
    """The whole page on screen, so clicks reach the groups far down."""
    page = open_page(qtbot, state)
    page.resize(1000, 2400)
    return page


def tick(qtbot: QtBot, box: QCheckBox) -> None:
    """Click a check box on its box: a wide one's middle may be past its text, out of reach."""
    qtbot.mouseClick(box, Qt.MouseButton.LeftButton, pos=QPoint(8, box.height() // 2))


def autostart_entry(tmp_path: Path) -> Path:
    # tests/conftest.py points XDG_CONFIG_HOME into the test's folder.
    return tmp_path / "config" / "autostart" / f"{APP_ID}.desktop"


def test_start_at_login_writes_a_valid_entry_and_removes_exactly_it(
    qtbot: QtBot, demo_state: AppState, tmp_path: Path
) -> None:
    page = open_tall_page(qtbot, demo_state)
    entry = autostart_entry(tmp_path)
    assert not page.desktop.start_at_login.isChecked()
    assert str(entry) in page.desktop.start_at_login_note.text()
    tick(qtbot, page.desktop.start_at_login)
    # Nothing happens until Save, which the page offers like for every other setting.
    assert page.desktop.start_at_login.isChecked() and not entry.exists()
    assert page.save_button.isEnabled() and page.has_unsaved_changes()
    click(qtbot, page.save_button)
    assert entry.is_file() and not page.has_unsaved_changes()
    validator = shutil.which("desktop-file-validate")
    if validator is not None:  # CI installs it (tools/install-system-deps)
        check = subprocess.run([validator, str(entry)], capture_output=True, text=True)
        assert check.returncode == 0 and check.stdout == "", check.stdout
    text = entry.read_text("utf-8")
    # Hidden in the tray, on this data folder (not the default one).
    exec_line = next(line for line in text.splitlines() if line.startswith("Exec="))
    assert "gui --hidden --data-dir" in exec_line
    assert str(demo_state.ws.data_dir) in exec_line

    neighbour = entry.with_name("someone-else.desktop")
    neighbour.write_text("[Desktop Entry]\nType=Application\nName=X\nExec=x\n", "utf-8")
    tick(qtbot, page.desktop.start_at_login)
    assert not page.desktop.start_at_login.isChecked() and entry.is_file()
    click(qtbot, page.save_button)
    assert not entry.exists() and neighbour.is_file()
    # Shown again, the page reads what is really there.
    page.hide()
    page.show()
    assert not page.desktop.start_at_login.isChecked()


def test_start_at_login_that_cannot_be_written_shows_why(
    qtbot: QtBot, demo_state: AppState, tmp_path: Path
) -> None:
    (tmp_path / "config").mkdir()
    (tmp_path / "config" / "autostart").write_text("a file where the folder should be", "utf-8")
    page = open_tall_page(qtbot, demo_state)
    tick(qtbot, page.desktop.start_at_login)
    click(qtbot, page.save_button)
    assert not page.desktop.start_at_login.isChecked()
    assert page.desktop.start_at_login_error.isVisible()
    assert "autostart" in page.desktop.start_at_login_error.text()


def test_without_a_tray_closing_cannot_keep_the_app(qtbot: QtBot, demo_state: AppState) -> None:
    page = open_page(qtbot, demo_state)
    # The offscreen platform has no tray; the tray path is tested on Xvfb (test_tray_x11.py).
    assert not page.desktop.close_to_tray.isEnabled() and not page.desktop.close_to_tray.isChecked()
    assert "No system tray" in page.desktop.tray_note.text()


def test_revert_puts_the_desktop_choices_back_and_one_save_covers_every_setting(
    qtbot: QtBot, demo_state: AppState, tmp_path: Path
) -> None:
    page = open_tall_page(qtbot, demo_state)
    entry = autostart_entry(tmp_path)
    tick(qtbot, page.desktop.start_at_login)
    assert page.revert_button.isEnabled()
    click(qtbot, page.revert_button)
    assert not page.desktop.start_at_login.isChecked() and not entry.exists()
    # The Save/Revert bar comes after every group it saves (the desktop's too) and before the
    # sections of actions, which act when their button is pressed.
    window = page.window()

    def top(widget: QWidget) -> int:
        return widget.mapTo(window, QPoint(0, 0)).y()

    assert top(page.desktop) + page.desktop.height() < top(page.save_button)
    assert top(page.save_button) < top(page.storage)
