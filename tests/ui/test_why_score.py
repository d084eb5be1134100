""" "Why this score?": the demo's findings with their points, a line opening its finding, and
the whole dialog by keyboard, from the overview, the Accounts page and the Findings page."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QPushButton
from pytestqt.qtbot import QtBot

from accountwatch.core.model import Acknowledgement
from accountwatch.services import checks, editing
from accountwatch.services.explanation import explain
from accountwatch.ui.dialogs.why_score import POINTS_COLUMN, POINTS_ROLE, WhyScoreDialog
from accountwatch.ui.main_window import MainWindow
from accountwatch.ui.navigation import Page, Target
from accountwatch.ui.pages.accounts import AccountsPage
from accountwatch.ui.pages.findings import FindingsPage
from accountwatch.ui.pages.history import HistoryPage
from accountwatch.ui.pages.overview import AccountTile, OverviewPage
from accountwatch.ui.state import AppState
from conftest import NOW


def make_window(qtbot: QtBot, state: AppState) -> MainWindow:
    window = MainWindow(state)
    qtbot.addWidget(window)
    window.resize(1024, 640)  # the smallest screen the app is made for
    window.show()
    window.activateWindow()
    qtbot.waitActive(window)
    return window


def shown_dialog(window: MainWindow) -> WhyScoreDialog:
    found = [d for d in window.findChildren(WhyScoreDialog) if d.isVisible()]
    assert len(found) == 1
    return found[0]


def lines(dialog: WhyScoreDialog) -> list[tuple[str, float]]:
    """Each line's finding and the points it shows."""
    out = []
    for row in range(dialog.lines.topLevelItemCount()):
        item = dialog.lines.topLevelItem(row)
        assert item is not None
        out.append((item.text(0), float(item.data(POINTS_COLUMN, POINTS_ROLE))))
    return out


def test_each_demo_account_lists_its_findings_with_points_adding_up_to_its_score(
    qtbot: QtBot, demo_state: AppState
) -> None:
    assert demo_state.result is not None
    for account in demo_state.result.assessment.accounts:
        dialog = WhyScoreDialog(demo_state, lambda _target: None, account.account_id)
        qtbot.addWidget(dialog)
        dialog.show()
        shown = lines(dialog)
        assert [m for m, _p in shown] == [line.message for line in explain(account).lines]
        assert sorted(m for m, _p in shown) == sorted(f.message for f in account.open_findings)
        points = [p for _m, p in shown]
        assert points == sorted(points, reverse=True)
        assert abs(sum(points) - account.score) <= 1
        assert f"Score {account.score} of 100" in dialog.headline.text()
        # Every category with points has its subtotal in the legend, in its words.
        for _category, subtotal in dialog.explanation.subtotals if dialog.explanation else ():
            assert f"+{subtotal:.1f}" in dialog.legend.text()
        assert "one severe problem dominates, several small ones add up" in dialog.sentence.text()
        acknowledged = len(account.findings) - len(account.open_findings)
        assert dialog.note.isVisibleTo(dialog) == (acknowledged > 0)


def test_the_gauge_explains_the_riskiest_account_and_enter_opens_the_finding(
    qtbot: QtBot, demo_state: AppState
) -> None:
    window = make_window(qtbot, demo_state)
    overview = window.page(Page.OVERVIEW)
    assert isinstance(overview, OverviewPage)
    qtbot.mouseClick(overview.why_button, Qt.MouseButton.LeftButton)
    dialog = shown_dialog(window)
    assert demo_state.result is not None
    riskiest = max(demo_state.result.assessment.accounts, key=lambda a: a.score)
    assert dialog.account_id() == riskiest.account_id
    assert dialog.overall_note.isVisible()
    assert str(demo_state.result.assessment.score) in dialog.overall_note.text()
    # It fits the smallest window, and it opens with the list in hand.
    assert dialog.width() <= 1024 and dialog.height() <= 640
    qtbot.waitUntil(lambda: QApplication.focusWidget() is dialog.lines)

    qtbot.keyClick(dialog.lines, Qt.Key.Key_Down)
    assert dialog.explanation is not None
    wanted = dialog.explanation.lines[1].key
    qtbot.keyClick(dialog.lines, Qt.Key.Key_Return)

    findings = window.page(Page.FINDINGS)
    assert isinstance(findings, FindingsPage)
    assert window.stack.currentWidget() is findings
    selected = findings.selected_finding()
    assert selected is not None and selected.key == wanted
    assert findings.detail.currentIndex() == 1  # the finding's why and what to do
    assert not [d for d in window.findChildren(WhyScoreDialog) if d.isVisible()]


