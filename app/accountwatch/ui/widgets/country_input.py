"""The one country input of the app: a list of every country by its name in the app's language."""

from __future__ import annotations

import json
from collections.abc import Mapping
from functools import cache

from PySide6.QtWidgets import QComboBox, QWidget

from accountwatch.core import RESOURCES
from accountwatch.core.profile_io import country_codes
from accountwatch.i18n import _, current_language


@cache
def _written_out() -> dict[str, dict[str, str]]:
    """Every country's name in the languages the app ships, as babel's CLDR data gives them,
    written out (`python tools/i18n.py countries`; tests/ui/test_country_input.py keeps them
    equal): the list then loads no locale data, 18 ms and megabytes at its first showing."""
    path = RESOURCES / "countries.json"
    table: dict[str, dict[str, str]] = json.loads(path.read_text("utf-8"))
    return table


def country_names(language: str) -> Mapping[str, str]:
    """Each country's name in `language` by its code (those it has a name for)."""
    written = _written_out().get(language)
    if written is not None:
        return written
    from babel import Locale  # a language the app does not ship

    names: Mapping[str, str] = Locale.parse(language).territories
    return names


def countries() -> list[tuple[str, str]]:
    """(code, name in the app's language) of every country, sorted by name."""
    names = country_names(current_language())
    return sorted(((code, names.get(code, code)) for code in country_codes()), key=lambda x: x[1])


def country_words(code: str, name: str | None = None) -> str:
    """A country as the list shows it: "Japan (JP)"; a code it does not know as itself."""
    if name is None:
        name = country_names(current_language()).get(code) if code else None
    return f"{name} ({code})" if name else code


class CountryInput(QComboBox):
    """A country chosen from the list ("Japan (JP)"); "(not set)" first. A stored code the
    list lacks still shows as itself and is kept."""

    def __init__(self, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName(name)
        # The longest names ("South Georgia & South Sandwich Islands") would set the width of
        # the whole form: the field is sized for a usual name, the open list shows them whole.
        self.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.setMinimumContentsLength(18)
        self.view().setMinimumWidth(self.view().sizeHintForColumn(0))
        self.addItem(_("(not set)"), "")
        for code, country in countries():
            self.addItem(country_words(code, country), code)

    def code(self) -> str:
        return str(self.currentData() or "")

    def set_code(self, code: str) -> None:
        code = code.strip()
        index = self.findData(code)
        if index < 0:  # a code this list lacks still shows, and is kept
            self.addItem(code, code)
            index = self.count() - 1
        self.setCurrentIndex(index)
