"""'Fix…' lands on the problem: the payment selected and its action ready, the offending row."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from pytestqt.qtbot import QtBot

from accountwatch.core.findings import Finding
from accountwatch.ui.main_window import MainWindow
from accountwatch.ui.navigation import Page, target_for
from accountwatch.ui.pages.accounts import AccountsPage
from accountwatch.ui.pages.payments import PaymentsPage
from accountwatch.ui.state import AppState


def finding(state: AppState, rule: str) -> Finding:
    assert state.result is not None
    return next(f for f in state.result.assessment.findings if f.rule == rule)


def test_an_overdue_payment_opens_selected_with_mark_paid_ready(
    qtbot: QtBot, demo_state: AppState, monkeypatch: pytest.MonkeyPatch
) -> None:
    # As in the app, the page's rows are made on a worker and arrive after it is shown.
    queued: list[tuple[Callable[[], Any], Callable[[Any], None]]] = []
    monkeypatch.setattr(demo_state.tasks, "run", lambda fn, ok, fail=None: queued.append((fn, ok)))
    window = MainWindow(demo_state)
    qtbot.addWidget(window)
    window.show()
    overdue = finding(demo_state, "PAY-OVERDUE")
    window.go_to(target_for(overdue, demo_state.profile))
    while queued:
        fn, done = queued.pop(0)
        done(fn())

    page = window.page(Page.PAYMENTS)
    assert isinstance(page, PaymentsPage)
    payment = page.selected_payment()
    assert payment is not None and payment.id == "1688-service"
    assert page.mark_button.isEnabled()
    assert page.focusWidget() is page.mark_button


def open_fix(qtbot: QtBot, state: AppState, rule: str) -> AccountsPage:
    page = AccountsPage(state, lambda _target: None)
    qtbot.addWidget(page)
    page.show()
    page.show_target(target_for(finding(state, rule), state.profile))
    return page


def test_a_prohibited_listing_selects_its_row(qtbot: QtBot, demo_state: AppState) -> None:
    page = open_fix(qtbot, demo_state, "CON-PROHIBITED-LISTING")  # listing:aliexpress-store:2
    editor = page.editor
    assert editor is not None
    assert editor.stack.currentIndex() == editor.sections.index(editor.listings)
    assert editor.listings.table.currentRow() == 2


def test_an_off_platform_method_selects_its_row(qtbot: QtBot, demo_state: AppState) -> None:
    page = open_fix(qtbot, demo_state, "PAY-OFF-PLATFORM")  # 1688-shop's third method
    editor = page.editor
    assert editor is not None
    assert editor.stack.currentIndex() == editor.sections.index(editor.payment_methods)
    assert editor.payment_methods.table.currentRow() == 2
