"""The country list: every country by its name in the app's language, written out as babel's
CLDR data gives it, so that showing the list loads no locale data."""

from __future__ import annotations

import pytest
from babel import Locale

from accountwatch.core.profile_io import country_codes
from accountwatch.ui.widgets import country_input
from fresh_python import fresh_python


@pytest.mark.parametrize("language", ["en", "ja"])
def test_the_written_out_names_are_babels(language: str) -> None:
    # On a change of babel's data: `python tools/i18n.py countries`.
    names = Locale.parse(language).territories
    expected = {code: names[code] for code in country_codes() if code in names}
    assert dict(country_input.country_names(language)) == expected


def test_a_language_not_written_out_is_asked_of_babel() -> None:
    assert country_input.country_names("de")["JP"] == "Japan"
    assert country_input.country_names("fr")["DE"] == "Allemagne"


def test_the_list_in_japanese_loads_no_locale_data() -> None:
    code = (
        "import sys\n"
        "from accountwatch import i18n\n"
        "from accountwatch.ui.widgets.country_input import countries, country_words\n"
        "i18n.set_language('ja')\n"
        "listed = dict(countries())\n"
        "print(listed['JP'], country_words('DE'), 'babel' in sys.modules)\n"
    )
    out = fresh_python(code)
    assert out.split() == ["日本", "ドイツ", "(DE)", "False"]
