"""The Findings page: findings by account and category, acknowledging, filters, recovery mode."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QCheckBox, QTreeWidgetItem
from pytestqt.qtbot import QtBot

from accountwatch.core.findings import Band
from accountwatch.services import editing
from accountwatch.services.workspace import Workspace
from accountwatch.ui.dialogs.acknowledge import AcknowledgeDialog
from accountwatch.ui.navigation import Page, Target, target_for
from accountwatch.ui.pages.findings import KEY_ROLE, KIND_ROLE, FindingsPage, finding_id
from accountwatch.ui.state import AppState
from accountwatch.ui.tasks import TaskRunner
from accountwatch.ui.widgets.recovery import RecoveryPanel

NOW = dt.datetime(2026, 11, 29, 10, 0, tzinfo=dt.UTC)
MISMATCH = ("alibaba-main", "REG-MISMATCH", "account:alibaba-main")


def restarted(ws: Workspace) -> AppState:
    """A fresh app state on the same data folder, as after a restart."""
    state = AppState(ws, TaskRunner(synchronous=True), clock=lambda: NOW)
    state.reload()
    return state


def open_page(qtbot: QtBot, state: AppState, navigated: list[Target] | None = None) -> FindingsPage:
    page = FindingsPage(state, (navigated if navigated is not None else []).append)
    qtbot.addWidget(page)
    page.resize(1280, 860)
    page.show()
    qtbot.waitExposed(page)
    return page


def visible_tree(page: FindingsPage) -> dict[str, set[tuple[str, str, str]]]:
    """Account id → (category, rule, subject) of every finding row not hidden."""
    shown: dict[str, set[tuple[str, str, str]]] = {}
    for i in range(page.tree.topLevelItemCount()):
        top = page.tree.topLevelItem(i)
        assert top is not None and top.data(0, KIND_ROLE) == "account"
        if top.isHidden():
            continue
        rows = shown.setdefault(str(top.data(0, KEY_ROLE)), set())
        for j in range(top.childCount()):
            group = top.child(j)
            assert group is not None and group.data(0, KIND_ROLE) == "category"
            for k in range(group.childCount()):
                item = group.child(k)
                assert item is not None
                if group.isHidden() or item.isHidden():
                    continue
                account, rule, subject = str(item.data(0, KEY_ROLE)).split("\x1f")
                assert account == top.data(0, KEY_ROLE)
                rows.add((str(group.data(0, Qt.ItemDataRole.UserRole)), rule, subject))
    return shown


def click_item(qtbot: QtBot, page: FindingsPage, item: QTreeWidgetItem) -> None:
    page.tree.scrollToItem(item)
    rect = page.tree.visualItemRect(item)
    qtbot.mouseClick(page.tree.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert page.tree.currentItem() is item


def finding_item(page: FindingsPage, key: tuple[str, str, str]) -> QTreeWidgetItem:
    item = page._find_item("finding", finding_id(key))
    assert item is not None
    return item


def tick(qtbot: QtBot, check: QCheckBox) -> None:
    """Toggle a checkbox from the keyboard (two quick mouse clicks would make a double-click)."""
    check.setFocus()
    qtbot.keyClick(check, Qt.Key.Key_Space)


def score_of(state: AppState, account_id: str) -> int:
    assert state.result is not None
    outcome = state.result.assessment.account(account_id)
    assert outcome is not None
    return outcome.score


def test_the_tree_holds_every_finding_grouped_by_account_and_category(
    qtbot: QtBot, demo_state: AppState
) -> None:
    page = open_page(qtbot, demo_state)
    assert demo_state.result is not None
    expected = {
        a.account_id: {(str(f.category), f.rule, f.subject) for f in a.findings}
        for a in demo_state.result.assessment.accounts
    }
    assert visible_tree(page) == expected
    # Category rows use the translated words, in the fixed order.
    top = page._find_item("account", "aliexpress-store")
    assert top is not None
    groups = [top.child(j).text(0).split(" (")[0] for j in range(top.childCount())]  # type: ignore[union-attr]
    assert groups == ["Security", "Payments", "Registration", "Conduct"]  # as in the report


def test_acknowledging_a_finding_counts_it_out_and_keeps_it_visible(
    qtbot: QtBot, demo_state: AppState
) -> None:
    page = open_page(qtbot, demo_state)
    before = score_of(demo_state, "alibaba-main")
    click_item(qtbot, page, finding_item(page, MISMATCH))
    assert page.f_message.text().startswith(
        "The company details on file for Alibaba.com main at the platform"
    )
    assert "Untrue or outdated company information" in page.f_why.text()
    assert page.withdraw_button.isHidden()  # only an acknowledged finding can be withdrawn

    qtbot.mouseClick(page.ack_button, Qt.MouseButton.LeftButton)
    dialog = page.ack_dialog
    assert dialog is not None and dialog.isVisible()
    # A reason is required: nothing is saved without one.
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert dialog.isVisible() and dialog.reason_error.isVisible()
    assert demo_state.profile.acknowledged == demo_state.profile.acknowledged[:1]
    qtbot.keyClicks(dialog.reason, "Old address is being updated by support")
    qtbot.keyClicks(dialog.until.edit, "2027-01-31")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()

    assert demo_state.result is not None
    finding = next(f for f in demo_state.result.assessment.findings if f.key == MISMATCH)
    assert finding.acknowledged
    assert score_of(demo_state, "alibaba-main") < before
    item = finding_item(page, MISMATCH)
    assert not item.isHidden()
    assert item.text(2) == (
        "acknowledged: Old address is being updated by support (until Jan 31, 2027)"
    )
    assert item.font(0).italic()
    # The selection survives the redraw, and the withdraw button now applies.
    assert page.tree.currentItem() is item
    assert page.withdraw_button.isVisible()

    qtbot.mouseClick(page.withdraw_button, Qt.MouseButton.LeftButton)
    finding = next(f for f in demo_state.result.assessment.findings if f.key == MISMATCH)
    assert not finding.acknowledged
    assert score_of(demo_state, "alibaba-main") == before
    assert finding_item(page, MISMATCH).text(2) == "Open"


def acknowledging_with_a_reason(qtbot: QtBot, state: AppState) -> AcknowledgeDialog:
    """The acknowledge dialog of the registration mismatch, a reason typed."""
    page = open_page(qtbot, state)
    click_item(qtbot, page, finding_item(page, MISMATCH))
    qtbot.mouseClick(page.ack_button, Qt.MouseButton.LeftButton)
    dialog = page.ack_dialog
    assert dialog is not None
    qtbot.keyClicks(dialog.reason, "ok")
    return dialog


def test_a_bad_or_past_end_date_is_refused(qtbot: QtBot, demo_state: AppState) -> None:
    dialog = acknowledging_with_a_reason(qtbot, demo_state)
    for typed in ("31/01/2027", "2026-11-28"):
        dialog.until.clear()
        qtbot.keyClicks(dialog.until.edit, typed)
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
        assert dialog.isVisible() and dialog.until_error.isVisible()
    assert len(demo_state.profile.acknowledged) == 1  # only the demo's own


def test_what_the_import_rules_refuse_is_shown_under_its_field(
    qtbot: QtBot, demo_state: AppState
) -> None:
    # Past the dialog's own checks, the edit's (the same as an import's) refuse a date out of
    # range and a control character: under the field, without the file's key in front.
    dialog = acknowledging_with_a_reason(qtbot, demo_state)
    dialog.until.edit.setText("2200-01-01")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.until_error.isVisible(), timeout=5_000)
    assert "2199-12-31" in dialog.until_error.text()
    assert not dialog.until_error.text().startswith("until")
    assert not dialog.general_error.isVisible() and dialog.isVisible()
    dialog.until.clear()
    dialog.reason.setText("ok\x01")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.reason_error.isVisible(), timeout=5_000)
    assert dialog.reason_error.text() == "contains a control character (U+0001)"
    assert len(demo_state.profile.acknowledged) == 1  # only the demo's own


def test_go_to_fix_goes_where_the_finding_is_fixed(qtbot: QtBot, demo_state: AppState) -> None:
    navigated: list[Target] = []
    page = open_page(qtbot, demo_state, navigated)
    key = ("1688-shop", "PAY-CARD-EXPIRED", "card:mc-old")
    click_item(qtbot, page, finding_item(page, key))
    qtbot.mouseClick(page.fix_button, Qt.MouseButton.LeftButton)
    assert navigated == [Target(Page.CARDS, "mc-old", "expires")]
    assert page.selected_finding() is not None
    assert navigated[0] == target_for(page.selected_finding())  # type: ignore[arg-type]


def test_filters_by_band_category_and_text(qtbot: QtBot, demo_state: AppState) -> None:
    page = open_page(qtbot, demo_state)
    assert demo_state.result is not None
    bands = {a.account_id: a.band for a in demo_state.result.assessment.accounts}
    assert bands["alibaba-main"] == Band.HIGH

    page.band_filter.setCurrentIndex(page.band_filter.findData("critical"))
    shown = visible_tree(page)
    assert "alibaba-main" not in shown
    assert set(shown) == {a for a, band in bands.items() if band == Band.CRITICAL}

    page.band_filter.setCurrentIndex(0)
    page.category_filter.setCurrentIndex(page.category_filter.findData("conduct"))
    shown = visible_tree(page)
    assert set(shown) == {"aliexpress-store"}
    assert {category for rows in shown.values() for category, _r, _s in rows} == {"conduct"}

    page.category_filter.setCurrentIndex(0)
    qtbot.keyClicks(page.search, "mastercard")
    assert visible_tree(page) == {"1688-shop": {("payment", "PAY-CARD-EXPIRED", "card:mc-old")}}


def test_the_change_since_the_previous_check(qtbot: QtBot, demo_state: AppState) -> None:
    page = open_page(qtbot, demo_state)
    assert "every finding counts as new" in page.changes.summary.text()
    demo_state.run_health_check()
    assert page.changes.summary.text().startswith("0 new · 0 resolved · ")
    # A card is replaced: its findings are resolved, and listed with the old messages.
    doc = editing.item_document(demo_state.profile, "cards", "mc-old")
    doc["expires"] = "2029-10"
    demo_state.apply(lambda ws: editing.put_item(ws, "cards", doc, replacing="mc-old"))
    assert "1 resolved" in page.changes.summary.text()
    lists = page.changes.resolved
    resolved = [lists.item(i).text() for i in range(lists.count())]
    assert len(resolved) == 1
    assert resolved[0].startswith("1688 仕入れ用: Old Mastercard ending in 5100 expired")


def open_recovery(qtbot: QtBot, page: FindingsPage) -> RecoveryPanel:
    page.show_target(Target(Page.FINDINGS, "aliexpress-store"))
    item = page.tree.currentItem()
    assert item is not None and item.data(0, KEY_ROLE) == "aliexpress-store"
    panel = page.recovery_panels["aliexpress-store"]
    assert panel.isVisible()
    return panel


def test_recovery_mode_is_offered_for_the_restricted_account_only(
    qtbot: QtBot, demo_state: AppState
) -> None:
    page = open_page(qtbot, demo_state)
    assert set(page.recovery_panels) == {"aliexpress-store"}
    top = page._find_item("account", "alibaba-main")
    assert top is not None
    click_item(qtbot, page, top)
    assert not page.recovery_panels["aliexpress-store"].isVisible()
    assert page.a_hint.isVisible()

    page.band_filter.setCurrentIndex(page.band_filter.findData("low"))  # hides every account
    panel = open_recovery(qtbot, page)
    assert page.band_filter.currentIndex() == 0  # the filter made way for the target
    assert "Recovery mode: AliExpress store is restricted" in panel.banner.text()
    assert next(c.text() for c in panel.steps.values()).startswith("1. Read the notice")


def test_checklist_and_appeal_fields_survive_a_restart(
    qtbot: QtBot, demo_state: AppState, demo_workspace: Workspace
) -> None:
    page = open_page(qtbot, demo_state)
    panel = open_recovery(qtbot, page)
    tick(qtbot, panel.steps["read-notice"])
    tick(qtbot, panel.steps["gather-evidence"])
    assert panel.tabs.tabText(0) == "Steps (2/5)"
    panel.tabs.setCurrentIndex(2)
    qtbot.keyClicks(panel.reason_edit, "Trademark complaint")
    # Typing is kept when the user moves on, without pressing anything.
    qtbot.keyClicks(panel.explanation_edit, "We removed the listing.")
    other = page._find_item("account", "alibaba-main")
    assert other is not None
    click_item(qtbot, page, other)
    assert not panel.isVisible()

    again = open_page(qtbot, restarted(demo_workspace))
    restored = open_recovery(qtbot, again)
    ticked = {step for step, check in restored.steps.items() if check.isChecked()}
    assert ticked == {"read-notice", "gather-evidence"}
    assert restored.reason_edit.toPlainText() == "Trademark complaint"
    assert restored.explanation_edit.toPlainText() == "We removed the listing."
    assert "Trademark complaint" in restored.draft_edit.toPlainText()  # the letter follows


def test_support_contacts_come_from_the_shipped_file_and_the_users_edit_stays(
    qtbot: QtBot, demo_state: AppState, demo_workspace: Workspace
) -> None:
    page = open_page(qtbot, demo_state)
    panel = open_recovery(qtbot, page)
    panel.tabs.setCurrentIndex(1)
    assert "AliExpress customer service" in panel.contact_view.text()
    assert "https://www.aliexpress.com/" in panel.contact_view.text()
    assert not panel.contact_reset_button.isVisible()

    qtbot.mouseClick(panel.contact_edit_button, Qt.MouseButton.LeftButton)
    email = panel.contact_fields["email"]
    assert email.isVisible()
    qtbot.keyClicks(email, "seller-desk@example.com")
    qtbot.mouseClick(panel.contact_save_button, Qt.MouseButton.LeftButton)
    assert "seller-desk@example.com" in panel.contact_view.text()
    assert panel.contact_reset_button.isVisible()

    again = open_page(qtbot, restarted(demo_workspace))
    restored = open_recovery(qtbot, again)
    restored.tabs.setCurrentIndex(1)
    assert "seller-desk@example.com" in restored.contact_view.text()
    assert restored.contact_source.text() == "Your own entry for AliExpress."

    qtbot.mouseClick(restored.contact_reset_button, Qt.MouseButton.LeftButton)
    assert "seller-desk@example.com" not in restored.contact_view.text()


def test_a_frozen_account_gets_recovery_help_too(qtbot: QtBot, demo_state: AppState) -> None:
    doc = editing.item_document(demo_state.profile, "accounts", "1688-shop")
    doc["status"] = "frozen"
    demo_state.apply(lambda ws: editing.put_item(ws, "accounts", doc, replacing="1688-shop"))
    page = open_page(qtbot, demo_state)
    assert set(page.recovery_panels) == {"aliexpress-store", "1688-shop"}
    page.show_target(Target(Page.FINDINGS, "1688-shop"))
    panel = page.recovery_panels["1688-shop"]
    assert panel.isVisible() and "is frozen" in panel.banner.text()
    panel.tabs.setCurrentIndex(1)
    assert "alibabajapan.inqurity@alibaba-inc.jp" in panel.contact_view.text()


def test_an_empty_profile_shows_an_empty_page(qtbot: QtBot, state: AppState) -> None:
    page = open_page(qtbot, state)
    assert page.tree.topLevelItemCount() == 0
    assert page.recovery_panels == {}
    assert page.detail.currentIndex() == 0
    page.show_target(Target(Page.FINDINGS, "nobody"))
    assert page.tree.currentItem() is None


def test_with_no_account_the_page_says_what_to_do_first(qtbot: QtBot, state: AppState) -> None:
    navigated: list[Target] = []
    page = open_page(qtbot, state, navigated)
    assert page.empty.isVisible() and not page.tree.isVisible()
    qtbot.mouseClick(page.empty_add, Qt.MouseButton.LeftButton)
    assert navigated == [Target(Page.ACCOUNTS)]
    shop = {"id": "shop", "login_id": "sakura"}
    state.apply(lambda ws: editing.put_item(ws, "accounts", shop, replacing=None))
    qtbot.waitUntil(page.tree.isVisible)
    assert not page.empty.isVisible()
