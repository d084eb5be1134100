"""The Company page: confirming the record, saving edits and refusing bad values inline."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from accountwatch.ui.navigation import Page, Target
from accountwatch.ui.pages.company import CompanyPage
from accountwatch.ui.state import AppState


def rules(state: AppState) -> set[str]:
    assert state.result is not None
    return {f.rule for f in state.result.assessment.findings}


def make_page(qtbot: QtBot, state: AppState) -> CompanyPage:
    page = CompanyPage(state, lambda _t: None)
    qtbot.addWidget(page)
    page.show()
    return page


def test_the_demo_record_is_shown(qtbot: QtBot, demo_state: AppState) -> None:
    page = make_page(qtbot, demo_state)
    assert page.edits["name"].text() == "Sakura Trading K.K."
    assert page.edits["name_local"].text() == "さくら貿易株式会社"
    assert page.country.currentData() == "JP"
    assert page.edits["license_expires"].text() == "2027-01-13"
    assert not page.save_button.isEnabled()


def test_confirmed_today_sets_the_date_and_clears_the_finding(
    qtbot: QtBot, demo_state: AppState
) -> None:
    page = make_page(qtbot, demo_state)
    assert "REG-UNVERIFIED" in rules(demo_state)
    page.show_target(Target(Page.COMPANY, None, "verified_on"))
    assert page.focusWidget() is page.edits["verified_on"]

    qtbot.mouseClick(page.confirm_button, Qt.MouseButton.LeftButton)

    assert page.edits["verified_on"].text() == "2026-11-29"
    company = demo_state.ws.repo.load_profile().company
    assert company is not None and company.verified_on == dt.date(2026, 11, 29)
    assert "REG-UNVERIFIED" not in rules(demo_state)
    assert page.saved_note.text() == "Saved."


def test_a_full_card_number_in_the_address_is_refused_inline(
    qtbot: QtBot, demo_state: AppState
) -> None:
    page = make_page(qtbot, demo_state)
    before = demo_state.ws.repo.load_profile()
    address = page.edits["address"]
    address.setFocus()
    address.selectAll()
    qtbot.keyClicks(address, "Card 4111 1111 1111 1111, Tokyo")
    assert page.save_button.isEnabled()
    qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)

    error = page.errors["address"]
    assert error.isVisible()
    assert "only the last 4 digits" in error.text()
    assert demo_state.ws.repo.load_profile() == before
    # What the user typed stays for them to fix.
    assert address.text().startswith("Card 4111")


def test_editing_the_name_and_country_then_reverting(qtbot: QtBot, demo_state: AppState) -> None:
    page = make_page(qtbot, demo_state)
    name = page.edits["name"]
    name.selectAll()
    qtbot.keyClicks(name, "Sakura Holdings K.K.")
    page.revert_button.click()
    assert name.text() == "Sakura Trading K.K."

    name.selectAll()
    qtbot.keyClicks(name, "Sakura Holdings K.K.")
    page.country.setCurrentIndex(page.country.findData("CN"))
    qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    company = demo_state.profile.company
    assert company is not None
    assert (company.name, company.country) == ("Sakura Holdings K.K.", "CN")


def test_a_record_needs_a_name_and_real_dates(qtbot: QtBot, state: AppState) -> None:
    page = make_page(qtbot, state)
    qtbot.keyClicks(page.edits["license_expires"], "2027-02-30")
    qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    assert page.errors["name"].isVisible()
    assert page.errors["license_expires"].isVisible()
    assert state.ws.repo.load_profile().company is None
