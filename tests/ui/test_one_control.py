"""One control per kind of value (issue 14 item 11): every date, month and country input of
every dialog and page is the shared widget; one amount format; the payment editor asks for
what the user calls the payment first; no advice to act before a day already past."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDateEdit, QDialog, QLabel, QLineEdit, QWidget
from pytestqt.qtbot import QtBot

from accountwatch import i18n
from accountwatch.core.model import Payment
from accountwatch.core.weekly import Step
from accountwatch.i18n import format_date, format_money
from accountwatch.services import editing
from accountwatch.services.workspace import Workspace
from accountwatch.ui.dialogs.account_editor import AccountEditor
from accountwatch.ui.dialogs.acknowledge import AcknowledgeDialog
from accountwatch.ui.dialogs.card_editor import CardEditor
from accountwatch.ui.dialogs.password_dialog import PasswordDialog
from accountwatch.ui.dialogs.payment_editor import PaymentEditor
from accountwatch.ui.navigation import Page, Target
from accountwatch.ui.pages.company import CompanyPage
from accountwatch.ui.pages.overview import OverviewPage
from accountwatch.ui.pages.payments import MarkPaidDialog, PaymentsPage
from accountwatch.ui.state import AppState
from accountwatch.ui.tasks import TaskRunner
from accountwatch.ui.widgets.country_input import CountryInput
from accountwatch.ui.widgets.date_input import DateInput
from accountwatch.ui.widgets.month_input import MonthInput
from accountwatch.ui.wizard import WeeklyCheckWizard
from accountwatch.ui.wizard.conduct_step import ConductStep
from accountwatch.ui.wizard.payments_step import PaymentsStep, ReplaceCardDialog
from accountwatch.ui.wizard.wizard import page_id


def typed_inputs(root: QWidget) -> Iterator[QLineEdit]:
    yield from root.findChildren(QLineEdit)


def inside(widget: QWidget, kind: type) -> bool:
    parent = widget.parentWidget()
    while parent is not None:
        if isinstance(parent, kind):
            return True
        parent = parent.parentWidget()
    return False


def assert_one_kind_of_input(root: QWidget) -> None:
    """No Qt date edit; every line edit that takes a day, a month or a country is the
    shared widget's own."""
    assert root.findChildren(QDateEdit) == []
    for edit in typed_inputs(root):
        hints = f"{edit.placeholderText()} {edit.toolTip()} {edit.accessibleName()}"
        if "YYYY-MM-DD" in hints or "date" in edit.accessibleName().lower():
            assert inside(edit, DateInput), edit.accessibleName()
        elif "YYYY-MM" in hints or "month" in edit.accessibleName().lower():
            assert inside(edit, MonthInput), edit.accessibleName()
        assert "country" not in edit.accessibleName().lower(), edit.accessibleName()
        # Qt's own editor of a combo box (none here): a two-letter box is a country typed.
        assert edit.maxLength() != 2, edit.accessibleName()


def dialogs(state: AppState) -> Iterator[QDialog]:
    result = state.result
    assert result is not None
    payment = next(p for p in state.profile.payments if not p.is_paid)
    yield AccountEditor(state, "alibaba-main")
    yield AccountEditor(state, None)
    yield PaymentEditor(state, "gold-supplier")
    yield PaymentEditor(state, None)
    yield CardEditor(state, "visa-main")
    yield CardEditor(state, None)
    yield MarkPaidDialog(payment, state.today)
    yield AcknowledgeDialog(state, result.assessment.findings[0])
    yield PasswordDialog(state, "alibaba-main")
    yield ReplaceCardDialog(state, state.profile.cards[0])


def test_every_dialog_takes_dates_months_and_countries_with_the_shared_inputs(
    qtbot: QtBot, demo_state: AppState
) -> None:
    for dialog in dialogs(demo_state):
        qtbot.addWidget(dialog)
        if isinstance(dialog, AccountEditor):  # a penalty row holds a date too
            dialog.penalties.add_empty_row()
            assert isinstance(dialog.penalties.table.cellWidget(0, 0), DateInput)
            assert isinstance(dialog.company.country, CountryInput)
        assert_one_kind_of_input(dialog)
        # Each of them takes a day or a month: the walk above saw the shared input.
        assert dialog.findChildren(DateInput) or dialog.findChildren(MonthInput)
    page = CompanyPage(demo_state, lambda _t: None)
    qtbot.addWidget(page)
    assert_one_kind_of_input(page)
    assert isinstance(page.country, CountryInput)
    assert set(page.date_inputs) == {"license_expires", "verified_on"}


