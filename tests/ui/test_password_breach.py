"""The password check dialog with the offline breach check and the other sites of an analysed
password manager export: the count is shown and kept (never the hash), other sites are named."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from accountwatch.services import breaches, password_export
from accountwatch.services.pwned_file import sha1_hex
from accountwatch.ui.dialogs.password_dialog import PasswordDialog
from accountwatch.ui.state import AppState
from export_files import SHARED, write_export

BREACHED = "Hanabi-Kettle-2291-breached"


def _pwned(tmp_path: Path) -> Path:
    hashes = {sha1_hex(BREACHED): 12_345, "0" * 40: 1, "F" * 40: 2}
    path = tmp_path / "pwned-passwords.txt"
    path.write_text("".join(f"{h}:{hashes[h]}\n" for h in sorted(hashes)))
    return path


def _typed(qtbot: QtBot, state: AppState, account_id: str, text: str) -> PasswordDialog:
    dialog = PasswordDialog(state, account_id)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.keyClicks(dialog.password, text)
    qtbot.waitUntil(lambda: dialog.analysis is not None, timeout=5000)
    return dialog


def test_a_breached_password_is_named_with_its_count_and_the_count_is_kept(
    qtbot: QtBot, demo_state: AppState, tmp_path: Path
) -> None:
    breaches.set_path(demo_state.ws, _pwned(tmp_path))
    dialog = _typed(qtbot, demo_state, "aliexpress-store", BREACHED)
    assert "Found 12,345 times in known breaches (pwned-passwords.txt)" in dialog.feedback.text()

    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    account = demo_state.profile.account("aliexpress-store")
    assert account is not None and account.password is not None
    assert account.password.breach_count == 12_345
    assert account.password.breach_source == "pwned-passwords.txt"
    assert demo_state.result is not None
    breached = [
        f
        for f in demo_state.result.assessment.findings
        if f.account == "aliexpress-store" and f.rule == "SEC-PASSWORD-BREACHED"
    ]
    assert breached and "12,345 times" in breached[0].message
    for file in (f for f in demo_state.ws.data_dir.rglob("*") if f.is_file()):
        data = file.read_bytes()
        assert BREACHED.encode() not in data and sha1_hex(BREACHED).encode() not in data, file


def test_without_a_breach_file_nothing_is_looked_up(qtbot: QtBot, demo_state: AppState) -> None:
    dialog = _typed(qtbot, demo_state, "aliexpress-store", BREACHED)
    assert dialog.analysis is not None and dialog.analysis.breach_count is None
    assert "breaches" not in dialog.feedback.text()


def test_the_sites_of_an_analysed_export_are_named_as_reuse(
    qtbot: QtBot, demo_state: AppState, tmp_path: Path
) -> None:
    password_export.analyse_export(
        demo_state.ws, write_export(tmp_path, "chrome"), today=demo_state.today
    )
    demo_state.reload()
    dialog = _typed(qtbot, demo_state, "aliexpress-store", SHARED)
    assert dialog.reuse.isVisible()
    assert "rakuten.co.jp" in dialog.reuse.text() and "amazon.co.jp" in dialog.reuse.text()
