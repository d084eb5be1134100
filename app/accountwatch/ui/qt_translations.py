"""Qt's own strings (standard buttons, the file dialog) in the app's language."""

from __future__ import annotations

import shiboken6
from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

from accountwatch.i18n import N_, _

# Labels of Qt's own file dialog (used where there is no desktop portal) that qtbase_ja.qm of
# Qt 6 lacks: its catalogue still has Qt 5's "Look in:", not "&Look in:". The app's catalogue
# translates them. (Its file types, "Folder", are missing too but stay English: Qt's narrow Type
# column would cut フォルダー to フ…ー.)
MISSING = {
    ("QFileDialog", "&Look in:"): N_("&Look in:"),
    ("QFileDialog", "Files of &type:"): N_("Files of &type:"),
}


class MissingQtStrings(QTranslator):
    """Translates the few Qt strings Qt's own catalogue misses, through the app's gettext."""

    def translate(
        self,
        context: str,
        source_text: str,
        disambiguation: str | None = None,
        n: int = -1,
    ) -> str | None:
        # None is Qt's null string, "not here" (an empty string would be the translation).
        message = MISSING.get((context, source_text))
        return _(message) if message is not None else None

    def isEmpty(self) -> bool:  # noqa: N802 - Qt's name
        return False


# The translators installed here, removed when another language is installed. (Asking the app
# for its QTranslator children would make each of its children a Python object, its style among
# them: the style's type, with its thirty enums, is 5 ms of every start.)
_installed: list[QTranslator] = []


def install_qt_translations(app: QCoreApplication, language: str) -> None:
    """Qt's catalogue for `language` (qtbase_ja.qm ships with PySide6) and the strings it
    misses; those of an earlier language are removed first, so a later call switches."""
    for old in _installed:
        if shiboken6.isValid(old):  # not one Qt deleted with an earlier application
            app.removeTranslator(old)
            old.deleteLater()
    _installed.clear()
    qtbase = QTranslator(app)
    path = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    if qtbase.load(QLocale(language), "qtbase", "_", path):
        _installed.append(qtbase)
    _installed.append(MissingQtStrings(app))
    for translator in _installed:
        app.installTranslator(translator)