def test_the_weekly_check_takes_penalty_dates_and_card_months_the_same_way(
    qtbot: QtBot, demo_state: AppState
) -> None:
    wizard = WeeklyCheckWizard(demo_state)
    qtbot.addWidget(wizard)
    wizard.show()
    while not isinstance(wizard.currentPage(), ConductStep):
        wizard.next()
    conduct = wizard.currentPage()
    assert isinstance(conduct, ConductStep)
    qtbot.mouseClick(conduct.penalties.add_button, Qt.MouseButton.LeftButton)
    assert isinstance(conduct.penalties.table.cellWidget(0, 0), DateInput)
    assert_one_kind_of_input(conduct)


def test_the_company_on_file_is_a_country_from_the_list(qtbot: QtBot, demo_state: AppState) -> None:
    editor = AccountEditor(demo_state, "alibaba-main")
    qtbot.addWidget(editor)
    section = editor.company
    section.country.set_code("CN")
    assert section.matches["country"].property("match") == "differs"
    qtbot.mouseClick(section.copy_button, Qt.MouseButton.LeftButton)
    assert section.country.code() == "JP" and section.country.currentText() == "Japan (JP)"
    assert section.matches["country"].property("match") == "same"
    assert section.current["country"].text() == "Japan (JP)"  # the company's, as the list words it
    doc: dict[str, object] = {}
    section.store(doc)
    record = doc["registered_company"]
    assert isinstance(record, dict) and record["country"] == "JP"


@pytest.mark.parametrize("language", ["en", "ja"])
def test_one_amount_format_in_the_weekly_check_and_on_the_payments_page(
    qtbot: QtBot, demo_state: AppState, language: str
) -> None:
    i18n.set_language(language)
    try:
        wizard = WeeklyCheckWizard(demo_state)
        qtbot.addWidget(wizard)
        wizard.show()
        for _ in range(page_id(1, Step.PAYMENTS)):
            wizard.next()
        step = wizard.currentPage()
        assert isinstance(step, PaymentsStep) and step.payments.rowCount() > 0
        names = {p.display_name: p for p in demo_state.profile.payments}
        for row in range(step.payments.rowCount()):
            payment = names[step.payments.item(row, 0).text()]
            assert payment.amount is not None
            shown = step.payments.item(row, 1).text()
            assert shown == format_money(payment.amount, payment.currency)
            assert payment.currency not in shown  # ¥12,000, never 12,000 JPY
    finally:
        i18n.set_language("en")


def test_the_payment_editor_asks_for_the_description_first_and_makes_the_id(
    qtbot: QtBot, demo_state: AppState
) -> None:
    editor = PaymentEditor(demo_state, None)
    qtbot.addWidget(editor)
    editor.show()
    qtbot.waitExposed(editor)
    assert editor.focusWidget() is editor.description
    assert not editor.id_edit.isVisible() and not editor.advanced.expanded
    qtbot.keyClicks(editor.description, "Keyword ads")
    assert editor.id_edit.text() == "keyword-ads"
    assert editor.advanced.toggle.text() == "Advanced: keyword-ads"
    qtbot.keyClicks(editor.amount, "300")
    editor.due.set_date("2026-12-15")
    qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)
    assert not editor.isVisible()
    stored = next(p for p in demo_state.profile.payments if p.id == "keyword-ads")
    assert stored.description == "Keyword ads" and stored.due == dt.date(2026, 12, 15)


