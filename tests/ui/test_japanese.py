"""The app in Japanese: chosen at start; a change in Settings applies on the next start."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
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
