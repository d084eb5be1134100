"""The weekly check wizard walked with real clicks on the demo profile."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QCheckBox, QLabel, QSpinBox, QWizard
from pytestqt.qtbot import QtBot

from accountwatch.core.demo import demo_profile
from accountwatch.core.weekly import Step, WeeklyProgress
from accountwatch.services import editing, preferences, profiles, weekly
from accountwatch.services.workspace import Workspace
from accountwatch.ui.state import AppState
from accountwatch.ui.widgets.date_input import DateInput
from accountwatch.ui.wizard import WeeklyCheckWizard
from accountwatch.ui.wizard.access_step import AccessStep
from accountwatch.ui.wizard.base import StepPage
from accountwatch.ui.wizard.company_step import CompanyStep
from accountwatch.ui.wizard.conduct_step import ConductStep
from accountwatch.ui.wizard.payments_step import PaymentsStep
from accountwatch.ui.wizard.verdict_page import ACCOUNTS_SHOWN
from accountwatch.ui.wizard.wizard import page_id
from conftest import make_state

TODAY = dt.date(2026, 11, 29)
NEXT_MONDAY_9 = dt.datetime(2026, 11, 30, 9, 0, tzinfo=dt.UTC)
ACCOUNTS = ("alibaba-main", "1688-shop", "aliexpress-store")


def open_wizard(qtbot: QtBot, state: AppState) -> WeeklyCheckWizard:
    wizard = WeeklyCheckWizard(state)
    qtbot.addWidget(wizard)
    wizard.show()
    return wizard


def click(qtbot: QtBot, wizard: WeeklyCheckWizard, which: QWizard.WizardButton) -> None:
    qtbot.mouseClick(wizard.button(which), Qt.MouseButton.LeftButton)


def tick(qtbot: QtBot, box: QCheckBox) -> None:
    """Click the box itself (a wide check box's middle may be empty space)."""
    qtbot.mouseClick(box, Qt.MouseButton.LeftButton, pos=QPoint(8, box.height() // 2))


def next_page(qtbot: QtBot, wizard: WeeklyCheckWizard, times: int = 1) -> None:
    for _ in range(times):
        click(qtbot, wizard, QWizard.WizardButton.NextButton)


def walk_to_verdict(qtbot: QtBot, wizard: WeeklyCheckWizard) -> None:
    while wizard.currentId() != wizard.verdict_id:
        before = wizard.currentId()
        next_page(qtbot, wizard)
        assert wizard.currentId() != before, "Next did not move on"


def test_an_unchanged_week_is_next_through_every_page_then_finish(
    qtbot: QtBot, demo_state: AppState
) -> None:
    ws = demo_state.ws
    before = ws.repo.load_profile()
    wizard = open_wizard(qtbot, demo_state)
    assert wizard.currentPage().subTitle() == "Account 1 of 3 — screen 1 of 13"
    finished: list[weekly.Finished] = []
    wizard.checked.connect(finished.append)

    next_page(qtbot, wizard, 4 * len(ACCOUNTS))
    assert wizard.currentId() == wizard.verdict_id
    assert wizard.currentPage().subTitle() == "All accounts — screen 13 of 13"
    assert demo_state.result is not None
    for result in demo_state.result.assessment.accounts:
        shown = wizard.verdict.score_labels[result.account_id]
        qtbot.waitUntil(shown.isVisible)
        assert f"score {result.score}," in shown.accessibleName()
    assert "first recorded check" in wizard.verdict.overall.text()
    click(qtbot, wizard, QWizard.WizardButton.FinishButton)

    assert not wizard.isVisible()
    assert len(ws.repo.runs()) == 1
    assert preferences.next_weekly_check(ws) == NEXT_MONDAY_9
    assert finished and finished[0].next_check == NEXT_MONDAY_9
    assert weekly.load_progress(ws, TODAY) is None
    assert ws.repo.load_profile() == before  # nothing was asked to change, nothing did


def test_a_week_with_a_replaced_card_and_a_payment_made(qtbot: QtBot, demo_state: AppState) -> None:
    ws = demo_state.ws
    first = open_wizard(qtbot, demo_state)
    walk_to_verdict(qtbot, first)
    click(qtbot, first, QWizard.WizardButton.FinishButton)
    assert len(ws.repo.runs()) == 1

    wizard = open_wizard(qtbot, demo_state)
    next_page(qtbot, wizard, page_id(1, Step.PAYMENTS))
    page = wizard.currentPage()
    assert isinstance(page, PaymentsStep) and page.account_id == "1688-shop"
    assert wizard.currentPage().subTitle() == "Account 2 of 3 — screen 7 of 13"

    qtbot.mouseClick(page.replace_buttons["mc-old"], Qt.MouseButton.LeftButton)
    dialog = page.card_dialog
    assert dialog is not None and dialog.isVisible()
    qtbot.keyClicks(dialog.last4, "7788")
    qtbot.keyClicks(dialog.expires.edit, "2029-05")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()
    card = ws.repo.load_profile().card("mc-old")
    assert card is not None and (card.last4, str(card.expires)) == ("7788", "2029-05")
    assert page.cards.item(0, 2).text().startswith("✓")  # the card is current now

    qtbot.mouseClick(page.paid_buttons["1688-service"], Qt.MouseButton.LeftButton)
    assert "marked paid" in page.note.text()
    # Its next instalment, due on Dec 23, is within the 30 days the step looks ahead.
    assert page.payments.item(0, 2).text().startswith("Dec 23, 2026")

    walk_to_verdict(qtbot, wizard)
    verdict = next(v for v in wizard.verdict.shown if v.account_id == "1688-shop")
    resolved = {(n.rule, n.subject) for n in verdict.resolved}
    assert ("PAY-CARD-EXPIRED", "card:mc-old") in resolved
    assert ("PAY-OVERDUE", "payment:1688-service") in resolved
    assert verdict.delta is not None and verdict.delta < 0
    qtbot.waitUntil(lambda: "Resolved:" in wizard.verdict.changes.text())  # the next turn
    assert "lower (better)" in wizard.verdict.delta_labels["1688-shop"].text()
    click(qtbot, wizard, QWizard.WizardButton.FinishButton)

    runs = ws.repo.runs()
    assert len(runs) == 2
    recorded = ws.repo.run(runs[0].id)
    assert recorded is not None
    rules = {(f.rule, f.subject) for a in recorded.accounts for f in a.findings}
    assert ("PAY-CARD-EXPIRED", "card:mc-old") not in rules
    assert not any(rule == "PAY-OVERDUE" for rule, _subject in rules)


def test_closing_halfway_and_reopening_resumes_at_the_same_account_and_step(
    qtbot: QtBot, demo_state: AppState
) -> None:
    wizard = open_wizard(qtbot, demo_state)
    next_page(qtbot, wizard, page_id(1, Step.ACCESS))
    page = wizard.currentPage()
    assert isinstance(page, AccessStep) and page.account_id == "1688-shop"
    tick(qtbot, page.logins)  # answered, not saved yet
    assert page.logins.isChecked()
    page.shared.setValue(1)
    click(qtbot, wizard, QWizard.WizardButton.CancelButton)  # "Continue later"
    assert not wizard.isVisible()
    account = demo_state.ws.repo.load_profile().account("1688-shop")
    assert account is not None and account.logins_reviewed_on != TODAY

    again = open_wizard(qtbot, demo_state)
    assert again.resume_bar.isVisible()
    assert "Account 2 of 3 — screen 6 of 13" in again.resume_bar.text.text()
    qtbot.mouseClick(again.resume_bar.continue_button, Qt.MouseButton.LeftButton)
    assert again.currentId() == page_id(1, Step.ACCESS)
    resumed = again.currentPage()
    assert isinstance(resumed, AccessStep)
    assert resumed.logins.isChecked() and resumed.shared.value() == 1
    assert not resumed.terms.isChecked()

    next_page(qtbot, again)  # going on saves the answers
    account = demo_state.ws.repo.load_profile().account("1688-shop")
    assert account is not None
    assert (account.logins_reviewed_on, account.shared_with) == (TODAY, 1)
    click(qtbot, again, QWizard.WizardButton.BackButton)
    assert again.currentId() == page_id(1, Step.ACCESS)
    click(qtbot, again, QWizard.WizardButton.BackButton)
    assert isinstance(again.currentPage(), CompanyStep)  # the walk left the way back open


def test_next_keeps_the_progress_without_assessing_again(
    qtbot: QtBot, demo_state: AppState
) -> None:
    # Where the check stands is no change of the profile: the pages, the tray's banner and the
    # reminders would otherwise go through the whole profile again at every Next.
    wizard = open_wizard(qtbot, demo_state)
    result = demo_state.result
    changes: list[bool] = []
    demo_state.changed.connect(lambda: changes.append(True))
    next_page(qtbot, wizard, 2)
    qtbot.waitUntil(lambda: demo_state.tasks.pending == 0)
    page = wizard.currentPage()
    assert isinstance(page, StepPage)
    progress = weekly.load_progress(demo_state.ws, TODAY)
    assert progress is not None
    assert (progress.account_id, progress.step) == (ACCOUNTS[0], page.step)
    assert changes == [] and demo_state.result is result


def test_start_over_forgets_the_progress(qtbot: QtBot, demo_state: AppState) -> None:
    wizard = open_wizard(qtbot, demo_state)
    next_page(qtbot, wizard, 3)
    click(qtbot, wizard, QWizard.WizardButton.CancelButton)
    assert weekly.load_progress(demo_state.ws, TODAY) is not None

    again = open_wizard(qtbot, demo_state)
    qtbot.mouseClick(again.resume_bar.start_over_button, Qt.MouseButton.LeftButton)
    assert not again.resume_bar.isVisible()
    assert again.currentId() == 0
    assert weekly.load_progress(demo_state.ws, TODAY) is None


def test_company_still_true_and_copy_from_company(qtbot: QtBot, demo_state: AppState) -> None:
    wizard = open_wizard(qtbot, demo_state)
    page = wizard.currentPage()
    assert isinstance(page, CompanyStep)
    assert page.matches["address"].property("match") == "differs"
    qtbot.mouseClick(page.still_true, Qt.MouseButton.LeftButton)
    company = demo_state.ws.repo.load_profile().company
    assert company is not None and company.verified_on == TODAY
    assert "Confirmed today" in page.verified.text() and not page.still_true.isEnabled()

    qtbot.mouseClick(page.copy_button, Qt.MouseButton.LeftButton)
    assert page.matches["address"].property("match") == "same"
    assert demo_state.result is not None
    assert not any(
        f.rule == "REG-MISMATCH"
        for f in demo_state.result.assessment.findings
        if f.account == "alibaba-main"
    )

    qtbot.mouseClick(page.changed_button, Qt.MouseButton.LeftButton)
    assert page.company_dialog is not None and page.company_dialog.isVisible()


def test_a_penalty_notice_is_added_and_a_bad_one_is_shown_inline(
    qtbot: QtBot, demo_state: AppState
) -> None:
    wizard = open_wizard(qtbot, demo_state)
    next_page(qtbot, wizard, page_id(2, Step.CONDUCT))
    page = wizard.currentPage()
    assert isinstance(page, ConductStep) and page.account_id == "aliexpress-store"
    assert any("Penalty points add up" in label.text() for label in page.findChildren(QLabel))
    qtbot.mouseClick(page.penalties.add_button, Qt.MouseButton.LeftButton)
    date = page.penalties.table.cellWidget(0, 0)
    assert isinstance(date, DateInput) and date.text() == TODAY.isoformat()
    date.clear()
    qtbot.keyClicks(date.edit, "2026-11-31")
    next_page(qtbot, wizard)
    assert wizard.currentId() == page_id(2, Step.CONDUCT)  # stayed
    assert page.penalties.error.isVisible()
    assert "Row 1, date" in page.penalties.error.text()
    account = demo_state.ws.repo.load_profile().account("aliexpress-store")
    assert account is not None and len(account.penalties) == 2

    date.clear()
    qtbot.keyClicks(date.edit, "2026-11-27")
    points = page.penalties.table.cellWidget(0, 1)
    assert isinstance(points, QSpinBox)
    points.setValue(3)
    next_page(qtbot, wizard)
    assert wizard.currentId() == wizard.verdict_id
    account = demo_state.ws.repo.load_profile().account("aliexpress-store")
    assert account is not None
    assert [(p.date, p.points) for p in account.penalties][-1] == (dt.date(2026, 11, 27), 3)


def test_the_payments_step_looks_as_far_ahead_as_coming_up(
    qtbot: QtBot, demo_state: AppState
) -> None:
    # Due in 20 days: on the Overview's "coming up", so the weekly check asks about it too.
    due = (TODAY + dt.timedelta(days=20)).isoformat()
    payment = {"id": "ads", "account": "alibaba-main", "description": "Ads", "due": due}
    demo_state.apply(lambda ws: editing.put_item(ws, "payments", payment, replacing=None))
    assert demo_state.result is not None
    assert "ads" in {item.subject.partition(":")[2] for item in demo_state.result.upcoming}
    wizard = open_wizard(qtbot, demo_state)
    next_page(qtbot, wizard, page_id(0, Step.PAYMENTS))
    page = wizard.currentPage()
    assert isinstance(page, PaymentsStep) and page.account_id == "alibaba-main"
    assert "ads" in page.paid_buttons


def test_a_password_typed_on_a_phishing_page_is_recorded(
    qtbot: QtBot, demo_state: AppState
) -> None:
    wizard = open_wizard(qtbot, demo_state)
    next_page(qtbot, wizard, page_id(0, Step.ACCESS))
    page = wizard.currentPage()
    assert isinstance(page, AccessStep) and not page.phished.isChecked()
    tick(qtbot, page.phished)
    tick(qtbot, page.logins)
    next_page(qtbot, wizard)
    account = demo_state.ws.repo.load_profile().account("alibaba-main")
    assert account is not None
    assert account.password_exposed_on == TODAY
    assert account.last_login_on == TODAY  # reviewing the history means signing in
    assert demo_state.result is not None
    rules = {f.rule for f in demo_state.result.assessment.findings if f.account == "alibaba-main"}
    assert "SEC-PASSWORD-EXPOSED" in rules


def test_a_buyer_is_asked_about_suppliers_offers_a_seller_is_not(
    qtbot: QtBot, demo_state: AppState
) -> None:
    wizard = open_wizard(qtbot, demo_state)
    next_page(qtbot, wizard, page_id(0, Step.PAYMENTS))
    page = wizard.currentPage()
    assert isinstance(page, PaymentsStep) and page.deals_box.isVisible()
    assert not page.deals_advice.isVisible()
    tick(qtbot, page.asked_outside)
    assert page.deals_advice.isVisible()
    assert "Trade Assurance" in page.deals_advice.text()
    tick(qtbot, page.paid_outside)
    next_page(qtbot, wizard)
    account = demo_state.ws.repo.load_profile().account("alibaba-main")
    assert account is not None
    assert [m.type.value for m in account.payment_methods][-1] == "off_platform"
    assert demo_state.result is not None
    rules = {f.rule for f in demo_state.result.assessment.findings if f.account == "alibaba-main"}
    assert "PAY-OFF-PLATFORM" in rules

    # The AliExpress store sells: nobody asks it to pay a supplier.
    store = page_id(2, Step.PAYMENTS)
    while wizard.currentId() != store:
        next_page(qtbot, wizard)
    page = wizard.currentPage()
    assert isinstance(page, PaymentsStep) and not page.deals_box.isVisible()


MANY = 300


def many_accounts(workspace: Workspace, tmp_path: Path) -> AppState:
    """A profile of MANY accounts, each with a card that has run out (so each has a finding)."""
    accounts = [
        {
            "id": f"shop-{i}",
            "platform": "1688",
            "label": f"Shop {i}",
            "login_id": f"user{i}",
            "payment_methods": [{"type": "card", "card": f"card-{i}"}],
        }
        for i in range(MANY)
    ]
    cards = [
        {"id": f"card-{i}", "label": f"Card {i}", "brand": "visa", "last4": "4242"}
        | {"expires": "2026-01" if i % 3 else "2029-01"}
        for i in range(MANY)
    ]
    source = tmp_path / "many.json"
    document = demo_profile(TODAY) | {"accounts": accounts, "cards": cards, "payments": []}
    document.pop("acknowledged", None)
    source.write_text(json.dumps(document), "utf-8")
    profiles.import_profile(workspace, profiles.read_import(source), replace_all=True, today=TODAY)
    return make_state(workspace)


def pages_made(wizard: WeeklyCheckWizard) -> int:
    return len(wizard.findChildren(StepPage))


def test_many_accounts_open_the_check_with_only_the_pages_it_shows(
    qtbot: QtBot, workspace: Workspace, tmp_path: Path
) -> None:
    state = many_accounts(workspace, tmp_path)
    wizard = open_wizard(qtbot, state)
    assert wizard.currentPage().subTitle() == f"Account 1 of {MANY} — screen 1 of {4 * MANY + 1}"
    # The first page, the one Next leads to, the verdict: not four pages an account.
    assert pages_made(wizard) == 3
    next_page(qtbot, wizard, 4)
    page = wizard.currentPage()
    assert isinstance(page, CompanyStep) and page.account_id == "shop-1"
    assert pages_made(wizard) == 7
    click(qtbot, wizard, QWizard.WizardButton.BackButton)
    assert isinstance(wizard.currentPage(), ConductStep)


def test_many_accounts_resume_at_the_verdict_showing_the_riskiest(
    qtbot: QtBot, workspace: Workspace, tmp_path: Path
) -> None:
    state = many_accounts(workspace, tmp_path)
    last = MANY - 1
    weekly.save_progress(
        workspace, WeeklyProgress(TODAY, last, f"shop-{last}", Step.VERDICT, answers={})
    )
    wizard = open_wizard(qtbot, state)
    qtbot.mouseClick(wizard.resume_bar.continue_button, Qt.MouseButton.LeftButton)
    assert wizard.currentId() == wizard.verdict_id
    # Made on the way: the first page and its next, the last account's four steps, the verdict.
    assert pages_made(wizard) == 7
    click(qtbot, wizard, QWizard.WizardButton.BackButton)
    page = wizard.currentPage()
    assert isinstance(page, ConductStep) and page.account_id == f"shop-{last}"
    next_page(qtbot, wizard)

    verdict = wizard.verdict
    assert len(verdict.shown) == MANY
    assert len(verdict.score_labels) == ACCOUNTS_SHOWN
    scores = {v.account_id: v.score for v in verdict.shown}
    riskiest = sorted(scores.values(), reverse=True)[:ACCOUNTS_SHOWN]
    assert sorted((scores[a] for a in verdict.score_labels), reverse=True) == riskiest
    assert min(riskiest) > min(scores.values())  # the expired cards come first
    qtbot.waitUntil(verdict.scores_more.isVisible)
    assert verdict.scores_more.text() == (
        f"…and the scores of {MANY - ACCOUNTS_SHOWN} more accounts on the Accounts page."
    )