def test_a_taken_id_is_made_unique_and_a_bad_one_opens_advanced(
    qtbot: QtBot, demo_state: AppState
) -> None:
    editor = PaymentEditor(demo_state, None)
    qtbot.addWidget(editor)
    editor.show()
    qtbot.keyClicks(editor.description, "Gold supplier")
    assert editor.id_edit.text() == "gold-supplier-2"  # the demo has gold-supplier
    editor.id_edit.setText("Gold Supplier!")
    qtbot.keyClicks(editor.amount, "1")
    qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)
    assert editor.isVisible() and editor.advanced.expanded
    assert "cannot be an id" in editor.errors["id"].text()


# The card's last valid day; a monthly fee charged to it is due that day.
LAST_DAY = dt.date(2026, 11, 30)


@pytest.fixture
def last_day_state(qtbot: QtBot, workspace: Workspace) -> AppState:
    account = {"id": "shop", "platform": "1688", "label": "1688 shop", "login_id": "sakura"}
    card = {"id": "visa", "label": "Company Visa", "brand": "visa", "last4": "4242"}
    fee = {
        "id": "fee",
        "account": "shop",
        "description": "Service fee",
        "amount": "12000",
        "currency": "JPY",
        "due": LAST_DAY.isoformat(),
        "card": "visa",
        "repeat": "FREQ=MONTHLY",
    }
    editing.put_item(workspace, "accounts", account, replacing=None)
    editing.put_item(workspace, "cards", {**card, "expires": "2026-11"}, replacing=None)
    editing.put_item(workspace, "payments", fee, replacing=None)
    clock = dt.datetime.combine(LAST_DAY, dt.time(10), tzinfo=dt.UTC)
    state = AppState(workspace, TaskRunner(synchronous=True), clock=lambda: clock)
    state.reload()
    return state


def test_after_mark_paid_no_advice_to_act_before_a_day_that_has_come(
    qtbot: QtBot, last_day_state: AppState
) -> None:
    state = last_day_state
    page = PaymentsPage(state, lambda _t: None)
    qtbot.addWidget(page)
    page.show()
    page.show_target(Target(Page.PAYMENTS, "fee", "paid_on"))
    dialog = page.mark_paid()
    assert dialog is not None
    assert dialog.date.text() == LAST_DAY.isoformat() and dialog.ok_button.isEnabled()
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)

    paid = next(p for p in state.profile.payments if p.id == "fee")
    assert isinstance(paid, Payment) and paid.due == dt.date(2026, 12, 30)
    details = page.details.text()
    assert "last valid day" in details  # the card's finding is still there, worded for today
    assert f"before {format_date(LAST_DAY)}" not in details
    assert state.result is not None
    for finding in state.result.assessment.findings:
        assert f"before {format_date(LAST_DAY)}" not in finding.action


def test_mark_paid_refuses_a_day_to_come_or_not_a_day(qtbot: QtBot, demo_state: AppState) -> None:
    payment = next(p for p in demo_state.profile.payments if not p.is_paid)
    dialog = MarkPaidDialog(payment, demo_state.today)
    qtbot.addWidget(dialog)
    dialog.date.set_date("2026-11-30")
    assert not dialog.ok_button.isEnabled()
    assert dialog.date_error.text() == "The day cannot be after Nov 29, 2026."
    dialog.date.set_date("2026-11-3x")
    assert not dialog.ok_button.isEnabled()
    dialog.date.set_date("2026/11/28")
    assert dialog.ok_button.isEnabled() and dialog.paid_on() == dt.date(2026, 11, 28)


@pytest.mark.parametrize("language", ["en", "ja"])
def test_the_overview_writes_coming_days_as_its_messages_do(
    qtbot: QtBot, demo_state: AppState, language: str
) -> None:
    i18n.set_language(language)
    try:
        page = OverviewPage(demo_state, lambda _t: None)
        qtbot.addWidget(page)
        assert demo_state.result is not None and demo_state.result.upcoming
        texts = [
            label.text()
            for label in page.coming_box.findChildren(QLabel)
            if label.text().startswith("<b>")
        ]
        assert texts
        for item, text in zip(demo_state.result.upcoming, texts, strict=False):
            assert text.startswith(f"<b>{format_date(item.date)}</b>")
            assert not re.search(r"\d{4}-\d{2}-\d{2}", text)  # never 2026-12-07 beside Dec 7
    finally:
        i18n.set_language("en")
