"""The History page: recorded runs newest first, a line per account, runs shown as recorded."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QPainter
from PySide6.QtWidgets import QFileDialog
from pytestqt.qtbot import QtBot

from accountwatch.i18n import format_date
from accountwatch.services import checks, editing
from accountwatch.services.history import ScorePoint
from accountwatch.ui.navigation import Page, Target
from accountwatch.ui.pages.history import HistoryPage
from accountwatch.ui.state import AppState

DAY = dt.date(2026, 11, 29)
DAYS = [DAY - dt.timedelta(days=14), DAY - dt.timedelta(days=7), DAY]


def record(state: AppState, day: dt.date) -> checks.CheckResult:
    moment = dt.datetime.combine(day, dt.time(10), tzinfo=dt.UTC)
    return checks.run_check(state.ws, day, record=True, now=moment)


def make_page(qtbot: QtBot, state: AppState) -> HistoryPage:
    page = HistoryPage(state, lambda _target: None)
    qtbot.addWidget(page)
    page.resize(1000, 760)
    page.show()
    return page


def column(page: HistoryPage, number: int) -> list[str]:
    model = page.table.model()
    return [model.index(row, number).data() for row in range(model.rowCount())]


def test_runs_are_listed_newest_first_and_each_account_gets_a_line(
    qtbot: QtBot, demo_state: AppState
) -> None:
    results = [record(demo_state, DAYS[0])]
    # Two-step verification turned on: the store's line moves.
    doc = editing.item_document(demo_state.ws.repo.load_profile(), "accounts", "aliexpress-store")
    doc["two_factor"] = {"method": "security_key", "backup_codes_saved": True}
    editing.put_item(demo_state.ws, "accounts", doc, replacing="aliexpress-store")
    results += [record(demo_state, day) for day in DAYS[1:]]
    demo_state.reload()

    page = make_page(qtbot, demo_state)

    assert page.title() == "History"
    assert column(page, 0) == [format_date(d) for d in reversed(DAYS)]
    local = dt.datetime(2026, 11, 29, 10, tzinfo=dt.UTC).astimezone()
    assert column(page, 1)[0] == f"{format_date(local.date())} {local:%H:%M}"
    newest = results[-1].assessment
    assert column(page, 3)[0] == str(newest.score)
    assert column(page, 4)[0] == "Critical risk"
    open_count = sum(not f.acknowledged for f in newest.findings)
    assert column(page, 2)[0] == str(open_count)

    series = page.chart.series()
    assert list(series) == ["alibaba-main", "1688-shop", "aliexpress-store"]
    for account_id, line in series.items():
        assert line == [
            (day, next(a.score for a in r.assessment.accounts if a.account_id == account_id))
            for day, r in zip(DAYS, results, strict=True)
        ]
    assert series["aliexpress-store"][1][1] < series["aliexpress-store"][0][1]
    assert list(page.chart.labels().values()) == [
        "Alibaba.com main",
        "1688 仕入れ用",
        "AliExpress store",
    ]
    page.grab()  # paints without a Qt warning


def test_a_new_run_appears_when_the_state_changes(qtbot: QtBot, demo_state: AppState) -> None:
    page = make_page(qtbot, demo_state)
    assert column(page, 0) == []
    assert page.chart.series() == {}
    page.grab()  # the empty chart paints its hint

    demo_state.run_health_check()

    assert column(page, 0) == [format_date(DAY)]
    assert set(page.chart.series()) == {"alibaba-main", "1688-shop", "aliexpress-store"}


def test_opening_a_run_shows_its_findings_as_recorded_after_the_profile_changed(
    qtbot: QtBot, demo_state: AppState, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    recorded = record(demo_state, DAY)
    overdue = next(f for f in recorded.assessment.findings if f.rule == "PAY-OVERDUE")
    demo_state.reload()
    page = make_page(qtbot, demo_state)
    demo_state.apply(lambda ws: editing.mark_paid(ws, "1688-service", DAY))
    assert demo_state.result is not None
    assert overdue.message not in {f.message for f in demo_state.result.assessment.findings}

    page.table.setFocus()
    page.table.selectRow(0)
    qtbot.keyClick(page.table, Qt.Key.Key_Return)

    dialog = page.dialog
    assert dialog is not None and dialog.isVisible()
    assert dialog.windowTitle() == "Health check of Nov 29, 2026"
    shown = dialog.messages()
    assert overdue.message in shown
    assert shown == [f.message for f in recorded.assessment.findings]
    acknowledged = [
        dialog.tree.topLevelItem(1).child(j).text(2)  # type: ignore[union-attr]
        for j in range(dialog.tree.topLevelItem(1).childCount())  # type: ignore[union-attr]
    ]
    assert "Acknowledged" in acknowledged

    # Selecting a finding explains it.
    item = dialog.tree.topLevelItem(0).child(0)  # type: ignore[union-attr]
    dialog.tree.setCurrentItem(item)
    assert "What to do:" in dialog.details.toPlainText()
    # An acknowledged one says why, as it was at the time.
    second = dialog.tree.topLevelItem(1)
    assert second is not None
    row = acknowledged.index("Acknowledged")
    dialog.tree.setCurrentItem(second.child(row))
    assert (
        "Acknowledged at the time of this check: 1688 offers SMS verification only"
        " (until May 28, 2027)"
    ) in dialog.details.toPlainText()

    # Export… writes that run's report, not today's.
    target = tmp_path / "run.html"
    monkeypatch.setattr(
        QFileDialog,
        "getSaveFileName",
        staticmethod(lambda *_args: (str(target), "Web page (*.html *.htm)")),
    )
    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    assert "is 6 days overdue" in target.read_text("utf-8")


def test_open_button_and_double_click_open_the_selected_run(
    qtbot: QtBot, demo_state: AppState
) -> None:
    for day in DAYS:
        record(demo_state, day)
    demo_state.reload()
    page = make_page(qtbot, demo_state)
    assert not page.open_button.isEnabled()

    page.table.selectRow(2)
    assert page.open_button.isEnabled()
    qtbot.mouseClick(page.open_button, Qt.MouseButton.LeftButton)
    assert page.dialog is not None
    assert page.dialog.run.evaluated_on == DAYS[0]

    page.dialog.close()  # it is window-modal: the page takes no clicks while it is open
    rect = page.table.visualRect(page.table.model().index(1, 0))
    # A real double-click is a press, a release, then the double-click event.
    qtbot.mouseClick(page.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(page.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert page.dialog.run.evaluated_on == DAYS[1]

    page.dialog.close()
    run_id = demo_state.runs[0].id
    page.show_target(Target(Page.HISTORY, str(run_id)))
    assert page.dialog.run.id == run_id


def test_an_edit_that_records_no_run_leaves_the_chart_as_drawn(
    qtbot: QtBot, demo_state: AppState
) -> None:
    demo_state.run_health_check()
    page = make_page(qtbot, demo_state)
    series = page.chart.series()
    drawn: list[int] = []
    set_series = page.chart.set_series

    def counted(points: list[ScorePoint], labels: dict[str, str]) -> None:
        drawn.append(len(points))
        set_series(points, labels)

    page.chart.set_series = counted  # type: ignore[method-assign]

    # The chart of a large profile takes tens of milliseconds to draw: not again for nothing.
    demo_state.apply(lambda ws: editing.mark_paid(ws, "1688-service", DAY))
    assert drawn == [] and page.chart.series() == series

    demo_state.run_health_check()  # a new run: a new point on each line
    assert drawn == [2]
    assert all(len(line) == 2 for line in page.chart.series().values())


def test_the_chart_is_drawn_once_and_copied_until_it_changes(
    qtbot: QtBot, demo_state: AppState
) -> None:
    demo_state.run_health_check()
    page = make_page(qtbot, demo_state)
    page.chart.grab()
    drawn: list[bool] = []
    draw = page.chart._draw

    def counted(painter: QPainter) -> None:
        drawn.append(True)
        draw(painter)

    page.chart._draw = counted  # type: ignore[method-assign]
    page.chart.grab()
    page.chart.grab()  # painted again with nothing new: the drawing is copied
    assert drawn == []
    page.chart.resize(page.chart.width() - 40, page.chart.height())
    page.chart.grab()
    assert drawn == [True]
    demo_state.run_health_check()
    page.chart.grab()
    assert len(drawn) == 2 and all(len(line) == 2 for line in page.chart.series().values())


def test_a_chart_of_many_accounts_draws_the_riskiest_and_says_how_many_more(
    qtbot: QtBot,
) -> None:
    from accountwatch.ui.widgets.history_chart import MOST_LINES, HistoryChart

    chart = HistoryChart()
    qtbot.addWidget(chart)
    days = [dt.date(2026, 11, 2), dt.date(2026, 11, 9)]
    # 40 accounts; account i ends at score (i * 7) % 100: distinct enough, with ties.
    ids = [f"acct-{i}" for i in range(40)]
    points: list[ScorePoint] = [
        (days[0], dict.fromkeys(ids, 10)),
        (days[1], {a: (i * 7) % 100 for i, a in enumerate(ids)}),
    ]
    labels = {a: f"Shop {a}" for a in ids}
    chart.set_series(points, labels)
    latest = {a: (i * 7) % 100 for i, a in enumerate(ids)}
    riskiest = sorted(ids, key=lambda a: (-latest[a], ids.index(a)))[:MOST_LINES]
    # The dozen with the highest latest scores, in the legend's own order.
    assert list(chart.series()) == [a for a in ids if a in riskiest]
    assert chart.not_drawn() == 40 - MOST_LINES
    # A screen reader still hears every account.
    assert chart.accessibleDescription().count(";") == 39
    chart.resize(700, 320)
    chart.show()
    qtbot.waitExposed(chart)
    chart.grab()  # draws, legend note included, without error
    # A few accounts: every one drawn, nothing said about more.
    few = [(day, {a: s for a, s in scores.items() if a in ids[:3]}) for day, scores in points]
    chart.set_series(few, {a: labels[a] for a in ids[:3]})
    assert list(chart.series()) == ids[:3] and chart.not_drawn() == 0


def test_the_report_cannot_be_exported_before_a_check_is_recorded(
    qtbot: QtBot, state: AppState
) -> None:
    page = make_page(qtbot, state)
    assert not page.export_button.isEnabled()
    assert "record a health check first" in page.export_button.toolTip()

    record(state, DAY)
    state.reload()
    page.refresh()
    assert page.export_button.isEnabled()
    assert "PDF or HTML" in page.export_button.toolTip()
