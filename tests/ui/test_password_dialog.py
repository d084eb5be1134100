"""The password check dialog: typing rates the password; saving keeps only its analysis."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit
from pytestqt.qtbot import QtBot

from accountwatch.ui.dialogs.password_dialog import PasswordDialog
from accountwatch.ui.state import AppState


def open_dialog(qtbot: QtBot, state: AppState, account_id: str | None) -> PasswordDialog:
    dialog = PasswordDialog(state, account_id)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def rules_for(state: AppState, account_id: str) -> set[str]:
    assert state.result is not None
    return {f.rule for f in state.result.assessment.findings if f.account == account_id}


def type_password(qtbot: QtBot, dialog: PasswordDialog, text: str) -> None:
    qtbot.keyClicks(dialog.password, text)
    qtbot.waitUntil(lambda: dialog.meter.word() not in ("", "Checking…"), timeout=5000)


def test_a_weak_password_shows_very_weak_and_a_warning_and_saving_keeps_the_finding(
    qtbot: QtBot, demo_state: AppState
) -> None:
    assert "SEC-PASSWORD-WEAK" not in rules_for(demo_state, "aliexpress-store")
    dialog = open_dialog(qtbot, demo_state, "aliexpress-store")
    assert dialog.password.echoMode() == QLineEdit.EchoMode.Password
    assert not dialog.save_button.isEnabled()

    type_password(qtbot, dialog, "password1")
    assert dialog.meter.word() == "Very weak"
    assert dialog.meter.score == 0
    assert dialog.feedback.isVisible() and "common password" in dialog.feedback.text()
    assert not dialog.reuse.isVisible()
    assert dialog.changed_on.date() == dt.date(2026, 11, 29)

    qtbot.mouseClick(dialog.changed_box, Qt.MouseButton.LeftButton)  # just changed it
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.result() == PasswordDialog.DialogCode.Accepted
    assert dialog.password.text() == ""
    account = demo_state.profile.account("aliexpress-store")
    assert account is not None and account.password is not None
    assert account.password.score <= 1
    assert account.password_changed_on == dt.date(2026, 11, 29)
    assert "SEC-PASSWORD-WEAK" in rules_for(demo_state, "aliexpress-store")


def test_the_password_is_never_written_to_the_data_folder(
    qtbot: QtBot, demo_state: AppState
) -> None:
    dialog = open_dialog(qtbot, demo_state, "aliexpress-store")
    secret = "Zebra-Kettle-93!quiet"
    type_password(qtbot, dialog, secret)
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    account = demo_state.profile.account("aliexpress-store")
    assert account is not None and account.password is not None
    assert account.password.score >= 3
    files = [f for f in demo_state.ws.data_dir.rglob("*") if f.is_file()]
    assert files
    for file in files:
        data = file.read_bytes()
        assert secret.encode() not in data, file
        assert secret.encode("utf-16-le") not in data, file


def test_a_password_used_by_other_accounts_names_them(qtbot: QtBot, demo_state: AppState) -> None:
    dialog = open_dialog(qtbot, demo_state, "aliexpress-store")
    type_password(qtbot, dialog, "Sakura2024!")
    assert dialog.reuse.isVisible()
    assert "Alibaba.com main" in dialog.reuse.text()
    assert "1688 仕入れ用" in dialog.reuse.text()
    assert "AliExpress store" not in dialog.reuse.text()

    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert "SEC-PASSWORD-REUSED" in rules_for(demo_state, "aliexpress-store")


def test_the_show_button_reveals_the_password(qtbot: QtBot, demo_state: AppState) -> None:
    dialog = open_dialog(qtbot, demo_state, "aliexpress-store")
    qtbot.mouseClick(dialog.show_button, Qt.MouseButton.LeftButton)
    assert dialog.password.echoMode() == QLineEdit.EchoMode.Normal
    assert dialog.show_button.text() == "Hide"
    qtbot.mouseClick(dialog.show_button, Qt.MouseButton.LeftButton)
    assert dialog.password.echoMode() == QLineEdit.EchoMode.Password


def test_the_password_on_record_keeps_its_change_date(qtbot: QtBot, demo_state: AppState) -> None:
    account = demo_state.profile.account("alibaba-main")
    assert account is not None and account.password_changed_on is not None
    dialog = open_dialog(qtbot, demo_state, "alibaba-main")
    type_password(qtbot, dialog, "Sakura2024!")
    assert not dialog.changed_box.isChecked()
    assert dialog.date_note.isVisible() and "already on record" in dialog.date_note.text()


def test_clearing_the_field_clears_the_rating(qtbot: QtBot, demo_state: AppState) -> None:
    dialog = open_dialog(qtbot, demo_state, "aliexpress-store")
    type_password(qtbot, dialog, "password1")
    dialog.password.clear()
    assert dialog.meter.score is None and dialog.meter.word() == ""
    assert not dialog.feedback.isVisible()
    assert not dialog.save_button.isEnabled()


def test_a_new_account_is_rated_and_the_rating_handed_back(
    qtbot: QtBot, demo_state: AppState
) -> None:
    dialog = open_dialog(qtbot, demo_state, None)
    assert dialog.unsaved_note.isVisible()
    assert "not saved yet" in dialog.unsaved_note.text()
    type_password(qtbot, dialog, "password1")
    assert dialog.meter.word() == "Very weak"
    assert dialog.save_button.isEnabled() and dialog.save_button.text() == "&Keep"
    accounts = demo_state.profile.accounts
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.result() == dialog.DialogCode.Accepted
    assert dialog.analysis is not None and dialog.analysis.score == 0
    assert demo_state.profile.accounts == accounts  # nothing stored: the editor keeps it


def test_a_late_answer_for_an_older_text_is_dropped(
    qtbot: QtBot, demo_state: AppState, monkeypatch: pytest.MonkeyPatch
) -> None:
    queued: list[tuple[Callable[[], Any], Callable[[Any], None]]] = []
    monkeypatch.setattr(demo_state.tasks, "run", lambda fn, ok, fail: queued.append((fn, ok)))
    dialog = open_dialog(qtbot, demo_state, "aliexpress-store")
    qtbot.keyClicks(dialog.password, "password1")
    qtbot.waitUntil(lambda: len(queued) == 1)
    qtbot.keyClicks(dialog.password, "-Quartz-Lantern-88")
    qtbot.waitUntil(lambda: len(queued) == 2)
    assert not dialog.save_button.isEnabled()  # nothing rated yet
    (old_fn, old_done), (new_fn, new_done) = queued
    new_done(new_fn())
    old_done(old_fn())  # the slow answer for "password1" comes last
    assert dialog.meter.score is not None and dialog.meter.score >= 3
    assert dialog.save_button.isEnabled()


def test_an_answer_arriving_after_more_typing_is_dropped(
    qtbot: QtBot, demo_state: AppState, monkeypatch: pytest.MonkeyPatch
) -> None:
    queued: list[tuple[Callable[[], Any], Callable[[Any], None]]] = []
    monkeypatch.setattr(demo_state.tasks, "run", lambda fn, ok, fail: queued.append((fn, ok)))
    dialog = open_dialog(qtbot, demo_state, "aliexpress-store")
    qtbot.keyClicks(dialog.password, "password1")
    qtbot.waitUntil(lambda: len(queued) == 1)
    qtbot.keyClicks(dialog.password, "x")  # typed while "password1" is being rated
    fn, done = queued[0]
    done(fn())
    assert dialog.analysis is None and dialog.meter.score is None
    assert not dialog.save_button.isEnabled()


def test_a_check_keeps_the_change_date_unless_the_user_says_it_changed(
    qtbot: QtBot, demo_state: AppState
) -> None:
    account = demo_state.profile.account("alibaba-main")
    assert account is not None and account.password_changed_on is not None
    before = account.password_changed_on
    dialog = open_dialog(qtbot, demo_state, "alibaba-main")
    assert not dialog.changed_box.isChecked() and not dialog.changed_on.isEnabled()
    type_password(qtbot, dialog, "Correct-Horse-Battery-71")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    account = demo_state.profile.account("alibaba-main")
    assert account is not None and account.password is not None
    assert account.password.score >= 3  # the analysis is kept …
    assert account.password_changed_on == before  # … and the change date is not touched


def test_ticking_changed_records_the_date_given(qtbot: QtBot, demo_state: AppState) -> None:
    dialog = open_dialog(qtbot, demo_state, "alibaba-main")
    type_password(qtbot, dialog, "Correct-Horse-Battery-71")
    qtbot.mouseClick(dialog.changed_box, Qt.MouseButton.LeftButton)
    assert dialog.changed_on.isEnabled()
    dialog.changed_on.set_date(dt.date(2026, 11, 20))
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    account = demo_state.profile.account("alibaba-main")
    assert account is not None and account.password_changed_on == dt.date(2026, 11, 20)
