"""Qt's own dialogs speak the app's language: Qt's catalogue, and the labels it lacks."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import QCoreApplication, QTranslator
from PySide6.QtWidgets import QApplication, QFileDialog, QLabel
from pytestqt.qtbot import QtBot

from accountwatch import i18n
from accountwatch.ui.qt_translations import install_qt_translations


@pytest.fixture
def app(qapp: QApplication) -> Iterator[QApplication]:
    yield qapp
    i18n.set_language("en")
    for translator in qapp.findChildren(QTranslator):
        qapp.removeTranslator(translator)


def _japanese(text: str) -> bool:
    return any("\u3040" <= ch <= "\u9fff" for ch in text)


def test_qt_strings_are_japanese_after_the_switch(app: QApplication) -> None:
    i18n.set_language("ja")
    install_qt_translations(app, "ja")
    assert _japanese(QCoreApplication.translate("QFileDialog", "Look in:"))
    # The file dialog's own labels, which Qt's Japanese catalogue lacks.
    assert QCoreApplication.translate("QFileDialog", "&Look in:") == "場所(&L):"
    assert QCoreApplication.translate("QFileDialog", "Files of &type:") == "ファイルの種類(&T):"

    i18n.set_language("en")
    install_qt_translations(app, "en")  # a later language replaces the earlier one's
    assert QCoreApplication.translate("QFileDialog", "Look in:") == "Look in:"
    assert QCoreApplication.translate("QFileDialog", "&Look in:") == "&Look in:"


def test_qts_file_dialog_has_no_english_label_in_japanese(qtbot: QtBot, app: QApplication) -> None:
    i18n.set_language("ja")
    install_qt_translations(app, "ja")
    dialog = QFileDialog(None, "テスト")
    dialog.setOption(QFileDialog.Option.DontUseNativeDialog)
    qtbot.addWidget(dialog)
    dialog.show()
    labels = [label.text() for label in dialog.findChildren(QLabel) if label.text()]
    assert labels and all(_japanese(text) for text in labels), labels
