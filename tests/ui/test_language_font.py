"""One font family per language in the app, and no synthetic italics on Japanese."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtGui import QFontInfo
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from accountwatch import i18n
from accountwatch.core.weekly import Question
from accountwatch.ui.app import use_language_font
from accountwatch.ui.common import emphasis_html
from accountwatch.ui.wizard.base import why_label


@pytest.fixture
def app_font(qapp: QApplication) -> Iterator[QApplication]:
    before = qapp.font()
    yield qapp
    qapp.setFont(before)
    i18n.set_language("en")


def test_japanese_sets_the_whole_app_in_noto_sans_cjk_jp(
    qtbot: QtBot, app_font: QApplication
) -> None:
    i18n.set_language("ja")
    use_language_font(app_font)

    label = why_label(Question.COMPANY)
    qtbot.addWidget(label)
    # The family really resolves (fonts-noto-cjk), so Latin digits are drawn by it as well.
    assert QFontInfo(label.font()).family() == "Noto Sans CJK JP"
    assert not label.font().italic()
    assert emphasis_html("注記") == "注記"


def test_english_keeps_the_platform_font_and_its_italics(
    qtbot: QtBot, app_font: QApplication
) -> None:
    before = app_font.font().family()
    i18n.set_language("en")
    use_language_font(app_font)

    label = why_label(Question.COMPANY)
    qtbot.addWidget(label)
    assert app_font.font().family() == before
    assert label.font().italic()
    assert emphasis_html("note") == "<i>note</i>"
