"""The app in Japanese: chosen at start; a change in Settings applies on the next start."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QPushButton
from pytestqt.qtbot import QtBot

from accountwatch import i18n
from accountwatch.ui.main_window import MainWindow
from accountwatch.ui.navigation import Page, Target
from accountwatch.ui.state import AppState


@pytest.fixture
def japanese() -> Iterator[None]:
    i18n.set_language("ja")
    yield
    i18n.set_language("en")


def visible_texts(widget: object) -> str:
    from PySide6.QtWidgets import QWidget

    assert isinstance(widget, QWidget)
    labels = [w.text() for w in widget.findChildren(QLabel) if w.isVisible()]
    buttons = [w.text() for w in widget.findChildren(QPushButton) if w.isVisible()]
    return "\n".join(labels + buttons)


def test_main_pages_speak_japanese(qtbot: QtBot, japanese: None, demo_state: AppState) -> None:
    demo_state.reload()  # findings in Japanese: they are made in the current language
    window = MainWindow(demo_state)
    qtbot.addWidget(window)
    window.show()
    titles = [window.nav.item(i).text() for i in range(window.nav.count())]
    assert titles[:5] == ["概要", "アカウント", "会社", "カード", "支払い"]
    overview = visible_texts(window.page(Page.OVERVIEW))
    assert "重大リスク" in overview
    assert "ヘルスチェック" in overview
    assert "2026年11月23日" in overview  # the overdue 1688 fee, dated the Japanese way
    for page in (Page.ACCOUNTS, Page.CARDS, Page.PAYMENTS, Page.SETTINGS):
        window.go_to(Target(page))
        text = visible_texts(window.page(page))
        assert any("\u3040" <= ch <= "\u30ff" for ch in text), page  # kana on every page


def test_the_language_setting_is_kept_for_the_next_start(
    qtbot: QtBot, demo_state: AppState
) -> None:
    from accountwatch.services import editing
    from accountwatch.services.preferences import stored_language

    settings = editing.section_document(demo_state.profile, "settings")
    demo_state.apply(lambda ws: editing.put_section(ws, "settings", {**settings, "language": "ja"}))
    assert stored_language(demo_state.ws.data_dir) == "ja"
    assert i18n.choose_language(None, stored_language(demo_state.ws.data_dir)) == "ja"


# -- dates, lists and words as Japanese writes them (the visual audit of the Japanese UI) ------


def cells(model: object, column: int) -> list[str]:
    from PySide6.QtCore import QAbstractItemModel

    assert isinstance(model, QAbstractItemModel)
    return [str(model.index(row, column).data()) for row in range(model.rowCount())]


def test_cards_write_months_days_and_lists_the_japanese_way_and_sort_by_date(
    qtbot: QtBot, japanese: None, demo_state: AppState
) -> None:

    from accountwatch.ui.pages.cards import CardsPage

    page = CardsPage(demo_state, lambda _t: None)
    qtbot.addWidget(page)
    page.show()
    model = page.table.model()
    ids = cells(model, 0)
    rows = {
        str(model.index(r, 0).data(Qt.ItemDataRole.UserRole)): [
            str(model.index(r, c).data()) for c in range(model.columnCount())
        ]
        for r in range(model.rowCount())
    }
    assert ids
    assert rows["mc-old"][3:5] == ["2026年10月", "2026年10月31日(土)"]
    assert "、" in rows["visa-main"][5] and ", " not in rows["visa-main"][5]
    # Sorted by the day, not by the text: 2026年9月 would come after 2026年10月 as text.
    page.table.sortByColumn(4, Qt.SortOrder.AscendingOrder)
    qtbot.waitUntil(lambda: cells(model, 4) != [], timeout=5000)
    by_id = {card.id: card.valid_through for card in demo_state.profile.cards}
    shown = [str(model.index(r, 0).data(Qt.ItemDataRole.UserRole)) for r in range(len(ids))]
    assert [by_id[i] for i in shown] == sorted(by_id.values())


def test_payments_and_their_instalments_are_dated_the_japanese_way(
    qtbot: QtBot, japanese: None, demo_state: AppState
) -> None:
    import datetime as dt

    from accountwatch.ui.pages.payments import PaymentsPage, due_text

    page = PaymentsPage(demo_state, lambda _t: None)
    qtbot.addWidget(page)
    page.show()
    dues = cells(page.table.model(), 0)
    assert "2026年11月23日(月)" in dues
    assert not any("2026-" in due for due in dues)
    paid = due_text(dt.date(2026, 11, 23), dt.date(2026, 11, 25))
    assert paid.count("2026年11月") == 2 and "-" not in paid
    page._show_history(None, [])  # the table of paid instalments, filled as a selection does
    page.table.selectRow(0)
    chosen = page.table.model().index(0, 0).data(Qt.ItemDataRole.UserRole)
    page._show_history(chosen, [(dt.date(2026, 10, 23), dt.date(2026, 10, 20))])
    assert page.history.item(0, 0).text() == "2026年10月23日(金)"
    assert page.history.item(0, 1).text() == "2026年10月20日(火)"


def test_history_its_run_dialog_and_both_charts_are_dated_the_japanese_way(
    qtbot: QtBot, japanese: None, demo_state: AppState
) -> None:
    import datetime as dt

    from PySide6.QtGui import QPainter

    from accountwatch.services import checks, history
    from accountwatch.ui.pages.history import HistoryPage, RunDialog
    from accountwatch.ui.widgets.trend import TrendChart

    for day in (dt.date(2026, 10, 4), dt.date(2026, 11, 29)):
        moment = dt.datetime.combine(day, dt.time(10), tzinfo=dt.UTC)
        checks.run_check(demo_state.ws, day, record=True, now=moment)
    demo_state.reload()
    drawn: list[str] = []
    draw = QPainter.drawText

    def record(painter: QPainter, *args: object) -> None:
        drawn.append(str(args[-1]))
        draw(painter, *args)  # type: ignore[call-overload]

    QPainter.drawText = record  # type: ignore[method-assign]
    try:
        page = HistoryPage(demo_state, lambda _t: None)
        qtbot.addWidget(page)
        page.resize(1000, 760)
        page.show()
        page.grab()
        trend = TrendChart()
        qtbot.addWidget(trend)
        trend.resize(400, 160)
        trend.set_points([(dt.date(2026, 10, 4), 40), (dt.date(2026, 11, 29), 70)])
        trend.grab()
    finally:
        QPainter.drawText = draw  # type: ignore[method-assign]
    assert cells(page.table.model(), 0) == ["2026年11月29日(日)", "2026年10月4日(日)"]
    assert cells(page.table.model(), 1)[0].startswith("2026年11月29日(日) ")
    assert "10月4日" in drawn and "11月29日" in drawn  # the axes, without the year
    assert not [text for text in drawn if "2026-" in text]
    assert "2026年10月4日(日): 40、" in trend.accessibleDescription()
    recorded = history.run(demo_state.ws, demo_state.runs[0].id)
    assert recorded is not None
    dialog = RunDialog(demo_state, recorded)
    qtbot.addWidget(dialog)
    labels = [label.text() for label in dialog.findChildren(QLabel)]
    assert "2026年11月29日(日)" in labels


def test_the_weekly_check_writes_months_lists_and_countries_as_the_pages_do(
    qtbot: QtBot, japanese: None, demo_state: AppState
) -> None:
    from accountwatch.core.weekly import Step
    from accountwatch.ui.widgets.country_input import country_words
    from accountwatch.ui.wizard import WeeklyCheckWizard
    from accountwatch.ui.wizard.company_step import CompanyStep
    from accountwatch.ui.wizard.payments_step import PaymentsStep
    from accountwatch.ui.wizard.wizard import page_id

    wizard = WeeklyCheckWizard(demo_state)
    qtbot.addWidget(wizard)
    wizard.show()
    while wizard.currentId() != page_id(0, Step.COMPANY):
        wizard.next()
    company = wizard.currentPage()
    assert isinstance(company, CompanyStep)
    shown = [label.text() for label in company.findChildren(QLabel) if label.isVisibleTo(company)]
    assert "日本 (JP)" in shown and country_words("JP") == "日本 (JP)"
    assert "JP" not in shown
    while wizard.currentId() != page_id(0, Step.PAYMENTS):
        wizard.next()
    payments = wizard.currentPage()
    assert isinstance(payments, PaymentsStep)
    months = [payments.cards.item(row, 1).text() for row in range(payments.cards.rowCount())]
    assert months and all(m.endswith("月") and "-" not in m for m in months)
    assert "; " not in payments.methods.text()


def test_the_coming_up_box_says_the_weekly_checks_day_once(
    qtbot: QtBot, japanese: None, demo_state: AppState
) -> None:
    from accountwatch.ui.pages.overview import OverviewPage

    page = OverviewPage(demo_state, lambda _t: None)
    qtbot.addWidget(page)
    texts = [label.text() for label in page.coming_box.findChildren(QLabel)]
    weekly = [t for t in texts if "週次ヘルスチェック" in t]
    assert weekly == ["<b>2026年11月30日(月)</b>&nbsp;&nbsp;09:00に週次ヘルスチェックがあります。"]


def test_the_score_explanation_calls_acknowledged_findings_what_the_app_does() -> None:
    i18n.set_language("ja")
    try:
        text = i18n.ngettext(
            "{n} acknowledged finding adds no points.",
            "{n} acknowledged findings add no points.",
            1,
        )
        card = i18n._("Card {card} (…{last4}) expires on {date}.")
    finally:
        i18n.set_language("en")
    assert "了承済み" in text and "確認済み" not in text
    # A card's label often ends in カード itself (法人カード（Visa）): not 「カード法人カード…」.
    assert not card.startswith("カード{card}")


def mnemonics(top: object) -> dict[str, list[str]]:
    """The Alt+letter of each visible label, button and group box under `top`, by letter."""
    import re

    from PySide6.QtWidgets import QAbstractButton, QGroupBox, QWidget

    assert isinstance(top, QWidget)
    found: dict[str, list[str]] = {}
    for widget in top.findChildren(QWidget):
        if not widget.isVisibleTo(top):
            continue
        if isinstance(widget, (QLabel, QAbstractButton)):
            text = widget.text()
        elif isinstance(widget, QGroupBox):
            text = widget.title()
        else:
            continue
        letter = re.search(r"&([^&\s])", text.replace("&&", ""))
        if letter:
            found.setdefault(letter[1].casefold(), []).append(text)
    return found


@pytest.mark.parametrize("language", ["en", "ja"])
def test_no_two_controls_of_settings_or_a_dialog_share_an_alt_key(
    qtbot: QtBot, demo_state: AppState, language: str
) -> None:
    from test_one_control import dialogs

    from accountwatch.ui.pages.settings import SettingsPage

    i18n.set_language(language)
    try:
        page = SettingsPage(demo_state, lambda _t: None)
        windows: list[object] = [page, *dialogs(demo_state)]
        twice = []
        for window in windows:
            qtbot.addWidget(window)  # type: ignore[arg-type]
            window.show()  # type: ignore[attr-defined]
            twice += [v for v in mnemonics(window).values() if len(v) > 1]
        assert not twice
        assert page.passwords.max_age.suffix() == ("日" if language == "ja" else " days")
    finally:
        i18n.set_language("en")
