"""The overview: score, tiles, what to fix first, coming up, the health-check button."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLabel, QPushButton, QWidget
from pytestqt.qtbot import QtBot

from accountwatch import i18n
from accountwatch.core import risk
from accountwatch.core.findings import Band, Category, Finding
from accountwatch.core.profile_io import profile_to_dict
from accountwatch.core.rules import evaluate
from accountwatch.i18n import format_moment
from accountwatch.services import checks, edits, history
from accountwatch.services.checks import top_findings
from accountwatch.services.workspace import Workspace
from accountwatch.ui.app import use_language_font
from accountwatch.ui.common import band_color, band_text
from accountwatch.ui.navigation import Page, Target, target_for
from accountwatch.ui.pages.overview import BAND_EDGE, AccountTile, FixRow, OverviewPage
from accountwatch.ui.state import AppState
from accountwatch.ui.tasks import TaskRunner
from conftest import NOW


def make_page(qtbot: QtBot, state: AppState) -> tuple[OverviewPage, list[Target]]:
    visited: list[Target] = []
    page = OverviewPage(state, visited.append)
    qtbot.addWidget(page)
    page.resize(1100, 900)
    page.show()
    return page, visited


def texts(page: OverviewPage) -> str:
    return "\n".join(label.text() for label in page.findChildren(QLabel) if label.isVisible())


def test_first_run_shows_the_friendly_empty_state(qtbot: QtBot, state: AppState) -> None:
    page, visited = make_page(qtbot, state)
    assert page.empty.isVisible() and not page.content.isVisible()
    qtbot.mouseClick(page.add_button, Qt.MouseButton.LeftButton)
    assert visited == [Target(Page.ACCOUNTS)]


def test_demo_overview_shows_score_tiles_fixes_and_dates(
    qtbot: QtBot, demo_state: AppState
) -> None:
    page, _visited = make_page(qtbot, demo_state)
    assessment = demo_state.result.assessment  # type: ignore[union-attr]
    assert page.gauge.score == assessment.score
    assert "Critical risk" in page.verdict.text()
    tiles = page.findChildren(AccountTile)
    assert sorted(t.label.text() for t in tiles) == sorted(
        ["Alibaba.com main", "1688 仕入れ用", "AliExpress store"]
    )
    shown = texts(page)
    assert "Payment “1688 代行サービス月額” (¥12,000) was due on Nov 23, 2026" in shown
    assert "<b>Dec 4, 2026</b>" in shown  # the Gold Supplier fee, coming up (as days are written)


def test_a_fix_button_opens_the_field_that_fixes_it(qtbot: QtBot, demo_state: AppState) -> None:
    page, visited = make_page(qtbot, demo_state)
    result = demo_state.result
    assert result is not None
    first, _count = result.fix_first[0]
    fix_buttons = [b for b in page.findChildren(QPushButton) if b.text() == "Fix…"]
    qtbot.mouseClick(fix_buttons[0], Qt.MouseButton.LeftButton)
    assert visited[-1].page in set(Page)
    assert first.rule == "CON-ACCOUNT-RESTRICTED"
    assert visited[-1] == Target(Page.FINDINGS, "aliexpress-store")  # recovery help


def test_company_findings_count_once_with_their_accounts(demo_state: AppState) -> None:
    result = demo_state.result
    assert result is not None
    fixes = {f.rule: n for f, n in top_findings(result, limit=100)}
    assert fixes["REG-LICENSE-EXPIRING"] == 3


def test_clicking_a_tile_opens_the_account(qtbot: QtBot, demo_state: AppState) -> None:
    page, visited = make_page(qtbot, demo_state)
    tile = next(t for t in page.findChildren(AccountTile) if t.account_id == "1688-shop")
    qtbot.mouseClick(tile, Qt.MouseButton.LeftButton)
    assert visited == [Target(Page.ACCOUNTS, "1688-shop")]


def test_run_health_check_records_a_run_and_draws_the_trend(
    qtbot: QtBot, demo_state: AppState
) -> None:
    page, _visited = make_page(qtbot, demo_state)
    assert "No health check recorded yet." in page.last_check.text()
    qtbot.mouseClick(page.run_button, Qt.MouseButton.LeftButton)
    assert len(demo_state.runs) == 1
    assert "Last recorded check:" in page.last_check.text()


def test_many_accounts_show_the_riskiest_tiles_and_a_way_to_the_rest(
    qtbot: QtBot, state: AppState
) -> None:
    from accountwatch.services import editing

    for i in range(12):
        item = {"id": f"shop-{i}", "login_id": f"shop{i}", "shared_with": i % 3}
        state.apply(lambda ws, item=item: editing.put_item(ws, "accounts", item, replacing=None))
    page, visited = make_page(qtbot, state)
    tiles = page.findChildren(AccountTile)
    assert len(tiles) == 9
    more = next(b for b in page.findChildren(QPushButton) if "3 more accounts" in b.text())
    qtbot.mouseClick(more, Qt.MouseButton.LeftButton)
    assert visited == [Target(Page.ACCOUNTS)]


def test_no_first_run_greeting_while_the_profile_loads(
    qtbot: QtBot, demo_workspace: Workspace
) -> None:
    state = AppState(demo_workspace, TaskRunner(synchronous=True), clock=lambda: NOW)
    page, _visited = make_page(qtbot, state)
    assert not page.empty.isVisible() and not page.content.isVisible()
    assert page.loading.isVisible()  # says what is happening rather than a blank page
    state.reload()
    assert page.content.isVisible() and not page.empty.isVisible()
    assert not page.loading.isVisible()


def test_a_new_result_reuses_the_tiles_and_rows_with_its_own_texts(
    qtbot: QtBot, demo_state: AppState
) -> None:
    """Widgets are made once: a refresh sets their texts, hides what is no longer needed."""
    page, visited = make_page(qtbot, demo_state)
    tiles = page.findChildren(AccountTile)
    rows = page.findChildren(FixRow)
    assert len(tiles) == 3 and rows
    demo_state.apply(lambda ws: edits.apply(ws, edits.RemoveItem("accounts", "aliexpress-store")))
    assert page.findChildren(AccountTile) == tiles and page.findChildren(FixRow) == rows
    shown = [t for t in tiles if t.isVisible()]
    assert sorted(t.label.text() for t in shown) == ["1688 仕入れ用", "Alibaba.com main"]
    assert sorted(t.account_id for t in shown) == ["1688-shop", "alibaba-main"]
    # Each row's "Fix…" leads to its own finding's target, as drawn now.
    result = demo_state.result
    assert result is not None
    first, _count = result.fix_first[0]
    assert rows[0].message.text() == first.message
    qtbot.mouseClick(rows[0].button, Qt.MouseButton.LeftButton)
    assert visited[-1] == target_for(first, demo_state.profile)


def test_a_tile_names_its_platform_in_words(qtbot: QtBot) -> None:
    tile = AccountTile("shop")
    qtbot.addWidget(tile)
    tile.set_content("other", "Own web shop", 12, Band.LOW, "")
    assert tile.platform.text() == "Other"
    tile.set_content("aliexpress", "Store", 12, Band.LOW, "")
    assert tile.platform.text() == "AliExpress"


def test_a_tile_shows_its_band_down_its_left_edge_without_a_style_sheet(qtbot: QtBot) -> None:
    # The tile's style sheet never matched (its left edge stayed grey) and polished the tile
    # and its children anew whenever it was set.
    tile = AccountTile("shop")
    qtbot.addWidget(tile)
    tile.resize(300, 150)
    tile.set_content("aliexpress", "Store", 94, Band.CRITICAL, "Store is restricted.")
    tile.show()
    qtbot.waitExposed(tile)
    image = tile.grab().toImage()
    edge = {image.pixelColor(x, 60).name() for x in range(BAND_EDGE)}
    assert edge == {band_color(Band.CRITICAL).name()}
    assert image.pixelColor(BAND_EDGE + 2, 60).name() != band_color(Band.CRITICAL).name()
    tile.set_content("aliexpress", "Store", 12, Band.LOW, "")
    image = tile.grab().toImage()
    assert image.pixelColor(0, 60).name() == band_color(Band.LOW).name()
    styled = [w for w in (tile, *tile.findChildren(QWidget)) if w.styleSheet()]
    assert styled == []


def test_a_tile_given_the_same_content_again_leaves_its_texts_alone(qtbot: QtBot) -> None:
    # A result after a progress save or an edit elsewhere shows the same nine tiles: their
    # rich texts set again were laid out again (a millisecond a tile, on every change).
    tile = AccountTile("shop")
    qtbot.addWidget(tile)
    tile.set_content("aliexpress", "Store", 94, Band.CRITICAL, "Store is restricted.")
    tile.label.setText("untouched")
    tile.set_content("aliexpress", "Store", 94, Band.CRITICAL, "Store is restricted.")
    assert tile.label.text() == "untouched"
    tile.set_content("aliexpress", "Store", 93, Band.CRITICAL, "Store is restricted.")
    assert tile.label.text() == "Store" and "93" in tile.score.text()


def test_the_last_recorded_check_is_on_screen_first(
    qtbot: QtBot, demo_workspace: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    recorded = checks.run_check(demo_workspace, NOW.date(), record=True, now=NOW)
    assessed: list[object] = []

    def spy(*args: Any, **kwargs: Any) -> list[Finding]:
        assessed.append(args)
        return evaluate(*args, **kwargs)

    monkeypatch.setattr(risk, "evaluate", spy)

    # Nothing changed since it was recorded today: it is the result, and nothing is assessed.
    state = AppState(demo_workspace, TaskRunner(synchronous=True), clock=lambda: NOW)
    page, _visited = make_page(qtbot, state)
    state.reload()
    assert state.result is not None and state.idle
    assert state.result.assessment == recorded.assessment and assessed == []
    assert page.gauge.isVisible() and not page.as_of.isVisible()

    # Changed since: the recorded score shows, marked, until the fresh result replaces it;
    # the recorded findings are not read to be shown meanwhile (the fresh ones come sooner).
    card = profile_to_dict(state.profile)["cards"][0]
    edits.apply(demo_workspace, edits.PutItem("cards", {**card, "label": "Renewed"}, card["id"]))
    later = AppState(demo_workspace, TaskRunner(synchronous=True), clock=lambda: NOW)
    page, _visited = make_page(qtbot, later)
    marked: list[tuple[int | None, bool, str]] = []
    later.recalled.connect(
        lambda: marked.append((page.gauge.score, page.as_of.isVisible(), page.as_of.text()))
    )
    shown: list[object] = []
    later.changed.connect(lambda: shown.append(later.result))

    def read_whole(*_args: object) -> None:
        raise AssertionError("the out-of-date check was read whole to be shown")

    monkeypatch.setattr(checks, "last_recorded", read_whole)
    later.reload()
    assert marked == [
        (
            recorded.assessment.score,
            True,
            f"Shown as recorded on {format_moment(NOW)}; checking your profile again…",
        )
    ]
    assert len(shown) == 1 and later.result is shown[0] and later.result.recorded_at is None
    assert not page.as_of.isVisible() and len(assessed) == 1


def test_the_recorded_score_shows_before_the_profile_is_read(
    qtbot: QtBot, demo_workspace: Workspace
) -> None:
    """The history's newest run is drawn first, marked as recorded with its date; the tiles and
    what acts on the profile wait for it; then the fresh result replaces the mark."""
    profile = checks.run_check(demo_workspace, NOW.date(), record=True, now=NOW).profile
    recorded = history.runs(demo_workspace)[0]
    card = profile_to_dict(profile)["cards"][0]
    edits.apply(demo_workspace, edits.PutItem("cards", {**card, "label": "Renewed"}, card["id"]))
    state = AppState(demo_workspace, TaskRunner(synchronous=True), clock=lambda: NOW)
    page, _visited = make_page(qtbot, state)
    at_recall: dict[str, object] = {}

    def look() -> None:
        at_recall.update(
            result=state.result,
            profile_accounts=len(state.profile.accounts),
            score=page.gauge.score,
            verdict=page.verdict.text(),
            as_of=(page.as_of.isVisible(), page.as_of.text()),
            waiting=page.details_loading.isVisible() and not page.details.isVisible(),
            loading=page.loading.isVisible(),
            buttons=[b.isEnabled() for b in (page.run_button, page.why_button)],
        )

    state.recalled.connect(look)
    state.reload()
    assert at_recall["result"] is None and at_recall["profile_accounts"] == 0  # not read yet
    assert at_recall["score"] == recorded.score
    assert at_recall["verdict"] == f"Overall freeze risk: {band_text(Band(recorded.band))}"
    assert at_recall["as_of"] == (
        True,
        f"Shown as recorded on {format_moment(NOW)}; checking your profile again…",
    )
    assert at_recall["waiting"] is True and at_recall["loading"] is False
    assert at_recall["buttons"] == [False, False]
    # Then the profile, the recorded findings and the fresh assessment: no mark, all enabled.
    assert state.result is not None and state.result.recorded_at is None
    assert not page.as_of.isVisible() and page.details.isVisible()
    assert not page.details_loading.isVisible() and page.run_button.isEnabled()
    # The tiles, what to fix and what is coming up, made for the first time, follow on the
    # next turn of the event loop (one row of tiles: the columns come with it).
    assert not page.tiles_box.isVisible() and not page.columns.isVisible()
    qtbot.waitUntil(page.columns.isVisible)
    assert page.tiles_box.isVisible() and len(page.findChildren(AccountTile)) == 3
    first, _count = state.result.fix_first[0]
    assert first.message in texts(page)


def test_nothing_recorded_yet_goes_straight_to_the_assessment(
    qtbot: QtBot, demo_workspace: Workspace
) -> None:
    state = AppState(demo_workspace, TaskRunner(synchronous=True), clock=lambda: NOW)
    page, _visited = make_page(qtbot, state)
    recalled: list[bool] = []
    state.recalled.connect(lambda: recalled.append(True))
    state.reload()
    assert recalled == [] and state.result is not None and state.idle
    assert page.gauge.score == state.result.assessment.score and not page.as_of.isVisible()


def test_the_last_check_is_dated_in_the_languages_words(qtbot: QtBot, demo_state: AppState) -> None:
    from accountwatch import i18n

    i18n.set_language("ja")
    try:
        page, _visited = make_page(qtbot, demo_state)
        qtbot.mouseClick(page.run_button, Qt.MouseButton.LeftButton)
        text = page.last_check.text()
    finally:
        i18n.set_language("en")
    # 2026年11月22日(日) 09:00, not 2026-11-22 09:00 inside a Japanese sentence.
    assert "年" in text and "月" in text and "-11-" not in text


def test_more_coming_up_than_the_box_holds_says_how_many_and_leads_to_all(
    qtbot: QtBot, state: AppState
) -> None:
    import datetime as dt

    from accountwatch.services import editing

    errors: list[BaseException] = []
    shop = {"id": "shop", "login_id": "s"}
    state.apply(
        lambda ws: editing.put_item(ws, "accounts", shop, replacing=None), on_error=errors.append
    )
    for i in range(15):
        due = (NOW.date() + dt.timedelta(days=5 + i)).isoformat()
        item = {"id": f"fee-{i}", "account": "shop", "due": due, "description": f"Fee {i}"}
        state.apply(
            lambda ws, item=item: editing.put_item(ws, "payments", item, replacing=None),
            on_error=errors.append,
        )
    assert errors == []
    page, visited = make_page(qtbot, state)
    qtbot.waitUntil(page.more_coming.isVisible)  # the columns are filled a turn after the score
    # Each line says its day once, in bold before what falls due then.
    # The lines at the top of the box, in order, the "more" line under them.
    tops = [label.y() for label in page._coming]
    assert tops == sorted(tops) and tops[-1] < page.more_coming.y()
    assert tops[0] < page.coming_box.height() // 4
    first = page._coming[1].text()  # after the weekly check on Monday 30 November
    assert first == "<b>Dec 4, 2026</b>&nbsp;&nbsp;Fee 0 for shop is due"
    # Fifteen payments and the next weekly check, twelve of them shown.
    assert page.more_coming.text() == "4 more — see all on the Reminders page"
    qtbot.mouseClick(page.more_coming, Qt.MouseButton.LeftButton)
    assert visited == [Target(Page.REMINDERS)]


def test_a_fix_names_its_account_when_its_message_does_not(qtbot: QtBot) -> None:
    row = FixRow()
    qtbot.addWidget(row)
    row.show()
    fee = Finding("PAY-DUE-SOON", Category.PAYMENT, "payment:fee", "shop", 0.2, "Fee is due.")
    row.set_content(fee, 1, "Shop 14")
    assert row.concerns.isVisible() and row.concerns.text() == "Account: Shop 14"
    named = Finding("SEC-NO-2FA", Category.SECURITY, "account", "shop", 0.3, "Shop 14 has no 2FA.")
    row.set_content(named, 1, "Shop 14")
    assert not row.concerns.isVisible()
    row.set_content(fee, 4, "Shop 14")
    assert row.concerns.text() == "Concerns 4 accounts."


def test_coming_up_lines_sit_at_the_top_of_their_box(qtbot: QtBot, demo_state: AppState) -> None:
    page, _visited = make_page(qtbot, demo_state)
    qtbot.waitUntil(lambda: any(label.isVisible() for label in page._coming))
    shown = [label for label in page._coming if label.isVisible()]
    assert page.coming_box.height() > 4 * shown[-1].height() * len(shown)  # room to spare
    assert shown[0].y() < page.coming_box.height() // 4


@pytest.mark.parametrize("accounts", [3, 4])
def test_one_row_of_tiles_comes_with_the_columns_a_second_row_a_turn_before_them(
    qtbot: QtBot, demo_workspace: Workspace, accounts: int
) -> None:
    # Each turn drawn is a layout and a paint: one row of tiles is quickly drawn, so the columns
    # come with it; more tiles are a turn of their own (the window answers in between).
    profile = demo_workspace.repo.load_profile()
    assert len(profile.accounts) == 3
    for extra in range(accounts - 3):
        item = {**profile_to_dict(profile)["accounts"][0], "id": f"extra-{extra}", "label": "More"}
        edits.apply(demo_workspace, edits.PutItem("accounts", item, None))
    state = AppState(demo_workspace, TaskRunner(synchronous=True), clock=lambda: NOW)
    page, _visited = make_page(qtbot, state)
    columns_with_tiles: list[bool] = []
    fill_tiles_later = page._fill_tiles_later

    def tiles_turn() -> None:
        fill_tiles_later()
        columns_with_tiles.append(page.columns.isVisible())

    page._fill_tiles_later = tiles_turn  # type: ignore[method-assign]
    state.reload()
    qtbot.waitUntil(page.columns.isVisible)
    assert len([t for t in page.findChildren(AccountTile) if t.isVisible()]) == accounts
    assert columns_with_tiles == [accounts <= 3]


def test_the_tiles_of_a_row_are_equally_wide_whatever_their_text(
    qtbot: QtBot, demo_workspace: Workspace, qapp: QApplication
) -> None:
    # A long Japanese line has few places to wrap at: its tile took a wider column than the
    # others (in the app's Japanese font).
    font = qapp.font()
    i18n.set_language("ja")
    use_language_font(qapp)
    try:
        state = AppState(demo_workspace, TaskRunner(synchronous=True), clock=lambda: NOW)
        page, _visited = make_page(qtbot, state)
        page.resize(900, 900)  # the page's share of an 1100-pixel window
        state.reload()
        qtbot.waitUntil(page.columns.isVisible)
        tiles = [t for t in page.findChildren(AccountTile) if t.isVisible()]
        assert len(tiles) == 3
        tiles[1].set_content(
            "1688",
            "1688 仕入れ用",
            95,
            Band.CRITICAL,
            "支払い「1688 代行サービス月額」（¥12,000）は支払期日の2026年11月27日(金)を"
            "6日過ぎており、未払いです。",
        )
        page.tiles.activate()
        widths = [t.width() for t in tiles]
        assert max(widths) - min(widths) <= 1, widths
    finally:
        qapp.setFont(font)
        i18n.set_language("en")
