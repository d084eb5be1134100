"""The calendar export from the Reminders page: refused when nothing is dated, and a second
export after an edit raises the event's SEQUENCE."""

from __future__ import annotations

from pathlib import Path

import pytest
from icalendar import Calendar
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from accountwatch.services import editing
from accountwatch.services.workspace import Workspace
from accountwatch.ui.main_window import MainWindow
from accountwatch.ui.navigation import Page, Target
from accountwatch.ui.pages.reminders import RemindersPage
from accountwatch.ui.state import AppState
from conftest import make_state


def reminders_page(qtbot: QtBot, ws: Workspace) -> tuple[AppState, RemindersPage]:
    state = make_state(ws)
    window = MainWindow(state)
    qtbot.addWidget(window)
    window.show()
    window.go_to(Target(Page.REMINDERS))
    page = window.page(Page.REMINDERS)
    assert isinstance(page, RemindersPage)
    return state, page


def test_a_calendar_with_nothing_dated_is_refused_before_asking_where(
    qtbot: QtBot, workspace: Workspace, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from PySide6.QtWidgets import QFileDialog

    def no_dialog(*_args: object, **_kwargs: object) -> tuple[str, str]:
        raise AssertionError("asked where to save a calendar that has nothing in it")

    # The native save dialog is modal and cannot be driven here: it must not even open.
    monkeypatch.setattr(QFileDialog, "getSaveFileName", no_dialog)
    _state, page = reminders_page(qtbot, workspace)  # an empty profile
    qtbot.mouseClick(page.export_button, Qt.MouseButton.LeftButton)
    assert "nothing dated" in page.note.text() and "No calendar was written" in page.note.text()
    assert not list(tmp_path.rglob("*.ics"))


def test_a_second_export_after_an_edit_raises_the_event_s_sequence(
    qtbot: QtBot, card_workspace: Workspace, tmp_path: Path
) -> None:
    state, page = reminders_page(qtbot, card_workspace)
    target = tmp_path / "due.ics"

    def card_event() -> tuple[int, str]:
        calendar = Calendar.from_ical(target.read_bytes())
        [card] = [e for e in calendar.walk("VEVENT") if str(e["UID"]).startswith("card-")]
        return int(card["SEQUENCE"]), str(card["SUMMARY"])

    page.export_calendar(str(target))
    assert card_event()[0] == 0
    profile = state.ws.repo.load_profile()
    card = profile.cards[0]
    item = editing.item_document(profile, "cards", card.id)
    editing.put_item(state.ws, "cards", {**item, "label": "Office Visa"}, replacing=card.id)
    page.export_calendar(str(target))
    assert card_event() == (1, "Card Office Visa (…4242) expires")