def test_a_finding_hidden_by_the_filters_is_still_opened(
    qtbot: QtBot, demo_state: AppState
) -> None:
    window = make_window(qtbot, demo_state)
    findings = window.page(Page.FINDINGS)
    assert isinstance(findings, FindingsPage)
    findings.search.setText("no finding says this")
    window.go_to(Target(Page.ACCOUNTS))
    accounts = window.page(Page.ACCOUNTS)
    assert isinstance(accounts, AccountsPage)
    accounts.select("alibaba-main")
    dialog = accounts.explain_selected()
    assert dialog is not None and dialog.account_id() == "alibaba-main"
    assert dialog.explanation is not None
    heaviest = dialog.explanation.lines[0].key
    dialog.open_button.click()

    selected = findings.selected_finding()
    assert selected is not None and selected.key == heaviest
    assert findings.search.text() == ""


def test_the_accounts_page_opens_it_by_keyboard_and_esc_closes_it(
    qtbot: QtBot, demo_state: AppState
) -> None:
    window = make_window(qtbot, demo_state)
    window.go_to(Target(Page.ACCOUNTS))
    page = window.page(Page.ACCOUNTS)
    assert isinstance(page, AccountsPage)
    page.select("aliexpress-store")
    window.activateWindow()
    page.table.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is page.table)
    qtbot.keyClick(page.table, Qt.Key.Key_W, Qt.KeyboardModifier.AltModifier)
    # A mnemonic clicks its button as a mouse would: a moment later.
    qtbot.waitUntil(lambda: any(d.isVisible() for d in window.findChildren(WhyScoreDialog)))
    dialog = shown_dialog(window)
    assert dialog.account_id() == "aliexpress-store"
    assert not dialog.overall_note.isVisible()  # an account's own score, not the overall

    # Another account by keyboard: Alt+A reaches the list of accounts, Down picks the next.
    qtbot.waitUntil(lambda: QApplication.focusWidget() is dialog.lines)
    qtbot.keyClick(dialog, Qt.Key.Key_A, Qt.KeyboardModifier.AltModifier)
    assert QApplication.focusWidget() is dialog.account
    before = dialog.account_id()
    qtbot.keyClick(dialog.account, Qt.Key.Key_Down)
    assert dialog.account_id() != before
    assert demo_state.result is not None
    outcome = demo_state.result.assessment.account(str(dialog.account_id()))
    assert outcome is not None
    assert abs(sum(p for _m, p in lines(dialog)) - outcome.score) <= 1

    qtbot.keyClick(dialog.lines, Qt.Key.Key_Escape)
    assert not dialog.isVisible()
    assert window.stack.currentWidget() is page


def test_each_tile_and_the_findings_account_view_explain_their_account(
    qtbot: QtBot, demo_state: AppState
) -> None:
    window = make_window(qtbot, demo_state)
    overview = window.page(Page.OVERVIEW)
    tile = next(t for t in overview.findChildren(AccountTile) if t.account_id == "1688-shop")
    assert "1688 仕入れ用" in tile.why_button.accessibleName()
    qtbot.mouseClick(tile.why_button, Qt.MouseButton.LeftButton)
    dialog = shown_dialog(window)
    assert dialog.account_id() == "1688-shop"
    dialog.reject()

    window.go_to(Target(Page.FINDINGS, "alibaba-main"))
    findings = window.page(Page.FINDINGS)
    assert isinstance(findings, FindingsPage)
    assert findings.a_why.isVisible()
    qtbot.mouseClick(findings.a_why, Qt.MouseButton.LeftButton)
    assert shown_dialog(window).account_id() == "alibaba-main"


