"""The Payments page: mark paid, the history of instalments, filters and inline errors."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from accountwatch.services import editing
from accountwatch.services.workspace import Workspace
from accountwatch.ui.navigation import Page, Target
from accountwatch.ui.pages.payments import PaymentsPage, repeat_words
from accountwatch.ui.state import AppState
from conftest import NOW, threaded_state


def table_rows(page: PaymentsPage) -> dict[str, list[str]]:
    model = page.table.model()
    return {
        str(model.index(r, 0).data(Qt.ItemDataRole.UserRole)): [
            str(model.index(r, c).data()) for c in range(model.columnCount())
        ]
        for r in range(model.rowCount())
    }


def payment_rules(state: AppState, payment_id: str) -> set[str]:
    assert state.result is not None
    subject = f"payment:{payment_id}"
    return {f.rule for f in state.result.assessment.findings if f.subject == subject}


def selected(page: PaymentsPage) -> str | None:
    payment = page.selected_payment()
    return payment.id if payment else None


def make_page(qtbot: QtBot, state: AppState) -> PaymentsPage:
    page = PaymentsPage(state, lambda _t: None)
    qtbot.addWidget(page)
    page.show()
    return page


def test_the_demo_payments(qtbot: QtBot, demo_state: AppState) -> None:
    rows = table_rows(make_page(qtbot, demo_state))
    assert rows["1688-service"] == [
        "Nov 23, 2026",
        "1688 仕入れ用",
        "1688 代行サービス月額",
        "¥12,000",
        "Monthly",
        "Old Mastercard …5100",
        "Overdue",
    ]
    assert rows["gold-supplier"][3:] == [
        "$2,999.00",
        "Yearly",
        "Company Visa …4242",
        "Due soon",
    ]
    assert rows["aliexpress-deposit"][4:] == ["Once", "Company Visa …4242", "Upcoming"]


def test_sorting_by_a_column_keeps_the_selection(qtbot: QtBot, demo_state: AppState) -> None:
    page = make_page(qtbot, demo_state)
    page.show_target(Target(Page.PAYMENTS, "aliexpress-deposit"))
    page.table.sortByColumn(3, Qt.SortOrder.DescendingOrder)
    # Amounts compare within a currency: dollars (USD) after yen (JPY), largest first.
    assert list(table_rows(page)) == ["gold-supplier", "aliexpress-deposit", "1688-service"]
    assert selected(page) == "aliexpress-deposit"
    page.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
    assert list(table_rows(page)) == ["1688-service", "gold-supplier", "aliexpress-deposit"]
    assert selected(page) == "aliexpress-deposit"


def test_marking_the_overdue_payment_paid_moves_it_on(qtbot: QtBot, demo_state: AppState) -> None:
    page = make_page(qtbot, demo_state)
    assert "PAY-OVERDUE" in payment_rules(demo_state, "1688-service")
    page.show_target(Target(Page.PAYMENTS, "1688-service", "paid_on"))
    assert page.focusWidget() is page.mark_button
    assert not page.history.isVisible()

    qtbot.mouseClick(page.mark_button, Qt.MouseButton.LeftButton)
    dialog = page.mark_dialog
    assert dialog is not None and dialog.isVisible()
    assert dialog.paid_on() == dt.date(2026, 11, 29)
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)

    row = table_rows(page)["1688-service"]
    assert row[0] == "Dec 23, 2026"
    assert row[6] == "Upcoming"
    assert "PAY-OVERDUE" not in payment_rules(demo_state, "1688-service")
    assert "Next due: Dec 23, 2026" in page.message.text()
    assert page.message.isVisible()
    assert page.history.isVisible()
    assert page.history.rowCount() == 1
    shown = [page.history.item(0, c) for c in range(2)]
    assert [item.text() if item else "" for item in shown] == ["Nov 23, 2026", "Nov 29, 2026"]


def test_the_status_filter_shows_only_overdue_rows(qtbot: QtBot, demo_state: AppState) -> None:
    page = make_page(qtbot, demo_state)
    page.status_filter.setFocus()
    page.status_filter.setCurrentIndex(page.status_filter.findText("Overdue"))
    rows = table_rows(page)
    assert list(rows) == ["1688-service"]
    assert all(row[6] == "Overdue" for row in rows.values())

    page.status_filter.setCurrentIndex(0)
    page.account_filter.setCurrentIndex(page.account_filter.findText("AliExpress store"))
    assert list(table_rows(page)) == ["aliexpress-deposit"]


def test_a_bad_amount_shows_an_inline_error_and_saves_nothing(
    qtbot: QtBot, demo_state: AppState
) -> None:
    page = make_page(qtbot, demo_state)
    before = demo_state.ws.repo.load_profile()
    page.table.selectRow(0)
    qtbot.mouseClick(page.edit_button, Qt.MouseButton.LeftButton)
    editor = page.editor
    assert editor is not None and editor.isVisible()
    editor.amount.clear()
    qtbot.keyClicks(editor.amount, "12,000")
    qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)

    assert editor.isVisible()
    assert editor.errors["amount"].isVisible()
    assert "not an amount" in editor.errors["amount"].text()
    assert demo_state.ws.repo.load_profile() == before


def test_adding_a_quarterly_payment(qtbot: QtBot, demo_state: AppState) -> None:
    page = make_page(qtbot, demo_state)
    qtbot.mouseClick(page.add_button, Qt.MouseButton.LeftButton)
    editor = page.editor
    assert editor is not None
    qtbot.keyClicks(editor.description, "Keyword ads")
    qtbot.keyClicks(editor.amount, "300")
    editor.currency.setCurrentText("USD")
    editor.repeat.setCurrentIndex(editor.repeat.findText("Every 3 months"))
    qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)

    assert not editor.isVisible()
    row = table_rows(page)["keyword-ads"]
    assert row[2:5] == ["Keyword ads", "$300.00", "Every 3 months"]
    stored = next(p for p in demo_state.profile.payments if p.id == "keyword-ads")
    assert stored.repeat == "FREQ=MONTHLY;INTERVAL=3"


def test_a_bad_custom_rule_is_shown_under_repeats(qtbot: QtBot, demo_state: AppState) -> None:
    page = make_page(qtbot, demo_state)
    page.show_target(Target(Page.PAYMENTS, "gold-supplier", "card"))
    editor = page.editor
    assert editor is not None and editor.focusWidget() is editor.card
    editor.repeat.setCurrentIndex(editor.repeat.count() - 1)
    assert editor.custom_rule.isVisible()
    qtbot.keyClicks(editor.custom_rule, "FREQ=FORTNIGHTLY")
    qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)
    assert editor.errors["repeat"].isVisible()


def test_repeat_words() -> None:
    assert repeat_words("FREQ=MONTHLY;INTERVAL=3") == "Every 3 months"
    assert repeat_words("FREQ=WEEKLY") == "Weekly"
    assert repeat_words("FREQ=MONTHLY;BYMONTHDAY=25") == "FREQ=MONTHLY;BYMONTHDAY=25"


def test_rows_made_off_the_gui_thread_arrive_and_the_latest_wins(
    qtbot: QtBot, demo_workspace: Workspace
) -> None:
    # Real worker threads, as in the app (the other tests run tasks synchronously).
    state = threaded_state(qtbot, demo_workspace)
    page = PaymentsPage(state, lambda _t: None)
    qtbot.addWidget(page)
    page.show()
    count = len(state.profile.payments)
    qtbot.waitUntil(lambda: len(table_rows(page)) == count, timeout=10_000)
    item = {
        "id": "extra-fee",
        "account": "alibaba-main",
        "description": "Extra",
        "due": "2026-12-20",
    }
    state.apply(lambda ws: editing.put_item(ws, "payments", item, replacing=None))
    page.refresh()  # a second refresh in flight: only the latest rows are kept
    qtbot.waitUntil(lambda: "extra-fee" in table_rows(page), timeout=10_000)
    qtbot.waitUntil(lambda: state.idle, timeout=10_000)
    assert len(table_rows(page)) == count + 1
    state.tasks.wait()


def test_enter_in_the_date_field_marks_the_payment_paid(qtbot: QtBot, demo_state: AppState) -> None:
    page = make_page(qtbot, demo_state)
    page.show_target(Target(Page.PAYMENTS, "1688-service", "paid_on"))
    dialog = page.mark_paid()
    assert dialog is not None
    assert dialog.ok_button.isDefault() and dialog.focusWidget() is dialog.date.edit
    qtbot.keyClick(dialog.date.edit, Qt.Key.Key_Return)
    assert dialog.result() == dialog.DialogCode.Accepted
    assert table_rows(page)["1688-service"][0] == "Dec 23, 2026"


def test_marking_one_paid_makes_again_only_the_rows_of_its_account(
    qtbot: QtBot, demo_state: AppState
) -> None:
    page = make_page(qtbot, demo_state)
    before = {row.id: row for row in page.model.every}
    paid = demo_state.profile.payment("1688-service")
    assert paid is not None
    # Its account is assessed again (its other payments' findings are new); no other is.
    same_account = {p.id for p in demo_state.profile.payments_of(paid.account)}
    assert len(before) > len(same_account)
    resets: list[bool] = []
    page.model.modelReset.connect(lambda: resets.append(True))

    demo_state.apply(lambda ws: editing.mark_paid(ws, paid.id, NOW.date()))

    after = {row.id: row for row in page.model.every}
    assert after.keys() == before.keys()
    made_again = {item for item, row in after.items() if row is not before[item]}
    assert paid.id in made_again and made_again <= same_account
    assert table_rows(page)["1688-service"][0] == "Dec 23, 2026"
    assert not resets or made_again  # moved in the order: shown anew, else changed in place


def test_the_account_filter_is_made_again_only_when_the_accounts_change(
    qtbot: QtBot, demo_state: AppState
) -> None:
    page = make_page(qtbot, demo_state)
    page.account_filter.setCurrentIndex(page.account_filter.findText("AliExpress store"))
    added: list[int] = []
    page.account_filter.model().rowsInserted.connect(lambda *_args: added.append(1))

    # A thousand accounts' items are not made again after every change of a payment.
    demo_state.apply(lambda ws: editing.mark_paid(ws, "1688-service", NOW.date()))
    assert added == []

    doc = editing.item_document(demo_state.profile, "accounts", "aliexpress-store")
    doc["label"] = "AliExpress shop"
    demo_state.apply(lambda ws: editing.put_item(ws, "accounts", doc, replacing=doc["id"]))
    assert added
    assert page.account_filter.currentText() == "AliExpress shop"  # still the one chosen
    assert list(table_rows(page)) == ["aliexpress-deposit"]


def test_fix_on_a_filtered_out_payment_shows_every_row_then_lands_on_it(
    qtbot: QtBot, demo_workspace: Workspace
) -> None:
    # Real worker threads: the rows are arranged again off the GUI thread without the filter.
    state = threaded_state(qtbot, demo_workspace)
    page = PaymentsPage(state, lambda _t: None)
    qtbot.addWidget(page)
    page.show()
    count = len(state.profile.payments)
    qtbot.waitUntil(lambda: len(table_rows(page)) == count, timeout=10_000)
    page.status_filter.setCurrentIndex(page.status_filter.findText("Overdue"))
    qtbot.waitUntil(lambda: list(table_rows(page)) == ["1688-service"], timeout=10_000)

    page.show_target(Target(Page.PAYMENTS, "gold-supplier", "paid_on"))

    qtbot.waitUntil(lambda: selected(page) == "gold-supplier", timeout=10_000)
    assert page.status_filter.currentIndex() == 0 and len(table_rows(page)) == count
    assert page.focusWidget() is page.mark_button
    state.tasks.wait()


def test_a_custom_rule_with_count_and_until_is_refused_saying_why(
    qtbot: QtBot, demo_state: AppState
) -> None:
    page = make_page(qtbot, demo_state)
    page.show_target(Target(Page.PAYMENTS, "gold-supplier", "card"))
    editor = page.editor
    assert editor is not None
    before = demo_state.ws.repo.load_profile()
    editor.repeat.setCurrentIndex(editor.repeat.count() - 1)
    qtbot.keyClicks(editor.custom_rule, "FREQ=MONTHLY;COUNT=2;UNTIL=20270101")
    qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)
    assert editor.errors["repeat"].isVisible()
    assert "COUNT and UNTIL must not both be given" in editor.errors["repeat"].text()
    assert demo_state.ws.repo.load_profile() == before
