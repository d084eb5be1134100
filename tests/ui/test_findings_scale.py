"""The Findings page on a profile too large to draw in one go: built over several turns of the
event loop, an edit rebuilding only the accounts it touched, the search waiting for a pause."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QEvent, QPoint, Qt
from PySide6.QtGui import QHelpEvent
from PySide6.QtWidgets import QApplication, QToolTip, QTreeWidget, QTreeWidgetItem
from pytestqt.qtbot import QtBot
from test_findings import open_page, visible_tree

from accountwatch.core.model import Acknowledgement
from accountwatch.services import editing, profiles
from accountwatch.services.workspace import Workspace
from accountwatch.ui.navigation import Page, Target
from accountwatch.ui.pages.findings import SLICE, FindingsPage, finding_id
from accountwatch.ui.state import AppState
from accountwatch.ui.tasks import TaskRunner
from conftest import NOW, make_state

ACCOUNTS = 200  # some 1,350 findings: several slices, yet quick enough for the suite


def _day(offset: int) -> str:
    return (NOW.date() + dt.timedelta(days=offset)).isoformat()


def _profile() -> dict[str, Any]:
    accounts = [
        {
            "id": f"shop-{i:03d}",
            "platform": ["alibaba.com", "1688", "aliexpress", "other"][i % 4],
            "label": f"Shop {i:03d}",
            "login_id": f"shop{i}",
            "email": f"shop{i}@example.com",
            "two_factor": {"method": "none"},
            "shared_with": 1 + i % 3,
            "logins_reviewed_on": _day(-120),
            "terms_reviewed_on": _day(-400),
            "penalties": [{"date": _day(-30), "points": 3}],
        }
        for i in range(ACCOUNTS)
    ]
    return {
        "format": "accountwatch.profile",
        "version": 1,
        "company": {"name": "Scale Trading", "verified_on": _day(-30)},
        "accounts": accounts,
    }


@pytest.fixture
def large_state(qtbot: object, workspace: Workspace, tmp_path: Path) -> AppState:
    source = tmp_path / "large.json"
    source.write_text(json.dumps(_profile()), "utf-8")
    profiles.import_profile(
        workspace, profiles.read_import(source), replace_all=True, today=NOW.date()
    )
    state = make_state(workspace)
    assert state.result is not None and len(state.result.assessment.findings) > 3 * SLICE
    return state


def fresh_page(qtbot: QtBot, state: AppState) -> FindingsPage:
    """The page shown, before any turn of the event loop: its rows are all still to build."""
    page = FindingsPage(state, [].append)
    qtbot.addWidget(page)
    page.resize(1280, 860)
    page.show()
    assert page.building and page.tree.topLevelItemCount() == 0
    return page


def built(qtbot: QtBot, page: FindingsPage) -> FindingsPage:
    qtbot.waitUntil(lambda: not page.building, timeout=20_000)
    return page


def expected(state: AppState) -> dict[str, set[tuple[str, str, str]]]:
    assert state.result is not None
    return {
        a.account_id: {(str(f.category), f.rule, f.subject) for f in a.findings}
        for a in state.result.assessment.accounts
    }


def tops(page: FindingsPage) -> dict[str, QTreeWidgetItem]:
    items = (page.tree.topLevelItem(i) for i in range(page.tree.topLevelItemCount()))
    return {str(item.data(0, Qt.ItemDataRole.UserRole + 2)): item for item in items if item}


def rename(state: AppState, account_id: str, label: str) -> None:
    doc = editing.item_document(state.profile, "accounts", account_id)
    doc["label"] = label
    state.apply(lambda ws: editing.put_item(ws, "accounts", doc, replacing=account_id))


def test_the_first_rows_are_there_before_the_whole_tree_is_built(
    qtbot: QtBot, large_state: AppState
) -> None:
    # The page itself is drawn first: the build starts on the next turn of the event loop.
    page = fresh_page(qtbot, large_state)
    while page.tree.topLevelItemCount() == 0:
        QApplication.processEvents()  # one turn, one slice
    # Usable at once: the first accounts are drawn, expanded, and can be selected.
    assert page.building
    first = page.tree.topLevelItemCount()
    assert 0 < first < ACCOUNTS
    top = page.tree.topLevelItem(0)
    assert top is not None and top.isExpanded() and top.child(0).isExpanded()  # type: ignore[union-attr]
    page.tree.setCurrentItem(top.child(0).child(0))  # type: ignore[union-attr]
    assert page.detail.currentIndex() == 1  # the finding's why and what to do

    built(qtbot, page)
    assert visible_tree(page) == expected(large_state)
    assert list(tops(page)) == [a.id for a in large_state.profile.accounts]  # their order
    assert all(item.isExpanded() for item in tops(page).values())
    assert page.tree.currentItem() is top.child(0).child(0)  # type: ignore[union-attr]


def test_an_edit_rebuilds_only_the_account_it_touched(qtbot: QtBot, large_state: AppState) -> None:
    page = built(qtbot, open_page(qtbot, large_state))
    before = tops(page)
    finding_before = page._find_item(
        "finding", finding_id(("shop-050", "SEC-2FA-OFF", "account:shop-050"))
    )
    assert finding_before is not None

    rename(large_state, "shop-120", "Kyoto outlet")
    assert not page.building  # one account's rows are a slice's work: drawn at once
    after = tops(page)
    assert list(after) == list(before)
    changed = [account for account in after if after[account] is not before[account]]
    assert changed == ["shop-120"]
    assert after["shop-120"].text(0).startswith("Kyoto outlet · ")
    # The untouched accounts' rows are the very same items, down to their findings.
    assert page._find_item(
        "finding", finding_id(("shop-050", "SEC-2FA-OFF", "account:shop-050"))
    ) is (finding_before)
    assert visible_tree(page) == expected(large_state)


def test_selection_and_folded_groups_survive_the_rebuild_of_their_account(
    qtbot: QtBot, large_state: AppState
) -> None:
    page = built(qtbot, open_page(qtbot, large_state))
    top = tops(page)["shop-077"]
    group, other = top.child(0), top.child(1)
    assert group is not None and other is not None
    folded_key = group.data(0, Qt.ItemDataRole.UserRole + 2)
    group.setExpanded(False)
    selected = other.child(0)
    assert selected is not None
    page.tree.setCurrentItem(selected)
    key = selected.data(0, Qt.ItemDataRole.UserRole + 2)

    rename(large_state, "shop-077", "Osaka outlet")
    new_top = tops(page)["shop-077"]
    assert new_top is not top and new_top.text(0).startswith("Osaka outlet")
    current = page.tree.currentItem()
    assert current is not None and current is not selected
    assert current.data(0, Qt.ItemDataRole.UserRole + 2) == key
    assert page.detail.currentIndex() == 1
    refolded = page._find_item("category", str(folded_key))
    assert refolded is not None and not refolded.isExpanded()
    assert new_top.isExpanded() and new_top.child(1).isExpanded()  # type: ignore[union-attr]


def test_a_change_arriving_mid_build_leaves_exactly_the_latest_result(
    qtbot: QtBot, large_state: AppState
) -> None:
    page = fresh_page(qtbot, large_state)
    QApplication.processEvents()  # a slice built
    # Three changes while the tree is still being built: an account far down renamed, one
    # near the top removed, a finding acknowledged.
    rename(large_state, "shop-180", "Nagoya outlet")
    large_state.apply(lambda ws: editing.remove_account(ws, "shop-002"))
    ack = Acknowledgement("SEC-2FA-OFF", "account:shop-150", "Hardware key ordered")
    large_state.apply(lambda ws: editing.set_acknowledgement(ws, ack))
    assert page.building
    built(qtbot, page)

    assert visible_tree(page) == expected(large_state)
    shown = tops(page)
    assert list(shown) == [a.id for a in large_state.profile.accounts]
    assert page.tree.topLevelItemCount() == ACCOUNTS - 1  # no row left twice or behind
    assert shown["shop-180"].text(0).startswith("Nagoya outlet")
    item = page._find_item("finding", finding_id(("shop-150", "SEC-2FA-OFF", "account:shop-150")))
    assert item is not None and item.text(2) == "acknowledged: Hardware key ordered"


def test_the_search_waits_for_a_pause_in_typing(qtbot: QtBot, large_state: AppState) -> None:
    page = built(qtbot, open_page(qtbot, large_state))
    everything = expected(large_state)
    qtbot.keyClicks(page.search, "shop 12")
    # Nothing filtered while the user may still be typing.
    assert visible_tree(page) == everything
    wanted = {account: rows for account, rows in everything.items() if "-12" in account}
    assert len(wanted) == 10  # shop-120 … shop-129 (by name: their findings do not say it)
    qtbot.waitUntil(lambda: not page.building and visible_tree(page) == wanted)

    # Band and category apply at once (over several turns), as on a small profile.
    page.search.clear()
    page.category_filter.setCurrentIndex(page.category_filter.findData("conduct"))
    built(qtbot, page)
    conduct = {
        account: {row for row in rows if row[0] == "conduct"}
        for account, rows in everything.items()
    }
    assert visible_tree(page) == {account: rows for account, rows in conduct.items() if rows}


def test_a_target_is_shown_once_its_rows_are_built(qtbot: QtBot, large_state: AppState) -> None:
    page = fresh_page(qtbot, large_state)
    page.search.setText("no finding says this")
    page.show_target(Target(Page.FINDINGS, "shop-199"))
    assert page.tree.currentItem() is None  # not yet: its rows are still to build
    built(qtbot, page)
    current = page.tree.currentItem()
    assert current is not None and current is tops(page)["shop-199"]
    assert page.search.text() == ""  # the filter made way for the target
    assert not current.isHidden()


def test_a_findings_tooltip_is_written_when_asked_for(qtbot: QtBot, large_state: AppState) -> None:
    page = built(qtbot, open_page(qtbot, large_state))
    item = page._find_item("finding", finding_id(("shop-000", "SEC-2FA-OFF", "account:shop-000")))
    assert item is not None
    assert item.toolTip(0) == ""  # none stored in thousands of items
    tip = page.tooltip(item, 0)
    assert tip.startswith(item.text(0))
    assert "\n\nWhy it matters: " in tip and "\n\nWhat to do: " in tip
    assert page.tooltip(item, 2) == "Open"

    page.tree.scrollToItem(item)
    rect = page.tree.visualItemRect(item)
    viewport = page.tree.viewport()
    event = QHelpEvent(QEvent.Type.ToolTip, rect.center(), viewport.mapToGlobal(rect.center()))
    QApplication.sendEvent(viewport, event)
    assert QToolTip.text() == tip
    QToolTip.hideText()
    nowhere = QPoint(rect.center().x(), viewport.height() + 50)
    QApplication.sendEvent(viewport, QHelpEvent(QEvent.Type.ToolTip, nowhere, nowhere))


def test_the_long_change_lists_are_filled_when_first_shown(
    qtbot: QtBot, large_state: AppState
) -> None:
    page = built(qtbot, open_page(qtbot, large_state))
    assert large_state.result is not None
    count = len(large_state.result.assessment.findings)
    assert page.changes.summary.text().startswith("No earlier check is recorded")
    assert page.changes.lists.tabText(0) == f"New ({count})"
    assert page.changes.new.count() == 0  # not yet: nobody has opened them
    qtbot.mouseClick(page.changes.toggle, Qt.MouseButton.LeftButton)
    assert page.changes.new.count() == count
    assert page.changes.new.item(0).text().startswith("Shop 000: ")  # type: ignore[union-attr]
    assert page.changes.resolved.item(0).text() == "None"  # type: ignore[union-attr]
    # Lists the user opened are filled again when a change comes, even while hidden.
    page.hide()
    rename(large_state, "shop-000", "Sapporo outlet")
    page.show()
    built(qtbot, page)
    assert page.changes.new.count() == count
    assert page.changes.new.item(0).text().startswith("Sapporo outlet: ")  # type: ignore[union-attr]


def test_rows_with_japanese_text_are_not_cut_on_a_large_profile(
    qtbot: QtBot, large_state: AppState
) -> None:
    rename(large_state, "shop-150", "京都店")
    page = built(qtbot, open_page(qtbot, large_state))
    assert page.tree.uniformRowHeights()  # one height for 1,350 rows (see `_RowHeights`)
    kanji = page._find_item("finding", finding_id(("shop-150", "SEC-2FA-OFF", "account:shop-150")))
    assert kanji is not None and "京都店" in kanji.text(0)
    # The height the same row takes in a tree measuring each row.
    alone = QTreeWidget()
    qtbot.addWidget(alone)
    alone.setColumnCount(3)
    alone.addTopLevelItem(QTreeWidgetItem([kanji.text(0), kanji.text(1), kanji.text(2)]))
    alone.show()
    needed = alone.visualItemRect(alone.topLevelItem(0)).height()
    page.tree.scrollToItem(kanji)
    assert page.tree.visualItemRect(kanji).height() >= needed


def test_idle_work_waits_for_the_slices(qtbot: QtBot, large_state: AppState) -> None:
    # The reminder pass, started between two slices, would make the next ones stall.
    large_state.tasks = TaskRunner()
    page = fresh_page(qtbot, large_state)
    assert large_state.tasks.pending == 1 and not large_state.idle  # the slices to come
    seen: list[bool] = []
    large_state.tasks.when_idle(lambda: seen.append(page.building))
    qtbot.waitUntil(lambda: bool(seen), timeout=20_000)
    assert seen == [False]
    assert large_state.tasks.pending == 0