def test_the_dialog_follows_a_new_check(qtbot: QtBot, demo_state: AppState) -> None:
    dialog = WhyScoreDialog(demo_state, lambda _target: None, "alibaba-main")
    qtbot.addWidget(dialog)
    dialog.show()
    before = len(lines(dialog))
    first = dialog.lines.topLevelItem(0)
    assert first is not None and first.text(0)
    assert dialog.explanation is not None
    _account, rule, subject = dialog.explanation.lines[0].key
    demo_state.apply(
        lambda ws: editing.set_acknowledgement(ws, Acknowledgement(rule, subject, "test"))
    )
    assert dialog.account_id() == "alibaba-main"
    assert len(lines(dialog)) == before - 1
    assert dialog.note.isVisibleTo(dialog)
    buttons = [b.text() for b in dialog.findChildren(QPushButton)]
    assert "&Open finding" in buttons


def test_the_weekly_verdict_explains_each_score_and_a_line_leaves_the_check_for_it(
    qtbot: QtBot, demo_state: AppState
) -> None:
    window = make_window(qtbot, demo_state)
    overview = window.page(Page.OVERVIEW)
    assert isinstance(overview, OverviewPage)
    wizard = overview.open_weekly_check()
    while wizard.currentId() != wizard.verdict_id:
        wizard.next()

    def why_buttons() -> list[QPushButton]:
        # The rows' widgets appear once the layout shows them (queued); old ones stay hidden.
        found = wizard.verdict.findChildren(QPushButton)
        return [b for b in found if b.text() == "Why?" and b.isVisible()]

    qtbot.waitUntil(lambda: len(why_buttons()) == 3)  # one per account of the demo
    why = why_buttons()
    qtbot.mouseClick(why[0], Qt.MouseButton.LeftButton)
    dialog = next(d for d in wizard.findChildren(WhyScoreDialog) if d.isVisible())
    assert dialog.account_id() == wizard.verdict.shown[0].account_id
    assert dialog.open_button.isVisible()
    assert dialog.explanation is not None
    wanted = dialog.explanation.lines[0].key

    qtbot.keyClick(dialog.lines, Qt.Key.Key_Return)

    assert not wizard.isVisible()  # closed, kept to resume this week
    findings = window.page(Page.FINDINGS)
    assert isinstance(findings, FindingsPage)
    assert window.stack.currentWidget() is findings
    selected = findings.selected_finding()
    assert selected is not None and selected.key == wanted


def test_without_a_place_to_go_the_lines_only_show(qtbot: QtBot, demo_state: AppState) -> None:
    dialog = WhyScoreDialog(demo_state, None, "alibaba-main")
    qtbot.addWidget(dialog)
    dialog.show()
    assert not dialog.open_button.isVisible()
    qtbot.keyClick(dialog.lines, Qt.Key.Key_Return)
    assert not dialog.opened


def test_a_past_check_explains_its_scores_as_recorded(qtbot: QtBot, demo_state: AppState) -> None:
    day = NOW.date()
    recorded = checks.run_check(demo_state.ws, day, record=True, now=NOW)
    run = checks.last_recorded(demo_state.ws, day)
    assert run is not None
    demo_state.reload()
    history = HistoryPage(demo_state, lambda _target: None)
    qtbot.addWidget(history)
    history.show()
    history.table.selectRow(0)
    history.open_selected()
    run_dialog = history.dialog
    assert run_dialog is not None
    # The overdue payment is paid since: the run still explains the score it had.
    demo_state.apply(lambda ws: editing.mark_paid(ws, "1688-service", day))
    second = run_dialog.tree.topLevelItem(1)
    assert second is not None
    run_dialog.tree.setCurrentItem(second.child(0))

    dialog = run_dialog.explain()
    then = recorded.assessment.account("1688-shop")
    assert then is not None
    assert dialog.account_id() == "1688-shop"
    assert "health check of Nov 29, 2026" in dialog.windowTitle()
    assert [m for m, _p in lines(dialog)] == [line.message for line in explain(then).lines]
    assert any("is 6 days overdue" in m for m, _p in lines(dialog))
    assert abs(sum(p for _m, p in lines(dialog)) - then.score) <= 1
    assert not dialog.open_button.isVisible()  # the findings were as they were then
